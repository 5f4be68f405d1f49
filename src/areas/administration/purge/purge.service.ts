// Purge job use cases (07 §17): job list, get by ids, create, edit, delete; run now, list and get runs. Reads need
// admin.config.read (administrators, supervisors), writes and run-now admin.write (07 §1.2). Job writes are one
// adminWrite transaction each (07 §1.1); a run is not configuration and does not bump config_version. The runs
// themselves are carried out by the worker (purge.worker.ts).
import { authorize } from '../../../authz/permissions.ts';
import { AppError, Err } from '../../../errors/app-error.ts';
import type { Lang } from '../../../errors/catalogue.ts';
import { parseId } from '../../../query/ids.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { actorUserId, adminWrite, nextModified, userRefs } from '../common.ts';
import { checkToken, distinct, readToken, requireAll } from '../shared/admin-edit.ts';
import { editedState, editedText } from '../shared/body-parts.ts';
import { checkedWrite, isUniqueViolation } from '../shared/conflicts.ts';
import { bodyDepartment, departmentFilter } from '../shared/filters.ts';
import type { Db } from '../shared/admin-list.queries.ts';
import { finalSchedule, readSchedule, type PurgeJobCreate, type PurgeJobEdit, type ScheduleChange } from './purge.schema.ts';
import { activeRun, findJobs, findRuns, lockJobs, pageJobs, pageRuns, type JobRow, type RunRow } from './purge.queries.ts';
import { presentJob, presentRun } from './purge.presenter.ts';
import { wakePurgeWorker } from './purge.worker.ts';

/** The `{reason}` of 07 §19 for a second run, with its es-ES translation (01 §7.3). */
const runActive: Record<Lang, string> = {
  'en-US': 'a run of this job is already queued or running',
  'es-ES': 'ya hay una ejecución de este trabajo en cola o en curso',
};

/** 409-102 naming the job, then its queued or running run as `{purgeRun: id}` when known. */
function alreadyActive(jobId: bigint, runId: bigint | undefined): AppError {
  const details = [{ key: 'id', value: String(jobId) }];
  if (runId !== undefined) details.push({ key: 'purgeRun', value: String(runId) });
  return new AppError('409-102', { id: String(jobId), reason: runActive }, details);
}

/** The id of a single-id path segment (`{id}` of the run paths): else 400-102 on `id`. */
export function pathId(raw: string): bigint {
  const id = parseId(raw);
  if (id === null) throw Err.invalidParam('id', raw);
  return BigInt(id);
}

// ---------------------------------------------------------------------------------------------------------------
// Jobs
// ---------------------------------------------------------------------------------------------------------------

/** Jobs with the user references of a whole page (stamps and the requester of each last run) fetched at once. */
async function present(ctx: ServiceContext, rows: JobRow[], q: ParsedQuery) {
  const withCreated = wantsAttribute(q, 'created');
  const refs = await userRefs(ctx, rows.flatMap((r) => [r.lastModifiedById, withCreated ? r.createdById : null, r.lastRun?.requestedById]));
  return rows.map((r) => presentJob(r, refs, withCreated));
}

export async function listPurgeJobs(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.config.read');
  const db = ctx.db.prisma;
  // A department in the filter must exist (07 §19): 404-101.
  const departmentId = await departmentFilter(db, q);
  const page = await pageJobs(db, { departmentId, target: criterion(q, 'target', 'enum')?.value, state: criterion(q, 'state', 'enum')?.value }, q);
  const items = await present(ctx, await findJobs(db, page.ids), q);
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

export async function getPurgeJobs(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'admin.config.read');
  const rows = await findJobs(ctx.db.prisma, ids);
  requireAll(ids, rows);
  return present(ctx, rows, q);
}

