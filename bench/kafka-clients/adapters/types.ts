import type { AnyCodec, BenchMessage } from '../common.ts';

/** The little each client must do for the benchmark. */
export interface BenchProducer {
  /** Send messages to one topic, idempotent, acks=all; resolves when all are acknowledged. */
  send(topic: string, messages: BenchMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface ConsumeResult {
  count: number;
  /** subscribe/consume call until the first message arrived (includes the group join) */
  firstMessageMs: number;
  /** first message until the N-th message */
  firstToLastMs: number;
  /** consume call until the N-th message */
  totalMs: number;
}

export interface BenchClient {
  readonly name: string;
  readonly version: string;
  createTopics(topics: string[], partitions: number): Promise<void>;
  deleteTopics(topics: string[]): Promise<void>;
  listTopics(): Promise<string[]>;
  producer(codec: AnyCodec): Promise<BenchProducer>;
  /**
   * Join consumer group `groupId` on `topic`, read from the earliest offset until `count`
   * messages have arrived (or `maxMs` elapsed), then leave the group.
   */
  consume(topic: string, groupId: string, count: number, maxMs: number, onProgress: (n: number) => void): Promise<ConsumeResult>;
  close(): Promise<void>;
}

export type ClientName = 'platformatic' | 'kafkajs' | 'confluent';
export const CLIENT_NAMES: ClientName[] = ['platformatic', 'kafkajs', 'confluent'];
