// K12 move, K13 delete articles and K18 delete versions (06 §4.1, §5): one transaction over row-locked articles each.
import { Err } from '../../../errors/app-error.ts';
import type { ServiceContext } from '../../service-context.ts';
import { nextModified } from '../../administration/common.ts';
import { isForeignKeyViolation } from '../../administration/shared/conflicts.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { kbAccess } from '../shared/kb.access.ts';
import { readMove } from './article.input.ts';
import { findFolder } from './article.references.ts';
import { refreshArticles, updateVersion } from './article.rows.ts';
import { checkStamps, reasons } from './article.conflicts.ts';
import { stateConflict } from '../shared/kb.conflict.ts';
import { inArticles } from './article.lifecycle.ts';

const strings = (ids: readonly bigint[]) => ids.map(String);

/**
 * K12: every article moves to the folder and its department. Versions, stamps and locks stay as they are (a move
 * writes no version, and the article's lastModified is its highest version's, 06 §3.1). A `lastModified.date` in
 * the body, when sent, must be that of every listed article.
 */
export async function moveArticles(ctx: ServiceContext, ids: bigint[], body: unknown, q: ParsedQuery): Promise<void> {
  const input = readMove(body);
  await kbAccess(ctx, 'kb.author', q);
  try {
    await inArticles(ctx, ids, async (tx, locked) => {
      const folder = await findFolder(tx, input.folder.id, true);
      if (!folder) throw Err.invalidAttribute(input.folder.path, input.folder.raw);
      checkStamps(
        ids.map((id) => ({ id, stamp: input.stamp })),
        (id) => locked.get(id)!.lastModifiedAt,
      );
      await tx.$executeRaw`
        UPDATE kb_article SET folder_id = CAST(${String(folder.id)} AS bigint), department_id = CAST(${String(folder.departmentId)} AS bigint)
         WHERE id = ANY(CAST(${strings(ids)} AS bigint[]))`;
      await refreshArticles(tx, ids);
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw Err.invalidAttribute(input.folder.path, input.folder.raw);
    throw err;
  }
}

/** K13: articles with their versions, notes, attachments and topic links (cascades); another user's lock → 409-102. */
export async function deleteArticles(ctx: ServiceContext, ids: bigint[], q: ParsedQuery): Promise<void> {
  const { actor } = await kbAccess(ctx, 'kb.publish', q);
  await inArticles(ctx, ids, async (tx, locked) => {
    const others = ids.filter((id) => {
      const by = locked.get(id)!.lockedById;
      return by !== null && by !== actor.userId;
    });
    if (others.length) throw stateConflict(others, reasons.checkedOutByOther);
    await tx.$executeRaw`DELETE FROM kb_article WHERE id = ANY(CAST(${strings(ids)} AS bigint[]))`;
  });
}

/**
 * K18: versions of one article; none may be published or the working copy, and at least one version must remain
 * (409-102 naming the refused versions). The highest remaining version is stamped, so the article's stamp increases.
 */
export async function deleteVersions(ctx: ServiceContext, articleId: bigint, versionIds: bigint[], q: ParsedQuery): Promise<void> {
  const { actor } = await kbAccess(ctx, 'kb.publish', q);
  await inArticles(ctx, [articleId], async (tx, locked) => {
    const a = locked.get(articleId)!;
    const byId = new Map(a.versions.map((v) => [v.id, v]));
    const missing = versionIds.filter((id) => !byId.has(id)).map(String);
    if (missing.length) throw Err.idsNotFound(missing);
    const kept = versionIds.filter((id) => ['published', 'transient'].includes(byId.get(id)!.state));
    if (kept.length) throw stateConflict(kept, reasons.versionNotDeletable);
    if (versionIds.length === a.versions.length) throw stateConflict(versionIds, reasons.versionNotDeletable);
    await tx.$executeRaw`DELETE FROM kb_version WHERE id = ANY(CAST(${strings(versionIds)} AS bigint[]))`;
    const gone = new Set(versionIds);
    const top = a.versions.filter((v) => !gone.has(v.id)).pop()!;
    await updateVersion(tx, top.id, {}, { at: nextModified(a.lastModifiedAt, ctx.now()), by: actor.userId });
    await refreshArticles(tx, [articleId]);
  });
}
