import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../../src/loadgen/accounting/classify.ts';
import { observeClickhouse, observeInformer, observeMany, observePostgres, type ChRow, type Observation } from '../../../src/loadgen/accounting/observe.ts';
import { Accountant } from '../../../src/loadgen/accounting/poller.ts';
import type { SinkReader } from '../../../src/loadgen/accounting/sink.ts';
import { Tracker, type SinkName } from '../../../src/loadgen/accounting/tracker.ts';
import { clickhouseQuery, parseClickhouseRows } from '../../../src/loadgen/sinks/clickhouse.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const ch = (id: string, status: string, count: number, ms: number): ChRow => ({ id, status, count, maxTimestampMs: ms });

test('observers: what counts as complete and what counts as extra rows', () => {
  assert.deepEqual(observeInformer({ id: 'a', status: 'unknown' }), { present: false, extra: 0 });
  assert.equal(observeInformer({ id: 'a', status: 'create', create_date: '2026-01-01T00:00:00.000Z' }).present, false);
  const fin = observeInformer({ id: 'a', status: 'finish', create_date: '2026-01-01T00:00:00.000Z', finish_date: '2026-01-01T00:00:00.180Z' });
  assert.deepEqual(fin, { present: true, extra: 0, createMs: T0, finishMs: T0 + 180 });

  assert.equal(observePostgres([]).present, false);
  assert.deepEqual(observePostgres([{ id: 'a', status: 'finish', create_date: T0, finish_date: T0 + 200 }]), { present: true, extra: 0, createMs: T0, finishMs: T0 + 200 });
  assert.equal(observePostgres([{ id: 'a', status: 'create', create_date: T0, finish_date: null }]).present, false);

  assert.deepEqual(observeClickhouse([ch('a', 'create', 1, T0), ch('a', 'finish', 1, T0 + 150)]), { present: true, extra: 0, createMs: T0, finishMs: T0 + 150 });
  assert.equal(observeClickhouse([ch('a', 'create', 1, T0)]).present, false, 'finish row missing');
  assert.deepEqual(observeClickhouse([ch('a', 'create', 2, T0), ch('a', 'finish', 1, T0 + 150)]).extra, 1);
  assert.deepEqual(observeClickhouse([ch('a', 'create', 1, T0), ch('a', 'finish', 1, T0 + 1), ch('a', 'bogus', 1, 0)]).extra, 1);

  const many = observeMany(['a', 'b'], [ch('a', 'create', 1, T0), ch('a', 'finish', 1, T0 + 5)], observeClickhouse);
  assert.equal(many.get('a')?.present, true);
  assert.deepEqual(many.get('b'), { present: false, extra: 0 }, 'an id with no rows is observed absent');
});

test('classify: a job missing in a sink is lost, one with extra rows is duplicated, a slow one is late', () => {
  const sinks: SinkName[] = ['informer', 'postgres', 'clickhouse'];
  const tr = new Tracker(sinks);
  const ids = ['ok', 'missing-ch', 'dup-ch', 'late-pg', 'never-read'];
  for (const id of ids) tr.add({ id, createMs: T0 });
  const good: Observation = { present: true, extra: 0, createMs: T0, finishMs: T0 + 200 };
  for (const id of ids.slice(0, 4)) {
    tr.record('informer', id, good, T0 + 2000);
    tr.record('postgres', id, id === 'late-pg' ? { present: false, extra: 0 } : good, T0 + 1000);
    tr.record('clickhouse', id, id === 'missing-ch' ? { present: false, extra: 0 } : { ...good, extra: id === 'dup-ch' ? 1 : 0 }, T0 + 1000);
  }
  tr.record('postgres', 'late-pg', good, T0 + 15_000); // first seen 15 s after create
  tr.record('informer', 'never-read', good, T0 + 2000);
  tr.record('clickhouse', 'never-read', good, T0 + 1000);
  tr.add({ id: 'ok', createMs: T0 }); // the Receiver handing out an id twice is noticed

  const r = classify(tr, { lateAfterMs: 10_000, lateBy: { informer: 'finish', postgres: 'seen', clickhouse: 'seen' } });
  assert.equal(r.jobs, 5);
  assert.equal(r.ok, 1);
  assert.equal(r.lost, 1);
  assert.deepEqual(r.samples.lost, ['missing-ch']);
  assert.equal(r.duplicated, 1);
  assert.deepEqual(r.samples.duplicated, ['dup-ch']);
  assert.equal(r.late, 1);
  assert.deepEqual(r.samples.late, ['late-pg']);
  assert.equal(r.unchecked, 1);
  assert.deepEqual(r.samples.unchecked, ['never-read']);
  assert.equal(r.repeatedIds, 1);
  const bySink = Object.fromEntries(r.sinks.map((s) => [s.sink, s]));
  assert.equal(bySink.clickhouse?.lost, 1);
  assert.equal(bySink.clickhouse?.duplicated, 1);
  assert.equal(bySink.clickhouse?.extraRows, 1);
  assert.equal(bySink.postgres?.late, 1);
  assert.equal(bySink.postgres?.unchecked, 1);
  assert.equal(bySink.informer?.ok, 5);
  // Latencies: pipeline time from the sinks' own timestamps, visibility from first observation.
  // (HDR histograms keep 3 significant digits: values are within 0.1 %.)
  assert.ok(Math.abs((r.e2e?.p50 ?? 0) - 200) < 0.5, `e2e p50 ${r.e2e?.p50}`);
  assert.ok(Math.abs((bySink.postgres?.visible?.max ?? 0) - 15_000) < 20, `pg visible max ${bySink.postgres?.visible?.max}`);
  assert.equal(bySink.informer?.visible, null, 'the Informer is read after the run: no visibility latency');
  assert.ok(r.e2eBuckets.reduce((n, b) => n + b.count, 0) === 5);
});

