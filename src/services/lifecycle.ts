/**
 * Process lifecycle shared by the services: start, then on SIGTERM/SIGINT stop taking work,
 * drain, flush and exit 0 within the shutdown timeout (exit 1 if draining itself failed).
 */
import type { Logger } from '../observability/log.ts';

export interface Runnable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function runService(service: Runnable, log: Logger, shutdownTimeoutMs: number): Promise<void> {
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    // A hard deadline: whatever hangs, the process is gone before an orchestrator's SIGKILL.
    const hard = setTimeout(() => { log.error('shutdown timed out; exiting'); process.exit(1); }, shutdownTimeoutMs + 1500);
    hard.unref();
    service.stop().then(
      () => { log.info('stopped'); process.exit(0); },
      (err: unknown) => { log.error({ err }, 'error while stopping'); process.exit(1); },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  try {
    await service.start();
  } catch (err) {
    log.fatal({ err }, 'failed to start');
    process.exit(1);
  }
}
