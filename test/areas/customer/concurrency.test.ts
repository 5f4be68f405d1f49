// Concurrent creates (03 §7.3, 02 §6.5) and edits (03 §2.5, §7.4, §9) of customers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError } from '../../conformance/support.ts';
import {
  attr,
  call,
  corporate,
  created,
  createCustomer,
  CUSTOMER,
  customAttributes,
  defineAttribute,
  digits,
  emailPoint,
  individual,
  person,
  phonePoint,
  points,
  readCustomer,
  searchIds,
  specDefinitions,
  staff,
  uniq,
  uniqueEmail,
  type Staff,
} from './support.ts';

let t: TestApp;
let admin: Staff;
let agent: Staff;

beforeAll(async () => {
  t = await getTestApp();
  await specDefinitions(t);
  admin = await staff(t, ['administrator']);
  agent = await staff(t, ['agent']);
});
afterAll(async () => t?.close());

const post = (body: unknown, who: Staff = agent) => call(t.app, who, 'POST', CUSTOMER, { body });
const put = (body: unknown, who: Staff = agent) => call(t.app, who, 'PUT', CUSTOMER, { body });

describe('concurrent creates (03 §7.3)', () => {
  it('10 parallel creates on one session with distinct unique external_id values all answer 201', async () => {
    const values = Array.from({ length: 10 }, () => `EXT-${digits(10)}`);
    const responses = await Promise.all(values.map((v) => post(individual({ extra: customAttributes(attr('external_id', v), attr('loyalty_tier', 'bronze')) }))));
    const customers = responses.map((res) => created(res));
    expect(new Set(customers.map((c) => c.id)).size).toBe(10);
    for (const [i, v] of values.entries()) expect(await searchIds(t, admin, `custom.external_id=${v}`)).toEqual([customers[i]!.id]);
  });

  it('2 parallel creates with the same unique value: exactly one 201 and one 400-152', async () => {
    const value = `EXT-${digits(10)}`;
    const responses = await Promise.all([0, 1].map(() => post(individual({ extra: customAttributes(attr('external_id', value)) }))));
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 400]);
    const failed = responses.find((r) => r.statusCode === 400)!;
    const err = expectError(failed, '400-152', { format: 'json' });
    expect(err.details.some((d) => d.key.startsWith('customAttributes.customAttribute[0]'))).toBe(true);
    const winner = created(responses.find((r) => r.statusCode === 201)!);
    expect(await searchIds(t, admin, `custom.external_id=${value}`)).toEqual([winner.id]);
  });

  it('the same race on a unique definition of its own, repeated: never two holders', async () => {
    const unique = await defineAttribute(t, { unique: true, dataType: 'integer' });
    for (let round = 0; round < 3; round++) {
      const value = digits(6);
      // "007" and "7" normalise to the same integer (03 §2.7).
      const responses = await Promise.all([value, `00${value}`, value].map((v) => post(corporate(undefined, customAttributes(attr(unique, v))))));
      expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
      for (const r of responses.filter((x) => x.statusCode !== 201)) expectError(r, '400-152', { format: 'json' });
      expect(await searchIds(t, admin, `custom.${unique}=${value}`)).toHaveLength(1);
    }
  });

  it('several parallel creates on one session with the same names, email address and phone all answer 201', async () => {
    const email = uniqueEmail();
    const phone = digits(10);
    const body = individual({ firstName: 'Same', lastName: 'Name', email, points: [phonePoint({ phoneNo: phone })] });
    const responses = await Promise.all(Array.from({ length: 8 }, () => post(body, admin)));
    const ids = responses.map((r) => created(r).id);
    expect(new Set(ids).size).toBe(8);
    const sorted = [...ids].sort((a, b) => Number(a) - Number(b));
    expect(await searchIds(t, admin, `email=${email}`)).toEqual(sorted);
    expect(await searchIds(t, admin, `phone=${phone}`)).toEqual(sorted);
  });
});

describe('concurrent edits (03 §2.5, §7.4)', () => {
  it('several edits of one customer at once without lastModified: all 204, none of their changes lost', async () => {
    const addresses = Array.from({ length: 6 }, () => uniqueEmail());
    const c = await createCustomer(t, admin, individual({ email: null, points: addresses.map((a) => emailPoint(a)) }));
    const cps = points(c, 'email');
    const replaced = cps.map(() => uniqueEmail('new'));
    const requests = [
      ...cps.map((cp, i) =>
        put({ id: c.id, contactPersons: { contactPerson: [{ id: person(c).id, contactPoints: { contactPoint: [{ id: cp.id, type: { email: { emailAddress: replaced[i] } } }] } }] } }),
      ),
      put({ id: c.id, pin: '1234' }),
      put({ id: c.id, level: { value: 'Silver' } }),
      put({ id: c.id, contactPersons: { contactPerson: [{ id: person(c).id, jobTitle: 'Chief' }] } }),
      put({ id: c.id, ...customAttributes(attr('loyalty_tier', 'gold')) }),
    ];
    const responses = await Promise.all(requests);
    for (const r of responses) expect(r.statusCode, r.body).toBe(204);
    const now = await readCustomer(t, admin, c.id);
    expect(points(now, 'email').map((p) => [p.id, p.type.email!.emailAddress])).toEqual(cps.map((cp, i) => [cp.id, replaced[i]]));
    expect(now.pin).toBe('1234');
    expect(now.level?.value).toBe('Silver');
    expect(person(now).jobTitle).toBe('Chief');
    expect(now.customAttributes).toEqual({ customAttribute: [attr('loyalty_tier', 'gold')] });
    expect(Date.parse(now.lastModified.date)).toBeGreaterThan(Date.parse(c.lastModified.date));
  });

  it('several contact persons added at once all land', async () => {
    const c = await createCustomer(t, admin, corporate());
    const names = Array.from({ length: 5 }, (_, i) => `P${i}-${uniq()}`);
    const responses = await Promise.all(names.map((firstName) => put({ id: c.id, contactPersons: { contactPerson: [{ firstName }] } })));
    for (const r of responses) expect(r.statusCode, r.body).toBe(204);
    const now = await readCustomer(t, admin, c.id);
    expect(now.contactPersons!.contactPerson.map((p) => p.firstName).sort()).toEqual([...names].sort());
  });

  it('two edits at once carrying the same lastModified.date: exactly one 204, the other 409-101', async () => {
    for (let round = 0; round < 3; round++) {
      const c = await createCustomer(t, admin, corporate());
      const token = { date: c.lastModified.date };
      const responses = await Promise.all(['A', 'B'].map((pin) => put({ id: c.id, pin, lastModified: token })));
      expect(responses.map((r) => r.statusCode).sort()).toEqual([204, 409]);
      const loser = responses.findIndex((r) => r.statusCode === 409);
      expectError(responses[loser]!, '409-101', { format: 'json', details: [{ key: 'id', value: c.id }] });
      const now = await readCustomer(t, admin, c.id, 'pin');
      expect(now.pin).toBe(loser === 0 ? 'B' : 'A');
    }
  });
});
