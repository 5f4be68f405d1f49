// The permission matrix of 07 §6 (02 §7.1–§7.2): every permission × every role, as functions and through HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyPluginAsync } from 'fastify';
import { authorize, holds, permissionsOf, permissionTable, roles, staffRoles, type Permission, type Role } from '../../src/authz/permissions.ts';
import { AppError } from '../../src/errors/app-error.ts';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs } from '../helpers/auth.ts';
import { expectError } from '../conformance/support.ts';

// 07 §6, transcribed from the contract (not from the source): permission → [administrator, supervisor, agent, customer, clientApplication].
const Y = true;
const n = false;
const matrix: [Permission, boolean, boolean, boolean, boolean, boolean][] = [
  ['kb.read', Y, Y, Y, n, n],
  ['kb.author', Y, Y, Y, n, n],
  ['kb.publish', Y, Y, n, n, n],
  ['kb.structure', Y, Y, n, n, n],
  ['interaction.read', Y, Y, Y, Y, n],
  ['interaction.work', Y, Y, Y, n, n],
  ['interaction.inbound', Y, Y, n, n, n],
  ['interaction.supervise', Y, Y, n, n, n],
  ['customer.read', Y, Y, Y, Y, n],
  ['customer.create', Y, Y, Y, n, n],
  ['customer.write', Y, Y, Y, Y, n],
  ['customer.self', n, n, n, Y, n],
  ['customer.grant', Y, Y, n, n, n],
  ['chat.handle', Y, Y, Y, n, n],
  ['chat.supervise', Y, Y, n, n, n],
  ['admin.read', Y, Y, Y, n, n],
  ['admin.config.read', Y, Y, n, n, n],
  ['admin.write', Y, n, n, n, n],
  ['availability.self', Y, Y, Y, n, n],
  ['availability.department', Y, Y, n, n, n],
  ['password.self', Y, Y, Y, n, n],
  ['about.read', Y, Y, Y, n, n],
  ['messaging.client', n, n, n, n, Y],
];
const roleOrder: Role[] = ['administrator', 'supervisor', 'agent', 'customer', 'clientApplication'];
const allowed = (permission: Permission, role: Role) => matrix.find((r) => r[0] === permission)![1 + roleOrder.indexOf(role)] as boolean;
const cells = matrix.flatMap(([permission]) => roleOrder.map((role) => [permission, role, allowed(permission, role)] as const));

