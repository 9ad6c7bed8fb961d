/**
 * Command-line parsing and validation. Every mistake becomes a UsageError with a message that
 * says what to type instead (the CLI exits 2 on it). Targets must be on this machine's loopback:
 * this tool generates real load and must never point it at someone else's host.
 */
import { parseArgs } from 'node:util';
import type { CreateJobRequest } from '../contracts/api.ts';
import { RECEIVER_ROUTES } from '../contracts/api.ts';
import { constantProfile, expectedCount, parseSteps, rampProfile, SEED_PROFILE, stepsProfile, validateProfile } from './profile.ts';
import type { Profile } from './types.ts';
import type { Criteria } from './verdict.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface SearchConfig {
  fromRps: number;
  toRps: number;
  precision: number;
  maxTrials: number;
  trialSec: number;
  pauseSec: number;
}

export interface CliOptions {
  name: string;
  mode: 'run' | 'max';
  /** The run's profile (for max: unused, each trial is constant at its rate). */
  profile: Profile;
  search: SearchConfig | null;
  receiverUrl: URL;
  informerUrl: string;
  postgresUrl: string;
  clickhouseUrl: string;
  outDir: string;
  accounting: boolean;
  maxInflight: number;
  timeoutMs: number;
  job: CreateJobRequest;
  criteria: Criteria;
  accountingTimeoutSec: number;
  pollIntervalMs: number;
  lateMs: number;
  progress: boolean;
}

const OPTIONS = {
  profile: { type: 'string' }, rate: { type: 'string' }, duration: { type: 'string' },
  from: { type: 'string' }, to: { type: 'string' }, steps: { type: 'string' },
  receiver: { type: 'string' }, informer: { type: 'string' }, postgres: { type: 'string' }, clickhouse: { type: 'string' },
  out: { type: 'string' }, 'no-accounting': { type: 'boolean' }, 'max-inflight': { type: 'string' }, timeout: { type: 'string' },
  sleep: { type: 'string' }, 'data-size': { type: 'string' }, 'p99-ms': { type: 'string' }, 'min-achieved': { type: 'string' },
  'accounting-timeout': { type: 'string' }, 'poll-interval': { type: 'string' }, 'late-ms': { type: 'string' },
  'trial-duration': { type: 'string' }, 'max-trials': { type: 'string' }, precision: { type: 'string' }, 'trial-pause': { type: 'string' },
  quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

export function parseCli(argv: string[], now = new Date()): CliOptions | 'help' {
  let values: Values;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const v = values;
  const num = (key: keyof Values, def: number | undefined, o: { min?: number; max?: number; int?: boolean } = {}): number => {
    const raw = v[key];
    if (raw === undefined) {
      if (def === undefined) throw new UsageError(`--profile ${String(v.profile)} needs --${key}`);
      return def;
    }
    const x = Number(raw);
    const min = o.min ?? 0;
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(x) || x < min || (o.max !== undefined && x > o.max) || (o.int && !Number.isInteger(x))) {
      throw new UsageError(`--${key} must be ${o.int ? 'an integer' : 'a number'} ≥ ${min}${o.max !== undefined ? ` and ≤ ${o.max}` : ''}, got "${String(raw)}"`);
    }
    return x;
  };
  const forbid = (profile: string, keys: Array<keyof Values>): void => {
    for (const k of keys) if (v[k] !== undefined) throw new UsageError(`--${k} does not apply to --profile ${profile}`);
  };

  const kind = v.profile;
  let profile: Profile;
  let search: SearchConfig | null = null;
  switch (kind) {
    case 'constant':
      forbid(kind, ['from', 'to', 'steps']);
      profile = constantProfile(num('rate', undefined, { min: 0.001 }), num('duration', undefined, { min: 0.001 }));
      break;
    case 'ramp':
      forbid(kind, ['rate', 'steps']);
      profile = rampProfile(num('from', undefined), num('to', undefined), num('duration', undefined, { min: 0.001 }));
      break;
    case 'steps':
      forbid(kind, ['rate', 'from', 'to', 'duration']);
      if (v.steps === undefined) throw new UsageError('--profile steps needs --steps RATExSECONDS[,...], e.g. --steps 100x10,500x10');
      try {
        profile = stepsProfile(parseSteps(v.steps));
      } catch (err) {
        throw new UsageError(`--steps: ${(err as Error).message}`);
      }
      break;
    case 'seed':
      forbid(kind, ['rate', 'from', 'to', 'steps', 'duration']);
      profile = SEED_PROFILE;
      break;
    case 'max': {
      forbid(kind, ['rate', 'steps', 'duration']);
      const fromRps = num('from', 100, { min: 1 });
      const toRps = num('to', 5000, { min: 1 });
      if (toRps < fromRps) throw new UsageError(`--to (${toRps}) must be ≥ --from (${fromRps})`);
      search = {
        fromRps, toRps,
        precision: num('precision', 0.05, { min: 0.001, max: 1 }),
        maxTrials: num('max-trials', 10, { min: 1, max: 50, int: true }),
        trialSec: num('trial-duration', 10, { min: 1, max: 600 }),
        pauseSec: num('trial-pause', 2, { max: 600 }),
      };
      profile = constantProfile(fromRps, search.trialSec);
      break;
    }
    case undefined:
      throw new UsageError('--profile is required: constant, ramp, steps, seed or max (see --help)');
    default:
      throw new UsageError(`unknown --profile "${kind}": use constant, ramp, steps, seed or max`);
  }
  if (kind !== 'max') forbid(kind, ['trial-duration', 'max-trials', 'precision', 'trial-pause']);
  try {
    validateProfile(profile);
  } catch (err) {
    throw new UsageError(`profile: ${(err as Error).message}`);
  }
  if (expectedCount(profile) < 1) throw new UsageError('the profile asks for no request at all');

  const job: CreateJobRequest = {};
  if (v.sleep !== undefined) job.sleep = num('sleep', undefined, { int: true });
  if (v['data-size'] !== undefined) job.data_size = num('data-size', undefined, { int: true });

  const receiver = loopbackUrl('receiver', v.receiver ?? 'http://127.0.0.1:8001');
  // A bare origin means the contract's path; a URL with a path is used as given.
  if (receiver.pathname === '/' || receiver.pathname === '') receiver.pathname = RECEIVER_ROUTES.createJob;
  const informerUrl = loopbackUrl('informer', v.informer ?? 'http://127.0.0.1:8004').toString();
  const postgresUrl = loopbackUrl('postgres', v.postgres ?? 'postgres://postgres:password@127.0.0.1:5432/postgres').toString();
  const clickhouseUrl = loopbackUrl('clickhouse', v.clickhouse ?? 'http://127.0.0.1:8123/').toString();

  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  const outDir = v.out ?? `reports/${kind}-${stamp}`;
  return {
    name: outDir.split('/').filter(Boolean).pop() ?? outDir,
    mode: kind === 'max' ? 'max' : 'run',
    profile,
    search,
    receiverUrl: receiver,
    informerUrl,
    postgresUrl,
    clickhouseUrl,
    outDir,
    accounting: v['no-accounting'] !== true,
    maxInflight: num('max-inflight', 1000, { min: 1, max: 20_000, int: true }),
    timeoutMs: num('timeout', 10_000, { min: 1, max: 600_000, int: true }),
    job,
    criteria: { maxErrorRate: 0, p99Ms: num('p99-ms', 200, { min: 0.001 }), minAchievedRatio: num('min-achieved', 0.95, { max: 1 }) },
    accountingTimeoutSec: num('accounting-timeout', 60, { min: 1, max: 3600 }),
    pollIntervalMs: num('poll-interval', 1000, { min: 50, max: 60_000, int: true }),
    lateMs: num('late-ms', 10_000, { min: 0 }),
    progress: v.quiet !== true,
  };
}