test('poller: live sinks polled during the run, the rest after; late duplicates caught by the recount', async () => {
  const calls: Record<string, number> = { informer: 0, clickhouse: 0 };
  const chRows = new Map<string, ChRow[]>();
  const fakeCh: SinkReader = {
    name: 'clickhouse', live: true, countsRows: true, batchSize: 2,
    async read(ids) {
      calls.clickhouse = (calls.clickhouse ?? 0) + 1;
      assert.ok(ids.length <= 2, 'batched by batchSize');
      return observeMany(ids, ids.flatMap((id) => chRows.get(id) ?? []), observeClickhouse);
    },
    close: async () => undefined,
  };
  const fakeInformer: SinkReader = {
    name: 'informer', live: false, countsRows: false, batchSize: 500,
    async read(ids) {
      calls.informer = (calls.informer ?? 0) + 1;
      return new Map(ids.map((id) => [id, observeInformer({ id, status: 'finish', create_date: new Date(T0).toISOString(), finish_date: new Date(T0 + 100).toISOString() })]));
    },
    close: async () => undefined,
  };
  const tr = new Tracker(['informer', 'clickhouse']);
  const acc = new Accountant(tr, [fakeInformer, fakeCh], { pollIntervalMs: 20 });
  acc.startLive();
  for (const id of ['a', 'b', 'c']) tr.add({ id, createMs: Date.now() });
  chRows.set('a', [ch('a', 'create', 1, T0), ch('a', 'finish', 1, T0)]);
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(calls.informer, 0, 'the Informer is not read while the load runs');
  assert.ok((calls.clickhouse ?? 0) >= 2);
  assert.ok(tr.state('clickhouse', 'a')?.firstSeenMs !== undefined);
  chRows.set('b', [ch('b', 'create', 1, T0), ch('b', 'finish', 1, T0)]);
  // c never arrives; a gets a redelivered copy after it was already complete.
  chRows.set('a', [ch('a', 'create', 1, T0), ch('a', 'finish', 2, T0)]);
  const started = Date.now();
  await acc.settle(Date.now() + 300);
  assert.ok(Date.now() - started < 2000, 'settle stops at its deadline');
  const r = classify(tr, { lateAfterMs: 10_000, lateBy: { informer: 'finish', clickhouse: 'seen' } });
  assert.deepEqual(r.samples.lost, ['c']);
  assert.deepEqual(r.samples.duplicated, ['a']);
  assert.equal(r.ok, 1);
});

test('poller: a sink that cannot be read leaves its jobs unverified and says why', async () => {
  const down: SinkReader = {
    name: 'postgres', live: true, countsRows: true, batchSize: 500,
    read: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:5432'); },
    close: async () => undefined,
  };
  const tr = new Tracker(['postgres']);
  tr.add({ id: 'x', createMs: T0 });
  await new Accountant(tr, [down], { pollIntervalMs: 20 }).settle(Date.now() + 100);
  const r = classify(tr, { lateAfterMs: 1000, lateBy: {} });
  assert.equal(r.unchecked, 1);
  assert.equal(r.ok, 0);
  assert.match(r.sinks[0]?.error ?? '', /ECONNREFUSED/);
});

test('ClickHouse query and answer parsing: ids are escaped, quoted 64-bit numbers parsed', () => {
  const q = clickhouseQuery(["a'b", 'c\\d']);
  assert.match(q, /IN \('a\\'b','c\\\\d'\)/);
  assert.match(q, /GROUP BY id, status FORMAT JSONEachRow$/);
  assert.doesNotMatch(q, /FINAL/, 'raw rows are counted');
  const rows = parseClickhouseRows('{"id":"a","status":"create","c":"2","ms":"1767225600123"}\n{"id":"a","status":"finish","c":"1","ms":"1767225600300"}\n');
  assert.deepEqual(rows[0], { id: 'a', status: 'create', count: 2, maxTimestampMs: 1767225600123 });
  assert.equal(rows.length, 2);
});
