/** Translates our validated Kafka config into the client's connection options. */
import { readFileSync } from 'node:fs';
import type { ConfigOf } from '../config/env.ts';
import type { kafkaSchema } from '../config/common.ts';

export type KafkaConfig = ConfigOf<typeof kafkaSchema>;

export interface ConnectionOptions {
  clientId: string;
  bootstrapBrokers: string[];
  timeout: number;
  retries: number;
  retryDelay: number;
  tls?: { ca?: Buffer; rejectUnauthorized: boolean };
  sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string };
}

export function connectionOptions(config: KafkaConfig, service: string): ConnectionOptions {
  const opts: ConnectionOptions = {
    clientId: config.clientId || `${service}-${process.pid}`,
    bootstrapBrokers: config.brokers,
    timeout: config.requestTimeoutMs,
    // Bounded retries: a broker outage must surface as an error (503 / retry loop), not a hang.
    retries: 3,
    retryDelay: 250,
  };
  if (config.tls) {
    opts.tls = { rejectUnauthorized: true, ...(config.tlsCaFile ? { ca: readFileSync(config.tlsCaFile) } : {}) };
  }
  if (config.saslMechanism !== 'none') {
    opts.sasl = { mechanism: config.saslMechanism, username: config.saslUsername, password: config.saslPassword };
  }
  return opts;
}