/** A department named in a body (`{id}` or `{name}`); `null`, `{}` or an empty reference means none. */
async function department(db: Db, ref: { id?: string | undefined; name?: string | undefined } | null | undefined, path: string): Promise<bigint | null> {
  if (!ref || (ref.id === undefined && !ref.name)) return null;
  try {
    return await bodyDepartment(db, ref);
  } catch (err) {
    // bodyDepartment names `department.id` / `department.name`; an edit item names its own path.
    throw err instanceof AppError && err.key === '400-152' ? Err.invalidAttribute(`${path}.${ref.id !== undefined ? 'id' : 'name'}`, ref.id ?? ref.name) : err;
  }
}

export async function createPurgeJob(ctx: ServiceContext, body: PurgeJobCreate, q: ParsedQuery) {
  // The schedule rules need only the body: checked before the permission (01 §7.2).
  const schedule = finalSchedule(readSchedule(body.schedule, 'schedule'), { frequency: 'manual', time: null }, 'schedule');
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  const row = await checkedWrite(
    ctx,
    async (tx) => {
      const departmentId = await department(tx, body.department, 'department');
      const created = await tx.purgeJob.create({
        data: {
          name: body.name,
          description: editedText(body.description) ?? null,
          target: body.target.value,
          olderThanDays: body.olderThanDays,
          departmentId,
          frequency: schedule.frequency,
          time: schedule.time,
          state: body.state?.value ?? 'active',
          createdAt: now,
          createdById: by,
          lastModifiedAt: now,
          lastModifiedById: by,
        },
      });
      return (await findJobs(tx, [created.id]))[0]!;
    },
    // The department was deleted meanwhile.
    () => Err.invalidAttribute('department.id', body.department?.id ?? body.department?.name),
  );
  return (await present(ctx, [row], q))[0]!;
}

type EditChanges = { name?: string; description?: string | null; olderThanDays?: number; state?: string };

/** One edit item read and checked without the database (01 §7.2 order: body content before permissions). */
function readEdit(item: PurgeJobEdit[number], i: number) {
  const path = `purgeJob[${i}]`;
  const changes: EditChanges = {};
  // `name` and `olderThanDays` are required: they cannot be cleared (01 §3.2: 400-152).
  if (item.name !== undefined) {
    if (item.name === null || item.name.trim() === '') throw Err.invalidAttribute(`${path}.name`, item.name ?? '');
    changes.name = item.name;
  }
  if (item.olderThanDays === null) throw Err.invalidAttribute(`${path}.olderThanDays`, '');
  if (item.olderThanDays !== undefined) changes.olderThanDays = item.olderThanDays;
  const description = editedText(item.description);
  if (description !== undefined) changes.description = description;
  const state = editedState(item.state);
  if (state !== undefined) changes.state = state;
  const schedule: ScheduleChange | undefined = readSchedule(item.schedule, `${path}.schedule`);
  return { id: BigInt(item.id), path, changes, schedule, department: item.department, token: readToken(item.lastModified, path) };
}

export async function editPurgeJobs(ctx: ServiceContext, items: PurgeJobEdit) {
  const edits = items.map(readEdit);
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await checkedWrite(
    ctx,
    async (tx) => {
      const ids = distinct(edits.map((e) => e.id));
      await lockJobs(tx, ids);
      const rows = await findJobs(tx, ids);
      requireAll(ids, rows);
      const stored = new Map(rows.map((r) => [r.id, r]));

      // Several items with one id apply in order: each sees the schedule the previous ones left.
      const data = new Map<bigint, EditChanges & { departmentId?: bigint | null; frequency?: string; time?: string | null }>();
      const current = new Map(rows.map((r) => [r.id, { frequency: r.frequency, time: r.time }]));
      for (const e of edits) {
        const d = data.get(e.id) ?? {};
        Object.assign(d, e.changes);
        if (e.department !== undefined) d.departmentId = await department(tx, e.department, `${e.path}.department`);
        const schedule = finalSchedule(e.schedule, current.get(e.id)!, `${e.path}.schedule`);
        current.set(e.id, schedule);
        if (e.schedule !== undefined) Object.assign(d, schedule);
        data.set(e.id, d);
      }
      for (const e of edits) checkToken(e.id, e.token, stored.get(e.id)!.lastModifiedAt);
      for (const id of ids) {
        await tx.purgeJob.update({ where: { id }, data: { ...data.get(id), lastModifiedAt: nextModified(stored.get(id)!.lastModifiedAt, now), lastModifiedById: by } });
      }
    },
    () => Err.invalidAttribute(`${edits.find((e) => e.department)?.path ?? edits[0]!.path}.department.id`, ''),
  );
}

