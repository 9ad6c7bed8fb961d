/** Maps the Kafka client's errors onto Conveyor's stable codes. */
import { ConveyorError } from '../errors.ts';

export function toKafkaError(err: unknown, what: string): ConveyorError {
  if (err instanceof ConveyorError) return err;
  const code = (err as { code?: string } | undefined)?.code ?? 'unknown';
  const message = (err as Error | undefined)?.message ?? String(err);
  return new ConveyorError('KAFKA_UNAVAILABLE', `${what} failed (${code}): ${message}`, { cause: err });
}

/** Errors worth retrying: the broker or network, not the message. */
export function isRetriable(err: unknown): boolean {
  if (err instanceof ConveyorError) return err.code === 'CONVEYOR_KAFKA_UNAVAILABLE' || err.code === 'CONVEYOR_KAFKA_TIMEOUT';
  const code = (err as { code?: string } | undefined)?.code ?? '';
  return code.startsWith('PLT_KFK_');
}

/**
 * Whether the broker says this member must rejoin its group (UNKNOWN_MEMBER_ID,
 * ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS, ...). The client flags such errors, possibly deep
 * inside the aggregate of its retries.
 */
export function needsRejoin(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { needsRejoin?: boolean; aggregateErrors?: unknown[]; errors?: unknown[]; cause?: unknown };
  if (e.needsRejoin === true) return true;
  return [...(e.aggregateErrors ?? []), ...(e.errors ?? []), e.cause].some((x) => needsRejoin(x, depth + 1));
}
