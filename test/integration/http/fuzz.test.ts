/**
 * Hostile input, part 1: the Receiver's and the Informer's HTTP APIs fuzzed from their own OpenAPI
 * documents with schemathesis (property-based: coverage phase, then random positive and negative
 * cases), and malformed HTTP/1.1 sent over raw sockets. The contract under test: no 5xx, no crash,
 * every error a 4xx with the documented body {"error":{"code":"CONVEYOR_…","message":"…"}}.
 *
 * FUZZ_MAX_EXAMPLES (cases per operation) and FUZZ_SEED (to replay a run) override the defaults.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stack, waitFor } from '../../helpers/env.ts';
import { isAlive, servicePid } from '../../helpers/services.ts';

const ST = join(stack.root, '.stack/venv/bin/st');
const SERVICES = [
  // The Receiver's POST makes real jobs in Kafka (about half the cases are valid): a few hundred.
  { name: 'receiver', base: stack.receiver, maxExamples: 150 },
  { name: 'informer', base: stack.informer, maxExamples: 500 },
] as const;
const RUN_LIMIT_MS = 90_000;
const SEED = process.env.FUZZ_SEED ?? String(randomInt(2 ** 47));
// Response checks only: these hold whatever the spec's request side says. /metrics is fuzzed too
// (tag operations): schemathesis accepts its `text/plain; version=0.0.4` against the documented
// text/plain and has no JSON schema to hold it to.
const CHECKS = 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance';

interface Exit { code: number | null; output: string; ms: number; timedOut: boolean }

/** Runs a command with a hard time limit (its whole process group is killed at the limit). */
function run(cmd: string, args: string[], cwd: string, limitMs: number): Promise<Exit> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', PYTHONUNBUFFERED: '1' } });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const timer = setTimeout(() => { timedOut = true; process.kill(-child.pid!, 'SIGKILL'); }, limitMs);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, output, ms: Date.now() - started, timedOut }); });
  });
}

function isConveyorErrorBody(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.code === 'string' && /^CONVEYOR_[A-Z_]+$/.test(body.error.code)
      && typeof body.error.message === 'string' && body.error.message.length > 0;
  } catch {
    return false;
  }
}

interface HarEntry {
  request: { method: string; url: string };
  response: { status: number; content: { mimeType?: string; text?: string; encoding?: string } };
}

/** Every exchange of the run (HAR report), not only those the checks looked at: e.g. the
 * undeclared-method probes, whose 404s no schema describes, must carry the JSON error body too. */
