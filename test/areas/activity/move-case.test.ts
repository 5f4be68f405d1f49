// V9 change case of activities (05 §9.10), with the load-test bodies of 10 §3.2 row 13, and the case effects of
// 04 §3 (new case, reopen, auto-close, related cases).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createDepartment } from '../../helpers/auth.ts';
import { insertActivity, insertCase, insertCustomer, insertQueue, type TestCustomer } from '../../helpers/interaction.ts';
import { expectError, type Fmt } from '../../conformance/support.ts';
import { attr, call, customAttributes, customerSession, defineAttribute, noContent, staff, type Staff } from '../customer/support.ts';

const URL = '/system/ws/v12/interaction/activity';
const CASE = '/system/ws/v12/interaction/case';
const v9 = (ids: readonly (bigint | string)[], query = '', sep = ',') => `${URL}/${ids.join(sep)}/changecase${query}`;
let t: TestApp;
let dept: { id: bigint };
let other: { id: bigint };
let admin: Staff;
let supervisor: Staff;
let agent: Staff;
let outsider: Staff;
let queueId: bigint;

beforeAll(async () => {
  t = await getTestApp();
  dept = await createDepartment(t.db);
  other = await createDepartment(t.db);
  [admin, supervisor, agent, outsider] = await Promise.all([
    staff(t, ['administrator'], { departmentId: dept.id }),
    staff(t, ['supervisor'], { departmentId: dept.id }),
    staff(t, ['agent'], { departmentId: dept.id }),
    staff(t, ['agent'], { departmentId: other.id }),
  ]);
  queueId = (await insertQueue(t.db, dept.id)).id;
});
afterAll(async () => t?.close());

const put = (who: { headers: Record<string, string> } | null, url: string, body: unknown, fmt: Fmt = 'json') =>
  typeof body === 'string'
    ? t.app.inject({
        method: 'PUT',
        url,
        headers: { ...(who?.headers ?? {}), accept: fmt === 'json' ? 'application/json' : 'application/xml', 'content-type': body.trimStart().startsWith('<') ? 'application/xml' : 'application/json' },
        payload: body,
      })
    : call(t.app, who, 'PUT', url, { fmt, body });

const caseRow = (id: bigint | string) => t.db.prisma.case.findUniqueOrThrow({ where: { id: BigInt(id) } });
const caseOf = async (activity: bigint) => (await t.db.prisma.activity.findUniqueOrThrow({ where: { id: activity }, select: { caseId: true } })).caseId;
const related = async (id: bigint) =>
  (await t.db.prisma.caseRelation.findMany({ where: { caseId: id }, orderBy: { relatedCaseId: 'asc' } })).map((r) => r.relatedCaseId);

/** The pair pool of 10 §3.3: an open activity in open case A, another open case B of the same customer. */
async function pair(opts: { customer?: TestCustomer; closedB?: boolean; extraOpenInA?: boolean } = {}) {
  const customer = opts.customer ?? (await insertCustomer(t.db, { departmentId: dept.id }));
  const past = new Date(Date.now() - 60_000);
  const caseA = await insertCase(t.db, { departmentId: dept.id, customerId: customer.id, subject: 'Charger broken', ownerId: agent.user.id, now: past });
  const a = await insertActivity(t.db, { customer, caseId: caseA, queueId, subject: 'Charger broken', now: past });
  const b = await insertActivity(t.db, { customer, departmentId: dept.id, queueId, now: past });
  const caseB = b.caseId;
  if (opts.closedB) {
    await t.db.prisma.activity.update({ where: { id: b.id }, data: { status: 'completed', substatus: 'done', completedAt: past } });
    await t.db.prisma.case.update({ where: { id: caseB }, data: { status: 'closed', lastClosedAt: past } });
  }
  const extra = opts.extraOpenInA ? await insertActivity(t.db, { customer, caseId: caseA, queueId, now: past }) : undefined;
  return { customer, caseA, caseB, activity: a.id, other: b.id, extra: extra?.id };
}

