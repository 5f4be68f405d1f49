// U1 — get customers by ids (03 §7.1, §5, §6; 01 §11).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { canonicalXml } from '../../helpers/xml-canonical.ts';
import { expectError, FORMATS } from '../../conformance/support.ts';
import {
  attr,
  call,
  createCustomer,
  CUSTOMER,
  customAttributes,
  DEFAULT_KEYS,
  defineAttribute,
  fixture,
  fixtureJson,
  fill,
  individual,
  ok,
  person,
  point,
  serviceDepartment,
  specDefinitions,
  staff,
  uniq,
  xmlOf,
  type CustomerView,
  type Staff,
} from './support.ts';

type List = { customer: CustomerView[] };

let t: TestApp;
let service: { id: bigint; name: string };
let jenny: Staff;
let agent: Staff;
let supervisor: Staff;

beforeAll(async () => {
  t = await getTestApp();
  await specDefinitions(t);
  service = await serviceDepartment(t);
  jenny = await staff(t, ['administrator'], { departmentId: service.id, firstName: 'Jenny', lastName: 'Anthony' });
  agent = await staff(t, ['agent']);
  supervisor = await staff(t, ['supervisor']);
});
afterAll(async () => t?.close());

/** The replacements that turn the §6 default example into the expected answer for `c` (created by jenny). */
function defaultExample(c: CustomerView): Record<string, string> {
  return {
    '1000012': c.id,
    '1000020': person(c).id,
    '1000031': point(c, 'phone').id,
    '1000032': point(c, 'email').id,
    '"999"': `"${service.id}"`,
    '"name":"Service"': `"name":"${service.name}"`,
    '<plt:name>Service</plt:name>': `<plt:name>${service.name}</plt:name>`,
    '2024-05-02T10:15:30.123Z': c.lastModified.date,
    '"1002"': `"${jenny.ref.id}"`,
    '"name":"Jenny"': `"name":"${jenny.ref.name}"`,
    '<plt:name>Jenny</plt:name>': `<plt:name>${jenny.ref.name}</plt:name>`,
  };
}

const get = (who: Staff | { headers: Record<string, string> }, path: string, fmt: 'json' | 'xml' = 'json') => call(t.app, who, 'GET', `${CUSTOMER}/${path}`, { fmt });
const idsOf = async (path: string) => ok<List>(await get(agent, path)).customer.map((c) => c.id);

