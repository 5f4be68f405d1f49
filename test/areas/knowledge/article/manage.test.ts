// K12 move, K13 delete articles and K18 delete versions (06 §4.1, §5): effects, all-or-nothing, and every error.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { insertKbFolder } from '../../../helpers/knowledge.ts';
import {
  ARTICLE,
  article,
  call,
  customerSession,
  expectError,
  FORMATS,
  ids,
  noContent,
  ok,
  q,
  read,
  row,
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

describe('K12 move', () => {
  it('moves articles to a folder of another department; versions, lock and stamp stay (204)', async () => {
    const a = await article(t, w, { lockedBy: w.admin });
    const b = await article(t, w);
    const d = await createDepartment(t.db);
    const target = await insertKbFolder(t.db, { departmentId: d.id });
    const before = await row(t, a.id);
    noContent(await call(t.app, w.agent, 'POST', `${ARTICLE}/${a.id},${b.id}/move?resolveNameConflicts=yes`, { body: { folder: { id: String(target.id) } } }));
    for (const id of [a.id, b.id]) expect(await row(t, id)).toMatchObject({ folderId: target.id, departmentId: d.id });
    const after = await row(t, a.id);
    expect(after.lockedById).toBe(w.admin.user.id);
    expect(after.lastModifiedAt.getTime()).toBe(before.lastModifiedAt.getTime());
    expect(await versionsOf(t, a.id)).toHaveLength(2);
  });

  it('reads the XML body (folder/id) and answers 200 with $attribute', async () => {
    const a = await article(t, w);
    const target = await insertKbFolder(t.db, { departmentId: w.dept.id, parentId: w.folder.id });
    const res = await call(t.app, w.agent, 'POST', `${ARTICLE}/${a.id}/move?$attribute=`, { xml: `<move><folder><id>${target.id}</id></folder></move>`, fmt: 'xml' });
    const el = xmlOf(res).children[0]!;
    expect(el.children.find((c) => c.name === q('kb', 'folder'))!.attrs.id).toBe(String(target.id));
    const json = ok<{ article: ArticleView[] }>(await call(t.app, w.agent, 'POST', `${ARTICLE}/${a.id}/move?$attribute=summary`, { body: { folder: { id: String(w.folder.id) } } }));
    expect(json.article[0]!.folder.id).toBe(String(w.folder.id));
  });

  for (const fmt of FORMATS) {
    it(`refuses 400-150, 400-152, 400-153, 400-101, 400-102, 404-101, 409-101, 403-197 (${fmt})`, async () => {
      const a = await article(t, w);
      const move = (path: string, body: unknown, who: { headers: Record<string, string> } = w.agent) => {
        const [ids_, query] = path.split('?');
        return call(t.app, who, 'POST', `${ARTICLE}/${ids_}/move${query ? `?${query}` : ''}`, { body, fmt });
      };
      expectError(await move(a.id, ['x']), '400-150', { format: fmt });
      expectError(await move(a.id, {}), '400-153', { format: fmt, details: [{ key: 'folder.id', value: '' }] });
      expectError(await move(a.id, { folder: { id: '999999999' } }), '400-152', { format: fmt, details: [{ key: 'folder.id', value: '999999999' }] });
      expectError(await move(a.id, { folder: { id: 'F1' } }), '400-152', { format: fmt, details: [{ key: 'folder.id', value: 'F1' }] });
      expectError(await move(`${a.id}?resolveNameConflicts=maybe`, { folder: { id: String(w.folder.id) } }), '400-102', { format: fmt });
      expectError(await move(`${a.id}?merge=1`, { folder: { id: String(w.folder.id) } }), '400-101', { format: fmt });
      expectError(await move(a.alternateId, { folder: { id: String(w.folder.id) } }), '400-102', { format: fmt });
      expectError(await move(`${a.id},999999999`, { folder: { id: String(w.folder.id) } }), '404-101', { format: fmt, details: ids('999999999') });
      expectError(await move(a.id, { folder: { id: String(w.folder.id) }, lastModified: { date: '2001-01-01T00:00:00.000Z' } }), '409-101', { format: fmt, details: ids(a.id) });
      const customer = await customerSession(t, w.admin);
      expectError(await move(a.id, { folder: { id: String(w.folder.id) } }, customer), '403-197', { format: fmt });
    });
  }
});

describe('K13 delete articles', () => {
  it('deletes articles with versions, notes, attachments (and their stored content) and topic links (204)', async () => {
    const a = await article(t, w, { versions: [{ state: 'archived' }, { state: 'published' }] });
    const mine = await article(t, w, { lockedBy: w.supervisor });
    const id = BigInt(a.id);
    const bytes = Buffer.from(`delete me ${a.id}`);
    const sha = createHash('sha256').update(bytes).digest();
    await t.db.prisma.storedContent.create({ data: { sha256: sha, bytes, size: BigInt(bytes.length) } });
    await t.db.prisma.kbAttachment.create({ data: { articleId: id, kind: 'internal', name: 'f', fileName: 'f.txt', contentType: 'text/plain', size: BigInt(bytes.length), contentSha256: sha } });
    await t.db.prisma.kbNote.create({ data: { articleId: id, content: 'n' } });
    const topic = await t.db.prisma.kbTopic.create({ data: { name: `Del ${a.id}`, departmentId: w.dept.id, languageId: 1n } });
    await t.db.prisma.kbTopicArticle.create({ data: { topicId: topic.id, articleId: id } });
    noContent(await call(t.app, w.supervisor, 'DELETE', `${ARTICLE}/${a.id},${mine.id}`, { body: { ignored: true } }));
    expect(await t.db.prisma.kbArticle.count({ where: { id: { in: [id, BigInt(mine.id)] } } })).toBe(0);
    expect(await t.db.prisma.kbVersion.count({ where: { articleId: id } })).toBe(0);
    expect(await t.db.prisma.kbNote.count({ where: { articleId: id } })).toBe(0);
    expect(await t.db.prisma.kbTopicArticle.count({ where: { topicId: topic.id } })).toBe(0);
    expect(await t.db.prisma.storedContent.findUnique({ where: { sha256: sha } })).toBeNull();
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE}/${a.id}`), '404-101', { format: 'json', details: ids(a.id) });
  });

  for (const fmt of FORMATS) {
    it(`refuses 403-197 to agents, 409-102 (another user's lock, nothing deleted), 404-101, 400-102, 400-160 (${fmt})`, async () => {
      const a = await article(t, w);
      const theirs = await article(t, w, { lockedBy: w.agent });
      const del = (path: string, who = w.supervisor) => call(t.app, who, 'DELETE', `${ARTICLE}/${path}`, { fmt });
      expectError(await del(a.id, w.agent), '403-197', { format: fmt });
      expectError(await del(`${a.id},${theirs.id}`), '409-102', { format: fmt, details: ids(theirs.id) });
      expectError(await del(`${a.id},999999999`), '404-101', { format: fmt, details: ids('999999999') });
      expectError(await del(a.alternateId), '400-102', { format: fmt });
      expectError(await del('suggestion'), '404-100', { format: fmt });
      expectError(await del(Array.from({ length: 76 }, (_, i) => String(i + 1)).join(',')), '400-160', { format: fmt });
      expect(await t.db.prisma.kbArticle.count({ where: { id: { in: [BigInt(a.id), BigInt(theirs.id)] } } })).toBe(2);
    });
  }
});

