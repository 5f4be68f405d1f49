// The case side of the life cycle (04 §3), for the activity endpoints (05) and the chat APIs (08) to call inside the
// transaction of the activity change that causes it (04 §10). Every function changes the case row with one
// conditional statement and bumps `lastModified` to max(now, previous + 1 ms) (01 §12); `caller` is the staff
// user of the request (null: a customer session, the server, routing). None throws HTTP errors.
//
// Lock order: callers that change activities and then call these should lock the case row first (lockCase in
// case.queries.ts), as K4 does, so that two writers never wait on each other in opposite orders.
import type { Db } from '../customer/customer.queries.ts';
import { lockCase } from './case.queries.ts';

/** What a new case copies from the activity that needs it (04 §3.1). */
export type NewCaseInput = {
  departmentId: bigint;
  customerId: bigint;
  /** The activity's subject; empty when it has none. */
  subject?: string | null;
  /** The activity's type: the case's originating channel. */
  type: 'email' | 'chat' | 'social' | 'calltrack' | 'task';
  /** An id already taken from the case sequence (the email channel expands `case_id` before it writes). */
  id?: bigint;
};

/** max(now, previous + 1 ms), with now as parameter $1. */
const BUMPED = `GREATEST(CAST($1 AS timestamptz), last_modified_at + interval '1 millisecond')`;
const id = (v: bigint | null) => (v === null ? null : String(v));

/**
 * 04 §3.1: a new open case for an activity: its department, customer, subject and type, severity `medium`, no
 * owner; `created` and `lastModified` now by `caller`. Answers the new case id.
 */
export async function createCaseFor(tx: Db, activity: NewCaseInput, caller: bigint | null, now: Date): Promise<bigint> {
  const row = await tx.case.create({
    data: {
      ...(activity.id !== undefined ? { id: activity.id } : {}),
      departmentId: activity.departmentId,
      customerId: activity.customerId,
      status: 'open',
      severity: 'medium',
      subject: (activity.subject ?? '').slice(0, 1024),
      ownerId: null,
      originatingChannel: activity.type,
      createdAt: now,
      createdById: caller,
      lastModifiedAt: now,
      lastModifiedById: caller,
    },
    select: { id: true },
  });
  return row.id;
}

/**
 * 04 §3.2 owner: when an activity of the case becomes assigned to `userId` and the case has no owner, that user
 * becomes the owner. Answers whether the case changed.
 */
export async function assignOwnerIfNone(tx: Db, caseId: bigint, userId: bigint, now: Date, caller: bigint | null = null): Promise<boolean> {
  const n = await tx.$executeRawUnsafe(
    `UPDATE interaction_case SET owner_id = $3::bigint, last_modified_at = ${BUMPED}, last_modified_by_id = $4::bigint
      WHERE id = $2::bigint AND owner_id IS NULL`,
    now,
    String(caseId),
    String(userId),
    id(caller),
  );
  return n > 0;
}

/** 04 §3.2 reopen: an activity joins a closed case → `open`; `lastClosed` keeps its value. Answers whether it changed. */
export async function reopen(tx: Db, caseId: bigint, now: Date, caller: bigint | null): Promise<boolean> {
  const n = await tx.$executeRawUnsafe(
    `UPDATE interaction_case SET status = 'open', last_modified_at = ${BUMPED}, last_modified_by_id = $3::bigint
      WHERE id = $2::bigint AND status = 'closed'`,
    now,
    String(caseId),
    id(caller),
  );
  return n > 0;
}

/**
 * 04 §3.2 auto-close: an open case left without any open activity (after one was completed or moved away) becomes
 * `closed` with `lastClosed` = now by `caller`. The case row is locked before the activities are counted, so two
 * transactions completing the last two activities cannot both miss the close. Answers whether it closed.
 */
export async function autoCloseIfNoOpenActivity(tx: Db, caseId: bigint, now: Date, caller: bigint | null): Promise<boolean> {
  await lockCase(tx, caseId);
  const n = await tx.$executeRawUnsafe(
    `UPDATE interaction_case SET status = 'closed', last_closed_at = $1, last_closed_by_id = $3::bigint,
            last_modified_at = ${BUMPED}, last_modified_by_id = $3::bigint
      WHERE id = $2::bigint AND status = 'open'
        AND NOT EXISTS (SELECT 1 FROM activity a WHERE a.case_id = $2::bigint AND a.status <> 'completed')`,
    now,
    String(caseId),
    id(caller),
  );
  return n > 0;
}

/** K4 and auto-close share this: the case becomes `closed`, `lastClosed` = now by `caller`. */
export async function closeCaseRow(tx: Db, caseId: bigint, now: Date, caller: bigint | null): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE interaction_case SET status = 'closed', last_closed_at = $1, last_closed_by_id = $3::bigint,
            last_modified_at = ${BUMPED}, last_modified_by_id = $3::bigint
      WHERE id = $2::bigint`,
    now,
    String(caseId),
    id(caller),
  );
}
