/**
 * One whole load session: the run (or the max search), end-to-end accounting of every accepted
 * job, the verdict, all gathered into a LoadResult. No argv, no files, no exit codes: that is the
 * CLI's part, so tests can drive a session with fake sinks.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { classify, type AccountingReport, type LateBy } from './accounting/classify.ts';
import { Accountant } from './accounting/poller.ts';
import type { SinkReader } from './accounting/sink.ts';
import { Tracker, type SinkName } from './accounting/tracker.ts';
import type { CliOptions } from './args.ts';
import { searchMax } from './max-search.ts';
import { constantProfile } from './profile.ts';
import { maskUrl, withoutSeries, type LoadResult, type SearchResult, type TrialResult } from './result.ts';
import { runLoad } from './runner.ts';
import { startProgress } from './progress.ts';
import { clickhouseReader } from './sinks/clickhouse.ts';
import { informerReader } from './sinks/informer.ts';
import { postgresReader } from './sinks/postgres.ts';
import type { AcceptedJob, CriterionResult, Profile, RunStats } from './types.ts';
import { judgeAccounting, judgeRun, verdictOf } from './verdict.ts';

export interface SessionDeps {
  /** Sink readers to use instead of the real Informer/PostgreSQL/ClickHouse ones. */
  readers?: SinkReader[];
  signal?: AbortSignal;
}

export async function runSession(o: CliOptions, deps: SessionDeps = {}): Promise<LoadResult> {
  const startedAt = new Date().toISOString();
  const readers = o.accounting ? (deps.readers ?? defaultReaders(o)) : [];
  const tracker = new Tracker(readers.map((r) => r.name));
  const accountant = new Accountant(tracker, readers, { pollIntervalMs: o.pollIntervalMs });
  if (o.accounting) accountant.startLive();
  const run = (profile: Profile): Promise<RunStats> =>
    runLoad({
      profile, url: o.receiverUrl, maxInflight: o.maxInflight, timeoutMs: o.timeoutMs, job: o.job, progress: o.progress,
      onAccepted: (job: AcceptedJob) => tracker.add(job),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });

  let stats: RunStats;
  let search: SearchResult | null = null;
  const criteria: CriterionResult[] = [];
  try {
    if (o.mode === 'max' && o.search) {
      ({ stats, search } = await maxSearch(o, run, deps.signal));
      criteria.push({
        name: 'highest passing rate',
        expected: `a rate in ${search.fromRps}–${search.toRps} rps passes`,
        actual: search.best === null ? 'none passed' : `${search.best} rps`,
        pass: search.best !== null && !stats.interrupted,
      });
    } else {
      stats = await run(o.profile);
      criteria.push(...judgeRun(stats, o.criteria));
    }
  } finally {
    await accountant.stopLive();
  }

  let accounting: AccountingReport | null = null;
  if (o.accounting) {
    const progress = o.progress ? startProgress(() => `accounting: ${tracker.pendingCount()} job×sink checks pending of ${tracker.jobs.length * readers.length}`) : undefined;
    try {
      await accountant.settle(Date.now() + o.accountingTimeoutSec * 1000);
    } finally {
      progress?.stop();
      await Promise.allSettled(readers.map((r) => r.close()));
    }
    const lateBy: Partial<Record<SinkName, LateBy>> = {};
    for (const r of readers) lateBy[r.name] = r.live ? 'seen' : 'finish';
    accounting = classify(tracker, { lateAfterMs: o.lateMs, lateBy });
    criteria.push(...judgeAccounting(accounting));
  }

  return {
    tool: 'conveyor-loadgen', version: 1, name: o.name, mode: o.mode, startedAt, finishedAt: new Date().toISOString(),
    config: configOf(o), run: stats, search, accounting, verdict: verdictOf(criteria),
  };
}

async function maxSearch(
  o: CliOptions,
  run: (p: Profile) => Promise<RunStats>,
  signal: AbortSignal | undefined,
): Promise<{ stats: RunStats; search: SearchResult }> {
  const cfg = o.search as NonNullable<CliOptions['search']>;
  const trials: TrialResult[] = [];
  let best: RunStats | undefined;
  let last: RunStats | undefined;
  const { best: bestRps } = await searchMax(cfg, async (rps) => {
    if (last && cfg.pauseSec > 0) await sleep(cfg.pauseSec * 1000); // let the pipeline drain the last trial's backlog
    if (signal?.aborted) return false;
    const stats = await run({ ...constantProfile(rps, cfg.trialSec), name: `max trial ${rps} rps` });
    const criteria = judgeRun(stats, o.criteria);
    const pass = criteria.every((c) => c.pass);
    trials.push({ rps, pass, criteria, stats: withoutSeries(stats) });
    last = stats;
    if (pass && (!best || rps > best.targetRps)) best = stats;
    return pass;
  });
  const stats = best ?? last;
  if (!stats) throw new Error('max search ran no trial');
  return { stats, search: { fromRps: cfg.fromRps, toRps: cfg.toRps, trialSec: cfg.trialSec, best: bestRps, trials } };
}

function defaultReaders(o: CliOptions): SinkReader[] {
  return [informerReader({ url: o.informerUrl }), postgresReader({ url: o.postgresUrl }), clickhouseReader({ url: o.clickhouseUrl })];
}

function configOf(o: CliOptions): Record<string, unknown> {
  return {
    mode: o.mode, profile: o.mode === 'run' ? o.profile : null, search: o.search, receiver: o.receiverUrl.toString(), informer: o.informerUrl,
    postgres: maskUrl(o.postgresUrl), clickhouse: o.clickhouseUrl, accounting: o.accounting, maxInflight: o.maxInflight,
    timeoutMs: o.timeoutMs, job: o.job, criteria: o.criteria, accountingTimeoutSec: o.accountingTimeoutSec,
    pollIntervalMs: o.pollIntervalMs, lateMs: o.lateMs,
  };
}
