// 07 §3.5 create user: body forms, references, defaults, validation, uniqueness, permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment, createUser, login, loginAs } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { verifyPassword } from '../../../../src/areas/authentication/passwords.ts';
import { uniqueViolation } from '../../../../src/areas/administration/user/user.rules.ts';
import { call, child, children, COMMON, configVersion, createGroup, unique, USER, USER_NS, usersOf, xmlUsers } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

type Caller = Awaited<ReturnType<typeof loginAs>>;
const password = 'S3cure-pass!';
const post = (who: Caller | undefined, body: unknown, opts: { fmt?: 'json' | 'xml'; query?: string } = {}) =>
  call(t.app, who, 'POST', `${USER}${opts.query ?? ''}`, { body, ...(opts.fmt ? { fmt: opts.fmt } : {}) });

async function admin() {
  const dept = await createDepartment(t.db, unique('Service'));
  return { dept, caller: await loginAs(t.app, t.db, ['administrator'], { departmentId: dept.id }) };
}

const minimal = (dept: { id: bigint }) => ({ loginId: unique('new'), password, firstName: 'Jane', department: String(dept.id) });

describe('§3.5 success', () => {
  it('201 with Location and the new user (default set); stored with a salted hash; the new user can log in', async () => {
    const { dept, caller } = await admin();
    const before = await configVersion(t.db);
    const body = { ...minimal(dept), lastName: 'Doe', emailAddress: 'jane@example.com' };
    const res = await post(caller, body);
    const [u] = usersOf(res, 201);
    expect(res.headers.location).toBe(`/system/ws/v12/administration/user/${u!.id}`);
    const stored = await t.db.prisma.user.findUniqueOrThrow({ where: { id: BigInt(u!.id) } });
    expect(u).toEqual({
      id: String(stored.id),
      link: { rel: 'self', href: `/system/ws/v12/administration/user/${stored.id}` },
      loginId: body.loginId,
      screenName: body.loginId,
      firstName: 'Jane',
      lastName: 'Doe',
      department: { id: String(dept.id), name: dept.name },
      state: { value: 'enabled', displayValue: 'Enabled' },
      lastModified: {
        date: stored.lastModifiedAt.toISOString(),
        user: { id: String(caller.user.id), name: caller.user.screenName, firstName: 'Test', lastName: 'User' },
      },
    });
    expect(stored.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, stored.passwordHash)).toBe(true);
    expect(stored.createdById).toBe(caller.user.id);
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    await login(t.app, body.loginId, password);
  });

  it('applies the defaults: screenName = loginId, roles [agent], both channels unavailable, maxLoad 3/10, pull 1, default language', async () => {
    const { dept, caller } = await admin();
    const [u] = usersOf(await post(caller, minimal(dept), { query: '?$attribute=all' }), 201);
    expect(u!.screenName).toBe(u!.loginId);
    expect(u!.roles).toEqual({ role: [{ value: 'agent', displayValue: 'Agent' }] });
    expect(u!.availability).toEqual({ chat: { value: 'unavailable', displayValue: 'Not available' }, email: { value: 'unavailable', displayValue: 'Not available' } });
    expect(u!.maxLoad).toEqual({ chat: 3, email: 10 });
    expect(u!.maxActivitiesToPull).toBe(1);
    expect(u!.language).toEqual({ id: '1', code: 'en-us', label: 'English (United States)' });
    expect(u!.status).toEqual({ value: 'not_logged_in', displayValue: 'Not logged in' });
    expect(u!.departments).toEqual({ department: [{ id: String(dept.id), name: dept.name, home: 'yes' }] });
    expect(u!.groups).toBeUndefined();
    expect(u!.created).toMatchObject({ user: { id: String(caller.user.id) } });
  });

  it('reads the bare object, {"user":{…}} and {"user":[{…}]} alike; null is absent', async () => {
    const { dept, caller } = await admin();
    for (const wrap of [(b: object) => b, (b: object) => ({ user: b }), (b: object) => ({ user: [b] })]) {
      const body = { ...minimal(dept), lastName: null, screenName: null };
      const [u] = usersOf(await post(caller, wrap(body)), 201);
      expect(u!.loginId).toBe(body.loginId);
      expect(u!.screenName).toBe(body.loginId);
      expect(u!.lastName).toBeUndefined();
    }
  });

  it('takes every writable field of §3.1', async () => {
    const { dept, caller } = await admin();
    const sales = await createDepartment(t.db, unique('Sales'));
    const billing = await createDepartment(t.db, unique('Billing'));
    const body = {
      ...minimal(dept),
      screenName: unique('Jane'),
      lastName: 'Doe',
      emailAddress: 'jane.doe@example.com',
      state: { value: 'DISABLED' },
      departments: { department: [{ id: String(sales.id) }, { name: billing.name.toLowerCase() }, { id: String(dept.id), home: 'yes' }] },
      roles: { role: [{ value: 'supervisor' }, { value: 'Administrator' }] },
      availability: { chat: { value: 'available' }, email: { value: 'unavailable' } },
      maxLoad: { chat: '20', email: 0 },
      maxActivitiesToPull: 75,
      language: { code: 'es-ES' },
    };
    const [u] = usersOf(await post(caller, body, { query: '?$attribute=all' }), 201);
    expect(u).toMatchObject({
      screenName: body.screenName,
      lastName: 'Doe',
      emailAddress: 'jane.doe@example.com',
      state: { value: 'disabled' },
      departments: {
        department: [
          { id: String(dept.id), home: 'yes' },
          { id: String(sales.id), home: 'no' },
          { id: String(billing.id), home: 'no' },
        ],
      },
      roles: { role: [{ value: 'administrator' }, { value: 'supervisor' }] },
      availability: { chat: { value: 'available' }, email: { value: 'unavailable' } },
      maxLoad: { chat: 20, email: 0 },
      maxActivitiesToPull: 75,
      language: { id: '2', code: 'es-es' },
    });
  });

  it('department as a string (digits → id, else name, case-insensitive), {id} or {name}', async () => {
    const { dept, caller } = await admin();
    for (const department of [String(dept.id), Number(dept.id), dept.name.toUpperCase(), { id: String(dept.id) }, { id: Number(dept.id) }, { name: dept.name.toLowerCase() }]) {
      const [u] = usersOf(await post(caller, { ...minimal(dept), department }), 201);
      expect(u!.department, JSON.stringify(department)).toEqual({ id: String(dept.id), name: dept.name });
    }
  });

  it('groups by {"link":[…]} hrefs or by ids, of the user’s departments', async () => {
    const { dept, caller } = await admin();
    const sales = await createDepartment(t.db, unique('Sales'));
    const g1 = await createGroup(t.db, dept.id);
    const g2 = await createGroup(t.db, sales.id);
    const link = (id: bigint) => ({ rel: 'group', href: `/system/ws/v12/administration/group/${id}` });
    const groupIds = async (u: { id: string }) =>
      (await t.db.prisma.userGroupMember.findMany({ where: { userId: BigInt(u.id) }, orderBy: { groupId: 'asc' } })).map((m) => String(m.groupId));
    const [a] = usersOf(await post(caller, { ...minimal(dept), departments: { department: { id: String(sales.id) } }, groups: { link: [link(g1.id), link(g2.id)] } }), 201);
    expect(await groupIds(a!)).toEqual([String(g1.id), String(g2.id)]);
    const [b] = usersOf(await post(caller, { ...minimal(dept), groups: { link: link(g1.id) } }), 201);
    expect(await groupIds(b!)).toEqual([String(g1.id)]);
    const [c] = usersOf(await post(caller, { ...minimal(dept), groups: { group: [{ id: Number(g1.id) }] } }, { query: '?$attribute=groups' }), 201);
    expect(c!.groups).toEqual({ group: [{ id: String(g1.id), name: g1.name, link: link(g1.id) }] });
  });

  it('takes the XML body of the §3.5 example and answers XML', async () => {
    const { dept, caller } = await admin();
    const group = await createGroup(t.db, dept.id);
    const loginId = `${unique('jane')}@example.com`;
    const xml = `<user xmlns="http://bindings.egain.com/ws/model/v12/gen/administration/user"
      xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common">
  <firstName>Jane</firstName>
  <lastName>Doe</lastName>
  <screenName>${loginId}</screenName>
  <loginId>${loginId}</loginId>
  <password>${password}</password>
  <emailAddress>jane@example.com</emailAddress>
  <department><name>${dept.name.toLowerCase()}</name></department>
  <roles><role><ns2:value>agent</ns2:value></role></roles>
  <maxLoad><chat>2</chat><email>5</email></maxLoad>
  <groups><link rel="group" href="/system/ws/v12/administration/group/${group.id}"/></groups>
</user>`;
    const res = await call(t.app, caller, 'POST', `${USER}?$attribute=maxLoad,roles,groups`, { body: xml, fmt: 'xml' });
    const [u] = xmlUsers(res, 201);
    expect(res.headers.location).toBe(`/system/ws/v12/administration/user/${u!.attrs.id}`);
    expect(child(u!, USER_NS, 'loginId')?.text).toBe(loginId);
    expect(child(child(u!, USER_NS, 'department')!, 'http://bindings.egain.com/ws/model/v12/gen/platform', 'name')?.text).toBe(dept.name);
    expect(children(child(u!, USER_NS, 'maxLoad')!, USER_NS, 'chat')[0]?.text).toBe('2');
    expect(child(child(child(u!, USER_NS, 'roles')!, USER_NS, 'role')!, COMMON, 'value')?.text).toBe('agent');
    expect(child(child(u!, USER_NS, 'groups')!, USER_NS, 'group')?.attrs).toEqual({ id: String(group.id) });
    await login(t.app, loginId, password);
  });

  it('a login id or screen name of a deleted user is free again', async () => {
    const { dept, caller } = await admin();
    const old = await createUser(t.db, { state: 'deleted' });
    const [u] = usersOf(await post(caller, { ...minimal(dept), loginId: old.loginId.toUpperCase() }), 201);
    expect(u!.screenName).toBe(old.loginId.toUpperCase());
  });
});

