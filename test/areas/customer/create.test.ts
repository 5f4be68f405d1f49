// U3 — create customer (03 §7.3, §3, §4; body rules §2.3, 01 §3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createDepartment, createUser } from '../../helpers/auth.ts';
import { canonicalXml } from '../../helpers/xml-canonical.ts';
import { expectError, FORMATS } from '../../conformance/support.ts';
import {
  attr,
  call,
  corporate,
  created,
  createCustomer,
  CUSTOMER,
  customAttributes,
  customerLogin,
  digits,
  emailPoint,
  fill,
  fixture,
  fixtureJson,
  individual,
  NS,
  ok,
  person,
  phonePoint,
  point,
  points,
  readCustomer,
  serviceDepartment,
  specDefinitions,
  staff,
  uniq,
  uniqueEmail,
  xmlOf,
  type CustomerView,
  type Staff,
} from './support.ts';

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

const post = (body: unknown, opts: { query?: string; fmt?: 'json' | 'xml'; who?: Staff } = {}) =>
  call(t.app, opts.who ?? agent, 'POST', `${CUSTOMER}${opts.query ?? ''}`, { body, fmt: opts.fmt ?? 'json' });
const postXml = (xml: string, fmt: 'json' | 'xml' = 'xml', who: Staff = jenny) => call(t.app, who, 'POST', CUSTOMER, { xml, fmt });

const defaultExample = (c: CustomerView) => ({
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
});

const P0 = 'contactPersons.contactPerson[0]';
const CP0 = `${P0}.contactPoints.contactPoint[0]`;
const withPoint = (p: Record<string, unknown>) => individual({ email: null, points: [p] });

/** 400-152/400-153 naming exactly this attribute (and value, when given). */
function expectInvalid(res: LightMyRequestResponse, code: '400-152' | '400-153', key: string, value?: string) {
  const body = expectError(res, code, { format: 'json' });
  expect(body.details.map((d) => d.key), res.body).toContain(key);
  // Detail values are cut at 255 characters (01 §7.1).
  if (value !== undefined) expect(body.details.find((d) => d.key === key)!.value).toBe(Array.from(value).slice(0, 255).join(''));
}

/** 400-152/400-153 naming an attribute at or below `prefix` (where the contract leaves the exact leaf open). */
function expectInvalidUnder(res: LightMyRequestResponse, code: '400-152' | '400-153', prefix: string) {
  const body = expectError(res, code, { format: 'json' });
  expect(body.details.length, res.body).toBeGreaterThan(0);
  expect(body.details.some((d) => d.key === prefix || d.key.startsWith(`${prefix}.`) || d.key.startsWith(`${prefix}[`)), res.body).toBe(true);
}