describe('K18 delete versions', () => {
  it('deletes archived and draft versions; the article keeps an increasing stamp (204)', async () => {
    const a = await article(t, w, { versions: [{ state: 'archived' }, { state: 'published' }, { state: 'draft' }] });
    const before = (await row(t, a.id)).lastModifiedAt.getTime();
    noContent(await call(t.app, w.supervisor, 'DELETE', `${ARTICLE}/${a.id}/version/${a.versionIds[2]},${a.versionIds[0]}`, { fmt: 'xml' }), 'xml');
    expect((await versionsOf(t, a.id)).map((v) => [v.versionNumber, v.state])).toEqual([[2, 'published']]);
    const after = await row(t, a.id);
    expect(after.lastModifiedAt.getTime()).toBeGreaterThan(before);
    expect((await read(t, w.agent, a.id, '')).versionNumber).toBe(2);
  });

  for (const fmt of FORMATS) {
    it(`refuses 409-102 (published, working copy, every version), 404-101, 403-197, 400-102 (${fmt})`, async () => {
      const a = await article(t, w, { versions: [{ state: 'archived' }, { state: 'published' }], lockedBy: w.agent });
      const b = await article(t, w, { versions: [{ state: 'draft' }, { state: 'draft' }] });
      const working = String((await versionsOf(t, a.id))[2]!.id);
      const del = (id: string, versions: string, who = w.supervisor) => call(t.app, who, 'DELETE', `${ARTICLE}/${id}/version/${versions}`, { fmt });
      expectError(await del(a.id, `${a.versionIds[0]},${a.versionIds[1]}`), '409-102', { format: fmt, details: ids(a.versionIds[1]!) });
      expectError(await del(a.id, working), '409-102', { format: fmt, details: ids(working) });
      expectError(await del(b.id, b.versionIds.join(',')), '409-102', { format: fmt, details: ids(...b.versionIds) });
      expectError(await del(a.id, `${a.versionIds[0]},${b.versionIds[0]}`), '404-101', { format: fmt, details: ids(b.versionIds[0]!) });
      expectError(await del('999999999', '1'), '404-101', { format: fmt, details: ids('999999999') });
      expectError(await del(a.id, a.versionIds[0]!, w.agent), '403-197', { format: fmt });
      expectError(await del(a.id, 'x'), '400-102', { format: fmt, details: [{ key: 'versionIds', value: 'x' }] });
      expect(await versionsOf(t, a.id)).toHaveLength(3);
      expect(await versionsOf(t, b.id)).toHaveLength(2);
    });
  }
});
