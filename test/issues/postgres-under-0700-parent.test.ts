/**
 * Regression: `make up` in a checkout under a 0700 directory (a fresh clone under `mktemp -d`, or
 * root's home) failed, because the postgres user could not pass through that directory to reach
 * its data. Now the postgres user alone is granted search permission (an ACL) and PostgreSQL
 * starts. A scratch STACK_DIR inside a 0700 directory, on its own port.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { it } from 'node:test';
import pg from 'pg';
import { shareDownloads, stack } from '../helpers/env.ts';

const exec = promisify(execFile);

it('PostgreSQL starts from a STACK_DIR whose parent is 0700, and the parent stays closed to others', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'conveyor-0700-'));
  chmodSync(parent, 0o700);
  const dir = join(parent, 'stack');
  mkdirSync(dir);
  const env = { ...process.env, STACK_DIR: dir, POSTGRES_PORT: '15452', ONLY: 'postgres' };
  try {
    shareDownloads(dir);
    const { stdout } = await exec('bash', ['stack/up.sh'], { cwd: stack.root, env, timeout: 300_000, maxBuffer: 1 << 24 });
    assert.match(stdout, /granted the postgres user search permission on .*conveyor-0700-/);
    const client = new pg.Client({ host: '127.0.0.1', port: 15452, user: 'postgres', password: 'password', database: 'postgres' });
    await client.connect();
    try {
      const res = await client.query<{ n: number }>('SELECT 1 AS n');
      assert.equal(res.rows[0]?.n, 1);
    } finally {
      await client.end();
    }
    // With an ACL the group bits show its mask; what matters is that others still get nothing.
    assert.equal(statSync(parent).mode & 0o007, 0, 'the parent is still closed to other users');
  } finally {
    await exec('bash', ['stack/down.sh'], { cwd: stack.root, env, timeout: 120_000 }).catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
  }
});
