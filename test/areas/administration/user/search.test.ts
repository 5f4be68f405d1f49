// 07 §3.3 search users: every criterion, the state default, sorting, paging and the query errors. Each test makes
// its own department (and so its own users); criteria are combined with that department where the data of other
// tests could otherwise match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment, createUser, loginAs } from '../../../helpers/auth.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { expectError } from '../../../conformance/support.ts';
import { call, child, COMMON, createGroup, ids, unique, USER, USER_NS, usersOf, xmlUsers } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

type Caller = Awaited<ReturnType<typeof loginAs>>;
const search = (who: Caller, query: string, fmt: 'json' | 'xml' = 'json') => call(t.app, who, 'GET', `${USER}?${query}`, { fmt });
const idsOf = (...users: { id: bigint }[]) => users.map((u) => String(u.id));

/** A department with users made directly in the database, and an agent to search with. */
async function fixture() {
  const dept = await createDepartment(t.db, unique('Dept'));
  const caller = await loginAs(t.app, t.db, ['agent']);
  return { dept, caller };
}

async function user(departmentId: bigint, data: Record<string, unknown> = {}) {
  const u = await createUser(t.db, { departmentId });
  return Object.keys(data).length ? t.db.prisma.user.update({ where: { id: u.id }, data }) : u;
}

