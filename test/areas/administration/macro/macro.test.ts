// Macros (07 §1.2–§1.4, §11; CRUD only) through the real HTTP stack: callers, list, get by ids, create, edit,
// delete, in JSON and XML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { call as callAs, customerSession } from '../../customer/support.ts';
import {
  ADMIN,
  call,
  COMMON,
  configVersion,
  el,
  expectForbidden,
  FORBIDDEN,
  foreignContexts,
  noContent,
  ns,
  ok,
  PLATFORM,
  session,
  stampEl,
  unique,
  xmlOf,
  type Session,
} from '../department/support.ts';
import { createMacro as createViaService, deleteMacros, editMacros, getMacros, listMacros } from '../../../../src/areas/administration/macro/macro.service.ts';
import { builtInMacroNames } from '../../../../src/areas/administration/macro/macro.schema.ts';

const URL = `${ADMIN}/macro`;
const MAC = ns('macro');

type UserView = { id: string; name: string; firstName: string; lastName?: string };
type Macro = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  description?: string;
  value: string;
  department: { id: string; name: string };
  state: { value: string; displayValue: string };
  lastModified: { date: string; user?: UserView };
  created?: { date: string; user?: UserView };
};
type Page = { link?: { rel: string; href: string }; macro: Macro[]; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] } };

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

const userOf = (s: Session): UserView => ({ id: s.name.id, name: s.name.name, firstName: s.name.firstName, lastName: s.name.lastName });
/** A macro name no other test uses (hex digits and `_`). */
const macroName = (prefix = 'm') => unique(`${prefix}_`);
const dept = () => createDepartment(t.db, unique('MD'));
const post = (body: unknown) => call(t.app, admin, 'POST', URL, { body });
const put = (body: unknown) => call(t.app, admin, 'PUT', URL, { body });

async function createMacro(body: Record<string, unknown>, query = ''): Promise<Macro> {
  return ok<{ macro: Macro[] }>(await call(t.app, admin, 'POST', `${URL}${query}`, { body: { name: macroName(), value: 'v', ...body } }), 201).macro[0]!;
}
async function readMacro(id: string, query = '?$attribute=all', who: Session = admin): Promise<Macro> {
  return ok<{ macro: Macro[] }>(await call(t.app, who, 'GET', `${URL}/${id}${query}`)).macro[0]!;
}
const at = (d: { id: bigint }) => ({ department: { id: String(d.id) } });

