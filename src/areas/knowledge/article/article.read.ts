// Reading articles and versions (06 §5 K1, K2, K14–K16; K3 presents the search page with loadArticles). A page of
// articles is loaded in a fixed number of set-based queries (article.queries.ts), the groups asked for in parallel.
import { Prisma } from '../../../generated/prisma/client.ts';
import { Err } from '../../../errors/app-error.ts';
import { criterion, type ParsedQuery } from '../../../query/parse.ts';
import { pageIds, type IdSource, type SortKey } from '../../../query/sql-page.ts';
import { parsePathIds } from '../../../query/ids.ts';
import type { ServiceContext } from '../../service-context.ts';
import { kbAccess, kbListAccess } from '../shared/kb.access.ts';
import { nameSort } from '../shared/kb.name-order.ts';
import type { KbLanguage } from '../shared/kb.language.ts';
import { articleSegmentOf, articleSegmentsOf, resolveArticleSegment, resolveArticleSegments } from '../shared/kb.article-ids.ts';
import { attachmentsOfArticles } from '../attachment/attachment.queries.ts';
import { notesOfArticles } from '../note/note.queries.ts';
import { expandKnowledgeContent } from '../../macro/macro.expand.ts';
import { searchArticles, type KbSearchCriteria } from '../search/kb.search.ts';
import type { KbSearchRank } from '../../../config/config.ts';
import { searchTsquery } from '../search/kb.query-language.ts';
import { lockOf, presentArticle, presentVersion, type ArticleView } from './article.presenter.ts';
import {
  departmentOfArticle,
  findArticles,
  topicsOfArticles,
  versionsByIds,
  versionsOfArticles,
  type ArticleRow,
  type Shown,
  type VersionRow,
} from './article.queries.ts';
import { articleGroups, versionGroups, type ArticleGroup, type VersionGroup } from './article.schema.ts';

const NOTES_PER_ARTICLE = 75;

/** The article groups a request asked for (`all` = every group). */
export function articleGroupsOf(q: Pick<ParsedQuery, 'attributes'>): Set<ArticleGroup> {
  return new Set(articleGroups.filter((g) => q.attributes.has('all') || q.attributes.has(g)));
}

function versionGroupsOf(q: Pick<ParsedQuery, 'attributes'>): Set<VersionGroup> {
  return new Set(versionGroups.filter((g) => q.attributes.has('all') || q.attributes.has(g)));
}

const expandRequested = (q: ParsedQuery) => criterion(q, 'expandMacros', 'boolean')?.value === true;

export type LoadOptions = {
  groups: ReadonlySet<ArticleGroup>;
  /** Which version the article-level fields mirror (06 §3.1; K6 and K16 show the highest). */
  shown?: Shown;
  /** K16: `versions` holds only the shown (highest) version, and is always included. */
  onlyShownVersion?: boolean;
  expandMacros?: boolean;
};

/** Replaces macro references in the content of the rows (07 §11; context department = the article's). */
async function expandArticleContent(ctx: ServiceContext, rows: ArticleRow[], versions: Map<bigint, VersionRow[]> | undefined): Promise<void> {
  const targets: { departmentId: bigint; departmentName: string; v: VersionRow }[] = [];
  for (const a of rows) {
    const own = new Set<VersionRow>([a.shown, ...(versions?.get(a.id) ?? [])]);
    for (const v of own) if (v.content) targets.push({ departmentId: a.departmentId, departmentName: a.departmentName, v });
  }
  if (!targets.length) return;
  const texts = await expandKnowledgeContent(ctx, targets.map((t) => ({ departmentId: t.departmentId, departmentName: t.departmentName, text: t.v.content! })));
  targets.forEach((t, i) => (t.v.content = texts[i] ?? t.v.content));
}

