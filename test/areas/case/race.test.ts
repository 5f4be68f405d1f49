// Two writes on one case at the same moment (04 §7.3 K3, §7.4 K4; 03 §2.5 lastModified): they serialise on the case
// row lock, so each applies in full after the other or answers its documented 409; no edit is lost and a closed case
// never keeps an open activity. Each race runs several rounds, since either order may win.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { insertActivity, insertQueue } from '../../helpers/interaction.ts';
import { caseCount } from '../../../src/areas/case/case.counts.ts';
import { CASE, call, newCase, staff, world, type Staff, type World } from './support.ts';

const ROUNDS = 5;
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

const past = () => new Date(Date.now() - 60_000);
const kase = (id: string) => t.db.prisma.case.findUniqueOrThrow({ where: { id: BigInt(id) } });
const code = (res: LightMyRequestResponse) => (res.json() as { code: string }).code;
const outcome = (res: LightMyRequestResponse) => (res.statusCode < 300 ? res.statusCode : `${res.statusCode}/${code(res)}`);
const token = (d: Date) => ({ lastModified: { date: d.toISOString() } });

const edit = (who: Staff, id: string, fields: object) => call(t.app, who, 'PUT', CASE, { body: { id, ...fields } });
const close = (who: Staff, id: string, body?: object) => call(t.app, who, 'PUT', `${CASE}/${id}/close`, body ? { body } : {});

/** An open case with one waiting email, both modified a minute ago. */
async function openCase(): Promise<{ id: string; activity: bigint }> {
  const now = past();
  const id = await newCase(t, w, { now });
  const a = await insertActivity(t.db, { customer: w.customer, caseId: BigInt(id), queueId: queue.id, now });
  return { id, activity: a.id };
}

/** A closed case holds no open activity (04 §3.3), and each status count of the department equals its rows. */
async function coherent(id: string) {
  const c = await kase(id);
  if (c.status === 'closed') expect(await t.db.prisma.activity.count({ where: { caseId: c.id, status: { not: 'completed' } } })).toBe(0);
  for (const status of ['open', 'closed']) {
    expect(await caseCount(t.db.prisma, status, new Set([w.dept.id])), `case_count ${status}`).toBe(
      await t.db.prisma.case.count({ where: { status, departmentId: w.dept.id } }),
    );
  }
}

describe('K3 edit racing K4 close', () => {
  it('without tokens: edit then close (both 204, the closed case carries the edit), or close then 409-102 on the edit', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < ROUNDS; i++) {
      const c = await openCase();
      const [edited, closed] = await Promise.all([edit(w.agent, c.id, { subject: `Edited ${i}`, severity: { value: 'urgent' } }), close(second, c.id)]);
      expect(closed.statusCode, closed.body).toBe(204);
      const row = await kase(c.id);
      if (edited.statusCode === 204) {
        seen.add('edit first');
        expect([row.subject, row.severity]).toEqual([`Edited ${i}`, 'urgent']);
        // K4 wrote last.
        expect(row.lastModifiedById).toBe(second.user.id);
      } else {
        seen.add('close first');
        expect(outcome(edited)).toBe('409/409-102');
        expect([row.subject, row.severity]).toEqual(['Issue', 'medium']);
      }
      expect([row.status, row.lastClosedById]).toEqual(['closed', second.user.id]);
      expect((await t.db.prisma.activity.findUniqueOrThrow({ where: { id: c.activity } })).status).toBe('completed');
      await coherent(c.id);
    }
    expect(seen.size).toBeGreaterThan(0);
  });

  it('with the same lastModified: one 204; the edit loses with 409-102 (closed), the close with 409-101 (stale)', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const c = await openCase();
      const lm = (await kase(c.id)).lastModifiedAt;
      const [edited, closed] = await Promise.all([edit(w.agent, c.id, { subject: `Edited ${i}`, ...token(lm) }), close(second, c.id, token(lm))]);
      const row = await kase(c.id);
      const activity = await t.db.prisma.activity.findUniqueOrThrow({ where: { id: c.activity } });
      if (edited.statusCode === 204) {
        expect(outcome(closed)).toBe('409/409-101');
        expect([row.status, row.subject, activity.status]).toEqual(['open', `Edited ${i}`, 'awaiting_assignment']);
      } else {
        // 01 §7.2: the state (closed, 409-102) is checked before the token.
        expect([outcome(edited), closed.statusCode]).toEqual(['409/409-102', 204]);
        expect([row.status, row.subject, activity.status]).toEqual(['closed', 'Issue', 'completed']);
      }
      await coherent(c.id);
    }
  });

  it('two closes at once: one 204, the other 409-102; closed once (one transition in the counts)', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const c = await openCase();
      const closedBefore = await caseCount(t.db.prisma, 'closed', new Set([w.dept.id]));
      const results = await Promise.all([close(w.agent, c.id), close(second, c.id)]);
      expect(results.map(outcome).sort()).toEqual([204, '409/409-102']);
      const winner = results[0]!.statusCode === 204 ? w.agent : second;
      expect((await kase(c.id)).lastClosedById).toBe(winner.user.id);
      expect(await caseCount(t.db.prisma, 'closed', new Set([w.dept.id]))).toBe(closedBefore + 1);
      await coherent(c.id);
    }
  });
});

describe('K3 edit racing K3 edit', () => {
  it('the same lastModified: one 204, the other 409-101; the winner’s fields only', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const c = await openCase();
      const lm = (await kase(c.id)).lastModifiedAt;
      const results = await Promise.all([
        edit(w.agent, c.id, { subject: `Agent ${i}`, description: 'by agent', ...token(lm) }),
        edit(second, c.id, { subject: `Second ${i}`, solution: 'by second', ...token(lm) }),
      ]);
      expect(results.map(outcome).sort()).toEqual([204, '409/409-101']);
      const row = await kase(c.id);
      if (results[0]!.statusCode === 204) {
        expect([row.subject, row.description, row.solution, row.lastModifiedById]).toEqual([`Agent ${i}`, 'by agent', null, w.agent.user.id]);
      } else {
        expect([row.subject, row.description, row.solution, row.lastModifiedById]).toEqual([`Second ${i}`, null, 'by second', second.user.id]);
      }
      expect(row.lastModifiedAt.getTime()).toBeGreaterThan(lm.getTime());
      await coherent(c.id);
    }
  });

  it('without tokens both apply in turn: both edited fields are kept, lastModified moved twice', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const c = await openCase();
      const lm = (await kase(c.id)).lastModifiedAt;
      const [a, b] = await Promise.all([
        edit(w.agent, c.id, { description: `by agent ${i}` }),
        edit(second, c.id, { solution: `by second ${i}`, severity: { value: 'high' } }),
      ]);
      expect([a.statusCode, b.statusCode], a.body + b.body).toEqual([204, 204]);
      const row = await kase(c.id);
      expect([row.description, row.solution, row.severity, row.status]).toEqual([`by agent ${i}`, `by second ${i}`, 'high', 'open']);
      expect(row.lastModifiedAt.getTime()).toBeGreaterThanOrEqual(lm.getTime() + 2);
    }
  });
});
