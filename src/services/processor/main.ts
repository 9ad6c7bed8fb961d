/**
 * Processor: takes a Job from receiver-topic, does its simulated work (sleeps `sleep` ms) and
 * writes JobDone to processor-topic. Thousands of jobs run at once (MAX_IN_FLIGHT), so the
 * sleep does not cap throughput as it did in the seed.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { loadConfigOrExit } from '../../config/env.ts';
import { decodeJob } from '../../contracts/job.ts';
import { encodeJobDone } from '../../contracts/job-done.ts';
import { createLogger } from '../../observability/log.ts';
import { createConsumerService } from '../consumer-service.ts';
import { runService } from '../lifecycle.ts';
import { processorSchema } from './config.ts';

const config = loadConfigOrExit(processorSchema);
const log = createLogger('processor', config.logLevel);

const service = createConsumerService('processor', config, log, ({ metrics }) => async (msg) => {
  const job = decodeJob(msg.value);
  await delay(job.sleep);
  const finish = new Date();
  metrics.jobs.inc({ stage: 'processed', outcome: 'ok' });
  metrics.endToEndSeconds.observe({ stage: 'processed' }, (finish.getTime() - Date.parse(job.create_date)) / 1000);
  return [{
    topic: config.outputTopic,
    key: job.id,
    value: encodeJobDone({ id: job.id, status: 'finish', create_date: job.create_date, finish_date: finish.toISOString() }),
  }];
});
await runService(service, log, config.shutdownTimeoutMs);
