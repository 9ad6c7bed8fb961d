/**
 * Issue 3: several instances share the work through the consumer group, and rebalances (an
 * instance joining mid-batch, then leaving mid-batch) lose no job, and each job is one row in
 * PostgreSQL and one row per status in ClickHouse.
 *
 * Issue 5, exactly-once across rebalances, is measured here, not asserted: the count of jobs with
 * two JobDones on processor-topic is printed. It is 0 of 1,200 in most runs and 60–90 of 1,200 in
 * about one run of four. Suspected: @platformatic/kafka 2.12 fetches committed offsets with
 * require_stable=false (the race KIP-447 closes); forcing it did not remove the copies, so the
 * cause is not pinned down yet.
 * The sinks are checked as users query them (FINAL).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { it } from 'node:test';
import { assertAllDelivered } from '../../helpers/accounting.ts';
import { createJobs } from '../../helpers/api.ts';
import { stack, waitFor } from '../../helpers/env.ts';
import { countByKey } from '../../helpers/kafka.ts';

function startProcessor(port: number): ChildProcess {
  return spawn(process.execPath, ['src/services/processor/main.ts'], {
    cwd: stack.root, stdio: 'ignore',
    env: { ...process.env, PROCESSOR_PORT: String(port), KAFKA_BROKERS: stack.brokers.join(','), LOG_LEVEL: 'warn' },
  });
}

const processed = async (base: string): Promise<number> => {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/conveyor_jobs_total\{stage="processed",outcome="ok"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
};

it('a second Processor joins mid-batch, takes a share of the work, leaves mid-batch: no job lost, one row each in the sinks', async () => {
  const port = 18102;
  const second = startProcessor(port);
  try {
    const first = createJobs(600, 30, { sleep: 400, data_size: 32 });
    await waitFor('the second processor to be ready', async () =>
      ((await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined), 30_000);
    const jobs = await first;
    const more = await createJobs(600, 30, { sleep: 400, data_size: 32 });
    const share = await waitFor('the second processor to process jobs', async () => {
      const n = await processed(`http://127.0.0.1:${port}`);
      return n > 0 ? n : undefined;
    }, 30_000);
    assert.ok(share > 0, 'the second instance got partitions and did work');
    second.kill('SIGTERM'); // leaves the group while its jobs are in flight
    const ids = [...jobs, ...more].map((j) => j.id);
    await assertAllDelivered(ids, 120_000, { dedupe: true });
    const counts = await countByKey('processor-topic', new Set(ids));
    assert.deepEqual(ids.filter((id) => !counts.has(id)), [], 'jobs missing on processor-topic');
    const copies = ids.filter((id) => (counts.get(id) ?? 0) > 1).length;
    process.stdout.write(`# jobs with more than one JobDone on processor-topic after the rebalances: ${copies} of ${ids.length}\n`);
  } finally {
    second.kill('SIGKILL');
  }
});
