/**
 * The HTTP shell every service shares: JSON errors for every failure, a JSON 404, request
 * metrics labelled by route template, health and readiness probes, Prometheus metrics, and
 * timeouts that keep slow or idle clients from holding resources.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { ConveyorError } from '../errors.ts';
import type { Logger } from '../observability/log.ts';
import type { ServiceMetrics } from '../observability/metrics.ts';
import { clientErrorResponse, toHttpError } from './errors.ts';
import { lingerOnClose } from './linger.ts';
import { errorResponses, registerOpenApi } from './openapi.ts';
import { registerAuth, type AuthSettings } from './auth.ts';

export interface HttpSettings extends AuthSettings {
  bodyLimitBytes: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

export interface HttpDeps {
  log: Logger;
  metrics: ServiceMetrics;
  isReady: () => boolean;
}

export async function createHttpServer(settings: HttpSettings, deps: HttpDeps, api: { service: string; description: string }): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Per-request access logs would dominate the log at thousands of requests/s; metrics cover them.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: settings.bodyLimitBytes,
    requestTimeout: settings.requestTimeoutMs,
    connectionTimeout: settings.requestTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // Node checks request timeouts only every 30 s by default, and keeps its own 60 s header
    // timeout: both would let a slow client hold a socket far past HTTP_REQUEST_TIMEOUT_MS.
    http: { connectionsCheckingInterval: 1000, headersTimeout: settings.requestTimeoutMs,
      requestTimeout: settings.requestTimeoutMs, requireHostHeader: false },
    clientErrorHandler: (err, socket) => {
      if (socket.writable && !socket.destroyed) socket.end(clientErrorResponse(err));
      else socket.destroy();
    },
    frameworkErrors: (err, _request, reply) => {
      const e = toHttpError(err);
      void (reply as unknown as FastifyReply).code(e.status).send(e.toJSON());
    },
  });
  // An unknown Expect header (Node would answer 417 with an empty body itself).
  app.server.on('checkExpectation', (_req, res) => {
    const body = JSON.stringify(new ConveyorError('EXPECTATION_FAILED').toJSON());
    res.writeHead(417, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
  });
  // HTTP/1.1 requires Host; Node's own check answers with an empty body, so it is done here.
  app.addHook('onRequest', async (request) => {
    if (request.raw.httpVersionMajor === 1 && request.raw.httpVersionMinor >= 1 && !request.headers.host) {
      throw new ConveyorError('BAD_REQUEST', 'Missing Host header');
    }
  });

  // JSON only: any other content type is a 415, not a string handed to the schema.
  app.removeContentTypeParser(['text/plain']);

  app.setErrorHandler((err, request, reply) => {
    const e = toHttpError(err);
    if (e.status >= 500) request.log.error({ err, code: e.code }, 'request failed');
    if (reply.getHeader('connection') === 'close') lingerOnClose(request.raw.socket);
    void reply.code(e.status).send(e.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const e = new ConveyorError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
    void reply.code(404).send(e.toJSON());
  });

  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000);
    done();
  });

  registerAuth(app, settings, api.service.toLowerCase());
  await registerOpenApi(app, api.service, api.description);
  const probe = { tags: ['operations'], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } };
  app.get('/healthz', { schema: { ...probe, summary: 'Liveness: the process answers' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { summary: 'Readiness: connected to Kafka (and, for the Informer, view loaded)', tags: ['operations'],
    response: { ...probe.response, ...errorResponses(503) } } }, async (_request, reply) => {
    if (deps.isReady()) return { status: 'ready' };
    return reply.code(503).send(new ConveyorError('NOT_READY').toJSON());
  });
  app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['operations'],
    produces: ['text/plain'], response: { 200: { type: 'string' } } } }, async (_request, reply) => {
    void reply.header('content-type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
  return app;
}
