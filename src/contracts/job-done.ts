/** JobDone: what the Processor writes to `processor-topic` (key = id). The seed's shape. */
import { ContractViolation, isRfc3339, isUuid, parseJsonObject } from './validate.ts';

export interface JobDone {
  id: string;
  status: 'finish';
  create_date: string;
  finish_date: string;
}

export function encodeJobDone(done: JobDone): Buffer {
  return Buffer.from(JSON.stringify(done));
}

export function decodeJobDone(bytes: Buffer | string): JobDone {
  const v = parseJsonObject('JobDone', bytes);
  if (!isUuid(v.id)) throw new ContractViolation('JobDone', 'id must be a UUID');
  if (v.status !== 'finish') throw new ContractViolation('JobDone', 'status must be "finish"');
  if (!isRfc3339(v.create_date)) throw new ContractViolation('JobDone', 'create_date must be RFC 3339 UTC');
  if (!isRfc3339(v.finish_date)) throw new ContractViolation('JobDone', 'finish_date must be RFC 3339 UTC');
  if (Date.parse(v.finish_date) < Date.parse(v.create_date)) {
    throw new ContractViolation('JobDone', 'finish_date is before create_date');
  }
  return { id: v.id, status: 'finish', create_date: v.create_date, finish_date: v.finish_date };
}
