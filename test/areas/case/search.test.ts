// K2 — search cases (04 §7.2, §8; 01 §8–§10) and the "Search Case by Work Status" load-test request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError } from '../../conformance/support.ts';
import { insertCase, insertCustomer } from '../../helpers/interaction.ts';
import { CASE, call, customerSession, defineAttribute, fill, fixture, newCase, noContent, ok, searchIds, world, xmlOf, type CasePage, type World } from './support.ts';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

const dep = () => `department=${w.dept.id}`;

describe('K2 criteria', () => {
  it('status (work status), severity, owner, ownerLoginId, customer, department; ANDed', async () => {
    const open = await newCase(t, w, { severity: 'high', ownerId: w.agent.user.id });
    const closed = await newCase(t, w, { status: 'closed' });
    expect(await searchIds(t, w.agent, `${dep()}&status=open&severity=high`)).toEqual([open]);
    expect(await searchIds(t, w.agent, `${dep()}&status=CLOSED`)).toContain(closed);
    expect(await searchIds(t, w.agent, `owner=${w.agent.user.id}`)).toEqual([open]);
    expect(await searchIds(t, w.agent, `ownerLoginId=${w.agent.user.loginId.toUpperCase()}`)).toEqual([open]);
    expect(await searchIds(t, w.agent, `customer=${w.customer.id}&status=closed`)).toContain(closed);
    expect(await searchIds(t, w.agent, `customer=${w.customer.id}&status=closed`)).not.toContain(open);
  });

  it('email and phone match the customer as customer search does', async () => {
    const ann = await insertCustomer(t.db, { departmentId: w.dept.id });
    await t.db.prisma.contactPoint.create({
      data: { customerId: ann.id, contactPersonId: ann.contactPersonId, kind: 'phone', phoneNo: '555-0100', areaCode: '408', phoneDigits: '5550100', phoneDigitsArea: '4085550100', phoneDigitsFull: '4085550100' },
    });
    const id = String(await insertCase(t.db, { departmentId: w.dept.id, customerId: ann.id }));
    expect(await searchIds(t, w.agent, `email=${encodeURIComponent(ann.email!.toUpperCase())}`)).toEqual([id]);
    expect(await searchIds(t, w.agent, `phone=${encodeURIComponent('(408) 555-0100')}`)).toEqual([id]);
    expect(await searchIds(t, w.agent, `phone=5550100`)).toEqual([id]);
  });

  it('date ranges (createdDate, lastModifiedDate, lastClosedDate, dueDate) are inclusive', async () => {
    const due = new Date('2031-03-04T05:06:07.008Z');
    const id = await newCase(t, w, { dueDate: due, status: 'closed' });
    expect(await searchIds(t, w.agent, `${dep()}&dueDate=[2031-03-04T05:06:07.008Z,2031-03-04T05:06:07.008Z]`)).toEqual([id]);
    expect(await searchIds(t, w.agent, `${dep()}&dueDate=[,2031-03-04T05:06:07.007Z]`)).toEqual([]);
    const c = await t.db.prisma.case.findUniqueOrThrow({ where: { id: BigInt(id) } });
    const at = c.createdAt.toISOString();
    expect(await searchIds(t, w.agent, `${dep()}&createdDate=[${at},${at}]`)).toContain(id);
    expect(await searchIds(t, w.agent, `${dep()}&lastClosedDate=[${c.lastClosedAt!.toISOString()},]`)).toContain(id);
    expect(await searchIds(t, w.agent, `${dep()}&lastModifiedDate=[2000-01-01,]`)).toContain(id);
  });

  it('custom.<name> on case definitions', async () => {
    const name = await defineAttribute(t, { objectType: 'case' });
    const id = await newCase(t, w);
    const def = await t.db.prisma.customAttributeDefinition.findFirstOrThrow({ where: { objectType: 'case', name } });
    await t.db.prisma.caseAttributeValue.create({ data: { caseId: BigInt(id), definitionId: def.id, position: 0, value: 'V-1', key: 'V-1' } });
    expect(await searchIds(t, w.agent, `custom.${name}=V-1`)).toEqual([id]);
    expect(await searchIds(t, w.agent, `custom.${name}=v-1`)).toEqual([]);
  });
});

