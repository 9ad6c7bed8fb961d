import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bucketize, newHistogram, recordMs, summarize, summarizeValues } from '../../../src/loadgen/hist.ts';

test('percentiles in ms from an HDR histogram, within 0.1 %, never above the max', () => {
  const h = newHistogram();
  for (let i = 1; i <= 1000; i++) recordMs(h, i); // 1..1000 ms
  const p = summarize(h);
  assert.equal(p.count, 1000);
  for (const [got, want] of [[p.p50, 500], [p.p90, 900], [p.p99, 990], [p.p999, 999], [p.max, 1000]] as const) {
    assert.ok(Math.abs(got - want) <= want * 0.001, `${got} vs ${want}`);
  }
  assert.ok(p.p999 <= p.max);
  assert.equal(summarizeValues([]).count, 0);
  recordMs(h, 10 * 3600 * 1000); // ten hours: clamped, still counted, no throw
  assert.equal(summarize(h).count, 1001);
});

test('buckets: round widths up to the p99.9, the far tail in one open bucket, nothing lost', () => {
  const values = Array.from({ length: 5000 }, (_, i) => 100 + (i % 107));
  values.push(60_000, 90_000, 120_000); // three stragglers: under 0.1 % of 5003
  const b = bucketize(values);
  assert.equal(b.reduce((n, x) => n + x.count, 0), values.length);
  const width = (b[0]?.hiMs ?? 0) - (b[0]?.loMs ?? 0);
  assert.equal(width, 10, 'p99.9 ≈ 206 ms over ~30 bins → 10 ms buckets');
  const last = b[b.length - 1];
  assert.equal(last?.open, true);
  assert.equal(last?.count, 3);
  assert.ok((last?.loMs ?? 0) < 300, 'the tail does not stretch the axis to 120 s');
});
