// Seams: what the user resource needs from areas that do not exist yet. Each function answers as the contract
// requires while its area is missing; the issue that adds the area replaces the body, not the callers.
import { Err } from '../../../errors/app-error.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { Tx } from '../common.ts';
import { effectiveMemberIds, removeMemberUsers } from '../queue/queue.queries.ts';

/**
 * §3.3 `queue` criterion: the effective members of a queue (§7.1: listed users plus members of listed groups,
 * enabled only); a queue that does not exist → 404-101.
 */
export async function queueMemberIds(ctx: ServiceContext, queueId: string): Promise<string[]> {
  const db = ctx.db.prisma;
  if (!(await db.queue.findUnique({ where: { id: BigInt(queueId) }, select: { id: true } }))) throw Err.idsNotFound([queueId]);
  return (await effectiveMemberIds(db, BigInt(queueId))).map(String);
}

/** §3.7: deleted users leave every queue's member list (their group memberships go in deleteUsers). */
export async function removeQueueMemberships(tx: Tx, userIds: readonly string[]): Promise<void> {
  await removeMemberUsers(tx, userIds.map((id) => BigInt(id)));
}

/** §3.7: the users among `userIds` who still have open activities assigned (their deletion → 409-102). */
export async function usersWithOpenAssignedActivities(tx: Tx, userIds: readonly string[]): Promise<string[]> {
  if (!userIds.length) return [];
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT DISTINCT assigned_user_id::text AS id FROM activity
     WHERE assigned_user_id = ANY(CAST(${[...userIds]} AS bigint[])) AND status = 'assigned' ORDER BY 1`;
  return rows.map((r) => r.id);
}

/** §3.1 `currentLoad`: open activities of each type (chat, email) assigned to each user now. */
export async function currentLoads(ctx: ServiceContext, userIds: readonly string[]): Promise<Map<string, { chat: number; email: number }>> {
  const loads = new Map(userIds.map((id) => [id, { chat: 0, email: 0 }]));
  if (!userIds.length) return loads;
  const rows = await ctx.db.prisma.$queryRaw<{ id: string; chat: number; other: number }[]>`
    SELECT assigned_user_id::text AS id, count(*) FILTER (WHERE type = 'chat')::int AS chat, count(*) FILTER (WHERE type = 'email')::int AS other
      FROM activity WHERE assigned_user_id = ANY(CAST(${[...userIds]} AS bigint[])) AND status = 'assigned' GROUP BY assigned_user_id`;
  for (const r of rows) loads.set(r.id, { chat: r.chat, email: r.other });
  return loads;
}

/**
 * §3.9: a user who becomes available for chat triggers chat assignment at once (08 §5). Called after the commit.
 * CHAT ROUTING ISSUE: there is no chat router yet.
 */
export async function userBecameAvailableForChat(_ctx: ServiceContext, _userId: string): Promise<void> {}
