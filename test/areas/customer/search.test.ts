// U2 — search customers (03 §7.2, §2.7 searching, §9; 01 §8–§10).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createDepartment } from '../../helpers/auth.ts';
import { expectError, FORMATS } from '../../conformance/support.ts';
import {
  after,
  attr,
  call,
  childrenNamed,
  corporate,
  createCustomer,
  CUSTOMER,
  customAttributes,
  defineAttribute,
  digits,
  editCustomer,
  emailPoint,
  fixtureJson,
  individual,
  noContent,
  NS,
  ok,
  person,
  phonePoint,
  point,
  readCustomer,
  searchIds,
  serviceDepartment,
  setDefinitionState,
  specDefinitions,
  staff,
  uniq,
  uniqueEmail,
  xmlOf,
  type CustomerView,
  type SearchPage,
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

const ids = (query: string) => searchIds(t, agent, query);
const search = (query: string, fmt: 'json' | 'xml' = 'json') => call(t.app, agent, 'GET', `${CUSTOMER}?${query}`, { fmt });
const newDepartment = async () => createDepartment(t.db, uniq('Dept '));

describe('U2 email (03 §7.2)', () => {
  it('matches the whole address case-insensitively, never a part of it', async () => {
    const u = uniq('');
    const address = `Ann.${u}@Example.COM`;
    const c = await createCustomer(t, admin, individual({ email: address }));
    expect(await ids(`email=${encodeURIComponent(address)}`)).toEqual([c.id]);
    expect(await ids(`email=ann.${u}@example.com`)).toEqual([c.id]);
    expect(await ids(`email=ANN.${u.toUpperCase()}@EXAMPLE.COM`)).toEqual([c.id]);
    expect(await ids(`email=ann.${u}`)).toEqual([]);
    expect(await ids(`email=${u}@example.com`)).toEqual([]);
    expect(await ids(`email=ann.${u}@example.co`)).toEqual([]);
    expect(await ids(`email=ann.${u}@example.comm`)).toEqual([]);
    expect(await ids(`email=*${u}@example.com`)).toEqual([]);
  });

  it('matches an address with + whether the + is encoded or not (a space is read as +)', async () => {
    const u = uniq('');
    const c = await createCustomer(t, admin, individual({ email: `ann+${u}@example.com` }));
    expect(await ids(`email=ann%2B${u}@example.com`)).toEqual([c.id]);
    expect(await ids(`email=ann+${u}@example.com`)).toEqual([c.id]);
    expect(await ids(`email=ann%20${u}@example.com`)).toEqual([c.id]);
  });

  it('finds every customer holding the address (addresses are not unique), with $attribute=all', async () => {
    const address = uniqueEmail();
    const a = await createCustomer(t, admin, individual({ email: address }));
    const b = await createCustomer(t, admin, corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'Bo', contactPoints: { contactPoint: [emailPoint(address)] } }] } }));
    const page = ok<SearchPage>(await search(`email=${address}&$attribute=all`));
    expect(page.customer.map((c) => c.id)).toEqual([a.id, b.id]);
    expect(page.customer[0]!.created).toBeDefined();
    expect(page.paginationInfo).toEqual({ count: 2, pagenum: 1, pagesize: 25 });
  });

  it.each(FORMATS)('answers 204 when no address matches (%s)', async (fmt) => {
    noContent(await search(`email=${uniqueEmail()}`, fmt), fmt);
  });
});

describe('U2 phone (03 §7.2, §9)', () => {
  let c: CustomerView;
  let area: string;
  let no: string;
  let formatted: string;
  beforeAll(async () => {
    area = digits(3);
    const [a, b] = [digits(4), digits(5)];
    no = a + b;
    formatted = `${a}-${b}`;
    c = await createCustomer(t, admin, individual({ email: null, points: [phonePoint({ countryCode: '+44', areaCode: area, phoneNo: formatted })] }));
  });

  it('matches the digits of phoneNo, areaCode+phoneNo and countryCode+areaCode+phoneNo', async () => {
    expect(await ids(`phone=${no}`)).toEqual([c.id]);
    expect(await ids(`phone=${formatted}`)).toEqual([c.id]);
    expect(await ids(`phone=${area}${no}`)).toEqual([c.id]);
    expect(await ids(`phone=44${area}${no}`)).toEqual([c.id]);
  });

  it('drops every non-digit of the value before matching', async () => {
    expect(await ids(`phone=${encodeURIComponent(`+44 (${area}) ${formatted}`)}`)).toEqual([c.id]);
    expect(await ids(`phone=${encodeURIComponent(`(${area}) ${no.slice(0, 3)}.${no.slice(3)}`)}`)).toEqual([c.id]);
  });

  it('matches no other digit string', async () => {
    expect(await ids(`phone=${no.slice(1)}`)).toEqual([]);
    expect(await ids(`phone=${no.slice(0, -1)}`)).toEqual([]);
    expect(await ids(`phone=${area}`)).toEqual([]);
    expect(await ids(`phone=4${area}${no}`)).toEqual([]);
    expect(await ids(`phone=44${no}`)).toEqual([]);
  });
});