describe('§3.3 criteria', () => {
  it('department: by id or by name (case-insensitive), matching home and foreign departments', async () => {
    const { dept, caller } = await fixture();
    const other = await createDepartment(t.db, unique('Other'));
    const home = await user(dept.id);
    const foreign = await createUser(t.db, { departmentId: other.id, foreignDepartmentIds: [dept.id] });
    await user(other.id);
    const expected = idsOf(home, foreign);
    expect(ids(await search(caller, `department=${dept.id}`))).toEqual(expected);
    expect(ids(await search(caller, `department=${encodeURIComponent(dept.name.toUpperCase())}`))).toEqual(expected);
    expect(ids(await search(caller, `department=${encodeURIComponent(dept.name.toLowerCase())}`))).toEqual(expected);
  });

  it('group: members of that group', async () => {
    const { dept, caller } = await fixture();
    const [a, b] = [await user(dept.id), await user(dept.id)];
    await user(dept.id);
    const group = await createGroup(t.db, dept.id, unique('G'), [b.id, a.id]);
    expect(ids(await search(caller, `group=${group.id}`))).toEqual(idsOf(a, b));
  });

  it('role, loginId (exact, case-insensitive), emailAddress (exact, case-insensitive)', async () => {
    const { dept, caller } = await fixture();
    const sup = await createUser(t.db, { departmentId: dept.id, roles: ['supervisor', 'agent'] });
    const admin = await createUser(t.db, { departmentId: dept.id, roles: ['administrator'] });
    const mail = await user(dept.id, { emailAddress: `${unique('Mixed')}+tag@Example.COM` });
    expect(ids(await search(caller, `department=${dept.id}&role=SUPERVISOR`))).toEqual(idsOf(sup));
    expect(ids(await search(caller, `department=${dept.id}&role=agent`))).toEqual(idsOf(sup, mail));
    expect(ids(await search(caller, `department=${dept.id}&role=administrator`))).toEqual(idsOf(admin));
    expect(ids(await search(caller, `loginId=${admin.loginId.toUpperCase()}`))).toEqual(idsOf(admin));
    expect((await search(caller, `loginId=${admin.loginId.slice(0, -1)}`)).statusCode).toBe(204);
    expect(ids(await search(caller, `emailAddress=${encodeURIComponent(mail.emailAddress!.toLowerCase())}`))).toEqual(idsOf(mail));
    // An unencoded `+` arrives as a space and is read back as `+` (01 §10 email criteria).
    expect(ids(await search(caller, `emailAddress=${mail.emailAddress!.toUpperCase()}`))).toEqual(idsOf(mail));
    expect((await search(caller, `emailAddress=${encodeURIComponent('x' + mail.emailAddress!)}`)).statusCode).toBe(204);
  });

  it('name: firstName, lastName, screenName or "firstName lastName", case-insensitive, * as wildcard, else the whole value', async () => {
    const { dept, caller } = await fixture();
    const tag = unique('').toLowerCase();
    const jane = await user(dept.id, { firstName: `Jane${tag}`, lastName: `Doe${tag}`, screenName: unique('s') });
    const john = await user(dept.id, { firstName: `John${tag}`, lastName: `Roe${tag}`, screenName: `JD${tag}` });
    const q = (v: string) => search(caller, `department=${dept.id}&name=${encodeURIComponent(v)}`);
    expect(ids(await q(`jane${tag}`))).toEqual(idsOf(jane));
    expect(ids(await q(`DOE${tag}`))).toEqual(idsOf(jane));
    expect(ids(await q(`jd${tag}`))).toEqual(idsOf(john));
    expect(ids(await q(`Jane${tag} Doe${tag}`))).toEqual(idsOf(jane));
    expect(ids(await q(`j*${tag}`))).toEqual(idsOf(jane, john));
    expect(ids(await q(`*oe${tag}`))).toEqual(idsOf(jane, john));
    expect(ids(await q(`jo*n${tag} r*`))).toEqual(idsOf(john));
    expect(ids(await q('*'))).toHaveLength(2);
    expect((await q(`jan${tag}`)).statusCode).toBe(204); // without * the whole value must match
    expect((await q(`Jane${tag}*x`)).statusCode).toBe(204);
  });

  it('screenName: case-insensitive with *; % and _ are plain characters', async () => {
    const { dept, caller } = await fixture();
    const tag = unique('');
    const a = await user(dept.id, { screenName: `Agent_${tag}` });
    const b = await user(dept.id, { screenName: `Agent%${tag}` });
    await user(dept.id, { screenName: `AgentX${tag}` });
    const q = (v: string) => search(caller, `department=${dept.id}&screenName=${encodeURIComponent(v)}`);
    expect(ids(await q(`agent_${tag}`))).toEqual(idsOf(a));
    expect(ids(await q(`AGENT%${tag}`))).toEqual(idsOf(b));
    expect(ids(await q(`agent*${tag}`))).toHaveLength(3);
    expect((await q('agent')).statusCode).toBe(204);
  });

  it('state: enabled and disabled by default, deleted only when asked for', async () => {
    const { dept, caller } = await fixture();
    const enabled = await user(dept.id);
    const disabled = await createUser(t.db, { departmentId: dept.id, state: 'disabled' });
    const deleted = await createUser(t.db, { departmentId: dept.id, state: 'deleted' });
    expect(ids(await search(caller, `department=${dept.id}`))).toEqual(idsOf(enabled, disabled));
    expect(ids(await search(caller, `department=${dept.id}&state=enabled`))).toEqual(idsOf(enabled));
    expect(ids(await search(caller, `department=${dept.id}&state=Disabled`))).toEqual(idsOf(disabled));
    expect(ids(await search(caller, `department=${dept.id}&state=deleted`))).toEqual(idsOf(deleted));
  });

  it('availability.chat and availability.email match the stored value', async () => {
    const { dept, caller } = await fixture();
    const chat = await user(dept.id, { availableChat: true });
    const email = await user(dept.id, { availableEmail: true });
    const none = await user(dept.id);
    expect(ids(await search(caller, `department=${dept.id}&availability.chat=available`))).toEqual(idsOf(chat));
    expect(ids(await search(caller, `department=${dept.id}&availability.chat=unavailable`))).toEqual(idsOf(email, none));
    expect(ids(await search(caller, `department=${dept.id}&availability.email=AVAILABLE`))).toEqual(idsOf(email));
    expect((await search(caller, `department=${dept.id}&availability.email=available&availability.chat=available`)).statusCode).toBe(204);
  });
});

