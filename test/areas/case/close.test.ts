// K4 — close case (04 §3.3, §7.4): open emails/social/tasks are completed (T13), the case closes, all in one
// transaction; an open chat or call track → 409-102 and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError } from '../../conformance/support.ts';
import { insertActivity, insertCase, insertQueue } from '../../helpers/interaction.ts';
import { CASE, call, customerSession, noContent, readCase, world, type World } from './support.ts';

let t: TestApp;
let w: World;
let queueId: bigint;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  queueId = (await insertQueue(t.db, w.dept.id)).id;
});
afterAll(async () => t?.close());

const close = (who: { headers: Record<string, string> }, id: string | bigint, body?: unknown) =>
  call(t.app, who, 'PUT', `${CASE}/${id}/close`, body === undefined ? {} : { body });
const activities = (caseId: bigint) => t.db.prisma.activity.findMany({ where: { caseId }, orderBy: { id: 'asc' } });

describe('K4 close', () => {
  it('completes open emails (queued, assigned, open) and tasks, keeps completed ones, closes the case with lastClosed', async () => {
    const first = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, queueId });
    const caseId = first.caseId;
    await insertActivity(t.db, { customer: w.customer, caseId, assignedUserId: w.agent.user.id });
    await insertActivity(t.db, { customer: w.customer, caseId });
    await insertActivity(t.db, { customer: w.customer, caseId, type: 'task', queueId });
    const done = await insertActivity(t.db, { customer: w.customer, caseId, status: 'completed', assignedUserId: w.agent.user.id });
    const doneBefore = await t.db.prisma.activity.findUniqueOrThrow({ where: { id: done.id } });
    noContent(await close(w.supervisor, caseId));
    const after = await activities(caseId);
    for (const a of after) {
      expect([a.status, a.substatus]).toEqual(['completed', 'done']);
      expect(a.completedAt).not.toBeNull();
    }
    const changed = after.filter((a) => a.id !== done.id);
    for (const a of changed) {
      expect(a.completedById).toBe(w.supervisor.user.id);
      expect(a.userLastWorkedId).toBe(w.supervisor.user.id);
      expect(a.lastModifiedById).toBe(w.supervisor.user.id);
    }
    // The queue and assignee stay (05 §4.2: queue keeps the last queue).
    expect(changed[0]!.queueId).toBe(queueId);
    expect(changed[1]!.assignedUserId).toBe(w.agent.user.id);
    expect(after.find((a) => a.id === done.id)).toEqual(doneBefore);
    const c = await readCase(t, w.agent, String(caseId), 'lastClosed');
    expect(c.status.value).toBe('closed');
    expect(c.lastClosed?.user).toEqual(w.supervisor.ref);
    expect(c.lastClosed?.date).toBe(c.lastModified.date);
    expect(c.lastModified.user).toEqual(w.supervisor.ref);
  });

  it('a case without activities closes too; the body may carry the current lastModified', async () => {
    const id = await insertCase(t.db, { departmentId: w.dept.id, customerId: w.customer.id });
    const c = await readCase(t, w.agent, String(id), '');
    noContent(await close(w.agent, id, { lastModified: { date: c.lastModified.date }, subject: 'ignored' }));
    const after = await readCase(t, w.agent, String(id), '');
    expect(after.status.value).toBe('closed');
    expect(after.subject).toBe(c.subject);
  });

  it('XML body <case><lastModified date/></case>', async () => {
    const id = await insertCase(t.db, { departmentId: w.dept.id, customerId: w.customer.id });
    const c = await readCase(t, w.agent, String(id), '');
    noContent(await call(t.app, w.agent, 'PUT', `${CASE}/${id}/close`, { xml: `<case><lastModified date="${c.lastModified.date}"/></case>` }));
    expect((await readCase(t, w.agent, String(id), '')).status.value).toBe('closed');
  });

  // 04 §7.4: the body is optional, so a request that announces one and sends nothing is the "none" form, not a
  // missing body (400-150 is for an empty body where one is required, 01 §3.1 rule 4).
  it.each([
    ['application/json', ''],
    ['application/xml', ''],
    ['text/xml', ''],
    ['application/json; charset=utf-8', ' \r\n'],
    ['text/plain', ''],
  ])('Content-Type %s with a blank body → 204, the case closes', async (type, payload) => {
    const id = await insertCase(t.db, { departmentId: w.dept.id, customerId: w.customer.id });
    const res = await t.app.inject({ method: 'PUT', url: `${CASE}/${id}/close`, headers: { ...w.agent.headers, accept: 'application/json', 'content-type': type }, payload });
    noContent(res);
    expect((await readCase(t, w.agent, String(id), '')).status.value).toBe('closed');
  });

  it('a body that is not blank is still read: malformed → 400-150, an unsupported type → 415-100, case left open', async () => {
    const id = await insertCase(t.db, { departmentId: w.dept.id, customerId: w.customer.id });
    const put = (type: string, payload: string) =>
      t.app.inject({ method: 'PUT', url: `${CASE}/${id}/close`, headers: { ...w.agent.headers, accept: 'application/json', 'content-type': type }, payload });
    expectError(await put('application/json', '{'), '400-150', { format: 'json' });
    expectError(await put('application/xml', ' <case>'), '400-150', { format: 'json' });
    expectError(await put('text/plain', 'close it'), '415-100', { format: 'json' });
    expect((await readCase(t, w.agent, String(id), '')).status.value).toBe('open');
  });

  it('K5, whose body is required, still answers 400-150 to a blank body', async () => {
    const id = await insertCase(t.db, { departmentId: w.dept.id, customerId: w.customer.id });
    for (const type of ['application/json', 'application/xml']) {
      const res = await t.app.inject({ method: 'PUT', url: `${CASE}/${id}/changecustomer`, headers: { ...w.agent.headers, accept: 'application/json', 'content-type': type }, payload: '' });
      expectError(res, '400-150', { format: 'json' });
    }
  });

  for (const type of ['chat', 'calltrack'] as const) {
    it(`an open ${type} → 409-102 and nothing changes`, async () => {
      const email = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, queueId });
      await insertActivity(t.db, { customer: w.customer, caseId: email.caseId, type, queueId });
      const before = await activities(email.caseId);
      const caseBefore = await t.db.prisma.case.findUniqueOrThrow({ where: { id: email.caseId } });
      expectError(await close(w.agent, email.caseId), '409-102', { format: 'json', details: [{ key: 'id', value: String(email.caseId) }] });
      expect(await activities(email.caseId)).toEqual(before);
      expect(await t.db.prisma.case.findUniqueOrThrow({ where: { id: email.caseId } })).toEqual(caseBefore);
    });
  }

  it('409-102 already closed; 409-101 stale lastModified (nothing changed); 404-101 unknown or invisible; 403-197 customer', async () => {
    const closed = await insertCase(t.db, { departmentId: w.dept.id, customerId: w.customer.id, status: 'closed' });
    expectError(await close(w.agent, closed), '409-102', { format: 'json' });
    const email = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, queueId });
    expectError(await close(w.agent, email.caseId, { lastModified: { date: '2020-01-01T00:00:00.000Z' } }), '409-101', { format: 'json' });
    expect((await t.db.prisma.activity.findUniqueOrThrow({ where: { id: email.id } })).status).toBe('awaiting_assignment');
    expectError(await close(w.agent, 99999999n), '404-101', { format: 'json', details: [{ key: 'id', value: '99999999' }] });
    const other = await world(t);
    expectError(await close(other.agent, email.caseId), '404-101', { format: 'json' });
    const session = await customerSession(t, w.admin);
    expectError(await close(session, email.caseId), '403-197', { format: 'json' });
    expectError(await close(w.agent, 'x'), '400-102', { format: 'json' });
  });
});