describe('callers (07 §1.2)', () => {
  it.each(FORMATS)('answers 401-101 on every endpoint without a session (%s)', async (fmt) => {
    const d = await dept();
    const m = await createMacro(at(d));
    for (const [method, url, body] of [
      ['GET', URL],
      ['GET', `${URL}/${m.id}`],
      ['POST', URL, { name: macroName(), value: 'x', ...at(d) }],
      ['PUT', URL, { id: m.id, value: 'y' }],
      ['DELETE', `${URL}/${m.id}`],
    ] as const) {
      expectError(await call(t.app, null, method, url, { fmt, body }), '401-101', { format: fmt });
    }
    expect((await readMacro(m.id)).value).toBe('v');
  });

  it('lets supervisors and agents read, refuses them every write with 403-197 and changes nothing', async () => {
    const d = await dept();
    const m = await createMacro(at(d));
    const before = await configVersion(t.db);
    for (const who of [supervisor, agent]) {
      expect(await readMacro(m.id, '', who)).toEqual(await readMacro(m.id, ''));
      expect(ok<Page>(await call(t.app, who, 'GET', `${URL}?department=${d.id}`)).macro.map((x) => x.id)).toEqual([m.id]);
      const name = macroName();
      expectError(await call(t.app, who, 'POST', URL, { body: { name, value: 'x', ...at(d) } }), '403-197', { format: 'json', message: FORBIDDEN['en-US'] });
      expectError(await call(t.app, who, 'POST', URL, { fmt: 'xml', xml: `<macro><name>${name}</name><value>x</value><department id="${d.id}"/></macro>` }), '403-197');
      expectError(await call(t.app, who, 'PUT', URL, { body: { id: m.id, value: 'changed' } }), '403-197', { format: 'json' });
      expectError(await call(t.app, who, 'PUT', URL, { fmt: 'xml', xml: `<macros><macro id="${m.id}"><value>changed</value></macro></macros>` }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/${m.id}`, { fmt: 'xml' }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/999999999`), '403-197', { format: 'json' });
      noContent(await call(t.app, admin, 'GET', `${URL}?name=${name}`));
    }
    expect((await readMacro(m.id)).value).toBe('v');
    expect(await configVersion(t.db)).toBe(before);
  });

  it('validates the body before the permission (01 §7.2)', async () => {
    expectError(await call(t.app, agent, 'POST', URL, { body: { name: 'case_id', value: 'x', department: { id: '1' } } }), '400-152', {
      format: 'json',
      details: [{ key: 'name', value: 'case_id' }],
    });
    expectError(await call(t.app, agent, 'POST', URL, { body: { name: 'ok', department: { id: '1' } } }), '400-153', { format: 'json', details: [{ key: 'value', value: '' }] });
    expectError(await call(t.app, supervisor, 'PUT', URL, { body: { id: '1', name: 'bad name' } }), '400-152', { format: 'json', details: [{ key: 'macro[0].name', value: 'bad name' }] });
  });

  it('refuses customer sessions every call with 403-197', async () => {
    const d = await dept();
    const m = await createMacro(at(d));
    const customer = await customerSession(t, admin);
    for (const fmt of FORMATS) {
      for (const [method, url, body] of [
        ['GET', URL],
        ['GET', `${URL}/${m.id}`],
        ['POST', URL, { name: macroName(), value: 'x', ...at(d) }],
        ['PUT', URL, { id: m.id, value: 'x' }],
        ['DELETE', `${URL}/${m.id}`],
      ] as const) {
        expectError(await callAs(t.app, customer, method, url, { fmt, body }), '403-197', { format: fmt });
      }
    }
    expect((await readMacro(m.id)).value).toBe('v');
  });

  it('refuses customer and client-application callers in the services too (403-197)', async () => {
    const d = await dept();
    const m = await createMacro(at(d));
    const q = { attributes: new Set() } as never;
    for (const ctx of foreignContexts(t.app, t.db)) {
      await expectForbidden(() => listMacros(ctx, q));
      await expectForbidden(() => getMacros(ctx, [BigInt(m.id)], q));
      await expectForbidden(() => createViaService(ctx, { name: macroName(), value: 'x', ...at(d) }, q));
      await expectForbidden(() => editMacros(ctx, [{ id: m.id, value: 'x' }]));
      await expectForbidden(() => deleteMacros(ctx, [BigInt(m.id)]));
    }
  });
});

