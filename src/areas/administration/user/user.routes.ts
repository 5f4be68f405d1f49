// 07 §3: the user endpoints. Each route is the spec's row: path, query spec, body spec, one service call, one answer.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Err } from '../../../errors/app-error.ts';
import { parseId, parsePathIds } from '../../../query/ids.ts';
import type { QuerySpec } from '../../../query/spec.ts';
import { contextOf } from '../../service-context.ts';
import { userAttributes, userHref, userShape } from './user.presenter.ts';
import { AvailabilityBody, CreateUserBody, EditUserBody, PasswordBody } from './user.schema.ts';
import { createUser, deleteUsers, editUsers, getUserByLogin, getUsers, searchUsers, setAvailability, setPassword } from './user.service.ts';

const base = '/system/ws/v12/administration/user';
const tags = ['administration'];

const searchQuery: QuerySpec = {
  mode: 'search',
  criteria: [
    { name: 'department', kind: 'string' },
    { name: 'group', kind: 'id' },
    { name: 'queue', kind: 'id' },
    { name: 'role', kind: 'enum', values: ['administrator', 'supervisor', 'agent'] },
    { name: 'loginId', kind: 'string' },
    { name: 'screenName', kind: 'string' },
    { name: 'name', kind: 'string' },
    { name: 'emailAddress', kind: 'email' },
    { name: 'state', kind: 'enum', values: ['enabled', 'disabled', 'deleted'] },
    { name: 'availability.chat', kind: 'enum', values: ['available', 'unavailable'] },
    { name: 'availability.email', kind: 'enum', values: ['available', 'unavailable'] },
  ],
  notEnough: ['state'],
  sort: ['loginId', 'screenName', 'firstName', 'lastName'],
  attributes: userAttributes,
};
const getQuery: QuerySpec = { mode: 'get', attributes: userAttributes };
const createQuery: QuerySpec = { mode: 'action', attributes: userAttributes };

const IdsParams = Type.Object({ ids: Type.String() });
const IdParams = Type.Object({ id: Type.String() });

/** One id in the path (`{id}`): a positive decimal integer, else 400-102. */
function pathId(raw: string): string {
  const id = parseId(raw);
  if (id === null) throw Err.invalidParam('id', raw);
  return id;
}

// A character XML cannot carry in a path parameter → 400-102 (01 §3.4).
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export const userRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { ids: string } }>(
    `${base}/:ids`,
    { config: { query: getQuery }, schema: { tags, summary: 'Get users by ids (07 §3.2)', params: IdsParams } },
    async (request, reply) => {
      const items = await getUsers(contextOf(request), parsePathIds(request.params.ids), request.parsed);
      return reply.represent({ kind: 'list', shape: userShape, items });
    },
  );

  app.get(
    base,
    { config: { query: searchQuery }, schema: { tags, summary: 'Search users (07 §3.3)' } },
    async (request, reply) => reply.representPage(userShape, await searchUsers(contextOf(request), request.parsed)),
  );

  app.get<{ Params: { loginId: string } }>(
    `${base}/login/:loginId`,
    { config: { query: getQuery }, schema: { tags, summary: 'Get a user by login id (07 §3.4)', params: Type.Object({ loginId: Type.String() }) } },
    async (request, reply) => {
      const { loginId } = request.params;
      if (loginId === '' || notXmlChar.test(loginId)) throw Err.invalidParam('loginId', loginId);
      const items = await getUserByLogin(contextOf(request), loginId, request.parsed);
      return reply.represent({ kind: 'list', shape: userShape, items });
    },
  );

  app.post(
    base,
    {
      config: { query: createQuery, body: { resource: { key: 'user', mode: 'single' } } },
      schema: { tags, summary: 'Create a user (07 §3.5)', body: CreateUserBody },
    },
    async (request, reply) => {
      const user = await createUser(contextOf(request), request.body as Record<string, unknown>, request.parsed);
      return reply.header('Location', userHref(user.id)).represent({ kind: 'list', shape: userShape, items: [user] }, 201);
    },
  );

  app.put(
    base,
    { config: { body: { resource: { key: 'user', mode: 'list' } } }, schema: { tags, summary: 'Edit users (07 §3.6)', body: EditUserBody } },
    async (request, reply) => {
      await editUsers(contextOf(request), request.body as Record<string, unknown>[]);
      return reply.noContent();
    },
  );

  app.delete<{ Params: { ids: string } }>(
    `${base}/:ids`,
    { schema: { tags, summary: 'Delete users (07 §3.7)', params: IdsParams } },
    async (request, reply) => {
      await deleteUsers(contextOf(request), parsePathIds(request.params.ids));
      return reply.noContent();
    },
  );

  app.put<{ Params: { id: string } }>(
    `${base}/:id/password`,
    { config: { body: {} }, schema: { tags, summary: 'Set or reset a password (07 §3.8)', params: IdParams, body: PasswordBody } },
    async (request, reply) => {
      const id = pathId(request.params.id);
      await setPassword(contextOf(request), id, request.body as { password: string; oldPassword?: string });
      return reply.noContent();
    },
  );

  app.put<{ Params: { id: string } }>(
    `${base}/:id/availability`,
    { config: { body: {} }, schema: { tags, summary: 'Set availability (07 §3.9)', params: IdParams, body: AvailabilityBody } },
    async (request, reply) => {
      const id = pathId(request.params.id);
      await setAvailability(contextOf(request), id, request.body as Record<string, unknown>);
      return reply.noContent();
    },
  );
};
