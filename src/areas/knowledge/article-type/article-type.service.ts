// Article-type use cases (06 §10, K43–K44): read-only, kb.read (06 §1.1).
import { Err } from '../../../errors/app-error.ts';
import { criterion, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { requireAll } from '../../administration/shared/admin-edit.ts';
import { kbAccess } from '../shared/kb.access.ts';
import { presentArticleType } from './article-type.presenter.ts';
import { findArticleTypes, hasOwnDefault, pageArticleTypes } from './article-type.queries.ts';

/**
 * K43: the types of `department` (default: the caller's home department, 404-101 for an unknown one) and the
 * global types. A global default is that department's default only when it has none of its own (06 §3.7).
 */
export async function listArticleTypes(ctx: ServiceContext, q: ParsedQuery) {
  const { actor } = await kbAccess(ctx, 'kb.read', q);
  const db = ctx.db.prisma;
  const given = criterion(q, 'department', 'id')?.value;
  const departmentId = given !== undefined ? BigInt(given) : actor.homeDepartmentId;
  if (given !== undefined && !(await db.department.findUnique({ where: { id: departmentId }, select: { id: true } }))) throw Err.idsNotFound([given]);
  const [page, ownDefault] = await Promise.all([pageArticleTypes(db, departmentId, q), hasOwnDefault(db, departmentId)]);
  const rows = await findArticleTypes(db, page.ids);
  const items = rows.map((r) => presentArticleType(r, r.isDefault && !(r.departmentId === null && ownDefault)));
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

/** K44. */
export async function getArticleTypes(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  await kbAccess(ctx, 'kb.read', q);
  const rows = await findArticleTypes(ctx.db.prisma, ids);
  requireAll(ids, rows);
  return rows.map((r) => presentArticleType(r));
}
