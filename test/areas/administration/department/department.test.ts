// Departments (07 §1.2–§1.4, §4) through the real HTTP stack: list, get by ids, create, edit, delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment, createUser } from '../../../helpers/auth.ts';
import { expectError, FORMATS, instantPattern } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { AppError } from '../../../../src/errors/app-error.ts';
import { checkedWrite, isForeignKeyViolation, isUniqueViolation, stillInUse } from '../../../../src/areas/administration/shared/conflicts.ts';
import { ADMIN, call, COMMON, configVersion, el, FORBIDDEN, noContent, ns, ok, session, foreignContexts, expectForbidden, stampEl, unique, xmlOf, type Session } from './support.ts';
import { createDepartment as createDepartmentRow, deleteDepartments, editDepartments, getDepartments, listDepartments } from '../../../../src/areas/administration/department/department.service.ts';

const URL = `${ADMIN}/department`;
const DEP = ns('department');

type UserView = { id: string; name: string; firstName: string; lastName?: string };
type Dept = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  description?: string;
  lastModified: { date: string; user?: UserView };
  created?: { date: string; user?: UserView };
};
type Page = { link?: { rel: string; href: string }; department: Dept[]; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] } };

let t: TestApp;
let admin: Session;
let supervisor: Session;
let agent: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
  supervisor = await session(t.app, t.db, ['supervisor']);
  agent = await session(t.app, t.db, ['agent']);
});
afterAll(async () => t?.close());

async function create(name = unique('Dept'), description?: string): Promise<Dept> {
  const res = await call(t.app, admin, 'POST', URL, { body: { name, ...(description !== undefined ? { description } : {}) } });
  return ok<{ department: Dept[] }>(res, 201).department[0]!;
}

async function read(id: string, who: Session = admin): Promise<Dept> {
  return ok<{ department: Dept[] }>(await call(t.app, who, 'GET', `${URL}/${id}?$attribute=created`)).department[0]!;
}

const names = (page: Page) => page.department.map((d) => d.name);
const userOf = (s: Session): UserView => ({ id: s.name.id, name: s.name.name, firstName: s.name.firstName, lastName: s.name.lastName });

describe('callers (07 §1.2)', () => {
  it.each(FORMATS)('answers 401-101 on every endpoint without a session or with a Bearer token (%s)', async (fmt) => {
    const d = await create();
    const calls: [Parameters<typeof call>[2], string, unknown?][] = [
      ['GET', URL],
      ['GET', `${URL}/${d.id}`],
      ['POST', URL, { name: unique() }],
      ['PUT', URL, { id: d.id, name: unique() }],
      ['DELETE', `${URL}/${d.id}`],
    ];
    for (const [method, url, body] of calls) {
      expectError(await call(t.app, null, method, url, { fmt, body }), '401-101', { format: fmt });
      expectError(await call(t.app, null, method, url, { fmt, body, headers: { authorization: 'Bearer abc' } }), '401-101', { format: fmt });
    }
    expect((await read(d.id)).name).toBe(d.name);
  });

  it('lets supervisors and agents read', async () => {
    const d = await create();
    for (const who of [supervisor, agent]) {
      expect((await read(d.id, who)).name).toBe(d.name);
      const page = ok<Page>(await call(t.app, who, 'GET', `${URL}?name=${d.name}`));
      expect(names(page)).toEqual([d.name]);
    }
  });

  it.each(FORMATS)('refuses writes to supervisors and agents with 403-197 and changes nothing (%s)', async (fmt) => {
    const d = await create();
    const before = await configVersion(t.db);
    for (const who of [supervisor, agent]) {
      const name = unique();
      expectError(await call(t.app, who, 'POST', URL, { fmt, body: { name } }), '403-197', { format: fmt, message: FORBIDDEN['en-US'] });
      expect((await call(t.app, admin, 'GET', `${URL}?name=${name}`)).statusCode).toBe(204);
      expectError(await call(t.app, who, 'PUT', URL, { fmt, body: { id: d.id, name } }), '403-197', { format: fmt });
      expectError(await call(t.app, who, 'DELETE', `${URL}/${d.id}`, { fmt }), '403-197', { format: fmt });
    }
    expectError(await call(t.app, agent, 'DELETE', `${URL}/${d.id}`, { lang: 'es-ES' }), '403-197', { format: 'json', lang: 'es-ES', message: FORBIDDEN['es-ES'] });
    expect(await read(d.id)).toEqual({ ...d, created: (await read(d.id)).created });
    expect(await configVersion(t.db)).toBe(before);
  });

  it('checks the request before the permission and the permission before existence (01 §7.2)', async () => {
    expectError(await call(t.app, agent, 'POST', URL, { body: {} }), '400-153', { format: 'json', details: [{ key: 'name', value: '' }] });
    expectError(await call(t.app, agent, 'DELETE', `${URL}/abc`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'abc' }] });
    expectError(await call(t.app, agent, 'DELETE', `${URL}/999999999`), '403-197', { format: 'json' });
    expectError(await call(t.app, agent, 'PUT', URL, { body: { id: '999999999', name: unique() } }), '403-197', { format: 'json' });
  });
  it('refuses customer and client-application callers every call (403-197)', async () => {
    const d = await create();
    const q = { attributes: new Set() } as never;
    for (const ctx of foreignContexts(t.app, t.db)) {
      await expectForbidden(() => listDepartments(ctx, q));
      await expectForbidden(() => getDepartments(ctx, [BigInt(d.id)], q));
      await expectForbidden(() => createDepartmentRow(ctx, { name: unique() }, q));
      await expectForbidden(() => editDepartments(ctx, [{ id: d.id, name: unique() }]));
      await expectForbidden(() => deleteDepartments(ctx, [BigInt(d.id)]));
    }
    expect(await read(d.id)).toMatchObject({ name: d.name });
  });
});

