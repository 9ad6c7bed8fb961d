/**
 * The JSON result file's shape. Everything the HTML report shows is in it, so a report can be
 * re-rendered from a result file alone.
 */
import type { AccountingReport } from './accounting/classify.ts';
import type { CriterionResult, RunStats, Verdict } from './types.ts';

export interface TrialResult {
  rps: number;
  pass: boolean;
  criteria: CriterionResult[];
  stats: Omit<RunStats, 'series'>;
}

export interface SearchResult {
  fromRps: number;
  toRps: number;
  trialSec: number;
  best: number | null;
  trials: TrialResult[];
}

export interface LoadResult {
  tool: 'conveyor-loadgen';
  version: 1;
  name: string;
  mode: 'run' | 'max';
  startedAt: string;
  finishedAt: string;
  /** The options the run used (the PostgreSQL password is masked). */
  config: Record<string, unknown>;
  /** The run's statistics; for `max`, those of the best passing trial (else the last trial). */
  run: RunStats;
  search: SearchResult | null;
  /** Null when accounting was switched off. */
  accounting: AccountingReport | null;
  verdict: Verdict;
}

/** A URL with its password replaced by ***, for the result file and the report. */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

export function withoutSeries(s: RunStats): Omit<RunStats, 'series'> {
  const { series: _series, ...rest } = s;
  return rest;
}