/** Parses a URL and refuses any host but this machine's loopback. */
export function loopbackUrl(option: string, text: string): URL {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new UsageError(`--${option}: "${text}" is not a URL`);
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (!(host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host))) {
    throw new UsageError(`--${option}: only loopback hosts (127.0.0.0/8, localhost, [::1]) are allowed, got "${u.hostname}"`);
  }
  return u;
}

export const USAGE = `Conveyor load generator (open model): see src/loadgen/README.md

  node src/loadgen/cli.ts --profile constant --rate 1000 --duration 60
  node src/loadgen/cli.ts --profile seed                      (25 rps for 300 s, the seed's tank)
  node src/loadgen/cli.ts --profile ramp --from 100 --to 2000 --duration 60
  node src/loadgen/cli.ts --profile steps --steps 100x10,500x10
  node src/loadgen/cli.ts --profile max [--from 100] [--to 5000] [--trial-duration 10]
                          [--max-trials 10] [--precision 0.05] [--trial-pause 2]

Targets:   --receiver URL (http://127.0.0.1:8001)  --informer URL (http://127.0.0.1:8004)
           --postgres URL (postgres://postgres:password@127.0.0.1:5432/postgres)
           --clickhouse URL (http://127.0.0.1:8123/)
Requests:  --max-inflight N (1000)  --timeout ms (10000)  --sleep ms  --data-size n
Criteria:  --p99-ms ms (200)  --min-achieved ratio (0.95)
Accounting: --no-accounting  --accounting-timeout s (60)  --poll-interval ms (1000)  --late-ms ms (10000)
Output:    --out DIR (reports/<profile>-<time>)  --quiet  --help
Exit code: 0 PASS, 1 FAIL, 2 usage error.`;
