// The exact count of a status search comes from the maintained counters (case.counts.ts): it must equal counting
// the rows, for every caller scope, after every kind of change, and after the counters are folded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { CASE, call, newCase, noContent, ok, world, type CasePage, type World } from './support.ts';
import { foldCaseCounts } from '../../../src/areas/case/case.counts.ts';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

const counted = async (who: World['agent'], status: string) =>
  ok<CasePage>(await call(t.app, who, 'GET', `${CASE}?status=${status}&$count=yes`)).paginationInfo.count;

async function rows(status: string, departments?: bigint[]) {
  return t.db.prisma.case.count({ where: { status, ...(departments ? { departmentId: { in: departments } } : {}) } });
}

describe('status counts (04 §7.2, 10 §3.2 Search Case by Work Status)', () => {
  it('equal the rows for an administrator (all departments) and an agent (own departments), through changes and folding', async () => {
    const check = async () => {
      for (const status of ['open', 'closed']) {
        expect(await counted(w.admin, status)).toBe(await rows(status));
        expect(await counted(w.agent, status)).toBe(await rows(status, [w.agent.user.departmentId]));
      }
    };
    await check();
    const a = await newCase(t, w);
    await newCase(t, w);
    await newCase(t, w, { status: 'closed' });
    await check();
    noContent(await call(t.app, w.admin, 'PUT', `${CASE}/${a}/close`));
    await check();
    await foldCaseCounts(t.db.prisma);
    expect(await t.db.prisma.caseCount.count()).toBeLessThanOrEqual(await t.db.prisma.department.count() * 2);
    await check();
    // The page beside the count is the same search.
    const page = ok<CasePage>(await call(t.app, w.admin, 'GET', `${CASE}?status=closed&$sort=lastModifiedDate&$order=desc&$pagesize=2`));
    expect(page.paginationInfo.count).toBe(await rows('closed'));
    expect(page.case.length).toBe(Math.min(2, await rows('closed')));
  });
});
