// Custom attribute definitions (07 §13): GET list and by ids, POST, PUT, DELETE under
// /system/ws/v12/administration/customattribute. The camel-case segment `customAttribute` is the same resource
// (07 §1.3); it is left out of the OpenAPI document.
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { contextOf } from '../../service-context.ts';
import { pathIds } from '../shared/admin-edit.ts';
import {
  customAttributeCreateQuery,
  customAttributeGetQuery,
  customAttributeListQuery,
  CustomAttributeCreate,
  CustomAttributeEdit,
} from './custom-attribute.schema.ts';
import { createCustomAttribute, deleteCustomAttributes, editCustomAttributes, getCustomAttributes, listCustomAttributes } from './custom-attribute.service.ts';
import { customAttributeHref, customAttributeShape } from './custom-attribute.presenter.ts';

const tags = ['administration'];
const Ids = Type.Object({ ids: Type.String() });
const key = 'customAttributeDefinition';

export const customAttributeRoutes: FastifyPluginAsync = async (plugin) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  for (const segment of ['customattribute', 'customAttribute']) {
    const base = `/system/ws/v12/administration/${segment}`;
    const hide = segment !== 'customattribute';

    app.get(
      base,
      { config: { query: customAttributeListQuery }, schema: { tags, summary: 'List custom attribute definitions (07 §13)', hide } },
      async (request, reply) => reply.representPage(customAttributeShape, await listCustomAttributes(contextOf(request), request.parsed)),
    );

    app.get(
      `${base}/:ids`,
      { config: { query: customAttributeGetQuery }, schema: { tags, summary: 'Custom attribute definitions by ids (07 §13)', params: Ids, hide } },
      async (request, reply) => {
        const items = await getCustomAttributes(contextOf(request), pathIds(request.params.ids), request.parsed);
        return reply.represent({ kind: 'list', shape: customAttributeShape, items });
      },
    );

    app.post(
      base,
      {
        config: { query: customAttributeCreateQuery, body: { resource: { key, mode: 'single' } } },
        schema: { tags, summary: 'Create a custom attribute definition (07 §13)', body: CustomAttributeCreate, hide },
      },
      async (request, reply) => {
        const created = await createCustomAttribute(contextOf(request), request.body as CustomAttributeCreate, request.parsed);
        return reply.header('Location', customAttributeHref(created.id)).represent({ kind: 'list', shape: customAttributeShape, items: [created] }, 201);
      },
    );

    app.put(
      base,
      {
        config: { body: { resource: { key, mode: 'list' } } },
        schema: { tags, summary: 'Edit custom attribute definitions (07 §13)', body: CustomAttributeEdit, hide },
      },
      async (request, reply) => {
        await editCustomAttributes(contextOf(request), request.body as CustomAttributeEdit);
        return reply.noContent();
      },
    );

    app.delete(
      `${base}/:ids`,
      { schema: { tags, summary: 'Delete custom attribute definitions (07 §13)', params: Ids, hide } },
      async (request, reply) => {
        await deleteCustomAttributes(contextOf(request), pathIds(request.params.ids));
        return reply.noContent();
      },
    );
  }
};
