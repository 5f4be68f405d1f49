// Roles (07 §6): GET list and by ids only; POST, PUT and DELETE are not routes, so they answer 405-100.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { QuerySpec } from '../../../query/spec.ts';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import { roleShape } from './role.presenter.ts';
import { getRoles, listRoles } from './role.service.ts';

const base = '/system/ws/v12/administration/role';
/** No filters and no attribute groups (blank and `all` are still accepted); `$sort` by id only. */
const listQuery: QuerySpec = { mode: 'list', attributes: [] };
const getQuery: QuerySpec = { mode: 'get', attributes: [] };

export const roleRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get(base, { config: { query: listQuery } }, async (request, reply) => reply.representPage(roleShape, listRoles(contextOf(request), request.parsed)));

  app.get(`${base}/:ids`, { config: { query: getQuery }, schema: { params: Type.Object({ ids: Type.String() }) } }, async (request, reply) => {
    const ids = pathIds(request.params.ids);
    return reply.represent({ kind: 'list', shape: roleShape, items: getRoles(contextOf(request), ids) });
  });
};
