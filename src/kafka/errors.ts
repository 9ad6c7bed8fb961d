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
 * Whether the group coordinator no longer knows this member (UNKNOWN_MEMBER_ID), possibly deep
 * inside the aggregate of the client's retries. Only that case calls for an explicit rejoin:
 * ILLEGAL_GENERATION and REBALANCE_IN_PROGRESS are a rebalance the client is already following,
 * and joining again on them starts the next rebalance (a storm, seen in the scale-out test).
 */
export function isUnknownMember(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { unknownMemberId?: boolean; aggregateErrors?: unknown[]; errors?: unknown[]; cause?: unknown };
  if (e.unknownMemberId === true) return true;
  return [...(e.aggregateErrors ?? []), ...(e.errors ?? []), e.cause].some((x) => isUnknownMember(x, depth + 1));
}