describe('U3 the examples of §7.3', () => {
  it('example A (JSON): 201, Location, the default set of §6', async () => {
    const res = await post(fixtureJson('create-a.json'), { who: jenny });
    const c = created(res);
    expect(Number(c.id)).toBeGreaterThanOrEqual(1000000);
    expect(JSON.parse(res.body)).toEqual(fixtureJson('customer-default.json', defaultExample(c)));
    expect(res.headers['x-egain-session']).toBe(jenny.headers['x-egain-session']);
  });

  it('example A (XML): 201, Location, the XML default set of §6', async () => {
    const res = await postXml(fixture('create-a.xml'));
    const root = xmlOf(res, 201);
    const id = root.children[0]!.attrs.id!;
    expect(res.headers.location).toBe(`${CUSTOMER}/${id}`);
    const c = await readCustomer(t, jenny, id, '');
    expect(root).toEqual(canonicalXml(fill(fixture('customer-default.xml'), defaultExample(c))));
  });

  it('example A (XML request) answered in JSON', async () => {
    const c = created(await postXml(fixture('create-a.xml'), 'json'));
    expect(c.customerName).toBe('Ann Lee');
    expect(points(c).map((p) => p.type.value)).toEqual(['phone', 'email']);
  });

  it('example A2: department by name, custom attributes (the load-test body)', async () => {
    const value = `EXT-${digits(8)}`;
    const c = created(await post(fixtureJson('create-a2.json', { 'EXT-90000001': value })));
    expect(c.department).toEqual({ id: String(service.id), name: service.name });
    expect(c.customerName).toBe('Tom Berg');
    expect(c.customAttributes).toBeUndefined();
    expect(person(c)).toMatchObject({ salutation: 'Mr.', firstName: 'Tom', lastName: 'Berg', gender: { value: 'male', displayValue: 'Male' }, jobTitle: 'Buyer' });
    expect(point(c, 'phone').type.phone).toEqual({ type: { value: 'mobile', displayValue: 'Mobile' }, countryCode: '1', phoneNo: '6175550100' });
    expect(point(c, 'email').type.email).toEqual({ emailAddress: 'tom.berg.r42@example.net' });
    const read = await readCustomer(t, agent, c.id, 'custom');
    expect(read.customAttributes).toEqual({ customAttribute: [attr('external_id', value), attr('loyalty_tier', 'silver'), attr('region', 'Northeast')] });
  });

  it('the minimal individual: customerName derived, department = the caller’s home department', async () => {
    const c = created(await post(fixtureJson('create-minimal.json')));
    expect(c).toEqual({
      id: c.id,
      link: { rel: 'self', href: `${CUSTOMER}/${c.id}` },
      cases: { link: { rel: 'case', href: `/system/ws/v12/interaction/case?customer=${c.id}` } },
      customerName: 'Jack',
      department: { id: String(agent.department.id), name: agent.department.name },
      type: { value: 'individual', displayValue: 'Individual' },
      contactPersons: {
        contactPerson: [{ id: person(c).id, firstName: 'Jack', hasDirectMailingConsent: false, hasDirectCallingConsent: false, hasHoldingDataConsent: false }],
      },
      lastModified: { date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/), user: agent.ref },
    });
  });

  it('the group example', async () => {
    const c = created(await post(fixtureJson('create-group.json'), { who: supervisor }));
    expect(c.customerName).toBe('Lee Family');
    expect(c.department).toEqual({ id: String(service.id), name: service.name });
    expect(c.type).toEqual({
      value: 'group',
      displayValue: 'Group',
      group: { type: { value: 'Family', displayValue: 'Family' }, region: { value: 'Europe', displayValue: 'Europe' }, numberOfMembers: 4 },
    });
    const persons = c.contactPersons!.contactPerson;
    expect(persons.map((p) => [p.firstName, p.lastName])).toEqual([
      ['Ann', 'Lee'],
      ['Tom', 'Lee'],
    ]);
    expect(Number(persons[0]!.id)).toBeLessThan(Number(persons[1]!.id));
    expect((await readCustomer(t, agent, c.id, 'custom')).customAttributes).toEqual({ customAttribute: [attr('loyalty_tier', 'gold')] });
  });

  it('the corporate example: no contact persons', async () => {
    const c = created(await post(fixtureJson('create-corporate.json')));
    expect(c.customerName).toBe('Acme Corp');
    expect(c.type).toEqual({
      value: 'corporate',
      displayValue: 'Corporate',
      corporate: { region: { value: 'North America', displayValue: 'North America' }, numberOfEmployees: 1200 },
    });
    expect(c.contactPersons).toBeUndefined();
  });
});

