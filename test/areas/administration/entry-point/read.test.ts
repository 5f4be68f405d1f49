// Chat entry points (07 §1.2–§1.4, §8) through the real HTTP stack: callers, list, get by ids, the §8 examples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { call, COMMON, configVersion, expectForbidden, FORBIDDEN, foreignContexts, noContent, ok, PLATFORM, session, unique, xmlOf, type Session } from '../department/support.ts';
import { createEntryPoint as createViaService, deleteEntryPoints, editEntryPoints, getEntryPoints, listEntryPoints } from '../../../../src/areas/administration/entry-point/entry-point.service.ts';
import { createEntryPoint, createQueue, DEFAULT_GREETING, EP, place, readEntryPoint, URL, userOf, type EntryPoint, type Page } from './support.ts';

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

describe('callers (07 §1.2)', () => {
  it.each(FORMATS)('answers 401-101 on every endpoint without a session (%s)', async (fmt) => {
    const p = await place(t);
    const e = await createEntryPoint(t, admin, p.ref);
    for (const [method, url, body] of [
      ['GET', URL],
      ['GET', `${URL}/${e.id}`],
      ['POST', URL, { name: unique(), ...p.ref }],
      ['PUT', URL, { id: e.id, name: unique() }],
      ['DELETE', `${URL}/${e.id}`],
    ] as const) {
      expectError(await call(t.app, null, method, url, { fmt, body }), '401-101', { format: fmt });
    }
    expect((await readEntryPoint(t, admin, e.id)).name).toBe(e.name);
  });

  it('lets supervisors and agents read, refuses them every write with 403-197 and changes nothing', async () => {
    const p = await place(t);
    const e = await createEntryPoint(t, admin, p.ref);
    const before = await configVersion(t.db);
    for (const who of [supervisor, agent]) {
      expect(await readEntryPoint(t, who, e.id, '')).toEqual(await readEntryPoint(t, admin, e.id, ''));
      expect(ok<Page>(await call(t.app, who, 'GET', `${URL}?department=${p.department.id}`)).entryPoint.map((x) => x.id)).toEqual([e.id]);
      const name = unique();
      expectError(await call(t.app, who, 'POST', URL, { body: { name, ...p.ref } }), '403-197', { format: 'json', message: FORBIDDEN['en-US'] });
      expectError(await call(t.app, who, 'POST', URL, { fmt: 'xml', xml: `<entryPoint><name>${name}</name><department id="${p.department.id}"/><queue id="${p.queue.id}"/></entryPoint>` }), '403-197');
      expectError(await call(t.app, who, 'PUT', URL, { body: { id: e.id, name } }), '403-197', { format: 'json' });
      expectError(await call(t.app, who, 'PUT', URL, { fmt: 'xml', body: { entryPoint: [{ id: e.id, state: { value: 'inactive' } }] } }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/${e.id}`, { fmt: 'xml' }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/999999999`), '403-197', { format: 'json' });
      noContent(await call(t.app, admin, 'GET', `${URL}?name=${name}`));
    }
    expect(await readEntryPoint(t, admin, e.id)).toMatchObject({ name: e.name, state: { value: 'active' } });
    expect(await configVersion(t.db)).toBe(before);
  });

  it('validates the body before the permission (01 §7.2)', async () => {
    expectError(await call(t.app, agent, 'POST', URL, { body: { name: 'x', queue: { id: '1' } } }), '400-153', { format: 'json', details: [{ key: 'department', value: '' }] });
    expectError(await call(t.app, agent, 'POST', URL, { body: { name: 'x', department: { id: '1' }, queue: { id: '1' }, hours: { timeZone: 'Nowhere/Land' } } }), '400-152', {
      format: 'json',
      details: [{ key: 'hours.timeZone', value: 'Nowhere/Land' }],
    });
    expectError(await call(t.app, supervisor, 'PUT', URL, { body: { id: '1', name: '' } }), '400-152', { format: 'json', details: [{ key: 'entryPoint[0].name', value: '' }] });
  });

  it('refuses customer and client-application callers every call (403-197)', async () => {
    const p = await place(t);
    const e = await createEntryPoint(t, admin, p.ref);
    const q = { attributes: new Set() } as never;
    for (const ctx of foreignContexts(t.app, t.db)) {
      await expectForbidden(() => listEntryPoints(ctx, q));
      await expectForbidden(() => getEntryPoints(ctx, [BigInt(e.id)], q));
      await expectForbidden(() => createViaService(ctx, { name: unique(), ...p.ref }, q));
      await expectForbidden(() => editEntryPoints(ctx, [{ id: e.id, name: unique() }]));
      await expectForbidden(() => deleteEntryPoints(ctx, [BigInt(e.id)]));
    }
    expect((await readEntryPoint(t, admin, e.id)).name).toBe(e.name);
  });
});

