// The purge worker (07 §17.2). Every instance runs one; the database decides which does what:
//
// - A queued run is claimed with `SELECT … FOR UPDATE SKIP LOCKED`, so exactly one worker starts it. The worker then
//   computes the cutoff once (run start − olderThanDays days), counts the matching rows (`matched`) and, unless the
//   run is a dry run, deletes them in batches of at most 1,000, each batch in a short transaction of its own that also
//   adds the batch to `purged`. No transaction outlives a batch.
// - While a run is `running`, its `finished_at` column holds the claiming worker's lease (a time a few minutes ahead,
//   renewed by every batch; the API shows `finishedAt` only once the run has ended). A batch commits only when the
//   lease is still the one its worker set, so a run is never worked on by two workers at once. A run whose lease has
//   expired (its instance died) goes back to `queued` and is resumed by any worker with the cutoff and `matched` it
//   already had; a worker that stops (app close) hands its run back the same way after its current batch.
// - Daily jobs get a run at their `time` (UTC) each day: once per day across every instance, because the job row is
//   locked while the last scheduled run is checked and the new one inserted (and the partial unique index
//   purge_run_one_active refuses a second queued or running run anyway).
import type { FastifyInstance } from 'fastify';
import { Prisma } from '../../../generated/prisma/client.ts';
import type { Database } from '../../../db/database.ts';
import { departmentTargets, targetPlans, type PurgeScope } from './purge.targets.ts';
import type { PurgeTarget } from './purge.schema.ts';

const DAY_MS = 86_400_000;

export const PURGE_BATCH_SIZE = 1000;
/** How long a claim or a batch keeps a running run the worker's own. */
export const PURGE_LEASE_MS = 5 * 60_000;
const POLL_MS = 5_000;

export type ProcessOptions = {
  /** The time source (default: the clock). */
  now?: () => Date;
  /** Rows per batch (at most 1,000, 07 §17.2). */
  batchSize?: number;
  leaseMs?: number;
  /** Only this run (tests); otherwise the oldest queued run. */
  runId?: bigint;
  /** Asked before every batch: true hands the run back to the queue. */
  shouldStop?: () => boolean;
  /** Awaited after each committed batch with the rows it deleted (tests). */
  onBatch?: (deleted: number) => void | Promise<void>;
  log?: { error(obj: object, msg: string): void };
};

const at = (d: Date) => Prisma.sql`CAST(${d.toISOString()} AS timestamptz)`;
const bigint = (id: bigint) => Prisma.sql`CAST(${String(id)} AS bigint)`;

/** The lease was taken over (expired and requeued) or the run is gone (its job was deleted): stop quietly. */
class LeaseLost extends Error {}

type DbErrorCause = { originalCode?: unknown; originalMessage?: unknown };

/** What the database said, wherever Prisma or the driver put it. */
function databaseError(err: unknown): { code?: string; message?: string } {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown; meta?: unknown; name?: unknown } | undefined, depth = 0; e && depth < 6; depth++) {
    const cause = (e.meta as { driverAdapterError?: { cause?: DbErrorCause } } | undefined)?.driverAdapterError?.cause;
    if (cause && typeof cause.originalCode === 'string') {
      return { code: cause.originalCode, ...(typeof cause.originalMessage === 'string' ? { message: cause.originalMessage } : {}) };
    }
    // pg's DatabaseError (a plain driver error, not one of Prisma's Pxxxx codes).
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && !String(e.name).startsWith('PrismaClient')) {
      return { code: e.code, ...(typeof e.message === 'string' ? { message: e.message } : {}) };
    }
    e = e.cause as typeof e;
  }
  return {};
}

/** Deadlocks, serialization failures, lock timeouts and references that appeared under a batch: tried again. */
const transient = new Set(['40P01', '40001', '23503', '23001', '55P03']);

/** The text of `error` of a failed run: what the database said (or the first line of the message), no stack or SQL. */
function errorText(err: unknown): string {
  const db = databaseError(err);
  const text = db.message ?? (err instanceof Error ? err.message : String(err)).split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
  return `The purge failed: ${text}${db.code ? ` (SQLSTATE ${db.code})` : ''}`.slice(0, 1000);
}

/**
 * Claims the oldest queued run (or run `runId` when it is queued): `running`, `startedAt` set on its first start,
 * lease until `lease`. Answers its id, or undefined when there is none to claim.
 */
async function claim(db: Database, now: Date, lease: Date, runId?: bigint): Promise<bigint | undefined> {
  const only = runId === undefined ? Prisma.empty : Prisma.sql`AND id = ${bigint(runId)}`;
  const rows = await db.prisma.$queryRaw<{ id: string }[]>`
    UPDATE purge_run r SET status = 'running', started_at = COALESCE(r.started_at, ${at(now)}), finished_at = ${at(lease)}
     WHERE r.id = (SELECT id FROM purge_run WHERE status = 'queued' ${only} ORDER BY queued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING r.id::text AS id`;
  return rows[0] ? BigInt(rows[0].id) : undefined;
}

