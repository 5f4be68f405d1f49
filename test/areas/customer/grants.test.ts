// U8–U10 — customer grants (03 §7.7–§7.9).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { canonicalXml } from '../../helpers/xml-canonical.ts';
import { expectError, FORMATS } from '../../conformance/support.ts';
import {
  call,
  corporate,
  createCustomer,
  CUSTOMER,
  customerSession,
  fill,
  fixture,
  fixtureJson,
  noContent,
  ok,
  staff,
  xmlOf,
  type Staff,
} from './support.ts';

type Ref = { id: string; link: { rel: string; href: string } };
type Grants = { grantsOn: { customer: Ref[] }; grantsTo: { customer: Ref[] } };

const GRANT = `${CUSTOMER}/grant`;
const grantsOf = (id: string) => `${CUSTOMER}/${id}/grant`;
const ref = (id: string): Ref => ({ id, link: { rel: 'self', href: `${CUSTOMER}/${id}` } });
const body = (on: string[], to: string[]) => ({ grantsOn: { customer: on.map((id) => ({ id })) }, grantsTo: { customer: to.map((id) => ({ id })) } });
const byId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id);

let t: TestApp;
let admin: Staff;
let supervisor: Staff;
let agent: Staff;

beforeAll(async () => {
  t = await getTestApp();
  admin = await staff(t, ['administrator']);
  supervisor = await staff(t, ['supervisor']);
  agent = await staff(t, ['agent']);
});
afterAll(async () => t?.close());

/** `n` new corporate customers (ids ascending). */
async function customers(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => createCustomer(t, admin, corporate())));
    ids.push(...batch.map((c) => c.id));
  }
  return ids.sort((a, b) => Number(a) - Number(b));
}

const post = (b: unknown, who: Staff = supervisor, fmt: 'json' | 'xml' = 'json') => call(t.app, who, 'POST', GRANT, { body: b, fmt });
const grantees = async (id: string): Promise<string[]> => {
  const res = await call(t.app, supervisor, 'GET', grantsOf(id));
  if (res.statusCode === 204) {
    noContent(res);
    return [];
  }
  const g = ok<Grants>(res);
  expect(g.grantsOn).toEqual({ customer: [ref(id)] });
  return g.grantsTo.customer.map((c) => c.id).sort((a, b) => Number(a) - Number(b));
};

