// User groups (07 §5): GET list and by ids, POST, PUT, DELETE under /system/ws/v12/administration/group.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import { groupCreateQuery, groupGetQuery, groupListQuery, GroupCreate, GroupEdit } from './group.schema.ts';
import { createGroup, deleteGroups, editGroups, getGroups, listGroups } from './group.service.ts';
import { groupHref, groupShape } from './group.presenter.ts';

const base = '/system/ws/v12/administration/group';
const Ids = Type.Object({ ids: Type.String() });

export const groupRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(base, { config: { query: groupListQuery } }, async (request, reply) =>
    reply.representPage(groupShape, await listGroups(contextOf(request), request.parsed)),
  );

  app.get(`${base}/:ids`, { config: { query: groupGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const ids = pathIds(request.params.ids);
    const items = await getGroups(contextOf(request), ids, request.parsed);
    return reply.represent({ kind: 'list', shape: groupShape, items });
  });

  app.post(
    base,
    { config: { query: groupCreateQuery, body: { resource: { key: 'group', mode: 'single' } } }, schema: { body: GroupCreate } },
    async (request, reply) => {
      const created = await createGroup(contextOf(request), request.body as GroupCreate, request.parsed);
      return reply.header('Location', groupHref(created.id)).represent({ kind: 'list', shape: groupShape, items: [created] }, 201);
    },
  );

  app.put(base, { config: { body: { resource: { key: 'group', mode: 'list' } } }, schema: { body: GroupEdit } }, async (request, reply) => {
    await editGroups(contextOf(request), request.body as GroupEdit);
    return reply.noContent();
  });

  app.delete(`${base}/:ids`, { schema: { params: Ids } }, async (request, reply) => {
    const ids = pathIds(request.params.ids);
    await deleteGroups(contextOf(request), ids);
    return reply.noContent();
  });
};
