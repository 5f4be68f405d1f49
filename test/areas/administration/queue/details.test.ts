// Live queue figures (07 §7.2) from real activity, membership and session rows, at a fixed clock.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createUser } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { call, ok, session, unique, xmlOf, type Session } from '../department/support.ts';
import { activityRow, assignmentLine, caseRow, dept, groupRow, QUE, QUEUE_URL as URL, queueRow } from './support.ts';

/** The instant of the 07 §7.2 example's `callInfo.timestamp`. */
const NOW = new Date('2024-05-02T10:01:35.123Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const MIN = 60_000;

let t: TestApp;
let admin: Session;
let supervisor: Session;
let agent: Session;

beforeAll(async () => {
  t = await getTestApp({}, [], { clock: () => NOW });
  admin = await session(t.app, t.db, ['administrator']);
  supervisor = await session(t.app, t.db, ['supervisor']);
  agent = await session(t.app, t.db, ['agent']);
});
afterAll(async () => t?.close());

/** A staff session row of `userId` (live unless `ended` or idle beyond the 30-minute default). */
async function sessionRow(userId: bigint, opts: { lastSeenAt?: Date; createdAt?: Date; endedAt?: Date } = {}) {
  await t.db.prisma.session.create({
    data: { idHash: randomBytes(32), kind: 'user', userId, createdAt: opts.createdAt ?? ago(10 * MIN), lastSeenAt: opts.lastSeenAt ?? ago(MIN), endedAt: opts.endedAt ?? null },
  });
}

type Details = {
  queue: { id: string; name: string; link: { rel: string; href: string } };
  activitiesWaiting: { total: number; chat: number; email: number };
  oldestWaiting?: { activity: { id: string; link: { rel: string; href: string } }; since: string; seconds: number };
  activitiesAssigned: { total: number; chat: number; email: number };
  agents: { members: number; loggedIn: number; availableForChat: number; availableForEmail: number };
  chatCapacity: { availableSlots: number };
  estimatedWaitSeconds: number;
  callInfo: { timestamp: string };
};

const details = async (ids: string, who: Session = admin) => ok<{ queueDetails: Details[] }>(await call(t.app, who, 'GET', `${URL}/${ids}/details`)).queueDetails;

describe('queue details (07 §7.2)', () => {
  /**
   * The figures of the 07 §7.2 example: 3 chats waiting (the oldest since 10:00:00.000, 95 s), 4 chats assigned,
   * 12 effective members of whom 5 are logged in and 2 available for chat (both at full load: 0 slots), and chats
   * assigned in the last hour after 140 s on average.
   */
  it('answers the 07 §7.2 example in JSON and XML', async () => {
    const d = await dept(t.db);
    const kase = await caseRow(t.db, d.id);
    const q = await queueRow(t.db, d.id, { name: unique('Chat Support ') });
    const other = await queueRow(t.db, d.id);

    // 12 effective members: 6 listed directly, 6 more through two groups (one user in both ways counts once);
    // a disabled member and a disabled group member are not effective.
    const users = [];
    for (let i = 0; i < 12; i++) users.push(await createUser(t.db, { departmentId: d.id }));
    const disabled = await createUser(t.db, { departmentId: d.id, state: 'disabled' });
    const disabledInGroup = await createUser(t.db, { departmentId: d.id, state: 'disabled' });
    const g1 = await groupRow(t.db, d.id, [users[6]!.id, users[7]!.id, users[8]!.id, users[0]!.id]);
    const g2 = await groupRow(t.db, d.id, [users[9]!.id, users[10]!.id, users[11]!.id, disabledInGroup.id]);
    await t.db.prisma.queueMemberUser.createMany({ data: [...users.slice(0, 6).map((u) => u.id), disabled.id].map((userId) => ({ queueId: q.id, userId })) });
    await t.db.prisma.queueMemberGroup.createMany({ data: [g1.id, g2.id].map((groupId) => ({ queueId: q.id, groupId })) });

    // Logged in: users 0–4 (user 0 with two sessions). Not logged in: an ended session, an idle one, an old one.
    const [a, b, c, e, f] = users;
    for (const u of [a!, a!, b!, c!, e!, f!]) await sessionRow(u.id);
    await sessionRow(users[5]!.id, { endedAt: ago(MIN) });
    await sessionRow(users[6]!.id, { lastSeenAt: ago(31 * MIN) });
    await sessionRow(users[7]!.id, { createdAt: ago(721 * MIN), lastSeenAt: ago(MIN) });
    await sessionRow(disabled.id);
    // Available for chat: a and b (2 chats each: no capacity left). c has chat on but maxLoad 0; e is available
    // for email with maxLoad 0; users 8 and 9 are available but not logged in.
    await t.db.prisma.user.updateMany({ where: { id: { in: [a!.id, b!.id] } }, data: { availableChat: true, maxLoadChat: 2 } });
    await t.db.prisma.user.update({ where: { id: c!.id }, data: { availableChat: true, maxLoadChat: 0 } });
    await t.db.prisma.user.update({ where: { id: e!.id }, data: { availableEmail: true, maxLoadEmail: 0 } });
    await t.db.prisma.user.updateMany({ where: { id: { in: [users[8]!.id, users[9]!.id] } }, data: { availableChat: true, availableEmail: true } });

    // Waiting: three chats; the oldest entered the queue at 10:00:00.000. Not counted: another queue's, open ones.
    const oldest = await activityRow(t.db, kase, { queueId: q.id, status: 'awaiting_assignment', queueEnteredAt: new Date('2024-05-02T10:00:00.000Z') });
    await activityRow(t.db, kase, { queueId: q.id, status: 'awaiting_assignment', queueEnteredAt: new Date('2024-05-02T10:00:30.000Z') });
    await activityRow(t.db, kase, { queueId: q.id, status: 'awaiting_assignment', queueEnteredAt: new Date('2024-05-02T10:00:00.000Z') });
    await activityRow(t.db, kase, { queueId: other.id, status: 'awaiting_assignment', queueEnteredAt: new Date('2024-05-02T09:00:00.000Z') });
    await activityRow(t.db, kase, { queueId: q.id, type: 'email', status: 'open' });

    // Assigned: four chats (a and b, two each), each assigned after 140 s; two completed chats waited 100 s and 180 s.
    for (const [i, u] of [a!, a!, b!, b!].entries()) {
      const act = await activityRow(t.db, kase, { queueId: q.id, status: 'assigned', assignedUserId: u.id, queueEnteredAt: ago((10 + i) * MIN), lastModifiedAt: ago(MIN) });
      await assignmentLine(t.db, act.id, new Date(ago((10 + i) * MIN).getTime() + 140_000));
    }
    for (const wait of [100, 180]) {
      const act = await activityRow(t.db, kase, { queueId: q.id, status: 'completed', assignedUserId: a!.id, queueEnteredAt: ago(30 * MIN), lastModifiedAt: ago(5 * MIN) });
      // A line from an earlier queue (before the queue entry) and a later transfer line do not count.
      await assignmentLine(t.db, act.id, ago(40 * MIN), 1);
      await assignmentLine(t.db, act.id, new Date(ago(30 * MIN).getTime() + wait * 1000), 2);
      await assignmentLine(t.db, act.id, ago(6 * MIN), 3);
    }
    // Not recent: assigned 61 minutes ago after 1,000 s. Not a chat: an email assigned to e.
    const old = await activityRow(t.db, kase, { queueId: q.id, status: 'completed', assignedUserId: a!.id, queueEnteredAt: ago(80 * MIN), lastModifiedAt: ago(50 * MIN) });
    await assignmentLine(t.db, old.id, ago(61 * MIN));
    await activityRow(t.db, kase, { queueId: other.id, type: 'email', status: 'assigned', assignedUserId: e!.id });

    const href = `${URL}/${q.id}`;
    const body = ok(await call(t.app, admin, 'GET', `${href}/details`));
    expect(body).toEqual({
      queueDetails: [
        {
          queue: { id: String(q.id), name: q.name, link: { rel: 'queue', href } },
          activitiesWaiting: { total: 3, chat: 3, email: 0 },
          oldestWaiting: {
            activity: { id: String(oldest.id), link: { rel: 'activity', href: `/system/ws/v12/interaction/activity/${oldest.id}` } },
            since: '2024-05-02T10:00:00.000Z',
            seconds: 95,
          },
          activitiesAssigned: { total: 4, chat: 4, email: 0 },
          agents: { members: 12, loggedIn: 5, availableForChat: 2, availableForEmail: 0 },
          chatCapacity: { availableSlots: 0 },
          estimatedWaitSeconds: 140,
          callInfo: { timestamp: '2024-05-02T10:01:35.123Z' },
        },
      ],
    });

    // The XML example, with the activity link the field table (and the JSON example) gives `oldestWaiting.activity`.
    const xml = `<queueDetailsList xmlns="${QUE}">
  <queueDetails>
    <queue id="${q.id}"><name>${q.name}</name><link rel="queue" href="${href}"/></queue>
    <activitiesWaiting><total>3</total><chat>3</chat><email>0</email></activitiesWaiting>
    <oldestWaiting><activity id="${oldest.id}"><link rel="activity" href="/system/ws/v12/interaction/activity/${oldest.id}"/></activity><since>2024-05-02T10:00:00.000Z</since><seconds>95</seconds></oldestWaiting>
    <activitiesAssigned><total>4</total><chat>4</chat><email>0</email></activitiesAssigned>
    <agents><members>12</members><loggedIn>5</loggedIn><availableForChat>2</availableForChat><availableForEmail>0</availableForEmail></agents>
    <chatCapacity><availableSlots>0</availableSlots></chatCapacity>
    <estimatedWaitSeconds>140</estimatedWaitSeconds>
    <callInfo><timestamp>2024-05-02T10:01:35.123Z</timestamp></callInfo>
  </queueDetails>
</queueDetailsList>`;
    expect(xmlOf(await call(t.app, supervisor, 'GET', `${href}/details`, { fmt: 'xml' }))).toEqual(canonicalXml(xml));

    // Freeing a's load gives slots (2 − 0) and, with 3 chats waiting ≥ 2 slots, the average still applies.
    await t.db.prisma.activity.updateMany({ where: { assignedUserId: a!.id, status: 'assigned' }, data: { status: 'completed', substatus: 'done' } });
    const [freed] = await details(String(q.id));
    expect(freed!.chatCapacity).toEqual({ availableSlots: 2 });
    expect(freed!.activitiesAssigned).toEqual({ total: 2, chat: 2, email: 0 });
    expect(freed!.estimatedWaitSeconds).toBe(140);
    // More slots than waiting chats: 0 (08 §3.5).
    await t.db.prisma.user.update({ where: { id: a!.id }, data: { maxLoadChat: 5 } });
    expect((await details(String(q.id)))[0]!.estimatedWaitSeconds).toBe(0);
  });

  it('answers several queues in the order of the ids with all-zero figures, no oldestWaiting and −1 for an idle queue', async () => {
    const d = await dept(t.db);
    const kase = await caseRow(t.db, d.id);
    const u = await createUser(t.db, { departmentId: d.id });
    await t.db.prisma.user.update({ where: { id: u.id }, data: { availableChat: true, availableEmail: true, maxLoadChat: 3 } });
    await sessionRow(u.id);
    const busy = await queueRow(t.db, d.id, { channels: ['email', 'chat'], users: [u.id] });
    const idle = await queueRow(t.db, d.id, { state: 'inactive' });
    await activityRow(t.db, kase, { queueId: busy.id, type: 'email', status: 'awaiting_assignment', queueEnteredAt: ago(10_000) });
    await activityRow(t.db, kase, { queueId: busy.id, type: 'task', status: 'awaiting_assignment', queueEnteredAt: ago(20_000) });
    await activityRow(t.db, kase, { queueId: busy.id, type: 'email', status: 'assigned', assignedUserId: u.id });
    await activityRow(t.db, kase, { queueId: busy.id, type: 'chat', status: 'assigned', assignedUserId: u.id });

    const [first, second] = await details(`${idle.id},${busy.id}`, supervisor);
    expect(first).toEqual({
      queue: { id: String(idle.id), name: idle.name, link: { rel: 'queue', href: `${URL}/${idle.id}` } },
      activitiesWaiting: { total: 0, chat: 0, email: 0 },
      activitiesAssigned: { total: 0, chat: 0, email: 0 },
      agents: { members: 0, loggedIn: 0, availableForChat: 0, availableForEmail: 0 },
      chatCapacity: { availableSlots: 0 },
      estimatedWaitSeconds: -1,
      callInfo: { timestamp: NOW.toISOString() },
    });
    expect(second).toMatchObject({
      activitiesWaiting: { total: 2, chat: 0, email: 1 },
      oldestWaiting: { since: ago(20_000).toISOString(), seconds: 20 },
      activitiesAssigned: { total: 2, chat: 1, email: 1 },
      agents: { members: 1, loggedIn: 1, availableForChat: 1, availableForEmail: 1 },
      chatCapacity: { availableSlots: 2 },
      estimatedWaitSeconds: 0,
    });
  });

  it('is for administrators and supervisors only (403-197 for agents, before existence)', async () => {
    const q = await queueRow(t.db, (await dept(t.db)).id);
    expectError(await call(t.app, agent, 'GET', `${URL}/${q.id}/details`), '403-197', { format: 'json' });
    expectError(await call(t.app, agent, 'GET', `${URL}/999999999/details`, { fmt: 'xml' }), '403-197');
    expect((await details(String(q.id), supervisor))[0]!.queue.id).toBe(String(q.id));
  });

  it('refuses unknown ids (404-101), bad ids (400-102), 76 ids (400-160) and any query parameter (400-101)', async () => {
    const q = await queueRow(t.db, (await dept(t.db)).id);
    expectError(await call(t.app, admin, 'GET', `${URL}/${q.id},999999991/details`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: '999999991' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/abc/details`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'abc' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join(',');
    expectError(await call(t.app, admin, 'GET', `${URL}/${many}/details`), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${q.id}/details?$attribute=all`), '400-101', { format: 'json', details: [{ key: '$attribute', value: 'all' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/${q.id}/details?$pagesize=5`), '400-101', { format: 'json', details: [{ key: '$pagesize', value: '5' }] });
  });
});
