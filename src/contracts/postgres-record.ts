/**
 * The record the Converter writes to `postgres-topic`: Kafka Connect's "JSON with schema"
 * envelope, read by JsonConverter (schemas.enable=true) and upserted on id by the JDBC sink.
 * Dates are epoch milliseconds (the seed used seconds and lost the sub-second part).
 */
import type { JobDone } from './job-done.ts';

export interface JobRow {
  id: string;
  status: string;
  create_date: number;
  finish_date: number;
}

const SCHEMA = {
  type: 'struct',
  name: 'conveyor.JobRow',
  optional: false,
  fields: [
    { type: 'string', optional: false, field: 'id' },
    { type: 'string', optional: false, field: 'status' },
    { type: 'int64', optional: false, field: 'create_date' },
    { type: 'int64', optional: false, field: 'finish_date' },
  ],
} as const;

// The schema never changes, so its JSON is built once; only the payload is serialised per record.
const PREFIX = `{"schema":${JSON.stringify(SCHEMA)},"payload":`;

export function toJobRow(done: JobDone): JobRow {
  return {
    id: done.id,
    status: done.status,
    create_date: Date.parse(done.create_date),
    finish_date: Date.parse(done.finish_date),
  };
}

export function encodePostgresRecord(row: JobRow): Buffer {
  return Buffer.from(`${PREFIX}${JSON.stringify(row)}}`);
}

export function decodePostgresRecord(bytes: Buffer | string): { schema: typeof SCHEMA; payload: JobRow } {
  return JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
}
