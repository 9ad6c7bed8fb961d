/** Issue 3: restarting the Processor in the middle of a batch (SIGTERM, then kill -9) loses no job. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { assertAllDelivered } from '../../helpers/accounting.ts';
import { createJobs } from '../../helpers/api.ts';
import { stack } from '../../helpers/env.ts';
import { servicePid, signalAndWait, stackUp } from '../../helpers/services.ts';

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

  it('kill -9: uncommitted jobs are redone by the restarted Processor; none is lost, one row each in PostgreSQL and in ClickHouse as queried (FINAL)', async () => {
    const pid = servicePid('processor');
    const jobs = await createJobs(500, 50, { sleep: 1000, data_size: 64 });
    await signalAndWait(pid, 'SIGKILL', 5_000);
    await stackUp();
    await assertAllDelivered(jobs.map((j) => j.id), 120_000, { dedupe: true });
  });
});
