/**
 * Conveyor talks to Kafka with SASL/SCRAM-SHA-512 over TLS when configured. A single SCRAM+TLS
 * broker (stack/components/kafka-secure.sh: its own CA, keystore and SCRAM users, a random
 * password made here) runs on other ports in a scratch STACK_DIR, so the running stack is untouched.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Consumer, type Message } from '@platformatic/kafka';
import { kafkaSchema } from '../../../src/config/common.ts';
import { loadConfig } from '../../../src/config/env.ts';
import { connectionOptions, type ConnectionOptions } from '../../../src/kafka/options.ts';
import { KafkaProducer } from '../../../src/kafka/producer.ts';
import { stack, waitFor } from '../../helpers/env.ts';

const exec = promisify(execFile);
type Msg = Message<Buffer, Buffer, Buffer, Buffer>;

/** Every error code in a client error's cause / errors tree: the root reason sits deep inside. */
function codes(err: unknown, out: string[] = []): string[] {
  const e = err as { code?: string; cause?: unknown; errors?: unknown[] } | undefined;
  if (!e || out.length > 50) return out;
  if (e.code) out.push(e.code);
  codes(e.cause, out);
  for (const x of e.errors ?? []) codes(x, out);
  return out;
}

/** Rejects if `p` has not settled within ms: a refused client must fail, not hang. */
function bounded<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms); });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

