// Shared pieces of the Kafka client benchmark: configuration, payloads, latency
// histograms and statistics. No client library is imported here.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import hdr from 'hdr-histogram-js';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const RESULTS_DIR = join(BENCH_DIR, 'results');

export const BROKER = process.env.BENCH_BROKER ?? '127.0.0.1:9092';
if (!/^(127\.0\.0\.1|localhost):\d+$/.test(BROKER)) {
  throw new Error(`BENCH_BROKER must point at 127.0.0.1 (got ${BROKER})`);
}

export const PARTITIONS = 12;
export const VALUE_BYTES = 1024;
export const KEY_BYTES = 36; // a UUID string
export const MESSAGE_BYTES = VALUE_BYTES + KEY_BYTES;

/** codecs the throughput runs use */
export type Codec = 'none' | 'lz4';
/** every codec Kafka defines (the feature check tries all of them) */
export type AnyCodec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export interface BenchMessage {
  key: string;
  value: Buffer;
}

/**
 * A pool of distinct messages: random 1 KiB values (incompressible) would make
 * lz4 pointless, so every value is half random bytes and half a repeated JSON-ish
 * text, roughly what a job payload looks like. Keys are fresh UUIDs.
 */
export function makeMessages(count: number): BenchMessage[] {
  const filler = Buffer.from('{"job":"conveyor","status":"queued","attempt":1,"payload":"'.repeat(20));
  const out: BenchMessage[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const value = Buffer.allocUnsafe(VALUE_BYTES);
    randomBytes(VALUE_BYTES / 2).copy(value, 0);
    filler.copy(value, VALUE_BYTES / 2, 0, VALUE_BYTES / 2);
    out[i] = { key: randomUUID(), value };
  }
  return out;
}

export function nowNs(): bigint {
  return process.hrtime.bigint();
}

export function msSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

/** Latency recorder in microseconds, 1 us .. 120 s, 3 significant digits. */
export class Latency {
  #h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
  #count = 0;
  recordNs(ns: bigint): void {
    const us = Math.max(1, Math.min(120_000_000, Math.round(Number(ns) / 1000)));
    this.#h.recordValue(us);
    this.#count++;
  }
  get count(): number {
    return this.#count;
  }
  /** value at percentile p, in milliseconds */
  pMs(p: number): number {
    return this.#count === 0 ? Number.NaN : this.#h.getValueAtPercentile(p) / 1000;
  }
  maxMs(): number {
    return this.#count === 0 ? Number.NaN : this.#h.maxValue / 1000;
  }
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function spread(values: number[]): Spread {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, runs: values };
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 === 1 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2;
  return { median, min: v[0] as number, max: v[v.length - 1] as number, runs: values };
}

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '-';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "median (min-max)" */
export function fmtSpread(s: Spread, digits = 0): string {
  if (!Number.isFinite(s.median)) return '-';
  return `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`;
}

export function writeJson(name: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, name);
  writeFileSync(file, JSON.stringify(data, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
  return file;
}

export function log(...parts: unknown[]): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${parts.map(String).join(' ')}\n`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Rejects after ms; used to bound every await that talks to the broker. */
export async function withTimeout<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
