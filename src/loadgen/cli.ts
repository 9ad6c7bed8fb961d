/**
 * Entry point: `node src/loadgen/cli.ts --profile ... [options]` (see README.md beside this file).
 * Exit code 0 on PASS, 1 on FAIL (or an unexpected error), 2 on a usage error.
 */
import { parseCli, UsageError, USAGE } from './args.ts';
import { writeOutputs } from './output.ts';
import { runSession } from './session.ts';

async function main(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseCli(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`usage error: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // First Ctrl-C: stop scheduling, drain, account and report (the verdict says interrupted).
  // Second Ctrl-C: leave at once.
  const abort = new AbortController();
  process.on('SIGINT', () => {
    if (abort.signal.aborted) process.exit(130);
    process.stderr.write('\ninterrupted: finishing in-flight requests and writing the report (Ctrl-C again to quit)\n');
    abort.abort();
  });
  const result = await runSession(opts, { signal: abort.signal });
  const files = await writeOutputs(opts.outDir, result);
  const s = result.run;
  const lines = [
    `${result.verdict.pass ? 'PASS' : 'FAIL'}  ${result.name}`,
    ...result.verdict.criteria.map((c) => `  ${c.pass ? 'ok  ' : 'FAIL'} ${c.name}: ${c.actual} (expected ${c.expected})`),
    `  ${s.ok} ok / ${s.scheduled} scheduled, ${s.achievedRps} of ${s.targetRps} rps; latency p50 ${s.latency.p50} ms, p99 ${s.latency.p99} ms, max ${s.latency.max} ms`,
  ];
  if (result.search) lines.push(`  max passing rate: ${result.search.best === null ? 'none' : `${result.search.best} rps`}`);
  if (result.accounting) {
    const a = result.accounting;
    lines.push(`  accounting: ${a.jobs} jobs, ${a.ok} ok, ${a.late} late, ${a.lost} lost, ${a.duplicated} duplicated, ${a.unchecked} unverified`);
  }
  lines.push(`  result: ${files.json}`, `  report: ${files.html}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return result.verdict.pass ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`loadgen failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
