// V7 complete, V10/V11 transfer, V12 pick, V13 pull (05 §9.8, §9.11–§9.13) through the whole HTTP stack, over
// activities inserted with the interaction factory as the creating APIs would leave them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createDepartment, createUser, login } from '../../helpers/auth.ts';
import { insertActivity, insertQueue, type ActivityOptions } from '../../helpers/interaction.ts';
import { expectError, FORMATS, type Fmt } from '../../conformance/support.ts';
import { createApplication, tokenFor } from '../administration/client-application/support.ts';
import { call, customerSession, noContent, ok, staff, world, xmlOf, type Staff, type World } from '../case/support.ts';

const URL = '/system/ws/v12/interaction/activity';
const ACT = 'http://bindings.egain.com/ws/model/v12/gen/interaction/activity';
const COMMON = 'http://bindings.egain.com/ws/model/v12/gen/common';

let t: TestApp;
let w: World;
let other: { id: bigint; name: string };
/** An agent of another department only. */
let outsider: Staff;
let queue: { id: bigint };

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  other = await createDepartment(t.db);
  outsider = await staff(t, ['agent'], { departmentId: other.id });
  queue = await insertQueue(t.db, w.dept.id);
});
afterAll(async () => t?.close());

type Id = bigint | string | number;
const act = async (opts: Partial<ActivityOptions> = {}) => (await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, ...opts })).id;
const row = (id: Id) => t.db.prisma.activity.findUniqueOrThrow({ where: { id: BigInt(id) } });
const caseOf = async (id: Id) => t.db.prisma.case.findUniqueOrThrow({ where: { id: (await row(id)).caseId } });
const batch = (...ids: Id[]) => ({ activity: ids.map((id) => ({ id: String(id) })) });
const xmlBatch = (...ids: Id[]) => `<activities xmlns="${ACT}">${ids.map((id) => `<activity id="${id}"/>`).join('')}</activities>`;
const put = (who: { headers: Record<string, string> } | null, path: string, ids: Id[], fmt: Fmt = 'json') =>
  call(t.app, who, 'PUT', `${URL}/${path}`, fmt === 'json' ? { body: batch(...ids) } : { xml: xmlBatch(...ids), fmt });
const putBody = (who: { headers: Record<string, string> } | null, path: string, body: unknown, fmt: Fmt = 'json') =>
  call(t.app, who, 'PUT', `${URL}/${path}`, { body, fmt });

type ActivityJson = { id: string; link: { href: string }; status: { value: string; substatus: { value: string }; assigned?: { user: { id: string } } }; lastModified: { date: string; user?: { id: string } } };

