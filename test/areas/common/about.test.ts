// 09 §3 (C5) GET /system/ws/v19/about through the whole app, JSON and XML.
//
// app.ts registers the about plugin itself; so that these tests can build it with an AboutConfig of their own, the
// module is mocked for app.ts to a plugin with no routes, and the real factory is added through getTestApp's routes.
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs, type Login } from '../../helpers/auth.ts';
import { canonicalXml } from '../../helpers/xml-canonical.ts';
import { JSON_CT, XML_CT, XML_DECL, expectError, expectSystemHeaders, instantPattern } from '../../conformance/support.ts';
import { hashSecret, hashToken, newSessionId, newToken } from '../../../src/areas/authentication/tokens.ts';
import type { AboutConfig } from '../../../src/areas/common/about.config.ts';
import { ABOUT, ABOUT_NS, LICENSE, LICENSE_NS, PACKAGE_VERSION, PRODUCTS, child, licenseEntriesFromXml, names, type LicensesJson } from './support.ts';

vi.mock('../../../src/areas/common/about.routes.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/areas/common/about.routes.ts')>();
  const none: FastifyPluginAsync = async () => {};
  return { ...actual, aboutRoutes: none, aboutRoutesFor: () => none };
});
const { aboutRoutesFor } = await vi.importActual<typeof import('../../../src/areas/common/about.routes.ts')>('../../../src/areas/common/about.routes.ts');

// ---- the spec's examples (09 §3), verbatim ----------------------------------------------------------------------
const SPEC_JSON = `{"about": [{
  "productName": "Enterprise Chat and Email",
  "productVersion": "12.6.1",
  "build": "1.4.0+3f9a1c0",
  "serverTime": "2024-05-02T10:00:00.000Z",
  "installedProducts": {"product": [{"name": "ECE Agent", "version": "12.6.1"}, {"name": "ECE Chat", "version": "12.6.1"},
                                     {"name": "ECE Mail", "version": "12.6.1"}, {"name": "ECE Named User", "version": "12.6.1"},
                                     {"name": "ECE API Client Application", "version": "12.6.1"}]}
}]}`;
const SPEC_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<aboutDetails xmlns="http://bindings.egain.com/ws/model/v12/gen/general/about">
  <about>
    <productName>Enterprise Chat and Email</productName>
    <productVersion>12.6.1</productVersion>
    <build>1.4.0+3f9a1c0</build>
    <serverTime>2024-05-02T10:00:00.000Z</serverTime>
  </about>
