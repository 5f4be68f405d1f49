// K6 check-out, K7 edit and K8 check-in (06 §4.1, §4.3, §5): working copies, locks, stamps, all-or-nothing batches,
// JSON and XML bodies, and every documented error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import {
  ARTICLE,
  article,
  call,
  create,
  customerSession,
  expectError,
  FORMATS,
  future,
  ids,
  latest,
  newArticle,
  noContent,
  ok,
  q,
  read,
  row,
  versionsOf,
  world,
  xmlOf,
  type ArticleView,
  type Staff,
  type World,
} from './support.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

const put = (url: string, opts: { who?: Staff | { headers: Record<string, string> }; body?: unknown; xml?: string; fmt?: 'json' | 'xml' } = {}) =>
  call(t.app, opts.who ?? w.agent, 'PUT', url, { ...(opts.body !== undefined ? { body: opts.body } : {}), ...(opts.xml ? { xml: opts.xml } : {}), fmt: opts.fmt ?? 'json' });

describe('K6 check out', () => {
  it('adds a working copy of the highest version locked by the caller; the current version stays (204)', async () => {
    const a = await article(t, w, { versions: [{ state: 'archived' }, { state: 'published', name: 'Live', summary: 'sum', content: '<p>c</p>' }] });
    const before = await row(t, a.id);
    noContent(await put(`${ARTICLE}/${a.id}/checkout`));
    const versions = await versionsOf(t, a.id);
    expect(versions.map((v) => [v.versionNumber, v.state])).toEqual([
      [1, 'archived'],
      [2, 'published'],
      [3, 'transient'],
    ]);
    expect(versions[2]).toMatchObject({ name: 'Live', summary: 'sum', content: '<p>c</p>', createdById: w.agent.user.id, lastModifiedById: w.agent.user.id });
    const after = await row(t, a.id);
    expect(after).toMatchObject({ lockedById: w.agent.user.id, state: 'published', versionNumber: 2 });
    expect(after.lastModifiedAt.getTime()).toBeGreaterThan(before.lastModifiedAt.getTime());
    expect(after.lastModifiedAt.getTime()).toBe(versions[2]!.lastModifiedAt.getTime());
    // Again by the same user: no change.
    noContent(await put(`${ARTICLE}/${a.id}/checkout`, { fmt: 'xml' }), 'xml');
    expect(await versionsOf(t, a.id)).toHaveLength(3);
  });

  it('answers 200 with the working copy as current version when $attribute is sent (JSON and XML)', async () => {
    const a = await article(t, w);
    const b = await article(t, w);
    const body = ok<{ article: ArticleView[] }>(await put(`${ARTICLE}/${b.id},${a.id}/checkout?$attribute=`));
    expect(body.article.map((x) => [x.id, x.versionNumber, x.articleState, x.lock?.lockedBy.id])).toEqual([
      [b.id, 2, 'transient', w.agent.ref.id],
      [a.id, 2, 'transient', w.agent.ref.id],
    ]);
    const c = await article(t, w);
    const root = xmlOf(await put(`${ARTICLE}/${c.id}/checkout?$attribute=versions`, { fmt: 'xml' }));
    expect(root.name).toBe(q('kb', 'articles'));
    expect(root.children[0]!.children.find((x) => x.name === q('kb', 'versionNumber'))!.text).toBe('2');
  });

  it('stamps the working copy one millisecond after a stamp that is not in the past (06 §4.3)', async () => {
    const a = await article(t, w, { at: future(1) });
    const before = (await row(t, a.id)).lastModifiedAt.getTime();
    noContent(await put(`${ARTICLE}/${a.id}/checkout`));
    expect((await row(t, a.id)).lastModifiedAt.getTime()).toBe(before + 1);
  });

  for (const fmt of FORMATS) {
    it(`refuses the whole call when another user holds a lock: 409-102 naming each; 404-101, 400-102, 400-160, 403-197 (${fmt})`, async () => {
      const free = await article(t, w);
      const mine = await article(t, w, { lockedBy: w.supervisor });
      const theirs = await article(t, w, { lockedBy: w.admin });
      const res = await put(`${ARTICLE}/${free.id},${mine.id},${theirs.id}/checkout`, { fmt });
      expectError(res, '409-102', { format: fmt, details: ids(mine.id, theirs.id) });
      expect(await versionsOf(t, free.id)).toHaveLength(1);
      expect((await row(t, free.id)).lockedById).toBeNull();
      expectError(await put(`${ARTICLE}/${free.id},999999999,999999998/checkout`, { fmt }), '404-101', { format: fmt, details: ids('999999999', '999999998') });
      expectError(await put(`${ARTICLE}/${free.alternateId}/checkout`, { fmt }), '400-102', { format: fmt, details: [{ key: 'ids', value: free.alternateId }] });
      const many = Array.from({ length: 76 }, (_, i) => String(i + 1)).join(',');
      expectError(await put(`${ARTICLE}/${many}/checkout`, { fmt }), '400-160', { format: fmt });
      expectError(await put(`${ARTICLE}/${free.id}/checkout?$sort=id`, { fmt }), '400-101', { format: fmt });
      const customer = await customerSession(t, w.admin);
      expectError(await put(`${ARTICLE}/${free.id}/checkout`, { fmt, who: customer }), '403-197', { format: fmt });
    });
  }
});