describe('U3 body forms (03 §2.3, 01 §3.2)', () => {
  it('accepts the wrapper with one item (array or object, JSON or XML); more than one → 400-152', async () => {
    expect(created(await post({ customer: [individual({ firstName: 'Wrapped' })] })).customerName).toBe('Wrapped Lee');
    expect(created(await post({ customer: individual({ firstName: 'Single' }) })).customerName).toBe('Single Lee');
    const xml = `<customers xmlns="${NS.cus}" xmlns:cpe="${NS.cpe}"><customer><type><value>individual</value></type><contactPersons><cpe:contactPerson><cpe:firstName>Xml</cpe:firstName></cpe:contactPerson></contactPersons></customer></customers>`;
    expect(created(await postXml(xml, 'json')).customerName).toBe('Xml');
    expectError(await post({ customer: [individual(), individual()] }), '400-152', { format: 'json' });
  });

  it('accepts a single object where the JSON form has an array (B1)', async () => {
    const email = uniqueEmail();
    const c = created(await post({ type: { value: 'individual' }, contactPersons: { contactPerson: { firstName: 'One', contactPoints: { contactPoint: emailPoint(email) } } } }));
    expect(point(c, 'email').type.email!.emailAddress).toBe(email);
  });

  it('ignores unknown and read-only fields, and null values', async () => {
    const c = created(await post({ ...individual({ firstName: 'Ro' }), id: '1', foo: 'bar', link: { rel: 'self', href: '/x' }, created: { date: '2020-01-01T00:00:00.000Z' }, level: null, pin: null }));
    expect(c.id).not.toBe('1');
    expect(c.customerName).toBe('Ro Lee');
    const read = await readCustomer(t, agent, c.id);
    expect(read.level).toBeUndefined();
    expect(read.pin).toBeUndefined();
    expect(Date.parse(read.created!.date)).toBeGreaterThan(Date.parse('2020-01-02T00:00:00.000Z'));
  });

  it('trims names, email addresses and login ids (B3)', async () => {
    const email = uniqueEmail();
    const loginId = uniqueEmail('login');
    const c = created(await post(individual({ firstName: '  Ann  ', lastName: ' Lee ', email: `  ${email} `, person: { loginId: ` ${loginId} `, password: 'Cust0mer!pw' } })));
    expect(c.customerName).toBe('Ann Lee');
    expect(person(c)).toMatchObject({ firstName: 'Ann', lastName: 'Lee', loginId });
    expect(point(c, 'email').type.email!.emailAddress).toBe(email);
  });

  it('answers the $attribute the request asks for; an unknown name → 400-102', async () => {
    const c = created(await post(individual({ extra: { level: { value: 'Gold' } } }), { query: '?$attribute=level,created' }));
    expect(c.level).toEqual({ value: 'Gold', displayValue: 'Gold' });
    expect(c.created!.user).toEqual(agent.ref);
    expectError(await post(individual(), { query: '?$attribute=bogus' }), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'bogus' }] });
  });

  it('refuses other query parameters with 400-101', async () => {
    expectError(await post(individual(), { query: '?foo=1' }), '400-101', { format: 'json', details: [{ key: 'foo', value: '1' }] });
  });

  it('refuses a malformed body with 400-150', async () => {
    expectError(await t.app.inject({ method: 'POST', url: CUSTOMER, headers: { ...agent.headers, accept: 'application/json', 'content-type': 'application/json' }, payload: '{"type":' }), '400-150', { format: 'json' });
    expectError(await t.app.inject({ method: 'POST', url: CUSTOMER, headers: { ...agent.headers, accept: 'application/json', 'content-type': 'application/json' }, payload: '[]' }), '400-150', { format: 'json' });
  });

  it('answers 401-101 without a session', async () => {
    expectError(await call(t.app, null, 'POST', CUSTOMER, { body: individual() }), '401-101', { format: 'json' });
  });
});

describe('U3 department (03 §7.3)', () => {
  it('takes the department by id or by name, else the caller’s home department', async () => {
    const d = await createDepartment(t.db, uniq('Dept '));
    expect(created(await post(corporate(undefined, { department: { id: String(d.id) } }))).department).toEqual({ id: String(d.id), name: d.name });
    expect(created(await post(corporate(undefined, { department: { name: d.name } }))).department).toEqual({ id: String(d.id), name: d.name });
    expect(created(await post(corporate(), { who: supervisor })).department).toEqual({ id: String(supervisor.department.id), name: supervisor.department.name });
  });

  it.each(FORMATS)('refuses an unknown department with 400-152 (%s)', async (fmt) => {
    expectError(await post(corporate(undefined, { department: { id: '999999999' } }), { fmt }), '400-152', { format: fmt, details: [{ key: 'department.id', value: '999999999' }] });
    const name = uniq('No such department ');
    expectError(await post(corporate(undefined, { department: { name } }), { fmt }), '400-152', { format: fmt, details: [{ key: 'department.name', value: name }] });
  });
});