describe('U2 customerName, type, department (03 §7.2)', () => {
  it('matches customerName exactly, case-insensitively', async () => {
    const u = uniq('');
    const c = await createCustomer(t, admin, corporate(`Acme ${u}`));
    expect(await ids(`customerName=${encodeURIComponent(`acme ${u.toUpperCase()}`)}`)).toEqual([c.id]);
    expect(await ids(`customerName=Acme%20${u}`)).toEqual([c.id]);
    expect(await ids(`customerName=${u}`)).toEqual([]);
    expect(await ids(`customerName=Acme%20${u.slice(0, -1)}`)).toEqual([]);
    const ind = await createCustomer(t, admin, individual({ firstName: `Zed${u}`, lastName: 'Lee' }));
    expect(await ids(`customerName=zed${u}%20LEE`)).toEqual([ind.id]);
  });

  it('filters by type (any letter case) and department, ANDed', async () => {
    const d = await newDepartment();
    const dep = { department: { id: String(d.id) } };
    const corp = await createCustomer(t, admin, corporate(undefined, dep));
    const group = await createCustomer(t, admin, { type: { value: 'group', group: { type: { value: 'Club' } } }, customerName: `Club ${uniq()}`, ...dep });
    const ind = await createCustomer(t, admin, individual({ extra: dep }));
    expect(await ids(`department=${d.id}`)).toEqual([corp.id, group.id, ind.id]);
    expect(await ids(`department=${d.id}&type=corporate`)).toEqual([corp.id]);
    expect(await ids(`type=GROUP&department=${d.id}`)).toEqual([group.id]);
    expect(await ids(`type=Individual&department=${d.id}`)).toEqual([ind.id]);
    expect(await ids(`type=corporate&customerName=${encodeURIComponent(corp.customerName)}`)).toEqual([corp.id]);
    expect(await ids(`type=group&customerName=${encodeURIComponent(corp.customerName)}`)).toEqual([]);
    const empty = await newDepartment();
    expect(await ids(`department=${empty.id}`)).toEqual([]);
  });

  it.each(FORMATS)('refuses an unknown type with 400-102 (%s)', async (fmt) => {
    expectError(await search('type=bogus', fmt), '400-102', { format: fmt, details: [{ key: 'type', value: 'bogus' }] });
  });

  it('refuses an empty criterion value with 400-102', async () => {
    expectError(await search('email='), '400-102', { format: 'json', details: [{ key: 'email', value: '' }] });
    expectError(await search('customerName='), '400-102', { format: 'json', details: [{ key: 'customerName', value: '' }] });
  });
});

