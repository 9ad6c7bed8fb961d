/** Waits until every id is finished in the Informer, in PostgreSQL and in ClickHouse, then checks counts. */
import assert from 'node:assert/strict';
import { waitFor } from './env.ts';
import { unfinished } from './api.ts';
import { clickhouseCounts, postgresRows } from './sinks.ts';

/**
 * With `dedupe`, ClickHouse is counted as users query it (FINAL): right after a kill -9 the
 * at-least-once Processor may redo jobs whose output was already written.
 */
export async function assertAllDelivered(ids: string[], timeoutMs = 90_000, opts: { dedupe?: boolean } = {}): Promise<void> {
  let pending = ids;
  await waitFor('every job to finish in the Informer', async () => {
    pending = await unfinished(pending);
    return pending.length === 0 ? true : undefined;
  }, timeoutMs, 500);
  await waitFor('one PostgreSQL row per job', async () => {
    const rows = await postgresRows(ids);
    return ids.every((id) => rows.has(id)) ? true : undefined;
  }, timeoutMs, 1000);
  await waitFor('two ClickHouse rows per job', async () => {
    const counts = await clickhouseCounts(ids);
    return ids.every((id) => { const c = counts.get(id); return c && c.create >= 1 && c.finish >= 1; }) ? true : undefined;
  }, timeoutMs, 1000);
  const rows = await postgresRows(ids);
  const counts = await clickhouseCounts(ids, opts.dedupe);
  const pgDup = ids.filter((id) => rows.get(id)!.length !== 1);
  const chWrong = ids.filter((id) => { const c = counts.get(id)!; return c.create !== 1 || c.finish !== 1; });
  assert.deepEqual(pgDup, [], 'ids without exactly one PostgreSQL row');
  assert.deepEqual(chWrong, [], 'ids without exactly one create and one finish row in ClickHouse');
}
