// 07 §1.2 callers of the user endpoints that no login can produce yet: customer sessions get 403-197 on every path
// (the customer login arrives with the customers area, so the services are called with a customer actor here), and
// a client-application Bearer token is no session (401-101).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment, createUser } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { AppError } from '../../../../src/errors/app-error.ts';
import { parseQuery } from '../../../../src/query/parse.ts';
import type { ServiceContext } from '../../../../src/areas/service-context.ts';
import * as users from '../../../../src/areas/administration/user/user.service.ts';
import { call, unique, USER } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

function customerContext(): ServiceContext {
  return {
    actor: { kind: 'customer', sessionId: '00000000-0000-0000-0000-000000000000', contactPersonId: 1n, customerId: 1n, roles: ['customer'] },
    db: t.db,
    now: () => new Date(),
    lang: 'en-US',
    requestId: 'test',
    settings: t.app.settings,
    configVersion: t.app.configVersion,
    attributes: t.app.attributeDefinitions,
  };
}

async function refused(run: () => Promise<unknown>) {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).key).toBe('403-197');
}

describe('07 §1.2 customer sessions', () => {
  it('get 403-197 on every user use case, and nothing changes', async () => {
    const ctx = customerContext();
    const dept = await createDepartment(t.db);
    const user = await createUser(t.db, { departmentId: dept.id });
    const q = await parseQuery(`${USER}/${user.id}`, { mode: 'get', attributes: [] });
    const search = await parseQuery(`${USER}?department=${dept.id}`, { mode: 'search', criteria: [{ name: 'department', kind: 'string' }] });
    await refused(() => users.getUsers(ctx, [String(user.id)], q));
    await refused(() => users.searchUsers(ctx, search));
    await refused(() => users.getUserByLogin(ctx, user.loginId, q));
    await refused(() => users.createUser(ctx, { loginId: unique('c'), password: 'S3cure-pass!', firstName: 'C', department: String(dept.id) }, q));
    await refused(() => users.editUsers(ctx, [{ id: String(user.id), lastName: 'Changed' }]));
    await refused(() => users.deleteUsers(ctx, [String(user.id)]));
    await refused(() => users.setPassword(ctx, String(user.id), { password: 'N3w-password!' }));
    await refused(() => users.setAvailability(ctx, String(user.id), { availability: { chat: { value: 'available' } } }));
    expect(await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ state: 'enabled', lastName: 'User', availableChat: false });
  });
});

describe('07 §1.2 client applications', () => {
  it('a Bearer token is not accepted here: 401-101', async () => {
    const user = await createUser(t.db);
    const res = await call(t.app, undefined, 'GET', `${USER}/${user.id}`, { headers: { authorization: 'Bearer abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' } });
    expectError(res, '401-101', { format: 'json', message: "Invalid or expired 'X-egain-session' header provided. New login is required." });
  });
});
