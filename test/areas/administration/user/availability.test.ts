// 07 §3.9 set availability, with the callers of 07 §1.2 and 02 §7.2: one's own (availability.self), a user sharing
// a department (availability.department), any user for an administrator; only enabled users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment, createUser, loginAs } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { call, configVersion, USER, usersOf } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

type Session = { sessionId: string };
const put = (who: Session | undefined, id: bigint | string, body: unknown, fmt: 'json' | 'xml' = 'json') =>
  call(t.app, who, 'PUT', `${USER}/${id}/availability`, { body, fmt });
const stored = (id: bigint) => t.db.prisma.user.findUniqueOrThrow({ where: { id } });
const both = (chat: string, email: string) => ({ availability: { chat: { value: chat }, email: { value: email } } });

describe('§3.9 success', () => {
  it('an agent sets their own availability; either channel may be omitted; the change is visible and stamped', async () => {
    const me = await loginAs(t.app, t.db, ['agent']);
    const before = await configVersion(t.db);
    const res = await put(me, me.user.id, both('available', 'available'));
    expect(res.statusCode, res.body).toBe(204);
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await stored(me.user.id)).toMatchObject({ availableChat: true, availableEmail: true, lastModifiedById: me.user.id });
    expect((await put(me, me.user.id, { availability: { email: { value: 'UNAVAILABLE' } } })).statusCode).toBe(204);
    const [u] = usersOf(await call(t.app, me, 'GET', `${USER}/${me.user.id}?$attribute=availability`));
    expect(u!.availability).toEqual({ chat: { value: 'available', displayValue: 'Available' }, email: { value: 'unavailable', displayValue: 'Not available' } });
  });

  it('takes the XML body of the example, under any root', async () => {
    const me = await loginAs(t.app, t.db, ['agent']);
    const c = 'xmlns:c="http://bindings.egain.com/ws/model/v12/gen/common"';
    expect((await put(me, me.user.id, `<availability ${c}><chat><c:value>available</c:value></chat></availability>`, 'xml')).statusCode).toBe(204);
    expect(await stored(me.user.id)).toMatchObject({ availableChat: true, availableEmail: false });
    expect((await put(me, me.user.id, `<user ${c}><availability><email><c:value>available</c:value></email></availability></user>`, 'xml')).statusCode).toBe(204);
    expect(await stored(me.user.id)).toMatchObject({ availableChat: true, availableEmail: true });
  });

  it('a supervisor sets the availability of a user sharing a home or foreign department', async () => {
    const [a, b, c] = [await createDepartment(t.db), await createDepartment(t.db), await createDepartment(t.db)];
    const sup = await loginAs(t.app, t.db, ['supervisor'], { departmentId: a.id, foreignDepartmentIds: [b.id] });
    const sameHome = await createUser(t.db, { departmentId: a.id });
    const homeInMyForeign = await createUser(t.db, { departmentId: b.id });
    const foreignInMyHome = await createUser(t.db, { departmentId: c.id, foreignDepartmentIds: [a.id] });
    for (const u of [sameHome, homeInMyForeign, foreignInMyHome]) {
      expect((await put(sup, u.id, both('available', 'unavailable'))).statusCode).toBe(204);
      expect((await stored(u.id)).availableChat).toBe(true);
    }
  });

  it('an administrator sets anyone’s availability (an administrator sees every department)', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const far = await createUser(t.db);
    expect((await put(admin, far.id, both('unavailable', 'available'))).statusCode).toBe(204);
    expect(await stored(far.id)).toMatchObject({ availableChat: false, availableEmail: true });
  });
});

describe('§3.9 errors', () => {
  it('403-197 for an agent on anyone else, and for a supervisor sharing no department; nothing changes', async () => {
    const dept = await createDepartment(t.db);
    const agent = await loginAs(t.app, t.db, ['agent'], { departmentId: dept.id });
    const colleague = await createUser(t.db, { departmentId: dept.id });
    const sup = await loginAs(t.app, t.db, ['supervisor']);
    for (const fmt of ['json', 'xml'] as const) {
      expectError(await put(agent, colleague.id, both('available', 'available'), fmt), '403-197', { format: fmt });
      expectError(await put(sup, colleague.id, both('available', 'available'), fmt), '403-197', { format: fmt });
    }
    // An agent is refused before existence is looked at.
    expectError(await put(agent, '9000000001', both('available', 'available')), '403-197', { format: 'json' });
    expect(await stored(colleague.id)).toMatchObject({ availableChat: false, availableEmail: false });
  });

  it('409-102 for a user not enabled (disabled or deleted)', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    for (const state of ['disabled', 'deleted']) {
      const user = await createUser(t.db, { state });
      for (const fmt of ['json', 'xml'] as const) {
        expectError(await put(admin, user.id, both('available', 'available'), fmt), '409-102', {
          format: fmt,
          details: [{ key: 'id', value: String(user.id) }],
          message: `The current state of resource ${user.id} does not allow this action: the user is not enabled.`,
        });
      }
      expect((await stored(user.id)).availableChat).toBe(false);
    }
  });

  it('404-101 for an unknown user; 400-102 for a bad id', async () => {
    const sup = await loginAs(t.app, t.db, ['supervisor']);
    for (const fmt of ['json', 'xml'] as const) {
      expectError(await put(sup, '9000000001', both('available', 'available'), fmt), '404-101', { format: fmt, details: [{ key: 'id', value: '9000000001' }] });
    }
    expectError(await put(sup, '0', both('available', 'available')), '400-102', { format: 'json', details: [{ key: 'id', value: '0' }] });
  });

  it('400-152 for a value that is not available/unavailable or empty; 400-153 without any channel; 400-150 without a body', async () => {
    const me = await loginAs(t.app, t.db, ['agent']);
    for (const [body, key, value] of [
      [{ availability: { chat: { value: 'busy' } } }, 'availability.chat.value', 'busy'],
      [{ availability: { email: { value: '' } } }, 'availability.email.value', ''],
      [{ availability: { chat: 'yes' } }, 'availability.chat.value', 'yes'],
    ] as const) {
      for (const fmt of ['json', 'xml'] as const) expectError(await put(me, me.user.id, body, fmt), '400-152', { format: fmt, details: [{ key, value }] });
    }
    for (const body of [{}, { availability: {} }, { availability: null }]) {
      expectError(await put(me, me.user.id, body), '400-153', { format: 'json', details: [{ key: 'availability', value: '' }] });
    }
    const raw = await t.app.inject({ method: 'PUT', url: `${USER}/${me.user.id}/availability`, headers: { 'x-egain-session': me.sessionId } });
    expectError(raw, '400-150');
    expect(await stored(me.user.id)).toMatchObject({ availableChat: false, availableEmail: false });
  });

  it('401-101 without a session', async () => {
    const user = await createUser(t.db);
    expectError(await put(undefined, user.id, both('available', 'available')), '401-101', { format: 'json' });
  });
});
