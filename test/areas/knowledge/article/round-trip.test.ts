// The complete authoring round trip of 06 §4 through the API, as an author and a publisher would drive it:
// create → check-in with edits → publish → check-out → edit → check-in → publish (a new version) → rollback →
// publish → delete; once with JSON bodies and once with XML bodies. Each step reads the article back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { ARTICLE, call, FORMATS, ok, read, versionsOf, world, xmlOf, type ArticleView, type Fmt, type World } from './support.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

const KB_NS = 'http://bindings.egain.com/ws/model/v12/gen/kb';

/** One article item of a K7/K8/K9 batch, with optional version-level fields and the stamp, in either format. */
function batch(fmt: Fmt, id: string, fields: Record<string, string>, stamp?: string) {
  if (fmt === 'json') {
    const version = { ...fields, ...(stamp ? { lastModified: { date: stamp } } : {}) };
    return { body: { article: [{ id, versions: { version: [version] } }] } };
  }
  const children = Object.entries(fields).map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`).join('');
  const stampXml = stamp ? `<lastModified date="${stamp}"/>` : '';
  return { xml: `<articles xmlns="${KB_NS}"><article id="${id}"><versions><version>${children}${stampXml}</version></versions></article></articles>` };
}

async function step(fmt: Fmt, who: World['agent'], method: 'PUT' | 'POST' | 'DELETE', path: string, payload: { body?: unknown; xml?: string } = {}) {
  const res = await call(t.app, who, method, path, { fmt, ...payload });
  expect(res.statusCode, `${method} ${path}: ${res.body}`).toBe(204);
}

describe('authoring round trip (06 §4)', () => {
  it.each(FORMATS)('create → check-in → publish → check-out → edit → check-in → publish → rollback → publish → delete (%s)', async (fmt) => {
    // K4: version 1, the author's working copy.
    const created = ok<{ article: ArticleView[] }>(
      await call(t.app, w.agent, 'POST', ARTICLE, {
        body: { folder: { id: String(w.folder.id) }, language: { code: 'en-US' }, versions: { version: [{ name: 'Reset your password', content: '<p>Open Settings.</p>' }] } },
      }),
      201,
    ).article[0]!;
    const id = created.id;
    expect(created).toMatchObject({ articleState: 'transient', versionNumber: 1, lock: { lockedBy: { id: String(w.agent.user.id) } } });

    // K8 check-in with edits and the current stamp: a draft in authoring, unlocked.
    await step(fmt, w.agent, 'PUT', `${ARTICLE}/checkin`, batch(fmt, id, { summary: 'How to reset a password' }, created.lastModified.date));
    let a = await read(t, w.agent, id);
    expect(a).toMatchObject({ articleState: 'draft', versionNumber: 1, summary: 'How to reset a password', reviewStage: { value: 'authoring' } });
    expect(a.lock).toBeUndefined();

    // K9 publish (a publisher).
    await step(fmt, w.supervisor, 'PUT', `${ARTICLE}/publish`, batch(fmt, id, {}, a.lastModified.date));
    a = await read(t, w.agent, id);
    expect(a).toMatchObject({ articleState: 'published', versionNumber: 1 });

    // K6 check-out: version 2 is the working copy; the article still shows the published version 1.
    await step(fmt, w.agent, 'PUT', `${ARTICLE}/${id}/checkout`);
    a = await read(t, w.agent, id);
    expect(a).toMatchObject({ articleState: 'published', versionNumber: 1, name: 'Reset your password', lock: { lockedBy: { id: String(w.agent.user.id) } } });

    // K7 edit the working copy, then K8 check in: the published version stays current.
    await step(fmt, w.agent, 'PUT', ARTICLE, batch(fmt, id, { name: 'Resetting your password', content: '<p>Open <b>Settings</b>, then Reset.</p>' }, a.lastModified.date));
    a = await read(t, w.agent, id);
    await step(fmt, w.agent, 'PUT', `${ARTICLE}/checkin`, batch(fmt, id, {}, a.lastModified.date));
    a = await read(t, w.agent, id);
    expect(a).toMatchObject({ articleState: 'published', versionNumber: 1, name: 'Reset your password' });

    // K9 publish the new version: 2 published, 1 archived, the mirrors follow.
    await step(fmt, w.supervisor, 'PUT', `${ARTICLE}/publish`, batch(fmt, id, {}, a.lastModified.date));
    a = await read(t, w.agent, id);
    expect(a).toMatchObject({ articleState: 'published', versionNumber: 2, name: 'Resetting your password', content: '<p>Open <b>Settings</b>, then Reset.</p>' });
    expect(a.versions!.version.map((v) => [v.versionNumber, v.articleState])).toEqual([
      [1, 'archived'],
      [2, 'published'],
    ]);

    // K17 rollback to version 1: a new draft 3 copying it; the published version 2 stays current.
    const v1 = a.versions!.version[0]!.id;
    await step(fmt, w.agent, 'POST', `${ARTICLE}/${id}/version/${v1}/rollback`);
    a = await read(t, w.agent, id);
    expect(a).toMatchObject({ articleState: 'published', versionNumber: 2 });
    expect(a.versions!.version.map((v) => [v.versionNumber, v.articleState, v.name])).toEqual([
      [1, 'archived', 'Reset your password'],
      [2, 'published', 'Resetting your password'],
      [3, 'draft', 'Reset your password'],
    ]);

    // K9 publish the rolled-back draft: version 3 is live again with version 1's text.
    await step(fmt, w.supervisor, 'PUT', `${ARTICLE}/publish`, batch(fmt, id, {}, a.lastModified.date));
    a = await read(t, w.agent, id);
    expect(a).toMatchObject({ articleState: 'published', versionNumber: 3, name: 'Reset your password', content: '<p>Open Settings.</p>' });

    // The XML reading of the same state.
    const xml = xmlOf(await call(t.app, w.agent, 'GET', `${ARTICLE}/${id}`, { fmt: 'xml' }));
    const el = xml.children[0]!;
    expect(el.attrs.id).toBe(id);
    expect(el.children.find((c) => c.name === `{${KB_NS}}articleState`)?.text).toBe('published');

    // K13 delete (a publisher): the article and its versions are gone.
    await step(fmt, w.supervisor, 'DELETE', `${ARTICLE}/${id}`);
    expect((await call(t.app, w.agent, 'GET', `${ARTICLE}/${id}`)).statusCode).toBe(404);
    expect(await versionsOf(t, id)).toEqual([]);
  });
});
