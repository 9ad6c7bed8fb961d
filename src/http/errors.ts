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
};

export function toHttpError(err: unknown): ConveyorError {
  if (err instanceof ConveyorError) return err;
  const fe = err as Partial<FastifyError> & { validation?: unknown; validationContext?: string };
  if (fe.validation) {
    return new ConveyorError('VALIDATION_FAILED', fe.message ?? `${fe.validationContext ?? 'request'} is invalid`, { cause: err });
  }
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return new ConveyorError(mapped, undefined, { cause: err });
  if (err instanceof SyntaxError) return new ConveyorError('INVALID_JSON', undefined, { cause: err });
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new ConveyorError('BAD_REQUEST', fe.message, { cause: err });
  }
  return new ConveyorError('INTERNAL', undefined, { cause: err });
}