describe('K7 edit', () => {
  it('edits the caller\'s working copy; the mirrors of a published article stay until it is current (JSON)', async () => {
    const a = await article(t, w, { name: 'Live', lockedBy: w.agent, versions: [{ state: 'published', summary: 'old', keywords: 'k' }] });
    const stamp = (await latest(t, w.agent, a.id)).lastModified.date;
    noContent(
      await put(ARTICLE, {
        body: { article: [{ id: a.id, name: 'Article level', summary: 'outer', versions: { version: [{ id: '1', name: 'New name', keywords: null, lastModified: { date: stamp } }] } }] },
      }),
    );
    const current = await read(t, w.agent, a.id, 'summary');
    expect(current).toMatchObject({ name: 'Live', summary: 'old' });
    const top = await latest(t, w.agent, a.id, 'summary,keywords');
    expect(top).toMatchObject({ name: 'New name', summary: 'outer', versionNumber: 2 });
    expect(top.keywords).toBeUndefined();
    expect(new Date(top.lastModified.date).getTime()).toBeGreaterThan(new Date(stamp).getTime());
    expect(top.lastModified.user).toEqual(w.agent.ref);
  });

  it('changes the mirrors of an article whose only version is the working copy, and its type; $attribute answers 200', async () => {
    const x = await create(t, w.agent, newArticle(w, { name: 'Draft one' }));
    const faq = await t.db.prisma.kbArticleType.create({ data: { name: `FAQ ${x.id}`, departmentId: w.dept.id } });
    const body = ok<{ article: ArticleView[] }>(
      await put(`${ARTICLE}?$attribute=content`, { body: { id: x.id, content: { text: 'Plain' }, articleType: { name: faq.name }, lastModified: { date: x.lastModified.date } } }),
    );
    expect(body.article[0]).toMatchObject({ id: x.id, name: 'Draft one', content: '<p>Plain</p>', articleType: { id: String(faq.id), name: faq.name } });
  });

  it('reads the XML example body (stamp as attribute or child element)', async () => {
    const x = await create(t, w.agent, newArticle(w));
    const xml = (date: string, form: 'attr' | 'child') => `<articles xmlns="http://bindings.egain.com/ws/model/v12/gen/kb">
  <article id="${x.id}"><versions><version>
    <name>Changing your e-mail address</name>
    <summary>Update the e-mail address on your profile</summary>
    <content><![CDATA[<p>Open your profile, choose <b>Edit</b>, then <b>Save</b>.</p>]]></content>
    ${form === 'attr' ? `<lastModified date="${date}"/>` : `<lastModified><date>${date}</date></lastModified>`}
  </version></versions></article></articles>`;
    noContent(await put(ARTICLE, { xml: xml(x.lastModified.date, 'attr'), fmt: 'xml' }), 'xml');
    const after = await latest(t, w.agent, x.id, 'summary,content');
    expect(after).toMatchObject({ name: 'Changing your e-mail address', content: '<p>Open your profile, choose <b>Edit</b>, then <b>Save</b>.</p>' });
    noContent(await put(ARTICLE, { xml: xml(after.lastModified.date, 'child') }));
    expectError(await put(ARTICLE, { xml: xml(x.lastModified.date, 'child'), fmt: 'xml' }), '409-101', { format: 'xml', details: ids(x.id) });
  });

  for (const fmt of FORMATS) {
    it(`applies nothing when one item fails: 409-101 stale stamp, 409-102 not checked out by the caller, 404-101 (${fmt})`, async () => {
      const one = await create(t, w.agent, newArticle(w, { name: 'One' }));
      const two = await create(t, w.agent, newArticle(w, { name: 'Two' }));
      const theirs = await article(t, w, { lockedBy: w.admin });
      const free = await article(t, w);
      const edit = (items: unknown[]) => put(ARTICLE, { body: { article: items }, fmt });
      expectError(await edit([{ id: one.id, name: 'Changed' }, { id: two.id, name: 'Changed', lastModified: { date: '2001-01-01T00:00:00Z' } }]), '409-101', {
        format: fmt,
        details: ids(two.id),
      });
      expectError(await edit([{ id: one.id, name: 'Changed' }, { id: theirs.id, name: 'x' }, { id: free.id, name: 'y' }]), '409-102', {
        format: fmt,
        details: ids(theirs.id, free.id),
      });
      expectError(await edit([{ id: one.id, name: 'Changed' }, { id: '999999999' }, { id: '999999998' }]), '404-101', { format: fmt, details: ids('999999999', '999999998') });
      expect((await latest(t, w.agent, one.id)).name).toBe('One');
      // A version-level stamp wins over the article-level one.
      expectError(
        await edit([{ id: one.id, lastModified: { date: one.lastModified.date }, versions: { version: [{ lastModified: { date: '2001-01-01T00:00:00.000Z' } }] } }]),
        '409-101',
        { format: fmt, details: ids(one.id) },
      );
    });

    it(`refuses bad bodies: 400-150, 400-152, 400-153, 400-160, 403-197 (${fmt})`, async () => {
      const x = await create(t, w.agent, newArticle(w));
      const edit = (body: unknown, who?: { headers: Record<string, string> }) => put(ARTICLE, { body, fmt, ...(who ? { who } : {}) });
      expectError(await edit('text'), '400-150', { format: fmt });
      expectError(await edit({ article: [] }), '400-153', { format: fmt, details: [{ key: 'article', value: '' }] });
      expectError(await edit({ article: [{ name: 'x' }] }), '400-153', { format: fmt, details: [{ key: 'article[0].id', value: '' }] });
      expectError(await edit({ article: [{ id: `EG${x.id}` }] }), '400-152', { format: fmt, details: [{ key: 'article[0].id', value: `EG${x.id}` }] });
      expectError(await edit({ article: [{ id: x.id }, { id: x.id }] }), '400-152', { format: fmt, details: [{ key: 'article[1].id', value: x.id }] });
      expectError(await edit({ article: [{ id: x.id, name: '' }] }), '400-152', { format: fmt, details: [{ key: 'article[0].name', value: '' }] });
      expectError(await edit({ article: [{ id: x.id, versions: { version: [{ name: null }] } }] }), '400-152', { format: fmt, details: [{ key: 'article[0].versions.version[0].name', value: '' }] });
      expectError(await edit({ article: [{ id: x.id, articleType: {} }] }), '400-152', { format: fmt, details: [{ key: 'article[0].articleType', value: '' }] });
      expectError(await edit({ article: [{ id: x.id, articleType: { id: '999999999' } }] }), '400-152', { format: fmt, details: [{ key: 'article[0].articleType.id', value: '999999999' }] });
      expectError(await edit({ article: [{ id: x.id, lastModified: { date: 'yesterday' } }] }), '400-152', { format: fmt, details: [{ key: 'article[0].lastModified.date', value: 'yesterday' }] });
      expectError(await edit({ article: [{ id: x.id, expirationDate: 'never' }] }), '400-152', { format: fmt, details: [{ key: 'article[0].expirationDate', value: 'never' }] });
      const items = Array.from({ length: 76 }, (_, i) => ({ id: String(i + 1) }));
      expectError(await edit({ article: items }), '400-160', { format: fmt, details: [{ key: 'limit', value: '75' }] });
      const customer = await customerSession(t, w.admin);
      expectError(await edit({ article: [{ id: x.id, name: 'n' }] }, customer), '403-197', { format: fmt });
    });
  }

  it('checks the expiration against the stored availability (400-152) and clears optional fields with null', async () => {
    const x = await create(t, w.agent, newArticle(w, { availabilityDate: '2030-06-01T00:00:00.000Z', summary: 'to clear' }));
    expectError(await put(ARTICLE, { body: { id: x.id, expirationDate: '2030-05-01T00:00:00.000Z' } }), '400-152', {
      format: 'json',
      details: [{ key: 'article[0].expirationDate', value: '2030-05-01T00:00:00.000Z' }],
    });
    noContent(await put(ARTICLE, { body: { id: x.id, summary: null, availabilityDate: '' } }));
    const after = await latest(t, w.agent, x.id, 'summary,availabilityDate');
    expect(after.summary).toBeUndefined();
    expect(after.availabilityDate).toBeUndefined();
  });
});

