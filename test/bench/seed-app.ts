// The database a seeder test runs on (see seedTestApp).
import pg from 'pg';
import { buildApp } from '../../src/app.ts';
import { openDatabase } from '../../src/db/database.ts';
import { getTestApp, testConfig, type TestApp } from '../helpers/app.ts';
import { postgresUrls } from '../helpers/test-db.ts';

/**
 * On PGlite getTestApp gives this file a fresh database. On PostgreSQL it gives the worker's database, which the
 * worker's other test files share: the seed (333 users, the definitions `external_id`, `loyalty_tier`, …) would leak
 * into them and theirs into it, so this file clones a database of its own from the migrated template.
 */
export async function seedTestApp(suffix = 'seed'): Promise<TestApp> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return getTestApp();
  const urls = postgresUrls(base);
  const name = `${urls.workerName(process.env.VITEST_POOL_ID ?? '1')}_${suffix}`; // dropped by global setup if left over
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: urls.admin });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(urls.templateName)}`);
  const url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  const db = await openDatabase({ databaseUrl: url, pgliteDir: '', poolSize: 5, acquireTimeoutMs: 10_000 });
  const app = await buildApp(testConfig(), { db, logger: false });
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.close();
      await admin(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    },
  };
}


/** Raw SQL reads of a seeder test against the app `current()` returns once beforeAll has made it. */
export function seededSql(current: () => TestApp) {
  const rows = <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => current().db.query<R>(sql, params);
  const one = async <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => (await rows<R>(sql, params))[0]!;
  const count = async (sql: string, params?: unknown[]) => Number((await one<{ n: string | number }>(sql, params)).n);
  return { rows, one, count };
}
