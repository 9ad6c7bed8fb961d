/**
 * Issue 2: `make up` twice is a no-op the second time; `make down` leaves no process behind and
 * keeps the data; the next `make up` (warm) brings everything back. Runs last: it stops the stack.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { stack } from '../helpers/env.ts';
import { info, createJob } from '../helpers/api.ts';
import { waitFor } from '../helpers/env.ts';

const exec = promisify(execFile);
const stackDir = process.env.STACK_DIR || `${stack.root}.stack`;
const run = (script: string) => exec('bash', [`stack/${script}`], { cwd: stack.root, timeout: 300_000, maxBuffer: 1 << 24 });

function pids(): Map<string, string> {
  const dir = `${stackDir}/run`;
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.pid')).map((f) => [f, readFileSync(`${dir}/${f}`, 'utf8').trim()]));
}

async function stackProcesses(): Promise<string[]> {
  const { stdout } = await exec('ps', ['-eo', 'pid=,args=']);
  // The test runner itself runs on the stack's Node: it is not part of the stack.
  const mine = new Set([process.pid, process.ppid]);
  return stdout.split('\n').filter((l) => l.includes(stackDir) && !l.includes('ps -eo') && !mine.has(Number(l.trim().split(' ')[0])));
}

describe('stack lifecycle', () => {
  let finishedId = '';

  it('make up a second time is a no-op: nothing restarted, connector untouched', async () => {
    const job = await createJob({ sleep: 1 });
    await waitFor('finish', async () => ((await info(job.id)).status === 'finish' ? true : undefined), 30_000);
    finishedId = job.id;
    const before = pids();
    const { stdout } = await run('up.sh');
    assert.deepEqual(pids(), before, 'pids changed');
    assert.doesNotMatch(stdout, /created|initialising|formatting|config updated/);
    assert.match(stdout, /postgres-sink connector already registered with this config/);
    for (const name of ['postgres', 'kafka-1', 'clickhouse', 'connect', 'svc-receiver-0', 'svc-informer-0']) {
      assert.match(stdout, new RegExp(`${name} already running`));
    }
  });

  it('make down stops every process and keeps the data', async () => {
    await run('down.sh');
    assert.deepEqual([...pids().keys()], [], 'pid files left behind');
    assert.deepEqual(await stackProcesses(), [], 'processes left behind');
    assert.ok(existsSync(`${stackDir}/postgres/data/PG_VERSION`) && existsSync(`${stackDir}/kafka/node-1/data/meta.properties`));
  });

  it('make up after make down (warm) brings the pipeline back with its data', async () => {
    const started = Date.now();
    await run('up.sh');
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`# warm make up took ${seconds.toFixed(1)} s\n`);
    assert.equal((await info(finishedId)).status, 'finish', 'the Informer view was rebuilt from Kafka');
    const job = await createJob({ sleep: 1 });
    await waitFor('finish after restart', async () => ((await info(job.id)).status === 'finish' ? true : undefined), 30_000);
  });
});
