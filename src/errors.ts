/**
 * The one place error codes are defined. Every error Conveyor raises on purpose carries a stable
 * code (safe to match on in clients and alerts), the HTTP status it maps to, and its cause.
 */
export const ErrorCodes = {
  CONFIG_INVALID: { status: 500, message: 'Invalid configuration' },
  KAFKA_UNAVAILABLE: { status: 503, message: 'Kafka is unavailable' },
  KAFKA_TIMEOUT: { status: 503, message: 'Kafka did not acknowledge the write in time' },
  NOT_READY: { status: 503, message: 'Service is not ready' },
  SHUTTING_DOWN: { status: 503, message: 'Service is shutting down' },
  BAD_REQUEST: { status: 400, message: 'Bad request' },
  INVALID_JSON: { status: 400, message: 'Request body is not valid JSON' },
  VALIDATION_FAILED: { status: 400, message: 'Request failed validation' },
  INVALID_ID: { status: 400, message: 'Job id must be a UUID' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Content-Type must be application/json' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Request body is too large' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time' },
  HEADERS_TOO_LARGE: { status: 431, message: 'Request headers are too large' },
  EXPECTATION_FAILED: { status: 417, message: 'Unsupported Expect header' },
  NOT_FOUND: { status: 404, message: 'Route not found' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  UNAUTHORIZED: { status: 401, message: 'Missing or invalid bearer token' },
  FORBIDDEN: { status: 403, message: 'Token is not allowed here' },
  INVALID_MESSAGE: { status: 422, message: 'Kafka message failed validation' },
  INTERNAL: { status: 500, message: 'Internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCodeName = keyof typeof ErrorCodes;
export type ErrorCode = `CONVEYOR_${ErrorCodeName}`;

export class ConveyorError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(name: ErrorCodeName, message?: string, options?: { cause?: unknown }) {
    const def = ErrorCodes[name];
    super(message ?? def.message, options);
    this.name = 'ConveyorError';
    this.code = `CONVEYOR_${name}`;
    this.status = def.status;
  }

  /** The JSON body every HTTP error answers with. */
  toJSON(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export function isConveyorError(err: unknown): err is ConveyorError {
  return err instanceof ConveyorError;
}
