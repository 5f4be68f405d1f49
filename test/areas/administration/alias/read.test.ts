// Email aliases (07 §1.2–§1.4, §9) through the real HTTP stack: callers, list, get by ids, the §9 examples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { call as callAs, customerSession } from '../../customer/support.ts';
import { call, COMMON, configVersion, expectForbidden, FORBIDDEN, foreignContexts, noContent, ok, PLATFORM, session, unique, xmlOf, type Session } from '../department/support.ts';
import { createAlias as createViaService, deleteAliases, editAliases, getAliases, listAliases } from '../../../../src/areas/administration/alias/alias.service.ts';
import { address, ALIAS_NS, createAlias, createQueue, place, readAlias, URL, userOf, type Alias, type Page } from './support.ts';

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
    const a = await createAlias(t, admin, p.ref);
    for (const [method, url, body] of [
      ['GET', URL],
      ['GET', `${URL}/${a.id}`],
      ['POST', URL, { name: unique(), emailAddress: address(), ...p.ref }],
      ['PUT', URL, { id: a.id, name: unique() }],
      ['DELETE', `${URL}/${a.id}`],
    ] as const) {
      expectError(await call(t.app, null, method, url, { fmt, body }), '401-101', { format: fmt });
    }
    expect((await readAlias(t, admin, a.id)).name).toBe(a.name);
  });

  it('lets supervisors and agents read, refuses them every write with 403-197 and changes nothing', async () => {
    const p = await place(t);
    const a = await createAlias(t, admin, p.ref);
    const before = await configVersion(t.db);
    for (const who of [supervisor, agent]) {
      expect(await readAlias(t, who, a.id, '')).toEqual(await readAlias(t, admin, a.id, ''));
      expect(ok<Page>(await call(t.app, who, 'GET', `${URL}?department=${p.department.id}`)).alias.map((x) => x.id)).toEqual([a.id]);
      const mail = address();
      expectError(await call(t.app, who, 'POST', URL, { body: { name: 'x', emailAddress: mail, ...p.ref } }), '403-197', { format: 'json', message: FORBIDDEN['en-US'] });
      expectError(
        await call(t.app, who, 'POST', URL, {
          fmt: 'xml',
          lang: 'es-ES',
          xml: `<alias><name>x</name><emailAddress>${mail}</emailAddress><department id="${p.department.id}"/><queue id="${p.queue.id}"/></alias>`,
        }),
        '403-197',
        { message: FORBIDDEN['es-ES'], lang: 'es-ES' },
      );
      expectError(await call(t.app, who, 'PUT', URL, { body: { id: a.id, name: 'changed' } }), '403-197', { format: 'json' });
      expectError(await call(t.app, who, 'PUT', URL, { fmt: 'xml', xml: `<aliases><alias id="${a.id}"><state><value>inactive</value></state></alias></aliases>` }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/${a.id}`, { fmt: 'xml' }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/999999999`), '403-197', { format: 'json' });
      noContent(await call(t.app, admin, 'GET', `${URL}?emailAddress=${mail}`));
    }
    expect(await readAlias(t, admin, a.id)).toMatchObject({ name: a.name, state: { value: 'active' } });
    expect(await configVersion(t.db)).toBe(before);
  });

  it('validates the body before the permission (01 §7.2)', async () => {
    expectError(await call(t.app, agent, 'POST', URL, { body: { name: 'x', emailAddress: address(), queue: { id: '1' } } }), '400-153', {
      format: 'json',
      details: [{ key: 'department', value: '' }],
    });
    expectError(await call(t.app, agent, 'POST', URL, { body: { name: 'x', emailAddress: 'not-an-address', department: { id: '1' }, queue: { id: '1' } } }), '400-152', {
      format: 'json',
      details: [{ key: 'emailAddress', value: 'not-an-address' }],
    });
    expectError(await call(t.app, supervisor, 'PUT', URL, { body: { id: '1', emailAddress: '' } }), '400-152', { format: 'json', details: [{ key: 'alias[0].emailAddress', value: '' }] });
  });

  it('refuses customer sessions every call with 403-197', async () => {
    const p = await place(t);
    const a = await createAlias(t, admin, p.ref);
    const customer = await customerSession(t, admin);
    for (const fmt of FORMATS) {
      for (const [method, url, body] of [
        ['GET', URL],
        ['GET', `${URL}/${a.id}`],
        ['POST', URL, { name: unique(), emailAddress: address(), ...p.ref }],
        ['PUT', URL, { id: a.id, name: 'x' }],
        ['DELETE', `${URL}/${a.id}`],
      ] as const) {
        const res = await callAs(t.app, customer, method, url, { fmt, body });
        expectError(res, '403-197', { format: fmt });
        expect(res.headers['x-egain-session']).toBe(customer.sessionId);
      }
    }
    expect((await readAlias(t, admin, a.id)).name).toBe(a.name);
  });

  it('refuses customer and client-application callers in the services too (403-197)', async () => {
    const p = await place(t);
    const a = await createAlias(t, admin, p.ref);
    const q = { attributes: new Set() } as never;
    for (const ctx of foreignContexts(t.app, t.db)) {
      await expectForbidden(() => listAliases(ctx, q));
      await expectForbidden(() => getAliases(ctx, [BigInt(a.id)], q));
      await expectForbidden(() => createViaService(ctx, { name: unique(), emailAddress: address(), ...p.ref }, q));
      await expectForbidden(() => editAliases(ctx, [{ id: a.id, name: unique() }]));
      await expectForbidden(() => deleteAliases(ctx, [BigInt(a.id)]));
    }
    expect((await readAlias(t, admin, a.id)).name).toBe(a.name);
  });
});

