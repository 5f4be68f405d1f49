// 07 §3.6 edit users: partial updates, clearing, lists (all or nothing), concurrency, state changes and their
// effect on sessions, uniqueness, permissions.
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
const put = (who: Caller | undefined, body: unknown, fmt: 'json' | 'xml' = 'json') => call(t.app, who, 'PUT', USER, { body, fmt });
const stored = (id: bigint | string) => t.db.prisma.user.findUniqueOrThrow({ where: { id: BigInt(id) }, include: { foreignDepartments: true, groups: true } });
/** Any authenticated read: 204 (nobody has this login id) while the session lives, 401-101 once it ended. */
const whoami = (s: { sessionId: string }) => call(t.app, s, 'GET', `${USER}?loginId=${unique('probe')}`);

async function admin() {
  const dept = await createDepartment(t.db, unique('Service'));
  return { dept, caller: await loginAs(t.app, t.db, ['administrator'], { departmentId: dept.id }) };
}

describe('§3.6 success', () => {
  it('204; only the fields present change; lastModified is stamped with the caller and config_version moves', async () => {
    const { dept, caller } = await admin();
    const user = await createUser(t.db, { departmentId: dept.id });
    const before = await configVersion(t.db);
    const res = await put(caller, { user: [{ id: String(user.id), firstName: 'Renamed', maxLoad: { chat: 4 } }] });
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    const after = await stored(user.id);
    expect(after).toMatchObject({ firstName: 'Renamed', lastName: 'User', loginId: user.loginId, maxLoadChat: 4, maxLoadEmail: 10, state: 'enabled' });
    expect(after.lastModifiedById).toBe(caller.user.id);
    expect(after.lastModifiedAt.getTime()).toBeGreaterThan(user.lastModifiedAt.getTime());
    expect(await configVersion(t.db)).toBeGreaterThan(before);
  });

  it('the example body: lastModified.date as read, state disabled, maxLoad.chat', async () => {
    const { dept, caller } = await admin();
    const user = await createUser(t.db, { departmentId: dept.id });
    const [read] = usersOf(await call(t.app, caller, 'GET', `${USER}/${user.id}`));
    const date = (read!.lastModified as { date: string }).date;
    const res = await put(caller, { user: [{ id: String(user.id), lastModified: { date }, state: { value: 'disabled' }, maxLoad: { chat: 4 } }] });
    expect(res.statusCode, res.body).toBe(204);
    expect(await stored(user.id)).toMatchObject({ state: 'disabled', maxLoadChat: 4 });
    // Successive changes never share a lastModified date (01 §12).
    const [again] = usersOf(await call(t.app, caller, 'GET', `${USER}/${user.id}`));
    expect((again!.lastModified as { date: string }).date).not.toBe(date);
  });

  it('a bare object and an XML list are read too', async () => {
    const { dept, caller } = await admin();
    const [a, b] = [await createUser(t.db, { departmentId: dept.id }), await createUser(t.db, { departmentId: dept.id })];
    expect((await put(caller, { id: Number(a.id), lastName: 'Bare' })).statusCode).toBe(204);
    expect((await stored(a.id)).lastName).toBe('Bare');
    const xml = `<users xmlns="http://bindings.egain.com/ws/model/v12/gen/administration/user" xmlns:c="http://bindings.egain.com/ws/model/v12/gen/common">
      <user id="${a.id}"><screenName>${a.loginId}-X</screenName><roles><role><c:value>supervisor</c:value></role><role><c:value>agent</c:value></role></roles></user>
      <user><id>${b.id}</id><lastModified date="${b.lastModifiedAt.toISOString()}"/><availability><email><c:value>available</c:value></email></availability></user>
    </users>`;
    const res = await put(caller, xml, 'xml');
    expect(res.statusCode, res.body).toBe(204);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(await stored(a.id)).toMatchObject({ screenName: `${a.loginId}-X`, roles: ['supervisor', 'agent'] });
    expect(await stored(b.id)).toMatchObject({ availableEmail: true, availableChat: false });
  });

  it('null, "" or an empty XML element clears optional fields; fields with a default return to it', async () => {
    const { dept, caller } = await admin();
    const user = await createUser(t.db, { departmentId: dept.id });
    await t.db.prisma.user.update({
      where: { id: user.id },
      data: { emailAddress: 'x@example.com', screenName: unique('S'), maxLoadChat: 7, maxLoadEmail: 20, maxActivitiesToPull: 9, languageId: 2n, availableChat: true },
    });
    const res = await put(caller, { id: String(user.id), lastName: null, emailAddress: '', screenName: null, maxLoad: { chat: null, email: '' }, maxActivitiesToPull: null, language: null, availability: { chat: { value: '' } } });
    expect(res.statusCode, res.body).toBe(204);
    expect(await stored(user.id)).toMatchObject({
      lastName: null,
      emailAddress: null,
      screenName: user.loginId,
      maxLoadChat: 3,
      maxLoadEmail: 10,
      maxActivitiesToPull: 1,
      languageId: null,
      availableChat: false,
    });
    await t.db.prisma.user.update({ where: { id: user.id }, data: { lastName: 'Back', emailAddress: 'y@example.com' } });
    const xml = `<user id="${user.id}"><lastName/><emailAddress xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/></user>`;
    expect((await put(caller, xml)).statusCode).toBe(204);
    expect(await stored(user.id)).toMatchObject({ lastName: null, emailAddress: null });
  });

  it('departments replace the foreign list; groups replace the membership; a department the user leaves takes its groups', async () => {
    const { dept, caller } = await admin();
    const [sales, billing] = [await createDepartment(t.db), await createDepartment(t.db)];
    const user = await createUser(t.db, { departmentId: dept.id, foreignDepartmentIds: [sales.id] });
    const [gHome, gSales, gBilling] = [await createGroup(t.db, dept.id), await createGroup(t.db, sales.id, undefined, [user.id]), await createGroup(t.db, billing.id)];
    expect((await put(caller, { id: String(user.id), departments: { department: [{ id: String(billing.id) }] }, groups: { group: [{ id: String(gBilling.id) }, { id: String(gHome.id) }] } })).statusCode).toBe(204);
    let row = await stored(user.id);
    expect(row.foreignDepartments.map((d) => d.departmentId)).toEqual([billing.id]);
    expect(row.groups.map((g) => g.groupId).sort()).toEqual([gHome.id, gBilling.id].sort());
    // Moving the home department to billing and dropping the foreign list: only billing's group stays.
    expect((await put(caller, { id: String(user.id), department: billing.name, departments: null })).statusCode).toBe(204);
    row = await stored(user.id);
    expect(row.departmentId).toBe(billing.id);
    expect(row.foreignDepartments).toEqual([]);
    expect(row.groups.map((g) => g.groupId)).toEqual([gBilling.id]);
    // Groups of a department that is not the user's → 400-152; groups:{} clears.
    expectError(await put(caller, { id: String(user.id), groups: { group: { id: String(gSales.id) } } }), '400-152', {
      format: 'json',
      details: [{ key: 'user[0].groups.group[0].id', value: String(gSales.id) }],
    });
    expect((await put(caller, { id: String(user.id), groups: {} })).statusCode).toBe(204);
    expect((await stored(user.id)).groups).toEqual([]);
  });

  it('disabling ends every session of the user (next call 401-101); enabling again does not revive them', async () => {
    const { dept, caller } = await admin();
    const agent = await createUser(t.db, { departmentId: dept.id });
    const [s1, s2] = [await login(t.app, agent.loginId), await login(t.app, agent.loginId)];
    expect((await whoami(s1)).statusCode).toBe(204);
    expect((await put(caller, { user: { id: String(agent.id), state: { value: 'disabled' } } })).statusCode).toBe(204);
    expect(await sessionEnded(t.db, s1.sessionId)).toBe(true);
    expect(await sessionEnded(t.db, s2.sessionId)).toBe(true);
    expectError(await whoami(s1), '401-101', { format: 'json' });
    expect((await put(caller, { id: String(agent.id), state: { value: 'enabled' } })).statusCode).toBe(204);
    expectError(await whoami(s2), '401-101', { format: 'json' });
    expect((await whoami(await login(t.app, agent.loginId))).statusCode).toBe(204);
  });

  it('role changes apply to the user’s next request without ending the session', async () => {
    const { dept, caller } = await admin();
    const agent = await loginAs(t.app, t.db, ['agent'], { departmentId: dept.id });
    const create = () => call(t.app, agent, 'POST', USER, { body: { loginId: unique('n'), password: 'S3cure-pass!', firstName: 'N', department: String(dept.id) } });
    expectError(await create(), '403-197', { format: 'json' });
    expect((await put(caller, { id: String(agent.user.id), roles: { role: [{ value: 'administrator' }] } })).statusCode).toBe(204);
    expect((await create()).statusCode).toBe(201);
  });

  it('a login id may change; the old one is free, the new one must be unique', async () => {
    const { dept, caller } = await admin();
    const user = await createUser(t.db, { departmentId: dept.id });
    const newLogin = unique('moved');
    expect((await put(caller, { id: String(user.id), loginId: newLogin })).statusCode).toBe(204);
    await login(t.app, newLogin);
    const created = await call(t.app, caller, 'POST', USER, {
      body: { loginId: user.loginId, screenName: unique('S'), password: 'S3cure-pass!', firstName: 'Re', department: String(dept.id) },
    });
    expect(usersOf(created, 201)[0]!.loginId).toBe(user.loginId);
  });
});

