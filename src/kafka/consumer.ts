/**
 * The only consumer loop Conveyor uses. It runs up to `maxInFlight` messages at once across the
 * assigned partitions, commits an offset only when it and every earlier offset of its partition
 * are finished, retries transient failures with backoff, and sends what can never succeed to the
 * dead-letter topic. Outputs are delivered at-least-once or, with `exactlyOnce`, in transactions. On stop it stops fetching, lets in-flight work finish (or hands it back
 * uncommitted after the timeout), commits, and leaves the group.
 */
import { Consumer } from '@platformatic/kafka';
import { ContractViolation } from '../contracts/validate.ts';
import type { Logger } from '../observability/log.ts';
import { AtLeastOnceDelivery } from './at-least-once.ts';
import { deadLetterRecord } from './dead-letter.ts';
import type { Delivery, RawMessage, WorkItem } from './delivery.ts';
import { isRetriable, toKafkaError } from './errors.ts';
import { ExactlyOnceDelivery } from './exactly-once.ts';
import { PartitionOffsets } from './offset-tracker.ts';
import type { ConnectionOptions } from './options.ts';
import type { KafkaProducer, OutRecord } from './producer.ts';
import { reopenStream, type MessageStream } from './stream.ts';
import { backoffDelay, sleep, type RetryPolicy } from './retry.ts';

export interface InMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: string | undefined;
  value: Buffer;
  timestamp: bigint;
}

export interface ConsumerHooks {
  onProcessed?(topic: string, ms: number): void;
  onDeadLettered?(topic: string, code: string): void;
  onRetry?(topic: string): void;
  onLag?(topic: string, partition: number, lag: number): void;
}

export interface ConsumerSettings {
  service: string;
  groupId: string;
  topics: string[];
  maxInFlight: number;
  retry: RetryPolicy;
  sessionTimeoutMs: number;
  lagIntervalMs: number;
  /** Kafka transactions around outputs and offsets; absent means at-least-once. */
  exactlyOnce?: { transactionalId: string; intervalMs: number; compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd' };
}

/** Processes one message and returns the records it produces; the loop delivers them. */
export type Handler = (msg: InMessage) => Promise<OutRecord[]>;

export class KafkaConsumerLoop {
  readonly #client: Consumer<Buffer, Buffer, Buffer, Buffer>;
  readonly #settings: ConsumerSettings;
  readonly #delivery: Delivery;
  readonly #log: Logger;
  readonly #hooks: ConsumerHooks;
  #trackers = new Map<string, PartitionOffsets<WorkItem>>();
  // Partitions of the current assignment; undefined until the first one.
  #owned: Set<string> | undefined;
  #held = 0;
  #stream: MessageStream | undefined;
  #handler: Handler | undefined;
  #abort = new AbortController();
  #idle: (() => void) | undefined;
  #lagTimer: NodeJS.Timeout | undefined;

