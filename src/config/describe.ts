/** Prints docs/configuration.md from the services' schemas: `node src/config/describe.ts`. */
import { describeSchema } from './env.ts';
import { receiverSchema } from '../services/receiver/config.ts';
import { processorSchema } from '../services/processor/config.ts';
import { converterSchema } from '../services/converter/config.ts';
import { informerSchema } from '../services/informer/config.ts';

export function configurationMarkdown(): string {
  const sections = [
    ['Receiver', receiverSchema], ['Processor', processorSchema], ['Converter', converterSchema], ['Informer', informerSchema],
  ] as const;
  return [
    '# Configuration',
    '',
    'Every service reads its options from the environment and validates them at start-up: a bad value',
    'stops the service with a message naming the variable. Generated from `src/services/*/config.ts` by',
    '`node src/config/describe.ts > docs/configuration.md` (a test checks it is current).',
    '',
    'The local stack\'s own variables (ports, heaps, `KAFKA_NODES`, instance counts) are documented in',
    '`stack/env.sh`.',
    '',
    ...sections.flatMap(([name, schema]) => [`## ${name}`, '', describeSchema(schema), '']),
  ].join('\n');
}

if (import.meta.main) process.stdout.write(configurationMarkdown());
