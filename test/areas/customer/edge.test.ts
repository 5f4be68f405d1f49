// Edge cases found in review: items of new persons, list caps after an edit, duplicate items, characters XML cannot
// carry in nested fields, malformed attribute values, v12 edit without id, countries, order of checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError } from '../../conformance/support.ts';
import {
  ATTRIBUTES,
  CONTEXT,
  CUSTOMER,
  attr,
  call,
  corporate,
  createCustomer,
  customAttributes,
  customerSession,
  editCustomer,
  emailPoint,
  individual,
  ok,
  person,
  points,
  readCustomer,
  searchIds,
  specDefinitions,
  staff,
  uniq,
  uniqueEmail,
  type Staff,
} from './support.ts';
import { bumpConfigVersion } from '../../../src/platform/config-version.ts';

let t: TestApp;
let admin: Staff;

beforeAll(async () => {
  t = await getTestApp();
  await specDefinitions(t);
  admin = await staff(t, ['administrator']);
});
afterAll(async () => t?.close());

function expectDetail(res: LightMyRequestResponse, code: string, key: string) {
  const body = expectError(res, code, { format: 'json' });
  expect(body.details.map((d) => d.key), res.body).toContain(key);
}

const put = (body: unknown, url = CUSTOMER, who: { headers: Record<string, string> } = admin) => call(t.app, who, 'PUT', url, { body });

describe('contact person items of an edit', () => {
  it('reads the contact points of a new contact person as new ones (ids ignored, required fields required)', async () => {
    const c = await createCustomer(t, admin, corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'Ann', contactPoints: { contactPoint: [emailPoint(uniqueEmail())] } }] } }));
    const existing = points(c, 'email')[0]!.id;
    const missing = await put({ id: c.id, contactPersons: { contactPerson: [{ firstName: 'New', contactPoints: { contactPoint: [{ id: existing, type: { value: 'email' } }] } }] } });
    expectDetail(missing, '400-153', 'contactPersons.contactPerson[0].contactPoints.contactPoint[0].type.email.emailAddress');
    const email = uniqueEmail('new');
    await editCustomer(t, admin, { id: c.id, contactPersons: { contactPerson: [{ firstName: 'New', contactPoints: { contactPoint: [{ id: existing, ...emailPoint(email) }] } }] } });
    const after = await readCustomer(t, admin, c.id);
    expect(after.contactPersons!.contactPerson).toHaveLength(2);
    expect(points(after, 'email').map((p) => p.type.email!.emailAddress)).toContain(email);
    expect(points(after, 'email').map((p) => p.id)).toContain(existing);
  });

  it('refuses an edit that would leave more than 75 contact persons or 75 contact points of a person (400-160)', async () => {
    const many = Array.from({ length: 75 }, (_, i) => ({ firstName: `P${i}` }));
    const c = await createCustomer(t, admin, corporate(undefined, { contactPersons: { contactPerson: many } }));
    expectError(await put({ id: c.id, contactPersons: { contactPerson: [{ firstName: 'One more' }] } }), '400-160', { format: 'json' });
    const full = await createCustomer(t, admin, individual({ points: Array.from({ length: 75 }, () => emailPoint(uniqueEmail())), email: null }));
    expectError(
      await put({ id: full.id, contactPersons: { contactPerson: [{ id: person(full).id, contactPoints: { contactPoint: [emailPoint(uniqueEmail())] } }] } }),
      '400-160',
      { format: 'json' },
    );
    // Removing one while adding one stays within the cap.
    const first = points(full)[0]!.id;
    await editCustomer(t, admin, {
      id: full.id,
      contactPersons: { contactPerson: [{ id: person(full).id, contactPoints: { contactPoint: [{ id: first, remove: true }, emailPoint(uniqueEmail())] } }] },
    });
    expect(points(await readCustomer(t, admin, full.id))).toHaveLength(75);
  });

  it('refuses the same contact person or contact point twice in one edit, changing nothing', async () => {
    const c = await createCustomer(t, admin, corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'A' }, { firstName: 'B' }] } }));
    const x = person(c, 0).id;
    const email = uniqueEmail('twice');
    const res = await put({ id: c.id, contactPersons: { contactPerson: [{ id: x, remove: true }, { id: x, firstName: 'Z', contactPoints: { contactPoint: [emailPoint(email)] } }] } });
    expectDetail(res, '400-152', 'contactPersons.contactPerson[1].id');
    expect(await searchIds(t, admin, `email=${email}`)).toEqual([]);
    expect((await readCustomer(t, admin, c.id)).contactPersons!.contactPerson).toHaveLength(2);
  });
});

