// K3 full-text search (06 §5): the ids of one page of matching articles and the exact count. The article area
// owns the route and shapes the articles; this module owns what matches and in which order.
//
// Matching: kb_article.search_document (the current version's name and keywords A, summary and description B,
// content text C, built with the article language's configuration by kb_refresh_articles) against the parsed `q`
// under the same configuration, served by the GIN index kb_article_search_document. The language filter is always
// there (06 §1.6), so a query never mixes configurations.
//
// Order: `relevance` = ts_rank_cd (cover density, default weights) descending, then lastModified descending, then
// id ascending; it pages by offset (a rank is not a stable keyset value). By default (ECE_KB_SEARCH_RANK=document)
// the rank is computed on the whole search document, as 06 §5 says; for a common word that reads every matching
// TOASTed document (150-600 ms at the reference scale). ECE_KB_SEARCH_RANK=fields ranks on kb_article.rank_document,
// the name/keywords (A) and summary/description (B) entries with their positions (a generated column kept inline in
// the heap row): about 5x faster, but content (C) no longer adds to the rank, so articles that match only in their
// content rank 0 and follow, newest first (docs/knowledge/search.md, "Ranking document"). `name`
// (`lower(name) COLLATE "C"`), `lastModifiedDate` and `id` page through pageIds, which continues a `$cursor` by keyset.
import { Prisma } from '../../../generated/prisma/client.ts';
import { Err } from '../../../errors/app-error.ts';
import type { KbSearchRank } from '../../../config/config.ts';
import { nameSort } from '../shared/kb.name-order.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { pageIds, type IdPage, type SortKey } from '../../../query/sql-page.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { KbLanguage } from '../shared/kb.language.ts';
import { searchExpression, type TsExpr } from './kb.query-language.ts';
import type { SearchArticleState } from './kb.search.schema.ts';

export type KbSearchCriteria = {
  /** `q` as sent (decoded); parsed here (400-102 when unusable). */
  q: string;
  /** The language of 06 §1.6 (`$lang` or the caller's): always a filter. */
  language: KbLanguage;
  folder?: bigint;
  topic?: bigint;
  department?: bigint;
  /** published | expired | draft | transient (article level, 06 §3.1). */
  articleState?: string;
  /** How `relevance` ranks (ECE_KB_SEARCH_RANK): `document` (default, 06 §5) or `fields` (rank_document). */
  rank?: KbSearchRank;
};

const sorts: Readonly<Record<string, SortKey>> = {
  name: nameSort(Prisma.raw('a.name')),
  lastmodifieddate: { expr: Prisma.sql`a.last_modified_at`, type: 'timestamptz' },
};

const id = (v: bigint) => Prisma.sql`CAST(${v.toString()} AS bigint)`;

/**
 * The SQL of a query expression under `config` (kb_search_config of the language): client text only ever reaches
 * plainto_tsquery / phraseto_tsquery as a parameter; to_tsquery gets text built from letters and digits.
 */
export function tsquerySql(e: TsExpr, config: Prisma.Sql): Prisma.Sql {
  switch (e.op) {
    case 'plain':
      return Prisma.sql`plainto_tsquery(${config}, ${e.text})`;
    case 'phrase':
      return Prisma.sql`phraseto_tsquery(${config}, ${e.text})`;
    case 'raw':
      return Prisma.sql`to_tsquery(${config}, ${e.text})`;
    case 'not':
      return Prisma.sql`(!! ${tsquerySql(e.arg, config)})`;
    case 'and':
    case 'or':
      return Prisma.sql`(${Prisma.join(e.args.map((a) => tsquerySql(a, config)), e.op === 'and' ? ' && ' : ' || ')})`;
  }
}

/** The article-level `articleState` of 06 §3.1 on the mirrors: `expired` = published with a past expiration date. */
export function articleStateCondition(state: string, now: Date): Prisma.Sql {
  switch (state as SearchArticleState) {
    case 'published':
      return Prisma.sql`a.state = 'published' AND (a.expiration_date IS NULL OR a.expiration_date >= ${now})`;
    case 'expired':
      return Prisma.sql`a.state = 'published' AND a.expiration_date < ${now}`;
    case 'draft':
      return Prisma.sql`a.state = 'draft'`;
    case 'transient':
      return Prisma.sql`a.state = 'transient'`;
    default:
      throw Err.invalidParam('articleState', state);
  }
}