describe('U8 create grants (03 §7.7)', () => {
  it('answers 201, Location of the first grantor, and its grants (JSON examples of §7.7/§7.8)', async () => {
    const [a, b, c] = await customers(3);
    const map = { '1000012': a!, '1000013': b!, '1000014': c! };
    const res = await post(fixtureJson('grants.json', map));
    const g = ok<Grants>(res, 201);
    expect(res.headers.location).toBe(grantsOf(a!));
    expect(Object.keys(g).sort()).toEqual(['grantsOn', 'grantsTo']);
    g.grantsTo.customer.sort(byId);
    expect(g).toEqual(fixtureJson('grants-response.json', map));
    expect(ok<Grants>(await call(t.app, admin, 'GET', grantsOf(a!)))).toEqual({ grantsOn: g.grantsOn, grantsTo: { customer: expect.arrayContaining(g.grantsTo.customer) } });
    expect(await grantees(a!)).toEqual([b, c]);
  });

  it('takes the XML request of §7.7 and answers the <grants> document in the customer namespace', async () => {
    const [a, b, c] = await customers(3);
    const xml = fill(fixture('grants.xml'), { '1000012': a!, '1000013': b!, '1000014': c! });
    const res = await call(t.app, admin, 'POST', GRANT, { xml, fmt: 'xml' });
    const root = xmlOf(res, 201);
    expect(res.headers.location).toBe(grantsOf(a!));
    const cus = 'http://bindings.egain.com/ws/model/v12/gen/interaction/customer';
    const to = root.children.find((x) => x.name === `{${cus}}grantsTo`)!;
    to.children.sort((x, y) => Number(x.attrs.id) - Number(y.attrs.id));
    const item = (id: string) => `<customer id="${id}"><link rel="self" href="${CUSTOMER}/${id}"/></customer>`;
    expect(root).toEqual(canonicalXml(`<grants xmlns="${cus}"><grantsOn>${item(a!)}</grantsOn><grantsTo>${item(b!)}${item(c!)}</grantsTo></grants>`));
  });

  it('gives every grantee a grant on every grantor; the body is the first grantor’s', async () => {
    const [a, b, c, d] = await customers(4);
    const res = await post(body([d!, a!], [b!, c!]));
    const g = ok<Grants>(res, 201);
    expect(res.headers.location).toBe(grantsOf(d!));
    expect(g.grantsOn).toEqual({ customer: [ref(d!)] });
    expect(g.grantsTo.customer.sort(byId)).toEqual([ref(b!), ref(c!)]);
    expect(await grantees(a!)).toEqual([b, c]);
    expect(await grantees(d!)).toEqual([b, c]);
  });

  it('keeps existing pairs without error', async () => {
    const [a, b, c] = await customers(3);
    ok<Grants>(await post(body([a!], [b!])), 201);
    const again = ok<Grants>(await post(body([a!], [b!, c!])), 201);
    expect(again.grantsTo.customer.sort(byId)).toEqual([ref(b!), ref(c!)]);
    expect(await grantees(a!)).toEqual([b, c]);
  });

  it('needs both lists (400-153)', async () => {
    const [a, b] = await customers(2);
    expectError(await post(body([a!], [])), '400-153', { format: 'json' });
    expectError(await post(body([], [b!])), '400-153', { format: 'json' });
    expectError(await post({ grantsOn: { customer: [{ id: a }] } }), '400-153', { format: 'json' });
    expectError(await post({ grantsTo: { customer: [{ id: b }] } }), '400-153', { format: 'json' });
    expect(await grantees(a!)).toEqual([]);
  });

  it.each(FORMATS)('refuses unknown customers and a customer in both lists with 400-152, storing nothing (%s)', async (fmt) => {
    const [a, b, c] = await customers(3);
    const unknown = expectError(await post(body([a!], [b!, '999999999']), supervisor, fmt), '400-152', { format: fmt });
    expect(unknown.details).toContainEqual({ key: 'grantsTo.customer[1].id', value: '999999999' });
    const unknownGrantor = expectError(await post(body(['999999998'], [b!]), supervisor, fmt), '400-152', { format: fmt });
    expect(unknownGrantor.details).toContainEqual({ key: 'grantsOn.customer[0].id', value: '999999998' });
    expectError(await post(body([a!, c!], [b!, c!]), supervisor, fmt), '400-152', { format: fmt });
    expect(await grantees(a!)).toEqual([]);
  });

  it('refuses more than 75 customers in a list with 400-160', async () => {
    const [a, b] = await customers(2);
    const many = Array.from({ length: 76 }, (_, i) => String(1000000 + i));
    expectError(await post(body([a!], many)), '400-160', { format: 'json' });
    expectError(await post(body(many, [b!])), '400-160', { format: 'json' });
  });

  it('refuses agents (403-197); lets administrators and supervisors grant', async () => {
    const [a, b, c] = await customers(3);
    for (const fmt of FORMATS) expectError(await post(body([a!], [b!]), agent, fmt), '403-197', { format: fmt });
    expect(await grantees(a!)).toEqual([]);
    ok<Grants>(await post(body([a!], [b!]), admin), 201);
    ok<Grants>(await post(body([a!], [c!]), supervisor), 201);
    expect(await grantees(a!)).toEqual([b, c]);
    expectError(await call(t.app, null, 'POST', GRANT, { body: body([a!], [b!]) }), '401-101', { format: 'json' });
  });
});

describe('U8 limits of 75 per grantor and per grantee (03 §7.7)', () => {
  let pool: string[];
  beforeAll(async () => {
    pool = await customers(80);
  });

  it('a grantor grants to at most 75 customers; a request exceeding it stores nothing (400-160)', async () => {
    const [grantor, ...rest] = pool;
    ok<Grants>(await post(body([grantor!], rest.slice(0, 70))), 201);
    expectError(await post(body([grantor!], rest.slice(70, 76))), '400-160', { format: 'json' });
    expect(await grantees(grantor!)).toHaveLength(70);
    const full = ok<Grants>(await post(body([grantor!], rest.slice(70, 75))), 201);
    expect(full.grantsTo.customer).toHaveLength(75);
    // A pair it already holds does not count again.
    ok<Grants>(await post(body([grantor!], rest.slice(0, 3))), 201);
  });

  it('a grantee holds grants on at most 75 customers; a request exceeding it stores nothing (400-160)', async () => {
    const [grantee, other] = await customers(2);
    ok<Grants>(await post(body(pool.slice(1, 76), [grantee!])), 201);
    expectError(await post(body([pool[76]!, pool[77]!], [grantee!, other!])), '400-160', { format: 'json' });
    expect(await grantees(pool[76]!)).toEqual([]);
    expect(await grantees(pool[1]!)).toContain(grantee);
  });
});

