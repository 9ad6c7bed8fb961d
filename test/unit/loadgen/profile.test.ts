import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arrivals, constantProfile, expectedCount, parseSteps, rampProfile, rateAt, SEED_PROFILE, stepsProfile } from '../../../src/loadgen/profile.ts';
import { searchMax } from '../../../src/loadgen/max-search.ts';

const perSecond = (offsets: number[]): number[] => {
  const out: number[] = [];
  for (const o of offsets) out[Math.floor(o / 1000)] = (out[Math.floor(o / 1000)] ?? 0) + 1;
  return out;
};

test('constant: evenly spaced, exactly rate × duration, starting at 0', () => {
  const a = [...arrivals(constantProfile(200, 2))];
  assert.equal(a.length, 400);
  assert.equal(a[0], 0);
  assert.ok(Math.abs((a[1] as number) - 5) < 1e-9);
  assert.deepEqual(perSecond(a), [200, 200]);
});

test('the seed preset is the seed tank: 25 rps for 300 s', () => {
  assert.deepEqual(SEED_PROFILE.segments, [{ durationSec: 300, fromRps: 25, toRps: 25 }]);
  assert.equal(expectedCount(SEED_PROFILE), 7500);
});

test('ramp: per-second counts follow the line, total is the integral', () => {
  const p = rampProfile(100, 2000, 60);
  const a = [...arrivals(p)];
  assert.equal(a.length, 63_000); // (100 + 2000) / 2 × 60
  assert.equal(a.length, expectedCount(p));
  const ps = perSecond(a);
  assert.equal(ps.length, 60);
  for (const [s, n] of ps.entries()) assert.ok(Math.abs(n - rateAt(p, s + 0.5)) <= 1, `second ${s}: ${n} vs ${rateAt(p, s + 0.5)}`);
  for (let i = 1; i < a.length; i++) assert.ok((a[i] as number) > (a[i - 1] as number), 'strictly ascending');
  const down = perSecond([...arrivals(rampProfile(1000, 0, 10))]);
  assert.ok((down[0] ?? 0) > 900 && (down[9] ?? 0) < 100, `falling ramp ${down.join(',')}`);
});

test('steps: each step at its own rate, parsed from 100x10,500x10', () => {
  const steps = parseSteps('100x2,500x1');
  assert.deepEqual(steps, [{ rps: 100, durationSec: 2 }, { rps: 500, durationSec: 1 }]);
  assert.deepEqual(perSecond([...arrivals(stepsProfile(steps))]), [100, 100, 500]);
  assert.throws(() => parseSteps('100x'), /bad step/);
  assert.throws(() => parseSteps('fast'), /RATExSECONDS/);
});

test('max search: doubles until a failure, then bisects to within the precision', async () => {
  const capacity = 730; // a fake system that passes up to 730 rps
  const tried: number[] = [];
  const r = await searchMax({ fromRps: 100, toRps: 5000, precision: 0.05, maxTrials: 20 }, async (rps) => {
    tried.push(rps);
    return rps <= capacity;
  });
  assert.deepEqual(tried.slice(0, 4), [100, 200, 400, 800]);
  assert.ok(r.best !== null && r.best <= capacity && r.best >= capacity * 0.95, `best ${r.best}`);
  assert.ok(r.trials.length <= 10, `${r.trials.length} trials`);
});

test('max search: bounded by maxTrials, by the ceiling, and reports none when nothing passes', async () => {
  const capped = await searchMax({ fromRps: 100, toRps: 300, precision: 0.05, maxTrials: 10 }, async () => true);
  assert.deepEqual(capped.trials.map((t) => t.rps), [100, 200, 300]);
  assert.equal(capped.best, 300);
  const none = await searchMax({ fromRps: 100, toRps: 1000, precision: 0.05, maxTrials: 4 }, async () => false);
  assert.equal(none.trials.length, 4);
  assert.equal(none.best, null);
});
