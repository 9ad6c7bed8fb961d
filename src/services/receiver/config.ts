/** Receiver options (see docs/configuration.md, generated from these schemas). */
import { int, str } from '../../config/env.ts';
import { httpSchema, kafkaSchema, serviceSchema } from '../../config/common.ts';

export const receiverSchema = {
  ...serviceSchema,
  ...kafkaSchema,
  ...httpSchema,
  port: int('RECEIVER_PORT', 8001, 'HTTP port of the Receiver', 1, 65535),
  topic: str('RECEIVER_TOPIC', 'receiver-topic', 'Topic the Receiver writes jobs to'),
  minSleepMs: int('MIN_SLEEP', 100, 'Smallest random sleep given to a job, ms', 0, 60_000),
  maxSleepMs: int('MAX_SLEEP', 200, 'Largest random sleep given to a job, ms', 0, 60_000),
  dataSize: int('DATA_SIZE', 1024, 'Default number of hex characters in a job\'s data', 0, 1_048_576),
  sleepLimitMs: int('SLEEP_LIMIT', 10_000, 'Largest sleep a request body may ask for, ms', 0, 60_000),
  dataSizeLimit: int('DATA_SIZE_LIMIT', 65_536, 'Largest data_size a request body may ask for', 0, 1_048_576),
  bodyLimitBytes: int('BODY_LIMIT', 4096, 'Largest accepted request body, bytes (413 above)', 64, 1_048_576),
  produceTimeoutMs: int('PRODUCE_TIMEOUT_MS', 5000, 'Time Kafka has to acknowledge a job before the request gets 503', 100, 120_000),
  lingerMs: int('PRODUCE_LINGER_MS', 2, 'How long concurrent jobs wait to share one Produce request, ms', 0, 1000),
  maxBatch: int('PRODUCE_MAX_BATCH', 2000, 'Most jobs in one Produce request', 1, 100_000),
} as const;
