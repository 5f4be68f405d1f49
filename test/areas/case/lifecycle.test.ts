// The case side of the life cycle (04 §3.1, §3.2), called directly as the activity endpoints will: new case
// defaults, owner on assignment, reopen, auto-close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { assignOwnerIfNone, autoCloseIfNoOpenActivity, createCaseFor, reopen } from '../../../src/areas/case/case.lifecycle.ts';
import { insertActivity, insertQueue } from '../../helpers/interaction.ts';
import { readCase, world, type World } from './support.ts';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

const row = (id: bigint) => t.db.prisma.case.findUniqueOrThrow({ where: { id } });

describe('createCaseFor (04 §3.1)', () => {
  it('open, department/customer/subject/channel of the activity, medium, no owner, created = lastModified = now by the caller', async () => {
    const now = new Date('2030-05-06T07:08:09.010Z');
    const id = await t.db.prisma.$transaction((tx) =>
      createCaseFor(tx, { departmentId: w.dept.id, customerId: w.customer.id, subject: 'Where is my order', type: 'chat' }, w.agent.user.id, now),
    );
    expect(id).toBeGreaterThanOrEqual(1000000n);
    const c = await readCase(t, w.agent, String(id));
    expect(c).toMatchObject({
      status: { value: 'open' },
      severity: { value: 'medium' },
      subject: 'Where is my order',
      customer: { id: String(w.customer.id) },
      department: { id: String(w.dept.id) },
      owner: {},
      originatingChannel: { value: 'chat' },
      created: { date: now.toISOString(), user: w.agent.ref },
      lastModified: { date: now.toISOString(), user: w.agent.ref },
    });
    expect(c.dueDate).toBeUndefined();
    expect(c.description).toBeUndefined();
    expect(c.lastClosed).toBeUndefined();
    const noSubject = await createCaseFor(t.db.prisma, { departmentId: w.dept.id, customerId: w.customer.id, type: 'email' }, null, now);
    expect((await row(noSubject)).subject).toBe('');
    expect((await row(noSubject)).createdById).toBeNull();
  });
});

describe('assignOwnerIfNone, reopen, autoCloseIfNoOpenActivity (04 §3.2)', () => {
  it('assignOwnerIfNone sets the owner only when there is none, bumping lastModified', async () => {
    const a = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id });
    const before = await row(a.caseId);
    const now = new Date(before.lastModifiedAt.getTime() - 5000); // earlier than stored: previous + 1 ms wins
    expect(await assignOwnerIfNone(t.db.prisma, a.caseId, w.agent.user.id, now, w.supervisor.user.id)).toBe(true);
    const after = await row(a.caseId);
    expect(after.ownerId).toBe(w.agent.user.id);
    expect(after.lastModifiedAt.getTime()).toBe(before.lastModifiedAt.getTime() + 1);
    expect(after.lastModifiedById).toBe(w.supervisor.user.id);
    expect(await assignOwnerIfNone(t.db.prisma, a.caseId, w.supervisor.user.id, new Date())).toBe(false);
    expect((await row(a.caseId)).ownerId).toBe(w.agent.user.id);
  });

  it('the factory applies it: an activity assigned in a case without owner makes its user the owner', async () => {
    const a = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, assignedUserId: w.agent.user.id });
    expect((await row(a.caseId)).ownerId).toBe(w.agent.user.id);
    expect([a.status, a.substatus]).toEqual(['assigned', 'in_progress']);
  });

  it('autoClose closes an open case left without open activity, with lastClosed now by the caller; not while one is open', async () => {
    const queue = await insertQueue(t.db, w.dept.id);
    const a = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, queueId: queue.id });
    const b = await insertActivity(t.db, { customer: w.customer, caseId: a.caseId, queueId: queue.id });
    const now = new Date();
    expect(await autoCloseIfNoOpenActivity(t.db.prisma, a.caseId, now, w.agent.user.id)).toBe(false);
    await t.db.prisma.activity.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { status: 'completed', substatus: 'done', completedAt: now } });
    expect(await t.db.prisma.$transaction((tx) => autoCloseIfNoOpenActivity(tx, a.caseId, now, w.agent.user.id))).toBe(true);
    const c = await row(a.caseId);
    expect(c.status).toBe('closed');
    expect(c.lastClosedAt?.getTime()).toBe(now.getTime());
    expect(c.lastClosedById).toBe(w.agent.user.id);
    expect(await autoCloseIfNoOpenActivity(t.db.prisma, a.caseId, new Date(), null)).toBe(false);
  });

  it('the factory applies it: a completed activity alone leaves its case closed', async () => {
    const a = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, status: 'completed', assignedUserId: w.agent.user.id });
    expect((await row(a.caseId)).status).toBe('closed');
  });

  it('reopen opens a closed case and keeps lastClosed; an open case is unchanged', async () => {
    const a = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, status: 'completed', assignedUserId: w.agent.user.id });
    const closed = await row(a.caseId);
    expect(await reopen(t.db.prisma, a.caseId, new Date(), w.agent.user.id)).toBe(true);
    const opened = await row(a.caseId);
    expect(opened.status).toBe('open');
    expect(opened.lastClosedAt).toEqual(closed.lastClosedAt);
    expect(opened.lastModifiedAt.getTime()).toBeGreaterThan(closed.lastModifiedAt.getTime());
    expect(await reopen(t.db.prisma, a.caseId, new Date(), null)).toBe(false);
    // The factory: an open activity joining a closed case reopens it.
    await t.db.prisma.case.update({ where: { id: a.caseId }, data: { status: 'closed' } });
    await insertActivity(t.db, { customer: w.customer, caseId: a.caseId });
    expect((await row(a.caseId)).status).toBe('open');
  });
});
