// Activity moves and status calls racing other writes on the same activity or case (05 §9.7–§9.11, 04 §3, §7.4).
// Every pair serialises on the row locks (cases first, then activities: activity.write.ts); whichever runs first
// applies in full, the other applies after it or answers its documented 409, and the rows never show a mix: no open
// activity in a closed case, no half-moved activity, status counts (case.counts.ts) equal to the rows. Each race is
// run several rounds, since either order may win; every round checks the outcome of the order that did win.
// A write that finds its activity moved while it waited must lock again in id order, never out of order (a three-way
// race used to deadlock there and answer 500).
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { insertActivity, insertCase, insertCustomer, insertQueue, type TestCustomer } from '../../helpers/interaction.ts';
import { caseCount } from '../../../src/areas/case/case.counts.ts';
import { CASE, call, staff, world, type Staff, type World } from '../case/support.ts';

const URL = '/system/ws/v12/interaction/activity';
const ROUNDS = 5;
let t: TestApp;
let w: World;
let second: Staff;
let queue: { id: bigint };
let bob: TestCustomer;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  second = await staff(t, ['agent'], { departmentId: w.dept.id });
  queue = await insertQueue(t.db, w.dept.id);
  bob = await insertCustomer(t.db, { departmentId: w.dept.id, firstName: 'Bob', lastName: 'Ray' });
});
afterAll(async () => t?.close());

const past = () => new Date(Date.now() - 60_000);
const act = (id: bigint) => t.db.prisma.activity.findUniqueOrThrow({ where: { id } });
const kase = (id: bigint) => t.db.prisma.case.findUniqueOrThrow({ where: { id } });
const code = (res: LightMyRequestResponse) => (res.json() as { code: string }).code;
const statusAndCode = (res: LightMyRequestResponse) => (res.statusCode < 300 ? res.statusCode : `${res.statusCode}/${code(res)}`);
const token = (d: Date) => ({ lastModified: { date: d.toISOString() } });

const changeCase = (who: Staff, id: bigint, body: unknown) => call(t.app, who, 'PUT', `${URL}/${id}/changecase`, { body });
const closeCase = (who: Staff, id: bigint) => call(t.app, who, 'PUT', `${CASE}/${id}/close`);

/** An open case of `customer` with one waiting activity of `type`, both modified a minute ago. */
async function caseWith(customer: TestCustomer = w.customer, type: 'email' | 'chat' = 'email') {
  const now = past();
  const caseId = await insertCase(t.db, { departmentId: w.dept.id, customerId: customer.id, subject: 'Issue', now });
  const a = await insertActivity(t.db, { customer, caseId, type, queueId: queue.id, subject: 'Issue', now });
  return { caseId, activity: a.id };
}

/** 04 §3: a closed case holds no open activity. Also: each status count of the department equals its rows. */
async function coherent(...caseIds: bigint[]) {
  for (const id of caseIds) {
    const c = await kase(id);
    const open = await t.db.prisma.activity.count({ where: { caseId: id, status: { not: 'completed' } } });
    if (c.status === 'closed') expect(open, `closed case ${id} holds open activities`).toBe(0);
    else expect(c.status).toBe('open');
  }
  for (const status of ['open', 'closed']) {
    const counted = await caseCount(t.db.prisma, status, new Set([w.dept.id]));
    expect(counted, `case_count ${status}`).toBe(await t.db.prisma.case.count({ where: { status, departmentId: w.dept.id } }));
  }
}

