// Knowledge attachment use cases (06 §7): upload (K23), links (K24, K25), reads (K26, K27), download (K28) and
// unlink (K29). Attachments belong to the article, not to a version: none of these changes the article's
// lastModified (06 §4.3). File bytes live in the content store, shared by every attachment with the same bytes.
import { Err } from '../../../errors/app-error.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import { storeContent } from '../../../content-store/content-store.ts';
import { distinct } from '../../administration/shared/admin-edit.ts';
import type { Tx } from '../../administration/common.ts';
import type { ServiceContext } from '../../service-context.ts';
import { kbAccess } from '../shared/kb.access.ts';
import { stateConflict, type Reason } from '../shared/kb.conflict.ts';
import { articleSegmentOf, resolveArticleSegment } from '../shared/kb.article-ids.ts';
import type { LinkEdit, NewLink, Upload } from './attachment.input.ts';
import { presentKbAttachment, type KbAttachmentView } from './attachment.presenter.ts';
import { attachmentsByIds, countAttachments, pageOfAttachments, readAttachmentContent, type AttachmentRow } from './attachment.queries.ts';
import { MAX_ATTACHMENTS } from './attachment.schema.ts';

/** 06 §11 (en-US), with the es-ES translation the server ships (01 §7.3). */
const linkHasNoContent: Reason = {
  'en-US': 'the attachment is a link and has no content',
  'es-ES': 'el adjunto es un enlace y no tiene contenido',
};

const present = (q: ParsedQuery) => {
  const contentUrl = wantsAttribute(q, 'contentUrl');
  return (row: AttachmentRow) => presentKbAttachment(row, { contentUrl });
};

/** The rows `ids` in that order (each present: just written or checked). */
async function reload(ctx: ServiceContext, ids: readonly bigint[], q: ParsedQuery): Promise<KbAttachmentView[]> {
  const rows = new Map((await attachmentsByIds(ctx.db.prisma, ids)).map((r) => [r.id, r]));
  return ids.map((id) => present(q)(rows.get(id)!));
}

/**
 * Holds the article for the rest of the transaction (404-101 when it does not exist) and checks that `adding` more
 * attachments fit (400-160). Concurrent additions to one article wait here for each other, so the cap holds.
 */
async function reserve(tx: Tx, articleId: bigint, adding: number): Promise<void> {
  const rows = await tx.$queryRaw<{ id: bigint }[]>`SELECT id FROM kb_article WHERE id = ${articleId} FOR NO KEY UPDATE`;
  if (!rows[0]) throw Err.idsNotFound([String(articleId)]);
  const total = (await countAttachments(tx, articleId)) + adding;
  if (total > MAX_ATTACHMENTS) throw Err.tooManyItems(total);
}

/** K23. */
export async function uploadFile(ctx: ServiceContext, articleId: bigint, upload: Upload, q: ParsedQuery): Promise<KbAttachmentView> {
  const { actor } = await kbAccess(ctx, 'kb.author', q);
  const now = ctx.now();
  const id = await ctx.db.prisma.$transaction(async (tx) => {
    await reserve(tx, articleId, 1);
    const stored = await storeContent(tx, upload.bytes);
    const row = await tx.kbAttachment.create({
      data: {
        articleId,
        kind: 'internal',
        name: upload.name,
        fileName: upload.fileName,
        contentType: upload.contentType,
        size: BigInt(stored.size),
        contentSha256: new Uint8Array(stored.sha256),
        createdAt: now,
        createdById: actor.userId,
        lastModifiedAt: now,
        lastModifiedById: actor.userId,
      },
      select: { id: true },
    });
    return row.id;
  });
  return (await reload(ctx, [id], q))[0]!;
}

/** K24: all links in one transaction, answered in the order sent. */
export async function addLinks(ctx: ServiceContext, articleId: bigint, links: readonly NewLink[], q: ParsedQuery): Promise<KbAttachmentView[]> {
  const { actor } = await kbAccess(ctx, 'kb.author', q);
  const now = ctx.now();
  const ids = await ctx.db.prisma.$transaction(async (tx) => {
    await reserve(tx, articleId, links.length);
    const created: bigint[] = [];
    for (const link of links) {
      const row = await tx.kbAttachment.create({
        data: { articleId, kind: 'external', name: link.name, url: link.url, createdAt: now, createdById: actor.userId, lastModifiedAt: now, lastModifiedById: actor.userId },
        select: { id: true },
      });
      created.push(row.id);
    }
    return created;
  });
  return reload(ctx, ids, q);
}

