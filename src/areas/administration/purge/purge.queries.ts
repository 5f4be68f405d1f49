// Purge job and run rows (07 §17). Every function takes the client (root or transaction) first and never throws HTTP
// errors.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { inOrder, pageOfIds, type Db, type IdPage } from '../shared/admin-list.queries.ts';

const runSelect = {
  id: true,
  jobId: true,
  job: { select: { id: true, name: true } },
  status: true,
  dryRun: true,
  cutoff: true,
  requestedById: true,
  queuedAt: true,
  startedAt: true,
  finishedAt: true,
  matched: true,
  purged: true,
  error: true,
} satisfies Prisma.PurgeRunSelect;

export type RunRow = Prisma.PurgeRunGetPayload<{ select: typeof runSelect }>;

const jobSelect = {
  id: true,
  name: true,
  description: true,
  target: true,
  olderThanDays: true,
  departmentId: true,
  department: { select: { id: true, name: true } },
  frequency: true,
  time: true,
  state: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.PurgeJobSelect;

export type JobRow = Prisma.PurgeJobGetPayload<{ select: typeof jobSelect }> & { lastRun?: RunRow | undefined };

const id = (value: bigint) => Prisma.sql`CAST(${String(value)} AS bigint)`;

/** Jobs in the order of `ids` (unknown ids left out), each with its newest run as `lastRun`. */
export async function findJobs(db: Db, ids: readonly bigint[]): Promise<JobRow[]> {
  if (!ids.length) return [];
  const rows: JobRow[] = inOrder(ids, await db.purgeJob.findMany({ where: { id: { in: [...ids] } }, select: jobSelect }));
  if (rows.length) {
    const newest = await db.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT ON (job_id) id::text AS id FROM purge_run
       WHERE job_id IN (${Prisma.join(rows.map((r) => id(r.id)))}) ORDER BY job_id, id DESC`;
    const runs = await findRuns(db, newest.map((r) => BigInt(r.id)));
    const byJob = new Map(runs.map((r) => [r.jobId, r]));
    for (const r of rows) r.lastRun = byJob.get(r.id);
  }
  return rows;
}

export type JobFilter = { target?: string | undefined; state?: string | undefined; departmentId?: bigint | undefined };

export function pageJobs(db: Db, filter: JobFilter, q: ParsedQuery): Promise<IdPage> {
  const where: Prisma.Sql[] = [];
  if (filter.target !== undefined) where.push(Prisma.sql`j.target = ${filter.target}`);
  if (filter.state !== undefined) where.push(Prisma.sql`j.state = ${filter.state}`);
  if (filter.departmentId !== undefined) where.push(Prisma.sql`j.department_id = ${id(filter.departmentId)}`);
  return pageOfIds(db, { from: Prisma.sql`purge_job j`, id: Prisma.raw('j.id'), name: Prisma.raw('j.name'), where }, q);
}

/** Locks the jobs among `ids` until the transaction ends (edits, deletes, scheduling), in id order. */
export async function lockJobs(db: Db, ids: readonly bigint[]): Promise<void> {
  if (!ids.length) return;
  await db.$queryRaw`SELECT id FROM purge_job WHERE id IN (${Prisma.join(ids.map(id))}) ORDER BY id FOR UPDATE`;
}

/** Runs in the order of `ids` (unknown ids left out). */
export async function findRuns(db: Db, ids: readonly bigint[]): Promise<RunRow[]> {
  if (!ids.length) return [];
  return inOrder(ids, await db.purgeRun.findMany({ where: { id: { in: [...ids] } }, select: runSelect }));
}

/** The runs of one job, newest first unless `$sort=id` asks otherwise (07 §17.2). */
export function pageRuns(db: Db, jobId: bigint, status: string | undefined, q: ParsedQuery): Promise<IdPage> {
  const where = [Prisma.sql`r.job_id = ${id(jobId)}`];
  if (status !== undefined) where.push(Prisma.sql`r.status = ${status}`);
  const sorted: ParsedQuery = q.sort.field === 'id' ? q : { ...q, sort: { field: 'id', order: 'desc' } };
  return pageOfIds(db, { from: Prisma.sql`purge_run r`, id: Prisma.raw('r.id'), name: Prisma.raw("''"), where }, sorted);
}

/** The queued or running run of a job (at most one: index purge_run_one_active). */
export async function activeRun(db: Db, jobId: bigint): Promise<bigint | undefined> {
  const row = await db.purgeRun.findFirst({ where: { jobId, status: { in: ['queued', 'running'] } }, select: { id: true } });
  return row?.id;
}
