// 07 §15 CORS origin whitelist: list (stored and environment entries), by ids, create (1–75, normalised, all or
// nothing), delete, PUT → 405-100; the effect on the CORS layer of this instance at once and of a second instance
// sharing the database within about a second (07 §1.1).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../../src/app.ts';
import { getTestApp, testConfig, type TestApp } from '../../../helpers/app.ts';
import { loginAs, type Login } from '../../../helpers/auth.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { COMMON, FORMATS, acceptOf, expectError, type Fmt } from '../../../conformance/support.ts';

const BASE = '/system/ws/v12/administration/corsorigin';
const NS = 'http://bindings.egain.com/ws/model/v12/gen/administration/corsorigin';
const PLATFORM = 'http://bindings.egain.com/ws/model/v12/gen/platform';
const uid = randomUUID().slice(0, 8);
const ENV_A = `http://env-a-${uid}.example.com:5173`;
const ENV_B = `https://env-b-${uid}.example.com`;
const HELLO = '/system/ws/v12/kb/hello';

let t: TestApp;
let admin: Login & { user: { id: bigint; loginId: string } };
let supervisor: Login;
let agent: Login;
const mine = new Set<string>();

/** A unique origin of this test file (removed in afterAll). */
const origin = (label: string) => {
  const o = `https://${label}-${uid}-${randomUUID().slice(0, 6)}.example.com`;
  mine.add(o);
  return o;
};

beforeAll(async () => {
  // The first environment entry is written with a path-less trailing slash and upper case: it is listed normalised.
  t = await getTestApp({ ECE_CORS_ORIGINS: `${ENV_A.toUpperCase().replace('HTTP://', 'http://')}/, ${ENV_B}` });
  admin = await loginAs(t.app, t.db, ['administrator']);
  supervisor = await loginAs(t.app, t.db, ['supervisor']);
  agent = await loginAs(t.app, t.db, ['agent']);
});
afterAll(async () => {
  if (t) {
    await t.db.query('DELETE FROM cors_origin WHERE origin = ANY($1::text[])', [[...mine]]);
    await t.db.query('UPDATE config_version SET value = value + 1');
    await t.close();
  }
});

type Opts = { session?: Login | null; fmt?: Fmt; lang?: string; body?: unknown; xml?: string; app?: FastifyInstance; headers?: Record<string, string> };
function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS', url: string, o: Opts = {}): Promise<LightMyRequestResponse> {
  const session = o.session === undefined ? admin : o.session;
  const headers: Record<string, string> = { accept: acceptOf(o.fmt ?? 'json'), ...(o.headers ?? {}) };
  if (session) headers['x-egain-session'] = session.sessionId;
  if (o.lang) headers['accept-language'] = o.lang;
  let payload: string | undefined;
  if (o.xml !== undefined) {
    headers['content-type'] = 'application/xml';
    payload = o.xml;
  } else if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(o.body);
  }
  return (o.app ?? t.app).inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
}

type Entry = {
  id?: string;
  link?: { rel: string; href: string };
  origin: string;
  source: { value: string; displayValue: string };
  created?: { date: string; user?: { id: string; name: string; firstName: string; lastName?: string } };
};
const items = (res: LightMyRequestResponse): Entry[] => {
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { corsOrigin: Entry[] }).corsOrigin;
};

async function create(...origins: string[]): Promise<Entry[]> {
  const res = await call('POST', BASE, { body: { corsOrigin: origins.map((o) => ({ origin: o })) } });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { corsOrigin: Entry[] }).corsOrigin;
}

const preflight = (o: string, app: FastifyInstance = t.app) =>
  app.inject({ method: 'OPTIONS', url: HELLO, headers: { origin: o, 'access-control-request-method': 'GET' } });

async function storedCount(): Promise<number> {
  return Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cors_origin'))[0]!.n);
}

