/**
 * The only consumer loop Conveyor uses. It runs up to `maxInFlight` messages at once across the
 * assigned partitions, commits an offset only when it and every earlier offset of its partition
 * are finished, retries transient failures with backoff, and sends what can never succeed to the
 * dead-letter topic. On stop it stops fetching, lets in-flight work finish (or hands it back
 * uncommitted after the timeout), commits, and leaves the group.
 */
import { Consumer, type Message } from '@platformatic/kafka';
import { ContractViolation } from '../contracts/validate.ts';
import type { Logger } from '../observability/log.ts';
import { sendToDeadLetter } from './dead-letter.ts';
import { isRetriable, toKafkaError } from './errors.ts';
import { PartitionOffsets } from './offset-tracker.ts';
import type { ConnectionOptions } from './options.ts';
import type { KafkaProducer } from './producer.ts';
import { backoffDelay, sleep, type RetryPolicy } from './retry.ts';

type RawMessage = Message<Buffer, Buffer, Buffer, Buffer>;

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
}

export type Handler = (msg: InMessage) => Promise<void>;

export class KafkaConsumerLoop {
  readonly #client: Consumer<Buffer, Buffer, Buffer, Buffer>;
  readonly #settings: ConsumerSettings;
  readonly #dlqProducer: KafkaProducer;
  readonly #log: Logger;
  readonly #hooks: ConsumerHooks;
  #trackers = new Map<string, PartitionOffsets<RawMessage>>();
  #held = 0;
  #stream: Awaited<ReturnType<Consumer<Buffer, Buffer, Buffer, Buffer>['consume']>> | undefined;
  #handler: Handler | undefined;
  #abort = new AbortController();
  #idle: (() => void) | undefined;

  constructor(conn: ConnectionOptions, settings: ConsumerSettings, dlqProducer: KafkaProducer, log: Logger, hooks: ConsumerHooks = {}) {
    this.#settings = settings;
    this.#dlqProducer = dlqProducer;
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
    this.#client.on('consumer:group:join', () => this.#onAssignment());
    this.#client.on('consumer:lag', (lag: Map<string, bigint[]>) => {
      for (const [topic, parts] of lag) parts.forEach((l, p) => { if (l >= 0n) this.#hooks.onLag?.(topic, p, Number(l)); });
    });
  }

  get inFlight(): number { return this.#held; }

  isReady(): boolean { return this.#stream !== undefined && this.#client.isActive(); }

  async start(handler: Handler): Promise<void> {
    this.#handler = handler;
    try {
      this.#stream = await this.#client.consume({ topics: this.#settings.topics, mode: 'committed', fallbackMode: 'earliest' });
    } catch (err) {
      throw toKafkaError(err, `joining group ${this.#settings.groupId}`);
    }
    this.#stream.on('data', (msg: RawMessage) => this.#onMessage(msg));
    this.#stream.on('error', (err: unknown) => this.#log.error({ err }, 'consumer stream error'));
    if (this.#settings.lagIntervalMs > 0) {
      this.#client.startLagMonitoring({ topics: this.#settings.topics }, this.#settings.lagIntervalMs);
    }
  }

  /** Stops fetching, waits up to timeoutMs for in-flight work, commits what finished, leaves. */
  async stop(timeoutMs: number): Promise<{ handedBack: number }> {
    this.#stream?.pause();
    this.#client.stopLagMonitoring();
    if (this.#held > 0) {
      await Promise.race([new Promise<void>((r) => { this.#idle = r; }), sleep(timeoutMs)]);
    }
    const handedBack = this.#held;
    this.#abort.abort();
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
    this.#log.info({ partitions: owned.size }, 'partitions assigned');
    this.#maybeResume();
  }

  #onMessage(msg: RawMessage): void {
    const key = `${msg.topic}:${msg.partition}`;
    let tracker = this.#trackers.get(key);
    if (!tracker) { tracker = new PartitionOffsets<RawMessage>(); this.#trackers.set(key, tracker); }
    if (!tracker.track(msg.offset, msg)) return; // redelivered after a rejoin: already in hand
    this.#held++;
    if (this.#held >= this.#settings.maxInFlight) this.#stream?.pause();
    void this.#process(msg, key, tracker);
  }

  async #process(msg: RawMessage, key: string, tracker: PartitionOffsets<RawMessage>): Promise<void> {
    const started = performance.now();
    const ok = await this.#runWithRetries(msg);
    if (!ok) return; // stopping: leave it uncommitted so the next owner redoes it
    this.#hooks.onProcessed?.(msg.topic, performance.now() - started);
    if (this.#trackers.get(key) !== tracker) return; // partition was revoked meanwhile
    const { committable, released } = tracker.finish(msg.offset);
    this.#held -= released;
    if (committable) {
      Promise.resolve(committable.commit()).catch((err: unknown) =>
        this.#log.warn({ err, topic: msg.topic, partition: msg.partition }, 'offset commit failed; work will be redelivered'));
    }
    this.#maybeResume();
  }

  /** True when the message is done (handled or dead-lettered); false when stopping first. */
  async #runWithRetries(msg: RawMessage): Promise<boolean> {
    const input: InMessage = { topic: msg.topic, partition: msg.partition, offset: msg.offset,
      key: msg.key?.toString('utf8'), value: msg.value ?? Buffer.alloc(0), timestamp: msg.timestamp };
    const { retry } = this.#settings;
    for (let attempt = 1; ; attempt++) {
      if (this.#abort.signal.aborted) return false;
      try {
        await this.#handler!(input);
        return true;
      } catch (err) {
        // A broken message can never succeed; other errors get maxAttempts tries; Kafka being
        // away is retried for as long as it takes (the partition waits, nothing is skipped).
        const hopeless = err instanceof ContractViolation || (!isRetriable(err) && attempt >= retry.maxAttempts);
        if (hopeless) return this.#deadLetter(msg, err, attempt);
        this.#hooks.onRetry?.(msg.topic);
        this.#log.warn({ err, topic: msg.topic, partition: msg.partition, offset: String(msg.offset), attempt }, 'retrying message');
        await sleep(backoffDelay(retry, attempt), this.#abort.signal);
      }
    }
  }

  async #deadLetter(msg: RawMessage, err: unknown, attempts: number): Promise<boolean> {
    const code = err instanceof ContractViolation ? 'CONVEYOR_INVALID_MESSAGE'
      : ((err as { code?: string }).code ?? 'CONVEYOR_INTERNAL');
    const reason = { code, message: (err as Error).message ?? String(err), attempts };
    for (let attempt = 1; !this.#abort.signal.aborted; attempt++) {
      try {
        await sendToDeadLetter(this.#dlqProducer, msg, reason, this.#settings.service);
        this.#hooks.onDeadLettered?.(msg.topic, code);
        this.#log.warn({ topic: msg.topic, partition: msg.partition, offset: String(msg.offset), code, reason: reason.message }, 'message dead-lettered');
        return true;
      } catch (dlqErr) {
        this.#log.error({ err: dlqErr, attempt }, 'dead-letter write failed; retrying');
        await sleep(backoffDelay(this.#settings.retry, attempt), this.#abort.signal);
      }
    }
    return false;
  }

  #maybeResume(): void {
    if (this.#held === 0) { this.#idle?.(); this.#idle = undefined; }
    if (this.#abort.signal.aborted || this.#idle) return;
    if (this.#stream?.isPaused() && this.#held < this.#settings.maxInFlight * 0.8) this.#stream.resume();
  }
}