describe('list (07 §1.4, §9)', () => {
  let prefix: string;
  let d1: { id: bigint; name: string };
  let d2: { id: bigint; name: string };
  let q1: { id: bigint };
  let q1b: { id: bigint };
  let q2: { id: bigint };
  let a: Alias;
  let b: Alias;
  let c: Alias;
  let d: Alias;

  beforeAll(async () => {
    prefix = unique('LA');
    d1 = await createDepartment(t.db, unique('LD'));
    d2 = await createDepartment(t.db, unique('LD'));
    q1 = await createQueue(t, d1.id);
    q1b = await createQueue(t, d1.id, { state: 'inactive', channels: ['email', 'chat'] });
    q2 = await createQueue(t, d2.id);
    const at = (dep: { id: bigint }, q: { id: bigint }) => ({ department: { id: String(dep.id) }, queue: { id: String(q.id) } });
    a = await createAlias(t, admin, { name: `${prefix}-b`, emailAddress: `${prefix}.b@example.com`, ...at(d1, q1) });
    b = await createAlias(t, admin, { name: `${prefix}-A`, emailAddress: `${prefix}.A+tag@Example.COM`, ...at(d1, q1b), state: { value: 'inactive' } });
    c = await createAlias(t, admin, { name: `${prefix}-c`, emailAddress: `${prefix}.c@example.com`, ...at(d2, q2) });
    d = await createAlias(t, admin, { name: `${prefix}-d`, emailAddress: `${prefix}.d@example.com`, ...at(d1, q1) });
  });

  const ids = async (query: string) => {
    const res = await call(t.app, admin, 'GET', `${URL}?${query}`);
    if (res.statusCode === 204) return [];
    return ok<Page>(res).alias.map((x) => x.id);
  };

  it('needs no filter and answers the default set with paginationInfo', async () => {
    const page = ok<Page>(await call(t.app, admin, 'GET', URL));
    expect(page.paginationInfo.count as number).toBeGreaterThanOrEqual(4);
    expect(page.link).toEqual({ rel: 'self', href: URL });
    expect(page.alias.every((x) => x.created === undefined && x.lastModified.date !== undefined)).toBe(true);
  });

  it('filters by department id or name, by queue and by state', async () => {
    expect(await ids(`department=${d1.id}`)).toEqual([a.id, b.id, d.id]);
    expect(await ids(`department=${encodeURIComponent(d2.name.toUpperCase())}`)).toEqual([c.id]);
    expect(await ids(`queue=${q1.id}`)).toEqual([a.id, d.id]);
    expect(await ids(`queue=${q1b.id}`)).toEqual([b.id]);
    expect(await ids(`department=${d1.id}&state=INACTIVE`)).toEqual([b.id]);
    expect(await ids(`department=${d1.id}&state=active`)).toEqual([a.id, d.id]);
  });

  it('filters by emailAddress exactly and case-insensitively (an unencoded + arrives as a space)', async () => {
    expect(await ids(`emailAddress=${prefix.toUpperCase()}.B@EXAMPLE.com`)).toEqual([a.id]);
    expect(await ids(`emailAddress=${encodeURIComponent(`${prefix}.a+tag@example.com`)}`)).toEqual([b.id]);
    expect(await ids(`emailAddress=${prefix}.a+tag@example.com`)).toEqual([b.id]);
    expect(await ids(`emailAddress=${prefix}.b@example`)).toEqual([]);
    expect(await ids(`emailAddress=*${prefix}.b@example.com`)).toEqual([]);
  });

  it('ANDs the filters', async () => {
    expect(await ids(`department=${d1.id}&queue=${q1.id}&emailAddress=${prefix}.d@example.com`)).toEqual([d.id]);
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
    expectError(await call(t.app, admin, 'GET', `${URL}?name=x`), '400-101', { format: 'json', details: [{ key: 'name', value: 'x' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$sort=state`), '400-102', { format: 'json', details: [{ key: '$sort', value: 'state' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$attribute=queue`), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'queue' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$order=desc`), '400-104', { format: 'json', details: [{ key: '$order', value: 'desc' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$pagenum=1&$rangestart=1`), '400-104', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}?$pagesize=76`), '400-102', { format: 'json' });
  });

  it('sorts by id (default) or name in either order and pages with a working $cursor', async () => {
    const names = async (q: string) => ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}${q}`)).alias.map((x) => x.id);
    expect(await names('')).toEqual([a.id, b.id, d.id]);
    expect(await names('&$sort=name')).toEqual([b.id, a.id, d.id]);
    expect(await names('&$sort=NAME&$order=desc')).toEqual([d.id, a.id, b.id]);
    expect(await names('&$sort=id&$order=desc')).toEqual([d.id, b.id, a.id]);
    const first = ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$sort=name&$pagesize=2`));
    expect(first.alias.map((x) => x.id)).toEqual([b.id, a.id]);
    expect(first.paginationInfo).toMatchObject({ count: 3, pagenum: 1, pagesize: 2 });
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!;
    expect(next.href).toContain('$cursor=');
    const second = ok<Page>(await call(t.app, admin, 'GET', next.href));
    expect(second.alias.map((x) => x.id)).toEqual([d.id]);
    const range = ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$rangestart=2&$rangesize=2`));
    expect(range.alias.map((x) => x.id)).toEqual([b.id, d.id]);
  });

  it('answers 204 past the end or when nothing matches, and $count=yes', async () => {
    noContent(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$pagenum=2`, { fmt: 'xml' }), 'xml');
    noContent(await call(t.app, admin, 'GET', `${URL}?emailAddress=${address('nobody')}`));
    expect(ok(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$count=yes`))).toEqual({
      paginationInfo: { count: 3, link: [{ rel: 'first', href: `${URL}?department=${d1.id}&$pagenum=1&$pagesize=25` }] },
    });
  });

  it('answers the list in XML: plural root, self link, items in the alias namespace, paginationInfo', async () => {
    const root = xmlOf(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$sort=name&$pagesize=2`, { fmt: 'xml' }));
    expect(root.name).toBe(`{${ALIAS_NS}}aliases`);
    expect(root.children.map((x) => x.name)).toEqual([`{${ALIAS_NS}}link`, `{${ALIAS_NS}}alias`, `{${ALIAS_NS}}alias`, `{${COMMON}}paginationInfo`]);
    expect(root.children.slice(1, 3).map((x) => x.attrs.id)).toEqual([b.id, a.id]);
  });

  it('adds created with $attribute=created or all', async () => {
    for (const attr of ['created', 'all']) {
      const page = ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d2.id}&$attribute=${attr}`));
      expect(page.alias.map((x) => x.created)).toEqual([{ date: c.lastModified.date, user: userOf(admin) }]);
    }
  });
});

