// Kafka client benchmark driver. See README.md.
//   node bench/kafka-clients/run.ts [--clients platformatic,kafkajs,confluent] [--reps 5]
// Every measurement runs in a fresh child process (scenario.ts); clients are interleaved
// and their order rotated on every repetition so background noise spreads evenly.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Admin } from '@platformatic/kafka';
import { loadConfluent } from './adapters/confluent.ts';
import { CLIENT_NAMES } from './adapters/types.ts';
import type { ClientName } from './adapters/types.ts';
import { BENCH_DIR, BROKER, PARTITIONS, fmt, fmtSpread, log, makeMessages, sleep, spread, writeJson } from './common.ts';
import type { Codec, Spread } from './common.ts';
import type { Scenario, ScenarioResult } from './scenario.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: CLIENT_NAMES.join(',') },
    reps: { type: 'string', default: '5' },
    messages: { type: 'string', default: '200000' },
    'single-seconds': { type: 'string', default: '20' },
    'in-flight': { type: 'string', default: '1000' },
    batch: { type: 'string', default: '1000' },
    'batch-in-flight': { type: 'string', default: '4' },
    'skip-features': { type: 'boolean', default: false },
  },
});

const REPS = Math.max(1, Math.min(10, Number(args.reps)));
const MESSAGES = Math.max(1000, Math.min(500_000, Number(args.messages)));
const SINGLE_SECONDS = Math.max(5, Math.min(45, Number(args['single-seconds'])));
const CHILD_TIMEOUT_MS = 120_000;
const CONSUME_TOPIC = 'bench-consume';
const LABEL: Record<ClientName, string> = {
  platformatic: '@platformatic/kafka',
  kafkajs: 'kafkajs',
  confluent: '@confluentinc/kafka-javascript',
};

interface Step {
  scenario: Scenario;
  codec: Codec;
}
const PLAN: Step[] = [
  { scenario: 'produce-single', codec: 'none' },
  { scenario: 'produce-single', codec: 'lz4' },
  { scenario: 'produce-linger', codec: 'none' },
  { scenario: 'produce-linger', codec: 'lz4' },
  { scenario: 'produce-batch', codec: 'none' },
  { scenario: 'produce-batch', codec: 'lz4' },
  { scenario: 'consume', codec: 'none' },
];

function brokerUp(): Promise<boolean> {
  const [host, port] = BROKER.split(':') as [string, string];
  return new Promise((resolve) => {
    const s = connect({ host, port: Number(port), timeout: 3000 }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
    s.on('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

function runChild(argv: string[]): Promise<ScenarioResult | { error: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(BENCH_DIR, 'scenario.ts'), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let errTail = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      const text = d.toString();
      errTail = (errTail + text).slice(-2000);
      process.stderr.write(text.replace(/^(?=.)/gm, '    '));
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('RESULT '.length)) as ScenarioResult);
      else resolve({ error: `exit ${code}: ${errTail.trim().split('\n').slice(-4).join(' | ')}` });
    });
  });
}

interface Row {
  client: ClientName;
  scenario: Scenario;
  codec: Codec;
  runs: ScenarioResult[];
  failures: string[];
  skipped?: string;
}

