import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCli, UsageError, type CliOptions } from '../../../src/loadgen/args.ts';
import { startFakeReceiver } from './fake-receiver.ts';

const CLI = new URL('../../../src/loadgen/cli.ts', import.meta.url).pathname;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? -1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

test('parseCli: profiles, defaults and the receiver path', () => {
  const o = parseCli(['--profile', 'constant', '--rate', '1000', '--duration', '60']) as CliOptions;
  assert.equal(o.mode, 'run');
  assert.deepEqual(o.profile.segments, [{ durationSec: 60, fromRps: 1000, toRps: 1000 }]);
  assert.equal(o.receiverUrl.toString(), 'http://127.0.0.1:8001/api/v1/create/job');
  assert.equal(o.accounting, true);
  assert.equal(o.maxInflight, 1000);
  assert.match(o.outDir, /^reports\/constant-\d{8}-\d{6}$/);
  const s = parseCli(['--profile', 'seed', '--no-accounting', '--sleep', '0', '--data-size', '16', '--receiver', 'http://localhost:9/x']) as CliOptions;
  assert.equal(s.profile.name, 'seed');
  assert.equal(s.accounting, false);
  assert.deepEqual(s.job, { sleep: 0, data_size: 16 });
  assert.equal(s.receiverUrl.pathname, '/x', 'an explicit path is kept');
  const m = parseCli(['--profile', 'max', '--to', '800', '--trial-duration', '5']) as CliOptions;
  assert.deepEqual(m.search, { fromRps: 100, toRps: 800, precision: 0.05, maxTrials: 10, trialSec: 5, pauseSec: 2 });
  assert.equal(parseCli(['--help']), 'help');
});

test('parseCli: mistakes are usage errors that say what is wrong', () => {
  const bad: Array<[string[], RegExp]> = [
    [[], /--profile is required/],
    [['--profile', 'fast'], /unknown --profile "fast"/],
    [['--profile', 'constant', '--rate', '10'], /needs --duration/],
    [['--profile', 'constant', '--rate', 'lots', '--duration', '1'], /--rate must be a number/],
    [['--profile', 'ramp', '--from', '1', '--to', '2', '--duration', '5', '--rate', '3'], /--rate does not apply/],
    [['--profile', 'steps', '--steps', '10y5'], /--steps: bad step/],
    [['--profile', 'seed', '--duration', '5'], /--duration does not apply/],
    [['--profile', 'constant', '--rate', '10', '--duration', '1', '--receiver', 'http://192.168.1.5:8001'], /only loopback/],
    [['--profile', 'constant', '--rate', '10', '--duration', '1', '--max-inflight', '0'], /--max-inflight must be an integer ≥ 1/],
    [['--profile', 'constant', '--rate', '10', '--duration', '1', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['--profile', 'constant', '--rate', '1000000', '--duration', '1'], /outside/],
    [['--profile', 'max', '--from', '500', '--to', '100'], /--to \(100\) must be ≥ --from \(500\)/],
  ];
  for (const [args, re] of bad) assert.throws(() => parseCli(args), (e: unknown) => e instanceof UsageError && re.test(e.message), args.join(' '));
});

test('CLI: exit 0 on PASS with result.json and report.html, 1 on FAIL, 2 on usage error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgen-cli-'));
  const ok = await startFakeReceiver({ delayMs: 1 });
  const failing = await startFakeReceiver({ status: 500 });
  try {
    const pass = await cli(['--profile', 'steps', '--steps', '40x1,80x1', '--receiver', ok.url.toString(), '--no-accounting', '--out', join(dir, 'pass')]);
    assert.equal(pass.code, 0, pass.stdout + pass.stderr);
    assert.match(pass.stdout, /^PASS/);
    assert.equal(ok.arrivals.length, 120);
    const result = JSON.parse(await readFile(join(dir, 'pass', 'result.json'), 'utf8')) as { verdict: { pass: boolean }; run: { ok: number } };
    assert.equal(result.verdict.pass, true);
    assert.equal(result.run.ok, 120);
    assert.ok((await stat(join(dir, 'pass', 'report.html'))).size > 1000);

    const fail = await cli(['--profile', 'constant', '--rate', '20', '--duration', '1', '--receiver', failing.url.toString(), '--no-accounting', '--out', join(dir, 'fail')]);
    assert.equal(fail.code, 1, fail.stdout + fail.stderr);
    assert.match(fail.stdout, /^FAIL/);
    assert.match(fail.stdout, /FAIL error rate/);

    const usage = await cli(['--profile', 'constant', '--rate', '20']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /usage error: --profile constant needs --duration/);
  } finally {
    await ok.close();
    await failing.close();
    await rm(dir, { recursive: true, force: true });
  }
});
