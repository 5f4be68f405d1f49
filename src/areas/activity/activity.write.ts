// What every activity write shares (05 §9): batch bodies, the lock order, and applying a status transition with the
// case effects it causes (04 §3.2) in the caller's transaction.
//
// Lock order: the cases of the activities first (in id order), then the activities (in id order), as K4 does; so an
// activity write and a case close never wait on each other in opposite orders.
import { Type, type Static } from '@sinclair/typebox';
import { B } from '../../platform/body-schema.ts';
import { Err } from '../../errors/app-error.ts';
import { requireVisible } from '../../authz/scope.ts';
import type { Actor } from '../../authz/actor.ts';
import { checkToken, readToken } from '../administration/shared/admin-edit.ts';
import type { Tx } from '../administration/common.ts';
import { lockCases } from '../case/case.queries.ts';
import { assignOwnerIfNone, autoCloseIfNoOpenActivity } from '../case/case.lifecycle.ts';
import type { ActivityState, ActivityType, Status, Substatus, Transition } from './status-machine.ts';

/** A batch body `{"activity":[{id, lastModified?}, …]}` (05 §9): 1–75 items, each with `id`. */
export const BatchItem = Type.Object(
  { id: B.id(), lastModified: Type.Optional(Type.Object({ date: Type.Optional(Type.String()) })) },
  { additionalProperties: true },
);
export const BatchBody = Type.Array(BatchItem, { minItems: 1, maxItems: 75 });
export type BatchBody = Static<typeof BatchBody>;

export type Item<T = Record<string, unknown>> = { id: bigint; path: string; token: Date | undefined; body: T };

/** The items of a batch: an id listed twice → 400-152; a malformed `lastModified.date` → 400-152. */
export function readBatch<T extends { id: string; lastModified?: { date?: string | undefined } | undefined }>(items: readonly T[]): Item<T>[] {
  const seen = new Set<bigint>();
  return items.map((item, i) => {
    const path = `activity[${i}]`;
    const id = BigInt(item.id);
    if (seen.has(id)) throw Err.invalidAttribute(`${path}.id`, item.id);
    seen.add(id);
    return { id, path, token: readToken(item.lastModified, path), body: item };
  });
}

export type LockedActivity = ActivityState & {
  id: bigint;
  caseId: bigint;
  customerId: bigint;
  departmentId: bigint;
  subtype: string;
  mode: string;
  lastModifiedAt: Date;
};

type Row = {
  id: string;
  case_id: string;
  customer_id: string;
  department_id: string;
  type: string;
  subtype: string;
  mode: string;
  status: string;
  substatus: string;
  assigned_user_id: string | null;
  queue_id: string | null;
  last_modified_at: Date;
};

/**
 * Locks the activities `ids` and their cases, together with the cases `alsoCases` (V9's target), all cases in one
 * statement in id order (see the lock order above). Missing ids are left out; the caller decides (requireActivities).
 *
 * The cases are read before they are locked, so an activity may have moved to another case meanwhile. Then every
 * lock taken here is released (rollback to the savepoint) and all are taken again in id order: locking the new case
 * while still holding the old one would wait out of order and deadlock against a writer that holds the new case and
 * waits for the old one (e.g. a move the other way).
 */