describe('K2 sorting and paging', () => {
  it('the work-status request: status=open, lastModifiedDate desc, pages of 25 with prev/next and a working $cursor', async () => {
    const mine = await world(t);
    const base = new Date('2030-01-01T00:00:00.000Z').getTime();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const id = await insertCase(t.db, { departmentId: mine.dept.id, customerId: mine.customer.id, subject: `S${i}` });
      await t.db.prisma.case.update({ where: { id }, data: { lastModifiedAt: new Date(base + (i % 10) * 1000) } });
      ids.push(String(id));
    }
    const expected = [...ids].sort((a, b) => (base + (ids.indexOf(b) % 10) - (base + (ids.indexOf(a) % 10))) || Number(b) - Number(a));
    const q = `status=open&department=${mine.dept.id}&$sort=lastModifiedDate&$order=desc`;
    const page1 = ok<CasePage>(await call(t.app, mine.agent, 'GET', `${CASE}?${q}&$pagenum=1&$pagesize=25`));
    expect(page1.link.href).toBe(`${CASE}?${q}&$pagenum=1&$pagesize=25`);
    expect(page1.paginationInfo.count).toBe(30);
    expect(page1.case.map((c) => c.id)).toEqual(expected.slice(0, 25));
    const next = page1.paginationInfo.link!.find((l) => l.rel === 'next')!;
    expect(next.href).toMatch(/\$pagenum=2&\$pagesize=25&\$cursor=/);
    const page2 = ok<CasePage>(await call(t.app, mine.agent, 'GET', next.href));
    expect(page2.case.map((c) => c.id)).toEqual(expected.slice(25));
    expect(page2.paginationInfo.link!.map((l) => l.rel)).toEqual(['prev']);
    const offset2 = ok<CasePage>(await call(t.app, mine.agent, 'GET', `${CASE}?${q}&$pagenum=2&$pagesize=25`));
    expect(offset2.case.map((c) => c.id)).toEqual(expected.slice(25));
    noContent(await call(t.app, mine.agent, 'GET', `${CASE}?${q}&$pagenum=3&$pagesize=25`));
  });

  it('the §7.2 example shape (first case, unassigned) JSON and XML', async () => {
    const mine = await world(t);
    const id = await insertCase(t.db, { departmentId: mine.dept.id, customerId: mine.customer.id, subject: 'Issue with mobile phone' });
    const c = await t.db.prisma.case.findUniqueOrThrow({ where: { id } });
    const q = `status=open&department=${mine.dept.id}&$sort=lastModifiedDate&$order=desc&$pagenum=1&$pagesize=25`;
    const body = ok<CasePage>(await call(t.app, mine.agent, 'GET', `${CASE}?${q}`));
    const example = JSON.parse(
      fill(fixture('search-status.json'), {
        'status=open&': `status=open&department=${mine.dept.id}&`,
        '1000024': String(id),
        '1000012': String(mine.customer.id),
        '"999"': `"${mine.dept.id}"`,
        '"name":"Service"': `"name":"${mine.dept.name}"`,
        'Ann Lee': mine.customer.customerName,
        '2024-05-02T10:16:02.481Z': c.lastModifiedAt.toISOString(),
      }),
    ) as CasePage;
    delete (example.paginationInfo as { link?: unknown }).link;
    example.paginationInfo.count = 1;
    expect(body).toEqual(example);
    const xml = xmlOf(await call(t.app, mine.agent, 'GET', `${CASE}?${q}`, { fmt: 'xml' }));
    expect(xml.name).toBe('{http://bindings.egain.com/ws/model/v12/gen/interaction/case}cases');
    expect(xml.children.map((e) => e.name.split('}')[1])).toEqual(['link', 'case', 'paginationInfo']);
  });

  it('$sort=createdDate / dueDate / id, $count=yes, ranges', async () => {
    const mine = await world(t);
    const a = await newCase(t, mine, { dueDate: new Date('2032-01-01T00:00:00Z') });
    const b = await newCase(t, mine);
    const c = await newCase(t, mine, { dueDate: new Date('2031-01-01T00:00:00Z') });
    const q = `department=${mine.dept.id}`;
    expect(await searchIds(t, mine.agent, `${q}&$sort=dueDate`)).toEqual([c, a, b]);
    expect(await searchIds(t, mine.agent, `${q}&$sort=dueDate&$order=desc`)).toEqual([b, a, c]);
    expect(await searchIds(t, mine.agent, `${q}&$sort=createdDate&$order=desc`)).toEqual([c, b, a]);
    expect(await searchIds(t, mine.agent, `${q}&$order=desc&$sort=id`)).toEqual([c, b, a]);
    const count = ok<{ paginationInfo: { count: number } }>(await call(t.app, mine.agent, 'GET', `${CASE}?${q}&$count=yes`));
    expect(count.paginationInfo.count).toBe(3);
    const range = ok<CasePage>(await call(t.app, mine.agent, 'GET', `${CASE}?${q}&$rangestart=2&$rangesize=1`));
    expect(range.case.map((x) => x.id)).toEqual([b]);
  });
});

