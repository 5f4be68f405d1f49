// K2 list and filter articles (06 §5): criteria, `$lang`, sorts, the topic's link order, paging and every error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { insertKbFolder, type KbVersionSpec } from '../../../helpers/knowledge.ts';
import { ARTICLE, article, call, expectError, FORMATS, ids, listIds, ok, past, q, staff, world, xmlOf, type ArticlePage, type World } from './support.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

/** A folder of its own in the world's department. */
const folder = (name?: string) => insertKbFolder(t.db, { departmentId: w.dept.id, parentId: w.folder.id, ...(name ? { name } : {}) });

describe('K2 list articles', () => {
  it('lists a folder by id, paged with exact counts and prev/next links (JSON)', async () => {
    const f = await folder();
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await article(t, w, { folderId: f.id })).id);
    const first = ok<ArticlePage>(await call(t.app, w.agent, 'GET', `${ARTICLE}?folder=${f.id}&$pagesize=2`));
    expect(first.article.map((a) => a.id)).toEqual(made.slice(0, 2));
    expect(first.paginationInfo).toMatchObject({ count: 3, pagenum: 1, pagesize: 2 });
    expect(first.link.href).toBe(`${ARTICLE}?folder=${f.id}&$pagesize=2`);
    expect(Object.keys(first.article[0]!)).not.toContain('keywords');
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!.href;
    const second = ok<ArticlePage>(await call(t.app, w.agent, 'GET', next));
    expect(second.article.map((a) => a.id)).toEqual(made.slice(2));
    expect(second.paginationInfo.link!.map((l) => l.rel)).toEqual(['prev']);
    const range = ok<ArticlePage>(await call(t.app, w.agent, 'GET', `${ARTICLE}?folder=${f.id}&$rangestart=2&$rangesize=1`));
    expect(range.article.map((a) => a.id)).toEqual([made[1]]);
    expect(range.paginationInfo).toMatchObject({ count: 3, rangestart: 2, rangesize: 1 });
    const count = ok<{ paginationInfo: { count: number } }>(await call(t.app, w.agent, 'GET', `${ARTICLE}?folder=${f.id}&$count=yes`));
    expect(count.paginationInfo.count).toBe(3);
  });

  it('writes the list in XML: self link, articles, paginationInfo', async () => {
    const f = await folder();
    await article(t, w, { folderId: f.id });
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${ARTICLE}?folder=${f.id}&$attribute=summary`, { fmt: 'xml' }));
    expect(root.name).toBe(q('kb', 'articles'));
    expect(root.children.map((c) => c.name)).toEqual([q('kb', 'link'), q('kb', 'article'), q('cmn', 'paginationInfo')]);
  });

  it('answers 204 when nothing matches and for a page past the end', async () => {
    const f = await folder();
    const empty = await call(t.app, w.agent, 'GET', `${ARTICLE}?folder=${f.id}`);
    expect(empty.statusCode).toBe(204);
    await article(t, w, { folderId: f.id });
    expect((await call(t.app, w.agent, 'GET', `${ARTICLE}?folder=${f.id}&$pagenum=2`, { fmt: 'xml' })).statusCode).toBe(204);
  });

  it('filters by name: * wildcards, whole-name match otherwise, case-insensitive; % and _ are literal', async () => {
    const f = await folder();
    const tag = `z${Date.now()}`;
    const reset = await article(t, w, { folderId: f.id, name: `Reset ${tag} password` });
    const pct = await article(t, w, { folderId: f.id, name: `100% ${tag}` });
    const under = await article(t, w, { folderId: f.id, name: `a_b ${tag}` });
    await article(t, w, { folderId: f.id, name: `axb ${tag}` });
    expect(await listIds(t, w.agent, `name=*${tag.toUpperCase()}*`)).toHaveLength(4);
    expect(await listIds(t, w.agent, `name=reset ${tag} PASSWORD`)).toEqual([reset.id]);
    expect(await listIds(t, w.agent, `name=reset ${tag}`)).toEqual([]);
    expect(await listIds(t, w.agent, `name=*0%25 ${tag}`)).toEqual([pct.id]);
    expect(await listIds(t, w.agent, `name=a_b*${tag}*`)).toEqual([under.id]);
  });

  it('combines criteria: department, articleType, articleState (expired, published, draft, transient)', async () => {
    const d = await createDepartment(t.db);
    const root = await insertKbFolder(t.db, { departmentId: d.id });
    const mk = (versions: KbVersionSpec[]) => article(t, { ...w, dept: { id: d.id, name: d.name }, folder: root }, { versions });
    const live = await mk([{ state: 'published' }]);
    const expired = await mk([{ state: 'published', availabilityDate: past(9), expirationDate: past(1) }]);
    const draft = await mk([{ state: 'draft' }]);
    const working = await mk([{ state: 'transient' }]);
    expect(await listIds(t, w.agent, `department=${d.id}`)).toEqual([live.id, expired.id, draft.id, working.id]);
    expect(await listIds(t, w.agent, `department=${d.id}&articleState=published`)).toEqual([live.id]);
    expect(await listIds(t, w.agent, `department=${d.id}&articleState=EXPIRED`)).toEqual([expired.id]);
    expect(await listIds(t, w.agent, `department=${d.id}&articleState=draft`)).toEqual([draft.id]);
    expect(await listIds(t, w.agent, `department=${d.id}&articleState=transient`)).toEqual([working.id]);
    const type = await t.db.prisma.kbArticleType.findFirstOrThrow({ where: { departmentId: null, isDefault: true } });
    expect(await listIds(t, w.agent, `department=${d.id}&articleType=${type.id}&articleState=draft`)).toEqual([draft.id]);
    expect(await listIds(t, w.agent, `department=${d.id}&articleType=999999999`)).toEqual([]);
  });

  it('restricts to $lang, else to the caller\'s language', async () => {
    const f = await folder();
    const en = await article(t, w, { folderId: f.id });
    const es = await article(t, w, { folderId: f.id, languageId: 2n });
    expect(await listIds(t, w.agent, `folder=${f.id}`)).toEqual([en.id]);
    expect(await listIds(t, w.agent, `folder=${f.id}&$lang=es_ES`)).toEqual([es.id]);
    const spanish = await staff(t, ['agent'], { departmentId: w.dept.id });
    await t.db.prisma.user.update({ where: { id: spanish.user.id }, data: { languageId: 2n } });
    expect(await listIds(t, spanish, `folder=${f.id}`)).toEqual([es.id]);
  });

  it('sorts by name, createdDate, lastModifiedDate and id, ties by id', async () => {
    const f = await folder();
    const b = await article(t, w, { folderId: f.id, name: 'Bravo', at: past(1) });
    const a = await article(t, w, { folderId: f.id, name: 'alpha', at: past(3) });
    const c = await article(t, w, { folderId: f.id, name: 'Charlie', at: past(2) });
    expect(await listIds(t, w.agent, `folder=${f.id}&$sort=name`)).toEqual([a.id, b.id, c.id]);
    expect(await listIds(t, w.agent, `folder=${f.id}&$sort=name&$order=desc`)).toEqual([c.id, b.id, a.id]);
    expect(await listIds(t, w.agent, `folder=${f.id}&$sort=createdDate`)).toEqual([a.id, c.id, b.id]);
    expect(await listIds(t, w.agent, `folder=${f.id}&$sort=lastModifiedDate&$order=desc`)).toEqual([b.id, c.id, a.id]);
    expect(await listIds(t, w.agent, `folder=${f.id}&$sort=id&$order=desc`)).toEqual([c.id, a.id, b.id]);
    // Keyset continuation with a sort key gives the same pages as offsets.
    const first = ok<ArticlePage>(await call(t.app, w.agent, 'GET', `${ARTICLE}?folder=${f.id}&$sort=createdDate&$pagesize=1`));
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!.href;
    expect(ok<ArticlePage>(await call(t.app, w.agent, 'GET', next)).article.map((x) => x.id)).toEqual([c.id]);
  });

  it('lists a topic in link order, then id; $sort overrides it', async () => {
    const one = await article(t, w);
    const two = await article(t, w);
    const three = await article(t, w);
    const topic = await t.db.prisma.kbTopic.create({ data: { name: `T${Date.now()}`, departmentId: w.dept.id, languageId: 1n } });
    for (const a of [three, one, two]) await t.db.prisma.kbTopicArticle.create({ data: { topicId: topic.id, articleId: BigInt(a.id) } });
    expect(await listIds(t, w.agent, `topic=${topic.id}`)).toEqual([three.id, one.id, two.id]);
    expect(await listIds(t, w.agent, `topic=${topic.id}&$sort=id`)).toEqual([one.id, two.id, three.id]);
    const first = ok<ArticlePage>(await call(t.app, w.agent, 'GET', `${ARTICLE}?topic=${topic.id}&$pagesize=2`));
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!.href;
    expect(ok<ArticlePage>(await call(t.app, w.agent, 'GET', next)).article.map((x) => x.id)).toEqual([two.id]);
  });

  for (const fmt of FORMATS) {
    it(`refuses 400-101, 400-102, 400-103, 400-104, 404-101 (${fmt})`, async () => {
      const get = (query: string) => call(t.app, w.agent, 'GET', `${ARTICLE}?${query}`, { fmt });
      expectError(await get(`folder=${w.folder.id}&owner=1`), '400-101', { format: fmt, details: [{ key: 'owner', value: '1' }] });
      expectError(await get('folder=abc'), '400-102', { format: fmt, details: [{ key: 'folder', value: 'abc' }] });
      expectError(await get(`folder=${w.folder.id}&articleState=archived`), '400-102', { format: fmt });
      expectError(await get(`folder=${w.folder.id}&$sort=relevance`), '400-102', { format: fmt });
      expectError(await get(`folder=${w.folder.id}&$attribute=bogus`), '400-102', { format: fmt });
      expectError(await get(`folder=${w.folder.id}&$lang=zz`), '400-102', { format: fmt });
      expectError(await get('name='), '400-102', { format: fmt });
      expectError(await get('articleType=1&articleState=draft&expandMacros=yes'), '400-103', { format: fmt });
      expectError(await get(''), '400-103', { format: fmt });
      expectError(await get(`folder=${w.folder.id}&$pagenum=1&$rangesize=2`), '400-104', { format: fmt });
      expectError(await get(`folder=${w.folder.id}&$order=desc`), '400-104', { format: fmt });
      expectError(await get('folder=999999999'), '404-101', { format: fmt, details: ids('999999999') });
      expectError(await get('topic=999999998&department=999999997'), '404-101', { format: fmt, details: ids('999999998', '999999997') });
    });
  }
});
