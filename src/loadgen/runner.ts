/**
 * The open-model runner. Every request starts at its scheduled instant whether or not earlier ones
 * answered; latency is measured from that scheduled instant (so a slow server cannot hide behind
 * a generator that waited for it), and service time from the actual send. When the in-flight
 * bound is reached, a due request is counted as dropped, never postponed.
 */
import type { CreateJobRequest, CreateJobResponse } from '../contracts/api.ts';
import { newHistogram, recordMs, summarize, type Histogram } from './hist.ts';
import { createHttpClient } from './http.ts';
import { arrivals, describeProfile, totalDurationSec } from './profile.ts';
import { startProgress } from './progress.ts';
import type { AcceptedJob, Profile, RunStats, SecondWindow } from './types.ts';

export interface RunOptions {
  profile: Profile;
  /** Full URL of the create-job endpoint. */
  url: URL;
  maxInflight: number;
  timeoutMs: number;
  /** Sent as the JSON body when given; otherwise the POST has no body (the Receiver's defaults). */
  job?: CreateJobRequest;
  onAccepted?: (job: AcceptedJob) => void;
  progress?: boolean;
  signal?: AbortSignal;
}

interface WindowAcc {
  scheduled: number;
  started: number;
  dropped: number;
  ok: number;
  errors: number;
  hist: Histogram;
}

export async function runLoad(opts: RunOptions): Promise<RunStats> {
  const client = createHttpClient({ maxSockets: opts.maxInflight, timeoutMs: opts.timeoutMs });
  const body = opts.job && Object.keys(opts.job).length > 0 ? JSON.stringify(opts.job) : undefined;
  const windows = new Map<number, WindowAcc>();
  const win = (sec: number): WindowAcc => {
    let w = windows.get(sec);
    if (!w) windows.set(sec, (w = { scheduled: 0, started: 0, dropped: 0, ok: 0, errors: 0, hist: newHistogram() }));
    return w;
  };
  const latency = newHistogram();
  const service = newHistogram();
  const sendLag = newHistogram();
  const errors: Record<string, number> = {};
  const c = { scheduled: 0, started: 0, dropped: 0, ok: 0, failed: 0, inflight: 0, maxInflightSeen: 0 };
  let onIdle: (() => void) | undefined;

  const t0 = performance.now();
  const startedAt = new Date(performance.timeOrigin + t0).toISOString();
  const plannedSec = totalDurationSec(opts.profile);
  const secOf = (at: number): number => Math.floor((at - t0) / 1000);

  const fail = (kind: string, w: WindowAcc): void => {
    c.failed++;
    w.errors++;
    errors[kind] = (errors[kind] ?? 0) + 1;
  };

  const fire = (offsetMs: number): void => {
    c.scheduled++;
    win(Math.floor(offsetMs / 1000)).scheduled++;
    if (c.inflight >= opts.maxInflight) {
      c.dropped++;
      win(Math.floor(offsetMs / 1000)).dropped++;
      return;
    }
    const due = t0 + offsetMs;
    const sentAt = performance.now();
    c.started++;
    win(secOf(sentAt)).started++;
    c.inflight++;
    c.maxInflightSeen = Math.max(c.maxInflightSeen, c.inflight);
    recordMs(sendLag, sentAt - due);
    void client.request('POST', opts.url, body).then((res) => {
      const end = performance.now();
      const w = win(secOf(end));
      recordMs(latency, end - due);
      recordMs(service, end - sentAt);
      recordMs(w.hist, end - due);
      if ('error' in res) fail(res.error, w);
      else if (res.status < 200 || res.status > 299) fail(`http_${res.status}`, w);
      else {
        const job = parseAccepted(res.body, performance.timeOrigin + due);
        if (!job) fail('bad_body', w);
        else {
          c.ok++;
          w.ok++;
          opts.onAccepted?.(job);
        }
      }
      c.inflight--;
      if (c.inflight === 0) onIdle?.();
    });
  };

  let lastStarted = 0;
  let lastAt = t0;
  const progress = opts.progress
    ? startProgress(() => {
        const now = performance.now();
        const elapsed = (now - t0) / 1000;
        // Per second since the last line, whether lines come every second or every ten.
        const rate = Math.round(((c.started - lastStarted) * 1000) / Math.max(1, now - lastAt));
        lastStarted = c.started;
        lastAt = now;
        const p99 = latency.totalCount ? (latency.getValueAtPercentile(99) / 1000).toFixed(1) : '-';
        return `[${elapsed.toFixed(0)}s/${plannedSec}s] rate ${rate}/s ok ${c.ok} in-flight ${c.inflight} p99 ${p99}ms errors ${c.failed} dropped ${c.dropped}`;
      })
    : undefined;

  // The scheduler: fire everything that is due, then sleep until the next due instant. At high
  // rates one timer tick fires a batch; each request still carries its own due time.
  const schedule = arrivals(opts.profile);
  let next = schedule.next();
  let interrupted = false;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      if (opts.signal?.aborted) {
        interrupted = true;
        return resolve();
      }
      const now = performance.now() - t0;
      while (!next.done && next.value <= now) {
        fire(next.value);
        next = schedule.next();
      }
      if (next.done) return resolve();
      setTimeout(tick, Math.max(0, next.value - (performance.now() - t0)));
    };
    tick();
  });
  // Drain: every request has its own timeout, so this ends; the extra second is a safety margin.
  if (c.inflight > 0) {
    await new Promise<void>((resolve) => {
      onIdle = resolve;
      setTimeout(resolve, opts.timeoutMs + 1000).unref();
    });
  }
  const elapsedSec = (performance.now() - t0) / 1000;
  client.close();
  progress?.stop(`${describeProfile(opts.profile)}: ${c.ok} ok, ${c.failed} failed, ${c.dropped} dropped in ${elapsedSec.toFixed(1)}s`);

  const series: SecondWindow[] = [...windows.keys()]
    .sort((a, b) => a - b)
    .map((t) => {
      const w = windows.get(t) as WindowAcc;
      return { t, scheduled: w.scheduled, started: w.started, dropped: w.dropped, ok: w.ok, errors: w.errors, latency: summarize(w.hist) };
    });
  return {
    profile: opts.profile,
    startedAt,
    plannedSec,
    elapsedSec: Math.round(elapsedSec * 1000) / 1000,
    interrupted,
    scheduled: c.scheduled,
    started: c.started,
    dropped: c.dropped,
    ok: c.ok,
    failed: c.failed,
    errors,
    targetRps: round2(c.scheduled / plannedSec),
    achievedRps: round2(c.ok / plannedSec),
    maxInflight: opts.maxInflight,
    maxInflightSeen: c.maxInflightSeen,
    latency: summarize(latency),
    service: summarize(service),
    sendLag: summarize(sendLag),
    series,
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** The accepted job from a 2xx body, or undefined if the body is not the contract's answer. */
export function parseAccepted(body: string, fallbackCreateMs: number): AcceptedJob | undefined {
  let v: Partial<CreateJobResponse>;
  try {
    v = JSON.parse(body) as Partial<CreateJobResponse>;
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || typeof v.id !== 'string' || v.id.length === 0) return undefined;
  const created = typeof v.create_date === 'string' ? Date.parse(v.create_date) : NaN;
  return { id: v.id, createMs: Number.isFinite(created) ? created : fallbackCreateMs };
}
