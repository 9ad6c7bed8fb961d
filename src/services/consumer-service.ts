/**
 * The shape shared by the Kafka-to-Kafka services (Processor, Converter): a consumer loop, one
 * producer for outputs and dead letters, and an HTTP server for /metrics and probes.
 */
import type { FastifyInstance } from 'fastify';
import type { ConfigOf } from '../config/env.ts';
import type { consumerSchema, httpSchema, kafkaSchema, serviceSchema } from '../config/common.ts';
import { createHttpServer } from '../http/server.ts';
import { connectionOptions, KafkaConsumerLoop, KafkaProducer, type Handler } from '../kafka/index.ts';
import type { Logger } from '../observability/log.ts';
import { createMetrics, type ServiceMetrics } from '../observability/metrics.ts';
import type { Runnable } from './lifecycle.ts';
import { Gauge } from 'prom-client';

export type ConsumerServiceConfig = ConfigOf<typeof serviceSchema & typeof kafkaSchema & typeof httpSchema & typeof consumerSchema>
  & { port: number; groupId: string; inputTopic: string };

export interface ConsumerServiceParts {
  metrics: ServiceMetrics;
}

export function createConsumerService(name: string, config: ConsumerServiceConfig, log: Logger,
  makeHandler: (parts: ConsumerServiceParts) => Handler): Runnable {
  const metrics = createMetrics(name);
  const conn = connectionOptions(config, name);
  const producer = new KafkaProducer(conn, {
    compression: config.compression, lingerMs: config.lingerMs, maxBatch: config.maxBatch,
    sendTimeoutMs: config.produceTimeoutMs,
  }, log);
  const loop = new KafkaConsumerLoop(conn, {
    service: name, groupId: config.groupId, topics: [config.inputTopic], maxInFlight: config.maxInFlight,
    sessionTimeoutMs: config.sessionTimeoutMs, lagIntervalMs: config.lagIntervalMs,
    retry: { maxAttempts: config.retryMaxAttempts, baseDelayMs: config.retryBaseDelayMs, maxDelayMs: config.retryMaxDelayMs },
    ...(config.exactlyOnce ? { exactlyOnce: {
      // Stable per instance, so a restarted instance fences its own zombie.
      transactionalId: `${config.transactionalIdPrefix}${name}-${config.host}-${config.port}`,
      intervalMs: config.transactionIntervalMs, compression: config.compression,
    } } : {}),
  }, producer, log, {
    onProcessed: (topic, ms) => metrics.processingSeconds.observe({ topic }, ms / 1000),
    onDeadLettered: (topic, code) => {
      metrics.deadLettered.inc({ topic, code });
      metrics.jobs.inc({ stage: name, outcome: 'dead_lettered' });
    },
    onRetry: (topic) => metrics.retries.inc({ topic }),
    onLag: (topic, partition, lag) => metrics.consumerLag.set({ topic, partition: String(partition) }, lag),
  });
  new Gauge({ name: 'conveyor_in_flight_messages', help: 'Messages fetched and not yet committed',
    registers: [metrics.registry], collect() { this.set(loop.inFlight); } });
  // Series exist from the start, so rate() and increase() alerts see the first event.
  metrics.deadLettered.inc({ topic: config.inputTopic, code: 'CONVEYOR_INVALID_MESSAGE' }, 0);
  metrics.retries.inc({ topic: config.inputTopic }, 0);
  const handler = makeHandler({ metrics });
  let app: FastifyInstance | undefined;
  return {
    async start() {
      app = await createHttpServer({ ...config, bodyLimitBytes: 1024 }, { log, metrics, isReady: () => loop.isReady() },
        { service: name, description: `Conveyor ${name}: metrics and probes only; its work arrives through Kafka.` });
      const address = await app.listen({ host: config.host, port: config.port });
      log.info({ address, group: config.groupId, topic: config.inputTopic }, `${name} listening`);
      await loop.start(handler);
      log.info('consuming');
    },
    async stop() {
      // Drain first (outputs flushed, offsets committed), then close the probes and metrics.
      const { handedBack } = await loop.stop(Math.max(0, config.shutdownTimeoutMs - 1500));
      if (handedBack > 0) log.warn({ handedBack }, 'in-flight messages handed back uncommitted');
      await producer.close();
      await app?.close();
    },
  };
}
