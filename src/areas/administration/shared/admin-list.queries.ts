// Paged id lists of the administration resources that sort by `id` or by a case-insensitive `name` (07 §1.4):
// one count and one page query, offset paging or, after a `$cursor` carrying a keyset, keyset paging (01 §9.4).
// Shared by departments and user groups; a candidate for ../common.ts.
import { Prisma, type PrismaClient } from '../../../generated/prisma/client.ts';
import type { KeysetPosition } from '../../../query/cursor.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import type { Tx } from '../common.ts';

export type Db = PrismaClient | Tx;

/**
 * The `name` filter of 07 §4/§5: `*` matches any run of characters, every other character itself, case-insensitively
 * (the caller compares `lower(column) LIKE lower(pattern)`); without `*` the whole value must match.
 */
export function likePattern(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}

/** `lower(<column>) LIKE lower(<value as pattern>)`. */
export function nameLike(column: Prisma.Sql, value: string): Prisma.Sql {
  return Prisma.sql`lower(${column}) LIKE lower(${likePattern(value)}) ESCAPE '\\'`;
}

export interface PageSource {
  /** `FROM` clause, e.g. Prisma.sql`user_group g`. */
  from: Prisma.Sql;
  /** The id and name columns, e.g. Prisma.raw('g.id'). */
  id: Prisma.Sql;
  name: Prisma.Sql;
  /** Conditions, ANDed. */
  where: readonly Prisma.Sql[];
}

export interface IdPage {
  ids: bigint[];
  count: number;
  /** Sort key of the last item, for the keyset `next` link. */
  last?: KeysetPosition;
}

/**
 * The ids of one page of `src` in the order of `q.sort` (`id`, or `name` compared lower-cased in code-point order,
 * ties broken by id in the same direction, 01 §8.2), and the exact count of matching rows.
 */
export async function pageOfIds(db: Db, src: PageSource, q: ParsedQuery): Promise<IdPage> {
  const where = (extra: Prisma.Sql[] = []) => {
    const all = [...src.where, ...extra];
    return all.length ? Prisma.sql`WHERE ${Prisma.join(all, ' AND ')}` : Prisma.empty;
  };
  const counted = await db.$queryRaw<{ n: string }[]>`SELECT count(*)::text AS n FROM ${src.from} ${where()}`;
  const count = Number(counted[0]?.n ?? 0);
  const { offset, limit } = q.paging;
  if (q.count || offset >= count) return { ids: [], count };

  const desc = q.sort.order === 'desc';
  const dir = Prisma.raw(desc ? 'DESC' : 'ASC');
  const cmp = Prisma.raw(desc ? '<' : '>');
  const byName = q.sort.field === 'name';
  const key = Prisma.sql`lower(${src.name}) COLLATE "C"`;
  const keyset = q.cursor?.keyset;
  const after: Prisma.Sql[] = [];
  if (keyset && (byName ? typeof keyset.values[0] === 'string' : keyset.values.length === 0)) {
    after.push(
      byName
        ? Prisma.sql`(${key}, ${src.id}) ${cmp} (CAST(${keyset.values[0]} AS text) COLLATE "C", CAST(${keyset.id} AS bigint))`
        : Prisma.sql`${src.id} ${cmp} CAST(${keyset.id} AS bigint)`,
    );
  }
  const order = byName ? Prisma.sql`ORDER BY ${key} ${dir}, ${src.id} ${dir}` : Prisma.sql`ORDER BY ${src.id} ${dir}`;
  const skip = after.length ? 0 : offset;
  const rows = await db.$queryRaw<{ id: string; k: string }[]>`
    SELECT ${src.id}::text AS id, lower(${src.name}) AS k FROM ${src.from} ${where(after)} ${order} LIMIT ${limit} OFFSET ${skip}`;
  const tail = rows[rows.length - 1];
  return {
    ids: rows.map((r) => BigInt(r.id)),
    count,
    ...(tail ? { last: { values: byName ? [tail.k] : [], id: tail.id } } : {}),
  };
}

/** Rows in the order of `ids` (rows of ids not found are left out). */
export function inOrder<T extends { id: bigint }>(ids: readonly bigint[], rows: readonly T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
