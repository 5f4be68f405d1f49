// U5/U6 — the context customer (v15) and the limits of customer sessions on U1–U10 (03 §7.5, §8, §2.6);
// client applications have no access (02 §4.3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError, FORMATS } from '../../conformance/support.ts';
import { createApplication, tokenFor } from '../administration/client-application/support.ts';
import {
  ATTRIBUTES,
  attr,
  call,
  CONTEXT,
  corporate,
  createCustomer,
  CUSTOMER,
  customAttributes,
  customerSession,
  emailPoint,
  fixtureJson,
  individual,
  noContent,
  ok,
  person,
  point,
  readCustomer,
  searchIds,
  specDefinitions,
  staff,
  uniq,
  uniqueEmail,
  xmlOf,
  type CustomerSession,
  type CustomerView,
  type SearchPage,
  type Staff,
} from './support.ts';

let t: TestApp;
let admin: Staff;
let supervisor: Staff;
let agent: Staff;
let own: CustomerSession;
let other: CustomerView;
let otherEmail: string;

beforeAll(async () => {
  t = await getTestApp();
  await specDefinitions(t);
  admin = await staff(t, ['administrator']);
  supervisor = await staff(t, ['supervisor']);
  agent = await staff(t, ['agent']);
  own = await customerSession(t, admin, individual({ email: uniqueEmail('own'), extra: { level: { value: 'Gold' }, ...customAttributes(attr('loyalty_tier', 'silver')) } }));
  otherEmail = uniqueEmail('other');
  other = await createCustomer(t, admin, individual({ firstName: `Other${uniq('')}`, email: otherEmail }));
});
afterAll(async () => t?.close());

const read = (id: string) => readCustomer(t, admin, id);

describe('U5 GET context customer (03 §7.5)', () => {
  it('answers the session’s own customer exactly as U1 would (JSON)', async () => {
    for (const q of ['', '?$attribute=all', '?$attribute=custom']) {
      const mine = ok(await call(t.app, own, 'GET', `${CONTEXT}${q}`));
      expect(mine).toEqual(ok(await call(t.app, admin, 'GET', `${CUSTOMER}/${own.customer.id}${q}`)));
      expect((mine as { customer: CustomerView[] }).customer.map((c) => c.id)).toEqual([own.customer.id]);
    }
  });

  it('answers the session’s own customer exactly as U1 would (XML)', async () => {
    const mine = xmlOf(await call(t.app, own, 'GET', CONTEXT, { fmt: 'xml' }));
    expect(mine).toEqual(xmlOf(await call(t.app, admin, 'GET', `${CUSTOMER}/${own.customer.id}`, { fmt: 'xml' })));
    expect(mine.name).toBe('{http://bindings.egain.com/ws/model/v12/gen/interaction/customer}customers');
  });

  it('echoes the customer session', async () => {
    const res = await call(t.app, own, 'GET', CONTEXT);
    expect(res.headers['x-egain-session']).toBe(own.sessionId);
  });

  it.each(FORMATS)('refuses staff sessions with 403-197 (%s)', async (fmt) => {
    for (const who of [admin, supervisor, agent]) expectError(await call(t.app, who, 'GET', CONTEXT, { fmt }), '403-197', { format: fmt });
  });

  it('refuses an unknown $attribute (400-102), other parameters (400-101), no session (401-101)', async () => {
    expectError(await call(t.app, own, 'GET', `${CONTEXT}?$attribute=bogus`), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'bogus' }] });
    expectError(await call(t.app, own, 'GET', `${CONTEXT}?foo=1`), '400-101', { format: 'json', details: [{ key: 'foo', value: '1' }] });
    expectError(await call(t.app, null, 'GET', CONTEXT), '401-101', { format: 'json' });
  });
});

