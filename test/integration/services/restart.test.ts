/**
 * Issue 3: restarting the Processor in the middle of a batch (SIGTERM, then kill -9) loses no job.
 * Issue 5: with transactions, a kill -9 leaves no duplicate on processor-topic or the sink topics.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assertAllDelivered } from '../../helpers/accounting.ts';
import { createJobs } from '../../helpers/api.ts';
import { stack } from '../../helpers/env.ts';
import { servicePid, signalAndWait, stackUp } from '../../helpers/services.ts';
import { countByKey } from '../../helpers/kafka.ts';

describe('processor restarts mid-batch', () => {
  it('SIGTERM: drains in-flight jobs, exits within 10 s, and after a restart every job is delivered', async () => {
    const pid = servicePid('processor');
    // Jobs that take a second each, so many are in flight when the signal comes.
    const first = await createJobs(500, 50, { sleep: 1000, data_size: 64 });
    const ms = await signalAndWait(pid, 'SIGTERM', 10_000);
    assert.ok(ms < 10_000, `took ${ms} ms to stop`);
    const log = readFileSync(`${stack.root}.stack/logs/svc-processor-0.log`, 'utf8');
    assert.match(log.split('\n').filter(Boolean).at(-1) ?? '', /"msg":"stopped"/, 'last log line says it stopped cleanly');
    const during = await createJobs(200, 20, { sleep: 50, data_size: 64 }); // accepted while the Processor is down
    await stackUp();
    assert.notEqual(servicePid('processor'), pid);
    await assertAllDelivered([...first, ...during].map((j) => j.id), 120_000);
  });

  it('kill -9 of Processor and Converter mid-batch: no job lost, and (exactly-once) no copy on any topic or in any sink', async () => {
    const jobs = await createJobs(500, 50, { sleep: 600, data_size: 64 });
    // Let some jobs through both stages, so the kill hits work in every state.
    await new Promise((r) => setTimeout(r, 700));
    await signalAndWait(servicePid('converter'), 'SIGKILL', 5_000);
    await signalAndWait(servicePid('processor'), 'SIGKILL', 5_000);
    const more = await createJobs(100, 20, { sleep: 50, data_size: 64 });
    await stackUp();
    const ids = [...jobs, ...more].map((j) => j.id);
    // Raw ClickHouse counts, not FINAL: the transactions must have kept the copies out.
    await assertAllDelivered(ids, 120_000);
    const keys = new Set(ids);
    for (const topic of ['processor-topic', 'postgres-topic', 'clickhouse-topic']) {
      const counts = await countByKey(topic, keys);
      const wrong = ids.filter((id) => counts.get(id) !== 1).map((id) => `${id}:${counts.get(id) ?? 0}`);
      assert.deepEqual(wrong, [], `${topic}: jobs not seen exactly once by a read_committed reader`);
    }
  });
});