describe('U1 representation (03 §6)', () => {
  it('answers the default set exactly as the §6 example, JSON (ids, department, user and date aside)', async () => {
    const c = await createCustomer(t, jenny, fixtureJson('create-a.json'));
    expect(Number(c.id)).toBeGreaterThanOrEqual(1000000);
    const body = ok<List>(await get(agent, c.id));
    expect(body).toEqual(fixtureJson('customer-default.json', defaultExample(c)));
    // Contact points by id ascending (03 §4.2).
    expect(Number(point(c, 'phone').id)).toBeLessThan(Number(point(c, 'email').id));
  });

  it('answers the default set exactly as the §6 example, XML (namespaces of 03 §2.1)', async () => {
    const c = await createCustomer(t, jenny, fixtureJson('create-a.json'));
    const xml = xmlOf(await get(supervisor, c.id, 'xml'));
    expect(xml).toEqual(canonicalXml(fill(fixture('customer-default.xml'), defaultExample(c))));
  });

  it('answers a group customer with $attribute=all as the §6 example, JSON and XML', async () => {
    const c = await createCustomer(t, jenny, {
      type: { value: 'group', group: { type: { value: 'Family' }, region: { value: 'Europe' }, numberOfMembers: 4, currency: 'EUR' } },
      customerName: 'Lee Family',
      department: { name: 'Service' },
      contactPersons: { contactPerson: [{ firstName: 'Tom', lastName: 'Lee' }] },
      level: { value: 'Premium' },
      role: { value: 'Customer' },
      pin: '0121',
      marketSegment: 'Medical Products',
      ...customAttributes(attr('loyalty_tier', 'gold')),
    });
    const body = ok<List>(await get(agent, `${c.id}?$attribute=all`));
    const item = body.customer[0]!;
    expect(body.customer).toHaveLength(1);
    const map = {
      '1000040': c.id,
      '1000041': person(c).id,
      '"999"': `"${service.id}"`,
      '"name":"Service"': `"name":"${service.name}"`,
      '2024-05-01T08:00:00.000Z': item.created!.date,
      '2024-05-02T10:15:30.123Z': item.lastModified.date,
      '"1002"': `"${jenny.ref.id}"`,
      '"name":"Jenny"': `"name":"${jenny.ref.name}"`,
    };
    expect(item).toEqual(fixtureJson('customer-group-all.json', map));
    expect(Date.parse(item.created!.date)).toBeLessThanOrEqual(Date.parse(item.lastModified.date));

    const user = (name: string, date: string) =>
      `<${name} date="${date}"><cmn:user id="${jenny.ref.id}"><plt:name>${jenny.ref.name}</plt:name><plt:firstName>Jenny</plt:firstName><plt:lastName>Anthony</plt:lastName></cmn:user></${name}>`;
    const expected = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<customers xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/customer"
    xmlns:cas="http://bindings.egain.com/ws/model/v12/gen/interaction/case"
    xmlns:cpe="http://bindings.egain.com/ws/model/v12/gen/interaction/contactperson"
    xmlns:cmn="http://bindings.egain.com/ws/model/v12/gen/common"
    xmlns:plt="http://bindings.egain.com/ws/model/v12/gen/platform">
  <customer id="${c.id}">
    <link rel="self" href="${CUSTOMER}/${c.id}"/>
    <cases><cas:link rel="case" href="/system/ws/v12/interaction/case?customer=${c.id}"/></cases>
    <customerName>Lee Family</customerName>
    <department id="${service.id}"><plt:name>${service.name}</plt:name></department>
    <type><value>group</value><displayValue>Group</displayValue>
      <group>
        <type><cmn:value>Family</cmn:value><cmn:displayValue>Family</cmn:displayValue></type>
        <region><cmn:value>Europe</cmn:value><cmn:displayValue>Europe</cmn:displayValue></region>
        <numberOfMembers>4</numberOfMembers>
        <currency>EUR</currency>
      </group>
    </type>
    <contactPersons>
      <cpe:contactPerson id="${person(c).id}">
        <cpe:firstName>Tom</cpe:firstName><cpe:lastName>Lee</cpe:lastName>
        <cpe:hasDirectMailingConsent>false</cpe:hasDirectMailingConsent>
        <cpe:hasDirectCallingConsent>false</cpe:hasDirectCallingConsent>
        <cpe:hasHoldingDataConsent>false</cpe:hasHoldingDataConsent>
      </cpe:contactPerson>
    </contactPersons>
    <level><cmn:value>Premium</cmn:value><cmn:displayValue>Premium</cmn:displayValue></level>
    <role><cmn:value>Customer</cmn:value><cmn:displayValue>Customer</cmn:displayValue></role>
    <pin>0121</pin>
    <marketSegment>Medical Products</marketSegment>
    <customAttributes>
      <cmn:customAttribute>
        <cmn:attribName>loyalty_tier</cmn:attribName>
        <cmn:attribValues><cmn:attribValue><cmn:value>gold</cmn:value></cmn:attribValue></cmn:attribValues>
      </cmn:customAttribute>
    </customAttributes>
    ${user('created', item.created!.date)}
    ${user('lastModified', item.lastModified.date)}
  </customer>
</customers>`;
    expect(xmlOf(await get(agent, `${c.id}?$attribute=all`, 'xml'))).toEqual(canonicalXml(expected));
  });

  it('writes displayValues in es-ES for Accept-Language es-ES (03 §2.8, 01 §17)', async () => {
    const c = await createCustomer(t, jenny, { type: { value: 'group', group: { type: { value: 'Club' } } }, customerName: `Club ${uniq()}` });
    const res = await call(t.app, agent, 'GET', `${CUSTOMER}/${c.id}`, { lang: 'es-ES' });
    expect(res.headers['content-language']).toBe('es-ES');
    expect(ok<List>(res).customer[0]!.type).toMatchObject({ value: 'group', displayValue: 'Grupo' });
    const ind = await createCustomer(t, jenny, { ...individual({ person: { gender: { value: 'male' } } }) });
    const es = ok<List>(await call(t.app, agent, 'GET', `${CUSTOMER}/${ind.id}`, { lang: 'es-ES' })).customer[0]!;
    expect(es.type).toEqual({ value: 'individual', displayValue: 'Individual' });
    expect(person(es).gender).toEqual({ value: 'male', displayValue: 'Masculino' });
    expect(point(es, 'email').type.displayValue).toBe('Correo electrónico');
    expect(point(es, 'email').priority).toEqual({ value: 'medium', displayValue: 'Media' });
  });
});

describe('U1 ids (03 §7.1, 01 §11)', () => {
  let a: CustomerView;
  let b: CustomerView;
  let c: CustomerView;
  beforeAll(async () => {
    a = await createCustomer(t, jenny, individual({ firstName: 'Ada' }));
    b = await createCustomer(t, jenny, individual({ firstName: 'Bea' }));
    c = await createCustomer(t, jenny, individual({ firstName: 'Cal' }));
  });

  it('answers one id as a list of one, for every staff role', async () => {
    for (const who of [jenny, supervisor, agent]) {
      const body = ok<List>(await get(who, a.id));
      expect(body.customer.map((x) => x.customerName)).toEqual(['Ada Lee']);
      expect(Object.keys(body)).toEqual(['customer']);
    }
  });

  it('answers several ids in the order of the path', async () => {
    expect(await idsOf(`${c.id},${a.id},${b.id}`)).toEqual([c.id, a.id, b.id]);
    expect(await idsOf(`${b.id},${c.id}`)).toEqual([b.id, c.id]);
  });

  it('accepts %2C as separator', async () => {
    expect(await idsOf(`${c.id}%2C${a.id}`)).toEqual([c.id, a.id]);
    expect(await idsOf(`${a.id}%2c${b.id}`)).toEqual([a.id, b.id]);
  });

  it('collapses duplicates, keeping the first appearance', async () => {
    expect(await idsOf(`${b.id},${a.id},${b.id},${a.id}`)).toEqual([b.id, a.id]);
    expect(await idsOf(`${a.id},${a.id}`)).toEqual([a.id]);
  });

  it('answers XML lists in path order', async () => {
    const xml = xmlOf(await get(agent, `${b.id},${a.id}`, 'xml'));
    expect(xml.name).toBe(`{http://bindings.egain.com/ws/model/v12/gen/interaction/customer}customers`);
    expect(xml.children.map((x) => [x.name, x.attrs.id])).toEqual([
      ['{http://bindings.egain.com/ws/model/v12/gen/interaction/customer}customer', b.id],
      ['{http://bindings.egain.com/ws/model/v12/gen/interaction/customer}customer', a.id],
    ]);
  });

  it.each(FORMATS)('refuses more than 75 ids with 400-160 (%s)', async (fmt) => {
    const ids = Array.from({ length: 76 }, (_, i) => String(Number(a.id) + i));
    expectError(await get(agent, ids.join(','), fmt), '400-160', { format: fmt, details: [{ key: 'limit', value: '75' }] });
    // 75 distinct ids are within the limit (some do not exist: 404-101, not 400-160).
    const res = await get(agent, ids.slice(0, 75).join(','));
    expect(res.statusCode).not.toBe(400);
  });

  it.each(['abc', `${'1'},,2`, '12,', ',12', '+5', '-3', '1.5', '0', '12a', '1 2'])('refuses the malformed id list %j with 400-102', async (raw) => {
    expectError(await get(agent, encodeURIComponent(raw).replace(/%2C/g, ',')), '400-102', { format: 'json', details: [{ key: 'ids', value: raw }] });
  });

  it('answers XML 400-102 for a malformed id', async () => {
    expectError(await get(agent, 'x1', 'xml'), '400-102', { details: [{ key: 'ids', value: 'x1' }] });
  });

  it.each(FORMATS)('answers 404-101 naming every missing id, and nothing else (%s)', async (fmt) => {
    const res = await get(agent, `${a.id},999999991,${b.id},999999992`, fmt);
    expectError(res, '404-101', {
      format: fmt,
      details: [
        { key: 'id', value: '999999991' },
        { key: 'id', value: '999999992' },
      ],
    });
    expect(res.body).not.toContain('Ada');
  });

  it('answers 401-101 without a session', async () => {
    expectError(await call(t.app, null, 'GET', `${CUSTOMER}/${a.id}`), '401-101', { format: 'json' });
  });
});

describe('U1 $attribute (03 §5)', () => {
  let rich: CustomerView;
  let preferred: Staff;
  let single: string;
  let multi: string;
  beforeAll(async () => {
    preferred = await staff(t, ['agent'], { firstName: 'Pref', lastName: 'Agent' });
    single = await defineAttribute(t, { name: uniq('b_') });
    multi = await defineAttribute(t, { name: uniq('a_'), multiValued: true });
    rich = await createCustomer(
      t,
      jenny,
      individual({
        extra: {
          level: { value: 'gold' },
          role: { value: 'PARTNER' },
          pin: '0042',
          howReferred: { value: 'Website' },
          industry: { value: 'financial services' },
          marketSegment: 'Retail',
          entitlements: 'Gold support',
          preferredAgent: { user: { id: String(preferred.user.id) } },
          ...customAttributes(attr(single, 'one'), attr(multi, 'x', 'y')),
        },
      }),
    );
  });

  const withAttribute = async (value: string) => ok<List>(await get(agent, `${rich.id}?$attribute=${value}`)).customer[0]!;

  it('answers the default set without $attribute and with a blank one', async () => {
    for (const q of ['', '?$attribute=']) {
      const c = ok<List>(await get(agent, `${rich.id}${q}`)).customer[0]!;
      expect(Object.keys(c).sort()).toEqual([...DEFAULT_KEYS].sort());
    }
  });

  it('adds each named group and only it (canonical enumeration spellings, 01 §5.3)', async () => {
    const expected: Record<string, unknown> = {
      level: { value: 'Gold', displayValue: 'Gold' },
      role: { value: 'Partner', displayValue: 'Partner' },
      pin: '0042',
      howReferred: { value: 'Website', displayValue: 'Website' },
      industry: { value: 'Financial Services', displayValue: 'Financial Services' },
      marketSegment: 'Retail',
      entitlements: 'Gold support',
      preferredAgent: { user: preferred.ref },
    };
    for (const [group, value] of Object.entries(expected)) {
      const c = await withAttribute(group);
      expect(Object.keys(c).sort(), group).toEqual([...DEFAULT_KEYS, group].sort());
      expect(c[group], group).toEqual(value);
    }
    const c = await withAttribute('created');
    expect(Object.keys(c).sort()).toEqual([...DEFAULT_KEYS, 'created'].sort());
    expect(c.created).toEqual({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/), user: jenny.ref });
  });

  it('takes a comma list, any letter case', async () => {
    const c = await withAttribute('LEVEL,pin,Role');
    expect(Object.keys(c).sort()).toEqual([...DEFAULT_KEYS, 'level', 'pin', 'role'].sort());
  });

  it('answers everything with all, custom attributes by name ascending with values in written order', async () => {
    const c = await withAttribute('all');
    expect(Object.keys(c).sort()).toEqual(
      [...DEFAULT_KEYS, 'level', 'role', 'pin', 'howReferred', 'industry', 'marketSegment', 'entitlements', 'preferredAgent', 'customAttributes', 'created'].sort(),
    );
    expect(c.customAttributes).toEqual({ customAttribute: [attr(multi, 'x', 'y'), attr(single, 'one')] });
    expect((await withAttribute('all,level')).customAttributes).toEqual(c.customAttributes);
  });

  it('answers all custom attributes with custom and its alias customAttributes, one with custom.<name>', async () => {
    for (const group of ['custom', 'customAttributes']) {
      const c = await withAttribute(group);
      expect(Object.keys(c).sort()).toEqual([...DEFAULT_KEYS, 'customAttributes'].sort());
      expect(c.customAttributes).toEqual({ customAttribute: [attr(multi, 'x', 'y'), attr(single, 'one')] });
    }
    const one = await withAttribute(`custom.${single}`);
    expect(Object.keys(one).sort()).toEqual([...DEFAULT_KEYS, 'customAttributes'].sort());
    expect(one.customAttributes).toEqual({ customAttribute: [attr(single, 'one')] });
  });

  it('accepts the names of default fields, which change nothing', async () => {
    const c = await withAttribute('id,customerName,type,contactPersons,department,lastModified,link,cases');
    expect(Object.keys(c).sort()).toEqual([...DEFAULT_KEYS].sort());
  });

  it.each(FORMATS)('refuses an unknown group or an undefined custom.<name> with 400-102 (%s)', async (fmt) => {
    expectError(await get(agent, `${rich.id}?$attribute=bogus`, fmt), '400-102', { format: fmt, details: [{ key: '$attribute', value: 'bogus' }] });
    const undefinedName = `custom.${uniq('nope_')}`;
    expectError(await get(agent, `${rich.id}?$attribute=${undefinedName}`, fmt), '400-102', { format: fmt, details: [{ key: '$attribute', value: undefinedName }] });
  });

  it.each([
    ['$pagesize', '5'],
    ['$pagenum', '1'],
    ['$sort', 'id'],
    ['$count', 'yes'],
    ['$rangesize', '5'],
    ['foo', '1'],
  ])('refuses the parameter %s with 400-101', async (name, value) => {
    expectError(await get(agent, `${rich.id}?${name}=${value}`), '400-101', { format: 'json', details: [{ key: name, value }] });
  });
});
