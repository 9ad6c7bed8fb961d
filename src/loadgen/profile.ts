/**
 * Load profiles and the open-model arrival schedule they produce. The schedule is fixed up front
 * (a pure function of the profile), so requests start on time whatever the server does: that is
 * what keeps slow answers from hiding behind fewer requests (coordinated omission).
 */
import type { Profile, Segment } from './types.ts';

/** Upper bound for any rate: keeps a typo from turning into a flood. */
export const MAX_RPS = 100_000;
/** Upper bound for any duration, so every run stops by itself. */
export const MAX_DURATION_SEC = 24 * 3600;

/** The seed's yandex-tank load: constant 25 RPS for 300 s against create job. */
export const SEED_PROFILE: Profile = { name: 'seed', segments: [{ durationSec: 300, fromRps: 25, toRps: 25 }] };

export function constantProfile(rps: number, durationSec: number): Profile {
  return { name: 'constant', segments: [{ durationSec, fromRps: rps, toRps: rps }] };
}

export function rampProfile(fromRps: number, toRps: number, durationSec: number): Profile {
  return { name: 'ramp', segments: [{ durationSec, fromRps, toRps }] };
}

export function stepsProfile(steps: Array<{ rps: number; durationSec: number }>): Profile {
  return { name: 'steps', segments: steps.map((s) => ({ durationSec: s.durationSec, fromRps: s.rps, toRps: s.rps })) };
}

/** Parses `100x10,500x10` (rate × seconds, comma separated). Throws a readable Error on bad input. */
export function parseSteps(text: string): Array<{ rps: number; durationSec: number }> {
  const steps = text.split(',').map((part) => {
    const m = /^\s*(\d+(?:\.\d+)?)\s*x\s*(\d+(?:\.\d+)?)\s*$/i.exec(part);
    if (!m) throw new Error(`bad step "${part}": expected RATExSECONDS, e.g. 100x10`);
    return { rps: Number(m[1]), durationSec: Number(m[2]) };
  });
  if (steps.length === 0) throw new Error('no steps given');
  return steps;
}

/** Throws a readable Error if the profile would be unbounded or meaningless. */
export function validateProfile(p: Profile): void {
  if (p.segments.length === 0) throw new Error('profile has no segments');
  let total = 0;
  for (const s of p.segments) {
    for (const r of [s.fromRps, s.toRps]) {
      if (!Number.isFinite(r) || r < 0 || r > MAX_RPS) throw new Error(`rate ${r} is outside [0, ${MAX_RPS}]`);
    }
    if (!Number.isFinite(s.durationSec) || s.durationSec <= 0) throw new Error(`duration ${s.durationSec} must be > 0`);
    total += s.durationSec;
  }
  if (total > MAX_DURATION_SEC) throw new Error(`total duration ${total}s exceeds ${MAX_DURATION_SEC}s`);
}

export function totalDurationSec(p: Profile): number {
  return p.segments.reduce((sum, s) => sum + s.durationSec, 0);
}

/** Requests a segment asks for in its first `t` seconds: the integral of a linear rate. */
function segmentCount(s: Segment, t: number): number {
  return s.fromRps * t + ((s.toRps - s.fromRps) * t * t) / (2 * s.durationSec);
}

/** The number of requests the whole profile asks for (rounded up: the schedule starts at t = 0). */
export function expectedCount(p: Profile): number {
  return Math.ceil(p.segments.reduce((sum, s) => sum + segmentCount(s, s.durationSec), 0) - 1e-9);
}

/** The rate the profile asks for at `t` seconds from the start (0 past the end). */
export function rateAt(p: Profile, t: number): number {
  let start = 0;
  for (const s of p.segments) {
    if (t < start + s.durationSec) return s.fromRps + ((s.toRps - s.fromRps) * (t - start)) / s.durationSec;
    start += s.durationSec;
  }
  return 0;
}

/**
 * Start offsets (ms from the run's start, ascending) of every request: the i-th request (from 0)
 * starts when the cumulative requested count reaches i. Finite because every segment is.
 */
export function* arrivals(p: Profile): Generator<number> {
  let segStartSec = 0;
  let countBefore = 0; // requests asked for by the earlier segments (fractional)
  let next = 0; // index of the next request
  for (const s of p.segments) {
    const k = (s.toRps - s.fromRps) / s.durationSec; // acceleration, requests/s²
    for (;;) {
      const x = next - countBefore; // requests still to go inside this segment before `next`
      // Solves from·t + k·t²/2 = x in the form that stays stable when k is 0 or negative.
      const disc = s.fromRps * s.fromRps + 2 * k * x;
      if (disc < 0) break; // a falling ramp that never reaches x
      const denom = s.fromRps + Math.sqrt(disc);
      const t = x === 0 ? 0 : denom > 0 ? (2 * x) / denom : Infinity;
      if (!(t < s.durationSec)) break;
      yield (segStartSec + t) * 1000;
      next++;
    }
    countBefore += segmentCount(s, s.durationSec);
    segStartSec += s.durationSec;
  }
}

export function describeProfile(p: Profile): string {
  const parts = p.segments.map((s) =>
    s.fromRps === s.toRps ? `${s.fromRps} rps × ${s.durationSec}s` : `${s.fromRps}→${s.toRps} rps over ${s.durationSec}s`,
  );
  return `${p.name}: ${parts.join(', ')}`;
}
