// 07 §18 client applications: create (secrets shown once), by ids, list (filters state, name), edit, delete (soft,
// ends the tokens), secret rotation; callers per 07 §1.2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { loginAs, type Login } from '../../../helpers/auth.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { COMMON, FORMATS, acceptOf, expectError, type Fmt } from '../../../conformance/support.ts';
import {
  CLIENT_APPS as BASE,
  createApplication,
  entryPointRef,
  entryPointRow,
  requestToken,
  tokenAlive,
  tokenFor,
  uniqueName,
  type ClientApplicationView as View,
} from './support.ts';

const NS = 'http://bindings.egain.com/ws/model/v12/gen/administration/clientapplication';
const CALLBACK = 'https://connector.example.com/ece/events';
const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let t: TestApp;
let admin: Awaited<ReturnType<typeof loginAs>>;
let supervisor: Login;
let agent: Login;

beforeAll(async () => {
  t = await getTestApp();
  admin = await loginAs(t.app, t.db, ['administrator']);
  supervisor = await loginAs(t.app, t.db, ['supervisor']);
  agent = await loginAs(t.app, t.db, ['agent']);
});
afterAll(async () => t?.close());

type Opts = { session?: Login | null; fmt?: Fmt; lang?: string; body?: unknown; xml?: string };
function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, o: Opts = {}): Promise<LightMyRequestResponse> {
  const session = o.session === undefined ? admin : o.session;
  const headers: Record<string, string> = { accept: acceptOf(o.fmt ?? 'json') };
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
  return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
}
const views = (res: LightMyRequestResponse): View[] => {
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { clientApplication: View[] }).clientApplication;
};
const get = async (id: string, query = '') => views(await call('GET', `${BASE}/${id}${query}`))[0]!;
const adminRef = () => ({ id: String(admin.user.id), name: admin.user.loginId, firstName: 'Test', lastName: 'User' });
const create = (body: Record<string, unknown> = {}) => createApplication(t.app, admin, body);
const row = async (id: string) =>
  (
    await t.db.query<{ secret_hash: string; webhook_secret: string; state: string; deleted_at: Date | null; failed_logins: number; locked_until: Date | null }>(
      'SELECT secret_hash, webhook_secret, state, deleted_at, failed_logins, locked_until FROM client_application WHERE id = $1',
      [id],
    )
  )[0]!;

