/** Builds a Job from a create request: random sleep within the configured range, hex data. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { CreateJobRequest } from '../../contracts/api.ts';
import type { Job } from '../../contracts/job.ts';

export interface JobDefaults {
  minSleepMs: number;
  maxSleepMs: number;
  dataSize: number;
}

export function randomSleep(min: number, max: number, random: () => number = Math.random): number {
  return min + Math.floor(random() * (max - min + 1));
}

// Random hex is drawn from a pool refilled 64 KiB at a time: one randomBytes call per ~128
// default-size jobs instead of one per request (it was 6% of the Receiver's CPU under load).
const POOL_BYTES = 65_536;
let pool = '';
let cursor = 0;

export function hexData(size: number): string {
  if (size > POOL_BYTES) return randomBytes(Math.ceil(size / 2)).toString('hex').slice(0, size);
  if (cursor + size > pool.length) { pool = randomBytes(POOL_BYTES).toString('hex'); cursor = 0; }
  const out = pool.slice(cursor, cursor + size);
  cursor += size;
  return out;
}

export function buildJob(request: CreateJobRequest | undefined, defaults: JobDefaults, now: Date = new Date()): Job {
  return {
    id: randomUUID(),
    create_date: now.toISOString(),
    sleep: request?.sleep ?? randomSleep(defaults.minSleepMs, defaults.maxSleepMs),
    data: hexData(request?.data_size ?? defaults.dataSize),
  };
}
