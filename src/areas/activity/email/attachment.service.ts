// V17 list, V18 one attachment (optionally with a one-time download URL), V19 download (05 §9.15). Callers:
// administrator, supervisor, agent, and customer sessions for their own activities (05 §8.1), as V1 decides
// (seesActivity). A one-time URL carries a random 128-bit URL-safe token; only its SHA-256 is stored (any instance
// serves the download), it expires after ECE_ATTACHMENT_URL_TTL_SECONDS and the first successful download uses it up.
import { createHash, randomBytes } from 'node:crypto';
import { authorize } from '../../../authz/permissions.ts';
import { Err } from '../../../errors/app-error.ts';
import type { ServiceContext } from '../../service-context.ts';
import { seesActivity } from '../activity.service.ts';
import { presentAttachment } from './attachment.presenter.ts';
import { attachmentOf, attachmentsOf, contentOf, downloadByToken, storeToken, type Download } from './attachment.queries.ts';

const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** The path activity, when the caller may read it (05 §8.1); else 404-101 on its id. */
async function requireReadable(ctx: ServiceContext, activityId: bigint): Promise<void> {
  authorize(ctx.actor, 'interaction.read');
  const a = await ctx.db.prisma.activity.findUnique({ where: { id: activityId }, select: { departmentId: true, customerId: true, mode: true, status: true } });
  if (!a || !seesActivity(ctx.actor, a)) throw Err.idsNotFound([String(activityId)]);
}

/** V17: every attachment of the activity by id, without `contentUrl`; [] → 204. */
export async function listAttachments(ctx: ServiceContext, activityId: bigint) {
  await requireReadable(ctx, activityId);
  const rows = (await attachmentsOf(ctx.db.prisma, [activityId])).get(activityId) ?? [];
  return rows.map((r) => presentAttachment(r));
}

/** V18: one attachment; with `withUrl` a new one-time download URL (every call issues a new token). */
export async function getAttachment(ctx: ServiceContext, activityId: bigint, id: bigint, opts: { withUrl: boolean; ttlSeconds: number }) {
  await requireReadable(ctx, activityId);
  const row = await attachmentOf(ctx.db.prisma, activityId, id);
  if (!row) throw Err.idsNotFound([String(id)]);
  if (!opts.withUrl) return presentAttachment(row);
  const token = randomBytes(16).toString('base64url');
  const now = ctx.now();
  await storeToken(ctx.db.prisma, id, hashOf(token), new Date(now.getTime() + opts.ttlSeconds * 1000), now);
  return presentAttachment(row, `${presentAttachment(row).link.href}/content?token=${token}`);
}

/** V19 with a session: the bytes of an attachment of an activity the caller may read. */
export async function downloadAttachment(ctx: ServiceContext, activityId: bigint, id: bigint): Promise<Download> {
  await requireReadable(ctx, activityId);
  const file = await contentOf(ctx.db.prisma, activityId, id);
  if (!file) throw Err.idsNotFound([String(id)]);
  return file;
}

/**
 * V19 with `token` (no session): a token issued for this attachment, unused and not expired; a GET uses it up in
 * the statement that reads the bytes, a HEAD only checks it. Anything else → 404-101 on the attachment id.
 */
export async function downloadWithToken(
  ctx: Pick<ServiceContext, 'db' | 'now'>,
  activityId: bigint,
  id: bigint,
  token: string,
  consume: boolean,
): Promise<Download> {
  const file = token ? await downloadByToken(ctx.db.prisma, activityId, id, hashOf(token), ctx.now(), consume) : undefined;
  if (!file) throw Err.idsNotFound([String(id)]);
  return file;
}
