// Article note rows (06 §6): newest first (created_at, then id, both descending), served by the index
// (article_id, created_at, id); the author's user reference is joined in the same query.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { UserRef } from '../../../authz/actor.ts';
import type { Database } from '../../../db/database.ts';
import type { Db } from '../../customer/customer.queries.ts';

export type NoteRow = {
  id: bigint;
  articleId: bigint;
  content: string;
  createdAt: Date;
  createdById: bigint | null;
  author: UserRef | undefined;
};

type Raw = {
  id: string;
  article_id: string;
  content: string;
  created_at: Date;
  user_id: string | null;
  screen_name: string | null;
  first_name: string | null;
  last_name: string | null;
};

const columns = Prisma.sql`n.id::text AS id, n.article_id::text AS article_id, n.content, n.created_at,
  u.id::text AS user_id, u.screen_name, u.first_name, u.last_name`;

function toRow(r: Raw): NoteRow {
  return {
    id: BigInt(r.id),
    articleId: BigInt(r.article_id),
    content: r.content,
    createdAt: new Date(r.created_at),
    createdById: r.user_id === null ? null : BigInt(r.user_id),
    author: r.user_id === null ? undefined : { id: r.user_id, name: r.screen_name!, firstName: r.first_name!, lastName: r.last_name ?? undefined },
  };
}

const newestFirst = Prisma.sql`ORDER BY n.created_at DESC, n.id DESC`;

/** The newest `limit` notes of each article (the article's `notes` group, 06 §3.1); articles without notes are absent. */
export async function notesOfArticles(db: Database, articleIds: bigint[], limit: number): Promise<Map<bigint, NoteRow[]>> {
  const byArticle = new Map<bigint, NoteRow[]>();
  if (articleIds.length === 0 || limit <= 0) return byArticle;
  const rows = await db.prisma.$queryRaw<Raw[]>`
    SELECT n.* FROM unnest(${articleIds}::bigint[]) AS a(id)
    CROSS JOIN LATERAL (
      SELECT ${columns} FROM kb_note n LEFT JOIN app_user u ON u.id = n.created_by_id
      WHERE n.article_id = a.id ${newestFirst} LIMIT ${limit}
    ) n`;
  for (const raw of rows) {
    const row = toRow(raw);
    const list = byArticle.get(row.articleId);
    if (list) list.push(row);
    else byArticle.set(row.articleId, [row]);
  }
  return byArticle;
}

/** The count of an article's notes (K20 paging). */
export async function countNotes(db: Db, articleId: bigint): Promise<number> {
  const rows = await db.$queryRaw<{ n: string }[]>`SELECT count(*)::text AS n FROM kb_note WHERE article_id = ${articleId}`;
  return Number(rows[0]?.n ?? 0);
}

/** One page of an article's notes (K20): newest first, or by id when `byId` is given. */
export async function pageOfNotes(db: Db, articleId: bigint, offset: number, limit: number, byId?: { desc: boolean }): Promise<NoteRow[]> {
  const order = byId ? Prisma.sql`ORDER BY n.id ${Prisma.raw(byId.desc ? 'DESC' : 'ASC')}` : newestFirst;
  const rows = await db.$queryRaw<Raw[]>`
    SELECT ${columns} FROM kb_note n LEFT JOIN app_user u ON u.id = n.created_by_id
    WHERE n.article_id = ${articleId} ${order} LIMIT ${limit} OFFSET ${offset}`;
  return rows.map(toRow);
}

/** The notes `ids` that belong to `articleId`, in no particular order. */
export async function notesByIds(db: Db, articleId: bigint, ids: readonly bigint[]): Promise<NoteRow[]> {
  const rows = await db.$queryRaw<Raw[]>`
    SELECT ${columns} FROM kb_note n LEFT JOIN app_user u ON u.id = n.created_by_id
    WHERE n.article_id = ${articleId} AND n.id = ANY(${[...ids]}::bigint[])`;
  return rows.map(toRow);
}
