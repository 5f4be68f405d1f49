// The seeder of the reference data set (10 §2) as a pipeline of steps. Each step generates its part from its own
// random stream, writes it with set-based SQL, leaves what later steps need in `ctx.state` and what the load generator
// needs in `ctx.manifest`. Later issues append steps (cases, activities, knowledge, ...) to `seedSteps`
// (steps/index.ts) and fields to `SeedState` and `Manifest`.
import type { Database } from '../../src/db/database.ts';
import type { AttributeDefinition } from '../../src/areas/custom-attributes/definition.ts';
import { hashPassword } from '../../src/areas/authentication/passwords.ts';
import { bumpConfigVersion } from '../../src/platform/config-version.ts';
import { foldCaseCounts } from '../../src/areas/case/case.counts.ts';
import { manifestFormat, type Manifest } from './manifest.ts';
import { silentProgress, type Progress } from './progress.ts';
import { Rng } from './random.ts';
import { dataSpanMonths, type DepartmentProfile, type DefinitionProfile } from './reference.ts';
import type { Tx } from './sql.ts';
import { Timeline } from './timeline.ts';
import type { SeededInteractions } from './steps/interactions.ts';

export type SeedOptions = {
  seed: number;
  /** 0.001 ≤ scale ≤ 1 (10 §2.2). */
  scale: number;
  /** The reference instant T. */
  now: Date;
  /** Password of every seeded staff user (ECE_BENCH_PASSWORD). */
  benchPassword: string;
  /** Password of every seeded customer login (ECE_BENCH_CUSTOMER_PASSWORD). */
  customerPassword: string;
  /** Seed a database that already holds customers. */
  force?: boolean;
  /** Customers per insert batch (default 5,000). */
  batchSize?: number;
  /** Batches written at the same time (default 3 on PostgreSQL; always 1 on PGlite, one connection). */
  concurrency?: number;
};

export type SeededDepartment = { id: string; name: string; index: number; profile: DepartmentProfile };
export type SeededUser = { id: string; loginId: string; departmentId: string };
export type SeededUsers = {
  sa: SeededUser;
  administrators: SeededUser[];
  /** By department index (the order of `departmentProfiles`). */
  supervisors: SeededUser[][];
  agents: SeededUser[][];
  bench: SeededUser[];
};
/** `definition` as the server reads it (src/areas/custom-attributes): values are normalised through it. */
export type SeededDefinition = { id: string; profile: DefinitionProfile; definition: AttributeDefinition };
/** Column-wise, index = customer number in creation order (ascending ids). */
export type SeededCustomers = {
  count: number;
  id: Float64Array;
  department: Uint8Array;
  createdAt: Float64Array;
  contactPersonId: Float64Array;
  emailContactPointId: Float64Array;
  email: string[];
  /** 0 when the customer has no second email contact point. */
  secondEmailContactPointId: Float64Array;
  secondEmail: (string | null)[];
};

/** Queue and entry point ids by department index; email queues busiest first (the Zipf rank of the activities step). */
export type SeededQueues = {
  email: string[][];
  chat: string[][];
  entryPoints: { id: string; name: string; queueId: string }[][];
};

/** What earlier steps leave for later ones. */
export interface SeedState {
  sa?: SeededUser;
  departments?: SeededDepartment[];
  users?: SeededUsers;
  /** By `${objectType}.${name}`. */
  definitions?: Map<string, SeededDefinition>;
  customers?: SeededCustomers;
  queues?: SeededQueues;
  /** The cases and activities as generated and written (steps/interactions.ts); the email content step reads them. */
  interactions?: SeededInteractions;
}

export interface SeedStep {
  readonly name: string;
  /** Tables the step writes; VACUUM ANALYZE runs on them at the end. */
  readonly tables: readonly string[];
  run(ctx: SeedContext): Promise<void>;
}