describe('07 §18 create', () => {
  it('201 with Location and the application, its generated key and both secrets (the 07 §18 JSON example)', async () => {
    const name = uniqueName('SMS connector');
    const ep = await entryPointRow(t, { name: uniqueName('Web chat – Service') });
    const res = await call('POST', BASE, { body: { name, callbackUrl: CALLBACK, entryPoints: { entryPoint: [{ id: ep.id }] } } });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as { clientApplication: View[] };
    expect(Object.keys(body)).toEqual(['clientApplication']);
    const a = body.clientApplication[0]!;
    expect(res.headers.location).toBe(`${BASE}/${a.id}`);
    expect(a.clientKey).toMatch(/^[0-9a-f]{32}$/);
    expect(a.clientSecret).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(a.webhookSecret).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(a.clientSecret).not.toBe(a.webhookSecret);
    expect(a.lastModified.date).toMatch(instant);
    // The example, with its illustrative ids, key, secrets and date.
    expect(a).toEqual({
      id: a.id,
      link: { rel: 'self', href: `/system/ws/v12/administration/clientapplication/${a.id}` },
      name,
      type: { value: 'chat', displayValue: 'Chat' },
      clientKey: a.clientKey,
      clientSecret: a.clientSecret,
      webhookSecret: a.webhookSecret,
      state: { value: 'active', displayValue: 'Active' },
      callbackUrl: CALLBACK,
      callbackState: { value: 'active', displayValue: 'Active' },
      entryPoints: { entryPoint: [entryPointRef(ep)] },
      lastModified: { date: a.lastModified.date, user: adminRef() },
    });
    expect(Object.keys(a)).toEqual(['id', 'link', 'name', 'type', 'clientKey', 'clientSecret', 'webhookSecret', 'state', 'callbackUrl', 'callbackState', 'entryPoints', 'lastModified']);
  });

  it('stores the client secret only as a scrypt hash and the webhook secret readable (it signs deliveries)', async () => {
    const a = await create();
    const r = await row(a.id);
    expect(r.secret_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(r.secret_hash).not.toContain(a.clientSecret!);
    expect(r.webhook_secret).toBe(a.webhookSecret);
    expect(await tokenFor(t.app, a)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('optional fields: description, state inactive, type chat (any letter case), empty entryPoints; $attribute=created', async () => {
    const res = await call('POST', `${BASE}?$attribute=created`, {
      body: {
        clientApplication: [{ name: uniqueName(), description: 'Line one\nline two', type: { value: 'CHAT' }, state: { value: 'inactive' }, callbackUrl: 'http://localhost:9000/hook', entryPoints: { entryPoint: [] } }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const a = (res.json() as { clientApplication: View[] }).clientApplication[0]!;
    expect(a).toMatchObject({ description: 'Line one\nline two', type: { value: 'chat' }, state: { value: 'inactive', displayValue: 'Inactive' }, callbackUrl: 'http://localhost:9000/hook' });
    expect(a.created).toEqual({ date: a.lastModified.date, user: adminRef() });
    expect(a).not.toHaveProperty('entryPoints');
  });

  it('JSON null means absent: description, type, state and entryPoints get their defaults', async () => {
    const res = await call('POST', BASE, { body: { clientApplication: { name: uniqueName(), description: null, type: null, state: null, entryPoints: null, callbackUrl: CALLBACK } } });
    expect(res.statusCode, res.body).toBe(201);
    const a = (res.json() as { clientApplication: View[] }).clientApplication[0]!;
    expect(a).not.toHaveProperty('description');
    expect(a).toMatchObject({ type: { value: 'chat' }, state: { value: 'active' } });
  });

  it('read-only fields sent are ignored (clientKey, secrets, callbackState)', async () => {
    const a = await create({ clientKey: 'ffffffffffffffffffffffffffffffff', clientSecret: 'x', callbackState: { value: 'deactivated' } });
    expect(a.clientKey).not.toBe('ffffffffffffffffffffffffffffffff');
    expect(a.clientSecret).not.toBe('x');
    expect(a.callbackState.value).toBe('active');
  });

  it('XML body; XML answer in the clientapplication namespace with the secrets', async () => {
    const name = uniqueName('xml');
    const res = await call('POST', BASE, {
      fmt: 'xml',
      xml: `<clientApplication xmlns="${NS}"><name>${name}</name><type><value>chat</value></type><callbackUrl>${CALLBACK}</callbackUrl></clientApplication>`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const root = canonicalXml(res.body);
    expect(root.name).toBe(`{${NS}}clientApplications`);
    const item = root.children[0]!;
    expect(item.name).toBe(`{${NS}}clientApplication`);
    expect(res.headers.location).toBe(`${BASE}/${item.attrs.id}`);
    const child = (n: string) => item.children.find((c) => c.name === `{${NS}}${n}`);
    expect(child('name')!.text).toBe(name);
    expect(child('clientSecret')!.text).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(child('webhookSecret')!.text).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(child('type')!.children.map((c) => [c.name, c.text])).toEqual([
      [`{${COMMON}}value`, 'chat'],
      [`{${COMMON}}displayValue`, 'Chat'],
    ]);
  });

  it('es-ES display values', async () => {
    const res = await call('POST', BASE, { lang: 'es-ES', body: { name: uniqueName(), callbackUrl: CALLBACK, state: { value: 'inactive' } } });
    const a = (res.json() as { clientApplication: View[] }).clientApplication[0]!;
    expect(a.type).toEqual({ value: 'chat', displayValue: 'Chat' });
    expect(a.state).toEqual({ value: 'inactive', displayValue: 'Inactivo' });
    expect(a.callbackState).toEqual({ value: 'active', displayValue: 'Activo' });
    await t.db.query(`UPDATE client_application SET callback_state = 'deactivated' WHERE id = $1`, [a.id]);
    expect(views(await call('GET', `${BASE}/${a.id}`, { lang: 'es-ES' }))[0]!.callbackState).toEqual({ value: 'deactivated', displayValue: 'Desactivado' });
    expect((await get(a.id)).callbackState).toEqual({ value: 'deactivated', displayValue: 'Deactivated' });
  });

  it.each([
    ['name missing', { callbackUrl: CALLBACK }, 'name'],
    ['name blank', { name: '  ', callbackUrl: CALLBACK }, 'name'],
    ['callbackUrl missing', { name: 'x' }, 'callbackUrl'],
    ['callbackUrl null', { name: 'x', callbackUrl: null }, 'callbackUrl'],
  ])('400-153 when %s', async (_n, body, key) => {
    for (const fmt of FORMATS) {
      expectError(await call('POST', BASE, { fmt, body }), '400-153', { format: fmt, details: [{ key, value: '' }], message: `Required attribute '${key}' is missing.` });
    }
  });

  it.each([
    ['a relative callbackUrl', { callbackUrl: '/ece/events' }, 'callbackUrl', '/ece/events'],
    ['an ftp callbackUrl', { callbackUrl: 'ftp://connector.example.com/x' }, 'callbackUrl', 'ftp://connector.example.com/x'],
    ['a callbackUrl with blanks', { callbackUrl: 'https://connector.example.com/a b' }, 'callbackUrl', 'https://connector.example.com/a b'],
    ['a callbackUrl over 2,000 characters', { callbackUrl: `https://c.example.com/${'a'.repeat(1990)}` }, 'callbackUrl', `https://c.example.com/${'a'.repeat(1990)}`.slice(0, 255)],
    ['a name over 255 characters', { name: 'n'.repeat(256) }, 'name', 'n'.repeat(255)],
    ['an unknown type', { type: { value: 'sms' } }, 'type.value', 'sms'],
    ['an unknown state', { state: { value: 'paused' } }, 'state.value', 'paused'],
    ['an empty state value', { state: { value: '' } }, 'state.value', ''],
    ['an entry point that does not exist', { entryPoints: { entryPoint: [{ id: '999999991' }] } }, 'entryPoints.entryPoint[0].id', '999999991'],
    ['an entry point id that is not an id', { entryPoints: { entryPoint: [{ id: 'abc' }] } }, 'entryPoints.entryPoint[0].id', 'abc'],
  ])('400-152 for %s; nothing created', async (_n, over, key, value) => {
    const name = uniqueName('invalid');
    for (const fmt of FORMATS) {
      expectError(await call('POST', BASE, { fmt, body: { name, callbackUrl: CALLBACK, ...over } }), '400-152', {
        format: fmt,
        details: [{ key, value }],
        message: `Invalid value of attribute '${key}'.`,
      });
    }
    expect(await t.db.query('SELECT 1 FROM client_application WHERE name = $1', [name])).toEqual([]);
  });

  it('400-152 in es-ES; a wrapper with two items → 400-152', async () => {
    expectError(await call('POST', BASE, { lang: 'es-ES', body: { name: 'x', callbackUrl: 'nope' } }), '400-152', {
      format: 'json',
      lang: 'es-ES',
      message: "Valor no válido del atributo 'callbackUrl'.",
    });
    const two = { clientApplication: [{ name: uniqueName(), callbackUrl: CALLBACK }, { name: uniqueName(), callbackUrl: CALLBACK }] };
    expectError(await call('POST', BASE, { body: two }), '400-152', { format: 'json', details: [{ key: 'clientApplication', value: '' }] });
  });

  it('409-102 for a name already used by a live application, compared case-insensitively (en-US, es-ES)', async () => {
    const a = await create();
    for (const fmt of FORMATS) {
      const res = await call('POST', BASE, { fmt, body: { name: a.name.toUpperCase(), callbackUrl: CALLBACK } });
      expectError(res, '409-102', {
        format: fmt,
        details: [{ key: 'name', value: a.name.toUpperCase() }],
        message: `The current state of resource ${a.id} does not allow this action: the value of 'name' is already in use.`,
      });
    }
    expectError(await call('POST', BASE, { lang: 'es-ES', body: { name: a.name, callbackUrl: CALLBACK } }), '409-102', {
      format: 'json',
      lang: 'es-ES',
      message: `El estado actual del recurso ${a.id} no permite esta acción: el valor de 'name' ya está en uso.`,
    });
  });

  it('names compare literally: LIKE wildcards in a name match only themselves', async () => {
    const base = uniqueName('wild');
    await create({ name: `${base} a_b%` });
    const other = await create({ name: `${base} axbyz` });
    expect(other.name).toBe(`${base} axbyz`);
    expectError(await call('POST', BASE, { body: { name: `${base} A_B%`, callbackUrl: CALLBACK } }), '409-102', { format: 'json' });
  });

  it('two concurrent creates with one name: one 201, the other 409-102', async () => {
    const name = uniqueName('race');
    const body = { name, callbackUrl: CALLBACK };
    const results = await Promise.all([call('POST', BASE, { body }), call('POST', BASE, { body })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const created = (results.find((r) => r.statusCode === 201)!.json() as { clientApplication: View[] }).clientApplication[0]!;
    expectError(results.find((r) => r.statusCode === 409)!, '409-102', { format: 'json', details: [{ key: 'name', value: name }] });
    expect((results.find((r) => r.statusCode === 409)!.json() as { developerMessage: string }).developerMessage).toContain(`resource ${created.id} `);
  });

  it('the name of a deleted application can be used again', async () => {
    const a = await create();
    expect((await call('DELETE', `${BASE}/${a.id}`)).statusCode).toBe(204);
    const b = await create({ name: a.name });
    expect(b.id).not.toBe(a.id);
  });

  it('callers: supervisor and agent → 403-197 (after validation)', async () => {
    for (const s of [supervisor, agent]) {
      for (const fmt of FORMATS) expectError(await call('POST', BASE, { session: s, fmt, body: { name: uniqueName(), callbackUrl: CALLBACK } }), '403-197', { format: fmt });
      expectError(await call('POST', BASE, { session: s, body: { name: uniqueName(), callbackUrl: 'x' } }), '400-152', { format: 'json' });
    }
    expectError(await call('POST', BASE, { session: null, body: { name: 'x', callbackUrl: CALLBACK } }), '401-101', { format: 'json' });
  });
});

describe('07 §18 get by ids', () => {
  it('never shows the secrets; the order of the ids, duplicates removed; created only with $attribute', async () => {
    const a = await create();
    const b = await create({ description: 'second' });
    const res = await call('GET', `${BASE}/${b.id},${a.id},${b.id}`);
    const list = views(res);
    expect(Object.keys(res.json() as object)).toEqual(['clientApplication']);
    expect(list.map((x) => x.id)).toEqual([b.id, a.id]);
    for (const x of list) {
      expect(x).not.toHaveProperty('clientSecret');
      expect(x).not.toHaveProperty('webhookSecret');
      expect(x).not.toHaveProperty('created');
    }
    const { clientSecret: _s, webhookSecret: _w, ...shown } = a;
    expect(list[1]).toEqual(shown);
    for (const q of ['created', 'all', 'CREATED']) {
      expect((await get(a.id, `?$attribute=${q}`)).created).toEqual({ date: a.lastModified.date, user: adminRef() });
    }
  });

  it('matches the 07 §18 XML example, the entry point reference carrying its link as in JSON', async () => {
    const name = uniqueName('SMS connector');
    const ep = await entryPointRow(t, { name: uniqueName('Web chat – Service') });
    const a = await create({ name, entryPoints: { entryPoint: [{ id: ep.id }] } });
    const res = await call('GET', `${BASE}/${a.id}`, { fmt: 'xml' });
    expect(res.statusCode).toBe(200);
    const actual = canonicalXml(res.body);
    // lastModified carries the editing user (an element the example leaves out); compare the rest exactly.
    const item = actual.children[0]!;
    const lastModified = item.children.find((c) => c.name === `{${NS}}lastModified`)!;
    expect(lastModified.children.map((c) => c.name)).toEqual([`{${COMMON}}user`]);
    lastModified.children = [];
    const expected = `<clientApplications xmlns="http://bindings.egain.com/ws/model/v12/gen/administration/clientapplication"
                    xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common">
  <clientApplication id="${a.id}">
    <link rel="self" href="/system/ws/v12/administration/clientapplication/${a.id}"/>
    <name>${name}</name>
    <type><ns2:value>chat</ns2:value><ns2:displayValue>Chat</ns2:displayValue></type>
    <clientKey>${a.clientKey}</clientKey>
    <state><ns2:value>active</ns2:value><ns2:displayValue>Active</ns2:displayValue></state>
    <callbackUrl>https://connector.example.com/ece/events</callbackUrl>
    <callbackState><ns2:value>active</ns2:value><ns2:displayValue>Active</ns2:displayValue></callbackState>
    <entryPoints><entryPoint id="${ep.id}"><name>${ep.name}</name><link rel="entryPoint" href="/system/ws/v12/administration/entrypoint/${ep.id}"/></entryPoint></entryPoints>
    <lastModified date="${a.lastModified.date}"/>
  </clientApplication>
</clientApplications>`;
    expect(actual).toEqual(canonicalXml(expected));
  });

  it('unknown and deleted ids → 404-101 naming each', async () => {
    const a = await create();
    const gone = await create();
    expect((await call('DELETE', `${BASE}/${gone.id}`)).statusCode).toBe(204);
    for (const fmt of FORMATS) {
      expectError(await call('GET', `${BASE}/${a.id},${gone.id},999999991`, { fmt }), '404-101', {
        format: fmt,
        details: [
          { key: 'id', value: gone.id },
          { key: 'id', value: '999999991' },
        ],
      });
    }
  });

  it('400-102 bad id, 400-160 over 75 ids, 400-101 paging parameters, 400-102 unknown $attribute, agent 403-197, supervisor 200', async () => {
    const a = await create();
    expectError(await call('GET', `${BASE}/abc`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'abc' }] });
    expectError(await call('GET', `${BASE}/${Array.from({ length: 76 }, (_, i) => i + 1).join(',')}`), '400-160', { format: 'json' });
    expectError(await call('GET', `${BASE}/${a.id}?$pagesize=2`), '400-101', { format: 'json' });
    expectError(await call('GET', `${BASE}/${a.id}?$attribute=secret`), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'secret' }] });
    expectError(await call('GET', `${BASE}/${a.id}`, { session: agent }), '403-197', { format: 'json' });
    expect(views(await call('GET', `${BASE}/${a.id}`, { session: supervisor }))).toHaveLength(1);
  });
});

describe('07 §18 list', () => {
  it('filters by name (exact) and state; paged with the exact count; deleted applications are left out', async () => {
    const name = uniqueName('listed');
    const a = await create({ name });
    const list = await call('GET', `${BASE}?name=${encodeURIComponent(name)}`);
    const body = list.json() as { link: unknown; clientApplication: View[]; paginationInfo: unknown };
    expect(body.link).toEqual({ rel: 'self', href: `${BASE}?name=${encodeURIComponent(name)}` });
    expect(body.clientApplication.map((x) => x.id)).toEqual([a.id]);
    expect(body.clientApplication[0]).not.toHaveProperty('clientSecret');
    expect(body.paginationInfo).toEqual({ count: 1, pagenum: 1, pagesize: 25 });
    expect((await call('GET', `${BASE}?name=${encodeURIComponent(name.toUpperCase())}`)).statusCode).toBe(204);
    expect(views(await call('GET', `${BASE}?name=${encodeURIComponent(name)}&state=ACTIVE`))).toHaveLength(1);
    expect((await call('GET', `${BASE}?name=${encodeURIComponent(name)}&state=inactive`)).statusCode).toBe(204);

    const total = Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM client_application WHERE deleted_at IS NULL'))[0]!.n);
    const inactive = Number((await t.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM client_application WHERE deleted_at IS NULL AND state = 'inactive'`))[0]!.n);
    expect((await call('GET', `${BASE}?$count=yes`)).json()).toMatchObject({ paginationInfo: { count: total } });
    expect((await call('GET', `${BASE}?state=inactive&$count=yes`)).json()).toMatchObject({ paginationInfo: { count: inactive } });

    expect((await call('DELETE', `${BASE}/${a.id}`)).statusCode).toBe(204);
    const after = await call('GET', `${BASE}?name=${encodeURIComponent(name)}`);
    expect(after.statusCode).toBe(204);
    expect(after.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await call('GET', `${BASE}?$count=yes`)).json()).toMatchObject({ paginationInfo: { count: total - 1 } });
  });

  it('sorted by id by default, by name with $sort=name; pages follow with $cursor', async () => {
    await create({ name: uniqueName('zz') });
    await create({ name: uniqueName('aa') });
    const byId = views(await call('GET', `${BASE}?$pagesize=75`)).map((x) => Number(x.id));
    expect(byId).toEqual([...byId].sort((x, y) => x - y));
    const desc = views(await call('GET', `${BASE}?$pagesize=75&$sort=id&$order=desc`)).map((x) => Number(x.id));
    expect(desc).toEqual([...desc].sort((x, y) => y - x));
    const first = await call('GET', `${BASE}?$sort=name&$pagesize=1`);
    const p1 = first.json() as { clientApplication: View[]; paginationInfo: { link: { rel: string; href: string }[] } };
    const next = p1.paginationInfo.link.find((l) => l.rel === 'next')!.href;
    expect(views(await call('GET', next))).toEqual(views(await call('GET', `${BASE}?$sort=name&$pagenum=2&$pagesize=1`)));
  });

  it('XML list with $attribute=created', async () => {
    const name = uniqueName('xml list');
    const a = await create({ name });
    const res = await call('GET', `${BASE}?name=${encodeURIComponent(name)}&$attribute=created`, { fmt: 'xml' });
    const root = canonicalXml(res.body);
    expect(root.name).toBe(`{${NS}}clientApplications`);
    expect(root.children.map((c) => c.name)).toEqual([`{${NS}}link`, `{${NS}}clientApplication`, `{${COMMON}}paginationInfo`]);
    const created = root.children[1]!.children.find((c) => c.name === `{${NS}}created`)!;
    expect(created.attrs.date).toBe(a.lastModified.date);
  });

  it('400-102 for a bad state or $sort, 400-101 for an unknown filter, agent 403-197, supervisor 200', async () => {
    expectError(await call('GET', `${BASE}?state=paused`), '400-102', { format: 'json', details: [{ key: 'state', value: 'paused' }] });
    expectError(await call('GET', `${BASE}?$sort=clientKey`), '400-102', { format: 'json' });
    expectError(await call('GET', `${BASE}?clientKey=x`), '400-101', { format: 'json', details: [{ key: 'clientKey', value: 'x' }] });
    for (const fmt of FORMATS) expectError(await call('GET', BASE, { session: agent, fmt }), '403-197', { format: fmt });
    expect((await call('GET', BASE, { session: supervisor })).statusCode).toBe(200);
  });
});

describe('07 §18 edit', () => {
  it('changes only the fields sent; lastModified moves on; 204', async () => {
    const a = await create({ description: 'before' });
    const name = uniqueName('renamed');
    const res = await call('PUT', BASE, { body: { id: a.id, name, callbackUrl: 'https://other.example.com/cb' } });
    expect(res.statusCode, res.body).toBe(204);
    const after = await get(a.id);
    expect(after).toMatchObject({ name, description: 'before', callbackUrl: 'https://other.example.com/cb', clientKey: a.clientKey, state: { value: 'active' } });
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(a.lastModified.date));
  });

  it('null and an empty string clear the description', async () => {
    for (const cleared of [null, '']) {
      const a = await create({ description: 'text' });
      expect((await call('PUT', BASE, { body: { clientApplication: [{ id: a.id, description: cleared }] } })).statusCode).toBe(204);
      expect(await get(a.id)).not.toHaveProperty('description');
    }
  });

  it('several applications in one request; XML body', async () => {
    const a = await create();
    const b = await create();
    const res = await call('PUT', BASE, {
      xml: `<clientApplications><clientApplication id="${a.id}"><description>A</description></clientApplication><clientApplication><id>${b.id}</id><state><value>inactive</value></state></clientApplication></clientApplications>`,
    });
    expect(res.statusCode, res.body).toBe(204);
    expect((await get(a.id)).description).toBe('A');
    expect((await get(b.id)).state.value).toBe('inactive');
  });

  it('state inactive: token requests fail and existing tokens end; active again allows new tokens only', async () => {
    const a = await create();
    const token = await tokenFor(t.app, a);
    expect((await call('PUT', BASE, { body: { id: a.id, state: { value: 'inactive' } } })).statusCode).toBe(204);
    expect(await tokenAlive(t.app, token)).toBe(false);
    expectError(await requestToken(t.app, a.clientKey, a.clientSecret!), '401-102', { format: 'json', message: 'Invalid client credentials.' });
    expect((await call('PUT', BASE, { body: { id: a.id, state: { value: 'active' } } })).statusCode).toBe(204);
    expect(await tokenAlive(t.app, token)).toBe(false);
    expect(await tokenAlive(t.app, await tokenFor(t.app, a))).toBe(true);
  });

  it('callbackState may be set back to active, not to deactivated', async () => {
    const a = await create();
    await t.db.query(`UPDATE client_application SET callback_state = 'deactivated' WHERE id = $1`, [a.id]);
    expectError(await call('PUT', BASE, { body: { id: a.id, callbackState: { value: 'deactivated' } } }), '400-152', {
      format: 'json',
      details: [{ key: 'clientApplication[0].callbackState.value', value: 'deactivated' }],
    });
    expect((await call('PUT', BASE, { body: { id: a.id, callbackState: { value: 'active' } } })).statusCode).toBe(204);
    expect((await get(a.id)).callbackState.value).toBe('active');
  });

  it('read-only fields (type, clientKey, secrets) are ignored', async () => {
    const a = await create();
    expect((await call('PUT', BASE, { body: { id: a.id, clientKey: '0'.repeat(32), clientSecret: 'x', type: { value: 'sms' } } })).statusCode).toBe(204);
    const after = await get(a.id);
    expect(after.clientKey).toBe(a.clientKey);
    expect(after.type.value).toBe('chat');
    expect(await tokenFor(t.app, a)).toBeTruthy();
  });

  it('lastModified.date: the current value passes, another → 409-101, nothing changed', async () => {
    const a = await create({ description: 'v1' });
    const b = await create({ description: 'v1' });
    expect((await call('PUT', BASE, { body: { id: a.id, description: 'v2', lastModified: { date: a.lastModified.date } } })).statusCode).toBe(204);
    for (const fmt of FORMATS) {
      const res = await call('PUT', BASE, {
        fmt,
        body: { clientApplication: [{ id: b.id, description: 'v3' }, { id: a.id, description: 'v3', lastModified: { date: a.lastModified.date } }] },
      });
      expectError(res, '409-101', {
        format: fmt,
        details: [{ key: 'id', value: a.id }],
        message: `The resource ${a.id} was modified after it was read (lastModified mismatch). Read it again and retry.`,
      });
    }
    expect((await get(a.id)).description).toBe('v2');
    expect((await get(b.id)).description).toBe('v1');
    expectError(await call('PUT', BASE, { body: { id: a.id, lastModified: { date: 'yesterday' } } }), '400-152', {
      format: 'json',
      details: [{ key: 'clientApplication[0].lastModified.date', value: 'yesterday' }],
    });
  });

  it('unknown or deleted ids → 404-101 naming each; nothing changed', async () => {
    const a = await create({ description: 'keep' });
    const gone = await create();
    expect((await call('DELETE', `${BASE}/${gone.id}`)).statusCode).toBe(204);
    for (const fmt of FORMATS) {
      const res = await call('PUT', BASE, { fmt, body: { clientApplication: [{ id: a.id, description: 'x' }, { id: gone.id }, { id: '999999991' }] } });
      expectError(res, '404-101', {
        format: fmt,
        details: [
          { key: 'id', value: gone.id },
          { key: 'id', value: '999999991' },
        ],
      });
    }
    expect((await get(a.id)).description).toBe('keep');
  });

  it('name and callbackUrl cannot be cleared; state cannot be emptied (400-152); a missing id is 400-153', async () => {
    const a = await create();
    for (const [body, key] of [
      [{ name: '' }, 'clientApplication[0].name'],
      [{ name: null }, 'clientApplication[0].name'],
      [{ callbackUrl: '' }, 'clientApplication[0].callbackUrl'],
      [{ callbackUrl: 'mailto:x@example.com' }, 'clientApplication[0].callbackUrl'],
      [{ state: { value: '' } }, 'clientApplication[0].state.value'],
      [{ state: null }, 'clientApplication[0].state'],
    ] as const) {
      const res = await call('PUT', BASE, { body: { id: a.id, ...body } });
      expectError(res, '400-152', { format: 'json' });
      expect((res.json() as { details: { key: string }[] }).details[0]!.key).toBe(key);
    }
    expectError(await call('PUT', BASE, { body: { name: 'x' } }), '400-153', { format: 'json', details: [{ key: 'clientApplication[0].id', value: '' }] });
    expectError(await call('PUT', BASE, { body: { clientApplication: [{ id: a.id }, { id: a.id }] } }), '400-152', {
      format: 'json',
      details: [{ key: 'clientApplication[1].id', value: a.id }],
    });
    expectError(await call('PUT', BASE, { body: { id: a.id, entryPoints: { entryPoint: { id: '999999992' } } } }), '400-152', {
      format: 'json',
      details: [{ key: 'clientApplication[0].entryPoints.entryPoint[0].id', value: '999999992' }],
    });
    expect((await call('PUT', BASE, { body: { id: a.id, entryPoints: {} } })).statusCode).toBe(204);
    const many = Array.from({ length: 76 }, () => ({ id: a.id }));
    expectError(await call('PUT', BASE, { body: { clientApplication: many } }), '400-160', { format: 'json' });
  });

  it('409-102 for a name used by another application, or by two items of the body; nothing changed', async () => {
    const a = await create();
    const b = await create();
    const c = await create();
    expectError(await call('PUT', BASE, { body: { id: b.id, name: a.name.toLowerCase() } }), '409-102', {
      format: 'json',
      details: [{ key: 'clientApplication[0].name', value: a.name.toLowerCase() }],
      message: `The current state of resource ${a.id} does not allow this action: the value of 'name' is already in use.`,
    });
    const same = uniqueName('same');
    expectError(await call('PUT', BASE, { body: { clientApplication: [{ id: b.id, name: same }, { id: c.id, name: same.toUpperCase() }] } }), '409-102', {
      format: 'json',
      details: [{ key: 'clientApplication[1].name', value: same.toUpperCase() }],
    });
    // Renaming onto the current name of another application edited in the same request that keeps it.
    expectError(await call('PUT', BASE, { body: { clientApplication: [{ id: b.id, name: c.name }, { id: c.id, description: 'x' }] } }), '409-102', {
      format: 'json',
      details: [{ key: 'clientApplication[0].name', value: c.name }],
    });
    expect((await get(b.id)).name).toBe(b.name);
    expect(await get(c.id)).not.toHaveProperty('description');
    // A change of letter case of its own name is allowed.
    expect((await call('PUT', BASE, { body: { id: a.id, name: a.name.toUpperCase() } })).statusCode).toBe(204);
  });

  it('callers: supervisor and agent → 403-197; nothing changed', async () => {
    const a = await create({ description: 'keep' });
    for (const s of [supervisor, agent]) {
      for (const fmt of FORMATS) expectError(await call('PUT', BASE, { session: s, fmt, body: { id: a.id, description: 'x' } }), '403-197', { format: fmt });
    }
    expect((await get(a.id)).description).toBe('keep');
  });
});

describe('07 §18 delete', () => {
  it('soft delete: 204, gone from reads, the row kept with deleted_at, its tokens ended and token requests refused', async () => {
    const a = await create();
    const b = await create();
    const token = await tokenFor(t.app, a);
    const res = await call('DELETE', `${BASE}/${a.id},${b.id}`);
    expect(res.statusCode).toBe(204);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expectError(await call('GET', `${BASE}/${a.id}`), '404-101', { format: 'json' });
    expect((await row(a.id)).deleted_at).toBeInstanceOf(Date);
    expect(await tokenAlive(t.app, token)).toBe(false);
    expectError(await requestToken(t.app, a.clientKey, a.clientSecret!), '401-102', { format: 'json' });
    expectError(await call('DELETE', `${BASE}/${a.id}`), '404-101', { format: 'json', details: [{ key: 'id', value: a.id }] });
  });

  it('unknown ids → 404-101 naming each; nothing deleted; callers other than administrators → 403-197', async () => {
    const a = await create();
    const token = await tokenFor(t.app, a);
    expectError(await call('DELETE', `${BASE}/${a.id},999999994`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999994' }] });
    for (const s of [supervisor, agent]) expectError(await call('DELETE', `${BASE}/${a.id}`, { session: s }), '403-197', { format: 'json' });
    expect(await get(a.id)).toBeTruthy();
    expect(await tokenAlive(t.app, token)).toBe(true);
    expectError(await call('DELETE', `${BASE}/1,,2`), '400-102', { format: 'json' });
  });
});

describe('07 §18 secret rotation', () => {
  it('200 with the application and two new secrets; the old secret and every token stop working', async () => {
    const a = await create();
    const token = await tokenFor(t.app, a);
    const res = await call('POST', `${BASE}/${a.id}/secret`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.location).toBeUndefined();
    const body = res.json() as { clientApplication: View[] };
    const r = body.clientApplication[0]!;
    expect(r).toMatchObject({ id: a.id, name: a.name, clientKey: a.clientKey });
    expect(r.clientSecret).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(r.webhookSecret).toMatch(/^[A-Za-z0-9_-]{48}$/);
    expect(r.clientSecret).not.toBe(a.clientSecret);
    expect(r.webhookSecret).not.toBe(a.webhookSecret);
    expect((await row(a.id)).webhook_secret).toBe(r.webhookSecret);
    expect(Date.parse(r.lastModified.date)).toBeGreaterThan(Date.parse(a.lastModified.date));
    expect(await tokenAlive(t.app, token)).toBe(false);
    expectError(await requestToken(t.app, a.clientKey, a.clientSecret!), '401-102', { format: 'json' });
    expect(await tokenAlive(t.app, await tokenFor(t.app, r))).toBe(true);
    expect(await get(a.id)).not.toHaveProperty('clientSecret');
  });

  it('clears a lockout of the application', async () => {
    const a = await create();
    await t.db.query(`UPDATE client_application SET failed_logins = 3, locked_until = now() + interval '1 hour' WHERE id = $1`, [a.id]);
    const rotated = views(await call('POST', `${BASE}/${a.id}/secret`))[0]!;
    const r = await row(a.id);
    expect([r.failed_logins, r.locked_until]).toEqual([0, null]);
    expect(await tokenFor(t.app, rotated)).toBeTruthy();
  });

  it('XML answer; camel-case path; $attribute=created', async () => {
    const a = await create();
    const res = await call('POST', `/system/ws/v12/administration/clientApplication/${a.id}/secret?$attribute=created`, { fmt: 'xml' });
    expect(res.statusCode).toBe(200);
    const item = canonicalXml(res.body).children[0]!;
    expect(item.attrs.id).toBe(a.id);
    expect(item.children.map((c) => c.name.replace(`{${NS}}`, ''))).toEqual([
      'link',
      'name',
      'type',
      'clientKey',
      'clientSecret',
      'webhookSecret',
      'state',
      'callbackUrl',
      'callbackState',
      'lastModified',
      'created',
    ]);
  });

  it('unknown or deleted id → 404-101; bad id → 400-102; other callers → 403-197; a body is ignored', async () => {
    const a = await create();
    const gone = await create();
    expect((await call('DELETE', `${BASE}/${gone.id}`)).statusCode).toBe(204);
    for (const fmt of FORMATS) {
      expectError(await call('POST', `${BASE}/${gone.id}/secret`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: gone.id }] });
      expectError(await call('POST', `${BASE}/999999995/secret`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999995' }] });
    }
    expectError(await call('POST', `${BASE}/1,2/secret`), '400-102', { format: 'json', details: [{ key: 'id', value: '1,2' }] });
    for (const s of [supervisor, agent]) expectError(await call('POST', `${BASE}/${a.id}/secret`, { session: s }), '403-197', { format: 'json' });
    expect(await tokenFor(t.app, a)).toBeTruthy(); // secret unchanged
    expect((await call('POST', `${BASE}/${a.id}/secret`, { body: { anything: true } })).statusCode).toBe(200);
  });
});

describe('07 §18 methods and paths', () => {
  it('the camel-case segment clientApplication is the same resource, links canonical', async () => {
    const res = await call('POST', '/system/ws/v12/administration/clientApplication', { body: { name: uniqueName(), callbackUrl: CALLBACK } });
    expect(res.statusCode).toBe(201);
    const a = (res.json() as { clientApplication: View[] }).clientApplication[0]!;
    expect(res.headers.location).toBe(`${BASE}/${a.id}`);
    expect(views(await call('GET', `/system/ws/v12/administration/clientApplication/${a.id}`))[0]!.link.href).toBe(`${BASE}/${a.id}`);
  });

  it('methods not offered → 405-100 with Allow', async () => {
    const put = await call('PUT', `${BASE}/1`, { body: {} });
    expectError(put, '405-100', { format: 'json' });
    expect(put.headers.allow).toBe('GET, HEAD, DELETE');
    const secret = await call('GET', `${BASE}/1/secret`);
    expectError(secret, '405-100', { format: 'json' });
    expect(secret.headers.allow).toBe('POST');
    const list = await call('DELETE', BASE);
    expectError(list, '405-100', { format: 'json' });
    expect(list.headers.allow).toBe('GET, HEAD, POST, PUT');
  });
});

describe('07 §18 entryPoints', () => {
  const EP_URL = '/system/ws/v12/administration/entrypoint';
  const ids = (a: View) => (a.entryPoints?.entryPoint ?? []).map((e) => e.id);
  const links = async (id: string) =>
    (await t.db.query<{ id: string }>('SELECT entry_point_id::text AS id FROM client_application_entry_point WHERE client_application_id = $1 ORDER BY 1', [id])).map(
      (r) => r.id,
    );
  const epList = (...eps: { id: string }[]) => ({ entryPoint: eps.map((e) => ({ id: e.id })) });

  it('create: entry points of any department and state, each kept once, answered in id order with name and link', async () => {
    const [x, y] = [await entryPointRow(t), await entryPointRow(t, { state: 'inactive' })];
    const a = await create({ entryPoints: { entryPoint: [{ id: y.id }, { id: Number(x.id) }, { id: y.id }] } });
    expect(a.entryPoints).toEqual({ entryPoint: [entryPointRef(x), entryPointRef(y)] });
    expect(await links(a.id)).toEqual([x.id, y.id]);
    // A bare object where the list is expected is a list of one (01 §3.2).
    const b = await create({ entryPoints: { entryPoint: { id: x.id } } });
    expect(b.entryPoints).toEqual({ entryPoint: [entryPointRef(x)] });
  });

  it('create with an XML body (id as attribute or element); XML answer in the clientapplication namespace', async () => {
    const [x, y] = [await entryPointRow(t), await entryPointRow(t)];
    const name = uniqueName('xml eps');
    const res = await call('POST', BASE, {
      fmt: 'xml',
      xml: `<clientApplication xmlns="${NS}"><name>${name}</name><callbackUrl>${CALLBACK}</callbackUrl><entryPoints><entryPoint id="${y.id}"/><entryPoint><id>${x.id}</id></entryPoint></entryPoints></clientApplication>`,
    });
    expect(res.statusCode, res.body).toBe(201);
    const item = canonicalXml(res.body).children[0]!;
    const entryPoints = item.children.find((c) => c.name === `{${NS}}entryPoints`)!;
    expect(entryPoints.children.map((e) => [e.name, e.attrs.id, e.children.map((c) => [c.name, c.text ?? '', c.attrs.rel ?? '', c.attrs.href ?? ''])])).toEqual(
      [x, y].map((e) => [`{${NS}}entryPoint`, e.id, [[`{${NS}}name`, e.name, '', ''], [`{${NS}}link`, '', 'entryPoint', `${EP_URL}/${e.id}`]]]),
    );
    // The element sits where the field table puts it: after callbackState, before lastModified.
    const names = item.children.map((c) => c.name.replace(`{${NS}}`, ''));
    expect(names.slice(names.indexOf('callbackState'))).toEqual(['callbackState', 'entryPoints', 'lastModified']);
  });

  it('create: an unknown entry point → 400-152 naming its place in the list, before the name check (01 §7.2); nothing created', async () => {
    const x = await entryPointRow(t);
    const taken = await create();
    for (const fmt of FORMATS) {
      const name = uniqueName('unknown ep');
      expectError(await call('POST', BASE, { fmt, body: { name, callbackUrl: CALLBACK, entryPoints: epList(x, { id: '999999993' }) } }), '400-152', {
        format: fmt,
        details: [{ key: 'entryPoints.entryPoint[1].id', value: '999999993' }],
        message: "Invalid value of attribute 'entryPoints.entryPoint[1].id'.",
      });
      expect(await t.db.query('SELECT 1 FROM client_application WHERE name = $1', [name])).toEqual([]);
    }
    expectError(await call('POST', BASE, { body: { name: taken.name, callbackUrl: CALLBACK, entryPoints: epList({ id: '999999993' }) } }), '400-152', { format: 'json' });
    expectError(await call('POST', BASE, { session: supervisor, body: { name: uniqueName(), callbackUrl: CALLBACK, entryPoints: epList({ id: '999999993' }) } }), '403-197', {
      format: 'json',
    });
  });

  it('an entry point reference without an id → 400-153', async () => {
    expectError(await call('POST', BASE, { body: { name: uniqueName(), callbackUrl: CALLBACK, entryPoints: { entryPoint: [{}] } } }), '400-153', {
      format: 'json',
      details: [{ key: 'entryPoints.entryPoint[0].id', value: '' }],
    });
    const a = await create();
    expectError(await call('PUT', BASE, { body: { id: a.id, entryPoints: { entryPoint: [{ name: 'x' }] } } }), '400-153', {
      format: 'json',
      details: [{ key: 'clientApplication[0].entryPoints.entryPoint[0].id', value: '' }],
    });
  });

  it('edit: entryPoints replaces the whole set; absent keeps it; an empty list, {}, null and an empty XML element clear it', async () => {
    const [x, y, z] = [await entryPointRow(t), await entryPointRow(t), await entryPointRow(t)];
    const a = await create({ entryPoints: epList(x, y) });
    expect((await call('PUT', BASE, { body: { id: a.id, entryPoints: epList(z, y, z) } })).statusCode).toBe(204);
    const after = await get(a.id);
    expect(after.entryPoints).toEqual({ entryPoint: [entryPointRef(y), entryPointRef(z)] });
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(a.lastModified.date));
    expect((await call('PUT', BASE, { body: { id: a.id, description: 'kept' } })).statusCode).toBe(204);
    expect(ids(await get(a.id))).toEqual([y.id, z.id]);
    for (const cleared of [{ entryPoint: [] }, {}, null]) {
      expect((await call('PUT', BASE, { body: { id: a.id, entryPoints: epList(x) } })).statusCode).toBe(204);
      expect((await call('PUT', BASE, { body: { id: a.id, entryPoints: cleared } })).statusCode).toBe(204);
      expect(await get(a.id)).not.toHaveProperty('entryPoints');
      expect(await links(a.id)).toEqual([]);
    }
    expect((await call('PUT', BASE, { body: { id: a.id, entryPoints: epList(x) } })).statusCode).toBe(204);
    const xml = await call('PUT', BASE, { xml: `<clientApplication><id>${a.id}</id><entryPoints/></clientApplication>` });
    expect(xml.statusCode, xml.body).toBe(204);
    expect(await links(a.id)).toEqual([]);
    const xmlSet = await call('PUT', BASE, {
      xml: `<clientApplications><clientApplication id="${a.id}"><entryPoints><entryPoint id="${z.id}"/></entryPoints></clientApplication></clientApplications>`,
    });
    expect(xmlSet.statusCode, xmlSet.body).toBe(204);
    expect(ids(await get(a.id))).toEqual([z.id]);
  });

  it('edit: an unknown entry point in any item → 400-152 on its path; no item changed', async () => {
    const [x, y] = [await entryPointRow(t), await entryPointRow(t)];
    const a = await create({ entryPoints: epList(x) });
    const b = await create({ entryPoints: epList(x) });
    for (const fmt of FORMATS) {
      const res = await call('PUT', BASE, {
        fmt,
        body: { clientApplication: [{ id: a.id, entryPoints: epList(y) }, { id: b.id, description: 'x', entryPoints: epList(y, { id: '999999994' }) }] },
      });
      expectError(res, '400-152', { format: fmt, details: [{ key: 'clientApplication[1].entryPoints.entryPoint[1].id', value: '999999994' }] });
    }
    expect(await links(a.id)).toEqual([x.id]);
    expect(await get(b.id)).not.toHaveProperty('description');
    // The edited ids are checked first (01 §7.2 step 9: 404-101 before the references of the body).
    expectError(await call('PUT', BASE, { body: { clientApplication: [{ id: '999999995', entryPoints: epList({ id: '999999994' }) }] } }), '404-101', {
      format: 'json',
      details: [{ key: 'id', value: '999999995' }],
    });
  });

  it('deleting an entry point removes it from every application; a renamed one shows its new name', async () => {
    const [x, y] = [await entryPointRow(t), await entryPointRow(t)];
    const a = await create({ entryPoints: epList(x, y) });
    const b = await create({ entryPoints: epList(x) });
    const renamed = uniqueName('renamed EP');
    await t.db.prisma.entryPoint.update({ where: { id: BigInt(y.id) }, data: { name: renamed } });
    expect((await call('DELETE', `${EP_URL}/${x.id}`)).statusCode).toBe(204);
    expect((await get(a.id)).entryPoints).toEqual({ entryPoint: [entryPointRef({ id: y.id, name: renamed })] });
    expect(await get(b.id)).not.toHaveProperty('entryPoints');
    expect(await t.db.query('SELECT 1 FROM client_application_entry_point WHERE entry_point_id = $1', [x.id])).toEqual([]);
  });

  it('deleting an application drops its links (the soft-deleted row stays); a hard delete cascades', async () => {
    const x = await entryPointRow(t);
    const a = await create({ entryPoints: epList(x) });
    const b = await create({ entryPoints: epList(x) });
    expect((await call('DELETE', `${BASE}/${a.id}`)).statusCode).toBe(204);
    expect(await links(a.id)).toEqual([]);
    expect(await links(b.id)).toEqual([x.id]);
    await t.db.query('DELETE FROM client_application WHERE id = $1', [b.id]);
    expect(await links(b.id)).toEqual([]);
  });

  it('by ids and list show the field (JSON and XML); applications without entry points leave it out', async () => {
    const x = await entryPointRow(t);
    const base = uniqueName('listed eps');
    const a = await create({ name: `${base} a`, entryPoints: epList(x) });
    const b = await create({ name: `${base} b` });
    const byIds = views(await call('GET', `${BASE}/${b.id},${a.id}`));
    expect(byIds.map((v) => v.entryPoints)).toEqual([undefined, { entryPoint: [entryPointRef(x)] }]);
    for (const name of [a.name, b.name]) {
      const listed = views(await call('GET', `${BASE}?name=${encodeURIComponent(name)}`));
      expect(listed.map((v) => v.entryPoints)).toEqual([name === a.name ? { entryPoint: [entryPointRef(x)] } : undefined]);
    }
    const xml = canonicalXml((await call('GET', `${BASE}?name=${encodeURIComponent(a.name)}`, { fmt: 'xml' })).body);
    const item = xml.children.find((c) => c.name === `{${NS}}clientApplication`)!;
    const entryPoint = item.children.find((c) => c.name === `{${NS}}entryPoints`)!.children[0]!;
    expect([entryPoint.attrs.id, entryPoint.children[0]!.text]).toEqual([x.id, x.name]);
    const rotated = views(await call('POST', `${BASE}/${a.id}/secret`))[0]!;
    expect(rotated.entryPoints).toEqual({ entryPoint: [entryPointRef(x)] });
  });

  it('an entry point deleted while an application is created naming it: never a 500, never a dangling link', async () => {
    for (let i = 0; i < 3; i++) {
      const x = await entryPointRow(t);
      const [created, deleted] = await Promise.all([
        call('POST', BASE, { body: { name: uniqueName('race ep'), callbackUrl: CALLBACK, entryPoints: epList(x) } }),
        call('DELETE', `${EP_URL}/${x.id}`),
      ]);
      expect(deleted.statusCode, deleted.body).toBe(204);
      expect([201, 400], created.body).toContain(created.statusCode);
      expect(await t.db.query('SELECT 1 FROM client_application_entry_point WHERE entry_point_id = $1', [x.id])).toEqual([]);
    }
  });
});
