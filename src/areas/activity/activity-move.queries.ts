// Rows of the activity moves (05 §9.9 V8, §9.10 V9). Every function takes the caller's transaction and answers
// plain values; none throws HTTP errors. Each is one indexed statement (primary keys, contact_point(contact_person_id),
// contact_person(customer_id), activity(case_id, id)), so V8 at the load-test rate stays a handful of statements.
import type { Tx } from '../administration/common.ts';

const ids = (list: readonly bigint[]) => list.map(String);
const big = (v: string | null) => (v === null ? null : BigInt(v));

export type PointRef = { id: bigint; customerId: bigint; contactPersonId: bigint; kind: string; removed: boolean };

/**
 * The contact points `pointIds` with their customer and person; `removed` when the point or its person is removed
 * (03 §4.3). The rows are share-locked so that a concurrent removal (U4) waits for this transaction.
 */
export async function contactPoints(tx: Tx, pointIds: readonly bigint[]): Promise<Map<bigint, PointRef>> {
  if (!pointIds.length) return new Map();
  const rows = await tx.$queryRaw<{ id: string; customer_id: string; contact_person_id: string; kind: string; removed: boolean }[]>`
    SELECT p.id::text, p.customer_id::text, p.contact_person_id::text, p.kind,
           (p.removed_at IS NOT NULL OR cp.removed_at IS NOT NULL) AS removed
      FROM contact_point p JOIN contact_person cp ON cp.id = p.contact_person_id
     WHERE p.id = ANY(CAST(${ids(pointIds)} AS bigint[]))
       FOR SHARE OF p`;
  return new Map(
    rows.map((r) => [
      BigInt(r.id),
      { id: BigInt(r.id), customerId: BigInt(r.customer_id), contactPersonId: BigInt(r.contact_person_id), kind: r.kind, removed: r.removed },
    ]),
  );
}

/** The kind of each activity's current contact point (activities without one are left out). */
export async function currentPointKinds(tx: Tx, activityIds: readonly bigint[]): Promise<Map<bigint, string>> {
  if (!activityIds.length) return new Map();
  const rows = await tx.$queryRaw<{ id: string; kind: string }[]>`
    SELECT a.id::text, p.kind FROM activity a JOIN contact_point p ON p.id = a.contact_point_id
     WHERE a.id = ANY(CAST(${ids(activityIds)} AS bigint[]))`;
  return new Map(rows.map((r) => [BigInt(r.id), r.kind]));
}

export type DefaultContact = { customerId: bigint; contactPersonId: bigint | null; contactPointId: bigint | null };

/**
 * V8 with only `customer.id` (05 §9.9): the customer's contact person with the lowest id (not removed), and that
 * person's primary contact point (03 §4.3: highest priority, then lowest id; not removed) of `kind`, else its
 * primary email contact point, else none. Undefined when the customer does not exist.
 */
export async function defaultContact(tx: Tx, customerId: bigint, kind: string | undefined): Promise<DefaultContact | undefined> {
  const wanted = kind ?? 'email';
  const rows = await tx.$queryRaw<{ person_id: string | null; point_id: string | null }[]>`
    SELECT per.id::text AS person_id,
           (SELECT p.id::text FROM contact_point p
             WHERE p.contact_person_id = per.id AND p.removed_at IS NULL AND p.kind IN (${wanted}, 'email')
             ORDER BY (p.kind = ${wanted}) DESC, p.priority DESC, p.id
             LIMIT 1) AS point_id
      FROM customer c
      LEFT JOIN LATERAL (SELECT id FROM contact_person WHERE customer_id = c.id AND removed_at IS NULL ORDER BY id LIMIT 1) per ON true
     WHERE c.id = CAST(${String(customerId)} AS bigint)`;
  const row = rows[0];
  if (!row) return undefined;
  return { customerId, contactPersonId: big(row.person_id), contactPointId: big(row.point_id) };
}

export type NewContact = { activityId: bigint; customerId: bigint; contactPersonId: bigint | null; contactPointId: bigint | null };

/**
 * Gives each activity its new customer, contact person and contact point in one statement; `lastModified` becomes
 * max(now, previous + 1 ms) by `by`. An activity whose three values are already those is left unchanged.
 */
export async function setContacts(tx: Tx, changes: readonly NewContact[], now: Date, by: bigint | null): Promise<number> {
  if (!changes.length) return 0;
  return tx.$executeRaw`
    UPDATE activity a
       SET customer_id = x.customer_id, contact_person_id = x.person_id, contact_point_id = x.point_id,
           last_modified_at = GREATEST(CAST(${now} AS timestamptz), a.last_modified_at + interval '1 millisecond'),
           last_modified_by_id = CAST(${by === null ? null : String(by)} AS bigint)
      FROM unnest(CAST(${changes.map((c) => String(c.activityId))} AS bigint[]),
                  CAST(${changes.map((c) => String(c.customerId))} AS bigint[]),
                  CAST(${changes.map((c) => (c.contactPersonId === null ? null : String(c.contactPersonId)))} AS bigint[]),
                  CAST(${changes.map((c) => (c.contactPointId === null ? null : String(c.contactPointId)))} AS bigint[]))
           AS x(id, customer_id, person_id, point_id)
     WHERE a.id = x.id
       AND (a.customer_id, a.contact_person_id, a.contact_point_id) IS DISTINCT FROM (x.customer_id, x.person_id, x.point_id)`;
}

/** What a case created by V9 copies from the source case (04 §3.1, 05 §9.10). */
export type SourceCase = { subject: string; originatingChannel: string };

export async function sourceCase(tx: Tx, caseId: bigint): Promise<SourceCase> {
  const rows = await tx.$queryRaw<{ subject: string; originating_channel: string }[]>`
    SELECT subject, originating_channel FROM interaction_case WHERE id = CAST(${String(caseId)} AS bigint)`;
  return { subject: rows[0]?.subject ?? '', originatingChannel: rows[0]?.originating_channel ?? 'email' };
}

/** Moves the activities to `caseId`; `lastModified` of each becomes max(now, previous + 1 ms) by `by`. */
export async function moveToCase(tx: Tx, activityIds: readonly bigint[], caseId: bigint, now: Date, by: bigint | null): Promise<void> {
  await tx.$executeRaw`
    UPDATE activity
       SET case_id = CAST(${String(caseId)} AS bigint),
           last_modified_at = GREATEST(CAST(${now} AS timestamptz), last_modified_at + interval '1 millisecond'),
           last_modified_by_id = CAST(${by === null ? null : String(by)} AS bigint)
     WHERE id = ANY(CAST(${ids(activityIds)} AS bigint[]))`;
}
