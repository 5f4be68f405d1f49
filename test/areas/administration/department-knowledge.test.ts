// Departments and the knowledge base (07 §4, 06 §8): creating a department creates its root folder; deleting one
// needs its knowledge folders empty (and no macro, topic or used article type of it) and takes its root folders along.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { insertKbArticle } from '../../helpers/knowledge.ts';
import { expectError, FORMATS } from '../../conformance/support.ts';
import { ADMIN, call, noContent, ok, session, unique, xmlOf, type Session } from './department/support.ts';

const URL = `${ADMIN}/department`;
const FOLDERS = '/system/ws/v12/kb/folder';
const KB = 'http://bindings.egain.com/ws/model/v12/gen/kb';
const PLATFORM = 'http://bindings.egain.com/ws/model/v12/gen/platform';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
});
afterAll(async () => t?.close());

type Folder = { id: string; name: string; department: { id: string; name: string }; parent?: unknown; childCount: number; articleCount: number };

async function createDept(name = unique('Dept')): Promise<{ id: string; name: string }> {
  return ok<{ department: { id: string; name: string }[] }>(await call(t.app, admin, 'POST', URL, { body: { name } }), 201).department[0]!;
}
const folders = (departmentId: string | bigint) => t.db.prisma.kbFolder.findMany({ where: { departmentId: BigInt(departmentId) }, orderBy: { id: 'asc' } });
const departmentExists = async (id: string) => (await t.db.prisma.department.count({ where: { id: BigInt(id) } })) === 1;

describe('creating a department (07 §4)', () => {
  it('creates its root knowledge folder, named like the department (JSON)', async () => {
    const d = await createDept();
    const page = ok<{ folder: Folder[] }>(await call(t.app, admin, 'GET', `${FOLDERS}?department=${d.id}`));
    expect(page.folder).toHaveLength(1);
    expect(page.folder[0]).toMatchObject({ name: d.name, department: { id: d.id, name: d.name }, childCount: 0, articleCount: 0 });
    expect(page.folder[0]!.parent).toBeUndefined();
    const [row] = await folders(d.id);
    expect(row!.createdById).toBe(admin.userId);
  });

  it('creates the root folder also for an XML create, visible through the folder API in XML', async () => {
    const name = unique('Xml');
    const res = await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: `<department><name>${name}</name></department>` });
    const id = xmlOf(res, 201).children.find((c) => c.name.endsWith('}department'))!.attrs.id!;
    const root = xmlOf(await call(t.app, admin, 'GET', `${FOLDERS}?department=${id}`, { fmt: 'xml' }));
    const folder = root.children.find((c) => c.name === `{${KB}}folder`)!;
    expect(folder.children.find((c) => c.name === `{${KB}}name`)!.text).toBe(name);
    const dept = folder.children.find((c) => c.name === `{${KB}}department`)!;
    expect(dept.attrs.id).toBe(id);
    expect(dept.children[0]).toMatchObject({ name: `{${PLATFORM}}name`, text: name });
  });

  it('creates no folder when the department is refused', async () => {
    const d = await createDept();
    const before = await t.db.prisma.kbFolder.count();
    expectError(await call(t.app, admin, 'POST', URL, { body: { name: d.name.toLowerCase() } }), '409-102', { format: 'json' });
    expect(await t.db.prisma.kbFolder.count()).toBe(before);
  });
});

describe('deleting a department (07 §4)', () => {
  it('deletes it with its empty root folders and its unused article types: 204', async () => {
    const d = await createDept();
    await t.db.prisma.kbFolder.create({ data: { name: 'Second root', departmentId: BigInt(d.id) } });
    await t.db.prisma.kbArticleType.create({ data: { name: 'FAQ', departmentId: BigInt(d.id), isDefault: true } });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${d.id}`));
    expect(await departmentExists(d.id)).toBe(false);
    expect(await folders(d.id)).toEqual([]);
    expect(await t.db.prisma.kbArticleType.count({ where: { departmentId: BigInt(d.id) } })).toBe(0);
  });

  it.each(FORMATS)('refuses while its knowledge folders are not empty, naming the articles and folders (409-102) (%s)', async (fmt) => {
    const d = await createDept();
    const [root] = await folders(d.id);
    const article = await insertKbArticle(t.db, { folderId: root!.id, departmentId: root!.departmentId });
    const child = await t.db.prisma.kbFolder.create({ data: { name: 'Child', departmentId: root!.departmentId, parentId: root!.id } });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${d.id}`, { fmt }), '409-102', {
      format: fmt,
      details: [
        { key: 'id', value: d.id },
        { key: 'article', value: String(article.id) },
        { key: 'folder', value: String(child.id) },
      ],
      message: `The current state of resource ${d.id} does not allow this action: the resource is still in use.`,
    });
    expect(await departmentExists(d.id)).toBe(true);
    expect((await folders(d.id)).map((f) => f.id)).toEqual([root!.id, child.id]);
    // An empty child folder alone still blocks: only root folders go with the department.
    await t.db.prisma.kbArticle.delete({ where: { id: article.id } });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${d.id}`, { fmt }), '409-102', {
      format: fmt,
      details: [
        { key: 'id', value: d.id },
        { key: 'folder', value: String(child.id) },
      ],
    });
    await t.db.prisma.kbFolder.delete({ where: { id: child.id } });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${d.id}`, { fmt }), fmt);
  });

  it.each(FORMATS)('refuses while a macro, a topic or a used article type of it exists (409-102) (%s)', async (fmt) => {
    const d = await createDept();
    const id = BigInt(d.id);
    const macro = await t.db.prisma.macro.create({ data: { name: unique('m'), value: 'v', departmentId: id } });
    const topic = await t.db.prisma.kbTopic.create({ data: { name: 'Accounts', departmentId: id, languageId: 1n } });
    const type = await t.db.prisma.kbArticleType.create({ data: { name: 'Policy', departmentId: id } });
    const other = await createDept();
    const [otherRoot] = await folders(other.id);
    await insertKbArticle(t.db, { folderId: otherRoot!.id, departmentId: BigInt(other.id), articleTypeId: type.id });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${d.id}`, { fmt }), '409-102', {
      format: fmt,
      details: [
        { key: 'id', value: d.id },
        { key: 'macro', value: String(macro.id) },
        { key: 'topic', value: String(topic.id) },
        { key: 'articleType', value: String(type.id) },
      ],
    });
    expect(await departmentExists(d.id)).toBe(true);
    expect(await folders(d.id)).toHaveLength(1);
  });

  it('deletes nothing when one department of a list is blocked', async () => {
    const free = await createDept();
    const busy = await createDept();
    const [root] = await folders(busy.id);
    await insertKbArticle(t.db, { folderId: root!.id, departmentId: root!.departmentId });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${free.id},${busy.id}`), '409-102', { format: 'json', details: [{ key: 'id', value: busy.id }, expect.objectContaining({ key: 'article' })] });
    expect(await departmentExists(free.id)).toBe(true);
    expect(await folders(free.id)).toHaveLength(1);
  });
});