function auditHar(file: string): { statuses: Record<string, number>; bad: string[] } {
  const entries = (JSON.parse(readFileSync(file, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries;
  const statuses: Record<string, number> = {};
  const bad: string[] = [];
  for (const { request, response } of entries) {
    statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    if (response.status < 400) continue;
    const { mimeType = '', text = '', encoding } = response.content;
    const body = encoding === 'base64' ? Buffer.from(text, 'base64').toString() : text;
    const what = `${request.method} ${request.url.slice(0, 120)} -> ${response.status} ${mimeType} ${body.slice(0, 160)}`;
    if (response.status >= 500 || !mimeType.startsWith('application/json') || !isConveyorErrorBody(body)) bad.push(what);
  }
  return { statuses, bad };
}

interface Report { exit_code: number; test_cases: { generated: number; with_failures: number; errored: number } }

/** One schemathesis run against `base`, from its served document or from `spec` if given. */
async function schemathesis(base: string, checks: string, maxExamples: number, spec?: unknown): Promise<{ exit: Exit; report: Report; har: ReturnType<typeof auditHar> }> {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-fuzz-'));
  try {
    if (spec) writeFileSync(join(dir, 'openapi.json'), JSON.stringify(spec));
    const location = spec ? [join(dir, 'openapi.json'), '--url', base] : [`${base}/openapi.json`, '--wait-for-schema', '20'];
    const exit = await run(ST, ['run', ...location, '--checks', checks,
      '--max-examples', String(maxExamples), '--seed', SEED,
      '--include-tag-regex', '^(jobs|operations)$',
      // A job is answered once Kafka has it (PRODUCE_TIMEOUT_MS 5 s, then 503): 15 s is plenty.
      '--request-timeout', '15', '--generation-database', 'none', '--no-color',
      '--report', 'json,har', '--report-json-path', join(dir, 'report.json'), '--report-har-path', join(dir, 'har.json')],
    dir, RUN_LIMIT_MS);
    assert.ok(!exit.timedOut, `schemathesis ran past ${RUN_LIMIT_MS} ms:\n${exit.output.slice(-4000)}`);
    assert.ok(existsSync(join(dir, 'report.json')), `schemathesis wrote no report:\n${exit.output.slice(-4000)}`);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    return { exit, report, har: auditHar(join(dir, 'har.json')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('HTTP APIs fuzzed from their OpenAPI documents (schemathesis)', () => {
  before(async () => {
    const install = await run('bash', ['test/fuzz/install.sh'], stack.root, 300_000);
    assert.equal(install.code, 0, `test/fuzz/install.sh failed:\n${install.output}`);
  });

  for (const svc of SERVICES) {
    it(`${svc.name}: no 5xx, every response as documented, every error a CONVEYOR_ JSON body`, async (t) => {
      // Before it is ready a service answers 503 NOT_READY by design (the Informer loads its view).
      await waitFor(`${svc.name} ready`, async () => ((await fetch(`${svc.base}/readyz`)).ok ? true : undefined), 120_000, 500);
      const pid = servicePid(svc.name);
      const { exit, report, har } = await schemathesis(svc.base, CHECKS, Number(process.env.FUZZ_MAX_EXAMPLES ?? svc.maxExamples));
      t.diagnostic(`${svc.name}: seed ${SEED}, ${report.test_cases.generated} cases in ${(exit.ms / 1000).toFixed(1)} s, `
        + `${report.test_cases.with_failures} failing, ${report.test_cases.errored} errored; statuses ${JSON.stringify(har.statuses)}`);
      assert.equal(exit.code, 0, `schemathesis found failures (replay with FUZZ_SEED=${SEED}):\n${exit.output.slice(-6000)}`);
      assert.ok(report.test_cases.generated > 0, 'schemathesis generated no case');
      assert.deepEqual(har.bad, [], 'responses that are 5xx or not the JSON error body');
      assert.ok(isAlive(pid) && servicePid(svc.name) === pid, `${svc.name} (pid ${pid}) died or restarted during the run`);
    });
  }

  // The Informer documents {id} as any string, so nearly every generated id is a 400 and the view
  // lookup (and its wait for Kafka on an unknown id) is barely reached: fuzz it again with the id
  // declared a UUID.
  it('informer: /info/{id} with UUIDs: no 5xx, every response as documented', async (t) => {
    const spec = await (await fetch(`${stack.informer}/openapi.json`)).json() as
      { paths: Record<string, { get: { parameters: { name: string; schema: Record<string, unknown> }[] } }> };
    const info = spec.paths['/info/{id}'];
    assert.ok(info, 'the Informer document has no /info/{id}');
    for (const p of info.get.parameters) if (p.name === 'id') p.schema.format = 'uuid';
    const { exit, report, har } = await schemathesis(stack.informer, CHECKS, 200, spec);
    t.diagnostic(`informer (UUID ids): ${report.test_cases.generated} cases in ${(exit.ms / 1000).toFixed(1)} s; statuses ${JSON.stringify(har.statuses)}`);
    assert.equal(exit.code, 0, `schemathesis found failures (replay with FUZZ_SEED=${SEED}):\n${exit.output.slice(-6000)}`);
    assert.deepEqual(har.bad, [], 'responses that are 5xx or not the JSON error body');
  });

  // The documents state what is accepted: the create-job body is optional (an empty POST makes a
  // job with the defaults) and /info/{id} takes only a UUID. Both were wrong once (see git log).
  it('the documents describe what the APIs accept (negative_data_rejection, positive_data_acceptance)', async () => {
    const failed: string[] = [];
    for (const svc of SERVICES) {
      const { exit } = await schemathesis(svc.base, 'negative_data_rejection,positive_data_acceptance', 20);
      if (exit.code !== 0) failed.push(`${svc.name}:\n${exit.output.slice(exit.output.indexOf('FAILURES'), exit.output.indexOf('SUMMARY'))}`);
    }
    assert.deepEqual(failed, []);
  });
});

/** The body of a chunked message, or null while it is incomplete. */
function unchunk(b: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  for (let i = 0; ;) {
    const eol = b.indexOf('\r\n', i);
    if (eol < 0) return null;
    const size = parseInt(b.subarray(i, eol).toString('latin1'), 16);
    if (Number.isNaN(size)) return null;
    if (size === 0) return Buffer.concat(parts);
    if (b.length < eol + 2 + size + 2) return null;
    parts.push(b.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
}

/** Sends raw bytes, returns the first response (status, content type, body) or null if the
 * server closed without one. Bounded: 5 s per exchange. */
function exchange(port: number, bytes: Buffer): Promise<{ status: number; type: string; body: string } | null> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let buf: Buffer = Buffer.alloc(0);
    const done = (r: { status: number; type: string; body: string } | null): void => { clearTimeout(timer); socket.destroy(); resolve(r); };
    const timer = setTimeout(() => done(parse(true)), 5_000);
    const parse = (final: boolean): { status: number; type: string; body: string } | null => {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return null;
      const [statusLine = '', ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      let body: Buffer = buf.subarray(end + 4);
      const length = headers.get('content-length');
      if (length !== undefined) {
        if (body.length < Number(length)) return null;
        body = body.subarray(0, Number(length));
      } else if (headers.get('transfer-encoding') === 'chunked') {
        const whole = unchunk(body);
        if (!whole && !final) return null;
        body = whole ?? body;
      } else if (!final) return null;
      return { status: Number(statusLine.split(' ')[1]), type: headers.get('content-type') ?? '', body: body.toString() };
    };
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (d: Buffer) => { buf = Buffer.concat([buf, d]); const r = parse(false); if (r) done(r); });
    socket.on('error', () => done(parse(true)));
    socket.on('close', () => done(parse(true)));
  });
}

const post = (path: string, body: Buffer | string, headers = 'Content-Type: application/json\r\n'): Buffer => {
  const b = Buffer.from(body);
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Content-Length: ${b.length}\r\n\r\n`), b]);
};
const get = (path: string, headers = 'Host: 127.0.0.1\r\n'): Buffer => Buffer.from(`GET ${path} HTTP/1.1\r\n${headers}\r\n`, 'latin1');
const JOB = '/api/v1/create/job';

// [what, request, expected status (undefined: any 4xx)], grouped by the layer that answers them,
// which is where a wrong answer has to be fixed.
const MALFORMED: Record<string, [string, Buffer, number | undefined][]> = {
  "Node's HTTP parser (answered by Fastify's clientErrorHandler)": [
    ['garbage request line', Buffer.from('GARBAGE\r\n\r\n'), 400],
    ['space in a header name', get('/healthz', 'Host: 127.0.0.1\r\nBad Header: y\r\n'), 400],
    ['header section over 16 KiB', get('/healthz', `Host: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n`), 431],
    ['Content-Length with Transfer-Encoding (smuggling)', Buffer.from(`POST ${JOB} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`), 400],
    ['two different Content-Lengths', Buffer.from(`POST ${JOB} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`), 400],
    ['non-numeric Content-Length', Buffer.from(`POST ${JOB} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}`), 400],
    ['invalid chunk size', Buffer.from(`POST ${JOB} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`), 400],
    ['HTTP/2 preface on the HTTP/1.1 port', Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), 400],
    ['NUL byte in the path', get('/info/\x00'), 400],
  ],
  "Node's http.Server itself, before Fastify": [
    ['HTTP/1.1 without Host', get('/healthz', ''), 400],
    ['unknown Expect', post(JOB, '{}', 'Content-Type: application/json\r\nExpect: something\r\n'), 417],
  ],
  "Fastify's router (frameworkErrors)": [
    ['bad percent-encoding in the path', get('/info/%E0%A4%A'), 400],
    ['12 KB path parameter', get(`/info/${'a'.repeat(12_000)}`), undefined],
  ],
  'the JSON body parser and schema': [
    ['__proto__ in the JSON body', post(JOB, '{"__proto__":{"x":1},"sleep":1}'), undefined],
    ['constructor.prototype in the JSON body', post(JOB, '{"constructor":{"prototype":{"x":1}}}'), undefined],
    ['invalid UTF-8 in the JSON body', post(JOB, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), undefined],
    ['2,000-deep JSON nesting', post(JOB, `${'['.repeat(2000)}${']'.repeat(2000)}`), undefined],
    ['1e99999 as a number', post(JOB, '{"sleep":1e99999}'), undefined],
    ['lone surrogate string body', post(JOB, '"\\ud800"'), undefined],
  ],
};

for (const svc of SERVICES) {
  describe(`${svc.name}: malformed HTTP/1.1 gets a 4xx with the JSON error body`, () => {
    const port = Number(new URL(svc.base).port);
    let pid = 0;
    before(() => { pid = servicePid(svc.name); });
    after(async () => {
      assert.ok(isAlive(pid) && servicePid(svc.name) === pid, `${svc.name} (pid ${pid}) died or restarted`);
      assert.equal((await fetch(`${svc.base}/healthz`)).status, 200, `${svc.name} /healthz after the malformed requests`);
    });
    for (const [layer, cases] of Object.entries(MALFORMED)) {
      describe(layer, () => {
        for (const [what, bytes, status] of cases) {
          it(what, async () => {
            const res = await exchange(port, bytes);
            assert.ok(res, 'the server closed the connection without an answer');
            if (status !== undefined) assert.equal(res.status, status, `status (body ${res.body.slice(0, 200)})`);
            else assert.ok(res.status >= 400 && res.status < 500, `expected a 4xx, got ${res.status} ${res.body.slice(0, 200)}`);
            assert.match(res.type, /^application\/json/, `content type of the ${res.status} (body ${JSON.stringify(res.body.slice(0, 200))})`);
            assert.ok(isConveyorErrorBody(res.body), `not the documented error body: ${res.body.slice(0, 300)}`);
          });
        }
      });
    }
  });
}
