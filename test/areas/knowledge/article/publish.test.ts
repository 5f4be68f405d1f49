// K9 publish, K10 change stage, K11 reset lock and K17 rollback (06 §4.1–§4.3, §5): state transitions, permissions,
// stamps and every documented error, in JSON and XML.
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

type Who = Staff | { headers: Record<string, string> };
const put = (path: string, body: unknown, who: Who = w.supervisor, fmt: 'json' | 'xml' = 'json') => call(t.app, who, 'PUT', `${ARTICLE}${path}`, { body, fmt });
const states = async (id: string) => (await versionsOf(t, id)).map((v) => [v.versionNumber, v.state, v.reviewStage]);

describe('K9 publish', () => {
  it('publishes the highest draft and archives the published version before it (JSON)', async () => {
    const a = await article(t, w, { versions: [{ state: 'published', name: 'Old' }, { state: 'draft', name: 'New' }] });
    const stamp = (await latest(t, w.supervisor, a.id)).lastModified.date;
    noContent(await put('/publish', { article: [{ id: a.id, name: 'ignored', versions: { version: [{ lastModified: { date: stamp } }] } }] }));
    expect(await states(a.id)).toEqual([
      [1, 'archived', null],
      [2, 'published', null],
    ]);
    const x = await read(t, w.agent, a.id, '');
    expect(x).toMatchObject({ name: 'New', articleState: 'published', versionNumber: 2, lastModified: { user: w.supervisor.ref } });
    expect(new Date(x.lastModified.date).getTime()).toBeGreaterThan(new Date(stamp).getTime());
  });

  it('publishes the caller\'s working copy, releases the lock, and answers 200 with $attribute (XML)', async () => {
    const a = await article(t, w, { versions: [{ state: 'published' }, { state: 'draft' }], lockedBy: w.supervisor });
    const res = await call(t.app, w.supervisor, 'PUT', `${ARTICLE}/publish?$attribute=versions`, { xml: `<articles><article id="${a.id}"/></articles>`, fmt: 'xml' });
    const el = xmlOf(res).children[0]!;
    expect(el.children.find((c) => c.name === q('kb', 'versionNumber'))!.text).toBe('3');
    expect(el.children.find((c) => c.name === q('kb', 'lock'))).toBeUndefined();
    expect(await states(a.id)).toEqual([
      [1, 'archived', null],
      [2, 'archived', null],
      [3, 'published', null],
    ]);
    expect((await row(t, a.id)).lockedById).toBeNull();
  });

  for (const fmt of FORMATS) {
    it(`refuses 403-197 to agents, 409-102 (another user's lock; nothing to publish), 409-101, 404-101 (${fmt})`, async () => {
      const draft = await article(t, w, { versions: [{ state: 'draft' }] });
      const theirs = await article(t, w, { versions: [{ state: 'draft' }], lockedBy: w.agent });
      const published = await article(t, w);
      expectError(await put('/publish', { article: [{ id: draft.id }] }, w.agent, fmt), '403-197', { format: fmt });
      expectError(await put('/publish', { article: [{ id: draft.id }, { id: theirs.id }] }, w.supervisor, fmt), '409-102', { format: fmt, details: ids(theirs.id) });
      expectError(await put('/publish', { article: [{ id: draft.id }, { id: published.id }] }, w.supervisor, fmt), '409-102', { format: fmt, details: ids(published.id) });
      expectError(await put('/publish', { article: [{ id: draft.id, lastModified: { date: '2001-01-01T00:00:00.000Z' } }] }, w.supervisor, fmt), '409-101', {
        format: fmt,
        details: ids(draft.id),
      });
      expectError(await put('/publish', { article: [{ id: '999999999' }] }, w.supervisor, fmt), '404-101', { format: fmt, details: ids('999999999') });
      expectError(await put('/publish', { article: [{}] }, w.supervisor, fmt), '400-153', { format: fmt, details: [{ key: 'article[0].id', value: '' }] });
      expectError(await put('/publish', '[', w.supervisor, fmt), '400-150', { format: fmt });
      expectError(await put('/publish', { article: Array.from({ length: 76 }, (_, i) => ({ id: String(i + 1) })) }, w.supervisor, fmt), '400-160', { format: fmt });
      expect(await states(draft.id)).toEqual([[1, 'draft', 'authoring']]);
    });
  }
});

