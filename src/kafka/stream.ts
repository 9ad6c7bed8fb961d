/**
 * The client's message stream, and the one way Conveyor brings back a stream the client gave up
 * on. Used by the consumer loop and the Informer's tail.
 */
import type { Consumer } from '@platformatic/kafka';
import type { Logger } from '../observability/log.ts';
import { sleep } from './retry.ts';

export type MessageStream = Awaited<ReturnType<Consumer<Buffer, Buffer, Buffer, Buffer>['consume']>>;

export interface ReopenOptions {
  /** Named in the log lines: 'consumer stream', 'tail stream'. */
  what: string;
  /** Opens a new stream and installs it (throws when Kafka is still away). */
  open: () => Promise<void>;
  delayMs: (attempt: number) => number;
  /** True once the owner stops, or a stream is back. */
  done: () => boolean;
  signal?: AbortSignal;
  log: Logger;
}

/**
 * The client destroys a stream once a fetch has failed its few retries (a broker killed, its
 * partitions not yet moved); left alone, its owner would look ready and read nothing. Closes the
 * failed stream, then tries to open a new one, with backoff, until one opens or the owner stops.
 */
export async function reopenStream(failed: MessageStream, o: ReopenOptions): Promise<void> {
  await failed.close().catch(() => undefined);
  for (let attempt = 1; !o.done(); attempt++) {
    await sleep(o.delayMs(attempt), o.signal);
    if (o.done()) return;
    try {
      await o.open();
      o.log.info({ attempt }, `${o.what} reopened`);
      return;
    } catch (err) {
      o.log.warn({ err, attempt }, `reopening the ${o.what} failed; retrying`);
    }
  }
}
