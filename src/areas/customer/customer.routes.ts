// The customer endpoints of 03 §1, U1–U10.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../service-context.ts';
import { pathIds } from '../administration/shared/admin-edit.ts';
import { parsePathId } from '../../query/ids.ts';
import {
  CustomerBody,
  GrantBody,
  customerCreateQuery,
  customerGetQuery,
  customerMetadataQuery,
  customerSearchQuery,
} from './customer.schema.ts';
import { createCustomer, editCustomer, getContextCustomer, getCustomers, searchCustomers } from './customer.service.ts';
import { customerHref, customerShape } from './customer.presenter.ts';
import { attributeShape, customerMetadata } from './customer.metadata.ts';
import { createGrants, getGrants, grantsShape, revokeGrants } from './grant.ts';

const base = '/system/ws/v12/interaction/customer';
const context = '/system/ws/v15/context/interaction/customer';
const Ids = Type.Object({ ids: Type.String() });
const Id = Type.Object({ id: Type.String() });
const IdAndIds = Type.Object({ id: Type.String(), ids: Type.String() });
const singleBody = { resource: { key: 'customer', mode: 'single' as const } };


export const customerRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  // U7 (registered before U1: `attributes` is not an id).
  app.get(`${base}/attributes`, { config: { query: customerMetadataQuery } }, async (request, reply) =>
    reply.represent({ kind: 'list', shape: attributeShape, items: await customerMetadata(contextOf(request), request.parsed) }),
  );

  // U1
  app.get(`${base}/:ids`, { config: { query: customerGetQuery }, schema: { params: Ids } }, async (request, reply) => {
    const items = await getCustomers(contextOf(request), pathIds(request.params.ids), request.parsed);
    return reply.represent({ kind: 'list', shape: customerShape, items });
  });

  // U2
  app.get(base, { config: { query: customerSearchQuery } }, async (request, reply) =>
    reply.representPage(customerShape, await searchCustomers(contextOf(request), request.parsed)),
  );

  // U3
  app.post(base, { config: { query: customerCreateQuery, body: singleBody }, schema: { body: CustomerBody } }, async (request, reply) => {
    const created = await createCustomer(contextOf(request), request.body as Record<string, unknown>, request.parsed);
    return reply.header('Location', customerHref(created.id)).represent({ kind: 'list', shape: customerShape, items: [created] }, 201);
  });

  // U4
  app.put(base, { config: { body: singleBody }, schema: { body: CustomerBody } }, async (request, reply) => {
    await editCustomer(contextOf(request), request.body as Record<string, unknown>, { contextual: false });
    return reply.noContent();
  });

  // U5, U6
  app.get(context, { config: { query: customerGetQuery } }, async (request, reply) => {
    const items = await getContextCustomer(contextOf(request), request.parsed);
    return reply.represent({ kind: 'list', shape: customerShape, items });
  });
  app.put(context, { config: { body: singleBody }, schema: { body: CustomerBody } }, async (request, reply) => {
    await editCustomer(contextOf(request), request.body as Record<string, unknown>, { contextual: true });
    return reply.noContent();
  });

  // U8
  app.post(`${base}/grant`, { config: { body: { resource: { key: 'grants', mode: 'single' } } }, schema: { body: GrantBody } }, async (request, reply) => {
    const { id, view } = await createGrants(contextOf(request), request.body as Record<string, unknown>);
    return reply.header('Location', `${customerHref(id)}/grant`).represent({ kind: 'bare', root: 'grants', shape: grantsShape, value: view }, 201);
  });

  // U9
  app.get(`${base}/:id/grant`, { schema: { params: Id } }, async (request, reply) => {
    const view = await getGrants(contextOf(request), parsePathId(request.params.id));
    return view ? reply.represent({ kind: 'bare', root: 'grants', shape: grantsShape, value: view }) : reply.noContent();
  });

  // U10
  app.delete(`${base}/:id/grant/:ids`, { schema: { params: IdAndIds } }, async (request, reply) => {
    await revokeGrants(contextOf(request), parsePathId(request.params.id), pathIds(request.params.ids));
    return reply.noContent();
  });
};