describe('U3 required fields (03 §3, §7.3)', () => {
  it('needs type.value (400-153); an unknown type → 400-152', async () => {
    const noType = expectError(await post({ customerName: 'x', contactPersons: { contactPerson: [{ firstName: 'A' }] } }), '400-153', { format: 'json' });
    expect(['type', 'type.value']).toContain(noType.details[0]?.key);
    expectInvalid(await post({ type: {}, customerName: 'x' }), '400-153', 'type.value', '');
    expectInvalid(await post({ type: { value: '' }, customerName: 'x' }), '400-153', 'type.value', '');
    expectInvalidUnder(await post({ type: { value: 'person' }, customerName: 'x' }), '400-152', 'type');
  });

  it('individual: exactly one contact person with firstName', async () => {
    expectInvalidUnder(await post({ type: { value: 'individual' } }), '400-153', 'contactPersons');
    expectInvalidUnder(await post({ type: { value: 'individual' }, contactPersons: { contactPerson: [] } }), '400-153', 'contactPersons');
    expectInvalidUnder(await post({ type: { value: 'individual' }, contactPersons: { contactPerson: [{ firstName: 'A' }, { firstName: 'B' }] } }), '400-152', 'contactPersons');
    expectInvalid(await post({ type: { value: 'individual' }, contactPersons: { contactPerson: [{ lastName: 'Lee' }] } }), '400-153', `${P0}.firstName`, '');
    expectInvalid(await post({ type: { value: 'individual' }, contactPersons: { contactPerson: [{ firstName: '' }] } }), '400-153', `${P0}.firstName`, '');
    expectInvalid(await post({ type: { value: 'individual' }, contactPersons: { contactPerson: [{ firstName: '   ' }] } }), '400-153', `${P0}.firstName`);
  });

  it('group: customerName and type.group.type', async () => {
    expectInvalid(await post({ type: { value: 'group', group: { type: { value: 'Club' } } } }), '400-153', 'customerName', '');
    expectInvalid(await post({ type: { value: 'group', group: { type: { value: 'Club' } } }, customerName: '' }), '400-153', 'customerName', '');
    expectInvalid(await post({ type: { value: 'group', group: { region: { value: 'Europe' } } }, customerName: 'G' }), '400-153', 'type.group.type', '');
  });

  it('corporate: customerName of 1–124 characters', async () => {
    expectInvalid(await post({ type: { value: 'corporate' } }), '400-153', 'customerName', '');
    expectInvalid(await post({ type: { value: 'corporate' }, customerName: '' }), '400-153', 'customerName', '');
    const long = 'x'.repeat(125);
    expectInvalid(await post(corporate(long)), '400-152', 'customerName', long);
    expect(created(await post(corporate('y'.repeat(124)))).customerName).toBe('y'.repeat(124));
  });

  it('contact persons of groups and corporates need a firstName too', async () => {
    expectInvalid(await post(corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'A' }, { lastName: 'B' }] } })), '400-153', 'contactPersons.contactPerson[1].firstName', '');
  });

  it.each([
    ['email', { type: { value: 'email', email: {} } }, 'type.email.emailAddress'],
    ['email', { type: { value: 'email', email: { emailAddress: '' } } }, 'type.email.emailAddress'],
    ['phone', { type: { value: 'phone', phone: { countryCode: '1' } } }, 'type.phone.phoneNo'],
    ['postal', { type: { value: 'postal', postal: { city: 'Boston' } } }, 'type.postal.address_1'],
    ['web', { type: { value: 'web', web: {} } }, 'type.web.url'],
    ['social', { type: { value: 'social', social: { socialId: 'ann' } } }, 'type.social.type'],
    ['social', { type: { value: 'social', social: { type: { value: 'twitter' } } } }, 'type.social.socialId'],
  ])('a %s contact point without its required field → 400-153 (%#)', async (_kind, p, key) => {
    expectInvalid(await post(withPoint(p)), '400-153', `${CP0}.${key}`, '');
  });

  it.each(FORMATS)('answers 400-153 for an XML body without firstName (%s answer)', async (fmt) => {
    const xml = `<customer xmlns="${NS.cus}" xmlns:cpe="${NS.cpe}"><type><value>individual</value></type><contactPersons><cpe:contactPerson><cpe:lastName>Lee</cpe:lastName></cpe:contactPerson></contactPersons></customer>`;
    expectError(await postXml(xml, fmt, agent), '400-153', { format: fmt, details: [{ key: `${P0}.firstName`, value: '' }] });
  });
});

