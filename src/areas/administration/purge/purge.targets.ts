// What each purge target of 07 §17.1 removes: a count of the matching rows and a batch delete of at most `limit` of
// them, run by the worker (purge.worker.ts) in a short transaction of its own. Dependent rows go with their parent
// through the foreign keys (every table referring to activity, interaction_case or activity_attachment cascades), and
// attachment bytes with their last reference through the stored_content triggers.
//
// Each batch locks the rows it deletes (in id order) and deletes only rows that still match once locked, so a row
// changed by a concurrent writer meanwhile is left alone.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { Db } from '../shared/admin-list.queries.ts';
import type { Tx } from '../common.ts';
import type { PurgeTarget } from './purge.schema.ts';

/** What a run purges: rows older than `cutoff`, of `departmentId` when set (activity and case targets only). */
export type PurgeScope = { cutoff: Date; departmentId: bigint | null };

export interface TargetPlan {
  /** The number of rows matching now. */
  count(db: Db, scope: PurgeScope): Promise<number>;
  /** Deletes at most `limit` matching rows in `tx`; answers how many went. */
  deleteBatch(tx: Tx, scope: PurgeScope, limit: number): Promise<number>;
}

const at = (d: Date) => Prisma.sql`CAST(${d.toISOString()} AS timestamptz)`;
const bigints = (ids: readonly (bigint | string)[]) => Prisma.sql`CAST(${ids.map(String)} AS bigint[])`;
const inDepartment = (column: Prisma.Sql, scope: PurgeScope) =>
  scope.departmentId === null ? Prisma.empty : Prisma.sql`AND ${column} = CAST(${String(scope.departmentId)} AS bigint)`;

async function countOf(db: Db, query: Prisma.Sql): Promise<number> {
  const rows = await db.$queryRaw<{ n: string }[]>`SELECT count(*)::text AS n FROM (${query}) matching`;
  return Number(rows[0]?.n ?? 0);
}

/** Activities completed before the cutoff (index activity_completed_at_idx). */
const completedActivities = (scope: PurgeScope) =>
  Prisma.sql`SELECT a.id FROM activity a WHERE a.status = 'completed' AND a.completed_at < ${at(scope.cutoff)} ${inDepartment(Prisma.raw('a.department_id'), scope)}`;

/**
 * `completed_activities`: the activities with their payload, notes, chat messages, custom attribute values, alarm
 * events, attachments (and their download tokens; bytes with their last reference). Their cases stay, even when left
 * without activities (`closed_cases` removes those); case counts do not change.
 */
const completedActivitiesPlan: TargetPlan = {
  count: (db, scope) => countOf(db, completedActivities(scope)),
  deleteBatch: (tx, scope, limit) => tx.$executeRaw`
    WITH doomed AS (${completedActivities(scope)} ORDER BY a.id LIMIT ${limit} FOR UPDATE OF a)
    DELETE FROM activity x USING doomed WHERE x.id = doomed.id`,
};

/** Closed cases closed before the cutoff (`last_closed_at`) without any activity. */
const closedCases = (scope: PurgeScope) => Prisma.sql`
  SELECT c.id FROM interaction_case c
   WHERE c.status = 'closed' AND c.last_closed_at < ${at(scope.cutoff)} ${inDepartment(Prisma.raw('c.department_id'), scope)}
     AND NOT EXISTS (SELECT 1 FROM activity x WHERE x.case_id = c.id)`;

/**
 * `closed_cases`: the cases with their notes, relations (both directions) and custom attribute values; the case_count
 * trigger follows the deletes. The cases are locked first; the delete, a statement of its own, then sees every
 * activity committed before the locks were granted, and no activity can join a locked case (its foreign key check
 * waits for the lock): a case that gained an activity meanwhile stays.
 */
const closedCasesPlan: TargetPlan = {
  count: (db, scope) => countOf(db, closedCases(scope)),
  async deleteBatch(tx, scope, limit) {
    const locked = await tx.$queryRaw<{ id: string }[]>`${closedCases(scope)} ORDER BY c.id LIMIT ${limit} FOR UPDATE OF c`;
    if (!locked.length) return 0;
    return tx.$executeRaw`DELETE FROM interaction_case WHERE id = ANY(${bigints(locked.map((r) => r.id))}) AND id IN (${closedCases(scope)})`;
  },
};

