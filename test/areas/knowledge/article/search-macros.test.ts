// K3 full-text search through HTTP (ranking itself is tested with the search module) and `expandMacros=yes` on the
// article reads K1, K2, K3, K14, K15, K16 (06 §5, 07 §11): only content is expanded, stored content is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import {
  ARTICLE,
  article,
  call,
  customerSession,
  expectError,
  FORMATS,
  ids,
  latest,
  listIds,
  ok,
  q,
  read,
  uniq,
  versionsOf,
  world,
  xmlOf,
  type ArticlePage,
  type VersionPage,
  type VersionView,
  type World,
} from './support.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

const SEARCH = `${ARTICLE}/search`;

describe('K3 search', () => {
  it('answers the matching articles in rank order with paginationInfo and $attribute fields (JSON)', async () => {
    const word = uniq('zq');
    const best = await article(t, w, { name: `${word} reset guide`, versions: [{ state: 'published', keywords: word, summary: 'Best' }] });
    const weaker = await article(t, w, { name: 'Another article', versions: [{ state: 'published', content: `<p>mentions ${word} once</p>`, summary: 'Weaker' }] });
    const page = ok<ArticlePage>(await call(t.app, w.agent, 'GET', `${SEARCH}?q=${word}&$attribute=summary&department=${w.dept.id}`));
    expect(page.article.map((a) => [a.id, a.summary])).toEqual([
      [best.id, 'Best'],
      [weaker.id, 'Weaker'],
    ]);
    expect(page.paginationInfo).toMatchObject({ count: 2, pagenum: 1, pagesize: 25 });
    expect(page.link.href).toBe(`${SEARCH}?q=${word}&$attribute=summary&department=${w.dept.id}`);
    const first = ok<ArticlePage>(await call(t.app, w.agent, 'GET', `${SEARCH}?q=${word}&$pagesize=1`));
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!.href;
    expect(ok<ArticlePage>(await call(t.app, w.agent, 'GET', next)).article.map((a) => a.id)).toEqual([weaker.id]);
    expect(ok<ArticlePage>(await call(t.app, w.agent, 'GET', `${SEARCH}?q=${word}&$sort=id&$order=desc`)).article.map((a) => a.id)).toEqual([weaker.id, best.id]);
  });

  it('answers in XML and 204 when nothing matches', async () => {
    const word = uniq('zx');
    await article(t, w, { name: `${word} xml` });
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${SEARCH}?q=${word}&articleState=published`, { fmt: 'xml' }));
    expect(root.name).toBe(q('kb', 'articles'));
    expect(root.children.map((c) => c.name)).toEqual([q('kb', 'link'), q('kb', 'article'), q('cmn', 'paginationInfo')]);
    const none = await call(t.app, w.agent, 'GET', `${SEARCH}?q=${word}&articleState=draft`, { fmt: 'xml' });
    expect(none.statusCode).toBe(204);
  });

  for (const fmt of FORMATS) {
    it(`refuses 400-101, 400-102, 400-104, 400-112, 404-101, 401, 403-197 (${fmt})`, async () => {
      const get = (query: string, who: Parameters<typeof call>[1] = w.agent) => call(t.app, who, 'GET', `${SEARCH}${query}`, { fmt });
      expectError(await get('?q=x&owner=1'), '400-101', { format: fmt });
      expectError(await get('?q=%22%20-'), '400-102', { format: fmt });
      expectError(await get(`?q=${'a'.repeat(513)}`), '400-102', { format: fmt });
      expectError(await get('?q=x&articleState=archived'), '400-102', { format: fmt });
      expectError(await get('?q=x&$order=desc&$sort=relevance'), '400-104', { format: fmt });
      expectError(await get('?folder=1'), '400-112', { format: fmt, details: [{ key: 'q', value: '' }] });
      expectError(await get('?q=x&folder=999999999'), '404-101', { format: fmt, details: ids('999999999') });
      expect((await get('?q=x', null)).statusCode).toBe(401);
      const customer = await customerSession(t, w.admin);
      expectError(await get('?q=x', customer), '403-197', { format: fmt });
    });
  }
});

describe('expandMacros', () => {
  it('expands macros and knowledge built-ins in content only, in the article department, on K1/K2/K3/K14/K15/K16', async () => {
    const name = uniq('hours_');
    await t.db.prisma.macro.create({ data: { name, value: 'Mon–Fri 8–18', departmentId: w.dept.id } });
    const word = uniq('zm');
    const text = `<p>Hi \`\`agent_first_name, we are open \`\`${name}; \`\`case_id \`\`department_name</p>`;
    const expanded = `<p>Hi Test, we are open Mon–Fri 8–18; \`\`case_id ${w.dept.name}</p>`;
    const a = await article(t, w, { name: `${word} \`\`${name}`, versions: [{ state: 'archived', content: text }, { state: 'published', content: text, summary: `\`\`${name}` }] });

    const k1 = await read(t, w.agent, `${a.id}?expandMacros=yes&$attribute=content,summary,versions`, '');
    expect(k1.content).toBe(expanded);
    expect(k1.summary).toBe(`\`\`${name}`);
    expect(k1.name).toBe(`${word} \`\`${name}`);
    expect(k1.versions!.version.map((v) => v.content)).toEqual([expanded, expanded]);
    expect((await read(t, w.agent, `${a.id}?expandMacros=no&$attribute=content`, '')).content).toBe(text);
    expect((await read(t, w.agent, `${a.id}?$attribute=content`, '')).content).toBe(text);

    const k2 = ok<ArticlePage>(await call(t.app, w.agent, 'GET', `${ARTICLE}?name=${word}*&expandMacros=yes&$attribute=content`));
    expect(k2.article[0]!.content).toBe(expanded);
    expect(await listIds(t, w.agent, `name=${word}*`)).toEqual([a.id]);

    const k3 = ok<ArticlePage>(await call(t.app, w.agent, 'GET', `${SEARCH}?q=${word}&expandMacros=yes&$attribute=content`));
    expect(k3.article[0]!.content).toBe(expanded);

    const k14 = ok<VersionPage>(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}/version?expandMacros=yes&$attribute=content`));
    expect(k14.version.map((v) => v.content)).toEqual([expanded, expanded]);
    const k15 = ok<{ version: VersionView[] }>(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}/version/${a.versionIds[0]}?expandMacros=yes&$attribute=all`));
    expect(k15.version[0]!.content).toBe(expanded);

    const k16 = await latest(t, w.agent, `${a.id}`, 'content');
    expect(k16.content).toBe(text);
    const k16x = ok<{ article: { content: string; versions: { version: VersionView[] } }[] }>(
      await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}/latest?expandMacros=yes&$attribute=content`),
    );
    expect(k16x.article[0]!.content).toBe(expanded);
    expect(k16x.article[0]!.versions.version[0]!.content).toBe(expanded);

    expect((await versionsOf(t, a.id)).map((v) => v.content)).toEqual([text, text]);
    const xml = xmlOf(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}?expandMacros=yes&$attribute=content`, { fmt: 'xml' })).children[0]!;
    expect(xml.children.find((c) => c.name === q('kb', 'content'))!.text).toBe(expanded);
  });
});
