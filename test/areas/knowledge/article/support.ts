// Helpers shared by the article tests (06 §3.1, §3.2, §4, §5 K1–K18). Requests go through the whole HTTP stack;
// departments, folders and articles are inserted with the factories (test/helpers/knowledge.ts) as the API would leave
// them, and every other change is made through the API.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { insertKbArticle, insertKbFolder, type KbVersionSpec } from '../../../helpers/knowledge.ts';
import { expectError, type Fmt } from '../../../conformance/support.ts';
import { call, ok, staff, type Staff, type Who } from '../../customer/support.ts';

export { call, ok, noContent, xmlOf, el, staff, customerSession, uniq } from '../../customer/support.ts';
export type { Staff, Who, UserRef } from '../../customer/support.ts';
export { expectError, FORMATS, instantPattern, type Fmt } from '../../../conformance/support.ts';

export const KB = '/system/ws/v12/kb';
export const ARTICLE = `${KB}/article`;

const base = 'http://bindings.egain.com/ws/model/v12/gen';
export const NS = { kb: `${base}/kb`, kbt: `${base}/kb/topic`, cmn: `${base}/common`, plt: `${base}/platform` } as const;
/** `{uri}local` of a canonical element. */
export const q = (ns: keyof typeof NS, local: string) => `{${NS[ns]}}${local}`;

export type Ref = { id: string; name: string };
export type UserView = { id: string; name: string; firstName: string; lastName?: string };
export type StampView = { date: string; user?: UserView };
export type VersionView = {
  id: string;
  link: { rel: string; href: string };
  versionNumber: number;
  name: string;
  articleState: string;
  reviewStage?: { value: string; displayValue: string };
  lock?: { lockedBy: UserView; date: string };
  created: StampView;
  lastModified: StampView;
  keywords?: string;
  summary?: string;
  description?: string;
  content?: string;
  availabilityDate?: string;
  expirationDate?: string;
};
export type ArticleView = {
  id: string;
  link: { rel: string; href: string };
  alternateId: string;
  name: string;
  department: Ref;
  language: { id: string; code: string; label: string };
  folder: Ref;
  articleType: Ref;
  articleState: string;
  versionNumber: number;
  lock?: { lockedBy: UserView; date: string };
  created: StampView;
  lastModified: StampView;
  keywords?: string;
  summary?: string;
  description?: string;
  content?: string;
  availabilityDate?: string;
  expirationDate?: string;
  reviewStage?: { value: string; displayValue: string };
  versions?: { version: VersionView[] };
  attachments?: { attachment: { id: string; name: string }[] };
  notes?: { note: { id: string; content: string }[] };
  topics?: { topic: { id: string; name: string; link: { rel: string; href: string } }[] };
};
export type PageInfo = { count: number; pagenum?: number; pagesize?: number; rangestart?: number; rangesize?: number; link?: { rel: string; href: string }[] };
export type ArticlePage = { link: { rel: string; href: string }; article: ArticleView[]; paginationInfo: PageInfo };
export type VersionPage = { link: { rel: string; href: string }; version: VersionView[]; paginationInfo: PageInfo };

/** A department of its own with its root folder, and an administrator, a supervisor and an agent of it. */
export type World = { dept: { id: bigint; name: string }; folder: { id: bigint; name: string }; admin: Staff; supervisor: Staff; agent: Staff };

export async function world(t: TestApp): Promise<World> {
  const d = await createDepartment(t.db);
  const [admin, supervisor, agent] = await Promise.all([
    staff(t, ['administrator'], { departmentId: d.id }),
    staff(t, ['supervisor'], { departmentId: d.id }),
    staff(t, ['agent'], { departmentId: d.id }),
  ]);
  const folder = await insertKbFolder(t.db, { departmentId: d.id, name: `Root ${d.name}` });
  return { dept: { id: d.id, name: d.name }, folder, admin, supervisor, agent };
}

