// Two agents acting on the same activity at the same moment (05 §4.2, 03 §2.5): the writes serialise on the row
// locks, each applies fully after the other or gets the documented 409, and exactly one assignee remains.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { insertActivity, insertQueue } from '../../helpers/interaction.ts';
import { call, staff, world, type Staff, type World } from '../case/support.ts';

const URL = '/system/ws/v12/interaction/activity';
let t: TestApp;
let w: World;
let second: Staff;
let queue: { id: bigint };

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  second = await staff(t, ['agent'], { departmentId: w.dept.id });
  queue = await insertQueue(t.db, w.dept.id);
});
afterAll(async () => t?.close());

const waiting = async () => (await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, queueId: queue.id })).id;
const body = (id: bigint, lastModified?: Date) => ({ activity: [{ id: String(id), ...(lastModified ? { lastModified: { date: lastModified.toISOString() } } : {}) }] });
const row = (id: bigint) => t.db.prisma.activity.findUniqueOrThrow({ where: { id } });

describe('concurrent picks and transfers', () => {
  it('two picks of one activity: both apply one after the other, the later picker holds it, lastModified moved twice', async () => {
    const id = await waiting();
    const before = await row(id);
    const [a, b] = await Promise.all([call(t.app, w.agent, 'PUT', `${URL}/pick`, { body: body(id) }), call(t.app, second, 'PUT', `${URL}/pick`, { body: body(id) })]);
    expect([a.statusCode, b.statusCode]).toEqual([204, 204]);
    const after = await row(id);
    expect(after.status).toBe('assigned');
    expect([w.agent.user.id, second.user.id]).toContain(after.assignedUserId);
    expect(after.lastModifiedAt.getTime()).toBeGreaterThanOrEqual(before.lastModifiedAt.getTime() + 2);
  });

  it('two picks carrying the same lastModified: one 204, the other 409-101, one assignee', async () => {
    const id = await waiting();
    const token = (await row(id)).lastModifiedAt;
    const results = await Promise.all([
      call(t.app, w.agent, 'PUT', `${URL}/pick`, { body: body(id, token) }),
      call(t.app, second, 'PUT', `${URL}/pick`, { body: body(id, token) }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([204, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('409-101');
    const winner = results[0]!.statusCode === 204 ? w.agent : second;
    expect((await row(id)).assignedUserId).toBe(winner.user.id);
  });

  it('a transfer to a user and a transfer to the queue at once end in one of the two outcomes, never a mix', async () => {
    const id = await waiting();
    const [toUser, toQueue] = await Promise.all([
      call(t.app, w.agent, 'PUT', `${URL}/transfer?user=${second.user.id}`, { body: body(id) }),
      call(t.app, second, 'PUT', `${URL}/transfer?queue=${queue.id}`, { body: body(id) }),
    ]);
    const after = await row(id);
    // The queue transfer may find it already in that queue (409-102) or apply after the user transfer.
    expect(toUser.statusCode).toBe(204);
    expect([204, 409]).toContain(toQueue.statusCode);
    if (after.status === 'assigned') expect(after.assignedUserId).toBe(second.user.id);
    else expect([after.status, after.substatus, after.assignedUserId, after.queueId]).toEqual(['awaiting_assignment', 'in_queue', null, queue.id]);
  });
});