/** 404-101 naming every filter id that does not exist (06 §5 K2/K3: unknown folder, topic or department). */
async function checkFilterIds(ctx: ServiceContext, c: KbSearchCriteria): Promise<void> {
  const checks: [bigint | undefined, string][] = [
    [c.folder, 'kb_folder'],
    [c.topic, 'kb_topic'],
    [c.department, 'department'],
  ];
  const wanted = checks.filter((x): x is [bigint, string] => x[0] !== undefined);
  if (wanted.length === 0) return;
  const exists = wanted.map(([v, table]) => Prisma.sql`EXISTS (SELECT 1 FROM ${Prisma.raw(table)} WHERE id = ${id(v)})`);
  const [row] = await ctx.db.prisma.$queryRaw<{ found: boolean[] }[]>`SELECT ARRAY[${Prisma.join(exists)}] AS found`;
  const missing = wanted.filter((_, i) => row?.found[i] !== true).map(([v]) => v.toString());
  if (missing.length > 0) throw Err.idsNotFound(missing);
}

type Prismaish = ServiceContext['db']['prisma'];

/**
 * Runs each statement in a transaction of its own with `enable_seqscan = off` (set_config(..., true) is SET LOCAL).
 * For a term found in most articles the planner prefers a sequential scan, which opens every TOASTed search document
 * to match it; the GIN bitmap needs no recheck, so it opens none (06 §5: a search never scans article content
 * sequentially). `bitmapOnly` turns plain index scans off as well (see relevancePage). Statements stay independent,
 * so the count and the page run at the same time on two connections.
 */
function indexOnly(db: Prismaish, bitmapOnly = false): Parameters<typeof pageIds>[0] {
  const settings = bitmapOnly
    ? Prisma.sql`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`
    : Prisma.sql`SELECT set_config('enable_seqscan', 'off', true)`;
  return {
    $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const statement = db.$queryRaw<T>(query as Prisma.Sql, ...values);
      return db.$transaction([db.$queryRaw(settings), statement]).then(([, rows]) => rows) as unknown as Prisma.PrismaPromise<T>;
    },
  };
}

export async function searchArticles(ctx: ServiceContext, criteria: KbSearchCriteria, q: ParsedQuery): Promise<IdPage> {
  const expression = searchExpression(criteria.q);
  const state = criteria.articleState === undefined ? undefined : articleStateCondition(criteria.articleState, ctx.now());
  await checkFilterIds(ctx, criteria);

  const tsquery = tsquerySql(expression, Prisma.sql`kb_search_config(${criteria.language.code})`);
  const where: Prisma.Sql[] = [Prisma.sql`a.search_document @@ ${tsquery}`, Prisma.sql`a.language_id = ${id(criteria.language.id)}`];
  if (criteria.folder !== undefined) where.push(Prisma.sql`a.folder_id = ${id(criteria.folder)}`);
  if (criteria.topic !== undefined) where.push(Prisma.sql`a.id IN (SELECT article_id FROM kb_topic_article WHERE topic_id = ${id(criteria.topic)})`);
  if (criteria.department !== undefined) where.push(Prisma.sql`a.department_id = ${id(criteria.department)}`);
  if (state) where.push(state);

  const db = indexOnly(ctx.db.prisma);
  if (q.sort.field !== 'relevance') return pageIds(db, { from: Prisma.sql`kb_article a`, id: Prisma.sql`a.id`, where, sorts }, q);

  const conditions = Prisma.join(where, ' AND ');
  const counting = db.$queryRaw<{ n: string }[]>`SELECT count(*)::text AS n FROM kb_article a WHERE ${conditions}`.then((r) => Number(r[0]?.n ?? 0));
  if (q.count) return { ids: [], count: await counting };
  const page =
    criteria.rank === 'fields'
      ? relevancePage(ctx.db.prisma, expression, tsquery, where.slice(1), q.paging, counting)
      : documentRankPage(db, conditions, tsquery, q.paging);
  const [count, ids] = await Promise.all([counting, page]);
  return { ids, count };
}

