// Queues (07 §1.2–§1.4, §7.1) through the real HTTP stack: list, get by ids, create, edit, delete, in JSON and XML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createUser } from '../../../helpers/auth.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import {
  ADMIN,
  call,
  COMMON,
  configVersion,
  el,
  expectForbidden,
  FORBIDDEN,
  foreignContexts,
  noContent,
  ok,
  PLATFORM,
  session,
  stampEl,
  unique,
  xmlOf,
  type Session,
} from '../department/support.ts';
import { createQueue, deleteQueues, editQueues, getQueues, listQueues } from '../../../../src/areas/administration/queue/queue.service.ts';
import { getQueueDetails } from '../../../../src/areas/administration/queue/queue.details.ts';
import { activityRow, caseRow, dept, groupRow, QUE, QUEUE_URL as URL, queueRow, type QueuePage, type QueueView } from './support.ts';

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

const userOf = (s: Session) => ({ id: s.name.id, name: s.name.name, firstName: s.name.firstName, lastName: s.name.lastName });
const chat = { value: 'chat', displayValue: 'Chat' };
const email = { value: 'email', displayValue: 'Email' };
const active = { value: 'active', displayValue: 'Active' };
const userMember = (u: { id: bigint; loginId: string; screenName: string }) => ({
  id: String(u.id),
  loginId: u.loginId,
  screenName: u.screenName,
  link: { rel: 'user', href: `${ADMIN}/user/${u.id}` },
});
const groupMember = (g: { id: bigint; name: string }) => ({ id: String(g.id), name: g.name, link: { rel: 'group', href: `${ADMIN}/group/${g.id}` } });

async function create(body: Record<string, unknown>, query = ''): Promise<QueueView> {
  return ok<{ queue: QueueView[] }>(await call(t.app, admin, 'POST', `${URL}${query}`, { body: { name: unique('Que'), channels: { channel: [{ value: 'chat' }] }, ...body } }), 201)
    .queue[0]!;
}

async function read(id: string | bigint, who: Session = admin): Promise<QueueView> {
  return ok<{ queue: QueueView[] }>(await call(t.app, who, 'GET', `${URL}/${id}?$attribute=all`)).queue[0]!;
}

async function members(queueId: string | bigint) {
  const users = await t.db.prisma.queueMemberUser.findMany({ where: { queueId: BigInt(queueId) }, orderBy: { userId: 'asc' } });
  const groups = await t.db.prisma.queueMemberGroup.findMany({ where: { queueId: BigInt(queueId) }, orderBy: { groupId: 'asc' } });
  return { users: users.map((r) => String(r.userId)), groups: groups.map((r) => String(r.groupId)) };
}

