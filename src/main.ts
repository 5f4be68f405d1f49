// Process entry: configuration, build, listen, and a graceful stop on SIGTERM/SIGINT.
import { loadConfig, loadDotEnv, ConfigError, type Config } from './config/config.ts';
import { buildApp } from './app.ts';

loadDotEnv();
let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}

const started = performance.now();
const app = await buildApp(config);
await app.listen({ port: config.port, host: config.host });
app.log.info(
  { database: app.db.kind, startupMs: Math.round(performance.now() - started), rssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20) },
  'ready',
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  app.log.info({ signal }, 'stopping: finishing in-flight requests');
  const deadline = setTimeout(() => {
    app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'in-flight requests did not finish in time; exiting');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  deadline.unref();
  try {
    // Stops accepting connections, waits for in-flight requests, then closes the database (onClose hooks).
    await app.close();
    clearTimeout(deadline);
    app.log.info('stopped');
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'error while stopping');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