/** K25: every id must exist (404-101) and be a link (400-152); all or nothing. Answers the changed ids. */
export async function editLinks(ctx: ServiceContext, edits: readonly LinkEdit[], q: ParsedQuery): Promise<bigint[]> {
  const { actor } = await kbAccess(ctx, 'kb.author', q);
  const ids = distinct(edits.map((e) => e.id));
  const now = ctx.now();
  await ctx.db.prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: bigint; kind: string }[]>`SELECT id, kind FROM kb_attachment WHERE id = ANY(${ids}::bigint[]) FOR UPDATE`;
    const kinds = new Map(rows.map((r) => [r.id, r.kind]));
    const missing = ids.filter((id) => !kinds.has(id)).map(String);
    if (missing.length) throw Err.idsNotFound(missing);
    const file = edits.findIndex((e) => kinds.get(e.id) !== 'external');
    if (file >= 0) throw Err.invalidAttribute(`attachment[${file}].id`, String(edits[file]!.id));
    for (const e of edits) {
      await tx.kbAttachment.update({
        where: { id: e.id },
        data: { ...(e.name !== undefined ? { name: e.name } : {}), ...(e.url !== undefined ? { url: e.url } : {}), lastModifiedAt: now, lastModifiedById: actor.userId },
      });
    }
  });
  return ids;
}

/** The K25 answer with `$attribute` (06 §1.4). */
export const affectedAttachments = (ctx: ServiceContext, ids: readonly bigint[], q: ParsedQuery) => reload(ctx, ids, q);

/** K26: one page by id (`$order` applies); the route answers 204 for an empty page. */
export async function listAttachments(ctx: ServiceContext, q: ParsedQuery): Promise<{ items: KbAttachmentView[]; count: number }> {
  const segment = articleSegmentOf(criterion(q, 'article', 'string')!.value, 'article');
  await kbAccess(ctx, 'kb.read', q);
  const articleId = await resolveArticleSegment(ctx, segment);
  const [count, rows] = await Promise.all([
    countAttachments(ctx.db.prisma, articleId),
    q.count ? Promise.resolve([]) : pageOfAttachments(ctx.db.prisma, articleId, q.paging.offset, q.paging.limit, q.sort.order === 'desc'),
  ]);
  return { items: rows.map(present(q)), count };
}

/** K27: in the order given; 404-101 names every unknown id, and with `article` every attachment of another article. */
export async function getAttachments(ctx: ServiceContext, ids: readonly bigint[], q: ParsedQuery): Promise<KbAttachmentView[]> {
  const sent = criterion(q, 'article', 'string')?.value;
  const articleSegment = sent === undefined ? undefined : articleSegmentOf(sent, 'article');
  await kbAccess(ctx, 'kb.read', q);
  const articleId = articleSegment === undefined ? undefined : await resolveArticleSegment(ctx, articleSegment);
  const rows = new Map((await attachmentsByIds(ctx.db.prisma, ids)).map((r) => [r.id, r]));
  const missing = ids.filter((id) => {
    const row = rows.get(id);
    return !row || (articleId !== undefined && row.articleId !== articleId);
  });
  if (missing.length) throw Err.idsNotFound(missing.map(String));
  return ids.map((id) => present(q)(rows.get(id)!));
}

export type Download = { fileName: string; contentType: string; bytes: Buffer };

/** K28: the stored bytes of a file; a link → 409-102; unknown → 404-101. */
export async function downloadContent(ctx: ServiceContext, id: bigint, q: ParsedQuery): Promise<Download> {
  await kbAccess(ctx, 'kb.read', q);
  const found = await readAttachmentContent(ctx.db.prisma, id);
  if (!found) throw Err.idsNotFound([String(id)]);
  if (found.kind !== 'internal' || !found.bytes) throw stateConflict([id], linkHasNoContent);
  return { fileName: found.fileName ?? 'attachment', contentType: found.contentType ?? 'application/octet-stream', bytes: found.bytes };
}

/** K29: the listed attachments of the article are deleted, their bytes with their last reference; all or nothing. */
export async function unlinkAttachments(ctx: ServiceContext, articleId: bigint, ids: readonly bigint[], q: ParsedQuery): Promise<void> {
  await kbAccess(ctx, 'kb.author', q);
  await ctx.db.prisma.$transaction(async (tx) => {
    const article = await tx.$queryRaw<{ id: bigint }[]>`SELECT id FROM kb_article WHERE id = ${articleId} FOR NO KEY UPDATE`;
    if (!article[0]) throw Err.idsNotFound([String(articleId)]);
    const rows = await tx.$queryRaw<{ id: bigint }[]>`
      SELECT id FROM kb_attachment WHERE article_id = ${articleId} AND id = ANY(${[...ids]}::bigint[]) FOR UPDATE`;
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id)).map(String);
    if (missing.length) throw Err.idsNotFound(missing);
    await tx.$executeRaw`DELETE FROM kb_attachment WHERE article_id = ${articleId} AND id = ANY(${[...ids]}::bigint[])`;
  });
}
