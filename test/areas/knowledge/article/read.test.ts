// K1 articles by ids, K16 latest, K14/K15 versions (06 §3.1, §3.2, §5): shapes in JSON and XML, attribute groups,
// alternate ids, the `expired` state, and every documented error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import {
  ARTICLE,
  article,
  call,
  customerSession,
  expectError,
  fails,
  FORMATS,
  ids,
  instantPattern,
  latest,
  NS,
  ok,
  past,
  q,
  read,
  world,
  xmlOf,
  type ArticleView,
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

const childNames = (e: { children: { name: string }[] }) => e.children.map((c) => c.name);

describe('K1 articles by ids', () => {
  it('answers the default set in the order of the ids, by numeric and alternate ids, duplicates removed (JSON)', async () => {
    const a = await article(t, w, { name: 'Resetting your password', createdBy: w.admin, versions: [{ state: 'published', keywords: 'reset', summary: 'How to' }] });
    const b = await article(t, w, { alternateId: `Pw-${Date.now()}` });
    const body = ok<{ article: ArticleView[] }>(await call(t.app, w.agent, 'GET', `${ARTICLE}/${b.alternateId.toLowerCase()},${a.id},${a.id}`));
    expect(body.article.map((x) => x.id)).toEqual([b.id, a.id]);
    const x = body.article[1]!;
    expect(Object.keys(x)).toEqual(['id', 'link', 'alternateId', 'name', 'department', 'language', 'folder', 'articleType', 'articleState', 'versionNumber', 'created', 'lastModified']);
    expect(x).toMatchObject({
      link: { rel: 'self', href: `${ARTICLE}/${a.id}` },
      alternateId: `EG${a.id}`,
      name: 'Resetting your password',
      department: { id: String(w.dept.id), name: w.dept.name },
      language: { id: '1', code: 'en-us', label: 'English (United States)' },
      folder: { id: String(w.folder.id), name: w.folder.name },
      articleType: { name: 'General' },
      articleState: 'published',
      versionNumber: 1,
      created: { user: w.admin.ref },
      lastModified: { user: w.admin.ref },
    });
    expect(x.created.date).toMatch(instantPattern);
    expect(x.keywords).toBeUndefined();
  });

  it('writes the K1 example element order and namespaces (XML)', async () => {
    const a = await article(t, w, { createdBy: w.admin, versions: [{ state: 'published', keywords: 'k', summary: 's' }] });
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}?$attribute=keywords,summary`, { fmt: 'xml' }));
    expect(root.name).toBe(q('kb', 'articles'));
    const el = root.children[0]!;
    expect(el.name).toBe(q('kb', 'article'));
    expect(el.attrs.id).toBe(a.id);
    expect(childNames(el)).toEqual(
      ['link', 'alternateId', 'name', 'department', 'language', 'folder', 'articleType', 'articleState', 'versionNumber', 'created', 'lastModified', 'keywords', 'summary'].map(
        (n) => q('kb', n),
      ),
    );
    const dept = el.children[3]!;
    expect(dept.attrs.id).toBe(String(w.dept.id));
    expect(dept.children.map((c) => [c.name, c.text])).toEqual([[q('plt', 'name'), w.dept.name]]);
    const lang = el.children[4]!;
    expect(childNames(lang)).toEqual([q('kb', 'code'), q('kb', 'label')]);
    expect(childNames(el.children[5]!)).toEqual([q('kb', 'name')]);
    const created = el.children[9]!;
    expect(created.attrs.date).toMatch(instantPattern);
    expect(created.children[0]!.name).toBe(q('cmn', 'user'));
    expect(childNames(created.children[0]!)).toEqual([q('plt', 'name'), q('plt', 'firstName'), q('plt', 'lastName')]);
  });

  it('adds every group with $attribute=all: versions ascending, attachments, notes newest first, topics (JSON and XML)', async () => {
    const a = await article(t, w, {
      versions: [
        { state: 'archived', name: 'Old', content: '<p>old</p>' },
        { state: 'published', name: 'Live', keywords: 'k', summary: 's', description: 'd', content: '<p>live</p>', availabilityDate: past(10), expirationDate: new Date(Date.now() + 864e5) },
      ],
    });
    const id = BigInt(a.id);
    await t.db.prisma.kbAttachment.create({ data: { articleId: id, kind: 'external', name: 'Policy', url: 'https://example.com/p' } });
    const n1 = await t.db.prisma.kbNote.create({ data: { articleId: id, content: 'first', createdAt: past(2) } });
    const n2 = await t.db.prisma.kbNote.create({ data: { articleId: id, content: 'second', createdAt: past(1) } });
    const topic = await t.db.prisma.kbTopic.create({ data: { name: `Topic ${a.id}`, departmentId: w.dept.id, languageId: 1n } });
    await t.db.prisma.kbTopicArticle.create({ data: { topicId: topic.id, articleId: id } });

    const x = await read(t, w.agent, a.id, 'all');
    expect(x).toMatchObject({ name: 'Live', keywords: 'k', summary: 's', description: 'd', content: '<p>live</p>', versionNumber: 2 });
    expect(x.availabilityDate).toMatch(instantPattern);
    expect(x.reviewStage).toBeUndefined();
    expect(x.versions!.version.map((v) => [v.versionNumber, v.name, v.articleState, v.content])).toEqual([
      [1, 'Old', 'archived', '<p>old</p>'],
      [2, 'Live', 'published', '<p>live</p>'],
    ]);
    expect(x.versions!.version[0]!.link.href).toBe(`${ARTICLE}/${a.id}/version/${a.versionIds[0]}`);
    expect(x.attachments!.attachment.map((n) => n.name)).toEqual(['Policy']);
    expect(x.notes!.note.map((n) => n.id)).toEqual([String(n2.id), String(n1.id)]);
    expect(x.topics!.topic).toEqual([{ id: String(topic.id), name: topic.name, link: { rel: 'topic', href: `/system/ws/v12/kb/topic/${topic.id}` } }]);

    const el = xmlOf(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}?$attribute=all`, { fmt: 'xml' })).children[0]!;
    expect(childNames(el).slice(11)).toEqual(
      ['keywords', 'summary', 'description', 'content', 'availabilityDate', 'expirationDate', 'versions', 'attachments', 'notes', 'topics'].map((n) => q('kb', n)),
    );
    const topics = el.children.find((c) => c.name === q('kb', 'topics'))!;
    expect(childNames(topics)).toEqual([q('kbt', 'topic')]);
    expect(childNames(topics.children[0]!)).toEqual([q('kbt', 'name'), q('kbt', 'link')]);
    const versions = el.children.find((c) => c.name === q('kb', 'versions'))!;
    expect(childNames(versions)).toEqual([q('kb', 'version'), q('kb', 'version')]);
    expect(childNames(versions.children[1]!)).toEqual(
      ['link', 'versionNumber', 'name', 'articleState', 'created', 'lastModified', 'keywords', 'summary', 'description', 'content', 'availabilityDate', 'expirationDate'].map((n) => q('kb', n)),
    );
  });

  it('shows `expired` for a published current version past its expiration, and the draft review stage', async () => {
    const expired = await article(t, w, { versions: [{ state: 'published', expirationDate: past(1), availabilityDate: past(5) }] });
    expect((await read(t, w.agent, expired.id, '')).articleState).toBe('expired');
    const draft = await article(t, w, { versions: [{ state: 'draft', reviewStage: 'review' }] });
    const d = await read(t, w.agent, draft.id, 'reviewStage');
    expect(d).toMatchObject({ articleState: 'draft', reviewStage: { value: 'review', displayValue: 'Review' } });
    const es = ok<{ article: ArticleView[] }>(await call(t.app, w.agent, 'GET', `${ARTICLE}/${draft.id}?$attribute=reviewStage`, { lang: 'es-ES' }));
    expect(es.article[0]!.reviewStage).toEqual({ value: 'review', displayValue: 'Revisión' });
    const el = xmlOf(await call(t.app, w.agent, 'GET', `${ARTICLE}/${draft.id}?$attribute=reviewStage`, { fmt: 'xml' })).children[0]!;
    const stage = el.children.find((c) => c.name === q('kb', 'reviewStage'))!;
    expect(stage.children.map((c) => [c.name, c.text])).toEqual([
      [q('cmn', 'value'), 'review'],
      [q('cmn', 'displayValue'), 'Review'],
    ]);
  });

  it('shows the lock of a checked-out article, the current version staying the published one', async () => {
    const a = await article(t, w, { lockedBy: w.agent });
    const x = await read(t, w.admin, a.id, 'versions');
    expect(x.articleState).toBe('published');
    expect(x.versionNumber).toBe(1);
    expect(x.lock).toEqual({ lockedBy: w.agent.ref, date: expect.stringMatching(instantPattern) });
    expect(x.versions!.version.map((v) => [v.articleState, v.lock?.lockedBy.id])).toEqual([
      ['published', undefined],
      ['transient', w.agent.ref.id],
    ]);
    const el = xmlOf(await call(t.app, w.admin, 'GET', `${ARTICLE}/${a.id}`, { fmt: 'xml' })).children[0]!;
    const lock = el.children.find((c) => c.name === q('kb', 'lock'))!;
    expect(lock.attrs.date).toMatch(instantPattern);
    expect(childNames(lock)).toEqual([q('kb', 'lockedBy')]);
    expect(lock.children[0]!.attrs.id).toBe(w.agent.ref.id);
    expect(childNames(lock.children[0]!)).toEqual([q('plt', 'name'), q('plt', 'firstName'), q('plt', 'lastName')]);
  });

  it('accepts and ignores a known $lang; expandMacros yes|no', async () => {
    const a = await article(t, w, { versions: [{ state: 'published', content: '<p>Hi</p>' }] });
    expect((await read(t, w.agent, `${a.id}?$lang=ES_es&expandMacros=no&$attribute=content`, '')).content).toBe('<p>Hi</p>');
    expect((await read(t, w.agent, `${a.id}?expandMacros=YES&$attribute=content`, '')).content).toBe('<p>Hi</p>');
  });

  for (const fmt of FORMATS) {
    it(`refuses bad requests: 400-101, 400-102, 400-160, 404-101, 404-100 (${fmt})`, async () => {
      const a = await article(t, w);
      const get = (url: string) => call(t.app, w.agent, 'GET', url, { fmt });
      expectError(await get(`${ARTICLE}/${a.id}?foo=1`), '400-101', { format: fmt, details: [{ key: 'foo', value: '1' }] });
      expectError(await get(`${ARTICLE}/${a.id}?$pagesize=5`), '400-101', { format: fmt });
      expectError(await get(`${ARTICLE}/${a.id}?$attribute=payload`), '400-102', { format: fmt, details: [{ key: '$attribute', value: 'payload' }] });
      expectError(await get(`${ARTICLE}/${a.id}?$lang=xx-yy`), '400-102', { format: fmt, details: [{ key: '$lang', value: 'xx-yy' }] });
      expectError(await get(`${ARTICLE}/${a.id}?expandMacros=maybe`), '400-102', { format: fmt, details: [{ key: 'expandMacros', value: 'maybe' }] });
      expectError(await get(`${ARTICLE}/${a.id},,2`), '400-102', { format: fmt, details: [{ key: 'ids', value: `${a.id},,2` }] });
      expectError(await get(`${ARTICLE}/a%20b`), '400-102', { format: fmt });
      const many = Array.from({ length: 76 }, (_, i) => String(i + 1)).join(',');
      expectError(await get(`${ARTICLE}/${many}`), '400-160', { format: fmt, details: [{ key: 'limit', value: '75' }] });
      expectError(await get(`${ARTICLE}/${a.id},999999999,NoSuchAlt`), '404-101', { format: fmt, details: ids('999999999', 'NoSuchAlt') });
      // Beyond 2^53−1 (and beyond bigint): no id, and no alternate id either.
      expectError(await get(`${ARTICLE}/9999999999999999999`), '404-101', { format: fmt, details: ids('9999999999999999999') });
      for (const p of ['suggestion', 'mysuggestion', 'accept', 'reject', 'feedback', 'resuggest', 'mywork', 'changetype', 'version', 'latest']) {
        expectError(await get(`${ARTICLE}/${p}`), '404-100', { format: fmt });
      }
      expectError(await call(t.app, w.agent, 'PUT', `${ARTICLE}/version`, { fmt, body: {} }), '404-100', { format: fmt });
      expectError(await get(`${ARTICLE}/${a.id}/mystages`), '404-100', { format: fmt });
      expectError(await call(t.app, w.agent, 'PUT', `${ARTICLE}/${a.id}/requestlock`, { fmt }), '404-100', { format: fmt });
      const copy = await get(`${ARTICLE}/copy`);
      expectError(copy, '405-100', { format: fmt });
      expect(copy.headers.allow).toBe('POST');
    });

    it(`answers the legacy 401 without a session and 403-197 to a customer session (${fmt})`, async () => {
      const a = await article(t, w);
      const anon = await call(t.app, null, 'GET', `${ARTICLE}/${a.id}`, { fmt });
      expect(anon.statusCode).toBe(401);
      if (fmt === 'json') expect(JSON.parse(anon.body)).toEqual({ message: 'User could not be authenticated. Invalid session ID.' });
      else expect(anon.body).toContain(`<Error xmlns="${NS.plt}">`);
      // The route decides, not the spelling of the URL: an escaped `kb` reaches the same article route (06 §1.3).
      const escaped = await call(t.app, null, 'GET', `/system/ws/v12/%6Bb/article/${a.id}`, { fmt });
      expect([escaped.statusCode, escaped.body]).toEqual([401, anon.body]);
      const customer = await customerSession(t, w.admin);
      expectError(await call(t.app, customer, 'GET', `${ARTICLE}/${a.id}`, { fmt }), '403-197', { format: fmt });
    });
  }
});