/** Representations of the articles `ids` (in that order; missing ones left out). */
export async function loadArticles(ctx: ServiceContext, ids: readonly bigint[], opts: LoadOptions): Promise<ArticleView[]> {
  const g = opts.groups;
  const content = g.has('content');
  const db = ctx.db.prisma;
  const list = [...ids];
  const [rows, versions, attachments, notes, topics] = await Promise.all([
    findArticles(db, list, { shown: opts.shown ?? 'current', content }),
    g.has('versions') && !opts.onlyShownVersion ? versionsOfArticles(db, list, { content }) : undefined,
    g.has('attachments') ? attachmentsOfArticles(ctx.db, list) : undefined,
    g.has('notes') ? notesOfArticles(ctx.db, list, NOTES_PER_ARTICLE) : undefined,
    g.has('topics') ? topicsOfArticles(db, list) : undefined,
  ]);
  if (opts.expandMacros && content) await expandArticleContent(ctx, rows, versions);
  const groups = opts.onlyShownVersion ? new Set<ArticleGroup>([...g, 'versions']) : g;
  const now = ctx.now();
  return rows.map((a) =>
    presentArticle(
      a,
      groups,
      {
        versions: opts.onlyShownVersion ? [a.shown] : versions?.get(a.id),
        attachments: attachments?.get(a.id),
        notes: notes?.get(a.id),
        topics: topics?.get(a.id),
      },
      now,
    ),
  );
}

const NUMERIC = /^[0-9]{1,16}$/;

/**
 * The articles of the segments of a GET path `{ids}`. When every segment is a numeric id that exists (the usual
 * call), the articles load in one round of queries; otherwise the segments are resolved first (alternate ids, 404-101).
 */
async function articlesOfPath(ctx: ServiceContext, segments: string[], opts: LoadOptions): Promise<ArticleView[]> {
  if (segments.every((s) => NUMERIC.test(s) && BigInt(s) <= BigInt(Number.MAX_SAFE_INTEGER))) {
    const ids = [...new Set(segments.map((s) => BigInt(s)))];
    const items = await loadArticles(ctx, ids, opts);
    if (items.length === ids.length) return items;
  }
  return loadArticles(ctx, await resolveArticleSegments(ctx, segments), opts);
}

/** K1: articles by ids or alternate ids, current versions. */
export async function getArticles(ctx: ServiceContext, raw: string, q: ParsedQuery): Promise<ArticleView[]> {
  const segments = articleSegmentsOf(raw);
  await kbAccess(ctx, 'kb.read', q);
  return articlesOfPath(ctx, segments, { groups: articleGroupsOf(q), expandMacros: expandRequested(q) });
}

/** K16: each article showing its highest version (the working copy when checked out). */
export async function getLatest(ctx: ServiceContext, raw: string, q: ParsedQuery): Promise<ArticleView[]> {
  const segments = articleSegmentsOf(raw);
  await kbAccess(ctx, 'kb.read', q);
  return articlesOfPath(ctx, segments, { groups: articleGroupsOf(q), shown: 'latest', onlyShownVersion: true, expandMacros: expandRequested(q) });
}

const articleSorts: Record<string, SortKey> = {
  // The knowledge name order (kb.name-order.ts): lower-cased, code-point order.
  name: nameSort(Prisma.raw('a.name')),
  createddate: { expr: Prisma.sql`a.created_at`, type: 'timestamptz' },
  lastmodifieddate: { expr: Prisma.sql`a.last_modified_at`, type: 'timestamptz' },
  linkorder: { expr: Prisma.sql`ta.position`, type: 'bigint' },
};

const idOf = (q: ParsedQuery, name: string) => {
  const c = criterion(q, name, 'id');
  return c ? BigInt(c.value) : undefined;
};

/** K2 `name`: `*` matches any run of characters; `%`, `_` and `\` are literal (an ILIKE the trigram index serves). */
export function namePattern(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}

/** The article-level `articleState` condition (06 §3.1: `expired` = published and past its expiration date). */
export function stateCondition(state: string, now: Date): Prisma.Sql {
  switch (state) {
    case 'published':
      return Prisma.sql`a.state = 'published' AND (a.expiration_date IS NULL OR a.expiration_date >= ${now})`;
    case 'expired':
      return Prisma.sql`a.state = 'published' AND a.expiration_date < ${now}`;
    default:
      return Prisma.sql`a.state = ${state}`;
  }
}

