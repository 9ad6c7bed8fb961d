import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { observeInformer, type Observation } from '../../../src/loadgen/accounting/observe.ts';
import type { SinkReader } from '../../../src/loadgen/accounting/sink.ts';
import { parseCli, type CliOptions } from '../../../src/loadgen/args.ts';
import { writeOutputs } from '../../../src/loadgen/output.ts';
import type { LoadResult } from '../../../src/loadgen/result.ts';
import { runSession } from '../../../src/loadgen/session.ts';
import { startFakeReceiver } from './fake-receiver.ts';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** An in-memory "pipeline": every id the fake Receiver accepted finished 100–300 ms after create. */
function fakeInformer(accepted: (id: string) => boolean): SinkReader {
  return {
    name: 'informer', live: false, countsRows: false, batchSize: 500,
    async read(ids) {
      return new Map<string, Observation>(ids.map((id, i) => {
        if (!accepted(id)) return [id, observeInformer({ id, status: 'unknown' })];
        const c = Date.now() - 5000;
        return [id, observeInformer({ id, status: 'finish', create_date: new Date(c).toISOString(), finish_date: new Date(c + 100 + (i % 200)).toISOString() })];
      }));
    },
    close: async () => undefined,
  };
}

function options(url: URL, dir: string): CliOptions {
  const o = parseCli(['--profile', 'constant', '--rate', '50', '--duration', '2', '--receiver', url.toString(), '--out', dir, '--quiet', '--accounting-timeout', '5']);
  assert.notEqual(o, 'help');
  return o as CliOptions;
}

async function render(result: LoadResult, dir: string) {
  const files = await writeOutputs(dir, result);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${files.html}`);
    return {
      files,
      requests,
      verdict: (await page.textContent('#verdict'))?.trim(),
      verdictClass: await page.getAttribute('#verdict', 'class'),
      verdictTop: (await page.locator('#verdict').boundingBox())?.y ?? Infinity,
      criteria: await page.locator('#criteria tr').count(),
      charts: await page.$$eval('svg.chart', (svgs) => svgs.map((s) => ({
        id: s.getAttribute('data-chart'),
        lines: [...s.querySelectorAll('polyline.series')].map((p) => (p.getAttribute('points') ?? '').split(' ').filter(Boolean).length),
        bars: s.querySelectorAll('rect.bar').length,
        width: s.getBoundingClientRect().width,
      }))),
      accountingRows: await page.locator('#accounting tr').count(),
    };
  } finally {
    await browser.close();
  }
}

test('the HTML report of a passing run shows PASS first, the charts and the accounting table', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgen-report-'));
  const server = await startFakeReceiver({ delayMs: 2 });
  try {
    const informer = fakeInformer((id) => server.ids.includes(id));
    const result = await runSession(options(server.url, dir), { readers: [informer] });
    assert.equal(result.run.ok, 100);
    assert.equal(result.accounting?.ok, 100);
    assert.equal(result.verdict.pass, true, JSON.stringify(result.verdict));

    const page = await render(result, dir);
    assert.equal(page.verdict, 'PASS');
    assert.equal(page.verdictClass, 'pass');
    assert.ok(page.verdictTop < 50, 'the verdict is at the top of the page');
    assert.equal(page.criteria, 1 + 3 + 3, 'header + 3 run criteria + 3 accounting criteria');
    assert.deepEqual(page.requests.filter((u) => !u.startsWith('file:')), [], 'self-contained: nothing fetched');
    const byId = Object.fromEntries(page.charts.map((c) => [c.id, c]));
    assert.deepEqual(Object.keys(byId).sort(), ['e2e', 'latency', 'rate']);
    assert.deepEqual(byId.rate?.lines.length, 4, 'target, sent, ok, errors');
    assert.ok((byId.rate?.lines[0] ?? 0) >= 2, 'one point per second');
    assert.ok((byId.latency?.lines[2] ?? 0) >= 2, 'p99 over time');
    assert.ok((byId.e2e?.bars ?? 0) > 0, 'e2e distribution has bars');
    for (const c of page.charts) assert.ok(c.width > 500, `chart ${c.id} is drawn`);
    assert.equal(page.accountingRows, 1 + 1 + 1, 'header, the informer, all sinks');
    const json = JSON.parse(await readFile(page.files.json, 'utf8')) as LoadResult;
    assert.equal(json.verdict.pass, true);
    assert.equal(json.run.series.length >= 2, true);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('the HTML report of a failing run shows FAIL and the failed criteria', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loadgen-report-'));
  const server = await startFakeReceiver({ status: 503 });
  try {
    const o = { ...options(server.url, dir), accounting: false };
    const result = await runSession(o);
    assert.equal(result.verdict.pass, false);
    const page = await render(result, dir);
    assert.equal(page.verdict, 'FAIL');
    assert.equal(page.verdictClass, 'fail');
    const html = await readFile(page.files.html, 'utf8');
    assert.match(html, /http_503/);
    assert.match(html, /✘ FAIL/);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
