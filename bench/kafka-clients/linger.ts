// A tiny "linger" micro-batcher: many concurrent single-message sends, each awaited
// individually (what an HTTP receiver does), are coalesced into one produce call per
// batch. librdkafka does this internally (linger.ms); the pure-JS clients send one
// produce request per send() call, so a wrapper like this is what makes them fast.
import type { BenchProducer } from './adapters/types.ts';
import type { BenchMessage } from './common.ts';

interface Pending {
  message: BenchMessage;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export interface LingerOptions {
  /** flush as soon as this many messages wait */
  maxBatch: number;
  /** flush at most this long after the first waiting message arrived */
  lingerMs: number;
  /** produce calls in flight at once; while they are in flight, the next batch grows */
  maxInFlight: number;
}

export class Linger {
  #producer: BenchProducer;
  #topic: string;
  #opts: LingerOptions;
  #queue: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  #due = false;
  #inFlight = 0;

  constructor(producer: BenchProducer, topic: string, opts: LingerOptions) {
    this.#producer = producer;
    this.#topic = topic;
    this.#opts = opts;
  }

  send(message: BenchMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ message, resolve, reject });
      if (this.#queue.length >= this.#opts.maxBatch) {
        this.#flush();
      } else if (!this.#timer && !this.#due) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#due = true;
          this.#flush();
        }, this.#opts.lingerMs);
      }
    });
  }

  #flush(): void {
    while (
      this.#inFlight < this.#opts.maxInFlight &&
      this.#queue.length > 0 &&
      (this.#due || this.#queue.length >= this.#opts.maxBatch)
    ) {
      const batch = this.#queue.splice(0, this.#opts.maxBatch);
      if (this.#queue.length === 0) {
        this.#due = false;
        if (this.#timer) clearTimeout(this.#timer);
        this.#timer = undefined;
      }
      this.#inFlight++;
      this.#producer
        .send(
          this.#topic,
          batch.map((p) => p.message),
        )
        .then(
          () => {
            for (const p of batch) p.resolve();
          },
          (e: unknown) => {
            for (const p of batch) p.reject(e);
          },
        )
        .finally(() => {
          this.#inFlight--;
          // whatever accumulated while this batch was in flight is due now
          if (this.#queue.length > 0) this.#due = true;
          this.#flush();
        });
    }
  }
}
