// The article-type endpoints of 06 §10, K43–K44, served under both spellings of the segment (06 §2).
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../../administration/shared/admin-edit.ts';
import { kbBase } from '../shared/kb.paths.ts';
import { articleTypeGetQuery, articleTypeListQuery } from './article-type.schema.ts';
import { articleTypeShape } from './article-type.presenter.ts';
import { getArticleTypes, listArticleTypes } from './article-type.service.ts';

const Ids = Type.Object({ ids: Type.String() });

export const articleTypeRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  for (const segment of ['articleType', 'articletype']) {
    const base = `${kbBase}/${segment}`;

    // K43
    app.get(base, { config: { query: articleTypeListQuery } }, async (request, reply) =>
      reply.representPage(articleTypeShape, await listArticleTypes(contextOf(request), request.parsed)),
    );

    // K44
    app.get(`${base}/:ids`, { config: { query: articleTypeGetQuery }, schema: { params: Ids } }, async (request, reply) => {
      const items = await getArticleTypes(contextOf(request), pathIds(request.params.ids), request.parsed);
      return reply.represent({ kind: 'list', shape: articleTypeShape, items });
    });
  }
};
