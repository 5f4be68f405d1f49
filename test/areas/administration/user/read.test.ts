// 07 §3.2 get users by ids, §3.4 get user by login id, and the attribute groups of §3.1, through the HTTP stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment, createUser, login, loginAs } from '../../../helpers/auth.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { expectError } from '../../../conformance/support.ts';
import { hashSecret } from '../../../../src/areas/authentication/tokens.ts';
import {
  call,
  child,
  children,
  COMMON,
  createGroup,
  ids,
  PLATFORM,
  unique,
  USER,
  USER_NS,
  usersOf,
  xmlUsers,
} from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

type Admin = Awaited<ReturnType<typeof loginAs>>;
const refOf = (u: { id: bigint; screenName: string; firstName: string; lastName: string | null }) => ({
  id: String(u.id),
  name: u.screenName,
  firstName: u.firstName,
  ...(u.lastName ? { lastName: u.lastName } : {}),
});

/** Creates a user through the API (so lastModified.user is the caller) and returns its JSON. */
async function create(admin: Admin, body: Record<string, unknown>) {
  const res = await call(t.app, admin, 'POST', USER, { body: { password: 'S3cure-pass!', firstName: 'First', ...body } });
  return usersOf(res, 201)[0]!;
}

describe('§3.2 get users by ids', () => {
  it('answers the default set of each user, in the order of the ids, exactly as the JSON example', async () => {
    const service = await createDepartment(t.db, unique('Service'));
    const admin = await loginAs(t.app, t.db, ['administrator'], { departmentId: service.id });
    const jenny = await create(admin, { loginId: unique('jenny'), screenName: unique('Jenny'), firstName: 'Jenny', lastName: 'Anthony', department: String(service.id) });
    const mike = await create(admin, { loginId: unique('mike'), screenName: unique('Mike'), firstName: 'Mike', lastName: 'Olsen', department: service.name });

    const res = await call(t.app, admin, 'GET', `${USER}/${mike.id},${jenny.id}`);
    const users = usersOf(res);
    expect(users.map((u) => u.id)).toEqual([mike.id, jenny.id]);
    const stored = await t.db.prisma.user.findUniqueOrThrow({ where: { id: BigInt(jenny.id) } });
    expect(users[1]).toEqual({
      id: jenny.id,
      link: { rel: 'self', href: `/system/ws/v12/administration/user/${jenny.id}` },
      loginId: jenny.loginId,
      screenName: jenny.screenName,
      firstName: 'Jenny',
      lastName: 'Anthony',
      department: { id: String(service.id), name: service.name },
      state: { value: 'enabled', displayValue: 'Enabled' },
      lastModified: { date: stored.lastModifiedAt.toISOString(), user: refOf(admin.user) },
    });
    // Get-by-ids answers carry neither paginationInfo nor a self link (01 §9.1).
    expect(Object.keys(res.json() as object)).toEqual(['user']);
  });

  it('answers XML that equals the §3.2 example namespace-aware (users / user in the user namespace, c: and p: children)', async () => {
    const service = await createDepartment(t.db, unique('Service'));
    const admin = await loginAs(t.app, t.db, ['administrator'], { departmentId: service.id });
    const jenny = await create(admin, { loginId: unique('jenny'), screenName: 'Jenny' + unique(''), firstName: 'Jenny', lastName: 'Anthony', department: service.name });
    const date = (await t.db.prisma.user.findUniqueOrThrow({ where: { id: BigInt(jenny.id) } })).lastModifiedAt.toISOString();
    const expected = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<users xmlns="http://bindings.egain.com/ws/model/v12/gen/administration/user"
       xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common"
       xmlns:ns3="http://bindings.egain.com/ws/model/v12/gen/platform">
  <user id="${jenny.id}">
    <link rel="self" href="/system/ws/v12/administration/user/${jenny.id}"/>
    <loginId>${jenny.loginId}</loginId>
    <screenName>${jenny.screenName}</screenName>
    <firstName>Jenny</firstName>
    <lastName>Anthony</lastName>
    <department id="${service.id}"><ns3:name>${service.name}</ns3:name></department>
    <state><ns2:value>enabled</ns2:value><ns2:displayValue>Enabled</ns2:displayValue></state>
    <lastModified date="${date}">
      <ns2:user id="${admin.user.id}"><ns3:name>${admin.user.screenName}</ns3:name><ns3:firstName>Test</ns3:firstName><ns3:lastName>User</ns3:lastName></ns2:user>
    </lastModified>
  </user>
</users>`;
    const res = await call(t.app, admin, 'GET', `${USER}/${jenny.id}`, { fmt: 'xml' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')).toBe(true);
    expect(canonicalXml(res.body)).toEqual(canonicalXml(expected));
  });

  it('$attribute=all adds every group of §3.1 as in the example fragment', async () => {
    const home = await createDepartment(t.db, unique('Service'));
    const foreign = await createDepartment(t.db, unique('Sales'));
    const admin = await loginAs(t.app, t.db, ['administrator'], { departmentId: home.id });
    const jenny = await create(admin, {
      loginId: unique('jenny'),
      firstName: 'Jenny',
      emailAddress: 'Jenny@Example.com',
      department: { id: String(home.id) },
      departments: { department: [{ id: String(foreign.id) }] },
      availability: { chat: { value: 'available' } },
      maxActivitiesToPull: 5,
      language: { id: '1' },
    });
    const group = await createGroup(t.db, home.id, unique('Tier'), [BigInt(jenny.id)]);
    await login(t.app, jenny.loginId as string, 'S3cure-pass!');
    const stored = await t.db.prisma.user.findUniqueOrThrow({ where: { id: BigInt(jenny.id) } });

    const [u] = usersOf(await call(t.app, admin, 'GET', `${USER}/${jenny.id}?$attribute=all`));
    expect(u).toEqual({
      id: jenny.id,
      link: { rel: 'self', href: `/system/ws/v12/administration/user/${jenny.id}` },
      loginId: jenny.loginId,
      screenName: jenny.loginId,
      firstName: 'Jenny',
      department: { id: String(home.id), name: home.name },
      state: { value: 'enabled', displayValue: 'Enabled' },
      lastModified: { date: stored.lastModifiedAt.toISOString(), user: refOf(admin.user) },
      emailAddress: 'Jenny@Example.com',
      departments: {
        department: [
          { id: String(home.id), name: home.name, home: 'yes' },
          { id: String(foreign.id), name: foreign.name, home: 'no' },
        ],
      },
      groups: { group: [{ id: String(group.id), name: group.name, link: { rel: 'group', href: `/system/ws/v12/administration/group/${group.id}` } }] },
      roles: { role: [{ value: 'agent', displayValue: 'Agent' }] },
      status: { value: 'logged_in', displayValue: 'Logged in' },
      availability: { chat: { value: 'available', displayValue: 'Available' }, email: { value: 'unavailable', displayValue: 'Not available' } },
      maxLoad: { chat: 3, email: 10 },
      maxActivitiesToPull: 5,
      currentLoad: { chat: 0, email: 0 },
      language: { id: '1', code: 'en-us', label: 'English (United States)' },
      created: { date: stored.createdAt.toISOString(), user: refOf(admin.user) },
    });
  });

  it('each attribute group adds only its own fields; maxLoad brings maxActivitiesToPull; names compare case-insensitively', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const user = await createUser(t.db, { departmentId: admin.user.departmentId });
    const base = ['id', 'link', 'loginId', 'screenName', 'firstName', 'lastName', 'department', 'state', 'lastModified'];
    const cases: [string, string[]][] = [
      ['emailAddress', []], // no address stored: absent values are omitted (01 §5.2)
      ['departments', ['departments']],
      ['groups', []], // no membership: the empty list is omitted with its wrapper
      ['roles', ['roles']],
      ['status', ['status']],
      ['availability', ['availability']],
      ['MAXLOAD', ['maxLoad', 'maxActivitiesToPull']],
      ['currentLoad', ['currentLoad']],
      ['language', ['language']],
      ['created', ['created']],
      ['', []],
      ['roles,status,roles', ['roles', 'status']],
    ];
    for (const [attr, added] of cases) {
      const [u] = usersOf(await call(t.app, admin, 'GET', `${USER}/${user.id}?$attribute=${attr}`));
      expect(Object.keys(u!), attr).toEqual([...base, ...added]);
    }
    const [a] = usersOf(await call(t.app, admin, 'GET', `${USER}/${user.id}?$attributes=created`));
    expect(a!.created).toEqual({ date: user.createdAt.toISOString() });
  });

  it('$attribute=all in XML: every element in its namespace (07 §1.3, 01 §4.2)', async () => {
    const home = await createDepartment(t.db, unique('Service'));
    const foreign = await createDepartment(t.db, unique('Sales'));
    const admin = await loginAs(t.app, t.db, ['administrator'], { departmentId: home.id });
    const user = await createUser(t.db, { departmentId: home.id, foreignDepartmentIds: [foreign.id], roles: ['agent', 'supervisor'] });
    const group = await createGroup(t.db, foreign.id, unique('Tier'), [user.id]);

    const [u] = xmlUsers(await call(t.app, admin, 'GET', `${USER}/${user.id}?$attribute=all`, { fmt: 'xml' }));
    expect(u!.attrs).toEqual({ id: String(user.id) });
    const names = u!.children.map((c) => c.name);
    expect(names).toEqual(
      ['link', 'loginId', 'screenName', 'firstName', 'lastName', 'department', 'state', 'lastModified', 'departments', 'groups', 'roles', 'status']
        .concat(['availability', 'maxLoad', 'maxActivitiesToPull', 'currentLoad', 'language', 'created'])
        .map((n) => `{${USER_NS}}${n}`),
    );
    const deps = children(child(u!, USER_NS, 'departments')!, USER_NS, 'department');
    expect(deps.map((d) => [d.attrs.id, child(d, PLATFORM, 'name')?.text, child(d, USER_NS, 'home')?.text])).toEqual([
      [String(home.id), home.name, 'yes'],
      [String(foreign.id), foreign.name, 'no'],
    ]);
    const [g] = children(child(u!, USER_NS, 'groups')!, USER_NS, 'group');
    expect(g!.attrs).toEqual({ id: String(group.id) });
    // 07 §1.3: the children of a group reference stay in the user namespace.
    expect(child(g!, USER_NS, 'name')?.text).toBe(group.name);
    expect(child(g!, USER_NS, 'link')?.attrs).toEqual({ rel: 'group', href: `/system/ws/v12/administration/group/${group.id}` });
    const roles = children(child(u!, USER_NS, 'roles')!, USER_NS, 'role');
    expect(roles.map((r) => [child(r, COMMON, 'value')?.text, child(r, COMMON, 'displayValue')?.text])).toEqual([
      ['agent', 'Agent'],
      ['supervisor', 'Supervisor'],
    ]);
    const availability = child(u!, USER_NS, 'availability')!;
    expect(child(child(availability, USER_NS, 'chat')!, COMMON, 'value')?.text).toBe('unavailable');
    expect(child(child(u!, USER_NS, 'maxLoad')!, USER_NS, 'chat')?.text).toBe('3');
    expect(child(child(u!, USER_NS, 'currentLoad')!, USER_NS, 'email')?.text).toBe('0');
    const language = child(u!, USER_NS, 'language')!;
    expect(language.attrs).toEqual({ id: '1' });
    expect(child(language, USER_NS, 'code')?.text).toBe('en-us');
    expect(child(u!, USER_NS, 'created')?.attrs).toEqual({ date: user.createdAt.toISOString() });
    expect(child(child(u!, USER_NS, 'status')!, COMMON, 'displayValue')?.text).toBe('Not logged in');
  });

  it('localises every displayValue in es-ES', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const user = await createUser(t.db, { departmentId: admin.user.departmentId, roles: ['administrator', 'supervisor', 'agent'], state: 'disabled' });
    const res = await call(t.app, admin, 'GET', `${USER}/${user.id}?$attribute=roles,status,availability`, { lang: 'es-ES' });
    expect(res.headers['content-language']).toBe('es-ES');
    const [u] = usersOf(res);
    expect(u!.state).toEqual({ value: 'disabled', displayValue: 'Deshabilitado' });
    expect(u!.status).toEqual({ value: 'not_logged_in', displayValue: 'No conectado' });
    expect(u!.availability).toEqual({ chat: { value: 'unavailable', displayValue: 'No disponible' }, email: { value: 'unavailable', displayValue: 'No disponible' } });
    expect(u!.roles).toEqual({
      role: [
        { value: 'administrator', displayValue: 'Administrador' },
        { value: 'supervisor', displayValue: 'Supervisor' },
        { value: 'agent', displayValue: 'Agente' },
      ],
    });
    const [d] = usersOf(await call(t.app, admin, 'GET', `${USER}/${(await createUser(t.db, { state: 'deleted' })).id}`, { lang: 'es' }));
    expect(d!.state).toEqual({ value: 'deleted', displayValue: 'Eliminado' });
    await login(t.app, admin.user.loginId);
    const [me] = usersOf(await call(t.app, admin, 'GET', `${USER}/${admin.user.id}?$attribute=status`, { lang: 'es-ES' }));
    expect(me!.status).toEqual({ value: 'logged_in', displayValue: 'Conectado' });
  });

  it('returns deleted users too, with state deleted', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const victim = await createUser(t.db, { departmentId: admin.user.departmentId });
    expect((await call(t.app, admin, 'DELETE', `${USER}/${victim.id}`)).statusCode).toBe(204);
    const [u] = usersOf(await call(t.app, admin, 'GET', `${USER}/${victim.id}`));
    expect(u!.state).toEqual({ value: 'deleted', displayValue: 'Deleted' });
    expect(u!.loginId).toBe(victim.loginId);
  });

  it('takes a comma list raw or as %2C; duplicates are removed keeping the first position; leading zeros are ignored', async () => {
    const admin = await loginAs(t.app, t.db, ['agent']);
    const [a, b, c] = [await createUser(t.db), await createUser(t.db), await createUser(t.db)];
    expect(ids(await call(t.app, admin, 'GET', `${USER}/${c.id}%2C${a.id}%2c${b.id}`))).toEqual([String(c.id), String(a.id), String(b.id)]);
    expect(ids(await call(t.app, admin, 'GET', `${USER}/${b.id},${a.id},${b.id},0${a.id}`))).toEqual([String(b.id), String(a.id)]);
    expect(ids(await call(t.app, admin, 'GET', `${USER}/${a.id}/`))).toEqual([String(a.id)]);
  });

  it('HEAD answers like GET without a body', async () => {
    const admin = await loginAs(t.app, t.db, ['agent']);
    const res = await call(t.app, admin, 'HEAD', `${USER}/${admin.user.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('404-101 names every id that does not exist, in both formats; 75 ids are accepted', async () => {
    const admin = await loginAs(t.app, t.db, ['agent']);
    const missing = [9_000_000_001, 9_000_000_002];
    for (const fmt of ['json', 'xml'] as const) {
      const res = await call(t.app, admin, 'GET', `${USER}/${missing[0]},${admin.user.id},${missing[1]}`, { fmt });
      expectError(res, '404-101', {
        format: fmt,
        details: missing.map((id) => ({ key: 'id', value: String(id) })),
        message: `The following IDs were not found: ${missing.join(', ')}.`,
      });
    }
    const many = Array.from({ length: 74 }, (_, i) => 9_100_000_000 + i);
    const res = await call(t.app, admin, 'GET', `${USER}/${admin.user.id},${many.join(',')}`);
    // 74 unknown ids: the message names all of them, details stop at 30 pairs (01 §7.1).
    const body = expectError(res, '404-101', { format: 'json', message: `The following IDs were not found: ${many.join(', ')}.` });
    expect(body.details).toEqual(many.slice(0, 30).map((id) => ({ key: 'id', value: String(id) })));
  });

  it('400-160 for 76 ids, 400-102 for a bad id list, 400-101 for paging parameters or unknown ones, 400-102 for an unknown $attribute', async () => {
    const admin = await loginAs(t.app, t.db, ['agent']);
    const me = String(admin.user.id);
    const tooMany = Array.from({ length: 76 }, (_, i) => 1 + i).join(',');
    expectError(await call(t.app, admin, 'GET', `${USER}/${tooMany}`), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    for (const bad of ['abc', `${me},,1`, `${me},`, '0', '-1', '1.5', '99999999999999999999']) {
      expectError(await call(t.app, admin, 'GET', `${USER}/${encodeURIComponent(bad)}`), '400-102', { format: 'json', details: [{ key: 'ids', value: bad }] });
    }
    for (const q of ['$pagesize=5', '$pagenum=1', '$sort=id', '$count=yes', 'loginId=x']) {
      const name = q.split('=')[0]!;
      expectError(await call(t.app, admin, 'GET', `${USER}/${me}?${q}`), '400-101', { format: 'json', details: [{ key: name, value: q.split('=')[1]! }] });
    }
    expectError(await call(t.app, admin, 'GET', `${USER}/${me}?$attribute=roles,password`), '400-102', {
      format: 'json',
      details: [{ key: '$attribute', value: 'roles,password' }],
    });
    expectError(await call(t.app, admin, 'GET', `${USER}/${me}?$attribute=roles&$attributes=status`), '400-104', { format: 'json' });
  });

  it('401-101 without a session or with an ended one; no session echo', async () => {
    const admin = await loginAs(t.app, t.db, ['agent']);
    for (const fmt of ['json', 'xml'] as const) {
      const res = await call(t.app, undefined, 'GET', `${USER}/${admin.user.id}`, { fmt });
      expectError(res, '401-101', { format: fmt, message: "Invalid or expired 'X-egain-session' header provided. New login is required." });
      expect(res.headers['x-egain-session']).toBeUndefined();
    }
    expect((await call(t.app, admin, 'DELETE', '/system/ws/v12/authentication/user/logout')).statusCode).toBe(204);
    expectError(await call(t.app, admin, 'GET', `${USER}/${admin.user.id}`), '401-101', { format: 'json' });
  });

  it('echoes the session on success and on errors other than 401', async () => {
    const admin = await loginAs(t.app, t.db, ['agent']);
    expect((await call(t.app, admin, 'GET', `${USER}/${admin.user.id}`)).headers['x-egain-session']).toBe(admin.sessionId);
    expect((await call(t.app, admin, 'GET', `${USER}/9000000001`)).headers['x-egain-session']).toBe(admin.sessionId);
  });
});

describe('§3.1 status: derived from live sessions', () => {
  it('logged_in while the user has a live session; not after logout, nor when the only session is idle past the timeout', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const agent = await createUser(t.db);
    const status = async () => usersOf(await call(t.app, admin, 'GET', `${USER}/${agent.id}?$attribute=status`))[0]!.status;
    expect(await status()).toEqual({ value: 'not_logged_in', displayValue: 'Not logged in' });
    const s = await login(t.app, agent.loginId);
    expect(await status()).toEqual({ value: 'logged_in', displayValue: 'Logged in' });
    // Idle for longer than the 30-minute default: the session is no longer live.
    await t.db.prisma.session.update({ where: { idHash: Uint8Array.from(hashSecret(s.sessionId)) }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    expect(await status()).toEqual({ value: 'not_logged_in', displayValue: 'Not logged in' });
    const s2 = await login(t.app, agent.loginId);
    expect(await status()).toEqual({ value: 'logged_in', displayValue: 'Logged in' });
    await t.app.inject({ method: 'DELETE', url: '/system/ws/v12/authentication/user/logout', headers: s2.headers });
    expect(await status()).toEqual({ value: 'not_logged_in', displayValue: 'Not logged in' });
  });
});

describe('§3.4 get user by login id', () => {
  it('matches case-insensitively and URL-decoded, with $attribute, in both formats', async () => {
    const admin = await loginAs(t.app, t.db, ['supervisor']);
    const loginId = `${unique('Jane.Doe')}+x@example.com`;
    const user = await createUser(t.db, { loginId, departmentId: admin.user.departmentId });
    const res = await call(t.app, admin, 'GET', `${USER}/login/${encodeURIComponent(loginId.toUpperCase())}?$attribute=roles`);
    const [u] = usersOf(res);
    expect(u!.id).toBe(String(user.id));
    expect(u!.loginId).toBe(loginId);
    expect(u!.roles).toEqual({ role: [{ value: 'agent', displayValue: 'Agent' }] });
    expect(Object.keys(res.json() as object)).toEqual(['user']);
    const [x] = xmlUsers(await call(t.app, admin, 'GET', `${USER}/login/${encodeURIComponent(loginId)}`, { fmt: 'xml' }));
    expect(x!.attrs.id).toBe(String(user.id));
    expect(child(x!, USER_NS, 'loginId')?.text).toBe(loginId);
  });

  it('ignores deleted users: a freed login id finds its new holder; unknown → 404-101', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    const loginId = unique('reused');
    const old = await createUser(t.db, { loginId });
    expect((await call(t.app, admin, 'DELETE', `${USER}/${old.id}`)).statusCode).toBe(204);
    for (const fmt of ['json', 'xml'] as const) {
      expectError(await call(t.app, admin, 'GET', `${USER}/login/${loginId}`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: loginId }] });
    }
    const reused = await createUser(t.db, { loginId: loginId.toUpperCase() });
    expect(ids(await call(t.app, admin, 'GET', `${USER}/login/${loginId}`))).toEqual([String(reused.id)]);
  });

  it('400-101 for paging parameters; 400-102 for a character XML cannot carry; 401-101 without a session', async () => {
    const admin = await loginAs(t.app, t.db, ['agent']);
    expectError(await call(t.app, admin, 'GET', `${USER}/login/${admin.user.loginId}?$pagesize=2`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${USER}/login/a%01b`), '400-102', { format: 'json', details: [{ key: 'loginId', value: 'a\u0001b' }] });
    expectError(await call(t.app, undefined, 'GET', `${USER}/login/${admin.user.loginId}`), '401-101', { format: 'json' });
  });
});
