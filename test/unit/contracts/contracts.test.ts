import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeClickhouseCsv, encodeClickhouseCsv, toClickhouseLines } from '../../../src/contracts/clickhouse-csv.ts';
import { decodeJob, encodeJob, type Job } from '../../../src/contracts/job.ts';
import { decodeJobDone, encodeJobDone, type JobDone } from '../../../src/contracts/job-done.ts';
import { decodePostgresRecord, encodePostgresRecord, toJobRow } from '../../../src/contracts/postgres-record.ts';
import { ContractViolation } from '../../../src/contracts/validate.ts';

const job: Job = { id: 'b31b7446-20f7-4add-adea-157bac7fe73b', create_date: '2024-01-27T12:34:50.594Z', sleep: 120, data: 'ab12' };
const done: JobDone = { id: job.id, status: 'finish', create_date: job.create_date, finish_date: '2024-01-27T12:34:50.704Z' };

describe('Job', () => {
  it('round-trips', () => assert.deepEqual(decodeJob(encodeJob(job)), job));
  it("accepts the seed's nanosecond dates", () => {
    assert.equal(decodeJob(JSON.stringify({ ...job, create_date: '2024-01-27T12:34:50.594423357Z' })).create_date, '2024-01-27T12:34:50.594423357Z');
  });
  for (const [what, bad] of [
    ['not JSON', '{'], ['an array', '[]'], ['a bad id', JSON.stringify({ ...job, id: "x'; DROP" })],
    ['a bad date', JSON.stringify({ ...job, create_date: 'yesterday' })], ['a negative sleep', JSON.stringify({ ...job, sleep: -1 })],
    ['a fractional sleep', JSON.stringify({ ...job, sleep: 1.5 })], ['non-hex data', JSON.stringify({ ...job, data: 'zz' })],
    ['missing data', JSON.stringify({ id: job.id, create_date: job.create_date, sleep: 1 })],
  ] as const) {
    it(`rejects ${what} with a ContractViolation naming the problem`, () => {
      assert.throws(() => decodeJob(bad), (e: unknown) => e instanceof ContractViolation && e.message.startsWith('Job: '));
    });
  }
});

describe('JobDone', () => {
  it('round-trips', () => assert.deepEqual(decodeJobDone(encodeJobDone(done)), done));
  it('rejects a finish before its create', () => {
    assert.throws(() => decodeJobDone(JSON.stringify({ ...done, finish_date: '2024-01-27T12:00:00.000Z' })), /before create_date/);
  });
  it('rejects another status', () => assert.throws(() => decodeJobDone(JSON.stringify({ ...done, status: 'create' })), ContractViolation));
});

describe('PostgreSQL record (Kafka Connect JSON with schema)', () => {
  it('has the seed envelope with millisecond dates', () => {
    const rec = decodePostgresRecord(encodePostgresRecord(toJobRow(done)));
    assert.equal(rec.schema.type, 'struct');
    assert.deepEqual(rec.schema.fields.map((f) => [f.field, f.type, f.optional]), [
      ['id', 'string', false], ['status', 'string', false], ['create_date', 'int64', false], ['finish_date', 'int64', false]]);
    assert.deepEqual(rec.payload, { id: done.id, status: 'finish', create_date: 1706358890594, finish_date: 1706358890704 });
  });
});

describe('ClickHouse CSV', () => {
  it('is two newline-terminated lines, create then finish', () => {
    const bytes = encodeClickhouseCsv(toClickhouseLines(done));
    assert.equal(bytes.toString(), `${done.id},create,2024-01-27T12:34:50.594Z\n${done.id},finish,2024-01-27T12:34:50.704Z\n`);
    assert.deepEqual(decodeClickhouseCsv(bytes), toClickhouseLines(done));
  });
  it('rejects lines that would break the Kafka engine', () => {
    assert.throws(() => decodeClickhouseCsv(`${done.id},create,2024-01-27T12:34:50.594Z`), ContractViolation);
    assert.throws(() => decodeClickhouseCsv(`${done.id},create,2024-01-27T12:34:50.594Z,extra\n`), ContractViolation);
  });
});
