/**
 * A small schema for environment variables: each option declares its type, default, bounds and
 * a one-line description. `loadConfig` validates everything at start-up and fails fast with one
 * message listing every bad variable, so a mistyped port never surfaces as a runtime mystery.
 */
import { ConveyorError } from '../errors.ts';

interface BaseOption<T> {
  env: string;
  doc: string;
  default: T;
}
export interface IntOption extends BaseOption<number> { type: 'int'; min?: number; max?: number }
export interface StringOption extends BaseOption<string> { type: 'string'; pattern?: RegExp }
export interface EnumOption<T extends string = string> extends BaseOption<T> { type: 'enum'; values: readonly T[] }
export interface BoolOption extends BaseOption<boolean> { type: 'bool' }
export interface ListOption extends BaseOption<string[]> { type: 'list' }
export type Option = IntOption | StringOption | EnumOption | BoolOption | ListOption;

export type Schema = Record<string, Option>;
export type ConfigOf<S extends Schema> = { [K in keyof S]: S[K]['default'] };

export const int = (env: string, def: number, doc: string, min?: number, max?: number): IntOption =>
  ({ type: 'int', env, default: def, doc, min, max });
export const str = (env: string, def: string, doc: string, pattern?: RegExp): StringOption =>
  ({ type: 'string', env, default: def, doc, pattern });
export const oneOf = <T extends string>(env: string, def: T, values: readonly T[], doc: string): EnumOption<T> =>
  ({ type: 'enum', env, default: def, values, doc });
export const bool = (env: string, def: boolean, doc: string): BoolOption => ({ type: 'bool', env, default: def, doc });
export const list = (env: string, def: string[], doc: string): ListOption => ({ type: 'list', env, default: def, doc });

function parseOption(opt: Option, raw: string): { value?: unknown; error?: string } {
  switch (opt.type) {
    case 'int': {
      if (!/^-?\d+$/.test(raw.trim())) return { error: `must be an integer, got "${raw}"` };
      const n = Number(raw);
      if (opt.min !== undefined && n < opt.min) return { error: `must be >= ${opt.min}, got ${n}` };
      if (opt.max !== undefined && n > opt.max) return { error: `must be <= ${opt.max}, got ${n}` };
      return { value: n };
    }
    case 'string':
      if (opt.pattern && !opt.pattern.test(raw)) return { error: `must match ${opt.pattern}, got "${raw}"` };
      return { value: raw };
    case 'enum':
      if (!opt.values.includes(raw)) return { error: `must be one of ${opt.values.join(', ')}, got "${raw}"` };
      return { value: raw };
    case 'bool':
      if (/^(1|true|yes|on)$/i.test(raw)) return { value: true };
      if (/^(0|false|no|off)$/i.test(raw)) return { value: false };
      return { error: `must be true or false, got "${raw}"` };
    case 'list':
      return { value: raw.split(',').map((s) => s.trim()).filter(Boolean) };
  }
}

export function loadConfig<S extends Schema>(schema: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [key, opt] of Object.entries(schema)) {
    const raw = env[opt.env];
    if (raw === undefined || raw === '') {
      out[key] = opt.default;
      continue;
    }
    const { value, error } = parseOption(opt, raw);
    if (error) errors.push(`${opt.env} ${error} (${opt.doc})`);
    else out[key] = value;
  }
  if (errors.length > 0) {
    throw new ConveyorError('CONFIG_INVALID', `Invalid configuration:\n  - ${errors.join('\n  - ')}`);
  }
  return out as ConfigOf<S>;
}

/** Markdown table of a schema, for docs/configuration.md (kept in sync by a test). */
export function describeSchema(schema: Schema): string {
  const rows = Object.values(schema).map((o) => {
    const def = Array.isArray(o.default) ? o.default.join(',') : String(o.default);
    const range = o.type === 'int' && (o.min !== undefined || o.max !== undefined)
      ? ` (${o.min ?? ''}..${o.max ?? ''})` : o.type === 'enum' ? ` (${o.values.join(' \\| ')})` : '';
    return `| \`${o.env}\` | \`${def}\` | ${o.doc}${range} |`;
  });
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}

/** For entry points: prints the validation errors and exits 1 instead of a stack trace. */
export function loadConfigOrExit<S extends Schema>(schema: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  try {
    return loadConfig(schema, env);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
}