export type ArticleOpts = {
  folderId?: bigint;
  name?: string;
  alternateId?: string;
  languageId?: bigint;
  versions?: KbVersionSpec[];
  lockedBy?: Staff;
  createdBy?: Staff;
  at?: Date;
};

/** An article inserted by the factory (default: one published version) in the world's root folder. */
export async function article(t: TestApp, w: World, opts: ArticleOpts = {}) {
  const a = await insertKbArticle(t.db, {
    folderId: opts.folderId ?? w.folder.id,
    departmentId: w.dept.id,
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.alternateId ? { alternateId: opts.alternateId } : {}),
    ...(opts.languageId ? { languageId: opts.languageId } : {}),
    ...(opts.versions ? { versions: opts.versions } : {}),
    ...(opts.lockedBy ? { lockedById: opts.lockedBy.user.id } : {}),
    ...(opts.createdBy ? { createdById: opts.createdBy.user.id } : {}),
    ...(opts.at ? { at: opts.at } : {}),
  });
  return { id: String(a.id), alternateId: a.alternateId, versionIds: a.versionIds.map(String) };
}

/** K1 of one article, `$attribute=all` unless told otherwise. */
export async function read(t: TestApp, who: Who, id: string, attribute = 'all'): Promise<ArticleView> {
  const body = ok<{ article: ArticleView[] }>(await call(t.app, who, 'GET', `${ARTICLE}/${id}${attribute ? `?$attribute=${attribute}` : ''}`));
  expect(body.article).toHaveLength(1);
  return body.article[0]!;
}

/** K16 of one article. */
export async function latest(t: TestApp, who: Who, id: string, attribute = ''): Promise<ArticleView> {
  const body = ok<{ article: ArticleView[] }>(await call(t.app, who, 'GET', `${ARTICLE}/${id}/latest${attribute ? `?$attribute=${attribute}` : ''}`));
  return body.article[0]!;
}

/** K4 through the API; answers the created article (201, Location checked). */
export async function create(t: TestApp, who: Who, body: unknown, query = ''): Promise<ArticleView> {
  const res = await call(t.app, who, 'POST', `${ARTICLE}${query}`, { body });
  const out = ok<{ article: ArticleView[] }>(res, 201);
  expect(out.article).toHaveLength(1);
  expect(res.headers.location).toBe(`${ARTICLE}/${out.article[0]!.id}`);
  return out.article[0]!;
}

/** A minimal K4 body in the world's folder. */
export const newArticle = (w: World, extra: Record<string, unknown> = {}) => ({ folder: { id: String(w.folder.id) }, language: { id: '1' }, name: 'Working title', ...extra });

/** The versions of an article straight from the table (state checks without the API). */
export async function versionsOf(t: TestApp, id: string) {
  return t.db.prisma.kbVersion.findMany({ where: { articleId: BigInt(id) }, orderBy: { versionNumber: 'asc' } });
}

/** The article row straight from the table. */
export const row = (t: TestApp, id: string) => t.db.prisma.kbArticle.findUniqueOrThrow({ where: { id: BigInt(id) } });

/** Asserts an error in `fmt` (JSON by default). */
export function fails(res: LightMyRequestResponse, code: string, details?: { key: string; value: string }[], fmt: Fmt = 'json') {
  return expectError(res, code, { format: fmt, ...(details ? { details } : {}) });
}

export const ids = (...list: string[]) => list.map((value) => ({ key: 'id', value }));

/** The ids of a K2 answer, [] for 204. */
export async function listIds(t: TestApp, who: Who, query: string): Promise<string[]> {
  const res = await call(t.app, who, 'GET', `${ARTICLE}?${query}`);
  if (res.statusCode === 204) return [];
  return ok<ArticlePage>(res).article.map((a) => a.id);
}

export const past = (days = 1) => new Date(Date.now() - days * 86_400_000);
export const future = (days = 1) => new Date(Date.now() + days * 86_400_000);
