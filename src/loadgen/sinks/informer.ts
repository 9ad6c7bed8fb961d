/**
 * Asks the Informer for each job's status. It has no batch endpoint, so ids are fetched one by
 * one with a small bounded concurrency; that is also why it is read only after the load (reading
 * it while the load runs would add a second stream of requests to the system under test).
 */
import { observeInformer, type Observation } from '../accounting/observe.ts';
import type { SinkReader } from '../accounting/sink.ts';
import { createHttpClient } from '../http.ts';

export interface InformerReaderOptions {
  url: string;
  concurrency?: number;
  timeoutMs?: number;
}

export function informerReader(opts: InformerReaderOptions): SinkReader {
  const concurrency = opts.concurrency ?? 16;
  const client = createHttpClient({ maxSockets: concurrency, timeoutMs: opts.timeoutMs ?? 5000 });
  const base = new URL(opts.url);
  const infoUrl = (id: string): URL => new URL(`${base.pathname.replace(/\/$/, '')}/info/${encodeURIComponent(id)}`, base);
  return {
    name: 'informer',
    live: false,
    countsRows: false,
    batchSize: 500,
    async read(ids) {
      const out = new Map<string, Observation>();
      let failures = 0;
      let lastFailure = '';
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < ids.length) {
          const id = ids[next++] as string;
          const res = await client.request('GET', infoUrl(id));
          // Any JSON answer with a status is an answer (an unknown id may come with 404);
          // a 5xx or a network error leaves the id unchecked.
          if ('error' in res) lastFailure = res.error;
          else if (res.status >= 500) lastFailure = `http_${res.status}`;
          else {
            try {
              const body = JSON.parse(res.body) as { status?: unknown };
              if (typeof body.status === 'string') {
                out.set(id, observeInformer(body));
                continue;
              }
            } catch {
              // fall through: not the contract's answer
            }
            lastFailure = `http_${res.status} without a status`;
          }
          failures++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
      if (out.size === 0 && failures > 0) throw new Error(`Informer: ${failures} failed request(s); last: ${lastFailure}`);
      return out;
    },
    close: async () => client.close(),
  };
}