describe('§3.6 errors', () => {
  it('404-101 naming every id that does not exist or is deleted; nothing changes', async () => {
    const { dept, caller } = await admin();
    const ok = await createUser(t.db, { departmentId: dept.id });
    const gone = await createUser(t.db, { state: 'deleted' });
    for (const fmt of ['json', 'xml'] as const) {
      const res = await put(caller, { user: [{ id: '9000000001', lastName: 'x' }, { id: String(ok.id), lastName: 'Changed' }, { id: String(gone.id), lastName: 'x' }] }, fmt);
      expectError(res, '404-101', { format: fmt, details: [{ key: 'id', value: '9000000001' }, { key: 'id', value: String(gone.id) }] });
    }
    expect((await stored(ok.id)).lastName).toBe('User');
  });

  it('409-101 when lastModified.date differs (millisecond precision); one stale item fails the whole list', async () => {
    const { dept, caller } = await admin();
    const [a, b] = [await createUser(t.db, { departmentId: dept.id }), await createUser(t.db, { departmentId: dept.id })];
    const stale = new Date(b.lastModifiedAt.getTime() - 1).toISOString();
    for (const fmt of ['json', 'xml'] as const) {
      const res = await put(caller, { user: [{ id: String(a.id), lastModified: { date: a.lastModifiedAt.toISOString() }, lastName: 'A' }, { id: String(b.id), lastModified: { date: stale }, lastName: 'B' }] }, fmt);
      expectError(res, '409-101', {
        format: fmt,
        details: [{ key: 'id', value: String(b.id) }],
        message: `The resource ${b.id} was modified after it was read (lastModified mismatch). Read it again and retry.`,
      });
    }
    expect((await stored(a.id)).lastName).toBe('User');
    expect((await stored(b.id)).lastName).toBe('User');
    // Without a fraction the date counts as .000; an offset is converted to UTC.
    const whole = new Date(Math.floor(a.lastModifiedAt.getTime() / 1000) * 1000);
    await t.db.prisma.user.update({ where: { id: a.id }, data: { lastModifiedAt: whole } });
    const noFraction = whole.toISOString().slice(0, 19);
    expect((await put(caller, { id: String(a.id), lastModified: { date: `${noFraction}Z` }, lastName: 'A' })).statusCode).toBe(204);
    const again = await stored(a.id);
    const shifted = new Date(again.lastModifiedAt.getTime() + 3_600_000).toISOString().slice(0, 23);
    expect((await put(caller, { id: String(a.id), lastModified: { date: `${shifted}+01:00` }, lastName: 'A2' })).statusCode).toBe(204);
    expect((await put(caller, { id: String(b.id), lastModified: { date: b.lastModifiedAt.toISOString() }, lastName: 'B' })).statusCode).toBe(204);
  });

  it('all or nothing: an invalid second item leaves the first unchanged', async () => {
    const { dept, caller } = await admin();
    const [a, b] = [await createUser(t.db, { departmentId: dept.id }), await createUser(t.db, { departmentId: dept.id })];
    expectError(await put(caller, { user: [{ id: String(a.id), lastName: 'A' }, { id: String(b.id), department: 'Nowhere ' + unique() }] }), '400-152', { format: 'json' });
    expectError(await put(caller, { user: [{ id: String(a.id), lastName: 'A' }, { id: String(b.id), maxLoad: { chat: 99 } }] }), '400-152', {
      format: 'json',
      details: [{ key: 'user[1].maxLoad.chat', value: '99' }],
    });
    expect((await stored(a.id)).lastName).toBe('User');
  });

  it('400-152 for a password, for clearing a required field, for state deleted; 400-153 without id; 400-160 over 75 items', async () => {
    const { dept, caller } = await admin();
    const user = await createUser(t.db, { departmentId: dept.id });
    const id = String(user.id);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ password: 'Another-pass-1' }, 'user[0].password', ''],
      [{ firstName: null }, 'user[0].firstName', ''],
      [{ firstName: '' }, 'user[0].firstName', ''],
      [{ loginId: '' }, 'user[0].loginId', ''],
      [{ department: null }, 'user[0].department', ''],
      [{ roles: null }, 'user[0].roles', ''],
      [{ roles: { role: [] } }, 'user[0].roles.role', ''],
      [{ state: { value: '' } }, 'user[0].state.value', ''],
      [{ state: { value: 'deleted' } }, 'user[0].state.value', 'deleted'],
      [{ lastModified: { date: 'yesterday' } }, 'user[0].lastModified.date', 'yesterday'],
      [{ id: 'abc' }, 'user[0].id', 'abc'],
    ];
    for (const [fields, key, value] of cases) {
      expectError(await put(caller, { user: [{ id, ...fields }] }), '400-152', { format: 'json', details: [{ key, value }] });
    }
    expectError(await put(caller, { user: [{ id }, { id }] }), '400-152', { format: 'json', details: [{ key: 'user[1].id', value: id }] });
    expectError(await put(caller, { user: [{ lastName: 'x' }] }), '400-153', { format: 'json', details: [{ key: 'user[0].id', value: '' }] });
    expectError(await put(caller, { user: [{ id: '' }] }), '400-153', { format: 'json', details: [{ key: 'user[0].id', value: '' }] });
    const many = Array.from({ length: 76 }, () => ({ id }));
    expectError(await put(caller, { user: many }), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    expectError(await put(caller, { user: [] }), '400-153', { format: 'json' });
    const raw = await t.app.inject({ method: 'PUT', url: USER, headers: { 'x-egain-session': caller.sessionId, 'content-type': 'application/xml' }, payload: '<users><user>' });
    expectError(raw, '400-150');
    expect(await stored(user.id)).toMatchObject({ firstName: 'Test', state: 'enabled', passwordHash: user.passwordHash });
  });

  it('409-102 for a login id or screen name already in use, outside the list or within it', async () => {
    const { dept, caller } = await admin();
    const [a, b] = [await createUser(t.db, { departmentId: dept.id }), await createUser(t.db, { departmentId: dept.id })];
    expectError(await put(caller, { id: String(a.id), loginId: b.loginId.toUpperCase() }), '409-102', {
      format: 'json',
      details: [{ key: 'loginId', value: b.loginId.toUpperCase() }],
      message: `The current state of resource ${a.id} does not allow this action: the value of 'loginId' is already in use.`,
    });
    expectError(await put(caller, { id: String(a.id), screenName: b.screenName }), '409-102', { format: 'json', details: [{ key: 'screenName', value: b.screenName }] });
    const same = unique('twin');
    expectError(await put(caller, { user: [{ id: String(a.id), screenName: same }, { id: String(b.id), screenName: same.toUpperCase() }] }), '409-102', {
      format: 'json',
      details: [{ key: 'screenName', value: same }],
    });
    // Swapping within one list is fine: each value is unique once both items apply.
    expect((await put(caller, { user: [{ id: String(a.id), screenName: b.screenName }, { id: String(b.id), screenName: a.screenName }] })).statusCode).toBe(204);
    expect((await stored(a.id)).screenName).toBe(b.screenName);
  });

  it('403-197 for supervisors and agents; 401-101 without a session', async () => {
    const user = await createUser(t.db);
    for (const role of ['supervisor', 'agent'] as const) {
      const who = await loginAs(t.app, t.db, [role]);
      for (const fmt of ['json', 'xml'] as const) expectError(await put(who, { id: String(user.id), lastName: 'x' }, fmt), '403-197', { format: fmt });
      // Permission before existence (01 §7.2).
      expectError(await put(who, { id: '9000000001' }), '403-197', { format: 'json' });
    }
    expectError(await put(undefined, { id: String(user.id) }), '401-101', { format: 'json' });
    expect((await stored(user.id)).lastName).toBe('User');
  });
});
