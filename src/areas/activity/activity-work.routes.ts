// Activity assignment and status (05 §9.8 V7 complete, §9.11 V10/V11 transfer, §9.12 V12 pick, §9.13 V13 pull);
// registered by activity.routes.ts.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { QuerySpec } from '../../query/spec.ts';
import { contextOf } from '../service-context.ts';
import { BatchBody } from './activity.write.ts';
import { NS } from '../../representation/namespaces.ts';
import { f, resource } from '../../representation/shape.ts';
import { activityShape, activityHref } from './activity.presenter.ts';
import { completeActivities, pickActivities, pullActivities, transferActivities, transferTarget } from './activity-work.service.ts';

const base = '/system/ws/v12/interaction/activity';
const batch = { body: { resource: { key: 'activity', mode: 'list' as const } } };
const unpin = { name: 'unpin', kind: 'boolean' } as const;
/** `unpin` is accepted and has no effect (05 §4.2: nothing is ever pinned). */
const pickQuery: QuerySpec = { mode: 'action', criteria: [unpin] };
const transferQuery: QuerySpec = {
  mode: 'action',
  criteria: [{ name: 'user', kind: 'id' }, { name: 'queue', kind: 'id' }, unpin],
  exclusive: [['user', 'queue']],
};

/** V13 answers each pulled activity with `id` and `link` only (05 §9.13). */
const pulledShape = resource('activity', NS.activity, { id: f.id(), link: f.link() }, 'activities');

export const activityWorkRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // V7
  app.put(`${base}/complete`, { config: batch, schema: { body: BatchBody } }, async (request, reply) => {
    const items = await completeActivities(contextOf(request), request.body, request.parsed);
    return reply.represent({ kind: 'list', shape: activityShape, items });
  });

  // V10, V11
  app.put(`${base}/transfer`, { config: { ...batch, query: transferQuery }, schema: { body: BatchBody } }, async (request, reply) => {
    const target = transferTarget(request.parsed);
    await transferActivities(contextOf(request), target, request.body);
    return reply.noContent();
  });

  // V12
  app.put(`${base}/pick`, { config: { ...batch, query: pickQuery }, schema: { body: BatchBody } }, async (request, reply) => {
    await pickActivities(contextOf(request), request.body);
    return reply.noContent();
  });

  // V13: no body (any body sent is ignored).
  app.put(`${base}/pull`, async (request, reply) => {
    const ids = await pullActivities(contextOf(request));
    if (!ids.length) return reply.noContent();
    return reply.represent({ kind: 'list', shape: pulledShape, items: ids.map((id) => ({ id: String(id), link: { rel: 'self', href: activityHref(id) } })) });
  });
};
