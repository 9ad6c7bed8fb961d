/**
 * Shapes shared by the load generator's modules and written to the JSON result file. All
 * durations are milliseconds, all rates requests per second, all instants epoch milliseconds
 * unless a name says otherwise.
 */

/** A stretch of the arrival rate going linearly from `fromRps` to `toRps` (equal: constant). */
export interface Segment {
  durationSec: number;
  fromRps: number;
  toRps: number;
}

export interface Profile {
  name: string;
  segments: Segment[];
}

export interface Percentiles {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** One second of the run. Sends are counted by the second they left, answers by the second they came back. */
export interface SecondWindow {
  t: number;
  /** Requests the schedule asked for in this second: the target rate. */
  scheduled: number;
  started: number;
  dropped: number;
  ok: number;
  errors: number;
  /** Latency (from the scheduled start) of the answers that arrived in this second. */
  latency: Percentiles;
}

/** A job the Receiver accepted: what end-to-end accounting then looks for in every sink. */
export interface AcceptedJob {
  id: string;
  createMs: number;
}

export interface RunStats {
  profile: Profile;
  startedAt: string;
  plannedSec: number;
  elapsedSec: number;
  interrupted: boolean;
  scheduled: number;
  started: number;
  dropped: number;
  ok: number;
  failed: number;
  /** Failures by kind: `http_<status>`, a network error code (ECONNREFUSED, ...), `timeout`, `bad_body`. */
  errors: Record<string, number>;
  targetRps: number;
  achievedRps: number;
  maxInflight: number;
  maxInflightSeen: number;
  /** From the scheduled start to the answer: what a user arriving on schedule waited. */
  latency: Percentiles;
  /** From the actual send to the answer: the server's time alone. */
  service: Percentiles;
  /** From the scheduled start to the actual send: the generator's own lateness (should be ~0). */
  sendLag: Percentiles;
  series: SecondWindow[];
}

export interface CriterionResult {
  name: string;
  expected: string;
  actual: string;
  pass: boolean;
}

export interface Verdict {
  pass: boolean;
  criteria: CriterionResult[];
}