describe('list (07 §1.4, §4)', () => {
  let prefix: string;
  let a: Dept;
  let b: Dept;
  let c: Dept;
  beforeAll(async () => {
    prefix = unique('L');
    b = await create(`${prefix}-b`, 'second');
    a = await create(`${prefix}-A`, 'first');
    c = await create(`${prefix}-c`);
  });

  it('needs no filter', async () => {
    const page = ok<Page>(await call(t.app, admin, 'GET', `${URL}?$pagesize=75`));
    expect(page.paginationInfo.count as number).toBeGreaterThanOrEqual(3);
    expect(page.department.length).toBeGreaterThan(0);
  });

  it('filters by name: * wildcard, case-insensitive; without * the whole name must match', async () => {
    const ids = async (q: string) => {
      const res = await call(t.app, admin, 'GET', `${URL}?${q}`);
      return res.statusCode === 204 ? [] : ok<Page>(res).department.map((d) => d.id);
    };
    expect(await ids(`name=${prefix}*`)).toEqual([b.id, a.id, c.id]);
    expect(await ids(`name=${prefix.toUpperCase()}*`)).toEqual([b.id, a.id, c.id]);
    expect(await ids(`name=${prefix.toLowerCase()}-a`)).toEqual([a.id]);
    expect(await ids(`name=${prefix}`)).toEqual([]);
    expect(await ids(`name=*${prefix.slice(3)}*C`)).toEqual([c.id]);
    expect(await ids(`name=${prefix}*-*`)).toEqual([b.id, a.id, c.id]);
  });

  it('reads % and _ in the name filter literally', async () => {
    const p = unique('P');
    const under = await create(`${p}_x%y`);
    await create(`${p}ax%y`);
    await create(`${p}_xzzy`);
    const page = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${p}_x%25y`));
    expect(page.department.map((d) => d.id)).toEqual([under.id]);
  });

  it('sorts by id (default) and by name case-insensitively, either order', async () => {
    const order = async (q: string) => names(ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*${q}`)));
    expect(await order('')).toEqual([b.name, a.name, c.name]);
    expect(await order('&$sort=id&$order=desc')).toEqual([c.name, a.name, b.name]);
    expect(await order('&$sort=name')).toEqual([a.name, b.name, c.name]);
    expect(await order('&$sort=NAME&$order=DESC')).toEqual([c.name, b.name, a.name]);
  });

  it('pages with paginationInfo, prev/next links and a $cursor that continues the order', async () => {
    const q = `name=${prefix}*&$sort=name&$pagesize=2`;
    const first = ok<Page>(await call(t.app, admin, 'GET', `${URL}?${q}`));
    expect(first.link).toEqual({ rel: 'self', href: `${URL}?${q}` });
    expect(names(first)).toEqual([a.name, b.name]);
    expect(first.paginationInfo).toMatchObject({ count: 3, pagenum: 1, pagesize: 2 });
    const links = first.paginationInfo.link!;
    expect(links.map((l) => l.rel)).toEqual(['next']);
    expect(links[0]!.href).toMatch(new RegExp(`^${URL.replace(/\//g, '\\/')}\\?name=${prefix}\\*&\\$sort=name&\\$pagenum=2&\\$pagesize=2&\\$cursor=[A-Za-z0-9_-]+$`));

    const second = ok<Page>(await call(t.app, admin, 'GET', links[0]!.href));
    expect(names(second)).toEqual([c.name]);
    expect(second.paginationInfo).toEqual({
      count: 3,
      pagenum: 2,
      pagesize: 2,
      link: [{ rel: 'prev', href: `${URL}?name=${prefix}*&$sort=name&$pagenum=1&$pagesize=2` }],
    });
    const byNumber = ok<Page>(await call(t.app, admin, 'GET', `${URL}?${q}&$pagenum=2`));
    expect(names(byNumber)).toEqual([c.name]);

    const desc = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$sort=name&$order=desc&$pagesize=1`));
    const next = ok<Page>(await call(t.app, admin, 'GET', desc.paginationInfo.link![0]!.href));
    expect([...names(desc), ...names(next)]).toEqual([c.name, b.name]);
  });

  it('pages by range', async () => {
    const page = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$rangestart=2&$rangesize=2`));
    expect(names(page)).toEqual([a.name, c.name]);
    expect(page.paginationInfo).toMatchObject({ count: 3, rangestart: 2, rangesize: 2 });
  });

  it.each(FORMATS)('answers 204 when nothing matches or the page is past the end (%s)', async (fmt) => {
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${unique('none')}`, { fmt }), fmt);
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$pagenum=2`, { fmt }), fmt);
  });

  it('answers $count=yes with the total and a first link, also when it is 0', async () => {
    const body = ok(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$count=yes`));
    expect(body).toEqual({ paginationInfo: { count: 3, link: [{ rel: 'first', href: `${URL}?name=${prefix}*&$pagenum=1&$pagesize=25` }] } });
    const none = ok(await call(t.app, admin, 'GET', `${URL}?name=${unique()}&$count=yes`));
    expect(none).toMatchObject({ paginationInfo: { count: 0 } });
    const xml = xmlOf(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$count=yes`, { fmt: 'xml' }));
    expect(xml).toEqual(
      el(`{${DEP}}departments`, {}, [
        el(`{${COMMON}}paginationInfo`, {}, [
          el(`{${COMMON}}count`, {}, '3'),
          el(`{${COMMON}}link`, { rel: 'first', href: `${URL}?name=${prefix}*&$pagenum=1&$pagesize=25` }),
        ]),
      ]),
    );
  });

  it('adds created only with $attribute=created or all', async () => {
    const plain = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*`));
    expect(plain.department.every((d) => d.created === undefined)).toBe(true);
    for (const attr of ['created', 'all', 'CREATED']) {
      const page = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$attribute=${attr}`));
      expect(page.department.map((d) => d.created?.user)).toEqual([userOf(admin), userOf(admin), userOf(admin)]);
    }
  });

  it('writes the XML list with the self link, items and paginationInfo in their namespaces', async () => {
    const res = await call(t.app, admin, 'GET', `${URL}?name=${prefix}-A`, { fmt: 'xml' });
    expect(xmlOf(res)).toEqual(
      el(`{${DEP}}departments`, {}, [
        el(`{${DEP}}link`, { rel: 'self', href: `${URL}?name=${prefix}-A` }),
        el(`{${DEP}}department`, { id: a.id }, [
          el(`{${DEP}}link`, { rel: 'self', href: `${URL}/${a.id}` }),
          el(`{${DEP}}name`, {}, a.name),
          el(`{${DEP}}description`, {}, 'first'),
          stampEl(DEP, 'lastModified', a.lastModified.date, admin.name),
        ]),
        el(`{${COMMON}}paginationInfo`, {}, [el(`{${COMMON}}count`, {}, '1'), el(`{${COMMON}}pagenum`, {}, '1'), el(`{${COMMON}}pagesize`, {}, '25')]),
      ]),
    );
  });

  it.each([
    ['foo=1', '400-101', [{ key: 'foo', value: '1' }]],
    ['description=x', '400-101', [{ key: 'description', value: 'x' }]],
    ['$sort=description', '400-102', [{ key: '$sort', value: 'description' }]],
    ['$attribute=users', '400-102', [{ key: '$attribute', value: 'users' }]],
    ['$pagesize=76', '400-102', [{ key: '$pagesize', value: '76' }]],
    ['name=', '400-102', [{ key: 'name', value: '' }]],
    ['$cursor=abc&$pagesize=2', '400-102', [{ key: '$cursor', value: 'abc' }]],
    ['$order=desc', '400-104', [{ key: '$order', value: 'desc' }]],
    ['$pagenum=1&$rangesize=2', '400-104', [{ key: '$pagenum', value: '1' }, { key: '$rangesize', value: '2' }]],
  ])('refuses %s with %s', async (q, code, details) => {
    expectError(await call(t.app, admin, 'GET', `${URL}?${q}`), code, { format: 'json', details });
  });
});