describe('U6 PUT context customer (03 §7.5)', () => {
  it('takes the §7.5 example from a customer session; the change carries no user', async () => {
    const s = await customerSession(t, admin);
    const res = await call(t.app, s, 'PUT', CONTEXT, {
      body: fixtureJson('context-edit.json', { '1000012': s.customer.id, '1000020': person(s.customer).id, '1000032': point(s.customer, 'email').id }),
    });
    noContent(res);
    expect(res.headers['x-egain-session']).toBe(s.sessionId);
    const now = await read(s.customer.id);
    expect(point(now, 'email').type.email!.emailAddress).toBe(`zzzz${point(s.customer, 'email').id}@zzzz.zzz`);
    expect(now.lastModified.user).toBeUndefined();
  });

  it('means the own customer when a customer session omits the id', async () => {
    const s = await customerSession(t, admin);
    const email = uniqueEmail();
    noContent(
      await call(t.app, s, 'PUT', CONTEXT, {
        body: { contactPersons: { contactPerson: [{ id: person(s.customer).id, contactPoints: { contactPoint: [{ id: point(s.customer, 'email').id, type: { email: { emailAddress: email } } }] } }] } },
      }),
    );
    expect(point(await read(s.customer.id), 'email').type.email!.emailAddress).toBe(email);
  });

  it('takes an XML body from a customer session and answers 204 in XML', async () => {
    const s = await customerSession(t, admin);
    const email = uniqueEmail();
    const xml = `<customer xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/customer"
          xmlns:cpe="http://bindings.egain.com/ws/model/v12/gen/interaction/contactperson"
          xmlns:cpt="http://bindings.egain.com/ws/model/v12/gen/interaction/contactpoint">
  <contactPersons><cpe:contactPerson id="${person(s.customer).id}">
    <cpe:contactPoints><cpt:contactPoint id="${point(s.customer, 'email').id}"><cpt:type><cpt:email><cpt:emailAddress>${email}</cpt:emailAddress></cpt:email></cpt:type></cpt:contactPoint></cpe:contactPoints>
  </cpe:contactPerson></contactPersons>
</customer>`;
    noContent(await call(t.app, s, 'PUT', CONTEXT, { xml, fmt: 'xml' }), 'xml');
    expect(point(await read(s.customer.id), 'email').type.email!.emailAddress).toBe(email);
  });

  it.each(FORMATS)('answers 404-101 for another customer’s id from a customer session (%s)', async (fmt) => {
    expectError(await call(t.app, own, 'PUT', CONTEXT, { fmt, body: { id: other.id, contactPersons: { contactPerson: [{ id: person(other).id, lastName: 'X' }] } } }), '404-101', {
      format: fmt,
      details: [{ key: 'id', value: other.id }],
    });
    expect(person(await read(other.id)).lastName).toBe('Lee');
  });

  it('works as U4 for staff sessions: id required (400-153), then 204', async () => {
    const c = await createCustomer(t, admin, corporate());
    expectError(await call(t.app, agent, 'PUT', CONTEXT, { body: { pin: '3' } }), '400-153', { format: 'json', details: [{ key: 'id', value: '' }] });
    noContent(await call(t.app, agent, 'PUT', CONTEXT, { body: { id: c.id, pin: '3' } }));
    const now = await readCustomer(t, admin, c.id, 'pin');
    expect(now.pin).toBe('3');
    expect(now.lastModified.user).toEqual(agent.ref);
  });
});

describe('customer sessions on U1 and U2 (03 §8)', () => {
  it('U1: the own id only; any other id is not found (404-101)', async () => {
    expect(ok<{ customer: CustomerView[] }>(await call(t.app, own, 'GET', `${CUSTOMER}/${own.customer.id}`)).customer.map((c) => c.id)).toEqual([own.customer.id]);
    expectError(await call(t.app, own, 'GET', `${CUSTOMER}/${other.id}`), '404-101', { format: 'json', details: [{ key: 'id', value: other.id }] });
    expectError(await call(t.app, own, 'GET', `${CUSTOMER}/${own.customer.id},${other.id}`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: other.id }] });
  });

  it('U2: results limited to the own customer; a criterion naming another customer → 204', async () => {
    expect(await searchIds(t, own, `email=${own.email}`)).toEqual([own.customer.id]);
    expect(await searchIds(t, own, `email=${otherEmail}`)).toEqual([]);
    expect(await searchIds(t, own, `customerName=${encodeURIComponent(other.customerName)}`)).toEqual([]);
    const page = ok<SearchPage>(await call(t.app, own, 'GET', `${CUSTOMER}?type=individual`));
    expect(page.customer.map((c) => c.id)).toEqual([own.customer.id]);
    expect(page.paginationInfo.count).toBe(1);
    expect(ok<SearchPage>(await call(t.app, own, 'GET', `${CUSTOMER}?type=individual&$count=yes`)).paginationInfo.count).toBe(1);
  });
});