describe('K16 latest', () => {
  it('shows the highest version as the current one, and only it in versions (JSON and XML)', async () => {
    const a = await article(t, w, { versions: [{ state: 'published', name: 'Live', summary: 'live' }], lockedBy: w.agent });
    await t.db.prisma.kbVersion.update({ where: { id: BigInt(a.versionIds[0]!) + 1n }, data: { name: 'Working' } });
    const x = await latest(t, w.agent, a.alternateId, 'summary');
    expect(x).toMatchObject({ name: 'Working', articleState: 'transient', versionNumber: 2, summary: 'live', lock: { lockedBy: w.agent.ref } });
    expect(x.versions!.version.map((v) => [v.versionNumber, v.articleState, v.summary])).toEqual([[2, 'transient', 'live']]);
    expect(x.lastModified.date).toBe(x.versions!.version[0]!.lastModified.date);
    const el = xmlOf(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}/latest`, { fmt: 'xml' })).children[0]!;
    const versions = el.children.find((c) => c.name === q('kb', 'versions'))!;
    expect(versions.children.map((c) => c.attrs.id)).toHaveLength(1);
    expect(el.children.find((c) => c.name === q('kb', 'name'))!.text).toBe('Working');
  });

  for (const fmt of FORMATS) {
    it(`refuses 400-102, 400-160, 404-101 (${fmt})`, async () => {
      const get = (url: string) => call(t.app, w.agent, 'GET', url, { fmt });
      expectError(await get(`${ARTICLE}/1/latest?$attribute=bogus`), '400-102', { format: fmt });
      const many = Array.from({ length: 76 }, (_, i) => String(i + 1)).join(',');
      expectError(await get(`${ARTICLE}/${many}/latest`), '400-160', { format: fmt });
      expectError(await get(`${ARTICLE}/999999998/latest`), '404-101', { format: fmt, details: ids('999999998') });
    });
  }
});

describe('K14 / K15 versions', () => {
  it('lists versions by versionNumber, or lastModifiedDate, paged (JSON)', async () => {
    const a = await article(t, w, { versions: [{ state: 'archived' }, { state: 'archived' }, { state: 'published', content: '<p>c</p>' }] });
    const page = ok<VersionPage>(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.alternateId}/version?$pagesize=2&$attribute=content`));
    expect(page.paginationInfo).toMatchObject({ count: 3, pagenum: 1, pagesize: 2 });
    expect(page.version.map((v) => v.versionNumber)).toEqual([1, 2]);
    expect(page.link.href).toBe(`${ARTICLE}/${a.alternateId}/version?$pagesize=2&$attribute=content`);
    const next = page.paginationInfo.link!.find((l) => l.rel === 'next')!.href;
    const second = ok<VersionPage>(await call(t.app, w.agent, 'GET', next));
    expect(second.version.map((v) => [v.versionNumber, v.content])).toEqual([[3, '<p>c</p>']]);
    const desc = ok<VersionPage>(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}/version?$sort=lastModifiedDate&$order=desc`));
    expect(desc.version.map((v) => v.versionNumber)).toEqual([3, 2, 1]);
  });

  it('answers a page past the end 200 with the self link and paginationInfo, never 204 (JSON and XML)', async () => {
    // 06 K14 and 01 §6 name article versions among the lists that never answer 204; 01 §9.3 gives way to them.
    const a = await article(t, w, { versions: [{ state: 'archived' }, { state: 'published' }] });
    const url = `${ARTICLE}/${a.id}/version?$pagenum=9&$pagesize=2`;
    const page = ok<Record<string, unknown>>(await call(t.app, w.agent, 'GET', url));
    expect(page).toEqual({
      link: { rel: 'self', href: url },
      version: [],
      paginationInfo: { count: 2, pagenum: 9, pagesize: 2, link: [{ rel: 'prev', href: `${ARTICLE}/${a.id}/version?$pagenum=8&$pagesize=2` }] },
    });
    const ranged = ok<VersionPage>(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.alternateId}/version?$rangestart=5&$rangesize=3`));
    expect(ranged.version).toEqual([]);
    expect(ranged.paginationInfo).toMatchObject({ count: 2, rangestart: 5, rangesize: 3 });
    const res = await call(t.app, w.agent, 'GET', url, { fmt: 'xml' });
    expect(res.statusCode).toBe(200);
    const root = xmlOf(res);
    expect(root.name).toBe(q('kb', 'versions'));
    expect(childNames(root)).toEqual([q('kb', 'link'), q('cmn', 'paginationInfo')]);
    expect(root.children[0]!.attrs).toEqual({ rel: 'self', href: url });
    const info = root.children[1]!;
    expect(info.children.filter((c) => c.name !== q('cmn', 'link')).map((c) => [c.name, c.text])).toEqual([
      [q('cmn', 'count'), '2'],
      [q('cmn', 'pagenum'), '9'],
      [q('cmn', 'pagesize'), '2'],
    ]);
  });

  it('lists versions in XML under <versions> with paginationInfo', async () => {
    const a = await article(t, w, { versions: [{ state: 'archived' }, { state: 'published' }] });
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}/version`, { fmt: 'xml' }));
    expect(root.name).toBe(q('kb', 'versions'));
    expect(childNames(root)).toEqual([q('kb', 'link'), q('kb', 'version'), q('kb', 'version'), q('cmn', 'paginationInfo')]);
  });

  it('gets versions by ids in the order given (JSON and XML)', async () => {
    const a = await article(t, w, { versions: [{ state: 'archived', keywords: 'one' }, { state: 'published', keywords: 'two' }] });
    const body = ok<{ version: VersionView[] }>(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}/version/${a.versionIds[1]},${a.versionIds[0]}?$attribute=keywords`));
    expect(body.version.map((v) => [v.id, v.keywords])).toEqual([
      [a.versionIds[1], 'two'],
      [a.versionIds[0], 'one'],
    ]);
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}/version/${a.versionIds[0]}`, { fmt: 'xml' }));
    expect(root.name).toBe(q('kb', 'versions'));
    expect(root.children.map((c) => c.attrs.id)).toEqual([a.versionIds[0]]);
  });

  for (const fmt of FORMATS) {
    it(`refuses 400-101, 400-102, 404-101 (${fmt})`, async () => {
      const a = await article(t, w);
      const other = await article(t, w);
      const get = (url: string) => call(t.app, w.agent, 'GET', url, { fmt });
      expectError(await get(`${ARTICLE}/${a.id}/version?foo=1`), '400-101', { format: fmt });
      expectError(await get(`${ARTICLE}/${a.id}/version?$sort=name`), '400-102', { format: fmt });
      expectError(await get(`${ARTICLE}/${a.id}/version?$attribute=notes`), '400-102', { format: fmt });
      expectError(await get(`${ARTICLE}/${a.id},${other.id}/version`), '400-102', { format: fmt });
      expectError(await get(`${ARTICLE}/999999997/version`), '404-101', { format: fmt, details: ids('999999997') });
      expectError(await get(`${ARTICLE}/${a.id}/version/x1`), '400-102', { format: fmt, details: [{ key: 'versionIds', value: 'x1' }] });
      expectError(await get(`${ARTICLE}/${a.id}/version/${a.versionIds[0]}?$pagesize=2`), '400-101', { format: fmt });
      expectError(await get(`${ARTICLE}/${a.id}/version/${a.versionIds[0]},${other.versionIds[0]}`), '404-101', {
        format: fmt,
        details: ids(other.versionIds[0]!),
      });
    });
  }

  it('fails with the common error body in JSON for an unknown article (fails helper)', async () => {
    fails(await call(t.app, w.agent, 'GET', `${ARTICLE}/999999996/version`), '404-101', ids('999999996'));
  });
});
