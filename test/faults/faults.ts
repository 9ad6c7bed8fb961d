/**
 * The fault catalogue: what breaks, how, and for how long. Every fault is repaired the same way an
 * operator would repair it, with `make up` (it starts whatever is not running), so the suite also
 * proves that the ordinary start path recovers the pipeline.
 */
import { SERVICES, type StackControl } from './stack-control.ts';

export interface Fault {
  /** Stable name, used by `--only` and in the table. */
  name: string;
  /** Needs a cluster of at least this many Kafka nodes (skipped, and said so, otherwise). */
  minKafkaNodes?: number;
  /** Seconds the fault is held before the repair starts (0: repaired at once). */
  holdSec: number;
  /** Breaks the stack; resolves once the fault is in place, with a detail for the table. */
  inject(ctl: StackControl): Promise<string>;
}

/** `outageSec`: how long a sink or a broker stays away (60 s in the full suite). */
export function catalogue(outageSec: number): Fault[] {
  const kills: Fault[] = SERVICES.map((s) => ({
    name: `kill-${s}`,
    holdSec: 0,
    inject: async (ctl) => {
      await ctl.signal(`svc-${s}-0`, 'SIGKILL');
      return `kill -9 ${s} instance 0`;
    },
  }));
  const outages: Fault[] = (['connect', 'clickhouse', 'postgres'] as const).map((c) => ({
    name: `stop-${c}`,
    holdSec: outageSec,
    inject: async (ctl) => {
      await ctl.stop(c);
      return `${c} stopped for ${outageSec} s`;
    },
  }));
  return [
    ...kills,
    {
      name: 'sigterm-all',
      holdSec: 0,
      inject: async (ctl) => {
        const names = ctl.serviceComponents();
        await Promise.all(names.map((n) => ctl.signal(n, 'SIGTERM')));
        return `SIGTERM to ${names.length} service processes at once`;
      },
    },
    ...outages,
    {
      name: 'kill-kafka-leader',
      minKafkaNodes: 3,
      holdSec: outageSec,
      inject: async (ctl) => {
        // receiver-topic partition 0 is written by every Receiver batch and read by a Processor.
        const leader = await ctl.leaderOf('receiver-topic', 0);
        await ctl.signal(`kafka-${leader}`, 'SIGKILL');
        return `kill -9 kafka-${leader} (leader of receiver-topic-0), down ${outageSec} s`;
      },
    },
  ];
}
