/**
 * Raw Kafka access for tests: write exact bytes and read them back from a partition. The
 * services go through src/kafka; tests use the client directly to see the wire as it is.
 */
import { Consumer, Producer, ProduceAcks, type Message } from '@platformatic/kafka';
import { randomUUID } from 'node:crypto';
import { stack } from './env.ts';

export async function produceRaw(topic: string, key: string, value: Buffer, headers?: Record<string, string>):
  Promise<{ partition: number; offset: bigint }> {
  const producer = new Producer({ clientId: 'test', bootstrapBrokers: stack.brokers, acks: ProduceAcks.ALL });
  try {
    const res = await producer.send({ messages: [{ topic, key: Buffer.from(key), value,
      headers: headers ? new Map(Object.entries(headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)])) : undefined }] });
    const o = res.offsets?.[0];
    if (!o) throw new Error('no offset in produce result');
    return { partition: o.partition, offset: o.offset };
  } finally {
    await producer.close();
  }
}

/** Reads `topic` from its start until `match` accepts a message or the timeout passes. */
export async function findMessage(topic: string, match: (m: Message<Buffer, Buffer, Buffer, Buffer>) => boolean,
  timeoutMs = 20_000): Promise<Message<Buffer, Buffer, Buffer, Buffer>> {
  const consumer = new Consumer({ clientId: 'test', groupId: `test-${randomUUID()}`, bootstrapBrokers: stack.brokers,
    autocommit: false, maxWaitTime: 200 });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest' });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message on ${topic} within ${timeoutMs} ms`)), timeoutMs);
      stream.on('data', (m: Message<Buffer, Buffer, Buffer, Buffer>) => {
        if (match(m)) { clearTimeout(timer); resolve(m); }
      });
      stream.on('error', (e: Error) => { clearTimeout(timer); reject(e); });
    });
  } finally {
    await stream.close().catch(() => undefined);
    await consumer.close(true).catch(() => undefined);
  }
}

export function header(m: Message<Buffer, Buffer, Buffer, Buffer>, name: string): string | undefined {
  for (const [k, v] of m.headers) if (k.toString() === name) return v.toString();
  return undefined;
}

/**
 * Counts committed records per key on a topic (read_committed, from the start up to the current
 * end), for the given keys: how many copies of each job a reader of the topic sees.
 */
export async function countByKey(topic: string, keys: Set<string>, timeoutMs = 60_000): Promise<Map<string, number>> {
  const consumer = new Consumer({ clientId: 'test', groupId: `test-${randomUUID()}`, bootstrapBrokers: stack.brokers,
    autocommit: false, maxWaitTime: 200, isolationLevel: 1 });
  const ends = await consumer.listOffsets({ topics: [topic], isolationLevel: 1 });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest' });
  const counts = new Map<string, number>();
  const endList = ends.get(topic) ?? [];
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reading ${topic} to its end took over ${timeoutMs} ms`)), timeoutMs);
      // Fetched past the end of every partition, and nothing left in the stream's buffer.
      const finished = (): boolean => stream.readableLength === 0 &&
        endList.every((end, p) => end === 0n || (stream.offsetsToFetch.get(`${topic}:${p}`) ?? -1n) >= end);
      const check = setInterval(() => { if (finished()) { clearInterval(check); clearTimeout(timer); resolve(); } }, 100);
      stream.on('data', (m: Message<Buffer, Buffer, Buffer, Buffer>) => {
        const k = m.key?.toString();
        if (k && keys.has(k)) counts.set(k, (counts.get(k) ?? 0) + 1);
      });
      stream.on('error', (e: Error) => { clearInterval(check); clearTimeout(timer); reject(e); });
    });
  } finally {
    await stream.close().catch(() => undefined);
    await consumer.close(true).catch(() => undefined);
  }
  return counts;
}