export class SeedContext {
  readonly state: SeedState = {};
  readonly manifest: Manifest;
  readonly timeline: Timeline;
  /** created/lastModified of the configuration objects the seeder creates: a week before the data span. */
  readonly setupAt: number;
  readonly batchSize: number;
  readonly concurrency: number;
  private readonly hashes = new Map<string, Promise<string>>();

  constructor(
    readonly db: Database,
    readonly options: SeedOptions,
    readonly progress: Progress,
  ) {
    this.timeline = new Timeline(options.now, dataSpanMonths);
    this.setupAt = this.timeline.start - 7 * 86_400_000;
    this.batchSize = options.batchSize ?? 5000;
    this.concurrency = db.kind === 'pglite' ? 1 : Math.max(1, options.concurrency ?? 3);
    this.manifest = {
      format: manifestFormat,
      T: options.now.toISOString(),
      seed: options.seed,
      scale: options.scale,
      dataSpan: { from: new Date(this.timeline.start).toISOString(), to: options.now.toISOString() },
      seededAt: new Date().toISOString(),
      counts: {},
    };
  }

  /** The random stream of a step (or of a part of one): independent of every other stream. */
  rng(stream: string): Rng {
    return Rng.stream(this.options.seed, stream);
  }

  /** The scrypt hash of `password`, computed once per distinct password and shared by every row that uses it. */
  passwordHash(password: string): Promise<string> {
    let hash = this.hashes.get(password);
    if (!hash) this.hashes.set(password, (hash = hashPassword(password)));
    return hash;
  }

  count(name: string, n: number): void {
    this.manifest.counts[name] = (this.manifest.counts[name] ?? 0) + n;
  }

  /**
   * Settings of the seeder's transactions on PostgreSQL (`SET LOCAL`, see loadSettings): set by runSeed, null on
   * PGlite.
   */
  settings: string | null = null;

  /** A transaction with room for big batches (the server's defaults are sized for requests), with `settings`. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const settings = this.settings;
    return this.db.prisma.$transaction(
      async (tx) => {
        if (settings) await tx.$queryRawUnsafe(settings);
        return fn(tx);
      },
      { maxWait: 120_000, timeout: 600_000 },
    );
  }

  /**
   * Writes batches, each in its own transaction, up to `concurrency` at a time. `prepare` runs in batch order and
   * one at a time (id reservations keep ids in creation order); `write` gets the prepared batch inside its
   * transaction; `size` feeds the progress line.
   */
  async writeBatches<B, P>(
    batches: Iterable<B>,
    prepare: (batch: B) => Promise<P>,
    write: (tx: Tx, prepared: P) => Promise<void>,
    onWritten: (batch: B) => void,
  ): Promise<void> {
    const inflight = new Set<Promise<void>>();
    let failure: unknown;
    for (const batch of batches) {
      while (inflight.size >= this.concurrency) await Promise.race(inflight);
      if (failure) break;
      const prepared = await prepare(batch);
      const p: Promise<void> = this.transaction((tx) => write(tx, prepared)).then(
        () => {
          inflight.delete(p);
          onWritten(batch);
        },
        (err: unknown) => {
          inflight.delete(p);
          failure ??= err;
        },
      );
      inflight.add(p);
    }
    await Promise.all(inflight);
    if (failure) throw failure;
  }
}

/**
 * The settings of a bulk load, for the seeder's own transactions only (`set_config(…, true)` = SET LOCAL; nothing
 * changes for other sessions or after the transaction): no wait for the WAL flush at commit (a crash loses the
 * last commits of a seed that is then redone anyway; nothing becomes inconsistent), LZ4 instead of pglz for the
 * TOAST compression of the email bodies and article contents when the server has it (about 3 × faster to compress,
 * as small; the values read back are the same), and more memory for sorts and index builds.
 */
