/**
 * The only producer Conveyor uses: idempotent, acks=all, and micro-batched. Concurrent send()
 * calls made within `lingerMs` share one Produce request, which is what lets one Receiver
 * instance acknowledge thousands of HTTP requests per second without one request per job.
 * A send resolves only after every in-sync replica has the record.
 */
import { Producer, ProduceAcks } from '@platformatic/kafka';
import { ConveyorError } from '../errors.ts';
import type { Logger } from '../observability/log.ts';
import type { ConnectionOptions } from './options.ts';
import { toKafkaError } from './errors.ts';

export interface OutRecord {
  topic: string;
  key: string;
  value: Buffer;
  headers?: Record<string, string>;
}

export interface ProducerSettings {
  compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  lingerMs: number;
  maxBatch: number;
  sendTimeoutMs: number;
}

interface Pending { records: OutRecord[]; resolve: () => void; reject: (e: unknown) => void }

type Client = Producer<Buffer, Buffer, Buffer, Buffer>;

export class KafkaProducer {
  readonly #conn: ConnectionOptions;
  readonly #settings: ProducerSettings;
  readonly #log: Logger | undefined;
  #client: Client;
  #lastAckAt = Date.now();
  #replacedAt = 0;
  #queue: Pending[] = [];
  #queuedRecords = 0;
  #timer: NodeJS.Timeout | undefined;
  #inFlight = new Set<Promise<void>>();
  #closed = false;

  constructor(conn: ConnectionOptions, settings: ProducerSettings, log?: Logger) {
    this.#conn = conn;
    this.#settings = settings;
    this.#log = log;
    this.#client = this.#newClient();
  }

  #newClient(): Client {
    return new Producer({ ...this.#conn, idempotent: true, acks: ProduceAcks.ALL, compression: this.#settings.compression,
      autocreateTopics: false });
  }

  /**
   * Called when a send times out. If nothing at all was acknowledged for a whole timeout, the
   * client is wedged, not slow: after a partition leader was killed, @platformatic/kafka 2.12 left
   * every later send pending forever, even once the broker was back (leader-kill fault test).
   * A new client starts from fresh metadata. Jobs of the old one were already answered 503.
   */
  #replaceIfWedged(): void {
    const now = Date.now();
    const window = this.#settings.sendTimeoutMs;
    if (now - this.#lastAckAt < window || now - this.#replacedAt < window || this.#closed) return;
    this.#replacedAt = now;
    const old = this.#client;
    this.#client = this.#newClient();
    this.#log?.warn({ sinceLastAckMs: now - this.#lastAckAt }, 'Kafka producer wedged; replaced it with a new client');
    void old.close(true).catch(() => undefined);
  }

  /** Resolves when all records are acknowledged by every in-sync replica. */
  send(...records: OutRecord[]): Promise<void> {
    if (this.#closed) return Promise.reject(new ConveyorError('SHUTTING_DOWN', 'producer is closed'));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new ConveyorError('KAFKA_TIMEOUT', `Kafka did not acknowledge within ${this.#settings.sendTimeoutMs} ms`));
        this.#replaceIfWedged();
      }, this.#settings.sendTimeoutMs);
      this.#queue.push({
        records,
        resolve: () => { clearTimeout(timer); resolve(); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.#queuedRecords += records.length;
      if (this.#queuedRecords >= this.#settings.maxBatch) this.#flush();
      else this.#timer ??= setTimeout(() => this.#flush(), this.#settings.lingerMs);
    });
  }

  /** Sends what is queued now and waits for every outstanding batch. */
  async flush(): Promise<void> {
    this.#flush();
    await Promise.allSettled([...this.#inFlight]);
  }

  /** A metadata request for the topics: proves the brokers answer and the topics exist. */
  async probe(topics: string[]): Promise<void> {
    try {
      const md = await this.#client.metadata({ topics, forceUpdate: true });
      for (const t of topics) {
        if (!md.topics.has(t)) throw new ConveyorError('KAFKA_UNAVAILABLE', `topic ${t} does not exist`);
      }
    } catch (err) {
      throw toKafkaError(err, 'metadata request');
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
    await this.#client.close();
  }

  #flush(): void {
    if (this.#timer) { clearTimeout(this.#timer); this.#timer = undefined; }
    if (this.#queue.length === 0) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#queuedRecords = 0;
    const messages = toMessages(batch.flatMap((p) => p.records));
    const client = this.#client;
    const done = client.send({ messages }).then(
      () => {
        // A late answer of a replaced client proves nothing about the current one.
        if (client === this.#client) this.#lastAckAt = Date.now();
        for (const p of batch) p.resolve();
      },
      (err: unknown) => { const e = toKafkaError(err, 'produce'); for (const p of batch) p.reject(e); },
    );
    this.#inFlight.add(done);
    void done.finally(() => this.#inFlight.delete(done));
  }
}

/** Our records as the client's messages (keys and header names and values as bytes). */
export function toMessages(records: OutRecord[]): Array<{ topic: string; key: Buffer; value: Buffer; headers?: Map<Buffer, Buffer> }> {
  return records.map((r) => ({ topic: r.topic, key: Buffer.from(r.key), value: r.value,
    headers: r.headers ? toHeaderMap(r.headers) : undefined }));
}

function toHeaderMap(headers: Record<string, string>): Map<Buffer, Buffer> {
  const map = new Map<Buffer, Buffer>();
  for (const [k, v] of Object.entries(headers)) map.set(Buffer.from(k), Buffer.from(v));
  return map;
}
