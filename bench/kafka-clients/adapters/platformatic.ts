// @platformatic/kafka: pure JS, ESM, written in TypeScript.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Admin, Consumer, Producer, ProduceAcks, stringSerializer } from '@platformatic/kafka';
import type { MessagesStream } from '@platformatic/kafka';
import { BROKER, nowNs } from '../common.ts';
import type { AnyCodec, BenchMessage } from '../common.ts';
import type { BenchClient, BenchProducer, ConsumeResult } from './types.ts';

function pltVersion(): string {
  // the package's exports map hides package.json; read it next to dist/
  const url = new URL('../package.json', import.meta.resolve('@platformatic/kafka'));
  return (JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as { version: string }).version;
}

export function createClient(): BenchClient {
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [BROKER] });

  return {
    name: '@platformatic/kafka',
    version: pltVersion(),

    async createTopics(topics, partitions) {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t));
      if (missing.length > 0) await admin.createTopics({ topics: missing, partitions, replicas: 1 });
    },

    async deleteTopics(topics) {
      const existing = new Set(await admin.listTopics());
      const present = topics.filter((t) => existing.has(t));
      if (present.length > 0) await admin.deleteTopics({ topics: present });
    },

    listTopics() {
      return admin.listTopics();
    },

    async producer(codec: AnyCodec): Promise<BenchProducer> {
      // idempotent: true forces acks=all, maxInflights=1 per connection and infinite retries.
      const producer = new Producer<string, Buffer, Buffer, Buffer>({
        clientId: 'bench-producer',
        bootstrapBrokers: [BROKER],
        idempotent: true,
        acks: ProduceAcks.ALL,
        compression: codec,
        serializers: { key: stringSerializer },
      });
      return {
        async send(topic: string, messages: BenchMessage[]) {
          await producer.send({ messages: messages.map((m) => ({ topic, key: m.key, value: m.value })) });
        },
        close: () => producer.close(),
      };
    },

    async consume(topic, groupId, count, maxMs, onProgress): Promise<ConsumeResult> {
      const consumer = new Consumer({
        clientId: 'bench-consumer',
        groupId,
        bootstrapBrokers: [BROKER],
        autocommit: false,
        maxWaitTime: 500,
      });
      const t0 = nowNs();
      let first = 0n;
      let last = 0n;
      let n = 0;
      let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
      try {
        stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest' });
        const s = stream;
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`consume: only ${n}/${count} messages after ${maxMs} ms`)), maxMs);
          s.on('error', (e: Error) => {
            clearTimeout(timer);
            reject(e);
          });
          s.on('data', () => {
            if (n === 0) first = nowNs();
            n++;
            if (n % 20_000 === 0) onProgress(n);
            if (n === count) {
              last = nowNs();
              clearTimeout(timer);
              resolve();
            }
          });
        });
      } finally {
        if (stream) await stream.close();
        await consumer.close(true);
      }
      return {
        count: n,
        firstMessageMs: Number(first - t0) / 1e6,
        firstToLastMs: Number(last - first) / 1e6,
        totalMs: Number(last - t0) / 1e6,
      };
    },

    close: () => admin.close(),
  };
}
