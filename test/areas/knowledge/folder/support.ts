// Helpers shared by the folder, topic and article-type tests (06 §8–§10). Requests go through the whole HTTP stack;
// departments, folders and articles are inserted with the factories (test/helpers), as the API would leave them.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { insertKbArticle, insertKbFolder } from '../../../helpers/knowledge.ts';
import type { CanonicalElement } from '../../../helpers/xml-canonical.ts';
import { call, staff, type Staff } from '../../customer/support.ts';

export { call, ok, noContent, xmlOf, el, staff, customerSession } from '../../customer/support.ts';
export type { Staff, Who, UserRef } from '../../customer/support.ts';
export { expectError, FORMATS, instantPattern, type Fmt } from '../../../conformance/support.ts';

export const KB = '/system/ws/v12/kb';
export const FOLDER = `${KB}/folder`;
export const TOPIC = `${KB}/topic`;
export const ARTICLE_TYPE = `${KB}/articleType`;

const base = 'http://bindings.egain.com/ws/model/v12/gen';
export const NS = { kb: `${base}/kb`, kbt: `${base}/kb/topic`, cmn: `${base}/common`, plt: `${base}/platform` } as const;
/** `{uri}local` of a canonical element. */
export const q = (ns: keyof typeof NS, local: string) => `{${NS[ns]}}${local}`;

export type Ref = { id: string; name: string };
export type Stamp = { date: string; user?: { id: string; name: string; firstName: string; lastName?: string } };
export type FolderView = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  description?: string;
  parent?: Ref;
  department: Ref;
  childCount: number;
  articleCount: number;
  created: Stamp;
  lastModified: Stamp;
  folder?: FolderView[];
};
export type TopicView = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  description?: string;
  department: Ref;
  language: { id: string; code: string; label: string };
  parent?: Ref;
  isTranslatable: boolean;
  childCount: number;
  articleCount: number;
  created: Stamp;
  lastModified: Stamp;
  topic?: TopicView[];
};
export type Page<K extends string, V> = { link: { rel: string; href: string }; paginationInfo: { count: number; pagenum?: number; pagesize?: number; link?: { rel: string; href: string }[] } } & Record<K, V[]>;

/** A department of its own (with its root folder) and an administrator, a supervisor and an agent of it. */
export type World = { dept: { id: bigint; name: string }; root: { id: bigint; name: string }; admin: Staff; supervisor: Staff; agent: Staff };

export async function world(t: TestApp): Promise<World> {
  const d = await createDepartment(t.db);
  const [admin, supervisor, agent] = await Promise.all([
    staff(t, ['administrator'], { departmentId: d.id }),
    staff(t, ['supervisor'], { departmentId: d.id }),
    staff(t, ['agent'], { departmentId: d.id }),
  ]);
  const root = await insertKbFolder(t.db, { departmentId: d.id, name: d.name });
  return { dept: { id: d.id, name: d.name }, root, admin, supervisor, agent };
}

export const folderIn = (t: TestApp, w: World, parentId: bigint | undefined, name?: string) =>
  insertKbFolder(t.db, { departmentId: w.dept.id, ...(parentId !== undefined ? { parentId } : {}), ...(name ? { name } : {}) });

export async function articleIn(t: TestApp, w: World, folderId: bigint, languageId = 1n): Promise<string> {
  return String((await insertKbArticle(t.db, { folderId, departmentId: w.dept.id, languageId })).id);
}

/** The ids of a list answer, [] for 204. */
export async function listIds(t: TestApp, who: { headers: Record<string, string> }, url: string, key: 'folder' | 'topic' | 'articleType'): Promise<string[]> {
  const res = await call(t.app, who, 'GET', url);
  if (res.statusCode === 204) return [];
  expect(res.statusCode, res.body).toBe(200);
  return (JSON.parse(res.body) as Record<string, { id: string }[]>)[key]!.map((x) => x.id);
}

/** The legacy 401 body of knowledge paths (06 §1.3). */
export function expectLegacy401(res: LightMyRequestResponse, fmt: 'json' | 'xml'): void {
  expect(res.statusCode).toBe(401);
  if (fmt === 'json') expect(JSON.parse(res.body)).toEqual({ message: 'User could not be authenticated. Invalid session ID.' });
  else expect(res.body).toContain('<message>User could not be authenticated. Invalid session ID.</message>');
}

/** The child elements of `e` with this expanded name. */
export const kids = (e: CanonicalElement, name: string) => e.children.filter((c) => c.name === name);
/** The local names of `e`'s children, in document order. */
export const order = (e: CanonicalElement) => e.children.map((c) => c.name);

/** A topic inserted as K38 would leave it: a root topic of the world's department, or a child of `parentId`. */
export async function topicIn(t: TestApp, w: World, opts: { parentId?: bigint; name?: string; languageId?: bigint } = {}): Promise<{ id: bigint; name: string }> {
  const parent = opts.parentId === undefined ? null : await t.db.prisma.kbTopic.findUniqueOrThrow({ where: { id: opts.parentId } });
  return t.db.prisma.kbTopic.create({
    data: {
      name: opts.name ?? `Topic ${Math.random().toString(16).slice(2, 10)}`,
      departmentId: parent?.departmentId ?? w.dept.id,
      languageId: parent?.languageId ?? opts.languageId ?? 1n,
      parentId: parent?.id ?? null,
    },
    select: { id: true, name: true },
  });
}

/** The article ids linked to a topic, in link order. */
export async function linkedArticles(t: TestApp, topicId: bigint): Promise<string[]> {
  const rows = await t.db.prisma.kbTopicArticle.findMany({ where: { topicId }, orderBy: { position: 'asc' }, select: { articleId: true } });
  return rows.map((r) => String(r.articleId));
}
