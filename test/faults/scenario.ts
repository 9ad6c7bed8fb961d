/**
 * One fault under a steady open-model load: warm up, inject, hold, repair with `make up`, keep
 * the load a little longer, then account for every acknowledged job in the Informer, PostgreSQL
 * and ClickHouse (FINAL, as users query it).
 *
 * Recovery time: from the start of the repair until every job acknowledged before that instant is
 * complete in all three sinks, i.e. the pipeline has caught up. Each sink is polled every
 * `pollMs`, so it is an upper bound with that resolution.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RECEIVER_ROUTES } from '../../src/contracts/api.ts';
import { classify } from '../../src/loadgen/accounting/classify.ts';
import { Accountant } from '../../src/loadgen/accounting/poller.ts';
import type { SinkReader } from '../../src/loadgen/accounting/sink.ts';
import { Tracker } from '../../src/loadgen/accounting/tracker.ts';
import { constantProfile } from '../../src/loadgen/profile.ts';
import { runLoad } from '../../src/loadgen/runner.ts';
import { clickhouseReader } from '../../src/loadgen/sinks/clickhouse.ts';
import { informerReader } from '../../src/loadgen/sinks/informer.ts';
import { postgresReader } from '../../src/loadgen/sinks/postgres.ts';
import type { SecondWindow } from '../../src/loadgen/types.ts';
import type { Fault } from './faults.ts';
import type { StackControl } from './stack-control.ts';

export interface ScenarioOptions {
  rps: number;
  warmupSec: number;
  /** Load kept up after the repair, so jobs accepted after the recovery are checked too. */
  tailSec: number;
  /** Longest wait for the pipeline to catch up after the load; what is still missing then is lost. */
  settleSec: number;
  /** Recovery slower than this fails the scenario. */
  maxRecoverySec: number;
  pollMs: number;
  log: (line: string) => void;
}

export interface FaultRow {
  fault: string;
  detail: string;
  acknowledged: number;
  /** Requests that got no 2xx (refused, reset, 5xx, timeout): never acknowledged, so never owed. */
  refused: number;
  lost: number;
  duplicated: number;
  /** Seconds the Receiver answered errors after the fault (first failing second to first clean one); null: never clean again. */
  refusingSec: number | null;
  /** How long `make up` took to bring the stack back. */
  repairSec: number;
  recoverySec: number | null;
  pass: boolean;
  problems: string[];
}

export async function runScenario(ctl: StackControl, fault: Fault, o: ScenarioOptions): Promise<FaultRow> {
  const readers: SinkReader[] = [
    { ...informerReader({ url: ctl.url('INFORMER_PORT', 8004) }), live: true },
    postgresReader({ url: ctl.postgresUrl }),
    clickhouseReader({ url: ctl.url('CLICKHOUSE_HTTP_PORT', 8123), final: true }),
  ];
  const tracker = new Tracker(readers.map((r) => r.name));
  const accountant = new Accountant(tracker, readers, { pollIntervalMs: o.pollMs });
  const stopLoad = new AbortController();
  const log = (msg: string): void => o.log(`[${fault.name}] ${msg}`);

  accountant.startLive();
  const loadStart = Date.now();
  let injectAt = 0;
  const load = runLoad({
    profile: constantProfile(o.rps, 3600), url: new URL(RECEIVER_ROUTES.createJob, ctl.url('RECEIVER_PORT', 8001)),
    maxInflight: 1000, timeoutMs: 10_000, onAccepted: (j) => tracker.add(j), signal: stopLoad.signal,
  });
  let detail = '';
  let repairStart = 0;
  let repairSec = 0;
  try {
    log(`load ${o.rps} jobs/s, warming up ${o.warmupSec} s`);
    await sleep(o.warmupSec * 1000);
    injectAt = Date.now();
    detail = await fault.inject(ctl);
    log(`${detail}${fault.holdSec ? `; holding ${fault.holdSec} s` : ''}`);
    await sleep(fault.holdSec * 1000);
    repairStart = Date.now();
    await ctl.up();
    repairSec = Math.round((Date.now() - repairStart) / 100) / 10;
    log(`make up done in ${repairSec} s; load for ${o.tailSec} s more`);
    await sleep(o.tailSec * 1000);
  } finally {
    stopLoad.abort();
  }
  const stats = await load;
  log(`${stats.ok} acknowledged, ${stats.failed} refused; waiting for every sink (at most ${o.settleSec} s)`);
  try {
    await accountant.settle(Date.now() + o.settleSec * 1000);
  } finally {
    await Promise.allSettled(readers.map((r) => r.close()));
  }

  const report = classify(tracker, { lateAfterMs: Number.MAX_SAFE_INTEGER, lateBy: {} });
  const recoverySec = recoveryOf(tracker, repairStart);
  const refusingSec = refusalOf(stats.series, Math.floor((injectAt - loadStart) / 1000));
  const lost = report.lost + report.unchecked;
  const duplicated = report.duplicated + report.repeatedIds;
  const problems: string[] = [];
  for (const s of report.sinks) {
    if (s.lost + s.unchecked > 0) problems.push(`${s.sink}: ${s.lost} incomplete, ${s.unchecked} never read${s.error ? ` (${s.error})` : ''}`);
    if (s.duplicated > 0) problems.push(`${s.sink}: ${s.duplicated} duplicated`);
  }
  if (report.samples.lost.length) problems.push(`lost e.g. ${report.samples.lost.slice(0, 3).join(', ')}`);
  if (recoverySec !== null && recoverySec > o.maxRecoverySec) problems.push(`recovery ${recoverySec} s > ${o.maxRecoverySec} s`);
  if (stats.ok === 0) problems.push('no job was acknowledged');
  const pass = problems.length === 0 && recoverySec !== null;
  log(`${pass ? 'pass' : 'FAIL'}: ${lost} lost, ${duplicated} duplicated, recovery ${recoverySec ?? 'none'} s${problems.length ? ` (${problems.join('; ')})` : ''}`);
  return {
    fault: fault.name, detail, acknowledged: stats.ok, refused: stats.failed + stats.dropped, lost, duplicated, refusingSec, repairSec, recoverySec,
    pass, problems,
  };
}

/**
 * How long the Receiver refused after the fault: from the first second with an error to the first
 * clean stretch. Answers are counted when they arrive, so a send timeout (5 s)
 * can stretch it by that much.
 */
function refusalOf(series: readonly SecondWindow[], fromSec: number): number | null {
  const after = series.filter((w) => w.t >= fromSec);
  const first = after.find((w) => w.errors > 0);
  if (!first) return 0;
  // Clean = three seconds in a row with answers and no error: a lone good second inside an
  // outage (timeouts arrive in bursts) does not count as recovered.
  const good = new Set(after.filter((w) => w.errors === 0 && w.ok > 0).map((w) => w.t));
  const clean = after.find((w) => w.t > first.t && good.has(w.t) && good.has(w.t + 1) && good.has(w.t + 2));
  return clean ? clean.t - first.t : null;
}

/** Seconds from `repairStart` until every job created before it was seen complete in every sink. */
function recoveryOf(tracker: Tracker, repairStart: number): number | null {
  let caughtUp = repairStart;
  for (const job of tracker.jobs) {
    if (job.createMs >= repairStart) continue;
    for (const sink of tracker.sinkNames) {
      const seen = tracker.state(sink, job.id)?.firstSeenMs;
      if (seen === undefined) return null;
      caughtUp = Math.max(caughtUp, seen);
    }
  }
  return Math.round((caughtUp - repairStart) / 100) / 10;
}
