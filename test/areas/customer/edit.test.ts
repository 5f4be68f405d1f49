// U4 — edit customer (03 §7.4; §2.3, §2.5; 01 §3.2, §12).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createDepartment } from '../../helpers/auth.ts';
import { expectError, FORMATS } from '../../conformance/support.ts';
import {
  after,
  attr,
  call,
  corporate,
  createCustomer,
  CUSTOMER,
  customAttributes,
  customerLogin,
  customerPassword,
  defineAttribute,
  emailPoint,
  fill,
  fixture,
  fixtureJson,
  individual,
  noContent,
  person,
  phonePoint,
  point,
  points,
  readCustomer,
  specDefinitions,
  staff,
  uniq,
  uniqueEmail,
  type CustomerView,
  type Staff,
} from './support.ts';

let t: TestApp;
let admin: Staff;
let supervisor: Staff;
let agent: Staff;

beforeAll(async () => {
  t = await getTestApp();
  await specDefinitions(t);
  admin = await staff(t, ['administrator']);
  supervisor = await staff(t, ['supervisor']);
  agent = await staff(t, ['agent']);
});
afterAll(async () => t?.close());

const put = (body: unknown, who: Staff = agent, fmt: 'json' | 'xml' = 'json') => call(t.app, who, 'PUT', CUSTOMER, { body, fmt });
const putXml = (xml: string, fmt: 'json' | 'xml' = 'xml', who: Staff = agent) => call(t.app, who, 'PUT', CUSTOMER, { xml, fmt });
const read = (id: string) => readCustomer(t, admin, id);
const edited = async (body: unknown, who: Staff = agent) => noContent(await put(body, who));

/** A contact person item reaching one contact point. */
const pointItem = (c: CustomerView, p: Record<string, unknown>, personIndex = 0) => ({
  contactPersons: { contactPerson: [{ id: person(c, personIndex).id, contactPoints: { contactPoint: [p] } }] },
});

function expectInvalid(res: LightMyRequestResponse, code: '400-152' | '400-153', key: string, value?: string) {
  const body = expectError(res, code, { format: 'json' });
  expect(body.details.map((d) => d.key), res.body).toContain(key);
  if (value !== undefined) expect(body.details.find((d) => d.key === key)!.value).toBe(value);
}

function expectInvalidUnder(res: LightMyRequestResponse, code: '400-152' | '400-153', prefix: string) {
  const body = expectError(res, code, { format: 'json' });
  expect(body.details.some((d) => d.key === prefix || d.key.startsWith(`${prefix}.`) || d.key.startsWith(`${prefix}[`)), res.body).toBe(true);
}

/** Everything a failed edit must leave as it was. */
const snapshot = async (id: string) => {
  const c = await read(id);
  return JSON.stringify(c);
};

