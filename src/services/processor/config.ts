/** Processor options (see docs/configuration.md). */
import { consumerSchema, httpSchema, kafkaSchema, serviceSchema } from '../../config/common.ts';
import { int, str } from '../../config/env.ts';

export const processorSchema = {
  ...serviceSchema,
  ...kafkaSchema,
  ...httpSchema,
  ...consumerSchema,
  port: int('PROCESSOR_PORT', 8002, 'HTTP port for /metrics and probes', 1, 65535),
  groupId: str('PROCESSOR_GROUP', 'processor', 'Consumer group of the Processor'),
  inputTopic: str('RECEIVER_TOPIC', 'receiver-topic', 'Topic of incoming jobs'),
  outputTopic: str('PROCESSOR_TOPIC', 'processor-topic', 'Topic of finished jobs'),
} as const;
