// The version lifecycle of 06 §4.1: check-out (K6), edit (K7), check-in (K8), publish (K9), change stage (K10),
// reset lock (K11) and rollback (K17). Each call is one transaction over row-locked articles: every article is checked
// (404-101, then the state, 409-102, then the stamp, 409-101) before anything is written, so a refusal applies nothing.
//
// Stamps (06 §4.3): each article's writes of one call share one instant, max(now, article's lastModified + 1 ms),
// given to every version the call writes, so the highest version always carries the article's lastModified. Where a
// call writes a lower version (K10 on a checked-out article) or removes the highest (K11), the highest remaining
// version is stamped as well: the article's stamp only ever increases.
import { Err } from '../../../errors/app-error.ts';
import { holds } from '../../../authz/permissions.ts';
import type { ServiceContext } from '../../service-context.ts';
import { nextModified, type Tx } from '../../administration/common.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { kbAccess } from '../shared/kb.access.ts';
import { checkDates, readEdits, readStages, readStamped } from './article.input.ts';
import { findArticleType } from './article.references.ts';
import {
  copyVersion,
  highest,
  lockArticles,
  nextNumber,
  refreshArticles,
  setLock,
  transientOf,
  updateVersion,
  versionData,
  type LockedArticle,
  type Stamp,
} from './article.rows.ts';
import { checkStamps, reasons, refuseFirst } from './article.conflicts.ts';
import { stateConflict } from '../shared/kb.conflict.ts';

/** Locks the articles `ids` (404-101 naming every missing one) and runs `fn` in the same transaction. */
export async function inArticles<T>(ctx: ServiceContext, ids: readonly bigint[], fn: (tx: Tx, locked: Map<bigint, LockedArticle>) => Promise<T>): Promise<T> {
  return ctx.db.prisma.$transaction(async (tx) => {
    const locked = await lockArticles(tx, ids);
    const missing = ids.filter((id) => !locked.has(id)).map(String);
    if (missing.length) throw Err.idsNotFound(missing);
    return fn(tx, locked);
  });
}

const stampFor = (a: LockedArticle, now: Date, by: bigint): Stamp => ({ at: nextModified(a.lastModifiedAt, now), by });
const lockedByOther = (a: LockedArticle, me: bigint) => a.lockedById !== null && a.lockedById !== me;
/** The highest version that is not the working copy. */
const highestCheckedIn = (a: LockedArticle) => [...a.versions].reverse().find((v) => v.state !== 'transient');

/** K6: a working copy of the highest version for every article not yet checked out by the caller. */
export async function checkOut(ctx: ServiceContext, ids: bigint[], q: ParsedQuery): Promise<void> {
  const { actor } = await kbAccess(ctx, 'kb.author', q);
  const me = actor.userId;
  await inArticles(ctx, ids, async (tx, locked) => {
    const others = ids.filter((id) => lockedByOther(locked.get(id)!, me));
    if (others.length) throw stateConflict(others, reasons.checkedOutByOther);
    const now = ctx.now();
    const todo = ids.map((id) => locked.get(id)!).filter((a) => a.lockedById === null);
    for (const a of todo) {
      const top = highest(a)!;
      await copyVersion(tx, top.id, a.id, { versionNumber: nextNumber(a), state: 'transient', reviewStage: null }, stampFor(a, now, me));
    }
    const changed = todo.map((a) => a.id);
    await setLock(tx, changed, { userId: me, at: now });
    await refreshArticles(tx, changed);
  });
}

/** K7 and K8: edits of the caller's working copies; `checkIn` also turns them into drafts and releases the locks. */
async function applyEdits(ctx: ServiceContext, body: unknown[], q: ParsedQuery, checkIn: boolean): Promise<bigint[]> {
  const items = readEdits(body);
  const { actor } = await kbAccess(ctx, 'kb.author', q);
  const me = actor.userId;
  const ids = items.map((i) => i.id);
  await inArticles(ctx, ids, async (tx, locked) => {
    const types = new Map<bigint, bigint>();
    for (const item of items) {
      const ref = item.fields.articleType;
      if (!ref) continue;
      const typeId = await findArticleType(tx, ref, locked.get(item.id)!.departmentId);
      if (typeId === undefined) throw Err.invalidAttribute(ref.path, ref.raw);
      types.set(item.id, typeId);
    }
    refuseFirst(items, (i) => (locked.get(i.id)!.lockedById === me && transientOf(locked.get(i.id)!) ? undefined : reasons.notCheckedOutByYou));
    checkStamps(items, (id) => locked.get(id)!.lastModifiedAt);
    const now = ctx.now();
    for (const item of items) {
      const a = locked.get(item.id)!;
      const working = transientOf(a)!;
      checkDates(item.fields, working);
      const data = { ...versionData(item.fields), ...(checkIn ? { state: 'draft', reviewStage: 'authoring' } : {}) };
      const typeId = types.get(item.id);
      if (typeId !== undefined) await tx.kbArticle.update({ where: { id: a.id }, data: { articleTypeId: typeId } });
      if (Object.keys(data).length || typeId !== undefined) await updateVersion(tx, working.id, data, stampFor(a, now, me));
    }
    if (checkIn) await setLock(tx, ids, null);
    await refreshArticles(tx, ids);
  });
  return ids;
}

/** K7. */
export const editArticles = (ctx: ServiceContext, body: unknown[], q: ParsedQuery) => applyEdits(ctx, body, q, false);

/** K8. */
export const checkInArticles = (ctx: ServiceContext, body: unknown[], q: ParsedQuery) => applyEdits(ctx, body, q, true);

