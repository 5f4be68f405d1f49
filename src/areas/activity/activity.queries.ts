// Activity rows (05 §5) for a page: the activity with its department, queue, customer and user names in one query;
// the contact person and point it is attached to (removed ones too, 03 §4.3), the payload, chat messages and custom
// attribute values in one query each, only when the request asks for them.
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { UserRef } from '../../authz/actor.ts';
import type { Tx } from '../administration/common.ts';
import type { PointRow } from '../customer/customer.queries.ts';
import { pointFromJson } from '../customer/customer.persons.ts';
import type { ChatLine } from './transcript.ts';
import type { ActivityType, Status, Substatus } from './status-machine.ts';

export type Db = PrismaClient | Tx;

export type ActivityRow = {
  id: bigint;
  caseId: bigint;
  departmentId: bigint;
  departmentName: string;
  type: ActivityType;
  subtype: string;
  mode: string;
  status: Status;
  substatus: Substatus;
  assignedUserId: bigint | null;
  queueId: bigint | null;
  queueName: string | null;
  subject: string;
  priority: number;
  dueDate: Date | null;
  language: string;
  isSecure: boolean;
  customerId: bigint;
  customerName: string;
  customerType: string;
  contactPersonId: bigint | null;
  contactPointId: bigint | null;
  entryPointId: bigint | null;
  entryPointName: string | null;
  createdAt: Date;
  createdById: bigint | null;
  lastModifiedAt: Date;
  lastModifiedById: bigint | null;
  completedAt: Date | null;
  completedById: bigint | null;
  userLastWorkedId: bigint | null;
  /** Users the row names, by id. */
  users: Map<string, UserRef>;
  /** The contact person and point the activity is attached to, removed ones too (05 §5.2). */
  person: AttachedPerson | undefined;
  point: PointRow | undefined;
};

type Raw = Record<string, unknown> & {
  users: { id: string; name: string; firstName: string; lastName: string | null }[] | null;
  person: { id: string; firstName: string; middleName: string | null; lastName: string | null } | null;
  point: Record<string, unknown> | null;
};
const big = (v: unknown) => (v === null || v === undefined ? null : BigInt(v as string));

