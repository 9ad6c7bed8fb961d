// Verifies, by running them against the broker, the features the decision depends on:
// compression codecs, manual offset commits, transactions with consumer offsets
// (consume-transform-produce), KIP-848 consumer groups and group rebalance events.
//   node bench/kafka-clients/features.ts [--clients platformatic,kafkajs,confluent]
// Writes results/features.json. The checks use @platformatic/kafka's Admin and a
// read_committed @platformatic/kafka consumer as the neutral verifier.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Admin, Consumer, FetchIsolationLevels, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import type { Message } from '@platformatic/kafka';
import kafkajs from 'kafkajs';
import type { EachBatchPayload } from 'kafkajs';
import { loadConfluent } from './adapters/confluent.ts';
import { CLIENT_NAMES } from './adapters/types.ts';
import type { ClientName } from './adapters/types.ts';
import { BROKER, PARTITIONS, RESULTS_DIR, log, sleep, withTimeout, writeJson } from './common.ts';
import type { AnyCodec } from './common.ts';
import { loadClient } from './scenario.ts';

interface Check {
  ok: boolean;
  detail: string;
}
type Report = Record<string, Record<string, Check>>;

const STEP_MS = 45_000;
const RUN_ID = Date.now().toString(36);
const createdTopics = new Set<string>();
const admin = new Admin({ clientId: 'bench-features-admin', bootstrapBrokers: [BROKER] });

async function topic(name: string): Promise<string> {
  const full = `bench-feat-${RUN_ID}-${name}`;
  await admin.createTopics({ topics: [full], partitions: PARTITIONS, replicas: 1 });
  createdTopics.add(full);
  await sleep(300); // let the new partitions get leaders
  return full;
}

async function check(report: Record<string, Check>, name: string, fn: () => Promise<string>): Promise<void> {
  log(`  ${name} ...`);
  try {
    const detail = await withTimeout(name, STEP_MS, fn());
    report[name] = { ok: true, detail };
    log(`  ${name}: ok — ${detail}`);
  } catch (e) {
    const detail = String((e as Error)?.message ?? e).slice(0, 400);
    report[name] = { ok: false, detail };
    log(`  ${name}: FAILED — ${detail}`);
  }
}

/** Seed `n` string messages (value prefix-i) with a plain @platformatic/kafka producer. */
async function seed(t: string, n: number, prefix: string): Promise<void> {
  const p = new Producer({ clientId: 'bench-seed', bootstrapBrokers: [BROKER], idempotent: true, serializers: stringSerializers });
  try {
    await p.send({ messages: Array.from({ length: n }, (_, i) => ({ topic: t, key: `k${i}`, value: `${prefix}-${i}` })) });
  } finally {
    await p.close();
  }
}

/** Sum of the committed offsets of `groupId` on `t` (= messages marked consumed). */
async function committedTotal(groupId: string, t: string): Promise<number> {
  const groups = await admin.listConsumerGroupOffsets({ groups: [groupId] });
  let total = 0;
  for (const g of groups) for (const tp of g.topics) if (tp.name === t) for (const p of tp.partitions) if (p.committedOffset > 0n) total += Number(p.committedOffset);
  return total;
}

