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

export function hexData(size: number): string {
  return randomBytes(Math.ceil(size / 2)).toString('hex').slice(0, size);
}

export function buildJob(request: CreateJobRequest | undefined, defaults: JobDefaults, now: Date = new Date()): Job {
  return {
    id: randomUUID(),
    create_date: now.toISOString(),
    sleep: request?.sleep ?? randomSleep(defaults.minSleepMs, defaults.maxSleepMs),
    data: hexData(request?.data_size ?? defaults.dataSize),
  };
}