describe('U4 the examples of §7.4', () => {
  it('replaces one email address (JSON example)', async () => {
    const c = await createCustomer(t, admin, fixtureJson('create-a.json', { 'ann@example.com': uniqueEmail() }));
    await after(c.lastModified.date);
    const res = await put(fixtureJson('edit-email.json', { '1000012': c.id, '1000020': person(c).id, '1000032': point(c, 'email').id }));
    noContent(res);
    expect(res.headers['x-egain-session']).toBe(agent.headers['x-egain-session']);
    const now = await read(c.id);
    expect(point(now, 'email')).toEqual({ ...point(c, 'email'), type: { value: 'email', displayValue: 'Email', email: { emailAddress: 'ann.lee@example.org' } } });
    expect(point(now, 'phone')).toEqual(point(c, 'phone'));
    expect(Date.parse(now.lastModified.date)).toBeGreaterThan(Date.parse(c.lastModified.date));
    expect(now.lastModified.user).toEqual(agent.ref);
  });

  it('changes level and custom attributes, clears howReferred, removes the phone, adds a mobile (XML example)', async () => {
    const c = await createCustomer(t, admin, fixtureJson('create-a.json', { 'ann@example.com': uniqueEmail() }));
    await edited({ id: c.id, level: { value: 'Gold' }, howReferred: { value: 'Website' }, ...customAttributes(attr('loyalty_tier', 'gold')) }, admin);
    const before = await read(c.id);
    expect(before.howReferred).toEqual({ value: 'Website', displayValue: 'Website' });
    const xml = fill(fixture('edit-level.xml'), {
      '1000012': c.id,
      '1000020': person(c).id,
      '1000031': point(c, 'phone').id,
      '2024-05-02T10:15:30.123Z': before.lastModified.date,
    });
    noContent(await putXml(xml), 'xml');
    const now = await read(c.id);
    expect(now.level).toEqual({ value: 'Premium', displayValue: 'Premium' });
    expect(now.howReferred).toBeUndefined();
    expect(now.marketSegment).toBe('Medical Products');
    expect(points(now, 'phone').map((p) => [p.type.phone, p.priority.value])).toEqual([
      [{ type: { value: 'mobile', displayValue: 'Mobile' }, phoneNo: '6175550100' }, 'medium'],
    ]);
    expect(points(now, 'phone')[0]!.id).not.toBe(point(c, 'phone').id);
    expect(point(now, 'email')).toEqual(point(c, 'email'));
    expect(now.customAttributes).toEqual({ customAttribute: [attr('loyalty_tier', 'platinum')] });
  });
});

