// Knowledge attachment rows (06 §7): looked up by article through the index (article_id, id); the bytes stay in
// stored_content and are read only by the download (K28).
import { Prisma } from '../../../generated/prisma/client.ts';
import type { UserRef } from '../../../authz/actor.ts';
import type { Database } from '../../../db/database.ts';
import type { Db } from '../../customer/customer.queries.ts';

export type AttachmentKind = 'internal' | 'external';

export type AttachmentRow = {
  id: bigint;
  articleId: bigint;
  kind: AttachmentKind;
  name: string;
  fileName: string | null;
  contentType: string | null;
  /** Bytes of a file; null for a link. */
  size: number | null;
  url: string | null;
  contentSha256: Buffer | null;
  createdAt: Date;
  author: UserRef | undefined;
};

type Raw = {
  id: string;
  article_id: string;
  kind: string;
  name: string;
  file_name: string | null;
  content_type: string | null;
  size: string | null;
  url: string | null;
  content_sha256: Uint8Array | null;
  created_at: Date;
  user_id: string | null;
  screen_name: string | null;
  first_name: string | null;
  last_name: string | null;
};

const select = Prisma.sql`SELECT t.id::text AS id, t.article_id::text AS article_id, t.kind, t.name, t.file_name, t.content_type,
  t.size::text AS size, t.url, t.content_sha256, t.created_at, u.id::text AS user_id, u.screen_name, u.first_name, u.last_name
  FROM kb_attachment t LEFT JOIN app_user u ON u.id = t.created_by_id`;

function toRow(r: Raw): AttachmentRow {
  return {
    id: BigInt(r.id),
    articleId: BigInt(r.article_id),
    kind: r.kind as AttachmentKind,
    name: r.name,
    fileName: r.file_name,
    contentType: r.content_type,
    size: r.size === null ? null : Number(r.size),
    url: r.url,
    contentSha256: r.content_sha256 === null ? null : Buffer.from(r.content_sha256),
    createdAt: new Date(r.created_at),
    author: r.user_id === null ? undefined : { id: r.user_id, name: r.screen_name!, firstName: r.first_name!, lastName: r.last_name ?? undefined },
  };
}

/** Every attachment of each article, by id ascending (the article's `attachments` group); articles without any are absent. */
export async function attachmentsOfArticles(db: Database, articleIds: bigint[]): Promise<Map<bigint, AttachmentRow[]>> {
  const byArticle = new Map<bigint, AttachmentRow[]>();
  if (articleIds.length === 0) return byArticle;
  const rows = await db.prisma.$queryRaw<Raw[]>`${select} WHERE t.article_id = ANY(${articleIds}::bigint[]) ORDER BY t.article_id, t.id`;
  for (const raw of rows) {
    const row = toRow(raw);
    const list = byArticle.get(row.articleId);
    if (list) list.push(row);
    else byArticle.set(row.articleId, [row]);
  }
  return byArticle;
}

/** The attachments `ids`, in no particular order (missing ones are absent). */
export async function attachmentsByIds(db: Db, ids: readonly bigint[]): Promise<AttachmentRow[]> {
  const rows = await db.$queryRaw<Raw[]>`${select} WHERE t.id = ANY(${[...ids]}::bigint[])`;
  return rows.map(toRow);
}

/** One page of an article's attachments by id (K26). */
export async function pageOfAttachments(db: Db, articleId: bigint, offset: number, limit: number, desc: boolean): Promise<AttachmentRow[]> {
  const dir = Prisma.raw(desc ? 'DESC' : 'ASC');
  const rows = await db.$queryRaw<Raw[]>`${select} WHERE t.article_id = ${articleId} ORDER BY t.id ${dir} LIMIT ${limit} OFFSET ${offset}`;
  return rows.map(toRow);
}

export async function countAttachments(db: Db, articleId: bigint): Promise<number> {
  const rows = await db.$queryRaw<{ n: string }[]>`SELECT count(*)::text AS n FROM kb_attachment WHERE article_id = ${articleId}`;
  return Number(rows[0]?.n ?? 0);
}

/** K28: an attachment's kind and, for a file, its bytes, read in one statement. */
export async function readAttachmentContent(
  db: Db,
  id: bigint,
): Promise<{ kind: AttachmentKind; fileName: string | null; contentType: string | null; bytes: Buffer | null } | undefined> {
  const rows = await db.$queryRaw<{ kind: string; file_name: string | null; content_type: string | null; bytes: Uint8Array | null }[]>`
    SELECT t.kind, t.file_name, t.content_type, s.bytes FROM kb_attachment t LEFT JOIN stored_content s ON s.sha256 = t.content_sha256
    WHERE t.id = ${id}`;
  const r = rows[0];
  if (!r) return undefined;
  const bytes = r.bytes === null ? null : Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
  return { kind: r.kind as AttachmentKind, fileName: r.file_name, contentType: r.content_type, bytes };
}
