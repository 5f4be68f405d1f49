// K4 create and K5 copy (06 §3.1, §4.1, §5): body forms in JSON and XML, defaults, references and every error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { insertKbFolder } from '../../../helpers/knowledge.ts';
import {
  ARTICLE,
  article,
  call,
  create,
  customerSession,
  expectError,
  FORMATS,
  instantPattern,
  newArticle,
  ok,
  q,
  read,
  row,
  uniq,
  versionsOf,
  world,
  xmlOf,
  type ArticleView,
  type World,
} from './support.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

const post = (body: unknown, fmt: 'json' | 'xml' = 'json', query = '') => call(t.app, w.agent, 'POST', `${ARTICLE}${query}`, { body, fmt });
const postXml = (xml: string, fmt: 'json' | 'xml' = 'xml', query = '') => call(t.app, w.agent, 'POST', `${ARTICLE}${query}`, { xml, fmt });

describe('K4 create', () => {
  it('creates version 1 as the caller\'s locked working copy with the default type (the spec example, JSON)', async () => {
    const before = Date.now();
    const x = await create(t, w.agent, {
      folder: { id: String(w.folder.id) },
      language: { id: '1' },
      articleType: { name: 'General' },
      versions: { version: [{ name: 'Changing your e-mail address', keywords: 'email, profile', content: '<p>Open your profile and choose <b>Edit</b>.</p>' }] },
    });
    expect(Object.keys(x)).toEqual(['id', 'link', 'alternateId', 'name', 'department', 'language', 'folder', 'articleType', 'articleState', 'versionNumber', 'lock', 'created', 'lastModified']);
    expect(x).toMatchObject({
      alternateId: `EG${x.id}`,
      name: 'Changing your e-mail address',
      department: { id: String(w.dept.id), name: w.dept.name },
      language: { id: '1', code: 'en-us', label: 'English (United States)' },
      folder: { id: String(w.folder.id), name: w.folder.name },
      articleType: { name: 'General' },
      articleState: 'transient',
      versionNumber: 1,
      lock: { lockedBy: w.agent.ref },
      created: { user: w.agent.ref },
      lastModified: { user: w.agent.ref },
    });
    expect(new Date(x.created.date).getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(x.lock!.date).toMatch(instantPattern);
    const stored = await versionsOf(t, x.id);
    expect(stored.map((v) => [v.versionNumber, v.state, v.keywords, v.content])).toEqual([[1, 'transient', 'email, profile', '<p>Open your profile and choose <b>Edit</b>.</p>']]);
    expect((await row(t, x.id)).lockedById).toBe(w.agent.user.id);
  });

  it('reads the flat wrapped form, {"text"} content (escaped, in <p>) and a language code; $attribute shapes the answer', async () => {
    const res = await post(
      { article: { name: 'Flat', folder: { id: String(w.folder.id) }, language: { code: 'ES_es' }, content: { text: 'a < b & "c"' }, summary: 's' } },
      'json',
      '?$attribute=content,summary&$lang=en-us',
    );
    const x = ok<{ article: ArticleView[] }>(res, 201).article[0]!;
    expect(x).toMatchObject({ name: 'Flat', language: { id: '2', code: 'es-es' }, content: '<p>a &lt; b &amp; &quot;c&quot;</p>', summary: 's', articleState: 'transient' });
    const list = ok<{ article: ArticleView[] }>(await post({ article: [newArticle(w, { content: { html: '<i>h</i>' } })] }, 'json', '?$attribute=content'), 201);
    expect(list.article[0]!.content).toBe('<i>h</i>');
  });

  it('lets version-level values win over article-level ones', async () => {
    const x = await create(t, w.agent, newArticle(w, { name: 'Article level', summary: 'outer', versions: { version: { name: 'Version level', summary: 'inner' } } }), '?$attribute=summary');
    expect(x).toMatchObject({ name: 'Version level', summary: 'inner' });
  });

  it('creates from the XML example (CDATA content, <articles> wrapper accepted) and answers in XML', async () => {
    const xml = `<article xmlns="http://bindings.egain.com/ws/model/v12/gen/kb">
  <folder id="${w.folder.id}"/>
  <language id="1"/>
  <articleType><name>General</name></articleType>
  <versions><version>
      <name>Changing your e-mail address</name>
      <keywords>email, profile</keywords>
      <content><![CDATA[<p>Open your profile and choose <b>Edit</b>.</p>]]></content>
  </version></versions>
</article>`;
    const res = await postXml(xml, 'xml', '?$attribute=content');
    const root = xmlOf(res, 201);
    expect(root.name).toBe(q('kb', 'articles'));
    const el = root.children[0]!;
    expect(res.headers.location).toBe(`${ARTICLE}/${el.attrs.id}`);
    expect(el.children.find((c) => c.name === q('kb', 'content'))!.text).toBe('<p>Open your profile and choose <b>Edit</b>.</p>');
    expect(el.children.find((c) => c.name === q('kb', 'lock'))).toBeDefined();
    const wrapped = await postXml(`<articles><article><folder><id>${w.folder.id}</id></folder><language><code>en-US</code></language><name>In a list</name></article></articles>`, 'json');
    expect(ok<{ article: ArticleView[] }>(wrapped, 201).article[0]!.name).toBe('In a list');
  });

  it('takes an alternate id; a duplicate (any case) is 409-102 naming the holder', async () => {
    const alt = uniq('Alt-');
    const x = await create(t, w.agent, newArticle(w, { alternateId: alt }));
    expect(x.alternateId).toBe(alt);
    expect((await read(t, w.agent, alt.toUpperCase(), '')).id).toBe(x.id);
    for (const fmt of ['json', 'xml'] as const) {
      expectError(await post(newArticle(w, { alternateId: alt.toLowerCase() }), fmt), '409-102', {
        format: fmt,
        details: [
          { key: 'id', value: x.id },
          { key: 'alternateId', value: alt.toLowerCase() },
        ],
      });
    }
  });

  it('an alternate id a client gave in the EG<id> form of a future article leaves that article a suffixed default (K4, K5)', async () => {
    const first = await create(t, w.agent, newArticle(w));
    const next = BigInt(first.id) + 1n;
    const taken = await create(t, w.agent, newArticle(w, { alternateId: `eg${next + 1n}` }));
    expect(taken.id).toBe(String(next));
    const plain = await create(t, w.agent, newArticle(w));
    expect(plain).toMatchObject({ id: String(next + 1n), alternateId: `EG${next + 1n}_2` });
    expect((await read(t, w.agent, `EG${next + 1n}`, '')).id).toBe(taken.id);
  });

  it('uses the department\'s own default type, finds types by id or name (own before global), refuses other departments\' types', async () => {
    const d = await createDepartment(t.db);
    const f = await insertKbFolder(t.db, { departmentId: d.id });
    const own = await t.db.prisma.kbArticleType.create({ data: { name: 'General', departmentId: d.id, isDefault: true } });
    const faq = await t.db.prisma.kbArticleType.create({ data: { name: 'FAQ', departmentId: d.id } });
    const foreign = await t.db.prisma.kbArticleType.create({ data: { name: 'Foreign', departmentId: w.dept.id } });
    const body = (extra: Record<string, unknown>) => ({ folder: { id: String(f.id) }, language: { id: '1' }, name: 'Typed', ...extra });
    expect((await create(t, w.agent, body({}))).articleType).toEqual({ id: String(own.id), name: 'General' });
    expect((await create(t, w.agent, body({ articleType: { name: 'general' } }))).articleType.id).toBe(String(own.id));
    expect((await create(t, w.agent, body({ articleType: { id: String(faq.id) } }))).articleType).toEqual({ id: String(faq.id), name: 'FAQ' });
    expectError(await post(body({ articleType: { id: String(foreign.id) } })), '400-152', { format: 'json', details: [{ key: 'articleType.id', value: String(foreign.id) }] });
    expectError(await post(body({ articleType: { name: 'Foreign' } }), 'xml'), '400-152', { format: 'xml', details: [{ key: 'articleType.name', value: 'Foreign' }] });
  });

  for (const fmt of FORMATS) {
    it(`refuses bad bodies and references: 400-150, 400-152, 400-153 (${fmt})`, async () => {
      const bad = async (body: unknown, code: string, key: string, value = '') =>
        expectError(await post(body, fmt), code, { format: fmt, details: [{ key, value: value.slice(0, 255) }] });
      expectError(await call(t.app, w.agent, 'POST', ARTICLE, { fmt, headers: { 'content-type': 'application/json' }, body: undefined, xml: undefined }), '400-150', { format: fmt });
      expectError(await call(t.app, w.agent, 'POST', ARTICLE, { fmt, xml: '<article><name>x</article>' }), '400-150', { format: fmt });
      expectError(await post([newArticle(w)], fmt), '400-150', { format: fmt });
      await bad({ article: [newArticle(w), newArticle(w)] }, '400-152', 'article');
      await bad({ language: { id: '1' }, name: 'x' }, '400-153', 'folder.id');
      await bad({ folder: { id: String(w.folder.id) }, name: 'x' }, '400-153', 'language.id');
      await bad({ folder: { id: String(w.folder.id) }, language: { id: '1' } }, '400-153', 'name');
      await bad({ folder: { id: String(w.folder.id) }, language: { id: '1' }, versions: { version: [{ keywords: 'k' }] } }, '400-153', 'versions.version[0].name');
      await bad(newArticle(w, { folder: { id: 'EG12' } }), '400-152', 'folder.id', 'EG12');
      await bad(newArticle(w, { folder: { id: '999999999' } }), '400-152', 'folder.id', '999999999');
      await bad(newArticle(w, { language: { id: '999' } }), '400-152', 'language.id', '999');
      await bad(newArticle(w, { language: { code: 'xx-YY' } }), '400-152', 'language.code', 'xx-YY');
      await bad(newArticle(w, { articleType: { id: '999999999' } }), '400-152', 'articleType.id', '999999999');
      await bad(newArticle(w, { alternateId: '12345' }), '400-152', 'alternateId', '12345');
      await bad(newArticle(w, { alternateId: 'Search' }), '400-152', 'alternateId', 'Search');
      await bad(newArticle(w, { alternateId: 'a b' }), '400-152', 'alternateId', 'a b');
      await bad(newArticle(w, { alternateId: 'x'.repeat(65) }), '400-152', 'alternateId', 'x'.repeat(65));
      await bad(newArticle(w, { name: 'n'.repeat(256) }), '400-152', 'name', 'n'.repeat(256));
      await bad(newArticle(w, { versions: { version: [{ name: 'n'.repeat(256) }] } }), '400-152', 'versions.version[0].name', 'n'.repeat(256));
      await bad(newArticle(w, { keywords: 'k'.repeat(1001) }), '400-152', 'keywords', 'k'.repeat(1001));
      await bad(newArticle(w, { summary: 's'.repeat(4001) }), '400-152', 'summary', 's'.repeat(4001));
      await bad(newArticle(w, { content: 'c'.repeat(1024 * 1024 + 1) }), '400-152', 'content');
      await bad(newArticle(w, { content: { html: { nested: 1 } } }), '400-152', 'content.html');
      await bad(newArticle(w, { content: { other: 'x' } }), '400-152', 'content');
      await bad(newArticle(w, { availabilityDate: 'tomorrow' }), '400-152', 'availabilityDate', 'tomorrow');
      await bad(
        newArticle(w, { availabilityDate: '2030-01-02T00:00:00Z', expirationDate: '2030-01-01T00:00:00.000Z' }),
        '400-152',
        'expirationDate',
        '2030-01-01T00:00:00.000Z',
      );
    });

    it(`refuses a customer session (403-197) and creates nothing (${fmt})`, async () => {
      const customer = await customerSession(t, w.admin);
      const name = uniq('Refused ');
      expectError(await call(t.app, customer, 'POST', ARTICLE, { body: newArticle(w, { name }), fmt }), '403-197', { format: fmt });
      expect(await t.db.prisma.kbArticle.count({ where: { name } })).toBe(0);
    });
  }
});

describe('K5 copy', () => {
  it('copies the current version into a draft of a new article in the target folder and department (JSON)', async () => {
    const src = await article(t, w, {
      versions: [
        { state: 'published', name: 'Live', summary: 'live summary', content: '<p>live</p>' },
        { state: 'draft', name: 'Draft' },
      ],
      lockedBy: w.agent,
    });
    await t.db.prisma.kbNote.create({ data: { articleId: BigInt(src.id), content: 'not copied' } });
    const d = await createDepartment(t.db);
    const target = await insertKbFolder(t.db, { departmentId: d.id });
    const res = await call(t.app, w.supervisor, 'POST', `${ARTICLE}/copy?$attribute=all`, { body: { article: { id: src.id }, folder: { id: String(target.id) } } });
    const x = ok<{ article: ArticleView[] }>(res, 201).article[0]!;
    expect(res.headers.location).toBe(`${ARTICLE}/${x.id}`);
    expect(x.id).not.toBe(src.id);
    expect(x).toMatchObject({
      alternateId: `EG${x.id}`,
      name: 'Live',
      summary: 'live summary',
      content: '<p>live</p>',
      articleState: 'draft',
      versionNumber: 1,
      reviewStage: { value: 'authoring' },
      department: { id: String(d.id) },
      folder: { id: String(target.id) },
      created: { user: w.supervisor.ref },
    });
    expect(x.lock).toBeUndefined();
    expect(x.notes).toBeUndefined();
    expect(x.versions!.version).toHaveLength(1);
  });

  it('reads the XML body under any root and answers in XML', async () => {
    const src = await article(t, w, { name: 'Source' });
    const res = await call(t.app, w.agent, 'POST', `${ARTICLE}/copy`, { xml: `<copy><article id="${src.id}"/><folder><id>${w.folder.id}</id></folder></copy>`, fmt: 'xml' });
    const el = xmlOf(res, 201).children[0]!;
    expect(el.children.find((c) => c.name === q('kb', 'name'))!.text).toBe('Source');
    expect(el.children.find((c) => c.name === q('kb', 'articleState'))!.text).toBe('draft');
  });

  for (const fmt of FORMATS) {
    it(`refuses 400-150, 400-152, 400-153, 403-197 (${fmt})`, async () => {
      const src = await article(t, w);
      const copy = (body: unknown, who = w.agent) => call(t.app, who, 'POST', `${ARTICLE}/copy`, { body, fmt });
      expectError(await copy('x'), '400-150', { format: fmt });
      expectError(await copy({ folder: { id: String(w.folder.id) } }), '400-153', { format: fmt, details: [{ key: 'article.id', value: '' }] });
      expectError(await copy({ article: { id: src.id } }), '400-153', { format: fmt, details: [{ key: 'folder.id', value: '' }] });
      expectError(await copy({ article: { id: src.alternateId }, folder: { id: String(w.folder.id) } }), '400-152', { format: fmt, details: [{ key: 'article.id', value: src.alternateId }] });
      expectError(await copy({ article: { id: '999999999' }, folder: { id: String(w.folder.id) } }), '400-152', { format: fmt, details: [{ key: 'article.id', value: '999999999' }] });
      expectError(await copy({ article: { id: src.id }, folder: { id: '999999999' } }), '400-152', { format: fmt, details: [{ key: 'folder.id', value: '999999999' }] });
      const customer = await customerSession(t, w.admin);
      expectError(await copy({ article: { id: src.id }, folder: { id: String(w.folder.id) } }, customer as never), '403-197', { format: fmt });
    });
  }
});