describe('V7 complete', () => {
  it('completes the caller’s activities (T12), answers them in body order and closes a case left without open activity', async () => {
    const first = await act({ assignedUserId: w.agent.user.id });
    const before = await row(first);
    const kept = await act({ assignedUserId: w.agent.user.id });
    const sibling = await act({ caseId: (await row(kept)).caseId, queueId: queue.id });
    const body = ok<{ activity: ActivityJson[] }>(await put(w.agent, 'complete', [kept, first]));
    expect(body.activity.map((a) => a.id)).toEqual([String(kept), String(first)]);
    for (const a of body.activity) {
      expect(a.status.value).toBe('completed');
      expect(a.status.substatus.value).toBe('done');
      expect(a.lastModified.user?.id).toBe(String(w.agent.user.id));
      expect(a.link.href).toBe(`${URL}/${a.id}`);
    }
    const done = await row(first);
    expect(done.completedAt).not.toBeNull();
    expect(done.userLastWorkedId).toBe(w.agent.user.id);
    expect(done.lastModifiedAt.getTime()).toBeGreaterThan(before.lastModifiedAt.getTime());
    const closed = await caseOf(first);
    expect(closed.status).toBe('closed');
    expect(closed.lastClosedById).toBe(w.agent.user.id);
    // The other case still has an open activity: it stays open.
    expect((await caseOf(kept)).status).toBe('open');
    expect((await row(sibling)).status).toBe('awaiting_assignment');
  });

  it('answers in XML with <activities>', async () => {
    const id = await act({ assignedUserId: w.agent.user.id });
    const xml = xmlOf(await put(w.agent, 'complete', [id], 'xml'));
    expect(xml.name).toBe(`{${ACT}}activities`);
    const item = xml.children[0]!;
    expect(item.attrs.id).toBe(String(id));
    const status = item.children.find((c) => c.name === `{${ACT}}status`)!;
    expect(status.children.find((c) => c.name === `{${COMMON}}value`)!.text).toBe('completed');
    expect((await row(id)).status).toBe('completed');
  });

  it.each(FORMATS)('409-102 for activities not assigned to the caller, chats, call tracks and completed ones; nothing changes (%s)', async (fmt) => {
    const mine = await act({ assignedUserId: w.agent.user.id });
    const cases = [
      await act({ assignedUserId: w.supervisor.user.id }),
      await act({ queueId: queue.id }),
      await act({ type: 'chat', assignedUserId: w.agent.user.id }),
      await act({ type: 'calltrack', assignedUserId: w.agent.user.id }),
      await act({ status: 'completed', assignedUserId: w.agent.user.id }),
    ];
    for (const bad of cases) {
      expectError(await put(w.agent, 'complete', [mine, bad], fmt), '409-102', { format: fmt, details: [{ key: 'id', value: String(bad) }] });
    }
    const untouched = await row(mine);
    expect(untouched.status).toBe('assigned');
    expect(untouched.completedAt).toBeNull();
  });

  it('409-101 for a stale lastModified.date; the current one is accepted', async () => {
    const id = await act({ assignedUserId: w.agent.user.id });
    const current = (await row(id)).lastModifiedAt.toISOString();
    const stale = new Date(Date.parse(current) - 1000).toISOString();
    expectError(await putBody(w.agent, 'complete', { activity: [{ id: String(id), lastModified: { date: stale } }] }), '409-101', {
      format: 'json',
      details: [{ key: 'id', value: String(id) }],
    });
    expect((await row(id)).status).toBe('assigned');
    ok(await putBody(w.agent, 'complete', { activity: [{ id: String(id), lastModified: { date: current } }] }));
  });

  it.each(FORMATS)('404-101 names missing and invisible ids (%s)', async (fmt) => {
    const foreign = (await insertActivity(t.db, { customer: w.customer, departmentId: other.id, assignedUserId: outsider.user.id })).id;
    expectError(await put(w.agent, 'complete', [999999999, foreign], fmt), '404-101', {
      format: fmt,
      details: [
        { key: 'id', value: '999999999' },
        { key: 'id', value: String(foreign) },
      ],
    });
  });

  it.each(FORMATS)('400-152 for an id listed twice, 400-153 for an empty list or an item without id, 400-160 above 75 (%s)', async (fmt) => {
    const id = await act({ assignedUserId: w.agent.user.id });
    const send = (body: unknown) => putBody(w.agent, 'complete', body, fmt);
    expectError(await send(batch(id, id)), '400-152', { format: fmt, details: [{ key: 'activity[1].id', value: String(id) }] });
    expectError(await send({ activity: [] }), '400-153', { format: fmt });
    expectError(await send({ activity: [{ lastModified: { date: '2024-05-02T10:20:00.000Z' } }] }), '400-153', { format: fmt });
    expectError(await send(batch(...Array.from({ length: 76 }, (_, i) => 1000000 + i))), '400-160', { format: fmt });
    expectError(await send({ activity: [{ id: String(id), lastModified: { date: 'yesterday' } }] }), '400-152', { format: fmt });
    expect((await row(id)).status).toBe('assigned');
  });

  it('403-197 for a customer session; 401-101 for a client application', async () => {
    const session = await customerSession(t, w.admin);
    const id = await act({ assignedUserId: w.agent.user.id });
    for (const path of ['complete', 'pick', `transfer?queue=${queue.id}`]) expectError(await put(session, path, [id]), '403-197', { format: 'json' });
    expectError(await call(t.app, session, 'PUT', `${URL}/pull`), '403-197', { format: 'json' });
    const admin = { sessionId: w.admin.headers['x-egain-session']!, headers: w.admin.headers };
    const token = await tokenFor(t.app, await createApplication(t.app, admin));
    const res = await call(t.app, null, 'PUT', `${URL}/complete`, { body: batch(id), headers: { authorization: `Bearer ${token}` } });
    expectError(res, '401-101', { format: 'json' });
    expect((await row(id)).status).toBe('assigned');
  });
});