describe('get by ids (07 §1.4)', () => {
  it('returns the items in the order of the ids, duplicates removed, with , or %2C', async () => {
    const [d1, d2, d3] = [await create(), await create(), await create()];
    for (const sep of [',', '%2C', '%2c']) {
      const body = ok<{ department: Dept[] }>(await call(t.app, admin, 'GET', `${URL}/${d3.id}${sep}${d1.id}${sep}${d3.id}${sep}${d2.id}`));
      expect(Object.keys(body)).toEqual(['department']);
      expect(body.department.map((d) => d.id)).toEqual([d3.id, d1.id, d2.id]);
    }
  });

  it('answers the 07 §4 example shape in JSON and XML (namespace-aware)', async () => {
    const d = await create(unique('Service'), 'Customer service');
    const body = ok<{ department: Dept[] }>(await call(t.app, admin, 'GET', `${URL}/${d.id}`));
    expect(body).toEqual({
      department: [
        {
          id: d.id,
          link: { rel: 'self', href: `/system/ws/v12/administration/department/${d.id}` },
          name: d.name,
          description: 'Customer service',
          lastModified: { date: d.lastModified.date, user: userOf(admin) },
        },
      ],
    });
    expect(d.lastModified.date).toMatch(instantPattern);
    const example = `<departments xmlns="${DEP}" xmlns:c="${COMMON}" xmlns:p="http://bindings.egain.com/ws/model/v12/gen/platform">
  <department id="${d.id}">
    <link rel="self" href="/system/ws/v12/administration/department/${d.id}"/>
    <name>${d.name}</name>
    <description>Customer service</description>
    <lastModified date="${d.lastModified.date}"><c:user id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></c:user></lastModified>
  </department>
</departments>`;
    const res = await call(t.app, admin, 'GET', `${URL}/${d.id}`, { fmt: 'xml' });
    expect(xmlOf(res)).toEqual(canonicalXml(example));
  });

  it('omits an absent description and adds created with $attribute', async () => {
    const d = await create();
    expect(d.description).toBeUndefined();
    const full = await read(d.id);
    expect(full.created).toEqual({ date: d.lastModified.date, user: userOf(admin) });
    const xml = xmlOf(await call(t.app, admin, 'GET', `${URL}/${d.id}?$attribute=all`, { fmt: 'xml' }));
    expect(xml.children[0]!.children.map((c) => c.name)).toEqual(['link', 'name', 'lastModified', 'created'].map((n) => `{${DEP}}${n}`));
  });

  it('answers HEAD like GET without a body', async () => {
    const d = await create();
    const res = await call(t.app, admin, 'HEAD', `${URL}/${d.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it.each(FORMATS)('answers 404-101 naming every missing id (%s)', async (fmt) => {
    const d = await create();
    const res = await call(t.app, admin, 'GET', `${URL}/999999991,${d.id},999999992`, { fmt });
    expectError(res, '404-101', { format: fmt, details: [{ key: 'id', value: '999999991' }, { key: 'id', value: '999999992' }] });
  });

  it('refuses bad ids (400-102), more than 75 ids (400-160) and paging parameters (400-101)', async () => {
    const d = await create();
    expectError(await call(t.app, admin, 'GET', `${URL}/abc`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'abc' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/1,,2`), '400-102', { format: 'json', details: [{ key: 'ids', value: '1,,2' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join(',');
    expectError(await call(t.app, admin, 'GET', `${URL}/${many}`), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/${d.id}?$pagesize=5`), '400-101', { format: 'json', details: [{ key: '$pagesize', value: '5' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/${d.id}?$sort=name`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${d.id}?name=x`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${d.id}?$attribute=bogus`), '400-102', { format: 'json' });
  });
});

describe('create (07 §1.4, §4)', () => {
  it('answers 201 with Location and the created item, stamped by the caller, in one config_version step', async () => {
    const before = await configVersion(t.db);
    const name = unique('New');
    const res = await call(t.app, admin, 'POST', URL, { body: { name, description: 'Desk', id: '5', link: { rel: 'self', href: 'x' }, extra: 1 } });
    const d = ok<{ department: Dept[] }>(res, 201).department[0]!;
    expect(res.headers.location).toBe(`${URL}/${d.id}`);
    expect(d).toEqual({
      id: d.id,
      link: { rel: 'self', href: `${URL}/${d.id}` },
      name,
      description: 'Desk',
      lastModified: { date: d.lastModified.date, user: userOf(admin) },
    });
    expect(d.id).not.toBe('5');
    expect(Math.abs(Date.parse(d.lastModified.date) - Date.now())).toBeLessThan(60_000);
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await read(d.id)).toEqual({ ...d, created: { date: d.lastModified.date, user: userOf(admin) } });
  });

  it('takes the wrapper forms and answers $attribute fields', async () => {
    for (const wrap of [(o: object) => ({ department: o }), (o: object) => ({ department: [o] })]) {
      const name = unique();
      const res = await call(t.app, admin, 'POST', `${URL}?$attribute=created`, { body: wrap({ name }) });
      const d = ok<{ department: Dept[] }>(res, 201).department[0]!;
      expect(d.name).toBe(name);
      expect(d.created).toEqual({ date: d.lastModified.date, user: userOf(admin) });
    }
    const two = { department: [{ name: unique() }, { name: unique() }] };
    expectError(await call(t.app, admin, 'POST', URL, { body: two }), '400-152', { format: 'json', details: [{ key: 'department', value: '' }] });
  });

  it('takes an XML body and answers XML', async () => {
    const name = unique('Xml');
    const xml = `<?xml version="1.0" encoding="UTF-8"?><d:department xmlns:d="${DEP}"><d:name>${name}</d:name><d:description> Tier &amp; desk </d:description></d:department>`;
    const res = await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml });
    const root = xmlOf(res, 201);
    const item = root.children[0]!;
    const id = item.attrs.id!;
    expect(res.headers.location).toBe(`${URL}/${id}`);
    const date = item.children.find((c) => c.name === `{${DEP}}lastModified`)!.attrs.date!;
    expect(root).toEqual(
      el(`{${DEP}}departments`, {}, [
        el(`{${DEP}}department`, { id }, [
          el(`{${DEP}}link`, { rel: 'self', href: `${URL}/${id}` }),
          el(`{${DEP}}name`, {}, name),
          el(`{${DEP}}description`, {}, ' Tier & desk '),
          stampEl(DEP, 'lastModified', date, admin.name),
        ]),
      ]),
    );
  });

  it.each([
    [{}, '400-153', 'name'],
    [{ name: '' }, '400-153', 'name'],
    [{ name: '   ' }, '400-153', 'name'],
    [{ name: null }, '400-153', 'name'],
    [{ name: 'x'.repeat(256) }, '400-152', 'name'],
    [{ name: { a: 1 } }, '400-152', 'name'],
    [{ name: 'ok', description: 'y'.repeat(4001) }, '400-152', 'description'],
    [{ name: 'ok\u0001' }, '400-152', 'name'],
  ])('refuses create body #%# with %s', async (body, code, key) => {
    const err = expectError(await call(t.app, admin, 'POST', URL, { body }), code, { format: 'json' });
    expect(err.details.map((d) => d.key)).toEqual([key]);
  });

  it('refuses an empty XML name (400-153) and a malformed body (400-150)', async () => {
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: `<department><name/></department>` }), '400-153', {
      details: [{ key: 'name', value: '' }],
    });
    const bad = await t.app.inject({ method: 'POST', url: URL, headers: { ...admin.headers, 'content-type': 'application/json' }, payload: '{"name":' });
    expectError(bad, '400-150');
    expectError(await call(t.app, admin, 'POST', URL, { body: [{ name: unique() }] }), '400-150', { format: 'json' });
  });

  it('accepts 255 characters and a description of 4000', async () => {
    const name = unique('Long').padEnd(255, 'n');
    const d = await create(name, 'd'.repeat(4000));
    expect(d.name).toBe(name);
    expect(d.description).toHaveLength(4000);
  });

  it.each(FORMATS)('refuses a name in use, in any letter case, with 409-102 (%s)', async (fmt) => {
    const d = await create(unique('Dup'));
    const before = await configVersion(t.db);
    const res = await call(t.app, admin, 'POST', URL, { fmt, body: { name: d.name.toUpperCase() } });
    expectError(res, '409-102', {
      format: fmt,
      details: [{ key: 'name', value: d.name.toUpperCase() }],
      message: `The current state of resource ${d.id} does not allow this action: the value of 'name' is already in use.`,
    });
    const es = await call(t.app, admin, 'POST', URL, { body: { name: d.name }, lang: 'es-ES' });
    expectError(es, '409-102', {
      format: 'json',
      lang: 'es-ES',
      message: `El estado actual del recurso ${d.id} no permite esta acción: el valor de 'name' ya está en uso.`,
    });
    expect(await configVersion(t.db)).toBe(before);
  });
});

