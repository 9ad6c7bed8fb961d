/**
 * Reads ClickHouse's jobs table over HTTP for a batch of ids in one query. Rows are counted raw
 * (no FINAL): ReplacingMergeTree folds copies only at merge time, and a copy the pipeline
 * delivered twice is exactly what accounting must see. SQL kept to what 18.16 understands.
 */
import { observeClickhouse, observeMany, type ChRow } from '../accounting/observe.ts';
import type { SinkReader } from '../accounting/sink.ts';

export interface ClickhouseReaderOptions {
  url: string;
  table?: string;
  /**
   * Count as users query it, with FINAL (copies with the same key folded). The load generator
   * counts raw rows; the fault suite counts FINAL, because after a sink outage ClickHouse's Kafka
   * engine may re-read a block it had already inserted, which users never see through FINAL.
   */
  final?: boolean;
  batchSize?: number;
  timeoutMs?: number;
}

/** A ClickHouse string literal: backslash and quote escaped, so any id is safe to inline. */
export function chString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function clickhouseQuery(ids: readonly string[], table = 'jobs', final = false): string {
  return (
    `SELECT id, status, count() AS c, max(timestamp_ms) AS ms FROM ${table}${final ? ' FINAL' : ''} ` +
    `WHERE id IN (${ids.map(chString).join(',')}) GROUP BY id, status FORMAT JSONEachRow`
  );
}

/** JSONEachRow lines → rows. 64-bit integers arrive quoted, hence Number(). */
export function parseClickhouseRows(text: string): ChRow[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const v = JSON.parse(l) as { id: string; status: string; c: string | number; ms: string | number };
      return { id: v.id, status: v.status, count: Number(v.c), maxTimestampMs: Number(v.ms) };
    });
}

export function clickhouseReader(opts: ClickhouseReaderOptions): SinkReader {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return {
    name: 'clickhouse',
    live: true,
    countsRows: true,
    batchSize: opts.batchSize ?? 500,
    async read(ids) {
      const res = await fetch(opts.url, { method: 'POST', body: clickhouseQuery(ids, opts.table, opts.final), signal: AbortSignal.timeout(timeoutMs) });
      const text = await res.text();
      if (!res.ok) throw new Error(`ClickHouse answered ${res.status}: ${text.slice(0, 200)}`);
      return observeMany(ids, parseClickhouseRows(text), observeClickhouse);
    },
    close: async () => undefined,
  };
}
