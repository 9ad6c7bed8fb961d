/**
 * Writes N finished jobs straight to receiver-topic and processor-topic (create + finish), so
 * the Informer's view can be measured with a million jobs without running the whole pipeline.
 * Ids are written one per line to the output file for the lookup benchmark.
 * Usage: node bench/informer/seed-jobs.ts --count 1000000 --out reports/informer-ids.txt
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { encodeJob } from '../../src/contracts/job.ts';
import { encodeJobDone } from '../../src/contracts/job-done.ts';
import { connectionOptions, KafkaProducer } from '../../src/kafka/index.ts';
import { loadConfig } from '../../src/config/env.ts';
import { kafkaSchema } from '../../src/config/common.ts';

const { values } = parseArgs({ options: { count: { type: 'string', default: '1000000' }, out: { type: 'string', default: 'reports/informer-ids.txt' } } });
const count = Number(values.count);
const producer = new KafkaProducer(connectionOptions(loadConfig(kafkaSchema), 'bench-seed'),
  { compression: 'lz4', lingerMs: 5, maxBatch: 5000, sendTimeoutMs: 60_000 });
const ids = createWriteStream(values.out!);
const started = Date.now();
const window: Promise<void>[] = [];
for (let i = 0; i < count; i++) {
  const id = randomUUID();
  const create = new Date(Date.now() - 1000).toISOString();
  const finish = new Date().toISOString();
  ids.write(`${id}\n`);
  window.push(producer.send(
    { topic: 'receiver-topic', key: id, value: encodeJob({ id, create_date: create, sleep: 0, data: '' }) },
    { topic: 'processor-topic', key: id, value: encodeJobDone({ id, status: 'finish', create_date: create, finish_date: finish }) },
  ));
  // Bounded in-flight: at most 20,000 jobs waiting for acknowledgement.
  if (window.length >= 20_000) { await Promise.all(window.splice(0)); }
  if (i % 100_000 === 0 && i > 0) process.stderr.write(`seeded ${i} jobs (${Math.round(i / ((Date.now() - started) / 1000))}/s)\n`);
}
await Promise.all(window);
await producer.close();
ids.end();
process.stderr.write(`seeded ${count} jobs in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