describe('list (07 §1.4, §8)', () => {
  let prefix: string;
  let d1: { id: bigint; name: string };
  let d2: { id: bigint; name: string };
  let q1: { id: bigint };
  let q1b: { id: bigint };
  let q2: { id: bigint };
  let a: EntryPoint;
  let b: EntryPoint;
  let c: EntryPoint;
  let d: EntryPoint;

  beforeAll(async () => {
    prefix = unique('LE');
    d1 = await createDepartment(t.db, unique('LD'));
    d2 = await createDepartment(t.db, unique('LD'));
    q1 = await createQueue(t, d1.id);
    q1b = await createQueue(t, d1.id, { state: 'inactive', channels: ['email', 'chat'] });
    q2 = await createQueue(t, d2.id);
    const at = (dep: { id: bigint }, q: { id: bigint }) => ({ department: { id: String(dep.id) }, queue: { id: String(q.id) } });
    a = await createEntryPoint(t, admin, { name: `${prefix}-b`, ...at(d1, q1) });
    b = await createEntryPoint(t, admin, { name: `${prefix}-A`, ...at(d1, q1b), state: { value: 'inactive' } });
    c = await createEntryPoint(t, admin, { name: `${prefix}-c`, ...at(d2, q2) });
    d = await createEntryPoint(t, admin, { name: `${prefix}_x%`, ...at(d1, q1) });
  });

  const ids = async (query: string) => {
    const res = await call(t.app, admin, 'GET', `${URL}?${query}`);
    if (res.statusCode === 204) return [];
    return ok<Page>(res).entryPoint.map((e) => e.id);
  };

  it('needs no filter and answers the default set with paginationInfo', async () => {
    const page = ok<Page>(await call(t.app, admin, 'GET', URL));
    expect(page.paginationInfo.count as number).toBeGreaterThanOrEqual(4);
    expect(page.link).toEqual({ rel: 'self', href: URL });
    expect(page.entryPoint.every((e) => e.created === undefined && e.lastModified.date !== undefined)).toBe(true);
  });

  it('filters by department id or name (case-insensitive)', async () => {
    expect(await ids(`department=${d1.id}`)).toEqual([a.id, b.id, d.id]);
    expect(await ids(`department=00${d1.id}`)).toEqual([a.id, b.id, d.id]);
    expect(await ids(`department=${encodeURIComponent(d2.name.toLowerCase())}`)).toEqual([c.id]);
  });

  it('filters by queue and by state', async () => {
    expect(await ids(`queue=${q1.id}`)).toEqual([a.id, d.id]);
    expect(await ids(`queue=${q1b.id}`)).toEqual([b.id]);
    expect(await ids(`department=${d1.id}&state=inactive`)).toEqual([b.id]);
    expect(await ids(`name=${prefix}*&state=ACTIVE`)).toEqual([a.id, c.id, d.id]);
  });

  it('filters by name with the * wildcard, case-insensitively; % and _ are literal', async () => {
    expect(await ids(`name=${prefix}*`)).toEqual([a.id, b.id, c.id, d.id]);
    expect(await ids(`name=${prefix.toLowerCase()}-a`)).toEqual([b.id]);
    expect(await ids(`name=*${prefix.slice(3)}-*`)).toEqual([a.id, b.id, c.id]);
    expect(await ids(`name=${prefix}${encodeURIComponent('_x%')}`)).toEqual([d.id]);
    expect(await ids(`name=${prefix}${encodeURIComponent('%')}`)).toEqual([]);
    expect(await ids(`name=${prefix}-?`)).toEqual([]);
  });

  it('ANDs the filters', async () => {
    expect(await ids(`department=${d1.id}&queue=${q1.id}&name=${prefix}-*`)).toEqual([a.id]);
    expect(await ids(`department=${d2.id}&queue=${q1.id}`)).toEqual([]);
    expect(await ids(`queue=${q2.id}&state=inactive`)).toEqual([]);
  });

  it('answers 404-101 for a department or queue that does not exist (07 §19)', async () => {
    expectError(await call(t.app, admin, 'GET', `${URL}?department=999999999`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
    const name = unique('nodept');
    expectError(await call(t.app, admin, 'GET', `${URL}?department=${name}`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: name }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?queue=999999999`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
  });

  it('refuses bad query parameters (400-101, 400-102, 400-104)', async () => {
    expectError(await call(t.app, admin, 'GET', `${URL}?queue=abc`), '400-102', { format: 'json', details: [{ key: 'queue', value: 'abc' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?state=closed`, { fmt: 'xml' }), '400-102', { details: [{ key: 'state', value: 'closed' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?department=`), '400-102', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}?user=1`), '400-101', { format: 'json', details: [{ key: 'user', value: '1' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$sort=state`), '400-102', { format: 'json', details: [{ key: '$sort', value: 'state' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$attribute=members`), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'members' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$order=desc`), '400-104', { format: 'json', details: [{ key: '$order', value: 'desc' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$pagenum=1&$rangestart=1`), '400-104', { format: 'json' });
  });

  it('sorts by name or id in either order and pages with a working $cursor', async () => {
    const names = async (q: string) => ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*${q}`)).entryPoint.map((e) => e.name);
    expect(await names('&$sort=name')).toEqual([b.name, a.name, c.name, d.name]);
    expect(await names('&$sort=NAME&$order=desc')).toEqual([d.name, c.name, a.name, b.name]);
    expect(await names('&$sort=id&$order=desc')).toEqual([d.name, c.name, b.name, a.name]);
    expect(await names('')).toEqual([a.name, b.name, c.name, d.name]);
    const first = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$sort=name&$pagesize=3`));
    expect(first.entryPoint.map((e) => e.id)).toEqual([b.id, a.id, c.id]);
    expect(first.paginationInfo).toMatchObject({ count: 4, pagenum: 1, pagesize: 3 });
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!;
    expect(next.href).toContain('$cursor=');
    const second = ok<Page>(await call(t.app, admin, 'GET', next.href));
    expect(second.entryPoint.map((e) => e.id)).toEqual([d.id]);
    expect(second.paginationInfo.link!.map((l) => l.rel)).toEqual(['prev']);
    const range = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$rangestart=2&$rangesize=2`));
    expect(range.entryPoint.map((e) => e.id)).toEqual([b.id, c.id]);
  });

  it('answers 204 past the end or when nothing matches, and $count=yes', async () => {
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$pagenum=2`, { fmt: 'xml' }), 'xml');
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${unique()}`));
    expect(ok(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$count=yes`))).toEqual({
      paginationInfo: { count: 3, link: [{ rel: 'first', href: `${URL}?department=${d1.id}&$pagenum=1&$pagesize=25` }] },
    });
    const xml = xmlOf(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$count=yes`, { fmt: 'xml' }));
    expect(xml.name).toBe(`{${EP}}entryPoints`);
    expect(xml.children.map((c) => c.name)).toEqual([`{${COMMON}}paginationInfo`]);
  });

  it('answers the list in XML: self link, items in the entry point namespace, paginationInfo', async () => {
    const root = xmlOf(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$sort=name&$pagesize=2`, { fmt: 'xml' }));
    expect(root.name).toBe(`{${EP}}entryPoints`);
    expect(root.children.map((c) => c.name)).toEqual([`{${EP}}link`, `{${EP}}entryPoint`, `{${EP}}entryPoint`, `{${COMMON}}paginationInfo`]);
    expect(root.children[0]!.attrs).toEqual({ rel: 'self', href: `${URL}?department=${d1.id}&$sort=name&$pagesize=2` });
    expect(root.children.slice(1, 3).map((c) => c.attrs.id)).toEqual([b.id, a.id]);
    const first = root.children[1]!;
    expect(first.children.find((c) => c.name === `{${EP}}queue`)!.attrs.id).toBe(String(q1b.id));
    const info = root.children[3]!;
    expect(info.children.find((c) => c.name === `{${COMMON}}count`)?.text).toBe('3');
  });

  it('adds created with $attribute=created or all', async () => {
    for (const attr of ['created', 'all']) {
      const page = ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d2.id}&$attribute=${attr}`));
      expect(page.entryPoint.map((e) => e.created)).toEqual([{ date: c.lastModified.date, user: userOf(admin) }]);
    }
  });

  it('serves the camel-case segment entryPoint as the same route (07 §1.3)', async () => {
    const page = ok<Page>(await call(t.app, admin, 'GET', `${URL.replace('entrypoint', 'entryPoint')}?department=${d2.id}`));
    expect(page.entryPoint).toEqual([c]);
  });
});

describe('get by ids (07 §1.4)', () => {
  it('answers the items in the order of the ids, duplicates once, in JSON and XML', async () => {
    const p = await place(t);
    const e = await createEntryPoint(t, admin, { ...p.ref, description: 'First' });
    const f = await createEntryPoint(t, admin, { ...p.ref, agentAvailabilityRequired: false, state: { value: 'inactive' } });
    const body = ok<{ entryPoint: EntryPoint[] }>(await call(t.app, admin, 'GET', `${URL}/${f.id}%2C${e.id},${f.id}`));
    expect(body.entryPoint.map((x) => x.id)).toEqual([f.id, e.id]);
    expect(body.entryPoint[0]).toEqual({
      id: f.id,
      link: { rel: 'self', href: `${URL}/${f.id}` },
      name: f.name,
      department: { id: String(p.department.id), name: p.department.name },
      queue: { id: String(p.queue.id), name: p.queue.name, link: { rel: 'queue', href: `/system/ws/v12/administration/queue/${p.queue.id}` } },
      state: { value: 'inactive', displayValue: 'Inactive' },
      agentAvailabilityRequired: false,
      greeting: DEFAULT_GREETING,
      lastModified: { date: f.lastModified.date, user: userOf(admin) },
    });
    const es = ok<{ entryPoint: EntryPoint[] }>(await call(t.app, admin, 'GET', `${URL}/${f.id}`, { lang: 'es-ES' }));
    expect(es.entryPoint[0]!.state).toEqual({ value: 'inactive', displayValue: 'Inactivo' });

    const xml = xmlOf(await call(t.app, admin, 'GET', `${URL.replace('entrypoint', 'entryPoint')}/${e.id}`, { fmt: 'xml' }));
    expect(xml).toEqual(
      canonicalXml(`<entryPoints xmlns="${EP}" xmlns:c="${COMMON}" xmlns:p="${PLATFORM}">
  <entryPoint id="${e.id}">
    <link rel="self" href="${URL}/${e.id}"/>
    <name>${e.name}</name>
    <description>First</description>
    <department id="${p.department.id}"><p:name>${p.department.name}</p:name></department>
    <queue id="${p.queue.id}"><name>${p.queue.name}</name><link rel="queue" href="/system/ws/v12/administration/queue/${p.queue.id}"/></queue>
    <state><c:value>active</c:value><c:displayValue>Active</c:displayValue></state>
    <agentAvailabilityRequired>true</agentAvailabilityRequired>
    <greeting>${DEFAULT_GREETING}</greeting>
    <lastModified date="${e.lastModified.date}"><c:user id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></c:user></lastModified>
  </entryPoint>
</entryPoints>`),
    );
  });

  it('refuses missing ids (404-101), bad ids (400-102), 76 ids (400-160), paging and filters (400-101), unknown $attribute (400-102)', async () => {
    const e = await createEntryPoint(t, admin, (await place(t)).ref);
    expectError(await call(t.app, admin, 'GET', `${URL}/${e.id},999999997,999999996`, { fmt: 'xml' }), '404-101', {
      details: [
        { key: 'id', value: '999999997' },
        { key: 'id', value: '999999996' },
      ],
    });
    expectError(await call(t.app, admin, 'GET', `${URL}/abc`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'abc' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join('%2C');
    expectError(await call(t.app, admin, 'GET', `${URL}/${many}`), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${e.id}?$pagesize=5`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${e.id}?state=active`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${e.id}?$attribute=hours`), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'hours' }] });
  });
});