describe('the permission table (07 §6)', () => {
  it('has exactly the permissions of 07 §6, in its order, and the five roles', () => {
    expect(Object.keys(permissionTable)).toEqual(matrix.map((r) => r[0]));
    expect([...roles]).toEqual(roleOrder);
    expect([...staffRoles]).toEqual(['administrator', 'supervisor', 'agent']);
  });

  it.each(cells)('%s × %s → %s (holds and authorize)', (permission, role, ok) => {
    expect(holds([role], permission)).toBe(ok);
    if (ok) expect(() => authorize({ roles: [role] }, permission)).not.toThrow();
    else {
      let thrown: unknown;
      try {
        authorize({ roles: [role] }, permission);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(AppError);
      expect((thrown as AppError).key).toBe('403-197');
      expect((thrown as AppError).status).toBe(403);
    }
  });

  it.each(roleOrder)('permissionsOf(%s) is its column, in table order', (role) => {
    expect(permissionsOf(role)).toEqual(matrix.filter((r) => allowed(r[0], role)).map((r) => r[0]));
  });

  it('the agent column is the one 07 §6 shows in its example', () => {
    expect(permissionsOf('agent')).toEqual([
      'kb.read', 'kb.author', 'interaction.read', 'interaction.work', 'customer.read', 'customer.create', 'customer.write',
      'chat.handle', 'admin.read', 'availability.self', 'password.self', 'about.read',
    ]);
  });

  it('several roles hold the union of their rights; no role holds nothing', () => {
    for (const [permission] of matrix) {
      expect(holds(['agent', 'supervisor'], permission)).toBe(allowed(permission, 'agent') || allowed(permission, 'supervisor'));
      expect(holds(['supervisor', 'administrator'], permission)).toBe(allowed(permission, 'administrator'));
      expect(holds([], permission)).toBe(false);
      expect(() => authorize({ roles: [] }, permission)).toThrow(AppError);
    }
    // No staff role reaches the customer-only or client-only permissions, in any combination.
    expect(holds(['administrator', 'supervisor', 'agent'], 'customer.self')).toBe(false);
    expect(holds(['administrator', 'supervisor', 'agent'], 'messaging.client')).toBe(false);
  });
});

// One fixture route per permission, calling authorize(request.actor, permission) as the area services do.
const AUTHZ = '/system/ws/v12/test/authz';
const permissionRoutes: FastifyPluginAsync = async (app) => {
  for (const [permission] of matrix) {
    app.get(`${AUTHZ}/${permission}`, { schema: { hide: true } }, async (request, reply) => {
      authorize(request.actor, permission);
      return reply.code(200).type('application/json; charset=utf-8').send('{"allowed":true}');
    });
  }
};

describe('through HTTP (02 §7.1: 403-197 for a caller whose roles lack the permission)', () => {
  let t: TestApp;
  const sessions = new Map<string, string>();
  beforeAll(async () => {
    t = await getTestApp({}, [permissionRoutes]);
    for (const role of staffRoles) sessions.set(role, (await loginAs(t.app, t.db, [role])).sessionId);
    sessions.set('agent+supervisor', (await loginAs(t.app, t.db, ['agent', 'supervisor'])).sessionId);
  });
  afterAll(async () => t?.close());

  const staffCells = matrix.flatMap(([permission]) => staffRoles.map((role) => [permission, role, allowed(permission, role)] as const));

  it.each(staffCells)('%s as %s → %s', async (permission, role, ok) => {
    const sessionId = sessions.get(role)!;
    const res = await t.app.inject({ method: 'GET', url: `${AUTHZ}/${permission}`, headers: { 'x-egain-session': sessionId, accept: 'application/json' } });
    if (ok) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ allowed: true });
    } else {
      expectError(res, '403-197', { format: 'json', message: 'You are not authorized to perform this action.', details: [] });
    }
    expect(res.headers['x-egain-session']).toBe(sessionId);
  });

  it('403-197 in XML and es-ES', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `${AUTHZ}/admin.write`,
      headers: { 'x-egain-session': sessions.get('agent')!, accept: 'application/xml', 'accept-language': 'es-ES' },
    });
    expectError(res, '403-197', { format: 'xml', lang: 'es-ES', message: 'No tiene autorización para realizar esta acción.' });
  });

  it('a user with several roles gets the union', async () => {
    const sessionId = sessions.get('agent+supervisor')!;
    for (const [permission] of matrix) {
      const res = await t.app.inject({ method: 'GET', url: `${AUTHZ}/${permission}`, headers: { 'x-egain-session': sessionId, accept: 'application/json' } });
      expect(res.statusCode, permission).toBe(allowed(permission, 'supervisor') || allowed(permission, 'agent') ? 200 : 403);
    }
  });

  it('authentication comes first: no session → 401-101, not 403-197', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${AUTHZ}/admin.write`, headers: { accept: 'application/json' } });
    expectError(res, '401-101', { format: 'json' });
  });

  it('a role change takes effect at the next request (02 §6.4)', async () => {
    const s = await loginAs(t.app, t.db, ['agent']);
    const call = () => t.app.inject({ method: 'GET', url: `${AUTHZ}/admin.write`, headers: { 'x-egain-session': s.sessionId, accept: 'application/json' } });
    expect((await call()).statusCode).toBe(403);
    await t.db.query(`UPDATE app_user SET roles = ARRAY['administrator'] WHERE id = $1`, [s.user.id]);
    expect((await call()).statusCode).toBe(200);
    await t.db.query(`UPDATE app_user SET roles = ARRAY['agent'] WHERE id = $1`, [s.user.id]);
    expect((await call()).statusCode).toBe(403);
  });
});
