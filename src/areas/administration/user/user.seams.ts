// Seams: what the user resource needs from areas that do not exist yet. Each function answers as the contract
// requires while its area is missing; the issue that adds the area replaces the body, not the callers.
import { Err } from '../../../errors/app-error.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { Tx } from '../common.ts';

/**
 * §3.3 `queue` criterion: the effective members of a queue (§7.1: listed users plus members of listed groups,
 * enabled only). QUEUES ISSUE: no queue exists yet, so every queue id is unknown → 404-101.
 */
export async function queueMemberIds(_ctx: ServiceContext, queueId: string): Promise<string[]> {
  throw Err.idsNotFound([queueId]);
}

/** §3.7: queue memberships of deleted users are removed. QUEUES ISSUE: no queue membership exists yet. */
export async function removeQueueMemberships(_tx: Tx, _userIds: readonly string[]): Promise<void> {}

/**
 * §3.7: the users among `userIds` who still have open activities assigned (their deletion → 409-102).
 * ACTIVITIES ISSUE: no activity exists yet, so nobody has any.
 */
export async function usersWithOpenAssignedActivities(_tx: Tx, _userIds: readonly string[]): Promise<string[]> {
  return [];
}

/** §3.1 `currentLoad`: open activities of each type assigned to each user now. ACTIVITIES ISSUE: always 0 until then. */
export async function currentLoads(_ctx: ServiceContext, userIds: readonly string[]): Promise<Map<string, { chat: number; email: number }>> {
  return new Map(userIds.map((id) => [id, { chat: 0, email: 0 }]));
}

/**
 * §3.9: a user who becomes available for chat triggers chat assignment at once (08 §5). Called after the commit.
 * CHAT ROUTING ISSUE: there is no chat router yet.
 */
export async function userBecameAvailableForChat(_ctx: ServiceContext, _userId: string): Promise<void> {}
