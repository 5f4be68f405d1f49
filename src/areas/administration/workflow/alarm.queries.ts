// Alarm workflow rows, the activities they match and their events (07 §10.3). Every function takes the client (root
// or transaction) first and never throws HTTP errors.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { KeysetPosition } from '../../../query/cursor.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import type { IdPage } from '../shared/admin-list.queries.ts';
import type { Db } from '../shared/admin-list.queries.ts';
import type { LockedActivity } from '../../activity/activity.write.ts';
import type { ActivityType, Status, Substatus } from '../../activity/status-machine.ts';
import type { StoredActions, StoredConditions } from './workflow.input.ts';

export type AlarmRun = { startedAt: Date; finishedAt: Date; evaluatedWorkflows: number; firedEvents: number };

export type AlarmWorkflow = { id: bigint; departmentId: bigint; conditions: StoredConditions; actions: StoredActions };

/** What an alarm event records (jsonb `alarm_event.actions`): ids only, names are rendered at read time. */
export type EventActions = {
  priority?: { from: number; to: number };
  transferToQueue?: { id: string };
  notify?: StoredActions['notify'];
};

const id = (value: bigint) => Prisma.sql`CAST(${String(value)} AS bigint)`;
const instant = (value: Date) => Prisma.sql`CAST(${value.toISOString()} AS timestamptz)`;

/** The active alarm workflows, by department, then in evaluation order (`order`, ties by id); index (kind, state). */
export async function activeAlarmWorkflows(db: Db): Promise<AlarmWorkflow[]> {
  const rows = await db.workflow.findMany({
    where: { kind: 'alarm', state: 'active' },
    select: { id: true, departmentId: true, conditions: true, actions: true },
    orderBy: [{ departmentId: 'asc' }, { order: 'asc' }, { id: 'asc' }],
  });
  return rows.map((r) => ({ id: r.id, departmentId: r.departmentId, conditions: (r.conditions ?? {}) as StoredConditions, actions: (r.actions ?? {}) as StoredActions }));
}

/**
 * The conditions of 07 §10.3 on `activity a` for workflow `w`, waiting since `threshold` or longer: statuses (absent:
 * `awaiting_assignment`), types (absent: email and chat), queues (absent: any), priority, and not fired yet for this
 * workflow. The waiting time of an `awaiting_assignment` activity runs from its queue-entry time; that of an `assigned`
 * one from when it was last assigned (`assigned_at`; rows written without it, such as seeded ones, from their last
 * change).
 */
function matches(w: AlarmWorkflow, threshold: Date): Prisma.Sql[] {
  const c = w.conditions;
  const statuses = c.statuses?.status.map((s) => s.value) ?? ['awaiting_assignment'];
  const types = c.types?.type.map((t) => t.value) ?? ['email', 'chat'];
  const at = instant(threshold);
  const where = [
    Prisma.sql`a.department_id = ${id(w.departmentId)}`,
    Prisma.sql`a.status = ANY(CAST(${statuses} AS text[]))`,
    Prisma.sql`a.type = ANY(CAST(${types} AS text[]))`,
    Prisma.sql`((a.status = 'awaiting_assignment' AND a.queue_entered_at <= ${at}) OR (a.status = 'assigned' AND COALESCE(a.assigned_at, a.last_modified_at) <= ${at}))`,
    Prisma.sql`NOT EXISTS (SELECT 1 FROM alarm_event e WHERE e.workflow_id = ${id(w.id)} AND e.activity_id = a.id)`,
  ];
  const queues = c.queues?.queue.map((q) => q.id) ?? [];
  if (queues.length) where.push(Prisma.sql`a.queue_id = ANY(CAST(${queues} AS bigint[]))`);
  if (typeof c.priorityAtMost === 'number') where.push(Prisma.sql`a.priority <= ${c.priorityAtMost}`);
  return where;
}

/** The next `limit` activities (ids above `after`) workflow `w` would fire on; index (department_id, status, id). */
export async function candidateIds(db: Db, w: AlarmWorkflow, threshold: Date, after: bigint, limit: number): Promise<bigint[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT a.id::text AS id FROM activity a
     WHERE ${Prisma.join([...matches(w, threshold), Prisma.sql`a.id > ${id(after)}`], ' AND ')}
     ORDER BY a.id LIMIT ${limit}`;
  return rows.map((r) => BigInt(r.id));
}

export type AlarmActivity = LockedActivity & { priority: number };

type Row = {
  id: string;
  case_id: string;
  customer_id: string;
  department_id: string;
  type: string;
  subtype: string;
  mode: string;
  status: string;
  substatus: string;
  assigned_user_id: string | null;
  queue_id: string | null;
  priority: number;
  last_modified_at: Date;
};

/**
 * Locks the activities among `ids` that still match `w` (re-checked under the lock), in id order, skipping those
 * another transaction holds: an agent working on one is not kept waiting, and the activity is looked at again by the
 * next run. Only activity rows are locked (no case), so this never waits in the other order than the activity writers.
 */
export async function lockMatching(db: Db, w: AlarmWorkflow, ids: readonly bigint[], threshold: Date): Promise<AlarmActivity[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT a.id::text, a.case_id::text, a.customer_id::text, a.department_id::text, a.type, a.subtype, a.mode, a.status, a.substatus,
           a.assigned_user_id::text, a.queue_id::text, a.priority, a.last_modified_at
      FROM activity a
     WHERE ${Prisma.join([...matches(w, threshold), Prisma.sql`a.id = ANY(CAST(${ids.map(String)} AS bigint[]))`], ' AND ')}
     ORDER BY a.id FOR UPDATE OF a SKIP LOCKED`;
  return rows.map((r) => ({
    id: BigInt(r.id),
    caseId: BigInt(r.case_id),
    customerId: BigInt(r.customer_id),
    departmentId: BigInt(r.department_id),
    type: r.type as ActivityType,
    subtype: r.subtype,
    mode: r.mode,
    status: r.status as Status,
    substatus: r.substatus as Substatus,
    assignedUserId: r.assigned_user_id === null ? null : BigInt(r.assigned_user_id),
    queueId: r.queue_id === null ? null : BigInt(r.queue_id),
    priority: Number(r.priority),
    lastModifiedAt: new Date(r.last_modified_at),
  }));
}

