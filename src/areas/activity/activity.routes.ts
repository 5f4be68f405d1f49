// The activity endpoints of 05 §1. This part so far: V1 and V2 (reads).
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../service-context.ts';
import { pathIds } from '../administration/shared/admin-edit.ts';
import { activityGetQuery, activitySearchQuery } from './activity.schema.ts';
import { getActivities, searchActivities } from './activity.service.ts';
import { activityShape } from './activity.presenter.ts';

const base = '/system/ws/v12/interaction/activity';
const Ids = Type.Object({ ids: Type.String() });

export const activityRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // V1
  app.get(`${base}/:ids`, { config: { query: activityGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const items = await getActivities(contextOf(request), pathIds(request.params.ids), request.parsed);
    return reply.represent({ kind: 'list', shape: activityShape, items });
  });

  // V2
  app.get(base, { config: { query: activitySearchQuery } }, async (request, reply) =>
    reply.representPage(activityShape, await searchActivities(contextOf(request), request.parsed)),
  );
};