describe('get by ids (07 §1.4)', () => {
  it('answers the items in the order of the ids, duplicates once, in JSON, XML and es-ES', async () => {
    const p = await place(t);
    const e = await createAlias(t, admin, { ...p.ref, displayName: 'Example & Co' });
    const f = await createAlias(t, admin, { ...p.ref, state: { value: 'inactive' } });
    const body = ok<{ alias: Alias[] }>(await call(t.app, admin, 'GET', `${URL}/${f.id}%2C${e.id},${f.id}`));
    expect(body.alias.map((x) => x.id)).toEqual([f.id, e.id]);
    expect(body.alias[0]).toEqual({
      id: f.id,
      link: { rel: 'self', href: `${URL}/${f.id}` },
      name: f.name,
      emailAddress: f.emailAddress,
      department: { id: String(p.department.id), name: p.department.name },
      queue: { id: String(p.queue.id), name: p.queue.name, link: { rel: 'queue', href: `/system/ws/v12/administration/queue/${p.queue.id}` } },
      state: { value: 'inactive', displayValue: 'Inactive' },
      lastModified: { date: f.lastModified.date, user: userOf(admin) },
    });
    const es = ok<{ alias: Alias[] }>(await call(t.app, admin, 'GET', `${URL}/${f.id},${e.id}`, { lang: 'es-ES' }));
    expect(es.alias.map((x) => x.state.displayValue)).toEqual(['Inactivo', 'Activo']);

    const xml = xmlOf(await call(t.app, agent, 'GET', `${URL}/${e.id}?$attribute=created`, { fmt: 'xml' }));
    const user = `<c:user id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></c:user>`;
    expect(xml).toEqual(
      canonicalXml(`<aliases xmlns="${ALIAS_NS}" xmlns:c="${COMMON}" xmlns:p="${PLATFORM}">
  <alias id="${e.id}">
    <link rel="self" href="${URL}/${e.id}"/>
    <name>${e.name}</name>
    <emailAddress>${e.emailAddress}</emailAddress>
    <displayName>Example &amp; Co</displayName>
    <department id="${p.department.id}"><p:name>${p.department.name}</p:name></department>
    <queue id="${p.queue.id}"><name>${p.queue.name}</name><link rel="queue" href="/system/ws/v12/administration/queue/${p.queue.id}"/></queue>
    <state><c:value>active</c:value><c:displayValue>Active</c:displayValue></state>
    <lastModified date="${e.lastModified.date}">${user}</lastModified>
    <created date="${e.lastModified.date}">${user}</created>
  </alias>
</aliases>`),
    );
  });

  it('refuses missing ids (404-101), bad ids (400-102), 76 ids (400-160), paging and filters (400-101), unknown $attribute (400-102)', async () => {
    const e = await createAlias(t, admin, (await place(t)).ref);
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
    expectError(await call(t.app, admin, 'GET', `${URL}/${e.id}?$attribute=queue`), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'queue' }] });
  });
});