describe('K2 visibility', () => {
  it('agents and supervisors see only their departments (left out of page and count); administrators all', async () => {
    const other = await world(t);
    const theirs = await newCase(t, other);
    expect(await searchIds(t, w.agent, `customer=${other.customer.id}`)).toEqual([]);
    expect(await searchIds(t, w.supervisor, `department=${other.dept.id}`)).toEqual([]);
    expect(await searchIds(t, w.admin, `customer=${other.customer.id}`)).toEqual([theirs]);
    noContent(await call(t.app, w.agent, 'GET', `${CASE}?customer=${other.customer.id}`));
    const count = ok<{ paginationInfo: { count: number } }>(await call(t.app, w.agent, 'GET', `${CASE}?customer=${other.customer.id}&$count=yes`));
    expect(count.paginationInfo.count).toBe(0);
  });

  it('customer sessions: only their own cases; a criterion naming another customer gives 204', async () => {
    const session = await customerSession(t, w.admin);
    const own = String(await insertCase(t.db, { departmentId: w.dept.id, customerId: BigInt(session.customer.id) }));
    await newCase(t, w);
    expect(await searchIds(t, session, 'status=open')).toEqual([own]);
    noContent(await call(t.app, session, 'GET', `${CASE}?customer=${w.customer.id}`));
  });
});

describe('K2 errors', () => {
  it('400-103 without criterion, 400-101 unknown parameter or custom name, 400-102 bad values, 400-104 combinations', async () => {
    expectError(await call(t.app, w.agent, 'GET', `${CASE}?$sort=id`), '400-103', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${CASE}?subject=x`), '400-101', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${CASE}?custom.nope_nope=1`), '400-101', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${CASE}?status=pending`), '400-102', { format: 'json', details: [{ key: 'status', value: 'pending' }] });
    expectError(await call(t.app, w.agent, 'GET', `${CASE}?severity=huge`), '400-102', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${CASE}?customer=abc`), '400-102', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${CASE}?createdDate=2024-01-01T00:00:00.000Z`), '400-102', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${CASE}?createdDate=[,]`), '400-102', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${CASE}?status=open&$sort=subject`), '400-102', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${CASE}?status=open&$order=desc`), '400-104', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${CASE}?status=open&$pagenum=1&$rangestart=1`), '400-104', { format: 'json' });
  });
});
