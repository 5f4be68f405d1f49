// What keeps a queue from being deleted (07 §7.1): open activities in it, or an alias, entry point or workflow
// referring to it; and the entry points that keep it from losing its chat channel (07 §8), the email aliases that keep
// it from losing its email channel (07 §9). Each check lists the referring records; later issues append theirs to `queueReferenceChecks`.
import type { Tx } from '../common.ts';

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
 * The reference checks of a queue delete, in the order their references are reported. Append here: workflows (key
 * `workflow`) when their issue adds them.
 */
export const queueReferenceChecks: ReferenceCheck[] = [openActivities, entryPoints, aliases];

/** Every reference that blocks deleting `queueIds` (empty: they may be deleted). */
export async function findQueueReferences(tx: Tx, queueIds: bigint[]): Promise<QueueReference[]> {
  const found: QueueReference[] = [];
  for (const check of queueReferenceChecks) found.push(...(await check(tx, queueIds)));
  return found;
}
