// The statements of the email channel (05 §9.3–§9.6): each one indexed, each run inside the creating transaction.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { Tx } from '../../administration/common.ts';
import { sha256Of, storeContent } from '../../../content-store/content-store.ts';
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
  if (!r) return { department: undefined, alias: undefined };
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

/** Whether the queue exists and is `active` (a workflow's routing target, 05 T1/T3). */
export async function queueIsActive(tx: Tx, id: bigint): Promise<boolean> {
  const rows = await tx.$queryRaw<{ state: string }[]>`SELECT state FROM queue WHERE id = CAST(${String(id)} AS bigint)`;
  return rows[0]?.state === 'active';
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
  caseId: bigint;
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
 * Inserts the activity with the columns its creating transition gives (status, substatus, assigned user, queue,
 * queue-entry time, `completed`, `userLastWorked`) and its payload row, in one statement. Answers the id.
 */
export async function insertEmail(tx: Tx, e: NewEmail): Promise<bigint> {
  const t = e.transition;
  const n = t.next;
  const worked = t.userLastWorked === undefined ? null : big(t.userLastWorked);
  const c = e.content;
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    WITH a AS (
      INSERT INTO activity (id, case_id, customer_id, contact_person_id, contact_point_id, department_id, type, subtype, mode,
                            status, substatus, assigned_user_id, queue_id, queue_entered_at, subject, priority, due_date,
                            language, is_secure, created_at, created_by_id, last_modified_at, last_modified_by_id,
                            completed_at, completed_by_id, user_last_worked_id)
      VALUES (COALESCE(CAST(${big(e.id)} AS bigint), nextval('activity_id_seq')), CAST(${String(e.caseId)} AS bigint),
              CAST(${String(e.customerId)} AS bigint), CAST(${String(e.contactPersonId)} AS bigint),
              CAST(${String(e.contactPointId)} AS bigint), CAST(${String(e.departmentId)} AS bigint), 'email', ${e.subtype},
              ${e.mode}, ${n.status}, ${n.substatus}, CAST(${big(n.assignedUserId)} AS bigint), CAST(${big(n.queueId)} AS bigint),
              ${t.enteredQueue ? e.now : null}::timestamptz, ${e.subject}, ${e.priority}, ${e.dueDate}::timestamptz, ${e.language},
              ${e.isSecure}, ${e.now}::timestamptz, CAST(${big(e.createdBy)} AS bigint), ${e.now}::timestamptz,
              CAST(${big(e.createdBy)} AS bigint), ${t.completed ? e.now : null}::timestamptz,
              CAST(${t.completed ? big(e.createdBy) : null} AS bigint), CAST(${worked} AS bigint))
      RETURNING id)
    INSERT INTO activity_content (activity_id, email_date, alias_id, from_address, receiver_address, to_addresses, cc_addresses,
                                  bcc_addresses, text, html)
    SELECT a.id, ${c.emailDate}::timestamptz, CAST(${big(c.aliasId)} AS bigint), ${c.fromAddress}, ${c.receiverAddress},
           CAST(${c.to} AS text[]), CAST(${c.cc} AS text[]), CAST(${c.bcc} AS text[]), ${c.text}, ${c.html}
      FROM a
    RETURNING activity_id::text AS id`;
  return BigInt(row!.id);
}

/**
 * Stores the bytes of the attachments (once per distinct content, content-store.ts; the same bytes sent twice in one
 * body are stored once) and inserts their rows in one statement, ids in body order. The reference counts of the
 * stored contents follow the rows through the triggers of the migration.
 */
export async function insertAttachments(tx: Tx, activityId: bigint, files: readonly AttachmentInput[], now: Date): Promise<void> {
  if (!files.length) return;
  const hashes = files.map((f) => sha256Of(f.bytes).toString('hex'));
  const stored = new Set<string>();
  for (const [i, f] of files.entries()) {
    if (stored.has(hashes[i]!)) continue;
    await storeContent(tx, f.bytes);
    stored.add(hashes[i]!);
  }
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
