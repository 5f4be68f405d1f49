import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { buildApp, type BuildOptions } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config/config.ts';
import type { Database } from '../../src/db/database.ts';
import { openTestDatabase } from './test-db.ts';

export function testConfig(env: Record<string, string> = {}): Config {
  // Rate limits are off unless a test turns them on: the suite must never be throttled by its own speed.
  return loadConfig({ LOG_LEVEL: 'silent', ECE_MIGRATE_ON_START: 'false', ECE_RATE_LIMIT_SESSION_RPS: '0', ECE_RATE_LIMIT_LOGIN_RPS: '0', ...env });
}

export type TestApp = { app: FastifyInstance; db: Database; close(): Promise<void> };

/** A fully built app on this worker's test database. Call close() in afterAll. */
export async function getTestApp(
  env: Record<string, string> = {},
  routes: FastifyPluginAsync[] = [],
  opts: Omit<BuildOptions, 'db' | 'routes'> = {},
): Promise<TestApp> {
  const db = await openTestDatabase();
  const app = await buildApp(testConfig(env), { db, logger: false, routes, backgroundJobs: false, ...opts });
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
