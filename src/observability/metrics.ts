/**
 * Prometheus metrics shared by every service. Labels are bounded: route templates (never raw
 * paths or ids), stage names, topics and partition numbers.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  jobs: Counter<'stage' | 'outcome'>;
  deadLettered: Counter<'topic' | 'code'>;
  retries: Counter<'topic'>;
  processingSeconds: Histogram<'topic'>;
  endToEndSeconds: Histogram<'stage'>;
  consumerLag: Gauge<'topic' | 'partition'>;
}

export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, prefix: 'conveyor_' });
  const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return {
    registry,
    httpDuration: new Histogram({ name: 'conveyor_http_request_duration_seconds', help: 'HTTP request duration by route template',
      labelNames: ['method', 'route', 'status'], buckets: latencyBuckets, registers: [registry] }),
    jobs: new Counter({ name: 'conveyor_jobs_total', help: 'Jobs handled per stage (created, processed, converted) and outcome',
      labelNames: ['stage', 'outcome'], registers: [registry] }),
    deadLettered: new Counter({ name: 'conveyor_dead_lettered_total', help: 'Messages sent to a dead-letter topic',
      labelNames: ['topic', 'code'], registers: [registry] }),
    retries: new Counter({ name: 'conveyor_retries_total', help: 'Message processing attempts that failed and were retried',
      labelNames: ['topic'], registers: [registry] }),
    processingSeconds: new Histogram({ name: 'conveyor_message_processing_seconds', help: 'Time from fetch to acknowledged output',
      labelNames: ['topic'], buckets: latencyBuckets, registers: [registry] }),
    endToEndSeconds: new Histogram({ name: 'conveyor_job_end_to_end_seconds', help: 'Time from job creation to this stage\'s output',
      labelNames: ['stage'], buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30, 60], registers: [registry] }),
    consumerLag: new Gauge({ name: 'conveyor_consumer_lag', help: 'Messages behind the log end, per partition (a transactional input topic shows 1 for its last commit marker)',
      labelNames: ['topic', 'partition'], registers: [registry] }),
  };
}
