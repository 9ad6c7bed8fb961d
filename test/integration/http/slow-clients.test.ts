/**
 * Hostile input, part 2: clients that attack the Receiver's resources rather than its parser.
 * Slowloris (headers trickled byte by byte), 50 MB bodies, 2,000 idle keep-alive connections.
 * The contract: the service cuts them off by its timeouts and limits, keeps serving everyone
 * else, its memory stays bounded (VmRSS of the service process) and it does not crash.
 * Every loop here is bounded in count and in time, and talks only to 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { stack } from '../../helpers/env.ts';
import { isAlive, servicePid } from '../../helpers/services.ts';

const PORT = Number(new URL(stack.receiver).port);
const JOB = '/api/v1/create/job';
const MAX_GROWTH_MIB = 100;
// Node's http.Server enforces requestTimeout/headersTimeout only when its connection check runs,
// every connectionsCheckingInterval (30 s by default), so a slow client may last that much longer.
const NODE_CHECK_INTERVAL_MS = 30_000;
// Node 24 keeps an idle keep-alive socket keepAliveTimeoutBuffer (1 s) past the advertised timeout.
const NODE_KEEP_ALIVE_BUFFER_MS = 1_000;

/** A setting as the running service got it (its environment), else the documented default. */
function serviceSetting(pid: number, name: string, fallback: number): number {
  const line = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((l) => l.startsWith(`${name}=`));
  return line ? Number(line.slice(name.length + 1)) : fallback;
}

const rssMiB = (pid: number): number => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

/** Samples the service's resident memory until stopped; reports the peak growth. */
function watchMemory(pid: number): () => { baseline: number; peak: number; growth: number } {
  const baseline = rssMiB(pid);
  let peak = baseline;
  const timer = setInterval(() => { try { peak = Math.max(peak, rssMiB(pid)); } catch { /* gone: the crash check says so */ } }, 200);
  return () => { clearInterval(timer); peak = Math.max(peak, rssMiB(pid)); return { baseline, peak, growth: peak - baseline }; };
}

interface Parsed { status: number; type: string; body: string }
/** The first response in `buf` once complete (these answers all carry a Content-Length). */
function parseResponse(buf: Buffer, final = false): Parsed | null {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const head = buf.subarray(0, end).toString('latin1').split('\r\n');
  const header = (name: string): string | undefined =>
    head.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
  const length = Number(header('content-length') ?? NaN);
  const body = buf.subarray(end + 4);
  if (!final && !(body.length >= length)) return null;
  return { status: Number(head[0]?.split(' ')[1]), type: header('content-type') ?? '', body: body.subarray(0, length || undefined).toString() };
}

function isConveyorError(res: Parsed | null, code?: string): boolean {
  try {
    const body = JSON.parse(res?.body ?? '') as { error?: { code?: string; message?: string } };
    return /^application\/json/.test(res?.type ?? '') && /^CONVEYOR_[A-Z_]+$/.test(body.error?.code ?? '')
      && (code === undefined || body.error?.code === code) && (body.error?.message ?? '').length > 0;
  } catch {
    return false;
  }
}

const connect = (): Promise<net.Socket> => new Promise((resolve, reject) => {
  const s = net.connect(PORT, '127.0.0.1', () => { s.off('error', reject); resolve(s); });
  s.once('error', reject);
});

/** Opens `count` connections, `batch` at a time (the listen backlog is 511). */
async function openMany(count: number, batch: number, setup: (s: net.Socket, i: number) => void): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < count; i += batch) {
    const opened = await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => connect()));
    opened.forEach((s, j) => { s.on('error', () => {}); setup(s, i + j); });
    sockets.push(...opened);
  }
  return sockets;
}

async function waitAllClosed(sockets: net.Socket[], deadline: number): Promise<void> {
  while (Date.now() < deadline && sockets.some((s) => !s.destroyed)) await sleep(100);
}

