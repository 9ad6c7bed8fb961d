/** Turns every error an HTTP handler can meet into the documented `{ error: { code, message } }`. */
import type { FastifyError } from 'fastify';
import { ConveyorError } from '../errors.ts';

const FASTIFY_CODES: Record<string, ConstructorParameters<typeof ConveyorError>[0]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'BAD_REQUEST',
  FST_ERR_ASYNC_CONSTRAINT: 'BAD_REQUEST',
};

/**
 * Errors Node's HTTP parser raises before any handler runs (malformed requests, oversized
 * headers, slow clients): answered with the same JSON body, then the connection is closed.
 */
export function clientErrorResponse(err: { code?: string }): string {
  const e = err.code === 'HPE_HEADER_OVERFLOW' ? new ConveyorError('HEADERS_TOO_LARGE')
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? new ConveyorError('REQUEST_TIMEOUT')
      : new ConveyorError('BAD_REQUEST', 'Malformed HTTP request');
  const body = JSON.stringify(e.toJSON());
  return `HTTP/1.1 ${e.status} ${e.status === 400 ? 'Bad Request' : e.status === 408 ? 'Request Timeout' : 'Request Header Fields Too Large'}\r\n`
    + `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

export function toHttpError(err: unknown): ConveyorError {
  if (err instanceof ConveyorError) return err;
  const fe = err as Partial<FastifyError> & { validation?: unknown; validationContext?: string };
  if (fe.validation) {
    return new ConveyorError('VALIDATION_FAILED', fe.message ?? `${fe.validationContext ?? 'request'} is invalid`, { cause: err });
  }
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  // Router errors carry the raw path in their message: answer without echoing it.
  if (mapped) return new ConveyorError(mapped, fe.code?.startsWith('FST_ERR_CTP') ? undefined : 'Malformed or oversized URL', { cause: err });
  if (err instanceof SyntaxError) return new ConveyorError('INVALID_JSON', undefined, { cause: err });
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new ConveyorError('BAD_REQUEST', fe.message, { cause: err });
  }
  return new ConveyorError('INTERNAL', undefined, { cause: err });
}
