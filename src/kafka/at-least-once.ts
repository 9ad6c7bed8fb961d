/** At-least-once delivery: produce, then commit the highest offset whose predecessors are done. */
import type { Logger } from '../observability/log.ts';
import type { Delivery, WorkItem } from './delivery.ts';
import type { KafkaProducer } from './producer.ts';
import { backoffDelay, sleep, type RetryPolicy } from './retry.ts';

export class AtLeastOnceDelivery implements Delivery {
  readonly #producer: KafkaProducer;
  readonly #log: Logger;
  readonly #retry: RetryPolicy;
  readonly #onReleased: (n: number) => void;

  constructor(producer: KafkaProducer, retry: RetryPolicy, log: Logger, onReleased: (n: number) => void) {
    this.#producer = producer;
    this.#retry = retry;
    this.#log = log;
    this.#onReleased = onReleased;
  }

  async deliver(item: WorkItem, signal: AbortSignal): Promise<void> {
    // Kafka being away is retried for as long as it takes: the partition waits, nothing is skipped.
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw new Error('stopping');
      try {
        if (item.outputs.length > 0) await this.#producer.send(...item.outputs);
        return;
      } catch (err) {
        this.#log.warn({ err, attempt }, 'producing outputs failed; retrying');
        await sleep(backoffDelay(this.#retry, attempt), signal);
      }
    }
  }

  release(partition: string, items: WorkItem[]): void {
    const last = items.at(-1);
    this.#onReleased(items.length);
    if (!last) return;
    Promise.resolve(last.msg.commit()).catch((err: unknown) =>
      this.#log.warn({ err, partition }, 'offset commit failed; the work will be redelivered'));
  }

  revoke(): number { return 0; }

  async close(): Promise<void> {
    await this.#producer.flush();
  }
}
