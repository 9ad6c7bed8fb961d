// One measurement, one client, one fresh process. run.ts spawns this; it can also be run by hand:
//   node bench/kafka-clients/scenario.ts --client platformatic --scenario produce-batch --codec none
// Progress goes to stderr; the result is printed on stdout as one line: RESULT {json}
import { parseArgs } from 'node:util';
import { CLIENT_NAMES } from './adapters/types.ts';
import type { BenchClient, BenchProducer, ClientName } from './adapters/types.ts';
import { Latency, MESSAGE_BYTES, log, makeMessages, msSince, nowNs, withTimeout } from './common.ts';
import type { Codec } from './common.ts';
import { Linger } from './linger.ts';

export const SCENARIOS = ['produce-single', 'produce-linger', 'produce-batch', 'consume'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface ScenarioResult {
  client: string;
  clientVersion: string;
  scenario: Scenario;
  codec: Codec;
  /** messages the run tried to send / read */
  target: number;
  /** messages acknowledged (produce) or received (consume) */
  done: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  msgsPerSec: number;
  mbPerSec: number;
  /** per send() call (produce-single/-linger: one message; produce-batch: one batch) */
  latencyMs?: { p50: number; p99: number; p999: number; max: number; count: number };
  consume?: { firstMessageMs: number; firstToLastMs: number; totalMs: number };
  params: Record<string, number | string>;
  cappedByTime: boolean;
}

export async function loadClient(name: ClientName): Promise<BenchClient> {
  switch (name) {
    case 'platformatic':
      return (await import('./adapters/platformatic.ts')).createClient();
    case 'kafkajs':
      return (await import('./adapters/kafkajs.ts')).createClient();
    case 'confluent':
      return (await import('./adapters/confluent.ts')).createClient();
  }
}

/** Keep `inFlight` sends outstanding; each call of `sendOne(i)` is timed individually. */
async function drive(
  total: number,
  inFlight: number,
  maxMs: number,
  latency: Latency,
  sendOne: (i: number) => Promise<number>,
): Promise<{ acked: number; errors: number; firstError?: string; elapsedMs: number; capped: boolean }> {
  const t0 = nowNs();
  let next = 0;
  let outstanding = 0;
  let acked = 0;
  let errors = 0;
  let firstError: string | undefined;
  let capped = false;
  const progress = setInterval(() => log(`  ${acked}/${total} acked, ${outstanding} in flight`), 2000);
  try {
    await new Promise<void>((resolve) => {
      const launch = (): void => {
        while (outstanding < inFlight && next < total && errors === 0) {
          if (msSince(t0) > maxMs) {
            capped = true;
            break;
          }
          const i = next;
          const t = nowNs();
          outstanding++;
          sendOne(i).then(
            (n) => {
              latency.recordNs(nowNs() - t);
              acked += n;
              outstanding--;
              launch();
            },
            (e: unknown) => {
              errors++;
              firstError ??= String((e as Error)?.stack ?? e).slice(0, 600);
              outstanding--;
              launch();
            },
          );
          next++;
        }
        if (outstanding === 0) resolve();
      };
      launch();
    });
  } finally {
    clearInterval(progress);
  }
  const result: { acked: number; errors: number; firstError?: string; elapsedMs: number; capped: boolean } = {
    acked,
    errors,
    elapsedMs: msSince(t0),
    capped,
  };
  if (firstError !== undefined) result.firstError = firstError;
  return result;
}

export interface ScenarioOptions {
  client: ClientName;
  scenario: Scenario;
  codec: Codec;
  topic: string;
  messages: number;
  inFlight: number;
  batch: number;
  lingerMs: number;
  maxSeconds: number;
  group: string;
}

export async function runScenario(o: ScenarioOptions): Promise<ScenarioResult> {
  const client = await loadClient(o.client);
  const maxMs = o.maxSeconds * 1000;
  const base = {
    client: client.name,
    clientVersion: client.version,
    scenario: o.scenario,
    codec: o.codec,
    target: o.messages,
  };
  try {
    if (o.scenario === 'consume') {
      log(`${client.name}: consuming ${o.messages} messages from ${o.topic} as group ${o.group}`);
      const r = await client.consume(o.topic, o.group, o.messages, maxMs, (n) => log(`  ${n}/${o.messages} received`));
      const secs = r.firstToLastMs / 1000;
      return {
        ...base,
        done: r.count,
        errors: 0,
        elapsedMs: r.totalMs,
        // throughput from the first to the N-th message (the group join is reported apart)
        msgsPerSec: r.count / secs,
        mbPerSec: (r.count * MESSAGE_BYTES) / 1e6 / secs,
        consume: { firstMessageMs: r.firstMessageMs, firstToLastMs: r.firstToLastMs, totalMs: r.totalMs },
        params: { partitions: 12 },
        cappedByTime: false,
      };
    }

    const producerTimeout = 30_000;
    const producer: BenchProducer = await withTimeout('producer connect', producerTimeout, client.producer(o.codec));
    try {
      log(`${client.name}: generating ${o.messages} messages`);
      const pool = makeMessages(o.messages);
      // warm-up: producer id, metadata, connections (not measured)
      await withTimeout('warm-up', producerTimeout, producer.send(o.topic, makeMessages(100)));
      const latency = new Latency();
      let run: Awaited<ReturnType<typeof drive>>;
      let params: Record<string, number | string>;
      if (o.scenario === 'produce-single') {
        params = { inFlight: o.inFlight, messagesPerSend: 1 };
        log(`${client.name}: ${o.messages} single-message sends, ${o.inFlight} in flight, ${o.codec}`);
        run = await drive(o.messages, o.inFlight, maxMs, latency, async (i) => {
          await producer.send(o.topic, [pool[i]!]);
          return 1;
        });
      } else if (o.scenario === 'produce-linger') {
        const linger = new Linger(producer, o.topic, { maxBatch: o.batch, lingerMs: o.lingerMs, maxInFlight: 1 });
        params = { inFlight: o.inFlight, messagesPerSend: 1, lingerMaxBatch: o.batch, lingerMs: o.lingerMs };
        log(`${client.name}: ${o.messages} single-message sends through Linger(${o.batch}, ${o.lingerMs} ms), ${o.inFlight} in flight, ${o.codec}`);
        run = await drive(o.messages, o.inFlight, maxMs, latency, async (i) => {
          await linger.send(pool[i]!);
          return 1;
        });
      } else {
        const batches = Math.ceil(o.messages / o.batch);
        params = { inFlight: o.inFlight, messagesPerSend: o.batch };
        log(`${client.name}: ${batches} batches of ${o.batch}, ${o.inFlight} in flight, ${o.codec}`);
        run = await drive(batches, o.inFlight, maxMs, latency, async (i) => {
          const slice = pool.slice(i * o.batch, (i + 1) * o.batch);
          await producer.send(o.topic, slice);
          return slice.length;
        });
      }
      const secs = run.elapsedMs / 1000;
      const result: ScenarioResult = {
        ...base,
        done: run.acked,
        errors: run.errors,
        elapsedMs: run.elapsedMs,
        msgsPerSec: run.acked / secs,
        mbPerSec: (run.acked * MESSAGE_BYTES) / 1e6 / secs,
        latencyMs: {
          p50: latency.pMs(50),
          p99: latency.pMs(99),
          p999: latency.pMs(99.9),
          max: latency.maxMs(),
          count: latency.count,
        },
        params,
        cappedByTime: run.capped,
      };
      if (run.firstError !== undefined) result.firstError = run.firstError;
      return result;
    } finally {
      await withTimeout('producer close', producerTimeout, producer.close()).catch((e: unknown) => log(`close failed: ${String(e)}`));
    }
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      client: { type: 'string', default: 'platformatic' },
      scenario: { type: 'string', default: 'produce-batch' },
      codec: { type: 'string', default: 'none' },
      topic: { type: 'string', default: 'bench-produce' },
      messages: { type: 'string', default: '100000' },
      'in-flight': { type: 'string', default: '1000' },
      batch: { type: 'string', default: '1000' },
      'linger-ms': { type: 'string', default: '5' },
      'max-seconds': { type: 'string', default: '45' },
      group: { type: 'string', default: `bench-group-${Date.now()}` },
    },
  });
  const client = values.client as ClientName;
  if (!CLIENT_NAMES.includes(client)) throw new Error(`--client must be one of ${CLIENT_NAMES.join(', ')}`);
  const scenario = values.scenario as Scenario;
  if (!SCENARIOS.includes(scenario)) throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')}`);
  const codec = values.codec as Codec;
  if (codec !== 'none' && codec !== 'lz4') throw new Error('--codec must be none or lz4');
  if (!values.topic.startsWith('bench-')) throw new Error('--topic must start with bench-');
  const result = await runScenario({
    client,
    scenario,
    codec,
    topic: values.topic,
    messages: Number(values.messages),
    inFlight: Number(values['in-flight']),
    batch: Number(values.batch),
    lingerMs: Number(values['linger-ms']),
    maxSeconds: Number(values['max-seconds']),
    group: values.group,
  });
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

if (import.meta.main) {
  // A hard stop, whatever happens: no run may outlive this.
  const hard = setTimeout(() => {
    log('scenario: hard time limit reached, exiting');
    process.exit(3);
  }, 120_000);
  hard.unref();
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      log(`scenario failed: ${String((e as Error)?.stack ?? e)}`);
      process.exit(1);
    },
  );
}
