/**
 * Controls the dev stack's service processes the way an operator would: signals and `make up`.
 * A thin layer over the fault suite's StackControl, for tests that hold a pid.
 */
import { isAlive, StackControl } from '../faults/stack-control.ts';
import { stack, waitFor } from './env.ts';

const ctl = new StackControl(stack.root);

export { isAlive };

export function servicePid(name: string, instance = 0): number {
  return ctl.pidOf(`svc-${name}-${instance}`);
}

/** Sends a signal and waits for the process to be gone; returns how long it took. */
export async function signalAndWait(pid: number, signal: NodeJS.Signals, timeoutMs: number): Promise<number> {
  const started = Date.now();
  process.kill(pid, signal);
  await waitFor(`pid ${pid} to exit after ${signal}`, async () => (isAlive(pid) ? undefined : true), timeoutMs, 50);
  return Date.now() - started;
}

/** `make up` again: starts whatever is not running (idempotent), waits for readiness. */
export async function stackUp(): Promise<void> {
  await ctl.up(300_000);
}
