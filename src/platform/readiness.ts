// Readiness (01 §20): the database answers a trivial query within 1 s and every migration of prisma/migrations
// is applied. /readyz checks live; API requests read the state a background probe keeps (01 §19: 503-100
// when not ready) so that they do not pay for the check.
import fp from 'fastify-plugin';
import type { Database } from '../db/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    readiness: Readiness;
  }
}

export type ReadinessResult = { ready: true } | { ready: false; reason: string };

const probeTimeoutMs = 1000;

export class Readiness {
  private last: ReadinessResult = { ready: false, reason: 'starting' };
  private timer: NodeJS.Timeout | undefined;
  private readonly whenReady: (() => Promise<void>)[] = [];

  constructor(
    private readonly db: Database,
    private readonly expectedMigrations: readonly string[],
  ) {}

  get current(): ReadinessResult {
    return this.last;
  }

  async check(): Promise<ReadinessResult> {
    let timeout: NodeJS.Timeout | undefined;
    const timedOut = new Promise<ReadinessResult>((resolve) => {
      timeout = setTimeout(() => resolve({ ready: false, reason: `database did not answer within ${probeTimeoutMs} ms` }), probeTimeoutMs);
    });
    try {
      this.last = await Promise.race([this.probe(), timedOut]);
    } finally {
      clearTimeout(timeout);
    }
    if (this.last.ready) for (const fn of this.whenReady.splice(0)) await fn();
    return this.last;
  }

  private async probe(): Promise<ReadinessResult> {
    let applied: Set<string>;
    try {
      await this.db.query('SELECT 1');
    } catch {
      return { ready: false, reason: 'database unreachable' };
    }
    try {
      const rows = await this.db.query<{ migration_name: string }>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      );
      applied = new Set(rows.map((r) => r.migration_name));
    } catch {
      applied = new Set();
    }
    const pending = this.expectedMigrations.filter((m) => !applied.has(m));
    return pending.length ? { ready: false, reason: `migrations pending: ${pending.join(', ')}` } : { ready: true };
  }

  /**
   * Runs `fn` once, the first time a check finds the server ready (at once if it is): work that needs the schema,
   * such as the bootstrap administrator, when an operator migrates after start.
   */
  async onceReady(fn: () => Promise<void>): Promise<void> {
    if (this.last.ready) await fn();
    else this.whenReady.push(fn);
  }

  /** Re-checks every intervalMs in the background until stop(). */
  start(intervalMs: number): void {
    this.timer = setInterval(() => void this.check().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export const healthPlugin = fp<{ readiness: Readiness }>(
  async (app, { readiness }) => {
    app.decorate('readiness', readiness);
    app.addHook('onClose', async () => readiness.stop());

    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

    app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
      const result = await readiness.check();
      if (result.ready) return { status: 'ready' };
      return reply.code(503).send({ status: 'not_ready', reason: result.reason });
    });
  },
  { name: 'health' },
);
