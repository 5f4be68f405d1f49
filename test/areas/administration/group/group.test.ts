// User groups (07 §1.2–§1.4, §5) through the real HTTP stack: list, get by ids, create, edit, delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment, createUser } from '../../../helpers/auth.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { ADMIN, call, COMMON, configVersion, el, FORBIDDEN, noContent, ns, ok, PLATFORM, session, foreignContexts, expectForbidden, stampEl, unique, xmlOf, type Session } from '../department/support.ts';
import { createGroup, deleteGroups, editGroups, getGroups, listGroups } from '../../../../src/areas/administration/group/group.service.ts';

const URL = `${ADMIN}/group`;
const GRP = ns('group');
const USR = ns('user');

type UserView = { id: string; name: string; firstName: string; lastName?: string };
type Member = { id: string; loginId: string; screenName: string; link: { rel: string; href: string } };
type Group = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  description?: string;
  department: { id: string; name: string };
  users?: { user: Member[] };
  lastModified: { date: string; user?: UserView };
  created?: { date: string; user?: UserView };
};
type Page = { link?: { rel: string; href: string }; group: Group[]; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] } };

let t: TestApp;
let admin: Session;
let supervisor: Session;
let agent: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
  supervisor = await session(t.app, t.db, ['supervisor']);
  agent = await session(t.app, t.db, ['agent']);
});
afterAll(async () => t?.close());

const userOf = (s: Session): UserView => ({ id: s.name.id, name: s.name.name, firstName: s.name.firstName, lastName: s.name.lastName });
const dept = () => createDepartment(t.db, unique('GD'));
const member = (u: { id: bigint; loginId: string; screenName: string }): Member => ({
  id: String(u.id),
  loginId: u.loginId,
  screenName: u.screenName,
  link: { rel: 'user', href: `${ADMIN}/user/${u.id}` },
});

async function create(body: Record<string, unknown>, query = ''): Promise<Group> {
  return ok<{ group: Group[] }>(await call(t.app, admin, 'POST', `${URL}${query}`, { body: { name: unique('Grp'), ...body } }), 201).group[0]!;
}

async function read(id: string, who: Session = admin): Promise<Group> {
  return ok<{ group: Group[] }>(await call(t.app, who, 'GET', `${URL}/${id}?$attribute=all`)).group[0]!;
}

async function memberRows(groupId: string): Promise<string[]> {
  const rows = await t.db.prisma.userGroupMember.findMany({ where: { groupId: BigInt(groupId) }, orderBy: { userId: 'asc' } });
  return rows.map((r) => String(r.userId));
}

