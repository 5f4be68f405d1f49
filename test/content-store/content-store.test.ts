// The content store (src/content-store): bytes kept once per SHA-256, reference counts following the attachment
// rows through the database triggers, content freed with its last reference.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { readContent, sha256Of, storeContent } from '../../src/content-store/content-store.ts';
import { openTestDatabase } from '../helpers/test-db.ts';
import { createDepartment } from '../helpers/auth.ts';
import { insertKbArticle, insertKbFolder } from '../helpers/knowledge.ts';

let db: Database;
let articleId: bigint;
beforeAll(async () => {
  db = await openTestDatabase();
  const dept = await createDepartment(db);
  const folder = await insertKbFolder(db, { departmentId: dept.id });
  articleId = (await insertKbArticle(db, { folderId: folder.id, departmentId: dept.id })).id;
});
afterAll(async () => db?.close());

const row = (sha256: Buffer) => db.prisma.storedContent.findUnique({ where: { sha256: new Uint8Array(sha256) } });

/** Stores `bytes` and attaches them to the article in one transaction, as the upload does. */
async function attach(bytes: Uint8Array): Promise<{ id: bigint; sha256: Buffer }> {
  return db.prisma.$transaction(async (tx) => {
    const stored = await storeContent(tx, bytes);
    const a = await tx.kbAttachment.create({
      data: { articleId, kind: 'internal', name: 'f', fileName: 'f', contentType: 'application/octet-stream', size: BigInt(stored.size), contentSha256: new Uint8Array(stored.sha256) },
    });
    return { id: a.id, sha256: stored.sha256 };
  });
}

describe('content store', () => {
  it('answers the SHA-256 computed in Node and the size, and reads the exact bytes back', async () => {
    const bytes = Buffer.concat([Buffer.from([0x00, 0xff, 0x00, 0x0d, 0x0a]), randomBytes(4096)]);
    const { id, sha256 } = await attach(bytes);
    expect(sha256.equals(createHash('sha256').update(bytes).digest())).toBe(true);
    expect(sha256.equals(sha256Of(bytes))).toBe(true);
    const back = await readContent(db, sha256);
    expect(back?.equals(bytes)).toBe(true);
    expect((await row(sha256))?.size).toBe(BigInt(bytes.length));
    await db.prisma.kbAttachment.delete({ where: { id } });
  });

  it('stores the same bytes once; the reference count follows the rows and the content goes with the last one', async () => {
    const bytes = randomBytes(100);
    const one = await attach(bytes);
    const two = await attach(new Uint8Array(bytes));
    expect(two.sha256.equals(one.sha256)).toBe(true);
    expect(await db.prisma.storedContent.count({ where: { sha256: new Uint8Array(one.sha256) } })).toBe(1);
    expect((await row(one.sha256))?.refCount).toBe(2);
    await db.prisma.kbAttachment.delete({ where: { id: one.id } });
    expect((await row(one.sha256))?.refCount).toBe(1);
    expect((await readContent(db, one.sha256))?.equals(bytes)).toBe(true);
    await db.prisma.kbAttachment.delete({ where: { id: two.id } });
    expect(await row(one.sha256)).toBeNull();
    expect(await readContent(db, one.sha256)).toBeUndefined();
  });

  it('content stored without a reference has a count of 0 until a row points at it; a rolled-back upload leaves nothing', async () => {
    const bytes = randomBytes(64);
    const sha256 = await db.prisma.$transaction(async (tx) => (await storeContent(tx, bytes)).sha256);
    expect((await row(sha256))?.refCount).toBe(0);
    const { id } = await attach(bytes);
    expect((await row(sha256))?.refCount).toBe(1);
    await db.prisma.kbAttachment.delete({ where: { id } });
    expect(await row(sha256)).toBeNull();

    const lost = randomBytes(64);
    await expect(
      db.prisma.$transaction(async (tx) => {
        await storeContent(tx, lost);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await row(sha256Of(lost))).toBeNull();
  });

  it('deleting the article deletes its attachments and frees content no other row uses', async () => {
    const dept = await createDepartment(db);
    const folder = await insertKbFolder(db, { departmentId: dept.id });
    const doomed = (await insertKbArticle(db, { folderId: folder.id, departmentId: dept.id })).id;
    const shared = randomBytes(32);
    const own = randomBytes(32);
    const kept = await attach(shared);
    for (const bytes of [shared, own]) {
      await db.prisma.$transaction(async (tx) => {
        const s = await storeContent(tx, bytes);
        await tx.kbAttachment.create({
          data: { articleId: doomed, kind: 'internal', name: 'x', fileName: 'x', contentType: 'text/plain', size: BigInt(s.size), contentSha256: new Uint8Array(s.sha256) },
        });
      });
    }
    expect((await row(kept.sha256))?.refCount).toBe(2);
    await db.prisma.kbArticle.delete({ where: { id: doomed } });
    expect((await row(kept.sha256))?.refCount).toBe(1);
    expect(await row(sha256Of(own))).toBeNull();
    await db.prisma.kbAttachment.delete({ where: { id: kept.id } });
  });
});