describe('callers (07 §1.2)', () => {
  it.each(FORMATS)('answers 401-101 on every endpoint without a session (%s)', async (fmt) => {
    const d = await dept(t.db);
    const q = await queueRow(t.db, d.id);
    for (const [method, url, body] of [
      ['GET', URL],
      ['GET', `${URL}/${q.id}`],
      ['GET', `${URL}/${q.id}/details`],
      ['POST', URL, { name: unique(), department: { id: String(d.id) }, channels: { channel: [{ value: 'chat' }] } }],
      ['PUT', URL, { id: String(q.id), name: unique() }],
      ['DELETE', `${URL}/${q.id}`],
    ] as const) {
      expectError(await call(t.app, null, method, url, { fmt, body }), '401-101', { format: fmt });
    }
    expect((await read(q.id)).name).toBe(q.name);
  });

  it('lets supervisors and agents read, refuses them every write with 403-197', async () => {
    const d = await dept(t.db);
    const q = await queueRow(t.db, d.id);
    const before = await configVersion(t.db);
    for (const who of [supervisor, agent]) {
      expect((await read(q.id, who)).name).toBe(q.name);
      expect(ok<QueuePage>(await call(t.app, who, 'GET', `${URL}?department=${d.id}`)).queue.map((x) => x.id)).toEqual([String(q.id)]);
      const name = unique();
      const body = { name, department: { id: String(d.id) }, channels: { channel: [{ value: 'chat' }] } };
      expectError(await call(t.app, who, 'POST', URL, { body }), '403-197', { format: 'json', message: FORBIDDEN['en-US'] });
      expectError(await call(t.app, who, 'PUT', URL, { body: { id: String(q.id), name } }), '403-197', { format: 'json' });
      expectError(await call(t.app, who, 'PUT', URL, { fmt: 'xml', xml: `<queue id="${q.id}"><name>${name}</name></queue>` }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/${q.id}`, { fmt: 'xml' }), '403-197');
      // Permission before existence (01 §7.2).
      expectError(await call(t.app, who, 'DELETE', `${URL}/999999999`), '403-197', { format: 'json' });
    }
    expect(await read(q.id)).toMatchObject({ name: q.name });
    expect(await configVersion(t.db)).toBe(before);
  });

  it('validates the body before the permission (01 §7.2)', async () => {
    expectError(await call(t.app, agent, 'POST', URL, { body: { name: 'x', channels: { channel: [{ value: 'chat' }] } } }), '400-153', {
      format: 'json',
      details: [{ key: 'department', value: '' }],
    });
    expectError(await call(t.app, supervisor, 'PUT', URL, { body: { id: '1', name: '' } }), '400-152', { format: 'json', details: [{ key: 'queue[0].name', value: '' }] });
  });

  it('refuses customer and client-application callers every call (403-197)', async () => {
    const d = await dept(t.db);
    const q = await queueRow(t.db, d.id);
    const parsed = { attributes: new Set() } as never;
    for (const ctx of foreignContexts(t.app, t.db)) {
      await expectForbidden(() => listQueues(ctx, parsed));
      await expectForbidden(() => getQueues(ctx, [q.id], parsed));
      await expectForbidden(() => getQueueDetails(ctx, [q.id]));
      await expectForbidden(() => createQueue(ctx, { name: unique(), department: { id: String(d.id) }, channels: { channel: [{ value: 'chat' }] } }, parsed));
      await expectForbidden(() => editQueues(ctx, [{ id: String(q.id), name: unique() }]));
      await expectForbidden(() => deleteQueues(ctx, [q.id]));
    }
    expect((await read(q.id)).name).toBe(q.name);
  });
});

describe('get by ids (07 §1.4, §7.1)', () => {
  it('answers the 07 §7.1 example in JSON (members with $attribute=members) and XML', async () => {
    const d = await dept(t.db);
    const jenny = await createUser(t.db, { departmentId: d.id, loginId: unique('jenny') });
    const tier1 = await groupRow(t.db, d.id, [], unique('Tier 1 '));
    const q = await queueRow(t.db, d.id, {
      name: unique('Chat Support '),
      description: 'Web and messaging chats',
      channels: ['chat'],
      maxQueueDepth: 20,
      users: [jenny.id],
      groups: [tier1.id],
      at: new Date('2024-01-05T09:00:00.000Z'),
    });
    const href = `${URL}/${q.id}`;
    const body = ok(await call(t.app, admin, 'GET', `${href}?$attribute=members`));
    expect(body).toEqual({
      queue: [
        {
          id: String(q.id),
          link: { rel: 'self', href },
          name: q.name,
          description: 'Web and messaging chats',
          department: { id: String(d.id), name: d.name },
          state: active,
          channels: { channel: [chat] },
          maxQueueDepth: 20,
          members: { users: { user: [userMember(jenny)] }, groups: { group: [groupMember(tier1)] } },
          lastModified: { date: '2024-01-05T09:00:00.000Z' },
        },
      ],
    });

    const xml = `<queues xmlns="${QUE}"
        xmlns:ns2="${COMMON}"
        xmlns:ns3="${PLATFORM}">
  <queue id="${q.id}">
    <link rel="self" href="${href}"/>
    <name>${q.name}</name>
    <description>Web and messaging chats</description>
    <department id="${d.id}"><ns3:name>${d.name}</ns3:name></department>
    <state><ns2:value>active</ns2:value><ns2:displayValue>Active</ns2:displayValue></state>
    <channels><channel><ns2:value>chat</ns2:value><ns2:displayValue>Chat</ns2:displayValue></channel></channels>
    <maxQueueDepth>20</maxQueueDepth>
    <lastModified date="2024-01-05T09:00:00.000Z"/>
  </queue>
</queues>`;
    expect(xmlOf(await call(t.app, admin, 'GET', href, { fmt: 'xml' }))).toEqual(canonicalXml(xml));

    // Members and created in XML: every member element in the queue namespace (07 §1.3).
    const all = xmlOf(await call(t.app, admin, 'GET', `${href}?$attribute=all`, { fmt: 'xml' })).children[0]!;
    expect(all.children.find((c) => c.name === `{${QUE}}members`)).toEqual(
      el(`{${QUE}}members`, {}, [
        el(`{${QUE}}users`, {}, [
          el(`{${QUE}}user`, { id: String(jenny.id) }, [
            el(`{${QUE}}loginId`, {}, jenny.loginId),
            el(`{${QUE}}screenName`, {}, jenny.screenName),
            el(`{${QUE}}link`, { rel: 'user', href: `${ADMIN}/user/${jenny.id}` }),
          ]),
        ]),
        el(`{${QUE}}groups`, {}, [el(`{${QUE}}group`, { id: String(tier1.id) }, [el(`{${QUE}}name`, {}, tier1.name), el(`{${QUE}}link`, { rel: 'group', href: `${ADMIN}/group/${tier1.id}` })])]),
      ]),
    );
    expect(all.children.at(-1)).toEqual(stampEl(QUE, 'created', '2024-01-05T09:00:00.000Z'));
  });

  it('answers the items in the order of the ids, channels in table order, localised labels (es-ES)', async () => {
    const d = await dept(t.db);
    const a = await queueRow(t.db, d.id, { channels: ['chat', 'email'], state: 'inactive' });
    const b = await queueRow(t.db, d.id);
    const body = ok<{ queue: QueueView[] }>(await call(t.app, admin, 'GET', `${URL}/${b.id},${a.id},${b.id}`, { lang: 'es-ES' }));
    expect(body.queue.map((x) => x.id)).toEqual([String(b.id), String(a.id)]);
    expect(body.queue[1]!.channels).toEqual({ channel: [{ value: 'email', displayValue: 'Correo electrónico' }, { value: 'chat', displayValue: 'Chat' }] });
    expect(body.queue[1]!.state).toEqual({ value: 'inactive', displayValue: 'Inactivo' });
    expect(body.queue[1]!.maxQueueDepth).toBe(0);
    expect(body.queue[1]!.members).toBeUndefined();
  });

  it('refuses missing ids (404-101), bad ids (400-102), 76 ids (400-160), paging (400-101), unknown $attribute (400-102)', async () => {
    const q = await queueRow(t.db, (await dept(t.db)).id);
    expectError(await call(t.app, admin, 'GET', `${URL}/${q.id},999999997`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: '999999997' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/-1`), '400-102', { format: 'json', details: [{ key: 'ids', value: '-1' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join('%2C');
    expectError(await call(t.app, admin, 'GET', `${URL}/${many}`), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${q.id}?$pagesize=5`), '400-101', { format: 'json', details: [{ key: '$pagesize', value: '5' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/${q.id}?$attribute=users`), '400-102', { format: 'json' });
  });
});

describe('list (07 §1.4, §7.1)', () => {
  let d1: { id: bigint; name: string };
  let d2: { id: bigint; name: string };
  let q1: { id: bigint; name: string };
  let q2: { id: bigint; name: string };
  let q3: { id: bigint; name: string };
  let prefix: string;
  beforeAll(async () => {
    prefix = unique('LQ');
    d1 = await dept(t.db);
    d2 = await dept(t.db);
    q1 = await queueRow(t.db, d1.id, { name: `${prefix}-b`, channels: ['chat'] });
    q2 = await queueRow(t.db, d1.id, { name: `${prefix}-A`, channels: ['email', 'chat'], state: 'inactive' });
    q3 = await queueRow(t.db, d2.id, { name: `${prefix}-c`, channels: ['email'] });
  });

  const ids = async (q: string) => {
    const res = await call(t.app, admin, 'GET', `${URL}?${q}`);
    return res.statusCode === 204 ? [] : ok<QueuePage>(res).queue.map((g) => g.id);
  };
  const s = (...qs: { id: bigint }[]) => qs.map((q) => String(q.id));

  it('needs no filter and answers JSON and XML', async () => {
    const page = ok<QueuePage>(await call(t.app, admin, 'GET', URL));
    expect(page.paginationInfo.count as number).toBeGreaterThanOrEqual(3);
    const xml = xmlOf(await call(t.app, admin, 'GET', `${URL}?department=${d2.id}`, { fmt: 'xml' }));
    expect(xml.name).toBe(`{${QUE}}queues`);
    const item = xml.children.find((c) => c.name === `{${QUE}}queue`)!;
    expect(item.attrs.id).toBe(String(q3.id));
    expect(item.children.find((c) => c.name === `{${QUE}}channels`)).toEqual(
      el(`{${QUE}}channels`, {}, [el(`{${QUE}}channel`, {}, [el(`{${COMMON}}value`, {}, 'email'), el(`{${COMMON}}displayValue`, {}, 'Email')])]),
    );
    expect(xml.children.find((c) => c.name === `{${COMMON}}paginationInfo`)?.children.find((c) => c.name === `{${COMMON}}count`)?.text).toBe('1');
  });

  it('filters by department id or name (case-insensitive), channel, state and name with *', async () => {
    expect(await ids(`department=${d1.id}`)).toEqual(s(q1, q2));
    expect(await ids(`department=${encodeURIComponent(d2.name.toUpperCase())}`)).toEqual(s(q3));
    expect(await ids(`name=${prefix}*&channel=chat`)).toEqual(s(q1, q2));
    expect(await ids(`name=${prefix}*&channel=EMAIL`)).toEqual(s(q2, q3));
    expect(await ids(`name=${prefix}*&state=inactive`)).toEqual(s(q2));
    expect(await ids(`name=${prefix}*&state=active&channel=email`)).toEqual(s(q3));
    expect(await ids(`name=${prefix.toLowerCase()}-a`)).toEqual(s(q2));
    expect(await ids(`name=*${prefix.slice(4)}-?`)).toEqual([]);
    expect(await ids(`department=${d1.id}&state=active`)).toEqual(s(q1));
  });

  it('sorts by name or id in either order and pages with a working $cursor', async () => {
    const names = async (q: string) => ok<QueuePage>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*${q}`)).queue.map((g) => g.name);
    expect(await names('&$sort=name')).toEqual([q2.name, q1.name, q3.name]);
    expect(await names('&$sort=name&$order=desc')).toEqual([q3.name, q1.name, q2.name]);
    expect(await names('&$sort=id&$order=desc')).toEqual([q3.name, q2.name, q1.name]);
    const first = ok<QueuePage>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$sort=name&$pagesize=2`));
    expect(first.paginationInfo).toMatchObject({ count: 3, pagenum: 1, pagesize: 2 });
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!;
    expect(next.href).toContain('$cursor=');
    expect(ok<QueuePage>(await call(t.app, admin, 'GET', next.href)).queue.map((g) => g.name)).toEqual([q3.name]);
  });

  it('answers 204 past the end, $count=yes, members and created on demand', async () => {
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$pagenum=2`, { fmt: 'xml' }), 'xml');
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${unique()}`));
    expect(ok(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$count=yes`))).toEqual({
      paginationInfo: { count: 2, link: [{ rel: 'first', href: `${URL}?department=${d1.id}&$pagenum=1&$pagesize=25` }] },
    });
    const plain = ok<QueuePage>(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}`));
    expect(plain.queue.every((q) => q.created === undefined && q.members === undefined)).toBe(true);
    const withCreated = ok<QueuePage>(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$attribute=created`));
    expect(withCreated.queue.every((q) => typeof q.created?.date === 'string')).toBe(true);
  });

  it('refuses bad filters: 404-101 for unknown department or user, 400-102, 400-101, 400-104', async () => {
    expectError(await call(t.app, admin, 'GET', `${URL}?department=999999999`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
    const name = unique('nodept');
    expectError(await call(t.app, admin, 'GET', `${URL}?department=${name}`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: name }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?user=999999999`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?user=abc`), '400-102', { format: 'json', details: [{ key: 'user', value: 'abc' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?channel=fax`), '400-102', { format: 'json', details: [{ key: 'channel', value: 'fax' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?state=paused`, { fmt: 'xml' }), '400-102', { details: [{ key: 'state', value: 'paused' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$sort=department`), '400-102', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}?$attribute=users`), '400-102', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}?group=1`), '400-101', { format: 'json', details: [{ key: 'group', value: '1' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$order=desc`), '400-104', { format: 'json', details: [{ key: '$order', value: 'desc' }] });
  });
});

describe('create (07 §1.4, §7.1)', () => {
  it('creates the 07 §7.1 example body (JSON) with defaults, Location, config_version', async () => {
    const d = await dept(t.db);
    const g = await groupRow(t.db, d.id);
    const before = await configVersion(t.db);
    const name = unique('Chat Support ');
    const res = await call(t.app, admin, 'POST', `${URL}?$attribute=members`, {
      body: { name, department: { id: String(d.id) }, channels: { channel: [{ value: 'chat' }] }, maxQueueDepth: 20, members: { groups: { group: [{ id: String(g.id) }] } } },
    });
    const q = ok<{ queue: QueueView[] }>(res, 201).queue[0]!;
    expect(res.headers.location).toBe(`${URL}/${q.id}`);
    expect(q).toEqual({
      id: q.id,
      link: { rel: 'self', href: `${URL}/${q.id}` },
      name,
      department: { id: String(d.id), name: d.name },
      state: active,
      channels: { channel: [chat] },
      maxQueueDepth: 20,
      members: { groups: { group: [groupMember(g)] } },
      lastModified: { date: q.lastModified.date, user: userOf(admin) },
    });
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await members(q.id)).toEqual({ users: [], groups: [String(g.id)] });
    expect(await read(q.id)).toEqual({ ...q, created: { date: q.lastModified.date, user: userOf(admin) } });
  });

  it('takes an XML body, the department by name, users of the department (home or foreign), duplicates once', async () => {
    const d = await dept(t.db);
    const home = await createUser(t.db, { departmentId: d.id });
    const foreign = await createUser(t.db, { foreignDepartmentIds: [d.id] });
    const disabled = await createUser(t.db, { departmentId: d.id, state: 'disabled' });
    const name = unique('X');
    const xml = `<queue xmlns="${QUE}" xmlns:c="${COMMON}"><name>${name}</name><description>d</description><department><name>${d.name.toLowerCase()}</name></department>
      <state><c:value>INACTIVE</c:value></state><channels><channel><c:value>email</c:value></channel><channel><c:value>chat</c:value></channel><channel><c:value>email</c:value></channel></channels>
      <maxQueueDepth>0</maxQueueDepth>
      <members><users><user id="${foreign.id}"/><user id="${home.id}"/><user id="${disabled.id}"/><user id="${home.id}"/></users></members></queue>`;
    const root = xmlOf(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml }), 201);
    expect(root.name).toBe(`{${QUE}}queues`);
    const item = root.children[0]!;
    const date = item.children.find((c) => c.name === `{${QUE}}lastModified`)!.attrs.date!;
    expect(item).toEqual(
      el(`{${QUE}}queue`, { id: item.attrs.id! }, [
        el(`{${QUE}}link`, { rel: 'self', href: `${URL}/${item.attrs.id}` }),
        el(`{${QUE}}name`, {}, name),
        el(`{${QUE}}description`, {}, 'd'),
        el(`{${QUE}}department`, { id: String(d.id) }, [el(`{${PLATFORM}}name`, {}, d.name)]),
        el(`{${QUE}}state`, {}, [el(`{${COMMON}}value`, {}, 'inactive'), el(`{${COMMON}}displayValue`, {}, 'Inactive')]),
        el(`{${QUE}}channels`, {}, [
          el(`{${QUE}}channel`, {}, [el(`{${COMMON}}value`, {}, 'email'), el(`{${COMMON}}displayValue`, {}, 'Email')]),
          el(`{${QUE}}channel`, {}, [el(`{${COMMON}}value`, {}, 'chat'), el(`{${COMMON}}displayValue`, {}, 'Chat')]),
        ]),
        el(`{${QUE}}maxQueueDepth`, {}, '0'),
        stampEl(QUE, 'lastModified', date, admin.name),
      ]),
    );
    const sorted = [home.id, foreign.id, disabled.id].sort((a, b) => Number(a - b)).map(String);
    expect(await members(item.attrs.id!)).toEqual({ users: sorted, groups: [] });
    const stored = await t.db.prisma.queue.findUniqueOrThrow({ where: { id: BigInt(item.attrs.id!) } });
    expect(stored.channels).toEqual(['email', 'chat']);
  });

  it('refuses members outside the department, deleted or unknown users and foreign or unknown groups (400-152 on the path)', async () => {
    const d = await dept(t.db);
    const inside = await createUser(t.db, { departmentId: d.id });
    const outsider = await createUser(t.db);
    const deleted = await createUser(t.db, { departmentId: d.id, state: 'deleted' });
    const otherGroup = await groupRow(t.db, outsider.departmentId);
    const goodGroup = await groupRow(t.db, d.id);
    const name = unique();
    const base = { name, department: { id: String(d.id) }, channels: { channel: [{ value: 'chat' }] } };
    for (const bad of [String(outsider.id), String(deleted.id), '999999999']) {
      const res = await call(t.app, admin, 'POST', URL, { body: { ...base, members: { users: { user: [{ id: String(inside.id) }, { id: bad }] } } } });
      expectError(res, '400-152', { format: 'json', details: [{ key: 'members.users.user[1].id', value: bad }] });
    }
    for (const bad of [String(otherGroup.id), '999999999']) {
      const res = await call(t.app, admin, 'POST', URL, { fmt: 'xml', body: { ...base, members: { groups: { group: [{ id: String(goodGroup.id) }, { id: bad }] } } } });
      expectError(res, '400-152', { details: [{ key: 'members.groups.group[1].id', value: bad }] });
    }
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${name}`));
  });

  it.each([
    [{ department: { id: '999999999' } }, '400-152', 'department.id'],
    [{ department: { name: 'no such department anywhere' } }, '400-152', 'department.name'],
    [{ department: null }, '400-153', 'department'],
    [{ department: {} }, '400-153', 'department'],
    [{ name: '' }, '400-153', 'name'],
    [{ name: 'n'.repeat(256) }, '400-152', 'name'],
    [{ description: 'd'.repeat(4001) }, '400-152', 'description'],
    [{ channels: undefined }, '400-153', 'channels'],
    [{ channels: { channel: [] } }, '400-153', 'channels.channel'],
    [{ channels: { channel: [{ value: 'fax' }] } }, '400-152', 'channels.channel[0].value'],
    [{ state: { value: 'paused' } }, '400-152', 'state.value'],
    [{ maxQueueDepth: 10001 }, '400-152', 'maxQueueDepth'],
    [{ maxQueueDepth: -1 }, '400-152', 'maxQueueDepth'],
    [{ members: { users: { user: [{ id: 'x' }] } } }, '400-152', 'members.users.user[0].id'],
  ])('refuses body #%# with %s', async (body, code, key) => {
    const d = await dept(t.db);
    const full = { name: unique(), department: { id: String(d.id) }, channels: { channel: [{ value: 'chat' }] }, ...body };
    const err = expectError(await call(t.app, admin, 'POST', URL, { body: full }), code, { format: 'json' });
    expect(err.details.map((x) => x.key)).toEqual([key]);
  });

  it('refuses two items (400-152) and a malformed body (400-150)', async () => {
    const d = await dept(t.db);
    const item = { name: unique(), department: { id: String(d.id) }, channels: { channel: [{ value: 'chat' }] } };
    expectError(await call(t.app, admin, 'POST', URL, { body: { queue: [item, { ...item, name: unique() }] } }), '400-152', { format: 'json' });
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: '<queue><name>x</name>' }), '400-150');
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${item.name}`));
  });

  it('keeps names unique per department, case-insensitively (409-102); another department may reuse it', async () => {
    const [d1, d2] = [await dept(t.db), await dept(t.db)];
    const q = await create({ department: { id: String(d1.id) } });
    const res = await call(t.app, admin, 'POST', URL, { fmt: 'xml', body: { name: q.name.toUpperCase(), department: { id: String(d1.id) }, channels: { channel: [{ value: 'email' }] } } });
    expectError(res, '409-102', {
      details: [{ key: 'name', value: q.name.toUpperCase() }],
      message: `The current state of resource ${q.id} does not allow this action: the value of 'name' is already in use.`,
    });
    expect((await create({ name: q.name, department: { id: String(d2.id) } })).name).toBe(q.name);
  });
});

describe('edit (07 §1.4, §7.1)', () => {
  it('changes the fields sent, keeps the others, stamps lastModified, bumps config_version', async () => {
    const d = await dept(t.db);
    const [u1, u2] = [await createUser(t.db, { departmentId: d.id }), await createUser(t.db, { foreignDepartmentIds: [d.id] })];
    const g = await groupRow(t.db, d.id);
    const q = await create({ description: 'keep', department: { id: String(d.id) }, maxQueueDepth: 5, members: { users: { user: [{ id: String(u1.id) }] }, groups: { group: [{ id: String(g.id) }] } } });
    const before = await configVersion(t.db);
    const name = unique('Ren');
    const body = { queue: [{ id: q.id, name, state: { value: 'inactive' }, channels: { channel: [{ value: 'email' }, { value: 'chat' }] }, members: { users: { user: [{ id: String(u2.id) }] } } }] };
    noContent(await call(t.app, admin, 'PUT', URL, { body }));
    const after = await read(q.id);
    expect(after).toMatchObject({
      name,
      description: 'keep',
      state: { value: 'inactive', displayValue: 'Inactive' },
      channels: { channel: [email, chat] },
      maxQueueDepth: 5,
      members: { users: { user: [userMember(u2)] }, groups: { group: [groupMember(g)] } },
    });
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(q.lastModified.date));
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    // The department is read-only on edit: ignored.
    const d2 = await dept(t.db);
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: q.id, description: null, maxQueueDepth: null, department: { id: String(d2.id) } } }));
    const cleared = await read(q.id);
    expect(cleared.description).toBeUndefined();
    expect(cleared.maxQueueDepth).toBe(0);
    expect(cleared.department.id).toBe(String(d.id));
  });

  it('takes an XML body; an empty members element clears both lists, an empty list clears that list only', async () => {
    const d = await dept(t.db);
    const u = await createUser(t.db, { departmentId: d.id });
    const g = await groupRow(t.db, d.id);
    const q = await create({ department: { id: String(d.id) } });
    const fill = { body: { id: q.id, members: { users: { user: [{ id: String(u.id) }] }, groups: { group: [{ id: String(g.id) }] } } } };
    const full = { users: [String(u.id)], groups: [String(g.id)] };
    noContent(await call(t.app, admin, 'PUT', URL, fill));
    expect(await members(q.id)).toEqual(full);
    noContent(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml: `<queues xmlns="${QUE}"><queue id="${q.id}"><members/></queue></queues>` }), 'xml');
    expect(await members(q.id)).toEqual({ users: [], groups: [] });
    noContent(await call(t.app, admin, 'PUT', URL, fill));
    noContent(await call(t.app, admin, 'PUT', URL, { xml: `<queue id="${q.id}"><members><users/></members></queue>` }));
    expect(await members(q.id)).toEqual({ users: [], groups: [String(g.id)] });
    noContent(await call(t.app, admin, 'PUT', URL, fill));
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: q.id, members: { groups: { group: [] } } } }));
    expect(await members(q.id)).toEqual({ users: [String(u.id)], groups: [] });
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: q.id, members: {} } }));
    expect(await members(q.id)).toEqual({ users: [String(u.id)], groups: [] });
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: q.id, members: null } }));
    expect(await members(q.id)).toEqual({ users: [], groups: [] });
    expect((await read(q.id)).members).toBeUndefined();
  });

  it('is all or nothing: a bad member (400-152), an unknown id (404-101) or a stale date (409-101) changes nothing', async () => {
    const d = await dept(t.db);
    const outsider = await createUser(t.db);
    const [a, b] = [await create({ department: { id: String(d.id) } }), await create({ department: { id: String(d.id) } })];
    expectError(await call(t.app, admin, 'PUT', URL, { body: { queue: [{ id: a.id, description: 'x' }, { id: b.id, members: { users: { user: [{ id: String(outsider.id) }] } } }] } }), '400-152', {
      format: 'json',
      details: [{ key: 'queue[1].members.users.user[0].id', value: String(outsider.id) }],
    });
    expectError(await call(t.app, admin, 'PUT', URL, { body: { queue: [{ id: a.id, description: 'x' }, { id: '999999998' }] } }), '404-101', {
      format: 'json',
      details: [{ key: 'id', value: '999999998' }],
    });
    const stale = { queue: [{ id: b.id, description: 'y' }, { id: a.id, description: 'x', lastModified: { date: '2020-01-01T00:00:00.000Z' } }] };
    expectError(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', body: stale }), '409-101', { details: [{ key: 'id', value: a.id }] });
    expect((await read(a.id)).description).toBeUndefined();
    expect((await read(b.id)).description).toBeUndefined();
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: a.id, description: 'ok', lastModified: { date: a.lastModified.date } } }));
    expect((await read(a.id)).description).toBe('ok');
  });

  it('keeps names unique per department (409-102)', async () => {
    const [d1, d2] = [await dept(t.db), await dept(t.db)];
    const [a, b, c] = [await create({ department: { id: String(d1.id) } }), await create({ department: { id: String(d1.id) } }), await create({ department: { id: String(d2.id) } })];
    expectError(await call(t.app, admin, 'PUT', URL, { body: { id: b.id, name: a.name.toLowerCase() } }), '409-102', {
      format: 'json',
      details: [{ key: 'id', value: b.id }, { key: 'name', value: a.name.toLowerCase() }],
    });
    const same = unique();
    expectError(await call(t.app, admin, 'PUT', URL, { body: { queue: [{ id: a.id, name: same }, { id: b.id, name: same.toUpperCase() }] } }), '409-102', { format: 'json' });
    // Swapping case of its own name, and taking the name in another department, are fine.
    noContent(await call(t.app, admin, 'PUT', URL, { body: { queue: [{ id: a.id, name: a.name.toUpperCase() }, { id: c.id, name: a.name }] } }));
    expect((await read(c.id)).name).toBe(a.name);
  });

  it.each([
    [{ name: 'x' }, '400-153', 'queue[0].id'],
    [{ id: '1', name: null }, '400-152', 'queue[0].name'],
    [{ id: '1', state: { value: 'x' } }, '400-152', 'queue[0].state.value'],
    [{ id: '1', channels: null }, '400-152', 'queue[0].channels'],
    [{ id: '1', channels: { channel: [] } }, '400-152', 'queue[0].channels'],
    [{ id: '1', channels: { channel: [{ value: 'sms' }] } }, '400-152', 'queue[0].channels.channel[0].value'],
    [{ id: '1', maxQueueDepth: 10001 }, '400-152', 'queue[0].maxQueueDepth'],
    [{ id: '1', members: { groups: { group: [{ id: '0' }] } } }, '400-152', 'queue[0].members.groups.group[0].id'],
    [{ id: '1', lastModified: { date: '2020-13-01T00:00:00Z' } }, '400-152', 'queue[0].lastModified.date'],
  ])('refuses body #%# with %s', async (body, code, key) => {
    const err = expectError(await call(t.app, admin, 'PUT', URL, { body }), code, { format: 'json' });
    expect(err.details.map((x) => x.key)).toEqual([key]);
  });

  it('clearing state (null, "", {}, an empty value; XML xsi:nil, empty element) restores the default active', async () => {
    const d = await dept(t.db);
    const q = await create({ department: { id: String(d.id) }, state: { value: 'inactive' } });
    const inactive = async () => noContent(await call(t.app, admin, 'PUT', URL, { body: { id: q.id, state: { value: 'inactive' } } }));
    const stateOf = async () => (await t.db.prisma.queue.findUniqueOrThrow({ where: { id: BigInt(q.id) } })).state;
    for (const state of [null, '', {}, { value: '' }]) {
      await inactive();
      noContent(await call(t.app, admin, 'PUT', URL, { body: { queue: [{ id: q.id, state }] } }));
      expect(await stateOf(), JSON.stringify(state)).toBe('active');
    }
    const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
    for (const state of [`<state xmlns:xsi="${XSI}" xsi:nil="true"/>`, '<state/>', `<state><c:value/></state>`]) {
      await inactive();
      const xml = `<queues xmlns="${QUE}" xmlns:c="${COMMON}"><queue id="${q.id}">${state}</queue></queues>`;
      noContent(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml }), 'xml');
      expect(await stateOf(), state).toBe('active');
    }
    expect((await read(q.id)).state).toEqual(active);
  });

  it('refuses to take the chat channel from a queue a chat entry point uses (409-102 naming the entry points); nothing changes', async () => {
    const d = await dept(t.db);
    const q = await create({ department: { id: String(d.id) }, channels: { channel: [{ value: 'chat' }, { value: 'email' }] } });
    const free = await create({ department: { id: String(d.id) }, channels: { channel: [{ value: 'chat' }] } });
    const [ep1, ep2] = [
      await t.db.prisma.entryPoint.create({ data: { name: unique('EP'), departmentId: d.id, queueId: BigInt(q.id) } }),
      await t.db.prisma.entryPoint.create({ data: { name: unique('EP'), departmentId: d.id, queueId: BigInt(q.id) } }),
    ];
    const body = { queue: [{ id: free.id, channels: { channel: [{ value: 'email' }] } }, { id: q.id, name: 'renamed', channels: { channel: [{ value: 'email' }] } }] };
    expectError(await call(t.app, admin, 'PUT', URL, { body }), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: q.id },
        { key: 'entryPoint', value: String(ep1.id) },
        { key: 'entryPoint', value: String(ep2.id) },
      ],
      message: `The current state of resource ${q.id} does not allow this action: the resource is still in use.`,
    });
    const xml = `<queue xmlns="${QUE}" xmlns:c="${COMMON}" id="${q.id}"><channels><channel><c:value>email</c:value></channel></channels></queue>`;
    expectError(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml }), '409-102', {
      details: [
        { key: 'id', value: q.id },
        { key: 'entryPoint', value: String(ep1.id) },
        { key: 'entryPoint', value: String(ep2.id) },
      ],
    });
    expect((await read(q.id)).channels).toEqual({ channel: [email, chat] });
    expect((await read(free.id)).channels).toEqual({ channel: [chat] });
    // Keeping chat, or editing other fields, is fine; without entry points the channel may go.
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: q.id, name: unique('Keep'), channels: { channel: [{ value: 'chat' }] } } }));
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: free.id, channels: { channel: [{ value: 'email' }] } } }));
    expect((await read(free.id)).channels).toEqual({ channel: [email] });
    await t.db.prisma.entryPoint.deleteMany({ where: { id: { in: [ep1.id, ep2.id] } } });
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: q.id, channels: { channel: [{ value: 'email' }] } } }));
    expect((await read(q.id)).channels).toEqual({ channel: [email] });
  });

  it('refuses more than 75 items (400-160) and none (400-153)', async () => {
    const items = Array.from({ length: 76 }, (_, i) => ({ id: String(i + 1) }));
    expectError(await call(t.app, admin, 'PUT', URL, { body: { queue: items } }), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'PUT', URL, { body: { queue: [] } }), '400-153', { format: 'json', details: [{ key: 'queue', value: '' }] });
  });
});

describe('delete (07 §1.4, §7.1)', () => {
  it('deletes the queues with their member lists; completed activities keep no queue', async () => {
    const d = await dept(t.db);
    const u = await createUser(t.db, { departmentId: d.id });
    const g = await groupRow(t.db, d.id, [u.id]);
    const q = await queueRow(t.db, d.id, { users: [u.id], groups: [g.id] });
    const r = await queueRow(t.db, d.id);
    const done = await activityRow(t.db, await caseRow(t.db, d.id), { queueId: q.id, status: 'completed', assignedUserId: u.id });
    const before = await configVersion(t.db);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${q.id},${r.id}`, { fmt: 'xml' }), 'xml');
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await members(q.id)).toEqual({ users: [], groups: [] });
    expect(await t.db.prisma.queue.count({ where: { id: { in: [q.id, r.id] } } })).toBe(0);
    expect((await t.db.prisma.activity.findUniqueOrThrow({ where: { id: done.id } })).queueId).toBeNull();
    expect(await t.db.prisma.userGroupMember.count({ where: { groupId: g.id } })).toBe(1);
    expectError(await call(t.app, admin, 'GET', `${URL}/${q.id}`), '404-101', { format: 'json', details: [{ key: 'id', value: String(q.id) }] });
  });

  it('refuses a queue with open activities or an entry point (409-102 naming them) and deletes nothing', async () => {
    const d = await dept(t.db);
    const kase = await caseRow(t.db, d.id);
    const agentUser = await createUser(t.db, { departmentId: d.id });
    const [q, r, free] = [await queueRow(t.db, d.id), await queueRow(t.db, d.id), await queueRow(t.db, d.id)];
    const waiting = await activityRow(t.db, kase, { queueId: q.id, status: 'awaiting_assignment', queueEnteredAt: new Date() });
    const assigned = await activityRow(t.db, kase, { queueId: q.id, type: 'email', status: 'assigned', assignedUserId: agentUser.id });
    const open = await activityRow(t.db, kase, { queueId: q.id, type: 'email', status: 'open' });
    await activityRow(t.db, kase, { queueId: free.id, status: 'completed', assignedUserId: agentUser.id });
    const ep = await t.db.prisma.entryPoint.create({ data: { name: unique('EP'), departmentId: d.id, queueId: r.id } });
    const res = await call(t.app, admin, 'DELETE', `${URL}/${free.id},${r.id},${q.id}`);
    expectError(res, '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: String(r.id) },
        { key: 'id', value: String(q.id) },
        { key: 'activity', value: String(waiting.id) },
        { key: 'activity', value: String(assigned.id) },
        { key: 'activity', value: String(open.id) },
        { key: 'entryPoint', value: String(ep.id) },
      ],
      message: `The current state of resource ${r.id}, ${q.id} does not allow this action: the resource is still in use.`,
    });
    expect(await t.db.prisma.queue.count({ where: { id: { in: [q.id, r.id, free.id] } } })).toBe(3);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${r.id}`, { fmt: 'xml' }), '409-102', {
      details: [
        { key: 'id', value: String(r.id) },
        { key: 'entryPoint', value: String(ep.id) },
      ],
    });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${free.id}`));
  });

  it('answers 404-101 naming each missing id and deletes nothing; refuses bad ids', async () => {
    const q = await queueRow(t.db, (await dept(t.db)).id);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/999999996,${q.id},999999995`), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: '999999996' },
        { key: 'id', value: '999999995' },
      ],
    });
    expect((await read(q.id)).id).toBe(String(q.id));
    expectError(await call(t.app, admin, 'DELETE', `${URL}/x`), '400-102', { format: 'json' });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join(',');
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${many}`), '400-160', { format: 'json' });
  });
});

describe('methods (01 §1.1)', () => {
  it('answers 405-100 with Allow for methods the paths do not offer', async () => {
    const a = await call(t.app, admin, 'PUT', `${URL}/1`, { body: {} });
    expectError(a, '405-100', { format: 'json' });
    expect(a.headers.allow).toBe('GET, HEAD, DELETE');
    const b = await call(t.app, admin, 'DELETE', URL, { fmt: 'xml' });
    expectError(b, '405-100');
    expect(b.headers.allow).toBe('GET, HEAD, POST, PUT');
    const c = await call(t.app, admin, 'POST', `${URL}/1/details`, { body: {} });
    expectError(c, '405-100', { format: 'json' });
    expect(c.headers.allow).toBe('GET, HEAD');
  });
});
