// Queue rows (07 §7). Every function takes the client (root or transaction) first and never throws HTTP errors.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { inOrder, nameLike, pageOfIds, type Db, type IdPage } from '../shared/admin-list.queries.ts';

const queueSelect = {
  id: true,
  name: true,
  description: true,
  departmentId: true,
  department: { select: { id: true, name: true } },
  state: true,
  channels: true,
  maxQueueDepth: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.QueueSelect;

export type MemberUser = { id: bigint; loginId: string; screenName: string };
export type MemberGroup = { id: bigint; name: string };

export type QueueRow = Prisma.QueueGetPayload<{ select: typeof queueSelect }> & {
  /** The listed members (not the effective ones), by id; read only when asked for. */
  members?: { users: MemberUser[]; groups: MemberGroup[] };
};

/**
 * Queues in the order of `ids` (unknown ids left out), with their listed members when `members`. The member lists
 * are read one query after the other: inside a transaction (one connection) Prisma would otherwise send sibling
 * relation queries at the same time.
 */
export async function findQueues(db: Db, ids: readonly bigint[], members = false): Promise<QueueRow[]> {
  if (!ids.length) return [];
  const rows: QueueRow[] = await db.queue.findMany({ where: { id: { in: [...ids] } }, select: queueSelect });
  if (members && rows.length) {
    const queueIds = rows.map((r) => r.id);
    const users = await db.queueMemberUser.findMany({
      where: { queueId: { in: queueIds } },
      select: { queueId: true, user: { select: { id: true, loginId: true, screenName: true } } },
      orderBy: [{ queueId: 'asc' }, { userId: 'asc' }],
    });
    const groups = await db.queueMemberGroup.findMany({
      where: { queueId: { in: queueIds } },
      select: { queueId: true, group: { select: { id: true, name: true } } },
      orderBy: [{ queueId: 'asc' }, { groupId: 'asc' }],
    });
    for (const r of rows) {
      r.members = {
        users: users.filter((u) => u.queueId === r.id).map((u) => u.user),
        groups: groups.filter((g) => g.queueId === r.id).map((g) => g.group),
      };
    }
  }
  return inOrder(ids, rows);
}

export type QueueFilter = {
  departmentId?: bigint | undefined;
  channel?: string | undefined;
  state?: string | undefined;
  name?: string | undefined;
  /** Queues where this user is an effective member (07 §7.1); the service passes only enabled users. */
  memberId?: bigint | undefined;
  /** The `user` filter named a user who is not enabled: nothing matches. */
  none?: boolean;
};

const id = (value: bigint) => Prisma.sql`CAST(${String(value)} AS bigint)`;

export function pageQueues(db: Db, filter: QueueFilter, q: ParsedQuery): Promise<IdPage> {
  const name = Prisma.raw('q.name');
  const where: Prisma.Sql[] = [];
  if (filter.none) where.push(Prisma.sql`FALSE`);
  if (filter.departmentId !== undefined) where.push(Prisma.sql`q.department_id = ${id(filter.departmentId)}`);
  if (filter.channel !== undefined) where.push(Prisma.sql`${filter.channel}::text = ANY(q.channels)`);
  if (filter.state !== undefined) where.push(Prisma.sql`q.state = ${filter.state}`);
  if (filter.name !== undefined) where.push(nameLike(name, filter.name));
  if (filter.memberId !== undefined) {
    const user = id(filter.memberId);
    where.push(Prisma.sql`(EXISTS (SELECT 1 FROM queue_member_user mu WHERE mu.queue_id = q.id AND mu.user_id = ${user})
      OR EXISTS (SELECT 1 FROM queue_member_group mg JOIN user_group_member gm ON gm.group_id = mg.group_id
                  WHERE mg.queue_id = q.id AND gm.user_id = ${user}))`);
  }
  return pageOfIds(db, { from: Prisma.sql`queue q`, id: Prisma.raw('q.id'), name, where }, q);
}

/** A queue other than `except` in `departmentId` whose name equals `name` case-insensitively (the unique index's rule). */
export async function findQueueNameHolder(db: Db, departmentId: bigint, name: string, except: readonly bigint[] = []): Promise<bigint | undefined> {
  const exclude = except.length ? Prisma.sql`AND id NOT IN (${Prisma.join(except.map(id))})` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM queue
    WHERE department_id = ${id(departmentId)} AND lower(name) = lower(${name}) ${exclude} ORDER BY id LIMIT 1`;
  return rows[0] ? BigInt(rows[0].id) : undefined;
}

/** The departments of the groups among `ids` that exist. */
export async function findGroupDepartments(db: Db, ids: readonly bigint[]): Promise<Map<bigint, bigint>> {
  const rows = await db.userGroup.findMany({ where: { id: { in: [...ids] } }, select: { id: true, departmentId: true } });
  return new Map(rows.map((g) => [g.id, g.departmentId]));
}

/** The state of a user (any state, deleted included), or undefined when there is no such user. */
export async function userState(db: Db, userId: bigint): Promise<string | undefined> {
  return (await db.user.findUnique({ where: { id: userId }, select: { state: true } }))?.state;
}

/** Replaces the users listed as members of a queue. */
export async function setMemberUsers(db: Db, queueId: bigint, userIds: readonly bigint[]): Promise<void> {
  await db.queueMemberUser.deleteMany({ where: { queueId } });
  if (userIds.length) await db.queueMemberUser.createMany({ data: userIds.map((userId) => ({ queueId, userId })) });
}

/** Replaces the groups listed as members of a queue. */
export async function setMemberGroups(db: Db, queueId: bigint, groupIds: readonly bigint[]): Promise<void> {
  await db.queueMemberGroup.deleteMany({ where: { queueId } });
  if (groupIds.length) await db.queueMemberGroup.createMany({ data: groupIds.map((groupId) => ({ queueId, groupId })) });
}

/** Removes these users from every queue's member list (07 §3.7: deleted users). */
export async function removeMemberUsers(db: Db, userIds: readonly bigint[]): Promise<void> {
  if (userIds.length) await db.queueMemberUser.deleteMany({ where: { userId: { in: [...userIds] } } });
}

/**
 * The SQL of the effective members of `queueIds` (07 §7.1): the users listed directly plus the members of the listed
 * groups, in state `enabled` only; one row `(queue_id, user_id)` per member. `queueIds` is a bigint[] parameter
 * reference such as `$1::bigint[]`.
 */
export const effectiveMembersSql = (queueIds: string) => `
  SELECT m.queue_id, m.user_id
    FROM (SELECT queue_id, user_id FROM queue_member_user WHERE queue_id = ANY(${queueIds})
          UNION
          SELECT mg.queue_id, gm.user_id
            FROM queue_member_group mg JOIN user_group_member gm ON gm.group_id = mg.group_id
           WHERE mg.queue_id = ANY(${queueIds})) m
    JOIN app_user u ON u.id = m.user_id
   WHERE u.state = 'enabled'`;

/** The effective members of one queue, by id. */
export async function effectiveMemberIds(db: Db, queueId: bigint): Promise<bigint[]> {
  const rows = await db.$queryRawUnsafe<{ user_id: string }[]>(
    `SELECT e.user_id::text AS user_id FROM (${effectiveMembersSql('$1::bigint[]')}) e ORDER BY e.user_id`,
    [String(queueId)],
  );
  return rows.map((r) => BigInt(r.user_id));
}

/** Locks the queues `ids` (in id order) until the transaction ends; nothing when `ids` is empty. */
export async function lockQueues(db: Db, ids: readonly bigint[]): Promise<void> {
  if (!ids.length) return;
  await db.$queryRaw`SELECT id FROM queue WHERE id IN (${Prisma.join(ids.map(id))}) ORDER BY id FOR UPDATE`;
}
