// 07 §3.6: removing the last enabled administrator (by role change or disabling) → 409-102. These tests must know
// every administrator of the database, so they run on a database of their own (isolatedApp), never the shared one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../helpers/app.ts';
import { loginAs } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { call, isolatedApp, USER } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await isolatedApp();
});
afterAll(async () => t?.close());

const enabledAdministrators = () => t.db.prisma.user.count({ where: { state: 'enabled', roles: { has: 'administrator' } } });
const put = (who: { sessionId: string }, body: unknown, fmt: 'json' | 'xml' = 'json') => call(t.app, who, 'PUT', USER, { body, fmt });

describe('§3.6 the last enabled administrator', () => {
  it('cannot lose the role or be disabled; a list that leaves another administrator enabled is fine', async () => {
    const sa = await t.db.prisma.user.findFirstOrThrow({ where: { loginId: 'sa' } });
    const admin = await loginAs(t.app, t.db, ['administrator']);
    expect(await enabledAdministrators()).toBe(2);
    // sa may be disabled while another administrator remains.
    expect((await put(admin, { id: String(sa.id), state: { value: 'disabled' } })).statusCode).toBe(204);
    expect(await enabledAdministrators()).toBe(1);

    const me = String(admin.user.id);
    for (const fmt of ['json', 'xml'] as const) {
      expectError(await put(admin, { id: me, roles: { role: [{ value: 'supervisor' }] } }, fmt), '409-102', {
        format: fmt,
        details: [{ key: 'id', value: me }],
        message: `The current state of resource ${me} does not allow this action: the last enabled administrator cannot be removed.`,
      });
      expectError(await put(admin, { id: me, state: { value: 'disabled' } }, fmt), '409-102', { format: fmt, details: [{ key: 'id', value: me }] });
    }
    expectError(await call(t.app, admin, 'PUT', USER, { body: { id: me, state: { value: 'disabled' } }, lang: 'es-ES' }), '409-102', {
      format: 'json',
      lang: 'es-ES',
      message: `El estado actual del recurso ${me} no permite esta acción: no se puede quitar el último administrador habilitado.`,
    });
    expect(await enabledAdministrators()).toBe(1);

    // One list that re-enables sa and demotes the caller leaves an administrator: allowed as a whole.
    const res = await put(admin, { user: [{ id: me, roles: { role: [{ value: 'agent' }] } }, { id: String(sa.id), state: { value: 'enabled' } }] });
    expect(res.statusCode, res.body).toBe(204);
    expect(await enabledAdministrators()).toBe(1);
    expect((await t.db.prisma.user.findUniqueOrThrow({ where: { id: sa.id } })).state).toBe('enabled');
  });

  it('two administrators demoting each other at the same time: exactly one succeeds', async () => {
    const before = await enabledAdministrators();
    const a = await loginAs(t.app, t.db, ['administrator']);
    const b = await loginAs(t.app, t.db, ['administrator']);
    // Leave a and b as the only enabled administrators.
    const others = await t.db.prisma.user.findMany({ where: { state: 'enabled', roles: { has: 'administrator' }, id: { notIn: [a.user.id, b.user.id] } } });
    if (others.length) {
      const res = await put(a, { user: others.map((o) => ({ id: String(o.id), roles: { role: [{ value: 'agent' }] } })) });
      expect(res.statusCode, res.body).toBe(204);
    }
    expect(await enabledAdministrators()).toBe(2);
    const demote = (who: typeof a, target: bigint) => put(who, { id: String(target), roles: { role: [{ value: 'agent' }] } });
    const results = await Promise.all([demote(a, b.user.id), demote(b, a.user.id)]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses, results.map((r) => r.body).join(' ')).toEqual([204, 409]);
    expect(await enabledAdministrators()).toBe(1);
    expect(before).toBeGreaterThan(0);
  });
});