async function main(): Promise<void> {
  if (!(await brokerUp())) {
    log(`broker ${BROKER} is not reachable: start it with \`cd /work/main && make up\``);
    process.exit(2);
  }
  const requested = args.clients.split(',').filter((c): c is ClientName => (CLIENT_NAMES as string[]).includes(c));
  const unavailable: Partial<Record<ClientName, string>> = {};
  const confluent = loadConfluent();
  if (typeof confluent === 'string') unavailable.confluent = confluent;
  const clients = requested.filter((c) => !unavailable[c]);
  let kafkajsLz4: string | undefined;
  if (clients.includes('kafkajs')) kafkajsLz4 = (await import('./adapters/kafkajs.ts')).registerLz4();

  log(`clients: ${clients.join(', ')}${Object.keys(unavailable).length ? `; unavailable: ${JSON.stringify(unavailable)}` : ''}`);
  log(`plan: ${REPS} repetitions × ${PLAN.length} steps × ${clients.length} clients, ${MESSAGES} messages per run`);

  const admin = new Admin({ clientId: 'bench-run-admin', bootstrapBrokers: [BROKER] });
  const rows = new Map<string, Row>();
  const rowOf = (client: ClientName, s: Step): Row => {
    const k = `${client}|${s.scenario}|${s.codec}`;
    let r = rows.get(k);
    if (!r) {
      r = { client, scenario: s.scenario, codec: s.codec, runs: [], failures: [] };
      rows.set(k, r);
    }
    return r;
  };
  const dropTopics = async (prefixOrNames: string[]) => {
    const existing = await admin.listTopics();
    const victims = existing.filter((t) => prefixOrNames.includes(t));
    if (victims.length > 0) await admin.deleteTopics({ topics: victims });
  };

  const usedGroups: string[] = [];
  const started = new Date();
  try {
    // the consume data set: MESSAGES uncompressed 1 KiB messages over 12 partitions
    log(`preparing ${CONSUME_TOPIC}: ${MESSAGES} messages`);
    await dropTopics([CONSUME_TOPIC]);
    await sleep(1000);
    await admin.createTopics({ topics: [CONSUME_TOPIC], partitions: PARTITIONS, replicas: 1 });
    await sleep(1000);
    {
      const { createClient } = await import('./adapters/platformatic.ts');
      const c = createClient();
      const p = await c.producer('none');
      const pool = makeMessages(MESSAGES);
      for (let i = 0; i < pool.length; i += 1000) await p.send(CONSUME_TOPIC, pool.slice(i, i + 1000));
      await p.close();
      await c.close();
    }

    for (let rep = 0; rep < REPS; rep++) {
      const order = clients.map((_c, i) => clients[(i + rep) % clients.length] as ClientName);
      const produceTopics = clients.map((c) => `bench-produce-${c}`);
      await dropTopics(produceTopics);
      await sleep(500);
      await admin.createTopics({ topics: produceTopics, partitions: PARTITIONS, replicas: 1 });
      await sleep(1000);
      for (const step of PLAN) {
        for (const client of order) {
          const row = rowOf(client, step);
          if (client === 'confluent' && step.scenario === 'produce-linger') {
            row.skipped = 'librdkafka batches single sends itself (linger.ms=5): see produce-single';
            continue;
          }
          if (client === 'kafkajs' && step.codec === 'lz4' && kafkajsLz4) {
            row.skipped = kafkajsLz4;
            continue;
          }
          log(`rep ${rep + 1}/${REPS} · ${step.scenario} · ${step.codec} · ${client}`);
          const argv = [
            '--client', client,
            '--scenario', step.scenario,
            '--codec', step.codec,
            '--messages', String(MESSAGES),
            '--in-flight', step.scenario === 'produce-batch' ? args['batch-in-flight'] : args['in-flight'],
            '--batch', args.batch,
            '--max-seconds', step.scenario === 'produce-single' ? String(SINGLE_SECONDS) : '45',
          ];
          if (step.scenario === 'consume') {
            const group = `bench-consume-${client}-${Date.now()}`;
            usedGroups.push(group);
            argv.push('--topic', CONSUME_TOPIC, '--group', group);
          }
          else argv.push('--topic', `bench-produce-${client}`);
          const r = await runChild(argv);
          if ('error' in r) {
            row.failures.push(r.error);
            log(`  FAILED ${r.error}`);
          } else {
            row.runs.push(r);
            if (r.errors > 0) row.failures.push(r.firstError ?? `${r.errors} send errors`);
            log(
              `  ${fmt(r.msgsPerSec)} msg/s, ${fmt(r.mbPerSec, 1)} MB/s` +
                (r.latencyMs ? `, p50 ${fmt(r.latencyMs.p50, 1)} ms, p99 ${fmt(r.latencyMs.p99, 1)} ms` : '') +
                (r.consume ? `, first message after ${fmt(r.consume.firstMessageMs)} ms` : '') +
                (r.cappedByTime ? ` (time cap: ${r.done}/${r.target})` : ''),
            );
          }
          await sleep(500);
        }
      }
      await dropTopics(produceTopics);
    }
  } finally {
    await dropTopics([CONSUME_TOPIC, ...clients.map((c) => `bench-produce-${c}`)]).catch((e: unknown) => log(`cleanup failed: ${String(e)}`));
    try {
      const existing = new Set((await admin.listGroups()).keys());
      const groups = usedGroups.filter((g) => existing.has(g));
      if (groups.length > 0) await admin.deleteGroups({ groups });
    } catch (e) {
      log(`group cleanup failed: ${String(e)}`);
    }
    await admin.close();
  }

  // ---- summary
  interface Summary {
    client: string;
    clientVersion: string;
    scenario: Scenario;
    codec: Codec;
    runs: number;
    failures: string[];
    skipped?: string;
    msgsPerSec: Spread;
    mbPerSec: Spread;
    p50Ms?: Spread;
    p99Ms?: Spread;
    firstMessageMs?: Spread;
    messagesPerRun: Spread;
    cappedByTime: boolean;
  }
  const summaries: Summary[] = [];
  for (const row of rows.values()) {
    const runs = row.runs;
    const s: Summary = {
      client: runs[0]?.client ?? LABEL[row.client],
      clientVersion: runs[0]?.clientVersion ?? '',
      scenario: row.scenario,
      codec: row.codec,
      runs: runs.length,
      failures: row.failures,
      msgsPerSec: spread(runs.map((r) => r.msgsPerSec)),
      mbPerSec: spread(runs.map((r) => r.mbPerSec)),
      messagesPerRun: spread(runs.map((r) => r.done)),
      cappedByTime: runs.some((r) => r.cappedByTime),
    };
    if (row.skipped) s.skipped = row.skipped;
    if (runs.some((r) => r.latencyMs)) {
      s.p50Ms = spread(runs.map((r) => r.latencyMs?.p50 ?? Number.NaN));
      s.p99Ms = spread(runs.map((r) => r.latencyMs?.p99 ?? Number.NaN));
    }
    if (runs.some((r) => r.consume)) s.firstMessageMs = spread(runs.map((r) => r.consume?.firstMessageMs ?? Number.NaN));
    summaries.push(s);
  }

  const label: Record<Scenario, string> = {
    'produce-single': `produce, 1 msg per send(), ${args['in-flight']} in flight`,
    'produce-linger': `produce, 1 msg per send() via Linger(${args.batch}, 5 ms), ${args['in-flight']} in flight`,
    'produce-batch': `produce, ${args.batch} msgs per send(), ${args['batch-in-flight']} in flight`,
    consume: `consume ${MESSAGES} msgs, consumer group, from earliest`,
  };
  const lines: string[] = [];
  lines.push(`| scenario | codec | client | msg/s median (min–max) | MB/s median | latency p50 ms | latency p99 ms | notes |`);
  lines.push(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
  for (const s of summaries) {
    const notes: string[] = [];
    if (s.skipped) notes.push(`skipped: ${s.skipped}`);
    if (s.failures.length) notes.push(`${s.failures.length} failed: ${s.failures[0]?.split('\n')[0]?.slice(0, 120)}`);
    if (s.cappedByTime) notes.push(`${SINGLE_SECONDS} s cap: ~${fmt(s.messagesPerRun.median)} msgs/run`);
    if (s.firstMessageMs) notes.push(`join→first msg ${fmt(s.firstMessageMs.median)} ms`);
    if (!s.skipped || s.runs > 0) notes.push(`n=${s.runs}`);
    lines.push(
      `| ${label[s.scenario]} | ${s.codec} | ${s.client} | ${s.skipped && s.runs === 0 ? '—' : fmtSpread(s.msgsPerSec)} | ${fmt(s.mbPerSec.median, 1)} | ${
        s.p50Ms ? fmtSpread(s.p50Ms, 1) : '—'
      } | ${s.p99Ms ? fmtSpread(s.p99Ms, 1) : '—'} | ${notes.join('; ')} |`,
    );
  }
  const table = lines.join('\n');

  const meta = {
    date: started.toISOString(),
    durationS: Math.round((Date.now() - started.getTime()) / 1000),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memGiB: Math.round(totalmem() / 2 ** 30),
    broker: BROKER,
    partitions: PARTITIONS,
    reps: REPS,
    messagesPerRun: MESSAGES,
    valueBytes: 1024,
    keyBytes: 36,
    unavailable,
    kafkajsLz4: kafkajsLz4 ?? 'kafkajs-lz4 loaded from outside the repo',
  };
  const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const file = writeJson(`bench-${stamp}.json`, {
    meta,
    summaries,
    runs: [...rows.values()].flatMap((r) => r.runs.map(({ firstError: _f, ...rest }) => rest)),
  });
  console.log(`\nKafka client benchmark — ${meta.date}, Node ${meta.node}, ${meta.cpus} cores, ${meta.memGiB} GiB, broker ${BROKER}\n`);
  console.log(table);
  console.log(`\nresults: ${file}`);

  if (!args['skip-features']) {
    log('feature checks (features.ts)');
    await new Promise<void>((resolve) => {
      const child = spawn(process.execPath, [join(BENCH_DIR, 'features.ts'), '--clients', clients.join(',')], { stdio: 'inherit' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
      child.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(`run failed: ${String((e as Error)?.stack ?? e)}`);
    process.exit(1);
  },
);
