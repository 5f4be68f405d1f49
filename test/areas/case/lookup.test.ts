// K9 — case lookup (v20, 04 §7.6): the K2 criteria in the body, the K2 answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError } from '../../conformance/support.ts';
import { insertCase, insertCustomer } from '../../helpers/interaction.ts';
import { LOOKUP, CASE, call, customerSession, defineAttribute, fill, fixture, lookupIds, noContent, ok, world, xmlOf, type CasePage, type World } from './support.ts';

let t: TestApp;
let w: World;
let productLine: string;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  productLine = await defineAttribute(t, { objectType: 'case' });
});
afterAll(async () => t?.close());

async function exampleData() {
  const ann = await insertCustomer(t.db, { departmentId: w.dept.id });
  const id = await insertCase(t.db, { departmentId: w.dept.id, customerId: ann.id });
  const noValue = await insertCase(t.db, { departmentId: w.dept.id, customerId: ann.id });
  await insertCase(t.db, { departmentId: w.dept.id, customerId: ann.id, status: 'closed' });
  const def = await t.db.prisma.customAttributeDefinition.findFirstOrThrow({ where: { objectType: 'case', name: productLine } });
  await t.db.prisma.caseAttributeValue.create({ data: { caseId: id, definitionId: def.id, position: 0, value: 'Phones', key: 'Phones' } });
  return { ann, id: String(id), noValue: String(noValue), replacements: { 'ann@example.com': ann.email!, product_line: productLine } };
}

describe('K9 lookup', () => {
  it('the §7.6 JSON example: email, status, createdDate range and a custom attribute, ANDed; hrefs point to v12', async () => {
    const { id, replacements } = await exampleData();
    const res = await call(t.app, w.agent, 'POST', LOOKUP, { body: JSON.parse(fill(fixture('lookup.json'), replacements)) });
    const page = ok<CasePage>(res);
    expect(page.case.map((c) => c.id)).toEqual([id]);
    expect(page.case[0]!.link.href).toBe(`${CASE}/${id}`);
    expect(page.paginationInfo).toEqual({ count: 1, pagenum: 1, pagesize: 25 });
    expect(page.link.href).toBe(LOOKUP);
  });

  it('the §7.6 XML example (any root element) with an XML answer', async () => {
    const { id, noValue, replacements } = await exampleData();
    const xml = xmlOf(await call(t.app, w.agent, 'POST', `${LOOKUP}?$sort=createdDate&$order=desc`, { xml: fill(fixture('lookup.xml'), replacements), fmt: 'xml' }));
    expect(xml.name).toBe('{http://bindings.egain.com/ws/model/v12/gen/interaction/case}cases');
    const ids = xml.children.filter((e) => e.name.endsWith('}case')).map((e) => e.attrs.id);
    expect(ids).toEqual([noValue, id]);
  });

  it('other criteria, unknown properties ignored, phone with formatting, paging and $attribute', async () => {
    const mine = await world(t);
    const a = String(await insertCase(t.db, { departmentId: mine.dept.id, customerId: mine.customer.id, severity: 'low', ownerId: mine.agent.user.id, description: 'D' }));
    const b = String(await insertCase(t.db, { departmentId: mine.dept.id, customerId: mine.customer.id }));
    expect(await lookupIds(t, mine.agent, { department: String(mine.dept.id), severity: 'LOW', whatever: 1 })).toEqual([a]);
    expect(await lookupIds(t, mine.agent, { owner: Number(mine.agent.user.id) })).toEqual([a]);
    expect(await lookupIds(t, mine.agent, { ownerLoginId: mine.agent.user.loginId })).toEqual([a]);
    expect(await lookupIds(t, mine.agent, { customer: String(mine.customer.id) }, '?$pagesize=1&$pagenum=2')).toEqual([b]);
    const page = ok<CasePage>(await call(t.app, mine.agent, 'POST', `${LOOKUP}?$attribute=description`, { body: { customer: String(mine.customer.id) } }));
    expect(page.case[0]!.description).toBe('D');
    await t.db.prisma.contactPoint.create({
      data: { customerId: mine.customer.id, contactPersonId: mine.customer.contactPersonId, kind: 'phone', phoneNo: '5550199', phoneDigits: '5550199', phoneDigitsArea: '5550199', phoneDigitsFull: '5550199' },
    });
    expect(await lookupIds(t, mine.agent, { phone: '555-0199' })).toEqual([a, b]);
    noContent(await call(t.app, mine.agent, 'POST', LOOKUP, { body: { customer: String(mine.customer.id), status: 'closed' } }));
  });

  it('visibility: other departments left out; customer sessions only their own cases', async () => {
    const other = await world(t);
    await insertCase(t.db, { departmentId: other.dept.id, customerId: other.customer.id });
    expect(await lookupIds(t, w.agent, { customer: String(other.customer.id) })).toEqual([]);
    expect((await lookupIds(t, other.admin, { customer: String(other.customer.id) })).length).toBe(1);
    const session = await customerSession(t, w.admin);
    const own = String(await insertCase(t.db, { departmentId: w.dept.id, customerId: BigInt(session.customer.id) }));
    expect(await lookupIds(t, session, { status: 'open' })).toEqual([own]);
    expect(await lookupIds(t, session, { customer: String(other.customer.id) })).toEqual([]);
  });

  it('400-103 no criterion, 400-152 bad values, 400-150 malformed body, 400-101/400-102 query', async () => {
    expectError(await call(t.app, w.agent, 'POST', LOOKUP, { body: { unknown: 'x' } }), '400-103', { format: 'json' });
    expectError(await call(t.app, w.agent, 'POST', LOOKUP, { body: { status: 'pending' } }), '400-152', { format: 'json', details: [{ key: 'status', value: 'pending' }] });
    expectError(await call(t.app, w.agent, 'POST', LOOKUP, { body: { createdDate: '2024-01-01T00:00:00Z' } }), '400-152', { format: 'json' });
    expectError(await call(t.app, w.agent, 'POST', LOOKUP, { body: { customer: 'abc' } }), '400-152', { format: 'json' });
    expectError(await call(t.app, w.agent, 'POST', LOOKUP, { body: { email: '' } }), '400-152', { format: 'json' });
    const attrs = (name: string, ...values: string[]) => ({ customAttributes: { customAttribute: [{ attribName: name, attribValues: { attribValue: values.map((value) => ({ value })) } }] } });
    expectError(await call(t.app, w.agent, 'POST', LOOKUP, { body: attrs('nope_nope', 'x') }), '400-152', { format: 'json' });
    expectError(await call(t.app, w.agent, 'POST', LOOKUP, { body: attrs(productLine, 'a', 'b') }), '400-152', { format: 'json' });
    expectError(await call(t.app, w.agent, 'POST', LOOKUP, { headers: { 'content-type': 'application/json' } }), '400-150', { format: 'json' });
    expectError(await call(t.app, w.agent, 'POST', `${LOOKUP}?status=open`, { body: { status: 'open' } }), '400-101', { format: 'json' });
    expectError(await call(t.app, w.agent, 'POST', `${LOOKUP}?$sort=subject`, { body: { status: 'open' } }), '400-102', { format: 'json' });
    expectError(await call(t.app, w.agent, 'POST', `${LOOKUP}?$attribute=custom.nope_nope`, { body: { status: 'open' } }), '400-102', { format: 'json' });
  });
});
