/** Options every service shares: Kafka connection, logging, shutdown. */
import { bool, int, list, oneOf, str } from './env.ts';

export const kafkaSchema = {
  brokers: list('KAFKA_BROKERS', ['127.0.0.1:9092'], 'Kafka bootstrap brokers, comma separated'),
  clientId: str('KAFKA_CLIENT_ID', '', 'Kafka client id; empty means <service>-<pid>'),
  compression: oneOf('KAFKA_COMPRESSION', 'none', ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const,
    'Compression of produced batches'),
  requestTimeoutMs: int('KAFKA_REQUEST_TIMEOUT_MS', 10_000, 'Timeout of one Kafka request', 100, 300_000),
  saslMechanism: oneOf('KAFKA_SASL_MECHANISM', 'none', ['none', 'PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const,
    'SASL mechanism; none disables SASL'),
  saslUsername: str('KAFKA_SASL_USERNAME', '', 'SASL user name'),
  saslPassword: str('KAFKA_SASL_PASSWORD', '', 'SASL password'),
  tls: bool('KAFKA_TLS', false, 'Connect to Kafka over TLS'),
  tlsCaFile: str('KAFKA_TLS_CA_FILE', '', 'PEM file of the CA that signed the brokers\' certificates'),
} as const;

export const serviceSchema = {
  host: str('HOST', '127.0.0.1', 'Address the HTTP server listens on'),
  logLevel: oneOf('LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const, 'Log level'),
  shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 8_000, 'Time allowed to drain work on SIGTERM before exiting', 100, 60_000),
} as const;

export const httpSchema = {
  authTokens: list('AUTH_TOKENS', [], 'Bearer tokens accepted, comma separated: token or token:receiver+informer; none means auth is off'),
  authTokensFile: str('AUTH_TOKENS_FILE', '', 'File with more tokens, one per line (same form as AUTH_TOKENS)'),
  authPublicPaths: list('AUTH_PUBLIC_PATHS', ['/healthz', '/readyz', '/metrics', '/docs', '/openapi.json'], 'Paths served without a token when auth is on'),
  requestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS', 10_000, 'Time a client has to send a whole request (slow clients are cut off)', 1000, 600_000),
  keepAliveTimeoutMs: int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5000, 'Idle keep-alive connection timeout', 100, 600_000),
} as const;

export const consumerSchema = {
  maxInFlight: int('MAX_IN_FLIGHT', 2000, 'Messages one instance works on at once (fetched, not yet committed)', 1, 100_000),
  sessionTimeoutMs: int('KAFKA_SESSION_TIMEOUT_MS', 10_000, 'Consumer group session timeout', 1000, 300_000),
  retryMaxAttempts: int('RETRY_MAX_ATTEMPTS', 5, 'Attempts for a failing message before it is dead-lettered (Kafka outages are retried without limit)', 1, 1000),
  retryBaseDelayMs: int('RETRY_BASE_DELAY_MS', 100, 'First retry delay; doubles per attempt', 1, 60_000),
  retryMaxDelayMs: int('RETRY_MAX_DELAY_MS', 5000, 'Longest retry delay', 1, 600_000),
  lagIntervalMs: int('LAG_INTERVAL_MS', 5000, 'How often consumer lag is measured; 0 disables', 0, 600_000),
  lingerMs: int('PRODUCE_LINGER_MS', 2, 'How long outputs wait to share one Produce request, ms', 0, 1000),
  maxBatch: int('PRODUCE_MAX_BATCH', 2000, 'Most records in one Produce request', 1, 100_000),
  produceTimeoutMs: int('PRODUCE_TIMEOUT_MS', 10_000, 'Time Kafka has to acknowledge an output before it is retried', 100, 120_000),
  exactlyOnce: bool('EXACTLY_ONCE', true, 'Commit outputs and input offsets in one Kafka transaction (false: at-least-once with idempotent sinks)'),
  transactionIntervalMs: int('TRANSACTION_INTERVAL_MS', 100, 'How often finished work is committed in a transaction, ms', 1, 60_000),
  transactionalIdPrefix: str('TRANSACTIONAL_ID_PREFIX', '', 'Prefix of the transactional id (<prefix><service>-<host>-<port>); stable across restarts of an instance'),
} as const;
