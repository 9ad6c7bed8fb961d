/** Informer options (see docs/configuration.md). */
import { httpSchema, kafkaSchema, serviceSchema } from '../../config/common.ts';
import { int, str } from '../../config/env.ts';

export const informerSchema = {
  ...serviceSchema,
  ...kafkaSchema,
  ...httpSchema,
  port: int('INFORMER_PORT', 8004, 'HTTP port of the Informer', 1, 65535),
  receiverTopic: str('RECEIVER_TOPIC', 'receiver-topic', 'Topic of accepted jobs (status create)'),
  processorTopic: str('PROCESSOR_TOPIC', 'processor-topic', 'Topic of finished jobs (status finish)'),
  maxJobs: int('INFORMER_MAX_JOBS', 2_000_000, 'Jobs kept in the view; the oldest are evicted beyond this', 1000, 100_000_000),
  missWaitMs: int('INFORMER_MISS_WAIT_MS', 1000, 'On an unknown id, how long to wait for the view to catch up with Kafka before answering unknown', 0, 30_000),
} as const;
