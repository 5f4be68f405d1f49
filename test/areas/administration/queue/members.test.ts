// Effective members of queues (07 §7.1) and the seams other resources reach queues through: the `user` filter of the
// queue list, the user search `queue` criterion (§3.3), deleting users (§3.7) and groups (§5), deleting departments (§4).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createUser } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { ADMIN, call, noContent, ok, session, type Session } from '../department/support.ts';
import { queueMemberIds } from '../../../../src/areas/administration/user/user.seams.ts';
import { contextOf } from '../../../../src/areas/service-context.ts';
import { dept, groupRow, QUEUE_URL as URL, queueRow, type QueuePage } from './support.ts';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
});
afterAll(async () => t?.close());

const ids = (...rows: { id: bigint }[]) => rows.map((r) => String(r.id));
async function queuesOf(query: string): Promise<string[]> {
  const res = await call(t.app, admin, 'GET', `${URL}?${query}`);
  return res.statusCode === 204 ? [] : ok<QueuePage>(res).queue.map((q) => q.id);
}
async function usersOf(query: string): Promise<string[]> {
  const res = await call(t.app, admin, 'GET', `${ADMIN}/user?${query}`);
  return res.statusCode === 204 ? [] : ok<{ user: { id: string }[] }>(res).user.map((u) => u.id);
}

/** A department with direct, group and disabled members of two queues. */
async function fixture() {
  const d = await dept(t.db);
  const direct = await createUser(t.db, { departmentId: d.id });
  const viaGroup = await createUser(t.db, { foreignDepartmentIds: [d.id] });
  const both = await createUser(t.db, { departmentId: d.id });
  const disabled = await createUser(t.db, { departmentId: d.id, state: 'disabled' });
  const disabledInGroup = await createUser(t.db, { departmentId: d.id, state: 'disabled' });
  const outsider = await createUser(t.db, { departmentId: d.id });
  const g = await groupRow(t.db, d.id, [viaGroup.id, both.id, disabledInGroup.id]);
  const q1 = await queueRow(t.db, d.id, { users: [direct.id, both.id, disabled.id], groups: [g.id] });
  const q2 = await queueRow(t.db, d.id, { groups: [g.id], channels: ['email'] });
  const q3 = await queueRow(t.db, d.id, { users: [outsider.id] });
  return { d, direct, viaGroup, both, disabled, disabledInGroup, outsider, g, q1, q2, q3 };
}

