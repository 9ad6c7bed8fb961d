/**
 * Issue 5: in 3-node mode (RF 3, min ISR 2), kill -9 the leader of receiver-topic-0 under load and
 * keep it down 15 s: every acknowledged job is delivered once to every sink (Kafka's own
 * ReplicationTest: consumed ⊇ acknowledged). Runs a whole second stack, 3 Kafka nodes and all, in
 * a scratch STACK_DIR on ports below the ephemeral range, so the dev stack is not disturbed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, it } from 'node:test';
import { runSuite } from '../../faults/cli.ts';
import { StackControl } from '../../faults/stack-control.ts';
import { faultTable } from '../../faults/table.ts';
import { shareDownloads, stack } from '../../helpers/env.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'conveyor-leader-kill-'));
const ctl = new StackControl(stack.root, {
  STACK_DIR: dir, KAFKA_NODES: '3', KAFKA_PARTITIONS: '3', KAFKA_PORT: '19292', KAFKA_CONTROLLER_PORT: '19392', KAFKA_HEAP: '512m',
  POSTGRES_PORT: '15442', CLICKHOUSE_HTTP_PORT: '18133', CLICKHOUSE_TCP_PORT: '19010', CONNECT_PORT: '18093', CONNECT_HEAP: '512m',
  PROMETHEUS_PORT: '19099', RECEIVER_PORT: '18201', PROCESSOR_PORT: '18202', CONVERTER_PORT: '18203', INFORMER_PORT: '18204',
});

before(async () => {
  shareDownloads(dir);
  await ctl.up();
});
after(async () => {
  await exec('bash', ['stack/down.sh'], { cwd: stack.root, env: ctl.env, timeout: 300_000 }).catch(() => undefined);
  // The scratch stack's logs outlive it, for whoever has to read why this failed.
  const kept = `${stack.root}.stack/logs/leader-kill`;
  rmSync(kept, { recursive: true, force: true });
  cpSync(`${dir}/logs`, kept, { recursive: true });
  console.log(`# scratch stack logs kept in ${kept}`);
  rmSync(dir, { recursive: true, force: true });
});

it('kill -9 of a partition leader in a 3-node cluster: nothing acknowledged is lost or duplicated', async () => {
  const { rows } = await runSuite(ctl, { suite: 'fast', only: ['kill-kafka-leader'], log: (l) => console.log(l) });
  console.log(faultTable(rows));
  const [row] = rows;
  assert.ok(row, 'the fault ran (the scratch stack has 3 nodes)');
  assert.ok(row.acknowledged > 100, `only ${row.acknowledged} jobs acknowledged`);
  assert.equal(row.lost, 0, row.problems.join('; '));
  assert.equal(row.duplicated, 0, row.problems.join('; '));
  assert.ok(row.pass, row.problems.join('; ') || 'did not recover');
});
