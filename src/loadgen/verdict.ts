/**
 * PASS/FAIL criteria. A run passes when nothing failed or was dropped, the p99 of the accept
 * latency (from the scheduled start) is within bound and the achieved rate is close enough to the
 * target; with accounting, also when no accepted job was lost, duplicated or left unverified.
 * Late jobs are reported, not failed: lateness is a threshold for a person to judge.
 */
import type { AccountingReport } from './accounting/classify.ts';
import type { CriterionResult, RunStats, Verdict } from './types.ts';

export interface Criteria {
  /** Highest accepted share of failed + dropped requests (the 0). */
  maxErrorRate: number;
  p99Ms: number;
  /** Lowest accepted achieved/target ratio (the 0.95). */
  minAchievedRatio: number;
}

export const DEFAULT_CRITERIA: Criteria = { maxErrorRate: 0, p99Ms: 200, minAchievedRatio: 0.95 };

const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

export function judgeRun(s: RunStats, c: Criteria): CriterionResult[] {
  const bad = s.failed + s.dropped;
  const errorRate = s.scheduled > 0 ? bad / s.scheduled : 1;
  const ratio = s.targetRps > 0 ? s.achievedRps / s.targetRps : 0;
  const out: CriterionResult[] = [
    {
      name: 'error rate (failed + dropped)',
      expected: c.maxErrorRate === 0 ? '0' : `≤ ${pct(c.maxErrorRate)}`,
      actual: `${bad} of ${s.scheduled} (${pct(errorRate)})`,
      pass: s.scheduled > 0 && errorRate <= c.maxErrorRate,
    },
    {
      name: 'p99 accept latency',
      expected: `≤ ${c.p99Ms} ms`,
      actual: s.latency.count > 0 ? `${s.latency.p99.toFixed(1)} ms` : 'no answers',
      pass: s.latency.count > 0 && s.latency.p99 <= c.p99Ms,
    },
    {
      name: 'achieved rate',
      expected: `≥ ${pct(c.minAchievedRatio)} of ${s.targetRps} rps`,
      actual: `${s.achievedRps} rps (${pct(ratio)})`,
      pass: ratio >= c.minAchievedRatio,
    },
  ];
  if (s.interrupted) out.push({ name: 'run completed', expected: 'whole schedule', actual: 'interrupted', pass: false });
  return out;
}

export function judgeAccounting(a: AccountingReport): CriterionResult[] {
  const out: CriterionResult[] = [
    { name: 'lost jobs (missing in a sink at the deadline)', expected: '0', actual: `${a.lost} of ${a.jobs}`, pass: a.lost === 0 },
    { name: 'duplicated jobs', expected: '0', actual: `${a.duplicated} of ${a.jobs}`, pass: a.duplicated === 0 },
    { name: 'unverified jobs (a sink never answered)', expected: '0', actual: `${a.unchecked} of ${a.jobs}`, pass: a.unchecked === 0 },
  ];
  if (a.repeatedIds > 0) out.push({ name: 'ids accepted twice', expected: '0', actual: String(a.repeatedIds), pass: false });
  return out;
}

export function verdictOf(criteria: CriterionResult[]): Verdict {
  return { pass: criteria.length > 0 && criteria.every((c) => c.pass), criteria };
}
