// The statements of the email channel (05 §9.3–§9.6): each one indexed, each run inside the creating transaction.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { Tx } from '../../administration/common.ts';
import type { CustomerValueRow, RoutingNeeds } from '../../administration/workflow/workflow.evaluate.ts';
import { storeContents } from '../../../content-store/content-store.ts';
import { customerLookup, type FoundCustomer } from './email.customer.ts';
import type { Transition } from '../status-machine.ts';
import type { AttachmentInput } from './attachment.input.ts';
import type { DepartmentInput } from './email.input.ts';

export type AliasRow = { id: bigint; name: string; emailAddress: string; displayName: string | null; queueId: bigint; queueActive: boolean };
export type DepartmentAndAlias = { department: { id: bigint; name: string } | undefined; alias: AliasRow | undefined };

type RawAlias = { dept_id: string; dept_name: string; alias_id: string | null; alias_name: string | null; email_address: string | null; display_name: string | null; queue_id: string | null; queue_state: string | null };

/**
 * The department named by id or name (case-insensitive, lowest id first) and, when `address` is given, its `active`
 * alias with that address (case-insensitive, index `email_alias_email_address_key`) with its queue's state: one
 * statement.
 */
export async function findDepartmentAndAlias(tx: Tx, ref: DepartmentInput, address: string | undefined): Promise<DepartmentAndAlias> {
  const where = ref.id !== undefined ? Prisma.sql`d.id = CAST(${ref.id} AS bigint)` : Prisma.sql`lower(d.name) = lower(${ref.name ?? ''})`;
  const rows = await tx.$queryRaw<RawAlias[]>`
    SELECT d.id::text AS dept_id, d.name AS dept_name, a.id::text AS alias_id, a.name AS alias_name, a.email_address,
           a.display_name, a.queue_id::text, q.state AS queue_state
      FROM department d
      LEFT JOIN email_alias a ON ${address === undefined ? Prisma.sql`false` : Prisma.sql`lower(a.email_address) = lower(${address})`}
                              AND a.department_id = d.id AND a.state = 'active'
      LEFT JOIN queue q ON q.id = a.queue_id
     WHERE ${where}
     ORDER BY d.id LIMIT 1`;
  const r = rows[0];
  return r ? toDepartmentAndAlias(r) : { department: undefined, alias: undefined };
}

function toDepartmentAndAlias(r: RawAlias): DepartmentAndAlias {
  return {
    department: { id: BigInt(r.dept_id), name: r.dept_name },
    alias:
      r.alias_id === null
        ? undefined
        : {
            id: BigInt(r.alias_id),
            name: r.alias_name!,
            emailAddress: r.email_address!,
            displayName: r.display_name,
            queueId: BigInt(r.queue_id!),
            queueActive: r.queue_state === 'active',
          },
  };
}


export type InboundContext = DepartmentAndAlias & {
  /** The sender's customer when the address is known (email.customer.ts `customerLookup`). */
  customer: FoundCustomer | undefined;
  /** Asked for: that customer's attribute values (none for an unknown sender). */
  customerValues: CustomerValueRow[];
  /** Among the users asked about, those `enabled`. */
  enabledUsers: Set<bigint>;
  /** Among the queues asked about, those `active`. */
  activeQueues: Set<bigint>;
};

type RawInbound = RawAlias &
  Partial<FoundCustomer> & { customer_values: CustomerValueRow[] | null; enabled_users: string[] | null; active_queues: string[] | null };

/**
 * V3's first statement: the department and receiving alias (as findDepartmentAndAlias), the sender's customer when
 * the address is known (no lock: a known customer is used as found, email.customer.ts), and what routing may ask
 * for: the customer's attribute values, which of the routed users are `enabled` and which routed queues `active`.
 * Every part is an indexed lookup.
 */
