/** Entry point: `node src/services/informer/main.ts` (config from the environment). */
import { loadConfigOrExit } from '../../config/env.ts';
import { createLogger } from '../../observability/log.ts';
import { runService } from '../lifecycle.ts';
import { informerSchema } from './config.ts';
import { createInformer } from './service.ts';

const config = loadConfigOrExit(informerSchema);
const log = createLogger('informer', config.logLevel);
await runService(createInformer(config, log), log, config.shutdownTimeoutMs);
