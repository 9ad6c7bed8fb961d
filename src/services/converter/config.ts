/** Converter options (see docs/configuration.md). */
import { consumerSchema, httpSchema, kafkaSchema, serviceSchema } from '../../config/common.ts';
import { int, str } from '../../config/env.ts';

export const converterSchema = {
  ...serviceSchema,
  ...kafkaSchema,
  ...httpSchema,
  ...consumerSchema,
  port: int('CONVERTER_PORT', 8003, 'HTTP port for /metrics and probes', 1, 65535),
  groupId: str('CONVERTER_GROUP', 'converter', 'Consumer group of the Converter'),
  inputTopic: str('PROCESSOR_TOPIC', 'processor-topic', 'Topic of finished jobs'),
  postgresTopic: str('POSTGRES_TOPIC', 'postgres-topic', 'Topic read by the Kafka Connect JDBC sink'),
  clickhouseTopic: str('CLICKHOUSE_TOPIC', 'clickhouse-topic', 'Topic read by ClickHouse\'s Kafka engine'),
} as const;
