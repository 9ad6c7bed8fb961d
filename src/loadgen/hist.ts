/**
 * HDR histograms for latencies. Values are recorded in microseconds (integers) so that sub-ms
 * answers keep their resolution, and reported in milliseconds.
 */
import { build, type Histogram } from 'hdr-histogram-js';
import type { Percentiles } from './types.ts';

/** One hour: anything slower is clamped (and still counted) rather than throwing. */
const HIGHEST_US = 3_600_000_000;

export type { Histogram };

export function newHistogram(): Histogram {
  // 'packed' keeps the per-second windows small; 3 significant digits is 0.1 % error.
  return build({ bitBucketSize: 'packed', lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_US, numberOfSignificantValueDigits: 3, autoResize: false });
}

export function recordMs(h: Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  h.recordValue(Math.min(HIGHEST_US, Math.max(0, us)));
}

const round = (us: number): number => Math.round(us) / 1000; // µs → ms with 3 decimals

export function summarize(h: Histogram): Percentiles {
  if (h.totalCount === 0) return emptyPercentiles();
  // Percentiles come back as the top of their HDR bucket; capping at the recorded max keeps
  // "p99 ≤ max" true on the page.
  const at = (q: number): number => round(Math.min(h.getValueAtPercentile(q), h.maxValue));
  return { count: h.totalCount, mean: round(h.mean), p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max: round(h.maxValue) };
}

export function emptyPercentiles(): Percentiles {
  return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
}

/** Percentiles of a plain list of ms values (accounting latencies are collected as arrays). */
export function summarizeValues(values: readonly number[]): Percentiles {
  const h = newHistogram();
  for (const v of values) recordMs(h, v);
  return summarize(h);
}

export interface Bucket {
  loMs: number;
  hiMs: number;
  count: number;
  /** The last bucket may hold everything slower than the chart's range. */
  open?: boolean;
}

/**
 * Equal-width buckets of a round width (1, 2 or 5 × 10^k ms) from 0 up to just above the 99.9th
 * percentile, about `bins` of them; the slower tail goes into one last `open` bucket drawn one
 * bucket wide, so one outlier does not squash the chart.
 */
export function bucketize(values: readonly number[], bins = 30): Bucket[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const p999 = sorted[Math.min(sorted.length - 1, Math.floor(0.999 * sorted.length))] as number;
  const width = niceCeil(Math.max(p999, 1) / bins);
  const count = Math.max(1, Math.floor(p999 / width) + 1); // the p99.9 value itself falls inside
  const top = count * width;
  const out: Bucket[] = Array.from({ length: count }, (_, i) => ({ loMs: i * width, hiMs: (i + 1) * width, count: 0 }));
  let tail = 0;
  for (const v of sorted) {
    if (v >= top) tail++;
    else (out[Math.max(0, Math.floor(v / width))] as Bucket).count++;
  }
  if (tail > 0) out.push({ loMs: top, hiMs: top + width, count: tail, open: true });
  return out;
}

/** The smallest 1, 2 or 5 × 10^k that is ≥ x. */
export function niceCeil(x: number): number {
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}
