import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLoad } from '../../../src/loadgen/runner.ts';
import { constantProfile } from '../../../src/loadgen/profile.ts';
import { startFakeReceiver } from './fake-receiver.ts';

test('schedule is honoured against a slow server and latency includes the delay', async () => {
  const server = await startFakeReceiver({ delayMs: 500 });
  try {
    const accepted: string[] = [];
    const stats = await runLoad({
      profile: constantProfile(200, 2),
      url: server.url,
      maxInflight: 1000,
      timeoutMs: 5000,
      onAccepted: (j) => accepted.push(j.id),
    });
    assert.equal(stats.scheduled, 400);
    assert.equal(stats.started, 400);
    assert.equal(stats.dropped, 0);
    assert.equal(stats.ok, 400);
    assert.equal(server.arrivals.length, 400, 'the server saw every request');
    // Requests started per second, as the server saw them arrive: 200 ± 10 % in each full second,
    // even though every answer took 500 ms (a closed model would have sent far fewer).
    const first = server.arrivals[0] as number;
    const perSecond = [0, 0];
    for (const at of server.arrivals) {
      const sec = Math.floor((at - first) / 1000);
      if (sec < 2) perSecond[sec] = (perSecond[sec] ?? 0) + 1;
    }
    for (const n of perSecond) assert.ok(n >= 180 && n <= 220, `started per second ${perSecond.join(',')}`);
    for (const w of stats.series.filter((s) => s.t < 2)) assert.ok(w.started >= 180 && w.started <= 220, `window ${w.t}: ${w.started}`);
    // The delay is in the recorded latency, not hidden.
    assert.ok(stats.latency.p50 >= 500 && stats.latency.p50 < 800, `p50 ${stats.latency.p50}`);
    assert.ok(stats.latency.max >= 500, `max ${stats.latency.max}`);
    assert.ok(stats.service.p50 >= 500, `service p50 ${stats.service.p50}`);
    assert.ok(stats.maxInflightSeen >= 90, `in flight ${stats.maxInflightSeen}: about 200/s × 0.5 s`);
    assert.ok(stats.achievedRps >= 190, `achieved ${stats.achievedRps}`);
    assert.deepEqual(new Set(accepted), new Set(server.ids), 'every accepted id is reported');
  } finally {
    await server.close();
  }
});

test('requests beyond the in-flight bound are dropped, not postponed', async () => {
  const server = await startFakeReceiver({ delayMs: 500 });
  try {
    const stats = await runLoad({ profile: constantProfile(200, 1), url: server.url, maxInflight: 20, timeoutMs: 5000 });
    assert.equal(stats.scheduled, 200);
    // Only 20 fit in 500 ms (all taken in the first 100 ms); the rest of the first half second are
    // dropped, then the slots free up at ~500 ms and ~20 more start.
    assert.ok(stats.dropped >= 150, `dropped ${stats.dropped}`);
    assert.equal(stats.started + stats.dropped, 200);
    assert.equal(server.arrivals.length, stats.started);
    assert.ok(stats.maxInflightSeen <= 20);
    // Dropped requests were not sent late: no send waited for a free slot.
    assert.ok(stats.sendLag.max < 100, `send lag max ${stats.sendLag.max}`);
  } finally {
    await server.close();
  }
});

test('errors are counted by status code and by network error kind', async () => {
  const failing = await startFakeReceiver({ status: 503 });
  try {
    const stats = await runLoad({ profile: constantProfile(50, 1), url: failing.url, maxInflight: 100, timeoutMs: 2000 });
    assert.equal(stats.ok, 0);
    assert.equal(stats.errors.http_503, 50);
  } finally {
    await failing.close();
  }
  // A port nothing listens on: the connection is refused.
  const closed = await startFakeReceiver();
  const url = closed.url;
  await closed.close();
  const stats = await runLoad({ profile: constantProfile(20, 1), url, maxInflight: 100, timeoutMs: 2000 });
  assert.equal(stats.errors.ECONNREFUSED, 20);
  assert.equal(stats.failed, 20);
});

test('a stall before sending is charged to latency (measured from the schedule), not hidden', async () => {
  const server = await startFakeReceiver({ delayMs: 1 });
  try {
    // Freeze this process for 300 ms at t ≈ 0.5 s: requests due meanwhile go out late.
    const stall = setTimeout(() => {
      const until = performance.now() + 300;
      while (performance.now() < until) {
        // busy: nothing else can run
      }
    }, 500);
    const stats = await runLoad({ profile: constantProfile(100, 2), url: server.url, maxInflight: 100, timeoutMs: 5000 });
    clearTimeout(stall);
    assert.equal(stats.ok, 200, 'the requests due during the stall are sent afterwards, not skipped');
    assert.ok(stats.sendLag.max >= 250, `send lag max ${stats.sendLag.max}`);
    // ~30 of the 200 requests were due during the stall, waiting 0–300 ms: the top 10 % of the
    // latencies are those waits. Measured from the send they would vanish.
    assert.ok(stats.latency.p90 >= 50, `latency from the schedule shows the stall: p90 ${stats.latency.p90}`);
    assert.ok(stats.service.p90 < 30, `while the server itself stayed fast: service p90 ${stats.service.p90}`);
  } finally {
    await server.close();
  }
});