describe('V12 pick', () => {
  it.each(FORMATS)('assigns waiting, unassigned and others’ activities to the caller in progress (T9) and makes the caller the owner of an ownerless case (%s)', async (fmt) => {
    const waiting = await act({ queueId: queue.id });
    const open = await act();
    const others = await act({ assignedUserId: w.supervisor.user.id });
    const before = await row(waiting);
    noContent(await put(w.agent, `pick${fmt === 'xml' ? '?unpin=yes' : ''}`, [waiting, open, others], fmt), fmt);
    for (const id of [waiting, open, others]) {
      const a = await row(id);
      expect([a.status, a.substatus, a.assignedUserId, a.userLastWorkedId]).toEqual(['assigned', 'in_progress', w.agent.user.id, w.agent.user.id]);
    }
    const a = await row(waiting);
    expect(a.queueId).toBe(queue.id); // the last queue stays (05 §4.2)
    expect(a.lastModifiedAt.getTime()).toBeGreaterThan(before.lastModifiedAt.getTime());
    expect(a.lastModifiedById).toBe(w.agent.user.id);
    expect((await caseOf(waiting)).ownerId).toBe(w.agent.user.id);
    expect((await caseOf(open)).ownerId).toBe(w.agent.user.id);
    // The case of `others` already had its owner (the supervisor): it keeps it.
    expect((await caseOf(others)).ownerId).toBe(w.supervisor.user.id);
  });

  it.each(FORMATS)('409-102 for the caller’s own, completed, chat and call-track activities; nothing changes (%s)', async (fmt) => {
    const fine = await act({ queueId: queue.id });
    for (const bad of [
      await act({ assignedUserId: w.agent.user.id }),
      await act({ status: 'completed' }),
      await act({ type: 'chat', queueId: queue.id }),
      await act({ type: 'calltrack' }),
    ]) {
      expectError(await put(w.agent, 'pick', [fine, bad], fmt), '409-102', { format: fmt, details: [{ key: 'id', value: String(bad) }] });
    }
    const a = await row(fine);
    expect([a.status, a.assignedUserId]).toEqual(['awaiting_assignment', null]);
  });

  it('404-101 for an activity of a department the caller does not see; 400-101 for an unknown parameter', async () => {
    const foreign = (await insertActivity(t.db, { customer: w.customer, departmentId: other.id, queueId: null })).id;
    expectError(await put(w.agent, 'pick', [foreign]), '404-101', { format: 'json', details: [{ key: 'id', value: String(foreign) }] });
    noContent(await put(outsider, 'pick', [foreign]));
    expectError(await put(w.agent, 'pick?user=1', [foreign]), '400-101', { format: 'json' });
  });
});

