// Rows the assignment calls read (05 §9.11–§9.13): transfer targets and the activities a pull claims. Every function
// takes the client (root or transaction) first and never throws HTTP errors.
import type { Db } from '../administration/shared/admin-list.queries.ts';
import { effectiveMembersSql } from '../administration/queue/queue.queries.ts';

export type TargetUser = { id: bigint; state: string; departmentIds: bigint[] };
export type TargetQueue = { id: bigint; state: string; departmentId: bigint; channels: string[] };

/** A user with its home and foreign departments (home first), any state; undefined when there is none. */
export async function findTargetUser(db: Db, id: bigint): Promise<TargetUser | undefined> {
  const u = await db.user.findUnique({
    where: { id },
    select: { id: true, state: true, departmentId: true, foreignDepartments: { select: { departmentId: true } } },
  });
  return u ? { id: u.id, state: u.state, departmentIds: [u.departmentId, ...u.foreignDepartments.map((d) => d.departmentId)] } : undefined;
}

/** A queue, any state; undefined when there is none. */
export async function findTargetQueue(db: Db, id: bigint): Promise<TargetQueue | undefined> {
  return (await db.queue.findUnique({ where: { id }, select: { id: true, state: true, departmentId: true, channels: true } })) ?? undefined;
}

/** How many activities one pull of this user assigns (07 §3.1, default 1). */
export async function maxActivitiesToPull(db: Db, userId: bigint): Promise<number> {
  return (await db.user.findUnique({ where: { id: userId }, select: { maxActivitiesToPull: true } }))?.maxActivitiesToPull ?? 1;
}

/**
 * Claims up to `limit` waiting activities for a pull (05 §9.13): `awaiting_assignment`, of type email, social or
 * task, in an `active` queue of which `userId` is an effective member (07 §7.1), in `departments` ('all' for an
 * administrator); by priority descending, then queue-entry time, then id. The activity rows and their case rows are
 * locked `FOR UPDATE SKIP LOCKED` in the one statement: a row another transaction holds is passed over, never waited
 * for, so concurrent pulls never claim one activity twice and never wait on each other (or on another activity
 * write, which locks the case first) in opposite orders. Answers the ids in that order.
 */
export async function claimWaiting(db: Db, userId: bigint, departments: 'all' | readonly bigint[], limit: number): Promise<bigint[]> {
  const members = effectiveMembersSql(`ARRAY(SELECT q.id FROM queue q WHERE q.state = 'active')`);
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT a.id::text AS id
       FROM activity a JOIN interaction_case c ON c.id = a.case_id
      WHERE a.status = 'awaiting_assignment' AND a.type IN ('email', 'social', 'task')
        AND a.queue_id IN (SELECT e.queue_id FROM (${members}) e WHERE e.user_id = $1::bigint)
        AND ($2::bigint[] IS NULL OR a.department_id = ANY($2::bigint[]))
      ORDER BY a.priority DESC, a.queue_entered_at, a.id
      LIMIT $3
      FOR UPDATE OF a, c SKIP LOCKED`,
    String(userId),
    departments === 'all' ? null : departments.map(String),
    limit,
  );
  return rows.map((r) => BigInt(r.id));
}
