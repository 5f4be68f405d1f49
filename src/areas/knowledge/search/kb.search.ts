// K3 full-text search (06 §5): the ids of one page of matching articles and the exact count. The article area
// owns the route and shapes the articles; this module owns what matches and in which order.
//
// Matching: kb_article.search_document (the current version's name and keywords A, summary and description B,
// content text C, built with the article language's configuration by kb_refresh_articles) against the parsed `q`
// under the same configuration, served by the GIN index kb_article_search_document. The language filter is always
// there (06 §1.6), so a query never mixes configurations.
//
// Order: `relevance` = ts_rank_cd (cover density, default weights) descending, then lastModified descending, then
// id ascending; it pages by offset (a rank is not a stable keyset value). `name` (case-insensitive),
// `lastModifiedDate` and `id` page through pageIds, which continues a `$cursor` by keyset.
import { Prisma } from '../../../generated/prisma/client.ts';
import { Err } from '../../../errors/app-error.ts';
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
};

const sorts: Readonly<Record<string, SortKey>> = {
  name: { expr: Prisma.sql`lower(a.name)`, type: 'text' },
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
 * Runs each statement in a transaction of its own with `enable_seqscan = off` (SET LOCAL). For a term found in most
 * articles the planner prefers a sequential scan, which reads every search document (and, for the rank, reads each
 * twice: once to match, once to rank); the GIN bitmap needs no recheck, so its count never opens a document and its
 * page opens each match once. Measured at scale 1.0 (docs/knowledge/search.md): count 5× and page 1.3× faster for
 * a term in every article, and 06 §5 asks that a search never scan sequentially. Statements stay independent, so the
 * count and the page still run at the same time on two connections.
 */
function indexOnly(db: Prismaish): Parameters<typeof pageIds>[0] {
  return {
    $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const statement = db.$queryRaw<T>(query as Prisma.Sql, ...values);
      return db.$transaction([db.$executeRaw`SET LOCAL enable_seqscan = off`, statement]).then(([, rows]) => rows) as unknown as Prisma.PrismaPromise<T>;
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
  const paging = db.$queryRaw<{ id: string }[]>`
    SELECT a.id::text AS id FROM kb_article a WHERE ${conditions}
    ORDER BY ts_rank_cd(a.search_document, ${tsquery}) DESC, a.last_modified_at DESC, a.id ASC
    LIMIT ${q.paging.limit} OFFSET ${q.paging.offset}`;
  const [count, rows] = await Promise.all([counting, paging]);
  return { ids: rows.map((r) => BigInt(r.id)), count };
}
