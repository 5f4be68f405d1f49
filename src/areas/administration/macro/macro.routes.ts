// Macros (07 §11): GET list and by ids, POST, PUT, DELETE under /system/ws/v12/administration/macro.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import { macroCreateQuery, macroGetQuery, macroListQuery, MacroCreate, MacroEdit } from './macro.schema.ts';
import { createMacro, deleteMacros, editMacros, getMacros, listMacros } from './macro.service.ts';
import { macroHref, macroShape } from './macro.presenter.ts';

const base = '/system/ws/v12/administration/macro';
const Ids = Type.Object({ ids: Type.String() });

export const macroRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(base, { config: { query: macroListQuery } }, async (request, reply) =>
    reply.representPage(macroShape, await listMacros(contextOf(request), request.parsed)),
  );

  app.get(`${base}/:ids`, { config: { query: macroGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const items = await getMacros(contextOf(request), pathIds(request.params.ids), request.parsed);
    return reply.represent({ kind: 'list', shape: macroShape, items });
  });

  app.post(
    base,
    { config: { query: macroCreateQuery, body: { resource: { key: 'macro', mode: 'single' } } }, schema: { body: MacroCreate } },
    async (request, reply) => {
      const created = await createMacro(contextOf(request), request.body as MacroCreate, request.parsed);
      return reply.header('Location', macroHref(created.id)).represent({ kind: 'list', shape: macroShape, items: [created] }, 201);
    },
  );

  app.put(base, { config: { body: { resource: { key: 'macro', mode: 'list' } } }, schema: { body: MacroEdit } }, async (request, reply) => {
    await editMacros(contextOf(request), request.body as MacroEdit);
    return reply.noContent();
  });

  app.delete(`${base}/:ids`, { schema: { params: Ids } }, async (request, reply) => {
    await deleteMacros(contextOf(request), pathIds(request.params.ids));
    return reply.noContent();
  });
};
