// Queues (07 §7): GET list and by ids, POST, PUT, DELETE under /system/ws/v12/administration/queue, and the live
// figures GET /system/ws/v12/administration/queue/{ids}/details.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import { queueCreateQuery, queueDetailsQuery, queueGetQuery, queueListQuery, QueueCreate, QueueEdit } from './queue.schema.ts';
import { createQueue, deleteQueues, editQueues, getQueues, listQueues } from './queue.service.ts';
import { queueHref, queueShape } from './queue.presenter.ts';
import { getQueueDetails, queueDetailsShape } from './queue.details.ts';

const base = '/system/ws/v12/administration/queue';
const Ids = Type.Object({ ids: Type.String() });

export const queueRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(base, { config: { query: queueListQuery } }, async (request, reply) =>
    reply.representPage(queueShape, await listQueues(contextOf(request), request.parsed)),
  );

  app.get(`${base}/:ids`, { config: { query: queueGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const ids = pathIds(request.params.ids);
    const items = await getQueues(contextOf(request), ids, request.parsed);
    return reply.represent({ kind: 'list', shape: queueShape, items });
  });

  app.get(`${base}/:ids/details`, { config: { query: queueDetailsQuery }, schema: { params: Ids } }, async (request, reply) => {
    const ids = pathIds(request.params.ids);
    const items = await getQueueDetails(contextOf(request), ids);
    return reply.represent({ kind: 'list', shape: queueDetailsShape, items });
  });

  app.post(
    base,
    { config: { query: queueCreateQuery, body: { resource: { key: 'queue', mode: 'single' } } }, schema: { body: QueueCreate } },
    async (request, reply) => {
      const created = await createQueue(contextOf(request), request.body as QueueCreate, request.parsed);
      return reply.header('Location', queueHref(created.id)).represent({ kind: 'list', shape: queueShape, items: [created] }, 201);
    },
  );

  app.put(base, { config: { body: { resource: { key: 'queue', mode: 'list' } } }, schema: { body: QueueEdit } }, async (request, reply) => {
    await editQueues(contextOf(request), request.body as QueueEdit);
    return reply.noContent();
  });

  app.delete(`${base}/:ids`, { schema: { params: Ids } }, async (request, reply) => {
    const ids = pathIds(request.params.ids);
    await deleteQueues(contextOf(request), ids);
    return reply.noContent();
  });
};
