// Workflow rows (07 §10). Every function takes the client (root or transaction) first and never throws HTTP errors.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { KeysetPosition } from '../../../query/cursor.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { inOrder, type Db, type IdPage } from '../shared/admin-list.queries.ts';
import type { StoredActions, StoredConditions } from './workflow.input.ts';
import type { WorkflowKind } from './workflow.schema.ts';

const workflowSelect = {
  id: true,
  kind: true,
  name: true,
  description: true,
  departmentId: true,
  department: { select: { id: true, name: true } },
  state: true,
  order: true,
  conditions: true,
  actions: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.WorkflowSelect;

export type WorkflowRow = Omit<Prisma.WorkflowGetPayload<{ select: typeof workflowSelect }>, 'conditions' | 'actions'> & {
  conditions: StoredConditions;
  actions: StoredActions;
};

const id = (value: bigint) => Prisma.sql`CAST(${String(value)} AS bigint)`;

/** The workflows of `kind` among `ids`, in the order of `ids` (ids of other kinds or unknown are left out). */
export async function findWorkflows(db: Db, kind: WorkflowKind, ids: readonly bigint[]): Promise<WorkflowRow[]> {
  if (!ids.length) return [];
  const rows = await db.workflow.findMany({ where: { id: { in: [...ids] }, kind }, select: workflowSelect });
  return inOrder(ids, rows as WorkflowRow[]);
}

export type WorkflowFilter = { departmentId?: bigint | undefined; state?: string | undefined };

/**
 * The ids of one page of workflows of `kind` in the order of `q.sort` (`order` by default, `id`, or `name` compared
 * lower-cased in code-point order; ties by id in the same direction, 01 §8.2), and the exact count. After a `$cursor`
 * carrying a keyset, the page is read after that key (01 §9.4).
 */
export async function pageWorkflows(db: Db, kind: WorkflowKind, filter: WorkflowFilter, q: ParsedQuery): Promise<IdPage> {
  const conditions: Prisma.Sql[] = [Prisma.sql`w.kind = ${kind}`];
  if (filter.departmentId !== undefined) conditions.push(Prisma.sql`w.department_id = ${id(filter.departmentId)}`);
  if (filter.state !== undefined) conditions.push(Prisma.sql`w.state = ${filter.state}`);
  const where = (extra: Prisma.Sql[] = []) => Prisma.sql`WHERE ${Prisma.join([...conditions, ...extra], ' AND ')}`;
  const counted = await db.$queryRaw<{ n: string }[]>`SELECT count(*)::text AS n FROM workflow w ${where()}`;
  const count = Number(counted[0]?.n ?? 0);
  const { offset, limit } = q.paging;
  if (q.count || offset >= count) return { ids: [], count };

  const desc = q.sort.order === 'desc';
  const dir = Prisma.raw(desc ? 'DESC' : 'ASC');
  const cmp = Prisma.raw(desc ? '<' : '>');
  const field = q.sort.field;
  const key = field === 'name' ? Prisma.sql`lower(w.name) COLLATE "C"` : field === 'order' ? Prisma.sql`w.sort_order` : undefined;
  const keyset = q.cursor?.keyset;
  const after: Prisma.Sql[] = [];
  if (keyset) {
    const value = keyset.values[0];
    if (field === 'name' && typeof value === 'string') {
      after.push(Prisma.sql`(${key!}, w.id) ${cmp} (CAST(${value} AS text) COLLATE "C", CAST(${keyset.id} AS bigint))`);
    } else if (field === 'order' && typeof value === 'number') {
      after.push(Prisma.sql`(${key!}, w.id) ${cmp} (CAST(${value} AS integer), CAST(${keyset.id} AS bigint))`);
    } else if (field === 'id' && keyset.values.length === 0) {
      after.push(Prisma.sql`w.id ${cmp} CAST(${keyset.id} AS bigint)`);
    }
  }
  const order = key ? Prisma.sql`ORDER BY ${key} ${dir}, w.id ${dir}` : Prisma.sql`ORDER BY w.id ${dir}`;
  const rows = await db.$queryRaw<{ id: string; name: string; sort_order: number }[]>`
    SELECT w.id::text AS id, lower(w.name) AS name, w.sort_order FROM workflow w ${where(after)} ${order} LIMIT ${limit} OFFSET ${after.length ? 0 : offset}`;
  const tail = rows[rows.length - 1];
  const last = (r: (typeof rows)[number]): KeysetPosition => ({
    values: field === 'name' ? [r.name] : field === 'order' ? [Number(r.sort_order)] : [],
    id: r.id,
  });
  return { ids: rows.map((r) => BigInt(r.id)), count, ...(tail ? { last: last(tail) } : {}) };
}

/** The highest `order` of the workflows of `kind` in a department (0 when it has none). */
export async function maxOrder(db: Db, departmentId: bigint, kind: WorkflowKind): Promise<number> {
  const found = await db.workflow.aggregate({ where: { departmentId, kind }, _max: { order: true } });
  return found._max.order ?? 0;
}

/** Locks the workflows among `ids` until the transaction ends (edits and deletes), in id order. */
export async function lockWorkflows(db: Db, ids: readonly bigint[]): Promise<void> {
  if (!ids.length) return;
  await db.$queryRaw`SELECT id FROM workflow WHERE id IN (${Prisma.join(ids.map(id))}) ORDER BY id FOR UPDATE`;
}

// ---------------------------------------------------------------------------------------------------------------
// Referenced objects: their departments (checked on writes) and their names (rendered on reads)
// ---------------------------------------------------------------------------------------------------------------

const tables = {
  alias: Prisma.raw('email_alias'),
  queue: Prisma.raw('queue'),
  message: Prisma.raw('standard_message'),
  group: Prisma.raw('user_group'),
} as const;

/**
 * The departments of the aliases, queues, standard messages or groups among `ids`, read under a share lock: a delete
 * of one of them (aliases and messages lock FOR UPDATE, then look for workflows naming them; queues check workflows
 * too) either commits before this write reads it, or waits for this write and then sees the workflow.
 */
export async function departmentsOf(db: Db, kind: keyof typeof tables, ids: readonly bigint[]): Promise<Map<bigint, bigint>> {
  if (!ids.length) return new Map();
  const rows = await db.$queryRaw<{ id: string; department_id: string }[]>`
    SELECT id::text AS id, department_id::text AS department_id FROM ${tables[kind]}
     WHERE id IN (${Prisma.join(ids.map(id))}) ORDER BY id FOR SHARE`;
  return new Map(rows.map((r) => [BigInt(r.id), BigInt(r.department_id)]));
}

/** Summary fields of the objects workflows name (07 §10 examples): rendered at read time. */
export type ReferenceNames = {
  alias: Map<string, { emailAddress: string }>;
  queue: Map<string, { name: string }>;
  user: Map<string, { screenName: string }>;
  group: Map<string, { name: string }>;
  message: Map<string, { name: string }>;
};

export type ReferenceIds = { [K in keyof ReferenceNames]: Set<bigint> };

/** Reads the names of the objects `ids` lists, one query per kind that has any. */
export async function referenceNames(db: Db, ids: ReferenceIds): Promise<ReferenceNames> {
  const list = (s: Set<bigint>) => [...s];
  const out: ReferenceNames = { alias: new Map(), queue: new Map(), user: new Map(), group: new Map(), message: new Map() };
  if (ids.alias.size) {
    for (const a of await db.emailAlias.findMany({ where: { id: { in: list(ids.alias) } }, select: { id: true, emailAddress: true } })) {
      out.alias.set(String(a.id), { emailAddress: a.emailAddress });
    }
  }
  if (ids.queue.size) {
    for (const q of await db.queue.findMany({ where: { id: { in: list(ids.queue) } }, select: { id: true, name: true } })) out.queue.set(String(q.id), { name: q.name });
  }
  if (ids.user.size) {
    for (const u of await db.user.findMany({ where: { id: { in: list(ids.user) } }, select: { id: true, screenName: true } })) {
      out.user.set(String(u.id), { screenName: u.screenName });
    }
  }
  if (ids.group.size) {
    for (const g of await db.userGroup.findMany({ where: { id: { in: list(ids.group) } }, select: { id: true, name: true } })) out.group.set(String(g.id), { name: g.name });
  }
  if (ids.message.size) {
    for (const m of await db.standardMessage.findMany({ where: { id: { in: list(ids.message) } }, select: { id: true, name: true } })) {
      out.message.set(String(m.id), { name: m.name });
    }
  }
  return out;
}

/**
 * Removes deleted groups from the notification lists of alarm workflows (07 §5: "deleting a group removes it ... from
 * workflow notification lists"), for the group delete to call in its transaction. An emptied list goes, and so does
 * `notify` when no user is left in it either. Touches only the workflows naming one of the groups (jsonb, small table).
 */
export async function removeGroupsFromWorkflows(db: Db, groupIds: readonly bigint[]): Promise<void> {
  if (!groupIds.length) return;
  const ids = groupIds.map(String);
  await db.$executeRaw`
    WITH named AS (
      SELECT w.id,
             COALESCE((SELECT jsonb_agg(g) FROM jsonb_array_elements(w.actions #> '{notify,groups,group}') g
                        WHERE NOT (g ->> 'id' = ANY(CAST(${ids} AS text[])))), '[]'::jsonb) AS kept,
             COALESCE(jsonb_array_length(w.actions #> '{notify,users,user}'), 0) AS users
        FROM workflow w
       WHERE w.kind = 'alarm'
         AND jsonb_typeof(w.actions #> '{notify,groups,group}') = 'array'
         AND EXISTS (SELECT 1 FROM jsonb_array_elements(w.actions #> '{notify,groups,group}') g WHERE g ->> 'id' = ANY(CAST(${ids} AS text[])))
    )
    UPDATE workflow w
       SET actions = CASE
             WHEN n.kept <> '[]'::jsonb THEN jsonb_set(w.actions, '{notify,groups,group}', n.kept)
             WHEN n.users > 0 THEN w.actions #- '{notify,groups}'
             ELSE w.actions - 'notify'
           END
      FROM named n
     WHERE w.id = n.id`;
}
