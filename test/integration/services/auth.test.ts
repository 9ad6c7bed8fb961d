/** Issue 5: optional bearer-token auth on the HTTP APIs, with JSON 401/403 and public probes. */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { stack, waitFor } from '../../helpers/env.ts';

describe('bearer-token auth', () => {
  const port = 18101;
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess;

  before(async () => {
    // A second Receiver with auth on, beside the stack's own (which runs without auth).
    child = spawn(process.execPath, ['src/services/receiver/main.ts'], {
      cwd: stack.root, stdio: 'ignore',
      env: { ...process.env, RECEIVER_PORT: String(port), KAFKA_BROKERS: stack.brokers.join(','),
        AUTH_TOKENS: 'all-services-token,informer-only-token:informer' },
    });
    await waitFor('the receiver to be ready', async () => ((await fetch(`${base}/readyz`)).status === 200 ? true : undefined), 30_000);
  });
  after(() => { child.kill('SIGTERM'); });

  const create = (headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${base}/api/v1/create/job`, { method: 'POST', headers });

  it('no token: 401 JSON', async () => {
    const res = await create();
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'CONVEYOR_UNAUTHORIZED');
  });
  it('unknown token: 401', async () => assert.equal((await create({ authorization: 'Bearer nope' })).status, 401));
  it('token scoped to another service: 403 JSON', async () => {
    const res = await create({ authorization: 'Bearer informer-only-token' });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'CONVEYOR_FORBIDDEN');
  });
  it('valid token: 200', async () => assert.equal((await create({ authorization: 'Bearer all-services-token' })).status, 200));
  it('health and metrics stay public', async () => {
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/metrics`)).status, 200);
  });
});