describe('the examples of 07 §8', () => {
  it('creates the JSON example (read-only fields ignored) and answers it back', async () => {
    const suffix = unique('');
    const department = await createDepartment(t.db, `Service ${suffix}`);
    const queue = await createQueue(t, department.id, { name: 'Chat Support' });
    const example = {
      entryPoint: [
        {
          id: '1001',
          link: { rel: 'self', href: '/system/ws/v12/administration/entrypoint/1001' },
          name: `Web chat – Service ${suffix}`,
          description: 'Chat button on the support site',
          department: { id: String(department.id), name: department.name },
          queue: { id: String(queue.id), name: 'Chat Support', link: { rel: 'queue', href: `/system/ws/v12/administration/queue/${queue.id}` } },
          state: { value: 'active', displayValue: 'Active' },
          agentAvailabilityRequired: true,
          hours: {
            timeZone: 'Europe/Madrid',
            day: [
              { value: 'monday', start: '08:00', end: '18:00' },
              { value: 'tuesday', start: '08:00', end: '18:00' },
            ],
          },
          greeting: 'Thank you for contacting us. An agent will be with you shortly.',
          lastModified: { date: '2024-03-12T09:00:00.000Z' },
        },
      ],
    };
    const res = await call(t.app, admin, 'POST', URL, { body: example });
    const created = ok<{ entryPoint: EntryPoint[] }>(res, 201).entryPoint[0]!;
    expect(created.id).not.toBe('1001');
    expect(res.headers.location).toBe(`${URL}/${created.id}`);
    const expected = {
      ...example.entryPoint[0],
      id: created.id,
      link: { rel: 'self', href: `${URL}/${created.id}` },
      lastModified: { date: created.lastModified.date, user: userOf(admin) },
    };
    expect(created).toEqual(expected);
    expect(ok<{ entryPoint: EntryPoint[] }>(await call(t.app, agent, 'GET', `${URL}/${created.id}`))).toEqual({ entryPoint: [expected] });
  });

  it('creates the XML example (day values as attributes) and answers it back in the entry point namespace', async () => {
    const suffix = unique('');
    const department = await createDepartment(t.db, `Service ${suffix}`);
    const queue = await createQueue(t, department.id, { name: 'Chat Support' });
    const name = `Web chat – Service ${suffix}`;
    const example = (id: string, lastModified: string, extra = { queue: '', user: '' }) => `<entryPoints xmlns="http://bindings.egain.com/ws/model/v12/gen/live/entrypoint"
             xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common"
             xmlns:ns3="http://bindings.egain.com/ws/model/v12/gen/platform">
  <entryPoint id="${id}">
    <link rel="self" href="/system/ws/v12/administration/entrypoint/${id}"/>
    <name>${name}</name>
    <department id="${department.id}"><ns3:name>${department.name}</ns3:name></department>
    <queue id="${queue.id}"><name>Chat Support</name>${extra.queue}</queue>
    <state><ns2:value>active</ns2:value><ns2:displayValue>Active</ns2:displayValue></state>
    <agentAvailabilityRequired>true</agentAvailabilityRequired>
    <hours><timeZone>Europe/Madrid</timeZone><day value="monday" start="08:00" end="18:00"/></hours>
    <greeting>Thank you for contacting us. An agent will be with you shortly.</greeting>
    <lastModified date="${lastModified}">${extra.user}</lastModified>
  </entryPoint>
</entryPoints>`;
    const res = await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: example('1001', '2024-03-12T09:00:00.000Z') });
    const root = xmlOf(res, 201);
    const id = root.children[0]!.attrs.id!;
    expect(res.headers.location).toBe(`${URL}/${id}`);
    const date = root.children[0]!.children.find((c) => c.name === `{${EP}}lastModified`)!.attrs.date!;
    // The queue reference carries its link in XML as in JSON; lastModified names the user (01 §5.5).
    const expected = canonicalXml(
      example(id, date, {
        queue: `<link rel="queue" href="/system/ws/v12/administration/queue/${queue.id}"/>`,
        user: `<ns2:user id="${admin.name.id}"><ns3:name>${admin.name.name}</ns3:name><ns3:firstName>${admin.name.firstName}</ns3:firstName><ns3:lastName>${admin.name.lastName}</ns3:lastName></ns2:user>`,
      }),
    );
    expect(root).toEqual(expected);
    expect(xmlOf(await call(t.app, supervisor, 'GET', `${URL}/${id}`, { fmt: 'xml' }))).toEqual(expected);
    expect((await readEntryPoint(t, admin, id)).hours).toEqual({ timeZone: 'Europe/Madrid', day: [{ value: 'monday', start: '08:00', end: '18:00' }] });
  });
});