describe('U2 createdDate, lastModifiedDate (03 §7.2, 01 §10)', () => {
  let d: { id: bigint };
  let c1: CustomerView;
  let c2: CustomerView;
  let c1Modified: string;
  beforeAll(async () => {
    d = await newDepartment();
    const dep = { department: { id: String(d.id) } };
    c1 = await createCustomer(t, admin, corporate(undefined, dep), '?$attribute=created');
    await after(c1.created!.date);
    c2 = await createCustomer(t, admin, corporate(undefined, dep), '?$attribute=created');
    await after(c2.lastModified.date);
    await editCustomer(t, admin, { id: c1.id, pin: '1' });
    c1Modified = (await readCustomer(t, admin, c1.id)).lastModified.date;
  });

  it('matches inclusive ranges of createdDate', async () => {
    expect(Date.parse(c1.created!.date)).toBeLessThan(Date.parse(c2.created!.date));
    const q = (range: string) => ids(`department=${d.id}&createdDate=${range}`);
    expect(await q(`[${c2.created!.date},]`)).toEqual([c2.id]);
    expect(await q(`[,${c1.created!.date}]`)).toEqual([c1.id]);
    expect(await q(`[${c1.created!.date},${c2.created!.date}]`)).toEqual([c1.id, c2.id]);
    expect(await q(`[${c1.created!.date},${c1.created!.date}]`)).toEqual([c1.id]);
    expect(await q('[2000-01-01,]')).toEqual([c1.id, c2.id]);
    expect(await q('[2000-01-01T00:00:00.000%2B02:00,]')).toEqual([c1.id, c2.id]);
    expect(await q('[,2000-01-01]')).toEqual([]);
    expect(await q('%5B2000-01-01%2C%5D')).toEqual([c1.id, c2.id]);
  });

  it('matches inclusive ranges of lastModifiedDate (an edit moves it)', async () => {
    expect(Date.parse(c1Modified)).toBeGreaterThan(Date.parse(c2.lastModified.date));
    const q = (range: string) => ids(`department=${d.id}&lastModifiedDate=${range}`);
    expect(await q(`[${c1Modified},]`)).toEqual([c1.id]);
    expect(await q(`[,${c2.lastModified.date}]`)).toEqual([c2.id]);
    expect(await q(`[${c2.lastModified.date},${c1Modified}]`)).toEqual([c1.id, c2.id]);
  });

  it.each([
    ['createdDate', '[,]'],
    ['createdDate', '2024-01-01T00:00:00.000Z'],
    ['createdDate', '[2024-02-01T00:00:00.000Z,2024-01-01T00:00:00.000Z]'],
    ['createdDate', '[abc,]'],
    ['lastModifiedDate', '[2024-01-01T00:00:00.000Z'],
    ['lastModifiedDate', '[2024-13-01,]'],
  ])('refuses %s=%s with 400-102', async (name, value) => {
    expectError(await search(`${name}=${encodeURIComponent(value)}`), '400-102', { format: 'json', details: [{ key: name, value }] });
  });

  it('refuses operator forms as unknown parameters (400-101)', async () => {
    expectError(await search('createdDate!=[2024-01-01,]'), '400-101', { format: 'json', details: [{ key: 'createdDate!', value: '[2024-01-01,]' }] });
  });
});