describe('V9 change case racing K4 close case', () => {
  it('moving the only activity of A to B while A is closed: move then 409-102 on close, or close then 409-102 on move', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < ROUNDS; i++) {
      const a = await caseWith();
      const b = await caseWith();
      const [move, close] = await Promise.all([changeCase(w.agent, a.activity, { id: String(b.caseId) }), closeCase(second, a.caseId)]);
      const row = await act(a.activity);
      if (move.statusCode === 204) {
        // Moved first: A was left without an open activity and auto-closed (04 §3.2), so K4 found it closed.
        seen.add('move first');
        expect([close.statusCode, code(close)]).toEqual([409, '409-102']);
        expect([row.caseId, row.status, row.substatus, row.completedAt]).toEqual([b.caseId, 'awaiting_assignment', 'in_queue', null]);
        expect((await kase(a.caseId)).lastClosedById).toBe(w.agent.user.id);
      } else {
        // Closed first: K4 completed the activity (T13), so V9 found it completed.
        seen.add('close first');
        expect([statusAndCode(move), close.statusCode]).toEqual(['409/409-102', 204]);
        expect([row.caseId, row.status, row.substatus, row.completedById]).toEqual([a.caseId, 'completed', 'done', second.user.id]);
        expect(row.completedAt).not.toBeNull();
        expect((await kase(a.caseId)).lastClosedById).toBe(second.user.id);
      }
      expect((await kase(a.caseId)).status).toBe('closed');
      expect((await kase(b.caseId)).status).toBe('open');
      await coherent(a.caseId, b.caseId);
    }
    expect(seen.size).toBeGreaterThan(0);
  });

  it('moving to a new case while the source is closed: 201 with the case then 409-102, or 204 then 409-102 and no case created', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const a = await caseWith();
      const before = await t.db.prisma.case.count({ where: { departmentId: w.dept.id } });
      const [move, close] = await Promise.all([changeCase(w.agent, a.activity, { subject: 'Split' }), closeCase(second, a.caseId)]);
      const row = await act(a.activity);
      const after = await t.db.prisma.case.count({ where: { departmentId: w.dept.id } });
      if (move.statusCode === 201) {
        const created = BigInt((move.json() as { case: { id: string }[] }).case[0]!.id);
        expect([close.statusCode, code(close)]).toEqual([409, '409-102']);
        expect(after).toBe(before + 1);
        expect(await kase(created)).toMatchObject({ status: 'open', subject: 'Split', customerId: w.customer.id });
        expect([row.caseId, row.status]).toEqual([created, 'awaiting_assignment']);
        await coherent(a.caseId, created);
      } else {
        expect([statusAndCode(move), close.statusCode]).toEqual(['409/409-102', 204]);
        // The refused move created nothing (one transaction).
        expect(after).toBe(before);
        expect([row.caseId, row.status]).toEqual([a.caseId, 'completed']);
        await coherent(a.caseId);
      }
      expect((await kase(a.caseId)).status).toBe('closed');
    }
  });

  it('A keeps a second open activity: move then close (both succeed, the moved one stays open), or close then 409-102', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const a = await caseWith();
      const stay = (await insertActivity(t.db, { customer: w.customer, caseId: a.caseId, queueId: queue.id, now: past() })).id;
      const b = await caseWith();
      const [move, close] = await Promise.all([changeCase(w.agent, a.activity, { id: String(b.caseId) }), closeCase(second, a.caseId)]);
      expect(close.statusCode, close.body).toBe(204);
      const moved = await act(a.activity);
      if (move.statusCode === 204) {
        // A still had `stay` open after the move; K4 then completed only what was left in A.
        expect([moved.caseId, moved.status]).toEqual([b.caseId, 'awaiting_assignment']);
      } else {
        expect(statusAndCode(move)).toBe('409/409-102');
        expect([moved.caseId, moved.status]).toEqual([a.caseId, 'completed']);
      }
      expect((await act(stay)).status).toBe('completed');
      expect([(await kase(a.caseId)).status, (await kase(b.caseId)).status]).toEqual(['closed', 'open']);
      await coherent(a.caseId, b.caseId);
    }
  });

  it('moving into B while B is closed: both succeed; the activity ends completed in closed B or open in reopened B', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const a = await caseWith();
      const b = await caseWith();
      const [move, close] = await Promise.all([changeCase(w.agent, a.activity, { id: String(b.caseId) }), closeCase(second, b.caseId)]);
      expect([move.statusCode, close.statusCode], move.body + close.body).toEqual([204, 204]);
      const moved = await act(a.activity);
      const target = await kase(b.caseId);
      expect(moved.caseId).toBe(b.caseId);
      // Closed first: the move reopened B (04 §3.2). Moved first: K4 completed the newcomer with B's own activity.
      if (target.status === 'open') expect([moved.status, target.lastClosedById]).toEqual(['awaiting_assignment', second.user.id]);
      else expect([moved.status, moved.completedById]).toEqual(['completed', second.user.id]);
      expect((await act(b.activity)).status).toBe('completed');
      expect((await kase(a.caseId)).status).toBe('closed');
      await coherent(a.caseId, b.caseId);
    }
  });

  it('an open chat: K4 always answers 409-102 (open chat, or already closed), the move always applies', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const a = await caseWith(w.customer, 'chat');
      const b = await caseWith();
      const [move, close] = await Promise.all([changeCase(w.agent, a.activity, { id: String(b.caseId) }), closeCase(second, a.caseId)]);
      expect(move.statusCode, move.body).toBe(204);
      expect([close.statusCode, code(close)]).toEqual([409, '409-102']);
      const chat = await act(a.activity);
      expect([chat.caseId, chat.status, chat.completedAt]).toEqual([b.caseId, 'awaiting_assignment', null]);
      const source = await kase(a.caseId);
      expect([source.status, source.lastClosedById]).toEqual(['closed', w.agent.user.id]);
      await coherent(a.caseId, b.caseId);
    }
  });

});