describe('V10 transfer to a user', () => {
  it.each(FORMATS)('assigns the activities to the target as new (T8) and makes it the owner of an ownerless case (%s)', async (fmt) => {
    const waiting = await act({ queueId: queue.id });
    const mine = await act({ assignedUserId: w.agent.user.id });
    noContent(await put(w.agent, `transfer?user=${w.supervisor.user.id}`, [waiting, mine], fmt), fmt);
    for (const id of [waiting, mine]) {
      const a = await row(id);
      expect([a.status, a.substatus, a.assignedUserId]).toEqual(['assigned', 'new', w.supervisor.user.id]);
      expect(a.lastModifiedById).toBe(w.agent.user.id);
    }
    expect((await caseOf(waiting)).ownerId).toBe(w.supervisor.user.id);
    expect((await caseOf(mine)).ownerId).toBe(w.agent.user.id);
  });

  it('transfers to the caller too, and to a user whose foreign department is the activity’s', async () => {
    const id = await act({ queueId: queue.id });
    noContent(await put(w.agent, `transfer?user=${w.agent.user.id}`, [id]));
    expect((await row(id)).substatus).toBe('new');
    const visitor = await createUser(t.db, { departmentId: other.id, foreignDepartmentIds: [w.dept.id] });
    noContent(await put(w.agent, `transfer?user=${visitor.id}`, [id]));
    expect((await row(id)).assignedUserId).toBe(visitor.id);
  });

  it.each(FORMATS)('400-104 for user and queue, 400-112 for neither, 400-102 for a bad, unknown or not enabled user (%s)', async (fmt) => {
    const id = await act({ queueId: queue.id });
    const disabled = await createUser(t.db, { departmentId: w.dept.id, state: 'disabled' });
    const deleted = await createUser(t.db, { departmentId: w.dept.id, state: 'deleted' });
    expectError(await put(w.agent, `transfer?user=${w.agent.user.id}&queue=${queue.id}`, [id], fmt), '400-104', { format: fmt });
    expectError(await put(w.agent, 'transfer', [id], fmt), '400-112', { format: fmt });
    expectError(await put(w.agent, 'transfer?unpin=yes', [id], fmt), '400-112', { format: fmt });
    expectError(await put(w.agent, 'transfer?user=abc', [id], fmt), '400-102', { format: fmt, details: [{ key: 'user', value: 'abc' }] });
    for (const user of ['999999999', String(disabled.id), String(deleted.id)]) {
      expectError(await put(w.agent, `transfer?user=${user}`, [id], fmt), '400-102', { format: fmt, details: [{ key: 'user', value: user }] });
    }
    expect((await row(id)).status).toBe('awaiting_assignment');
  });

  it.each(FORMATS)('403-197 for a target user outside the caller’s departments (%s)', async (fmt) => {
    const id = await act({ queueId: queue.id });
    expectError(await put(w.agent, `transfer?user=${outsider.user.id}`, [id], fmt), '403-197', { format: fmt });
    expect((await row(id)).status).toBe('awaiting_assignment');
  });

  it.each(FORMATS)('409-102 when already assigned to the target, not of the target’s departments, a chat or completed (%s)', async (fmt) => {
    const fine = await act({ queueId: queue.id });
    const target = w.supervisor.user.id;
    for (const bad of [
      await act({ assignedUserId: target }),
      await act({ type: 'chat', queueId: queue.id }),
      await act({ type: 'calltrack' }),
      await act({ status: 'completed' }),
    ]) {
      expectError(await put(w.agent, `transfer?user=${target}`, [fine, bad], fmt), '409-102', { format: fmt, details: [{ key: 'id', value: String(bad) }] });
    }
    // An administrator sees every department, so the outsider is a possible target, but not for this department's activity.
    expectError(await put(w.admin, `transfer?user=${outsider.user.id}`, [fine], fmt), '409-102', { format: fmt, details: [{ key: 'id', value: String(fine) }] });
    expect((await row(fine)).status).toBe('awaiting_assignment');
  });
});

