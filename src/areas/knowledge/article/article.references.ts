// References an article body names (06 §3.1): the folder, the language and the article type. A reference that does
// not resolve is 400-152 on the attribute as written (01 §5.7); these helpers answer undefined and let the caller say so.
import type { Db } from '../../customer/customer.queries.ts';
import type { TypeRef } from './article.input.ts';

export type FolderRef = { id: bigint; departmentId: bigint };

/** The folder `id` and its department; `share` locks it against a concurrent delete until the transaction ends. */
export async function findFolder(db: Db, id: bigint, share = false): Promise<FolderRef | undefined> {
  const rows = share
    ? await db.$queryRaw<{ department_id: string }[]>`SELECT department_id::text AS department_id FROM kb_folder WHERE id = CAST(${String(id)} AS bigint) FOR SHARE`
    : await db.$queryRaw<{ department_id: string }[]>`SELECT department_id::text AS department_id FROM kb_folder WHERE id = CAST(${String(id)} AS bigint)`;
  return rows[0] ? { id, departmentId: BigInt(rows[0].department_id) } : undefined;
}

/**
 * The article type a body names (by id, or by name case-insensitively) among the types of `departmentId` and the
 * global ones; a department's own type wins over a global one of the same name.
 */
export async function findArticleType(db: Db, ref: TypeRef, departmentId: bigint): Promise<bigint | undefined> {
  const dept = String(departmentId);
  const rows =
    'id' in ref
      ? await db.$queryRaw<{ id: string }[]>`
          SELECT id::text AS id FROM kb_article_type
           WHERE id = CAST(${String(ref.id)} AS bigint) AND (department_id IS NULL OR department_id = CAST(${dept} AS bigint))`
      : await db.$queryRaw<{ id: string }[]>`
          SELECT id::text AS id FROM kb_article_type
           WHERE lower(name) = lower(${ref.name}) AND (department_id IS NULL OR department_id = CAST(${dept} AS bigint))
           ORDER BY department_id NULLS LAST, id LIMIT 1`;
  return rows[0] ? BigInt(rows[0].id) : undefined;
}

/** The default type of a department: its own default, else the global default (06 §3.7). */
export async function defaultArticleType(db: Db, departmentId: bigint): Promise<bigint> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM kb_article_type
     WHERE is_default AND (department_id IS NULL OR department_id = CAST(${String(departmentId)} AS bigint))
     ORDER BY department_id NULLS LAST, id LIMIT 1`;
  if (!rows[0]) throw new Error('no default article type');
  return BigInt(rows[0].id);
}

/** The article that holds an alternate id (case-insensitively), if any. */
export async function alternateIdHolder(db: Db, alternateId: string): Promise<bigint | undefined> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM kb_article WHERE lower(alternate_id) = lower(${alternateId})`;
  return rows[0] ? BigInt(rows[0].id) : undefined;
}
