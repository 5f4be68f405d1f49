// Standard message rows (07 §12). Every function takes the client (root or transaction) first and never throws HTTP
// errors. The `name` and `keyword` filters are ILIKE patterns on the columns themselves, which the trigram indexes
// standard_message_name_trgm and standard_message_keywords_trgm serve (07 §12: the reference data holds many
// messages); `department` uses (department_id, id), `lastModifiedDate` sorting (last_modified_at).
import { Prisma } from '../../../generated/prisma/client.ts';
import type { KeysetPosition } from '../../../query/cursor.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { inOrder, likePattern, type Db, type IdPage } from '../shared/admin-list.queries.ts';

const messageSelect = {
  id: true,
  name: true,
  description: true,
  departmentId: true,
  department: { select: { id: true, name: true } },
  languageId: true,
  language: { select: { id: true, code: true, label: true } },
  subject: true,
  keywords: true,
  state: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.StandardMessageSelect;

export type MessageRow = Prisma.StandardMessageGetPayload<{ select: typeof messageSelect }> & {
  /** Read only when the contents are asked for (each value may hold up to 1 MiB). */
  text?: string | null;
  html?: string | null;
};

/** Messages in the order of `ids` (unknown ids left out), with their contents when `contents`. */
export async function findMessages(db: Db, ids: readonly bigint[], contents = false): Promise<MessageRow[]> {
  if (!ids.length) return [];
  const rows: MessageRow[] = await db.standardMessage.findMany({
    where: { id: { in: [...ids] } },
    select: contents ? { ...messageSelect, text: true, html: true } : messageSelect,
  });
  return inOrder(ids, rows);
}

export type MessageFilter = {
  departmentId?: bigint | undefined;
  languageId?: bigint | undefined;
  state?: string | undefined;
  /** `*` wildcard, case-insensitive (07 §12). */
  name?: string | undefined;
  /** Case-insensitive substring of `name` or `keywords`. */
  keyword?: string | undefined;
};

const id = (value: bigint) => Prisma.sql`CAST(${String(value)} AS bigint)`;

/** A LIKE pattern matching `value` anywhere, its `%`, `_` and `\` taken literally (the default escape is `\`). */
export const containsPattern = (value: string) => `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The conditions of a filter, ANDed (`m` = standard_message). */
export function messageConditions(filter: MessageFilter): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (filter.departmentId !== undefined) where.push(Prisma.sql`m.department_id = ${id(filter.departmentId)}`);
  if (filter.languageId !== undefined) where.push(Prisma.sql`m.language_id = ${id(filter.languageId)}`);
  if (filter.state !== undefined) where.push(Prisma.sql`m.state = ${filter.state}`);
  if (filter.name !== undefined) where.push(Prisma.sql`m.name ILIKE ${likePattern(filter.name)}`);
  if (filter.keyword !== undefined) {
    const pattern = containsPattern(filter.keyword);
    where.push(Prisma.sql`(m.name ILIKE ${pattern} OR m.keywords ILIKE ${pattern})`);
  }
  return where;
}

/**
 * The ids of one page in the order of `q.sort` (`id`; `name` compared lower-cased in code-point order;
 * `lastModifiedDate`; ties by id in the same direction, 01 §8.2), and the exact count. After a `$cursor` carrying a
 * keyset, the page is read after that key (01 §9.4).
 */
export async function pageMessages(db: Db, filter: MessageFilter, q: ParsedQuery): Promise<IdPage> {
  const conditions = messageConditions(filter);
  const where = (extra: Prisma.Sql[] = []) => {
    const all = [...conditions, ...extra];
    return all.length ? Prisma.sql`WHERE ${Prisma.join(all, ' AND ')}` : Prisma.empty;
  };
  const counted = await db.$queryRaw<{ n: string }[]>`SELECT count(*)::text AS n FROM standard_message m ${where()}`;
  const count = Number(counted[0]?.n ?? 0);
  const { offset, limit } = q.paging;
  if (q.count || offset >= count) return { ids: [], count };

  const desc = q.sort.order === 'desc';
  const dir = Prisma.raw(desc ? 'DESC' : 'ASC');
  const cmp = Prisma.raw(desc ? '<' : '>');
  const field = q.sort.field;
  const key =
    field === 'name' ? Prisma.sql`lower(m.name) COLLATE "C"` : field === 'lastModifiedDate' ? Prisma.sql`m.last_modified_at` : undefined;
  const keyset = q.cursor?.keyset;
  const after: Prisma.Sql[] = [];
  if (keyset) {
    const value = keyset.values[0];
    if (field === 'name' && typeof value === 'string') {
      after.push(Prisma.sql`(${key!}, m.id) ${cmp} (CAST(${value} AS text) COLLATE "C", CAST(${keyset.id} AS bigint))`);
    } else if (field === 'lastModifiedDate' && value instanceof Date) {
      after.push(Prisma.sql`(${key!}, m.id) ${cmp} (CAST(${value.toISOString()} AS timestamptz), CAST(${keyset.id} AS bigint))`);
    } else if (field === 'id' && keyset.values.length === 0) {
      after.push(Prisma.sql`m.id ${cmp} CAST(${keyset.id} AS bigint)`);
    }
  }
  const order = key ? Prisma.sql`ORDER BY ${key} ${dir}, m.id ${dir}` : Prisma.sql`ORDER BY m.id ${dir}`;
  const rows = await db.$queryRaw<{ id: string; name: string; modified: Date }[]>`
    SELECT m.id::text AS id, lower(m.name) AS name, m.last_modified_at AS modified
      FROM standard_message m ${where(after)} ${order} LIMIT ${limit} OFFSET ${after.length ? 0 : offset}`;
  const tail = rows[rows.length - 1];
  const last = (r: (typeof rows)[number]): KeysetPosition => ({
    values: field === 'name' ? [r.name] : field === 'lastModifiedDate' ? [new Date(r.modified)] : [],
    id: r.id,
  });
  return { ids: rows.map((r) => BigInt(r.id)), count, ...(tail ? { last: last(tail) } : {}) };
}

/** Locks the messages among `ids` until the transaction ends (edits and deletes). */
export async function lockMessages(db: Db, ids: readonly bigint[]): Promise<void> {
  if (!ids.length) return;
  await db.$queryRaw`SELECT id FROM standard_message WHERE id IN (${Prisma.join(ids.map(id))}) ORDER BY id FOR UPDATE`;
}

export type LanguageRow = { id: bigint; code: string; label: string; isDefault: boolean };

/** Every language (a handful), lowest id first. */
export async function allLanguages(db: Db): Promise<LanguageRow[]> {
  return db.language.findMany({ select: { id: true, code: true, label: true, isDefault: true }, orderBy: { id: 'asc' } });
}

/**
 * The outbound workflows whose actions append one of the messages `ids` (07 §10.2: `actions.appendMessage.message.id`,
 * ids stored as JSON strings), as pairs `(message, workflow)` ordered by workflow id; jsonb containment per message.
 */
export async function outboundWorkflowsUsingMessages(db: Db, ids: readonly bigint[]): Promise<{ messageId: bigint; workflowId: bigint }[]> {
  if (!ids.length) return [];
  const rows = await db.$queryRaw<{ message_id: string; workflow_id: string }[]>`
    SELECT m.id::text AS message_id, w.id::text AS workflow_id
      FROM unnest(${ids.map(String)}::text[]) AS m(id)
      JOIN workflow w
        ON w.kind = 'outbound'
       AND w.actions @> jsonb_build_object('appendMessage', jsonb_build_object('message', jsonb_build_object('id', m.id)))
     ORDER BY w.id, m.id::bigint`;
  return rows.map((r) => ({ messageId: BigInt(r.message_id), workflowId: BigInt(r.workflow_id) }));
}
