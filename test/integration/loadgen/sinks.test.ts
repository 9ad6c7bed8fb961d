/**
 * The sink readers and the accounting against the REAL PostgreSQL and ClickHouse of the local
 * stack (`make up`): rows for fresh random ids are written straight into both `jobs` tables,
 * then read back and classified. PostgreSQL rows are deleted afterwards; ClickHouse 18.16 has no
 * dependable DELETE, and fresh UUIDs make the few leftover rows harmless to anyone else.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { classify } from '../../../src/loadgen/accounting/classify.ts';
import { Accountant } from '../../../src/loadgen/accounting/poller.ts';
import { Tracker } from '../../../src/loadgen/accounting/tracker.ts';
import { clickhouseReader } from '../../../src/loadgen/sinks/clickhouse.ts';
import { postgresReader } from '../../../src/loadgen/sinks/postgres.ts';

const PG_URL = `postgres://${process.env.POSTGRES_USER || 'postgres'}:${process.env.POSTGRES_PASSWORD || 'password'}@127.0.0.1:${process.env.POSTGRES_PORT || '5432'}/${process.env.POSTGRES_DB || 'postgres'}`;
const CH_URL = `http://127.0.0.1:${process.env.CLICKHOUSE_HTTP_PORT || '8123'}/`;

async function clickhouse(sql: string): Promise<string> {
  const res = await fetch(CH_URL, { method: 'POST', body: sql, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  assert.ok(res.ok, `ClickHouse: ${text}`);
  return text;
}

const chRow = (id: string, status: string, ms: number): string =>
  JSON.stringify({ id, status, timestamp: Math.floor(ms / 1000), timestamp_ms: ms });

test('sink readers + accounting classify real PostgreSQL and ClickHouse rows', async () => {
  const created = Date.now() - 2000;
  const finished = created + 180;
  const ids = { good: randomUUID(), noClickhouse: randomUUID(), tripleClickhouse: randomUUID(), noPostgres: randomUUID() };
  const db = new pg.Client({ connectionString: PG_URL });
  await db.connect();
  const pgReader = postgresReader({ url: PG_URL, batchSize: 2 }); // 2 per query: several batches
  const chReader = clickhouseReader({ url: CH_URL, batchSize: 2 });
  try {
    for (const id of [ids.good, ids.noClickhouse, ids.tripleClickhouse]) {
      await db.query('INSERT INTO jobs (id, status, create_date, finish_date) VALUES ($1, $2, $3, $4)', [id, 'finish', created, finished]);
    }
    // One INSERT, one part: the extra 'create' copy stays countable until a background merge,
    // which ClickHouse does not start within the seconds this test takes.
    const rows = [ids.good, ids.tripleClickhouse, ids.noPostgres].flatMap((id) => [chRow(id, 'create', created), chRow(id, 'finish', finished)]);
    rows.push(chRow(ids.tripleClickhouse, 'create', created));
    await clickhouse(`INSERT INTO jobs (id, status, timestamp, timestamp_ms) FORMAT JSONEachRow\n${rows.join('\n')}`);

    const tracker = new Tracker(['postgres', 'clickhouse']);
    for (const id of Object.values(ids)) tracker.add({ id, createMs: created });
    await new Accountant(tracker, [pgReader, chReader], { pollIntervalMs: 200 }).settle(Date.now() + 1500);
    const report = classify(tracker, { lateAfterMs: 60_000, lateBy: { postgres: 'seen', clickhouse: 'seen' } });

    assert.equal(report.jobs, 4);
    assert.equal(report.ok, 1, JSON.stringify(report.samples));
    assert.deepEqual(report.samples.lost.sort(), [ids.noClickhouse, ids.noPostgres].sort());
    assert.deepEqual(report.samples.duplicated, [ids.tripleClickhouse]);
    assert.equal(report.unchecked, 0, JSON.stringify(report.sinks.map((s) => s.error)));
    const sink = Object.fromEntries(report.sinks.map((s) => [s.sink, s]));
    assert.equal(sink.postgres?.lost, 1);
    assert.equal(sink.postgres?.ok, 3);
    assert.equal(sink.clickhouse?.lost, 1);
    assert.equal(sink.clickhouse?.duplicated, 1);
    assert.equal(sink.clickhouse?.extraRows, 1);
    // The exact pipeline timestamps come back from both sinks: finish − create = 180 ms.
    assert.ok(Math.abs((sink.postgres?.pipeline?.p50 ?? 0) - 180) < 1, `pg ${JSON.stringify(sink.postgres?.pipeline)}`);
    assert.ok(Math.abs((sink.clickhouse?.pipeline?.max ?? 0) - 180) < 1, `ch ${JSON.stringify(sink.clickhouse?.pipeline)}`);
    assert.ok(report.e2e !== null && Math.abs(report.e2e.p50 - 180) < 1);
  } finally {
    await db.query('DELETE FROM jobs WHERE id = ANY($1::varchar[])', [Object.values(ids)]);
    await db.end();
    await pgReader.close();
    await chReader.close();
  }
});

test('a sink that is down leaves the jobs unverified with the reason, within the deadline', async () => {
  // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
  const down = postgresReader({ url: 'postgres://postgres:password@127.0.0.1:9/postgres', timeoutMs: 2000 });
  try {
    const tracker = new Tracker(['postgres']);
    tracker.add({ id: randomUUID(), createMs: Date.now() });
    const t0 = Date.now();
    await new Accountant(tracker, [down], { pollIntervalMs: 100 }).settle(Date.now() + 500);
    assert.ok(Date.now() - t0 < 5000);
    const report = classify(tracker, { lateAfterMs: 1000, lateBy: {} });
    assert.equal(report.unchecked, 1);
    assert.match(report.sinks[0]?.error ?? '', /ECONNREFUSED/);
  } finally {
    await down.close();
  }
});
