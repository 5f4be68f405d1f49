// 07 §18 client applications: list (filters state, name), by ids, create, edit, delete (soft), secret rotation.
// The camel-case path segment `clientApplication` is the same resource (07 §1.3).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import { B } from '../../../platform/body-schema.ts';
import { parseId, parsePathIds } from '../../../query/ids.ts';
import { Err } from '../../../errors/app-error.ts';
import type { QuerySpec } from '../../../query/spec.ts';
import { contextOf } from '../../service-context.ts';
import { clientApplicationPath, clientApplicationShape } from './client-application.presenter.ts';
import {
  createClientApplication,
  deleteClientApplications,
  editClientApplications,
  getClientApplications,
  listClientApplications,
  rotateSecrets,
  type CreateInput,
  type EditInput,
} from './client-application.service.ts';

const tags = ['administration'];

/** A schema that also takes JSON null (an empty XML element becomes null too): 01 §3.2 "absent" on create, "clear" on edit. */
const nullable = <T extends TSchema>(s: T) => Type.Unsafe({ ...s, type: [s.type as string, 'null'] });

/**
 * An enumeration in a body. `value` is optional so that an empty value (`{"value":""}`) fails as an invalid value
 * (400-152) rather than a missing one: every enumeration of this resource is required or defaulted.
 */
const enumIn = (values: readonly string[]) =>
  Type.Object({
    // Written as anyOf even for one value: Type.Union of a single literal collapses to the literal, and the lenient
    // reader (platform/body-schema.ts) matches the letter case of enumeration values through anyOf.
    value: Type.Optional(Type.Unsafe<string>({ anyOf: values.map((v) => ({ type: 'string', const: v })), 'x-ece': 'enum' })),
  });

/** References by id only (07 §18); an item without one is a missing attribute (400-153). */
const EntryPoints = nullable(Type.Object({ entryPoint: Type.Optional(B.list(Type.Object({ id: B.id() }))) }));

const CreateBody = Type.Object({
  name: B.text(),
  description: Type.Optional(nullable(B.multiline(4000))),
  type: Type.Optional(nullable(enumIn(['chat']))),
  state: Type.Optional(nullable(enumIn(['active', 'inactive']))),
  callbackUrl: B.text(2000),
  entryPoints: Type.Optional(EntryPoints),
});

const EditBody = B.list(
  Type.Object({
    id: B.id(),
    name: Type.Optional(nullable(B.text())),
    description: Type.Optional(nullable(B.multiline(4000))),
    state: Type.Optional(nullable(enumIn(['active', 'inactive']))),
    callbackUrl: Type.Optional(nullable(B.text(2000))),
    // 07 §18: may only be set to `active` (the server deactivates it after failed deliveries).
    callbackState: Type.Optional(nullable(enumIn(['active']))),
    entryPoints: Type.Optional(EntryPoints),
    lastModified: Type.Optional(Type.Object({ date: Type.Optional(Type.String()) })),
  }),
);

const listQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'state', kind: 'enum', values: ['active', 'inactive'] },
    { name: 'name', kind: 'string' },
  ],
  sort: ['name'],
  attributes: ['created'],
};
const getQuery: QuerySpec = { mode: 'get', attributes: ['created'] };
const answerQuery: QuerySpec = { mode: 'action', attributes: ['created'] };

export const clientApplicationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  for (const segment of ['clientapplication', 'clientApplication']) {
    const base = `/system/ws/v12/administration/${segment}`;
    const hide = segment !== 'clientapplication';

    app.get(
      base,
      { config: { query: listQuery }, schema: { tags, summary: 'List client applications (07 §18)', hide } },
      async (request, reply) => reply.representPage(clientApplicationShape, await listClientApplications(contextOf(request), request.parsed)),
    );

    app.get(
      `${base}/:ids`,
      { config: { query: getQuery }, schema: { tags, summary: 'Client applications by ids (07 §18)', params: Type.Object({ ids: Type.String() }), hide } },
      async (request, reply) => {
        const ids = parsePathIds(request.params.ids);
        const items = await getClientApplications(contextOf(request), ids, request.parsed);
        return reply.represent({ kind: 'list', shape: clientApplicationShape, items });
      },
    );

    app.post(
      base,
      {
        config: { query: answerQuery, body: { resource: { key: 'clientApplication', mode: 'single' } } },
        schema: { tags, summary: 'Create a client application (07 §18)', body: CreateBody, hide },
      },
      async (request, reply) => {
        const item = await createClientApplication(contextOf(request), request.body as CreateInput, request.parsed);
        return reply.header('Location', `${clientApplicationPath}/${String(item.id)}`).represent({ kind: 'list', shape: clientApplicationShape, items: [item] }, 201);
      },
    );

    app.put(
      base,
      {
        config: { body: { resource: { key: 'clientApplication', mode: 'list' } } },
        schema: { tags, summary: 'Edit client applications (07 §18)', body: EditBody, hide },
      },
      async (request, reply) => {
        await editClientApplications(contextOf(request), request.body as EditInput[]);
        return reply.noContent();
      },
    );

    app.delete(
      `${base}/:ids`,
      { schema: { tags, summary: 'Delete client applications (07 §18)', params: Type.Object({ ids: Type.String() }), hide } },
      async (request, reply) => {
        await deleteClientApplications(contextOf(request), parsePathIds(request.params.ids));
        return reply.noContent();
      },
    );

    app.post(
      `${base}/:id/secret`,
      {
        config: { query: answerQuery },
        schema: { tags, summary: 'Rotate the secrets of a client application (07 §18)', params: Type.Object({ id: Type.String() }), hide },
      },
      async (request, reply) => {
        const id = parseId(request.params.id);
        if (id === null) throw Err.invalidParam('id', request.params.id);
        const item = await rotateSecrets(contextOf(request), id, request.parsed);
        return reply.represent({ kind: 'list', shape: clientApplicationShape, items: [item] });
      },
    );
  }
};