describe('list (07 §1.4, §11)', () => {
  let prefix: string;
  let d1: { id: bigint; name: string };
  let d2: { id: bigint; name: string };
  let a: Macro;
  let b: Macro;
  let c: Macro;
  let d: Macro;

  beforeAll(async () => {
    prefix = unique('L');
    d1 = await dept();
    d2 = await dept();
    a = await createMacro({ name: `${prefix}_b`, ...at(d1) });
    b = await createMacro({ name: `${prefix}.A`, ...at(d1), state: { value: 'inactive' } });
    c = await createMacro({ name: `${prefix}_c`, ...at(d2) });
    d = await createMacro({ name: `${prefix}x_d`, ...at(d1) });
  });

  const ids = async (query: string) => {
    const res = await call(t.app, admin, 'GET', `${URL}?${query}`);
    if (res.statusCode === 204) return [];
    return ok<Page>(res).macro.map((x) => x.id);
  };

  it('needs no filter and answers the default set with paginationInfo', async () => {
    const page = ok<Page>(await call(t.app, admin, 'GET', URL));
    expect(page.paginationInfo.count as number).toBeGreaterThanOrEqual(4);
    expect(page.macro.every((x) => x.created === undefined && x.value !== undefined)).toBe(true);
  });

  it('filters by department (id or name), state and name with the * wildcard, case-insensitively; _ is literal', async () => {
    expect(await ids(`department=${d1.id}`)).toEqual([a.id, b.id, d.id]);
    expect(await ids(`department=${encodeURIComponent(d2.name.toLowerCase())}`)).toEqual([c.id]);
    expect(await ids(`name=${prefix}*`)).toEqual([a.id, b.id, c.id, d.id]);
    expect(await ids(`name=${prefix.toLowerCase()}.a`)).toEqual([b.id]);
    expect(await ids(`name=${prefix}_*`)).toEqual([a.id, c.id]);
    expect(await ids(`name=*${prefix.slice(2)}?b`)).toEqual([]);
    expect(await ids(`name=${prefix}*&state=inactive`)).toEqual([b.id]);
    expect(await ids(`name=${prefix}*&state=Active&department=${d1.id}`)).toEqual([a.id, d.id]);
  });

  it('answers 404-101 for a department that does not exist; refuses bad parameters', async () => {
    expectError(await call(t.app, admin, 'GET', `${URL}?department=999999999`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?state=closed`, { fmt: 'xml' }), '400-102', { details: [{ key: 'state', value: 'closed' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?value=x`), '400-101', { format: 'json', details: [{ key: 'value', value: 'x' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$sort=value`), '400-102', { format: 'json', details: [{ key: '$sort', value: 'value' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$attribute=description`), '400-102', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}?$order=desc`), '400-104', { format: 'json' });
  });

  it('sorts by id or name in either order, pages with a working $cursor, answers 204 and $count', async () => {
    const names = async (q: string) => ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*${q}`)).macro.map((x) => x.id);
    expect(await names('&$sort=name')).toEqual([b.id, a.id, c.id, d.id]);
    expect(await names('&$sort=name&$order=desc')).toEqual([d.id, c.id, a.id, b.id]);
    expect(await names('&$sort=id&$order=desc')).toEqual([d.id, c.id, b.id, a.id]);
    const first = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$sort=name&$pagesize=3`));
    expect(first.paginationInfo).toMatchObject({ count: 4, pagenum: 1, pagesize: 3 });
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!;
    expect(ok<Page>(await call(t.app, admin, 'GET', next.href)).macro.map((x) => x.id)).toEqual([d.id]);
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$pagenum=2`));
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${unique()}`, { fmt: 'xml' }), 'xml');
    expect(ok(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$count=yes`))).toMatchObject({ paginationInfo: { count: 3 } });
  });

  it('answers the list in XML in the macro namespace and adds created with $attribute', async () => {
    const root = xmlOf(await call(t.app, admin, 'GET', `${URL}?department=${d2.id}`, { fmt: 'xml' }));
    expect(root.name).toBe(`{${MAC}}macros`);
    expect(root.children.map((x) => x.name)).toEqual([`{${MAC}}link`, `{${MAC}}macro`, `{${COMMON}}paginationInfo`]);
    const page = ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d2.id}&$attribute=created`));
    expect(page.macro[0]!.created).toEqual({ date: c.lastModified.date, user: userOf(admin) });
  });
});

describe('get by ids (07 §1.4)', () => {
  it('answers the items in the order of the ids, in JSON, XML and es-ES', async () => {
    const d = await dept();
    const m = await createMacro({ ...at(d), description: 'Opening hours sentence', value: '  We are open <b>8:00</b> & later.\n' });
    const n = await createMacro({ ...at(d), state: { value: 'inactive' } });
    const body = ok<{ macro: Macro[] }>(await call(t.app, admin, 'GET', `${URL}/${n.id},${m.id},${n.id}`, { lang: 'es-ES' }));
    expect(body.macro.map((x) => x.id)).toEqual([n.id, m.id]);
    expect(body.macro[0]).toEqual({
      id: n.id,
      link: { rel: 'self', href: `${URL}/${n.id}` },
      name: n.name,
      value: 'v',
      department: { id: String(d.id), name: d.name },
      state: { value: 'inactive', displayValue: 'Inactivo' },
      lastModified: { date: n.lastModified.date, user: userOf(admin) },
    });
    const xml = xmlOf(await call(t.app, agent, 'GET', `${URL}/${m.id}`, { fmt: 'xml' }));
    expect(xml).toEqual(
      canonicalXml(`<macros xmlns="${MAC}" xmlns:ns2="${COMMON}" xmlns:ns3="${PLATFORM}">
  <macro id="${m.id}">
    <link rel="self" href="${URL}/${m.id}"/>
    <name>${m.name}</name>
    <description>Opening hours sentence</description>
    <value>  We are open &lt;b&gt;8:00&lt;/b&gt; &amp; later.\n</value>
    <department id="${d.id}"><ns3:name>${d.name}</ns3:name></department>
    <state><ns2:value>active</ns2:value><ns2:displayValue>Active</ns2:displayValue></state>
    <lastModified date="${m.lastModified.date}"><ns2:user id="${admin.name.id}"><ns3:name>${admin.name.name}</ns3:name><ns3:firstName>${admin.name.firstName}</ns3:firstName><ns3:lastName>${admin.name.lastName}</ns3:lastName></ns2:user></lastModified>
  </macro>
</macros>`),
    );
  });

  it('refuses missing ids (404-101), bad ids (400-102), 76 ids (400-160), paging (400-101)', async () => {
    const m = await createMacro(at(await dept()));
    expectError(await call(t.app, admin, 'GET', `${URL}/${m.id},999999997`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: '999999997' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/abc`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'abc' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/${Array.from({ length: 76 }, (_, i) => i + 1).join(',')}`), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${m.id}?$pagenum=1`), '400-101', { format: 'json' });
  });
});

