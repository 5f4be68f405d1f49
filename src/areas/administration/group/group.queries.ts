// User group rows (07 §5). Every function takes the client (root or transaction) first and never throws HTTP errors.
import { Prisma } from '../../../generated/prisma/client.ts';
import { removeGroupsFromWorkflows } from '../workflow/workflow.queries.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { inOrder, nameLike, pageOfIds, type Db, type IdPage } from '../shared/admin-list.queries.ts';

const groupSelect = {
  id: true,
  name: true,
  description: true,
  departmentId: true,
  department: { select: { id: true, name: true } },
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.UserGroupSelect;

const withMembers = {
  ...groupSelect,
  members: { select: { user: { select: { id: true, loginId: true, screenName: true } } }, orderBy: { userId: 'asc' } },
} satisfies Prisma.UserGroupSelect;

export type GroupRow = Prisma.UserGroupGetPayload<{ select: typeof groupSelect }> & {
  members?: { user: { id: bigint; loginId: string; screenName: string } }[];
};

export async function findGroups(db: Db, ids: readonly bigint[], members = false): Promise<GroupRow[]> {
  const where = { id: { in: [...ids] } };
  const rows: GroupRow[] = members
    ? await db.userGroup.findMany({ where, select: withMembers })
    : await db.userGroup.findMany({ where, select: groupSelect });
  return inOrder(ids, rows);
}

export type GroupFilter = { departmentId?: bigint | undefined; name?: string | undefined; userId?: bigint | undefined };

export function pageGroups(db: Db, filter: GroupFilter, q: ParsedQuery): Promise<IdPage> {
  const name = Prisma.raw('g.name');
  const where: Prisma.Sql[] = [];
  if (filter.departmentId !== undefined) where.push(Prisma.sql`g.department_id = CAST(${String(filter.departmentId)} AS bigint)`);
  if (filter.name !== undefined) where.push(nameLike(name, filter.name));
  if (filter.userId !== undefined) {
    where.push(Prisma.sql`EXISTS (SELECT 1 FROM user_group_member m WHERE m.group_id = g.id AND m.user_id = CAST(${String(filter.userId)} AS bigint))`);
  }
  return pageOfIds(db, { from: Prisma.sql`user_group g`, id: Prisma.raw('g.id'), name, where }, q);
}

/** Groups other than `except` in `departmentId` whose name equals `name` case-insensitively (the unique index's rule). */
export async function findGroupNameHolder(db: Db, departmentId: bigint, name: string, except: readonly bigint[] = []): Promise<bigint | undefined> {
  const exclude = except.length ? Prisma.sql`AND id NOT IN (${Prisma.join(except.map((id) => Prisma.sql`CAST(${String(id)} AS bigint)`))})` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM user_group
    WHERE department_id = CAST(${String(departmentId)} AS bigint) AND lower(name) = lower(${name}) ${exclude} ORDER BY id LIMIT 1`;
  return rows[0] ? BigInt(rows[0].id) : undefined;
}

/** The users among `ids` that are not deleted, with whether `departmentId` is their home or a foreign department. */
export async function findMemberCandidates(db: Db, ids: readonly bigint[], departmentId: bigint): Promise<Map<bigint, { inDepartment: boolean }>> {
  const rows = await db.user.findMany({
    where: { id: { in: [...ids] }, state: { not: 'deleted' } },
    select: { id: true, departmentId: true, foreignDepartments: { where: { departmentId }, select: { departmentId: true } } },
  });
  return new Map(rows.map((u) => [u.id, { inDepartment: u.departmentId === departmentId || u.foreignDepartments.length > 0 }]));
}

export async function userExists(db: Db, id: bigint): Promise<boolean> {
  return (await db.user.count({ where: { id } })) > 0;
}

/** Replaces the members of a group. */
export async function setMembers(db: Db, groupId: bigint, userIds: readonly bigint[]): Promise<void> {
  await db.userGroupMember.deleteMany({ where: { groupId } });
  if (userIds.length) await db.userGroupMember.createMany({ data: userIds.map((userId) => ({ groupId, userId })) });
}

/**
 * What deleting groups removes besides the rows (07 §5): memberships and queue member lists now; the workflows issue
 * appends workflow notification lists.
 */
export async function detachGroups(db: Db, groupIds: readonly bigint[]): Promise<void> {
  await db.userGroupMember.deleteMany({ where: { groupId: { in: [...groupIds] } } });
  await db.queueMemberGroup.deleteMany({ where: { groupId: { in: [...groupIds] } } });
  await removeGroupsFromWorkflows(db, groupIds);
}
