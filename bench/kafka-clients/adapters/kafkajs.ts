// kafkajs 2.2.4: pure JS, CommonJS, bundled .d.ts. Unmaintained since 2023.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import kafkajs from 'kafkajs';
import type { EachBatchPayload } from 'kafkajs';
import { BROKER, nowNs } from '../common.ts';
import type { AnyCodec, BenchMessage } from '../common.ts';
import type { BenchClient, BenchProducer, ConsumeResult } from './types.ts';

const { Kafka, CompressionTypes, CompressionCodecs, logLevel } = kafkajs;
const require = createRequire(import.meta.url);

/**
 * kafkajs only ships gzip. LZ4 needs the `kafkajs-lz4` codec package (native `lz4`
 * addon), which is NOT a dependency of this repo: the benchmark loads it from
 * KAFKAJS_LZ4_DIR (default /tmp/kjs/node_modules/kafkajs-lz4) if present.
 */
export function registerLz4(): string | undefined {
  const dir = process.env.KAFKAJS_LZ4_DIR ?? '/tmp/kjs/node_modules/kafkajs-lz4';
  if (!existsSync(dir)) return `kafkajs has no built-in lz4 and kafkajs-lz4 is not installed at ${dir}`;
  try {
    const LZ4Codec = require(dir) as new () => { codec(): unknown };
    (CompressionCodecs as Record<number, unknown>)[CompressionTypes.LZ4] = () => new LZ4Codec().codec();
    return undefined;
  } catch (e) {
    return `kafkajs-lz4 failed to load: ${(e as Error).message}`;
  }
}

function kafkajsVersion(): string {
  return (require('kafkajs/package.json') as { version: string }).version;
}

export function createClient(): BenchClient {
  const kafka = new Kafka({ clientId: 'bench', brokers: [BROKER], logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  let adminConnected = false;
  const ensureAdmin = async () => {
    if (!adminConnected) {
      await admin.connect();
      adminConnected = true;
    }
  };

  return {
    name: 'kafkajs',
    version: kafkajsVersion(),

    async createTopics(topics, partitions) {
      await ensureAdmin();
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
        });
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
      if (codec === 'lz4') {
        const problem = registerLz4();
        if (problem) throw new Error(problem);
      }
      // idempotent requires acks=-1; kafkajs documents maxInFlightRequests: 1 for EoS.
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      // gzip is built in; snappy/lz4/zstd throw KafkaJSNotImplemented unless a codec package is registered.
      const compression = {
        none: CompressionTypes.None,
        gzip: CompressionTypes.GZIP,
        snappy: CompressionTypes.Snappy,
        lz4: CompressionTypes.LZ4,
        zstd: CompressionTypes.ZSTD,
      }[codec];
      return {
        async send(topic: string, messages: BenchMessage[]) {
          await producer.send({ topic, acks: -1, compression, messages });
        },
        close: () => producer.disconnect(),
      };
    },

    async consume(topic, groupId, count, maxMs, onProgress): Promise<ConsumeResult> {
      const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500, allowAutoTopicCreation: false });
      const t0 = nowNs();
      let first = 0n;
      let last = 0n;
      let n = 0;
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`consume: only ${n}/${count} messages after ${maxMs} ms`)), maxMs);
          consumer
            .run({
              autoCommit: false,
              partitionsConsumedConcurrently: 1,
              // eachBatch is kafkajs' fast path (eachMessage adds a promise per message).
              eachBatch: async ({ batch }: EachBatchPayload) => {
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