describe('K10 change stage', () => {
  it('sets the stage of the draft: review by an agent, approved by a supervisor (JSON)', async () => {
    const a = await article(t, w, { versions: [{ state: 'published' }, { state: 'draft' }] });
    noContent(await put('/changestage', { article: [{ id: a.id, reviewStage: { value: 'REVIEW' } }] }, w.agent));
    expect(await states(a.id)).toEqual([
      [1, 'published', null],
      [2, 'draft', 'review'],
    ]);
    const stamp = (await latest(t, w.agent, a.id)).lastModified.date;
    const body = ok<{ article: ArticleView[] }>(
      await put('/changestage?$attribute=versions', { article: [{ id: a.id, reviewStage: { value: 'approved' }, lastModified: { date: stamp } }] }),
    );
    expect(body.article[0]!.versions!.version[1]!.reviewStage).toEqual({ value: 'approved', displayValue: 'Approved' });
  });

  it('stamps the working copy too when the draft lies under it, so the article\'s stamp moves (XML body)', async () => {
    const a = await article(t, w, { versions: [{ state: 'draft' }], lockedBy: w.agent });
    const before = (await row(t, a.id)).lastModifiedAt.getTime();
    noContent(
      await call(t.app, w.agent, 'PUT', `${ARTICLE}/changestage`, {
        xml: `<articles><article id="${a.id}"><reviewStage><value>review</value></reviewStage></article></articles>`,
        fmt: 'xml',
      }),
      'xml',
    );
    const versions = await versionsOf(t, a.id);
    expect(versions.map((v) => [v.state, v.reviewStage])).toEqual([
      ['draft', 'review'],
      ['transient', null],
    ]);
    const after = (await row(t, a.id)).lastModifiedAt.getTime();
    expect(after).toBeGreaterThan(before);
    expect(versions[1]!.lastModifiedAt.getTime()).toBe(after);
  });

  for (const fmt of FORMATS) {
    it(`refuses 400-152, 400-153, 403-197 (approved by an agent), 409-102 (no draft), 409-101, 404-101 (${fmt})`, async () => {
      const draft = await article(t, w, { versions: [{ state: 'draft' }] });
      const published = await article(t, w);
      const stage = (items: unknown[], who: Who = w.agent) => put('/changestage', { article: items }, who, fmt);
      expectError(await stage([{ id: draft.id, reviewStage: { value: 'done' } }]), '400-152', { format: fmt, details: [{ key: 'article[0].reviewStage.value', value: 'done' }] });
      expectError(await stage([{ id: draft.id }]), '400-153', { format: fmt, details: [{ key: 'article[0].reviewStage', value: '' }] });
      expectError(await stage([{ id: draft.id, reviewStage: { value: 'approved' } }]), '403-197', { format: fmt });
      expectError(await stage([{ id: draft.id, reviewStage: { value: 'review' } }, { id: published.id, reviewStage: { value: 'review' } }]), '409-102', {
        format: fmt,
        details: ids(published.id),
      });
      expectError(await stage([{ id: draft.id, reviewStage: { value: 'review' }, lastModified: { date: '2001-01-01T00:00:00.000Z' } }]), '409-101', {
        format: fmt,
        details: ids(draft.id),
      });
      expectError(await stage([{ id: '999999999', reviewStage: { value: 'review' } }]), '404-101', { format: fmt, details: ids('999999999') });
      expect(await states(draft.id)).toEqual([[1, 'draft', 'authoring']]);
    });
  }
});