/**
 * Records the events of workflow `w` (one per activity); an event that exists already (unique (workflow_id,
 * activity_id)) is not recorded again. Returns the activities whose event this call recorded.
 */
export async function insertEvents(db: Db, workflowId: bigint, firedAt: Date, events: readonly { activityId: bigint; actions: EventActions }[]): Promise<Set<bigint>> {
  if (!events.length) return new Set();
  const rows = await db.$queryRaw<{ activity_id: string }[]>`
    INSERT INTO alarm_event (workflow_id, activity_id, fired_at, actions)
    SELECT ${id(workflowId)}, CAST(u.activity_id AS bigint), ${instant(firedAt)}, CAST(u.actions AS jsonb)
      FROM unnest(CAST(${events.map((e) => String(e.activityId))} AS text[]), CAST(${events.map((e) => JSON.stringify(e.actions))} AS text[])) AS u(activity_id, actions)
        ON CONFLICT (workflow_id, activity_id) DO NOTHING
    RETURNING activity_id::text`;
  return new Set(rows.map((r) => BigInt(r.activity_id)));
}

/** Sets the priorities of activities (a system change: `lastModified` = max(now, previous + 1 ms), no user). */
export async function setPriorities(db: Db, changes: readonly { id: bigint; priority: number }[], now: Date): Promise<void> {
  if (!changes.length) return;
  await db.$executeRaw`
    UPDATE activity a
       SET priority = u.p, last_modified_at = GREATEST(${instant(now)}, a.last_modified_at + interval '1 millisecond'), last_modified_by_id = NULL
      FROM unnest(CAST(${changes.map((c) => String(c.id))} AS bigint[]), CAST(${changes.map((c) => c.priority)} AS integer[])) AS u(id, p)
     WHERE a.id = u.id`;
}

// ---------------------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------------------

export type AlarmEventRow = { id: bigint; activityId: bigint; firedAt: Date; actions: EventActions };

/** The alarm workflow `id` (name), or undefined when there is no alarm workflow with that id. */
export async function findAlarmWorkflow(db: Db, workflowId: bigint): Promise<{ id: bigint; name: string } | undefined> {
  return (await db.workflow.findFirst({ where: { id: workflowId, kind: 'alarm' }, select: { id: true, name: true } })) ?? undefined;
}

export async function activityExists(db: Db, activityId: bigint): Promise<boolean> {
  return (await db.activity.count({ where: { id: activityId } })) > 0;
}

/**
 * One page of the events of a workflow: newest first (`fired_at`, then id, descending), or by id with `$sort=id`;
 * index (workflow_id, fired_at). The exact count; after a `$cursor` carrying a keyset, the page is read after it.
 */
export async function pageEvents(db: Db, workflowId: bigint, activityId: bigint | undefined, q: ParsedQuery): Promise<IdPage & { rows: AlarmEventRow[] }> {
  const conditions = [Prisma.sql`e.workflow_id = ${id(workflowId)}`];
  if (activityId !== undefined) conditions.push(Prisma.sql`e.activity_id = ${id(activityId)}`);
  const where = (extra: Prisma.Sql[] = []) => Prisma.sql`WHERE ${Prisma.join([...conditions, ...extra], ' AND ')}`;
  const counted = await db.$queryRaw<{ n: string }[]>`SELECT count(*)::text AS n FROM alarm_event e ${where()}`;
  const count = Number(counted[0]?.n ?? 0);
  const { offset, limit } = q.paging;
  if (q.count || offset >= count) return { ids: [], count, rows: [] };

  const byId = q.sort.field === 'id';
  const desc = !byId || q.sort.order === 'desc';
  const dir = Prisma.raw(desc ? 'DESC' : 'ASC');
  const cmp = Prisma.raw(desc ? '<' : '>');
  const keyset = q.cursor?.keyset;
  const after: Prisma.Sql[] = [];
  if (keyset && byId && keyset.values.length === 0) after.push(Prisma.sql`e.id ${cmp} CAST(${keyset.id} AS bigint)`);
  if (keyset && !byId && keyset.values[0] instanceof Date) {
    after.push(Prisma.sql`(e.fired_at, e.id) ${cmp} (${instant(keyset.values[0])}, CAST(${keyset.id} AS bigint))`);
  }
  const order = byId ? Prisma.sql`ORDER BY e.id ${dir}` : Prisma.sql`ORDER BY e.fired_at ${dir}, e.id ${dir}`;
  const raw = await db.$queryRaw<{ id: string; activity_id: string; fired_at: Date; actions: EventActions | null }[]>`
    SELECT e.id::text AS id, e.activity_id::text AS activity_id, e.fired_at, e.actions
      FROM alarm_event e ${where(after)} ${order} LIMIT ${limit} OFFSET ${after.length ? 0 : offset}`;
  const rows = raw.map((r) => ({ id: BigInt(r.id), activityId: BigInt(r.activity_id), firedAt: new Date(r.fired_at), actions: r.actions ?? {} }));
  const tail = rows[rows.length - 1];
  const last: KeysetPosition | undefined = tail && { values: byId ? [] : [tail.firedAt], id: String(tail.id) };
  return { ids: rows.map((r) => r.id), count, rows, ...(last ? { last } : {}) };
}
