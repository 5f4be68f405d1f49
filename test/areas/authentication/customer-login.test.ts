// 02 §3.3: customer (context) login with a contact person's credentials; customer sessions.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyPluginAsync } from 'fastify';
import { hashPassword } from '../../../src/areas/authentication/passwords.ts';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createUser, testPassword } from '../../helpers/auth.ts';

const LOGIN = '/system/ws/v15/context/authentication/user/login';
const customerPassword = 'Cust0mer!pw';

const whoami: FastifyPluginAsync = async (app) => {
  app.get('/system/ws/v12/test/whoami', async (request, reply) =>
    reply.type('application/json; charset=utf-8').send(JSON.stringify({ kind: request.actor.kind, ...('customerId' in request.actor ? { customerId: String(request.actor.customerId) } : {}) })),
  );
};

let t: TestApp;
let hash: string;
beforeAll(async () => {
  t = await getTestApp({}, [whoami]);
  hash = await hashPassword(customerPassword);
});
afterAll(async () => t?.close());

async function contactPerson() {
  const department = await t.db.prisma.department.findFirstOrThrow({ select: { id: true } });
  const customer = await t.db.prisma.customer.create({ data: { type: 'individual', customerName: 'Login Person', departmentId: department.id } });
  const loginId = `ann.${randomUUID().slice(0, 8)}@example.com`;
  const person = await t.db.prisma.contactPerson.create({ data: { customerId: customer.id, loginId, passwordHash: hash } });
  return { customer, person, loginId };
}

const json = (loginId: string, password = customerPassword, query = '') =>
  t.app.inject({ method: 'POST', url: `${LOGIN}${query}`, headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: { userName: loginId, password } });

describe('customer login (02 §3.3)', () => {
  it('accepts JSON, XML and multipart bodies; the session belongs to the contact person’s customer', async () => {
    const { customer, loginId } = await contactPerson();
    const boundary = 'XyZ';
    const multipart = [`--${boundary}`, 'Content-Disposition: form-data; name="userName"', '', loginId, `--${boundary}`, 'Content-Disposition: form-data; name="password"', '', customerPassword, `--${boundary}--`, ''].join('\r\n');
    const responses = [
      await json(loginId.toUpperCase()),
      await t.app.inject({
        method: 'POST',
        url: LOGIN,
        headers: { 'content-type': 'application/xml' },
        payload: `<login xmlns="http://bindings.egain.com/ws/model/v12/gen/platform"><userName>${loginId}</userName><password>${customerPassword}</password></login>`,
      }),
      await t.app.inject({ method: 'POST', url: LOGIN, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart }),
    ];
    for (const res of responses) {
      expect(res.statusCode, res.body).toBe(204);
      const session = String(res.headers['x-egain-session']);
      expect(session).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const me = await t.app.inject({ method: 'GET', url: '/system/ws/v12/test/whoami', headers: { 'x-egain-session': session } });
      expect(me.json()).toEqual({ kind: 'customer', customerId: String(customer.id) });
      expect(me.headers['x-egain-session']).toBe(session);
    }
  });

  it('refuses staff credentials here, and customer credentials at the staff login (401-102)', async () => {
    const staff = await createUser(t.db);
    expect((await json(staff.loginId, testPassword)).json()).toEqual({ code: '401-102', developerMessage: 'Invalid user name or password.' });
    const { loginId } = await contactPerson();
    const staffLogin = await t.app.inject({
      method: 'POST',
      url: '/system/ws/v12/authentication/user/login',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      payload: { userName: loginId, password: customerPassword },
    });
    expect(staffLogin.json().code).toBe('401-102');
    expect((await json(loginId, 'wrong-password')).json().code).toBe('401-102');
  });

  it('locks the contact person after repeated failures (401-103, even with the right password)', async () => {
    const { loginId } = await contactPerson();
    for (let i = 0; i < 5; i++) expect((await json(loginId, 'wrong-password')).json().code).toBe('401-102');
    expect((await json(loginId)).json()).toMatchObject({ code: '401-103' });
  });

  it('limits live sessions per contact person (400-170) and evicts the oldest with forceLogin=yes', async () => {
    const { loginId } = await contactPerson();
    const sessions: string[] = [];
    for (let i = 0; i < 5; i++) sessions.push(String((await json(loginId)).headers['x-egain-session']));
    expect((await json(loginId)).json()).toMatchObject({ code: '400-170' });
    expect((await json(loginId, customerPassword, '?forceLogin=yes')).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/system/ws/v12/test/whoami', headers: { 'x-egain-session': sessions[0]! } })).statusCode).toBe(401);
  });

  it('customer sessions get 403-197 where the customer role lacks the permission (about, 09 §3)', async () => {
    const { loginId } = await contactPerson();
    const session = String((await json(loginId)).headers['x-egain-session']);
    const about = await t.app.inject({ method: 'GET', url: '/system/ws/v19/about', headers: { 'x-egain-session': session, accept: 'application/json' } });
    expect(about.statusCode).toBe(403);
    expect(about.json().code).toBe('403-197');
    expect(about.headers['x-egain-session']).toBe(session);
  });

  it('ends with the customer logout (200, empty body) and when the contact person is removed', async () => {
    const { loginId, person } = await contactPerson();
    const first = String((await json(loginId)).headers['x-egain-session']);
    const out = await t.app.inject({ method: 'POST', url: '/system/ws/v15/context/authentication/user/logout', headers: { 'x-egain-session': first } });
    expect(out.statusCode).toBe(200);
    expect(out.body).toBe('');
    expect(out.headers['content-length']).toBe('0');
    expect((await t.app.inject({ method: 'GET', url: '/system/ws/v12/test/whoami', headers: { 'x-egain-session': first } })).statusCode).toBe(401);
    const second = String((await json(loginId)).headers['x-egain-session']);
    await t.db.prisma.contactPerson.delete({ where: { id: person.id } });
    expect((await t.app.inject({ method: 'GET', url: '/system/ws/v12/test/whoami', headers: { 'x-egain-session': second } })).statusCode).toBe(401);
  });
});
