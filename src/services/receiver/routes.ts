/** POST /api/v1/create/job (and the seed code's /create/job): accept a job once Kafka has it. */
import type { FastifyInstance } from 'fastify';
import { RECEIVER_ROUTES, type CreateJobRequest, type CreateJobResponse } from '../../contracts/api.ts';
import { encodeJob } from '../../contracts/job.ts';
import type { KafkaProducer } from '../../kafka/index.ts';
import type { ServiceMetrics } from '../../observability/metrics.ts';
import { buildJob, type JobDefaults } from './job-factory.ts';
import { BODY_OPTIONAL, errorResponses } from '../../http/openapi.ts';

export interface ReceiverRouteDeps {
  producer: KafkaProducer;
  metrics: ServiceMetrics;
  topic: string;
  defaults: JobDefaults;
  sleepLimitMs: number;
  dataSizeLimit: number;
}

export function registerReceiverRoutes(app: FastifyInstance, deps: ReceiverRouteDeps): void {
  const schema = {
    summary: 'Create a job',
    description: 'Builds a job (random sleep within MIN_SLEEP..MAX_SLEEP, DATA_SIZE hex characters unless the body says otherwise) and answers once Kafka has acknowledged it (acks=all).',
    tags: ['jobs'],
    [BODY_OPTIONAL]: true, // an empty POST makes a job with the defaults, as the seed's did
    body: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: {
        sleep: { type: 'integer', minimum: 0, maximum: deps.sleepLimitMs },
        data_size: { type: 'integer', minimum: 0, maximum: deps.dataSizeLimit },
      },
    },
    response: {
      200: {
        type: 'object',
        required: ['id', 'create_date', 'sleep', 'data_size'],
        properties: { id: { type: 'string', format: 'uuid' }, create_date: { type: 'string', format: 'date-time' },
          sleep: { type: 'integer' }, data_size: { type: 'integer' } },
      },
      ...errorResponses(400, 413, 415, 503),
    },
  };
  const handler = async (request: { body: unknown }): Promise<CreateJobResponse> => {
    const job = buildJob((request.body ?? undefined) as CreateJobRequest | undefined, deps.defaults);
    try {
      // Resolves only once every in-sync replica has the job (acks=all, idempotent producer).
      await deps.producer.send({ topic: deps.topic, key: job.id, value: encodeJob(job) });
    } catch (err) {
      deps.metrics.jobs.inc({ stage: 'created', outcome: 'failed' });
      throw err;
    }
    deps.metrics.jobs.inc({ stage: 'created', outcome: 'ok' });
    return { id: job.id, create_date: job.create_date, sleep: job.sleep, data_size: job.data.length };
  };
  app.post(RECEIVER_ROUTES.createJob, { schema }, handler);
  app.post(RECEIVER_ROUTES.createJobLegacy, { schema: { ...schema, summary: 'Create a job (the seed code\'s path)' } }, handler);
}
