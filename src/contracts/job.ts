/**
 * Job: what the Receiver writes to `receiver-topic` (key = id). The seed's shape, kept as is.
 * create_date is RFC 3339 UTC with milliseconds (the seed's Go wrote nanoseconds; both parse).
 */
import { ContractViolation, isRfc3339, isUuid, parseJsonObject } from './validate.ts';

export interface Job {
  id: string;
  create_date: string;
  sleep: number;
  data: string;
}

/** Upper bounds a message must respect even if a producer other than the Receiver wrote it. */
export const JOB_LIMITS = { maxSleepMs: 60_000, maxDataChars: 1_048_576 } as const;
const HEX = /^[0-9a-f]*$/i;

export function encodeJob(job: Job): Buffer {
  return Buffer.from(JSON.stringify(job));
}

export function decodeJob(bytes: Buffer | string): Job {
  const v = parseJsonObject('Job', bytes);
  if (!isUuid(v.id)) throw new ContractViolation('Job', 'id must be a UUID');
  if (!isRfc3339(v.create_date)) throw new ContractViolation('Job', 'create_date must be RFC 3339 UTC');
  if (!Number.isSafeInteger(v.sleep) || (v.sleep as number) < 0 || (v.sleep as number) > JOB_LIMITS.maxSleepMs) {
    throw new ContractViolation('Job', `sleep must be an integer in [0, ${JOB_LIMITS.maxSleepMs}] ms`);
  }
  if (typeof v.data !== 'string' || v.data.length > JOB_LIMITS.maxDataChars || !HEX.test(v.data)) {
    throw new ContractViolation('Job', `data must be a hex string of at most ${JOB_LIMITS.maxDataChars} chars`);
  }
  return { id: v.id, create_date: v.create_date, sleep: v.sleep as number, data: v.data };
}

/**
 * Only what a status view needs (id and create_date), without validating the 1 KiB payload:
 * the Informer replays every Job at start-up and the Processor validates the rest.
 */
export function decodeJobCreation(bytes: Buffer | string): Pick<Job, 'id' | 'create_date'> {
  const v = parseJsonObject('Job', bytes);
  if (!isUuid(v.id)) throw new ContractViolation('Job', 'id must be a UUID');
  if (!isRfc3339(v.create_date)) throw new ContractViolation('Job', 'create_date must be RFC 3339 UTC');
  return { id: v.id, create_date: v.create_date };
}
