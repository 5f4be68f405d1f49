// K5 — change the customer of a case (04 §7.5): the case's customer changes, its activities keep theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError } from '../../conformance/support.ts';
import { insertActivity, insertCase, insertCustomer } from '../../helpers/interaction.ts';
import { CASE, call, customerSession, fill, fixture, newCase, noContent, readCase, world, type World } from './support.ts';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

const change = (who: { headers: Record<string, string> }, id: string | bigint, opts: { body?: unknown; xml?: string }) =>
  call(t.app, who, 'PUT', `${CASE}/${id}/changecustomer`, opts);

describe('K5 change customer', () => {
  it('the §7.5 JSON example (numeric id): the case moves, its activities keep their customer and contact point', async () => {
    const target = await insertCustomer(t.db, { departmentId: w.dept.id, firstName: 'Bob', lastName: 'Stone' });
    const a = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id });
    const before = await t.db.prisma.activity.findUniqueOrThrow({ where: { id: a.id } });
    noContent(await change(w.agent, a.caseId, { body: JSON.parse(fill(fixture('changecustomer.json'), { '1000013': String(target.id) })) }));
    const c = await readCase(t, w.agent, String(a.caseId), '');
    expect(c.customer).toEqual({ id: String(target.id), customerName: 'Bob Stone', link: { rel: 'customer', href: `/system/ws/v12/interaction/customer/${target.id}` } });
    expect(c.lastModified.user).toEqual(w.agent.ref);
    expect(await t.db.prisma.activity.findUniqueOrThrow({ where: { id: a.id } })).toEqual(before);
  });

  it('the §7.5 XML example; the same customer again changes nothing and answers 204', async () => {
    const target = await insertCustomer(t.db, { departmentId: w.dept.id });
    const id = await newCase(t, w);
    noContent(await change(w.agent, id, { xml: fill(fixture('changecustomer.xml'), { '1000013': String(target.id) }) }));
    const c = await readCase(t, w.agent, id, '');
    expect(c.customer.id).toBe(String(target.id));
    noContent(await change(w.agent, id, { body: { customer: { id: String(target.id) }, lastModified: { date: c.lastModified.date } } }));
    expect((await readCase(t, w.agent, id, '')).lastModified.date).toBe(c.lastModified.date);
  });

  it('400-153 missing customer.id, 400-152 malformed or unknown customer, 400-150 no body', async () => {
    const id = await newCase(t, w);
    expectError(await change(w.agent, id, { body: {} }), '400-153', { format: 'json', details: [{ key: 'customer.id', value: '' }] });
    expectError(await change(w.agent, id, { body: { customer: {} } }), '400-153', { format: 'json' });
    expectError(await change(w.agent, id, { body: { customer: { id: 'abc' } } }), '400-152', { format: 'json', details: [{ key: 'customer.id', value: 'abc' }] });
    expectError(await change(w.agent, id, { body: { customer: { id: 99999999 } } }), '400-152', { format: 'json', details: [{ key: 'customer.id', value: '99999999' }] });
    expectError(await call(t.app, w.agent, 'PUT', `${CASE}/${id}/changecustomer`, { headers: { 'content-type': 'application/json' } }), '400-150', { format: 'json' });
  });

  it('404-101 unknown or invisible case, 409-102 closed case, 409-101 stale token, 403-197 customer session', async () => {
    const target = await insertCustomer(t.db, { departmentId: w.dept.id });
    const body = { customer: { id: String(target.id) } };
    expectError(await change(w.agent, 99999999n, { body }), '404-101', { format: 'json' });
    const other = await world(t);
    expectError(await change(w.agent, await newCase(t, other), { body }), '404-101', { format: 'json' });
    const closed = await newCase(t, w, { status: 'closed' });
    expectError(await change(w.agent, closed, { body }), '409-102', { format: 'json', details: [{ key: 'id', value: closed }] });
    const id = await newCase(t, w);
    expectError(await change(w.agent, id, { body: { ...body, lastModified: { date: '2020-01-01T00:00:00Z' } } }), '409-101', { format: 'json' });
    expect((await readCase(t, w.agent, id, '')).customer.id).toBe(String(w.customer.id));
    const session = await customerSession(t, w.admin);
    const own = await insertCase(t.db, { departmentId: w.dept.id, customerId: BigInt(session.customer.id) });
    expectError(await change(session, own, { body }), '403-197', { format: 'json' });
  });
});
