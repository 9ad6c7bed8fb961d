/**
 * Reads the jobs table of PostgreSQL (the JDBC sink's target) for a batch of ids in one query.
 */
import pg from 'pg';
import { observeMany, observePostgres, type PgRow } from '../accounting/observe.ts';
import type { SinkReader } from '../accounting/sink.ts';

export interface PostgresReaderOptions {
  url: string;
  batchSize?: number;
  timeoutMs?: number;
}

const SQL = 'SELECT id, status, create_date, finish_date FROM jobs WHERE id = ANY($1::varchar[])';

export function postgresReader(opts: PostgresReaderOptions): SinkReader {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  // One connection: reads are sequential, and the database under test should not feel the checker.
  const pool = new pg.Pool({ connectionString: opts.url, max: 1, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  pool.on('error', () => undefined); // an idle connection dropped: the next read reconnects
  return {
    name: 'postgres',
    live: true,
    countsRows: true,
    batchSize: opts.batchSize ?? 500,
    async read(ids) {
      const res = await pool.query<{ id: string; status: string | null; create_date: string | null; finish_date: string | null }>(SQL, [ids]);
      // bigint columns arrive as strings (they may exceed 2^53 in general; epoch ms do not).
      const rows: PgRow[] = res.rows.map((r) => ({ id: r.id, status: r.status, create_date: toNum(r.create_date), finish_date: toNum(r.finish_date) }));
      return observeMany(ids, rows, observePostgres);
    },
    close: () => pool.end(),
  };
}

function toNum(v: string | null): number | null {
  if (v === null) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