  constructor(conn: ConnectionOptions, settings: ConsumerSettings, producer: KafkaProducer, log: Logger, hooks: ConsumerHooks = {}) {
    this.#settings = settings;
    this.#log = log;
    this.#hooks = hooks;
    this.#client = new Consumer({
      ...conn,
      groupId: settings.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: Math.min(3000, Math.floor(settings.sessionTimeoutMs / 3)),
      rebalanceTimeout: settings.sessionTimeoutMs,
      autocommit: false,
      isolationLevel: 1, // READ_COMMITTED: never act on output of an aborted transaction
      maxWaitTime: 500,
      highWaterMark: Math.min(1024, settings.maxInFlight),
    });
    const released = (n: number): void => { this.#held -= n; this.#maybeResume(); };
    this.#delivery = settings.exactlyOnce
      ? new ExactlyOnceDelivery(conn, this.#client, { ...settings.exactlyOnce, retry: settings.retry }, log, released)
      : new AtLeastOnceDelivery(producer, settings.retry, log, released);
    this.#client.on('consumer:group:join', () => this.#onAssignment());
  }

  get inFlight(): number { return this.#held; }

  isReady(): boolean { return this.#stream !== undefined && this.#client.isActive(); }

  async start(handler: Handler): Promise<void> {
    this.#handler = handler;
    await this.#openStream();
    if (this.#settings.lagIntervalMs > 0) {
      this.#lagTimer = setInterval(() => void this.#measureLag(), this.#settings.lagIntervalMs);
      this.#lagTimer.unref();
    }
  }

  async #openStream(): Promise<void> {
    let stream: MessageStream;
    try {
      stream = await this.#client.consume({ topics: this.#settings.topics, mode: 'committed', fallbackMode: 'earliest' });
    } catch (err) {
      throw toKafkaError(err, `joining group ${this.#settings.groupId}`);
    }
    this.#stream = stream;
    if (this.#held >= this.#settings.maxInFlight) stream.pause();
    stream.on('data', (msg: RawMessage) => this.#onMessage(msg));
    stream.on('error', (err: unknown) => {
      this.#log.error({ err }, 'consumer stream failed; reopening it');
      if (this.#stream === stream) this.#stream = undefined;
      // A new stream starts at the committed offsets: messages still in hand are fetched again,
      // and the offset trackers skip them, so nothing is processed twice.
      void reopenStream(stream, {
        what: 'consumer stream', open: () => this.#openStream(), log: this.#log, signal: this.#abort.signal,
        delayMs: (attempt) => backoffDelay(this.#settings.retry, attempt),
        done: () => this.#abort.signal.aborted || this.#stream !== undefined,
      });
    });
  }

  /** Stops fetching, waits up to timeoutMs for in-flight work, commits what finished, leaves. */
  async stop(timeoutMs: number): Promise<{ handedBack: number }> {
    this.#stream?.pause();
    clearInterval(this.#lagTimer);
    if (this.#held > 0) {
      await Promise.race([new Promise<void>((r) => { this.#idle = r; }), sleep(timeoutMs)]);
    }
    this.#abort.abort();
    await this.#delivery.close();
    const handedBack = this.#held;
    await this.#stream?.close().catch((err: unknown) => this.#log.warn({ err }, 'closing stream'));
    await this.#client.close().catch((err: unknown) => this.#log.warn({ err }, 'closing consumer'));
    return { handedBack };
  }

  #onAssignment(): void {
    // Forget partitions this member no longer owns: their uncommitted work belongs to the new owner.
    const owned = new Set<string>();
    for (const a of this.#client.assignments ?? []) for (const p of a.partitions) owned.add(`${a.topic}:${p}`);
    for (const [key, tracker] of this.#trackers) {
      if (!owned.has(key)) { this.#held -= tracker.inFlight; this.#trackers.delete(key); }
    }
    this.#held -= this.#delivery.revoke(owned);
    this.#owned = owned;
    this.#log.info({ partitions: owned.size }, 'partitions assigned');
    this.#maybeResume();
  }

  #onMessage(msg: RawMessage): void {
    const key = `${msg.topic}:${msg.partition}`;
    // A fetch sent before a rebalance can answer after it, with records of a partition that now
    // belongs to another member. Processing them would commit a second output for the same input:
    // the broker checks the group generation of a transactional offset commit, not who owns the
    // partition.
    if (this.#owned && !this.#owned.has(key)) return;
    let tracker = this.#trackers.get(key);
    if (!tracker) { tracker = new PartitionOffsets<WorkItem>(); this.#trackers.set(key, tracker); }
    const item: WorkItem = { msg, outputs: [] };
    if (!tracker.track(msg.offset, item)) return; // redelivered after a rejoin: already in hand
    this.#held++;
    if (this.#held >= this.#settings.maxInFlight) this.#stream?.pause();
    void this.#process(item, key, tracker);
  }

  async #process(item: WorkItem, key: string, tracker: PartitionOffsets<WorkItem>): Promise<void> {
    const started = performance.now();
    const outputs = await this.#runWithRetries(item.msg);
    if (!outputs) return; // stopping: leave it uncommitted so the next owner redoes it
    item.outputs = outputs;
    try {
      await this.#delivery.deliver(item, this.#abort.signal);
    } catch {
      return; // stopping while Kafka was away: handed back
    }
    this.#hooks.onProcessed?.(item.msg.topic, performance.now() - started);
    if (this.#trackers.get(key) !== tracker) return; // partition was revoked meanwhile
    const { released } = tracker.finish(item.msg.offset);
    if (released.length > 0) this.#delivery.release(key, released);
  }

  /** The outputs (or the dead letter) of a message; undefined when stopping first. */
  async #runWithRetries(msg: RawMessage): Promise<OutRecord[] | undefined> {
    const input: InMessage = { topic: msg.topic, partition: msg.partition, offset: msg.offset,
      key: msg.key?.toString('utf8'), value: msg.value ?? Buffer.alloc(0), timestamp: msg.timestamp };
    const { retry } = this.#settings;
    for (let attempt = 1; ; attempt++) {
      if (this.#abort.signal.aborted) return undefined;
      try {
        return await this.#handler!(input);
      } catch (err) {
        // A broken message can never succeed; other errors get maxAttempts tries; Kafka being
        // away is retried for as long as it takes (the partition waits, nothing is skipped).
        const hopeless = err instanceof ContractViolation || (!isRetriable(err) && attempt >= retry.maxAttempts);
        if (hopeless) return [this.#deadLetter(msg, err, attempt)];
        this.#hooks.onRetry?.(msg.topic);
        this.#log.warn({ err, topic: msg.topic, partition: msg.partition, offset: String(msg.offset), attempt }, 'retrying message');
        await sleep(backoffDelay(retry, attempt), this.#abort.signal);
      }
    }
  }

  #deadLetter(msg: RawMessage, err: unknown, attempts: number): OutRecord {
    const code = err instanceof ContractViolation ? 'CONVEYOR_INVALID_MESSAGE'
      : ((err as { code?: string }).code ?? 'CONVEYOR_INTERNAL');
    const reason = { code, message: (err as Error).message ?? String(err), attempts };
    this.#hooks.onDeadLettered?.(msg.topic, code);
    this.#log.warn({ topic: msg.topic, partition: msg.partition, offset: String(msg.offset), code, reason: reason.message }, 'dead-lettering message');
    return deadLetterRecord(msg, reason, this.#settings.service);
  }

  /**
   * Lag from the broker's view: log end minus the group's committed offset, per owned partition.
   * (The client's own lag helper only sees offsets it committed itself, not transactional ones.)
   */
  async #measureLag(): Promise<void> {
    const owned = this.#client.assignments ?? [];
    if (owned.length === 0 || !this.#hooks.onLag) return;
    try {
      const [ends, committed] = await Promise.all([
        this.#client.listOffsets({ topics: this.#settings.topics, isolationLevel: 1 }),
        this.#client.listCommittedOffsets({ topics: owned }),
      ]);
      for (const { topic, partitions } of owned) {
        for (const p of partitions) {
          const end = ends.get(topic)?.[p];
          const done = committed.get(topic)?.[p];
          if (end === undefined) continue;
          this.#hooks.onLag(topic, p, Number(end - (done !== undefined && done >= 0n ? done : 0n)));
        }
      }
    } catch (err) {
      this.#log.debug({ err }, 'measuring lag failed');
    }
  }

  #maybeResume(): void {
    if (this.#held === 0) { this.#idle?.(); this.#idle = undefined; }
    if (this.#abort.signal.aborted || this.#idle) return;
    if (this.#stream?.isPaused() && this.#held < this.#settings.maxInFlight * 0.8) this.#stream.resume();
  }
}
