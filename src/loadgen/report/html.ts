/**
 * The self-contained HTML report: the verdict and its criteria first (so a person sees at a
 * glance whether the run passed), then the run's numbers, rate and latency over time, the max
 * search's trials, the end-to-end accounting table and the e2e latency distribution.
 */
import type { AccountingReport } from '../accounting/classify.ts';
import type { LoadResult } from '../result.ts';
import { describeProfile } from '../profile.ts';
import type { Percentiles, RunStats } from '../types.ts';
import { barChart, esc, lineChart } from './svg.ts';

const CSS = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:900px;color:#222}
h1{font-size:20px;margin:0 0 8px} h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #ddd}
#verdict{font-size:56px;font-weight:800;letter-spacing:4px;text-align:center;padding:12px;border-radius:8px;color:#fff}
#verdict.pass{background:#1a7f37} #verdict.fail{background:#cf222e}
table{border-collapse:collapse;margin:6px 0} td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f6f8fa} td:first-child,th:first-child{text-align:left}
tr.ok td.mark{color:#1a7f37} tr.bad td.mark{color:#cf222e;font-weight:700} tr.bad{background:#fff0f0}
.chart text{font:11px system-ui,sans-serif;fill:#444} .chart .title{font-size:13px;font-weight:600;fill:#222}
.chart .grid{stroke:#eee} .chart .axis{stroke:#888} .muted{color:#666} .warn{background:#fff8c5;padding:6px 10px;border-radius:4px} code,pre{font:12px ui-monospace,monospace}
pre{background:#f6f8fa;padding:8px;overflow:auto}`;

/** Above this the generator, not the server, is the likely limit: worth a warning on the page. */
const LAG_WARN_MS = 50;
const n = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(1));
const row = (cells: Array<string | number>, cls = ''): string =>
  `<tr${cls ? ` class="${cls}"` : ''}>${cells.map((c) => `<td>${typeof c === 'number' ? n(c) : c}</td>`).join('')}</tr>`;
const head = (cells: string[]): string => `<tr>${cells.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
const pctRow = (name: string, p: Percentiles | null): string =>
  p ? row([esc(name), p.count, p.p50, p.p90, p.p99, p.p999, p.max]) : row([esc(name), 0, '-', '-', '-', '-', '-']);

export function renderHtml(r: LoadResult): string {
  const s = r.run;
  const verdict = r.verdict.pass ? 'PASS' : 'FAIL';
  const criteria = r.verdict.criteria
    .map((c) => `<tr class="${c.pass ? 'ok' : 'bad'}"><td>${esc(c.name)}</td><td>${esc(c.expected)}</td><td>${esc(c.actual)}</td><td class="mark">${c.pass ? '✔ pass' : '✘ FAIL'}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${verdict} · ${esc(r.name)} · Conveyor load report</title><style>${CSS}</style></head>
<body>
<div id="verdict" class="${r.verdict.pass ? 'pass' : 'fail'}">${verdict}</div>
<h1>${esc(r.name)}</h1>
<p class="muted">${esc(r.mode === 'max' ? 'max search' : describeProfile(s.profile))} · started ${esc(r.startedAt)} · finished ${esc(r.finishedAt)}</p>
<table id="criteria">${head(['criterion', 'expected', 'actual', ''])}
${criteria}</table>
${r.search ? searchSection(r) : ''}
${runSection(s)}
${r.accounting ? accountingSection(r.accounting) : '<h2>End-to-end accounting</h2><p>Skipped (<code>--no-accounting</code>).</p>'}
<h2>Configuration</h2>
<pre>${esc(JSON.stringify(r.config, null, 2))}</pre>
</body></html>
`;
}

function runSection(s: RunStats): string {
  const errors = Object.entries(s.errors).sort((a, b) => b[1] - a[1]);
  // Points sit at the middle of their one-second window. Rates are drawn for the load phase only:
  // the drain after it (late answers, no sends) would read as a collapse of the rate.
  const loadPhase = s.series.filter((w) => w.t < Math.ceil(s.plannedSec));
  const at = (f: (w: (typeof loadPhase)[number]) => number): Array<[number, number]> => loadPhase.map((w) => [w.t + 0.5, f(w)]);
  const answered = s.series.filter((w) => w.latency.count > 0);
  const lat = (f: (p: Percentiles) => number): Array<[number, number]> => answered.map((w) => [w.t + 0.5, f(w.latency)]);
  return `<h2>Requests</h2>
<table id="run">${head(['scheduled', 'started', 'ok', 'failed', 'dropped', 'target rps', 'achieved rps', 'max in-flight (bound)'])}
${row([s.scheduled, s.started, s.ok, s.failed, s.dropped, s.targetRps, s.achievedRps, `${s.maxInflightSeen} (${s.maxInflight})`])}</table>
<table id="latency">${head(['latency, ms', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max'])}
${pctRow('accept (from scheduled start)', s.latency)}
${pctRow('service (from actual send)', s.service)}
${pctRow('send lag (generator lateness)', s.sendLag)}</table>
${s.sendLag.p99 > LAG_WARN_MS ? `<p class="warn">⚠ The generator itself sent late (send lag p99 ${n(s.sendLag.p99)} ms): the machine running it was saturated. Latency still counts from the schedule, but the target rate may not have been offered.</p>` : ''}
<table id="errors">${head(['failure kind', 'count'])}
${errors.length ? errors.map(([k, v]) => row([esc(k), v])).join('\n') : row(['none', 0])}
${s.dropped ? row(['dropped (in-flight bound)', s.dropped]) : ''}</table>
${lineChart({
  id: 'rate',
  title: 'Achieved vs target rate (per second)',
  xLabel: 'seconds since start',
  yLabel: 'requests / s',
  series: [
    { name: 'target', color: '#888', dashed: true, points: at((w) => w.scheduled) },
    { name: 'sent', color: '#0969da', points: at((w) => w.started) },
    { name: 'ok answers', color: '#1a7f37', points: at((w) => w.ok) },
    { name: 'errors+dropped', color: '#cf222e', points: at((w) => w.errors + w.dropped) },
  ],
})}
${lineChart({
  id: 'latency',
  title: 'Accept latency from scheduled start (per-second windows)',
  xLabel: 'seconds since start',
  yLabel: 'ms',
  series: [
    { name: 'p50', color: '#1a7f37', points: lat((p) => p.p50) },
    { name: 'p90', color: '#0969da', points: lat((p) => p.p90) },
    { name: 'p99', color: '#bf8700', points: lat((p) => p.p99) },
    { name: 'max', color: '#cf222e', dashed: true, points: lat((p) => p.max) },
  ],
})}`;
}

function searchSection(r: LoadResult): string {
  const sr = r.search;
  if (!sr) return '';
  const trials = sr.trials.map((t) =>
    row([t.rps, t.stats.achievedRps, t.stats.latency.p99, t.stats.failed + t.stats.dropped, t.pass ? '✔ pass' : '✘ fail'], t.pass ? 'ok' : 'bad'),
  );
  return `<h2>Max search</h2>
<p>Highest passing rate: <strong id="max-rps">${sr.best === null ? 'none' : `${sr.best} rps`}</strong> (searched ${sr.fromRps}–${sr.toRps} rps, ${sr.trialSec} s per trial; the sections below show ${sr.best === null ? 'the last trial' : 'the best passing trial'}).</p>
<table id="trials">${head(['target rps', 'achieved rps', 'p99 ms', 'failed+dropped', ''])}
${trials.join('\n')}</table>`;
}

function accountingSection(a: AccountingReport): string {
  const rows = a.sinks.map((s) =>
    row(
      [esc(s.sink), s.expected, s.ok, s.late, s.lost, s.unchecked, s.duplicated, s.extraRows, s.visible?.p50 ?? '-', s.visible?.p99 ?? '-', s.pipeline?.p50 ?? '-', s.pipeline?.p99 ?? '-', esc(s.error ?? '')],
      s.lost + s.unchecked + s.duplicated > 0 ? 'bad' : 'ok',
    ),
  );
  const all = row(['<strong>all sinks</strong>', a.jobs, a.ok, a.late, a.lost, a.unchecked, a.duplicated, '', '', '', a.e2e?.p50 ?? '-', a.e2e?.p99 ?? '-', ''], a.lost + a.unchecked + a.duplicated > 0 ? 'bad' : 'ok');
  const samples = (Object.entries(a.samples) as Array<[string, string[]]>)
    .filter(([, ids]) => ids.length > 0)
    .map(([k, ids]) => `<p><strong>${esc(k)}</strong> (first ${ids.length}): <code>${ids.map(esc).join(' ')}</code></p>`)
    .join('\n');
  return `<h2>End-to-end accounting</h2>
<p class="muted">Every accepted id checked in the Informer (status finish), PostgreSQL (exactly one row) and ClickHouse (exactly one create and one finish row, raw count).
Late = complete, but more than ${a.lateAfterMs} ms after create (by first observation for polled sinks, by the pipeline's finish time for the Informer).
"seen" latencies are upper bounds: their resolution is the poll interval. "pipeline" = the sink's own finish − create timestamps.</p>
<table id="accounting">${head(['sink', 'jobs', 'ok', 'late', 'lost', 'unverified', 'duplicated', 'extra rows', 'seen p50 ms', 'seen p99 ms', 'pipeline p50 ms', 'pipeline p99 ms', 'read errors'])}
${rows.join('\n')}
${all}</table>
${samples}
${barChart({ id: 'e2e', title: 'End-to-end latency: create → finish (jobs per bucket)', xLabel: 'ms', yLabel: 'jobs', bars: a.e2eBuckets.map((b) => ({ lo: b.loMs, hi: b.hiMs, count: b.count, ...(b.open ? { open: true } : {}) })), color: '#8250df' })}
<table id="e2e-table">${head(['e2e latency, ms', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max'])}
${pctRow('create → finish', a.e2e)}</table>`;
}