describe('callers (07 §1.2)', () => {
  it.each(FORMATS)('answers 401-101 on every endpoint without a session (%s)', async (fmt) => {
    const d = await dept();
    const g = await create({ department: { id: String(d.id) } });
    for (const [method, url, body] of [
      ['GET', URL],
      ['GET', `${URL}/${g.id}`],
      ['POST', URL, { name: unique(), department: { id: String(d.id) } }],
      ['PUT', URL, { id: g.id, name: unique() }],
      ['DELETE', `${URL}/${g.id}`],
    ] as const) {
      expectError(await call(t.app, null, method, url, { fmt, body }), '401-101', { format: fmt });
    }
    expect((await read(g.id)).name).toBe(g.name);
  });

  it('lets supervisors and agents read, refuses them every write with 403-197', async () => {
    const d = await dept();
    const g = await create({ department: { id: String(d.id) } });
    const before = await configVersion(t.db);
    for (const who of [supervisor, agent]) {
      expect((await read(g.id, who)).name).toBe(g.name);
      expect(ok<Page>(await call(t.app, who, 'GET', `${URL}?department=${d.id}`)).group.map((x) => x.id)).toEqual([g.id]);
      const name = unique();
      expectError(await call(t.app, who, 'POST', URL, { body: { name, department: { id: String(d.id) } } }), '403-197', { format: 'json', message: FORBIDDEN['en-US'] });
      expectError(await call(t.app, who, 'PUT', URL, { body: { id: g.id, name } }), '403-197', { format: 'json' });
      expectError(await call(t.app, who, 'DELETE', `${URL}/${g.id}`, { fmt: 'xml' }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/999999999`), '403-197', { format: 'json' });
    }
    expect(await read(g.id)).toMatchObject({ name: g.name });
    expect(await configVersion(t.db)).toBe(before);
    expect((await call(t.app, admin, 'GET', `${URL}?department=${d.id}&$count=yes`)).body).toContain('"count":1');
  });

  it('validates the body before the permission (01 §7.2)', async () => {
    expectError(await call(t.app, agent, 'POST', URL, { body: { name: 'x' } }), '400-153', { format: 'json', details: [{ key: 'department', value: '' }] });
    expectError(await call(t.app, agent, 'POST', URL, { body: { name: 'x', department: {} } }), '400-153', { format: 'json', details: [{ key: 'department', value: '' }] });
    expectError(await call(t.app, agent, 'PUT', URL, { body: { id: '1', name: '' } }), '400-152', { format: 'json', details: [{ key: 'group[0].name', value: '' }] });
  });
  it('refuses customer and client-application callers every call (403-197)', async () => {
    const d = await dept();
    const g = await create({ department: { id: String(d.id) } });
    const q = { attributes: new Set() } as never;
    for (const ctx of foreignContexts(t.app, t.db)) {
      await expectForbidden(() => listGroups(ctx, q));
      await expectForbidden(() => getGroups(ctx, [BigInt(g.id)], q));
      await expectForbidden(() => createGroup(ctx, { name: unique(), department: { id: String(d.id) } }, q));
      await expectForbidden(() => editGroups(ctx, [{ id: g.id, name: unique() }]));
      await expectForbidden(() => deleteGroups(ctx, [BigInt(g.id)]));
    }
    expect((await read(g.id)).name).toBe(g.name);
  });
});

describe('list (07 §1.4, §5)', () => {
  let d1: { id: bigint; name: string };
  let d2: { id: bigint; name: string };
  let g1: Group;
  let g2: Group;
  let g3: Group;
  let u: { id: bigint; loginId: string; screenName: string };
  let prefix: string;
  beforeAll(async () => {
    prefix = unique('LG');
    d1 = await dept();
    d2 = await dept();
    u = await createUser(t.db, { departmentId: d1.id, foreignDepartmentIds: [d2.id] });
    g1 = await create({ name: `${prefix}-b`, department: { id: String(d1.id) }, users: { user: [{ id: String(u.id) }] } });
    g2 = await create({ name: `${prefix}-A`, department: { id: String(d1.id) } });
    g3 = await create({ name: `${prefix}-c`, department: { id: String(d2.id) }, users: { user: [{ id: String(u.id) }] } });
  });

  const ids = async (q: string) => {
    const res = await call(t.app, admin, 'GET', `${URL}?${q}`);
    return res.statusCode === 204 ? [] : ok<Page>(res).group.map((g) => g.id);
  };

  it('needs no filter', async () => {
    const page = ok<Page>(await call(t.app, admin, 'GET', URL));
    expect(page.paginationInfo.count as number).toBeGreaterThanOrEqual(3);
  });

  it('filters by department id or name (case-insensitive)', async () => {
    expect(await ids(`department=${d1.id}`)).toEqual([g1.id, g2.id]);
    expect(await ids(`department=00${d1.id}`)).toEqual([g1.id, g2.id]);
    expect(await ids(`department=${encodeURIComponent(d2.name.toUpperCase())}`)).toEqual([g3.id]);
  });

  it('filters by name with the * wildcard, case-insensitively', async () => {
    expect(await ids(`name=${prefix}*`)).toEqual([g1.id, g2.id, g3.id]);
    expect(await ids(`name=${prefix.toLowerCase()}-a`)).toEqual([g2.id]);
    expect(await ids(`name=*${prefix.slice(4)}-?`)).toEqual([]);
  });

  it('filters by member and ANDs the filters', async () => {
    expect(await ids(`user=${u.id}`)).toEqual([g1.id, g3.id]);
    expect(await ids(`user=${u.id}&department=${d2.id}`)).toEqual([g3.id]);
    expect(await ids(`user=${u.id}&name=${prefix}-A`)).toEqual([]);
    const loner = await createUser(t.db, { departmentId: d1.id });
    noContent(await call(t.app, admin, 'GET', `${URL}?user=${loner.id}`));
  });

  it('answers 404-101 for a department or user filter that names nothing (07 §19)', async () => {
    expectError(await call(t.app, admin, 'GET', `${URL}?department=999999999`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
    const name = unique('nodept');
    expectError(await call(t.app, admin, 'GET', `${URL}?department=${name}`), '404-101', { format: 'json', details: [{ key: 'id', value: name }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?user=999999999`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: '999999999' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?user=abc`), '400-102', { format: 'json', details: [{ key: 'user', value: 'abc' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?department=`), '400-102', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}?queue=1`), '400-101', { format: 'json', details: [{ key: 'queue', value: '1' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$sort=department`), '400-102', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}?$order=desc&department=${d1.id}`), '400-104', { format: 'json', details: [{ key: '$order', value: 'desc' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?name=a&name=b`), '400-104', { format: 'json', details: [{ key: 'name', value: 'a' }, { key: 'name', value: 'b' }] });
  });

  it('sorts by name or id in either order and pages with a working $cursor', async () => {
    const names = async (q: string) => ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*${q}`)).group.map((g) => g.name);
    expect(await names('&$sort=name')).toEqual([g2.name, g1.name, g3.name]);
    expect(await names('&$sort=name&$order=desc')).toEqual([g3.name, g1.name, g2.name]);
    expect(await names('&$sort=id&$order=desc')).toEqual([g3.name, g2.name, g1.name]);
    const first = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$sort=name&$pagesize=2`));
    expect(first.paginationInfo).toMatchObject({ count: 3, pagenum: 1, pagesize: 2 });
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!;
    expect(next.href).toContain('$cursor=');
    const second = ok<Page>(await call(t.app, admin, 'GET', next.href));
    expect(second.group.map((g) => g.name)).toEqual([g3.name]);
    expect(second.paginationInfo.link!.map((l) => l.rel)).toEqual(['prev']);
  });

  it('answers 204 past the end and $count=yes', async () => {
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$pagenum=2`, { fmt: 'xml' }), 'xml');
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${unique()}`));
    expect(ok(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$count=yes`))).toEqual({
      paginationInfo: { count: 2, link: [{ rel: 'first', href: `${URL}?department=${d1.id}&$pagenum=1&$pagesize=25` }] },
    });
  });

  it('lists members with $attribute=users, created with $attribute=created', async () => {
    const plain = ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}`));
    expect(plain.group.every((g) => g.users === undefined && g.created === undefined)).toBe(true);
    const withUsers = ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$attribute=users`));
    expect(withUsers.group.map((g) => g.users)).toEqual([{ user: [member(u)] }, undefined]);
    expect(withUsers.group.every((g) => g.created === undefined)).toBe(true);
    const withCreated = ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$attribute=created`));
    expect(withCreated.group.map((g) => g.created?.user)).toEqual([userOf(admin), userOf(admin)]);
    expect(withCreated.group.every((g) => g.users === undefined)).toBe(true);
  });
});

