// Folder writes (06 §8 K32–K35) through the HTTP stack, in JSON and XML: create, edit, move (with merge), delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import {
  FOLDER,
  FORMATS,
  articleIn,
  call,
  customerSession,
  expectError,
  expectLegacy401,
  folderIn,
  kids,
  noContent,
  ok,
  q,
  world,
  xmlOf,
  type FolderView,
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
const uniq = (p = 'F') => `${p} ${Math.random().toString(16).slice(2, 10)}`;
const SIBLING = (id: string | bigint) => `The current state of resource ${id} does not allow this action: a sibling with this name already exists.`;

async function read(id: bigint | string, level = 0): Promise<FolderView> {
  return ok<Folders>(await call(t.app, w.admin, 'GET', `${FOLDER}/${id}?$level=${level}`)).folder[0]!;
}
const exists = async (id: bigint | string) => (await t.db.prisma.kbFolder.count({ where: { id: BigInt(id) } })) === 1;

describe('K32 POST /kb/folder', () => {
  it('creates a child folder: 201, Location, the folder in the list wrapper (JSON)', async () => {
    const name = uniq('Billing');
    const res = await call(t.app, w.supervisor, 'POST', FOLDER, { body: { name, parent: { id: String(w.root.id) }, description: 'Invoices and payments' } });
    const f = ok<Folders>(res, 201).folder[0]!;
    expect(res.headers.location).toBe(`${FOLDER}/${f.id}`);
    expect(f).toMatchObject({
      name,
      description: 'Invoices and payments',
      parent: { id: String(w.root.id), name: w.root.name },
      department: { id: String(w.dept.id), name: w.dept.name },
      childCount: 0,
      articleCount: 0,
    });
    expect(f.created.user).toEqual(w.supervisor.ref);
    expect(f.lastModified).toEqual(f.created);
    expect(await read(f.id)).toEqual(f);
  });

  it('creates a root folder from department.id, wrapped or bare, numbers or strings (JSON)', async () => {
    const d = await createDepartment(t.db);
    const f = ok<Folders>(await call(t.app, w.admin, 'POST', FOLDER, { body: { folder: { name: 'Root A', department: { id: Number(d.id) } } } }), 201).folder[0]!;
    expect(f.parent).toBeUndefined();
    expect(f.department).toEqual({ id: String(d.id), name: d.name });
    const g = ok<Folders>(await call(t.app, w.admin, 'POST', FOLDER, { body: { folder: [{ name: 'Root B', department: { id: String(d.id) } }] } }), 201).folder[0]!;
    expect(g.department.id).toBe(String(d.id));
  });

  it('creates from an XML body and answers XML (06 K32 example)', async () => {
    const name = uniq('Billing');
    const xml = `<folder xmlns="http://bindings.egain.com/ws/model/v12/gen/kb"><name>${name}</name><parent id="${w.root.id}"/><description>Invoices and payments</description></folder>`;
    const res = await call(t.app, w.admin, 'POST', FOLDER, { xml, fmt: 'xml' });
    const root = xmlOf(res, 201);
    const folder = kids(root, q('kb', 'folder'))[0]!;
    expect(res.headers.location).toBe(`${FOLDER}/${folder.attrs.id}`);
    expect(kids(folder, q('kb', 'name'))[0]!.text).toBe(name);
    expect(kids(folder, q('kb', 'parent'))[0]!.attrs.id).toBe(String(w.root.id));
  });

  it.each(FORMATS)('refuses a sibling name already used, case-insensitively: 409-102 naming the sibling (%s)', async (fmt) => {
    const existing = await folderIn(t, w, w.root.id, uniq('Dup'));
    const res = await call(t.app, w.admin, 'POST', FOLDER, { fmt, body: { name: existing.name.toUpperCase(), parent: { id: String(w.root.id) } } });
    expectError(res, '409-102', { format: fmt, details: [{ key: 'id', value: String(existing.id) }], message: SIBLING(existing.id) });
    const es = await call(t.app, w.admin, 'POST', FOLDER, { fmt, lang: 'es-ES', body: { name: existing.name, parent: { id: String(w.root.id) } } });
    expectError(es, '409-102', {
      format: fmt,
      lang: 'es-ES',
      message: `El estado actual del recurso ${existing.id} no permite esta acción: ya existe un elemento del mismo nivel con este nombre.`,
    });
    // The same name elsewhere is fine.
    const other = await folderIn(t, w, w.root.id);
    ok(await call(t.app, w.admin, 'POST', FOLDER, { body: { name: existing.name, parent: { id: String(other.id) } } }), 201);
  });

  it('refuses a duplicate root folder name of the department (409-102)', async () => {
    expectError(await call(t.app, w.admin, 'POST', FOLDER, { fmt: 'json', body: { name: w.root.name.toLowerCase(), department: { id: String(w.dept.id) } } }), '409-102', {
      format: 'json',
      details: [{ key: 'id', value: String(w.root.id) }],
    });
  });

  it('lets exactly one of two concurrent creates of a name win (the index decides)', async () => {
    const parent = await folderIn(t, w, w.root.id);
    const body = { name: uniq('Race'), parent: { id: String(parent.id) } };
    const results = await Promise.all([1, 2, 3].map(() => call(t.app, w.admin, 'POST', FOLDER, { body })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    expect(await t.db.prisma.kbFolder.count({ where: { parentId: parent.id } })).toBe(1);
  });

  it.each(FORMATS)('validates the body: 400-153, 400-152, 400-150 (%s)', async (fmt) => {
    const parent = { id: String(w.root.id) };
    const cases: [unknown, string, { key: string; value: string }[]][] = [
      [{ parent }, '400-153', [{ key: 'name', value: '' }]],
      [{ name: '  ', parent }, '400-153', [{ key: 'name', value: '' }]],
      [{ name: 'x' }, '400-153', [{ key: 'parent.id', value: '' }]],
      [{ name: 'x', parent: {} }, '400-153', [{ key: 'parent.id', value: '' }]],
      [{ name: 'x', parent, department: { id: String(w.dept.id) } }, '400-152', [{ key: 'department.id', value: String(w.dept.id) }]],
      [{ name: 'x'.repeat(256), parent }, '400-152', [{ key: 'name', value: 'x'.repeat(255) }]],
      [{ name: 'x', parent, description: 'd'.repeat(4001) }, '400-152', [{ key: 'description', value: 'd'.repeat(255) }]],
      [{ name: { a: 1 }, parent }, '400-152', [{ key: 'name', value: '' }]],
      [{ name: 'x', parent: { id: 'EG12' } }, '400-152', [{ key: 'parent.id', value: 'EG12' }]],
      [{ name: 'x', parent: { id: '999999999995' } }, '400-152', [{ key: 'parent.id', value: '999999999995' }]],
      [{ name: 'x', department: { id: '999999999996' } }, '400-152', [{ key: 'department.id', value: '999999999996' }]],
    ];
    for (const [body, code, details] of cases) expectError(await call(t.app, w.admin, 'POST', FOLDER, { fmt, body }), code, { format: fmt, details });
    expectError(await call(t.app, w.admin, 'POST', FOLDER, { fmt, body: { folder: [{ name: 'a', parent }, { name: 'b', parent }] } }), '400-152', { format: fmt });
    const broken = await t.app.inject({ method: 'POST', url: FOLDER, headers: { ...w.admin.headers, 'content-type': 'application/json', accept: 'application/json' }, payload: '{"name":' });
    expectError(broken, '400-150', { format: 'json' });
    expectError(await call(t.app, w.admin, 'POST', FOLDER, { fmt, xml: `<folder><name>y</name></folder>` }), '400-153', { format: fmt, details: [{ key: 'parent.id', value: '' }] });
  });
});

describe('K33 PUT /kb/folder/{id}', () => {
  it('edits name and description: 204 without $attribute, nothing else changes (JSON)', async () => {
    const f = await folderIn(t, w, w.root.id);
    const before = await read(f.id);
    const name = uniq('Renamed');
    noContent(await call(t.app, w.supervisor, 'PUT', `${FOLDER}/${f.id}`, { body: { name, description: 'About', lastModified: before.lastModified } }));
    const after = await read(f.id);
    expect(after).toMatchObject({ name, description: 'About', parent: before.parent });
    expect(after.lastModified.user).toEqual(w.supervisor.ref);
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(before.lastModified.date));
    noContent(await call(t.app, w.supervisor, 'PUT', `${FOLDER}/${f.id}`, { body: { description: null } }));
    expect((await read(f.id)).description).toBeUndefined();
  });

  it('answers 200 with the folder when $attribute is sent, in XML from an XML body', async () => {
    const f = await folderIn(t, w, w.root.id);
    const name = uniq('X');
    const root = xmlOf(await call(t.app, w.admin, 'PUT', `${FOLDER}/${f.id}?$attribute=`, { fmt: 'xml', xml: `<folder><name>${name}</name><description/></folder>` }));
    expect(root.name).toBe(q('kb', 'folders'));
    const folder = kids(root, q('kb', 'folder'))[0]!;
    expect(folder.attrs.id).toBe(String(f.id));
    expect(kids(folder, q('kb', 'name'))[0]!.text).toBe(name);
    const json = ok<Folders>(await call(t.app, w.admin, 'PUT', `${FOLDER}/${f.id}?$attribute=all`, { body: { folder: { description: 'D' } } }));
    expect(json.folder[0]).toMatchObject({ id: String(f.id), name, description: 'D' });
  });

  it.each(FORMATS)('answers 409-101 for a stale stamp, 409-102 for a sibling name, 404-101, 400-152 (%s)', async (fmt) => {
    const f = await folderIn(t, w, w.root.id);
    const other = await folderIn(t, w, w.root.id);
    expectError(await call(t.app, w.admin, 'PUT', `${FOLDER}/${f.id}`, { fmt, body: { name: 'n', lastModified: { date: '2001-01-01T00:00:00.000Z' } } }), '409-101', {
      format: fmt,
      details: [{ key: 'id', value: String(f.id) }],
    });
    expectError(await call(t.app, w.admin, 'PUT', `${FOLDER}/${f.id}`, { fmt, body: { name: other.name.toLowerCase() } }), '409-102', {
      format: fmt,
      details: [{ key: 'id', value: String(f.id) }],
      message: SIBLING(f.id),
    });
    expectError(await call(t.app, w.admin, 'PUT', `${FOLDER}/999999999997`, { fmt, body: { name: 'n' } }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999997' }] });
    expectError(await call(t.app, w.admin, 'PUT', `${FOLDER}/${f.id}`, { fmt, body: { name: '' } }), '400-152', { format: fmt, details: [{ key: 'name', value: '' }] });
    expectError(await call(t.app, w.admin, 'PUT', `${FOLDER}/${f.id}`, { fmt, body: { lastModified: { date: 'yesterday' } } }), '400-152', {
      format: fmt,
      details: [{ key: 'lastModified.date', value: 'yesterday' }],
    });
    expectError(await call(t.app, w.admin, 'PUT', `${FOLDER}/abc`, { fmt, body: { name: 'n' } }), '400-102', { format: fmt });
    expect((await read(f.id)).name).toBe(f.name);
    // Changing only the letter case of its own name is not a clash.
    noContent(await call(t.app, w.admin, 'PUT', `${FOLDER}/${f.id}`, { body: { name: f.name.toUpperCase() } }));
  });
});

describe('K34 POST /kb/folder/move/{id}', () => {
  it('moves a folder under another parent of its department: 204, then 200 with $attribute (JSON)', async () => {
    const a = await folderIn(t, w, w.root.id);
    const b = await folderIn(t, w, w.root.id);
    noContent(await call(t.app, w.supervisor, 'POST', `${FOLDER}/move/${a.id}`, { body: { parent: { id: String(b.id) } } }));
    expect((await read(a.id)).parent).toEqual({ id: String(b.id), name: b.name });
    const back = ok<Folders>(await call(t.app, w.supervisor, 'POST', `${FOLDER}/move/${a.id}?$attribute=all`, { body: { folder: { id: String(w.root.id) } } }));
    expect(back.folder.map((f) => [f.id, f.parent?.id])).toEqual([[String(a.id), String(w.root.id)]]);
    // Moving to where it already is changes nothing.
    const before = await read(a.id);
    noContent(await call(t.app, w.supervisor, 'POST', `${FOLDER}/move/${a.id}?merge=1`, { body: { parent: { id: String(w.root.id) } } }));
    expect(await read(a.id)).toEqual(before);
  });

  it('moves from an XML body naming the parent and answers XML', async () => {
    const a = await folderIn(t, w, w.root.id);
    const b = await folderIn(t, w, w.root.id);
    noContent(await call(t.app, w.admin, 'POST', `${FOLDER}/move/${a.id}`, { fmt: 'xml', xml: `<folder><parent id="${b.id}"/></folder>` }), 'xml');
    const root = xmlOf(await call(t.app, w.admin, 'POST', `${FOLDER}/move/${a.id}?$attribute=all`, { fmt: 'xml', xml: `<parent id="${w.root.id}"/>` }));
    expect(kids(kids(root, q('kb', 'folder'))[0]!, q('kb', 'parent'))[0]!.attrs.id).toBe(String(w.root.id));
  });

  it.each(FORMATS)('refuses itself, a descendant and another department (409-102), and a same-named sibling without merge (%s)', async (fmt) => {
    const a = await folderIn(t, w, w.root.id);
    const child = await folderIn(t, w, a.id);
    const grandchild = await folderIn(t, w, child.id);
    const there = `The current state of resource ${a.id} does not allow this action: the folder cannot be moved there.`;
    for (const target of [a.id, child.id, grandchild.id]) {
      expectError(await call(t.app, w.admin, 'POST', `${FOLDER}/move/${a.id}`, { fmt, body: { parent: { id: String(target) } } }), '409-102', {
        format: fmt,
        details: [{ key: 'id', value: String(a.id) }],
        message: there,
      });
    }
    const elsewhere = await world(t);
    expectError(await call(t.app, w.admin, 'POST', `${FOLDER}/move/${a.id}`, { fmt, body: { parent: { id: String(elsewhere.root.id) } } }), '409-102', { format: fmt, message: there });
    const b = await folderIn(t, w, w.root.id);
    await folderIn(t, w, b.id, a.name.toUpperCase());
    expectError(await call(t.app, w.admin, 'POST', `${FOLDER}/move/${a.id}?merge=0`, { fmt, body: { parent: { id: String(b.id) } } }), '409-102', { format: fmt, message: SIBLING(a.id) });
    expect((await read(a.id)).parent!.id).toBe(String(w.root.id));
  });

  it('merges into the same-named sibling with merge=1: articles and children, recursively; the moved folder is deleted', async () => {
    // source: S → (Shared → (deep), Only), articles s1, s2 in S and one in Shared
    // target: T → S' (same name as S) → (shared, articles t1) ...
    const target = await folderIn(t, w, w.root.id);
    const src = await folderIn(t, w, w.root.id, uniq('Same'));
    const dst = await folderIn(t, w, target.id, src.name.toLowerCase());
    const sharedSrc = await folderIn(t, w, src.id, 'Shared');
    const deep = await folderIn(t, w, sharedSrc.id, 'Deep');
    const only = await folderIn(t, w, src.id, 'Only');
    const sharedDst = await folderIn(t, w, dst.id, 'SHARED');
    const s1 = await articleIn(t, w, src.id);
    const s2 = await articleIn(t, w, src.id);
    const s3 = await articleIn(t, w, sharedSrc.id);
    const t1 = await articleIn(t, w, dst.id);

    const res = ok<Folders>(await call(t.app, w.admin, 'POST', `${FOLDER}/move/${src.id}?merge=1&$attribute=all`, { body: { parent: { id: String(target.id) } } }));
    expect(res.folder.map((f) => f.id)).toEqual([String(dst.id)]);
    expect(res.folder[0]).toMatchObject({ childCount: 2, articleCount: 3 });
    expect(await exists(src.id)).toBe(false);
    expect(await exists(sharedSrc.id)).toBe(false);
    const tree = await read(dst.id, -1);
    expect(tree.folder!.map((f) => [f.id, f.name])).toEqual([
      [String(only.id), 'Only'],
      [String(sharedDst.id), 'SHARED'],
    ]);
    expect(tree.folder![1]!.folder!.map((f) => f.id)).toEqual([String(deep.id)]);
    const folders = await t.db.prisma.kbArticle.findMany({ where: { id: { in: [s1, s2, s3, t1].map(BigInt) } }, select: { id: true, folderId: true, departmentId: true } });
    expect(Object.fromEntries(folders.map((a) => [String(a.id), a.folderId]))).toEqual({ [s1]: dst.id, [s2]: dst.id, [s3]: sharedDst.id, [t1]: dst.id });
    expect(new Set(folders.map((a) => a.departmentId))).toEqual(new Set([w.dept.id]));
  });

  it.each(FORMATS)('validates: 400-153 without a parent, 400-152 unknown parent, 400-102 bad merge, 404-101 unknown folder (%s)', async (fmt) => {
    const a = await folderIn(t, w, w.root.id);
    expectError(await call(t.app, w.admin, 'POST', `${FOLDER}/move/${a.id}`, { fmt, body: { name: 'x' } }), '400-153', { format: fmt, details: [{ key: 'parent.id', value: '' }] });
    expectError(await call(t.app, w.admin, 'POST', `${FOLDER}/move/${a.id}`, { fmt, body: { parent: { id: '999999999998' } } }), '400-152', {
      format: fmt,
      details: [{ key: 'parent.id', value: '999999999998' }],
    });
    expectError(await call(t.app, w.admin, 'POST', `${FOLDER}/move/${a.id}?merge=2`, { fmt, body: { parent: { id: String(w.root.id) } } }), '400-102', {
      format: fmt,
      details: [{ key: 'merge', value: '2' }],
    });
    expectError(await call(t.app, w.admin, 'POST', `${FOLDER}/move/999999999999`, { fmt, body: { parent: { id: String(w.root.id) } } }), '404-101', {
      format: fmt,
      details: [{ key: 'id', value: '999999999999' }],
    });
  });
});

describe('K35 DELETE /kb/folder/{ids}', () => {
  it('deletes empty folders, a parent together with its empty child too: 204', async () => {
    const a = await folderIn(t, w, w.root.id);
    const b = await folderIn(t, w, w.root.id);
    const child = await folderIn(t, w, b.id);
    noContent(await call(t.app, w.supervisor, 'DELETE', `${FOLDER}/${a.id},${b.id},${child.id}`));
    for (const id of [a.id, b.id, child.id]) expect(await exists(id)).toBe(false);
  });

  it.each(FORMATS)('refuses the whole call when a folder holds articles or child folders, or is the last root (409-102) (%s)', async (fmt) => {
    const empty = await folderIn(t, w, w.root.id);
    const withArticle = await folderIn(t, w, w.root.id);
    await articleIn(t, w, withArticle.id);
    const withChild = await folderIn(t, w, w.root.id);
    await folderIn(t, w, withChild.id);
    const res = await call(t.app, w.admin, 'DELETE', `${FOLDER}/${empty.id},${withChild.id},${withArticle.id}`, { fmt });
    expectError(res, '409-102', {
      format: fmt,
      details: [
        { key: 'id', value: String(withChild.id) },
        { key: 'id', value: String(withArticle.id) },
      ],
      message: `The current state of resource ${withChild.id}, ${withArticle.id} does not allow this action: the folder is not empty or is the last root folder.`,
    });
    expect(await exists(empty.id)).toBe(true);

    const d = await createDepartment(t.db);
    const onlyRoot = await t.db.prisma.kbFolder.create({ data: { name: 'Only root', departmentId: d.id } });
    expectError(await call(t.app, w.admin, 'DELETE', `${FOLDER}/${onlyRoot.id}`, { fmt }), '409-102', { format: fmt, details: [{ key: 'id', value: String(onlyRoot.id) }] });
    const second = await t.db.prisma.kbFolder.create({ data: { name: 'Second root', departmentId: d.id } });
    expectError(await call(t.app, w.admin, 'DELETE', `${FOLDER}/${onlyRoot.id},${second.id}`, { fmt }), '409-102', { format: fmt });
    noContent(await call(t.app, w.admin, 'DELETE', `${FOLDER}/${second.id}`, { fmt }), fmt);
    expect(await exists(onlyRoot.id)).toBe(true);
  });

  it.each(FORMATS)('answers 404-101 naming every missing id and deletes nothing (%s)', async (fmt) => {
    const a = await folderIn(t, w, w.root.id);
    expectError(await call(t.app, w.admin, 'DELETE', `${FOLDER}/${a.id},999999999981`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999981' }] });
    expect(await exists(a.id)).toBe(true);
  });
});

describe('callers of the folder writes (06 §1.1)', () => {
  it.each(FORMATS)('refuses agents and customer sessions (403-197) and answers the legacy 401 without a session (%s)', async (fmt) => {
    const f = await folderIn(t, w, w.root.id);
    const customer = await customerSession(t, w.admin);
    const calls: ['POST' | 'PUT' | 'DELETE', string, unknown?][] = [
      ['POST', FOLDER, { name: 'n', parent: { id: String(w.root.id) } }],
      ['PUT', `${FOLDER}/${f.id}`, { name: 'n' }],
      ['POST', `${FOLDER}/move/${f.id}`, { parent: { id: String(w.root.id) } }],
      ['DELETE', `${FOLDER}/${f.id}`],
    ];
    for (const [method, url, body] of calls) {
      expectError(await call(t.app, w.agent, method, url, { fmt, body }), '403-197', { format: fmt });
      expectError(await call(t.app, customer, method, url, { fmt, body }), '403-197', { format: fmt });
      expectLegacy401(await call(t.app, null, method, url, { fmt, body }), fmt);
    }
    expect(await read(f.id)).toMatchObject({ name: f.name, parent: { id: String(w.root.id) } });
  });
});
