/** Small, allocation-light validators shared by the message contracts. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3339 in UTC with optional fraction, the shape Date#toISOString and Go's time.Time produce.
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** The same rule as a JSON Schema `pattern`, so the OpenAPI documents state what isUuid() accepts. */
export const UUID_PATTERN = UUID.source;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function isRfc3339(value: unknown): value is string {
  return typeof value === 'string' && RFC3339_UTC.test(value) && !Number.isNaN(Date.parse(value));
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a message was rejected; becomes the `conveyor-error` header on the dead-letter copy. */
export class ContractViolation extends Error {
  readonly contract: string;
  readonly reason: string;

  constructor(contract: string, reason: string) {
    super(`${contract}: ${reason}`);
    this.name = 'ContractViolation';
    this.contract = contract;
    this.reason = reason;
  }
}

export function parseJsonObject(contract: string, bytes: Buffer | string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch {
    throw new ContractViolation(contract, 'value is not valid JSON');
  }
  if (!isObject(value)) throw new ContractViolation(contract, 'value is not a JSON object');
  return value;
}
