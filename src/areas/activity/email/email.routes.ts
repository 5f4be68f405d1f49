// The email endpoints of 05: V3 inbound email and V4 compose and save (one URL, told apart by
// `type.subtype.value`), V5 compose and send, V17–V19 attachments. Registered by activity.routes.ts.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { attachmentDisposition } from '../../../content-store/content-disposition.ts';
import { parsePathId } from '../../../query/ids.ts';
import { criterion } from '../../../query/parse.ts';
import { contextOf } from '../../service-context.ts';
import { activityHref, activityShape } from '../activity.presenter.ts';
import { getActivities } from '../activity.service.ts';
import { readAttachments } from './attachment.input.ts';
import { attachmentShape } from './attachment.presenter.ts';
import { downloadAttachment, downloadWithToken, getAttachment, listAttachments } from './attachment.service.ts';
import { hasToken, sessionUnlessToken } from './attachment.session.ts';
import type { Download } from './attachment.queries.ts';
import { composeEmail } from './compose.service.ts';
import { readEmail } from './email.input.ts';
import { attachmentContentQuery, attachmentGetQuery, attachmentListQuery, CreateBody, createBodyConfig, createQuery } from './email.schema.ts';
import { createInboundEmail } from './inbound.service.ts';
import { dispatchOutbound } from './outbound-mailer.ts';

const base = '/system/ws/v12/interaction/activity';
const Id = Type.Object({ id: Type.String() });
const IdAndAttachment = Type.Object({ id: Type.String(), attachmentId: Type.String() });

/** The body and file parts of a create request, read and checked (400-150/152/153/160) before any permission. */
function readCreate(request: FastifyRequest, send: boolean) {
  const files = request.multipart?.files ?? [];
  const input = readEmail(request.body as Record<string, unknown>, { hasFiles: files.length > 0, send });
  return { input, attachments: readAttachments(files, input.html) };
}

/** 201 with Location and the new activity as V1 renders it (default set, or as `$attribute` asks). */
async function answerCreated(request: FastifyRequest, reply: FastifyReply, id: bigint) {
  const items = await getActivities(contextOf(request), [id], request.parsed);
  return reply.header('Location', activityHref(id)).represent({ kind: 'list', shape: activityShape, items }, 201);
}

const expandMacros = (request: FastifyRequest) => criterion(request.parsed, 'expandMacros', 'boolean')?.value === true;

function sendFile(reply: FastifyReply, file: Download) {
  return reply
    .code(200)
    .header('Content-Type', file.contentType)
    .header('Content-Length', file.bytes.length)
    .header('Content-Disposition', attachmentDisposition(file.fileName, { extended: 'always' }))
    .header('Cache-Control', 'no-store')
    .header('X-Content-Type-Options', 'nosniff')
    .send(file.bytes);
}

export const emailRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // V3 (subtype general), V4 (subtype compose).
  app.post(base, { config: { query: createQuery, body: createBodyConfig }, schema: { body: CreateBody } }, async (request, reply) => {
    const { input, attachments } = readCreate(request, false);
    const ctx = contextOf(request);
    const id =
      input.subtype === 'general'
        ? await createInboundEmail(ctx, input, attachments)
        : (await composeEmail(ctx, input, attachments, { send: false, expandMacros: expandMacros(request) })).id;
    return answerCreated(request, reply, id);
  });

  // V5
  app.post(`${base}/send`, { config: { query: createQuery, body: createBodyConfig }, schema: { body: CreateBody } }, async (request, reply) => {
    const { input, attachments } = readCreate(request, true);
    const sent = await composeEmail(contextOf(request), input, attachments, { send: true, expandMacros: expandMacros(request) });
    // After the commit: the delivery hook gets the email as stored (docs/email.md).
    if (sent.mail) dispatchOutbound(sent.mail, request.log);
    return answerCreated(request, reply, sent.id);
  });

  // V17
  app.get(`${base}/:id/attachment`, { config: { query: attachmentListQuery }, schema: { params: Id } }, async (request, reply) => {
    const items = await listAttachments(contextOf(request), parsePathId(request.params.id));
    return items.length ? reply.represent({ kind: 'list', shape: attachmentShape, items }) : reply.noContent();
  });

  // V18
  app.get(`${base}/:id/attachment/:attachmentId`, { config: { query: attachmentGetQuery }, schema: { params: IdAndAttachment } }, async (request, reply) => {
    const q = request.parsed;
    const item = await getAttachment(contextOf(request), parsePathId(request.params.id), parsePathId(request.params.attachmentId, 'attachmentId'), {
      withUrl: q.attributes.has('contentUrl') || q.attributes.has('all'),
      ttlSeconds: request.server.config.attachmentUrlTtlSeconds,
    });
    return reply.represent({ kind: 'list', shape: attachmentShape, items: [item] });
  });

  // V19: public with `token`, else a session that may read the activity; the bytes whatever Accept says.
  app.get(
    `${base}/:id/attachment/:attachmentId/content`,
    { config: { query: attachmentContentQuery, format: 'bytes', public: true }, schema: { params: IdAndAttachment }, onRequest: sessionUnlessToken },
    async (request, reply) => {
      const activityId = parsePathId(request.params.id);
      const id = parsePathId(request.params.attachmentId, 'attachmentId');
      if (hasToken(request)) {
        const token = criterion(request.parsed, 'token', 'string')?.value ?? '';
        const file = await downloadWithToken({ db: request.server.db, now: request.server.auth.now }, activityId, id, token, request.method !== 'HEAD');
        return sendFile(reply, file);
      }
      return sendFile(reply, await downloadAttachment(contextOf(request), activityId, id));
    },
  );
};