describe('U4 contact persons (03 §7.4)', () => {
  it('adds, updates and removes contact persons of a corporate customer', async () => {
    const c = await createCustomer(t, admin, corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'Ann', lastName: 'Lee', jobTitle: 'CTO' }, { firstName: 'Bob' }] } }));
    const [ann, bob] = c.contactPersons!.contactPerson;
    const email = uniqueEmail();
    await edited({ id: c.id, contactPersons: { contactPerson: [{ firstName: 'Cy', contactPoints: { contactPoint: [emailPoint(email)] } }] } });
    let now = await read(c.id);
    expect(now.contactPersons!.contactPerson.map((p) => p.firstName)).toEqual(['Ann', 'Bob', 'Cy']);
    expect(point(now, 'email').type.email!.emailAddress).toBe(email);

    await edited({ id: c.id, contactPersons: { contactPerson: [{ id: ann!.id, lastName: 'Berg' }] } });
    now = await read(c.id);
    expect(person(now, 0)).toMatchObject({ id: ann!.id, firstName: 'Ann', lastName: 'Berg', jobTitle: 'CTO' });

    await edited({ id: c.id, contactPersons: { contactPerson: { id: bob!.id, remove: true } } });
    now = await read(c.id);
    expect(now.contactPersons!.contactPerson.map((p) => p.firstName)).toEqual(['Ann', 'Cy']);
    expect(now.customerName).toBe(c.customerName);
  });

  it('applies several contact person items of one request (XML remove element)', async () => {
    const c = await createCustomer(t, admin, corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'Ann' }, { firstName: 'Bob' }] } }));
    const [ann, bob] = c.contactPersons!.contactPerson;
    const xml = `<customer xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/customer" xmlns:cpe="http://bindings.egain.com/ws/model/v12/gen/interaction/contactperson" id="${c.id}">
  <contactPersons>
    <cpe:contactPerson id="${ann!.id}"><cpe:middleName>Q</cpe:middleName></cpe:contactPerson>
    <cpe:contactPerson id="${bob!.id}"><cpe:remove>true</cpe:remove></cpe:contactPerson>
    <cpe:contactPerson><cpe:firstName>Dee</cpe:firstName></cpe:contactPerson>
  </contactPersons>
</customer>`;
    noContent(await putXml(xml, 'json'));
    const now = await read(c.id);
    expect(now.contactPersons!.contactPerson.map((p) => [p.firstName, p.middleName])).toEqual([
      ['Ann', 'Q'],
      ['Dee', undefined],
    ]);
  });

  it('changes the derived customerName of an individual with the names of its contact person', async () => {
    const c = await createCustomer(t, admin, individual({ firstName: 'Ann', lastName: 'Lee' }));
    await edited({ id: c.id, contactPersons: { contactPerson: [{ id: person(c).id, firstName: 'Annie', middleName: 'M' }] } });
    expect((await read(c.id)).customerName).toBe('Annie M Lee');
    await edited({ id: c.id, customerName: 'Ignored', contactPersons: { contactPerson: [{ id: person(c).id, middleName: '' }] } });
    expect((await read(c.id)).customerName).toBe('Annie Lee');
  });

  it('refuses to remove the only contact person of an individual, or to add one (400-152)', async () => {
    const c = await createCustomer(t, admin, individual());
    const before = await snapshot(c.id);
    expectInvalidUnder(await put({ id: c.id, contactPersons: { contactPerson: [{ id: person(c).id, remove: true }] } }), '400-152', 'contactPersons.contactPerson[0]');
    expectInvalidUnder(await put({ id: c.id, contactPersons: { contactPerson: [{ firstName: 'Second' }] } }), '400-152', 'contactPersons.contactPerson[0]');
    expect(await snapshot(c.id)).toBe(before);
  });

  it('needs a firstName for a new contact person (400-153)', async () => {
    const c = await createCustomer(t, admin, corporate());
    expectInvalid(await put({ id: c.id, contactPersons: { contactPerson: [{ lastName: 'Lee' }] } }), '400-153', 'contactPersons.contactPerson[0].firstName', '');
  });

  it('refuses unknown contact person ids and those of another customer (400-152)', async () => {
    const c = await createCustomer(t, admin, corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'Ann' }] } }));
    const other = await createCustomer(t, admin, individual());
    for (const id of ['999999999', person(other).id]) {
      expectInvalid(await put({ id: c.id, contactPersons: { contactPerson: [{ id, lastName: 'X' }] } }), '400-152', 'contactPersons.contactPerson[0].id', id);
      expectInvalid(await put({ id: c.id, contactPersons: { contactPerson: [{ id, remove: true }] } }), '400-152', 'contactPersons.contactPerson[0].id', id);
    }
    expect(person(await read(other.id)).lastName).toBe('Lee');
  });

  it('ends the customer sessions of a removed contact person and on a password change (02 §6.4)', async () => {
    const [l1, l2] = [uniqueEmail('login'), uniqueEmail('login')];
    const c = await createCustomer(
      t,
      admin,
      corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'One', loginId: l1, password: customerPassword }, { firstName: 'Two', loginId: l2, password: customerPassword }] } }),
    );
    const [s1, s2] = [await customerLogin(t, l1), await customerLogin(t, l2)];
    const alive = async (s: string) => (await call(t.app, { headers: { 'x-egain-session': s } }, 'GET', `${CUSTOMER}/${c.id}`)).statusCode;
    expect([await alive(s1), await alive(s2)]).toEqual([200, 200]);
    await edited({ id: c.id, contactPersons: { contactPerson: [{ id: person(c, 0).id, remove: true }] } });
    expect(await alive(s1)).toBe(401);
    await edited({ id: c.id, contactPersons: { contactPerson: [{ id: person(c, 1).id, loginId: l2, password: 'N3w-password!' }] } });
    expect(await alive(s2)).toBe(401);
    expect(await customerLogin(t, l2, 'N3w-password!')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('U4 contact points (03 §7.4)', () => {
  it('adds, updates and removes contact points in one request', async () => {
    const c = await createCustomer(t, admin, individual({ points: [phonePoint({ phoneNo: '5550100' })] }));
    await edited({
      id: c.id,
      ...pointItem(c, { id: point(c, 'email').id, priority: { value: 'high' } }),
    });
    await edited({
      id: c.id,
      contactPersons: {
        contactPerson: [
          {
            id: person(c).id,
            contactPoints: { contactPoint: [{ id: point(c, 'phone').id, remove: 'true' }, { type: { value: 'web', web: { url: 'https://example.com/new' } } }] },
          },
        ],
      },
    });
    const now = await read(c.id);
    expect(points(now).map((p) => [p.type.value, p.priority.value])).toEqual([
      ['email', 'high'],
      ['web', 'medium'],
    ]);
    expect(point(now, 'email').type.email).toEqual(point(c, 'email').type.email);
  });

  it('replaces the fields present, keeps the absent ones, clears optional ones sent empty', async () => {
    const c = await createCustomer(t, admin, individual({ email: null, points: [phonePoint({ countryCode: '1', areaCode: '617', phoneNo: '5550100', extension: '9' })] }));
    const id = point(c, 'phone').id;
    await edited({ id: c.id, ...pointItem(c, { id, type: { phone: { type: { value: 'office' }, extension: '' } } }) });
    expect(point(await read(c.id), 'phone').type.phone).toEqual({ type: { value: 'office', displayValue: 'Office' }, countryCode: '1', areaCode: '617', phoneNo: '5550100' });
    await edited({ id: c.id, ...pointItem(c, { id, type: { value: 'phone', phone: { areaCode: null } } }) });
    expect(point(await read(c.id), 'phone').type.phone).toEqual({ type: { value: 'office', displayValue: 'Office' }, countryCode: '1', phoneNo: '5550100' });
  });

  it('changes lastModified of the customer when only a contact point changes', async () => {
    const c = await createCustomer(t, admin, individual());
    await after(c.lastModified.date);
    await edited({ id: c.id, ...pointItem(c, { id: point(c, 'email').id, priority: { value: 'low' } }) });
    expect(Date.parse((await read(c.id)).lastModified.date)).toBeGreaterThan(Date.parse(c.lastModified.date));
  });

  it('refuses unknown contact point ids and those of another customer (400-152)', async () => {
    const c = await createCustomer(t, admin, individual());
    const other = await createCustomer(t, admin, individual());
    for (const id of ['999999999', point(other, 'email').id]) {
      expectInvalid(
        await put({ id: c.id, ...pointItem(c, { id, type: { email: { emailAddress: uniqueEmail() } } }) }),
        '400-152',
        'contactPersons.contactPerson[0].contactPoints.contactPoint[0].id',
        id,
      );
      expectInvalid(await put({ id: c.id, ...pointItem(c, { id, remove: true }) }), '400-152', 'contactPersons.contactPerson[0].contactPoints.contactPoint[0].id', id);
    }
    expect(point(await read(other.id), 'email')).toEqual(point(other, 'email'));
  });

  it('refuses to clear a required field (400-152)', async () => {
    const c = await createCustomer(t, admin, individual({ points: [phonePoint({ phoneNo: '5550100' })] }));
    const before = await snapshot(c.id);
    const cp = 'contactPersons.contactPerson[0].contactPoints.contactPoint[0]';
    expectInvalid(await put({ id: c.id, ...pointItem(c, { id: point(c, 'email').id, type: { email: { emailAddress: '' } } }) }), '400-152', `${cp}.type.email.emailAddress`);
    expectInvalid(await put({ id: c.id, ...pointItem(c, { id: point(c, 'phone').id, type: { phone: { phoneNo: null } } }) }), '400-152', `${cp}.type.phone.phoneNo`);
    expectInvalid(await put({ id: c.id, contactPersons: { contactPerson: [{ id: person(c).id, firstName: '' }] } }), '400-152', 'contactPersons.contactPerson[0].firstName');
    expect(await snapshot(c.id)).toBe(before);
  });

  it('refuses to change the kind of a contact point (400-152)', async () => {
    const c = await createCustomer(t, admin, individual());
    const id = point(c, 'email').id;
    expectInvalidUnder(await put({ id: c.id, ...pointItem(c, { id, type: { value: 'phone', phone: { phoneNo: '5550100' } } }) }), '400-152', 'contactPersons.contactPerson[0].contactPoints.contactPoint[0].type');
    expectInvalidUnder(await put({ id: c.id, ...pointItem(c, { id, type: { phone: { phoneNo: '5550100' } } }) }), '400-152', 'contactPersons.contactPerson[0].contactPoints.contactPoint[0].type');
    expect(point(await read(c.id), 'email')).toEqual(point(c, 'email'));
  });

  it('refuses invalid values on update (400-152) and more than 75 contact points (400-160)', async () => {
    const c = await createCustomer(t, admin, individual());
    expectInvalid(
      await put({ id: c.id, ...pointItem(c, { id: point(c, 'email').id, type: { email: { emailAddress: 'ann@' } } }) }),
      '400-152',
      'contactPersons.contactPerson[0].contactPoints.contactPoint[0].type.email.emailAddress',
      'ann@',
    );
    const many = Array.from({ length: 76 }, (_, i) => emailPoint(`m${i}.${uniq('')}@example.com`));
    expectError(await put({ id: c.id, contactPersons: { contactPerson: [{ id: person(c).id, contactPoints: { contactPoint: many } }] } }), '400-160', { format: 'json' });
    expect(points(await read(c.id))).toHaveLength(1);
  });
});

describe('U4 customer fields (03 §4.1, §4.4, 01 §3.2)', () => {
  it('changes the fields present, keeps the absent ones, clears optional ones sent empty', async () => {
    const pref = await staff(t, ['agent']);
    const c = await createCustomer(
      t,
      admin,
      corporate(`Old ${uniq()}`, { level: { value: 'Gold' }, pin: '1', marketSegment: 'SMB', role: { value: 'Partner' }, preferredAgent: { user: { id: String(pref.user.id) } } }),
    );
    const name = `New ${uniq()}`;
    await edited({ id: c.id, customerName: name, level: { value: '' }, pin: null, marketSegment: '', industry: { value: 'banking' } });
    let now = await read(c.id);
    expect(now).toMatchObject({ customerName: name, role: { value: 'Partner', displayValue: 'Partner' }, industry: { value: 'Banking', displayValue: 'Banking' }, preferredAgent: { user: pref.ref } });
    expect([now.level, now.pin, now.marketSegment]).toEqual([undefined, undefined, undefined]);
    await edited({ id: c.id, preferredAgent: {} });
    now = await read(c.id);
    expect(now.preferredAgent).toBeUndefined();
  });

  it('changes group details; type.value and department are read-only', async () => {
    const c = await createCustomer(t, admin, { type: { value: 'group', group: { type: { value: 'Club' }, numberOfMembers: 3 } }, customerName: `G ${uniq()}` });
    const other = await createDepartment(t.db, uniq('Dept '));
    await edited({ id: c.id, type: { value: 'corporate', group: { numberOfMembers: 5, region: { value: 'Africa' } } }, department: { id: String(other.id) } });
    const now = await read(c.id);
    expect(now.type).toEqual({
      value: 'group',
      displayValue: 'Group',
      group: { type: { value: 'Club', displayValue: 'Club' }, region: { value: 'Africa', displayValue: 'Africa' }, numberOfMembers: 5 },
    });
    expect(now.department).toEqual(c.department);
    expectInvalidUnder(await put({ id: c.id, type: { corporate: { numberOfEmployees: 5 } } }), '400-152', 'type');
    expectInvalidUnder(await put({ id: c.id, type: { group: { type: { value: '' } } } }), '400-152', 'type.group.type');
  });

  it('refuses to clear customerName of a group or corporate customer (400-152)', async () => {
    const c = await createCustomer(t, admin, corporate());
    expectInvalid(await put({ id: c.id, customerName: '' }), '400-152', 'customerName');
    expectInvalid(await put({ id: c.id, customerName: null }), '400-152', 'customerName');
    expect((await read(c.id)).customerName).toBe(c.customerName);
  });

  it('refuses invalid values (400-152)', async () => {
    const c = await createCustomer(t, admin, corporate());
    expectInvalidUnder(await put({ id: c.id, level: { value: 'Diamond' } }), '400-152', 'level');
    expectInvalidUnder(await put({ id: c.id, preferredAgent: { user: { id: '999999999' } } }), '400-152', 'preferredAgent');
    expectInvalid(await put({ id: c.id, customerName: 'n'.repeat(125) }), '400-152', 'customerName');
  });
});

describe('U4 target and body (03 §7.4, B2, B5)', () => {
  it.each(FORMATS)('needs the id (400-153) (%s)', async (fmt) => {
    expectError(await put({ pin: '1' }, agent, fmt), '400-153', { format: fmt, details: [{ key: 'id', value: '' }] });
  });

  it.each(FORMATS)('answers 404-101 for an unknown customer (%s)', async (fmt) => {
    expectError(await put({ id: '999999999', pin: '1' }, agent, fmt), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999' }] });
  });

  it('needs something to change (400-153)', async () => {
    const c = await createCustomer(t, admin, individual());
    const other = await createDepartment(t.db, uniq('Dept '));
    for (const body of [
      { id: c.id },
      { id: c.id, lastModified: { date: c.lastModified.date } },
      { id: c.id, type: { value: 'corporate' } },
      { id: c.id, department: { id: String(other.id) } },
      { id: c.id, link: { rel: 'self', href: '/x' }, foo: 'bar' },
    ]) {
      const res = await put(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expectError(res, '400-153', { format: 'json' });
    }
    expect((await read(c.id)).lastModified.date).toBe(c.lastModified.date);
  });

  it('counts the customerName of an individual as nothing to change (ignored field, 400-153)', async () => {
    const c = await createCustomer(t, admin, individual());
    expectError(await put({ id: c.id, customerName: 'Ignored for individuals' }), '400-153', { format: 'json' });
    const now = await read(c.id);
    expect(now.customerName).toBe('Ann Lee');
    expect(now.lastModified.date).toBe(c.lastModified.date);
  });

  it('accepts the wrapper with one item; more than one → 400-152', async () => {
    const c = await createCustomer(t, admin, corporate());
    await edited({ customer: [{ id: c.id, pin: '77' }] });
    expect((await readCustomer(t, admin, c.id, 'pin')).pin).toBe('77');
    expectError(await put({ customer: [{ id: c.id, pin: '1' }, { id: c.id, pin: '2' }] }), '400-152', { format: 'json' });
    expect((await readCustomer(t, admin, c.id, 'pin')).pin).toBe('77');
  });

  it('lets every staff role edit; 401-101 without a session', async () => {
    const c = await createCustomer(t, admin, corporate());
    for (const [who, pin] of [[admin, '1'], [supervisor, '2'], [agent, '3']] as const) {
      await edited({ id: c.id, pin }, who);
      const now = await readCustomer(t, admin, c.id, 'pin');
      expect(now.pin).toBe(pin);
      expect(now.lastModified.user).toEqual(who.ref);
    }
    expectError(await call(t.app, null, 'PUT', CUSTOMER, { body: { id: c.id, pin: '4' } }), '401-101', { format: 'json' });
  });
});

describe('U4 optimistic concurrency (03 §2.5, 01 §12)', () => {
  it.each(FORMATS)('refuses a stale lastModified.date with 409-101 and changes nothing (%s)', async (fmt) => {
    const c = await createCustomer(t, admin, corporate());
    await after(c.lastModified.date);
    await edited({ id: c.id, pin: '1' });
    const before = await snapshot(c.id);
    expectError(await put({ id: c.id, pin: '2', lastModified: { date: c.lastModified.date } }, agent, fmt), '409-101', { format: fmt, details: [{ key: 'id', value: c.id }] });
    expect(await snapshot(c.id)).toBe(before);
  });

  it('accepts the current lastModified.date (204) and moves it; the old one is then stale', async () => {
    const c = await createCustomer(t, admin, corporate());
    await edited({ id: c.id, pin: '1', lastModified: { date: c.lastModified.date } });
    const now = await readCustomer(t, admin, c.id, 'pin');
    expect(now.pin).toBe('1');
    expect(Date.parse(now.lastModified.date)).toBeGreaterThan(Date.parse(c.lastModified.date));
    expectError(await put({ id: c.id, pin: '2', lastModified: { date: c.lastModified.date } }), '409-101', { format: 'json' });
    await edited({ id: c.id, pin: '3', lastModified: { date: now.lastModified.date } });
  });

  it('reads the token from XML (attribute)', async () => {
    const c = await createCustomer(t, admin, corporate());
    const xml = (date: string, pin: string) => `<customer xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/customer" id="${c.id}"><lastModified date="${date}"/><pin>${pin}</pin></customer>`;
    noContent(await putXml(xml(c.lastModified.date, '5')), 'xml');
    expectError(await putXml(xml(c.lastModified.date, '6')), '409-101', { details: [{ key: 'id', value: c.id }] });
    expect((await readCustomer(t, admin, c.id, 'pin')).pin).toBe('5');
  });
});

describe('U4 all or nothing (03 §2.5, 01 §13)', () => {
  it('leaves the first contact point unchanged when the second is invalid', async () => {
    const c = await createCustomer(t, admin, individual({ points: [emailPoint(uniqueEmail())] }));
    const [first, second] = points(c, 'email');
    const before = await snapshot(c.id);
    const res = await put({
      id: c.id,
      level: { value: 'Gold' },
      contactPersons: {
        contactPerson: [
          {
            id: person(c).id,
            lastName: 'Changed',
            contactPoints: { contactPoint: [{ id: first!.id, type: { email: { emailAddress: uniqueEmail() } } }, { id: second!.id, type: { email: { emailAddress: 'broken@' } } }] },
          },
        ],
      },
    });
    expectInvalid(res, '400-152', 'contactPersons.contactPerson[0].contactPoints.contactPoint[1].type.email.emailAddress', 'broken@');
    expect(await snapshot(c.id)).toBe(before);
  });

  it('changes nothing when a later reference does not resolve', async () => {
    const c = await createCustomer(t, admin, corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'Ann' }] } }));
    const before = await snapshot(c.id);
    const res = await put({
      id: c.id,
      pin: '42',
      contactPersons: { contactPerson: [{ id: person(c).id, lastName: 'Changed' }, { firstName: 'New' }, { id: '999999999', lastName: 'X' }] },
    });
    expectInvalid(res, '400-152', 'contactPersons.contactPerson[2].id', '999999999');
    expect(await snapshot(c.id)).toBe(before);
  });

  it('changes nothing when a unique custom attribute value is taken', async () => {
    const unique = await defineAttribute(t, { unique: true });
    const holder = await createCustomer(t, admin, corporate(undefined, customAttributes(attr(unique, 'taken'))));
    expect(holder.id).toBeDefined();
    const c = await createCustomer(t, admin, corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'Ann' }] } }));
    const before = await snapshot(c.id);
    const res = await put({ id: c.id, pin: '9', contactPersons: { contactPerson: [{ id: person(c).id, lastName: 'Changed' }] }, ...customAttributes(attr(unique, 'taken')) });
    expectInvalidUnder(res, '400-152', 'customAttributes.customAttribute[0]');
    expect(await snapshot(c.id)).toBe(before);
  });
});