/** All values on `t`, read with the given isolation level; waits `idleMs` after the last one. */
async function readAll(t: string, isolationLevel: 0 | 1, expect: number, idleMs = 2000): Promise<string[]> {
  const consumer = new Consumer({
    clientId: 'bench-verifier',
    groupId: `bench-verifier-${RUN_ID}-${Math.random().toString(36).slice(2)}`,
    bootstrapBrokers: [BROKER],
    deserializers: stringDeserializers,
    autocommit: false,
    maxWaitTime: 200,
  });
  const values: string[] = [];
  try {
    const stream = await consumer.consume({ topics: [t], mode: 'earliest', isolationLevel });
    await new Promise<void>((resolve) => {
      let idle: NodeJS.Timeout | undefined;
      const cap = setTimeout(resolve, 20_000);
      stream.on('data', (m: Message<string, string, string, string>) => {
        values.push(m.value);
        if (values.length >= expect) {
          if (idle) clearTimeout(idle);
          idle = setTimeout(() => {
            clearTimeout(cap);
            resolve();
          }, idleMs);
        }
      });
    });
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return values;
}

async function verifyTransactions(inTopic: string, outTopic: string, group: string): Promise<string> {
  const committed = await readAll(outTopic, FetchIsolationLevels.READ_COMMITTED, 10);
  const uncommitted = await readAll(outTopic, FetchIsolationLevels.READ_UNCOMMITTED, 15);
  const offsets = await committedTotal(group, inTopic);
  const okCommitted = committed.length === 10 && committed.every((v) => v.startsWith('committed-'));
  if (!okCommitted) throw new Error(`read_committed saw ${committed.length} messages: ${committed.slice(0, 3).join(',')}…`);
  if (uncommitted.length !== 15) throw new Error(`read_uncommitted saw ${uncommitted.length} messages, expected 15 (10 committed + 5 aborted)`);
  if (offsets !== 10) throw new Error(`group ${group} committed offsets sum to ${offsets}, expected 10`);
  return 'committed txn visible (10), aborted txn hidden from read_committed (5 only in read_uncommitted), input offsets committed in the txn (10)';
}

// ---------------------------------------------------------------------------------------------
// @platformatic/kafka
// ---------------------------------------------------------------------------------------------
async function platformaticChecks(r: Record<string, Check>): Promise<void> {
  await check(r, 'manual commit', async () => {
    const t = await topic('plt-commit');
    await seed(t, 20, 'm');
    const group = `bench-feat-${RUN_ID}-plt-commit`;
    const consumer = new Consumer({ clientId: 'bench-feat', groupId: group, bootstrapBrokers: [BROKER], autocommit: false });
    try {
      const stream = await consumer.consume({ topics: [t], mode: 'committed', fallbackMode: 'earliest' });
      let n = 0;
      for await (const message of stream) {
        n++;
        // message.commit() commits offset+1 for that partition (batched with other commits)
        await message.commit();
        if (n === 20) break;
      }
      await stream.close();
    } finally {
      await consumer.close();
    }
    const total = await committedTotal(group, t);
    if (total !== 20) throw new Error(`committed offsets sum to ${total}, expected 20`);
    return 'consume({autocommit:false}) + await message.commit(): 20/20 offsets committed';
  });

  await check(r, 'manual commit (explicit offsets)', async () => {
    const t = await topic('plt-commit2');
    await seed(t, 12, 'm');
    const group = `bench-feat-${RUN_ID}-plt-commit2`;
    const consumer = new Consumer({ clientId: 'bench-feat', groupId: group, bootstrapBrokers: [BROKER], autocommit: false });
    try {
      const stream = await consumer.consume({ topics: [t], mode: 'committed', fallbackMode: 'earliest' });
      const last = new Map<number, Message>();
      let n = 0;
      for await (const message of stream) {
        last.set(message.partition, message);
        if (++n === 12) break;
      }
      // Consumer#commit takes the NEXT offset to read (offset + 1), plus the leader epoch.
      await consumer.commit({
        offsets: [...last.values()].map((m) => ({ topic: m.topic, partition: m.partition, offset: m.offset + 1n, leaderEpoch: m.leaderEpoch })),
      });
      await stream.close();
    } finally {
      await consumer.close();
    }
    const total = await committedTotal(group, t);
    if (total !== 12) throw new Error(`committed offsets sum to ${total}, expected 12`);
    return 'consumer.commit({offsets:[{topic,partition,offset:offset+1n,leaderEpoch}]}) works';
  });

  await check(r, 'transactions + offsets (EOS)', async () => {
    const inTopic = await topic('plt-tx-in');
    const outTopic = await topic('plt-tx-out');
    await seed(inTopic, 10, 'in');
    const group = `bench-feat-${RUN_ID}-plt-tx`;
    const producer = new Producer({
      clientId: 'bench-feat-tx',
      bootstrapBrokers: [BROKER],
      idempotent: true, // required for transactions
      transactionalId: `bench-tx-plt-${RUN_ID}`,
      serializers: stringSerializers,
    });
    const consumer = new Consumer({
      clientId: 'bench-feat',
      groupId: group,
      bootstrapBrokers: [BROKER],
      autocommit: false,
      deserializers: stringDeserializers,
      isolationLevel: FetchIsolationLevels.READ_COMMITTED,
    });
    try {
      const stream = await consumer.consume({ topics: [inTopic], mode: 'committed', fallbackMode: 'earliest' });
      const batch: Message<string, string, string, string>[] = [];
      for await (const message of stream) {
        batch.push(message);
        if (batch.length === 10) break;
      }
      const tx = await producer.beginTransaction();
      await tx.send({ messages: batch.map((m) => ({ topic: outTopic, key: m.key, value: `committed-${m.value}` })) });
      await tx.addConsumer(consumer); // AddOffsetsToTxn for the consumer's group
      // TxnOffsetCommit: one call per message, commits message.offset + 1 with the consumer's generation.
      // Only the last message of each partition is needed.
      const lastPerPartition = new Map<number, Message<string, string, string, string>>();
      for (const m of batch) lastPerPartition.set(m.partition, m);
      for (const m of lastPerPartition.values()) await tx.addOffset(m);
      await tx.commit();

      const tx2 = await producer.beginTransaction();
      await tx2.send({ messages: [0, 1, 2, 3, 4].map((i) => ({ topic: outTopic, key: `a${i}`, value: `aborted-${i}` })) });
      await tx2.abort();
      await stream.close();
    } finally {
      await consumer.close();
      await producer.close();
    }
    return verifyTransactions(inTopic, outTopic, group);
  });

  await check(r, 'KIP-848 consumer group protocol', async () => {
    const t = await topic('plt-848');
    await seed(t, 6, 'x');
    const consumer = new Consumer({
      clientId: 'bench-feat',
      groupId: `bench-feat-${RUN_ID}-plt-848`,
      bootstrapBrokers: [BROKER],
      groupProtocol: 'consumer',
      autocommit: false,
    });
    try {
      const stream = await consumer.consume({ topics: [t], mode: 'earliest' });
      let n = 0;
      for await (const _m of stream) if (++n === 6) break;
      await stream.close();
      return `groupProtocol:'consumer' read 6/6, assignments: ${consumer.assignments?.map((a) => a.partitions.length).join('+')} partitions`;
    } finally {
      await consumer.close();
    }
  });

  await check(r, 'rebalance events', async () => {
    const t = await topic('plt-rebalance');
    const group = `bench-feat-${RUN_ID}-plt-rebalance`;
    const events: string[] = [];
    const mk = (id: string) => {
      const c = new Consumer({ clientId: `bench-feat-${id}`, groupId: group, bootstrapBrokers: [BROKER], autocommit: false, sessionTimeout: 10_000, heartbeatInterval: 500 });
      c.on('consumer:group:join', (p) => events.push(`${id}:join(${(p.assignments ?? []).reduce((s, a) => s + a.partitions.length, 0)} partitions)`));
      c.on('consumer:group:leave', () => events.push(`${id}:leave`));
      c.on('consumer:group:rebalance', () => events.push(`${id}:rebalance`));
      c.on('consumer:group:rejoin', () => events.push(`${id}:rejoin`));
      return c;
    };
    const a = mk('A');
    const b = mk('B');
    const owned = (c: Consumer) => (c.assignments ?? []).reduce((s, x) => s + x.partitions.length, 0);
    try {
      const sa = await a.consume({ topics: [t], mode: 'latest' });
      const sb = await b.consume({ topics: [t], mode: 'latest' });
      for (let i = 0; i < 40 && !(owned(a) > 0 && owned(b) > 0 && owned(a) + owned(b) === PARTITIONS); i++) await sleep(250);
      const split = `${owned(a)}+${owned(b)}`;
      await sb.close();
      await b.close();
      for (let i = 0; i < 40 && owned(a) !== PARTITIONS; i++) await sleep(250);
      const after = owned(a);
      await sa.close();
      if (after !== PARTITIONS) throw new Error(`A owns ${after} partitions after B left; events: ${events.join(' ')}`);
      return `split ${split} with two members, A owns ${after} after B left; events: ${events.join(' ')}`;
    } finally {
      await a.close(true).catch(() => undefined);
      await b.close(true).catch(() => undefined);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// kafkajs
// ---------------------------------------------------------------------------------------------
async function kafkajsChecks(r: Record<string, Check>): Promise<void> {
  const { Kafka, logLevel } = kafkajs;
  const kafka = new Kafka({ clientId: 'bench-feat', brokers: [BROKER], logLevel: logLevel.NOTHING });

  await check(r, 'manual commit', async () => {
    const t = await topic('kjs-commit');
    await seed(t, 20, 'm');
    const group = `bench-feat-${RUN_ID}-kjs-commit`;
    const consumer = kafka.consumer({ groupId: group });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [t], fromBeginning: true });
      let n = 0;
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic: tp, partition, message }) => {
              await consumer.commitOffsets([{ topic: tp, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
              if (++n === 20) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    const total = await committedTotal(group, t);
    if (total !== 20) throw new Error(`committed offsets sum to ${total}, expected 20`);
    return 'run({autoCommit:false}) + consumer.commitOffsets([{topic,partition,offset:"<next>"}]): 20/20';
  });

  await check(r, 'transactions + offsets (EOS)', async () => {
    const inTopic = await topic('kjs-tx-in');
    const outTopic = await topic('kjs-tx-out');
    await seed(inTopic, 10, 'in');
    const group = `bench-feat-${RUN_ID}-kjs-tx`;
    const producer = kafka.producer({ transactionalId: `bench-tx-kjs-${RUN_ID}`, idempotent: true, maxInFlightRequests: 1 });
    const consumer = kafka.consumer({ groupId: group, readUncommitted: false });
    await producer.connect();
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [inTopic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        let n = 0;
        consumer
          .run({
            autoCommit: false,
            eachBatchAutoResolve: false,
            eachBatch: async ({ batch, resolveOffset }: EachBatchPayload) => {
              const tx = await producer.transaction();
              try {
                await tx.send({
                  topic: outTopic,
                  acks: -1,
                  messages: batch.messages.map((m) => ({ key: m.key, value: `committed-${m.value?.toString()}` })),
                });
                await tx.sendOffsets({
                  consumerGroupId: group,
                  topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }] }],
                });
                await tx.commit();
              } catch (e) {
                await tx.abort();
                throw e;
              }
              for (const m of batch.messages) resolveOffset(m.offset);
              n += batch.messages.length;
              if (n >= 10) resolve();
            },
          })
          .catch(reject);
      });
      const tx2 = await producer.transaction();
      await tx2.send({ topic: outTopic, acks: -1, messages: [0, 1, 2, 3, 4].map((i) => ({ key: `a${i}`, value: `aborted-${i}` })) });
      await tx2.abort();
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
    return verifyTransactions(inTopic, outTopic, group);
  });
}

