// Standard messages (07 §12): GET list and by ids, POST, PUT, DELETE under /system/ws/v12/administration/message.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import { messageCreateQuery, messageGetQuery, messageListQuery, MessageCreate, MessageEdit } from './message.schema.ts';
import { createMessage, deleteMessages, editMessages, getMessages, listMessages } from './message.service.ts';
import { messageHref, messageShape } from './message.presenter.ts';

const base = '/system/ws/v12/administration/message';
const Ids = Type.Object({ ids: Type.String() });

export const messageRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(base, { config: { query: messageListQuery } }, async (request, reply) =>
    reply.representPage(messageShape, await listMessages(contextOf(request), request.parsed)),
  );

  app.get(`${base}/:ids`, { config: { query: messageGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const items = await getMessages(contextOf(request), pathIds(request.params.ids), request.parsed);
    return reply.represent({ kind: 'list', shape: messageShape, items });
  });

  app.post(
    base,
    { config: { query: messageCreateQuery, body: { resource: { key: 'message', mode: 'single' } } }, schema: { body: MessageCreate } },
    async (request, reply) => {
      const created = await createMessage(contextOf(request), request.body as MessageCreate, request.parsed);
      return reply.header('Location', messageHref(created.id)).represent({ kind: 'list', shape: messageShape, items: [created] }, 201);
    },
  );

  app.put(base, { config: { body: { resource: { key: 'message', mode: 'list' } } }, schema: { body: MessageEdit } }, async (request, reply) => {
    await editMessages(contextOf(request), request.body as MessageEdit);
    return reply.noContent();
  });

  app.delete(`${base}/:ids`, { schema: { params: Ids } }, async (request, reply) => {
    await deleteMessages(contextOf(request), pathIds(request.params.ids));
    return reply.noContent();
  });
};
