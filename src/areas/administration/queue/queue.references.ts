// What keeps a queue from being deleted (07 §7.1): open activities in it, or an alias, entry point or workflow
// (07 §10) referring to it; and the entry points that keep it from losing its chat channel (07 §8), the email aliases that keep
// it from losing its email channel (07 §9). Each check lists the referring records; later issues append theirs to `queueReferenceChecks`.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { Tx } from '../common.ts';
import { lockQueues } from './queue.queries.ts';

/** One blocking reference: the queue it blocks and the referring record as a `details` pair `{kind: id}`. */
export type QueueReference = { queueId: bigint; key: string; value: string };

type ReferenceCheck = (tx: Tx, queueIds: bigint[]) => Promise<QueueReference[]>;

/** At most this many references of one kind are listed (error `details` hold 30 pairs, 01 §7.1). */
const perKind = 10;

/** Open activities (status other than `completed`, 05 §4.1) whose queue is one of these; index (queue_id, status). */
const openActivities: ReferenceCheck = async (tx, ids) =>
  (
    await tx.activity.findMany({
      where: { queueId: { in: ids }, status: { not: 'completed' } },
      select: { id: true, queueId: true },
      orderBy: { id: 'asc' },
      take: perKind,
    })
  ).map((a) => ({ queueId: a.queueId!, key: 'activity', value: String(a.id) }));

const entryPoints: ReferenceCheck = async (tx, ids) =>
  (
    await tx.entryPoint.findMany({ where: { queueId: { in: ids } }, select: { id: true, queueId: true }, orderBy: { id: 'asc' }, take: perKind })
  ).map((e) => ({ queueId: e.queueId, key: 'entryPoint', value: String(e.id) }));

/**
 * The entry points referring to `queueIds` (at most ten, lowest ids first): an edit that takes the `chat` channel
 * away from such a queue is refused like a delete (07 §8: an entry point's queue has channel `chat`).
 */
export const chatEntryPointsOf = async (tx: Tx, queueIds: bigint[]): Promise<QueueReference[]> => (queueIds.length ? entryPoints(tx, queueIds) : []);

/** Email aliases whose queue (their default queue, 07 §9) is one of these; index (queue_id). */
const aliases: ReferenceCheck = async (tx, ids) =>
  (
    await tx.emailAlias.findMany({ where: { queueId: { in: ids } }, select: { id: true, queueId: true }, orderBy: { id: 'asc' }, take: perKind })
  ).map((a) => ({ queueId: a.queueId, key: 'alias', value: String(a.id) }));

/**
 * The email aliases referring to `queueIds` (at most ten, lowest ids first): an edit that takes the `email` channel
 * away from such a queue is refused like a delete (07 §9: an alias's queue has channel `email`).
 */
export const emailAliasesOf = async (tx: Tx, queueIds: bigint[]): Promise<QueueReference[]> => (queueIds.length ? aliases(tx, queueIds) : []);

/**
 * Workflows naming the queue (07 §10, any kind and state; ids stored as JSON strings): inbound `actions.route.queue`,
 * outbound and alarm `conditions.queues.queue[]`, alarm `actions.transferToQueue`; jsonb containment per queue. The
 * queues are locked FOR UPDATE first: a workflow write naming one reads it FOR SHARE, so it either commits before
 * this check sees it or waits and then finds the queue gone.
 */
const workflows: ReferenceCheck = async (tx, ids) => {
  await lockQueues(tx, ids);
  const rows = await tx.$queryRaw<{ queue_id: string; workflow_id: string }[]>`
    SELECT q.id AS queue_id, w.id::text AS workflow_id
      FROM unnest(CAST(${ids.map(String)} AS text[])) AS q(id)
      JOIN workflow w
        ON w.conditions @> jsonb_build_object('queues', jsonb_build_object('queue', jsonb_build_array(jsonb_build_object('id', q.id))))
        OR w.actions @> jsonb_build_object('route', jsonb_build_object('queue', jsonb_build_object('id', q.id)))
        OR w.actions @> jsonb_build_object('transferToQueue', jsonb_build_object('id', q.id))
     ORDER BY w.id, q.id::bigint
     LIMIT ${Prisma.raw(String(perKind))}`;
  return rows.map((r) => ({ queueId: BigInt(r.queue_id), key: 'workflow', value: r.workflow_id }));
};

/** The reference checks of a queue delete, in the order their references are reported. */
export const queueReferenceChecks: ReferenceCheck[] = [openActivities, entryPoints, aliases, workflows];

/** Every reference that blocks deleting `queueIds` (empty: they may be deleted). */
export async function findQueueReferences(tx: Tx, queueIds: bigint[]): Promise<QueueReference[]> {
  const found: QueueReference[] = [];
  for (const check of queueReferenceChecks) found.push(...(await check(tx, queueIds)));
  return found;
}
