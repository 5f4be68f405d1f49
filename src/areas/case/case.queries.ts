// Case rows (04 §4, §10). Every function takes the client (root or transaction) first and never throws HTTP errors.
// A page of cases is loaded in a fixed number of queries whatever its size: the cases with their department,
// customer name and the users they name (one query), then, when asked, related cases and custom attribute values.
import type { Db } from '../customer/customer.queries.ts';
import type { Tx } from '../administration/common.ts';
import type { UserRef } from '../../authz/actor.ts';

export type CaseRow = {
  id: bigint;
  departmentId: bigint;
  departmentName: string;
  customerId: bigint;
  customerName: string;
  status: string;
  severity: string;
  subject: string;
  ownerId: bigint | null;
  dueDate: Date | null;
  description: string | null;
  solution: string | null;
  originatingChannel: string;
  createdAt: Date;
  createdById: bigint | null;
  lastModifiedAt: Date;
  lastModifiedById: bigint | null;
  lastClosedAt: Date | null;
  lastClosedById: bigint | null;
  /** The users the row names (owner and timestamps), joined in the same query. */
  users: Map<string, UserRef>;
};

type RawCase = {
  id: string;
  department_id: string;
  department_name: string;
  customer_id: string;
  customer_name: string;
  status: string;
  severity: string;
  subject: string;
  owner_id: string | null;
  due_date: Date | null;
  description: string | null;
  solution: string | null;
  originating_channel: string;
  created_at: Date;
  created_by_id: string | null;
  last_modified_at: Date;
  last_modified_by_id: string | null;
  last_closed_at: Date | null;
  last_closed_by_id: string | null;
  users: { id: string; name: string; firstName: string; lastName: string | null }[] | null;
};

const big = (v: string | null) => (v === null ? null : BigInt(v));
const date = (v: Date | null) => (v === null ? null : new Date(v));

function toCaseRow(r: RawCase): CaseRow {
  return {
    id: BigInt(r.id),
    departmentId: BigInt(r.department_id),
    departmentName: r.department_name,
    customerId: BigInt(r.customer_id),
    customerName: r.customer_name,
    status: r.status,
    severity: r.severity,
    subject: r.subject,
    ownerId: big(r.owner_id),
    dueDate: date(r.due_date),
    description: r.description,
    solution: r.solution,
    originatingChannel: r.originating_channel,
    createdAt: new Date(r.created_at),
    createdById: big(r.created_by_id),
    lastModifiedAt: new Date(r.last_modified_at),
    lastModifiedById: big(r.last_modified_by_id),
    lastClosedAt: date(r.last_closed_at),
    lastClosedById: big(r.last_closed_by_id),
    users: new Map((r.users ?? []).map((u) => [u.id, { id: u.id, name: u.name, firstName: u.firstName, lastName: u.lastName ?? undefined }])),
  };
}

/** Cases of `ids` with department name, customer name and user references, in the order of `ids` (missing left out). */
export async function findCases(db: Db, ids: readonly bigint[]): Promise<CaseRow[]> {
  if (!ids.length) return [];
  const rows = await db.$queryRaw<RawCase[]>`
    SELECT c.id::text, c.department_id::text, d.name AS department_name, c.customer_id::text, cu.customer_name,
           c.status, c.severity, c.subject, c.owner_id::text, c.due_date, c.description, c.solution, c.originating_channel,
           c.created_at, c.created_by_id::text, c.last_modified_at, c.last_modified_by_id::text,
           c.last_closed_at, c.last_closed_by_id::text,
           (SELECT json_agg(json_build_object('id', u.id::text, 'name', u.screen_name, 'firstName', u.first_name, 'lastName', u.last_name))
              FROM app_user u WHERE u.id IN (c.owner_id, c.created_by_id, c.last_modified_by_id, c.last_closed_by_id)) AS users
      FROM interaction_case c
      JOIN department d ON d.id = c.department_id
      JOIN customer cu ON cu.id = c.customer_id
     WHERE c.id = ANY(CAST(${ids.map(String)} AS bigint[]))`;
  const byId = new Map(rows.map((r) => [r.id, toCaseRow(r)]));
  return ids.flatMap((id) => byId.get(String(id)) ?? []);
}