describe('get by ids (07 §1.4, §5)', () => {
  it('answers the items in the order of the ids, JSON and XML, with members in the group namespace (07 §1.3)', async () => {
    const d = await dept();
    const [u1, u2] = [await createUser(t.db, { departmentId: d.id }), await createUser(t.db, { departmentId: d.id })];
    const g = await create({ description: 'First line', department: { id: String(d.id) }, users: { user: [{ id: String(u2.id) }, { id: String(u1.id) }] } });
    const h = await create({ department: { name: d.name } });
    const body = ok<{ group: Group[] }>(await call(t.app, admin, 'GET', `${URL}/${h.id},${g.id},${h.id}?$attribute=users`));
    expect(body.group.map((x) => x.id)).toEqual([h.id, g.id]);
    expect(body.group[1]).toEqual({
      id: g.id,
      link: { rel: 'self', href: `${URL}/${g.id}` },
      name: g.name,
      description: 'First line',
      department: { id: String(d.id), name: d.name },
      users: { user: [member(u1), member(u2)] },
      lastModified: { date: g.lastModified.date, user: userOf(admin) },
    });

    const xml = `<groups xmlns="${GRP}" xmlns:u="${USR}" xmlns:c="${COMMON}" xmlns:p="${PLATFORM}">
  <group id="${g.id}">
    <link rel="self" href="${URL}/${g.id}"/>
    <name>${g.name}</name>
    <description>First line</description>
    <department id="${d.id}"><p:name>${d.name}</p:name></department>
    <users>
      <user id="${u1.id}"><loginId>${u1.loginId}</loginId><screenName>${u1.screenName}</screenName><link rel="user" href="${ADMIN}/user/${u1.id}"/></user>
      <user id="${u2.id}"><loginId>${u2.loginId}</loginId><screenName>${u2.screenName}</screenName><link rel="user" href="${ADMIN}/user/${u2.id}"/></user>
    </users>
    <lastModified date="${g.lastModified.date}"><c:user id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></c:user></lastModified>
    <created date="${g.lastModified.date}"><c:user id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></c:user></created>
  </group>
</groups>`;
    expect(xmlOf(await call(t.app, admin, 'GET', `${URL}/${g.id}?$attribute=all`, { fmt: 'xml' }))).toEqual(canonicalXml(xml));
  });

  it('refuses missing ids (404-101), bad ids (400-102), 76 ids (400-160), paging (400-101), unknown $attribute (400-102)', async () => {
    const g = await create({ department: { id: String((await dept()).id) } });
    expectError(await call(t.app, admin, 'GET', `${URL}/${g.id},999999997`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: '999999997' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/-1`), '400-102', { format: 'json', details: [{ key: 'ids', value: '-1' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join('%2C');
    expectError(await call(t.app, admin, 'GET', `${URL}/${many}`), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${g.id}?$rangestart=1`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${g.id}?$attribute=members`), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'members' }] });
  });
});

describe('create (07 §1.4, §5)', () => {
  it('creates a group with members of its department (home or foreign) and answers 201 with Location', async () => {
    const d = await dept();
    const home = await createUser(t.db, { departmentId: d.id });
    const foreign = await createUser(t.db, { foreignDepartmentIds: [d.id] });
    const before = await configVersion(t.db);
    const name = unique('Tier');
    const res = await call(t.app, admin, 'POST', `${URL}?$attribute=users`, {
      body: { name, department: { id: String(d.id) }, users: { user: [{ id: String(foreign.id) }, { id: Number(home.id) }, { id: String(foreign.id) }] } },
    });
    const g = ok<{ group: Group[] }>(res, 201).group[0]!;
    expect(res.headers.location).toBe(`${URL}/${g.id}`);
    expect(g).toEqual({
      id: g.id,
      link: { rel: 'self', href: `${URL}/${g.id}` },
      name,
      department: { id: String(d.id), name: d.name },
      users: { user: [member(home), member(foreign)].sort((a, b) => Number(a.id) - Number(b.id)) },
      lastModified: { date: g.lastModified.date, user: userOf(admin) },
    });
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await memberRows(g.id)).toEqual([String(home.id), String(foreign.id)].sort((a, b) => Number(a) - Number(b)));
  });

  it('takes the department by name and the membership as a single object; answers only the default set', async () => {
    const d = await dept();
    const u = await createUser(t.db, { departmentId: d.id });
    const g = await create({ department: { name: d.name.toLowerCase() }, users: { user: { id: String(u.id) } } });
    expect(g.department).toEqual({ id: String(d.id), name: d.name });
    expect(g.users).toBeUndefined();
    expect(await memberRows(g.id)).toEqual([String(u.id)]);
  });

  it('reads users null (JSON) or empty (XML) as no members on create', async () => {
    const d = await dept();
    const g = await create({ department: { id: String(d.id) }, users: null });
    expect(await memberRows(g.id)).toEqual([]);
    const name = unique();
    const res = await call(t.app, admin, 'POST', URL, { xml: `<group><name>${name}</name><department><id>${d.id}</id></department><users/></group>` });
    const id = ok<{ group: Group[] }>(res, 201).group[0]!.id;
    expect(await memberRows(id)).toEqual([]);
  });

  it('takes an XML body', async () => {
    const d = await dept();
    const u = await createUser(t.db, { departmentId: d.id });
    const name = unique('X');
    const xml = `<group xmlns="${GRP}"><name>${name}</name><description>d</description><department id="${d.id}"/><users><user id="${u.id}"/></users></group>`;
    const res = await call(t.app, admin, 'POST', `${URL}?$attribute=users`, { fmt: 'xml', xml });
    const root = xmlOf(res, 201);
    const item = root.children[0]!;
    expect(item.name).toBe(`{${GRP}}group`);
    const date = item.children.find((c) => c.name === `{${GRP}}lastModified`)!.attrs.date!;
    expect(item).toEqual(
      el(`{${GRP}}group`, { id: item.attrs.id! }, [
        el(`{${GRP}}link`, { rel: 'self', href: `${URL}/${item.attrs.id}` }),
        el(`{${GRP}}name`, {}, name),
        el(`{${GRP}}description`, {}, 'd'),
        el(`{${GRP}}department`, { id: String(d.id) }, [el(`{${PLATFORM}}name`, {}, d.name)]),
        el(`{${GRP}}users`, {}, [
          el(`{${GRP}}user`, { id: String(u.id) }, [
            el(`{${GRP}}loginId`, {}, u.loginId),
            el(`{${GRP}}screenName`, {}, u.screenName),
            el(`{${GRP}}link`, { rel: 'user', href: `${ADMIN}/user/${u.id}` }),
          ]),
        ]),
        stampEl(GRP, 'lastModified', date, admin.name),
      ]),
    );
  });

  it('refuses members outside the department, deleted and unknown users with 400-152 on their path', async () => {
    const d = await dept();
    const ok1 = await createUser(t.db, { departmentId: d.id });
    const outsider = await createUser(t.db);
    const deleted = await createUser(t.db, { departmentId: d.id, state: 'deleted' });
    const name = unique();
    for (const [bad, at] of [
      [String(outsider.id), 1],
      [String(deleted.id), 1],
      ['999999999', 1],
    ] as const) {
      const res = await call(t.app, admin, 'POST', URL, { body: { name, department: { id: String(d.id) }, users: { user: [{ id: String(ok1.id) }, { id: bad }] } } });
      expectError(res, '400-152', { format: 'json', details: [{ key: `users.user[${at}].id`, value: bad }] });
    }
    expectError(await call(t.app, admin, 'POST', URL, { body: { name, department: { id: String(d.id) }, users: { user: [{}] } } }), '400-153', {
      format: 'json',
      details: [{ key: 'users.user[0].id', value: '' }],
    });
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${name}`));
  });

  it.each([
    [{ department: { id: '999999999' } }, '400-152', 'department.id'],
    [{ department: { name: 'no such department anywhere' } }, '400-152', 'department.name'],
    [{ department: { id: 'abc' } }, '400-152', 'department.id'],
    [{ department: '5' }, '400-152', 'department'],
    [{ department: null }, '400-153', 'department'],
    [{ name: '', department: { id: '1' } }, '400-153', 'name'],
    [{ name: 'n'.repeat(256), department: { id: '1' } }, '400-152', 'name'],
    [{ description: 'd'.repeat(4001), department: { id: '1' } }, '400-152', 'description'],
    [{ department: { id: '1' }, users: 'x' }, '400-152', 'users'],
  ])('refuses body #%# with %s', async (body, code, key) => {
    const err = expectError(await call(t.app, admin, 'POST', URL, { body: { name: unique(), ...body } }), code, { format: 'json' });
    expect(err.details.map((x) => x.key)).toEqual([key]);
  });

  it('refuses a malformed or missing body with 400-150', async () => {
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: '<group><name>x</name>' }), '400-150');
    expectError(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml: '<!DOCTYPE group><group/>' }), '400-150');
    const empty = await t.app.inject({ method: 'POST', url: URL, headers: { ...admin.headers, accept: 'application/json', 'content-type': 'application/json' }, payload: '' });
    expectError(empty, '400-150', { format: 'json' });
  });

  it('keeps names unique per department, case-insensitively (409-102); another department may reuse it', async () => {
    const [d1, d2] = [await dept(), await dept()];
    const g = await create({ department: { id: String(d1.id) } });
    const res = await call(t.app, admin, 'POST', URL, { fmt: 'xml', body: { name: g.name.toUpperCase(), department: { id: String(d1.id) } } });
    expectError(res, '409-102', {
      details: [{ key: 'name', value: g.name.toUpperCase() }],
      message: `The current state of resource ${g.id} does not allow this action: the value of 'name' is already in use.`,
    });
    const other = await create({ name: g.name, department: { id: String(d2.id) } });
    expect(other.name).toBe(g.name);
  });
});

