/**
 * The HTTP contracts of the Receiver and the Informer (seed 001), shared with the load generator.
 */
export interface CreateJobRequest {
  sleep?: number;
  data_size?: number;
}

export interface CreateJobResponse {
  id: string;
  create_date: string;
  sleep: number;
  data_size: number;
}

export type JobInfo =
  | { id: string; status: 'unknown' }
  | { id: string; status: 'create'; create_date: string }
  | { id: string; status: 'finish'; create_date: string; finish_date: string };

export const RECEIVER_ROUTES = { createJob: '/api/v1/create/job', createJobLegacy: '/create/job' } as const;
export const INFORMER_ROUTES = { info: '/info/:id' } as const;