/** Related case ids of each of `ids`, by id ascending (relations are stored in both directions). */
export async function relatedCaseIds(db: Db, ids: readonly bigint[]): Promise<Map<string, bigint[]>> {
  const out = new Map<string, bigint[]>();
  if (!ids.length) return out;
  const rows = await db.$queryRaw<{ case_id: string; related_case_id: string }[]>`
    SELECT case_id::text, related_case_id::text FROM case_relation
     WHERE case_id = ANY(CAST(${ids.map(String)} AS bigint[])) ORDER BY case_id, related_case_id`;
  for (const r of rows) out.set(r.case_id, [...(out.get(r.case_id) ?? []), BigInt(r.related_case_id)]);
  return out;
}

export type LockedCase = {
  id: bigint;
  departmentId: bigint;
  customerId: bigint;
  status: string;
  ownerId: bigint | null;
  lastModifiedAt: Date;
};

/**
 * Locks the case rows of `ids` (FOR UPDATE, in id order so that two writers locking overlapping sets never
 * deadlock) and answers them by id. Concurrent writers of one case queue here instead of failing.
 */
export async function lockCases(tx: Tx | Db, ids: readonly bigint[]): Promise<Map<bigint, LockedCase>> {
  if (!ids.length) return new Map();
  const rows = await tx.$queryRaw<
    { id: string; department_id: string; customer_id: string; status: string; owner_id: string | null; last_modified_at: Date }[]
  >`
    SELECT id::text, department_id::text, customer_id::text, status, owner_id::text, last_modified_at
      FROM interaction_case WHERE id = ANY(CAST(${ids.map(String)} AS bigint[])) ORDER BY id FOR UPDATE`;
  return new Map(
    rows.map((r) => [
      BigInt(r.id),
      {
        id: BigInt(r.id),
        departmentId: BigInt(r.department_id),
        customerId: BigInt(r.customer_id),
        status: r.status,
        ownerId: big(r.owner_id),
        lastModifiedAt: new Date(r.last_modified_at),
      },
    ]),
  );
}

export async function lockCase(tx: Tx | Db, id: bigint): Promise<LockedCase | undefined> {
  return (await lockCases(tx, [id])).get(id);
}

/** Department and customer of the cases of `ids` (visibility checks without loading the whole row). */
export async function caseScopes(db: Db, ids: readonly bigint[]): Promise<{ id: bigint; departmentId: bigint; customerId: bigint }[]> {
  if (!ids.length) return [];
  const rows = await db.$queryRaw<{ id: string; department_id: string; customer_id: string }[]>`
    SELECT id::text, department_id::text, customer_id::text FROM interaction_case WHERE id = ANY(CAST(${ids.map(String)} AS bigint[]))`;
  return rows.map((r) => ({ id: BigInt(r.id), departmentId: BigInt(r.department_id), customerId: BigInt(r.customer_id) }));
}

/** An `enabled` staff user whose home or foreign departments include `departmentId` (a case owner, 04 §4.1). */
export async function isEligibleOwner(db: Db, userId: bigint, departmentId: bigint): Promise<boolean> {
  const rows = await db.$queryRaw<{ ok: number }[]>`
    SELECT 1 AS ok FROM app_user u
     WHERE u.id = CAST(${String(userId)} AS bigint) AND u.state = 'enabled'
       AND (u.department_id = CAST(${String(departmentId)} AS bigint)
            OR EXISTS (SELECT 1 FROM user_department ud WHERE ud.user_id = u.id AND ud.department_id = CAST(${String(departmentId)} AS bigint)))`;
  return rows.length > 0;
}