describe('V11 transfer to a queue', () => {
  it.each(FORMATS)('puts the activities in the queue (T7): no user, queue-entry time now (%s)', async (fmt) => {
    const target = await insertQueue(t.db, w.dept.id);
    const assigned = await act({ assignedUserId: w.agent.user.id });
    const waiting = await act({ queueId: queue.id, now: new Date(Date.now() - 60_000) });
    const started = Date.now();
    noContent(await put(w.agent, `transfer?queue=${target.id}&unpin=no`, [assigned, waiting], fmt), fmt);
    for (const id of [assigned, waiting]) {
      const a = await row(id);
      expect([a.status, a.substatus, a.assignedUserId, a.queueId]).toEqual(['awaiting_assignment', 'in_queue', null, target.id]);
      expect(a.queueEnteredAt!.getTime()).toBeGreaterThanOrEqual(started - 5);
      expect(a.lastModifiedById).toBe(w.agent.user.id);
    }
    expect((await caseOf(assigned)).ownerId).toBe(w.agent.user.id); // 04 §3.2: the owner stays
  });

  it('takes a task to a chat-only queue', async () => {
    const chatOnly = await t.db.prisma.queue.create({ data: { name: `Chat ${Date.now()}`, departmentId: w.dept.id, channels: ['chat'] } });
    const task = await act({ type: 'task', assignedUserId: w.agent.user.id });
    noContent(await put(w.agent, `transfer?queue=${chatOnly.id}`, [task]));
    expect((await row(task)).queueId).toBe(chatOnly.id);
  });

  it.each(FORMATS)('400-102 for an unknown or inactive queue; 403-197 for a queue of a department the caller does not see (%s)', async (fmt) => {
    const id = await act({ assignedUserId: w.agent.user.id });
    const inactive = await t.db.prisma.queue.create({ data: { name: `Off ${Date.now()}`, departmentId: w.dept.id, channels: ['email'], state: 'inactive' } });
    for (const q of ['999999999', String(inactive.id)]) {
      expectError(await put(w.agent, `transfer?queue=${q}`, [id], fmt), '400-102', { format: fmt, details: [{ key: 'queue', value: q }] });
    }
    const foreignQueue = await insertQueue(t.db, other.id);
    expectError(await put(w.agent, `transfer?queue=${foreignQueue.id}`, [id], fmt), '403-197', { format: fmt });
    expect((await row(id)).status).toBe('assigned');
  });

  it.each(FORMATS)('409-102 for a queue of another department, an email to a queue without email, an activity already waiting there, a chat (%s)', async (fmt) => {
    const fine = await act({ assignedUserId: w.agent.user.id });
    const foreignQueue = await insertQueue(t.db, other.id);
    expectError(await put(w.admin, `transfer?queue=${foreignQueue.id}`, [fine], fmt), '409-102', { format: fmt, details: [{ key: 'id', value: String(fine) }] });
    const chatOnly = await t.db.prisma.queue.create({ data: { name: `Chat ${Date.now()}${fmt}`, departmentId: w.dept.id, channels: ['chat'] } });
    expectError(await put(w.agent, `transfer?queue=${chatOnly.id}`, [fine], fmt), '409-102', { format: fmt, details: [{ key: 'id', value: String(fine) }] });
    for (const bad of [await act({ queueId: queue.id }), await act({ type: 'chat', assignedUserId: w.agent.user.id }), await act({ status: 'completed' })]) {
      expectError(await put(w.agent, `transfer?queue=${queue.id}`, [fine, bad], fmt), '409-102', { format: fmt, details: [{ key: 'id', value: String(bad) }] });
    }
    const a = await row(fine);
    expect([a.status, a.assignedUserId]).toEqual(['assigned', w.agent.user.id]);
  });
});

