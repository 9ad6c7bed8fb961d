/**
 * Pure interpretation of what each sink holds for a job. A job is `present` in a sink once
 * everything the pipeline promises is there (Informer: status finish; PostgreSQL: its row with
 * status finish; ClickHouse: a create row and a finish row); `extra` counts rows beyond the
 * promised ones (duplicates the pipeline delivered).
 */
export interface Observation {
  present: boolean;
  extra: number;
  /** The pipeline's own timestamps as the sink stores them, when it has them. */
  createMs?: number;
  finishMs?: number;
}

export const ABSENT: Observation = { present: false, extra: 0 };

/** An Informer answer (`GET /info/{id}`), already JSON-parsed. */
export function observeInformer(info: unknown): Observation {
  if (typeof info !== 'object' || info === null) return ABSENT;
  const v = info as { status?: unknown; create_date?: unknown; finish_date?: unknown };
  if (v.status !== 'finish') return ABSENT;
  return withTimes({ present: true, extra: 0 }, parseDate(v.create_date), parseDate(v.finish_date));
}

export interface PgRow {
  id: string;
  status: string | null;
  create_date: number | null;
  finish_date: number | null;
}

/** The rows PostgreSQL holds for one id (the primary key makes more than one unlikely, but count). */
export function observePostgres(rows: readonly PgRow[]): Observation {
  const finished = rows.filter((r) => r.status === 'finish');
  const first = finished[0];
  if (!first) return { present: false, extra: Math.max(0, rows.length - 1) };
  return withTimes({ present: true, extra: rows.length - 1 }, first.create_date ?? undefined, first.finish_date ?? undefined);
}

export interface ChRow {
  id: string;
  status: string;
  /** Raw rows for (id, status), counted without FINAL so that undeduplicated copies show. */
  count: number;
  maxTimestampMs: number;
}

/** The grouped rows ClickHouse holds for one id: exactly one create and one finish are expected. */
export function observeClickhouse(rows: readonly ChRow[]): Observation {
  let create: ChRow | undefined;
  let finish: ChRow | undefined;
  let extra = 0;
  for (const r of rows) {
    if (r.status === 'create') create = r;
    else if (r.status === 'finish') finish = r;
    else {
      extra += r.count; // a status the pipeline never writes is never expected
      continue;
    }
    extra += Math.max(0, r.count - 1);
  }
  const present = create !== undefined && finish !== undefined && create.count > 0 && finish.count > 0;
  return withTimes({ present, extra }, create?.maxTimestampMs, finish?.maxTimestampMs);
}

/** Groups rows by id and observes each requested id (absent ids get an absent observation). */
export function observeMany<R extends { id: string }>(
  ids: readonly string[],
  rows: readonly R[],
  observe: (rows: readonly R[]) => Observation,
): Map<string, Observation> {
  const byId = new Map<string, R[]>();
  for (const r of rows) {
    const list = byId.get(r.id);
    if (list) list.push(r);
    else byId.set(r.id, [r]);
  }
  return new Map(ids.map((id) => [id, observe(byId.get(id) ?? [])]));
}

function parseDate(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v !== 'string') return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

function withTimes(o: Observation, createMs: number | undefined, finishMs: number | undefined): Observation {
  if (createMs !== undefined && Number.isFinite(createMs)) o.createMs = createMs;
  if (finishMs !== undefined && Number.isFinite(finishMs)) o.finishMs = finishMs;
  return o;
}