describe('the examples of 07 §9', () => {
  it('creates the JSON example (read-only fields ignored) and answers it back', async () => {
    const department = await createDepartment(t.db, `Service ${unique('')}`);
    const queue = await createQueue(t, department.id, { name: 'Email Support' });
    const mail = address('support');
    const example = {
      alias: [
        {
          id: '1001',
          link: { rel: 'self', href: '/system/ws/v12/administration/alias/1001' },
          name: 'Support',
          emailAddress: mail,
          displayName: 'Example Support',
          department: { id: String(department.id), name: department.name },
          queue: { id: String(queue.id), name: 'Email Support', link: { rel: 'queue', href: `/system/ws/v12/administration/queue/${queue.id}` } },
          state: { value: 'active', displayValue: 'Active' },
          lastModified: { date: '2023-09-01T08:00:00.000Z' },
        },
      ],
    };
    const res = await call(t.app, admin, 'POST', URL, { body: example });
    const created = ok<{ alias: Alias[] }>(res, 201).alias[0]!;
    expect(created.id).not.toBe('1001');
    expect(res.headers.location).toBe(`${URL}/${created.id}`);
    const expected = { ...example.alias[0], id: created.id, link: { rel: 'self', href: `${URL}/${created.id}` }, lastModified: { date: created.lastModified.date, user: userOf(admin) } };
    expect(created).toEqual(expected);
    expect(ok<{ alias: Alias[] }>(await call(t.app, supervisor, 'GET', `${URL}/${created.id}`))).toEqual({ alias: [expected] });
  });

  it('creates the XML example and answers it back in the alias namespace', async () => {
    const department = await createDepartment(t.db, `Service ${unique('')}`);
    const queue = await createQueue(t, department.id, { name: 'Email Support' });
    const mail = address('support');
    const example = (id: string, lastModified: string, extra = { queue: '', user: '' }) => `<aliases xmlns="http://bindings.egain.com/ws/model/v12/gen/mail/alias"
         xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common"
         xmlns:ns3="http://bindings.egain.com/ws/model/v12/gen/platform">
  <alias id="${id}">
    <link rel="self" href="/system/ws/v12/administration/alias/${id}"/>
    <name>Support</name>
    <emailAddress>${mail}</emailAddress>
    <displayName>Example Support</displayName>
    <department id="${department.id}"><ns3:name>${department.name}</ns3:name></department>
    <queue id="${queue.id}"><name>Email Support</name>${extra.queue}</queue>
    <state><ns2:value>active</ns2:value><ns2:displayValue>Active</ns2:displayValue></state>
    <lastModified date="${lastModified}">${extra.user}</lastModified>
  </alias>
</aliases>`;
    const res = await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: example('1001', '2023-09-01T08:00:00.000Z') });
    const root = xmlOf(res, 201);
    const id = root.children[0]!.attrs.id!;
    expect(res.headers.location).toBe(`${URL}/${id}`);
    const date = root.children[0]!.children.find((x) => x.name === `{${ALIAS_NS}}lastModified`)!.attrs.date!;
    // The queue reference carries its link in XML as in JSON; lastModified names the user (01 §5.5).
    const expected = canonicalXml(
      example(id, date, {
        queue: `<link rel="queue" href="/system/ws/v12/administration/queue/${queue.id}"/>`,
        user: `<ns2:user id="${admin.name.id}"><ns3:name>${admin.name.name}</ns3:name><ns3:firstName>${admin.name.firstName}</ns3:firstName><ns3:lastName>${admin.name.lastName}</ns3:lastName></ns2:user>`,
      }),
    );
    expect(root).toEqual(expected);
    expect(xmlOf(await call(t.app, agent, 'GET', `${URL}/${id}`, { fmt: 'xml' }))).toEqual(expected);
  });
});
