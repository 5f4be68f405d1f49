// The knowledge attachment endpoints of 06 §7, K23–K29.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { parsePathId, parsePathIds } from '../../../query/ids.ts';
import { criterion } from '../../../query/parse.ts';
import { answerAffected } from '../shared/kb.affected.ts';
import { kbBase, kbHref } from '../shared/kb.paths.ts';
import { readLinkEdits, readNewLinks, readUpload } from './attachment.input.ts';
import { kbAttachmentShape } from './attachment.presenter.ts';
import {
  LinkAddBody,
  LinkEditBody,
  attachmentAddQuery,
  attachmentContentQuery,
  attachmentEditQuery,
  attachmentGetQuery,
  attachmentListQuery,
  attachmentUnlinkQuery,
  linkBodyConfig,
  uploadBodyConfig,
} from './attachment.schema.ts';
import {
  addLinks,
  affectedAttachments,
  downloadContent,
  editLinks,
  getAttachments,
  listAttachments,
  unlinkAttachments,
  uploadFile,
} from './attachment.service.ts';
import { attachmentDisposition } from '../../../content-store/content-disposition.ts';

const base = `${kbBase}/attachment`;
const Ids = Type.Object({ ids: Type.String() });
const Id = Type.Object({ id: Type.String() });
const IdAndAttachments = Type.Object({ id: Type.String(), attachmentIds: Type.String() });
const idsOf = (raw: string, name: string) => parsePathIds(raw, name).map(BigInt);
/** The numeric `article` of K23/K24 (the query spec has checked it). */
const articleOf = (q: Parameters<typeof criterion>[0]) => BigInt(criterion(q, 'article', 'id')!.value);

export const kbAttachmentRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // K23
  app.post(`${base}/internal`, { config: { query: attachmentAddQuery, body: uploadBodyConfig } }, async (request, reply) => {
    const ctx = contextOf(request);
    const upload = readUpload(request.multipart?.parts ?? [], await ctx.settings.get('kbAttachmentMaxBytes'));
    const item = await uploadFile(ctx, articleOf(request.parsed), upload, request.parsed);
    return reply.header('Location', kbHref.attachment(item.id)).represent({ kind: 'list', shape: kbAttachmentShape, items: [item] }, 201);
  });

  // K24
  app.post(`${base}/external`, { config: { query: attachmentAddQuery, body: linkBodyConfig }, schema: { body: LinkAddBody } }, async (request, reply) => {
    const links = readNewLinks(request.body as Record<string, unknown>[]);
    const items = await addLinks(contextOf(request), articleOf(request.parsed), links, request.parsed);
    return reply.header('Location', kbHref.attachment(items[0]!.id)).represent({ kind: 'list', shape: kbAttachmentShape, items }, 201);
  });

  // K25
  app.put(`${base}/external`, { config: { query: attachmentEditQuery, body: linkBodyConfig }, schema: { body: LinkEditBody } }, async (request, reply) => {
    const ctx = contextOf(request);
    const ids = await editLinks(ctx, readLinkEdits(request.body as Record<string, unknown>[]), request.parsed);
    return answerAffected(request, reply, kbAttachmentShape, () => affectedAttachments(ctx, ids, request.parsed));
  });

  // K26
  app.get(base, { config: { query: attachmentListQuery } }, async (request, reply) =>
    reply.representPage(kbAttachmentShape, await listAttachments(contextOf(request), request.parsed)),
  );

  // K27
  app.get(`${base}/:ids`, { config: { query: attachmentGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const items = await getAttachments(contextOf(request), idsOf(request.params.ids, 'ids'), request.parsed);
    return reply.represent({ kind: 'list', shape: kbAttachmentShape, items });
  });

  // K28: the bytes as stored, whatever Accept says; errors in the negotiated format (XML when Accept names neither).
  app.get(`${base}/:id/content`, { config: { query: attachmentContentQuery, format: 'bytes' }, schema: { params: Id } }, async (request, reply) => {
    const file = await downloadContent(contextOf(request), parsePathId(request.params.id), request.parsed);
    return reply
      .code(200)
      .header('Content-Type', file.contentType)
      .header('Content-Length', file.bytes.length)
      .header('Content-Disposition', attachmentDisposition(file.fileName))
      .header('X-Content-Type-Options', 'nosniff')
      .send(file.bytes);
  });

  // K29
  app.delete(`${kbBase}/article/:id/~link/kb/attachment/:attachmentIds`, { config: { query: attachmentUnlinkQuery }, schema: { params: IdAndAttachments } }, async (request, reply) => {
    const articleId = parsePathId(request.params.id);
    await unlinkAttachments(contextOf(request), articleId, idsOf(request.params.attachmentIds, 'attachmentIds'), request.parsed);
    return reply.noContent();
  });
};