describe('U2 custom.<name> (03 §2.7)', () => {
  let s: string;
  let n: string;
  let e: string;
  let m: string;
  let dt: string;
  let b: string;
  let dec: string;
  let c1: CustomerView;
  let c2: CustomerView;
  let c3: CustomerView;
  beforeAll(async () => {
    s = await defineAttribute(t, { dataType: 'string' });
    n = await defineAttribute(t, { dataType: 'integer' });
    e = await defineAttribute(t, { dataType: 'string', enumerated: true, allowedValues: [{ value: 'Alpha', label: 'A' }, { value: 'Beta' }] });
    m = await defineAttribute(t, { dataType: 'string', multiValued: true });
    dt = await defineAttribute(t, { dataType: 'date' });
    b = await defineAttribute(t, { dataType: 'boolean' });
    dec = await defineAttribute(t, { dataType: 'decimal' });
    c1 = await createCustomer(t, admin, individual({ extra: customAttributes(attr(s, 'Red'), attr(n, '0042'), attr(e, 'alpha'), attr(m, 'x', 'y'), attr(dt, '2024-02-03'), attr(b, 'YES'), attr(dec, '1.50')) }));
    c2 = await createCustomer(t, admin, individual({ extra: customAttributes(attr(s, 'Red'), attr(n, '7'), attr(e, 'Beta')) }));
    c3 = await createCustomer(t, admin, individual({ extra: customAttributes(attr(s, 'red'), attr(n, '-7')) }));
  });

  it('compares strings exactly and case-sensitively', async () => {
    expect(await ids(`custom.${s}=Red`)).toEqual([c1.id, c2.id]);
    expect(await ids(`custom.${s}=red`)).toEqual([c3.id]);
    expect(await ids(`custom.${s}=Re`)).toEqual([]);
    expect(await ids(`custom.${s}=RED`)).toEqual([]);
  });

  it('normalises numbers: integers without leading zeros, decimals numerically', async () => {
    expect(await ids(`custom.${n}=42`)).toEqual([c1.id]);
    expect(await ids(`custom.${n}=0042`)).toEqual([c1.id]);
    expect(await ids(`custom.${n}=-7`)).toEqual([c3.id]);
    expect(await ids(`custom.${dec}=1.5`)).toEqual([c1.id]);
    expect(await ids(`custom.${dec}=1.50`)).toEqual([c1.id]);
  });

  it('canonicalises enumerated values, dates and booleans', async () => {
    expect(await ids(`custom.${e}=ALPHA`)).toEqual([c1.id]);
    expect(await ids(`custom.${e}=beta`)).toEqual([c2.id]);
    expect(await ids(`custom.${dt}=2024-02-03`)).toEqual([c1.id]);
    expect(await ids(`custom.${b}=true`)).toEqual([c1.id]);
    expect(await ids(`custom.${b}=Yes`)).toEqual([c1.id]);
    expect(await ids(`custom.${b}=false`)).toEqual([]);
  });

  it('matches any value of a multi-valued attribute', async () => {
    expect(await ids(`custom.${m}=x`)).toEqual([c1.id]);
    expect(await ids(`custom.${m}=y`)).toEqual([c1.id]);
    expect(await ids(`custom.${m}=z`)).toEqual([]);
  });

  it('ANDs several custom criteria, and with the other criteria', async () => {
    expect(await ids(`custom.${s}=Red&custom.${n}=7`)).toEqual([c2.id]);
    expect(await ids(`custom.${s}=Red&custom.${n}=-7`)).toEqual([]);
    expect(await ids(`custom.${s}=Red&email=${encodeURIComponent(point(c1, 'email').type.email!.emailAddress)}`)).toEqual([c1.id]);
  });

  it.each(FORMATS)('refuses a name without a customer definition with 400-101 (%s)', async (fmt) => {
    const name = `custom.${uniq('zz_')}`;
    expectError(await search(`${name}=1`, fmt), '400-101', { format: fmt, details: [{ key: name, value: '1' }] });
  });

  it('matches names case-sensitively and only definitions of the customer object type (400-101)', async () => {
    expectError(await search(`custom.${s.toUpperCase()}=Red`), '400-101', { format: 'json', details: [{ key: `custom.${s.toUpperCase()}`, value: 'Red' }] });
    const caseOnly = await defineAttribute(t, { objectType: 'case' });
    expectError(await search(`custom.${caseOnly}=x`), '400-101', { format: 'json', details: [{ key: `custom.${caseOnly}`, value: 'x' }] });
  });

  it.each([
    ['n', 'abc'],
    ['n', '4.2'],
    ['dec', '1.'],
    ['dt', '2024-2-3'],
    ['b', 'maybe'],
    ['e', 'Gamma'],
  ])('refuses a value of %s that cannot be normalised (%s) with 400-102', async (which, value) => {
    const name = `custom.${{ n, dec, dt, b, e }[which as 'n']}`;
    expectError(await search(`${name}=${value}`), '400-102', { format: 'json', details: [{ key: name, value }] });
  });

  it('still finds values of an inactive definition', async () => {
    const name = await defineAttribute(t);
    const c = await createCustomer(t, admin, individual({ extra: customAttributes(attr(name, 'kept')) }));
    await setDefinitionState(t, name, 'inactive');
    expect(await ids(`custom.${name}=kept`)).toEqual([c.id]);
  });

  it('answers the §7.2 example for custom.external_id', async () => {
    const service = await serviceDepartment(t);
    const value = `EXT-${digits(8)}`;
    const c = await createCustomer(t, admin, {
      type: { value: 'individual' },
      department: { id: String(service.id) },
      contactPersons: { contactPerson: [{ firstName: 'Ann', lastName: 'Lee', contactPoints: { contactPoint: [emailPoint('ann@example.com', 'high')] } }] },
      ...customAttributes(attr('external_id', value)),
    });
    const res = await search(`custom.external_id=${value}`);
    const expected = fixtureJson<SearchPage>('search-custom-external-id.json', {
      '1000012': c.id,
      '1000020': person(c).id,
      '1000032': point(c, 'email').id,
      '"999"': `"${service.id}"`,
      '"name":"Service"': `"name":"${service.name}"`,
      'EXT-00012345': value,
      '2024-05-02T10:15:30.123Z': c.lastModified.date,
    });
    // The example's change came from no staff session; this one was made by `admin`.
    expected.customer[0]!.lastModified = { date: c.lastModified.date, user: admin.ref };
    expect(ok<SearchPage>(res)).toEqual(expected);
  });
});

