/**
 * Reads whole topics from the beginning and keeps following them, on every instance (not shared
 * through a group): the way a GlobalKTable is restored. Used to materialise views. It never
 * commits; a restart replays the retained log, so a view survives restarts without local state.
 */
import { Consumer, type Message } from '@platformatic/kafka';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../observability/log.ts';
import { toKafkaError } from './errors.ts';
import type { ConnectionOptions } from './options.ts';
import { reopenStream, type MessageStream } from './stream.ts';

export type TailHandler = (topic: string, key: Buffer | undefined, value: Buffer | undefined) => void;

export class KafkaTail {
  readonly #client: Consumer<Buffer, Buffer, Buffer, Buffer>;
  readonly #topics: string[];
  readonly #log: Logger;
  // Next offset to read per topic and partition, advanced as messages are applied.
  readonly #positions = new Map<string, bigint[]>();
  #stream: MessageStream | undefined;
  #onMessage: TailHandler = () => undefined;
  #stopped = false;
  #endCache: { at: number; ends: Promise<Map<string, bigint[]>> } | undefined;

  constructor(conn: ConnectionOptions, topics: string[], groupPrefix: string, log: Logger) {
    this.#topics = topics;
    this.#log = log;
    // A group of its own: every instance must see every partition.
    this.#client = new Consumer({ ...conn, groupId: `${groupPrefix}-${randomUUID()}`, autocommit: false,
      isolationLevel: 1, maxWaitTime: 200, sessionTimeout: 10_000, heartbeatInterval: 3000 });
  }

  async start(onMessage: TailHandler): Promise<void> {
    this.#onMessage = onMessage;
    await this.#open({ mode: 'earliest' });
  }

  async #open(from: { mode: 'earliest' } | { mode: 'manual'; offsets: Array<{ topic: string; partition: number; offset: bigint }> }): Promise<void> {
    let stream: MessageStream;
    try {
      stream = await this.#client.consume({ topics: this.#topics, ...from, fallbackMode: 'earliest' });
    } catch (err) {
      throw toKafkaError(err, 'subscribing to ' + this.#topics.join(', '));
    }
    this.#stream = stream;
    stream.on('data', (m: Message<Buffer, Buffer, Buffer, Buffer>) => {
      const read = this.#positions.get(m.topic)?.[m.partition] ?? 0n;
      if (m.offset < read) return; // fetched again after a reopen: already applied
      try {
        this.#onMessage(m.topic, m.key, m.value);
      } catch (err) {
        this.#log.warn({ reason: (err as Error).message, topic: m.topic, partition: m.partition, offset: String(m.offset) }, 'skipping unreadable message');
      }
      let parts = this.#positions.get(m.topic);
      if (!parts) { parts = []; this.#positions.set(m.topic, parts); }
      parts[m.partition] = m.offset + 1n;
    });
    stream.on('error', (err: unknown) => {
      this.#log.error({ err }, 'tail stream failed; reopening it');
      if (this.#stream === stream) this.#stream = undefined;
      // Reopened where the view stands, or the view would silently stop following the topics.
      void reopenStream(stream, {
        what: 'tail stream', open: () => this.#openWhereTheViewStands(), log: this.#log,
        delayMs: (attempt) => Math.min(5000, 250 * 2 ** attempt),
        done: () => this.#stopped || this.#stream !== undefined,
      });
    });
  }

  async #openWhereTheViewStands(): Promise<void> {
    const ends = await this.#client.listOffsets({ topics: this.#topics, isolationLevel: 1 });
    const offsets = [...ends].flatMap(([topic, parts]) =>
      parts.map((_, partition) => ({ topic, partition, offset: this.#positions.get(topic)?.[partition] ?? 0n })));
    await this.#open({ mode: 'manual', offsets });
  }

  isActive(): boolean { return this.#stream !== undefined && this.#client.isActive(); }

  /** The current end of every partition; concurrent callers within maxAgeMs share one request. */
  endOffsets(maxAgeMs: number): Promise<Map<string, bigint[]>> {
    const now = Date.now();
    if (!this.#endCache || now - this.#endCache.at > maxAgeMs) {
      const ends = this.#client.listOffsets({ topics: this.#topics, isolationLevel: 1 });
      ends.catch(() => { this.#endCache = undefined; });
      this.#endCache = { at: now, ends };
    }
    return this.#endCache.ends;
  }

  /** True once every partition has been read up to `ends`. */
  reached(ends: Map<string, bigint[]>): boolean {
    for (const [topic, offsets] of ends) {
      const read = this.#positions.get(topic) ?? [];
      for (let p = 0; p < offsets.length; p++) {
        const end = offsets[p]!;
        if ((read[p] ?? 0n) >= end) continue;
        // Transaction markers take offsets that no message has: then trust the fetch position,
        // once the stream has handed over everything it buffered.
        if (this.#fetchPosition(topic, p) >= end) continue;
        return false;
      }
    }
    return true;
  }

  /** Waits until the view has read everything written before this call, or the timeout. */
  async catchUp(timeoutMs: number, maxAgeMs = 10): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const ends = await this.endOffsets(maxAgeMs);
    while (!this.reached(ends)) {
      if (Date.now() >= deadline) return false;
      await new Promise((r) => setTimeout(r, 5));
    }
    return true;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#stream?.close().catch(() => undefined);
    await this.#client.close().catch(() => undefined);
  }

  #fetchPosition(topic: string, partition: number): bigint {
    if (!this.#stream || this.#stream.readableLength > 0) return -1n;
    return this.#stream.offsetsToFetch.get(`${topic}:${partition}`) ?? -1n;
  }
}
