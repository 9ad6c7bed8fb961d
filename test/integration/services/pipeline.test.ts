/** Issue 3: jobs go through the real stack end to end, each accounted for in every sink. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stack } from '../../helpers/env.ts';
import { createJob, createJobs, info } from '../../helpers/api.ts';
import { assertAllDelivered } from '../../helpers/accounting.ts';
import { postgresRows, clickhouseRows } from '../../helpers/sinks.ts';
import { waitFor } from '../../helpers/env.ts';

describe('pipeline end to end', () => {
  it('a job is create in the Informer right after it is accepted, then finish, with the same dates everywhere', async () => {
    const job = await createJob({ sleep: 300, data_size: 16 });
    assert.match(job.id, /^[0-9a-f-]{36}$/);
    assert.equal(job.sleep, 300);
    assert.equal(job.data_size, 16);
    const first = await info(job.id);
    assert.deepEqual(first, { id: job.id, status: 'create', create_date: job.create_date });
    const done = await waitFor('finish', async () => { const i = await info(job.id); return i.status === 'finish' ? i : undefined; }, 30_000);
    assert.equal(done.status === 'finish' && done.create_date, job.create_date);
    const finishMs = Date.parse((done as { finish_date: string }).finish_date);
    assert.ok(finishMs - Date.parse(job.create_date) >= 300, 'finished before its sleep elapsed');
    await assertAllDelivered([job.id], 60_000);
    const row = (await postgresRows([job.id])).get(job.id)![0]!;
    assert.equal(Number(row.create_date), Date.parse(job.create_date));
    assert.equal(Number(row.finish_date), finishMs);
    const ch = await clickhouseRows<{ status: string; timestamp_ms: string }>(
      `SELECT status, timestamp_ms FROM jobs WHERE id = '${job.id}' ORDER BY status`);
    assert.deepEqual(ch.map((r) => Number(r.timestamp_ms)), [Date.parse(job.create_date), finishMs]);
  });

  it('1,000 jobs created concurrently: every id finishes, one PostgreSQL row and two ClickHouse rows each', async () => {
    const jobs = await createJobs(1000, 100);
    const ids = jobs.map((j) => j.id);
    assert.equal(new Set(ids).size, 1000, 'ids are unique');
    await assertAllDelivered(ids, 120_000);
  });

  it('an unknown id is unknown, and the legacy /create/job path works too', async () => {
    assert.deepEqual(await info('00000000-0000-0000-0000-000000000000'), { id: '00000000-0000-0000-0000-000000000000', status: 'unknown' });
    const res = await fetch(`${stack.receiver}/create/job`, { method: 'POST' });
    assert.equal(res.status, 200);
    const body = await res.json() as { id: string; data_size: number; sleep: number };
    assert.equal(body.data_size, 1024);
    assert.ok(body.sleep >= 100 && body.sleep <= 200, `sleep ${body.sleep} within MIN_SLEEP..MAX_SLEEP`);
  });

  it('every service exposes metrics with route templates, never raw ids', async () => {
    const job = await createJob();
    await info(job.id);
    const text = await (await fetch(`${stack.informer}/metrics`)).text();
    assert.match(text, /conveyor_http_request_duration_seconds_count\{[^}]*route="\/info\/:id"/);
    assert.ok(!text.includes(job.id), 'a job id leaked into a metric label');
    for (const url of [stack.receiver, stack.processor, stack.converter]) {
      const m = await (await fetch(`${url}/metrics`)).text();
      assert.match(m, /conveyor_jobs_total/);
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      assert.equal((await fetch(`${url}/healthz`)).status, 200);
    }
    const proc = await (await fetch(`${stack.processor}/metrics`)).text();
    assert.match(proc, /conveyor_consumer_lag\{topic="receiver-topic",partition="\d+"/);
  });
});