type Lease = { runId: bigint; until: Date };

/** Sets `fields` on the run while the lease is still ours; answers whether it was. */
async function underLease(db: Prisma.TransactionClient | Database['prisma'], lease: Lease, fields: Prisma.Sql): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE purge_run SET ${fields} WHERE id = ${bigint(lease.runId)} AND status = 'running' AND finished_at = ${at(lease.until)}`;
  return n === 1;
}

/**
 * Processes one queued run to its end (07 §17.2) and answers its id; undefined when no run was queued. Tests call it
 * directly; the worker calls it in a loop.
 */
export async function processQueuedPurgeRun(db: Database, opts: ProcessOptions = {}): Promise<bigint | undefined> {
  const now = opts.now ?? (() => new Date());
  const leaseMs = opts.leaseMs ?? PURGE_LEASE_MS;
  const batchSize = Math.min(Math.max(1, opts.batchSize ?? PURGE_BATCH_SIZE), PURGE_BATCH_SIZE);
  const claimedAt = now();
  const runId = await claim(db, claimedAt, new Date(claimedAt.getTime() + leaseMs), opts.runId);
  if (runId === undefined) return undefined;
  let lease: Lease = { runId, until: new Date(claimedAt.getTime() + leaseMs) };
  const renewed = () => new Date(Math.max(now().getTime() + leaseMs, lease.until.getTime() + 1));

  try {
    const run = await db.prisma.purgeRun.findUnique({
      where: { id: runId },
      select: { dryRun: true, cutoff: true, startedAt: true, job: { select: { target: true, olderThanDays: true, departmentId: true } } },
    });
    if (!run) return runId;
    const target = run.job.target as PurgeTarget;
    const plan = targetPlans[target];
    // The cutoff is computed once, when the run first starts; a resumed run keeps it and its `matched`.
    const cutoff = run.cutoff ?? new Date(run.startedAt!.getTime() - run.job.olderThanDays * DAY_MS);
    const scope: PurgeScope = { cutoff, departmentId: departmentTargets.has(target) ? run.job.departmentId : null };
    if (run.cutoff === null) {
      const matched = await plan.count(db.prisma, scope);
      const until = renewed();
      if (!(await underLease(db.prisma, lease, Prisma.sql`cutoff = ${at(cutoff)}, matched = ${matched}, finished_at = ${at(until)}`))) throw new LeaseLost();
      lease = { runId, until };
    }

    if (!run.dryRun) {
      for (;;) {
        if (opts.shouldStop?.()) {
          // Handed back: any worker resumes it with the same cutoff.
          await underLease(db.prisma, lease, Prisma.sql`status = 'queued', finished_at = NULL`);
          return runId;
        }
        const until = renewed();
        const deleted = await batch(db, async (tx) => {
          const n = await plan.deleteBatch(tx, scope, batchSize);
          if (!(await underLease(tx, lease, Prisma.sql`purged = purged + ${n}, finished_at = ${at(until)}`))) throw new LeaseLost();
          return n;
        });
        lease = { runId, until };
        await opts.onBatch?.(deleted);
        if (deleted === 0) break;
      }
    }
    await underLease(db.prisma, lease, Prisma.sql`status = 'completed', finished_at = ${at(now())}`);
  } catch (err) {
    if (err instanceof LeaseLost) return runId;
    opts.log?.error({ err, runId: String(runId) }, 'purge run failed');
    await underLease(db.prisma, lease, Prisma.sql`status = 'failed', error = ${errorText(err)}, finished_at = ${at(now())}`).catch(() => false);
  }
  return runId;
}

/** One batch transaction, tried up to three times when it hits a deadlock or a reference that appeared under it. */
async function batch(db: Database, work: (tx: Prisma.TransactionClient) => Promise<number>): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.prisma.$transaction(work);
    } catch (err) {
      if (err instanceof LeaseLost || attempt >= 3 || !transient.has(databaseError(err).code ?? '')) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** Runs whose lease has expired (their worker's instance stopped) go back to `queued`; answers how many. */
export async function requeueStalledPurgeRuns(db: Database, now: Date): Promise<number> {
  return db.prisma.$executeRaw`UPDATE purge_run SET status = 'queued', finished_at = NULL WHERE status = 'running' AND finished_at < ${at(now)}`;
}

/** The latest daily slot at or before `now`: today's `time` (UTC), or yesterday's while today's is still ahead. */
export function latestSlot(time: string, now: Date): Date {
  const [h, m] = time.split(':').map(Number);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, m);
  return new Date(today > now.getTime() ? today - DAY_MS : today);
}

type DailyJob = { id: bigint; time: string | null; lastModifiedAt: Date; runs: { queuedAt: Date }[] };

/**
 * A daily job is due when its latest slot is not before its last change (a job made daily, re-timed or activated
 * after today's slot first runs at the next one) and no scheduled run was queued at or after that slot.
 */
function isDue(job: DailyJob, now: Date): boolean {
  if (!job.time) return false;
  const slot = latestSlot(job.time, now);
  if (slot.getTime() < job.lastModifiedAt.getTime()) return false;
  const last = job.runs[0]?.queuedAt;
  return last === undefined || last.getTime() < slot.getTime();
}

const dailyJobs = {
  where: { frequency: 'daily', state: 'active' },
  select: {
    id: true,
    time: true,
    lastModifiedAt: true,
    // Scheduled runs are those nobody requested.
    runs: { where: { requestedById: null }, orderBy: { queuedAt: 'desc' }, take: 1, select: { queuedAt: true } },
  },
} satisfies Prisma.PurgeJobFindManyArgs;

/**
 * Creates the runs of the active daily jobs that are due (07 §17.2); answers their ids. A job whose run-now run is
 * still queued or running gets its scheduled run once that one has ended (the slot stays pending until then).
 */
export async function scheduleDuePurgeRuns(db: Database, now: Date): Promise<bigint[]> {
  const due = (await db.prisma.purgeJob.findMany(dailyJobs)).filter((j) => isDue(j, now));
  const created: bigint[] = [];
  for (const candidate of due) {
    const id = await db.prisma.$transaction(async (tx) => {
      // Locked, then read again: of two instances scheduling at once, the second sees the first one's run.
      await tx.$queryRaw`SELECT id FROM purge_job WHERE id = ${bigint(candidate.id)} FOR UPDATE`;
      const job = await tx.purgeJob.findFirst({ ...dailyJobs, where: { ...dailyJobs.where, id: candidate.id } });
      if (!job || !isDue(job, now)) return undefined;
      const rows = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO purge_run (job_id, status, dry_run, queued_at) VALUES (${bigint(job.id)}, 'queued', false, ${at(now)})
        ON CONFLICT (job_id) WHERE status IN ('queued', 'running') DO NOTHING
        RETURNING id::text AS id`;
      return rows[0] ? BigInt(rows[0].id) : undefined;
    });
    if (id !== undefined) created.push(id);
  }
  return created;
}

