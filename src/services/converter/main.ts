/**
 * Converter: takes JobDone from processor-topic and writes the Connect JSON-with-schema record
 * to postgres-topic and the two CSV lines to clickhouse-topic; the offset is committed only
 * with (exactly-once) or after (at-least-once) both writes.
 */
import { loadConfigOrExit } from '../../config/env.ts';
import { encodeClickhouseCsv, toClickhouseLines } from '../../contracts/clickhouse-csv.ts';
import { decodeJobDone } from '../../contracts/job-done.ts';
import { encodePostgresRecord, toJobRow } from '../../contracts/postgres-record.ts';
import { createLogger } from '../../observability/log.ts';
import { createConsumerService } from '../consumer-service.ts';
import { runService } from '../lifecycle.ts';
import { converterSchema } from './config.ts';

const config = loadConfigOrExit(converterSchema);
const log = createLogger('converter', config.logLevel);

const service = createConsumerService('converter', config, log, ({ metrics }) => async (msg) => {
  const done = decodeJobDone(msg.value);
  metrics.jobs.inc({ stage: 'converted', outcome: 'ok' });
  metrics.endToEndSeconds.observe({ stage: 'converted' }, (Date.now() - Date.parse(done.create_date)) / 1000);
  return [
    { topic: config.postgresTopic, key: done.id, value: encodePostgresRecord(toJobRow(done)) },
    { topic: config.clickhouseTopic, key: done.id, value: encodeClickhouseCsv(toClickhouseLines(done)) },
  ];
});
await runService(service, log, config.shutdownTimeoutMs);