describe('V9 change case: the load-test bodies', () => {
  it('{"id":"…"} (row 13, existing case B) → 204; the activity moves, A closes (no open activity left)', async () => {
    const p = await pair();
    const beforeA = await caseRow(p.caseA);
    noContent(await put(agent, v9([p.activity]), `{"id":"${p.caseB}"}`));
    expect(await caseOf(p.activity)).toBe(p.caseB);
    const a = await caseRow(p.caseA);
    expect(a.status).toBe('closed');
    expect(a.lastClosedAt).not.toBeNull();
    expect(a.lastClosedById).toBe(agent.user.id);
    expect(a.lastModifiedAt.getTime()).toBeGreaterThan(beforeA.lastModifiedAt.getTime());
    expect((await caseRow(p.caseB)).status).toBe('open');
    const act = await t.db.prisma.activity.findUniqueOrThrow({ where: { id: p.activity } });
    expect(act.status).toBe('awaiting_assignment');
    expect(act.lastModifiedById).toBe(agent.user.id);
    expect(await related(p.caseA)).toEqual([]);
    // V1 shows the new case.
    const res = await call(t.app, agent, 'GET', `${URL}/${p.activity}`);
    expect(res.json().activity[0].case.id).toBe(String(p.caseB));
  });

  it('{} (row 13, new case) → 201 with Location and the new case copied from the source case', async () => {
    const p = await pair({ extraOpenInA: true });
    const res = await put(agent, v9([p.activity]), '{}');
    expect(res.statusCode, res.body).toBe(201);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/system\/ws\/v12\/interaction\/case\/\d+$/);
    const body = res.json().case;
    expect(body).toHaveLength(1);
    const c = body[0];
    expect(location).toBe(`${CASE}/${c.id}`);
    expect(c).toMatchObject({
      id: c.id,
      link: { rel: 'self', href: location },
      status: { value: 'open', displayValue: 'Open' },
      severity: { value: 'medium', displayValue: 'Medium' },
      subject: 'Charger broken',
      customer: { id: String(p.customer.id) },
      owner: { user: { id: String(agent.user.id) } },
      department: { id: String(dept.id) },
    });
    expect(c.activities.link.href).toBe(`/system/ws/v12/interaction/activity?case=${c.id}`);
    expect(await caseOf(p.activity)).toBe(BigInt(c.id));
    const stored = await caseRow(c.id);
    expect(stored).toMatchObject({ originatingChannel: 'email', createdById: agent.user.id, lastModifiedById: agent.user.id, departmentId: dept.id });
    // A still holds an open activity: it stays open.
    expect((await caseRow(p.caseA)).status).toBe('open');
  });

  it('XML: <case id="…"/> → 204 and the new-case example of §9.10 → 201 with the case in XML', async () => {
    const p = await pair();
    noContent(await put(supervisor, v9([p.activity]), `<case xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/case" id="${p.caseB}"/>`, 'xml'), 'xml');
    expect(await caseOf(p.activity)).toBe(p.caseB);
    const xml = `<case xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/case"
      xmlns:cmn="http://bindings.egain.com/ws/model/v12/gen/common">
  <severity><cmn:value>high</cmn:value></severity>
  <subject>Charger replacement</subject>
</case>`;
    const res = await put(supervisor, v9([p.activity]), xml, 'xml');
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.body).toContain('Charger replacement');
    const id = String(res.headers.location).split('/').pop()!;
    expect(await caseRow(id)).toMatchObject({ severity: 'high', subject: 'Charger replacement', status: 'open' });
    // B keeps its own open activity: it stays open.
    expect((await caseRow(p.caseB)).status).toBe('open');
    // An empty XML case creates a case as {} does.
    const again = await put(supervisor, v9([p.activity]), '<case/>', 'xml');
    expect(again.statusCode, again.body).toBe(201);
  });

  it('accepts the id as a number, wrapped bodies (03 B2) and %2C-separated ids', async () => {
    const p = await pair({ extraOpenInA: true });
    noContent(await put(agent, v9([p.activity, p.extra!], '', '%2C'), `{"id": ${p.caseB}}`));
    expect(await caseOf(p.activity)).toBe(p.caseB);
    expect(await caseOf(p.extra!)).toBe(p.caseB);
    noContent(await put(agent, v9([p.activity]), { case: [{ id: String(p.caseA) }] }));
    expect(await caseOf(p.activity)).toBe(p.caseA);
    expect((await caseRow(p.caseA)).status).toBe('open');
  });
});

