// @confluentinc/kafka-javascript: librdkafka binding. It is NOT a dependency of this repo
// (native build, see README.md); it is loaded from CFK_DIR if it was built there.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BROKER, nowNs } from '../common.ts';
import type { AnyCodec, BenchMessage } from '../common.ts';
import type { BenchClient, BenchProducer, ConsumeResult } from './types.ts';

export const CFK_DIR = process.env.CFK_DIR ?? '/tmp/cfk/node_modules/@confluentinc/kafka-javascript';

// Minimal structural types for the KafkaJS-compatible API we use (the package's own
// .d.ts is not resolvable from the repo because the package is not installed there).
interface CfkAdmin {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  listTopics(): Promise<string[]>;
  createTopics(o: { topics: { topic: string; numPartitions: number; replicationFactor: number }[] }): Promise<boolean>;
  deleteTopics(o: { topics: string[] }): Promise<void>;
}
interface CfkProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(r: { topic: string; messages: { key: string; value: Buffer }[] }): Promise<unknown>;
}
interface CfkBatch {
  messages: unknown[];
}
interface CfkConsumer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  subscribe(o: { topics: string[] }): Promise<void>;
  run(o: { eachBatch: (p: { batch: CfkBatch }) => Promise<void>; eachBatchAutoResolve?: boolean }): Promise<void>;
}
export interface CfkKafka {
  admin(): CfkAdmin;
  producer(cfg: Record<string, unknown>): CfkProducer;
  consumer(cfg: Record<string, unknown>): CfkConsumer;
}
export interface CfkModule {
  librdkafkaVersion: string;
  features: string[];
  KafkaJS: { Kafka: new (cfg: Record<string, unknown>) => CfkKafka; logLevel: Record<string, number> };
}

/** Returns the module, or a string saying why it cannot be used. */
export function loadConfluent(): CfkModule | string {
  if (!existsSync(join(CFK_DIR, 'build', 'Release', 'confluent-kafka-javascript.node'))) {
    return `@confluentinc/kafka-javascript is not built at ${CFK_DIR} (see README.md)`;
  }
  try {
    const require = createRequire(import.meta.url);
    return require(CFK_DIR) as CfkModule;
  } catch (e) {
    return `@confluentinc/kafka-javascript failed to load: ${(e as Error).message}`;
  }
}

export function createClient(): BenchClient {
  const mod = loadConfluent();
  if (typeof mod === 'string') throw new Error(mod);
  const pkg = JSON.parse(readFileSync(join(CFK_DIR, 'package.json'), 'utf8')) as { version: string };
  const { Kafka, logLevel } = mod.KafkaJS;
  const kafka = new Kafka({ kafkaJS: { brokers: [BROKER], clientId: 'bench', logLevel: logLevel.ERROR } });
  const admin = kafka.admin();
  let adminConnected = false;
  const ensureAdmin = async () => {
    if (!adminConnected) {
      await admin.connect();
      adminConnected = true;
    }
  };

  return {
    name: '@confluentinc/kafka-javascript',
    version: `${pkg.version} (librdkafka ${mod.librdkafkaVersion})`,

    async createTopics(topics, partitions) {
      await ensureAdmin();
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t));
      if (missing.length > 0) {
        await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })) });
      }
    },

    async deleteTopics(topics) {
      await ensureAdmin();
      const existing = new Set(await admin.listTopics());
      const present = topics.filter((t) => existing.has(t));
      if (present.length > 0) await admin.deleteTopics({ topics: present });
    },

    async listTopics() {
      await ensureAdmin();
      return admin.listTopics();
    },

    async producer(codec: AnyCodec): Promise<BenchProducer> {
      // librdkafka batches concurrent sends itself (linger.ms, default 5 ms).
      const producer = kafka.producer({
        kafkaJS: { idempotent: true, acks: -1, compression: codec, allowAutoTopicCreation: false },
        'linger.ms': 5,
      });
      await producer.connect();
      return {
        async send(topic: string, messages: BenchMessage[]) {
          await producer.send({ topic, messages });
        },
        close: () => producer.disconnect(),
      };
    },

    async consume(topic, groupId, count, maxMs, onProgress): Promise<ConsumeResult> {
      const consumer = kafka.consumer({
        kafkaJS: { groupId, fromBeginning: true, autoCommit: false, maxWaitTimeInMs: 500 },
        'js.consumer.max.batch.size': -1,
      });
      const t0 = nowNs();
      let first = 0n;
      let last = 0n;
      let n = 0;
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic] });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`consume: only ${n}/${count} messages after ${maxMs} ms`)), maxMs);
          consumer
            .run({
              eachBatch: async ({ batch }) => {
                if (n === 0) first = nowNs();
                const before = n;
                n += batch.messages.length;
                if (Math.floor(n / 20_000) !== Math.floor(before / 20_000)) onProgress(n);
                if (n >= count && last === 0n) {
                  last = nowNs();
                  clearTimeout(timer);
                  resolve();
                }
              },
            })
            .catch((e: unknown) => {
              clearTimeout(timer);
              reject(e as Error);
            });
        });
      } finally {
        await consumer.disconnect();
      }
      return {
        count: n,
        firstMessageMs: Number(first - t0) / 1e6,
        firstToLastMs: Number(last - first) / 1e6,
        totalMs: Number(last - t0) / 1e6,
      };
    },

    async close() {
      if (adminConnected) await admin.disconnect();
    },
  };
}
