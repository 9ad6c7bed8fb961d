import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PartitionOffsets } from '../../../src/kafka/offset-tracker.ts';
import { backoffDelay } from '../../../src/kafka/retry.ts';

describe('PartitionOffsets', () => {
  it('commits only when every earlier offset is finished', () => {
    const t = new PartitionOffsets<string>();
    for (const o of [10n, 11n, 12n]) assert.equal(t.track(o, `m${o}`), true);
    assert.deepEqual(t.finish(12n), { committable: undefined, released: [] });
    assert.deepEqual(t.finish(10n), { committable: 'm10', released: ['m10'] });
    assert.deepEqual(t.finish(11n), { committable: 'm12', released: ['m11', 'm12'] });
    assert.equal(t.inFlight, 0);
  });

  it('reports a redelivered offset so it is not processed twice', () => {
    const t = new PartitionOffsets<string>();
    t.track(5n, 'a');
    assert.equal(t.track(5n, 'again'), false);
    assert.equal(t.track(4n, 'older'), false);
    assert.equal(t.inFlight, 1);
  });

  it('handles many out-of-order finishes and compacts its queue', () => {
    const t = new PartitionOffsets<bigint>();
    const n = 5000;
    for (let i = 0; i < n; i++) t.track(BigInt(i), BigInt(i));
    let last: bigint | undefined;
    // Finish odd offsets first, then even ones: nothing is committable until 0 is done.
    for (let i = 1; i < n; i += 2) assert.equal(t.finish(BigInt(i)).committable, undefined);
    for (let i = 0; i < n; i += 2) last = t.finish(BigInt(i)).committable ?? last;
    assert.equal(last, BigInt(n - 1));
    assert.equal(t.inFlight, 0);
  });
});

describe('backoffDelay', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };
  it('doubles per attempt with jitter between half and full, capped', () => {
    assert.equal(backoffDelay(policy, 1, () => 1), 100);
    assert.equal(backoffDelay(policy, 1, () => 0), 50);
    assert.equal(backoffDelay(policy, 3, () => 1), 400);
    assert.equal(backoffDelay(policy, 10, () => 1), 1000);
  });
});