describe('create (07 §1.4, §11)', () => {
  it('creates the JSON example of §11 (read-only fields ignored) and answers it back', async () => {
    const d = await createDepartment(t.db, `Service ${unique('')}`);
    const example = {
      macro: [
        {
          id: '3001',
          link: { rel: 'self', href: '/system/ws/v12/administration/macro/3001' },
          name: 'opening_hours',
          description: 'Opening hours sentence',
          value: 'We are open Monday to Friday, 8:00 to 18:00.',
          department: { id: String(d.id), name: d.name },
          state: { value: 'active', displayValue: 'Active' },
          lastModified: { date: '2023-04-04T08:00:00.000Z' },
        },
      ],
    };
    const before = await configVersion(t.db);
    const res = await post(example);
    const m = ok<{ macro: Macro[] }>(res, 201).macro[0]!;
    expect(res.headers.location).toBe(`${URL}/${m.id}`);
    const expected = { ...example.macro[0], id: m.id, link: { rel: 'self', href: `${URL}/${m.id}` }, lastModified: { date: m.lastModified.date, user: userOf(admin) } };
    expect(m).toEqual(expected);
    expect(await readMacro(m.id, '', supervisor)).toEqual(expected);
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await t.db.prisma.macro.findUniqueOrThrow({ where: { id: BigInt(m.id) } })).toMatchObject({ createdById: admin.userId, lastModifiedById: admin.userId });
  });

  it('creates the XML example of §11 and answers XML; takes the department by name', async () => {
    const d = await createDepartment(t.db, `Service ${unique('')}`);
    const xml = `<macros xmlns="${MAC}" xmlns:ns2="${COMMON}" xmlns:ns3="${PLATFORM}">
  <macro id="3001">
    <link rel="self" href="/system/ws/v12/administration/macro/3001"/>
    <name>opening_hours</name>
    <description>Opening hours sentence</description>
    <value>We are open Monday to Friday, 8:00 to 18:00.</value>
    <department><ns3:name>${d.name.toUpperCase()}</ns3:name></department>
    <state><ns2:value>inactive</ns2:value></state>
    <lastModified date="2023-04-04T08:00:00.000Z"/>
  </macro>
</macros>`;
    const res = await call(t.app, admin, 'POST', `${URL}?$attribute=created`, { fmt: 'xml', xml });
    const root = xmlOf(res, 201);
    const item = root.children[0]!;
    const id = item.attrs.id!;
    expect(res.headers.location).toBe(`${URL}/${id}`);
    const date = item.children.find((c) => c.name === `{${MAC}}lastModified`)!.attrs.date!;
    expect(item).toEqual(
      el(`{${MAC}}macro`, { id }, [
        el(`{${MAC}}link`, { rel: 'self', href: `${URL}/${id}` }),
        el(`{${MAC}}name`, {}, 'opening_hours'),
        el(`{${MAC}}description`, {}, 'Opening hours sentence'),
        el(`{${MAC}}value`, {}, 'We are open Monday to Friday, 8:00 to 18:00.'),
        el(`{${MAC}}department`, { id: String(d.id) }, [el(`{${PLATFORM}}name`, {}, d.name)]),
        el(`{${MAC}}state`, {}, [el(`{${COMMON}}value`, {}, 'inactive'), el(`{${COMMON}}displayValue`, {}, 'Inactive')]),
        stampEl(MAC, 'lastModified', date, admin.name),
        stampEl(MAC, 'created', date, admin.name),
      ]),
    );
  });

  it('takes names of 1 and 64 characters and a value of 32,000; null and empty optional fields are absent', async () => {
    const d = await dept();
    const long = `${macroName('x')}${'y'.repeat(64)}`.slice(0, 64);
    const m = await createMacro({ ...at(d), name: long, value: 'v'.repeat(32000), description: null, state: null });
    expect(m).toMatchObject({ name: long, state: { value: 'active' } });
    expect(m.value).toHaveLength(32000);
    expect(m.description).toBeUndefined();
    const short = await createMacro({ ...at(await dept()), name: 'a', description: '' });
    expect(short.name).toBe('a');
    expect(short.description).toBeUndefined();
  });

  it.each([
    [{ name: '' }, '400-153', 'name', ''],
    [{ name: null }, '400-153', 'name', ''],
    [{ name: 'has space' }, '400-152', 'name', 'has space'],
    [{ name: 'dash-ed' }, '400-152', 'name', 'dash-ed'],
    [{ name: 'ümlaut' }, '400-152', 'name', 'ümlaut'],
    [{ name: 'n'.repeat(65) }, '400-152', 'name', 'n'.repeat(65)],
    [{ name: 'Customer_Name' }, '400-152', 'name', 'Customer_Name'],
    [{ name: 'CURRENT_DATE' }, '400-152', 'name', 'CURRENT_DATE'],
    [{ value: undefined }, '400-153', 'value', ''],
    [{ value: '' }, '400-153', 'value', ''],
    [{ value: 'v'.repeat(32001) }, '400-152', 'value', 'v'.repeat(32001)],
    [{ description: 'd'.repeat(4001) }, '400-152', 'description', 'd'.repeat(4001)],
    [{ department: undefined }, '400-153', 'department', ''],
    [{ department: { id: 'x' } }, '400-152', 'department.id', 'x'],
    [{ department: { id: '999999999' } }, '400-152', 'department.id', '999999999'],
    [{ state: { value: 'off' } }, '400-152', 'state.value', 'off'],
  ])('refuses body #%# with %s', async (change, code, key, value) => {
    const d = await dept();
    const body: Record<string, unknown> = { name: macroName(), value: 'v', ...at(d), ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete body[k];
    expectError(await post(body), code, { format: 'json', details: [{ key, value: value.slice(0, 255) }] });
    noContent(await call(t.app, admin, 'GET', `${URL}?department=${d.id}`));
  });

  it.each([...builtInMacroNames])('refuses the built-in name %s (400-152)', async (name) => {
    expectError(await post({ name, value: 'x', ...at(await dept()) }), '400-152', { format: 'json', details: [{ key: 'name', value: name }] });
  });

  it('keeps names unique case-insensitively within the department (409-102), not across departments', async () => {
    const [d1, d2] = [await dept(), await dept()];
    const m = await createMacro(at(d1));
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', body: { name: m.name.toUpperCase(), value: 'x', ...at(d1) } }), '409-102', {
      details: [{ key: 'name', value: m.name.toUpperCase() }],
      message: `The current state of resource ${m.id} does not allow this action: the value of 'name' is already in use.`,
    });
    expect((await createMacro({ ...at(d2), name: m.name.toUpperCase() })).name).toBe(m.name.toUpperCase());
  });

  it('lets exactly one of concurrent creates of one name succeed; the others answer 409-102', async () => {
    const d = await dept();
    const name = macroName('race');
    const results = await Promise.all([name, name.toUpperCase(), name, name.toLowerCase()].map((n) => post({ name: n, value: 'x', ...at(d) })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(expectError(r, '409-102', { format: 'json' }).details.map((x) => x.key)).toEqual(['name']);
    expect(await t.db.prisma.macro.count({ where: { departmentId: d.id } })).toBe(1);
  });
});

