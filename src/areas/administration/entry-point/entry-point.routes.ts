// Chat entry points (07 §8): GET list and by ids, POST, PUT, DELETE under /system/ws/v12/administration/entrypoint.
// The camel-case segment `entryPoint` is the same resource (07 §1.3); links and Location always use `entrypoint`.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import { entryPointCreateQuery, entryPointGetQuery, entryPointListQuery, EntryPointCreate, EntryPointEdit } from './entry-point.schema.ts';
import { createEntryPoint, deleteEntryPoints, editEntryPoints, getEntryPoints, listEntryPoints } from './entry-point.service.ts';
import { entryPointHref, entryPointShape } from './entry-point.presenter.ts';

const Ids = Type.Object({ ids: Type.String() });

export const entryPointRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  for (const segment of ['entrypoint', 'entryPoint']) {
    const base = `/system/ws/v12/administration/${segment}`;
    const hide = segment !== 'entrypoint';

    app.get(base, { config: { query: entryPointListQuery }, schema: { hide } }, async (request, reply) =>
      reply.representPage(entryPointShape, await listEntryPoints(contextOf(request), request.parsed)),
    );

    app.get(`${base}/:ids`, { config: { query: entryPointGetQuery }, schema: { params: Ids, hide } }, async (request, reply) => {
      const items = await getEntryPoints(contextOf(request), pathIds(request.params.ids), request.parsed);
      return reply.represent({ kind: 'list', shape: entryPointShape, items });
    });

    app.post(
      base,
      {
        config: { query: entryPointCreateQuery, body: { resource: { key: 'entryPoint', mode: 'single' } } },
        schema: { body: EntryPointCreate, hide },
      },
      async (request, reply) => {
        const created = await createEntryPoint(contextOf(request), request.body as EntryPointCreate, request.parsed);
        return reply.header('Location', entryPointHref(created.id)).represent({ kind: 'list', shape: entryPointShape, items: [created] }, 201);
      },
    );

    app.put(base, { config: { body: { resource: { key: 'entryPoint', mode: 'list' } } }, schema: { body: EntryPointEdit, hide } }, async (request, reply) => {
      await editEntryPoints(contextOf(request), request.body as EntryPointEdit);
      return reply.noContent();
    });

    app.delete(`${base}/:ids`, { schema: { params: Ids, hide } }, async (request, reply) => {
      await deleteEntryPoints(contextOf(request), pathIds(request.params.ids));
      return reply.noContent();
    });
  }
};