describe('V9 change case racing other moves and edits', () => {
  it('two moves of one activity to different cases: both apply in turn, it ends in one of them, the middle case is coherent', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const a = await caseWith();
      const b = await caseWith();
      const c = await caseWith();
      const [toB, toC] = await Promise.all([changeCase(w.agent, a.activity, { id: String(b.caseId) }), changeCase(second, a.activity, { id: String(c.caseId) })]);
      expect([toB.statusCode, toC.statusCode], toB.body + toC.body).toEqual([204, 204]);
      expect([b.caseId, c.caseId]).toContain((await act(a.activity)).caseId);
      expect((await kase(a.caseId)).status).toBe('closed');
      await coherent(a.caseId, b.caseId, c.caseId);
    }
  });

  it('an edit waiting on a moving activity while another move goes the other way: all three apply, no deadlock (500)', async () => {
    // B is older than A (lower id). X moves act1 A→B; the edit Y of act1 queues on A; Z moves act2 B→A and queues on B.
    // When X commits, Y holds A and finds act1 in B: it must not wait for B while holding A, since Z holds B and
    // waits for A. Both the edit and the moves apply, in any order, and end in one state.
    for (let i = 0; i < 3 * ROUNDS; i++) {
      const b = await caseWith();
      const a = await caseWith();
      const stay = (await insertActivity(t.db, { customer: w.customer, caseId: b.caseId, queueId: queue.id, now: past() })).id;
      const results = await Promise.all([
        changeCase(w.agent, a.activity, { id: String(b.caseId) }),
        call(t.app, second, 'PUT', URL, { body: { activity: [{ id: String(a.activity), subject: `Edited ${i}` }] } }),
        changeCase(w.supervisor, b.activity, { id: String(a.caseId) }),
      ]);
      expect(results.map((r) => r.statusCode), results.map((r) => r.body).join()).toEqual([204, 204, 204]);
      expect(await act(a.activity)).toMatchObject({ caseId: b.caseId, subject: `Edited ${i}`, status: 'awaiting_assignment' });
      expect(await act(b.activity)).toMatchObject({ caseId: a.caseId, status: 'awaiting_assignment' });
      expect((await act(stay)).caseId).toBe(b.caseId);
      expect([(await kase(a.caseId)).status, (await kase(b.caseId)).status]).toEqual(['open', 'open']);
      await coherent(a.caseId, b.caseId);
    }
  });
});

describe('V8 change customer racing V6 edit of the same activity', () => {
  const edit = (who: Staff, id: bigint, subject: string, extra: object = {}) =>
    call(t.app, who, 'PUT', URL, { body: { activity: [{ id: String(id), subject, priority: 7, ...extra }] } });
  const move = (who: Staff, id: bigint, extra: object = {}) =>
    call(t.app, who, 'PUT', `${URL}/changecustomer`, {
      body: { activity: [{ id: String(id), ...extra, customer: { contactPersons: { contactPerson: [{ contactPoints: { contactPoint: [{ id: String(bob.emailPointId) }] } }] } } }] },
    });

  it('without tokens both apply: the new subject and the new customer are both there (no lost update)', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      // Assigned to the agent and new: the agent's edit is also T11 (in_progress), written by applyTransition.
      const a = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, assignedUserId: w.agent.user.id, subject: 'Issue', now: past() });
      await t.db.prisma.activity.update({ where: { id: a.id }, data: { substatus: 'new' } });
      const before = await act(a.id);
      const [edited, moved] = await Promise.all([edit(w.agent, a.id, `Edited ${i}`), move(second, a.id)]);
      expect([edited.statusCode, moved.statusCode], edited.body + moved.body).toEqual([204, 204]);
      const row = await act(a.id);
      expect(row).toMatchObject({
        subject: `Edited ${i}`,
        priority: 7,
        status: 'assigned',
        substatus: 'in_progress',
        userLastWorkedId: w.agent.user.id,
        customerId: bob.id,
        contactPersonId: bob.contactPersonId,
        contactPointId: bob.emailPointId,
        caseId: a.caseId,
      });
      expect(row.lastModifiedAt.getTime()).toBeGreaterThanOrEqual(before.lastModifiedAt.getTime() + 2);
      expect([w.agent.user.id, second.user.id]).toContain(row.lastModifiedById);
    }
  });

  it('with the same lastModified: one 204, the other 409-101, and only the winner changed the row', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < ROUNDS; i++) {
      const a = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, queueId: queue.id, subject: 'Issue', now: past() });
      const before = await act(a.id);
      const [edited, moved] = await Promise.all([edit(w.agent, a.id, `Edited ${i}`, token(before.lastModifiedAt)), move(second, a.id, token(before.lastModifiedAt))]);
      expect([edited.statusCode, moved.statusCode].sort()).toEqual([204, 409]);
      const loser = edited.statusCode === 409 ? edited : moved;
      expect(code(loser)).toBe('409-101');
      const row = await act(a.id);
      if (edited.statusCode === 204) {
        seen.add('edit');
        expect([row.subject, row.priority, row.customerId, row.contactPointId]).toEqual([`Edited ${i}`, 7, w.customer.id, w.customer.emailPointId]);
        expect(row.lastModifiedById).toBe(w.agent.user.id);
      } else {
        seen.add('move');
        expect([row.subject, row.priority, row.customerId, row.contactPointId]).toEqual(['Issue', before.priority, bob.id, bob.emailPointId]);
        expect(row.lastModifiedById).toBe(second.user.id);
      }
      expect(row.lastModifiedAt.getTime()).toBeGreaterThan(before.lastModifiedAt.getTime());
    }
    expect(seen.size).toBeGreaterThan(0);
  });
});