/**
 * Deletes jobs, all or none, with their runs. Nothing blocks a delete: a queued run goes with its job, and a running
 * run stops at its next batch (deleting the job is the way to cancel a run; what it purged stays purged).
 */
export async function deletePurgeJobs(ctx: ServiceContext, ids: bigint[]) {
  authorize(ctx.actor, 'admin.write');
  await adminWrite(ctx, async (tx) => {
    await lockJobs(tx, ids);
    requireAll(ids, await findJobs(tx, ids));
    await tx.purgeJob.deleteMany({ where: { id: { in: ids } } });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------------------------------

async function presentRuns(ctx: ServiceContext, rows: RunRow[]) {
  const refs = await userRefs(ctx, rows.map((r) => r.requestedById));
  return rows.map((r) => presentRun(r, refs));
}

async function requireJob(db: Db, jobId: bigint): Promise<void> {
  if (!(await db.purgeJob.count({ where: { id: jobId } }))) throw Err.idsNotFound([String(jobId)]);
}

/**
 * Run now (07 §17.2): a queued run of the job, requested by the caller; inactive jobs run too. A queued or running
 * run of the job already → 409-102. The partial unique index purge_run_one_active decides between concurrent
 * requests: the loser's insert fails and it answers the same 409-102.
 */
export async function runPurgeJob(ctx: ServiceContext, jobId: bigint, q: ParsedQuery) {
  const dryRun = criterion(q, 'dryRun', 'boolean')?.value ?? false;
  authorize(ctx.actor, 'admin.write');
  const db = ctx.db.prisma;
  await requireJob(db, jobId);
  const active = await activeRun(db, jobId);
  if (active !== undefined) throw alreadyActive(jobId, active);
  let runId: bigint;
  try {
    runId = (
      await db.purgeRun.create({
        data: { jobId, status: 'queued', dryRun, requestedById: actorUserId(ctx), queuedAt: ctx.now() },
        select: { id: true },
      })
    ).id;
  } catch (err) {
    if (isUniqueViolation(err)) throw alreadyActive(jobId, await activeRun(db, jobId));
    // The job was deleted meanwhile (purge_run_job_id_fkey).
    if ((await db.purgeJob.count({ where: { id: jobId } })) === 0) throw Err.idsNotFound([String(jobId)]);
    throw err;
  }
  wakePurgeWorker();
  return (await presentRuns(ctx, await findRuns(db, [runId])))[0]!;
}

export async function listPurgeRuns(ctx: ServiceContext, jobId: bigint, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.config.read');
  const db = ctx.db.prisma;
  await requireJob(db, jobId);
  const page = await pageRuns(db, jobId, criterion(q, 'status', 'enum')?.value, q);
  const items = await presentRuns(ctx, await findRuns(db, page.ids));
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

/** Runs by ids: the job and every run must exist, and each run must be one of that job's (else 404-101 naming it). */
export async function getPurgeRuns(ctx: ServiceContext, jobId: bigint, runIds: bigint[]) {
  authorize(ctx.actor, 'admin.config.read');
  const db = ctx.db.prisma;
  await requireJob(db, jobId);
  const rows = (await findRuns(db, runIds)).filter((r) => r.jobId === jobId);
  requireAll(runIds, rows);
  return presentRuns(ctx, rows);
}