describe('effective members (07 §7.1)', () => {
  it('the queue list `user` filter: listed users and members of listed groups, enabled only', async () => {
    const f = await fixture();
    expect(await queuesOf(`user=${f.direct.id}`)).toEqual(ids(f.q1));
    expect(await queuesOf(`user=${f.viaGroup.id}`)).toEqual(ids(f.q1, f.q2));
    expect(await queuesOf(`user=${f.both.id}`)).toEqual(ids(f.q1, f.q2));
    expect(await queuesOf(`user=${f.both.id}&channel=email`)).toEqual(ids(f.q2));
    expect(await queuesOf(`user=${f.both.id}&department=${f.d.id}&$sort=id&$order=desc`)).toEqual(ids(f.q2, f.q1));
    noContent(await call(t.app, admin, 'GET', `${URL}?user=${f.disabled.id}`));
    noContent(await call(t.app, admin, 'GET', `${URL}?user=${f.disabledInGroup.id}`, { fmt: 'xml' }), 'xml');
    // Disabling a member through the API takes it out at once; enabling it again brings it back.
    noContent(await call(t.app, admin, 'PUT', `${ADMIN}/user`, { body: { id: String(f.both.id), state: { value: 'disabled' } } }));
    expect(await queuesOf(`user=${f.both.id}`)).toEqual([]);
    noContent(await call(t.app, admin, 'PUT', `${ADMIN}/user`, { body: { id: String(f.both.id), state: { value: 'enabled' } } }));
    expect(await queuesOf(`user=${f.both.id}`)).toEqual(ids(f.q1, f.q2));
  });

  it('the user search `queue` criterion (07 §3.3) lists the effective members; an unknown queue is 404-101', async () => {
    const f = await fixture();
    expect(await usersOf(`queue=${f.q1.id}`)).toEqual(ids(f.direct, f.viaGroup, f.both).sort((a, b) => Number(a) - Number(b)));
    expect(await usersOf(`queue=${f.q2.id}`)).toEqual(ids(f.viaGroup, f.both).sort((a, b) => Number(a) - Number(b)));
    expect(await usersOf(`queue=${f.q1.id}&state=disabled`)).toEqual([]);
    const empty = await queueRow(t.db, f.d.id);
    noContent(await call(t.app, admin, 'GET', `${ADMIN}/user?queue=${empty.id}`));
    expectError(await call(t.app, admin, 'GET', `${ADMIN}/user?queue=999999990`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999990' }] });
    const ctx = contextOf({ server: t.app, actor: { kind: 'user', roles: ['agent'] }, lang: 'en-US', id: 'x' } as never);
    expect(await queueMemberIds(ctx, String(f.q2.id))).toEqual(ids(f.viaGroup, f.both).sort((a, b) => Number(a) - Number(b)));
  });

  it('deleting a user (07 §3.7) removes it from every queue member list', async () => {
    const f = await fixture();
    noContent(await call(t.app, admin, 'DELETE', `${ADMIN}/user/${f.both.id},${f.outsider.id}`));
    const listed = await t.db.prisma.queueMemberUser.findMany({ where: { queueId: { in: [f.q1.id, f.q3.id] } }, orderBy: [{ queueId: 'asc' }, { userId: 'asc' }] });
    expect(listed.map((r) => `${r.queueId}:${r.userId}`)).toEqual([`${f.q1.id}:${f.direct.id}`, `${f.q1.id}:${f.disabled.id}`]);
    expect(await queuesOf(`user=${f.both.id}`)).toEqual([]);
    expect(await queuesOf(`user=${f.viaGroup.id}`)).toEqual(ids(f.q1, f.q2));
  });

  it('deleting a group (07 §5) removes it from queue member lists and its members from the effective ones', async () => {
    const f = await fixture();
    noContent(await call(t.app, admin, 'DELETE', `${ADMIN}/group/${f.g.id}`));
    expect(await t.db.prisma.queueMemberGroup.count({ where: { groupId: f.g.id } })).toBe(0);
    expect(await queuesOf(`user=${f.viaGroup.id}`)).toEqual([]);
    expect(await queuesOf(`user=${f.both.id}`)).toEqual(ids(f.q1));
    const q1 = ok<{ queue: { members?: unknown }[] }>(await call(t.app, admin, 'GET', `${URL}/${f.q1.id}?$attribute=members`)).queue[0]!;
    expect(q1.members).toEqual({
      users: {
        user: [f.direct, f.both, f.disabled].map((u) => ({ id: String(u.id), loginId: u.loginId, screenName: u.screenName, link: { rel: 'user', href: `${ADMIN}/user/${u.id}` } })),
      },
    });
  });
});

describe('department delete (07 §4)', () => {
  it('is refused while a queue belongs to the department (409-102 naming it), allowed once the queue is gone', async () => {
    const d = await dept(t.db);
    const [q1, q2] = [await queueRow(t.db, d.id), await queueRow(t.db, d.id)];
    expectError(await call(t.app, admin, 'DELETE', `${ADMIN}/department/${d.id}`), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: String(d.id) },
        { key: 'queue', value: String(q1.id) },
        { key: 'queue', value: String(q2.id) },
      ],
      message: `The current state of resource ${d.id} does not allow this action: the resource is still in use.`,
    });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${q1.id},${q2.id}`));
    noContent(await call(t.app, admin, 'DELETE', `${ADMIN}/department/${d.id}`));
    expect(await t.db.prisma.department.count({ where: { id: d.id } })).toBe(0);
  });

  it('lists queues after groups, before customers', async () => {
    const d = await dept(t.db);
    const g = await groupRow(t.db, d.id);
    const q = await queueRow(t.db, d.id);
    const c = await t.db.prisma.customer.create({ data: { type: 'corporate', customerName: 'X', departmentId: d.id } });
    expectError(await call(t.app, admin, 'DELETE', `${ADMIN}/department/${d.id}`, { fmt: 'xml' }), '409-102', {
      details: [
        { key: 'id', value: String(d.id) },
        { key: 'group', value: String(g.id) },
        { key: 'queue', value: String(q.id) },
        { key: 'customer', value: String(c.id) },
      ],
    });
  });
});