describe('V7 complete racing V10/V11 transfer of the same activity', () => {
  const complete = (id: bigint) => call(t.app, w.agent, 'PUT', `${URL}/complete`, { body: { activity: [{ id: String(id) }] } });
  const transfer = (id: bigint, target: string) => call(t.app, w.supervisor, 'PUT', `${URL}/transfer?${target}`, { body: { activity: [{ id: String(id) }] } });
  const assignedToAgent = async () =>
    insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, assignedUserId: w.agent.user.id, queueId: queue.id, now: past() });

  for (const target of ['user', 'queue'] as const) {
    it(`complete vs transfer to a ${target}: exactly one applies (T12, or ${target === 'user' ? 'T8' : 'T7'}), the other answers 409-102`, async () => {
      for (let i = 0; i < ROUNDS; i++) {
        const a = await assignedToAgent();
        const query = target === 'user' ? `user=${second.user.id}` : `queue=${queue.id}`;
        const [done, moved] = await Promise.all([complete(a.id), transfer(a.id, query)]);
        const row = await act(a.id);
        const c = await kase(a.caseId);
        if (done.statusCode === 200) {
          expect([moved.statusCode, code(moved)]).toEqual([409, '409-102']);
          const body = done.json() as { activity: { id: string; status: { value: string; substatus: { value: string } } }[] };
          expect(body.activity.map((x) => [x.id, x.status.value, x.status.substatus.value])).toEqual([[String(a.id), 'completed', 'done']]);
          expect([row.status, row.substatus, row.assignedUserId, row.completedById, row.userLastWorkedId]).toEqual([
            'completed',
            'done',
            w.agent.user.id,
            w.agent.user.id,
            w.agent.user.id,
          ]);
          expect(row.completedAt).not.toBeNull();
          // Its only activity completed: the case auto-closed (04 §3.2).
          expect([c.status, c.lastClosedById]).toEqual(['closed', w.agent.user.id]);
        } else {
          // Transferred first: the agent no longer holds it, so T12 is not allowed.
          expect([statusAndCode(done), moved.statusCode]).toEqual(['409/409-102', 204]);
          const expected =
            target === 'user' ? ['assigned', 'new', second.user.id, queue.id] : ['awaiting_assignment', 'in_queue', null, queue.id];
          expect([row.status, row.substatus, row.assignedUserId, row.queueId]).toEqual(expected);
          expect([row.completedAt, c.status, c.ownerId]).toEqual([null, 'open', w.agent.user.id]);
        }
        await coherent(a.caseId);
      }
    });
  }

  it('with the same lastModified on both: one applies, the other answers 409-102 (the state is checked before the token)', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const a = await assignedToAgent();
      const lm = (await act(a.id)).lastModifiedAt;
      const [done, moved] = await Promise.all([
        call(t.app, w.agent, 'PUT', `${URL}/complete`, { body: { activity: [{ id: String(a.id), ...token(lm) }] } }),
        call(t.app, w.supervisor, 'PUT', `${URL}/transfer?queue=${queue.id}`, { body: { activity: [{ id: String(a.id), ...token(lm) }] } }),
      ]);
      const row = await act(a.id);
      if (done.statusCode === 200) {
        // 01 §7.2: state (409-102) before tokens (409-101); either loser finds a state its event does not allow.
        expect(statusAndCode(moved)).toBe('409/409-102');
        expect(row.status).toBe('completed');
      } else {
        expect([statusAndCode(done), moved.statusCode]).toEqual(['409/409-102', 204]);
        expect([row.status, row.queueId]).toEqual(['awaiting_assignment', queue.id]);
      }
      await coherent(a.caseId);
    }
  });
});
