/**
 * Open-model lookup benchmark for the Informer: GET /info/{id} at a constant rate for a fixed
 * time, ids drawn at random from a file of known ids (bench/informer/seed-jobs.ts writes one).
 * Reports latency percentiles from the scheduled start (HDR histogram), errors, achieved rate,
 * and the Informer's resident memory before and after.
 * Usage: node bench/informer/lookups.ts --ids reports/informer-ids.txt --rate 10000 --duration 30
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createHttpClient } from '../../src/loadgen/http.ts';
import { newHistogram, recordMs, summarize } from '../../src/loadgen/hist.ts';

const { values } = parseArgs({ options: {
  ids: { type: 'string', default: 'reports/informer-ids.txt' }, rate: { type: 'string', default: '10000' },
  duration: { type: 'string', default: '30' }, informer: { type: 'string', default: 'http://127.0.0.1:8004' },
  pid: { type: 'string', default: '' }, 'max-inflight': { type: 'string', default: '512' },
} });
const ids = readFileSync(values.ids!, 'utf8').split('\n').filter(Boolean);
const rate = Number(values.rate), durationS = Number(values.duration), maxInflight = Number(values['max-inflight']);
const rss = (): number => values.pid ? Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${values.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024 : 0;
const client = createHttpClient({ maxSockets: maxInflight, timeoutMs: 5000 });
const hist = newHistogram();
const statuses: Record<string, number> = {};
let inflight = 0, dropped = 0, sent = 0;
const rssBefore = rss();
const t0 = performance.now();
const total = rate * durationS;
await new Promise<void>((done) => {
  let next = 0;
  const tick = (): void => {
    const now = performance.now();
    // Start every request whose scheduled instant has passed (open model: never wait for answers).
    while (next < total && t0 + (next * 1000) / rate <= now) {
      const scheduled = t0 + (next * 1000) / rate;
      next++;
      if (inflight >= maxInflight) { dropped++; continue; }
      inflight++; sent++;
      const id = ids[Math.floor(Math.random() * ids.length)]!;
      void client.request('GET', new URL(`/info/${id}`, values.informer)).then((r) => {
        inflight--;
        const key = 'status' in r ? String(r.status) : r.error;
        statuses[key] = (statuses[key] ?? 0) + 1;
        recordMs(hist, performance.now() - scheduled);
        if (next >= total && inflight === 0) done();
      });
    }
    if (next < total) setImmediate(tick);
    else if (inflight === 0) done();
  };
  tick();
});
const elapsed = (performance.now() - t0) / 1000;
client.close();
const s = summarize(hist);
console.log(JSON.stringify({ rate, durationS, sent, dropped, achieved: Math.round(sent / elapsed), statuses,
  latencyMs: s, rssMiB: { before: Math.round(rssBefore), after: Math.round(rss()) } }, null, 1));
