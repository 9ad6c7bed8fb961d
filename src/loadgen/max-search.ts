/**
 * The `max` profile's search for the highest passing rate: double from `fromRps` until a trial
 * fails (or `toRps` passes), then bisect between the last pass and the first failure until the
 * gap is within `precision` of the failing rate. At most `maxTrials` trials, each bounded by its
 * caller, so the whole search is bounded.
 */
export interface SearchOptions {
  fromRps: number;
  toRps: number;
  /** Stop when (fail − pass) ≤ precision × fail (e.g. 0.05). */
  precision: number;
  maxTrials: number;
}

export interface TrialOutcome {
  rps: number;
  pass: boolean;
}

export async function searchMax(
  opts: SearchOptions,
  trial: (rps: number) => Promise<boolean>,
): Promise<{ best: number | null; trials: TrialOutcome[] }> {
  const trials: TrialOutcome[] = [];
  let lo = 0; // highest passing rate so far (0: none)
  let hi = Infinity; // lowest failing rate so far
  let rate = Math.round(opts.fromRps);
  while (trials.length < opts.maxTrials) {
    const pass = await trial(rate);
    trials.push({ rps: rate, pass });
    if (pass) lo = Math.max(lo, rate);
    else hi = Math.min(hi, rate);
    if (hi === Infinity) {
      if (rate >= opts.toRps) break; // the ceiling passes: nothing higher to look for
      rate = Math.min(Math.round(opts.toRps), rate * 2);
      continue;
    }
    if (hi - lo <= Math.max(1, opts.precision * hi)) break;
    const mid = Math.round((lo + hi) / 2);
    if (mid <= lo || mid >= hi) break;
    rate = mid;
  }
  return { best: lo > 0 ? lo : null, trials };
}
