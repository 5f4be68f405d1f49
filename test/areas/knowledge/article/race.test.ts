// Concurrent lifecycle calls on one article (06 §4, 01 §13): the row lock serialises them, so exactly one of two
// competing check-outs or stamped edits wins and the other is refused with nothing applied; overlapping batches in
// opposite orders do not deadlock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { ARTICLE, article, call, create, newArticle, versionsOf, world, type World } from './support.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

describe('concurrent lifecycle calls', () => {
  it('lets one of two concurrent check-outs by different users win; the other is 409-102', async () => {
    const a = await article(t, w);
    const [one, two] = await Promise.all([
      call(t.app, w.agent, 'PUT', `${ARTICLE}/${a.id}/checkout`),
      call(t.app, w.supervisor, 'PUT', `${ARTICLE}/${a.id}/checkout`),
    ]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([204, 409]);
    expect((await versionsOf(t, a.id)).map((v) => v.state)).toEqual(['published', 'transient']);
  });

  it('applies one of two edits carrying the same stamp; the other is 409-101', async () => {
    const x = await create(t, w.agent, newArticle(w));
    const edit = (name: string) => call(t.app, w.agent, 'PUT', ARTICLE, { body: { id: x.id, name, lastModified: { date: x.lastModified.date } } });
    const [one, two] = await Promise.all([edit('First'), edit('Second')]);
    expect([one.statusCode, two.statusCode].sort()).toEqual([204, 409]);
    const stored = await versionsOf(t, x.id);
    expect(['First', 'Second']).toContain(stored[0]!.name);
  });

  it('runs overlapping publish batches in opposite orders without deadlock', async () => {
    const drafts = await Promise.all([0, 1, 2, 3].map(() => article(t, w, { versions: [{ state: 'draft' }] })));
    const list = drafts.map((d) => ({ id: d.id }));
    const [one, two] = await Promise.all([
      call(t.app, w.supervisor, 'PUT', `${ARTICLE}/publish`, { body: { article: list } }),
      call(t.app, w.admin, 'PUT', `${ARTICLE}/publish`, { body: { article: [...list].reverse() } }),
    ]);
    // The second to run finds nothing left to publish (409-102) or, run first, publishes all.
    expect([one.statusCode, two.statusCode].sort()).toEqual([204, 409]);
    for (const d of drafts) expect((await versionsOf(t, d.id)).map((v) => v.state)).toEqual(['published']);
  });
});