/** Every page of the list, following the `next` links. */
async function allEntries(query = ''): Promise<Entry[]> {
  const out: Entry[] = [];
  let url: string | undefined = `${BASE}?$pagesize=75${query}`;
  while (url) {
    const res = await call('GET', url);
    if (res.statusCode === 204) break;
    const body = res.json() as { corsOrigin: Entry[]; paginationInfo: { link?: { rel: string; href: string }[] } };
    out.push(...body.corsOrigin);
    url = body.paginationInfo.link?.find((l) => l.rel === 'next')?.href;
  }
  return out;
}

describe('07 §15 list', () => {
  it('lists the stored entries and the ECE_CORS_ORIGINS entries (normalised, source environment, no id or link)', async () => {
    const [a] = await create(origin('list'));
    const all = await allEntries();
    expect(all.length).toBe((await storedCount()) + 2);
    const env = all.filter((e) => e.source.value === 'environment');
    expect(env).toEqual([
      { origin: ENV_A, source: { value: 'environment', displayValue: 'Environment' } },
      { origin: ENV_B, source: { value: 'environment', displayValue: 'Environment' } },
    ]);
    const stored = all.find((e) => e.id === a!.id)!;
    expect(stored).toEqual(a);
    expect(stored.link).toEqual({ rel: 'self', href: `${BASE}/${a!.id}` });
    expect(stored.source).toEqual({ value: 'administration', displayValue: 'Administration' });
  });

  it('is sorted by origin by default (byte order), with the exact count and self link', async () => {
    await create(origin('zzz-sort'), origin('aaa-sort'));
    const res = await call('GET', BASE);
    const body = res.json() as { link: unknown; corsOrigin: Entry[]; paginationInfo: { count: number; pagenum: number; pagesize: number } };
    expect(body.link).toEqual({ rel: 'self', href: BASE });
    expect(body.paginationInfo).toMatchObject({ count: (await storedCount()) + 2, pagenum: 1, pagesize: 25 });
    const all = await allEntries();
    const origins = all.map((e) => e.origin);
    expect(origins).toEqual([...origins].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    const desc = (await allEntries('&$sort=origin&$order=desc')).map((e) => e.origin);
    expect(desc).toEqual([...origins].reverse());
  });

  it('$sort=id: environment entries (no id) last in ascending and first in descending order', async () => {
    await create(origin('by-id'));
    const asc = await allEntries('&$sort=id');
    const ids = asc.filter((e) => e.id).map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(asc.slice(-2).map((e) => e.source.value)).toEqual(['environment', 'environment']);
    const desc = await allEntries('&$sort=id&$order=desc');
    expect(desc.slice(0, 2).map((e) => e.source.value)).toEqual(['environment', 'environment']);
    const descIds = desc.filter((e) => e.id).map((e) => Number(e.id));
    expect(descIds).toEqual([...ids].reverse());
  });

  it('pages with prev/next links and $cursor; a page past the end is 204; $count=yes gives the total', async () => {
    await create(origin('page1'), origin('page2'));
    const total = (await storedCount()) + 2;
    const first = await call('GET', `${BASE}?$pagesize=1`);
    const p1 = first.json() as { corsOrigin: Entry[]; paginationInfo: { count: number; link: { rel: string; href: string }[] } };
    expect(p1.corsOrigin).toHaveLength(1);
    expect(p1.paginationInfo.count).toBe(total);
    const next = p1.paginationInfo.link.find((l) => l.rel === 'next')!.href;
    expect(next).toMatch(/\$pagenum=2&\$pagesize=1&\$cursor=/);
    const p2 = items(await call('GET', next));
    const offset = items(await call('GET', `${BASE}?$pagenum=2&$pagesize=1`));
    expect(p2).toEqual(offset);
    expect(p2[0]!.origin > p1.corsOrigin[0]!.origin).toBe(true);

    const past = await call('GET', `${BASE}?$pagenum=${total + 1}&$pagesize=1`);
    expect(past.statusCode).toBe(204);
    expect(past.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(past.body).toBe('');

    const count = await call('GET', `${BASE}?$count=yes`);
    expect(count.json()).toEqual({ paginationInfo: { count: total, link: [{ rel: 'first', href: `${BASE}?$pagenum=1&$pagesize=25` }] } });
  });

  it('XML: corsOrigins root in the corsorigin namespace, value/displayValue in common, paginationInfo in common', async () => {
    const [a] = await create(origin('xml-list'));
    const res = await call('GET', `${BASE}?$pagesize=75`, { fmt: 'xml' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const root = canonicalXml(res.body);
    expect(root.name).toBe(`{${NS}}corsOrigins`);
    expect(root.children[0]).toEqual({ name: `{${NS}}link`, attrs: { rel: 'self', href: `${BASE}?$pagesize=75` }, children: [] });
    expect(root.children.at(-1)!.name).toBe(`{${COMMON}}paginationInfo`);
    const entries = root.children.filter((c) => c.name === `{${NS}}corsOrigin`);
    const env = entries.find((e) => e.children.some((c) => c.text === ENV_B))!;
    expect(env).toEqual({
      name: `{${NS}}corsOrigin`,
      attrs: {},
      children: [
        { name: `{${NS}}origin`, attrs: {}, text: ENV_B, children: [] },
        {
          name: `{${NS}}source`,
          attrs: {},
          children: [
            { name: `{${COMMON}}value`, attrs: {}, text: 'environment', children: [] },
            { name: `{${COMMON}}displayValue`, attrs: {}, text: 'Environment', children: [] },
          ],
        },
      ],
    });
    const stored = entries.find((e) => e.attrs.id === a!.id)!;
    const created = stored.children.find((c) => c.name === `{${NS}}created`)!;
    expect(created.attrs.date).toBe(a!.created!.date);
    expect(created.children[0]!.name).toBe(`{${COMMON}}user`);
    expect(created.children[0]!.attrs.id).toBe(String(admin.user.id));
    expect(created.children[0]!.children.map((c) => c.name)).toEqual([`{${PLATFORM}}name`, `{${PLATFORM}}firstName`, `{${PLATFORM}}lastName`]);
  });

  it('display values in es-ES', async () => {
    const all = items(await call('GET', `${BASE}?$pagesize=75`, { lang: 'es-ES' }));
    expect(all.find((e) => e.origin === ENV_B)!.source).toEqual({ value: 'environment', displayValue: 'Entorno' });
    const [a] = await create(origin('es'));
    const one = items(await call('GET', `${BASE}/${a!.id}`, { lang: 'es' }));
    expect(one[0]!.source).toEqual({ value: 'administration', displayValue: 'Administración' });
  });

  it('callers: supervisor reads; agent → 403-197; no session → 401-101', async () => {
    expect((await call('GET', BASE, { session: supervisor })).statusCode).toBe(200);
    for (const fmt of FORMATS) {
      expectError(await call('GET', BASE, { session: agent, fmt }), '403-197', { format: fmt, message: 'You are not authorized to perform this action.' });
    }
    expectError(await call('GET', BASE, { session: agent, lang: 'es-ES' }), '403-197', {
      format: 'json',
      lang: 'es-ES',
      message: 'No tiene autorización para realizar esta acción.',
    });
    expectError(await call('GET', BASE, { session: null }), '401-101', { format: 'json' });
  });

  it('query errors: unknown parameter 400-101, unknown $sort 400-102, $order without $sort 400-104', async () => {
    expectError(await call('GET', `${BASE}?origin=x`), '400-101', { format: 'json', details: [{ key: 'origin', value: 'x' }] });
    expectError(await call('GET', `${BASE}?$sort=source`), '400-102', { format: 'json', details: [{ key: '$sort', value: 'source' }] });
    expectError(await call('GET', `${BASE}?$order=desc`), '400-104', { format: 'json' });
    expectError(await call('GET', `${BASE}?$attribute=nothing`), '400-102', { format: 'json' });
    expect((await call('GET', `${BASE}?$attribute=all`)).statusCode).toBe(200);
  });
});

describe('07 §15 get by ids', () => {
  it('answers the entries in the order of the ids, duplicates removed, without paging envelope', async () => {
    const [a, b] = await create(origin('ids-a'), origin('ids-b'));
    const res = await call('GET', `${BASE}/${b!.id},${a!.id}%2C${b!.id}`);
    const body = res.json() as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['corsOrigin']);
    expect(body.corsOrigin).toEqual([b, a]);
  });

  it('matches the 07 §15 JSON example (ids, dates and names illustrative)', async () => {
    const o = origin('tools');
    const [a] = await create(o);
    const res = await call('GET', `${BASE}/${a!.id}`);
    expect(res.json()).toEqual({
      corsOrigin: [
        {
          id: a!.id,
          link: { rel: 'self', href: `/system/ws/v12/administration/corsorigin/${a!.id}` },
          origin: o,
          source: { value: 'administration', displayValue: 'Administration' },
          created: { date: a!.created!.date, user: { id: String(admin.user.id), name: admin.user.loginId, firstName: 'Test', lastName: 'User' } },
        },
      ],
    });
    expect(a!.created!.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('matches the 07 §15 XML example (an entry stored without a creating user)', async () => {
    const o = origin('tools-xml');
    const rows = await t.db.query<{ id: string }>(
      `INSERT INTO cors_origin (origin, created_at) VALUES ($1, '2024-05-02T12:30:00.000Z') RETURNING id::text AS id`,
      [o],
    );
    await t.db.query('UPDATE config_version SET value = value + 1');
    const id = rows[0]!.id;
    const res = await call('GET', `${BASE}/${id}`, { fmt: 'xml' });
    expect(res.statusCode).toBe(200);
    const expected = `<corsOrigins xmlns="http://bindings.egain.com/ws/model/v12/gen/administration/corsorigin"
             xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common">
  <corsOrigin id="${id}">
    <link rel="self" href="/system/ws/v12/administration/corsorigin/${id}"/>
    <origin>${o}</origin>
    <source><ns2:value>administration</ns2:value><ns2:displayValue>Administration</ns2:displayValue></source>
    <created date="2024-05-02T12:30:00.000Z"/>
  </corsOrigin>
</corsOrigins>`;
    expect(canonicalXml(res.body)).toEqual(canonicalXml(expected));
  });

  it('unknown ids → 404-101 naming each one; nothing returned', async () => {
    const [a] = await create(origin('ids-404'));
    for (const fmt of FORMATS) {
      const res = await call('GET', `${BASE}/${a!.id},999999991,999999992`, { fmt });
      expectError(res, '404-101', {
        format: fmt,
        details: [
          { key: 'id', value: '999999991' },
          { key: 'id', value: '999999992' },
        ],
        message: 'The following IDs were not found: 999999991, 999999992.',
      });
    }
    expectError(await call('GET', `${BASE}/999999991`, { lang: 'es-ES' }), '404-101', {
      format: 'json',
      lang: 'es-ES',
      message: 'No se encontraron los siguientes ID: 999999991.',
    });
  });

  it('bad ids → 400-102, more than 75 → 400-160, paging parameters → 400-101, agent → 403-197', async () => {
    expectError(await call('GET', `${BASE}/1,x`), '400-102', { format: 'json', details: [{ key: 'ids', value: '1,x' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join(',');
    expectError(await call('GET', `${BASE}/${many}`), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    expectError(await call('GET', `${BASE}/1?$pagesize=5`), '400-101', { format: 'json' });
    expectError(await call('GET', `${BASE}/1`, { session: agent }), '403-197', { format: 'json' });
  });
});

describe('07 §15 create', () => {
  it('bare object: 201, Location, the created entry (created by the caller)', async () => {
    const o = origin('bare');
    const res = await call('POST', BASE, { body: { origin: o } });
    expect(res.statusCode, res.body).toBe(201);
    const [e] = (res.json() as { corsOrigin: Entry[] }).corsOrigin;
    expect(res.headers.location).toBe(`${BASE}/${e!.id}`);
    expect(e).toMatchObject({ origin: o, source: { value: 'administration' }, created: { user: { id: String(admin.user.id) } } });
    const row = await t.db.query<{ origin: string; created_by_user_id: string }>(
      'SELECT origin, created_by_user_id::text AS created_by_user_id FROM cors_origin WHERE id = $1',
      [e!.id],
    );
    expect(row).toEqual([{ origin: o, created_by_user_id: String(admin.user.id) }]);
  });

  it('a list of three in one request: all created in order, Location of the first', async () => {
    const os = [origin('l1'), origin('l2'), origin('l3')];
    const res = await call('POST', BASE, { body: { corsOrigin: os.map((o) => ({ origin: o })) } });
    expect(res.statusCode).toBe(201);
    const created = (res.json() as { corsOrigin: Entry[] }).corsOrigin;
    expect(created.map((c) => c.origin)).toEqual(os);
    expect(res.headers.location).toBe(`${BASE}/${created[0]!.id}`);
    expect(items(await call('GET', `${BASE}/${created.map((c) => c.id).join(',')}`))).toEqual(created);
  });

  it.each([
    ['upper-case scheme and host', (h: string) => `HTTPS://${h.toUpperCase()}`, (h: string) => `https://${h}`],
    ['default https port and trailing slash', (h: string) => `https://${h}:443/`, (h: string) => `https://${h}`],
    ['default http port', (h: string) => `http://${h}:80`, (h: string) => `http://${h}`],
    ['another port kept', (h: string) => `http://${h}:8080`, (h: string) => `http://${h}:8080`],
    ['surrounding blanks', (h: string) => `  https://${h}  `, (h: string) => `https://${h}`],
  ])('normalises: %s', async (_n, input, stored) => {
    const host = `norm-${uid}-${randomUUID().slice(0, 6)}.example.com`;
    mine.add(stored(host));
    const [e] = await create(input(host));
    expect(e!.origin).toBe(stored(host));
  });

  it('an internationalised host is stored in the punycode form browsers send', async () => {
    const label = `bücher-${uid}`;
    const expected = new URL(`https://${label}.example.com`).origin;
    mine.add(expected);
    const [e] = await create(`https://${label}.example.com`);
    expect(e!.origin).toBe(expected);
    expect(e!.origin).toMatch(/^https:\/\/xn--/);
  });

  it('XML bodies: a bare corsOrigin and a corsOrigins list; XML answer', async () => {
    const one = origin('xml-one');
    const res = await call('POST', BASE, { fmt: 'xml', xml: `<corsOrigin xmlns="${NS}"><origin>${one}</origin></corsOrigin>` });
    expect(res.statusCode, res.body).toBe(201);
    const root = canonicalXml(res.body);
    expect(root.name).toBe(`{${NS}}corsOrigins`);
    expect(root.children).toHaveLength(1);
    expect(root.children[0]!.children.find((c) => c.name === `{${NS}}origin`)!.text).toBe(one);

    const [x, y] = [origin('xml-l1'), origin('xml-l2')];
    const list = await call('POST', BASE, { xml: `<corsOrigins><corsOrigin><origin>${x}</origin></corsOrigin><corsOrigin><origin>${y}</origin></corsOrigin></corsOrigins>` });
    expect(list.statusCode).toBe(201);
    expect((list.json() as { corsOrigin: Entry[] }).corsOrigin.map((e) => e.origin)).toEqual([x, y]);
  });

  it('the CORS layer of this instance allows the origin at once (preflight and actual request)', async () => {
    const o = origin('at-once');
    expectError(await preflight(o), '403-199');
    await create(o);
    const res = await preflight(o);
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(o);
    const actual = await t.app.inject({ method: 'GET', url: HELLO, headers: { origin: o } });
    expect(actual.headers['access-control-allow-origin']).toBe(o);
  });

  it.each([
    ['a wildcard', '*'],
    ['a wildcard host', 'https://*.example.com'],
    ['a path', 'https://p.example.com/app'],
    ['a query', 'https://p.example.com?x=1'],
    ['a fragment', 'https://p.example.com#top'],
    ['user info', 'https://user@p.example.com'],
    ['another scheme', 'ftp://p.example.com'],
    ['no scheme', 'p.example.com'],
    ['a port out of range', 'https://p.example.com:99999'],
    ['a number', 42],
    ['too long', `https://${'a'.repeat(250)}.com`],
  ])('400-152 for %s, nothing created', async (_n, value) => {
    const before = await storedCount();
    for (const fmt of FORMATS) {
      expectError(await call('POST', BASE, { fmt, body: { origin: value } }), '400-152', {
        format: fmt,
        // details values are cut at 255 characters (01 §7.1)
        details: [{ key: 'corsOrigin[0].origin', value: String(value).slice(0, 255) }],
        message: "Invalid value of attribute 'corsOrigin[0].origin'.",
      });
    }
    expect(await storedCount()).toBe(before);
  });

  it('400-152 names the failing item of a list; nothing of the list is created (es-ES message)', async () => {
    const ok = origin('rollback-ok');
    const res = await call('POST', BASE, { lang: 'es-ES', body: { corsOrigin: [{ origin: ok }, { origin: 'https://bad.example.com/x' }] } });
    expectError(res, '400-152', {
      format: 'json',
      lang: 'es-ES',
      details: [{ key: 'corsOrigin[1].origin', value: 'https://bad.example.com/x' }],
      message: "Valor no válido del atributo 'corsOrigin[1].origin'.",
    });
    expect(await t.db.query('SELECT 1 FROM cors_origin WHERE origin = $1', [ok])).toEqual([]);
  });

  it('400-153 for a missing origin and for an empty list', async () => {
    expectError(await call('POST', BASE, { body: {} }), '400-153', { format: 'json', details: [{ key: 'corsOrigin[0].origin', value: '' }] });
    expectError(await call('POST', BASE, { body: { origin: '  ' } }), '400-153', { format: 'json', details: [{ key: 'corsOrigin[0].origin', value: '' }] });
    expectError(await call('POST', BASE, { body: { corsOrigin: [] } }), '400-153', {
      format: 'json',
      details: [{ key: 'corsOrigin', value: '' }],
      message: "Required attribute 'corsOrigin' is missing.",
    });
  });

  it('400-160 for 76 items, 400-150 for a malformed body', async () => {
    const many = Array.from({ length: 76 }, (_, i) => ({ origin: `https://many${i}.example.com` }));
    expectError(await call('POST', BASE, { body: { corsOrigin: many } }), '400-160', { format: 'json', message: 'Too many items supplied: 76. The maximum is 75.' });
    const res = await t.app.inject({ method: 'POST', url: BASE, headers: { 'x-egain-session': admin.sessionId, 'content-type': 'application/json' }, payload: '{"origin":' });
    expectError(res, '400-150');
  });

  it('75 items are accepted in one request', async () => {
    const os = Array.from({ length: 75 }, (_, i) => origin(`max${i}`));
    const created = await create(...os);
    expect(created).toHaveLength(75);
  });

  it('409-102 for an origin already stored (in any spelling): the message names the stored entry, details the field', async () => {
    const o = origin('dup');
    const [e] = await create(o);
    const other = origin('dup-other');
    for (const fmt of FORMATS) {
      const sent = o.replace('https://', 'HTTPS://') + ':443';
      const res = await call('POST', BASE, { fmt, body: { corsOrigin: [{ origin: other }, { origin: sent }] } });
      expectError(res, '409-102', {
        format: fmt,
        details: [{ key: 'corsOrigin[1].origin', value: sent }],
        message: `The current state of resource ${e!.id} does not allow this action: the value of 'origin' is already in use.`,
      });
    }
    expect(await t.db.query('SELECT 1 FROM cors_origin WHERE origin = $1', [other])).toEqual([]);
    expectError(await call('POST', BASE, { lang: 'es-ES', body: { origin: o } }), '409-102', {
      format: 'json',
      lang: 'es-ES',
      message: `El estado actual del recurso ${e!.id} no permite esta acción: el valor de 'origin' ya está en uso.`,
    });
  });

  it('two concurrent requests for one origin: one 201, the other 409-102 naming the stored entry', async () => {
    const o = origin('race');
    const results = await Promise.all([call('POST', BASE, { body: { origin: o } }), call('POST', BASE, { body: { origin: o } })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const created = (results.find((r) => r.statusCode === 201)!.json() as { corsOrigin: Entry[] }).corsOrigin[0]!;
    expectError(results.find((r) => r.statusCode === 409)!, '409-102', {
      format: 'json',
      message: `The current state of resource ${created.id} does not allow this action: the value of 'origin' is already in use.`,
    });
  });

  it('409-102 for the same origin twice in one body', async () => {
    const o = origin('twice');
    const res = await call('POST', BASE, { body: { corsOrigin: [{ origin: o }, { origin: `${o}/` }] } });
    expectError(res, '409-102', {
      format: 'json',
      details: [{ key: 'corsOrigin[1].origin', value: `${o}/` }],
      message: `The current state of resource ${o} does not allow this action: the value of 'origin' is already in use.`,
    });
    expect(await t.db.query('SELECT 1 FROM cors_origin WHERE origin = $1', [o])).toEqual([]);
  });

  it('409-102 for an ECE_CORS_ORIGINS origin (never written to the database)', async () => {
    const sent = ENV_B.toUpperCase().replace('HTTPS://', 'https://');
    for (const [lang, message] of [
      ['en-US', `The current state of resource ${ENV_B} does not allow this action: the origin comes from the environment.`],
      ['es-ES', `El estado actual del recurso ${ENV_B} no permite esta acción: el origen procede del entorno.`],
    ] as const) {
      const res = await call('POST', BASE, { lang, body: { origin: sent } });
      expectError(res, '409-102', { format: 'json', lang, details: [{ key: 'corsOrigin[0].origin', value: sent }], message });
    }
    expect(await t.db.query('SELECT 1 FROM cors_origin WHERE origin = $1', [ENV_B])).toEqual([]);
  });

  it('callers: supervisor and agent → 403-197 (after body validation: a bad body is 400 first)', async () => {
    for (const s of [supervisor, agent]) {
      expectError(await call('POST', BASE, { session: s, body: { origin: origin('denied') } }), '403-197', { format: 'json' });
      expectError(await call('POST', BASE, { session: s, body: { origin: '*' } }), '400-152', { format: 'json' });
    }
  });
});

describe('07 §15 delete', () => {
  it('204; the entries are gone and the CORS layer refuses the origin at once', async () => {
    const [a, b] = await create(origin('del-a'), origin('del-b'));
    expect((await preflight(a!.origin)).statusCode).toBe(204);
    const res = await call('DELETE', `${BASE}/${a!.id},${b!.id}`);
    expect(res.statusCode).toBe(204);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expectError(await call('GET', `${BASE}/${a!.id}`), '404-101', { format: 'json' });
    expectError(await preflight(a!.origin), '403-199');
  });

  it('unknown ids → 404-101 naming each; nothing deleted', async () => {
    const [a] = await create(origin('del-404'));
    expectError(await call('DELETE', `${BASE}/${a!.id},999999993`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999993' }] });
    expect(items(await call('GET', `${BASE}/${a!.id}`))).toHaveLength(1);
  });

  it('callers: supervisor and agent → 403-197; bad ids → 400-102', async () => {
    const [a] = await create(origin('del-403'));
    for (const s of [supervisor, agent]) expectError(await call('DELETE', `${BASE}/${a!.id}`, { session: s }), '403-197', { format: 'json' });
    expect(items(await call('GET', `${BASE}/${a!.id}`))).toHaveLength(1);
    expectError(await call('DELETE', `${BASE}/0`), '400-102', { format: 'json' });
  });
});

describe('07 §15 methods and paths', () => {
  it('PUT → 405-100 with Allow', async () => {
    for (const fmt of FORMATS) {
      const res = await call('PUT', BASE, { fmt, body: { origin: 'https://x.example.com' } });
      expectError(res, '405-100', { format: fmt, message: "Method 'PUT' is not allowed for this resource." });
      expect(res.headers.allow).toBe('GET, HEAD, POST');
    }
    const one = await call('PUT', `${BASE}/1`, { body: {} });
    expectError(one, '405-100', { format: 'json' });
    expect(one.headers.allow).toBe('GET, HEAD, DELETE');
  });

  it('the camel-case segment corsOrigin is the same resource; links use the canonical path', async () => {
    const o = origin('camel');
    const res = await call('POST', '/system/ws/v12/administration/corsOrigin', { body: { origin: o } });
    expect(res.statusCode).toBe(201);
    const [e] = (res.json() as { corsOrigin: Entry[] }).corsOrigin;
    expect(res.headers.location).toBe(`${BASE}/${e!.id}`);
    expect(items(await call('GET', `/system/ws/v12/administration/corsOrigin/${e!.id}`))).toEqual([e]);
    expect((await call('DELETE', `/system/ws/v12/administration/corsOrigin/${e!.id}`)).statusCode).toBe(204);
  });
});

describe('07 §1.1 a second instance sharing the database', () => {
  let second: FastifyInstance;
  beforeAll(async () => {
    second = await buildApp(testConfig({ ECE_CORS_ORIGINS: `https://second-${uid}.example.com` }), { db: t.db, logger: false });
  });
  afterAll(async () => second?.close());

  it('allows an origin added on the first instance within about a second, and refuses it after its deletion', async () => {
    const o = origin('second');
    expectError(await preflight(o, second), '403-199'); // the second instance has read (and cached) its whitelist
    const started = Date.now();
    const [e] = await create(o);
    let allowed = false;
    while (Date.now() - started < 3000 && !allowed) {
      allowed = (await preflight(o, second)).statusCode === 204;
      if (!allowed) await new Promise((r) => setTimeout(r, 50));
    }
    expect(allowed).toBe(true);
    expect(Date.now() - started).toBeLessThanOrEqual(1500);

    const deleted = Date.now();
    expect((await call('DELETE', `${BASE}/${e!.id}`)).statusCode).toBe(204);
    let refused = false;
    while (Date.now() - deleted < 3000 && !refused) {
      refused = (await preflight(o, second)).statusCode === 403;
      if (!refused) await new Promise((r) => setTimeout(r, 50));
    }
    expect(refused).toBe(true);
    expect(Date.now() - deleted).toBeLessThanOrEqual(1500);
  });

  it('each instance lists its own ECE_CORS_ORIGINS entries', async () => {
    const s = await loginAs(second, t.db, ['administrator']);
    const res = await second.inject({ method: 'GET', url: `${BASE}?$pagesize=75&$sort=id&$order=desc`, headers: s.headers });
    const env = (res.json() as { corsOrigin: Entry[] }).corsOrigin.filter((e) => e.source.value === 'environment');
    expect(env.map((e) => e.origin)).toEqual([`https://second-${uid}.example.com`]);
  });
});