describe('U3 contact points (03 §4.3)', () => {
  it('stores every kind with its defaults: phone/postal type home, priority medium, country upper case', async () => {
    const c = created(
      await post(
        individual({
          email: null,
          points: [
            { type: { value: 'phone', phone: { phoneNo: '555 0100', extension: '12', areaCode: '617' } } },
            { type: { value: 'postal', postal: { address_1: '1 Main St', address_2: 'Suite 2', city: 'Boston', state: 'MA', zip: '02110', country: { value: 'us' } } }, priority: { value: 'LOW' } },
            { type: { value: 'web', web: { url: 'https://example.com/ann' } } },
            { type: { value: 'social', social: { type: { value: 'WhatsApp' }, socialId: '+15550100' } } },
          ],
        }),
      ),
    );
    expect(points(c)).toEqual([
      {
        id: expect.any(String),
        type: { value: 'phone', displayValue: 'Phone', phone: { type: { value: 'home', displayValue: 'Home' }, areaCode: '617', phoneNo: '555 0100', extension: '12' } },
        priority: { value: 'medium', displayValue: 'Medium' },
      },
      {
        id: expect.any(String),
        type: {
          value: 'postal',
          displayValue: 'Postal address',
          postal: {
            type: { value: 'home', displayValue: 'Home' },
            address_1: '1 Main St',
            address_2: 'Suite 2',
            city: 'Boston',
            state: 'MA',
            zip: '02110',
            country: { value: 'US', displayValue: 'United States' },
          },
        },
        priority: { value: 'low', displayValue: 'Low' },
      },
      { id: expect.any(String), type: { value: 'web', displayValue: 'Web', web: { url: 'https://example.com/ann' } }, priority: { value: 'medium', displayValue: 'Medium' } },
      {
        id: expect.any(String),
        type: { value: 'social', displayValue: 'Social', social: { type: { value: 'whatsapp', displayValue: 'WhatsApp' }, socialId: '+15550100' } },
        priority: { value: 'medium', displayValue: 'Medium' },
      },
    ]);
    const ids = points(c).map((p) => Number(p.id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  });

  it('drops a leading + of the country code', async () => {
    const c = created(await post(withPoint(phonePoint({ countryCode: '+49', phoneNo: '301234567' }))));
    expect(point(c, 'phone').type.phone!.countryCode).toBe('49');
  });

  it('infers the kind from the only sub-object', async () => {
    const email = uniqueEmail();
    const c = created(await post(individual({ email: null, points: [{ type: { email: { emailAddress: email } } }, { type: { web: { url: 'http://example.org' } } }] })));
    expect(points(c).map((p) => [p.type.value, p.type.displayValue])).toEqual([
      ['email', 'Email'],
      ['web', 'Web'],
    ]);
  });

  it('refuses a kind that disagrees with the sub-object (400-152)', async () => {
    expectInvalidUnder(await post(withPoint({ type: { value: 'phone', email: { emailAddress: uniqueEmail() } } })), '400-152', `${CP0}.type`);
    expectInvalidUnder(await post(withPoint({ type: { value: 'fax', phone: { phoneNo: '5550100' } } })), '400-152', `${CP0}.type`);
  });

  it('names the failing contact point by its JSON path (B4)', async () => {
    const body = individual({ email: null, points: [phonePoint({ phoneNo: '5551234' }), emailPoint('ann@')] });
    expectError(await post(body), '400-152', { format: 'json', details: [{ key: `${P0}.contactPoints.contactPoint[1].type.email.emailAddress`, value: 'ann@' }] });
  });

  it.each(['ann@', 'ann@example', 'ann example@example.com', '@example.com', 'ann@@example.com', 'a@b@example.com', 'ann@exa mple.com', `${'a'.repeat(250)}@x.com`])(
    'refuses the email address %j (400-152)',
    async (emailAddress) => {
      expectInvalid(await post(withPoint(emailPoint(emailAddress))), '400-152', `${CP0}.type.email.emailAddress`, emailAddress);
    },
  );

  it.each([
    ['phoneNo', 'ab12'],
    ['phoneNo', '12'],
    ['phoneNo', '555-12a4'],
    ['phoneNo', `1${'2'.repeat(30)}`],
    ['countryCode', '12345'],
    ['countryCode', 'a1'],
    ['areaCode', '12345678901'],
    ['areaCode', 'ab'],
    ['extension', 'x12'],
    ['extension', '12345678901'],
  ])('refuses phone %s %j (400-152)', async (field, value) => {
    expectInvalid(await post(withPoint(phonePoint({ phoneNo: '5550100', [field]: value }))), '400-152', `${CP0}.type.phone.${field}`, value);
  });

  it.each([
    ['a phone type', phonePoint({ phoneNo: '5550100', type: { value: 'cell' } }), `${CP0}.type.phone.type`],
    ['a postal type', { type: { value: 'postal', postal: { address_1: 'x', type: { value: 'cabin' } } } }, `${CP0}.type.postal.type`],
    ['a country', { type: { value: 'postal', postal: { address_1: 'x', country: { value: 'USA' } } } }, `${CP0}.type.postal.country`],
    ['a country', { type: { value: 'postal', postal: { address_1: 'x', country: { value: '12' } } } }, `${CP0}.type.postal.country`],
    ['a social type', { type: { value: 'social', social: { type: { value: 'myspace' }, socialId: 'x' } } }, `${CP0}.type.social.type`],
    ['a priority', { ...emailPoint(uniqueEmail()), priority: { value: 'urgent' } }, `${CP0}.priority`],
  ])('refuses %s that is not in its list (400-152)', async (_what, p, prefix) => {
    expectInvalidUnder(await post(withPoint(p)), '400-152', prefix);
  });

  it.each([
    ['web', 'url', 'ftp://example.com/x'],
    ['web', 'url', 'example.com'],
    ['web', 'url', 'http://'],
    ['web', 'url', `https://example.com/${'a'.repeat(2040)}`],
    ['postal', 'zip', '1'.repeat(21)],
    ['postal', 'address_1', 'a'.repeat(256)],
    ['postal', 'city', 'c'.repeat(125)],
    ['social', 'socialId', 's'.repeat(256)],
  ])('refuses %s.%s %#  (400-152)', async (kind, field, value) => {
    const sub: Record<string, unknown> = { web: { url: 'https://example.com' }, postal: { address_1: 'x' }, social: { type: { value: 'twitter' }, socialId: 'x' } }[kind] as Record<string, unknown>;
    expectInvalid(await post(withPoint({ type: { value: kind, [kind]: { ...sub, [field]: value } } })), '400-152', `${CP0}.type.${kind}.${field}`, value);
  });

  it('refuses more than 75 contact points of a person with 400-160, takes 75', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => emailPoint(`p${i}.${uniq('')}@example.com`));
    expectError(await post(individual({ email: null, points: many(76) })), '400-160', { format: 'json' });
    const c = created(await post(individual({ email: null, points: many(75) })));
    expect(points(c)).toHaveLength(75);
  });
});

