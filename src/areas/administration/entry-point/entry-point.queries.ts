// Chat entry point rows (07 §8). Every function takes the client (root or transaction) first and never throws HTTP
// errors.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { inOrder, nameLike, pageOfIds, type Db, type IdPage } from '../shared/admin-list.queries.ts';
import type { Tx } from '../common.ts';

const entryPointSelect = {
  id: true,
  name: true,
  description: true,
  departmentId: true,
  department: { select: { id: true, name: true } },
  queueId: true,
  queue: { select: { id: true, name: true, state: true } },
  state: true,
  agentAvailabilityRequired: true,
  hours: true,
  greeting: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.EntryPointSelect;

export type EntryPointRow = Prisma.EntryPointGetPayload<{ select: typeof entryPointSelect }>;

export async function findEntryPoints(db: Db, ids: readonly bigint[]): Promise<EntryPointRow[]> {
  return inOrder(ids, await db.entryPoint.findMany({ where: { id: { in: [...ids] } }, select: entryPointSelect }));
}

export type EntryPointFilter = {
  departmentId?: bigint | undefined;
  queueId?: bigint | undefined;
  state?: string | undefined;
  name?: string | undefined;
};

const bigintParam = (id: bigint) => Prisma.sql`CAST(${String(id)} AS bigint)`;

export function pageEntryPoints(db: Db, filter: EntryPointFilter, q: ParsedQuery): Promise<IdPage> {
  const name = Prisma.raw('e.name');
  const where: Prisma.Sql[] = [];
  if (filter.departmentId !== undefined) where.push(Prisma.sql`e.department_id = ${bigintParam(filter.departmentId)}`);
  if (filter.queueId !== undefined) where.push(Prisma.sql`e.queue_id = ${bigintParam(filter.queueId)}`);
  if (filter.state !== undefined) where.push(Prisma.sql`e.state = ${filter.state}`);
  if (filter.name !== undefined) where.push(nameLike(name, filter.name));
  return pageOfIds(db, { from: Prisma.sql`entry_point e`, id: Prisma.raw('e.id'), name, where }, q);
}

/** The entry point other than `except` whose name equals `name` case-insensitively (the unique index's rule). */
export async function findNameHolder(db: Db, name: string, except: readonly bigint[] = []): Promise<bigint | undefined> {
  const exclude = except.length ? Prisma.sql`AND id NOT IN (${Prisma.join(except.map(bigintParam))})` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM entry_point WHERE lower(name) = lower(${name}) ${exclude} ORDER BY id LIMIT 1`;
  return rows[0] ? BigInt(rows[0].id) : undefined;
}

export type QueueCandidate = { id: bigint; departmentId: bigint; channels: string[] };

/** The queues among `ids` with their department and channels (for the 07 §8 queue rule). */
/**
 * The queues `ids`, read under a share lock: a queue edit taking the chat channel away (which locks the queue
 * FOR UPDATE, then looks for entry points) and an entry point naming the queue never both pass their checks.
 */
export async function findQueues(db: Db, ids: readonly bigint[]): Promise<Map<bigint, QueueCandidate>> {
  if (!ids.length) return new Map();
  await db.$queryRaw`SELECT id FROM queue WHERE id IN (${Prisma.join(ids.map(bigintParam))}) ORDER BY id FOR SHARE`;
  const rows = await db.queue.findMany({ where: { id: { in: [...ids] } }, select: { id: true, departmentId: true, channels: true } });
  return new Map(rows.map((r) => [r.id, r]));
}

export async function queueExists(db: Db, id: bigint): Promise<boolean> {
  return (await db.queue.count({ where: { id } })) > 0;
}

/**
 * Locks the entry points among `ids` until the transaction ends. A conversation start inserting an activity that
 * references one of them waits for the lock (the foreign key check), so an entry point found free by
 * `openChatActivities` cannot gain an open chat before it is deleted.
 */
export async function lockEntryPoints(tx: Tx, ids: readonly bigint[]): Promise<void> {
  await tx.$queryRaw`SELECT id FROM entry_point WHERE id IN (${Prisma.join(ids.map(bigintParam))}) ORDER BY id FOR UPDATE`;
}

/**
 * Chat activities of the entry points that are not completed (their conversations have not ended, 08), lowest ids
 * first, at most `limit`.
 */
export async function openChatActivities(db: Db, entryPointIds: readonly bigint[], limit: number): Promise<{ id: bigint; entryPointId: bigint }[]> {
  const rows = await db.activity.findMany({
    where: { entryPointId: { in: [...entryPointIds] }, type: 'chat', status: { not: 'completed' } },
    select: { id: true, entryPointId: true },
    orderBy: { id: 'asc' },
    take: limit,
  });
  return rows.map((r) => ({ id: r.id, entryPointId: r.entryPointId! }));
}

/** The open chat activities' entry points among `entryPointIds` (every blocked id, not only those of the first few). */
export async function entryPointsWithOpenChats(db: Db, entryPointIds: readonly bigint[]): Promise<Set<bigint>> {
  const rows = await db.activity.groupBy({
    by: ['entryPointId'],
    where: { entryPointId: { in: [...entryPointIds] }, type: 'chat', status: { not: 'completed' } },
  });
  return new Set(rows.map((r) => r.entryPointId!));
}
