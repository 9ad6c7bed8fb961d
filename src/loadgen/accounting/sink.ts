/** What the poller needs from a sink reader (Informer, PostgreSQL, ClickHouse, or a test's fake). */
import type { Observation } from './observe.ts';
import type { SinkName } from './tracker.ts';

export interface SinkReader {
  name: SinkName;
  /** Polled while the load runs (cheap batched queries), or only once the run is over. */
  live: boolean;
  /** Whether re-reading can reveal more rows: such sinks are re-read at the end to count duplicates. */
  countsRows: boolean;
  /** Ids per read() call. */
  batchSize: number;
  /**
   * Observations of the ids it could check; an id missing from the answer was not checked.
   * Throws when the sink cannot be read at all (down, bad credentials, timeout).
   */
  read(ids: string[]): Promise<Map<string, Observation>>;
  close(): Promise<void>;
}
