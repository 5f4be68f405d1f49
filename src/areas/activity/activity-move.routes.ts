// Activity write endpoints (05 §9): see activity.routes.ts for which this file serves. The moves: V8 change customer
// (05 §9.9) and V9 change case (05 §9.10); the rules are in activity-move.service.ts.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../service-context.ts';
import { pathIds } from '../administration/shared/admin-edit.ts';
import { criterion } from '../../query/parse.ts';
import type { QuerySpec } from '../../query/spec.ts';
import { caseHref, caseShape } from '../case/case.presenter.ts';
import { ChangeCaseBody, ChangeCustomerBody, changeCase, changeCustomer } from './activity-move.service.ts';

const base = '/system/ws/v12/interaction/activity';
const Ids = Type.Object({ ids: Type.String() });
const changeCaseQuery: QuerySpec = { mode: 'action', criteria: [{ name: 'relateCase', kind: 'boolean' }] };

export const activityMoveRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // V8
  app.put(
    `${base}/changecustomer`,
    { config: { body: { resource: { key: 'activity', mode: 'list' } } }, schema: { body: ChangeCustomerBody } },
    async (request, reply) => {
      await changeCustomer(contextOf(request), request.body);
      return reply.noContent();
    },
  );

  // V9: a new case → 201 with the case; an existing one → 204.
  app.put(
    `${base}/:ids/changecase`,
    { config: { query: changeCaseQuery, body: { resource: { key: 'case', mode: 'single' } } }, schema: { params: Ids, body: ChangeCaseBody } },
    async (request, reply) => {
      const relate = criterion(request.parsed, 'relateCase', 'boolean')?.value ?? false;
      const created = await changeCase(contextOf(request), pathIds(request.params.ids), request.body as Record<string, unknown>, relate);
      if (!created) return reply.noContent();
      return reply.header('Location', caseHref(created.id)).represent({ kind: 'list', shape: caseShape, items: [created] }, 201);
    },
  );
};
