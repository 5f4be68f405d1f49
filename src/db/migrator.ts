// Runs Prisma migrations through Prisma's WebAssembly schema engine, so neither start-up nor the db:migrate
// script needs the native engine that cannot be downloaded on these machines (docs/database.md).
import { readFile, readdir, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { projectRoot } from '../common/project-root.ts';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as engineGlue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

export const migrationsDir = path.join(projectRoot, 'prisma', 'migrations');
export const schemaPath = path.join(projectRoot, 'prisma', 'schema.prisma');
const filters = { externalTables: [], externalEnums: [] };

// @types/node 20 does not declare the WebAssembly global; this is the one call we need.
const wasm = (globalThis as unknown as { WebAssembly: { instantiate(b: Uint8Array, i: object): Promise<{ instance: { exports: unknown } }> } })
  .WebAssembly;

let wasmReady: Promise<void> | undefined;

function loadWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const gluePath = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmUrl = path.join(path.dirname(gluePath), 'schema_engine_bg.wasm');
    const { instance } = await wasm.instantiate(await readFile(wasmUrl), { './schema_engine_bg.js': engineGlue });
    const exports = instance.exports as { __wbindgen_start(): void };
    engineGlue.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return wasmReady;
}

export async function readMigrations(): Promise<MigrationList> {
  // A missing folder is an installation error, not "no migrations": readiness must not pass on an empty database.
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(path.join(migrationsDir, dir, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

export type MigrationStatus = { pending: string[]; failed: string[]; edited: string[] };

type Disposable = { dispose(): Promise<void> };

export class Migrator {
  private constructor(
    private readonly engine: SchemaEngine,
    private readonly connections: Disposable[],
  ) {}

  static async open(factory: SqlMigrationAwareDriverAdapterFactory, log: (line: string) => void = () => {}): Promise<Migrator> {
    await loadWasm();
    const schema = await readFile(schemaPath, 'utf8');
    // The engine does not dispose the connections it opens; keep them so close() can.
    const connections: Disposable[] = [];
    const tracked: SqlMigrationAwareDriverAdapterFactory = {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => track(await factory.connect()),
      connectToShadowDb: async () => track(await factory.connectToShadowDb()),
    };
    const track = <A extends Disposable>(a: A): A => (connections.push(a), a);
    const engine = await engineGlue.SchemaEngine.new(
      { datamodels: [[schemaPath, schema]] },
      (message: string) => log(message),
      bindMigrationAwareSqlAdapterFactory(tracked),
    );
    return new Migrator(engine, connections);
  }

  /** Applies every migration not yet applied; returns their names. */
  async deploy(): Promise<string[]> {
    const out = await this.engine.applyMigrations({ migrationsList: await readMigrations(), filters });
    return out.appliedMigrationNames;
  }

  async status(): Promise<MigrationStatus> {
    const out = await this.engine.diagnoseMigrationHistory({
      migrationsList: await readMigrations(),
      optInToShadowDatabase: false,
      filters,
    });
    const history = out.history;
    const pending =
      history?.diagnostic === 'databaseIsBehind' || history?.diagnostic === 'historiesDiverge' ? history.unappliedMigrationNames : [];
    return { pending, failed: out.failedMigrationNames, edited: out.editedMigrationNames };
  }

  /** Applies pending migrations, then writes a new migration for the difference between schema.prisma and the database. */
  async createMigration(name: string): Promise<string | null> {
    await this.deploy();
    const migrationsList = await readMigrations();
    const diagnostic = await this.engine.devDiagnostic({ migrationsList, filters });
    if (diagnostic.action.tag === 'reset') throw new Error(`the database needs a reset first: ${diagnostic.action.reason}`);
    const out = await this.engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList,
      schema: { files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }] },
      filters,
    });
    if (!out.migrationScript) return null;
    await mkdir(path.join(migrationsDir, out.generatedMigrationName), { recursive: true });
    await writeFile(path.join(migrationsDir, out.generatedMigrationName, 'migration.sql'), out.migrationScript);
    if (migrationsList.lockfile.content === null) {
      await writeFile(path.join(migrationsDir, 'migration_lock.toml'), 'provider = "postgresql"\n');
    }
    return out.generatedMigrationName;
  }

  /** The SQL that would take the migrations folder to schema.prisma (empty when they agree). */
  async diff(): Promise<string> {
    const out = await this.engine.diff({
      from: { tag: 'migrations', ...(await readMigrations()) },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: await readFile(schemaPath, 'utf8') }] },
      script: true,
      exitCode: null,
      filters,
    } as unknown as Parameters<SchemaEngine['diff']>[0]);
    const sql = out.stdout ?? '';
    return /^\s*(-- This is an empty migration\.)?\s*$/.test(sql) ? '' : sql;
  }

  async close(): Promise<void> {
    this.engine.free();
    await Promise.all(this.connections.splice(0).map((c) => c.dispose().catch(() => {})));
  }
}