describe('characters and values', () => {
  it('refuses control characters in nested strings with 400-152 on the path, for names and custom values', async () => {
    const bad = individual({ firstName: 'A\u0001' });
    expectDetail(await call(t.app, admin, 'POST', CUSTOMER, { body: bad }), '400-152', 'contactPersons.contactPerson[0].firstName');
    const nul = { ...individual(), ...customAttributes(attr('region', 'x\u0000')) };
    expectDetail(await call(t.app, admin, 'POST', CUSTOMER, { body: nul }), '400-152', 'customAttributes.customAttribute[0].attribValues.attribValue[0].value');
  });

  it('refuses attribValues that is not an object instead of clearing the attribute', async () => {
    const c = await createCustomer(t, admin, { ...individual(), ...customAttributes(attr('region', 'Northeast')) }, '?$attribute=custom');
    const res = await put({ id: c.id, customAttributes: { customAttribute: [{ attribName: 'region', attribValues: 'South' }] } });
    expectDetail(res, '400-152', 'customAttributes.customAttribute[0].attribValues');
    expect((await readCustomer(t, admin, c.id, 'custom')).customAttributes?.customAttribute.map((a) => a.attribName)).toContain('region');
  });

  it.each(['zz', 'eu', 'xa'])('refuses the postal country %s, which names no country', async (country) => {
    const body = individual({ email: null, points: [{ type: { value: 'postal', postal: { address_1: '1 Main St', country: { value: country } } } }] });
    expectDetail(await call(t.app, admin, 'POST', CUSTOMER, { body }), '400-152', 'contactPersons.contactPerson[0].contactPoints.contactPoint[0].type.postal.country.value');
  });

  it('writes 64-bit bounds of a definition in the metadata without rounding', async () => {
    const name = uniq('big');
    await t.db.prisma.customAttributeDefinition.create({
      data: { objectType: 'customer', name, displayName: name, dataType: 'integer', minimum: '-9223372036854775808', maximum: '9007199254740993' },
    });
    await bumpConfigVersion(t.db.prisma);
    t.app.configVersion.changedHere();
    const res = await call(t.app, admin, 'GET', `${ATTRIBUTES}?$attribute=custom.${name}`);
    expect(res.body).toContain('"minimum":-9223372036854775808,"maximum":9007199254740993');
    ok(res);
  });
});

describe('edit addressing and order of checks', () => {
  it('requires id on the v12 edit also for a customer session; the v15 edit may leave it out', async () => {
    const own = await customerSession(t, admin);
    const body = { contactPersons: { contactPerson: [{ id: person(own.customer).id, lastName: 'Changed' }] } };
    expectDetail(await put(body, CUSTOMER, own), '400-153', 'id');
    await editCustomer(t, own, body, CONTEXT);
    expect(person(await readCustomer(t, admin, own.customer.id)).lastName).toBe('Changed');
  });

  it('checks a malformed lastModified.date (400-152) before the existence of the customer (404-101)', async () => {
    expectDetail(await put({ id: '99999999', pin: 'x', lastModified: { date: 'garbage' } }), '400-152', 'lastModified.date');
  });

  it('names the grant path id `id` when it is malformed', async () => {
    expectDetail(await call(t.app, admin, 'GET', `${CUSTOMER}/abc/grant`), '400-102', 'id');
  });
});
