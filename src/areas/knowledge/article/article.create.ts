// K4 create and K5 copy (06 §4.1, §5). A new article lives in its folder's department; K4's version 1 is the
// caller's working copy (transient, locked), K5's a draft copied from the source's current version, not locked.
import { Err } from '../../../errors/app-error.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { Tx } from '../../administration/common.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../administration/shared/conflicts.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { kbAccess } from '../shared/kb.access.ts';
import { languageByCode, languageById } from '../shared/kb.language.ts';
import { readCopy, readCreate, type CreateInput } from './article.input.ts';
import { alternateIdHolder, defaultArticleType, findArticleType, findFolder } from './article.references.ts';
import { copyVersion, insertVersion, refreshArticles, type Stamp } from './article.rows.ts';
import { reasons } from './article.conflicts.ts';
import { stateConflict } from '../shared/kb.conflict.ts';

type NewArticle = { folderId: bigint; departmentId: bigint; languageId: bigint; articleTypeId: bigint; alternateId?: string | undefined };

async function insertArticle(tx: Tx, a: NewArticle, stamp: Stamp, lockedBy: bigint | null): Promise<bigint> {
  const row = await tx.kbArticle.create({
    data: {
      alternateId: a.alternateId ?? '',
      folderId: a.folderId,
      departmentId: a.departmentId,
      languageId: a.languageId,
      articleTypeId: a.articleTypeId,
      createdAt: stamp.at,
      createdById: stamp.by,
      lockedById: lockedBy,
      lockedAt: lockedBy === null ? null : stamp.at,
    },
    select: { id: true },
  });
  return row.id;
}

/** 409-102 for an alternate id in use, naming the article that holds it. */
async function alternateIdInUse(ctx: ServiceContext, alternateId: string) {
  const holder = await alternateIdHolder(ctx.db.prisma, alternateId);
  return stateConflict(holder === undefined ? [] : [holder], reasons.alternateIdInUse, [{ key: 'alternateId', value: alternateId }]);
}

/** The references of a create body (01 §7.2 step 9): unknown folder, language or type → 400-152. */
async function resolveCreate(ctx: ServiceContext, input: CreateInput): Promise<NewArticle> {
  const db = ctx.db.prisma;
  const folder = await findFolder(db, input.folder.id);
  if (!folder) throw Err.invalidAttribute(input.folder.path, input.folder.raw);
  const lang = input.language;
  const language = 'id' in lang ? await languageById(ctx, lang.id) : await languageByCode(ctx, lang.code);
  if (!language) throw Err.invalidAttribute(lang.path, lang.raw);
  const type = input.fields.articleType;
  const articleTypeId = type ? await findArticleType(db, type, folder.departmentId) : await defaultArticleType(db, folder.departmentId);
  if (articleTypeId === undefined) throw Err.invalidAttribute(type!.path, type!.raw);
  return { folderId: folder.id, departmentId: folder.departmentId, languageId: language.id, articleTypeId, alternateId: input.alternateId };
}

/** K4: the new article's id. */
export async function createArticle(ctx: ServiceContext, body: Record<string, unknown>, q: ParsedQuery): Promise<bigint> {
  const input = readCreate(body);
  const { actor } = await kbAccess(ctx, 'kb.author', q);
  const article = await resolveCreate(ctx, input);
  if (input.alternateId && (await alternateIdHolder(ctx.db.prisma, input.alternateId)) !== undefined) throw await alternateIdInUse(ctx, input.alternateId);
  const stamp: Stamp = { at: ctx.now(), by: actor.userId };
  try {
    return await ctx.db.prisma.$transaction(async (tx) => {
      const id = await insertArticle(tx, article, stamp, actor.userId);
      await insertVersion(tx, id, { versionNumber: 1, state: 'transient', reviewStage: null, fields: input.fields }, stamp);
      await refreshArticles(tx, [id]);
      return id;
    });
  } catch (err) {
    // A concurrent create took the alternate id, or the folder went, after the checks above.
    if (isUniqueViolation(err) && input.alternateId) throw await alternateIdInUse(ctx, input.alternateId);
    if (isForeignKeyViolation(err)) throw Err.invalidAttribute(input.folder.path, input.folder.raw);
    throw err;
  }
}

/** K5: a copy of the source's current version as version 1 (draft, authoring) of a new article in the target folder. */
export async function copyArticle(ctx: ServiceContext, body: unknown, q: ParsedQuery): Promise<bigint> {
  const input = readCopy(body);
  const { actor } = await kbAccess(ctx, 'kb.author', q);
  const stamp: Stamp = { at: ctx.now(), by: actor.userId };
  return ctx.db.prisma.$transaction(async (tx) => {
    const [source] = await tx.$queryRaw<{ language_id: string; article_type_id: string; current_version_id: string | null }[]>`
      SELECT language_id::text AS language_id, article_type_id::text AS article_type_id, current_version_id::text AS current_version_id
        FROM kb_article WHERE id = CAST(${String(input.article.id)} AS bigint) FOR SHARE`;
    if (!source?.current_version_id) throw Err.invalidAttribute(input.article.path, input.article.raw);
    const folder = await findFolder(tx, input.folder.id, true);
    if (!folder) throw Err.invalidAttribute(input.folder.path, input.folder.raw);
    const id = await insertArticle(
      tx,
      { folderId: folder.id, departmentId: folder.departmentId, languageId: BigInt(source.language_id), articleTypeId: BigInt(source.article_type_id) },
      stamp,
      null,
    );
    await copyVersion(tx, BigInt(source.current_version_id), id, { versionNumber: 1, state: 'draft', reviewStage: 'authoring' }, stamp);
    await refreshArticles(tx, [id]);
    return id;
  });
}