/** Number of related cases of each of `ids` (after the changes of this transaction). */
export async function relationCounts(tx: Tx, ids: readonly bigint[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await tx.$queryRaw<{ case_id: string; n: number }[]>`
    SELECT case_id::text, count(*)::int AS n FROM case_relation WHERE case_id = ANY(CAST(${ids.map(String)} AS bigint[])) GROUP BY case_id`;
  return new Map(rows.map((r) => [r.case_id, r.n]));
}

/** Adds the relations case ↔ each of `others`, in both directions; existing ones are kept. */
export async function linkCases(tx: Tx, id: bigint, others: readonly bigint[]): Promise<bigint[]> {
  if (!others.length) return [];
  const o = others.map(String);
  const rows = await tx.$queryRaw<{ other: string }[]>`
    INSERT INTO case_relation (case_id, related_case_id)
    SELECT a, b FROM unnest(CAST(${o} AS bigint[])) AS x(other),
         LATERAL (VALUES (CAST(${String(id)} AS bigint), x.other), (x.other, CAST(${String(id)} AS bigint))) AS v(a, b)
    ON CONFLICT DO NOTHING
    RETURNING (CASE WHEN case_id = CAST(${String(id)} AS bigint) THEN related_case_id ELSE case_id END)::text AS other`;
  return [...new Set(rows.map((r) => r.other))].map((x) => BigInt(x));
}

/** Removes the relations case ↔ each of `others`, both directions; answers the cases that were related. */
export async function unlinkCases(tx: Tx, id: bigint, others: readonly bigint[]): Promise<bigint[]> {
  if (!others.length) return [];
  const o = others.map(String);
  const rows = await tx.$queryRaw<{ other: string }[]>`
    DELETE FROM case_relation
     WHERE (case_id = CAST(${String(id)} AS bigint) AND related_case_id = ANY(CAST(${o} AS bigint[])))
        OR (related_case_id = CAST(${String(id)} AS bigint) AND case_id = ANY(CAST(${o} AS bigint[])))
    RETURNING (CASE WHEN case_id = CAST(${String(id)} AS bigint) THEN related_case_id ELSE case_id END)::text AS other`;
  return [...new Set(rows.map((r) => r.other))].map((x) => BigInt(x));
}

/** Bumps `lastModified` of cases a change touched besides the edited one (a new or removed relation). */
export async function touchCases(tx: Tx, ids: readonly bigint[], now: Date, by: bigint | null): Promise<void> {
  if (!ids.length) return;
  await tx.$executeRaw`
    UPDATE interaction_case SET last_modified_at = GREATEST(CAST(${now} AS timestamptz), last_modified_at + interval '1 millisecond'),
           last_modified_by_id = CAST(${by === null ? null : String(by)} AS bigint)
     WHERE id = ANY(CAST(${ids.map(String)} AS bigint[]))`;
}

/** Open activities of a case, locked (K4 completes them). */
export type OpenActivity = {
  id: bigint;
  type: string;
  status: string;
  substatus: string;
  assignedUserId: bigint | null;
  queueId: bigint | null;
  lastModifiedAt: Date;
};

export async function lockOpenActivities(tx: Tx, caseId: bigint): Promise<OpenActivity[]> {
  const rows = await tx.$queryRaw<
    { id: string; type: string; status: string; substatus: string; assigned_user_id: string | null; queue_id: string | null; last_modified_at: Date }[]
  >`
    SELECT id::text, type, status, substatus, assigned_user_id::text, queue_id::text, last_modified_at
      FROM activity WHERE case_id = CAST(${String(caseId)} AS bigint) AND status <> 'completed' ORDER BY id FOR UPDATE`;
  return rows.map((r) => ({
    id: BigInt(r.id),
    type: r.type,
    status: r.status,
    substatus: r.substatus,
    assignedUserId: big(r.assigned_user_id),
    queueId: big(r.queue_id),
    lastModifiedAt: new Date(r.last_modified_at),
  }));
}
