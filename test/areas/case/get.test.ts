// K1 — get cases by ids (04 §7.1, §5, §6, §8; 01 §11).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { canonicalXml } from '../../helpers/xml-canonical.ts';
import { expectError } from '../../conformance/support.ts';
import { insertCase, insertCustomer } from '../../helpers/interaction.ts';
import { serviceDepartment } from '../customer/support.ts';
import {
  CASE,
  call,
  customerSession,
  defineAttribute,
  fill,
  fixture,
  newCase,
  ok,
  readCase,
  staff,
  world,
  xmlOf,
  type CaseView,
  type Staff,
  type World,
} from './support.ts';

let t: TestApp;
let w: World;
let service: { id: bigint; name: string };
let jenny: Staff;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  service = await serviceDepartment(t);
  jenny = await staff(t, ['agent'], { departmentId: service.id, firstName: 'Jenny', lastName: 'Anthony' });
});
afterAll(async () => t?.close());

/** The §6 example case: Ann Lee's "Issue with mobile phone", owned and last modified by Jenny. */
async function exampleCase() {
  const ann = await insertCustomer(t.db, { departmentId: service.id, firstName: 'Ann', lastName: 'Lee' });
  const id = await insertCase(t.db, {
    departmentId: service.id,
    customerId: ann.id,
    subject: 'Issue with mobile phone',
    ownerId: jenny.user.id,
    dueDate: new Date('2024-05-10T17:00:00.000Z'),
    createdById: jenny.user.id,
  });
  const c = await t.db.prisma.case.findUniqueOrThrow({ where: { id } });
  const replacements: Record<string, string> = {
    '1000024': String(id),
    '1000012': String(ann.id),
    '"999"': `"${service.id}"`,
    'id="999"': `id="${service.id}"`,
    '"name":"Service"': `"name":"${service.name}"`,
    '<plt:name>Service</plt:name>': `<plt:name>${service.name}</plt:name>`,
    '2024-05-02T10:16:02.481Z': c.lastModifiedAt.toISOString(),
    '"1002"': `"${jenny.ref.id}"`,
    'id="1002"': `id="${jenny.ref.id}"`,
    '"name":"Jenny"': `"name":"${jenny.ref.name}"`,
    '<plt:name>Jenny</plt:name>': `<plt:name>${jenny.ref.name}</plt:name>`,
  };
  return { id: String(id), ann, replacements };
}

describe('K1 representation (04 §6)', () => {
  it('answers the default set exactly as the §6 JSON example', async () => {
    const { id, replacements } = await exampleCase();
    expect(Number(id)).toBeGreaterThanOrEqual(1000000);
    const body = ok(await call(t.app, jenny, 'GET', `${CASE}/${id}`));
    expect(body).toEqual(JSON.parse(fill(fixture('case-default.json'), replacements)));
  });

  it('answers the default set exactly as the §6 XML example (namespaces of 03 §2.1)', async () => {
    const { id, replacements } = await exampleCase();
    const xml = xmlOf(await call(t.app, jenny, 'GET', `${CASE}/${id}`, { fmt: 'xml' }));
    expect(xml).toEqual(canonicalXml(fill(fixture('case-default.xml'), replacements)));
  });

  it('an unassigned case has "owner":{} in JSON and <owner/> in XML; activities link always present', async () => {
    const id = await newCase(t, w);
    const c = await readCase(t, w.agent, id, '');
    expect(c.owner).toEqual({});
    expect(c.activities).toEqual({ link: { rel: 'activity', href: `/system/ws/v12/interaction/activity?case=${id}` } });
    expect(c.dueDate).toBeUndefined();
    const xml = xmlOf(await call(t.app, w.agent, 'GET', `${CASE}/${id}`, { fmt: 'xml' }));
    const owner = xml.children[0]!.children.find((e) => e.name.endsWith('}owner'))!;
    expect(owner).toEqual({ name: '{http://bindings.egain.com/ws/model/v12/gen/interaction/case}owner', attrs: {}, children: [] });
  });

  it('optional groups as the §6 fragment: description, relatedCases (always an array), originatingChannel, notes, custom, created, lastClosed', async () => {
    const product = await defineAttribute(t, { objectType: 'case', name: `product_line_${Date.now()}` });
    const id = await newCase(t, w, { description: 'Phone does not charge', status: 'closed', createdById: jenny.user.id });
    const other = await newCase(t, w);
    await t.db.prisma.caseRelation.createMany({ data: [{ caseId: BigInt(id), relatedCaseId: BigInt(other) }, { caseId: BigInt(other), relatedCaseId: BigInt(id) }] });
    const def = await t.db.prisma.customAttributeDefinition.findFirstOrThrow({ where: { objectType: 'case', name: product } });
    await t.db.prisma.caseAttributeValue.create({ data: { caseId: BigInt(id), definitionId: def.id, position: 0, value: 'Phones', key: 'Phones' } });
    const c = await readCase(t, w.admin, id, 'description,relatedCases,originatingChannel,notes,created,lastClosed,custom');
    const fragment = JSON.parse(`{${fixture('case-optional-fragment.json')}}`) as Record<string, unknown>;
    expect(c.description).toBe(fragment.description);
    expect(c.relatedCases).toEqual({ link: [{ rel: 'case', href: `${CASE}/${other}` }] });
    expect(c.originatingChannel).toEqual(fragment.originatingChannel);
    expect(c.notes).toEqual({ link: { rel: 'note', href: `${CASE}/${id}/note` } });
    expect(c.customAttributes).toEqual({ customAttribute: [{ attribName: product, attribValues: { attribValue: [{ value: 'Phones' }] } }] });
    expect(c.created).toEqual({ date: expect.any(String), user: jenny.ref });
    expect(c.lastClosed).toEqual({ date: expect.any(String), user: jenny.ref });
    expect(c.solution).toBeUndefined();
  });

  it('default set leaves the optional groups out; es-ES display values', async () => {
    const id = await newCase(t, w, { description: 'x', severity: 'urgent' });
    const body = ok<{ case: CaseView[] }>(await call(t.app, w.agent, 'GET', `${CASE}/${id}`, { lang: 'es-ES' }));
    const c = body.case[0]!;
    expect(Object.keys(c)).toEqual(['id', 'link', 'activities', 'department', 'status', 'severity', 'subject', 'customer', 'owner', 'lastModified']);
    expect(c.status).toEqual({ value: 'open', displayValue: 'Abierto' });
    expect(c.severity).toEqual({ value: 'urgent', displayValue: 'Urgente' });
  });

  it('several ids in path order, with %2C and duplicates removed; the list wrapper for one id', async () => {
    const a = await newCase(t, w);
    const b = await newCase(t, w);
    const body = ok<{ case: CaseView[] }>(await call(t.app, w.agent, 'GET', `${CASE}/${b}%2C${a},${b}`));
    expect(body.case.map((c) => c.id)).toEqual([b, a]);
    expect(Array.isArray(ok<{ case: CaseView[] }>(await call(t.app, w.agent, 'GET', `${CASE}/${a}`)).case)).toBe(true);
  });
});

