// Topic use cases (06 §9, K36–K42). Reads need kb.read, writes and article links kb.structure (06 §1.1). Sibling
// names are unique case-insensitively by index (kb_topic_sibling_name, kb_topic_root_name per department and
// language): the checks below answer the common case, the index settles races.
import { randomUUID } from 'node:crypto';
import { Err } from '../../../errors/app-error.ts';
import { criterion, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { nextModified } from '../../administration/common.ts';
import { checkToken, distinct, requireAll } from '../../administration/shared/admin-edit.ts';
import { kbAccess, kbListAccess } from '../shared/kb.access.ts';
import { articleSegmentOf, resolveArticleSegment } from '../shared/kb.article-ids.ts';
import { checkedKbWrite } from '../shared/kb.checked-write.ts';
import { siblingNameReason, stateConflict, type Reason } from '../shared/kb.conflict.ts';
import { languageByCode, languageById, type KbLanguage } from '../shared/kb.language.ts';
import { loadTrees, type TreeKind } from '../shared/kb.tree.ts';
import { readTopicCreate, readTopicEdits, type LanguageRef } from './topic.input.ts';
import { presentTopic } from './topic.presenter.ts';
import {
  appendLinks,
  childrenOf,
  findTopics,
  lockTopics,
  pageTopics,
  shareArticles,
  siblingNamed,
  type Db,
  type LockedTopic,
  type TopicFilter,
  type TopicPlace,
  type TopicRow,
} from './topic.queries.ts';

const childTopicsReason: Reason = { 'en-US': 'the topic has child topics', 'es-ES': 'el tema tiene temas secundarios' };
const languageReason: Reason = {
  'en-US': 'the article language differs from the topic language',
  'es-ES': 'el idioma del artículo es distinto del idioma del tema',
};

// ----- reading -----

const topicTree: TreeKind<TopicRow> = { table: 'kb_topic', name: 'topic', find: findTopics, present: presentTopic };

/** The topics `ids` (in that order, all existing; `found` when already read) with `level` levels of descendants. */
export const loadTopicTrees = (ctx: ServiceContext, ids: readonly bigint[], level: number, found?: TopicRow[]) => loadTrees(ctx, topicTree, ids, level, found);

/** K36. */
export async function getTopics(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  await kbAccess(ctx, 'kb.read', q);
  const rows = await findTopics(ctx.db.prisma, ids);
  requireAll(ids, rows);
  return loadTopicTrees(ctx, ids, q.level ?? 0, rows);
}

/** K37: root topics of a department, children of a topic or topics of an article (which must exist: 404-101). */
export async function listTopics(ctx: ServiceContext, q: ParsedQuery) {
  const sent = criterion(q, 'article', 'string')?.value;
  const article = sent === undefined ? undefined : articleSegmentOf(sent, 'article');
  const { language } = await kbListAccess(ctx, 'kb.read', q);
  const db = ctx.db.prisma;
  const department = criterion(q, 'department', 'id')?.value;
  const parent = criterion(q, 'parent', 'id')?.value;
  let filter: TopicFilter;
  if (department !== undefined) {
    if (!(await db.department.findUnique({ where: { id: BigInt(department) }, select: { id: true } }))) throw Err.idsNotFound([department]);
    filter = { department: BigInt(department) };
  } else if (parent !== undefined) {
    if (!(await db.kbTopic.findUnique({ where: { id: BigInt(parent) }, select: { id: true } }))) throw Err.idsNotFound([parent]);
    filter = { parent: BigInt(parent) };
  } else {
    filter = { article: await resolveArticleSegment(ctx, article!) };
  }
  const page = await pageTopics(db, filter, language.id, q);
  const { items, depth } = await loadTopicTrees(ctx, page.ids, q.level ?? 0);
  return { depth, page: { items, count: page.count, ...(page.last ? { last: page.last } : {}) } };
}

// ----- writing -----

async function languageOf(ctx: ServiceContext, ref: LanguageRef): Promise<KbLanguage> {
  const found = 'id' in ref ? await languageById(ctx, ref.id) : await languageByCode(ctx, ref.code);
  if (!found) throw Err.invalidAttribute(ref.path, ref.raw);
  return found;
}

/** K38: a root topic (department and language) or a child topic (parent; department and language are the parent's). */
export async function createTopic(ctx: ServiceContext, body: unknown, q: ParsedQuery) {
  const input = readTopicCreate(body);
  const { actor } = await kbAccess(ctx, 'kb.structure', q);
  const language = input.language ? await languageOf(ctx, input.language) : undefined;
  const now = ctx.now();
  const placeRef = (input.parent ?? input.department)!;
  let place: TopicPlace | undefined;
  const id = await checkedKbWrite(
    ctx,
    async (tx) => {
      if (input.parent) {
        const parent = await tx.kbTopic.findUnique({ where: { id: input.parent.id }, select: { id: true, departmentId: true, languageId: true } });
        if (!parent) throw Err.invalidAttribute(input.parent.path, input.parent.raw);
        if (input.department && input.department.id !== parent.departmentId) throw Err.invalidAttribute(input.department.path, input.department.raw);
        if (input.language && language!.id !== parent.languageId) throw Err.invalidAttribute(input.language.path, input.language.raw);
        place = { parentId: parent.id, departmentId: parent.departmentId, languageId: parent.languageId };
      } else {
        const ref = input.department!;
        if (!(await tx.department.findUnique({ where: { id: ref.id }, select: { id: true } }))) throw Err.invalidAttribute(ref.path, ref.raw);
        place = { parentId: null, departmentId: ref.id, languageId: language!.id };
      }
      const holder = await siblingNamed(tx, place, input.name);
      if (holder !== undefined) throw stateConflict([holder], siblingNameReason);
      const created = await tx.kbTopic.create({
        data: {
          name: input.name,
          description: input.description,
          isTranslatable: input.isTranslatable,
          ...place,
          createdAt: now,
          createdById: actor.userId,
          lastModifiedAt: now,
          lastModifiedById: actor.userId,
        },
        select: { id: true },
      });
      return created.id;
    },
    async (kind) => {
      // A concurrent create took the name, or the parent was deleted meanwhile.
      if (kind === 'reference' || !place) return Err.invalidAttribute(placeRef.path, placeRef.raw);
      const holder = await siblingNamed(ctx.db.prisma, place, input.name);
      return stateConflict([holder ?? placeRef.id], siblingNameReason);
    },
  );
  return { id, topic: (await loadTopicTrees(ctx, [id], 0)).items[0]! };
}

/** The sibling group of a topic and its name, as the unique indexes see them. */
const nameKey = (t: TopicPlace, name: string) => `${t.parentId === null ? `r${t.departmentId}:${t.languageId}` : `p${t.parentId}`}/${name.toLowerCase()}`;

/**
 * K39: 1–75 edits in one transaction. Every topic must exist (404-101, each named); the names the batch leaves must
 * be unique among siblings (409-102 naming the edited topic); each stamp must be current (409-101). Answers the
 * edited ids in body order.
 */
export async function editTopics(ctx: ServiceContext, items: unknown[], q: ParsedQuery): Promise<bigint[]> {
  const edits = readTopicEdits(items);
  const { actor } = await kbAccess(ctx, 'kb.structure', q);
  const now = ctx.now();
  const ids = distinct(edits.map((e) => e.id));
  await checkedKbWrite(
    ctx,
    async (tx) => {
      const rows = await lockTopics(tx, ids);
      requireAll(ids, rows);
      const stored = new Map<bigint, LockedTopic>(rows.map((r) => [r.id, r]));
      const finalName = new Map(rows.map((r) => [r.id, r.name]));
      for (const e of edits) if (e.name !== undefined) finalName.set(e.id, e.name);

      const seen = new Set<string>();
      for (const id of ids) {
        const key = nameKey(stored.get(id)!, finalName.get(id)!);
        if (seen.has(key)) throw stateConflict([id], siblingNameReason);
        seen.add(key);
      }
      const renamed = ids.filter((id) => finalName.get(id) !== stored.get(id)!.name);
      for (const id of renamed) {
        if ((await siblingNamed(tx, stored.get(id)!, finalName.get(id)!, ids)) !== undefined) throw stateConflict([id], siblingNameReason);
      }
      for (const e of edits) checkToken(e.id, e.token, stored.get(e.id)!.lastModifiedAt);

      // Names swapped within the batch would meet in the index half-way: the renamed topics step aside first.
      if (renamed.length > 1) {
        for (const id of renamed) await tx.kbTopic.update({ where: { id }, data: { name: randomUUID() } });
      }
      for (const id of ids) {
        const mine = edits.filter((e) => e.id === id);
        const data: { name?: string; description?: string | null; isTranslatable?: boolean } = {};
        for (const e of mine) {
          if (e.description !== undefined) data.description = e.description;
          if (e.isTranslatable !== undefined) data.isTranslatable = e.isTranslatable;
        }
        if (renamed.includes(id)) data.name = finalName.get(id)!;
        if (!mine.some((e) => e.name !== undefined || e.description !== undefined || e.isTranslatable !== undefined)) continue;
        await tx.kbTopic.update({
          where: { id },
          data: { ...data, lastModifiedAt: nextModified(stored.get(id)!.lastModifiedAt, now), lastModifiedById: actor.userId },
        });
      }
    },
    () => stateConflict(ids, siblingNameReason),
  );
  return ids;
}

/** K40: topics without child topics (other than ones deleted by the same call); their article links go with them. */
export async function deleteTopics(ctx: ServiceContext, ids: bigint[], q: ParsedQuery): Promise<void> {
  await kbAccess(ctx, 'kb.structure', q);
  await checkedKbWrite(
    ctx,
    async (tx) => {
      requireAll(ids, await lockTopics(tx, ids));
      const deleting = new Set(ids);
      const blocked = new Set((await childrenOf(tx, ids)).filter((c) => !deleting.has(c.id)).map((c) => c.parentId));
      if (blocked.size) throw stateConflict(ids.filter((id) => blocked.has(id)), childTopicsReason);
      await tx.kbTopic.deleteMany({ where: { id: { in: ids } } });
    },
    // A child topic created meanwhile.
    () => stateConflict(ids, childTopicsReason),
  );
}

/** The topic and the articles of a link call, all existing (404-101 naming every missing id, the topic first). */
async function linkParties(tx: Db, topicId: bigint, articleIds: bigint[]) {
  const [topic] = await lockTopics(tx, [topicId]);
  const articles = await shareArticles(tx, articleIds);
  const missing = [...(topic ? [] : [topicId]), ...articleIds.filter((id) => !articles.some((a) => a.id === id))];
  if (missing.length) throw Err.idsNotFound(missing.map(String));
  return { topic: topic!, articles };
}

/**
 * K41: appends the articles to the topic in the order given; linked ones keep their place. Every article must have
 * the topic's language, else 409-102 naming each other one.
 */
export async function linkArticles(ctx: ServiceContext, topicId: bigint, articleIds: bigint[], q: ParsedQuery): Promise<void> {
  await kbAccess(ctx, 'kb.structure', q);
  await checkedKbWrite(
    ctx,
    async (tx) => {
      const { topic, articles } = await linkParties(tx, topicId, articleIds);
      const other = articleIds.filter((id) => articles.find((a) => a.id === id)!.languageId !== topic.languageId);
      if (other.length) throw stateConflict(other, languageReason);
      await appendLinks(tx, topicId, articleIds);
    },
    // The topic was deleted meanwhile.
    () => Err.idsNotFound([String(topicId)]),
  );
}

/** K42: removes the links; articles that are not linked are ignored. */
export async function unlinkArticles(ctx: ServiceContext, topicId: bigint, articleIds: bigint[], q: ParsedQuery): Promise<void> {
  await kbAccess(ctx, 'kb.structure', q);
  await ctx.db.prisma.$transaction(async (tx) => {
    await linkParties(tx, topicId, articleIds);
    await tx.kbTopicArticle.deleteMany({ where: { topicId, articleId: { in: articleIds } } });
  });
}
