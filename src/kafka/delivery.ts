/**
 * How a consumer loop's outputs reach Kafka and its offsets get committed. Two strategies:
 *  - at-least-once: each message's outputs are produced (idempotent, acks=all) before it counts
 *    as finished; the offset is committed once every earlier offset is finished.
 *  - exactly-once: outputs wait until their message is at the head of its partition, then the
 *    outputs of all such messages and their offsets are committed in one Kafka transaction, so
 *    a crash can neither lose nor repeat an output (readers use read_committed).
 */
import type { Message } from '@platformatic/kafka';
import type { OutRecord } from './producer.ts';

export type RawMessage = Message<Buffer, Buffer, Buffer, Buffer>;

/** One consumed message and what processing it produced. */
export interface WorkItem {
  msg: RawMessage;
  outputs: OutRecord[];
}

export interface Delivery {
  /** Called once a message's outputs are known; resolves when the message counts as finished. */
  deliver(item: WorkItem, signal: AbortSignal): Promise<void>;
  /** The finished, contiguous prefix of a partition, in offset order. */
  release(partition: string, items: WorkItem[]): void;
  /** Forgets work of partitions no longer owned; returns how many held items that dropped. */
  revoke(owned: Set<string>): number;
  /** Commits what can be committed, then stops. */
  close(): Promise<void>;
}