/**
 * The language a list restricts to (06 §1.6), as SQL: the one `$lang` named (kbAccess checked it), else the caller's
 * language, else the default one — what kbListAccess answers, without a round trip of its own.
 */
function listLanguageSql(ctx: ServiceContext, lang: KbLanguage | undefined): Prisma.Sql {
  if (lang !== undefined) return Prisma.sql`CAST(${String(lang.id)} AS bigint)`;
  const me = ctx.actor.kind === 'user' ? String(ctx.actor.userId) : null;
  return Prisma.sql`COALESCE((SELECT u.language_id FROM app_user u WHERE u.id = CAST(${me} AS bigint)),
    (SELECT l.id FROM language l WHERE l.is_default ORDER BY l.id LIMIT 1))`;
}

const exists = (table: 'kb_folder' | 'kb_topic' | 'department', id: bigint | undefined) =>
  id === undefined ? Prisma.sql`true` : Prisma.sql`EXISTS (SELECT 1 FROM ${Prisma.raw(table)} WHERE id = CAST(${String(id)} AS bigint))`;

/**
 * K2 (06 §5): the criteria ANDed, restricted to `$lang` (or the caller's language). The count query also answers
 * whether the filter ids exist (404-101), so a page costs two rounds of queries (three with `$lang`, checked by
 * kbAccess): the count with the page ids, then the articles.
 */
