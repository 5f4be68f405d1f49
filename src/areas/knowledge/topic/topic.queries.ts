// Topic rows and article links (06 §3.6). Every function takes the client (root or transaction) first and never
// throws HTTP errors. childCount and articleCount are counted per request through the parent_id and
// (topic_id, position) indexes.
import { Prisma, type PrismaClient } from '../../../generated/prisma/client.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { pageIds, type IdPage } from '../../../query/sql-page.ts';
import { nameSort } from '../shared/kb.name-order.ts';

export type Db = PrismaClient | Prisma.TransactionClient;

export const topicSelect = {
  id: true,
  name: true,
  description: true,
  parentId: true,
  departmentId: true,
  languageId: true,
  isTranslatable: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
  parent: { select: { id: true, name: true } },
  department: { select: { id: true, name: true } },
  language: { select: { id: true, code: true, label: true } },
  _count: { select: { children: true, articleLinks: true } },
} satisfies Prisma.KbTopicSelect;

export type TopicRow = Prisma.KbTopicGetPayload<{ select: typeof topicSelect }>;

/** The topics `ids` that exist, in the order of `ids`. */
export async function findTopics(db: Db, ids: readonly bigint[]): Promise<TopicRow[]> {
  if (!ids.length) return [];
  const rows = await db.kbTopic.findMany({ where: { id: { in: [...ids] } }, select: topicSelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export type TopicFilter = { department: bigint } | { parent: bigint } | { article: bigint };

/** K37: one page of topics of one criterion in one language, `$sort` name (default) or id. */
export function pageTopics(db: Db, filter: TopicFilter, languageId: bigint, q: ParsedQuery): Promise<IdPage> {
  const where = [Prisma.sql`t.language_id = CAST(${String(languageId)} AS bigint)`];
  if ('department' in filter) where.push(Prisma.sql`t.department_id = CAST(${String(filter.department)} AS bigint)`, Prisma.sql`t.parent_id IS NULL`);
  else if ('parent' in filter) where.push(Prisma.sql`t.parent_id = CAST(${String(filter.parent)} AS bigint)`);
  else where.push(Prisma.sql`t.id IN (SELECT l.topic_id FROM kb_topic_article l WHERE l.article_id = CAST(${String(filter.article)} AS bigint))`);
  return pageIds(db, { from: Prisma.sql`kb_topic t`, id: Prisma.raw('t.id'), where, sorts: { name: nameSort(Prisma.raw('t.name')) } }, q);
}

export type LockedTopic = { id: bigint; name: string; parentId: bigint | null; departmentId: bigint; languageId: bigint; lastModifiedAt: Date };

/** The topics `ids` that exist, locked for the rest of the transaction (in id order, so writers never deadlock). */
export async function lockTopics(db: Db, ids: readonly bigint[]): Promise<LockedTopic[]> {
  if (!ids.length) return [];
  const rows = await db.$queryRaw<{ id: string; name: string; parent_id: string | null; department_id: string; language_id: string; last_modified_at: Date }[]>`
    SELECT id::text AS id, name, parent_id::text AS parent_id, department_id::text AS department_id, language_id::text AS language_id, last_modified_at
    FROM kb_topic WHERE id = ANY(CAST(${ids.map(String)} AS bigint[])) ORDER BY id FOR UPDATE`;
  return rows.map((r) => ({
    id: BigInt(r.id),
    name: r.name,
    parentId: r.parent_id === null ? null : BigInt(r.parent_id),
    departmentId: BigInt(r.department_id),
    languageId: BigInt(r.language_id),
    lastModifiedAt: r.last_modified_at,
  }));
}

/** Where a topic's siblings are: under its parent, or among the root topics of its department and language. */
export type TopicPlace = { parentId: bigint | null; departmentId: bigint; languageId: bigint };

/** The topic with this name (case-insensitively, as the sibling indexes compare) at `place`, other than `except`. */
export async function siblingNamed(db: Db, place: TopicPlace, name: string, except: readonly bigint[] = []): Promise<bigint | undefined> {
  const under =
    place.parentId === null
      ? Prisma.sql`parent_id IS NULL AND department_id = CAST(${String(place.departmentId)} AS bigint) AND language_id = CAST(${String(place.languageId)} AS bigint)`
      : Prisma.sql`parent_id = CAST(${String(place.parentId)} AS bigint)`;
  const other = except.length ? Prisma.sql`AND NOT (id = ANY(CAST(${except.map(String)} AS bigint[])))` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM kb_topic WHERE ${under} AND lower(name) = lower(${name}) ${other} LIMIT 1`;
  return rows[0] ? BigInt(rows[0].id) : undefined;
}

/** The direct children of `ids`. */
export async function childrenOf(db: Db, ids: readonly bigint[]): Promise<{ id: bigint; parentId: bigint }[]> {
  if (!ids.length) return [];
  const rows = await db.kbTopic.findMany({ where: { parentId: { in: [...ids] } }, select: { id: true, parentId: true } });
  return rows.map((r) => ({ id: r.id, parentId: r.parentId! }));
}

/** The articles `ids` that exist with their language, share-locked so that they cannot be deleted under a link. */
export async function shareArticles(db: Db, ids: readonly bigint[]): Promise<{ id: bigint; languageId: bigint }[]> {
  const rows = await db.$queryRaw<{ id: string; language_id: string }[]>`
    SELECT id::text AS id, language_id::text AS language_id FROM kb_article
    WHERE id = ANY(CAST(${ids.map(String)} AS bigint[])) ORDER BY id FOR SHARE`;
  return rows.map((r) => ({ id: BigInt(r.id), languageId: BigInt(r.language_id) }));
}

/**
 * Appends the articles to the topic's order in the order given (06 §3.6); linked ones keep their place. Positions
 * come from a sequence, taken in the order the rows are inserted.
 */
export async function appendLinks(db: Db, topicId: bigint, articleIds: readonly bigint[]): Promise<void> {
  await db.$executeRaw`
    INSERT INTO kb_topic_article (topic_id, article_id)
    SELECT CAST(${String(topicId)} AS bigint), a.id FROM unnest(CAST(${articleIds.map(String)} AS bigint[])) WITH ORDINALITY AS a(id, n)
    ORDER BY a.n
    ON CONFLICT (topic_id, article_id) DO NOTHING`;
}