// ---------------------------------------------------------------------------------------------------------------
// The background loop
// ---------------------------------------------------------------------------------------------------------------

const wakers = new Set<() => void>();

/** A run was queued on this instance: the local worker looks at once instead of at its next poll. */
export function wakePurgeWorker(): void {
  for (const wake of wakers) wake();
}

export type PurgeWorkerOptions = { pollMs?: number; batchSize?: number; leaseMs?: number; now?: () => Date };

/**
 * Starts this instance's worker: every `pollMs` (and when woken) it requeues stalled runs, creates the due scheduled
 * runs and processes queued runs until none is left. Answers the stop function: it lets the current batch finish,
 * hands the run back to the queue and resolves once the worker is idle.
 */
export function startPurgeWorker(app: FastifyInstance, opts: PurgeWorkerOptions = {}): () => Promise<void> {
  const db = app.db;
  const now = opts.now ?? (() => app.auth?.now() ?? new Date());
  const log = app.log;
  let stopping = false;
  let again = false;
  let current: Promise<void> | undefined;

  const tick = async () => {
    try {
      await requeueStalledPurgeRuns(db, now());
      await scheduleDuePurgeRuns(db, now());
      const processOpts: ProcessOptions = { now, shouldStop: () => stopping, log };
      if (opts.batchSize !== undefined) processOpts.batchSize = opts.batchSize;
      if (opts.leaseMs !== undefined) processOpts.leaseMs = opts.leaseMs;
      while (!stopping) {
        if ((await processQueuedPurgeRun(db, processOpts)) === undefined) break;
      }
    } catch (err) {
      // The database is unreachable or not migrated yet: the next poll tries again.
      log.warn({ err }, 'purge worker poll failed');
    }
  };
  const kick = () => {
    if (stopping) return;
    if (current) {
      again = true;
      return;
    }
    current = tick().finally(() => {
      current = undefined;
      if (again) {
        again = false;
        kick();
      }
    });
  };

  const timer = setInterval(kick, opts.pollMs ?? POLL_MS);
  timer.unref();
  wakers.add(kick);
  setImmediate(kick);
  return async () => {
    stopping = true;
    clearInterval(timer);
    wakers.delete(kick);
    await current;
  };
}