describe('edit (07 §1.4, §5)', () => {
  it('renames, replaces the members, keeps what is not sent, stamps lastModified', async () => {
    const d = await dept();
    const [u1, u2, u3] = [await createUser(t.db, { departmentId: d.id }), await createUser(t.db, { departmentId: d.id }), await createUser(t.db, { foreignDepartmentIds: [d.id] })];
    const g = await create({ description: 'keep', department: { id: String(d.id) }, users: { user: [{ id: String(u1.id) }, { id: String(u2.id) }] } });
    const before = await configVersion(t.db);
    const name = unique('Ren');
    noContent(await call(t.app, admin, 'PUT', URL, { body: { group: [{ id: g.id, name, users: { user: [{ id: String(u3.id) }, { id: String(u2.id) }] } }] } }));
    const after = await read(g.id);
    expect(after).toMatchObject({ name, description: 'keep', department: { id: String(d.id), name: d.name } });
    expect(after.users).toEqual({ user: [member(u2), member(u3)] });
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(g.lastModified.date));
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    // Absent users: unchanged. The department cannot be changed (read-only on edit): ignored.
    const d2 = await dept();
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: g.id, description: 'new', department: { id: String(d2.id) } } }));
    expect(await read(g.id)).toMatchObject({ description: 'new', department: { id: String(d.id) }, users: { user: [member(u2), member(u3)] } });
  });

  it('clears the members with null, an empty users object or an empty XML element', async () => {
    const d = await dept();
    const u = await createUser(t.db, { departmentId: d.id });
    const g = await create({ department: { id: String(d.id) } });
    const fill = { body: { id: g.id, users: { user: [{ id: String(u.id) }] } } };
    for (const clear of [
      { body: { id: g.id, users: null } },
      { body: { id: g.id, users: {} } },
      { body: { id: g.id, users: { user: [] } } },
      { xml: `<group id="${g.id}"><users/></group>` },
    ]) {
      noContent(await call(t.app, admin, 'PUT', URL, fill));
      expect(await memberRows(g.id)).toEqual([String(u.id)]);
      noContent(await call(t.app, admin, 'PUT', URL, clear));
      expect(await memberRows(g.id)).toEqual([]);
      expect((await read(g.id)).users).toBeUndefined();
    }
  });

  it('refuses a member outside the department (400-152 on its path) and changes nothing', async () => {
    const d = await dept();
    const u = await createUser(t.db, { departmentId: d.id });
    const outsider = await createUser(t.db);
    const [g, h] = [await create({ department: { id: String(d.id) } }), await create({ department: { id: String(d.id) } })];
    const body = { group: [{ id: g.id, description: 'x', users: { user: [{ id: String(u.id) }] } }, { id: h.id, users: { user: [{ id: String(u.id) }, { id: String(outsider.id) }] } }] };
    expectError(await call(t.app, admin, 'PUT', URL, { body }), '400-152', { format: 'json', details: [{ key: 'group[1].users.user[1].id', value: String(outsider.id) }] });
    expect(await memberRows(g.id)).toEqual([]);
    expect((await read(g.id)).description).toBeUndefined();
  });

  it('checks lastModified.date (409-101) and unknown ids (404-101), all or nothing', async () => {
    const d = await dept();
    const g = await create({ department: { id: String(d.id) } });
    const stale = { id: g.id, description: 'x', lastModified: { date: '2020-01-01T00:00:00.000Z' } };
    expectError(await call(t.app, admin, 'PUT', URL, { body: stale }), '409-101', { format: 'json', details: [{ key: 'id', value: g.id }] });
    expectError(await call(t.app, admin, 'PUT', URL, { body: { group: [{ id: g.id, description: 'x' }, { id: '999999998' }] } }), '404-101', {
      format: 'json',
      details: [{ key: 'id', value: '999999998' }],
    });
    expect((await read(g.id)).description).toBeUndefined();
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: g.id, description: 'ok', lastModified: { date: g.lastModified.date } } }));
    expect((await read(g.id)).description).toBe('ok');
  });

  it('keeps names unique per department (409-102)', async () => {
    const [d1, d2] = [await dept(), await dept()];
    const [a, b, c] = [await create({ department: { id: String(d1.id) } }), await create({ department: { id: String(d1.id) } }), await create({ department: { id: String(d2.id) } })];
    expectError(await call(t.app, admin, 'PUT', URL, { body: { id: b.id, name: a.name.toLowerCase() } }), '409-102', {
      format: 'json',
      details: [{ key: 'id', value: b.id }, { key: 'name', value: a.name.toLowerCase() }],
    });
    const same = unique();
    expectError(await call(t.app, admin, 'PUT', URL, { body: { group: [{ id: a.id, name: same }, { id: b.id, name: same }] } }), '409-102', { format: 'json' });
    // A group of another department may take the name.
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: c.id, name: a.name } }));
    expect((await read(c.id)).name).toBe(a.name);
  });

  it.each([
    [{ name: 'x' }, '400-153', 'group[0].id'],
    [{ id: '1', name: null }, '400-152', 'group[0].name'],
    [{ id: '1', users: 'x' }, '400-152', 'group[0].users'],
    [{ id: '1', users: { user: [{ id: 'u' }] } }, '400-152', 'group[0].users.user[0].id'],
    [{ id: '1', lastModified: { date: '2020-13-01T00:00:00Z' } }, '400-152', 'group[0].lastModified.date'],
  ])('refuses body #%# with %s', async (body, code, key) => {
    const err = expectError(await call(t.app, admin, 'PUT', URL, { body }), code, { format: 'json' });
    expect(err.details.map((x) => x.key)).toEqual([key]);
  });

  it('refuses more than 75 items (400-160) and none (400-152)', async () => {
    const items = Array.from({ length: 76 }, (_, i) => ({ id: String(i + 1) }));
    expectError(await call(t.app, admin, 'PUT', URL, { body: { group: items } }), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'PUT', URL, { body: { group: [] } }), '400-153', { format: 'json', details: [{ key: 'group', value: '' }] });
  });
});

