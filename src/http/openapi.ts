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
    transformObject: (doc) => markOptionalBodies('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/** Route schemas set this (a valid OpenAPI extension) when an absent body is allowed. */
export const BODY_OPTIONAL = 'x-body-optional';

type Operation = { [BODY_OPTIONAL]?: boolean; requestBody?: { required?: boolean } };

/**
 * @fastify/swagger marks every schema'd body as required; a route that takes an empty POST says
 * so with BODY_OPTIONAL, and the document then says `required: false`.
 */
function markOptionalBodies<T>(doc: T): T {
  const paths = (doc as { paths?: Record<string, Record<string, Operation>> }).paths ?? {};
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      if (op && typeof op === 'object' && op[BODY_OPTIONAL] && op.requestBody) op.requestBody.required = false;
    }
  }
  return doc;
}
