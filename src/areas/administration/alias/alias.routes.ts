// Email aliases (07 §9): GET list and by ids, POST, PUT, DELETE under /system/ws/v12/administration/alias.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import { aliasCreateQuery, aliasGetQuery, aliasListQuery, AliasCreate, AliasEdit } from './alias.schema.ts';
import { createAlias, deleteAliases, editAliases, getAliases, listAliases } from './alias.service.ts';
import { aliasHref, aliasShape } from './alias.presenter.ts';

const base = '/system/ws/v12/administration/alias';
const Ids = Type.Object({ ids: Type.String() });

export const aliasRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(base, { config: { query: aliasListQuery } }, async (request, reply) =>
    reply.representPage(aliasShape, await listAliases(contextOf(request), request.parsed)),
  );

  app.get(`${base}/:ids`, { config: { query: aliasGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const items = await getAliases(contextOf(request), pathIds(request.params.ids), request.parsed);
    return reply.represent({ kind: 'list', shape: aliasShape, items });
  });

  app.post(
    base,
    { config: { query: aliasCreateQuery, body: { resource: { key: 'alias', mode: 'single' } } }, schema: { body: AliasCreate } },
    async (request, reply) => {
      const created = await createAlias(contextOf(request), request.body as AliasCreate, request.parsed);
      return reply.header('Location', aliasHref(created.id)).represent({ kind: 'list', shape: aliasShape, items: [created] }, 201);
    },
  );

  app.put(base, { config: { body: { resource: { key: 'alias', mode: 'list' } } }, schema: { body: AliasEdit } }, async (request, reply) => {
    await editAliases(contextOf(request), request.body as AliasEdit);
    return reply.noContent();
  });

  app.delete(`${base}/:ids`, { schema: { params: Ids } }, async (request, reply) => {
    await deleteAliases(contextOf(request), pathIds(request.params.ids));
    return reply.noContent();
  });
};
