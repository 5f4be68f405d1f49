// Helpers of the queue API tests (07 §7): queue rows, members and activity rows written directly with Prisma.
import type { Database } from '../../../../src/db/database.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { ADMIN, ns, unique } from '../department/support.ts';

export const QUEUE_URL = `${ADMIN}/queue`;
export const QUE = ns('queue');

export type Ref = { id: string; link: { rel: string; href: string } };
export type QueueView = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  description?: string;
  department: { id: string; name: string };
  state: { value: string; displayValue: string };
  channels: { channel: { value: string; displayValue: string }[] };
  maxQueueDepth: number;
  members?: {
    users?: { user: (Ref & { loginId: string; screenName: string })[] };
    groups?: { group: (Ref & { name: string })[] };
  };
  lastModified: { date: string; user?: { id: string; name: string; firstName: string; lastName?: string } };
  created?: { date: string; user?: { id: string; name: string; firstName: string; lastName?: string } };
};
export type QueuePage = { queue: QueueView[]; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] } };

export const dept = (db: Database) => createDepartment(db, unique('QD'));

/** A queue row written directly (no API), with its listed members. */
export async function queueRow(
  db: Database,
  departmentId: bigint,
  opts: { name?: string; channels?: string[]; state?: string; maxQueueDepth?: number; users?: bigint[]; groups?: bigint[]; description?: string; at?: Date } = {},
) {
  const at = opts.at ?? new Date();
  const q = await db.prisma.queue.create({
    data: {
      name: opts.name ?? unique('Q'),
      description: opts.description ?? null,
      departmentId,
      state: opts.state ?? 'active',
      channels: opts.channels ?? ['chat'],
      maxQueueDepth: opts.maxQueueDepth ?? 0,
      createdAt: at,
      lastModifiedAt: at,
    },
  });
  if (opts.users?.length) await db.prisma.queueMemberUser.createMany({ data: opts.users.map((userId) => ({ queueId: q.id, userId })) });
  if (opts.groups?.length) await db.prisma.queueMemberGroup.createMany({ data: opts.groups.map((groupId) => ({ queueId: q.id, groupId })) });
  return q;
}

/** A user group row with these members. */
export async function groupRow(db: Database, departmentId: bigint, userIds: bigint[] = [], name = unique('G')) {
  return db.prisma.userGroup.create({ data: { name, departmentId, members: { create: userIds.map((userId) => ({ userId })) } } });
}

/** A customer and a case in `departmentId`, to hang activities on. */
export async function caseRow(db: Database, departmentId: bigint) {
  const customer = await db.prisma.customer.create({ data: { type: 'corporate', customerName: 'X', departmentId } });
  const c = await db.prisma.case.create({ data: { departmentId, customerId: customer.id, originatingChannel: 'chat' } });
  return { customerId: customer.id, caseId: c.id, departmentId };
}

const substatusOf = { open: 'ready_for_inbound_workflow', awaiting_assignment: 'in_queue', assigned: 'in_progress', completed: 'done' } as const;

/** An activity row (status and substatus consistent with activity_status_check). */
export async function activityRow(
  db: Database,
  kase: { customerId: bigint; caseId: bigint; departmentId: bigint },
  opts: {
    queueId?: bigint | null;
    type?: 'email' | 'chat' | 'social' | 'task' | 'calltrack';
    status: keyof typeof substatusOf;
    assignedUserId?: bigint;
    queueEnteredAt?: Date;
    lastModifiedAt?: Date;
  },
) {
  const type = opts.type ?? 'chat';
  return db.prisma.activity.create({
    data: {
      caseId: kase.caseId,
      customerId: kase.customerId,
      departmentId: kase.departmentId,
      type,
      subtype: type === 'chat' ? 'messaging' : 'general',
      mode: 'inbound',
      status: opts.status,
      substatus: substatusOf[opts.status],
      assignedUserId: opts.assignedUserId ?? null,
      queueId: opts.queueId ?? null,
      queueEnteredAt: opts.queueEnteredAt ?? null,
      ...(opts.lastModifiedAt ? { lastModifiedAt: opts.lastModifiedAt } : {}),
    },
  });
}

/** The assignment system line of 08 §8.2, as the chat router records it. */
export async function assignmentLine(db: Database, activityId: bigint, sentAt: Date, sequence = 2, screenName = 'Jenny') {
  await db.prisma.chatMessage.create({ data: { activityId, sequence, sentAt, senderType: 'system', text: `You are now chatting with ${screenName}` } });
}
