// One page of ids for a search or list (01 §8–§9): the exact count of the filter and the page in the requested
// order, by offset or, after a `$cursor` carrying a keyset, by keyset (the rows after the last one returned, so
// deep pages stay cheap). Every sort ends with the id in the same direction, which makes the order total.
import { Prisma } from '../generated/prisma/client.ts';
import type { KeysetPosition } from './cursor.ts';
import type { ParsedQuery } from './parse.ts';

type Queryable = { $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Prisma.PrismaPromise<T> };

/** A sort key: its SQL expression and the type its cursor value is cast back to. */
export type SortKey = { expr: Prisma.Sql; type: 'text' | 'timestamptz' | 'bigint' };

export interface IdSource {
  /** `FROM` clause, e.g. Prisma.sql`customer c`. */
  from: Prisma.Sql;
  /** The id column, e.g. Prisma.raw('c.id'). */
  id: Prisma.Sql;
  /** Conditions, ANDed. */
  where: readonly Prisma.Sql[];
  /** Sort keys by `$sort` name (lower case); `id` needs none. */
  sorts?: Readonly<Record<string, SortKey>>;
  /** The exact count from elsewhere (a maintained counter) instead of counting the rows. */
  count?: () => Promise<number>;
}

export interface IdPage {
  ids: bigint[];
  count: number;
  /** Sort key of the last item, for the keyset `next` link. */
  last?: KeysetPosition;
}

const whereOf = (conditions: readonly Prisma.Sql[]) => (conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty);

/**
 * The count and the page are independent queries: on a pool they run at the same time, so a search costs one round
 * trip of the slower one.
 */
export async function pageIds(db: Queryable, src: IdSource, q: ParsedQuery): Promise<IdPage> {
  const counting = src.count
    ? src.count()
    : db.$queryRaw<{ n: string }[]>`SELECT count(*)::text AS n FROM ${src.from} ${whereOf(src.where)}`.then((r) => Number(r[0]?.n ?? 0));
  if (q.count) return { ids: [], count: await counting };
  const [count, page] = await Promise.all([counting, pageOf(db, src, q)]);
  return { ...page, count };
}

async function pageOf(db: Queryable, src: IdSource, q: ParsedQuery): Promise<Omit<IdPage, 'count'>> {
  const { offset, limit } = q.paging;

  const desc = q.sort.order === 'desc';
  const dir = Prisma.raw(desc ? 'DESC' : 'ASC');
  const cmp = Prisma.raw(desc ? '<' : '>');
  const key = src.sorts?.[q.sort.field.toLowerCase()];
  const keyset = q.cursor?.keyset;
  const after: Prisma.Sql[] = [];
  if (keyset && (key ? keyset.values.length === 1 && keyset.values[0] !== null : keyset.values.length === 0)) {
    const type = Prisma.raw(key?.type ?? 'bigint');
    after.push(
      key
        ? Prisma.sql`(${key.expr}, ${src.id}) ${cmp} (CAST(${String(keyset.values[0])} AS ${type}), CAST(${keyset.id} AS bigint))`
        : Prisma.sql`${src.id} ${cmp} CAST(${keyset.id} AS bigint)`,
    );
  }
  const order = key ? Prisma.sql`ORDER BY ${key.expr} ${dir}, ${src.id} ${dir}` : Prisma.sql`ORDER BY ${src.id} ${dir}`;
  const sortValue = key ? Prisma.sql`(${key.expr})::text` : Prisma.sql`NULL::text`;
  const rows = await db.$queryRaw<{ id: string; k: string | null }[]>`
    SELECT ${src.id}::text AS id, ${sortValue} AS k FROM ${src.from} ${whereOf([...src.where, ...after])} ${order}
    LIMIT ${limit} OFFSET ${after.length ? 0 : offset}`;
  const tail = rows[rows.length - 1];
  return { ids: rows.map((r) => BigInt(r.id)), ...(tail ? { last: { values: key ? [tail.k] : [], id: tail.id } } : {}) };
}
