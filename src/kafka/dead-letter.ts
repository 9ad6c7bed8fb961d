/**
 * Dead letters: a message that can never succeed is copied, bytes untouched, to `<topic>.dlq`
 * with headers naming the error and where it came from, so the partition keeps moving and
 * nothing is lost.
 */
import type { RawMessage } from './delivery.ts';
import type { OutRecord } from './producer.ts';

export const dlqTopic = (topic: string): string => `${topic}.dlq`;

export interface DeadLetterReason {
  code: string;
  message: string;
  attempts: number;
}

export function deadLetterRecord(msg: RawMessage, reason: DeadLetterReason, service: string): OutRecord {
  return {
    topic: dlqTopic(msg.topic),
    key: msg.key ? msg.key.toString('utf8') : '',
    value: msg.value ?? Buffer.alloc(0),
    headers: {
      'conveyor-error-code': reason.code,
      'conveyor-error': reason.message.slice(0, 1000),
      'conveyor-source-topic': msg.topic,
      'conveyor-source-partition': String(msg.partition),
      'conveyor-source-offset': String(msg.offset),
      'conveyor-attempts': String(reason.attempts),
      'conveyor-service': service,
      'conveyor-failed-at': new Date().toISOString(),
    },
  };
}
