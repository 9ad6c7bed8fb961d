/**
 * Exactly-once delivery through Kafka transactions (consume-transform-produce). Every
 * `intervalMs`, the outputs of the messages released since the last transaction and the offsets
 * after them are committed atomically. A failed transaction is aborted and retried with the same
 * content (aborted records are invisible to read_committed readers); work of partitions this
 * member lost is dropped first, since their new owner redoes it.
 */
import { Producer, ProduceAcks, type Consumer } from '@platformatic/kafka';
import type { Logger } from '../observability/log.ts';
import type { Delivery, WorkItem } from './delivery.ts';
import type { ConnectionOptions } from './options.ts';
import { backoffDelay, sleep, type RetryPolicy } from './retry.ts';
import { isUnknownMember } from './errors.ts';
import { toMessages } from './producer.ts';

export interface ExactlyOnceSettings {
  transactionalId: string;
  compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  intervalMs: number;
  retry: RetryPolicy;
}

export class ExactlyOnceDelivery implements Delivery {
  readonly #conn: ConnectionOptions;
  #producer: Producer<Buffer, Buffer, Buffer, Buffer>;
  readonly #consumer: Consumer<Buffer, Buffer, Buffer, Buffer>;
  readonly #settings: ExactlyOnceSettings;
  readonly #log: Logger;
  readonly #onCommitted: (n: number, outputs: number) => void;
  #pending = new Map<string, WorkItem[]>();
  // Partitions this member owns; undefined until the first assignment (then everything counts).
  #owned: Set<string> | undefined;
  #running: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #rejoinedAt = 0;

  constructor(conn: ConnectionOptions, consumer: Consumer<Buffer, Buffer, Buffer, Buffer>, settings: ExactlyOnceSettings,
    log: Logger, onCommitted: (n: number, outputs: number) => void) {
    this.#conn = conn;
    this.#consumer = consumer;
    this.#settings = settings;
    this.#producer = this.#newProducer();
    this.#log = log;
    this.#onCommitted = onCommitted;
  }

  #newProducer(): Producer<Buffer, Buffer, Buffer, Buffer> {
    return new Producer({ ...this.#conn, transactionalId: this.#settings.transactionalId, idempotent: true,
      acks: ProduceAcks.ALL, compression: this.#settings.compression, autocreateTopics: false });
  }

  /**
   * After a failed transaction the client's producer state cannot be trusted. With
   * @platformatic/kafka 2.12, once a leader died: a transaction whose preparation failed
   * (NOT_COORDINATOR) stayed the active one, so every later begin failed; and the per-partition
   * sequence numbers of a produce that never landed made every later transaction fail with
   * OUT_OF_ORDER_SEQUENCE_NUMBER. A new client with the
   * same transactional id starts from InitProducerId: a new epoch, fresh sequences, and the
   * coordinator aborts whatever the old one left open.
   */
  #resetProducer(): void {
    const old = this.#producer;
    this.#producer = this.#newProducer();
    void old.close(true).catch(() => undefined);
  }

  async deliver(): Promise<void> { /* outputs wait for their transaction */ }

  release(partition: string, items: WorkItem[]): void {
    if (items.length === 0) return;
    const list = this.#pending.get(partition);
    if (list) list.push(...items); else this.#pending.set(partition, items);
    this.#timer ??= setTimeout(() => { this.#timer = undefined; void this.#commitLoop(); }, this.#settings.intervalMs);
  }

  revoke(owned: Set<string>): number {
    this.#owned = owned;
    let dropped = 0;
    for (const [partition, items] of this.#pending) {
      if (!owned.has(partition)) { dropped += items.length; this.#pending.delete(partition); }
    }
    return dropped;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = undefined; }
    await this.#running;
    if (this.#pending.size > 0) await this.#commitLoop();
    await this.#producer.close().catch((err: unknown) => this.#log.warn({ err }, 'closing transactional producer'));
  }

  /** Commits everything pending, one transaction at a time, retrying until it lands. */
  async #commitLoop(): Promise<void> {
    if (this.#running) return this.#running;
    this.#running = (async () => {
      for (let attempt = 1; this.#pending.size > 0; ) {
        const batch = this.#pending;
        this.#pending = new Map();
        // A retried batch may hold work of partitions lost since: their new owner redoes it, and
        // committing their offsets would be refused forever, stalling every later transaction.
        if (this.#owned) {
          for (const [p, items] of batch) {
            if (!this.#owned.has(p)) { batch.delete(p); this.#onCommitted(items.length, 0); }
          }
          if (batch.size === 0) continue;
        }
        try {
          await this.#transact(batch);
          attempt = 1;
        } catch (err) {
          // Put the batch back in front of anything released meanwhile and try again.
          for (const [p, items] of this.#pending) batch.set(p, [...(batch.get(p) ?? []), ...items]);
          this.#pending = batch;
          this.#log.warn({ err, attempt }, 'transaction failed; retrying');
          this.#resetProducer();
          if (isUnknownMember(err)) await this.#rejoin();
          if (this.#closed && attempt >= this.#settings.retry.maxAttempts) return;
          await sleep(backoffDelay(this.#settings.retry, attempt++));
        }
      }
    })().finally(() => { this.#running = undefined; });
    return this.#running;
  }

  /**
   * The group coordinator no longer knows this member (its broker died and the member's rejoin
   * failed meanwhile): the client then stops heartbeating and never rejoins by itself, and every
   * transaction is refused. Rejoining gets a valid generation; the assignment that follows
   * (revoke()) drops the work of partitions that went to another member.
   */
  async #rejoin(): Promise<void> {
    // At most once per session timeout: a rejoin needs that long to settle.
    if (Date.now() - this.#rejoinedAt < 10_000) return;
    this.#rejoinedAt = Date.now();
    try {
      await this.#consumer.joinGroup({});
      this.#log.info({}, 'rejoined the consumer group');
    } catch (err) {
      this.#log.warn({ err }, 'rejoining the consumer group failed');
    }
  }

  async #transact(batch: Map<string, WorkItem[]>): Promise<void> {
    const lists = [...batch.values()];
    const items = lists.reduce((n, list) => n + list.length, 0);
    const messages = toMessages(lists.flatMap((list) => list.flatMap((item) => item.outputs)));
    // producerId/epoch -1 ask the coordinator for this transactional id's current producer (and
    // abort what a crashed predecessor left open). The client's default (0/0) reads as "producer
    // 0, epoch 0" and is fenced whenever the id was used before, i.e. after every restart.
    const tx = await this.#producer.beginTransaction({ producerId: -1n, producerEpoch: -1 });
    try {
      if (messages.length > 0) await tx.send({ messages });
      await tx.addConsumer(this.#consumer);
      for (const list of batch.values()) await tx.addOffset(list.at(-1)!.msg);
      await tx.commit();
    } catch (err) {
      // If even the abort fails, drop the transaction locally; the coordinator aborts it on the
      // next InitProducerId or after transaction.timeout.ms.
      await tx.abort().catch(() => tx.cancel().catch(() => undefined));
      throw err;
    }
    this.#onCommitted(items, messages.length);
  }
}
