// Activity attachment rows (05 §5.4, §9.15) and their one-time download tokens. Lists and details never load bytes
// (05 §10); bytes come from the shared content store only for a download or an inline embedding.
import type { PrismaClient } from '../../../generated/prisma/client.ts';
import type { Tx } from '../../administration/common.ts';

type Db = PrismaClient | Tx;

export type AttachmentRow = {
  id: bigint;
  activityId: bigint;
  fileName: string;
  contentType: string;
  size: bigint;
  isInline: boolean;
  contentId: string | null;
};

const columns = { id: true, activityId: true, fileName: true, contentType: true, size: true, isInline: true, contentId: true } as const;

/** The attachments of a page of activities, by activity id, each list by id (index `(activity_id, id)`): one query. */
export async function attachmentsOf(db: Db, activityIds: readonly bigint[]): Promise<Map<bigint, AttachmentRow[]>> {
  const out = new Map<bigint, AttachmentRow[]>();
  if (!activityIds.length) return out;
  const rows = await db.activityAttachment.findMany({ where: { activityId: { in: [...activityIds] } }, select: columns, orderBy: [{ activityId: 'asc' }, { id: 'asc' }] });
  for (const r of rows) out.set(r.activityId, [...(out.get(r.activityId) ?? []), r]);
  return out;
}

/** One attachment of one activity (another activity's attachment is not found). */
export async function attachmentOf(db: Db, activityId: bigint, id: bigint): Promise<AttachmentRow | undefined> {
  return (await db.activityAttachment.findFirst({ where: { id, activityId }, select: columns })) ?? undefined;
}

export type Download = { fileName: string; contentType: string; bytes: Buffer };

type RawDownload = { file_name: string; content_type: string; bytes: Uint8Array };
const toDownload = (r: RawDownload | undefined): Download | undefined =>
  r ? { fileName: r.file_name, contentType: r.content_type, bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength) } : undefined;

/** The bytes of an attachment of an activity, with its name and type. */
export async function contentOf(db: Db, activityId: bigint, id: bigint): Promise<Download | undefined> {
  const rows = await db.$queryRaw<RawDownload[]>`
    SELECT a.file_name, a.content_type, s.bytes
      FROM activity_attachment a JOIN stored_content s ON s.sha256 = a.content_sha256
     WHERE a.id = CAST(${String(id)} AS bigint) AND a.activity_id = CAST(${String(activityId)} AS bigint)`;
  return toDownload(rows[0]);
}

/** Stores the hash of a new token of the attachment; the attachment's expired tokens go in the same statement. */
export async function storeToken(db: Db, attachmentId: bigint, hash: Buffer, expiresAt: Date, now: Date): Promise<void> {
  await db.$executeRaw`
    WITH expired AS (DELETE FROM attachment_url_token WHERE attachment_id = CAST(${String(attachmentId)} AS bigint) AND expires_at <= ${now}::timestamptz)
    INSERT INTO attachment_url_token (token_hash, attachment_id, expires_at) VALUES (${hash}, CAST(${String(attachmentId)} AS bigint), ${expiresAt}::timestamptz)`;
}

/**
 * The download a token opens: the token must have been issued for this attachment of this activity and not be
 * expired. `consume`: the token row is deleted by the same statement that reads the bytes (`DELETE … RETURNING`),
 * so two downloads with one token cannot both succeed; a HEAD request only checks it.
 */
export async function downloadByToken(db: Db, activityId: bigint, id: bigint, hash: Buffer, now: Date, consume: boolean): Promise<Download | undefined> {
  // The activity is part of the match: a token sent with another activity's path is not used up.
  const match = (alias: string) =>
    `${alias}.token_hash = $1 AND ${alias}.attachment_id = $2::bigint AND ${alias}.expires_at > $4::timestamptz
     AND EXISTS (SELECT 1 FROM activity_attachment x WHERE x.id = ${alias}.attachment_id AND x.activity_id = $3::bigint)`;
  const tokens = consume
    ? `DELETE FROM attachment_url_token t WHERE ${match('t')} RETURNING t.attachment_id`
    : `SELECT t.attachment_id FROM attachment_url_token t WHERE ${match('t')}`;
  const rows = await db.$queryRawUnsafe<RawDownload[]>(
    `WITH t AS (${tokens})
     SELECT a.file_name, a.content_type, s.bytes
       FROM t JOIN activity_attachment a ON a.id = t.attachment_id AND a.activity_id = $3::bigint
       JOIN stored_content s ON s.sha256 = a.content_sha256`,
    hash,
    String(id),
    String(activityId),
    now,
  );
  return toDownload(rows[0]);
}

export type InlineContent = { contentId: string; contentType: string; bytes: Buffer };

/** The inline attachments of one activity with their bytes (V1 `embedInlineAttachment=yes`). */
export async function inlineContents(db: Db, activityId: bigint): Promise<InlineContent[]> {
  const rows = await db.$queryRaw<{ content_id: string; content_type: string; bytes: Uint8Array }[]>`
    SELECT a.content_id, a.content_type, s.bytes
      FROM activity_attachment a JOIN stored_content s ON s.sha256 = a.content_sha256
     WHERE a.activity_id = CAST(${String(activityId)} AS bigint) AND a.is_inline AND a.content_id IS NOT NULL
     ORDER BY a.id`;
  return rows.map((r) => ({ contentId: r.content_id, contentType: r.content_type, bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength) }));
}

/** Deletes expired download tokens (one never used stays until then); the periodic clean-up of app.ts calls this. */
export async function deleteExpiredTokens(db: Db, now: Date): Promise<number> {
  return db.$executeRaw`DELETE FROM attachment_url_token WHERE expires_at <= ${now}::timestamptz`;
}
