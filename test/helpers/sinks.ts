/** Test access to the real sinks: PostgreSQL rows and ClickHouse rows per job id. */
import pg from 'pg';
import { stack } from './env.ts';

export async function withPostgres<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(stack.postgres);
  await client.connect();
  try { return await fn(client); } finally { await client.end(); }
}

export async function clickhouse(sql: string): Promise<string> {
  const res = await fetch(stack.clickhouse, { method: 'POST', body: sql });
  const text = await res.text();
  if (!res.ok) throw new Error(`ClickHouse ${res.status}: ${text}`);
  return text;
}

export async function clickhouseRows<T>(sql: string): Promise<T[]> {
  const text = await clickhouse(`${sql} FORMAT JSONEachRow`);
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

const quote = (ids: string[]): string => ids.map((id) => `'${id.replace(/[^0-9a-f-]/gi, '')}'`).join(',');

/**
 * ClickHouse rows per id and status, in chunks of 500 ids: raw, or as users query them (FINAL
 * collapses redelivered duplicates of the ReplacingMergeTree).
 */
export async function clickhouseCounts(ids: string[], final = false): Promise<Map<string, { create: number; finish: number }>> {
  const out = new Map<string, { create: number; finish: number }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await clickhouseRows<{ id: string; status: string; c: string }>(
      `SELECT id, status, count() AS c FROM jobs ${final ? 'FINAL' : ''} WHERE id IN (${quote(ids.slice(i, i + 500))}) GROUP BY id, status`);
    for (const r of rows) {
      const e = out.get(r.id) ?? { create: 0, finish: 0 };
      if (r.status === 'create' || r.status === 'finish') e[r.status] += Number(r.c);
      out.set(r.id, e);
    }
  }
  return out;
}

export async function postgresRows(ids: string[]): Promise<Map<string, { status: string; create_date: string; finish_date: string }[]>> {
  return withPostgres(async (client) => {
    const res = await client.query<{ id: string; status: string; create_date: string; finish_date: string }>(
      'SELECT id, status, create_date, finish_date FROM jobs WHERE id = ANY($1)', [ids]);
    const out = new Map<string, { status: string; create_date: string; finish_date: string }[]>();
    for (const r of res.rows) out.set(r.id, [...(out.get(r.id) ?? []), r]);
    return out;
  });
}