describe('edit (07 §1.4, §11)', () => {
  it('changes the fields sent, keeps the others, ignores the department, stamps lastModified', async () => {
    const d = await dept();
    const m = await createMacro({ ...at(d), description: 'keep' });
    const other = await dept();
    const before = await configVersion(t.db);
    const name = macroName('ren');
    noContent(await put({ macro: [{ id: m.id, name, value: 'new value', state: { value: 'inactive' }, department: { id: String(other.id) }, lastModified: { date: m.lastModified.date } }] }));
    const after = await readMacro(m.id);
    expect(after).toMatchObject({ name, value: 'new value', description: 'keep', department: { id: String(d.id) }, state: { value: 'inactive' }, created: m.lastModified });
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(m.lastModified.date));
    expect(await configVersion(t.db)).toBeGreaterThan(before);
  });

  it('clears optional fields (null, empty XML elements) to their defaults; edits an XML list body; several items with one id in order', async () => {
    const d = await dept();
    const [m, n] = [await createMacro({ ...at(d), description: 'x', state: { value: 'inactive' } }), await createMacro({ ...at(d), description: 'y', state: { value: 'inactive' } })];
    noContent(await put({ id: m.id, description: null, state: null }));
    const xml = `<macros><macro id="${n.id}"><description/><state><value/></state><value>one</value></macro><macro id="${n.id}"><value>two</value></macro></macros>`;
    noContent(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml }), 'xml');
    for (const x of [m, n]) {
      const after = await readMacro(x.id);
      expect(after.description).toBeUndefined();
      expect(after.state.value).toBe('active');
    }
    expect((await readMacro(n.id)).value).toBe('two');
  });

  it.each([
    [{ value: 'x' }, '400-153', 'macro[0].id'],
    [{ id: '1', name: null }, '400-152', 'macro[0].name'],
    [{ id: '1', name: '' }, '400-152', 'macro[0].name'],
    [{ id: '1', name: 'a b' }, '400-152', 'macro[0].name'],
    [{ id: '1', name: 'Agent_Name' }, '400-152', 'macro[0].name'],
    [{ id: '1', value: null }, '400-152', 'macro[0].value'],
    [{ id: '1', value: '' }, '400-152', 'macro[0].value'],
    [{ id: '1', value: 'v'.repeat(32001) }, '400-152', 'macro[0].value'],
    [{ id: '1', state: { value: 'on' } }, '400-152', 'macro[0].state.value'],
    [{ id: '1', lastModified: { date: 'yesterday' } }, '400-152', 'macro[0].lastModified.date'],
  ])('refuses body #%# with %s', async (body, code, key) => {
    const err = expectError(await put(body), code, { format: 'json' });
    expect(err.details.map((x) => x.key)).toEqual([key]);
  });

  it('refuses more than 75 items (400-160); checks unknown ids (404-101) and lastModified.date (409-101), all or nothing', async () => {
    expectError(await put({ macro: Array.from({ length: 76 }, (_, i) => ({ id: String(i + 1) })) }), '400-160', { format: 'json' });
    const d = await dept();
    const [m, n] = [await createMacro(at(d)), await createMacro(at(d))];
    expectError(await put({ macro: [{ id: n.id, value: 'x' }, { id: m.id, value: 'x', lastModified: { date: '2020-01-01T00:00:00.000Z' } }] }), '409-101', {
      format: 'json',
      details: [{ key: 'id', value: m.id }],
    });
    expectError(await put({ macro: [{ id: m.id, value: 'x' }, { id: '999999998' }] }), '404-101', { format: 'json', details: [{ key: 'id', value: '999999998' }] });
    expect((await readMacro(m.id)).value).toBe('v');
    expect((await readMacro(n.id)).value).toBe('v');
  });

  it('keeps names unique within the department (409-102 before 409-101); allows a letter-case change and a swap', async () => {
    const d = await dept();
    const [m, n] = [await createMacro(at(d)), await createMacro(at(d))];
    const other = await createMacro(at(await dept()));
    expectError(await put({ id: n.id, name: m.name.toUpperCase(), lastModified: { date: '2020-01-01T00:00:00.000Z' } }), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: n.id },
        { key: 'name', value: m.name.toUpperCase() },
      ],
    });
    const same = macroName('same');
    expectError(await put({ macro: [{ id: m.id, name: same }, { id: n.id, name: same.toUpperCase() }] }), '409-102', { format: 'json' });
    noContent(await put({ id: other.id, name: m.name }));
    noContent(await put({ id: m.id, name: m.name.toUpperCase() }));
    noContent(await put({ macro: [{ id: m.id, name: n.name }, { id: n.id, name: m.name }] }));
    expect((await readMacro(m.id)).name).toBe(n.name);
    expect((await readMacro(n.id)).name).toBe(m.name);
  });
});

describe('delete (07 §1.4, §11)', () => {
  it('deletes the macros (204), bumps config_version; 404-101 for missing ids deletes nothing', async () => {
    const d = await dept();
    const [m, n] = [await createMacro(at(d)), await createMacro(at(d))];
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${m.id},999999996`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999996' }] });
    const before = await configVersion(t.db);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${m.id},${n.id}`, { fmt: 'xml' }), 'xml');
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await t.db.prisma.macro.count({ where: { departmentId: d.id } })).toBe(0);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/x`), '400-102', { format: 'json' });
  });

  it('answers 405-100 with Allow for methods /macro does not offer', async () => {
    const a = await call(t.app, admin, 'PUT', `${URL}/1`, { body: {} });
    expectError(a, '405-100', { format: 'json' });
    expect(a.headers.allow).toBe('GET, HEAD, DELETE');
    const b = await call(t.app, admin, 'DELETE', URL);
    expectError(b, '405-100', { format: 'json' });
    expect(b.headers.allow).toBe('GET, HEAD, POST, PUT');
  });
});
