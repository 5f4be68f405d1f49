// The knowledge tables' own rules (migration `knowledge`): article mirrors of the current version, the default
// alternate id, the version model constraints and the reference counts of stored content.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createDepartment } from '../../helpers/auth.ts';
import { insertKbArticle, insertKbFolder } from '../../helpers/knowledge.ts';

let t: TestApp;
let dept: { id: bigint };
let folder: { id: bigint };
beforeAll(async () => {
  t = await getTestApp();
  dept = await createDepartment(t.db);
  folder = await insertKbFolder(t.db, { departmentId: dept.id });
});
afterAll(async () => t?.close());

const article = (id: bigint) => t.db.prisma.kbArticle.findUniqueOrThrow({ where: { id } });

describe('knowledge schema', () => {
  it('mirrors the published version, and the stamp of the highest one', async () => {
    const a = await insertKbArticle(t.db, {
      folderId: folder.id,
      departmentId: dept.id,
      versions: [{ state: 'archived', name: 'Old' }, { state: 'published', name: 'Live' }],
      lockedById: 1n,
    });
    const row = await article(a.id);
    const top = await t.db.prisma.kbVersion.findUniqueOrThrow({ where: { id: a.versionIds[2]! } });
    expect(row).toMatchObject({ name: 'Live', state: 'published', versionNumber: 2, currentVersionId: a.versionIds[1] });
    expect(row.lastModifiedAt.getTime()).toBe(top.lastModifiedAt.getTime());
    expect(a.alternateId).toBe(`EG${a.id}`);
  });

  it('mirrors the highest version when none is published', async () => {
    const a = await insertKbArticle(t.db, { folderId: folder.id, departmentId: dept.id, versions: [{ state: 'draft', name: 'One' }, { state: 'draft', name: 'Two' }] });
    expect(await article(a.id)).toMatchObject({ name: 'Two', state: 'draft', versionNumber: 2 });
  });

  it('keeps the search document of the current version, accent-insensitive', async () => {
    const a = await insertKbArticle(t.db, { folderId: folder.id, departmentId: dept.id, name: 'Café opening', versions: [{ content: '<p>Our <b>résumé</b> tips</p>' }] });
    const hits = await t.db.prisma.$queryRaw<{ id: bigint }[]>`
      SELECT id FROM kb_article WHERE search_document @@ to_tsquery('kb_en', 'cafe & resume') AND id = ${a.id}`;
    expect(hits.map((h) => h.id)).toEqual([a.id]);
  });

  it('refuses a second published version and a case-insensitive duplicate alternate id', async () => {
    const a = await insertKbArticle(t.db, { folderId: folder.id, departmentId: dept.id, alternateId: 'Dup-Name' });
    await expect(t.db.prisma.kbVersion.create({ data: { articleId: a.id, versionNumber: 9, name: 'x', state: 'published' } })).rejects.toThrow();
    await expect(insertKbArticle(t.db, { folderId: folder.id, departmentId: dept.id, alternateId: 'dup-name' })).rejects.toThrow();
  });

  it('counts references to stored content and drops it with the last one', async () => {
    const a = await insertKbArticle(t.db, { folderId: folder.id, departmentId: dept.id });
    const bytes = Buffer.from(`same bytes ${Date.now()}`);
    const sha = createHash('sha256').update(bytes).digest();
    await t.db.prisma.storedContent.create({ data: { sha256: sha, bytes, size: BigInt(bytes.length) } });
    const file = (name: string) => ({ articleId: a.id, kind: 'internal', name, fileName: name, contentType: 'text/plain', size: BigInt(bytes.length), contentSha256: sha });
    const one = await t.db.prisma.kbAttachment.create({ data: file('one.txt') });
    const two = await t.db.prisma.kbAttachment.create({ data: file('two.txt') });
    expect((await t.db.prisma.storedContent.findUniqueOrThrow({ where: { sha256: sha } })).refCount).toBe(2);
    await t.db.prisma.kbAttachment.delete({ where: { id: one.id } });
    expect((await t.db.prisma.storedContent.findUniqueOrThrow({ where: { sha256: sha } })).refCount).toBe(1);
    await t.db.prisma.kbAttachment.delete({ where: { id: two.id } });
    expect(await t.db.prisma.storedContent.findUnique({ where: { sha256: sha } })).toBeNull();
  });
});
