/** HTTP helpers for the Receiver and Informer. */
import type { CreateJobResponse, JobInfo } from '../../src/contracts/api.ts';
import { stack } from './env.ts';

export async function createJob(body?: unknown, base = stack.receiver): Promise<CreateJobResponse> {
  const res = await fetch(`${base}/api/v1/create/job`, body === undefined ? { method: 'POST' }
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`create job: HTTP ${res.status} ${await res.text()}`);
  return await res.json() as CreateJobResponse;
}

/** Creates `count` jobs with at most `concurrency` requests in flight. */
export async function createJobs(count: number, concurrency: number, body?: unknown): Promise<CreateJobResponse[]> {
  const out: CreateJobResponse[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) { next++; out.push(await createJob(body)); }
  }));
  return out;
}

export async function info(id: string): Promise<JobInfo> {
  const res = await fetch(`${stack.informer}/info/${id}`);
  if (res.status !== 200) throw new Error(`info: HTTP ${res.status} ${await res.text()}`);
  return await res.json() as JobInfo;
}

/** Asks the Informer about many ids, `concurrency` at a time; returns the ids not finished. */
export async function unfinished(ids: string[], concurrency = 50): Promise<string[]> {
  const left: string[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      if ((await info(id)).status !== 'finish') left.push(id);
    }
  }));
  return left;
}