// ---------------------------------------------------------------------------------------------
// @confluentinc/kafka-javascript (KafkaJS-compatible API)
// ---------------------------------------------------------------------------------------------
interface CfkMsg {
  key: Buffer | null;
  value: Buffer | null;
  offset: string;
}
interface CfkConsumerFull {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  subscribe(o: { topics: string[] }): Promise<void>;
  run(o: {
    eachMessage?: (p: { topic: string; partition: number; message: CfkMsg }) => Promise<void>;
    eachBatch?: (p: { batch: { topic: string; partition: number; messages: CfkMsg[] } }) => Promise<void>;
  }): Promise<void>;
  commitOffsets(o: { topic: string; partition: number; offset: string }[]): Promise<void>;
}
interface CfkTx {
  send(r: { topic: string; messages: { key: string | Buffer | null; value: string }[] }): Promise<unknown>;
  sendOffsets(o: { consumer: CfkConsumerFull; topics: { topic: string; partitions: { partition: number; offset: string }[] }[] }): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}
interface CfkProducerFull {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  transaction(): Promise<CfkTx>;
}

async function confluentChecks(r: Record<string, Check>): Promise<void> {
  const mod = loadConfluent();
  if (typeof mod === 'string') {
    r['available'] = { ok: false, detail: mod };
    return;
  }
  const { Kafka, logLevel } = mod.KafkaJS;
  const kafka = new Kafka({ kafkaJS: { brokers: [BROKER], clientId: 'bench-feat', logLevel: logLevel['NOTHING'] ?? 0 } });
  const consumerOf = (cfg: Record<string, unknown>) => kafka.consumer(cfg) as unknown as CfkConsumerFull;

  await check(r, 'manual commit', async () => {
    const t = await topic('cfk-commit');
    await seed(t, 20, 'm');
    const group = `bench-feat-${RUN_ID}-cfk-commit`;
    const consumer = consumerOf({ kafkaJS: { groupId: group, fromBeginning: true, autoCommit: false } });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [t] });
      let n = 0;
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachMessage: async ({ topic: tp, partition, message }) => {
              await consumer.commitOffsets([{ topic: tp, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
              if (++n === 20) resolve();
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    const total = await committedTotal(group, t);
    if (total !== 20) throw new Error(`committed offsets sum to ${total}, expected 20`);
    return 'kafkaJS:{autoCommit:false} + consumer.commitOffsets([...]): 20/20';
  });

  await check(r, 'transactions + offsets (EOS)', async () => {
    const inTopic = await topic('cfk-tx-in');
    const outTopic = await topic('cfk-tx-out');
    await seed(inTopic, 10, 'in');
    const group = `bench-feat-${RUN_ID}-cfk-tx`;
    const producer = kafka.producer({ kafkaJS: { transactionalId: `bench-tx-cfk-${RUN_ID}`, idempotent: true, acks: -1 } }) as unknown as CfkProducerFull;
    const consumer = consumerOf({ kafkaJS: { groupId: group, fromBeginning: true, autoCommit: false } });
    await producer.connect();
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [inTopic] });
      await new Promise<void>((resolve, reject) => {
        let n = 0;
        consumer
          .run({
            eachBatch: async ({ batch }) => {
              const tx = await producer.transaction();
              try {
                await tx.send({ topic: outTopic, messages: batch.messages.map((m) => ({ key: m.key, value: `committed-${m.value?.toString()}` })) });
                const last = batch.messages[batch.messages.length - 1];
                if (last) {
                  await tx.sendOffsets({
                    consumer,
                    topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }] }],
                  });
                }
                await tx.commit();
              } catch (e) {
                await tx.abort();
                throw e;
              }
              n += batch.messages.length;
              if (n >= 10) resolve();
            },
          })
          .catch(reject);
      });
      const tx2 = await producer.transaction();
      await tx2.send({ topic: outTopic, messages: [0, 1, 2, 3, 4].map((i) => ({ key: `a${i}`, value: `aborted-${i}` })) });
      await tx2.abort();
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
    return verifyTransactions(inTopic, outTopic, group);
  });

  await check(r, 'KIP-848 consumer group protocol', async () => {
    const t = await topic('cfk-848');
    await seed(t, 6, 'x');
    // KIP-848 is opted into with librdkafka's group.protocol; session/heartbeat settings must be left unset.
    const consumer = consumerOf({ kafkaJS: { groupId: `bench-feat-${RUN_ID}-cfk-848`, fromBeginning: true, autoCommit: false }, 'group.protocol': 'consumer' });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [t] });
      let n = 0;
      await new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachMessage: async () => {
              if (++n === 6) resolve();
            },
          })
          .catch(reject);
      });
      return `'group.protocol':'consumer' read ${n}/6`;
    } finally {
      await consumer.disconnect();
    }
  });
}

