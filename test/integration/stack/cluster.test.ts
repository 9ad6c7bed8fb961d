/**
 * Issue 2: `make up KAFKA_NODES=3` runs a 3-node KRaft cluster with RF 3 and min ISR 2. Started
 * on other ports in a scratch STACK_DIR so it does not disturb the running stack.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Admin } from '@platformatic/kafka';
import { shareDownloads, stack } from '../../helpers/env.ts';

const exec = promisify(execFile);

describe('3-node Kafka cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-cluster-'));
  const env = { ...process.env, STACK_DIR: dir, KAFKA_NODES: '3', KAFKA_PORT: '19092', KAFKA_CONTROLLER_PORT: '19192',
    KAFKA_HEAP: '512m', KAFKA_PARTITIONS: '3', ONLY: 'kafka' };
  const brokers = ['127.0.0.1:19092', '127.0.0.1:19093', '127.0.0.1:19094'];

  before(async () => {
    shareDownloads(dir);
    await exec('bash', ['stack/up.sh'], { cwd: stack.root, env, timeout: 300_000, maxBuffer: 1 << 24 });
  });
  after(async () => {
    await exec('bash', ['stack/down.sh'], { cwd: stack.root, env, timeout: 120_000 }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('has three brokers, and every topic has RF 3 with min.insync.replicas 2', async () => {
    const admin = new Admin({ clientId: 'test', bootstrapBrokers: brokers });
    try {
      const md = await admin.metadata({ topics: ['receiver-topic', 'processor-topic', 'postgres-topic', 'clickhouse-topic'] });
      assert.equal(md.brokers.size, 3);
      for (const t of md.topics.values()) {
        for (const p of t.partitions) assert.equal(p.replicas.length, 3, `${t.id} partition replicas`);
      }
      const configs = await admin.describeConfigs({ resources: [{ resourceType: 2, resourceName: 'receiver-topic', configurationKeys: ['min.insync.replicas'] }] });
      const value = configs[0]?.configs.find((c) => c.name === 'min.insync.replicas')?.value;
      assert.equal(value, '2');
    } finally {
      await admin.close();
    }
  });
});