/** Attachments of activities completed before the cutoff. */
const activityAttachments = (scope: PurgeScope) => Prisma.sql`
  SELECT t.id FROM activity_attachment t JOIN activity a ON a.id = t.activity_id
   WHERE a.status = 'completed' AND a.completed_at < ${at(scope.cutoff)} ${inDepartment(Prisma.raw('a.department_id'), scope)}`;

/** `activity_attachments`: the attachment rows and their download tokens; bytes with their last reference. */
const activityAttachmentsPlan: TargetPlan = {
  count: (db, scope) => countOf(db, activityAttachments(scope)),
  deleteBatch: (tx, scope, limit) => tx.$executeRaw`
    WITH doomed AS (${activityAttachments(scope)} ORDER BY t.id LIMIT ${limit} FOR UPDATE OF t)
    DELETE FROM activity_attachment x USING doomed WHERE x.id = doomed.id`,
};

/**
 * Archived versions last modified before the cutoff. An article's current version (its published version, else its
 * highest) is never purged, so an article keeps at least one version (06 K18 never deletes every version either).
 */
const archivedVersions = (scope: PurgeScope) => Prisma.sql`
  SELECT v.id, v.article_id FROM kb_version v
   WHERE v.state = 'archived' AND v.last_modified_at < ${at(scope.cutoff)}
     AND NOT EXISTS (SELECT 1 FROM kb_article ar WHERE ar.id = v.article_id AND ar.current_version_id = v.id)`;

/**
 * `archived_kb_versions`: the versions. Their articles are locked first, in id order as every article write does;
 * after the delete kb_refresh_articles recomputes the article mirrors in the same transaction.
 */
const archivedVersionsPlan: TargetPlan = {
  count: (db, scope) => countOf(db, archivedVersions(scope)),
  async deleteBatch(tx, scope, limit) {
    const candidates = await tx.$queryRaw<{ id: string; article_id: string }[]>`
      SELECT id::text AS id, article_id::text AS article_id FROM (${archivedVersions(scope)}) m ORDER BY id LIMIT ${limit}`;
    if (!candidates.length) return 0;
    const articles = [...new Set(candidates.map((c) => c.article_id))].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await tx.$queryRaw`SELECT id FROM kb_article WHERE id = ANY(${bigints(articles)}) ORDER BY id FOR UPDATE`;
    const n = await tx.$executeRaw`
      DELETE FROM kb_version WHERE id = ANY(${bigints(candidates.map((c) => c.id))}) AND id IN (SELECT id FROM (${archivedVersions(scope)}) m)`;
    await tx.$executeRaw`SELECT kb_refresh_articles(${bigints(articles)})`;
    return n;
  },
};

/** `alarm_events`: events fired before the cutoff (index alarm_event_fired_at_idx). */
const alarmEvents = (scope: PurgeScope) => Prisma.sql`SELECT e.id FROM alarm_event e WHERE e.fired_at < ${at(scope.cutoff)}`;

const alarmEventsPlan: TargetPlan = {
  count: (db, scope) => countOf(db, alarmEvents(scope)),
  deleteBatch: (tx, scope, limit) => tx.$executeRaw`
    WITH doomed AS (${alarmEvents(scope)} ORDER BY e.id LIMIT ${limit} FOR UPDATE OF e)
    DELETE FROM alarm_event x USING doomed WHERE x.id = doomed.id`,
};

/** `webhook_events`: no webhook delivery table exists yet (08 deliveries are not stored), so nothing matches. */
const webhookEventsPlan: TargetPlan = {
  count: async () => 0,
  deleteBatch: async () => 0,
};

export const targetPlans: Record<PurgeTarget, TargetPlan> = {
  completed_activities: completedActivitiesPlan,
  closed_cases: closedCasesPlan,
  activity_attachments: activityAttachmentsPlan,
  archived_kb_versions: archivedVersionsPlan,
  webhook_events: webhookEventsPlan,
  alarm_events: alarmEventsPlan,
};

/** Targets the department of a job restricts (07 §17.1); the others ignore it. */
export const departmentTargets: ReadonlySet<string> = new Set(['completed_activities', 'closed_cases', 'activity_attachments']);
