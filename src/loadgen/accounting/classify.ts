/**
 * Pure classification of the accounting observations into the report's table. Per sink and job:
 *  - unchecked: the sink never answered for it (sink down, deadline hit before it was read),
 *  - lost: checked, never complete by the deadline,
 *  - duplicated: more rows than promised (one PostgreSQL row; one create + one finish in ClickHouse),
 *  - late: complete, but after the lateness threshold (see LateBy),
 *  - ok: complete, on time, no duplicates.
 * A job counts once in the overall row under the worst of its sinks (lost > unchecked > late),
 * duplicated is counted independently.
 */
import { bucketize, summarizeValues, type Bucket } from '../hist.ts';
import type { Percentiles } from '../types.ts';
import type { SinkName, Tracker } from './tracker.ts';

/**
 * How lateness is judged: `seen` = first observed complete more than lateAfterMs after the job's
 * create time (sinks polled while the load runs); `finish` = the pipeline's own finish timestamp
 * is more than lateAfterMs after create (sinks only read after the run, like the Informer).
 */
export type LateBy = 'seen' | 'finish';

export interface ClassifyOptions {
  lateAfterMs: number;
  lateBy: Partial<Record<SinkName, LateBy>>;
  /** How many sample ids of each problem to keep in the report. */
  sampleSize?: number;
}

export interface SinkSummary {
  sink: SinkName;
  lateBy: LateBy;
  expected: number;
  ok: number;
  late: number;
  lost: number;
  unchecked: number;
  duplicated: number;
  extraRows: number;
  /** First observed complete − create: an upper bound, resolution = the poll interval (null for sinks read after the run). */
  visible: Percentiles | null;
  /** The sink's own finish timestamp − create timestamp: exact pipeline time. */
  pipeline: Percentiles | null;
  error?: string;
}

export interface AccountingReport {
  jobs: number;
  ok: number;
  late: number;
  lost: number;
  unchecked: number;
  duplicated: number;
  /** Ids the Receiver accepted more than once. */
  repeatedIds: number;
  lateAfterMs: number;
  sinks: SinkSummary[];
  /** create → finish per job, from the first sink that has both timestamps (Informer first). */
  e2e: Percentiles | null;
  e2eBuckets: Bucket[];
  samples: { lost: string[]; unchecked: string[]; duplicated: string[]; late: string[] };
}

type Cls = 'ok' | 'late' | 'lost' | 'unchecked';
const RANK: Record<Cls, number> = { ok: 0, late: 1, unchecked: 2, lost: 3 };

export function classify(tracker: Tracker, opts: ClassifyOptions): AccountingReport {
  const n = opts.sampleSize ?? 20;
  const sinks = tracker.sinkNames;
  const summaries = new Map<SinkName, SinkSummary>();
  const visible = new Map<SinkName, number[]>();
  const pipeline = new Map<SinkName, number[]>();
  for (const s of sinks) {
    const summary: SinkSummary = { sink: s, lateBy: opts.lateBy[s] ?? 'seen', expected: 0, ok: 0, late: 0, lost: 0, unchecked: 0, duplicated: 0, extraRows: 0, visible: null, pipeline: null };
    const err = tracker.readErrors.get(s);
    if (err !== undefined) summary.error = `${err.count} failed read(s); last: ${err.last}`;
    summaries.set(s, summary);
    visible.set(s, []);
    pipeline.set(s, []);
  }
  const report: AccountingReport = {
    jobs: tracker.jobs.length, ok: 0, late: 0, lost: 0, unchecked: 0, duplicated: 0, repeatedIds: tracker.repeatedIds.length,
    lateAfterMs: opts.lateAfterMs, sinks: [], e2e: null, e2eBuckets: [], samples: { lost: [], unchecked: [], duplicated: [], late: [] },
  };
  const e2e: number[] = [];
  const sample = (list: string[], id: string): void => void (list.length < n && list.push(id));

  for (const job of tracker.jobs) {
    let worst: Cls = 'ok';
    let dup = false;
    let e2eMs: number | undefined;
    for (const s of sinks) {
      const st = tracker.state(s, job.id);
      const sum = summaries.get(s) as SinkSummary;
      sum.expected++;
      let cls: Cls;
      if (!st || st.checks === 0) cls = 'unchecked';
      else if (st.firstSeenMs === undefined) cls = 'lost';
      else {
        const createMs = st.last?.createMs ?? job.createMs;
        const seenAfter = st.firstSeenMs - job.createMs;
        (visible.get(s) as number[]).push(seenAfter);
        const finishAfter = st.last?.finishMs !== undefined ? st.last.finishMs - createMs : undefined;
        if (finishAfter !== undefined) {
          (pipeline.get(s) as number[]).push(finishAfter);
          e2eMs ??= finishAfter;
        }
        const lateness = sum.lateBy === 'seen' ? seenAfter : (finishAfter ?? seenAfter);
        cls = lateness > opts.lateAfterMs ? 'late' : 'ok';
      }
      const dupHere = st !== undefined && st.maxExtra > 0;
      if (dupHere) {
        sum.duplicated++;
        sum.extraRows += st.maxExtra;
        dup = true;
      }
      if (!(cls === 'ok' && dupHere)) sum[cls]++; // a duplicated job is not ok, whatever else
      if (RANK[cls] > RANK[worst]) worst = cls;
    }
    if (e2eMs !== undefined) e2e.push(e2eMs);
    if (dup) {
      report.duplicated++;
      sample(report.samples.duplicated, job.id);
    }
    if (worst === 'ok') {
      if (!dup) report.ok++;
    } else {
      report[worst]++;
      sample(report.samples[worst], job.id);
    }
  }
  for (const s of sinks) {
    const sum = summaries.get(s) as SinkSummary;
    const v = visible.get(s) as number[];
    const p = pipeline.get(s) as number[];
    // A sink read only after the run was "seen" whenever the run ended: no latency in that.
    if (v.length > 0 && sum.lateBy === 'seen') sum.visible = summarizeValues(v.map((x) => Math.max(0, x)));
    if (p.length > 0) sum.pipeline = summarizeValues(p.map((x) => Math.max(0, x)));
    report.sinks.push(sum);
  }
  if (e2e.length > 0) {
    const clean = e2e.map((x) => Math.max(0, x));
    report.e2e = summarizeValues(clean);
    report.e2eBuckets = bucketize(clean);
  }
  return report;
}
