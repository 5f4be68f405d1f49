// Custom attribute definitions (07 §1.4, §13): get by ids and the list (filters objectType, name, state; paging,
// sort, $count, $cursor) through the real HTTP stack, JSON and XML. Other test files may share the worker database,
// so list assertions are made on this file's own definitions (by name) or against counts read from the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { call, COMMON, noContent, ok, PLATFORM, session, xmlOf, type Session } from '../department/support.ts';
import { ALIAS, attribName, CA, createDefinition, URL, userOf, type Definition, type Page } from './support.ts';

let t: TestApp;
let admin: Session;
let agent: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
  agent = await session(t.app, t.db, ['agent']);
});
afterAll(async () => t?.close());

const ids = async (q: string, who: Session = admin) => {
  const res = await call(t.app, who, 'GET', `${URL}?${q}`);
  return res.statusCode === 204 ? [] : ok<Page>(res).customAttributeDefinition.map((d) => d.id);
};

/** Every id of a list, page after page through the `next` links (01 §9.2, §9.4). */
async function walk(q: string): Promise<string[]> {
  const out: string[] = [];
  let url: string | undefined = `${URL}?${q}`;
  while (url) {
    const page: Page = ok<Page>(await call(t.app, admin, 'GET', url));
    out.push(...page.customAttributeDefinition.map((d) => d.id));
    url = page.paginationInfo.link?.find((l) => l.rel === 'next')?.href;
  }
  return out;
}