describe('U2 parameters (01 §8, §10)', () => {
  it.each(FORMATS)('needs a criterion: 400-103 (%s)', async (fmt) => {
    for (const url of [CUSTOMER, `${CUSTOMER}?$pagesize=5`, `${CUSTOMER}?$attribute=all`, `${CUSTOMER}?$sort=id`, `${CUSTOMER}?$count=yes`]) {
      expectError(await call(t.app, agent, 'GET', url, { fmt }), '400-103', { format: fmt });
    }
  });

  it('refuses unknown parameters with 400-101, and a parameter given twice with 400-104', async () => {
    expectError(await search('email=a@b.com&foo=1'), '400-101', { format: 'json', details: [{ key: 'foo', value: '1' }] });
    expectError(await search('customer=1'), '400-101', { format: 'json', details: [{ key: 'customer', value: '1' }] });
    expectError(await search('email=a@b.com&email=c@d.com'), '400-104', { format: 'json' });
  });
});

describe('U2 sorting and paging (01 §8, §9)', () => {
  let d: { id: bigint };
  let A: CustomerView;
  let B: CustomerView;
  let C: CustomerView;
  let D: CustomerView;
  let E: CustomerView;
  let base: string;
  const sorted = (q: string) => ids(`department=${d.id}&${q}`);

  beforeAll(async () => {
    d = await newDepartment();
    const u = uniq('');
    const dep = { department: { id: String(d.id) } };
    // Created in the order E, C, A, D, B: ids ascend in that order.
    E = await createCustomer(t, admin, corporate(`Echo ${u}`, dep));
    C = await createCustomer(t, admin, individual({ firstName: 'Charlie', lastName: u, extra: dep }));
    A = await createCustomer(t, admin, { type: { value: 'group', group: { type: { value: 'Club' } } }, customerName: `Alpha ${u}`, ...dep });
    D = await createCustomer(t, admin, corporate(`Delta ${u}`, dep));
    B = await createCustomer(t, admin, individual({ firstName: 'Bravo', lastName: u, extra: dep }));
    await after(B.lastModified.date);
    await editCustomer(t, admin, { id: E.id, pin: '5' });
    base = `${CUSTOMER}?department=${d.id}`;
  });

  it('sorts by id by default, and reports count, pagenum 1 and pagesize 25 without paging parameters', async () => {
    const page = ok<SearchPage>(await search(`department=${d.id}`));
    expect(page.customer.map((c) => c.id)).toEqual([E.id, C.id, A.id, D.id, B.id]);
    expect(page.link).toEqual({ rel: 'self', href: base });
    expect(page.paginationInfo).toEqual({ count: 5, pagenum: 1, pagesize: 25 });
  });

  it('sorts by id, customerName, type, createdDate and lastModifiedDate, both ways (ties by id)', async () => {
    expect(await sorted('$sort=id&$order=desc')).toEqual([B.id, D.id, A.id, C.id, E.id]);
    expect(await sorted('$sort=customerName')).toEqual([A.id, B.id, C.id, D.id, E.id]);
    expect(await sorted('$sort=customerName&$order=desc')).toEqual([E.id, D.id, C.id, B.id, A.id]);
    expect(await sorted('$sort=type')).toEqual([E.id, D.id, A.id, C.id, B.id]);
    expect(await sorted('$sort=type&$order=DESC')).toEqual([B.id, C.id, A.id, D.id, E.id]);
    expect(await sorted('$sort=createdDate')).toEqual([E.id, C.id, A.id, D.id, B.id]);
    expect(await sorted('$sort=createdDate&$order=desc')).toEqual([B.id, D.id, A.id, C.id, E.id]);
    expect(await sorted('$sort=lastModifiedDate')).toEqual([C.id, A.id, D.id, B.id, E.id]);
    expect(await sorted('$sort=lastModifiedDate&$order=desc')).toEqual([E.id, B.id, D.id, A.id, C.id]);
  });

  it('refuses bad $sort and $order values (400-102) and $order without $sort (400-104)', async () => {
    expectError(await search(`department=${d.id}&$sort=bogus`), '400-102', { format: 'json', details: [{ key: '$sort', value: 'bogus' }] });
    expectError(await search(`department=${d.id}&$sort=id,customerName`), '400-102', { format: 'json' });
    expectError(await search(`department=${d.id}&$sort=id&$order=up`), '400-102', { format: 'json', details: [{ key: '$order', value: 'up' }] });
    expectError(await search(`department=${d.id}&$order=desc`), '400-104', { format: 'json' });
    expectError(await search(`department=${d.id}&$pagesize=76`), '400-102', { format: 'json', details: [{ key: '$pagesize', value: '76' }] });
  });

  it('pages with $pagenum/$pagesize: exact count, prev/next links, a working $cursor', async () => {
    const first = ok<SearchPage>(await search(`department=${d.id}&$pagesize=2`));
    expect(first.customer.map((c) => c.id)).toEqual([E.id, C.id]);
    expect(first.paginationInfo).toMatchObject({ count: 5, pagenum: 1, pagesize: 2 });
    expect(first.paginationInfo.link!.map((l) => l.rel)).toEqual(['next']);
    const next = first.paginationInfo.link![0]!.href;
    expect(next.startsWith(`${base}&$pagenum=2&$pagesize=2&$cursor=`)).toBe(true);

    const second = ok<SearchPage>(await search(`department=${d.id}&$pagenum=2&$pagesize=2`));
    expect(second.customer.map((c) => c.id)).toEqual([A.id, D.id]);
    expect(second.link).toEqual({ rel: 'self', href: `${base}&$pagenum=2&$pagesize=2` });
    expect(second.paginationInfo).toMatchObject({ count: 5, pagenum: 2, pagesize: 2 });
    expect(second.paginationInfo.link!.map((l) => l.rel)).toEqual(['prev', 'next']);
    expect(second.paginationInfo.link![0]).toEqual({ rel: 'prev', href: `${base}&$pagenum=1&$pagesize=2` });

    const viaCursor = ok<SearchPage>(await call(t.app, agent, 'GET', next));
    expect(viaCursor.customer.map((c) => c.id)).toEqual([A.id, D.id]);
    expect(viaCursor.paginationInfo).toMatchObject({ count: 5, pagenum: 2, pagesize: 2 });

    const third = ok<SearchPage>(await search(`department=${d.id}&$pagenum=3&$pagesize=2`));
    expect(third.customer.map((c) => c.id)).toEqual([B.id]);
    expect(third.paginationInfo.link!.map((l) => l.rel)).toEqual(['prev']);
  });

  it('refuses a modified $cursor, or one issued for other criteria (400-102)', async () => {
    const first = ok<SearchPage>(await search(`department=${d.id}&$pagesize=2`));
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!.href;
    const cursor = new URL(next, 'http://x').searchParams.get('$cursor')!;
    const tampered = cursor.slice(0, -2) + (cursor.endsWith('AA') ? 'BB' : 'AA');
    expectError(await search(`department=${d.id}&$pagesize=2&$cursor=${tampered}`), '400-102', { format: 'json' });
    expectError(await search(`department=${d.id}&type=corporate&$pagesize=2&$cursor=${cursor}`), '400-102', { format: 'json' });
  });

  it.each(FORMATS)('answers 204 past the last page (%s)', async (fmt) => {
    noContent(await search(`department=${d.id}&$pagenum=4&$pagesize=2`, fmt), fmt);
    noContent(await search(`department=${d.id}&$pagenum=2`, fmt), fmt);
  });

  it('pages with $rangestart/$rangesize', async () => {
    const page = ok<SearchPage>(await search(`department=${d.id}&$rangestart=4&$rangesize=2`));
    expect(page.customer.map((c) => c.id)).toEqual([D.id, B.id]);
    expect(page.paginationInfo).toMatchObject({ count: 5, rangestart: 4, rangesize: 2 });
    expect(page.paginationInfo.pagenum).toBeUndefined();
    expect(page.paginationInfo.link!.map((l) => l.rel)).toEqual(['prev']);
  });

  it('answers only the count with $count=yes (also 0, still 200)', async () => {
    expect(ok(await search(`department=${d.id}&$count=yes`))).toEqual({
      paginationInfo: { count: 5, link: [{ rel: 'first', href: `${base}&$pagenum=1&$pagesize=25` }] },
    });
    const none = ok<SearchPage>(await search(`email=${uniqueEmail()}&$count=yes`));
    expect(none.paginationInfo.count).toBe(0);
  });

  it('writes the XML page: self link, customers, cmn:paginationInfo', async () => {
    const root = xmlOf(await search(`department=${d.id}&$pagesize=2&$pagenum=2`, 'xml'));
    expect(root.name).toBe(`{${NS.cus}}customers`);
    expect(root.children.map((c) => c.name)).toEqual([`{${NS.cus}}link`, `{${NS.cus}}customer`, `{${NS.cus}}customer`, `{${NS.cmn}}paginationInfo`]);
    expect(root.children[0]!.attrs).toEqual({ rel: 'self', href: `${base}&$pagesize=2&$pagenum=2` });
    expect(root.children.slice(1, 3).map((c) => c.attrs.id)).toEqual([A.id, D.id]);
    const info = root.children[3]!;
    expect(info.children.map((c) => c.name)).toEqual([`{${NS.cmn}}count`, `{${NS.cmn}}pagenum`, `{${NS.cmn}}pagesize`, `{${NS.cmn}}link`, `{${NS.cmn}}link`]);
    expect(info.children.slice(0, 3).map((c) => c.text)).toEqual(['5', '2', '2']);
    expect(childrenNamed(info, `{${NS.cmn}}link`).map((l) => l.attrs.rel)).toEqual(['prev', 'next']);
  });
});