export async function lockActivities(tx: Tx, ids: readonly bigint[], alsoCases: readonly bigint[] = []): Promise<Map<bigint, LockedActivity>> {
  const list = ids.map(String);
  await tx.$executeRawUnsafe('SAVEPOINT lock_activities');
  for (;;) {
    const cases = await tx.$queryRaw<{ case_id: string }[]>`SELECT DISTINCT case_id::text FROM activity WHERE id = ANY(CAST(${list} AS bigint[]))`;
    await lockCases(tx, [...new Set([...cases.map((c) => BigInt(c.case_id)), ...alsoCases])]);
    const rows = await tx.$queryRaw<Row[]>`
      SELECT id::text, case_id::text, customer_id::text, department_id::text, type, subtype, mode, status, substatus,
             assigned_user_id::text, queue_id::text, last_modified_at
        FROM activity WHERE id = ANY(CAST(${list} AS bigint[])) ORDER BY id FOR UPDATE`;
    // An activity moved to another case between the two reads: release everything and lock again in order.
    if (rows.some((r) => !cases.some((c) => c.case_id === r.case_id))) {
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT lock_activities');
      continue;
    }
    // Releasing the savepoint keeps the locks (they pass to the enclosing transaction).
    await tx.$executeRawUnsafe('RELEASE SAVEPOINT lock_activities');
    return new Map(
      rows.map((r) => [
        BigInt(r.id),
        {
          id: BigInt(r.id),
          caseId: BigInt(r.case_id),
          customerId: BigInt(r.customer_id),
          departmentId: BigInt(r.department_id),
          type: r.type as ActivityType,
          subtype: r.subtype,
          mode: r.mode,
          status: r.status as Status,
          substatus: r.substatus as Substatus,
          assignedUserId: r.assigned_user_id === null ? null : BigInt(r.assigned_user_id),
          queueId: r.queue_id === null ? null : BigInt(r.queue_id),
          lastModifiedAt: new Date(r.last_modified_at),
        },
      ]),
    );
  }
}

/** Item ids not found or outside the caller's departments → 404-101 naming them (05 §9); the rows in item order. */
export function requireActivities(actor: Actor, items: readonly Item<unknown>[], found: Map<bigint, LockedActivity>): LockedActivity[] {
  requireVisible(actor, items.map((i) => String(i.id)), [...found.values()]);
  return items.map((i) => found.get(i.id)!);
}

/** 01 §12 per item: a token that differs from the stored `lastModified` → 409-101. */
export function checkTokens(items: readonly Item<unknown>[], found: Map<bigint, LockedActivity>): void {
  for (const i of items) checkToken(i.id, i.token, found.get(i.id)!.lastModifiedAt);
}

/**
 * Writes a transition (05 §4.2) and its effects: the new status columns, the queue-entry time, `completed`,
 * `userLastWorked`, `lastModified` = max(now, previous + 1 ms) by `by`; then the case owner when the activity became
 * assigned and the case has none, and the case auto-close rule when it became completed (04 §3.2).
 */
export async function applyTransition(tx: Tx, a: LockedActivity, t: Transition, now: Date, by: bigint | null): Promise<void> {
  const worked = t.userLastWorked === undefined ? undefined : t.userLastWorked === null ? null : String(t.userLastWorked);
  await tx.$executeRawUnsafe(
    `UPDATE activity SET status = $3, substatus = $4, assigned_user_id = $5::bigint, queue_id = $6::bigint,
            queue_entered_at = CASE WHEN $7 THEN $1 ELSE queue_entered_at END,
            completed_at = CASE WHEN $8 THEN $1 ELSE completed_at END,
            completed_by_id = CASE WHEN $8 THEN $9::bigint ELSE completed_by_id END,
            user_last_worked_id = CASE WHEN $10 THEN $11::bigint ELSE user_last_worked_id END,
            assigned_at = CASE WHEN $12 THEN $1 ELSE assigned_at END,
            last_modified_at = GREATEST(CAST($1 AS timestamptz), last_modified_at + interval '1 millisecond'), last_modified_by_id = $9::bigint
      WHERE id = $2::bigint`,
    now,
    String(a.id),
    t.next.status,
    t.next.substatus,
    t.next.assignedUserId === null ? null : String(t.next.assignedUserId),
    t.next.queueId === null ? null : String(t.next.queueId),
    t.enteredQueue,
    t.completed,
    by === null ? null : String(by),
    worked !== undefined,
    worked ?? null,
    // It became assigned (to a user): the assignment time of the alarm workflows (07 §10.3).
    t.assignedTo !== null,
  );
  Object.assign(a, t.next);
  if (t.assignedTo !== null) await assignOwnerIfNone(tx, a.caseId, t.assignedTo, now, by);
  if (t.completed) await autoCloseIfNoOpenActivity(tx, a.caseId, now, by);
}