/** 06 §5 as written: every match ranked by ts_rank_cd over its whole search document (all five fields). */
async function documentRankPage(db: ReturnType<typeof indexOnly>, conditions: Prisma.Sql, tsquery: Prisma.Sql, paging: { offset: number; limit: number }): Promise<bigint[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT a.id::text AS id FROM kb_article a WHERE ${conditions}
    ORDER BY ts_rank_cd(a.search_document, ${tsquery}) DESC, a.last_modified_at DESC, a.id ASC
    LIMIT ${paging.limit} OFFSET ${paging.offset}`;
  return rows.map((r) => BigInt(r.id));
}

/** True when the expression excludes something (`-term`): then the ranking document alone cannot tell a match. */
function excludes(e: TsExpr): boolean {
  return e.op === 'not' || ((e.op === 'and' || e.op === 'or') && e.args.some(excludes));
}

/**
 * One page in relevance order. The rank is ts_rank_cd on rank_document (the A and B entries of search_document, same
 * positions), so a match ranks above 0 exactly when its rank_document matches too (cover density needs a cover that
 * satisfies the query). The order is therefore: the matches whose rank_document matches, by rank; then the others
 * (rank 0), newest first; ties by id.
 *
 * Without an exclusion, a query that matches rank_document also matches search_document (it holds the same entries
 * and more), so the first part is found through the small GIN index on rank_document and ranks only those rows: for
 * a common word, the few thousand articles that have it in the name, keywords, summary or description instead of
 * every article that mentions it. The second part is read only when the first has fewer rows than the page needs
 * and the count says there are content-only matches (count minus the ranked rows).
 * With an exclusion, one statement ranks every match, calling ts_rank_cd only where rank_document matches.
 */
async function relevancePage(
  prisma: Prismaish,
  expression: TsExpr,
  tsquery: Prisma.Sql,
  filters: Prisma.Sql[],
  paging: { offset: number; limit: number },
  counting: Promise<number>,
): Promise<bigint[]> {
  const { offset, limit } = paging;
  const rankOrder = Prisma.sql`ts_rank_cd(a.rank_document, ${tsquery}) DESC, a.last_modified_at DESC, a.id ASC`;
  const and = (extra: Prisma.Sql[]) => Prisma.join([...extra, ...filters], ' AND ');
  const rows = (sql: Prisma.Sql, bitmapOnly = false) => indexOnly(prisma, bitmapOnly).$queryRaw<{ id: string }[]>(sql).then((r) => r.map((x) => BigInt(x.id)));

  if (excludes(expression)) {
    return rows(Prisma.sql`
      SELECT a.id::text AS id FROM kb_article a WHERE ${and([Prisma.sql`a.search_document @@ ${tsquery}`])}
      ORDER BY CASE WHEN a.rank_document @@ ${tsquery} THEN ts_rank_cd(a.rank_document, ${tsquery}) ELSE 0 END DESC,
        a.last_modified_at DESC, a.id ASC
      LIMIT ${limit} OFFSET ${offset}`);
  }
  const ranked = await rows(Prisma.sql`
    SELECT a.id::text AS id FROM kb_article a WHERE ${and([Prisma.sql`a.rank_document @@ ${tsquery}`])}
    ORDER BY ${rankOrder} LIMIT ${offset + limit}`);
  // Fewer rows than offset + limit: that is every match with a rank above 0; the page continues with the others.
  const page = ranked.slice(offset);
  if (ranked.length === offset + limit) return page;
  const contentOnly = (await counting) - ranked.length;
  if (contentOnly <= 0) return page;
  const skip = Math.max(0, offset - ranked.length);
  const wanted = limit - page.length;
  // Newest first: walking the lastModified index opens the TOASTed search document of every article it passes
  // (7-30 µs each), so it only pays when the content-only matches are dense; the planner cannot tell (it takes the
  // two conditions as independent, and walked all 98,631 articles, 280 ms, for a word whose every match ranks).
  // Otherwise the GIN bitmap of the matches and a top-N sort, about the cost of the count.
  const walk = (skip + wanted) * (await articleEstimate(prisma)) <= WALK_LIMIT * contentOnly;
  const rest = await rows(Prisma.sql`
    SELECT a.id::text AS id FROM kb_article a
    WHERE ${and([Prisma.sql`a.search_document @@ ${tsquery}`, Prisma.sql`NOT (a.rank_document @@ ${tsquery})`])}
    ORDER BY a.last_modified_at DESC, a.id ASC
    LIMIT ${wanted} OFFSET ${skip}`, !walk);
  return [...page, ...rest];
}

/** The walk is chosen up to this many articles expected to be walked (skip + wanted at the content-only density). */
const WALK_LIMIT = 300;
let estimate: { n: number; at: number } | undefined;

/** The planner's row estimate of kb_article (pg_class.reltuples), re-read every 5 minutes; 0 when never analysed. */
async function articleEstimate(prisma: Prismaish): Promise<number> {
  if (!estimate || Date.now() - estimate.at > 300_000) {
    const [row] = await prisma.$queryRaw<{ n: number }[]>`SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'kb_article'::regclass`;
    estimate = { n: row?.n ?? 0, at: Date.now() };
  }
  return estimate.n;
}
