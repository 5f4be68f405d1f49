// npm run bench:seed -- [--scale 1] [--seed 20240101] [--now <ISO instant>] [--manifest ./bench-manifest.json] [--force]
//
// Seeds the reference data set of 10 §2 into DATABASE_URL (else the embedded PGlite of ECE_PGLITE_DIR) and writes
// bench-manifest.json. Applies pending migrations and creates the bootstrap administrator first, as the server
// does at start-up, so an empty database will do. See docs/benchmarks.md.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { ConfigError, loadConfig, loadDotEnv } from '../../src/config/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { Migrator } from '../../src/db/migrator.ts';
import { bootstrap } from '../../src/areas/authentication/bootstrap.ts';
import { acceptablePassword } from '../../src/areas/authentication/passwords.ts';
import { writeManifest } from './manifest.ts';
import { runSeed, SeedRefused } from './pipeline.ts';
import { terminalProgress } from './progress.ts';
import { defaultBenchPassword, defaultCustomerPassword, referenceSeed } from './reference.ts';
import { seedSteps } from './steps/index.ts';
import { formatChecks, verifySeed } from './verify.ts';

const usage = `usage: npm run bench:seed -- [--scale <0.001..1>] [--seed <n>] [--now <ISO instant>] [--manifest <file>] [--force]
  --scale      multiplies the interaction data (default 1, the reference data set)
  --seed       seed of the pseudo-random generator (default ${referenceSeed})
  --now        the reference instant T (default: now); the data spans the 36 months before it
  --manifest   where to write the manifest (default ./bench-manifest.json)
  --force      seed even though the database holds customers already
  --batch-size customers per insert batch (default 5000)
  --concurrency batches written at the same time on PostgreSQL (default 3)
environment: DATABASE_URL (else ECE_PGLITE_DIR), ECE_BENCH_PASSWORD (default ${defaultBenchPassword}),
  ECE_BENCH_CUSTOMER_PASSWORD (default ${defaultCustomerPassword}), ECE_ADMIN_PASSWORD (sa, on an empty database)`;

class UsageError extends Error {}

function number(raw: string, name: string, check: (n: number) => boolean): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`${name}: invalid value '${raw}'`);
  return n;
}

function password(env: string, fallback: string): string {
  const value = process.env[env] || fallback;
  if (!acceptablePassword(value)) throw new UsageError(`${env} must be 8 to 128 characters`);
  return value;
}

async function migrateAndBootstrap(db: Database, adminPassword: string | undefined): Promise<void> {
  const migrator = await Migrator.open(db.migrationAdapter());
  try {
    const applied = await migrator.deploy();
    if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
  } finally {
    await migrator.close();
  }
  const boot = await bootstrap(db, adminPassword);
  if (boot.generatedPassword) console.log(`Bootstrap administrator 'sa' created. Password: ${boot.generatedPassword}`);
  else if (boot.created) console.log(`Bootstrap administrator 'sa' created with ECE_ADMIN_PASSWORD.`);
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        scale: { type: 'string', default: '1' },
        seed: { type: 'string', default: String(referenceSeed) },
        now: { type: 'string' },
        manifest: { type: 'string', default: './bench-manifest.json' },
        force: { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
        concurrency: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }

  let options;
  try {
    const now = values.now === undefined ? new Date() : new Date(values.now);
    if (values.now !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(values.now) || Number.isNaN(now.getTime()))) {
      throw new UsageError(`--now: not an ISO instant: '${values.now}'`);
    }
    options = {
      scale: number(values.scale, '--scale', (n) => n >= 0.001 && n <= 1),
      seed: number(values.seed, '--seed', Number.isSafeInteger),
      now,
      force: values.force,
      batchSize: values['batch-size'] === undefined ? undefined : number(values['batch-size'], '--batch-size', (n) => Number.isInteger(n) && n >= 1),
      concurrency: values.concurrency === undefined ? undefined : number(values.concurrency, '--concurrency', (n) => Number.isInteger(n) && n >= 1 && n <= 16),
      benchPassword: password('ECE_BENCH_PASSWORD', defaultBenchPassword),
      customerPassword: password('ECE_BENCH_CUSTOMER_PASSWORD', defaultCustomerPassword),
    };
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${usage}`);
      return 2;
    }
    throw err;
  }

  loadDotEnv();
  const config = loadConfig();
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.pgliteDir,
    poolSize: (options.concurrency ?? 3) + 2,
    acquireTimeoutMs: 120_000,
    onError: (err) => console.error(`database connection error: ${err.message}`),
  });
  const target = db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${config.pgliteDir})`;
  try {
    await migrateAndBootstrap(db, config.adminPassword);
    console.log(`Seeding ${target}: scale ${options.scale}, seed ${options.seed}, T ${options.now.toISOString()}`);
    const { manifest, seconds } = await runSeed(db, options, seedSteps, terminalProgress());
    const file = path.resolve(values.manifest);
    await writeManifest(file, manifest);
    console.log(`Seeded in ${seconds.toFixed(1)}s. Manifest: ${file}`);
    for (const [name, count] of Object.entries(manifest.counts)) console.log(`  ${name.padEnd(26)} ${count.toLocaleString('en-US').padStart(10)}`);
    // 10 §2.1: every object counted in the database against the reference counts at this scale.
    if (options.force) {
      console.log('Count check of 10 §2.1 skipped: --force seeds into a database that held data already.');
      return 0;
    }
    const checking = performance.now();
    const checks = await verifySeed(db, options.scale);
    const checkSeconds = ((performance.now() - checking) / 1000).toFixed(1);
    const bad = checks.filter((c) => !c.ok);
    console.log(`Counts of 10 §2.1 at scale ${options.scale} (checked in ${checkSeconds}s):\n${formatChecks(checks)}`);
    if (bad.length) {
      console.error(`bench:seed: FAILED: ${bad.length} count(s) differ from 10 §2.1: ${bad.map((c) => `${c.object} ${c.actual} (expected ${c.expected})`).join('; ')}`);
      return 1;
    }
    console.log(`All ${checks.length} counts as expected.`);
    return 0;
  } catch (err) {
    if (err instanceof SeedRefused || err instanceof ConfigError) {
      console.error(`bench:seed: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`bench:seed: ${err.message}`);
    process.exitCode = 1;
  } else {
    console.error(err);
    process.exitCode = 1;
  }
}