describe('§3.3 sorting and paging', () => {
  it('$sort on loginId, screenName, firstName, lastName (case-insensitive), $order desc, ties by id; absent lastName sorts last', async () => {
    const { dept, caller } = await fixture();
    const tag = unique('');
    const u1 = await user(dept.id, { loginId: `c${tag}`, screenName: `b${tag}`, firstName: 'Alice', lastName: 'zed' });
    const u2 = await user(dept.id, { loginId: `a${tag}`, screenName: `c${tag}`, firstName: 'bob', lastName: null });
    const u3 = await user(dept.id, { loginId: `B${tag}`, screenName: `A${tag}`, firstName: 'Alice', lastName: 'Young' });
    const q = (s: string) => search(caller, `department=${dept.id}&${s}`);
    expect(ids(await q(''))).toEqual(idsOf(u1, u2, u3));
    expect(ids(await q('$sort=id&$order=desc'))).toEqual(idsOf(u3, u2, u1));
    expect(ids(await q('$sort=loginId'))).toEqual(idsOf(u2, u3, u1));
    expect(ids(await q('$sort=loginid&$order=DESC'))).toEqual(idsOf(u1, u3, u2));
    expect(ids(await q('$sort=screenName'))).toEqual(idsOf(u3, u1, u2));
    expect(ids(await q('$sort=firstName'))).toEqual(idsOf(u1, u3, u2));
    expect(ids(await q('$sort=firstName&$order=desc'))).toEqual(idsOf(u2, u3, u1));
    expect(ids(await q('$sort=lastName'))).toEqual(idsOf(u3, u1, u2));
    expect(ids(await q('$sort=lastName&$order=desc'))).toEqual(idsOf(u2, u1, u3));
  });

  it('pages with the exact count, prev/next links, a working $cursor, range paging, 204 past the end and $count=yes', async () => {
    const { dept, caller } = await fixture();
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await user(dept.id));
    const all = idsOf(...users);
    const first = await search(caller, `department=${dept.id}&$pagesize=2`);
    const body = first.json() as { link: unknown; paginationInfo: { count: number; pagenum: number; pagesize: number; link: { rel: string; href: string }[] } };
    expect(ids(first)).toEqual(all.slice(0, 2));
    expect(body.link).toEqual({ rel: 'self', href: `${USER}?department=${dept.id}&$pagesize=2` });
    expect(body.paginationInfo).toMatchObject({ count: 5, pagenum: 1, pagesize: 2 });
    const next = body.paginationInfo.link.find((l) => l.rel === 'next')!;
    expect(next.href).toMatch(new RegExp(`^/system/ws/v12/administration/user\\?department=${dept.id}&\\$pagenum=2&\\$pagesize=2&\\$cursor=[A-Za-z0-9_-]+$`));
    const second = await call(t.app, caller, 'GET', next.href);
    expect(ids(second)).toEqual(all.slice(2, 4));
    const third = usersOf(await search(caller, `department=${dept.id}&$pagesize=2&$pagenum=3`));
    expect(third.map((u) => u.id)).toEqual(all.slice(4));
    expect(ids(await search(caller, `department=${dept.id}&$rangestart=2&$rangesize=3`))).toEqual(all.slice(1, 4));
    const past = await search(caller, `department=${dept.id}&$pagesize=2&$pagenum=4`);
    expect(past.statusCode).toBe(204);
    expect(past.body).toBe('');
    const count = await search(caller, `department=${dept.id}&$count=yes`);
    expect(count.json()).toEqual({
      paginationInfo: { count: 5, link: [{ rel: 'first', href: `${USER}?department=${dept.id}&$pagenum=1&$pagesize=25` }] },
    });
    expect((await search(caller, `department=${dept.id}&state=deleted`)).statusCode).toBe(204);
  });

  it('XML page: self link, users, then paginationInfo in the common namespace; $attribute applies to every item', async () => {
    const { dept, caller } = await fixture();
    const [a, b] = [await user(dept.id), await user(dept.id)];
    const res = await search(caller, `department=${dept.id}&$attribute=roles`, 'xml');
    const users = xmlUsers(res);
    expect(users.map((u) => u.attrs.id)).toEqual(idsOf(a, b));
    for (const u of users) expect(child(u, USER_NS, 'roles')).toBeDefined();
    const root = canonicalXml(res.body);
    expect(root.children.map((c) => c.name)).toEqual([`{${USER_NS}}link`, `{${USER_NS}}user`, `{${USER_NS}}user`, `{${COMMON}}paginationInfo`]);
    expect(root.children[0]!.attrs).toEqual({ rel: 'self', href: `${USER}?department=${dept.id}&$attribute=roles` });
    const info = child(root, COMMON, 'paginationInfo')!;
    expect(info.children.map((c) => [c.name, c.text])).toEqual([
      [`{${COMMON}}count`, '2'],
      [`{${COMMON}}pagenum`, '1'],
      [`{${COMMON}}pagesize`, '25'],
    ]);
  });
});