describe('U3 contact person fields (03 §4.2)', () => {
  it('stores every field; booleans read leniently; password never returned', async () => {
    const loginId = uniqueEmail('login');
    const c = created(
      await post(
        individual({
          firstName: 'Ann',
          lastName: 'Lee',
          email: null,
          person: {
            salutation: 'Dr.',
            middleName: 'Marie',
            suffix: { value: 'JR.' },
            initials: 'AML',
            gender: { value: 'Female' },
            dateOfBirth: '1980-02-29',
            maritalStatus: { value: 'married' },
            employmentStatus: { value: 'full-time' },
            jobTitle: 'CTO',
            occupation: 'Engineer',
            spouseName: 'Sam',
            type: { value: 'primary' },
            identification: { type: { value: 'passport' }, value: 'X1234567' },
            loginId,
            password: 'Cust0mer!pw',
            hasDirectMailingConsent: 'yes',
            hasDirectCallingConsent: true,
            hasHoldingDataConsent: 'FALSE',
          },
        }),
      ),
    );
    expect(c.customerName).toBe('Ann Marie Lee');
    expect(person(c)).toEqual({
      id: person(c).id,
      salutation: 'Dr.',
      firstName: 'Ann',
      middleName: 'Marie',
      lastName: 'Lee',
      suffix: { value: 'jr.', displayValue: 'Jr.' },
      initials: 'AML',
      gender: { value: 'female', displayValue: 'Female' },
      dateOfBirth: '1980-02-29',
      maritalStatus: { value: 'married', displayValue: 'Married' },
      employmentStatus: { value: 'full-time', displayValue: 'Full-time' },
      jobTitle: 'CTO',
      occupation: 'Engineer',
      spouseName: 'Sam',
      type: { value: 'Primary', displayValue: 'Primary' },
      identification: { type: { value: 'Passport', displayValue: 'Passport' }, value: 'X1234567' },
      loginId,
      hasDirectMailingConsent: true,
      hasDirectCallingConsent: true,
      hasHoldingDataConsent: false,
    });
    expect(JSON.stringify(await readCustomer(t, agent, c.id))).not.toContain('Cust0mer!pw');
    expect(await customerLogin(t, loginId.toUpperCase())).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ignores customerName for individuals: it is derived from first, middle and last name', async () => {
    expect(created(await post(individual({ firstName: 'Ann', lastName: 'Lee', person: { middleName: 'Marie' }, extra: { customerName: 'Ignored Name' } }))).customerName).toBe('Ann Marie Lee');
    expect(created(await post(individual({ firstName: 'Ann', lastName: '', person: { middleName: 'Q' } }))).customerName).toBe('Ann Q');
  });

  it.each([
    ['gender', { gender: { value: 'other' } }],
    ['suffix', { suffix: { value: 'iv' } }],
    ['maritalStatus', { maritalStatus: { value: 'engaged' } }],
    ['employmentStatus', { employmentStatus: { value: 'retired' } }],
    ['type', { type: { value: 'Boss' } }],
    ['identification', { identification: { type: { value: 'Library card' }, value: 'x' } }],
    ['identification', { identification: { type: { value: 'Passport' } } }],
    ['identification', { identification: { value: 'X1' } }],
    ['dateOfBirth', { dateOfBirth: '2999-01-01' }],
    ['dateOfBirth', { dateOfBirth: '1990-02-30' }],
    ['dateOfBirth', { dateOfBirth: '01/02/1990' }],
    ['salutation', { salutation: 's'.repeat(51) }],
    ['middleName', { middleName: 'm'.repeat(125) }],
    ['lastName', { lastName: 'l'.repeat(125) }],
    ['initials', { initials: 'i'.repeat(17) }],
    ['jobTitle', { jobTitle: 'j'.repeat(256) }],
    ['spouseName', { spouseName: 's'.repeat(513) }],
    ['hasDirectMailingConsent', { hasDirectMailingConsent: 'maybe' }],
  ])('refuses an invalid %s (400-152) %#', async (field, fields) => {
    expectInvalidUnder(await post(individual({ email: null, person: fields })), '400-152', `${P0}.${field}`);
  });

  it('refuses a login id already used by another contact person, in any letter case (400-152)', async () => {
    const loginId = uniqueEmail('login');
    created(await post(individual({ person: { loginId, password: 'Cust0mer!pw' } })));
    expectInvalid(await post(individual({ person: { loginId: loginId.toUpperCase(), password: 'Cust0mer!pw' } })), '400-152', `${P0}.loginId`);
  });

  it('refuses a password of the wrong length or without loginId (400-152), never echoing it', async () => {
    for (const [fields, key] of [
      [{ loginId: uniqueEmail('login'), password: 'Short7!' }, `${P0}.password`],
      [{ loginId: uniqueEmail('login'), password: `P${'w'.repeat(128)}` }, `${P0}.password`],
      [{ password: 'Lonely-password-1' }, `${P0}.password`],
    ] as const) {
      const res = await post(individual({ person: fields }));
      expectInvalidUnder(res, '400-152', key);
      expect(res.body).not.toContain(fields.password);
    }
  });

  it('refuses more than 75 contact persons with 400-160, takes 75', async () => {
    const persons = (n: number) => Array.from({ length: n }, (_, i) => ({ firstName: `P${i}` }));
    expectError(await post(corporate(undefined, { contactPersons: { contactPerson: persons(76) } })), '400-160', { format: 'json' });
    expect(created(await post(corporate(undefined, { contactPersons: { contactPerson: persons(75) } }))).contactPersons!.contactPerson).toHaveLength(75);
  });
});

