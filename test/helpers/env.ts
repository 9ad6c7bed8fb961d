/** Where the running stack is (same defaults and variables as stack/env.sh). */
import { mkdirSync, symlinkSync } from 'node:fs';

const host = process.env.STACK_HOST || '127.0.0.1';
const port = (name: string, def: number): number => Number(process.env[name] || def);

export const stack = {
  brokers: [`${host}:${port('KAFKA_PORT', 9092)}`],
  connect: `http://${host}:${port('CONNECT_PORT', 8083)}`,
  clickhouse: `http://${host}:${port('CLICKHOUSE_HTTP_PORT', 8123)}`,
  prometheus: `http://${host}:${port('PROMETHEUS_PORT', 9090)}`,
  receiver: `http://${host}:${port('RECEIVER_PORT', 8001)}`,
  processor: `http://${host}:${port('PROCESSOR_PORT', 8002)}`,
  converter: `http://${host}:${port('CONVERTER_PORT', 8003)}`,
  informer: `http://${host}:${port('INFORMER_PORT', 8004)}`,
  postgres: {
    host, port: port('POSTGRES_PORT', 5432), user: process.env.POSTGRES_USER || 'postgres',
    password: process.env.POSTGRES_PASSWORD || 'password', database: process.env.POSTGRES_DB || 'postgres',
  },
  root: new URL('../../', import.meta.url).pathname,
};

/** Polls `check` until it returns a value other than undefined, or throws after timeoutMs. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/**
 * Makes `dir` a scratch STACK_DIR that shares the dev stack's downloaded jars and Node (symlinks)
 * instead of fetching them again.
 */
export function shareDownloads(dir: string): void {
  mkdirSync(dir, { recursive: true });
  symlinkSync(`${stack.root}.stack/lib`, `${dir}/lib`);
  symlinkSync(`${stack.root}.stack/node`, `${dir}/node`);
}
