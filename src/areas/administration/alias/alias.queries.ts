// Email alias rows (07 §9). Every function takes the client (root or transaction) first and never throws HTTP errors.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { inOrder, pageOfIds, type Db, type IdPage } from '../shared/admin-list.queries.ts';

const aliasSelect = {
  id: true,
  name: true,
  emailAddress: true,
  displayName: true,
  departmentId: true,
  department: { select: { id: true, name: true } },
  queueId: true,
  queue: { select: { id: true, name: true } },
  state: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.EmailAliasSelect;

export type AliasRow = Prisma.EmailAliasGetPayload<{ select: typeof aliasSelect }>;

export async function findAliases(db: Db, ids: readonly bigint[]): Promise<AliasRow[]> {
  if (!ids.length) return [];
  return inOrder(ids, await db.emailAlias.findMany({ where: { id: { in: [...ids] } }, select: aliasSelect }));
}

export type AliasFilter = {
  departmentId?: bigint | undefined;
  state?: string | undefined;
  /** Lower-cased: compared with lower(email_address), the expression of the unique index. */
  emailAddress?: string | undefined;
  queueId?: bigint | undefined;
};

const id = (value: bigint) => Prisma.sql`CAST(${String(value)} AS bigint)`;

export function pageAliases(db: Db, filter: AliasFilter, q: ParsedQuery): Promise<IdPage> {
  const where: Prisma.Sql[] = [];
  if (filter.departmentId !== undefined) where.push(Prisma.sql`a.department_id = ${id(filter.departmentId)}`);
  if (filter.state !== undefined) where.push(Prisma.sql`a.state = ${filter.state}`);
  if (filter.emailAddress !== undefined) where.push(Prisma.sql`lower(a.email_address) = ${filter.emailAddress}`);
  if (filter.queueId !== undefined) where.push(Prisma.sql`a.queue_id = ${id(filter.queueId)}`);
  return pageOfIds(db, { from: Prisma.sql`email_alias a`, id: Prisma.raw('a.id'), name: Prisma.raw('a.name'), where }, q);
}

/** The alias other than `except` whose address equals `address` case-insensitively (the unique index's rule). */
export async function findAddressHolder(db: Db, address: string, except: readonly bigint[] = []): Promise<bigint | undefined> {
  const exclude = except.length ? Prisma.sql`AND id NOT IN (${Prisma.join(except.map(id))})` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM email_alias WHERE lower(email_address) = lower(${address}) ${exclude} ORDER BY id LIMIT 1`;
  return rows[0] ? BigInt(rows[0].id) : undefined;
}

export type QueueCandidate = { id: bigint; departmentId: bigint; channels: string[] };

/**
 * The queues `ids` with their department and channels, read under a share lock: a queue edit taking the email
 * channel away (which locks the queue FOR UPDATE, then looks for aliases) and an alias naming the queue never both
 * pass their checks.
 */
export async function findQueues(db: Db, ids: readonly bigint[]): Promise<Map<bigint, QueueCandidate>> {
  if (!ids.length) return new Map();
  await db.$queryRaw`SELECT id FROM queue WHERE id IN (${Prisma.join(ids.map(id))}) ORDER BY id FOR SHARE`;
  const rows = await db.queue.findMany({ where: { id: { in: [...ids] } }, select: { id: true, departmentId: true, channels: true } });
  return new Map(rows.map((r) => [r.id, r]));
}

export async function queueExists(db: Db, queueId: bigint): Promise<boolean> {
  return (await db.queue.count({ where: { id: queueId } })) > 0;
}

/**
 * Locks the aliases among `ids` until the transaction ends (edits and deletes), so that a workflow naming one of them
 * (which reads it FOR SHARE) either commits before the delete's check or waits and then finds it gone.
 */
export async function lockAliases(db: Db, ids: readonly bigint[]): Promise<void> {
  if (!ids.length) return;
  await db.$queryRaw`SELECT id FROM email_alias WHERE id IN (${Prisma.join(ids.map(id))}) ORDER BY id FOR UPDATE`;
}

/**
 * The workflows (any kind) whose conditions name one of the aliases `ids` (07 §10: `conditions.aliases.alias[].id`,
 * ids stored as JSON strings), as pairs `(alias, workflow)` ordered by workflow id; jsonb containment per alias.
 */
export async function workflowsUsingAliases(db: Db, ids: readonly bigint[]): Promise<{ aliasId: bigint; workflowId: bigint }[]> {
  if (!ids.length) return [];
  const rows = await db.$queryRaw<{ alias_id: string; workflow_id: string }[]>`
    SELECT a.id::text AS alias_id, w.id::text AS workflow_id
      FROM unnest(${ids.map(String)}::text[]) AS a(id)
      JOIN workflow w
        ON w.conditions @> jsonb_build_object('aliases', jsonb_build_object('alias', jsonb_build_array(jsonb_build_object('id', a.id))))
     ORDER BY w.id, a.id::bigint`;
  return rows.map((r) => ({ aliasId: BigInt(r.alias_id), workflowId: BigInt(r.workflow_id) }));
}
