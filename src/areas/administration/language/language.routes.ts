// Languages (07 §14): GET list and by ids, POST, PUT under /system/ws/v12/administration/language. DELETE is not a
// route, so it answers 405-100.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import { languageCreateQuery, languageGetQuery, languageListQuery, LanguageCreate, LanguageEdit } from './language.schema.ts';
import { createLanguage, editLanguages, getLanguages, listLanguages } from './language.service.ts';
import { languageHref, languageShape } from './language.presenter.ts';

const base = '/system/ws/v12/administration/language';

export const languageRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(base, { config: { query: languageListQuery } }, async (request, reply) =>
    reply.representPage(languageShape, await listLanguages(contextOf(request), request.parsed)),
  );

  app.get(`${base}/:ids`, { config: { query: languageGetQuery }, schema: { params: Type.Object({ ids: Type.String() }) } }, async (request, reply) => {
    const ids = pathIds(request.params.ids);
    return reply.represent({ kind: 'list', shape: languageShape, items: await getLanguages(contextOf(request), ids, request.parsed) });
  });

  app.post(
    base,
    { config: { query: languageCreateQuery, body: { resource: { key: 'language', mode: 'single' } } }, schema: { body: LanguageCreate } },
    async (request, reply) => {
      const created = await createLanguage(contextOf(request), request.body, request.parsed);
      return reply.header('Location', languageHref(created.id)).represent({ kind: 'list', shape: languageShape, items: [created] }, 201);
    },
  );

  app.put(base, { config: { body: { resource: { key: 'language', mode: 'list' } } }, schema: { body: LanguageEdit } }, async (request, reply) => {
    await editLanguages(contextOf(request), request.body);
    return reply.noContent();
  });
};
