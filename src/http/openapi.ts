/**
 * OpenAPI 3.1 for every service, generated from the route schemas: served at /openapi.json with
 * a Swagger UI at /docs (assets ship in the npm package; nothing is fetched from a CDN).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', pattern: '^CONVEYOR_[A-Z_]+$', description: 'Stable error code' },
        message: { type: 'string' },
      },
    },
  },
} as const;

/** Response schemas for the given error statuses, all with the same JSON error body. */
export function errorResponses(...statuses: number[]): Record<number, typeof errorBody & { description: string }> {
  return Object.fromEntries(statuses.map((s) => [s, { ...errorBody, description: `Error (${s})` }]));
}

export async function registerOpenApi(app: FastifyInstance, service: string, description: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: `Conveyor ${service}`, version: '1.0.0', description },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
