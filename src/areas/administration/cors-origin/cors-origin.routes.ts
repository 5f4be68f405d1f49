// 07 §15 CORS origin whitelist: list, by ids, create (1–75), delete. PUT → 405-100 (no route). The camel-case path
// segment `corsOrigin` is the same resource (07 §1.3).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { B } from '../../../platform/body-schema.ts';
import { parsePathIds } from '../../../query/ids.ts';
import { contextOf } from '../../service-context.ts';
import { corsOriginPath, corsOriginShape } from './cors-origin.presenter.ts';
import { createCorsOrigins, deleteCorsOrigins, environmentOrigins, getCorsOrigins, listCorsOrigins } from './cors-origin.service.ts';

const tags = ['administration'];
const Ids = Type.Object({ ids: Type.String() });
const CorsOriginBody = B.list(Type.Object({ origin: B.text(2000) }));

export const corsOriginRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const environment = environmentOrigins(app.config.corsOrigins);

  for (const segment of ['corsorigin', 'corsOrigin']) {
    const base = `/system/ws/v12/administration/${segment}`;
    const hide = segment !== 'corsorigin';

    app.get(
      base,
      {
        config: { query: { mode: 'list', sort: ['origin'], defaultSort: 'origin', attributes: ['created'] } },
        schema: { tags, summary: 'List the CORS origin whitelist (07 §15)', hide },
      },
      async (request, reply) => reply.representPage(corsOriginShape, await listCorsOrigins(contextOf(request), request.parsed, environment)),
    );

    app.get(
      `${base}/:ids`,
      {
        config: { query: { mode: 'get', attributes: ['created'] } },
        schema: { tags, summary: 'CORS origins by ids (07 §15)', params: Ids, hide },
      },
      async (request, reply) => {
        const ids = parsePathIds(request.params.ids);
        const items = await getCorsOrigins(contextOf(request), ids);
        return reply.represent({ kind: 'list', shape: corsOriginShape, items });
      },
    );

    app.post(
      base,
      {
        config: { query: { mode: 'action', attributes: ['created'] }, body: { resource: { key: 'corsOrigin', mode: 'list' } } },
        schema: { tags, summary: 'Add origins to the CORS whitelist (07 §15)', body: CorsOriginBody, hide },
      },
      async (request, reply) => {
        const items = await createCorsOrigins(contextOf(request), request.body, environment);
        return reply.header('Location', `${corsOriginPath}/${String(items[0]!.id)}`).represent({ kind: 'list', shape: corsOriginShape, items }, 201);
      },
    );

    app.delete(
      `${base}/:ids`,
      { schema: { tags, summary: 'Remove origins from the CORS whitelist (07 §15)', params: Ids, hide } },
      async (request, reply) => {
        await deleteCorsOrigins(contextOf(request), parsePathIds(request.params.ids));
        return reply.noContent();
      },
    );
  }
};
