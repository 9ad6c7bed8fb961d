import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JobView } from '../../../src/services/informer/job-view.ts';
import { buildJob, hexData, randomSleep } from '../../../src/services/receiver/job-factory.ts';

describe('JobView', () => {
  const id = 'b31b7446-20f7-4add-adea-157bac7fe73b';
  it('is unknown, then create, then finish', () => {
    const v = new JobView(10);
    assert.deepEqual(v.get(id), { id, status: 'unknown' });
    v.created(id, Date.parse('2024-01-27T12:34:50.594Z'));
    assert.deepEqual(v.get(id), { id, status: 'create', create_date: '2024-01-27T12:34:50.594Z' });
    v.finished(id, Date.parse('2024-01-27T12:34:50.594Z'), Date.parse('2024-01-27T12:34:50.704Z'));
    assert.deepEqual(v.get(id), { id, status: 'finish', create_date: '2024-01-27T12:34:50.594Z', finish_date: '2024-01-27T12:34:50.704Z' });
  });
  it('a finish seen before its create still answers finish with both dates', () => {
    const v = new JobView(10);
    v.finished(id, 1000, 2000);
    v.created(id, 1000);
    assert.equal(v.get(id).status, 'finish');
  });
  it('is bounded: the oldest job is evicted when full', () => {
    const v = new JobView(3);
    for (let i = 0; i < 5; i++) v.created(`id-${i}`, 1000 + i);
    assert.equal(v.size, 3);
    assert.equal(v.evicted, 2);
    assert.equal(v.get('id-0').status, 'unknown');
    assert.equal(v.get('id-4').status, 'create');
  });
});

describe('job factory', () => {
  it('sleep stays within [min, max] and data has the asked size in hex', () => {
    for (let i = 0; i < 1000; i++) { const s = randomSleep(100, 200); assert.ok(s >= 100 && s <= 200); }
    assert.equal(randomSleep(100, 200, () => 0.9999999), 200);
    assert.match(hexData(1023), /^[0-9a-f]{1023}$/);
    const job = buildJob({ sleep: 5, data_size: 8 }, { minSleepMs: 100, maxSleepMs: 200, dataSize: 1024 });
    assert.equal(job.sleep, 5);
    assert.equal(job.data.length, 8);
    assert.match(job.create_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('hexData', () => {
  it('never hands out the same random bytes twice, across pool refills, at any size', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const d = hexData(1024);
      assert.match(d, /^[0-9a-f]{1024}$/);
      assert.ok(!seen.has(d), 'repeated data');
      seen.add(d);
    }
    assert.equal(hexData(0), '');
    assert.match(hexData(200_001), /^[0-9a-f]{200001}$/);
  });
});