</aboutDetails>`;
/** The example with this server's build and time in place of the illustrative ones. */
const specWith = (text: string, build: string, serverTime: string) => text.replace('1.4.0+3f9a1c0', build).replace('2024-05-02T10:00:00.000Z', serverTime);

// ---- two apps: D with no variable set and a clock the tests move; C with every variable set -----------------------
const T0 = new Date('2031-03-04T05:06:07.089Z');
let clock = T0;
let d: TestApp;
let c: TestApp;

const configured: AboutConfig = {
  productVersion: '12.7.0',
  buildSha: '3f9a1c0',
  aboutContactName: 'ECE Support',
  aboutContactEmail: 'support@example.com',
  aboutContactUrl: 'https://support.example.com/ece?a=1&b=2',
  aboutCopyright: 'Copyright (c) 2024 Example & Sons <Legal>',
  aboutTrademarks: 'ECE™ is a "trademark" of Example',
  licenseUnits: { 'ECE Agent': 0, 'ECE Chat': 150 },
};
const defaults: AboutConfig = {
  productVersion: '12.6.1',
  aboutContactName: '',
  aboutContactEmail: '',
  aboutContactUrl: '',
  aboutTrademarks: '',
  licenseUnits: {},
};

let dAgent: Login;
let cAgent: Login;

beforeAll(async () => {
  // One after the other: on PostgreSQL both open this worker's database, which the first call creates.
  d = await getTestApp({}, [aboutRoutesFor(defaults)], { clock: () => clock });
  c = await getTestApp({}, [aboutRoutesFor(configured)]);
  [dAgent, cAgent] = await Promise.all([loginAs(d.app, d.db, ['agent']), loginAs(c.app, c.db, ['agent'])]);
});
afterAll(async () => {
  await Promise.all([d?.close(), c?.close()]);
});

type AboutJson = { about: Record<string, unknown>[] };
const JSON_H = (login: Login) => ({ ...login.headers, accept: 'application/json' });
const XML_H = (login: Login) => ({ ...login.headers, accept: 'application/xml' });

async function aboutJson(t: TestApp, login: Login, query = '') {
  const res = await t.app.inject({ method: 'GET', url: ABOUT + query, headers: JSON_H(login) });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe(JSON_CT);
  const body = res.json() as AboutJson;
  expect(Object.keys(body)).toEqual(['about']);
  expect(body.about).toHaveLength(1);
  return body.about[0]!;
}

async function aboutXml(t: TestApp, login: Login, query = '') {
  const res = await t.app.inject({ method: 'GET', url: ABOUT + query, headers: XML_H(login) });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe(XML_CT);
  expect(res.body.startsWith(XML_DECL)).toBe(true);
  const root = canonicalXml(res.body);
  expect(root.name).toBe(`{${ABOUT_NS}}aboutDetails`);
  expect(names(root)).toEqual([`{${ABOUT_NS}}about`]);
  return { res, about: root.children[0]! };
}

const DEFAULT_KEYS = ['productName', 'productVersion', 'build', 'serverTime'];
const DEFAULT_ELEMENTS = DEFAULT_KEYS.map((k) => `{${ABOUT_NS}}${k}`);
const GROUPS = ['contactInfo', 'copyright', 'trademarks', 'installedProducts', 'licenses'] as const;

describe('09 §3 about: the default set', () => {
  it('XML equals the spec example namespace-aware (this build and time in place of the illustrative ones)', async () => {
    const { res, about } = await aboutXml(d, dAgent);
    expect(canonicalXml(res.body)).toEqual(canonicalXml(specWith(SPEC_XML, PACKAGE_VERSION, T0.toISOString())));
    expect(res.body).toMatch(/<aboutDetails\s[^>]*xmlns="http:\/\/bindings\.egain\.com\/ws\/model\/v12\/gen\/general\/about"/);
    expect(names(about)).toEqual(DEFAULT_ELEMENTS);
    expectSystemHeaders(res);
  });

  it('JSON: {"about":[{productName, productVersion, build, serverTime}]} with the defaults of 09 §3', async () => {
    const about = await aboutJson(d, dAgent);
    expect(about).toEqual({ productName: 'Enterprise Chat and Email', productVersion: '12.6.1', build: PACKAGE_VERSION, serverTime: T0.toISOString() });
    expect(Object.keys(about)).toEqual(DEFAULT_KEYS);
  });

  it('JSON with $attribute=installedProducts equals the spec example (this build and time)', async () => {
    const res = await d.app.inject({ method: 'GET', url: `${ABOUT}?$attribute=installedProducts`, headers: JSON_H(dAgent) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(JSON.parse(specWith(SPEC_JSON, PACKAGE_VERSION, T0.toISOString())));
  });

  it('productVersion, build (package version + "+<sha>") and serverTime come from the configuration and the clock', async () => {
    const before = Date.now();
    const about = await aboutJson(c, cAgent);
    const after = Date.now();
    expect(about.productVersion).toBe('12.7.0');
    expect(about.build).toBe(`${PACKAGE_VERSION}+3f9a1c0`);
    expect(about.serverTime).toMatch(instantPattern);
    const ms = Date.parse(about.serverTime as string);
    expect(ms).toBeGreaterThanOrEqual(before - 1);
    expect(ms).toBeLessThanOrEqual(after + 1);
  });

  it('serverTime is "now": it follows the clock', async () => {
    clock = new Date('2032-12-31T23:59:59.999Z');
    try {
      // A session is only valid while the clock says it is; log in at the moved clock.
      const login = await loginAs(d.app, d.db, ['agent']);
      expect((await aboutJson(d, login)).serverTime).toBe('2032-12-31T23:59:59.999Z');
      const { about } = await aboutXml(d, login);
      expect(child(about, ABOUT_NS, 'serverTime').text).toBe('2032-12-31T23:59:59.999Z');
    } finally {
      clock = T0;
    }
  });

  it.each(['administrator', 'supervisor', 'agent'] as const)('a %s session may call it; the session id is echoed', async (role) => {
    const login = await loginAs(c.app, c.db, [role]);
    const res = await c.app.inject({ method: 'GET', url: ABOUT, headers: JSON_H(login) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-egain-session']).toBe(login.sessionId);
    expect((res.json() as AboutJson).about[0]!.productName).toBe('Enterprise Chat and Email');
  });
});

describe('09 §3 about: attribute groups', () => {
  const expectedJson = (t: 'c' | 'd') => ({
    contactInfo:
      t === 'c'
        ? { name: 'ECE Support', email: 'support@example.com', url: 'https://support.example.com/ece?a=1&b=2' }
        : { name: '', email: '', url: '' },
    copyright: t === 'c' ? 'Copyright (c) 2024 Example & Sons <Legal>' : 'Copyright (c) 2031',
    trademarks: t === 'c' ? 'ECE™ is a "trademark" of Example' : undefined,
    installedProducts: { product: PRODUCTS.map((name) => ({ name, version: t === 'c' ? '12.7.0' : '12.6.1' })) },
  });

  it.each(['contactInfo', 'copyright', 'trademarks', 'installedProducts'] as const)(
    '$attribute=%s adds exactly that group (configured values; JSON and XML)',
    async (group) => {
      const about = await aboutJson(c, cAgent, `?$attribute=${group}`);
      expect(Object.keys(about)).toEqual([...DEFAULT_KEYS, group]);
      expect(about[group]).toEqual(expectedJson('c')[group]);
      const { about: x } = await aboutXml(c, cAgent, `?$attribute=${group}`);
      expect(names(x)).toEqual([...DEFAULT_ELEMENTS, `{${ABOUT_NS}}${group}`]);
    },
  );

  it('$attribute=licenses adds licenses.license[]: the five entries of 09 §4, as the license call reports them', async () => {
    const about = await aboutJson(c, cAgent, '?$attribute=licenses');
    expect(Object.keys(about)).toEqual([...DEFAULT_KEYS, 'licenses']);
    const licenses = about.licenses as { license: LicensesJson['license'] };
    expect(Object.keys(licenses)).toEqual(['license']);
    const res = await c.app.inject({ method: 'GET', url: LICENSE, headers: { accept: 'application/json' } });
    expect(licenses.license).toEqual((res.json() as LicensesJson).license);
    expect(licenses.license.map((l) => l.product)).toEqual([...PRODUCTS]);
    // Configured units: ECE Agent 0 (used ≥ 1: the caller is logged in, available clamps to 0), ECE Chat 150.
    expect(licenses.license[0]).toMatchObject({ unitsInstalled: 0, usage: { available: 0 } });
    expect(licenses.license[0]!.usage.used).toBeGreaterThanOrEqual(1);
    expect(licenses.license[1]!.unitsInstalled).toBe(150);
  });

  it('XML licenses: <licenses>/<license> in the about namespace, their members in the license namespace', async () => {
    const { about } = await aboutXml(c, cAgent, '?$attribute=licenses');
    expect(names(about)).toEqual([...DEFAULT_ELEMENTS, `{${ABOUT_NS}}licenses`]);
    const licenses = child(about, ABOUT_NS, 'licenses');
    expect(names(licenses)).toEqual(PRODUCTS.map(() => `{${ABOUT_NS}}license`));
    for (const l of licenses.children) {
      expect(names(l)).toEqual(['product', 'policy', 'unitsInstalled', 'usage'].map((n) => `{${LICENSE_NS}}${n}`));
      expect(names(child(l, LICENSE_NS, 'usage'))).toEqual([`{${LICENSE_NS}}available`, `{${LICENSE_NS}}used`]);
    }
    const json = (await aboutJson(c, cAgent, '?$attribute=licenses')).licenses as { license: unknown[] };
    expect(licenseEntriesFromXml(licenses.children)).toEqual(json.license);
  });

  it('XML of every group: element names, namespaces, values and escaping', async () => {
    const { res, about } = await aboutXml(c, cAgent, '?$attribute=contactInfo,copyright,trademarks,installedProducts');
    expect(names(about)).toEqual([...DEFAULT_ELEMENTS, ...['contactInfo', 'copyright', 'trademarks', 'installedProducts'].map((n) => `{${ABOUT_NS}}${n}`)]);
    const contact = child(about, ABOUT_NS, 'contactInfo');
    expect(contact.children.map((e) => [e.name, e.text])).toEqual([
      [`{${ABOUT_NS}}name`, 'ECE Support'],
      [`{${ABOUT_NS}}email`, 'support@example.com'],
      [`{${ABOUT_NS}}url`, 'https://support.example.com/ece?a=1&b=2'],
    ]);
    expect(child(about, ABOUT_NS, 'copyright').text).toBe('Copyright (c) 2024 Example & Sons <Legal>');
    expect(res.body).toContain('Copyright (c) 2024 Example &amp; Sons &lt;Legal&gt;');
    expect(child(about, ABOUT_NS, 'trademarks').text).toBe('ECE™ is a "trademark" of Example');
    const products = child(about, ABOUT_NS, 'installedProducts');
    expect(names(products)).toEqual(PRODUCTS.map(() => `{${ABOUT_NS}}product`));
    expect(
      products.children.map((p) => [names(p), child(p, ABOUT_NS, 'name').text, child(p, ABOUT_NS, 'version').text]),
    ).toEqual(PRODUCTS.map((name) => [[`{${ABOUT_NS}}name`, `{${ABOUT_NS}}version`], name, '12.7.0']));
  });

  it('$attribute=all: every group, in field-table order (JSON and XML)', async () => {
    const about = await aboutJson(c, cAgent, '?$attribute=all');
    expect(Object.keys(about)).toEqual([...DEFAULT_KEYS, ...GROUPS]);
    const { licenses, ...rest } = about;
    const { trademarks, ...others } = expectedJson('c');
    expect(rest).toMatchObject({ ...others, trademarks });
    expect((licenses as { license: unknown[] }).license).toHaveLength(5);
    const { about: x } = await aboutXml(c, cAgent, '?$attribute=all');
    expect(names(x)).toEqual([...DEFAULT_ELEMENTS, ...GROUPS.map((g) => `{${ABOUT_NS}}${g}`)]);
  });

  it('with nothing configured: contactInfo has three empty strings, copyright is "Copyright (c) <current year>", trademarks is absent', async () => {
    const about = await aboutJson(d, dAgent, '?$attribute=contactInfo,copyright,trademarks');
    expect(about).toEqual({
      productName: 'Enterprise Chat and Email',
      productVersion: '12.6.1',
      build: PACKAGE_VERSION,
      serverTime: T0.toISOString(),
      contactInfo: { name: '', email: '', url: '' },
      copyright: 'Copyright (c) 2031',
    });
    const { about: x } = await aboutXml(d, dAgent, '?$attribute=contactInfo,copyright,trademarks');
    expect(names(x)).toEqual([...DEFAULT_ELEMENTS, `{${ABOUT_NS}}contactInfo`, `{${ABOUT_NS}}copyright`]);
    const contact = child(x, ABOUT_NS, 'contactInfo');
    expect(contact.children.map((e) => [e.name, e.text ?? ''])).toEqual(['name', 'email', 'url'].map((n) => [`{${ABOUT_NS}}${n}`, '']));
    expect(child(x, ABOUT_NS, 'copyright').text).toBe('Copyright (c) 2031');
  });

  it('the default copyright year is the current year of the clock', async () => {
    clock = new Date('2033-01-01T00:00:00.000Z');
    try {
      const login = await loginAs(d.app, d.db, ['agent']);
      expect((await aboutJson(d, login, '?$attribute=copyright')).copyright).toBe('Copyright (c) 2033');
    } finally {
      clock = T0;
    }
  });

  it('names compare case-insensitively, combine, repeat, and `all` with others is `all`', async () => {
    expect(Object.keys(await aboutJson(c, cAgent, '?$attribute=CONTACTINFO,Copyright'))).toEqual([...DEFAULT_KEYS, 'contactInfo', 'copyright']);
    expect(Object.keys(await aboutJson(c, cAgent, '?$attribute=installedproducts,trademarks,installedProducts'))).toEqual([
      ...DEFAULT_KEYS,
      'trademarks',
      'installedProducts',
    ]);
    expect(Object.keys(await aboutJson(c, cAgent, '?$attribute=copyright,ALL'))).toEqual([...DEFAULT_KEYS, ...GROUPS]);
    expect(Object.keys(await aboutJson(c, cAgent, '?%24attribute=copyright'))).toEqual([...DEFAULT_KEYS, 'copyright']);
  });

  it('$attribute= (blank) is the default set; $attributes is an alias', async () => {
    expect(Object.keys(await aboutJson(c, cAgent, '?$attribute='))).toEqual(DEFAULT_KEYS);
    expect(Object.keys(await aboutJson(c, cAgent, '?$attributes=trademarks'))).toEqual([...DEFAULT_KEYS, 'trademarks']);
  });
});

describe('09 §3 about: errors', () => {
  it.each(['bogus', 'contactInfo,bogus', 'all,nothing', 'custom', 'product'])('$attribute=%s → 400-102 (JSON and XML)', async (value) => {
    const url = `${ABOUT}?$attribute=${encodeURIComponent(value)}`;
    const json = await c.app.inject({ method: 'GET', url, headers: JSON_H(cAgent) });
    expectError(json, '400-102', { format: 'json', details: [{ key: '$attribute', value }] });
    const xml = await c.app.inject({ method: 'GET', url, headers: XML_H(cAgent) });
    expectError(xml, '400-102', { format: 'xml', details: [{ key: '$attribute', value }] });
    expect(json.headers['x-egain-session']).toBe(cAgent.sessionId);
  });

  it.each([
    ['?foo=bar', [{ key: 'foo', value: 'bar' }]],
    ['?$pagesize=5', [{ key: '$pagesize', value: '5' }]],
    ['?$sort=id', [{ key: '$sort', value: 'id' }]],
    ['?$lang=en-US', [{ key: '$lang', value: 'en-US' }]],
    ['?_=1714650000000', [{ key: '_', value: '1714650000000' }]],
    ['?$attribute=all&a=1&b=2', [{ key: 'a', value: '1' }, { key: 'b', value: '2' }]],
  ])('any other query parameter → 400-101 (%s), every unknown name listed', async (query, details) => {
    const json = await c.app.inject({ method: 'GET', url: ABOUT + query, headers: JSON_H(cAgent) });
    expectError(json, '400-101', { format: 'json', details });
    const xml = await c.app.inject({ method: 'GET', url: ABOUT + query, headers: XML_H(cAgent) });
    expectError(xml, '400-101', { format: 'xml', details });
  });

  it('400-101 comes before 400-102 (01 §7.2 step 7)', async () => {
    const res = await c.app.inject({ method: 'GET', url: `${ABOUT}?$attribute=bogus&foo=1`, headers: JSON_H(cAgent) });
    expectError(res, '400-101', { format: 'json', details: [{ key: 'foo', value: '1' }] });
  });

  it('no session → 401-101 (JSON and XML), before any parameter check', async () => {
    for (const query of ['', '?foo=bar', '?$attribute=bogus']) {
      expectError(await c.app.inject({ method: 'GET', url: ABOUT + query, headers: { accept: 'application/json' } }), '401-101', { format: 'json' });
      expectError(await c.app.inject({ method: 'GET', url: ABOUT + query }), '401-101', { format: 'xml' });
    }
  });

  it('unknown, logged-out and expired sessions → 401-101, and the session is not echoed', async () => {
    const bogus = await c.app.inject({ method: 'GET', url: ABOUT, headers: { 'x-egain-session': newSessionId(), accept: 'application/json' } });
    expectError(bogus, '401-101', { format: 'json' });
    expect(bogus.headers['x-egain-session']).toBeUndefined();

    const gone = await loginAs(c.app, c.db, ['agent']);
    const out = await c.app.inject({ method: 'DELETE', url: '/system/ws/v12/authentication/user/logout', headers: gone.headers });
    expect(out.statusCode).toBe(204);
    expectError(await c.app.inject({ method: 'GET', url: ABOUT, headers: JSON_H(gone) }), '401-101', { format: 'json' });

    const idle = await loginAs(d.app, d.db, ['agent']);
    expect((await d.app.inject({ method: 'GET', url: ABOUT, headers: JSON_H(idle) })).statusCode).toBe(200);
    clock = new Date(T0.getTime() + 31 * 60_000); // past the 30-minute idle timeout (02 §6.2)
    try {
      const expired = await d.app.inject({ method: 'GET', url: ABOUT, headers: JSON_H(idle) });
      expectError(expired, '401-101', { format: 'json' });
      expect(expired.headers['x-egain-session']).toBeUndefined();
    } finally {
      clock = T0;
    }
  });

  it('Bearer tokens are not accepted (02 §4.3): a live client token → 401-101, as Authorization or as X-egain-session', async () => {
    const app = await c.db.prisma.clientApplication.create({
      data: { name: `about-${newToken().slice(0, 8)}`, clientKey: newToken().slice(0, 32), secretHash: 'x', webhookSecret: 'w', callbackUrl: 'https://example.com/cb' },
    });
    const token = newToken();
    await c.db.prisma.session.create({
      data: { idHash: new Uint8Array(hashToken(token)), kind: 'client', clientApplicationId: app.id, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    const bearer = await c.app.inject({ method: 'GET', url: ABOUT, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    expectError(bearer, '401-101', { format: 'json' });
    // A client-application session row reached through X-egain-session is not a staff session either: refused.
    const id = newSessionId();
    await c.db.prisma.session.create({
      data: { idHash: new Uint8Array(hashSecret(id)), kind: 'client', clientApplicationId: app.id, expiresAt: new Date(Date.now() + 3_600_000) },
    });
    expectError(await c.app.inject({ method: 'GET', url: ABOUT, headers: { 'x-egain-session': id, accept: 'application/json' } }), '401-101', {
      format: 'json',
    });
  });

  it.each(['POST', 'PUT', 'DELETE'])('%s → 405-100 with Allow', async (method) => {
    const res = await c.app.inject({ method: method as 'POST', url: ABOUT, headers: { ...JSON_H(cAgent), 'content-type': 'application/json' }, payload: '{}' });
    expectError(res, '405-100', { format: 'json' });
    expect(String(res.headers.allow)).toMatch(/\bGET\b/);
  });

  it('about exists only under v19', async () => {
    for (const v of ['v11', 'v12', 'v15', 'v20']) {
      expectError(await c.app.inject({ method: 'GET', url: `/system/ws/${v}/about`, headers: JSON_H(cAgent) }), '404-100', { format: 'json' });
    }
  });
});
