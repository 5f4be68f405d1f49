// Folders by ids and folder lists (06 §8 K30, K31) through the HTTP stack, in JSON and XML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import {
  FOLDER,
  FORMATS,
  articleIn,
  call,
  customerSession,
  el,
  expectError,
  expectLegacy401,
  folderIn,
  instantPattern,
  kids,
  listIds,
  ok,
  order,
  q,
  world,
  xmlOf,
  type FolderView,
  type Page,
  type World,
} from './support.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

type Folders = { folder: FolderView[] };

/** A tree of its own under w.root: top → (b, A, c), A → (x). Names chosen to check case-insensitive order. */
async function tree() {
  const top = await folderIn(t, w, w.root.id, `Top ${Math.random().toString(16).slice(2, 8)}`);
  const b = await folderIn(t, w, top.id, 'b');
  const a = await folderIn(t, w, top.id, 'A');
  const c = await folderIn(t, w, top.id, 'c');
  const x = await folderIn(t, w, a.id, 'x');
  await articleIn(t, w, a.id);
  await articleIn(t, w, a.id);
  return { top, a, b, c, x };
}

describe('K30 GET /kb/folder/{ids}', () => {
  it('answers the folders in path order with every field of the default set (JSON)', async () => {
    const { top, a } = await tree();
    const body = ok<Folders>(await call(t.app, w.agent, 'GET', `${FOLDER}/${a.id},${top.id},${a.id}`));
    expect(body.folder.map((f) => f.id)).toEqual([String(a.id), String(top.id)]);
    const [fa, ftop] = body.folder;
    expect(fa).toEqual({
      id: String(a.id),
      link: { rel: 'self', href: `${FOLDER}/${a.id}` },
      name: 'A',
      parent: { id: String(top.id), name: top.name },
      department: { id: String(w.dept.id), name: w.dept.name },
      childCount: 1,
      articleCount: 2,
      created: { date: expect.stringMatching(instantPattern) },
      lastModified: { date: expect.stringMatching(instantPattern) },
    });
    expect(ftop!.childCount).toBe(3);
    expect(ftop!.folder).toBeUndefined();
    expect(Object.keys(body)).toEqual(['folder']);
  });

  it('answers a root folder without parent, in the kb namespace with the department name in platform (XML)', async () => {
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${FOLDER}/${w.root.id}`, { fmt: 'xml' }));
    expect(root.name).toBe(q('kb', 'folders'));
    const [folder] = kids(root, q('kb', 'folder'));
    expect(folder!.attrs).toEqual({ id: String(w.root.id) });
    expect(order(folder!)).toEqual(['link', 'name', 'department', 'childCount', 'articleCount', 'created', 'lastModified'].map((n) => q('kb', n)));
    expect(kids(folder!, q('kb', 'link'))[0]).toEqual(el(q('kb', 'link'), { rel: 'self', href: `${FOLDER}/${w.root.id}` }));
    expect(kids(folder!, q('kb', 'department'))[0]).toEqual(el(q('kb', 'department'), { id: String(w.dept.id) }, [el(q('plt', 'name'), {}, w.dept.name)]));
  });

  it('nests $level levels of children, by name case-insensitively then id; -1 is the whole subtree (JSON)', async () => {
    const { top, a, b, c, x } = await tree();
    const level1 = ok<Folders>(await call(t.app, w.agent, 'GET', `${FOLDER}/${top.id}?$level=1`)).folder[0]!;
    expect(level1.folder!.map((f) => f.name)).toEqual(['A', 'b', 'c']);
    expect(level1.folder!.map((f) => f.id)).toEqual([a.id, b.id, c.id].map(String));
    expect(level1.folder![0]!.folder).toBeUndefined();
    expect(level1.folder![0]!.parent).toEqual({ id: String(top.id), name: top.name });
    for (const level of ['-1', '2', '7']) {
      const all = ok<Folders>(await call(t.app, w.agent, 'GET', `${FOLDER}/${top.id}?$level=${level}`)).folder[0]!;
      expect(all.folder![0]!.folder!.map((f) => f.id)).toEqual([String(x.id)]);
      expect(all.folder![0]!.folder![0]!.folder).toBeUndefined();
    }
    const zero = ok<Folders>(await call(t.app, w.agent, 'GET', `${FOLDER}/${top.id}?$level=0`)).folder[0]!;
    expect(zero.folder).toBeUndefined();
  });

  it('nests children as repeated folder elements after lastModified (XML)', async () => {
    const { top, a } = await tree();
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${FOLDER}/${top.id}?$level=-1`, { fmt: 'xml' }));
    const folder = kids(root, q('kb', 'folder'))[0]!;
    expect(order(folder).slice(-4)).toEqual([q('kb', 'lastModified'), q('kb', 'folder'), q('kb', 'folder'), q('kb', 'folder')]);
    const first = kids(folder, q('kb', 'folder'))[0]!;
    expect(first.attrs.id).toBe(String(a.id));
    expect(kids(first, q('kb', 'parent'))[0]).toEqual(el(q('kb', 'parent'), { id: String(top.id) }, [el(q('kb', 'name'), {}, top.name)]));
    expect(kids(first, q('kb', 'folder')).map((f) => kids(f, q('kb', 'name'))[0]!.text)).toEqual(['x']);
  });

  it('accepts $attribute all or blank and a known $lang; refuses other values (400-102) and paging (400-101)', async () => {
    for (const query of ['$attribute=all', '$attribute=', '$lang=en_US', '$attributes=ALL']) {
      expect(ok<Folders>(await call(t.app, w.agent, 'GET', `${FOLDER}/${w.root.id}?${query}`)).folder).toHaveLength(1);
    }
    for (const fmt of FORMATS) {
      expectError(await call(t.app, w.agent, 'GET', `${FOLDER}/${w.root.id}?$attribute=name`, { fmt }), '400-102', { format: fmt, details: [{ key: '$attribute', value: 'name' }] });
      expectError(await call(t.app, w.agent, 'GET', `${FOLDER}/${w.root.id}?$lang=xx-yy`, { fmt }), '400-102', { format: fmt, details: [{ key: '$lang', value: 'xx-yy' }] });
      for (const level of ['-2', 'abc', '1.5']) {
        expectError(await call(t.app, w.agent, 'GET', `${FOLDER}/${w.root.id}?$level=${level}`, { fmt }), '400-102', { format: fmt, details: [{ key: '$level', value: level }] });
      }
      expectError(await call(t.app, w.agent, 'GET', `${FOLDER}/${w.root.id}?$pagesize=5`, { fmt }), '400-101', { format: fmt });
      expectError(await call(t.app, w.agent, 'GET', `${FOLDER}/${w.root.id}?foo=1`, { fmt }), '400-101', { format: fmt, details: [{ key: 'foo', value: '1' }] });
    }
  });

  it.each(FORMATS)('answers 404-101 naming every missing id, 400-102 for a bad id, 400-160 past 75 ids (%s)', async (fmt) => {
    expectError(await call(t.app, w.agent, 'GET', `${FOLDER}/${w.root.id},999999999991,999999999992`, { fmt }), '404-101', {
      format: fmt,
      details: [
        { key: 'id', value: '999999999991' },
        { key: 'id', value: '999999999992' },
      ],
    });
    expectError(await call(t.app, w.agent, 'GET', `${FOLDER}/abc`, { fmt }), '400-102', { format: fmt });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join(',');
    expectError(await call(t.app, w.agent, 'GET', `${FOLDER}/${many}`, { fmt }), '400-160', { format: fmt });
  });
});