describe('edit (07 §1.4, §4)', () => {
  it('changes only the fields sent, stamps lastModified with the editor, answers 204', async () => {
    const d = await create(unique('Ed'), 'old');
    const other = await session(t.app, t.db, ['administrator']);
    const before = await configVersion(t.db);
    const name = unique('Ed');
    noContent(await call(t.app, other, 'PUT', URL, { body: { department: [{ id: d.id, name }] } }));
    const after = await read(d.id);
    expect(after).toMatchObject({ name, description: 'old', created: { date: d.lastModified.date, user: userOf(admin) } });
    expect(after.lastModified.user).toEqual(userOf(other));
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(d.lastModified.date));
    expect(await configVersion(t.db)).toBeGreaterThan(before);

    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: Number(d.id), description: 'new' } }));
    expect(await read(d.id)).toMatchObject({ name, description: 'new' });
  });

  it('edits several items at once, from a JSON or an XML list', async () => {
    const [d1, d2] = [await create(), await create()];
    noContent(await call(t.app, admin, 'PUT', URL, { body: { department: [{ id: d1.id, description: 'one' }, { id: d2.id, description: 'two' }] } }));
    expect((await read(d1.id)).description).toBe('one');
    expect((await read(d2.id)).description).toBe('two');
    const xml = `<departments xmlns="${DEP}"><department id="${d1.id}"><description>x1</description></department><department><id>${d2.id}</id><description>x2</description></department></departments>`;
    noContent(await call(t.app, admin, 'PUT', URL, { xml }));
    expect((await read(d1.id)).description).toBe('x1');
    expect((await read(d2.id)).description).toBe('x2');
  });

  it('clears the description with null, an empty string, an empty XML element or xsi:nil', async () => {
    const d = await create(unique(), 'x');
    const bodies: ({ body: unknown } | { xml: string })[] = [
      { body: { id: d.id, description: null } },
      { body: { id: d.id, description: '' } },
      { xml: `<department id="${d.id}"><description/></department>` },
      { xml: `<department id="${d.id}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><description xsi:nil="true"/></department>` },
    ];
    for (const b of bodies) {
      noContent(await call(t.app, admin, 'PUT', URL, { body: { id: d.id, description: 'again' } }));
      expect((await read(d.id)).description).toBe('again');
      noContent(await call(t.app, admin, 'PUT', URL, b));
      expect((await read(d.id)).description).toBeUndefined();
    }
  });

  it('checks lastModified.date when sent: equal → 204, different → 409-101 and nothing changes', async () => {
    const d = await create(unique(), 'v1');
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: d.id, description: 'v2', lastModified: { date: d.lastModified.date } } }));
    const stale = await call(t.app, admin, 'PUT', URL, { body: { id: d.id, description: 'v3', lastModified: { date: d.lastModified.date } } });
    expectError(stale, '409-101', { format: 'json', details: [{ key: 'id', value: d.id }] });
    const xml = `<department id="${d.id}"><description>v4</description><lastModified date="${d.lastModified.date}"/></department>`;
    expectError(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml }), '409-101', { details: [{ key: 'id', value: d.id }] });
    const now = await read(d.id);
    expect(now.description).toBe('v2');
    // The same instant in another offset is the same token.
    const shifted = new Date(Date.parse(now.lastModified.date)).toISOString().replace('Z', '+00:00');
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: d.id, description: 'v5', lastModified: { date: shifted } } }));
    expectError(await call(t.app, admin, 'PUT', URL, { body: { id: d.id, lastModified: { date: 'yesterday' } } }), '400-152', {
      format: 'json',
      details: [{ key: 'department[0].lastModified.date', value: 'yesterday' }],
    });
  });

  it('fails the whole list on one stale token or one unknown id (404-101 naming each)', async () => {
    const [d1, d2] = [await create(unique(), 'keep'), await create(unique(), 'keep')];
    const stale = { department: [{ id: d1.id, description: 'changed' }, { id: d2.id, description: 'changed', lastModified: { date: '2001-01-01T00:00:00.000Z' } }] };
    expectError(await call(t.app, admin, 'PUT', URL, { body: stale }), '409-101', { format: 'json', details: [{ key: 'id', value: d2.id }] });
    const missing = { department: [{ id: d1.id, description: 'changed' }, { id: '999999993' }, { id: '999999994' }] };
    expectError(await call(t.app, admin, 'PUT', URL, { body: missing }), '404-101', {
      format: 'json',
      details: [{ key: 'id', value: '999999993' }, { key: 'id', value: '999999994' }],
    });
    expect((await read(d1.id)).description).toBe('keep');
    expect((await read(d2.id)).description).toBe('keep');
  });

  it('refuses a name in use (409-102), also between two items of one request; the own name in another case is fine', async () => {
    const [d1, d2, d3] = [await create(), await create(), await create()];
    const res = await call(t.app, admin, 'PUT', URL, { body: { id: d1.id, name: d2.name.toLowerCase() } });
    expectError(res, '409-102', { format: 'json', details: [{ key: 'id', value: d1.id }, { key: 'name', value: d2.name.toLowerCase() }] });
    const same = unique();
    const both = await call(t.app, admin, 'PUT', URL, { body: { department: [{ id: d1.id, name: same }, { id: d3.id, name: same.toUpperCase() }] } });
    expectError(both, '409-102', { format: 'json' });
    expect((await read(d1.id)).name).toBe(d1.name);
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: d1.id, name: d1.name.toUpperCase() } }));
    expect((await read(d1.id)).name).toBe(d1.name.toUpperCase());
  });

  it.each([
    [{ id: 'x' }, '400-152', 'department[0].id'],
    [{ name: 'a' }, '400-153', 'department[0].id'],
    [{ department: [{ id: '1' }, { description: 'x' }] }, '400-153', 'department[1].id'],
    [{ id: '1', name: '' }, '400-152', 'department[0].name'],
    [{ id: '1', name: null }, '400-152', 'department[0].name'],
    [{ id: '1', name: 'n'.repeat(256) }, '400-152', 'department[0].name'],
    [{ id: '1', description: 'd'.repeat(4001) }, '400-152', 'department[0].description'],
  ])('refuses edit body #%# with %s', async (body, code, key) => {
    const err = expectError(await call(t.app, admin, 'PUT', URL, { body }), code, { format: 'json' });
    expect(err.details.map((d) => d.key)).toEqual([key]);
  });

  it('refuses an empty list with 400-153 (a required list sent empty, 01 §7.3)', async () => {
    expectError(await call(t.app, admin, 'PUT', URL, { body: { department: [] } }), '400-153', { format: 'json', details: [{ key: 'department', value: '' }] });
  });

  it('refuses more than 75 items with 400-160', async () => {
    const items = Array.from({ length: 76 }, (_, i) => ({ id: String(i + 1) }));
    expectError(await call(t.app, admin, 'PUT', URL, { body: { department: items } }), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
  });
});