describe('U3 customer fields, group and corporate details (03 §4.1, §4.4)', () => {
  it('stores every customer field with $attribute=all', async () => {
    const pref = await staff(t, ['agent']);
    const c = created(
      await post(
        corporate(`Full ${uniq()}`, {
          type: { value: 'corporate', corporate: { region: { value: 'asia pacific' }, numberOfEmployees: '25', annualRevenue: '1000000.50', currency: 'USD', registrationNumber: 'R-1' } },
          level: { value: 'Bronze' },
          role: { value: 'Reseller' },
          pin: '9',
          howReferred: { value: 'employee' },
          industry: { value: 'Other' },
          marketSegment: 'SMB',
          entitlements: 'e'.repeat(4000),
          preferredAgent: { user: { id: String(pref.user.id) } },
        }),
        { query: '?$attribute=all' },
      ),
    );
    expect(c).toMatchObject({
      type: {
        value: 'corporate',
        displayValue: 'Corporate',
        corporate: { region: { value: 'Asia Pacific', displayValue: 'Asia Pacific' }, numberOfEmployees: 25, annualRevenue: '1000000.50', currency: 'USD', registrationNumber: 'R-1' },
      },
      level: { value: 'Bronze', displayValue: 'Bronze' },
      role: { value: 'Reseller', displayValue: 'Reseller' },
      pin: '9',
      howReferred: { value: 'Employee', displayValue: 'Employee' },
      industry: { value: 'Other', displayValue: 'Other' },
      marketSegment: 'SMB',
      entitlements: 'e'.repeat(4000),
      preferredAgent: { user: pref.ref },
    });
  });

  it('stores group details', async () => {
    const c = created(
      await post({
        type: { value: 'group', group: { type: { value: 'association' }, numberOfMembers: 10000000, income: '12.5', currency: 'EUR', registrationNumber: 'G-7', affiliation: 'None' } },
        customerName: `Assoc ${uniq()}`,
      }),
    );
    expect(c.type.group).toEqual({ type: { value: 'Association', displayValue: 'Association' }, numberOfMembers: 10000000, income: '12.5', currency: 'EUR', registrationNumber: 'G-7', affiliation: 'None' });
  });

  it('refuses a group sub-object on a corporate customer and the reverse (400-152)', async () => {
    expectInvalidUnder(await post({ type: { value: 'corporate', group: { type: { value: 'Club' } } }, customerName: 'C' }), '400-152', 'type');
    expectInvalidUnder(await post({ type: { value: 'group', group: { type: { value: 'Club' } }, corporate: { numberOfEmployees: 1 } }, customerName: 'G' }), '400-152', 'type');
    expectInvalidUnder(await post(individual({ extra: { type: { value: 'individual', group: { type: { value: 'Club' } } } } })), '400-152', 'type');
  });

  it.each([
    [{ group: { type: { value: 'Club' }, numberOfMembers: -1 } }, 'type.group.numberOfMembers'],
    [{ group: { type: { value: 'Club' }, numberOfMembers: 10000001 } }, 'type.group.numberOfMembers'],
    [{ group: { type: { value: 'Club' }, numberOfMembers: 'many' } }, 'type.group.numberOfMembers'],
    [{ group: { type: { value: 'Club' }, income: '1.234' } }, 'type.group.income'],
    [{ group: { type: { value: 'Club' }, income: '-5' } }, 'type.group.income'],
    [{ group: { type: { value: 'Club' }, currency: 'EURO' } }, 'type.group.currency'],
    [{ group: { type: { value: 'Tribe' } } }, 'type.group.type'],
    [{ group: { type: { value: 'Club' }, region: { value: 'Mars' } } }, 'type.group.region'],
  ])('refuses invalid group details %# (400-152)', async (type, prefix) => {
    expectInvalidUnder(await post({ type: { value: 'group', ...type }, customerName: 'G' }), '400-152', prefix);
  });

  it.each([
    [{ corporate: { numberOfEmployees: 10000001 } }, 'type.corporate.numberOfEmployees'],
    [{ corporate: { annualRevenue: 'lots' } }, 'type.corporate.annualRevenue'],
    [{ corporate: { currency: 'XX' } }, 'type.corporate.currency'],
    [{ corporate: { registrationNumber: 'r'.repeat(256) } }, 'type.corporate.registrationNumber'],
  ])('refuses invalid corporate details %# (400-152)', async (type, prefix) => {
    expectInvalidUnder(await post({ type: { value: 'corporate', ...type }, customerName: 'C' }), '400-152', prefix);
  });

  it.each([
    ['level', { level: { value: 'Platinum' } }],
    ['role', { role: { value: 'Owner' } }],
    ['howReferred', { howReferred: { value: 'Radio' } }],
    ['industry', { industry: { value: 'Mining' } }],
    ['pin', { pin: 'p'.repeat(256) }],
    ['marketSegment', { marketSegment: 'm'.repeat(256) }],
    ['entitlements', { entitlements: 'e'.repeat(4001) }],
  ])('refuses an invalid %s (400-152)', async (field, fields) => {
    expectInvalidUnder(await post(corporate(undefined, fields)), '400-152', field);
  });

  it('refuses a preferred agent that does not exist or is not enabled (400-152)', async () => {
    const disabled = await createUser(t.db, { state: 'disabled' });
    expectInvalidUnder(await post(corporate(undefined, { preferredAgent: { user: { id: String(disabled.id) } } })), '400-152', 'preferredAgent');
    expectInvalidUnder(await post(corporate(undefined, { preferredAgent: { user: { id: '999999999' } } })), '400-152', 'preferredAgent');
  });
});

describe('U3 callers (03 §7.3)', () => {
  it('lets administrators, supervisors and agents create', async () => {
    for (const who of [jenny, supervisor, agent]) {
      const c = created(await post(individual(), { who }));
      expect(c.lastModified.user).toEqual(who.ref);
    }
  });

  it('takes custom attributes (03 §2.7) on create', async () => {
    const c = await createCustomer(t, agent, individual({ extra: customAttributes(attr('loyalty_tier', 'Platinum')) }));
    expect((await readCustomer(t, agent, c.id, 'custom.loyalty_tier')).customAttributes).toEqual({ customAttribute: [attr('loyalty_tier', 'platinum')] });
  });

  it('shows the created customer to every staff role', async () => {
    const c = await createCustomer(t, agent, individual());
    for (const who of [jenny, supervisor]) expect(ok<{ customer: CustomerView[] }>(await call(t.app, who, 'GET', `${CUSTOMER}/${c.id}`)).customer[0]!.id).toBe(c.id);
  });
});
