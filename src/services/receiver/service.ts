/** Receiver: HTTP in, Kafka out. Ready once a metadata request for its topic succeeds. */
import type { FastifyInstance } from 'fastify';
import type { ConfigOf } from '../../config/env.ts';
import { connectionOptions, KafkaProducer } from '../../kafka/index.ts';
import { createHttpServer } from '../../http/server.ts';
import type { Logger } from '../../observability/log.ts';
import { createMetrics } from '../../observability/metrics.ts';
import type { Runnable } from '../lifecycle.ts';
import type { receiverSchema } from './config.ts';
import { registerReceiverRoutes } from './routes.ts';
import { KafkaReadiness } from '../readiness.ts';

export type ReceiverConfig = ConfigOf<typeof receiverSchema>;

export function createReceiver(config: ReceiverConfig, log: Logger): Runnable & { url: () => string } {
  const metrics = createMetrics('receiver');
  const producer = new KafkaProducer(connectionOptions(config, 'receiver'), {
    compression: config.compression, lingerMs: config.lingerMs, maxBatch: config.maxBatch,
    sendTimeoutMs: config.produceTimeoutMs,
  }, log);
  const readiness = new KafkaReadiness(() => producer.probe([config.topic]), log);
  let address = '';
  let app: FastifyInstance | undefined;
  return {
    url: () => address,
    async start() {
      app = await createHttpServer(config, { log, metrics, isReady: () => readiness.ready },
        { service: 'Receiver', description: 'Accepts jobs into Kafka; 2xx only once every in-sync replica has the job.' });
      registerReceiverRoutes(app, {
        producer, metrics, topic: config.topic,
        defaults: { minSleepMs: config.minSleepMs, maxSleepMs: config.maxSleepMs, dataSize: config.dataSize },
        sleepLimitMs: config.sleepLimitMs, dataSizeLimit: config.dataSizeLimit,
      });
      readiness.start();
      address = await app.listen({ host: config.host, port: config.port });
      log.info({ address }, 'receiver listening');
    },
    async stop() {
      readiness.stop();
      // Stop accepting requests, let in-flight ones finish (their jobs are flushed), then close.
      await app?.close();
      await producer.close();
    },
  };
}