export async function findInboundContext(tx: Tx, ref: DepartmentInput, address: string, sender: string, needs: readonly RoutingNeeds[]): Promise<InboundContext> {
  const where = ref.id !== undefined ? Prisma.sql`d.id = CAST(${ref.id} AS bigint)` : Prisma.sql`lower(d.name) = lower(${ref.name ?? ''})`;
  // What the workflows of the department found (d.id) may ask for; `needs` may list other departments too.
  const valueDepartments = needs.filter((n) => n.customerValues).map((n) => String(n.departmentId));
  const users = needs.flatMap((n) => n.userIds.map((u) => [String(n.departmentId), String(u)] as const));
  const queues = needs.flatMap((n) => n.queueIds.map((q) => [String(n.departmentId), String(q)] as const));
  const values = valueDepartments.length
    ? Prisma.sql`CASE WHEN d.id = ANY(CAST(${valueDepartments} AS bigint[])) THEN
                   (SELECT json_agg(json_build_object('name', cd.name, 'data_type', cd.data_type, 'key', v.key))
                      FROM customer_attribute_value v JOIN custom_attribute_definition cd ON cd.id = v.definition_id
                     WHERE v.customer_id = CAST(f.customer_id AS bigint)) END`
    : Prisma.sql`NULL::json`;
  const enabled = users.length
    ? Prisma.sql`ARRAY(SELECT u.id::text FROM unnest(CAST(${users.map((u) => u[0])} AS bigint[]), CAST(${users.map((u) => u[1])} AS bigint[])) AS x(dept, id)
                         JOIN app_user u ON u.id = x.id WHERE x.dept = d.id AND u.state = 'enabled')`
    : Prisma.sql`NULL::text[]`;
  const active = queues.length
    ? Prisma.sql`ARRAY(SELECT wq.id::text FROM unnest(CAST(${queues.map((q) => q[0])} AS bigint[]), CAST(${queues.map((q) => q[1])} AS bigint[])) AS x(dept, id)
                         JOIN queue wq ON wq.id = x.id WHERE x.dept = d.id AND wq.state = 'active')`
    : Prisma.sql`NULL::text[]`;
  const rows = await tx.$queryRaw<RawInbound[]>`
    WITH f AS (${customerLookup(sender)})
    SELECT d.id::text AS dept_id, d.name AS dept_name, a.id::text AS alias_id, a.name AS alias_name, a.email_address,
           a.display_name, a.queue_id::text, q.state AS queue_state,
           f.customer_id, f.customer_name, f.person_id, f.point_id, f.first_name, f.last_name,
           ${values} AS customer_values, ${enabled} AS enabled_users, ${active} AS active_queues
      FROM department d
      LEFT JOIN email_alias a ON lower(a.email_address) = lower(${address}) AND a.department_id = d.id AND a.state = 'active'
      LEFT JOIN queue q ON q.id = a.queue_id
      LEFT JOIN f ON true
     WHERE ${where}
     ORDER BY d.id LIMIT 1`;
  const r = rows[0];
  const none = { customer: undefined, customerValues: [], enabledUsers: new Set<bigint>(), activeQueues: new Set<bigint>() };
  if (!r) return { department: undefined, alias: undefined, ...none };
  return {
    ...toDepartmentAndAlias(r),
    customer: r.customer_id ? (r as FoundCustomer) : undefined,
    customerValues: r.customer_values ?? [],
    enabledUsers: new Set((r.enabled_users ?? []).map(BigInt)),
    activeQueues: new Set((r.active_queues ?? []).map(BigInt)),
  };
}

/** The state of a user or queue the routing chose, read under FOR SHARE (undefined when the row is gone). */
export async function stateUnderShareLock(tx: Tx, table: 'app_user' | 'queue', id: bigint): Promise<string | undefined> {
  const rows = await tx.$queryRaw<{ state: string }[]>`SELECT state FROM ${Prisma.raw(table)} WHERE id = ${id} FOR SHARE`;
  return rows[0]?.state;
}

