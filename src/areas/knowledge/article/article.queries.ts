// Article and version rows for reading (06 §3.1, §3.2). A page of articles costs a fixed number of set-based queries
// whatever its size: the articles with their references, users and shown version (one query), then only the groups
// asked for (versions, topics; notes and attachments come from their own areas), each one query for the whole page.
// Content (up to 1 MiB per version) is read only when the `content` group is asked for.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { UserRef } from '../../../authz/actor.ts';
import type { Db } from '../../customer/customer.queries.ts';
import { nameKey } from '../shared/kb.name-order.ts';

export type VersionRow = {
  id: bigint;
  articleId: bigint;
  versionNumber: number;
  name: string;
  state: string;
  reviewStage: string | null;
  keywords: string | null;
  summary: string | null;
  description: string | null;
  /** Null as well when not read. */
  content: string | null;
  availabilityDate: Date | null;
  expirationDate: Date | null;
  createdAt: Date;
  createdBy: UserRef | undefined;
  lastModifiedAt: Date;
  lastModifiedBy: UserRef | undefined;
};

export type ArticleRow = {
  id: bigint;
  alternateId: string;
  departmentId: bigint;
  departmentName: string;
  language: { id: bigint; code: string; label: string };
  folder: { id: bigint; name: string };
  articleType: { id: bigint; name: string };
  createdAt: Date;
  createdBy: UserRef | undefined;
  lastModifiedAt: Date;
  lastModifiedBy: UserRef | undefined;
  lockedAt: Date | null;
  lockedBy: UserRef | undefined;
  /** The version the article-level mirrors show: the current one (§3.1), or the highest one (K6, K16). */
  shown: VersionRow;
};

/** Which version the article-level fields mirror. */
export type Shown = 'current' | 'latest';

type RawUser = { id: string; name: string; firstName: string; lastName: string | null };
type RawVersion = {
  v_id: string;
  v_article_id: string;
  v_version_number: number;
  v_name: string;
  v_state: string;
  v_review_stage: string | null;
  v_keywords: string | null;
  v_summary: string | null;
  v_description: string | null;
  v_content: string | null;
  v_availability_date: Date | null;
  v_expiration_date: Date | null;
  v_created_at: Date;
  v_created_by_id: string | null;
  v_last_modified_at: Date;
  v_last_modified_by_id: string | null;
  /** The users the row names, in one JSON array (one subquery per row rather than one per user column). */
  users: RawUser[] | null;
};
type RawArticle = RawVersion & {
  id: string;
  alternate_id: string;
  department_id: string;
  department_name: string;
  language_id: string;
  language_code: string;
  language_label: string;
  folder_id: string;
  folder_name: string;
  article_type_id: string;
  article_type_name: string;
  created_at: Date;
  created_by_id: string | null;
  last_modified_at: Date;
  last_modified_by_id: string | null;
  locked_at: Date | null;
  locked_by_id: string | null;
};

const date = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

type Users = Map<string, UserRef>;
const usersOf = (r: { users: RawUser[] | null }): Users =>
  new Map((r.users ?? []).map((u) => [u.id, { id: u.id, name: u.name, firstName: u.firstName, lastName: u.lastName ?? undefined }]));
const user = (users: Users, id: string | null): UserRef | undefined => (id === null ? undefined : users.get(id));

/** The users of the given columns as one JSON array (null when none is set). */
const usersJson = (columns: string) =>
  Prisma.raw(`(SELECT json_agg(json_build_object('id', u.id::text, 'name', u.screen_name, 'firstName', u.first_name, 'lastName', u.last_name))
     FROM app_user u WHERE u.id IN (${columns}))`);

/** The version columns, prefixed `v_`; content only when asked for. */
const versionColumns = (withContent: boolean) =>
  Prisma.sql`v.id::text AS v_id, v.article_id::text AS v_article_id, v.version_number AS v_version_number, v.name AS v_name,
    v.state AS v_state, v.review_stage AS v_review_stage, v.keywords AS v_keywords, v.summary AS v_summary,
    v.description AS v_description, ${withContent ? Prisma.sql`v.content` : Prisma.sql`NULL::text`} AS v_content,
    v.availability_date AS v_availability_date, v.expiration_date AS v_expiration_date,
    v.created_at AS v_created_at, v.created_by_id::text AS v_created_by_id,
    v.last_modified_at AS v_last_modified_at, v.last_modified_by_id::text AS v_last_modified_by_id`;

function toVersion(r: RawVersion, users: Users = usersOf(r)): VersionRow {
  return {
    id: BigInt(r.v_id),
    articleId: BigInt(r.v_article_id),
    versionNumber: Number(r.v_version_number),
    name: r.v_name,
    state: r.v_state,
    reviewStage: r.v_review_stage,
    keywords: r.v_keywords,
    summary: r.v_summary,
    description: r.v_description,
    content: r.v_content,
    availabilityDate: date(r.v_availability_date),
    expirationDate: date(r.v_expiration_date),
    createdAt: new Date(r.v_created_at),
    createdBy: user(users, r.v_created_by_id),
    lastModifiedAt: new Date(r.v_last_modified_at),
    lastModifiedBy: user(users, r.v_last_modified_by_id),
  };
}