export async function loadSettings(db: Database): Promise<string | null> {
  if (db.kind !== 'postgres') return null;
  const [row] = await db.query<{ lz4: boolean }>(`SELECT coalesce('lz4' = ANY(enumvals), false) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`);
  const settings: [string, string][] = [
    ['synchronous_commit', 'off'],
    ['work_mem', '64MB'],
    ['maintenance_work_mem', '256MB'],
  ];
  if (row?.lz4) settings.push(['default_toast_compression', 'lz4']);
  return `SELECT ${settings.map(([k, v]) => `set_config('${k}', '${v}', true)`).join(', ')}`;
}

/** Reads a result of an earlier step; a missing one means the steps run in the wrong order. */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`seed step order: ${what} must be seeded first`);
  return value;
}

export class SeedRefused extends Error {}

export type SeedResult = { manifest: Manifest; state: SeedState; seconds: number };

/**
 * Seeds `db` (migrated, bootstrapped: `sa` exists) with the steps in order, then bumps config_version (running
 * servers drop their caches) and runs VACUUM ANALYZE on every table written.
 */
export async function runSeed(db: Database, options: SeedOptions, steps: readonly SeedStep[], progress: Progress = silentProgress): Promise<SeedResult> {
  if (!(options.scale >= 0.001 && options.scale <= 1)) throw new SeedRefused(`--scale must be between 0.001 and 1, got ${options.scale}`);
  if (Number.isNaN(options.now.getTime())) throw new SeedRefused('--now is not a valid instant');
  const started = performance.now();
  const [existing] = await db.query<{ customers: boolean }>('SELECT EXISTS (SELECT 1 FROM customer) AS customers');
  if (existing?.customers && !options.force) {
    throw new SeedRefused('the database already holds customers; seed a freshly migrated database (or pass --force to add to it)');
  }
  const [sa] = await db.query<{ id: string; department_id: string }>(
    `SELECT id::text, department_id::text FROM app_user WHERE lower(login_id) = 'sa' AND state <> 'deleted'`,
  );
  if (!sa) throw new SeedRefused("the bootstrap administrator 'sa' does not exist: start the server once or let the seeder bootstrap");

  const ctx = new SeedContext(db, options, progress);
  ctx.settings = await loadSettings(db);
  ctx.state.sa = { id: sa.id, loginId: 'sa', departmentId: sa.department_id };
  const tables = new Set<string>(['config_version']);
  for (const step of steps) {
    await step.run(ctx);
    for (const t of step.tables) tables.add(t);
  }

  await ctx.transaction((tx) => bumpConfigVersion(tx));
  // The case counters got a row per inserted case from their trigger: fold them as the server's periodic job does,
  // or every status search would sum ~600,000 rows until the server's first fold.
  await ctx.transaction((tx) => foldCaseCounts(tx));
  tables.add('case_count');
  const vacuum = progress.step('vacuum analyze', tables.size, 'tables');
  // One table per statement: VACUUM cannot run in a transaction block, and PGlite runs a multi-table VACUUM poorly.
  // On PostgreSQL `concurrency` tables at a time, the biggest first (activity_content with its TOAST table is most
  // of the work).
  let order = [...tables];
  if (db.kind === 'postgres') {
    const sizes = await db.query<{ name: string; size: string }>(
      `SELECT t AS name, pg_total_relation_size(t::regclass)::text AS size FROM unnest($1::text[]) AS t`,
      [order],
    );
    const size = new Map(sizes.map((r) => [r.name, Number(r.size)]));
    order = order.sort((a, b) => (size.get(b) ?? 0) - (size.get(a) ?? 0));
  }
  const next = () => order.shift();
  await Promise.all(
    Array.from({ length: Math.min(ctx.concurrency, order.length) }, async () => {
      for (let table = next(); table !== undefined; table = next()) {
        await db.query(`VACUUM ANALYZE "${table}"`);
        vacuum.add(1);
      }
    }),
  );
  vacuum.done();
  const seconds = (performance.now() - started) / 1000;
  ctx.manifest.seedSeconds = Math.round(seconds * 10) / 10;
  return { manifest: ctx.manifest, state: ctx.state, seconds };
}