/** New ids from the activity sequence and, when `withCase`, the case sequence: macros can name them before the insert. */
export async function nextIds(tx: Tx, withCase: boolean): Promise<{ activityId: bigint; caseId: bigint | undefined }> {
  const [row] = await tx.$queryRaw<{ activity_id: string; case_id: string | null }[]>`
    SELECT nextval('activity_id_seq')::text AS activity_id,
           CASE WHEN ${withCase} THEN nextval('interaction_case_id_seq')::text END AS case_id`;
  return { activityId: BigInt(row!.activity_id), caseId: row!.case_id === null ? undefined : BigInt(row!.case_id) };
}

export type NewEmail = {
  /** Taken from the sequence beforehand (V4/V5), or undefined for the column default (V3). */
  id?: bigint;
  /** The case joined, or the id of the new case (V4/V5: from the sequence; V3: undefined, the column default). */
  caseId: bigint | undefined;
  /** A new case is inserted with the email (04 §3.1: open, medium, the email's department, customer and subject). */
  newCase: boolean;
  customerId: bigint;
  contactPersonId: bigint;
  contactPointId: bigint;
  departmentId: bigint;
  subtype: 'general' | 'compose';
  mode: 'inbound' | 'outbound';
  transition: Transition;
  subject: string;
  priority: number;
  dueDate: Date | null;
  language: string;
  isSecure: boolean;
  createdBy: bigint | null;
  now: Date;
  content: {
    emailDate: Date | null;
    aliasId: bigint | null;
    fromAddress: string | null;
    receiverAddress: string | null;
    to: string[];
    cc: string[];
    bcc: string[];
    text: string | null;
    html: string | null;
  };
};

const big = (v: bigint | null | undefined) => (v === null || v === undefined ? null : String(v));

/**
 * Inserts, in one statement, the new case when the email opens one (04 §3.1, as createCaseFor writes it; when the
 * email is assigned, with that owner and `lastModified` = created + 1 ms, as createCaseFor then assignOwnerIfNone
 * wrote it), else the owner of the joined case when the email is assigned and the case has none (04 §3.2, as
 * assignOwnerIfNone writes it), the activity with the columns its creating transition gives (status, substatus,
 * assigned user and assignment time, queue, queue-entry time, `completed`, `userLastWorked`) and its payload row.
 * Answers the activity's and the case's ids.
 */