describe('K1 errors', () => {
  it('404-101 names every missing id; nothing is returned', async () => {
    const a = await newCase(t, w);
    expectError(await call(t.app, w.agent, 'GET', `${CASE}/${a},99999999,88888888`), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: '99999999' },
        { key: 'id', value: '88888888' },
      ],
    });
  });

  it('400-102 for a malformed id, 400-160 for more than 75, 400-102 for an unknown $attribute, 400-101 for paging', async () => {
    expectError(await call(t.app, w.agent, 'GET', `${CASE}/12a`), '400-102', { format: 'json' });
    const ids = Array.from({ length: 76 }, (_, i) => 2000000 + i).join(',');
    expectError(await call(t.app, w.agent, 'GET', `${CASE}/${ids}`), '400-160', { format: 'json' });
    const a = await newCase(t, w);
    expectError(await call(t.app, w.agent, 'GET', `${CASE}/${a}?$attribute=payload`), '400-102', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${CASE}/${a}?$pagesize=5`), '400-101', { format: 'json' });
    // Default field names are accepted and change nothing.
    ok(await call(t.app, w.agent, 'GET', `${CASE}/${a}?$attribute=subject,owner`));
  });

  it('department scoping: an agent or supervisor of another department gets 404-101; an administrator sees it', async () => {
    const other = await world(t);
    const a = await newCase(t, w);
    for (const who of [other.agent, other.supervisor]) {
      expectError(await call(t.app, who, 'GET', `${CASE}/${a}`), '404-101', { format: 'json', details: [{ key: 'id', value: a }] });
    }
    expect((await readCase(t, other.admin, a, '')).id).toBe(a);
  });

  it('a foreign department of the agent makes its cases visible', async () => {
    const other = await world(t);
    const a = await newCase(t, other);
    await t.db.prisma.userDepartment.create({ data: { userId: w.agent.user.id, departmentId: other.dept.id } });
    expect((await readCase(t, w.agent, a, '')).id).toBe(a);
  });
});

describe('K1 customer sessions (04 §8)', () => {
  it('sees the cases of its own customer; other cases are not found', async () => {
    const session = await customerSession(t, w.admin);
    const own = String(await insertCase(t.db, { departmentId: w.dept.id, customerId: BigInt(session.customer.id) }));
    const foreign = await newCase(t, w);
    expect((await readCase(t, session, own, '')).id).toBe(own);
    expectError(await call(t.app, session, 'GET', `${CASE}/${own},${foreign}`), '404-101', { format: 'json', details: [{ key: 'id', value: foreign }] });
  });
});