describe('customer sessions on U4/U6 (03 §8)', () => {
  it('may change contact points and custom attributes of the own customer (v12 and v15 paths)', async () => {
    const email = uniqueEmail();
    noContent(
      await call(t.app, own, 'PUT', CUSTOMER, {
        body: { id: own.customer.id, contactPersons: { contactPerson: [{ id: person(own.customer).id, contactPoints: { contactPoint: [emailPoint(email)] } }] } },
      }),
    );
    noContent(await call(t.app, own, 'PUT', CONTEXT, { body: customAttributes(attr('loyalty_tier', 'platinum')) }));
    const now = await read(own.customer.id);
    expect(now.contactPersons!.contactPerson[0]!.contactPoints!.contactPoint.map((p) => p.type.email?.emailAddress)).toContain(email);
    expect(now.customAttributes).toEqual({ customAttribute: [attr('loyalty_tier', 'platinum')] });
  });

  it('may change customerName and contact persons of an own group or corporate customer', async () => {
    const s = await customerSession(t, admin, corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'Boss' }] } }));
    const name = `Renamed ${uniq()}`;
    noContent(await call(t.app, s, 'PUT', CONTEXT, { body: { customerName: name, contactPersons: { contactPerson: [{ firstName: 'Helper' }] } } }));
    const now = await read(s.customer.id);
    expect(now.customerName).toBe(name);
    expect(now.contactPersons!.contactPerson.map((p) => p.firstName)).toEqual(['Boss', 'Helper']);
  });

  it('may send another writable field with its stored value', async () => {
    noContent(
      await call(t.app, own, 'PUT', CUSTOMER, {
        body: { id: own.customer.id, level: { value: 'gold' }, contactPersons: { contactPerson: [{ id: person(own.customer).id, jobTitle: 'Owner' }] } },
      }),
    );
    const now = await read(own.customer.id);
    expect(now.level?.value).toBe('Gold');
    expect(person(now).jobTitle).toBe('Owner');
  });

  it.each([
    ['level', { level: { value: 'Silver' } }],
    ['pin', { pin: '0000' }],
    ['marketSegment', { marketSegment: 'VIP' }],
    ['howReferred', { howReferred: { value: 'Partner' } }],
    ['entitlements', { entitlements: 'Everything' }],
  ])('refuses a different value of %s with 403-197 and changes nothing', async (_field, fields) => {
    const before = JSON.stringify(await read(own.customer.id));
    for (const url of [CUSTOMER, CONTEXT]) {
      const res = await call(t.app, own, 'PUT', url, { body: { id: own.customer.id, ...fields, contactPersons: { contactPerson: [{ id: person(own.customer).id, jobTitle: 'Changed' }] } } });
      expectError(res, '403-197', { format: 'json' });
    }
    expect(JSON.stringify(await read(own.customer.id))).toBe(before);
  });

  it('refuses a different preferred agent with 403-197 (XML)', async () => {
    const xml = `<customer xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/customer" xmlns:cmn="http://bindings.egain.com/ws/model/v12/gen/common" id="${own.customer.id}"><preferredAgent><cmn:user id="${agent.user.id}"/></preferredAgent></customer>`;
    expectError(await call(t.app, own, 'PUT', CUSTOMER, { xml, fmt: 'xml' }), '403-197');
  });

  it('U4 on another customer → 404-101', async () => {
    expectError(await call(t.app, own, 'PUT', CUSTOMER, { body: { id: other.id, contactPersons: { contactPerson: [{ id: person(other).id, lastName: 'X' }] } } }), '404-101', {
      format: 'json',
      details: [{ key: 'id', value: other.id }],
    });
  });
});

describe('customer sessions elsewhere (03 §8)', () => {
  it.each(FORMATS)('U3, U8, U9, U10 → 403-197 (%s)', async (fmt) => {
    expectError(await call(t.app, own, 'POST', CUSTOMER, { fmt, body: individual() }), '403-197', { format: fmt });
    expectError(await call(t.app, own, 'POST', `${CUSTOMER}/grant`, { fmt, body: { grantsOn: { customer: [{ id: own.customer.id }] }, grantsTo: { customer: [{ id: other.id }] } } }), '403-197', {
      format: fmt,
    });
    expectError(await call(t.app, own, 'GET', `${CUSTOMER}/${own.customer.id}/grant`, { fmt }), '403-197', { format: fmt });
    expectError(await call(t.app, own, 'DELETE', `${CUSTOMER}/${own.customer.id}/grant/${other.id}`, { fmt }), '403-197', { format: fmt });
  });

  it('U7 is allowed', async () => {
    const body = ok<{ attribute: { name: string }[] }>(await call(t.app, own, 'GET', `${ATTRIBUTES}?$attribute=level`));
    expect(body.attribute.map((a) => a.name)).toEqual(['level']);
  });
});

describe('client applications (02 §4.3, 03 §2.6)', () => {
  it('get 401-101 with a Bearer token on the customer paths', async () => {
    const login = { sessionId: admin.headers['x-egain-session']!, headers: admin.headers };
    const application = await createApplication(t.app, login);
    const token = await tokenFor(t.app, application);
    const headers = { authorization: `Bearer ${token}` };
    for (const [method, url, body] of [
      ['GET', `${CUSTOMER}/${other.id}`],
      ['GET', `${CUSTOMER}?email=${otherEmail}`],
      ['POST', CUSTOMER, individual()],
      ['PUT', CUSTOMER, { id: other.id, pin: '1' }],
      ['GET', CONTEXT],
      ['GET', `${ATTRIBUTES}?$attribute=all`],
      ['GET', `${CUSTOMER}/${other.id}/grant`],
    ] as const) {
      const res = await call(t.app, null, method, url, { headers, ...(body ? { body } : {}) });
      expectError(res, '401-101', { format: 'json', message: "Invalid or expired 'X-egain-session' header provided. New login is required." });
      expect(res.headers['x-egain-session']).toBeUndefined();
    }
  });
});
