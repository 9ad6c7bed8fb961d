/**
 * Informer: GET /info/{id} from the in-memory view. Ready (and answering) once the initial
 * replay of both topics reached the end they had at start-up. An id missing from the view is
 * answered `unknown` only after the view has caught up with everything written before the
 * request, so a job acknowledged by the Receiver is never reported unknown.
 */
import type { FastifyInstance } from 'fastify';
import type { ConfigOf } from '../../config/env.ts';
import { isUuid, UUID_PATTERN } from '../../contracts/validate.ts';
import { INFORMER_ROUTES, type JobInfo } from '../../contracts/api.ts';
import { ConveyorError } from '../../errors.ts';
import { createHttpServer } from '../../http/server.ts';
import { errorResponses } from '../../http/openapi.ts';
import { connectionOptions } from '../../kafka/index.ts';
import { KafkaTail } from '../../kafka/tail.ts';
import type { Logger } from '../../observability/log.ts';
import { createMetrics } from '../../observability/metrics.ts';
import type { Runnable } from '../lifecycle.ts';
import type { informerSchema } from './config.ts';
import { JobView } from './job-view.ts';
import { applyToView } from './view-updates.ts';
import { Gauge } from 'prom-client';

export type InformerConfig = ConfigOf<typeof informerSchema>;

export function createInformer(config: InformerConfig, log: Logger): Runnable {
  const metrics = createMetrics('informer');
  const view = new JobView(config.maxJobs);
  const tail = new KafkaTail(connectionOptions(config, 'informer'), [config.receiverTopic, config.processorTopic], 'informer', log);
  let replayed = false;
  new Gauge({ name: 'conveyor_informer_view_jobs', help: 'Jobs held in the Informer view', registers: [metrics.registry],
    collect() { this.set(view.size); } });
  const ready = (): boolean => replayed && tail.isActive();
  let app: FastifyInstance | undefined;

  const infoSchema = {
    summary: 'Status of a job',
    description: '`unknown` only for an id never accepted: before answering it, the view catches up with everything written to Kafka.',
    tags: ['jobs'],
    params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: UUID_PATTERN, description: 'Job id (UUID)' } } },
    response: {
      200: {
        type: 'object',
        required: ['id', 'status'],
        properties: {
          id: { type: 'string' },
          status: { type: 'string', enum: ['unknown', 'create', 'finish'] },
          create_date: { type: 'string', format: 'date-time' },
          finish_date: { type: 'string', format: 'date-time' },
        },
      },
      ...errorResponses(400, 503),
    },
  };
  const routes = (server: FastifyInstance): void => { server.get<{ Params: { id: string } }>(INFORMER_ROUTES.info, { schema: infoSchema, attachValidation: true }, async (request): Promise<JobInfo> => {
    const { id } = request.params;
    if (!isUuid(id)) throw new ConveyorError('INVALID_ID', `Job id must be a UUID, got ${JSON.stringify(String(request.params.id).slice(0, 64))}`);
    if (!replayed) throw new ConveyorError('NOT_READY', 'The job view is still being loaded from Kafka');
    const key = id.toLowerCase();
    const found = view.get(key);
    if (found.status !== 'unknown' || config.missWaitMs === 0) return found;
    await tail.catchUp(config.missWaitMs);
    return view.get(key);
  }); };

  return {
    async start() {
      app = await createHttpServer({ ...config, bodyLimitBytes: 1024 }, { log, metrics, isReady: ready },
        { service: 'Informer', description: 'Answers a job\'s status from a keyed view of receiver-topic and processor-topic.' });
      routes(app);
      const address = await app.listen({ host: config.host, port: config.port });
      log.info({ address }, 'informer listening; loading the view');
      await tail.start(applyToView(view, { receiver: config.receiverTopic, processor: config.processorTopic }));
      const started = Date.now();
      const ends = await tail.endOffsets(0);
      while (!tail.reached(ends)) await new Promise((r) => setTimeout(r, 50));
      replayed = true;
      log.info({ jobs: view.size, ms: Date.now() - started }, 'view loaded: ready');
    },
    async stop() {
      await app?.close();
      await tail.stop();
    },
  };
}