export async function listArticles(ctx: ServiceContext, q: ParsedQuery) {
  const { lang } = await kbAccess(ctx, 'kb.read', q);
  const folder = idOf(q, 'folder');
  const topic = idOf(q, 'topic');
  const department = idOf(q, 'department');
  const articleType = idOf(q, 'articleType');
  const db = ctx.db.prisma;
  const language = listLanguageSql(ctx, lang);

  const where: Prisma.Sql[] = [Prisma.sql`a.language_id = ${language}`];
  if (folder !== undefined) where.push(Prisma.sql`a.folder_id = CAST(${String(folder)} AS bigint)`);
  if (department !== undefined) where.push(Prisma.sql`a.department_id = CAST(${String(department)} AS bigint)`);
  if (articleType !== undefined) where.push(Prisma.sql`a.article_type_id = CAST(${String(articleType)} AS bigint)`);
  const name = criterion(q, 'name', 'string')?.value;
  if (name !== undefined) where.push(Prisma.sql`a.name ILIKE ${namePattern(name)}`);
  const state = criterion(q, 'articleState', 'enum')?.value;
  if (state !== undefined) where.push(stateCondition(state, ctx.now()));

  const from =
    topic !== undefined
      ? Prisma.sql`kb_article a JOIN kb_topic_article ta ON ta.article_id = a.id AND ta.topic_id = CAST(${String(topic)} AS bigint)`
      : Prisma.sql`kb_article a`;
  const count = async () => {
    const [r] = await db.$queryRaw<{ n: string; folder: boolean; topic: boolean; department: boolean }[]>`
      SELECT (SELECT count(*) FROM ${from} WHERE ${Prisma.join(where, ' AND ')})::text AS n,
             ${exists('kb_folder', folder)} AS folder, ${exists('kb_topic', topic)} AS topic, ${exists('department', department)} AS department`;
    const missing = [!r!.folder && folder, !r!.topic && topic, !r!.department && department].filter((x): x is bigint => typeof x === 'bigint');
    if (missing.length) throw Err.idsNotFound(missing.map(String));
    return Number(r!.n);
  };
  // With `topic` and no `$sort`, the order is the topic's link order, then id (06 K2).
  const byLinkOrder = topic !== undefined && !q.link.params.some((p) => p.name === '$sort');
  const src: IdSource = { from, id: Prisma.sql`a.id`, where, sorts: articleSorts, count };
  const page = await pageIds(db, src, byLinkOrder ? { ...q, sort: { field: 'linkorder', order: 'asc' } } : q);
  const items = await loadArticles(ctx, page.ids, { groups: articleGroupsOf(q), expandMacros: expandRequested(q) });
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

async function presentVersions(ctx: ServiceContext, articleId: bigint, rows: VersionRow[], q: ParsedQuery) {
  const groups = versionGroupsOf(q);
  if (expandRequested(q) && groups.has('content') && rows.some((v) => v.content)) {
    const department = await departmentOfArticle(ctx.db.prisma, articleId);
    const withContent = rows.filter((v) => v.content);
    const texts = await expandKnowledgeContent(
      ctx,
      withContent.map((v) => ({ departmentId: department.id, departmentName: department.name, text: v.content! })),
    );
    withContent.forEach((v, i) => (v.content = texts[i] ?? v.content));
  }
  const [article] = rows.some((v) => v.state === 'transient') ? await findArticles(ctx.db.prisma, [articleId], { shown: 'current', content: false }) : [];
  const lock = article ? lockOf(article) : undefined;
  return rows.map((v) => presentVersion(v, groups, lock));
}

const versionSorts: Record<string, SortKey> = {
  versionnumber: { expr: Prisma.sql`v.version_number`, type: 'bigint' },
  lastmodifieddate: { expr: Prisma.sql`v.last_modified_at`, type: 'timestamptz' },
};

/** K14: the versions of one article, paged. */
export async function listVersions(ctx: ServiceContext, raw: string, q: ParsedQuery) {
  const segment = articleSegmentOf(raw, 'id');
  await kbAccess(ctx, 'kb.read', q);
  const articleId = await resolveArticleSegment(ctx, segment);
  const src: IdSource = { from: Prisma.sql`kb_version v`, id: Prisma.sql`v.id`, where: [Prisma.sql`v.article_id = CAST(${String(articleId)} AS bigint)`], sorts: versionSorts };
  const page = await pageIds(ctx.db.prisma, src, q);
  const rows = await versionsByIds(ctx.db.prisma, articleId, page.ids, { content: versionGroupsOf(q).has('content') });
  return { items: await presentVersions(ctx, articleId, rows, q), count: page.count, ...(page.last ? { last: page.last } : {}) };
}

/** K15: versions of one article by ids; a version of another article is not found. */
export async function getVersions(ctx: ServiceContext, raw: string, rawVersionIds: string, q: ParsedQuery) {
  const segment = articleSegmentOf(raw, 'id');
  const versionIds = parsePathIds(rawVersionIds, 'versionIds').map((id) => BigInt(id));
  await kbAccess(ctx, 'kb.read', q);
  const articleId = await resolveArticleSegment(ctx, segment);
  const rows = await versionsByIds(ctx.db.prisma, articleId, versionIds, { content: versionGroupsOf(q).has('content') });
  const found = new Set(rows.map((v) => v.id));
  const missing = versionIds.filter((id) => !found.has(id)).map(String);
  if (missing.length) throw Err.idsNotFound(missing);
  return presentVersions(ctx, articleId, rows, q);
}

/**
 * K3: the search module finds the page (ids in rank order and the exact count); the articles are presented here.
 * `q` is checked before the caller's permission (01 §7.2: a request that is invalid as written is 400 for anyone).
 */
export async function searchArticlePage(ctx: ServiceContext, q: ParsedQuery, rank: KbSearchRank = 'document') {
  const text = criterion(q, 'q', 'string')!.value;
  searchTsquery(text);
  const { language } = await kbListAccess(ctx, 'kb.read', q);
  const criteria: KbSearchCriteria = { q: text, language, rank };
  for (const name of ['folder', 'topic', 'department'] as const) {
    const id = idOf(q, name);
    if (id !== undefined) criteria[name] = id;
  }
  const state = criterion(q, 'articleState', 'enum')?.value;
  if (state !== undefined) criteria.articleState = state;
  const page = await searchArticles(ctx, criteria, q);
  const items = await loadArticles(ctx, page.ids, { groups: articleGroupsOf(q), expandMacros: expandRequested(q) });
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}