describe('delete (07 §1.4, §4)', () => {
  it('deletes every id and answers 204; the ids are gone', async () => {
    const [d1, d2] = [await create(), await create()];
    const before = await configVersion(t.db);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${d1.id}%2C${d2.id}`));
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expectError(await call(t.app, admin, 'GET', `${URL}/${d1.id}`), '404-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${d2.id}`), '404-101', { format: 'json' });
    // The name is free again.
    await create(d1.name);
  });

  it('answers 404-101 naming each missing id, deleting nothing', async () => {
    const d = await create();
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${d.id},999999995`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999995' }] });
    expect((await read(d.id)).id).toBe(d.id);
  });

  it.each(FORMATS)('refuses a department that is a user home department with 409-102 naming the user (%s)', async (fmt) => {
    const d = await create();
    const user = await createUser(t.db, { departmentId: BigInt(d.id) });
    const res = await call(t.app, admin, 'DELETE', `${URL}/${d.id}`, { fmt });
    expectError(res, '409-102', {
      format: fmt,
      details: [{ key: 'id', value: d.id }, { key: 'user', value: String(user.id) }],
      message: `The current state of resource ${d.id} does not allow this action: the resource is still in use.`,
    });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${d.id}`, { lang: 'es-ES' }), '409-102', {
      format: 'json',
      lang: 'es-ES',
      message: `El estado actual del recurso ${d.id} no permite esta acción: el recurso todavía está en uso.`,
    });
    expect((await read(d.id)).id).toBe(d.id);
  });

  it('refuses a foreign department of a user and the department of a group; a free one in the same request stays too', async () => {
    const [foreign, grouped, free] = [await create(), await create(), await create()];
    const home = await createDepartment(t.db);
    const user = await createUser(t.db, { departmentId: home.id, foreignDepartmentIds: [BigInt(foreign.id)] });
    const group = await t.db.prisma.userGroup.create({ data: { name: unique('G'), departmentId: BigInt(grouped.id) } });
    const res = await call(t.app, admin, 'DELETE', `${URL}/${free.id},${grouped.id},${foreign.id}`);
    expectError(res, '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: grouped.id },
        { key: 'id', value: foreign.id },
        { key: 'user', value: String(user.id) },
        { key: 'group', value: String(group.id) },
      ],
    });
    for (const d of [foreign, grouped, free]) expect((await read(d.id)).id).toBe(d.id);
    // Once the references are gone the department can go.
    await t.db.prisma.userGroup.delete({ where: { id: group.id } });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${grouped.id}`));
  });

  it('refuses the department of a customer (its informational department, 03 §4.1)', async () => {
    const d = await create();
    const customer = await t.db.prisma.customer.create({ data: { type: 'corporate', customerName: unique('C'), departmentId: BigInt(d.id) } });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${d.id}`), '409-102', {
      format: 'json',
      details: [{ key: 'id', value: d.id }, { key: 'customer', value: String(customer.id) }],
    });
    await t.db.prisma.customer.delete({ where: { id: customer.id } });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${d.id}`));
  });

  it('refuses bad ids and more than 75 ids', async () => {
    expectError(await call(t.app, admin, 'DELETE', `${URL}/0`), '400-102', { format: 'json', details: [{ key: 'ids', value: '0' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join(',');
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${many}`), '400-160', { format: 'json' });
  });
});