describe('U9 get grants (03 §7.8)', () => {
  it.each(FORMATS)('answers 204 for a customer without grants, also for one that is only a grantee (%s)', async (fmt) => {
    const [a, b] = await customers(2);
    noContent(await call(t.app, admin, 'GET', grantsOf(a!), { fmt }), fmt);
    ok<Grants>(await post(body([a!], [b!])), 201);
    noContent(await call(t.app, admin, 'GET', grantsOf(b!), { fmt }), fmt);
  });

  it.each(FORMATS)('answers 404-101 for an unknown customer (%s)', async (fmt) => {
    expectError(await call(t.app, admin, 'GET', grantsOf('999999999'), { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999' }] });
  });

  it('answers XML grants', async () => {
    const [a, b] = await customers(2);
    ok<Grants>(await post(body([a!], [b!])), 201);
    const cus = 'http://bindings.egain.com/ws/model/v12/gen/interaction/customer';
    const item = (id: string) => `<customer id="${id}"><link rel="self" href="${CUSTOMER}/${id}"/></customer>`;
    expect(xmlOf(await call(t.app, supervisor, 'GET', grantsOf(a!), { fmt: 'xml' }))).toEqual(
      canonicalXml(`<grants xmlns="${cus}"><grantsOn>${item(a!)}</grantsOn><grantsTo>${item(b!)}</grantsTo></grants>`),
    );
  });

  it('refuses agents (403-197) and a malformed id (400-102)', async () => {
    const [a] = await customers(1);
    expectError(await call(t.app, agent, 'GET', grantsOf(a!)), '403-197', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', grantsOf('abc')), '400-102', { format: 'json' });
  });

  it('grants do not widen what a customer session sees (03 §7.7, 02 §7.3)', async () => {
    const grantee = await customerSession(t, admin);
    const [grantor] = await customers(1);
    ok<Grants>(await post(body([grantor!], [grantee.customer.id])), 201);
    expectError(await call(t.app, grantee, 'GET', `${CUSTOMER}/${grantor}`), '404-101', { format: 'json', details: [{ key: 'id', value: grantor! }] });
  });
});

describe('U10 revoke grants (03 §7.9)', () => {
  it('removes the grants of the grantor to the grantees named (204)', async () => {
    const [a, b, c, d] = await customers(4);
    ok<Grants>(await post(body([a!], [b!, c!, d!])), 201);
    noContent(await call(t.app, supervisor, 'DELETE', `${grantsOf(a!)}/${b}`));
    expect(await grantees(a!)).toEqual([c, d]);
    noContent(await call(t.app, admin, 'DELETE', `${grantsOf(a!)}/${d}%2C${c}`, { fmt: 'xml' }), 'xml');
    expect(await grantees(a!)).toEqual([]);
  });

  it.each(FORMATS)('answers 404-101 naming a grantee without a grant, removing nothing (%s)', async (fmt) => {
    const [a, b, c] = await customers(3);
    ok<Grants>(await post(body([a!], [b!])), 201);
    expectError(await call(t.app, admin, 'DELETE', `${grantsOf(a!)}/${b},${c}`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: c! }] });
    expect(await grantees(a!)).toEqual([b]);
    expectError(await call(t.app, admin, 'DELETE', `${grantsOf(a!)}/999999999`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999' }] });
    expectError(await call(t.app, admin, 'DELETE', `${grantsOf(b!)}/${a}`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: a! }] });
  });

  it('answers 404-101 for an unknown grantor', async () => {
    const [b] = await customers(1);
    const res = await call(t.app, admin, 'DELETE', `${grantsOf('999999999')}/${b}`);
    expectError(res, '404-101', { format: 'json' });
  });

  it('refuses more than 75 ids (400-160), malformed ids (400-102), agents (403-197)', async () => {
    const [a, b] = await customers(2);
    ok<Grants>(await post(body([a!], [b!])), 201);
    const many = Array.from({ length: 76 }, (_, i) => String(1000000 + i)).join(',');
    expectError(await call(t.app, admin, 'DELETE', `${grantsOf(a!)}/${many}`), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    expectError(await call(t.app, admin, 'DELETE', `${grantsOf(a!)}/x,${b}`), '400-102', { format: 'json' });
    expectError(await call(t.app, agent, 'DELETE', `${grantsOf(a!)}/${b}`), '403-197', { format: 'json' });
    expectError(await call(t.app, agent, 'DELETE', `${grantsOf(a!)}/${b}`, { fmt: 'xml' }), '403-197');
    expect(await grantees(a!)).toEqual([b]);
  });
});
