// The activity endpoints of 05 §1: the reads V1 and V2 here; the writes in three plugins by kind of change:
// assignment and status (V7, V10–V13), moves (V8, V9), edits, notes and masking (V6, V14–V16, V20); the email
// channel (V3–V5 create, V17–V19 attachments) in email/.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../service-context.ts';
import { pathIds } from '../administration/shared/admin-edit.ts';
import { activityGetQuery, activitySearchQuery } from './activity.schema.ts';
import { getActivities, searchActivities } from './activity.service.ts';
import { activityShape } from './activity.presenter.ts';
import { activityWorkRoutes } from './activity-work.routes.ts';
import { activityMoveRoutes } from './activity-move.routes.ts';
import { activityEditRoutes } from './activity-edit.routes.ts';
import { emailRoutes } from './email/email.routes.ts';

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

  await app.register(activityWorkRoutes);
  await app.register(activityMoveRoutes);
  await app.register(activityEditRoutes);
  await app.register(emailRoutes);
};