describe('V9 case effects', () => {
  it('a closed target reopens and keeps lastClosed', async () => {
    const p = await pair({ closedB: true });
    const closed = await caseRow(p.caseB);
    noContent(await put(agent, v9([p.activity]), { id: String(p.caseB) }));
    const b = await caseRow(p.caseB);
    expect(b.status).toBe('open');
    expect(b.lastClosedAt).toEqual(closed.lastClosedAt);
    expect(b.lastModifiedAt.getTime()).toBeGreaterThan(closed.lastModifiedAt.getTime());
  });

  it('relateCase=yes relates source and target both ways (also for a new case); YES and no are accepted', async () => {
    const p = await pair({ extraOpenInA: true });
    noContent(await put(agent, v9([p.activity], '?relateCase=YES'), { id: String(p.caseB) }));
    expect(await related(p.caseA)).toEqual([p.caseB]);
    expect(await related(p.caseB)).toEqual([p.caseA]);
    const res = await put(agent, v9([p.extra!], '?relateCase=yes'), {});
    expect(res.statusCode, res.body).toBe(201);
    const created = BigInt(res.json().case[0].id);
    expect(await related(p.caseA)).toEqual([p.caseB, created]);
    expect(await related(created)).toEqual([p.caseA]);
    noContent(await put(agent, v9([p.extra!], '?relateCase=no'), { id: String(p.caseB) }));
    expect(await related(p.caseB)).toEqual([p.caseA]);
  });

  it('a new case takes the optional body fields: subject, description, solution, severity, dueDate, custom attributes', async () => {
    const name = await defineAttribute(t, { objectType: 'case' });
    const p = await pair();
    const due = new Date(Date.now() + 86_400_000).toISOString();
    const res = await put(admin, v9([p.activity]), {
      subject: 'Replacement',
      description: 'Send a new charger',
      solution: 'Shipped',
      severity: { value: 'URGENT' },
      dueDate: due,
      ...customAttributes(attr(name, 'phones')),
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().case[0].id as string;
    expect(await caseRow(id)).toMatchObject({ subject: 'Replacement', description: 'Send a new charger', solution: 'Shipped', severity: 'urgent', dueDate: new Date(due) });
    const read = await call(t.app, admin, 'GET', `${CASE}/${id}?$attribute=all`);
    expect(read.json().case[0].customAttributes.customAttribute).toEqual([attr(name, 'phones')]);
  });
});

describe('V9 errors', () => {
  it('400-102 for bad path ids and relateCase values; 400-160 for more than 75 ids', async () => {
    const p = await pair();
    expectError(await put(agent, v9(['abc']), {}), '400-102', { format: 'json' });
    expectError(await put(agent, v9([p.activity], '?relateCase=maybe'), {}), '400-102', { format: 'json', details: [{ key: 'relateCase', value: 'maybe' }] });
    expectError(await put(agent, v9([p.activity], '?relate=yes'), {}), '400-101', { format: 'json' });
    const many = Array.from({ length: 76 }, (_, i) => String(3_000_000 + i));
    expectError(await put(agent, v9(many), {}), '400-160', { format: 'json' });
  });

  it('400-150 for a missing or malformed body; 400-152 for bad new-case fields; 403-197 for a customer session', async () => {
    const p = await pair();
    expectError(await t.app.inject({ method: 'PUT', url: v9([p.activity]), headers: { ...agent.headers, accept: 'application/json' } }), '400-150', { format: 'json' });
    expectError(await put(agent, v9([p.activity]), '{"id":'), '400-150', { format: 'json' });
    expectError(await put(agent, v9([p.activity]), '[1]'), '400-150', { format: 'json' });
    const past = new Date(Date.now() - 1000).toISOString();
    expectError(await put(agent, v9([p.activity]), { dueDate: past }), '400-152', { format: 'json', details: [{ key: 'dueDate', value: past }] });
    expectError(await put(agent, v9([p.activity]), { severity: { value: 'huge' } }), '400-152', { format: 'json', details: [{ key: 'severity.value', value: 'huge' }] });
    expectError(await put(agent, v9([p.activity]), { subject: 'x'.repeat(1025) }), '400-152', { format: 'json' });
    expectError(await put(agent, v9([p.activity]), { id: 'abc' }), '400-152', { format: 'json', details: [{ key: 'id', value: 'abc' }] });
    expectError(await put(agent, v9([p.activity]), { case: [{ id: '1' }, { id: '2' }] }), '400-152', { format: 'json' });
    expectError(await put(agent, v9([p.activity]), customAttributes(attr('no_such_attribute', 'x'))), '400-152', { format: 'json' });
    const session = await customerSession(t, admin);
    expectError(await put(session, v9([p.activity]), {}), '403-197', { format: 'json' });
    expect(await caseOf(p.activity)).toBe(p.caseA);
  });

  it('404-101 for unknown activities and those of departments the caller does not see', async () => {
    const p = await pair();
    const foreignCustomer = await insertCustomer(t.db, { departmentId: other.id });
    const foreign = await insertActivity(t.db, { customer: foreignCustomer, departmentId: other.id });
    expectError(await put(agent, v9([p.activity, foreign.id, 9_999_999_997n]), {}), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: String(foreign.id) },
        { key: 'id', value: '9999999997' },
      ],
    });
    expectError(await put(outsider, v9([p.activity]), { id: String(p.caseB) }), '404-101', { format: 'json' });
    // Stored-data checks after the body (01 §7.2): the activities (404-101) before the custom attribute definitions.
    const unknown = customAttributes(attr('no_such_attribute', 'x'));
    expectError(await put(agent, v9([9_999_999_997n]), unknown), '404-101', { format: 'json', details: [{ key: 'id', value: '9999999997' }] });
    expectError(await put(outsider, v9([p.activity]), unknown), '404-101', { format: 'json', details: [{ key: 'id', value: String(p.activity) }] });
    const xml = `<case xmlns:cmn="http://bindings.egain.com/ws/model/v12/gen/common"><customAttributes><cmn:customAttribute><cmn:attribName>no_such_attribute</cmn:attribName><cmn:attribValues><cmn:attribValue><cmn:value>x</cmn:value></cmn:attribValue></cmn:attribValues></cmn:customAttribute></customAttributes></case>`;
    expectError(await put(agent, v9([9_999_999_997n]), xml, 'xml'), '404-101', { details: [{ key: 'id', value: '9999999997' }] });
    expectError(await put(agent, v9([p.activity]), xml, 'xml'), '400-152', { details: [{ key: 'customAttributes.customAttribute[0].attribName', value: 'no_such_attribute' }] });
    expect(await caseOf(p.activity)).toBe(p.caseA);
  });

  it('400-152 for a target case that does not exist, is not visible or is the source case', async () => {
    const p = await pair();
    expectError(await put(agent, v9([p.activity]), { id: '9999999999' }), '400-152', { format: 'json', details: [{ key: 'id', value: '9999999999' }] });
    const hidden = await insertCase(t.db, { departmentId: other.id, customerId: p.customer.id });
    expectError(await put(agent, v9([p.activity]), { id: String(hidden) }), '400-152', { format: 'json', details: [{ key: 'id', value: String(hidden) }] });
    expectError(await put(agent, v9([p.activity]), { id: String(p.caseA) }), '400-152', { format: 'json', details: [{ key: 'id', value: String(p.caseA) }] });
    expect(await caseOf(p.activity)).toBe(p.caseA);
    // The administrator sees the other department's case (same customer): allowed.
    noContent(await put(admin, v9([p.activity]), { id: String(hidden) }));
    expect(await caseOf(p.activity)).toBe(hidden);
  });

  it('409-102 for activities of different cases, a completed activity, or a target of another customer; nothing changes', async () => {
    const p = await pair();
    const q = await pair({ customer: p.customer });
    const res = await put(agent, v9([p.activity, q.activity]), {});
    expectError(res, '409-102', { format: 'json', details: [{ key: 'id', value: String(q.activity) }] });
    const done = await insertActivity(t.db, { customer: p.customer, caseId: p.caseA, status: 'completed' });
    expectError(await put(agent, v9([p.activity, done.id]), { id: String(p.caseB) }), '409-102', { format: 'json', details: [{ key: 'id', value: String(done.id) }] });
    const stranger = await insertCustomer(t.db, { departmentId: dept.id });
    const foreignCase = await insertCase(t.db, { departmentId: dept.id, customerId: stranger.id });
    expectError(await put(agent, v9([p.activity]), { id: String(foreignCase) }), '409-102', { format: 'json', details: [{ key: 'id', value: String(foreignCase) }] });
    expect(await caseOf(p.activity)).toBe(p.caseA);
    expect(await caseOf(done.id)).toBe(p.caseA);
    expect((await caseRow(p.caseA)).status).toBe('open');
  });

  it('400-160 when relating would give a case more than 75 related cases; nothing changes', async () => {
    const p = await pair();
    const others = await Promise.all(Array.from({ length: 75 }, () => insertCase(t.db, { departmentId: dept.id, customerId: p.customer.id })));
    await t.db.prisma.caseRelation.createMany({
      data: others.flatMap((o) => [
        { caseId: p.caseB, relatedCaseId: o },
        { caseId: o, relatedCaseId: p.caseB },
      ]),
    });
    expectError(await put(agent, v9([p.activity], '?relateCase=yes'), { id: String(p.caseB) }), '400-160', { format: 'json' });
    expect(await caseOf(p.activity)).toBe(p.caseA);
    expect((await caseRow(p.caseA)).status).toBe('open');
    expect(await related(p.caseA)).toEqual([]);
  });
});