describe('methods (01 §1.1)', () => {
  it.each([
    ['PUT', `${URL}/1`, 'GET, HEAD, DELETE'],
    ['POST', `${URL}/1`, 'GET, HEAD, DELETE'],
    ['DELETE', URL, 'GET, HEAD, POST, PUT'],
    ['PATCH', URL, 'GET, HEAD, POST, PUT'],
  ] as const)('%s %s → 405-100 with Allow', async (method, url, allow) => {
    const res = await call(t.app, admin, method, url, method === 'PUT' || method === 'POST' ? { body: { name: 'x' } } : {});
    expectError(res, '405-100', { format: 'json' });
    expect(res.headers.allow).toBe(allow);
  });
});

describe('writes racing past the checks (07 §1.4)', () => {
  it('recognises the unique index and foreign key refusals of both database back ends', async () => {
    const d = await create();
    const dup = await t.db.prisma.department.create({ data: { name: d.name.toUpperCase() } }).catch((e: unknown) => e);
    expect(isUniqueViolation(dup)).toBe(true);
    expect(isForeignKeyViolation(dup)).toBe(false);
    await createUser(t.db, { departmentId: BigInt(d.id) });
    const fk = await t.db.prisma.$transaction((tx) => tx.department.delete({ where: { id: BigInt(d.id) } })).catch((e: unknown) => e);
    expect(isForeignKeyViolation(fk)).toBe(true);
    expect(isUniqueViolation(fk)).toBe(false);
  });

  it('answers 409-102 when the unique index refuses a create that passed the check', async () => {
    const d = await create();
    const ctx = { ...fakeContext(), db: t.db } as never;
    const res = await checkedWrite(ctx, (tx) => tx.department.create({ data: { name: d.name } }), () => stillInUse([d.id], [])).catch((e: unknown) => e);
    expect(res).toBeInstanceOf(AppError);
    expect((res as AppError).key).toBe('409-102');
  });
});

function fakeContext() {
  return { configVersion: { changedHere: () => undefined } };
}