describe('get by ids (07 §1.4)', () => {
  it('answers the items in the order of the ids, duplicates once, default set unless $attribute asks', async () => {
    const a = await createDefinition(t.app, admin, { displayName: 'Alpha' });
    const b = await createDefinition(t.app, admin, { objectType: { value: 'case' }, dataType: { value: 'date' } });
    const body = ok<{ customAttributeDefinition: Definition[] }>(await call(t.app, agent, 'GET', `${URL}/${b.id},${a.id}%2C${b.id}`));
    expect(body.customAttributeDefinition.map((d) => d.id)).toEqual([b.id, a.id]);
    expect(body.customAttributeDefinition[1]).toEqual({
      id: a.id,
      link: { rel: 'self', href: `${URL}/${a.id}` },
      objectType: { value: 'customer', displayValue: 'Customer' },
      name: a.name,
      displayName: 'Alpha',
      dataType: { value: 'string', displayValue: 'Text' },
      maxLength: 255,
      enumerated: false,
      multiValued: false,
      unique: false,
      state: { value: 'active', displayValue: 'Active' },
      lastModified: { date: a.lastModified.date, user: userOf(admin) },
    });
    expect(body.customAttributeDefinition[0]!.dataType).toEqual({ value: 'date', displayValue: 'Date' });
    expect(body).not.toHaveProperty('paginationInfo');
    const all = ok<{ customAttributeDefinition: Definition[] }>(await call(t.app, admin, 'GET', `${URL}/${a.id}?$attribute=created`));
    expect(all.customAttributeDefinition[0]!.created).toEqual({ date: a.lastModified.date, user: userOf(admin) });
  });

  it('answers XML with every element in the resource namespace, enumeration values and the user in common (07 §1.3)', async () => {
    const d = await createDefinition(t.app, admin, {
      dataType: { value: 'integer' },
      displayName: 'Score',
      minimum: '-5',
      maximum: '5',
      enumerated: true,
      values: { allowedValue: [{ value: '1', label: 'One' }, { value: '2' }] },
      unique: true,
    });
    const user = `<c:user id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></c:user>`;
    const expected = `<customAttributeDefinitions xmlns="${CA}" xmlns:c="${COMMON}" xmlns:p="${PLATFORM}">
  <customAttributeDefinition id="${d.id}">
    <link rel="self" href="${URL}/${d.id}"/>
    <objectType><c:value>customer</c:value><c:displayValue>Cliente</c:displayValue></objectType>
    <name>${d.name}</name>
    <displayName>Score</displayName>
    <dataType><c:value>integer</c:value><c:displayValue>Entero</c:displayValue></dataType>
    <minimum>-5</minimum>
    <maximum>5</maximum>
    <enumerated>true</enumerated>
    <values>
      <allowedValue><value>1</value><label>One</label></allowedValue>
      <allowedValue><value>2</value></allowedValue>
    </values>
    <multiValued>false</multiValued>
    <unique>true</unique>
    <state><c:value>active</c:value><c:displayValue>Activo</c:displayValue></state>
    <lastModified date="${d.lastModified.date}">${user}</lastModified>
    <created date="${d.lastModified.date}">${user}</created>
  </customAttributeDefinition>
</customAttributeDefinitions>`;
    const res = await call(t.app, admin, 'GET', `${URL}/${d.id}?$attribute=all`, { fmt: 'xml', lang: 'es-ES' });
    expect(res.headers['content-language']).toBe('es-ES');
    expect(xmlOf(res)).toEqual(canonicalXml(expected));
  });

  it('refuses missing ids (404-101), bad ids (400-102), 76 ids (400-160), paging (400-101), unknown $attribute (400-102)', async () => {
    const d = await createDefinition(t.app, admin);
    expectError(await call(t.app, admin, 'GET', `${URL}/999999997,${d.id},999999996`, { fmt: 'xml' }), '404-101', {
      details: [{ key: 'id', value: '999999997' }, { key: 'id', value: '999999996' }],
    });
    expectError(await call(t.app, admin, 'GET', `${URL}/${d.id},`), '400-102', { format: 'json', details: [{ key: 'ids', value: `${d.id},` }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/abc`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'abc' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join(',');
    expectError(await call(t.app, admin, 'GET', `${URL}/${many}`), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/${d.id}?$pagesize=5`), '400-101', { format: 'json', details: [{ key: '$pagesize', value: '5' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/${d.id}?$sort=name`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${d.id}?objectType=customer`), '400-101', { format: 'json', details: [{ key: 'objectType', value: 'customer' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/${d.id}?$attribute=values`), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'values' }] });
  });

  it('serves the camel-case path segment customAttribute as the same resource (07 §1.3)', async () => {
    const d = await createDefinition(t.app, admin);
    const body = ok<{ customAttributeDefinition: Definition[] }>(await call(t.app, admin, 'GET', `${ALIAS}/${d.id}`));
    expect(body.customAttributeDefinition[0]).toEqual(d);
    expect(ok<Page>(await call(t.app, admin, 'GET', `${ALIAS}?name=${d.name}`)).customAttributeDefinition.map((x) => x.id)).toEqual([d.id]);
  });
});

describe('list (07 §1.4, §13)', () => {
  let name: string;
  let onCustomer: Definition;
  let onCase: Definition;
  let onActivity: Definition;
  beforeAll(async () => {
    name = attribName('list');
    onCustomer = await createDefinition(t.app, admin, { name });
    onCase = await createDefinition(t.app, admin, { name, objectType: { value: 'case' }, state: { value: 'inactive' } });
    onActivity = await createDefinition(t.app, admin, { name, objectType: { value: 'activity' }, dataType: { value: 'boolean' } });
  });

  it('needs no filter; count is the exact number of definitions', async () => {
    const page = ok<Page>(await call(t.app, agent, 'GET', URL));
    expect(page.paginationInfo.count).toBe(await t.db.prisma.customAttributeDefinition.count());
    expect(page.link).toEqual({ rel: 'self', href: URL });
    expect(page.paginationInfo).toMatchObject({ pagenum: 1, pagesize: 25 });
  });

  it('filters by name exactly and case-sensitively (01 §10: no wildcard in 07 §13)', async () => {
    expect(await ids(`name=${name}`)).toEqual([onCustomer.id, onCase.id, onActivity.id]);
    expect(await ids(`name=${name.toUpperCase()}`)).toEqual([]);
    expect(await ids(`name=${name.slice(0, 10)}*`)).toEqual([]);
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${name.slice(0, -1)}`));
  });

  it('filters by objectType and state (case-insensitive values) and ANDs the filters', async () => {
    expect(await ids(`name=${name}&objectType=CASE`)).toEqual([onCase.id]);
    expect(await ids(`name=${name}&state=active`)).toEqual([onCustomer.id, onActivity.id]);
    expect(await ids(`name=${name}&state=Inactive&objectType=case`)).toEqual([onCase.id]);
    expect(await ids(`name=${name}&state=inactive&objectType=activity`)).toEqual([]);
    for (const objectType of ['customer', 'case', 'activity'] as const) {
      const counted = ok<{ paginationInfo: { count: number } }>(await call(t.app, admin, 'GET', `${URL}?objectType=${objectType}&$count=yes`));
      expect(counted.paginationInfo.count).toBe(await t.db.prisma.customAttributeDefinition.count({ where: { objectType } }));
    }
    const inactive = ok<{ paginationInfo: { count: number } }>(await call(t.app, admin, 'GET', `${URL}?state=inactive&$count=yes`));
    expect(inactive.paginationInfo.count).toBe(await t.db.prisma.customAttributeDefinition.count({ where: { state: 'inactive' } }));
  });

  it('refuses bad filter values (400-102), unknown parameters (400-101) and bad combinations (400-104)', async () => {
    expectError(await call(t.app, admin, 'GET', `${URL}?objectType=ticket`), '400-102', { format: 'json', details: [{ key: 'objectType', value: 'ticket' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?state=deleted`, { fmt: 'xml' }), '400-102', { details: [{ key: 'state', value: 'deleted' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?name=`), '400-102', { format: 'json', details: [{ key: 'name', value: '' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?dataType=string`), '400-101', { format: 'json', details: [{ key: 'dataType', value: 'string' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$sort=displayName`), '400-102', { format: 'json', details: [{ key: '$sort', value: 'displayName' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$pagesize=76`), '400-102', { format: 'json', details: [{ key: '$pagesize', value: '76' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$order=desc`), '400-104', { format: 'json', details: [{ key: '$order', value: 'desc' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$pagenum=1&$rangestart=1`), '400-104', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}?state=active&state=inactive`), '400-104', { format: 'json', details: [{ key: 'state', value: 'active' }, { key: 'state', value: 'inactive' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$attribute=nope`), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'nope' }] });
  });

  it('sorts by id (default) or name in either order, ties by id', async () => {
    expect(await ids(`name=${name}&$sort=id&$order=desc`)).toEqual([onActivity.id, onCase.id, onCustomer.id]);
    expect(await ids(`name=${name}&$sort=name&$order=desc`)).toEqual([onActivity.id, onCase.id, onCustomer.id]);
    const prefix = attribName('S');
    const [b, a, c] = [
      await createDefinition(t.app, admin, { name: `${prefix}_b` }),
      await createDefinition(t.app, admin, { name: `${prefix}_A`, objectType: { value: 'case' } }),
      await createDefinition(t.app, admin, { name: `${prefix}_c` }),
    ];
    const mine = (list: string[]) => list.filter((id) => [a.id, b.id, c.id].includes(id));
    expect(mine(await walk('$sort=name&$pagesize=75'))).toEqual([a.id, b.id, c.id]);
    expect(mine(await walk('$sort=NAME&$order=desc&$pagesize=75'))).toEqual([c.id, b.id, a.id]);
    expect(mine(await walk('$pagesize=75'))).toEqual([b.id, a.id, c.id]);
  });

  it('pages with $pagenum/$pagesize and $rangestart/$rangesize, a working $cursor, 204 past the end', async () => {
    const first = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${name}&$pagesize=2`));
    expect(first.customAttributeDefinition.map((d) => d.id)).toEqual([onCustomer.id, onCase.id]);
    expect(first.paginationInfo).toMatchObject({ count: 3, pagenum: 1, pagesize: 2 });
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!;
    expect(next.href).toMatch(new RegExp(`^${URL}\\?name=${name}&\\$pagenum=2&\\$pagesize=2&\\$cursor=[A-Za-z0-9_-]+$`));
    const second = ok<Page>(await call(t.app, admin, 'GET', next.href));
    expect(second.customAttributeDefinition.map((d) => d.id)).toEqual([onActivity.id]);
    expect(second.paginationInfo.link!.map((l) => l.rel)).toEqual(['prev']);
    const byName = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${name}&$sort=name&$pagesize=1&$pagenum=2`));
    expect(byName.customAttributeDefinition.map((d) => d.id)).toEqual([onCase.id]);
    const cursor = byName.paginationInfo.link!.find((l) => l.rel === 'next')!.href;
    expect(ok<Page>(await call(t.app, admin, 'GET', cursor)).customAttributeDefinition.map((d) => d.id)).toEqual([onActivity.id]);
    expectError(await call(t.app, admin, 'GET', `${cursor.replace(/\$cursor=[^&]+/, '$cursor=forged')}`), '400-102', { format: 'json' });
    const range = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${name}&$rangestart=2&$rangesize=5`));
    expect(range.customAttributeDefinition.map((d) => d.id)).toEqual([onCase.id, onActivity.id]);
    expect(range.paginationInfo).toMatchObject({ count: 3, rangestart: 2, rangesize: 5 });
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${name}&$pagenum=3&$pagesize=2`, { fmt: 'xml' }), 'xml');
  });

  it('answers $count=yes with the total and the first page link, JSON and XML', async () => {
    expect(ok(await call(t.app, admin, 'GET', `${URL}?name=${name}&$count=yes`))).toEqual({
      paginationInfo: { count: 3, link: [{ rel: 'first', href: `${URL}?name=${name}&$pagenum=1&$pagesize=25` }] },
    });
    const xml = `<customAttributeDefinitions xmlns="${CA}" xmlns:c="${COMMON}">
  <c:paginationInfo><c:count>0</c:count><c:link rel="first" href="${URL}?name=${name}x&amp;$pagenum=1&amp;$pagesize=25"/></c:paginationInfo>
</customAttributeDefinitions>`;
    expect(xmlOf(await call(t.app, admin, 'GET', `${URL}?name=${name}x&$count=yes`, { fmt: 'xml' }))).toEqual(canonicalXml(xml));
  });

  it('answers an XML page: self link, items, paginationInfo', async () => {
    const root = xmlOf(await call(t.app, admin, 'GET', `${URL}?name=${name}&objectType=activity`, { fmt: 'xml' }));
    expect(root.name).toBe(`{${CA}}customAttributeDefinitions`);
    expect(root.children.map((c) => c.name)).toEqual([`{${CA}}link`, `{${CA}}customAttributeDefinition`, `{${COMMON}}paginationInfo`]);
    expect(root.children[0]!.attrs).toEqual({ rel: 'self', href: `${URL}?name=${name}&objectType=activity` });
    expect(root.children[1]!.attrs.id).toBe(onActivity.id);
  });
});
