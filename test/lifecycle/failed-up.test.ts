/**
 * Issue 2: a component that cannot start makes `make up` exit non-zero, naming it and what holds
 * its port, and stops what that run had started: no orphan process. Runs in a scratch STACK_DIR
 * on other ports, all below the kernel's ephemeral range (32768-60999) so that no client socket
 * of the running stack can hold one of them by chance.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { it } from 'node:test';
import { shareDownloads, stack } from '../helpers/env.ts';

const exec = promisify(execFile);

it('a port clash on ClickHouse fails make up with the culprit named, and leaves no process behind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-failed-up-'));
  const blocker = createServer().listen(18123, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  try {
    shareDownloads(dir);
    const env = { ...process.env, STACK_DIR: dir, POSTGRES_PORT: '15432', KAFKA_PORT: '19692', KAFKA_CONTROLLER_PORT: '19792',
      KAFKA_HEAP: '512m', CLICKHOUSE_HTTP_PORT: '18123', CLICKHOUSE_TCP_PORT: '19000' };
    const result = await exec('bash', ['stack/up.sh'], { cwd: stack.root, env, timeout: 300_000, maxBuffer: 1 << 24 })
      .then(() => ({ code: 0, out: '' }), (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }));
    assert.notEqual(result.code, 0, 'make up should fail');
    assert.match(result.out, /clickhouse needs port 18123, but it is held by: pid \d+ \(.*node/);
    assert.match(result.out, /stopping what this run started: postgres kafka/);
    const { stdout } = await exec('ps', ['-eo', 'args=']);
    const left = stdout.split('\n').filter((l) => l.includes(dir));
    assert.deepEqual(left, [], 'processes left behind');
  } finally {
    blocker.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