describe('V13 pull', () => {
  /** A department of its own, so that no other test's waiting activity is in its queues. */
  async function pullWorld() {
    const dept = await createDepartment(t.db);
    const direct = await insertQueue(t.db, dept.id);
    const viaGroup = await insertQueue(t.db, dept.id);
    const inactive = await t.db.prisma.queue.create({ data: { name: `Off ${Date.now()}`, departmentId: dept.id, channels: ['email'], state: 'inactive' } });
    const notMine = await insertQueue(t.db, dept.id);
    const user = await createUser(t.db, { roles: ['agent'], departmentId: dept.id });
    const group = await t.db.prisma.userGroup.create({ data: { name: `G ${Date.now()}`, departmentId: dept.id } });
    await t.db.prisma.userGroupMember.create({ data: { groupId: group.id, userId: user.id } });
    await t.db.prisma.queueMemberGroup.create({ data: { queueId: viaGroup.id, groupId: group.id } });
    for (const q of [direct, inactive]) await t.db.prisma.queueMemberUser.create({ data: { queueId: q.id, userId: user.id } });
    const session = await login(t.app, user.loginId);
    return { dept, direct, viaGroup, inactive, notMine, user, who: { headers: { 'x-egain-session': session.sessionId } } };
  }
  const waitIn = async (deptId: bigint, queueId: bigint, secondsAgo: number, opts: Partial<ActivityOptions> = {}) =>
    (await insertActivity(t.db, { customer: w.customer, departmentId: deptId, queueId, now: new Date(Date.now() - secondsAgo * 1000), ...opts })).id;

  it('assigns the caller’s next waiting activities: priority first, then the oldest, up to maxActivitiesToPull; then 204', async () => {
    const p = await pullWorld();
    await t.db.prisma.user.update({ where: { id: p.user.id }, data: { maxActivitiesToPull: 2 } });
    const newest = await waitIn(p.dept.id, p.direct.id, 10);
    const oldest = await waitIn(p.dept.id, p.viaGroup.id, 300);
    const urgent = await waitIn(p.dept.id, p.direct.id, 5);
    await t.db.prisma.activity.update({ where: { id: urgent }, data: { priority: 9 } });
    const ignored = [
      await waitIn(p.dept.id, p.inactive.id, 900),
      await waitIn(p.dept.id, p.notMine.id, 900),
      await waitIn(p.dept.id, p.direct.id, 900, { type: 'chat' }),
      await waitIn(p.dept.id, p.direct.id, 900, { type: 'calltrack' }),
    ];
    const body = ok<{ activity: { id: string; link: { rel: string; href: string } }[] }>(await call(t.app, p.who, 'PUT', `${URL}/pull`));
    expect(body.activity).toEqual([urgent, oldest].map((id) => ({ id: String(id), link: { rel: 'self', href: `${URL}/${id}` } })));
    for (const id of [urgent, oldest]) {
      const a = await row(id);
      expect([a.status, a.substatus, a.assignedUserId, a.userLastWorkedId, a.lastModifiedById]).toEqual(['assigned', 'in_progress', p.user.id, p.user.id, p.user.id]);
      expect((await caseOf(id)).ownerId).toBe(p.user.id);
    }
    // A body, if sent, is ignored; XML answer with id and link only.
    const xml = xmlOf(await call(t.app, p.who, 'PUT', `${URL}/pull`, { fmt: 'xml', body: { anything: true } }));
    expect(xml.name).toBe(`{${ACT}}activities`);
    expect(xml.children).toHaveLength(1);
    expect(xml.children[0]!.attrs.id).toBe(String(newest));
    expect(xml.children[0]!.children.map((c) => c.name)).toEqual([`{${ACT}}link`]);
    noContent(await call(t.app, p.who, 'PUT', `${URL}/pull`));
    noContent(await call(t.app, p.who, 'PUT', `${URL}/pull`, { fmt: 'xml' }), 'xml');
    for (const id of ignored) expect((await row(id)).assignedUserId).toBeNull();
  });

  it('takes one activity by default (maxActivitiesToPull 1)', async () => {
    const p = await pullWorld();
    const a = await waitIn(p.dept.id, p.direct.id, 20);
    const b = await waitIn(p.dept.id, p.direct.id, 10);
    expect(ok<{ activity: { id: string }[] }>(await call(t.app, p.who, 'PUT', `${URL}/pull`)).activity.map((x) => x.id)).toEqual([String(a)]);
    expect((await row(b)).status).toBe('awaiting_assignment');
  });

  it('never hands one activity to two users pulling at the same time', async () => {
    const p = await pullWorld();
    const second = await createUser(t.db, { roles: ['supervisor'], departmentId: p.dept.id });
    await t.db.prisma.queueMemberUser.create({ data: { queueId: p.direct.id, userId: second.id } });
    await t.db.prisma.user.updateMany({ where: { id: { in: [p.user.id, second.id] } }, data: { maxActivitiesToPull: 3 } });
    const other = { headers: { 'x-egain-session': (await login(t.app, second.loginId)).sessionId } };
    const waiting: bigint[] = [];
    for (let i = 0; i < 10; i++) waiting.push(await waitIn(p.dept.id, p.direct.id, 100 - i));
    const pulled: { who: bigint; id: string }[] = [];
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([p.who, other, p.who, other].map((who) => call(t.app, who, 'PUT', `${URL}/pull`)));
      answers.forEach((res, i) => {
        if (res.statusCode === 204) return;
        const who = i % 2 === 0 ? p.user.id : second.id;
        for (const a of ok<{ activity: { id: string }[] }>(res).activity) pulled.push({ who, id: a.id });
      });
    }
    const ids = pulled.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(waiting.map(String).sort());
    for (const x of pulled) expect((await row(x.id)).assignedUserId).toBe(x.who);
  });

  it('403-197 for a customer session', async () => {
    const session = await customerSession(t, w.admin);
    expectError(await call(t.app, session, 'PUT', `${URL}/pull`, { fmt: 'xml' }), '403-197', { format: 'xml' });
  });
});
