/** Issue 2: every component of the local stack works for real, through the paths Conveyor uses. */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { encodeClickhouseCsv } from '../../../src/contracts/clickhouse-csv.ts';
import { encodePostgresRecord } from '../../../src/contracts/postgres-record.ts';
import { stack, waitFor } from '../../helpers/env.ts';
import { findMessage, produceRaw } from '../../helpers/kafka.ts';
import { clickhouseCounts, clickhouseRows, postgresRows } from '../../helpers/sinks.ts';

const pgRecord = (id: string): Buffer =>
  encodePostgresRecord({ id, status: 'finish', create_date: 1706358890594, finish_date: 1706358890704 });
const csv = (id: string): Buffer => encodeClickhouseCsv([
  { id, status: 'create', timestamp: '2024-01-27T12:34:50.594Z' },
  { id, status: 'finish', timestamp: '2024-01-27T12:34:50.704Z' },
]);

describe('Kafka topics', () => {
  // The sink topics only get records their sinks accept: a broken CSV would stop ClickHouse 18.16.
  const payloads: Record<string, (id: string) => Buffer> = {
    'receiver-topic': () => randomBytes(1024),
    'processor-topic': () => randomBytes(1024),
    'postgres-topic': pgRecord,
    'clickhouse-topic': csv,
  };
  for (const [topic, make] of Object.entries(payloads)) {
    it(`${topic}: a record is consumed back byte for byte`, async () => {
      const key = randomUUID();
      const value = make(key);
      const { partition, offset } = await produceRaw(topic, key, value);
      const got = await findMessage(topic, (m) => m.partition === partition && m.offset === offset);
      assert.equal(got.key.toString(), key);
      assert.ok(got.value.equals(value), 'value bytes differ');
    });
  }

  it('topics have the configured partition count', async () => {
    const { Admin } = await import('@platformatic/kafka');
    const admin = new Admin({ clientId: 'test', bootstrapBrokers: stack.brokers });
    try {
      const md = await admin.metadata({ topics: ['receiver-topic', 'processor-topic', 'postgres-topic', 'clickhouse-topic'] });
      for (const t of md.topics.values()) assert.equal(t.partitionsCount, Number(process.env.KAFKA_PARTITIONS || 12), t.id);
    } finally {
      await admin.close();
    }
  });
});

describe('Kafka Connect JDBC sink -> PostgreSQL', () => {
  it('the postgres-sink connector and its tasks are RUNNING', async () => {
    const status = await (await fetch(`${stack.connect}/connectors/postgres-sink/status`)).json() as
      { connector: { state: string }; tasks: { state: string }[] };
    assert.equal(status.connector.state, 'RUNNING');
    assert.ok(status.tasks.length > 0 && status.tasks.every((t) => t.state === 'RUNNING'));
  });

  it('a JSON-with-schema record becomes one row; the same record twice is still one row (upsert)', async () => {
    const id = randomUUID();
    await produceRaw('postgres-topic', id, pgRecord(id));
    await produceRaw('postgres-topic', id, pgRecord(id));
    const rows = await waitFor('the row in PostgreSQL', async () => {
      const r = (await postgresRows([id])).get(id);
      return r && r.length > 0 ? r : undefined;
    }, 30_000);
    // Give the duplicate time to arrive, then check that it did not add a row.
    await new Promise((r) => setTimeout(r, 2000));
    const again = (await postgresRows([id])).get(id) ?? [];
    assert.equal(again.length, 1);
    assert.deepEqual({ ...rows[0] }, { id, status: 'finish', create_date: '1706358890594', finish_date: '1706358890704' });
  });
});

describe('ClickHouse Kafka engine', () => {
  it('two CSV lines on clickhouse-topic become two rows in jobs, with milliseconds kept', async () => {
    const id = randomUUID();
    await produceRaw('clickhouse-topic', id, csv(id));
    await waitFor('two rows in ClickHouse', async () => {
      const c = (await clickhouseCounts([id])).get(id);
      return c && c.create + c.finish >= 2 ? c : undefined;
    }, 30_000);
    const rows = await clickhouseRows<{ status: string; timestamp: string; timestamp_ms: string }>(
      `SELECT status, toString(timestamp) AS timestamp, timestamp_ms FROM jobs WHERE id = '${id}' ORDER BY status`);
    assert.deepEqual(rows, [
      { status: 'create', timestamp: '2024-01-27 12:34:50', timestamp_ms: '1706358890594' },
      { status: 'finish', timestamp: '2024-01-27 12:34:50', timestamp_ms: '1706358890704' },
    ]);
  });
});

describe('Prometheus', () => {
  it('is ready and its targets list the configured jobs', async () => {
    assert.equal((await fetch(`${stack.prometheus}/-/ready`)).status, 200);
    const body = await (await fetch(`${stack.prometheus}/api/v1/targets`)).json() as
      { data: { activeTargets: { labels: { job: string } }[] } };
    const jobs = new Set(body.data.activeTargets.map((t) => t.labels.job));
    for (const j of ['prometheus', 'receiver', 'processor', 'converter', 'informer']) assert.ok(jobs.has(j), `missing job ${j}`);
  });

  it('the alert rules are loaded, healthy, and each queries series that exist', async () => {
    const body = await (await fetch(`${stack.prometheus}/api/v1/rules`)).json() as
      { data: { groups: { rules: { name: string; query: string; health: string; lastError?: string }[] }[] } };
    const rules = body.data.groups.flatMap((g) => g.rules);
    assert.ok(rules.some((r) => r.name === 'ConveyorServiceDown'), `rules: ${rules.map((r) => r.name).join(', ')}`);
    for (const rule of rules) {
      assert.notEqual(rule.health, 'err', `${rule.name}: ${rule.lastError}`);
      // Every metric name a rule uses must be one the running services export right now.
      for (const metric of rule.query.match(/\b(conveyor_[a-z_]+|up)\b/g) ?? []) {
        const res = await (await fetch(`${stack.prometheus}/api/v1/series?match[]=${encodeURIComponent(metric)}`)).json() as { data: unknown[] };
        assert.ok(res.data.length > 0, `${rule.name} uses ${metric}, which no target exports`);
      }
    }
  });
});