describe('K8 check in', () => {
  it('turns the working copy into an authoring draft with the edits and releases the lock (JSON)', async () => {
    const a = await article(t, w, { lockedBy: w.agent });
    noContent(await put(`${ARTICLE}/checkin`, { body: { article: [{ id: a.id, summary: 'checked in' }] } }));
    const versions = await versionsOf(t, a.id);
    expect(versions.map((v) => [v.state, v.reviewStage, v.summary])).toEqual([
      ['published', null, null],
      ['draft', 'authoring', 'checked in'],
    ]);
    expect((await row(t, a.id)).lockedById).toBeNull();
    const x = await read(t, w.agent, a.id, '');
    expect(x.lock).toBeUndefined();
    expect(x.articleState).toBe('published');
  });

  it('checks in from XML with the stamp and answers 200 with $attribute (XML)', async () => {
    const x = await create(t, w.agent, newArticle(w, { name: 'Only version' }));
    const res = await put(`${ARTICLE}/checkin?$attribute=reviewStage`, {
      xml: `<articles><article id="${x.id}"><versions><version><lastModified date="${x.lastModified.date}"/></version></versions></article></articles>`,
      fmt: 'xml',
    });
    const el = xmlOf(res).children[0]!;
    expect(el.children.find((c) => c.name === q('kb', 'articleState'))!.text).toBe('draft');
    expect(el.children.find((c) => c.name === q('kb', 'reviewStage'))!.children.map((c) => c.text)).toEqual(['authoring', 'Authoring']);
    expect(el.children.find((c) => c.name === q('kb', 'lock'))).toBeUndefined();
  });

  for (const fmt of FORMATS) {
    it(`refuses 409-102 (not checked out by the caller), 409-101, 404-101 (${fmt})`, async () => {
      const theirs = await article(t, w, { lockedBy: w.supervisor });
      const mine = await article(t, w, { lockedBy: w.agent });
      const checkin = (items: unknown[]) => put(`${ARTICLE}/checkin`, { body: { article: items }, fmt });
      expectError(await checkin([{ id: mine.id }, { id: theirs.id }]), '409-102', { format: fmt, details: ids(theirs.id) });
      expectError(await checkin([{ id: mine.id, lastModified: { date: '2001-01-01T00:00:00.000Z' } }]), '409-101', { format: fmt, details: ids(mine.id) });
      expectError(await checkin([{ id: '999999999' }]), '404-101', { format: fmt, details: ids('999999999') });
      expect((await row(t, mine.id)).lockedById).toBe(w.agent.user.id);
    });
  }
});
