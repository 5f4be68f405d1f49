import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { createPglite } from '../../src/db/pglite.ts';
import { openDatabase, openPglite } from '../../src/db/database.ts';
import { Migrator } from '../../src/db/migrator.ts';
import { pgliteTemplatePath, postgresUrls } from './test-db.ts';

export default async function setup(): Promise<void> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const pglite = await createPglite();
    const db = openPglite(pglite);
    const migrator = await Migrator.open(db.migrationAdapter());
    await migrator.deploy();
    await migrator.close();
    const dump = await pglite.dumpDataDir('gzip');
    await mkdir(path.dirname(pgliteTemplatePath), { recursive: true });
    await writeFile(pgliteTemplatePath, Buffer.from(await dump.arrayBuffer()));
    await db.close();
    return;
  }
  const urls = postgresUrls(base);
  const admin = new pg.Client({ connectionString: urls.admin });
  await admin.connect();
  try {
    const stale = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $2)`,
      [urls.templateName, urls.workerPrefix],
    );
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(urls.templateName)}`);
  } finally {
    await admin.end();
  }
  const db = await openDatabase({ databaseUrl: urls.template, pgliteDir: '', poolSize: 2, acquireTimeoutMs: 10_000 });
  const migrator = await Migrator.open(db.migrationAdapter());
  await migrator.deploy();
  await migrator.close();
  await db.close();
}
