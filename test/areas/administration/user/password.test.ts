// 07 §3.8 set password: one's own (with oldPassword) or an administrator's reset; lockout cleared; every other
// session of the user ends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createUser, login, loginAs, testPassword } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { call, configVersion, sessionEnded, unique, USER } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

type Session = { sessionId: string };
const newPassword = 'N3w-password!';
const put = (who: Session | undefined, id: bigint | string, body: unknown, fmt: 'json' | 'xml' = 'json') =>
  call(t.app, who, 'PUT', `${USER}/${id}/password`, { body, fmt });
const probe = (s: Session) => call(t.app, s, 'GET', `${USER}?loginId=${unique('probe')}`);
const attempt = (loginId: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/system/ws/v12/authentication/user/login?forceLogin=yes', headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: { userName: loginId, password } });

describe('§3.8 own password', () => {
  it('204 with the right oldPassword; the new password logs in, the old one not; the calling session lives on, the others end', async () => {
    const me = await loginAs(t.app, t.db, ['agent']);
    const other = await login(t.app, me.user.loginId);
    const before = await configVersion(t.db);
    const res = await put(me, me.user.id, { password: newPassword, oldPassword: testPassword });
    expect(res.statusCode, res.body).toBe(204);
    expect(res.headers['x-egain-session']).toBe(me.sessionId);
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect((await probe(me)).statusCode).toBe(204);
    expect(await sessionEnded(t.db, me.sessionId)).toBe(false);
    expect(await sessionEnded(t.db, other.sessionId)).toBe(true);
    expectError(await probe(other), '401-101', { format: 'json' });
    expect((await attempt(me.user.loginId, testPassword)).statusCode).toBe(401);
    expect((await attempt(me.user.loginId, newPassword)).statusCode).toBe(204);
  });

  it('takes an XML body; an administrator changing their own password needs the old one too', async () => {
    const me = await loginAs(t.app, t.db, ['administrator']);
    const xml = `<password><password>${newPassword}</password><oldPassword>${testPassword}</oldPassword></password>`;
    expect((await put(me, me.user.id, xml, 'xml')).statusCode).toBe(204);
    expect((await attempt(me.user.loginId, newPassword)).statusCode).toBe(204);
    expectError(await put(me, me.user.id, { password: 'Third-pass-3' }), '400-153', { format: 'json', details: [{ key: 'oldPassword', value: '' }] });
  });

  it('400-153 without oldPassword; 400-152 for a wrong one (never echoed); nothing changes', async () => {
    const me = await loginAs(t.app, t.db, ['agent']);
    for (const fmt of ['json', 'xml'] as const) {
      expectError(await put(me, me.user.id, { password: newPassword }, fmt), '400-153', {
        format: fmt,
        details: [{ key: 'oldPassword', value: '' }],
        message: "Required attribute 'oldPassword' is missing.",
      });
      const wrong = await put(me, me.user.id, { password: newPassword, oldPassword: 'Wrong-pass-9' }, fmt);
      expectError(wrong, '400-152', { format: fmt, details: [{ key: 'oldPassword', value: '' }] });
      expect(wrong.body).not.toContain('Wrong-pass-9');
    }
    expect((await attempt(me.user.loginId, testPassword)).statusCode).toBe(204);
  });
});

describe('§3.8 administrator reset', () => {
  it('resets another user’s password without oldPassword (ignored if sent); clears the lockout; ends all that user’s sessions', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const user = await createUser(t.db);
    const s = await login(t.app, user.loginId);
    for (let i = 0; i < 5; i++) expect((await attempt(user.loginId, 'Wrong-pass-9')).statusCode).toBe(401);
    const locked = await attempt(user.loginId, testPassword);
    expect((locked.json() as { code: string }).code).toBe('401-103');

    const res = await put(admin, user.id, { password: newPassword, oldPassword: 'whatever-it-is' });
    expect(res.statusCode, res.body).toBe(204);
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ failedLogins: 0, firstFailureAt: null, lockedUntil: null, lastModifiedById: admin.user.id });
    expect(await sessionEnded(t.db, s.sessionId)).toBe(true);
    expectError(await probe(s), '401-101', { format: 'json' });
    expect((await probe(admin)).statusCode).toBe(204);
    expect((await attempt(user.loginId, newPassword)).statusCode).toBe(204);
  });

  it('a disabled user’s password can be reset', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const user = await createUser(t.db, { state: 'disabled' });
    expect((await put(admin, user.id, { password: newPassword })).statusCode).toBe(204);
  });
});

describe('§3.8 errors', () => {
  it('400-152 for a password outside 8–128 characters (never echoed); 400-153 without one; 400-150 for a malformed body', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const user = await createUser(t.db);
    for (const bad of ['Short-1', 'x'.repeat(129)]) {
      for (const fmt of ['json', 'xml'] as const) {
        const res = await put(admin, user.id, { password: bad }, fmt);
        expectError(res, '400-152', { format: fmt, details: [{ key: 'password', value: '' }], message: "Invalid value of attribute 'password'." });
        expect(res.body).not.toContain(bad);
      }
    }
    expect((await put(admin, user.id, { password: '€'.repeat(8) })).statusCode).toBe(204); // code points, not bytes
    expect((await put(admin, user.id, { password: 'x'.repeat(128) })).statusCode).toBe(204);
    for (const body of [{}, { password: '' }, { password: null }, { oldPassword: testPassword }]) {
      expectError(await put(admin, user.id, body), '400-153', { format: 'json', details: [{ key: 'password', value: '' }] });
    }
    const raw = await t.app.inject({ method: 'PUT', url: `${USER}/${user.id}/password`, headers: { 'x-egain-session': admin.sessionId, 'content-type': 'application/json' }, payload: '' });
    expectError(raw, '400-150');
  });

  it('403-197 when a supervisor or agent sets another user’s password, before existence', async () => {
    const user = await createUser(t.db);
    for (const role of ['supervisor', 'agent'] as const) {
      const who = await loginAs(t.app, t.db, [role]);
      for (const fmt of ['json', 'xml'] as const) expectError(await put(who, user.id, { password: newPassword }, fmt), '403-197', { format: fmt });
      expectError(await put(who, '9000000001', { password: newPassword }), '403-197', { format: 'json' });
    }
    expect((await attempt(user.loginId, testPassword)).statusCode).toBe(204);
  });

  it('404-101 for an unknown or deleted user; 400-102 for a bad id; 401-101 without a session', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const gone = await createUser(t.db, { state: 'deleted' });
    for (const id of ['9000000001', String(gone.id)]) {
      for (const fmt of ['json', 'xml'] as const) expectError(await put(admin, id, { password: newPassword }, fmt), '404-101', { format: fmt, details: [{ key: 'id', value: id }] });
    }
    expectError(await put(admin, 'abc', { password: newPassword }), '400-102', { format: 'json', details: [{ key: 'id', value: 'abc' }] });
    expectError(await put(admin, '1,2', { password: newPassword }), '400-102', { format: 'json', details: [{ key: 'id', value: '1,2' }] });
    expectError(await put(undefined, admin.user.id, { password: newPassword }), '401-101', { format: 'json' });
  });
});
