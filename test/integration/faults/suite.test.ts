/**
 * Issue 5, the fault suite's fast part on the running single-node stack: under a steady load,
 * kill -9 each service, SIGTERM them all, and take Connect, ClickHouse and PostgreSQL away for
 * 15 s each. Every acknowledged job must end `finish` in the Informer, one PostgreSQL row and one
 * create + one finish row in ClickHouse (FINAL), and the pipeline must catch up within 120 s.
 * The full suite (60 s outages, 200 jobs/s) is `make faults ARGS="--suite full"`.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { runSuite } from '../../faults/cli.ts';
import { StackControl } from '../../faults/stack-control.ts';
import { faultTable } from '../../faults/table.ts';
import { stack } from '../../helpers/env.ts';

it('every fault on a single-node stack: nothing acknowledged is lost or duplicated, and the pipeline recovers', async () => {
  const ctl = new StackControl(stack.root);
  const only = ['kill-receiver', 'kill-processor', 'kill-converter', 'kill-informer', 'sigterm-all', 'stop-connect', 'stop-clickhouse', 'stop-postgres'];
  const { rows } = await runSuite(ctl, { suite: 'fast', only, log: (l) => console.log(l) });
  console.log(faultTable(rows));
  assert.deepEqual(rows.map((r) => r.fault), only);
  for (const r of rows) {
    assert.ok(r.acknowledged > 500, `${r.fault}: only ${r.acknowledged} jobs acknowledged`);
    assert.equal(r.lost, 0, `${r.fault}: lost jobs (${r.problems.join('; ')})`);
    assert.equal(r.duplicated, 0, `${r.fault}: duplicated jobs (${r.problems.join('; ')})`);
    assert.ok(r.pass, `${r.fault}: ${r.problems.join('; ') || 'did not recover'}`);
  }
});
