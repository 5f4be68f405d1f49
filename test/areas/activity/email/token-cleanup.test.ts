// Expired one-time download tokens (05 §9.15) are deleted by the periodic clean-up; valid ones stay.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteExpiredTokens } from '../../../../src/areas/activity/email/attachment.queries.ts';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { insertActivity, insertCustomer } from '../../../helpers/interaction.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

it('deletes the expired tokens and keeps the valid ones', async () => {
  const dept = await createDepartment(t.db);
  const customer = await insertCustomer(t.db, { departmentId: dept.id });
  const activity = await insertActivity(t.db, { customer, departmentId: dept.id });
  const bytes = randomBytes(64);
  const sha256 = createHash('sha256').update(bytes).digest();
  await t.db.prisma.storedContent.create({ data: { sha256, bytes, size: BigInt(bytes.length) } });
  const attachment = await t.db.prisma.activityAttachment.create({
    data: { activityId: activity.id, fileName: 'a.bin', contentType: 'application/octet-stream', size: BigInt(bytes.length), contentSha256: sha256 },
  });
  const now = new Date();
  const token = (ms: number) => ({ tokenHash: randomBytes(32), attachmentId: attachment.id, expiresAt: new Date(now.getTime() + ms) });
  const [expired, valid] = [token(-1000), token(60_000)];
  await t.db.prisma.attachmentUrlToken.createMany({ data: [expired, valid] });
  expect(await deleteExpiredTokens(t.db.prisma, now)).toBeGreaterThanOrEqual(1);
  const left = await t.db.prisma.attachmentUrlToken.findMany({ where: { attachmentId: attachment.id } });
  expect(left.map((r) => Buffer.from(r.tokenHash).equals(valid.tokenHash))).toEqual([true]);
});