describe('delete (07 §1.4, §5)', () => {
  it('deletes the groups and their memberships', async () => {
    const d = await dept();
    const u = await createUser(t.db, { departmentId: d.id });
    const [g, h] = [await create({ department: { id: String(d.id) }, users: { user: [{ id: String(u.id) }] } }), await create({ department: { id: String(d.id) } })];
    const before = await configVersion(t.db);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${g.id},${h.id}`, { fmt: 'xml' }), 'xml');
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await memberRows(g.id)).toEqual([]);
    expectError(await call(t.app, admin, 'GET', `${URL}/${g.id}`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: g.id }] });
    expect(await t.db.prisma.user.count({ where: { id: u.id } })).toBe(1);
    // The groups no longer hold the department: only the user does.
    expectError(await call(t.app, admin, 'DELETE', `${ADMIN}/department/${d.id}`), '409-102', {
      format: 'json',
      details: [{ key: 'id', value: String(d.id) }, { key: 'user', value: String(u.id) }],
    });
  });

  it('answers 404-101 naming each missing id and deletes nothing; refuses bad ids', async () => {
    const g = await create({ department: { id: String((await dept()).id) } });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/999999996,${g.id},999999995`), '404-101', {
      format: 'json',
      details: [{ key: 'id', value: '999999996' }, { key: 'id', value: '999999995' }],
    });
    expect((await read(g.id)).id).toBe(g.id);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/x`), '400-102', { format: 'json' });
  });
});

describe('methods (01 §1.1)', () => {
  it('answers 405-100 with Allow for methods the paths do not offer', async () => {
    const a = await call(t.app, admin, 'PUT', `${URL}/1`, { body: {} });
    expectError(a, '405-100', { format: 'json' });
    expect(a.headers.allow).toBe('GET, HEAD, DELETE');
    const b = await call(t.app, admin, 'DELETE', URL);
    expectError(b, '405-100', { format: 'json' });
    expect(b.headers.allow).toBe('GET, HEAD, POST, PUT');
  });
});
