// Running the app as a process: listen, then stop gracefully on SIGTERM/SIGINT (finish in-flight requests within
// ECE_SHUTDOWN_TIMEOUT_MS, close the database, exit 0; exit 1 when the deadline passes).
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from './app.ts';
import type { Config } from './config/config.ts';

export async function startServer(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const started = performance.now();
  const app = await buildApp(config, opts);
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { database: app.db.kind, startupMs: Math.round(performance.now() - started), rssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20) },
    'ready',
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: finishing in-flight requests');
    const deadline = setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'in-flight requests did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    try {
      // Stops accepting connections, waits for in-flight requests, then runs onClose hooks (database last).
      await app.close();
      clearTimeout(deadline);
      app.log.info('stopped');
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return app;
}
