/**
 * Drives the sink readers: polls the live sinks in the background while the load runs, then polls
 * every sink until each accepted job is complete everywhere or the deadline passes, then re-reads
 * the row-counting sinks once more so that duplicates delivered late are still counted.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SinkReader } from './sink.ts';
import type { Tracker } from './tracker.ts';

export interface PollerOptions {
  pollIntervalMs: number;
  now?: () => number;
}

export class Accountant {
  private readonly tracker: Tracker;
  private readonly readers: readonly SinkReader[];
  private readonly opts: PollerOptions;
  private live?: { stop: AbortController; done: Promise<void> };

  constructor(tracker: Tracker, readers: readonly SinkReader[], opts: PollerOptions) {
    this.tracker = tracker;
    this.readers = readers;
    this.opts = opts;
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Starts polling the live sinks in the background (until stopLive()). */
  startLive(): void {
    if (this.live) return;
    const stop = new AbortController();
    const loop = async (): Promise<void> => {
      while (!stop.signal.aborted) {
        for (const r of this.readers) if (r.live) await this.poll(r, this.tracker.pending(r.name), Infinity, stop.signal);
        await sleep(this.opts.pollIntervalMs, undefined, { signal: stop.signal }).catch(() => undefined);
      }
    };
    this.live = { stop, done: loop() };
  }

  async stopLive(): Promise<void> {
    if (!this.live) return;
    this.live.stop.abort();
    await this.live.done;
    this.live = undefined;
  }

  /** Polls until every job is complete in every sink or `deadlineMs` (epoch) passes; then recounts. */
  async settle(deadlineMs: number): Promise<void> {
    await this.stopLive();
    for (;;) {
      for (const r of this.readers) await this.poll(r, this.tracker.pending(r.name), deadlineMs);
      if (this.tracker.pendingCount() === 0 || this.now() >= deadlineMs) break;
      await sleep(Math.min(this.opts.pollIntervalMs, Math.max(0, deadlineMs - this.now())));
    }
    for (const r of this.readers) {
      if (r.countsRows) await this.poll(r, this.tracker.jobs.map((j) => j.id), Infinity);
    }
  }

  /** Reads `ids` in batches; stops at the deadline, on abort, or at the first failure. */
  private async poll(r: SinkReader, ids: string[], deadlineMs: number, signal?: AbortSignal): Promise<void> {
    for (let i = 0; i < ids.length; i += r.batchSize) {
      if (signal?.aborted || this.now() >= deadlineMs) return;
      const batch = ids.slice(i, i + r.batchSize);
      try {
        const found = await r.read(batch);
        const at = this.now();
        for (const [id, obs] of found) this.tracker.record(r.name, id, obs, at);
      } catch (err) {
        this.tracker.readFailed(r.name, err instanceof Error ? err.message : String(err));
        // A sink that is down fails every batch alike: give it the rest of this round off, so a
        // round costs one timeout, not one per batch.
        return;
      }
    }
  }
}
