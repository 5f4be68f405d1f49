// Article note use cases (06 §6): add, list, read by ids, delete. Notes belong to the article, not to a version, and
// do not change the article's lastModified (which follows its versions, 06 §4.3).
import { Err } from '../../../errors/app-error.ts';
import { holds } from '../../../authz/permissions.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { distinct } from '../../administration/shared/admin-edit.ts';
import type { ServiceContext } from '../../service-context.ts';
import { kbAccess } from '../shared/kb.access.ts';
import { articleSegmentOf, resolveArticleSegment } from '../shared/kb.article-ids.ts';
import { countNotes, notesByIds, pageOfNotes, type NoteRow } from './note.queries.ts';
import { presentKbNote, type KbNoteView } from './note.presenter.ts';
import { readNoteContents } from './note.schema.ts';

/** A numeric article id of a write path must name an article (404-101); `lock` holds it until the transaction ends. */
async function requireArticle(db: Pick<ServiceContext['db']['prisma'], '$queryRaw'>, id: bigint, lock = false): Promise<void> {
  const rows = lock
    ? await db.$queryRaw<{ id: bigint }[]>`SELECT id FROM kb_article WHERE id = ${id} FOR UPDATE`
    : await db.$queryRaw<{ id: bigint }[]>`SELECT id FROM kb_article WHERE id = ${id}`;
  if (!rows[0]) throw Err.idsNotFound([String(id)]);
}

/** K19: every note in one transaction; answers them in the order sent. */
export async function addNotes(ctx: ServiceContext, articleId: bigint, items: readonly Record<string, unknown>[], q: ParsedQuery): Promise<KbNoteView[]> {
  const contents = readNoteContents(items);
  const { actor } = await kbAccess(ctx, 'kb.author', q);
  const now = ctx.now();
  const ids = await ctx.db.prisma.$transaction(async (tx) => {
    await requireArticle(tx, articleId);
    const created: bigint[] = [];
    for (const content of contents) {
      const row = await tx.kbNote.create({ data: { articleId, content, createdAt: now, createdById: actor.userId }, select: { id: true } });
      created.push(row.id);
    }
    return created;
  });
  const rows = new Map((await notesByIds(ctx.db.prisma, articleId, ids)).map((n) => [n.id, n]));
  return ids.map((id) => presentKbNote(rows.get(id)!));
}

/** K20: one page, newest first (or by id with `$sort=id`); the route answers 204 for an empty page. */
export async function listNotes(ctx: ServiceContext, raw: string, q: ParsedQuery): Promise<{ items: KbNoteView[]; count: number }> {
  const segment = articleSegmentOf(raw, 'id');
  await kbAccess(ctx, 'kb.read', q);
  const articleId = await resolveArticleSegment(ctx, segment);
  const bySort = q.link.params.some((p) => p.name === '$sort') ? { desc: q.sort.order === 'desc' } : undefined;
  const [count, rows] = await Promise.all([
    countNotes(ctx.db.prisma, articleId),
    q.count ? Promise.resolve([]) : pageOfNotes(ctx.db.prisma, articleId, q.paging.offset, q.paging.limit, bySort),
  ]);
  return { items: rows.map(presentKbNote), count };
}

/** The listed notes of the article, in the order given; 404-101 names every id that is not one of its notes. */
async function notesOfArticle(ctx: ServiceContext, articleId: bigint, ids: readonly bigint[]): Promise<NoteRow[]> {
  const found = new Map((await notesByIds(ctx.db.prisma, articleId, ids)).map((n) => [n.id, n]));
  const missing = ids.filter((id) => !found.has(id)).map(String);
  if (missing.length) throw Err.idsNotFound(missing);
  return ids.map((id) => found.get(id)!);
}

/** K21. */
export async function getNotes(ctx: ServiceContext, raw: string, noteIds: readonly bigint[], q: ParsedQuery): Promise<KbNoteView[]> {
  const segment = articleSegmentOf(raw, 'id');
  await kbAccess(ctx, 'kb.read', q);
  const articleId = await resolveArticleSegment(ctx, segment);
  return (await notesOfArticle(ctx, articleId, distinct(noteIds))).map(presentKbNote);
}

/** K22: the caller's own notes need kb.author, anyone else's kb.publish (403-197); all or nothing. */
export async function deleteNotes(ctx: ServiceContext, articleId: bigint, noteIds: readonly bigint[], q: ParsedQuery): Promise<void> {
  const { actor } = await kbAccess(ctx, 'kb.author', q);
  const ids = distinct(noteIds);
  await ctx.db.prisma.$transaction(async (tx) => {
    await requireArticle(tx, articleId, true);
    const rows = await tx.$queryRaw<{ id: bigint; created_by_id: bigint | null }[]>`
      SELECT id, created_by_id FROM kb_note WHERE article_id = ${articleId} AND id = ANY(${ids}::bigint[]) FOR UPDATE`;
    const found = new Set(rows.map((r) => r.id));
    const missing = ids.filter((id) => !found.has(id)).map(String);
    if (missing.length) throw Err.idsNotFound(missing);
    // Whose notes they are is stored data: this second permission check can only come after reading them.
    if (rows.some((r) => r.created_by_id !== actor.userId) && !holds(actor.roles, 'kb.publish')) throw Err.notAuthorized();
    await tx.$executeRaw`DELETE FROM kb_note WHERE article_id = ${articleId} AND id = ANY(${ids}::bigint[])`;
  });
}
