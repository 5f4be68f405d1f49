// Process entry: configuration (a bad value stops start-up with one line naming the variable, exit 1), then the server.
import { loadConfig, loadDotEnv, ConfigError } from './config/config.ts';
import { startServer } from './server.ts';

loadDotEnv();
try {
  await startServer(loadConfig());
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `Start-up failed: ${(err as Error).message}`);
  process.exit(1);
}
