// Where tests get their database. With TEST_DATABASE_URL: PostgreSQL, one database per worker, cloned from a
// template that global setup migrates once. Without it: an in-memory PGlite per test file, loaded from a
// migrated data-directory dump that global setup writes once.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { createPglite } from '../../src/db/pglite.ts';
import { openDatabase, openPglite, type Database } from '../../src/db/database.ts';

export const pgliteTemplatePath = path.resolve('.data/test/pglite-template.tar.gz');

export function postgresUrls(base: string) {
  const url = new URL(base);
  const name = url.pathname.slice(1) || 'ece_test';
  const at = (db: string) => Object.assign(new URL(url), { pathname: `/${db}` }).toString();
  return {
    admin: base,
    templateName: `${name}_template`,
    template: at(`${name}_template`),
    workerName: (id: string) => `${name}_w${id}`,
    worker: (id: string) => at(`${name}_w${id}`),
    workerPrefix: `${name}_w`,
  };
}

export async function openTestDatabase(): Promise<Database> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const dump = await readFile(pgliteTemplatePath);
    return openPglite(await createPglite(undefined, { loadDataDir: new Blob([dump]) }));
  }
  const urls = postgresUrls(base);
  const worker = process.env.VITEST_POOL_ID ?? '1';
  const admin = new pg.Client({ connectionString: urls.admin });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(urls.workerName(worker))} TEMPLATE ${pg.escapeIdentifier(urls.templateName)}`);
  } catch (err) {
    // Created already by an earlier file of this worker (42P04), or by a concurrent call in this file (23505).
    if (!['42P04', '23505'].includes((err as pg.DatabaseError).code ?? '')) throw err;
  } finally {
    await admin.end();
  }
  return openDatabase({ databaseUrl: urls.worker(worker), pgliteDir: '', poolSize: 5, acquireTimeoutMs: 10_000 });
}
