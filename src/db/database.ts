// One Database object per process: the Prisma client, the raw driver underneath it (pg.Pool or PGlite),
// and the few things the platform needs from the driver directly (LISTEN, pool gauges, a readiness ping).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { createPglite } from './pglite.ts';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { DriverAdapterError, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient } from '../generated/prisma/client.ts';

// PGlite runs one transaction at a time, so a transaction may wait its turn behind others for a while.
const transactionOptions = { maxWait: 15_000, timeout: 30_000 };

export type PoolStats = { size: number; inUse: number; idle: number; waiting: number };
export type Unlisten = () => Promise<void>;

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly prisma: PrismaClient;
  /** A factory for the schema engine (migrations); opened on demand, closed by the caller. */
  migrationAdapter(): SqlMigrationAwareDriverAdapterFactory;
  /** Plain SQL outside Prisma, for the platform's own statements (readiness, counters) and hot paths. */
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  listen(channel: string, onNotify: (payload: string) => void): Promise<Unlisten>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}

export type DatabaseOptions = {
  databaseUrl?: string | undefined;
  pgliteDir: string;
  poolSize: number;
  acquireTimeoutMs: number;
  onError?: (err: Error) => void;
};

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts);
  const dir = path.resolve(opts.pgliteDir);
  await mkdir(path.dirname(dir), { recursive: true });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    // Creating a data directory grows PGlite's WebAssembly memory to ~900 MiB, which it never gives back; a fresh
    // instance on the created directory runs in less than half of that.
    const init = await createPglite(dir);
    await init.close();
  }
  return openPglite(await createPglite(dir));
}

/**
 * pg's `"char"` (OID 18) and `name` (OID 19) columns, which the schema engine's catalogue queries return, are
 * refused by the Prisma pg adapter; reading them as text is exact for both.
 */
class CatalogSafeClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const fix = (res: pg.QueryResult | undefined) => {
      for (const f of res?.fields ?? []) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
      return res;
    };
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      args[args.length - 1] = (err: Error | null, res: pg.QueryResult) => last(err, fix(res));
      return (super.query as (...a: unknown[]) => unknown)(...args);
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return result instanceof Promise ? result.then(fix) : result;
  }
}

/**
 * The pg adapter runs a migration script by splitting it on every `;`, which breaks function bodies and comments
 * and applies a failing script half-way. PostgreSQL runs a multi-statement simple query as one implicit
 * transaction, so sending the script whole makes each migration atomic.
 */
function wholeScriptAdapter(factory: PrismaPg): SqlMigrationAwareDriverAdapterFactory {
  const patch = <A extends Awaited<ReturnType<PrismaPg['connect']>>>(adapter: A): A => {
    adapter.executeScript = async (script: string) => {
      try {
        await adapter.underlyingDriver().query(script);
      } catch (err) {
        const e = err as pg.DatabaseError;
        throw new DriverAdapterError({ kind: 'postgres', code: e.code ?? 'N/A', severity: e.severity ?? 'ERROR', message: e.message, detail: e.detail, column: e.column, hint: e.hint });
      }
    };
    return adapter;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => patch(await factory.connect()),
    connectToShadowDb: async () => patch(await factory.connectToShadowDb()),
  };
}

function openPostgres(url: string, opts: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize,
    connectionTimeoutMillis: opts.acquireTimeoutMs,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (err) => opts.onError?.(err));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { onPoolError: opts.onError }), transactionOptions });
  const listeners: pg.Client[] = [];
  return {
    kind: 'postgres',
    prisma,
    migrationAdapter: () => wholeScriptAdapter(new PrismaPg({ connectionString: url, max: 2, Client: CatalogSafeClient } as pg.PoolConfig)),
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async listen(channel, onNotify) {
      // LISTEN needs a connection of its own for as long as it listens: a pooled one would be handed to others.
      const client = new pg.Client({ connectionString: url });
      client.on('error', (err) => opts.onError?.(err));
      client.on('notification', (n) => n.channel === channel && onNotify(n.payload ?? ''));
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end().catch(() => {});
      };
    },
    poolStats: () => ({
      size: pool.totalCount,
      idle: pool.idleCount,
      inUse: pool.totalCount - pool.idleCount,
      waiting: pool.waitingCount,
    }),
    async close() {
      // Work still running for a client that went away (its request no longer counts as in flight) finishes its
      // statements first: closing under it would fail them half-way. Bounded, so a stuck query cannot hold a stop.
      for (let waited = 0; (pool.totalCount > pool.idleCount || pool.waitingCount > 0) && waited < 10_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await Promise.all(listeners.map((c) => c.end().catch(() => {})));
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

export function openPglite(pglite: PGlite): Database {
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite), transactionOptions });
  let active = 0;
  return {
    kind: 'pglite',
    prisma,
    migrationAdapter: () => new PrismaPGlite(pglite),
    async query(sql, params) {
      active++;
      try {
        return (await pglite.query(sql, params)).rows as never;
      } finally {
        active--;
      }
    },
    async listen(channel, onNotify) {
      return pglite.listen(channel, onNotify);
    },
    // PGlite is a single in-process connection.
    poolStats: () => ({ size: 1, inUse: active > 0 ? 1 : 0, idle: active > 0 ? 0 : 1, waiting: Math.max(0, active - 1) }),
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
