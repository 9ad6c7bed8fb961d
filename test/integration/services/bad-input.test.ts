/** Issue 3: bad input gets the documented 4xx JSON error; bad Kafka messages go to the DLQ. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { assertAllDelivered } from '../../helpers/accounting.ts';
import { createJobs } from '../../helpers/api.ts';
import { stack } from '../../helpers/env.ts';
import { findMessage, header, produceRaw } from '../../helpers/kafka.ts';

async function expectError(res: Response, status: number, code: string): Promise<void> {
  assert.equal(res.status, status, `HTTP status for ${code}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = await res.json() as { error: { code: string; message: string } };
  assert.equal(body.error.code, code);
  assert.ok(body.error.message.length > 0, 'error message is empty');
}

const post = (body: string, type = 'application/json'): Promise<Response> =>
  fetch(`${stack.receiver}/api/v1/create/job`, { method: 'POST', headers: { 'content-type': type }, body });

describe('Receiver bad input', () => {
  it('malformed JSON is 400 CONVEYOR_INVALID_JSON', async () => expectError(await post('{"sleep":'), 400, 'CONVEYOR_INVALID_JSON'));
  it('wrong types are 400 CONVEYOR_VALIDATION_FAILED', async () => expectError(await post('{"sleep":"fast"}'), 400, 'CONVEYOR_VALIDATION_FAILED'));
  it('a non-object body is 400', async () => expectError(await post('[1,2]'), 400, 'CONVEYOR_VALIDATION_FAILED'));
  it('out-of-range values are 400', async () => {
    await expectError(await post('{"sleep":-1}'), 400, 'CONVEYOR_VALIDATION_FAILED');
    await expectError(await post('{"sleep":99999999}'), 400, 'CONVEYOR_VALIDATION_FAILED');
    await expectError(await post('{"data_size":1.5}'), 400, 'CONVEYOR_VALIDATION_FAILED');
  });
  it('unknown fields are 400', async () => expectError(await post('{"sleep":1,"evil":true}'), 400, 'CONVEYOR_VALIDATION_FAILED'));
  it('a wrong content type is 415', async () => expectError(await post('sleep=1', 'application/x-www-form-urlencoded'), 415, 'CONVEYOR_UNSUPPORTED_MEDIA_TYPE'));
  it('an oversized body is 413', async () => expectError(await post(JSON.stringify({ sleep: 1, pad: 'x'.repeat(100_000) })), 413, 'CONVEYOR_PAYLOAD_TOO_LARGE'));
  it('an unknown route is 404 JSON', async () => expectError(await fetch(`${stack.receiver}/api/v2/nothing`), 404, 'CONVEYOR_NOT_FOUND'));
  it('GET on the create route is 404 JSON', async () => expectError(await fetch(`${stack.receiver}/api/v1/create/job`), 404, 'CONVEYOR_NOT_FOUND'));
});

describe('Informer bad input', () => {
  it('a malformed id is 400 CONVEYOR_INVALID_ID', async () => {
    await expectError(await fetch(`${stack.informer}/info/not-a-uuid`), 400, 'CONVEYOR_INVALID_ID');
    await expectError(await fetch(`${stack.informer}/info/${encodeURIComponent("x' OR '1'='1")}`), 400, 'CONVEYOR_INVALID_ID');
  });
  it('an unknown route is 404 JSON', async () => expectError(await fetch(`${stack.informer}/info`), 404, 'CONVEYOR_NOT_FOUND'));
});

describe('bad Kafka messages', () => {
  const cases: [string, Buffer][] = [
    ['garbage bytes', Buffer.from([0xff, 0x00, 0xfe, 0x13, 0x37])],
    ['missing fields', Buffer.from(JSON.stringify({ id: randomUUID() }))],
    ['absurd values', Buffer.from(JSON.stringify({ id: randomUUID(), create_date: '2024-01-27T12:34:50.594Z', sleep: 1e12, data: 'ab' }))],
  ];
  for (const [what, value] of cases) {
    it(`receiver-topic: ${what} lands in receiver-topic.dlq with the reason, and later jobs still flow`, async () => {
      const key = `bad-${randomUUID()}`;
      const { partition, offset } = await produceRaw('receiver-topic', key, value);
      const dead = await findMessage('receiver-topic.dlq', (m) => m.key?.toString() === key, 30_000);
      assert.ok(dead.value.equals(value), 'dead letter keeps the original bytes');
      assert.equal(header(dead, 'conveyor-error-code'), 'CONVEYOR_INVALID_MESSAGE');
      assert.match(header(dead, 'conveyor-error') ?? '', /^Job: /);
      assert.equal(header(dead, 'conveyor-source-topic'), 'receiver-topic');
      assert.equal(header(dead, 'conveyor-source-partition'), String(partition));
      assert.equal(header(dead, 'conveyor-source-offset'), String(offset));
      const jobs = await createJobs(50, 10);
      await assertAllDelivered(jobs.map((j) => j.id), 60_000);
    });
  }

  it('processor-topic: a JobDone with finish before create lands in processor-topic.dlq', async () => {
    const id = randomUUID();
    const value = Buffer.from(JSON.stringify({ id, status: 'finish', create_date: '2024-01-27T12:34:51.000Z', finish_date: '2024-01-27T12:34:50.000Z' }));
    await produceRaw('processor-topic', id, value);
    const dead = await findMessage('processor-topic.dlq', (m) => m.key?.toString() === id, 30_000);
    assert.match(header(dead, 'conveyor-error') ?? '', /finish_date is before create_date/);
    assert.equal(header(dead, 'conveyor-service'), 'converter');
  });

  it('postgres-topic: a record Connect cannot convert lands in postgres-topic.dlq (Connect error handling)', async () => {
    const key = randomUUID();
    await produceRaw('postgres-topic', key, Buffer.from('{"not":"an envelope"'));
    const dead = await findMessage('postgres-topic.dlq', (m) => m.key?.toString() === key, 60_000);
    assert.ok(header(dead, '__connect.errors.exception.class.name'), 'Connect names the error in headers');
  });
});