describe('K11 reset lock', () => {
  it('discards the caller\'s working copy and releases the lock; the stamp still increases (JSON)', async () => {
    const a = await article(t, w, { lockedBy: w.agent });
    const before = (await row(t, a.id)).lastModifiedAt.getTime();
    noContent(await put('/resetlock', { article: [{ id: a.id }] }, w.agent));
    expect(await states(a.id)).toEqual([[1, 'published', null]]);
    const after = await row(t, a.id);
    expect(after.lockedById).toBeNull();
    expect(after.lastModifiedAt.getTime()).toBeGreaterThan(before);
  });

  it('keeps an only version as an authoring draft; a supervisor releases another user\'s lock (XML answer)', async () => {
    const x = await create(t, w.agent, newArticle(w));
    const res = await call(t.app, w.supervisor, 'PUT', `${ARTICLE}/resetlock?$attribute=reviewStage`, { body: { article: [{ id: x.id }] }, fmt: 'xml' });
    const el = xmlOf(res).children[0]!;
    expect(el.children.find((c) => c.name === q('kb', 'articleState'))!.text).toBe('draft');
    expect(await states(x.id)).toEqual([[1, 'draft', 'authoring']]);
  });

  for (const fmt of FORMATS) {
    it(`refuses 403-197 (an agent on another user's lock), 409-102 (not checked out), 404-101 (${fmt})`, async () => {
      const theirs = await article(t, w, { lockedBy: w.admin });
      const free = await article(t, w);
      const mine = await article(t, w, { lockedBy: w.agent });
      expectError(await put('/resetlock', { article: [{ id: mine.id }, { id: theirs.id }] }, w.agent, fmt), '403-197', { format: fmt });
      expectError(await put('/resetlock', { article: [{ id: mine.id }, { id: free.id }] }, w.agent, fmt), '409-102', { format: fmt, details: ids(free.id) });
      expectError(await put('/resetlock', { article: [{ id: '999999999' }] }, w.agent, fmt), '404-101', { format: fmt, details: ids('999999999') });
      expect((await row(t, mine.id)).lockedById).toBe(w.agent.user.id);
      const customer = await customerSession(t, w.admin);
      expectError(await put('/resetlock', { article: [{ id: mine.id }] }, customer, fmt), '403-197', { format: fmt });
    });
  }
});

describe('K17 rollback', () => {
  it('adds a draft copying an archived version, numbered after the highest (204)', async () => {
    const a = await article(t, w, { versions: [{ state: 'archived', name: 'First', summary: 'one' }, { state: 'published', name: 'Second' }] });
    noContent(await call(t.app, w.agent, 'POST', `${ARTICLE}/${a.id}/version/${a.versionIds[0]}/rollback`));
    const versions = await versionsOf(t, a.id);
    expect(versions.map((v) => [v.versionNumber, v.state, v.reviewStage, v.name, v.summary])).toEqual([
      [1, 'archived', null, 'First', 'one'],
      [2, 'published', null, 'Second', null],
      [3, 'draft', 'authoring', 'First', 'one'],
    ]);
  });

  it('discards the caller\'s working copy and releases the lock first, never reusing its number; 200 with $attribute (XML)', async () => {
    const a = await article(t, w, { versions: [{ state: 'archived' }, { state: 'published' }], lockedBy: w.agent });
    const res = await call(t.app, w.agent, 'POST', `${ARTICLE}/${a.id}/version/${a.versionIds[0]}/rollback?$attribute=`, { fmt: 'xml' });
    const el = xmlOf(res).children[0]!;
    expect(el.children.find((c) => c.name === q('kb', 'lock'))).toBeUndefined();
    expect((await versionsOf(t, a.id)).map((v) => [v.versionNumber, v.state])).toEqual([
      [1, 'archived'],
      [2, 'published'],
      [4, 'draft'],
    ]);
    expect((await row(t, a.id)).lockedById).toBeNull();
  });

  for (const fmt of FORMATS) {
    it(`refuses 409-102 (another user's lock; the working copy), 404-101, 400-102, 403-197 (${fmt})`, async () => {
      const theirs = await article(t, w, { versions: [{ state: 'archived' }, { state: 'published' }], lockedBy: w.admin });
      const mine = await article(t, w, { versions: [{ state: 'published' }], lockedBy: w.agent });
      const other = await article(t, w);
      const rollback = (id: string, v: string, who: Who = w.agent) => call(t.app, who, 'POST', `${ARTICLE}/${id}/version/${v}/rollback`, { fmt });
      expectError(await rollback(theirs.id, theirs.versionIds[0]!), '409-102', { format: fmt, details: ids(theirs.id) });
      const working = (await versionsOf(t, mine.id))[1]!;
      expectError(await rollback(mine.id, String(working.id)), '409-102', { format: fmt, details: ids(String(working.id)) });
      expectError(await rollback(mine.id, other.versionIds[0]!), '404-101', { format: fmt, details: ids(other.versionIds[0]!) });
      expectError(await rollback('999999999', '1'), '404-101', { format: fmt, details: ids('999999999') });
      expectError(await rollback(mine.alternateId, '1'), '400-102', { format: fmt, details: [{ key: 'id', value: mine.alternateId }] });
      expectError(await rollback(mine.id, 'v1'), '400-102', { format: fmt, details: [{ key: 'versionId', value: 'v1' }] });
      const customer = await customerSession(t, w.admin);
      expectError(await rollback(mine.id, mine.versionIds[0]!, customer), '403-197', { format: fmt });
      expect(await versionsOf(t, mine.id)).toHaveLength(2);
    });
  }
});
