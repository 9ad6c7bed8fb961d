/** Controls the stack's service processes the way an operator would: signals and `make up`. */
import { execFile } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { stack, waitFor } from './env.ts';

const exec = promisify(execFile);
const runDir = (): string => `${process.env.STACK_DIR || `${stack.root}.stack`}/run`;

export function servicePid(name: string, instance = 0): number {
  const file = `${runDir()}/svc-${name}-${instance}.pid`;
  if (!existsSync(file)) throw new Error(`${name} is not running (no ${file})`);
  return Number(readFileSync(file, 'utf8').trim());
}

export function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Sends a signal and waits for the process to be gone; returns how long it took. */
export async function signalAndWait(pid: number, signal: NodeJS.Signals, timeoutMs: number): Promise<number> {
  const started = Date.now();
  process.kill(pid, signal);
  await waitFor(`pid ${pid} to exit after ${signal}`, async () => (isAlive(pid) ? undefined : true), timeoutMs, 50);
  return Date.now() - started;
}

/** `make up` again: starts whatever is not running (idempotent), waits for readiness. */
export async function stackUp(): Promise<string> {
  const { stdout } = await exec('bash', ['stack/up.sh'], { cwd: stack.root, maxBuffer: 10 * 1024 * 1024, timeout: 300_000 });
  return stdout;
}