describe('§3.3 errors', () => {
  it('400-103 without a criterion, or with state alone', async () => {
    const { caller } = await fixture();
    for (const q of ['', '$pagesize=5', 'state=enabled', '$attribute=all&state=deleted']) {
      for (const fmt of ['json', 'xml'] as const) {
        expectError(await search(caller, q, fmt), '400-103', { format: fmt, message: 'At least one search criterion is required.' });
      }
    }
  });

  it('400-101 for unknown parameters, listing all of them', async () => {
    const { caller } = await fixture();
    expectError(await search(caller, 'department=1&foo=1&loginid=x'), '400-101', {
      format: 'json',
      details: [
        { key: 'foo', value: '1' },
        { key: 'loginid', value: 'x' },
      ],
    });
    expectError(await search(caller, 'department=1&availability=available'), '400-101', { format: 'json' });
  });

  it('400-102 for bad values', async () => {
    const { caller } = await fixture();
    for (const [q, key, value] of [
      ['role=customer', 'role', 'customer'],
      ['state=active', 'state', 'active'],
      ['group=abc', 'group', 'abc'],
      ['queue=0', 'queue', '0'],
      ['availability.chat=yes', 'availability.chat', 'yes'],
      ['department=', 'department', ''],
      ['department=1&$sort=emailAddress', '$sort', 'emailAddress'],
      ['department=1&$sort=loginId,id', '$sort', 'loginId,id'],
      ['department=1&$pagesize=76', '$pagesize', '76'],
      ['department=1&$attribute=secret', '$attribute', 'secret'],
    ] as const) {
      expectError(await search(caller, q), '400-102', { format: 'json', details: [{ key, value }] });
    }
  });

  it('400-104 for illegal combinations', async () => {
    const { caller } = await fixture();
    expectError(await search(caller, 'department=1&$order=desc'), '400-104', { format: 'json' });
    expectError(await search(caller, 'department=1&department=2'), '400-104', { format: 'json' });
    expectError(await search(caller, 'department=1&$pagenum=1&$rangesize=5'), '400-104', { format: 'json' });
  });

  it('404-101 for an unknown department (id or name), group or queue', async () => {
    const { dept, caller } = await fixture();
    const missingName = unique('Nowhere');
    for (const [q, value] of [
      ['department=9000000001', '9000000001'],
      [`department=${missingName}`, missingName],
      ['group=9000000001', '9000000001'],
      ['queue=9000000002', '9000000002'],
      [`department=${dept.id}&queue=9000000001`, '9000000001'],
    ] as const) {
      for (const fmt of ['json', 'xml'] as const) expectError(await search(caller, q, fmt), '404-101', { format: fmt, details: [{ key: 'id', value }] });
    }
  });

  it('401-101 without a session', async () => {
    expectError(await call(t.app, undefined, 'GET', `${USER}?department=1`), '401-101', { format: 'json' });
  });
});
