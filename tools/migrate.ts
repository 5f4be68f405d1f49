// npm run db:migrate -- deploy | status | dev [--name <name>] | diff
// Works on PostgreSQL (DATABASE_URL) and on the embedded PGlite directory (ECE_PGLITE_DIR) alike.
import { parseArgs } from 'node:util';
import type { PGlite } from '@electric-sql/pglite';
import { createPglite } from '../src/db/pglite.ts';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { loadConfig, loadDotEnv, ConfigError } from '../src/config/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { Migrator } from '../src/db/migrator.ts';

const usage = 'usage: npm run db:migrate -- deploy | status | dev [--name <name>] | diff';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { name: { type: 'string' } } });
  const command = positionals[0];
  if (!command || !['deploy', 'status', 'dev', 'diff'].includes(command)) {
    console.error(usage);
    return 2;
  }
  loadDotEnv();
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir, poolSize: 2, acquireTimeoutMs: 10_000 });
  // Creating or diffing migrations replays them on a scratch database, a fresh one each time the engine asks;
  // an in-memory PGlite serves for both back ends.
  const scratches: PGlite[] = [];
  const base = db.migrationAdapter();
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: () => base.connect(),
    connectToShadowDb: async () => {
      const scratch = await createPglite();
      scratches.push(scratch);
      return new PrismaPGlite(scratch).connect();
    },
  };
  const migrator = await Migrator.open(factory);
  try {
    const target = db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${config.pgliteDir})`;
    if (command === 'deploy') {
      const applied = await migrator.deploy();
      console.log(applied.length ? `Applied to ${target}: ${applied.join(', ')}` : `${target} is up to date.`);
    } else if (command === 'status') {
      const s = await migrator.status();
      console.log(`${target}: ${s.pending.length} pending, ${s.failed.length} failed, ${s.edited.length} edited`);
      for (const name of s.pending) console.log(`  pending: ${name}`);
      for (const name of s.failed) console.log(`  failed:  ${name}`);
      for (const name of s.edited) console.log(`  edited:  ${name}`);
      return s.pending.length || s.failed.length || s.edited.length ? 1 : 0;
    } else if (command === 'dev') {
      const created = await migrator.createMigration(values.name ?? 'migration');
      console.log(created ? `Created prisma/migrations/${created}/migration.sql` : 'schema.prisma and the migrations agree; nothing created.');
    } else {
      const sql = await migrator.diff();
      console.log(sql.trim() ? sql : '-- schema.prisma and the migrations agree.');
      return sql.trim() ? 1 : 0;
    }
    return 0;
  } finally {
    await migrator.close();
    await db.close();
    await Promise.all(scratches.map((s) => s.close()));
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  },
);