describe('V9 concurrency', () => {
  it('two moves of one activity to new cases in parallel both succeed; the activity ends in one of them', async () => {
    const p = await pair();
    const results = await Promise.all([put(agent, v9([p.activity]), {}), put(supervisor, v9([p.activity]), {})]);
    expect(results.map((r) => r.statusCode)).toEqual([201, 201]);
    const created = results.map((r) => BigInt(r.json().case[0].id));
    expect(created).toContain(await caseOf(p.activity));
    // The first new case was left empty by the second move: it closed; A too.
    const statuses = await Promise.all(created.map(async (id) => (await caseRow(id)).status));
    expect(statuses.sort()).toEqual(['closed', 'open']);
    expect((await caseRow(p.caseA)).status).toBe('closed');
  });

  it('two moves of one activity to the same case in parallel: one 204, the other 204 or 400-152 (already there); never a deadlock', async () => {
    const p = await pair();
    const results = await Promise.all([put(agent, v9([p.activity]), { id: String(p.caseB) }), put(supervisor, v9([p.activity]), { id: String(p.caseB) })]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes[0]).toBe(204);
    expect([204, 400]).toContain(codes[1]);
    for (const r of results.filter((x) => x.statusCode === 400)) expectError(r, '400-152', { format: 'json' });
    expect(await caseOf(p.activity)).toBe(p.caseB);
  });

  it('crossing moves A→B and B→A in parallel both succeed (cases locked in id order)', async () => {
    const p = await pair();
    const results = await Promise.all([put(agent, v9([p.activity]), { id: String(p.caseB) }), put(supervisor, v9([p.other]), { id: String(p.caseA) })]);
    expect(results.map((r) => r.statusCode)).toEqual([204, 204]);
    expect(await caseOf(p.activity)).toBe(p.caseB);
    expect(await caseOf(p.other)).toBe(p.caseA);
    expect((await caseRow(p.caseA)).status).toBe('open');
    expect((await caseRow(p.caseB)).status).toBe('open');
  });
});