async function readOnce(conn: ConnectionOptions, topic: string, match: (m: Msg) => boolean, timeoutMs: number): Promise<Msg> {
  const consumer = new Consumer({ ...conn, groupId: `test-${randomUUID()}`, autocommit: false, maxWaitTime: 200 });
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest' });
    try {
      return await new Promise<Msg>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching message on ${topic} within ${timeoutMs} ms`)), timeoutMs);
        stream.on('data', (m: Msg) => { if (match(m)) { clearTimeout(timer); resolve(m); } });
        stream.on('error', (e: Error) => { clearTimeout(timer); reject(e); });
      });
    } finally {
      await stream.close().catch(() => undefined);
    }
  } finally {
    await consumer.close(true).catch(() => undefined);
  }
}

/**
 * The first consumer group on a fresh broker cannot join until __consumer_offsets exists, which
 * outlasts the client's bounded retries (3 x 250 ms): so whole reads are retried, up to timeoutMs.
 */
function findMessage(conn: ConnectionOptions, topic: string, match: (m: Msg) => boolean, timeoutMs = 40_000): Promise<Msg> {
  return waitFor(`a matching record on ${topic}`, () => readOnce(conn, topic, match, 10_000), timeoutMs, 500);
}

describe('Kafka SASL/SCRAM over TLS', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-scram-'));
  const password = randomBytes(24).toString('hex');   // throwaway, never written outside `dir`
  const topic = 'secure-topic';
  const env = { ...process.env, STACK_DIR: dir, KAFKA_SECURITY: 'scram-tls', KAFKA_NODES: '1', KAFKA_PORT: '19492',
    KAFKA_CONTROLLER_PORT: '19592', KAFKA_HEAP: '512m', KAFKA_PARTITIONS: '3', KAFKA_SASL_USERNAME: 'conveyor',
    KAFKA_SASL_PASSWORD: password, STACK_READY_TIMEOUT: '90', STACK_STOP_TIMEOUT: '15' };
  const secure = { KAFKA_BROKERS: '127.0.0.1:19492', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'conveyor',
    KAFKA_SASL_PASSWORD: password, KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: join(dir, 'kafka/security/ca.pem'),
    KAFKA_REQUEST_TIMEOUT_MS: '5000' };
  const conn = (overrides: Record<string, string> = {}): ConnectionOptions =>
    connectionOptions(loadConfig(kafkaSchema, { ...secure, ...overrides }), 'test');
  const children: ChildProcess[] = [];
  const stackSh = (cmd: string, timeout: number) => exec('bash', ['-c',
    `set -e; for f in env lib components/kafka components/kafka-secure; do source stack/$f.sh; done; ${cmd}`],
  { cwd: stack.root, env, timeout, maxBuffer: 1 << 24 });

  before(async () => {
    await exec('ln', ['-s', `${stack.root}.stack/lib`, join(dir, 'lib')]);   // share the downloaded jars
    await stackSh(`kafka_secure_start && kafka_secure_create_topics ${topic}`, 180_000);
  });
  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await stackSh('kafka_stop', 60_000).catch(() => undefined);
    // Belt and braces: if stop failed, kill the broker's process group by its recorded pid.
    try { process.kill(-Number(readFileSync(join(dir, 'run/kafka-1.pid'), 'utf8')), 'SIGKILL'); } catch { /* gone */ }
    rmSync(dir, { recursive: true, force: true });
  });

  it('produces through KafkaProducer and reads the record back over SASL_SSL', { timeout: 60_000 }, async () => {
    const opts = conn();
    assert.equal(opts.sasl?.mechanism, 'SCRAM-SHA-512');
    assert.ok(opts.tls?.ca && opts.tls.rejectUnauthorized);
    const producer = new KafkaProducer(opts, { compression: 'none', lingerMs: 2, maxBatch: 100, sendTimeoutMs: 15_000 });
    const key = randomUUID();
    try {
      await producer.probe([topic]);
      await producer.send({ topic, key, value: Buffer.from('over SCRAM+TLS'), headers: { via: 'sasl_ssl' } });
    } finally {
      await producer.close();
    }
    const m = await findMessage(conn(), topic, (x) => x.key?.toString() === key);
    assert.equal(m.value.toString(), 'over SCRAM+TLS');
  });

  it('rejects a wrong password with an authentication error, without hanging', { timeout: 30_000 }, async () => {
    const producer = new KafkaProducer(conn({ KAFKA_SASL_PASSWORD: `${password}x` }),
      { compression: 'none', lingerMs: 2, maxBatch: 100, sendTimeoutMs: 10_000 });
    try {
      await assert.rejects(bounded(producer.probe([topic]), 20_000), (e) => {
        assert.ok(codes(e).includes('PLT_KFK_AUTHENTICATION'), `expected an authentication error, got ${codes(e).join(' > ')}`);
        return true;
      });
    } finally {
      await bounded(producer.close(), 10_000).catch(() => undefined);
    }
    const log = readFileSync(join(dir, 'logs/kafka-1.log'), 'utf8');
    assert.match(log, /Failed authentication .*invalid credentials with SASL mechanism SCRAM-SHA-512/);
  });

  // [case, client overrides, a code the refusal must carry]. Every one surfaces as Conveyor's
  // KAFKA_UNAVAILABLE (a 503 / retry in the services), never as a hang.
  const refused: [string, Record<string, string>, string][] = [
    ['plaintext (no TLS, no SASL)', { KAFKA_TLS: 'false', KAFKA_SASL_MECHANISM: 'none' }, 'PLT_KFK_USER'],   // "Broker requires TLS"
    ['SASL without TLS', { KAFKA_TLS: 'false' }, 'PLT_KFK_NETWORK'],
    ['TLS without SASL', { KAFKA_SASL_MECHANISM: 'none' }, 'PLT_KFK_NETWORK'],   // broker closes unauthenticated requests
    ['TLS without the stack CA', { KAFKA_TLS_CA_FILE: '' }, 'SELF_SIGNED_CERT_IN_CHAIN'],
  ];
  for (const [name, overrides, code] of refused) {
    it(`refuses a client with ${name}, within a bounded time`, { timeout: 30_000 }, async () => {
      const producer = new KafkaProducer(conn(overrides), { compression: 'none', lingerMs: 2, maxBatch: 100, sendTimeoutMs: 10_000 });
      try {
        await assert.rejects(bounded(producer.probe([topic]), 20_000), (e) => {
          const seen = codes(e);
          assert.equal(seen[0], 'CONVEYOR_KAFKA_UNAVAILABLE');
          assert.ok(seen.includes(code), `expected ${code}, got ${seen.join(' > ')}`);
          return true;
        });
      } finally {
        await bounded(producer.close(), 10_000).catch(() => undefined);
      }
    });
  }

  /** A real Receiver process on `port`, configured only through the environment, as the stack runs it. */
  async function withReceiver(port: number, overrides: Record<string, string>, body: (url: string) => Promise<void>): Promise<void> {
    const child = spawn(process.execPath, [join(stack.root, 'src/services/receiver/main.ts')], {
      cwd: stack.root, stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...secure, HOST: '127.0.0.1', RECEIVER_PORT: String(port), RECEIVER_TOPIC: topic,
        LOG_LEVEL: 'warn', PRODUCE_TIMEOUT_MS: '5000', ...overrides },
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000); });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor('receiver HTTP up', async () => {
        if (child.exitCode !== null) throw new Error(`receiver exited ${child.exitCode}: ${stderr}`);
        return (await fetch(`${url}/healthz`).catch(() => undefined)) ? true : undefined;
      }, 30_000);
      await body(url);
    } finally {
      // SIGTERM is the graceful path; SIGKILL if it has not exited within 15 s.
      const exited = new Promise<void>((r) => { if (child.exitCode !== null || child.signalCode !== null) r(); else child.once('exit', () => r()); });
      child.kill('SIGTERM');
      await bounded(exited, 15_000).catch(() => { child.kill('SIGKILL'); });
    }
  }
  const createJob = (url: string): Promise<Response> => fetch(`${url}/api/v1/create/job`, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sleep: 1, data_size: 8 }), signal: AbortSignal.timeout(15_000) });

  it('runs the Receiver service against the secured broker end to end', { timeout: 90_000 }, async () => {
    await withReceiver(18011, {}, async (url) => {
      await waitFor('receiver /readyz 200', async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined), 30_000);
      const res = await createJob(url);
      assert.equal(res.status, 200, await res.clone().text());
      const job = await res.json() as { id: string };
      const m = await findMessage(conn(), topic, (x) => x.key?.toString() === job.id);
      assert.equal((JSON.parse(m.value.toString()) as { id: string }).id, job.id);
    });
  });

  it('a Receiver with a wrong password stays unready and answers 503, not a hang', { timeout: 60_000 }, async () => {
    await withReceiver(18021, { KAFKA_SASL_PASSWORD: `${password}x` }, async (url) => {
      const res = await createJob(url);
      assert.equal(res.status, 503, await res.clone().text());
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'CONVEYOR_KAFKA_UNAVAILABLE');
      assert.equal((await fetch(`${url}/readyz`)).status, 503);
    });
  });
});