describe('§3.5 errors', () => {
  it('400-153 for a missing or empty required attribute', async () => {
    const { dept, caller } = await admin();
    for (const field of ['loginId', 'password', 'firstName', 'department'] as const) {
      for (const value of [undefined, '', null]) {
        const body: Record<string, unknown> = { ...minimal(dept) };
        if (value === undefined) delete body[field];
        else body[field] = value;
        for (const fmt of ['json', 'xml'] as const) {
          expectError(await post(caller, body, { fmt }), '400-153', { format: fmt, details: [{ key: field, value: '' }] });
        }
      }
    }
    expectError(await post(caller, { ...minimal(dept), department: {} }), '400-153', { format: 'json', details: [{ key: 'department', value: '' }] });
  });

  it('400-152 for invalid values, naming the attribute; passwords are never echoed', async () => {
    const { dept, caller } = await admin();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ password: 'Short-1' }, 'password', ''],
      [{ password: 'x'.repeat(129) }, 'password', ''],
      [{ loginId: 'jane doe' }, 'loginId', 'jane doe'],
      [{ loginId: 'jane#1' }, 'loginId', 'jane#1'],
      [{ loginId: 'x'.repeat(256) }, 'loginId', 'x'.repeat(255)],
      [{ firstName: 'x'.repeat(125) }, 'firstName', 'x'.repeat(125)],
      [{ lastName: 'x'.repeat(125) }, 'lastName', 'x'.repeat(125)],
      [{ screenName: 'x'.repeat(256) }, 'screenName', 'x'.repeat(255)],
      [{ emailAddress: 'not-an-address' }, 'emailAddress', 'not-an-address'],
      [{ state: { value: 'deleted' } }, 'state.value', 'deleted'],
      [{ state: { value: 'active' } }, 'state.value', 'active'],
      [{ roles: { role: [{ value: 'customer' }] } }, 'roles.role[0].value', 'customer'],
      [{ roles: { role: [] } }, 'roles.role', ''],
      [{ availability: { chat: { value: 'yes' } } }, 'availability.chat.value', 'yes'],
      [{ maxLoad: { chat: 21 } }, 'maxLoad.chat', '21'],
      [{ maxLoad: { email: 101 } }, 'maxLoad.email', '101'],
      [{ maxLoad: { email: -1 } }, 'maxLoad.email', '-1'],
      [{ maxLoad: { chat: 'many' } }, 'maxLoad.chat', 'many'],
      [{ maxActivitiesToPull: 0 }, 'maxActivitiesToPull', '0'],
      [{ maxActivitiesToPull: 76 }, 'maxActivitiesToPull', '76'],
      [{ maxActivitiesToPull: 1.5 }, 'maxActivitiesToPull', '1.5'],
      [{ department: '0' }, 'department', '0'],
      [{ department: { id: 'abc' } }, 'department.id', 'abc'],
      [{ groups: { link: [{ rel: 'group', href: '/system/ws/v12/administration/group/x' }] } }, 'groups.link[0].href', '/system/ws/v12/administration/group/x'],
      [{ firstName: 'a\u0000b' }, 'firstName', ''],
    ];
    for (const [override, key, value] of cases) {
      const res = await post(caller, { ...minimal(dept), ...override });
      expectError(res, '400-152', { format: 'json', details: [{ key, value }], message: `Invalid value of attribute '${key}'.` });
      expect(res.body).not.toContain('Short-1');
    }
  });

  it('400-152 for references that do not resolve: department, foreign departments, groups (unknown or of another department), language', async () => {
    const { dept, caller } = await admin();
    const elsewhere = await createGroup(t.db, (await createDepartment(t.db)).id);
    const missing = unique('Nowhere');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ department: '9000000001' }, 'department', '9000000001'],
      [{ department: missing }, 'department', missing],
      [{ department: { id: '9000000001' } }, 'department.id', '9000000001'],
      [{ department: { name: missing } }, 'department.name', missing],
      [{ departments: { department: [{ id: String(dept.id) }, { name: missing }] } }, 'departments.department[1].name', missing],
      [{ groups: { group: [{ id: '9000000001' }] } }, 'groups.group[0].id', '9000000001'],
      [{ groups: { link: [{ href: `/system/ws/v12/administration/group/${elsewhere.id}` }] } }, 'groups.link[0].href', `/system/ws/v12/administration/group/${elsewhere.id}`],
      [{ language: { id: '9000000001' } }, 'language.id', '9000000001'],
      [{ language: { code: 'fr-fr' } }, 'language.code', 'fr-fr'],
    ];
    for (const [override, key, value] of cases) {
      const body = { ...minimal(dept), ...override };
      for (const fmt of ['json', 'xml'] as const) expectError(await post(caller, body, { fmt }), '400-152', { format: fmt, details: [{ key, value }] });
      expect(await t.db.prisma.user.count({ where: { loginId: body.loginId } })).toBe(0);
    }
  });

  it('400-152 for a wrapper with two users; 400-150 for a malformed body', async () => {
    const { dept, caller } = await admin();
    expectError(await post(caller, { user: [minimal(dept), minimal(dept)] }), '400-152', { format: 'json', details: [{ key: 'user', value: '' }] });
    const res = await t.app.inject({ method: 'POST', url: USER, headers: { 'x-egain-session': caller.sessionId, 'content-type': 'application/json' }, payload: '{"loginId":' });
    expectError(res, '400-150');
    expectError(await post(caller, [minimal(dept)]), '400-150', { format: 'json' });
  });

  it('409-102 for a login id or screen name in use (case-insensitively), details key = the field', async () => {
    const { dept, caller } = await admin();
    const holder = await createUser(t.db);
    const byLogin = await post(caller, { ...minimal(dept), loginId: holder.loginId.toUpperCase() });
    expectError(byLogin, '409-102', {
      format: 'json',
      details: [{ key: 'loginId', value: holder.loginId.toUpperCase() }],
      message: `The current state of resource ${holder.id} does not allow this action: the value of 'loginId' is already in use.`,
    });
    const byScreen = await post(caller, { ...minimal(dept), screenName: holder.screenName.toUpperCase() }, { fmt: 'xml' });
    expectError(byScreen, '409-102', { format: 'xml', details: [{ key: 'screenName', value: holder.screenName.toUpperCase() }] });
    // The default screen name (= loginId) collides too.
    const other = await createUser(t.db);
    await t.db.prisma.user.update({ where: { id: other.id }, data: { screenName: unique('taken') } });
    const taken = (await t.db.prisma.user.findUniqueOrThrow({ where: { id: other.id } })).screenName;
    expectError(await post(caller, { ...minimal(dept), loginId: taken }), '409-102', { format: 'json', details: [{ key: 'screenName', value: taken }] });
    const es = await call(t.app, caller, 'POST', USER, { body: { ...minimal(dept), loginId: holder.loginId }, lang: 'es-ES' });
    expectError(es, '409-102', {
      format: 'json',
      lang: 'es-ES',
      message: `El estado actual del recurso ${holder.id} no permite esta acción: el valor de 'loginId' ya está en uso.`,
    });
  });

  it('two creates of one login id at the same time: one 201, one 409-102 (checked, or caught by the unique index)', async () => {
    const { dept, caller } = await admin();
    const body = minimal(dept);
    const results = await Promise.all([post(caller, body), post(caller, { ...body, screenName: unique('other') })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const conflict = results.find((r) => r.statusCode === 409)!;
    expect(expectError(conflict, '409-102', { format: 'json' }).details).toEqual([{ key: 'loginId', value: body.loginId }]);
    expect(await t.db.prisma.user.count({ where: { loginId: body.loginId } })).toBe(1);
  });

  it('a unique index violation from the database maps to the same 409-102 (concurrent writers)', async () => {
    const holder = await createUser(t.db);
    for (const [data, field] of [
      [{ loginId: holder.loginId.toUpperCase(), screenName: unique('s') }, 'loginId'],
      [{ loginId: unique('l'), screenName: holder.screenName.toUpperCase() }, 'screenName'],
    ] as const) {
      const err = await t.db.prisma.user
        .create({ data: { ...data, firstName: 'X', departmentId: holder.departmentId, passwordHash: 'x' } })
        .then(() => undefined, (e: unknown) => e);
      const mapped = uniqueViolation(err, []);
      expect(mapped?.key).toBe('409-102');
      expect(mapped?.details).toEqual([{ key: field, value: '' }]);
    }
    expect(uniqueViolation(new Error('something else'), [])).toBeUndefined();
  });

  it('403-197 for supervisors and agents, after validation and before existence checks', async () => {
    const dept = await createDepartment(t.db);
    for (const role of ['supervisor', 'agent'] as const) {
      const who = await loginAs(t.app, t.db, [role]);
      for (const fmt of ['json', 'xml'] as const) {
        expectError(await post(who, { ...minimal(dept), department: 'Nowhere at all' }, { fmt }), '403-197', {
          format: fmt,
          message: 'You are not authorized to perform this action.',
        });
      }
      expectError(await post(who, { ...minimal(dept), password: 'short' }), '400-152', { format: 'json' });
      const res = await post(who, minimal(dept));
      expect(res.headers['x-egain-session']).toBe(who.sessionId);
    }
  });

  it('401-101 without a session', async () => {
    const dept = await createDepartment(t.db);
    expectError(await post(undefined, minimal(dept)), '401-101', { format: 'json' });
  });
});