// ---------------------------------------------------------------------------------------------
// every client: idempotent produce + consume with every codec
// ---------------------------------------------------------------------------------------------
async function codecChecks(name: ClientName, r: Record<string, Check>): Promise<void> {
  const client = await loadClient(name);
  try {
    for (const codec of ['gzip', 'snappy', 'lz4', 'zstd'] as AnyCodec[]) {
      await check(r, `compression ${codec}`, async () => {
        const t = await topic(`${name.slice(0, 3)}-${codec}`);
        const p = await client.producer(codec);
        try {
          await p.send(t, [0, 1, 2, 3, 4].map((i) => ({ key: `k${i}`, value: Buffer.from(`value-${i}-`.repeat(50)) })));
        } finally {
          await p.close();
        }
        const got = await client.consume(t, `bench-feat-${RUN_ID}-${name}-${codec}`, 5, 20_000, () => undefined);
        return `idempotent produce + consume of 5 ${codec} messages ok (${got.count})`;
      });
    }
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { clients: { type: 'string', default: CLIENT_NAMES.join(',') } } });
  const clients = values.clients.split(',').filter((c): c is ClientName => (CLIENT_NAMES as string[]).includes(c));
  const report: Report = {};
  try {
    for (const name of clients) {
      log(`features: ${name}`);
      const r: Record<string, Check> = {};
      report[name] = r;
      if (name === 'confluent' && typeof loadConfluent() === 'string') {
        r['available'] = { ok: false, detail: loadConfluent() as string };
        continue;
      }
      if (name === 'kafkajs') {
        const { registerLz4 } = await import('./adapters/kafkajs.ts');
        const problem = registerLz4();
        r['lz4 codec package'] = problem ? { ok: false, detail: problem } : { ok: true, detail: 'kafkajs-lz4 registered from outside the repo' };
      }
      await codecChecks(name, r);
      if (name === 'platformatic') await platformaticChecks(r);
      if (name === 'kafkajs') await kafkajsChecks(r);
      if (name === 'confluent') await confluentChecks(r);
    }
  } finally {
    if (createdTopics.size > 0) {
      log(`deleting ${createdTopics.size} bench-feat topics`);
      await admin.deleteTopics({ topics: [...createdTopics] }).catch((e: unknown) => log(`topic cleanup failed: ${String(e)}`));
    }
    // the consumer groups of this run (they hold committed offsets)
    try {
      const groups = [...(await admin.listGroups()).keys()].filter((g) => g.startsWith('bench-') && g.includes(RUN_ID));
      if (groups.length > 0) await admin.deleteGroups({ groups });
      log(`deleted ${groups.length} bench consumer groups`);
    } catch (e) {
      log(`group cleanup failed: ${String(e)}`);
    }
    await admin.close();
  }
  // merge with the clients of an earlier run that were not checked this time
  let previous: Report = {};
  try {
    previous = (JSON.parse(readFileSync(join(RESULTS_DIR, 'features.json'), 'utf8')) as { report: Report }).report;
  } catch {
    // first run
  }
  const file = writeJson('features.json', { date: new Date().toISOString(), broker: BROKER, node: process.version, report: { ...previous, ...report } });
  log(`wrote ${file}`);
  for (const [client, checks] of Object.entries(report)) {
    console.log(`\n${client}`);
    for (const [k, v] of Object.entries(checks)) console.log(`  ${v.ok ? 'ok  ' : 'FAIL'} ${k.padEnd(34)} ${v.detail}`);
  }
}

const hard = setTimeout(() => {
  log('features: hard time limit (10 min) reached, exiting');
  process.exit(3);
}, 600_000);
hard.unref();
main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(`features failed: ${String((e as Error)?.stack ?? e)}`);
    process.exit(1);
  },
);
