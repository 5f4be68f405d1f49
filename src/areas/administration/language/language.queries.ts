// Language rows (07 §14). Every function takes the client (root or transaction) first and never throws HTTP errors.
import type { Prisma } from '../../../generated/prisma/client.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import type { KeysetPosition } from '../../../query/cursor.ts';
import { inOrder, type Db } from '../shared/admin-list.queries.ts';
import type { Tx } from '../common.ts';

export const languageSelect = {
  id: true,
  code: true,
  label: true,
  isDefault: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.LanguageSelect;

export type LanguageRow = Prisma.LanguageGetPayload<{ select: typeof languageSelect }>;

export async function findLanguages(db: Db, ids: readonly bigint[]): Promise<LanguageRow[]> {
  return inOrder(ids, await db.language.findMany({ where: { id: { in: [...ids] } }, select: languageSelect }));
}

/** One page by id (the only sort), after the keyset of a `$cursor` when it carries one; and the exact count. */
export async function pageLanguages(db: Db, filter: { code?: string | undefined }, q: ParsedQuery): Promise<{ rows: LanguageRow[]; count: number; last?: KeysetPosition }> {
  const where = filter.code === undefined ? {} : { code: filter.code };
  const count = await db.language.count({ where });
  if (q.count || q.paging.offset >= count) return { rows: [], count };
  const desc = q.sort.order === 'desc';
  const after = q.cursor?.keyset?.id;
  const rows = await db.language.findMany({
    where: after === undefined ? where : { ...where, id: desc ? { lt: BigInt(after) } : { gt: BigInt(after) } },
    select: languageSelect,
    orderBy: { id: desc ? 'desc' : 'asc' },
    skip: after === undefined ? q.paging.offset : 0,
    take: q.paging.limit,
  });
  const tail = rows[rows.length - 1];
  return { rows, count, ...(tail ? { last: { values: [], id: String(tail.id) } } : {}) };
}

/** Language writes take every language row's lock first: the single default (07 §14) is then decided by one writer. */
export async function lockLanguages(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT id FROM language ORDER BY id FOR UPDATE`;
}

export async function findByCode(db: Db, code: string): Promise<{ id: bigint } | null> {
  return db.language.findUnique({ where: { code }, select: { id: true } });
}

export async function findDefaults(db: Db): Promise<LanguageRow[]> {
  return db.language.findMany({ where: { isDefault: true }, select: languageSelect });
}