/**
 * K9: the caller's working copy, else the highest draft, becomes the published version; every other checked-in
 * version is archived first (one published version per article: a unique index), and the lock is released.
 */
export async function publishArticles(ctx: ServiceContext, body: unknown[], q: ParsedQuery): Promise<bigint[]> {
  const items = readStamped(body);
  const { actor } = await kbAccess(ctx, 'kb.publish', q);
  const me = actor.userId;
  const ids = items.map((i) => i.id);
  await inArticles(ctx, ids, async (tx, locked) => {
    refuseFirst(items, (i) => {
      const a = locked.get(i.id)!;
      if (lockedByOther(a, me)) return reasons.checkedOutByOther;
      return transientOf(a) || a.versions.some((v) => v.state === 'draft') ? undefined : reasons.nothingToPublish;
    });
    checkStamps(items, (id) => locked.get(id)!.lastModifiedAt);
    const now = ctx.now();
    for (const id of ids) {
      const a = locked.get(id)!;
      const target = transientOf(a) ?? [...a.versions].reverse().find((v) => v.state === 'draft')!;
      const stamp = stampFor(a, now, me);
      await tx.$executeRaw`
        UPDATE kb_version SET state = 'archived', review_stage = NULL, last_modified_at = ${stamp.at},
               last_modified_by_id = CAST(${String(me)} AS bigint)
         WHERE article_id = CAST(${String(a.id)} AS bigint) AND state IN ('published', 'draft') AND id <> CAST(${String(target.id)} AS bigint)`;
      await updateVersion(tx, target.id, { state: 'published', reviewStage: null }, stamp);
    }
    await setLock(tx, ids, null);
    await refreshArticles(tx, ids);
  });
  return ids;
}

/**
 * K10: the review stage of each article's draft (its highest checked-in version). The body alone decides the
 * permission: `approved` anywhere in it needs kb.publish, else kb.author.
 */
export async function changeStage(ctx: ServiceContext, body: unknown[], q: ParsedQuery): Promise<bigint[]> {
  const items = readStages(body);
  const { actor } = await kbAccess(ctx, items.some((i) => i.stage === 'approved') ? 'kb.publish' : 'kb.author', q);
  const ids = items.map((i) => i.id);
  await inArticles(ctx, ids, async (tx, locked) => {
    refuseFirst(items, (i) => (highestCheckedIn(locked.get(i.id)!)?.state === 'draft' ? undefined : reasons.noDraft));
    checkStamps(items, (id) => locked.get(id)!.lastModifiedAt);
    const now = ctx.now();
    for (const item of items) {
      const a = locked.get(item.id)!;
      const stamp = stampFor(a, now, actor.userId);
      await updateVersion(tx, highestCheckedIn(a)!.id, { reviewStage: item.stage }, stamp);
      const working = transientOf(a);
      if (working) await updateVersion(tx, working.id, {}, stamp);
    }
    await refreshArticles(tx, ids);
  });
  return ids;
}

/**
 * K11: the working copy is discarded (or, as the article's only version, kept as a draft) and the lock released.
 * Another user's lock needs kb.publish (403-197).
 */
export async function resetLocks(ctx: ServiceContext, body: unknown[], q: ParsedQuery): Promise<bigint[]> {
  const items = readStamped(body);
  const { actor } = await kbAccess(ctx, 'kb.author', q);
  const me = actor.userId;
  const ids = items.map((i) => i.id);
  await inArticles(ctx, ids, async (tx, locked) => {
    if (!holds(actor.roles, 'kb.publish') && ids.some((id) => lockedByOther(locked.get(id)!, me))) throw Err.notAuthorized();
    refuseFirst(items, (i) => (locked.get(i.id)!.lockedById === null ? reasons.notCheckedOut : undefined));
    const now = ctx.now();
    for (const id of ids) {
      const a = locked.get(id)!;
      const working = transientOf(a);
      if (!working) continue;
      const stamp = stampFor(a, now, me);
      if (a.versions.length === 1) {
        await updateVersion(tx, working.id, { state: 'draft', reviewStage: 'authoring' }, stamp);
        continue;
      }
      await tx.kbVersion.delete({ where: { id: working.id } });
      const top = a.versions.filter((v) => v.id !== working.id).pop()!;
      await updateVersion(tx, top.id, {}, stamp);
    }
    await setLock(tx, ids, null);
    await refreshArticles(tx, ids);
  });
  return ids;
}

/**
 * K17: a new draft copying an older version, numbered after the highest. When the caller holds the lock, its working
 * copy is discarded and the lock released first.
 */
export async function rollback(ctx: ServiceContext, articleId: bigint, versionId: bigint, q: ParsedQuery): Promise<void> {
  const { actor } = await kbAccess(ctx, 'kb.author', q);
  const me = actor.userId;
  await inArticles(ctx, [articleId], async (tx, locked) => {
    const a = locked.get(articleId)!;
    const source = a.versions.find((v) => v.id === versionId);
    if (!source) throw Err.idsNotFound([String(versionId)]);
    if (lockedByOther(a, me)) throw stateConflict([articleId], reasons.checkedOutByOther);
    if (source.state === 'transient') throw stateConflict([versionId], reasons.rollbackToWorkingCopy);
    const working = transientOf(a);
    const next = nextNumber(a);
    if (working) await tx.kbVersion.delete({ where: { id: working.id } });
    if (a.lockedById !== null) await setLock(tx, [articleId], null);
    await copyVersion(tx, source.id, articleId, { versionNumber: next, state: 'draft', reviewStage: 'authoring' }, stampFor(a, ctx.now(), me));
    await refreshArticles(tx, [articleId]);
  });
}

