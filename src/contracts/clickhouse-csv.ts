/**
 * The message the Converter writes to `clickhouse-topic`: two CSV lines, `id,create,<date>` and
 * `id,finish,<date>`, newline terminated, read by ClickHouse's Kafka engine (kafka_format = 'CSV').
 * Dates stay RFC 3339 with milliseconds; the table keeps them in timestamp_ms.
 * No field can contain a comma, quote or newline: ids are UUIDs and dates are validated upstream.
 */
import type { JobDone } from './job-done.ts';
import { ContractViolation, isRfc3339, isUuid } from './validate.ts';

export interface ClickhouseLine {
  id: string;
  status: 'create' | 'finish';
  timestamp: string;
}

export function toClickhouseLines(done: JobDone): ClickhouseLine[] {
  return [
    { id: done.id, status: 'create', timestamp: done.create_date },
    { id: done.id, status: 'finish', timestamp: done.finish_date },
  ];
}

export function encodeClickhouseCsv(lines: ClickhouseLine[]): Buffer {
  let out = '';
  for (const line of lines) out += `${line.id},${line.status},${line.timestamp}\n`;
  return Buffer.from(out);
}

export function decodeClickhouseCsv(bytes: Buffer | string): ClickhouseLine[] {
  const text = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  if (!text.endsWith('\n')) throw new ContractViolation('ClickhouseCsv', 'must end with a newline');
  return text.slice(0, -1).split('\n').map((raw) => {
    const [id, status, timestamp, extra] = raw.split(',');
    if (extra !== undefined || !isUuid(id) || (status !== 'create' && status !== 'finish') || !isRfc3339(timestamp)) {
      throw new ContractViolation('ClickhouseCsv', 'each line must be <uuid>,<create|finish>,<RFC 3339 date>');
    }
    return { id, status, timestamp };
  });
}