describe('K31 GET /kb/folder?department=|parent=', () => {
  it('lists the root folders of a department with paging, by name by default (JSON)', async () => {
    const page = ok<Page<'folder', FolderView>>(await call(t.app, w.supervisor, 'GET', `${FOLDER}?department=${w.dept.id}`));
    expect(page.folder.map((f) => f.id)).toEqual([String(w.root.id)]);
    expect(page.link).toEqual({ rel: 'self', href: `${FOLDER}?department=${w.dept.id}` });
    expect(page.paginationInfo).toEqual({ count: 1, pagenum: 1, pagesize: 25 });
  });

  it('lists children, pages them, sorts by name or id, and nests with $level (JSON)', async () => {
    const { top, a, b, c, x } = await tree();
    expect(await listIds(t, w.agent, `${FOLDER}?parent=${top.id}`, 'folder')).toEqual([a.id, b.id, c.id].map(String));
    expect(await listIds(t, w.agent, `${FOLDER}?parent=${top.id}&$sort=name&$order=desc`, 'folder')).toEqual([c.id, b.id, a.id].map(String));
    expect(await listIds(t, w.agent, `${FOLDER}?parent=${top.id}&$sort=id`, 'folder')).toEqual([b.id, a.id, c.id].map(String));
    const page = ok<Page<'folder', FolderView>>(await call(t.app, w.agent, 'GET', `${FOLDER}?parent=${top.id}&$pagesize=2&$pagenum=2&$level=-1`));
    expect(page.folder.map((f) => f.id)).toEqual([String(c.id)]);
    expect(page.paginationInfo).toMatchObject({ count: 3, pagenum: 2, pagesize: 2 });
    expect(page.paginationInfo.link!.map((l) => l.rel)).toEqual(['prev']);
    const nested = ok<Page<'folder', FolderView>>(await call(t.app, w.agent, 'GET', `${FOLDER}?parent=${top.id}&$level=1&$pagesize=1`));
    expect(nested.folder[0]!.folder!.map((f) => f.id)).toEqual([String(x.id)]);
    expect(nested.paginationInfo.link!.map((l) => l.rel)).toEqual(['next']);
    const next = nested.paginationInfo.link![0]!.href;
    expect(await listIds(t, w.agent, next, 'folder')).toEqual([String(b.id)]);
    const counted = ok<{ paginationInfo: { count: number } }>(await call(t.app, w.agent, 'GET', `${FOLDER}?parent=${top.id}&$count=yes`));
    expect(counted.paginationInfo.count).toBe(3);
  });

  it('answers 204 for a folder without children', async () => {
    const { x } = await tree();
    for (const fmt of FORMATS) {
      const res = await call(t.app, w.agent, 'GET', `${FOLDER}?parent=${x.id}`, { fmt });
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
    }
  });

  it('answers the list in XML: self link, folders, paginationInfo in common', async () => {
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${FOLDER}?department=${w.dept.id}&$level=1`, { fmt: 'xml' }));
    expect(root.name).toBe(q('kb', 'folders'));
    expect(order(root)).toEqual([q('kb', 'link'), q('kb', 'folder'), q('cmn', 'paginationInfo')]);
    expect(root.children[0]!.attrs).toEqual({ rel: 'self', href: `${FOLDER}?department=${w.dept.id}&$level=1` });
    const info = kids(root, q('cmn', 'paginationInfo'))[0]!;
    expect(info.children.map((c) => [c.name, c.text])).toEqual([
      [q('cmn', 'count'), '1'],
      [q('cmn', 'pagenum'), '1'],
      [q('cmn', 'pagesize'), '25'],
    ]);
  });

  it.each(FORMATS)('needs exactly one criterion (400-103, 400-104) that exists (404-101) (%s)', async (fmt) => {
    expectError(await call(t.app, w.agent, 'GET', FOLDER, { fmt }), '400-103', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${FOLDER}?$level=1`, { fmt }), '400-103', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${FOLDER}?department=${w.dept.id}&parent=${w.root.id}`, { fmt }), '400-104', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${FOLDER}?department=999999999993`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999993' }] });
    expectError(await call(t.app, w.agent, 'GET', `${FOLDER}?parent=999999999994`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999994' }] });
    expectError(await call(t.app, w.agent, 'GET', `${FOLDER}?parent=abc`, { fmt }), '400-102', { format: fmt, details: [{ key: 'parent', value: 'abc' }] });
    expectError(await call(t.app, w.agent, 'GET', `${FOLDER}?parent=${w.root.id}&$sort=createdDate`, { fmt }), '400-102', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${FOLDER}?parent=${w.root.id}&name=x`, { fmt }), '400-101', { format: fmt });
  });
});

describe('callers of the folder reads (06 §1.1, §1.3)', () => {
  it.each(FORMATS)('answers the legacy 401 without a session and 403-197 to a customer session (%s)', async (fmt) => {
    expectLegacy401(await call(t.app, null, 'GET', `${FOLDER}/${w.root.id}`, { fmt }), fmt);
    expectLegacy401(await call(t.app, null, 'GET', `${FOLDER}?department=${w.dept.id}`, { fmt }), fmt);
    const customer = await customerSession(t, w.admin);
    expectError(await call(t.app, customer, 'GET', `${FOLDER}/${w.root.id}`, { fmt }), '403-197', { format: fmt });
    expectError(await call(t.app, customer, 'GET', `${FOLDER}?department=${w.dept.id}`, { fmt }), '403-197', { format: fmt });
  });
});
