// 07 §3.7 delete users (soft): state deleted, sessions end, memberships go, the login id is freed; the users that
// cannot be deleted; all or nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment, createUser, login, loginAs } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { call, configVersion, createGroup, sessionEnded, unique, USER, usersOf } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

type Caller = Awaited<ReturnType<typeof loginAs>>;
const del = (who: Caller | undefined, ids: string, fmt: 'json' | 'xml' = 'json') => call(t.app, who, 'DELETE', `${USER}/${ids}`, { fmt });
const state = async (id: bigint) => (await t.db.prisma.user.findUniqueOrThrow({ where: { id } })).state;
const probe = (s: { sessionId: string }) => call(t.app, s, 'GET', `${USER}?loginId=${unique('probe')}`);

describe('§3.7 success', () => {
  it('204; the user is kept as deleted, its sessions end (next call 401-101), its groups are left, its login id is free', async () => {
    const dept = await createDepartment(t.db);
    const admin = await loginAs(t.app, t.db, ['administrator'], { departmentId: dept.id });
    const victim = await createUser(t.db, { departmentId: dept.id, foreignDepartmentIds: [(await createDepartment(t.db)).id] });
    const group = await createGroup(t.db, dept.id, unique('G'), [victim.id]);
    const session = await login(t.app, victim.loginId);
    expect((await probe(session)).statusCode).toBe(204);
    const before = await configVersion(t.db);

    const res = await del(admin, String(victim.id));
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: victim.id } });
    expect(row.state).toBe('deleted');
    expect(row.lastModifiedById).toBe(admin.user.id);
    expect(await sessionEnded(t.db, session.sessionId)).toBe(true);
    expectError(await probe(session), '401-101', { format: 'json' });
    expect(await t.db.prisma.userGroupMember.count({ where: { groupId: group.id } })).toBe(0);
    // Still readable by id (old activities resolve names), found by state=deleted, gone from default searches.
    const [u] = usersOf(await call(t.app, admin, 'GET', `${USER}/${victim.id}`));
    expect(u!.state).toEqual({ value: 'deleted', displayValue: 'Deleted' });
    expect((await call(t.app, admin, 'GET', `${USER}?group=${group.id}`)).statusCode).toBe(204);
    expect(usersOf(await call(t.app, admin, 'GET', `${USER}?loginId=${victim.loginId}&state=deleted`)).map((x) => x.id)).toEqual([String(victim.id)]);
    expect((await call(t.app, admin, 'GET', `${USER}?loginId=${victim.loginId}`)).statusCode).toBe(204);
    // The login id and screen name can be used again; the old password no longer logs in to anything.
    const again = await createUser(t.db, { loginId: victim.loginId });
    expect(again.id).not.toBe(victim.id);
  });

  it('deletes a list (raw comma or %2C) in one go', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const [a, b, c] = [await createUser(t.db), await createUser(t.db, { state: 'disabled' }), await createUser(t.db, { roles: ['administrator'] })];
    const res = await del(admin, `${a.id}%2C${b.id},${c.id},${a.id}`, 'xml');
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect([await state(a.id), await state(b.id), await state(c.id)]).toEqual(['deleted', 'deleted', 'deleted']);
  });
});

describe('§3.7 errors', () => {
  it('409-102 for deleting oneself or sa; nothing in the list is deleted', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const other = await createUser(t.db);
    for (const fmt of ['json', 'xml'] as const) {
      expectError(await del(admin, `${other.id},${admin.user.id}`, fmt), '409-102', {
        format: fmt,
        details: [{ key: 'id', value: String(admin.user.id) }],
        message: `The current state of resource ${admin.user.id} does not allow this action: this user cannot be deleted.`,
      });
    }
    expect(await state(other.id)).toBe('enabled');
    expect(await state(admin.user.id)).toBe('enabled');
    const sa = await t.db.prisma.user.findFirstOrThrow({ where: { loginId: 'sa', state: { not: 'deleted' } } });
    expectError(await del(admin, String(sa.id)), '409-102', { format: 'json', details: [{ key: 'id', value: String(sa.id) }] });
    expectError(await call(t.app, admin, 'DELETE', `${USER}/${sa.id}`, { lang: 'es-ES' }), '409-102', {
      format: 'json',
      lang: 'es-ES',
      message: `El estado actual del recurso ${sa.id} no permite esta acción: este usuario no se puede eliminar.`,
    });
    expect(await state(sa.id)).toBe('enabled');
  });

  it('404-101 naming every unknown or already deleted id; nothing is deleted', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const live = await createUser(t.db);
    const gone = await createUser(t.db, { state: 'deleted' });
    for (const fmt of ['json', 'xml'] as const) {
      expectError(await del(admin, `9000000001,${live.id},${gone.id}`, fmt), '404-101', {
        format: fmt,
        details: [
          { key: 'id', value: '9000000001' },
          { key: 'id', value: String(gone.id) },
        ],
      });
    }
    expect(await state(live.id)).toBe('enabled');
  });

  it('400-102 for a bad id list, 400-160 for 76 ids, 400-101 for a query parameter', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    expectError(await del(admin, 'x1'), '400-102', { format: 'json', details: [{ key: 'ids', value: 'x1' }] });
    expectError(await del(admin, Array.from({ length: 76 }, (_, i) => i + 1).join(',')), '400-160', { format: 'json' });
    expectError(await del(admin, `${admin.user.id}?force=yes`), '400-101', { format: 'json' });
  });

  it('403-197 for supervisors and agents, before existence; 401-101 without a session', async () => {
    const victim = await createUser(t.db);
    for (const role of ['supervisor', 'agent'] as const) {
      const who = await loginAs(t.app, t.db, [role]);
      for (const fmt of ['json', 'xml'] as const) expectError(await del(who, String(victim.id), fmt), '403-197', { format: fmt });
      expectError(await del(who, '9000000001'), '403-197', { format: 'json' });
    }
    expectError(await del(undefined, String(victim.id)), '401-101', { format: 'json' });
    expect(await state(victim.id)).toBe('enabled');
  });
});