function toArticle(r: RawArticle): ArticleRow {
  const users = usersOf(r);
  return {
    id: BigInt(r.id),
    alternateId: r.alternate_id,
    departmentId: BigInt(r.department_id),
    departmentName: r.department_name,
    language: { id: BigInt(r.language_id), code: r.language_code, label: r.language_label },
    folder: { id: BigInt(r.folder_id), name: r.folder_name },
    articleType: { id: BigInt(r.article_type_id), name: r.article_type_name },
    createdAt: new Date(r.created_at),
    createdBy: user(users, r.created_by_id),
    lastModifiedAt: new Date(r.last_modified_at),
    lastModifiedBy: user(users, r.last_modified_by_id),
    lockedAt: date(r.locked_at),
    lockedBy: user(users, r.locked_by_id),
    shown: toVersion(r, users),
  };
}

const bigints = (ids: readonly bigint[]) => ids.map(String);

/** The articles `ids` in that order (missing ones left out), each with the version it shows. */
export async function findArticles(db: Db, ids: readonly bigint[], opts: { shown: Shown; content: boolean }): Promise<ArticleRow[]> {
  if (!ids.length) return [];
  const version =
    opts.shown === 'current'
      ? Prisma.sql`JOIN kb_version v ON v.id = a.current_version_id`
      : Prisma.sql`JOIN LATERAL (SELECT * FROM kb_version x WHERE x.article_id = a.id ORDER BY x.version_number DESC LIMIT 1) v ON true`;
  const rows = await db.$queryRaw<RawArticle[]>`
    SELECT a.id::text AS id, a.alternate_id, a.department_id::text AS department_id, d.name AS department_name,
           a.language_id::text AS language_id, l.code AS language_code, l.label AS language_label,
           a.folder_id::text AS folder_id, f.name AS folder_name, a.article_type_id::text AS article_type_id, t.name AS article_type_name,
           a.created_at, a.created_by_id::text AS created_by_id, a.last_modified_at, a.last_modified_by_id::text AS last_modified_by_id,
           a.locked_at, a.locked_by_id::text AS locked_by_id, ${versionColumns(opts.content)},
           ${usersJson('a.created_by_id, a.last_modified_by_id, a.locked_by_id, v.created_by_id, v.last_modified_by_id')} AS users
      FROM kb_article a
      JOIN department d ON d.id = a.department_id
      JOIN language l ON l.id = a.language_id
      JOIN kb_folder f ON f.id = a.folder_id
      JOIN kb_article_type t ON t.id = a.article_type_id
      ${version}
     WHERE a.id = ANY(CAST(${bigints(ids)} AS bigint[]))`;
  const byId = new Map(rows.map((r) => [r.id, toArticle(r)]));
  return ids.flatMap((id) => byId.get(String(id)) ?? []);
}

/** Every version of each article, ascending `versionNumber` (the `versions` group). */
export async function versionsOfArticles(db: Db, articleIds: readonly bigint[], opts: { content: boolean }): Promise<Map<bigint, VersionRow[]>> {
  const out = new Map<bigint, VersionRow[]>();
  if (!articleIds.length) return out;
  const rows = await db.$queryRaw<RawVersion[]>`
    SELECT ${versionColumns(opts.content)}, ${usersJson('v.created_by_id, v.last_modified_by_id')} AS users FROM kb_version v
     WHERE v.article_id = ANY(CAST(${bigints(articleIds)} AS bigint[])) ORDER BY v.article_id, v.version_number`;
  for (const r of rows) {
    const v = toVersion(r);
    const list = out.get(v.articleId);
    if (list) list.push(v);
    else out.set(v.articleId, [v]);
  }
  return out;
}

/** The versions `ids` of one article, in the order of `ids` (others, and versions of other articles, left out). */
export async function versionsByIds(db: Db, articleId: bigint, ids: readonly bigint[], opts: { content: boolean }): Promise<VersionRow[]> {
  if (!ids.length) return [];
  const rows = await db.$queryRaw<RawVersion[]>`
    SELECT ${versionColumns(opts.content)}, ${usersJson('v.created_by_id, v.last_modified_by_id')} AS users FROM kb_version v
     WHERE v.article_id = CAST(${String(articleId)} AS bigint) AND v.id = ANY(CAST(${bigints(ids)} AS bigint[]))`;
  const byId = new Map(rows.map((r) => [r.v_id, toVersion(r)]));
  return ids.flatMap((id) => byId.get(String(id)) ?? []);
}

export type TopicRef = { id: bigint; name: string };

/** The topics each article is linked to, by topic name then id (the `topics` group). */
export async function topicsOfArticles(db: Db, articleIds: readonly bigint[]): Promise<Map<bigint, TopicRef[]>> {
  const out = new Map<bigint, TopicRef[]>();
  if (!articleIds.length) return out;
  const rows = await db.$queryRaw<{ article_id: string; id: string; name: string }[]>`
    SELECT ta.article_id::text AS article_id, t.id::text AS id, t.name
      FROM kb_topic_article ta JOIN kb_topic t ON t.id = ta.topic_id
     WHERE ta.article_id = ANY(CAST(${bigints(articleIds)} AS bigint[]))
     ORDER BY ta.article_id, ${nameKey(Prisma.raw('t.name'))}, t.id`;
  for (const r of rows) {
    const key = BigInt(r.article_id);
    const list = out.get(key);
    const ref = { id: BigInt(r.id), name: r.name };
    if (list) list.push(ref);
    else out.set(key, [ref]);
  }
  return out;
}

/** Department id and name of an article (macro expansion of K14/K15). */
export async function departmentOfArticle(db: Db, articleId: bigint): Promise<{ id: bigint; name: string }> {
  const rows = await db.$queryRaw<{ id: string; name: string }[]>`
    SELECT d.id::text AS id, d.name FROM kb_article a JOIN department d ON d.id = a.department_id WHERE a.id = CAST(${String(articleId)} AS bigint)`;
  const r = rows[0]!;
  return { id: BigInt(r.id), name: r.name };
}
