// Article-type rows (06 §3.7). Every function takes the client first and never throws HTTP errors.
import { Prisma, type PrismaClient } from '../../../generated/prisma/client.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { pageIds, type IdPage } from '../../../query/sql-page.ts';
import { nameSort } from '../shared/kb.name-order.ts';

type Db = PrismaClient | Prisma.TransactionClient;

export const articleTypeSelect = {
  id: true,
  name: true,
  description: true,
  departmentId: true,
  isDefault: true,
  department: { select: { id: true, name: true } },
} satisfies Prisma.KbArticleTypeSelect;

export type ArticleTypeRow = Prisma.KbArticleTypeGetPayload<{ select: typeof articleTypeSelect }>;

/** The types `ids` that exist, in the order of `ids`. */
export async function findArticleTypes(db: Db, ids: readonly bigint[]): Promise<ArticleTypeRow[]> {
  if (!ids.length) return [];
  const rows = await db.kbArticleType.findMany({ where: { id: { in: [...ids] } }, select: articleTypeSelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** K43: one page of the department's own types and the global ones. */
export function pageArticleTypes(db: Db, departmentId: bigint, q: ParsedQuery): Promise<IdPage> {
  const where = [Prisma.sql`(t.department_id = CAST(${String(departmentId)} AS bigint) OR t.department_id IS NULL)`];
  return pageIds(db, { from: Prisma.sql`kb_article_type t`, id: Prisma.raw('t.id'), where, sorts: { name: nameSort(Prisma.raw('t.name')) } }, q);
}

/** Whether the department has a default type of its own (then the global default is not its default, 06 §3.7). */
export async function hasOwnDefault(db: Db, departmentId: bigint): Promise<boolean> {
  return (await db.kbArticleType.count({ where: { departmentId, isDefault: true } })) > 0;
}
