/**
 * What end-to-end accounting has seen so far: the accepted jobs and, per sink and job, how often
 * it was checked, when it was first seen complete and the most extra rows ever seen. No I/O: the
 * poller feeds it, the classifier reads it, tests build it by hand.
 */
import type { AcceptedJob } from '../types.ts';
import type { Observation } from './observe.ts';

export type SinkName = 'informer' | 'postgres' | 'clickhouse';

export interface SinkState {
  checks: number;
  /** When the job was first seen complete: the answer's arrival, an upper bound of when it became visible. */
  firstSeenMs?: number;
  last?: Observation;
  maxExtra: number;
}

export class Tracker {
  readonly jobs: AcceptedJob[] = [];
  /** Ids the Receiver handed out more than once (each should be unique). */
  readonly repeatedIds: string[] = [];
  readonly states = new Map<SinkName, Map<string, SinkState>>();
  /** Failed reads per sink, with the last message: shown in the report so a down sink is obvious. */
  readonly readErrors = new Map<SinkName, { count: number; last: string }>();
  private readonly pendingIds = new Map<SinkName, Set<string>>();
  private readonly known = new Set<string>();

  constructor(sinks: readonly SinkName[]) {
    for (const s of sinks) {
      this.states.set(s, new Map());
      this.pendingIds.set(s, new Set());
    }
  }

  get sinkNames(): SinkName[] {
    return [...this.states.keys()];
  }

  add(job: AcceptedJob): void {
    if (this.known.has(job.id)) {
      this.repeatedIds.push(job.id);
      return;
    }
    this.known.add(job.id);
    this.jobs.push(job);
    for (const [sink, states] of this.states) {
      states.set(job.id, { checks: 0, maxExtra: 0 });
      this.pendingIds.get(sink)?.add(job.id);
    }
  }

  /** Ids not yet seen complete in `sink`, oldest first. */
  pending(sink: SinkName): string[] {
    return [...(this.pendingIds.get(sink) ?? [])];
  }

  pendingCount(): number {
    let n = 0;
    for (const p of this.pendingIds.values()) n += p.size;
    return n;
  }

  record(sink: SinkName, id: string, obs: Observation, atMs: number): void {
    const st = this.states.get(sink)?.get(id);
    if (!st) return; // an id we never sent: ignore
    st.checks++;
    st.last = obs;
    st.maxExtra = Math.max(st.maxExtra, obs.extra);
    if (obs.present && st.firstSeenMs === undefined) {
      st.firstSeenMs = atMs;
      this.pendingIds.get(sink)?.delete(id);
    }
  }

  readFailed(sink: SinkName, message: string): void {
    const e = this.readErrors.get(sink);
    if (e) {
      e.count++;
      e.last = message;
    } else this.readErrors.set(sink, { count: 1, last: message });
  }

  state(sink: SinkName, id: string): SinkState | undefined {
    return this.states.get(sink)?.get(id);
  }
}
