/** Entry point: `node src/services/receiver/main.ts` (config from the environment). */
import { loadConfigOrExit } from '../../config/env.ts';
import { createLogger } from '../../observability/log.ts';
import { runService } from '../lifecycle.ts';
import { receiverSchema } from './config.ts';
import { createReceiver } from './service.ts';

const config = loadConfigOrExit(receiverSchema);
if (config.minSleepMs > config.maxSleepMs) {
  console.error(`Invalid configuration: MIN_SLEEP (${config.minSleepMs}) is greater than MAX_SLEEP (${config.maxSleepMs})`);
  process.exit(1);
}
const log = createLogger('receiver', config.logLevel);
await runService(createReceiver(config, log), log, config.shutdownTimeoutMs);