/** Normal traffic while an attack runs: a health check and a small job every 500 ms. */
function normalTraffic(): () => Promise<{ status: number; ms: number; what: string }[]> {
  const results: { status: number; ms: number; what: string }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const [what, init] of [['GET /healthz', {}], [`POST ${JOB}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sleep":0,"data_size":16}' }]] as const) {
        const started = Date.now();
        const url = what.startsWith('GET') ? `${stack.receiver}/healthz` : `${stack.receiver}${JOB}`;
        try {
          const res = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
          await res.arrayBuffer();
          results.push({ status: res.status, ms: Date.now() - started, what });
        } catch (err) {
          results.push({ status: 0, ms: Date.now() - started, what: `${what}: ${String(err)}` });
        }
      }
      await sleep(500);
    }
  })();
  return async () => { running = false; await loop; return results; };
}

describe('Receiver under hostile clients', () => {
  let pid = 0;
  let requestTimeoutMs = 0;
  let keepAliveTimeoutMs = 0;
  before(() => {
    pid = servicePid('receiver');
    requestTimeoutMs = serviceSetting(pid, 'HTTP_REQUEST_TIMEOUT_MS', 10_000);
    keepAliveTimeoutMs = serviceSetting(pid, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000);
  });
  after(() => assert.ok(isAlive(pid) && servicePid('receiver') === pid, `the Receiver (pid ${pid}) died or restarted`));

  describe('slowloris: 200 connections trickling headers, one byte per 500 ms', () => {
    const COUNT = 200;
    const closedAfter: number[] = [];
    const answers: Buffer[] = [];
    let traffic: { status: number; ms: number; what: string }[] = [];
    let memory = { baseline: 0, peak: 0, growth: 0 };

    before(async () => {
      const stopMemory = watchMemory(pid);
      const stopTraffic = normalTraffic();
      // Headers that never end (no blank line): only a timeout can end the request.
      const head = Buffer.from(`POST ${JOB} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ${'a'.repeat(4_000)}`);
      const sent = new Map<net.Socket, number>();
      let givingUp = false; // past the deadline, closes are ours, not the server's
      const sockets = await openMany(COUNT, 50, (s, i) => {
        const opened = Date.now();
        const received: Buffer[] = [];
        sent.set(s, 0);
        s.on('data', (d: Buffer) => received.push(d));
        s.on('close', () => { if (!givingUp) closedAfter[i] = Date.now() - opened; answers[i] = Buffer.concat(received); });
      });
      // Fast enough that the socket is never idle for the server's inactivity timeout.
      const ticker = setInterval(() => {
        for (const s of sockets) {
          const n = sent.get(s) ?? 0;
          if (!s.destroyed && n < head.length) { s.write(head.subarray(n, n + 1)); sent.set(s, n + 1); }
        }
      }, 500);
      await waitAllClosed(sockets, Date.now() + requestTimeoutMs + NODE_CHECK_INTERVAL_MS + 5_000);
      clearInterval(ticker);
      givingUp = true;
      for (const s of sockets) s.destroy();
      traffic = await stopTraffic();
      memory = stopMemory();
    });

    it('the server cuts every slow connection off (request timeout + Node\'s 30 s connection check at most)', (t) => {
      const closed = closedAfter.filter((ms) => ms !== undefined);
      const limit = requestTimeoutMs + NODE_CHECK_INTERVAL_MS + 3_000;
      t.diagnostic(`closed ${closed.length}/${COUNT}, after ${Math.min(...closed)}..${Math.max(...closed)} ms (HTTP_REQUEST_TIMEOUT_MS ${requestTimeoutMs})`);
      assert.equal(closed.length, COUNT, 'connections still open at the deadline');
      assert.ok(Math.max(...closed) <= limit, `a slow connection lasted ${Math.max(...closed)} ms > ${limit} ms`);
    });

    it('normal requests are served (200) throughout the attack', (t) => {
      const slowest = Math.max(...traffic.map((r) => r.ms));
      t.diagnostic(`${traffic.length} normal requests, slowest ${slowest} ms`);
      assert.ok(traffic.length >= 10, `only ${traffic.length} normal requests ran`);
      assert.deepEqual(traffic.filter((r) => r.status !== 200), [], 'normal requests that failed');
      assert.ok(slowest < 2_000, `a normal request took ${slowest} ms`);
    });

    it(`memory grows less than ${MAX_GROWTH_MIB} MiB`, (t) => {
      t.diagnostic(`VmRSS ${memory.baseline.toFixed(1)} -> peak ${memory.peak.toFixed(1)} MiB`);
      assert.ok(memory.growth < MAX_GROWTH_MIB, `VmRSS grew ${memory.growth.toFixed(1)} MiB`);
    });

    // Documented: HTTP_REQUEST_TIMEOUT_MS is "time a client has to send a whole request". Node
    // only checks every connectionsCheckingInterval (30 s) unless the server is created with a
    // shorter one, so a slow client gets 10..40 s instead of 10.
    it('slow connections are cut off within HTTP_REQUEST_TIMEOUT_MS (+2 s), as documented', () => {
      const late = closedAfter.filter((ms) => ms > requestTimeoutMs + 2_000);
      assert.equal(late.length, 0, `${late.length}/${COUNT} slow connections lasted up to ${Math.max(...closedAfter)} ms `
        + `(HTTP_REQUEST_TIMEOUT_MS ${requestTimeoutMs}): Node's connectionsCheckingInterval is ${NODE_CHECK_INTERVAL_MS} ms`);
    });

    it('the cut-off is answered with the documented JSON error body', () => {
      const first = answers.filter((a) => a !== undefined).find((a) => a.length > 0);
      assert.ok(first, 'no slow connection got an answer before being closed');
      const res = parseResponse(first, true);
      assert.ok(isConveyorError(res), `408 answer is not {"error":{"code":"CONVEYOR_…","message"}}: ${first.toString().slice(0, 300)}`);
    });
  });

  describe('oversized bodies: 50 MB', () => {
    const TOTAL = 50 * 1024 * 1024;
    const PIECE = Buffer.alloc(64 * 1024, 'a');
    const head = (type: string, chunked: boolean): string => `POST ${JOB} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${type}\r\n`
      + (chunked ? 'Transfer-Encoding: chunked\r\n\r\n' : `Content-Length: ${TOTAL}\r\n\r\n`);
    const frame = (chunked: boolean): Buffer => (chunked ? Buffer.concat([Buffer.from(`${PIECE.length.toString(16)}\r\n`), PIECE, Buffer.from('\r\n')]) : PIECE);

    /** Announces 50 MB, then sends `pieces` 64 KiB pieces (Infinity: up to 50 MB, one per event-loop
     * turn, stopping at the answer) and waits at most 3 s for the answer and the close. */
    async function upload(type: string, chunked: boolean, pieces: number): Promise<{ res: Parsed | null; ms: number; closedByServer: boolean; sentMiB: number }> {
      const started = Date.now();
      const s = await connect();
      let buf = Buffer.alloc(0);
      let sent = 0;
      let stoppedAt = 0; // when the answer was complete or the server closed, whichever first
      let closedByServer = false;
      const answered = (): Parsed | null => parseResponse(buf);
      s.on('data', (d: Buffer) => { buf = Buffer.concat([buf, d]); if (!stoppedAt && answered()) stoppedAt = Date.now(); });
      s.on('error', () => {});
      const closed = new Promise<void>((r) => s.once('close', () => { closedByServer = true; stoppedAt ||= Date.now(); r(); }));
      s.write(head(type, chunked));
      for (let i = 0; i < pieces && sent < TOTAL && !s.destroyed && !answered() && Date.now() - started < 20_000; i++) {
        sent += PIECE.length;
        if (!s.write(frame(chunked))) await Promise.race([new Promise((r) => s.once('drain', r)), closed, sleep(1_000)]);
        await new Promise((r) => setImmediate(r));
      }
      await Promise.race([closed, sleep(3_000)]);
      const byServer = closedByServer;
      s.destroy();
      return { res: parseResponse(buf, true), ms: (stoppedAt || Date.now()) - started, closedByServer: byServer, sentMiB: sent / 1048576 };
    }

    // 64 KiB already passes BODY_LIMIT (4 KiB by default) and still fits the socket buffers, so
    // the server's close cannot reset the connection before the answer is read.
    for (const [what, type, chunked, status, code] of [
      ['with a Content-Length', 'application/json', false, 413, 'CONVEYOR_PAYLOAD_TOO_LARGE'],
      ['chunked (no length)', 'application/json', true, 413, 'CONVEYOR_PAYLOAD_TOO_LARGE'],
      ['as text/plain', 'text/plain', false, 415, 'CONVEYOR_UNSUPPORTED_MEDIA_TYPE'],
    ] as const) {
      it(`${what}: ${status} ${code} after the first 64 KiB, within 2 s`, async (t) => {
        const { res, ms, closedByServer } = await upload(type, chunked, 1);
        t.diagnostic(`${res?.status ?? 'no answer'} after ${ms} ms${closedByServer ? ', then closed' : ''}`);
        assert.equal(res?.status, status, `answer: ${res?.body ?? 'none (connection closed)'}`);
        assert.ok(isConveyorError(res, code), `body: ${res?.body}`);
        assert.ok(ms < 2_000, `took ${ms} ms`);
        // Past the limit the rest of the body is not worth reading: the server hangs up.
        if (status === 413) assert.ok(closedByServer, 'the server kept the connection open after the 413');
      });
    }

    it(`20 concurrent uploads at full speed: each stopped within 2 s, long before 50 MB; memory grows less than ${MAX_GROWTH_MIB} MiB`, async (t) => {
      const stopMemory = watchMemory(pid);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => upload('application/json', i % 2 === 1, Infinity)));
      const memory = stopMemory();
      const seen = results.map((r) => r.res?.status ?? 'reset');
      t.diagnostic(`answers ${seen.join(',')}; at most ${Math.max(...results.map((r) => r.sentMiB)).toFixed(1)} MiB sent, `
        + `${Math.max(...results.map((r) => r.ms))} ms; VmRSS ${memory.baseline.toFixed(1)} -> peak ${memory.peak.toFixed(1)} MiB`);
      // Stopped = the server answered or closed; a reset instead of the 413 is the next test's matter.
      assert.deepEqual(results.filter((r) => r.sentMiB >= 50 || r.ms > 2_000), [], 'uploads the server let run');
      assert.deepEqual(results.filter((r) => r.res && !isConveyorError(r.res, 'CONVEYOR_PAYLOAD_TOO_LARGE')).map((r) => r.res), []);
      assert.ok(memory.growth < MAX_GROWTH_MIB, `VmRSS grew ${memory.growth.toFixed(1)} MiB`);
      assert.equal((await fetch(`${stack.receiver}/healthz`)).status, 200);
    });

    // The server answers 413 with Connection: close and closes at once while the client is still
    // sending; the kernel then resets the connection (unread data), and a client that is writing
    // (fetch with a streamed body) gets EPIPE/ECONNRESET instead of the 413. RFC 9112 section 9.6:
    // close the write side, then keep reading and discarding for a bounded time ("lingering close").
    it('a streaming HTTP client (fetch, 50 MB ReadableStream) gets the 413, not a connection reset: 10 of 10', async (t) => {
      const outcomes: string[] = [];
      for (let i = 0; i < 10; i++) {
        let sent = 0;
        const body = new ReadableStream<Uint8Array>({
          pull(c) { if (sent >= TOTAL) { c.close(); return; } sent += PIECE.length; c.enqueue(new Uint8Array(PIECE)); },
        }, { highWaterMark: 0 });
        try {
          const res = await fetch(`${stack.receiver}${JOB}`, { method: 'POST', body, duplex: 'half', signal: AbortSignal.timeout(10_000),
            headers: { 'content-type': 'application/json', ...(i % 2 === 0 ? { 'content-length': String(TOTAL) } : {}) } } as RequestInit);
          const text = await res.text();
          outcomes.push(res.status === 413 && isConveyorError({ status: 413, type: res.headers.get('content-type') ?? '', body: text }) ? '413' : `${res.status} ${text.slice(0, 80)}`);
        } catch (err) {
          outcomes.push(`error ${(err as { cause?: { code?: string } }).cause?.code ?? String(err)}`);
        }
      }
      t.diagnostic(`outcomes: ${outcomes.join(', ')}`);
      assert.deepEqual(outcomes.filter((o) => o !== '413'), [], 'uploads that did not see the 413 JSON');
    });
  });

  describe('2,000 idle keep-alive connections', () => {
    const COUNT = 2_000;
    const answered: number[] = [];
    const idleFor: number[] = [];
    let healthDuring = 0;
    let memory = { baseline: 0, peak: 0, growth: 0 };

    before(async () => {
      const stopMemory = watchMemory(pid);
      let givingUp = false;
      const sockets = await openMany(COUNT, 200, (s, i) => {
        let buf = Buffer.alloc(0);
        let at = 0;
        s.on('data', (d: Buffer) => {
          buf = Buffer.concat([buf, d]);
          const res = parseResponse(buf);
          if (res && !at) { at = Date.now(); answered[i] = res.status; }
        });
        s.on('close', () => { if (at && !givingUp) idleFor[i] = Date.now() - at; });
        // One request, then the connection idles (keep-alive is HTTP/1.1's default).
        s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      });
      const until = Date.now() + 30_000;
      while (Date.now() < until && answered.filter(Boolean).length < COUNT) await sleep(100);
      const res = await fetch(`${stack.receiver}/healthz`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
      healthDuring = res?.status ?? 0;
      await waitAllClosed(sockets, Date.now() + keepAliveTimeoutMs + NODE_KEEP_ALIVE_BUFFER_MS + 10_000);
      givingUp = true;
      for (const s of sockets) s.destroy();
      memory = stopMemory();
    });

    it('all are accepted and answered 200', () => {
      const ok = answered.filter((s) => s === 200).length;
      assert.equal(ok, COUNT, `${ok}/${COUNT} answered 200`);
    });

    it('the service answers /healthz while they idle', () => assert.equal(healthDuring, 200));

    it('the server closes each one after its keep-alive timeout', (t) => {
      const closed = idleFor.filter((ms) => ms !== undefined);
      const limit = keepAliveTimeoutMs + NODE_KEEP_ALIVE_BUFFER_MS + 2_000;
      t.diagnostic(`closed ${closed.length}/${COUNT} after ${Math.min(...closed)}..${Math.max(...closed)} ms idle (HTTP_KEEP_ALIVE_TIMEOUT_MS ${keepAliveTimeoutMs})`);
      assert.equal(closed.length, COUNT, 'connections the server left open');
      assert.ok(Math.max(...closed) <= limit, `one stayed ${Math.max(...closed)} ms > ${limit} ms`);
    });

    // Nothing caps the number of connections (no server.maxConnections): memory is bounded here by
    // the count this test opens, about 15-30 KiB each, and in general only by the fd limit.
    it(`memory grows less than ${MAX_GROWTH_MIB} MiB`, (t) => {
      t.diagnostic(`VmRSS ${memory.baseline.toFixed(1)} -> peak ${memory.peak.toFixed(1)} MiB (${(memory.growth * 1024 / COUNT).toFixed(1)} KiB a connection)`);
      assert.ok(memory.growth < MAX_GROWTH_MIB, `VmRSS grew ${memory.growth.toFixed(1)} MiB`);
    });
  });
});
