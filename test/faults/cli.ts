/**
 * `make faults [ARGS="--suite full --only stop-clickhouse"]`: runs the fault suite against the
 * stack described by the environment (the same variables as stack/env.sh), prints the fault table
 * and exits non-zero if any fault lost, duplicated or did not recover.
 *
 *   --suite fast|full   fast: sinks and brokers away 15 s, 100 jobs/s (what `make test` runs);
 *                       full: 60 s away, 200 jobs/s (the figure; about 15 min)
 *   --only a,b          run only these faults (names in the table)
 *   --rps N             load rate, jobs/s
 *   --json FILE         also write the rows as JSON
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { catalogue } from './faults.ts';
import { runScenario, type FaultRow, type ScenarioOptions } from './scenario.ts';
import { StackControl } from './stack-control.ts';
import { faultTable } from './table.ts';

const SUITES = {
  fast: { outageSec: 15, rps: 100, warmupSec: 5, tailSec: 5, settleSec: 180, maxRecoverySec: 120 },
  full: { outageSec: 60, rps: 200, warmupSec: 10, tailSec: 15, settleSec: 300, maxRecoverySec: 180 },
} as const;

export interface SuiteOptions {
  suite: keyof typeof SUITES;
  only?: string[];
  rps?: number;
  log?: (line: string) => void;
}

/** Runs the suite's faults in order against `ctl`'s stack; faults the cluster is too small for are skipped. */
export async function runSuite(ctl: StackControl, o: SuiteOptions): Promise<{ rows: FaultRow[]; skipped: string[] }> {
  const s = SUITES[o.suite];
  const log = o.log ?? ((l: string) => console.error(l));
  const all = catalogue(s.outageSec);
  const unknown = (o.only ?? []).filter((n) => !all.some((f) => f.name === n));
  if (unknown.length) throw new Error(`unknown fault(s): ${unknown.join(', ')}; known: ${all.map((f) => f.name).join(', ')}`);
  const chosen = o.only ? all.filter((f) => o.only?.includes(f.name)) : all;
  const opts: ScenarioOptions = { ...s, rps: o.rps ?? s.rps, pollMs: 1000, log };
  const rows: FaultRow[] = [];
  const skipped: string[] = [];
  for (const fault of chosen) {
    if ((fault.minKafkaNodes ?? 1) > ctl.kafkaNodes) {
      skipped.push(`${fault.name} (needs KAFKA_NODES=${fault.minKafkaNodes}; this stack has ${ctl.kafkaNodes})`);
      continue;
    }
    rows.push(await runScenario(ctl, fault, opts));
  }
  return { rows, skipped };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { suite: { type: 'string', default: 'fast' }, only: { type: 'string' }, rps: { type: 'string' }, json: { type: 'string' } },
  });
  if (values.suite !== 'fast' && values.suite !== 'full') throw new Error(`--suite must be fast or full, not ${values.suite}`);
  const rps = values.rps === undefined ? undefined : Number(values.rps);
  if (rps !== undefined && !(rps > 0)) throw new Error(`--rps must be a positive number, not ${values.rps}`);
  const ctl = new StackControl(new URL('../../', import.meta.url).pathname);
  const { rows, skipped } = await runSuite(ctl, {
    suite: values.suite, ...(values.only ? { only: values.only.split(',') } : {}), ...(rps ? { rps } : {}),
  });
  console.log(faultTable(rows));
  for (const s of skipped) console.log(`skipped: ${s}`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify({ suite: values.suite, rows, skipped }, null, 2)}\n`);
  process.exitCode = rows.every((r) => r.pass) ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 2;
  });
}