export async function insertEmail(tx: Tx, e: NewEmail): Promise<{ id: bigint; caseId: bigint }> {
  const t = e.transition;
  const n = t.next;
  const worked = t.userLastWorked === undefined ? null : big(t.userLastWorked);
  const c = e.content;
  const by = big(e.createdBy);
  const owner = big(t.assignedTo);
  if (!e.newCase && e.caseId === undefined) throw new Error('insertEmail: a case to join or a new case');
  const theCase = e.newCase
    ? Prisma.sql`c AS (
        INSERT INTO interaction_case (id, department_id, customer_id, status, severity, subject, owner_id, originating_channel, created_at,
                                      created_by_id, last_modified_at, last_modified_by_id)
        VALUES (COALESCE(CAST(${big(e.caseId)} AS bigint), nextval('interaction_case_id_seq')), CAST(${String(e.departmentId)} AS bigint),
                CAST(${String(e.customerId)} AS bigint), 'open', 'medium', ${e.subject}, CAST(${owner} AS bigint), 'email',
                ${e.now}::timestamptz, CAST(${by} AS bigint),
                ${e.now}::timestamptz + CASE WHEN ${owner !== null} THEN interval '1 millisecond' ELSE interval '0' END, CAST(${by} AS bigint))
        RETURNING id),`
    : Prisma.sql`c AS (SELECT CAST(${big(e.caseId)} AS bigint) AS id),
      o AS (
        UPDATE interaction_case SET owner_id = CAST(${owner} AS bigint),
               last_modified_at = GREATEST(${e.now}::timestamptz, last_modified_at + interval '1 millisecond'), last_modified_by_id = CAST(${by} AS bigint)
         WHERE ${owner !== null} AND id = CAST(${big(e.caseId)} AS bigint) AND owner_id IS NULL
        RETURNING id),`;
  const [row] = await tx.$queryRaw<{ id: string; case_id: string }[]>`
    WITH ${theCase}
    a AS (
      INSERT INTO activity (id, case_id, customer_id, contact_person_id, contact_point_id, department_id, type, subtype, mode,
                            status, substatus, assigned_user_id, assigned_at, queue_id, queue_entered_at, subject, priority, due_date,
                            language, is_secure, created_at, created_by_id, last_modified_at, last_modified_by_id,
                            completed_at, completed_by_id, user_last_worked_id)
      SELECT COALESCE(CAST(${big(e.id)} AS bigint), nextval('activity_id_seq')), c.id,
             CAST(${String(e.customerId)} AS bigint), CAST(${String(e.contactPersonId)} AS bigint),
             CAST(${String(e.contactPointId)} AS bigint), CAST(${String(e.departmentId)} AS bigint), 'email', ${e.subtype},
             ${e.mode}, ${n.status}, ${n.substatus}, CAST(${big(n.assignedUserId)} AS bigint),
             ${t.assignedTo !== null ? e.now : null}::timestamptz, CAST(${big(n.queueId)} AS bigint),
             ${t.enteredQueue ? e.now : null}::timestamptz, ${e.subject}, ${e.priority}, ${e.dueDate}::timestamptz, ${e.language},
             ${e.isSecure}, ${e.now}::timestamptz, CAST(${by} AS bigint), ${e.now}::timestamptz,
             CAST(${by} AS bigint), ${t.completed ? e.now : null}::timestamptz,
             CAST(${t.completed ? by : null} AS bigint), CAST(${worked} AS bigint)
        FROM c
      RETURNING id, case_id),
    p AS (
      INSERT INTO activity_content (activity_id, email_date, alias_id, from_address, receiver_address, to_addresses, cc_addresses,
                                    bcc_addresses, text, html)
      SELECT a.id, ${c.emailDate}::timestamptz, CAST(${big(c.aliasId)} AS bigint), ${c.fromAddress}, ${c.receiverAddress},
             CAST(${c.to} AS text[]), CAST(${c.cc} AS text[]), CAST(${c.bcc} AS text[]), ${c.text}, ${c.html}
        FROM a)
    SELECT a.id::text AS id, a.case_id::text AS case_id FROM a`;
  return { id: BigInt(row!.id), caseId: BigInt(row!.case_id) };
}

/**
 * Stores the bytes of the attachments (once per distinct content, content-store.ts; the same bytes sent twice in one
 * body are stored once) and inserts their rows in one statement, ids in body order. The reference counts of the
 * stored contents follow the rows through the triggers of the migration.
 */
export async function insertAttachments(tx: Tx, activityId: bigint, files: readonly AttachmentInput[], now: Date): Promise<void> {
  if (!files.length) return;
  // Distinct contents in hash order (content-store.ts): two requests storing the same contents never wait on each
  // other's rows in opposite orders.
  const hashes = (await storeContents(tx, files.map((f) => f.bytes))).map((r) => r.sha256.toString('hex'));
  await tx.$executeRaw`
    INSERT INTO activity_attachment (activity_id, file_name, content_type, size, is_inline, content_id, content_sha256, created_at)
    SELECT CAST(${String(activityId)} AS bigint), x.file_name, x.content_type, x.size, x.is_inline, x.content_id, decode(x.sha, 'hex'),
           ${now}::timestamptz
      FROM unnest(CAST(${files.map((f) => f.fileName)} AS text[]), CAST(${files.map((f) => f.contentType)} AS text[]),
                  CAST(${files.map((f) => f.bytes.length)} AS bigint[]), CAST(${files.map((f) => f.isInline)} AS boolean[]),
                  CAST(${files.map((f) => f.contentId)} AS text[]), CAST(${hashes} AS text[]))
           WITH ORDINALITY AS x(file_name, content_type, size, is_inline, content_id, sha, n)
     ORDER BY x.n`;
}
