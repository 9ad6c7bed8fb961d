/**
 * Readiness from a real Kafka round trip: probed at start and every few seconds after, so
 * /readyz turns 503 when the brokers go away and 200 again when they return.
 */
import type { Logger } from '../observability/log.ts';

export class KafkaReadiness {
  #ready = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #probe: () => Promise<void>;
  readonly #log: Logger;
  readonly #intervalMs: number;

  constructor(probe: () => Promise<void>, log: Logger, intervalMs = 5000) {
    this.#probe = probe;
    this.#log = log;
    this.#intervalMs = intervalMs;
  }

  get ready(): boolean { return this.#ready; }

  start(): void {
    const tick = async (): Promise<void> => {
      try {
        await this.#probe();
        if (!this.#ready) this.#log.info('kafka reachable: ready');
        this.#ready = true;
      } catch (err) {
        if (this.#ready) this.#log.warn({ err }, 'kafka unreachable: not ready');
        this.#ready = false;
      }
      this.#timer = setTimeout(() => void tick(), this.#ready ? this.#intervalMs : 500);
      this.#timer.unref();
    };
    void tick();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#ready = false;
  }
}