/** Activities of `ids`, in the order of `ids` (missing ones left out). */
export async function findActivities(db: Db, ids: readonly bigint[]): Promise<ActivityRow[]> {
  if (!ids.length) return [];
  const rows = await db.$queryRaw<Raw[]>`
    SELECT a.id::text, a.case_id::text, a.department_id::text, d.name AS department_name, a.type, a.subtype, a.mode, a.status,
           a.substatus, a.assigned_user_id::text, a.queue_id::text, q.name AS queue_name, a.subject, a.priority, a.due_date,
           a.language, a.is_secure, a.customer_id::text, c.customer_name, c.type AS customer_type,
           a.contact_person_id::text, a.contact_point_id::text, a.entry_point_id::text, e.name AS entry_point_name,
           a.created_at, a.created_by_id::text, a.last_modified_at, a.last_modified_by_id::text, a.completed_at,
           a.completed_by_id::text, a.user_last_worked_id::text,
           (SELECT json_agg(json_build_object('id', u.id::text, 'name', u.screen_name, 'firstName', u.first_name, 'lastName', u.last_name))
              FROM app_user u WHERE u.id IN (a.assigned_user_id, a.created_by_id, a.last_modified_by_id, a.user_last_worked_id, a.completed_by_id)) AS users,
           (SELECT json_build_object('id', p.id::text, 'firstName', p.first_name, 'middleName', p.middle_name, 'lastName', p.last_name)
              FROM contact_person p WHERE p.id = a.contact_person_id) AS person,
           (SELECT row_to_json(pt.*) FROM contact_point pt WHERE pt.id = a.contact_point_id) AS point
      FROM activity a
      JOIN department d ON d.id = a.department_id
      JOIN customer c ON c.id = a.customer_id
      LEFT JOIN queue q ON q.id = a.queue_id
      LEFT JOIN entry_point e ON e.id = a.entry_point_id
     WHERE a.id = ANY(CAST(${ids.map(String)} AS bigint[]))`;
  const byId = new Map(
    rows.map((r) => {
      const row: ActivityRow = {
        id: BigInt(r.id as string),
        caseId: BigInt(r.case_id as string),
        departmentId: BigInt(r.department_id as string),
        departmentName: r.department_name as string,
        type: r.type as ActivityType,
        subtype: r.subtype as string,
        mode: r.mode as string,
        status: r.status as Status,
        substatus: r.substatus as Substatus,
        assignedUserId: big(r.assigned_user_id),
        queueId: big(r.queue_id),
        queueName: (r.queue_name as string | null) ?? null,
        subject: r.subject as string,
        priority: Number(r.priority),
        dueDate: r.due_date ? new Date(r.due_date as string) : null,
        language: r.language as string,
        isSecure: r.is_secure as boolean,
        customerId: BigInt(r.customer_id as string),
        customerName: r.customer_name as string,
        customerType: r.customer_type as string,
        contactPersonId: big(r.contact_person_id),
        contactPointId: big(r.contact_point_id),
        entryPointId: big(r.entry_point_id),
        entryPointName: (r.entry_point_name as string | null) ?? null,
        createdAt: new Date(r.created_at as string),
        createdById: big(r.created_by_id),
        lastModifiedAt: new Date(r.last_modified_at as string),
        lastModifiedById: big(r.last_modified_by_id),
        completedAt: r.completed_at ? new Date(r.completed_at as string) : null,
        completedById: big(r.completed_by_id),
        userLastWorkedId: big(r.user_last_worked_id),
        users: new Map((r.users ?? []).map((u) => [u.id, { id: u.id, name: u.name, firstName: u.firstName, lastName: u.lastName ?? undefined }])),
        person: r.person ? { id: BigInt(r.person.id), firstName: r.person.firstName, middleName: r.person.middleName, lastName: r.person.lastName } : undefined,
        point: r.point ? pointFromJson(r.point) : undefined,
      };
      return [row.id, row] as const;
    }),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export type AttachedPerson = { id: bigint; firstName: string; middleName: string | null; lastName: string | null };

export type ContentRow = {
  emailDate: Date | null;
  aliasId: bigint | null;
  fromAddress: string | null;
  receiverAddress: string | null;
  toAddresses: string[];
  ccAddresses: string[];
  bccAddresses: string[];
  text: string | null;
  html: string | null;
};

/** Payload contents by activity id. */
export async function findContents(db: Db, ids: readonly bigint[]): Promise<Map<bigint, ContentRow>> {
  if (!ids.length) return new Map();
  const rows = await db.activityContent.findMany({ where: { activityId: { in: [...ids] } } });
  return new Map(rows.map(({ activityId, ...c }) => [activityId, c]));
}

/** Chat messages by activity id, in sequence order. */
export async function findChatLines(db: Db, ids: readonly bigint[]): Promise<Map<bigint, ChatLine[]>> {
  const out = new Map<bigint, ChatLine[]>();
  if (!ids.length) return out;
  const rows = await db.chatMessage.findMany({ where: { activityId: { in: [...ids] } }, orderBy: [{ activityId: 'asc' }, { sequence: 'asc' }] });
  for (const m of rows) {
    const list = out.get(m.activityId) ?? [];
    list.push({ sequence: m.sequence, sentAt: m.sentAt, senderType: m.senderType as ChatLine['senderType'], userId: m.userId, senderName: m.senderName, text: m.text, internal: m.internal });
    out.set(m.activityId, list);
  }
  return out;
}

/** The agents who took part in chats (`isConference.users`, 05 §5.3), in order of joining, with their references. */
export async function findChatAgents(db: Db, ids: readonly bigint[]): Promise<Map<bigint, UserRef[]>> {
  const out = new Map<bigint, UserRef[]>();
  if (!ids.length) return out;
  const rows = await db.$queryRaw<{ activity_id: string; id: string; name: string; first_name: string; last_name: string | null }[]>`
    SELECT m.activity_id::text, u.id::text, u.screen_name AS name, u.first_name, u.last_name
      FROM (SELECT activity_id, user_id, min(sequence) AS first FROM chat_message
             WHERE activity_id = ANY(CAST(${ids.map(String)} AS bigint[])) AND user_id IS NOT NULL GROUP BY activity_id, user_id) m
      JOIN app_user u ON u.id = m.user_id
     ORDER BY m.activity_id, m.first`;
  for (const r of rows) {
    const id = BigInt(r.activity_id);
    out.set(id, [...(out.get(id) ?? []), { id: r.id, name: r.name, firstName: r.first_name, lastName: r.last_name ?? undefined }]);
  }
  return out;
}