describe('U2 after contact point changes (03 §4.3, §7.4, §9)', () => {
  it('finds an edited email address under the new address only', async () => {
    const [before, afterEdit] = [uniqueEmail(), uniqueEmail()];
    const c = await createCustomer(t, admin, individual({ email: before }));
    expect(await ids(`email=${before}`)).toEqual([c.id]);
    await editCustomer(t, admin, {
      id: c.id,
      contactPersons: { contactPerson: [{ id: person(c).id, contactPoints: { contactPoint: [{ id: point(c, 'email').id, type: { email: { emailAddress: afterEdit } } }] } }] },
    });
    expect(await ids(`email=${afterEdit}`)).toEqual([c.id]);
    expect(await ids(`email=${before}`)).toEqual([]);
  });

  it('finds an edited phone number under the new digits only', async () => {
    const [oldNo, newNo] = [digits(10), digits(10)];
    const c = await createCustomer(t, admin, individual({ email: null, points: [phonePoint({ phoneNo: oldNo })] }));
    expect(await ids(`phone=${oldNo}`)).toEqual([c.id]);
    await editCustomer(t, admin, {
      id: c.id,
      contactPersons: { contactPerson: [{ id: person(c).id, contactPoints: { contactPoint: [{ id: point(c, 'phone').id, type: { phone: { phoneNo: newNo } } }] } }] },
    });
    expect(await ids(`phone=${newNo}`)).toEqual([c.id]);
    expect(await ids(`phone=${oldNo}`)).toEqual([]);
  });

  it('no longer finds removed contact points, nor those of a removed contact person', async () => {
    const [mail, phone] = [uniqueEmail(), digits(10)];
    const c = await createCustomer(t, admin, individual({ email: mail, points: [phonePoint({ phoneNo: phone })] }));
    await editCustomer(t, admin, {
      id: c.id,
      contactPersons: { contactPerson: [{ id: person(c).id, contactPoints: { contactPoint: [{ id: point(c, 'email').id, remove: true }] } }] },
    });
    expect(await ids(`email=${mail}`)).toEqual([]);
    expect(await ids(`phone=${phone}`)).toEqual([c.id]);

    const other = uniqueEmail();
    const corp = await createCustomer(t, admin, corporate(undefined, { contactPersons: { contactPerson: [{ firstName: 'Kim', contactPoints: { contactPoint: [emailPoint(other)] } }, { firstName: 'Lou' }] } }));
    expect(await ids(`email=${other}`)).toEqual([corp.id]);
    await editCustomer(t, admin, { id: corp.id, contactPersons: { contactPerson: [{ id: person(corp, 0).id, remove: true }] } });
    expect(await ids(`email=${other}`)).toEqual([]);
  });
});
