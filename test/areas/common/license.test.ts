// 09 §4 (C6) GET /system/ws/v11/general/about/license/all through the whole app, JSON and XML, and the figures
// computed from the database. Other test files may share the database (PostgreSQL), so every figure is checked
// relative to a snapshot taken just before the change.
//
// As in about.test.ts, the module is mocked for app.ts so that the plugin can be built with a configuration of
// this file's own.
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createUser, login, loginAs } from '../../helpers/auth.ts';
import { canonicalXml } from '../../helpers/xml-canonical.ts';
import { JSON_CT, XML_CT, XML_DECL, expectError, expectSystemHeaders, instantPattern } from '../../conformance/support.ts';
import { hashToken, newSessionId, newToken } from '../../../src/areas/authentication/tokens.ts';
import type { AboutConfig } from '../../../src/areas/common/about.config.ts';
import { LICENSE, LICENSE_NS, POLICIES, PRODUCTS, child, licenseEntriesFromXml, names, skeleton, type LicensesJson } from './support.ts';

vi.mock('../../../src/areas/common/about.routes.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/areas/common/about.routes.ts')>();
  const none: FastifyPluginAsync = async () => {};
  return { ...actual, aboutRoutes: none, aboutRoutesFor: () => none };
});
const { aboutRoutesFor } = await vi.importActual<typeof import('../../../src/areas/common/about.routes.ts')>('../../../src/areas/common/about.routes.ts');

// ---- the spec's examples (09 §4), verbatim ----------------------------------------------------------------------
const SPEC_JSON = `{"callInfo": {"timestamp": "2024-05-02T10:00:00.000Z"},
 "license": [
  {"product": "ECE Agent", "policy": "concurrent", "unitsInstalled": 150, "usage": {"available": 138, "used": 12}},
  {"product": "ECE Chat", "policy": "concurrent", "unitsInstalled": 150, "usage": {"available": 143, "used": 7}},
  {"product": "ECE Mail", "policy": "concurrent", "unitsInstalled": 150, "usage": {"available": 145, "used": 5}},
  {"product": "ECE Named User", "policy": "named", "unitsInstalled": 1000, "usage": {"available": 788, "used": 212}},
  {"product": "ECE API Client Application", "policy": "named", "unitsInstalled": 1000, "usage": {"available": 997, "used": 3}}
 ]}`;
const SPEC_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<licenses xmlns="http://bindings.egain.com/ws/model/v12/gen/general/license">
  <callInfo><timestamp>2024-05-02T10:00:00.000Z</timestamp></callInfo>
  <license>
    <product>ECE Agent</product>
    <policy>concurrent</policy>
    <unitsInstalled>150</unitsInstalled>
    <usage><available>138</available><used>12</used></usage>
  </license>
</licenses>`;

// The units of the spec example for the three concurrent products; the named ones keep the default 1000.
const units: AboutConfig['licenseUnits'] = { 'ECE Agent': 150, 'ECE Chat': 150, 'ECE Mail': 150 };
const config: AboutConfig = { productVersion: '12.6.1', aboutContactName: '', aboutContactEmail: '', aboutContactUrl: '', aboutTrademarks: '', licenseUnits: units };

const T0 = new Date('2030-06-15T12:00:00.000Z');
let clock = T0;
let t: TestApp;
let tight: TestApp;

beforeAll(async () => {
  // One after the other: on PostgreSQL both open this worker's database, which the first call creates.
  t = await getTestApp({ ECE_CORS_ORIGINS: 'https://tools.example.com' }, [aboutRoutesFor(config)], { clock: () => clock });
  // Fewer units than will be used: available never goes below 0.
  tight = await getTestApp({}, [aboutRoutesFor({ ...config, licenseUnits: { 'ECE Agent': 1, 'ECE Named User': 0 } })]);
});
afterAll(async () => {
  await Promise.all([t?.close(), tight?.close()]);
});

async function licensesOf(app: TestApp = t): Promise<LicensesJson> {
  const res = await app.app.inject({ method: 'GET', url: LICENSE, headers: { accept: 'application/json' } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as LicensesJson;
}

type Used = Record<(typeof PRODUCTS)[number], number>;
async function used(app: TestApp = t): Promise<Used> {
  const body = await licensesOf(app);
  return Object.fromEntries(body.license.map((l) => [l.product, l.usage.used])) as Used;
}

/** The figures now minus those of `before`, per product. */
async function delta(before: Used): Promise<Used> {
  const now = await used();
  return Object.fromEntries(PRODUCTS.map((p) => [p, now[p] - before[p]])) as Used;
}
const zero: Used = { 'ECE Agent': 0, 'ECE Chat': 0, 'ECE Mail': 0, 'ECE Named User': 0, 'ECE API Client Application': 0 };
const plus = (changes: Partial<Used>): Used => ({ ...zero, ...changes });

async function createClientApplication(state = 'active', deletedAt: Date | null = null) {
  return t.db.prisma.clientApplication.create({
    data: {
      name: `lic-${newToken().slice(0, 10)}`,
      clientKey: newToken().slice(0, 32),
      secretHash: 'x',
      webhookSecret: 'w',
      callbackUrl: 'https://example.com/cb',
      state,
      deletedAt,
    },
  });
}

describe('09 §4 license usage: representation', () => {
  it('JSON: {callInfo:{timestamp}, license:[…]} with the five products in order, the spec example shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: LICENSE, headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(JSON_CT);
    expectSystemHeaders(res);
    const body = res.json() as LicensesJson;
    const spec = JSON.parse(SPEC_JSON) as LicensesJson;
    expect(Object.keys(body)).toEqual(Object.keys(spec));
    expect(Object.keys(body.callInfo)).toEqual(['timestamp']);
    expect(body.callInfo.timestamp).toBe(T0.toISOString());
    expect(body.license.map((l) => [l.product, l.policy])).toEqual(spec.license.map((l) => [l.product, l.policy]));
    expect(body.license.map((l) => [l.product, l.policy])).toEqual(PRODUCTS.map((p, i) => [p, POLICIES[i]]));
    for (const l of body.license) {
      expect(Object.keys(l)).toEqual(Object.keys(spec.license[0]!));
      expect(Object.keys(l.usage)).toEqual(['available', 'used']);
      expect(Number.isInteger(l.unitsInstalled) && Number.isInteger(l.usage.used) && Number.isInteger(l.usage.available)).toBe(true);
      expect(l.usage.available).toBe(Math.max(0, l.unitsInstalled - l.usage.used));
    }
    expect(body.license.map((l) => l.unitsInstalled)).toEqual(spec.license.map((l) => l.unitsInstalled));
  });

  it('XML (the default): <licenses> in the license namespace, namespace-aware equal in shape to the spec example', async () => {
    const res = await t.app.inject({ method: 'GET', url: LICENSE });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XML_CT);
    expect(res.body.startsWith(XML_DECL)).toBe(true);
    expect(res.body).toMatch(/<licenses\s[^>]*xmlns="http:\/\/bindings\.egain\.com\/ws\/model\/v12\/gen\/general\/license"/);
    expectSystemHeaders(res);
    const root = canonicalXml(res.body);
    const spec = canonicalXml(SPEC_XML);
    expect(root.name).toBe(spec.name);
    expect(names(root)).toEqual([`{${LICENSE_NS}}callInfo`, ...PRODUCTS.map(() => `{${LICENSE_NS}}license`)]);
    // callInfo and every license element have exactly the structure of the example's (names and namespaces).
    expect(skeleton(root.children[0]!)).toEqual(skeleton(spec.children[0]!));
    expect(child(root.children[0]!, LICENSE_NS, 'timestamp').text).toBe(T0.toISOString());
    for (const l of root.children.slice(1)) expect(skeleton(l)).toEqual(skeleton(spec.children[1]!));
    // Same figures as the JSON answer (nothing changed in between).
    expect(licenseEntriesFromXml(root.children.slice(1))).toEqual((await licensesOf()).license);
    // With the example's units and used figures, the first entry would be the example's, value for value.
    const first = root.children[1]!;
    expect(child(first, LICENSE_NS, 'product').text).toBe('ECE Agent');
    expect(child(first, LICENSE_NS, 'policy').text).toBe('concurrent');
    expect(child(first, LICENSE_NS, 'unitsInstalled').text).toBe('150');
  });

  it('callInfo.timestamp is when the figures were computed (the clock)', async () => {
    clock = new Date('2030-07-01T08:09:10.011Z');
    try {
      expect((await licensesOf()).callInfo.timestamp).toBe('2030-07-01T08:09:10.011Z');
    } finally {
      clock = T0;
    }
  });

  it('unitsInstalled: the configured units per product, 1000 for a product not configured; available is never below 0', async () => {
    expect((await licensesOf()).license.map((l) => l.unitsInstalled)).toEqual([150, 150, 150, 1000, 1000]);
    await loginAs(tight.app, tight.db, ['agent']); // ECE Agent used ≥ 1, ECE Named User used ≥ 2 (with sa)
    const body = await licensesOf(tight);
    expect(body.license.map((l) => l.unitsInstalled)).toEqual([1, 1000, 1000, 0, 1000]);
    const agent = body.license[0]!;
    const named = body.license[3]!;
    expect(named.usage.used).toBeGreaterThanOrEqual(2);
    expect(named.usage.available).toBe(0);
    expect(agent.usage.available).toBe(Math.max(0, 1 - agent.usage.used));
    await loginAs(tight.app, tight.db, ['agent']);
    const after = (await licensesOf(tight)).license[0]!;
    expect(after.usage.used).toBeGreaterThanOrEqual(2);
    expect(after.usage.available).toBe(0);
  });

  it('no session needed; a bogus X-egain-session is ignored and not echoed', async () => {
    for (const headers of [{}, { 'x-egain-session': newSessionId() }, { 'x-egain-session': 'not-a-session' }, { cookie: 'X-egain-session=bogus' }]) {
      const res = await t.app.inject({ method: 'GET', url: LICENSE, headers: { ...headers, accept: 'application/json' } });
      expect(res.statusCode).toBe(200);
      expect((res.json() as LicensesJson).license).toHaveLength(5);
      expect(res.headers['x-egain-session']).toBeUndefined();
    }
  });

  it('query parameters are ignored, whatever they are (JSON and XML)', async () => {
    for (const q of ['?_=1714650000000', '?foo=bar', '?$attribute=bogus&$pagesize=999', '?a=1&a=2', '?x', '?$cursor=garbage&$count=maybe']) {
      const json = await t.app.inject({ method: 'GET', url: LICENSE + q, headers: { accept: 'application/json' } });
      expect(json.statusCode, `${q}: ${json.body}`).toBe(200);
      expect((json.json() as LicensesJson).license.map((l) => l.product)).toEqual([...PRODUCTS]);
      const xml = await t.app.inject({ method: 'GET', url: LICENSE + q });
      expect(xml.statusCode, `${q}: ${xml.body}`).toBe(200);
      expect(canonicalXml(xml.body).name).toBe(`{${LICENSE_NS}}licenses`);
    }
  });

  it('browser call with mode cors from a whitelisted origin: CORS headers; from another origin: none', async () => {
    const ok = await t.app.inject({ method: 'GET', url: LICENSE, headers: { accept: 'application/json', origin: 'https://tools.example.com' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['access-control-allow-origin']).toBe('https://tools.example.com');
    const foreign = await t.app.inject({ method: 'GET', url: LICENSE, headers: { accept: 'application/json', origin: 'https://evil.example.com' } });
    expect(foreign.statusCode).toBe(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('Accept: text/html → 406-101; other methods → 405-100', async () => {
    expectError(await t.app.inject({ method: 'GET', url: LICENSE, headers: { accept: 'text/html' } }), '406-101', {
      details: [{ key: 'Accept', value: 'text/html' }],
    });
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: LICENSE, headers: { accept: 'application/json' } });
      expectError(res, '405-100', { format: 'json' });
    }
  });
});

describe('09 §4 license usage: figures computed from the database', () => {
  it('ECE Named User counts enabled users only (not disabled, not deleted)', async () => {
    const before = await used();
    await createUser(t.db);
    await createUser(t.db, { state: 'disabled' });
    await createUser(t.db, { state: 'deleted' });
    expect(await delta(before)).toEqual(plus({ 'ECE Named User': 1 }));
    await createUser(t.db, { roles: ['administrator', 'supervisor'] });
    expect(await delta(before)).toEqual(plus({ 'ECE Named User': 2 }));
  });

  it('ECE Agent counts users with at least one live user session, each user once; logout takes them off', async () => {
    const user = await createUser(t.db);
    const before = await used();
    const first = await login(t.app, user.loginId);
    expect(await delta(before)).toEqual(plus({ 'ECE Agent': 1 }));
    const second = await login(t.app, user.loginId);
    expect(await delta(before)).toEqual(plus({ 'ECE Agent': 1 }));
    const other = await loginAs(t.app, t.db, ['supervisor']);
    expect(await delta(before)).toEqual(plus({ 'ECE Agent': 2, 'ECE Named User': 1 }));
    for (const s of [first, second, other]) {
      const res = await t.app.inject({ method: 'DELETE', url: '/system/ws/v12/authentication/user/logout', headers: s.headers });
      expect(res.statusCode).toBe(204);
    }
    expect(await delta(before)).toEqual(plus({ 'ECE Named User': 1 }));
  });

  it('a session past the idle timeout or the absolute lifetime is not live (02 §6.2)', async () => {
    const before = await used();
    const idle = await loginAs(t.app, t.db, ['agent']);
    expect(await delta(before)).toEqual(plus({ 'ECE Agent': 1, 'ECE Named User': 1 }));
    clock = new Date(T0.getTime() + 30 * 60_000 - 1); // just inside the idle timeout: still live
    try {
      expect(await delta(before)).toEqual(plus({ 'ECE Agent': 1, 'ECE Named User': 1 }));
      clock = new Date(T0.getTime() + 30 * 60_000); // a session ends exactly at the timeout, as session validation says
      expect(await delta(before)).toEqual(plus({ 'ECE Named User': 1 }));
    } finally {
      clock = T0;
    }
    // Used recently but logged in more than 720 minutes ago.
    const old = await loginAs(t.app, t.db, ['agent']);
    expect(await delta(before)).toEqual(plus({ 'ECE Agent': 2, 'ECE Named User': 2 }));
    await t.db.query(`UPDATE session SET created_at = $2 WHERE user_id = $1`, [
      old.user.id,
      new Date(T0.getTime() - 720 * 60_000),
    ]);
    expect(await delta(before)).toEqual(plus({ 'ECE Agent': 1, 'ECE Named User': 2 }));
    expect(idle.user.id).not.toBe(old.user.id);
  });

  it('liveness follows the idle-timeout setting in force (a stored 5-minute timeout)', async () => {
    const x = await loginAs(t.app, t.db, ['agent']);
    const seen = (minutesAgo: number) =>
      t.db.query(`UPDATE session SET last_seen_at = $2 WHERE user_id = $1`, [x.user.id, new Date(clock.getTime() - minutesAgo * 60_000)]);
    clock = new Date(T0.getTime() + 10 * 60_000);
    await t.db.prisma.setting.create({ data: { name: 'sessionIdleTimeoutMinutes', value: '5' } });
    t.app.configVersion.changedHere();
    try {
      await seen(6); // live under the default 30 minutes, not under 5
      const before = await used();
      await seen(4);
      expect(await delta(before)).toEqual(plus({ 'ECE Agent': 1 }));
      await seen(6);
      expect(await delta(before)).toEqual(zero);
    } finally {
      await t.db.prisma.setting.delete({ where: { name: 'sessionIdleTimeoutMinutes' } });
      t.app.configVersion.changedHere();
      clock = T0;
    }
  });

  it('ECE Agent: a deleted user with a session left over does not count; a client-application token never counts', async () => {
    const before = await used();
    const gone = await loginAs(t.app, t.db, ['agent']);
    expect(await delta(before)).toEqual(plus({ 'ECE Agent': 1, 'ECE Named User': 1 }));
    await t.db.prisma.user.update({ where: { id: gone.user.id }, data: { state: 'deleted' } });
    expect(await delta(before)).toEqual(zero);
    const app = await createClientApplication();
    await t.db.prisma.session.create({ data: { idHash: new Uint8Array(hashToken(newToken())), kind: 'client', clientApplicationId: app.id, expiresAt: new Date(T0.getTime() + 3_600_000), createdAt: T0, lastSeenAt: T0 } });
    expect(await delta(before)).toEqual(plus({ 'ECE API Client Application': 1 }));
  });

  it('ECE Agent counts a disabled user whose session is still open (09 §4: users not deleted)', async () => {
    const before = await used();
    const off = await loginAs(t.app, t.db, ['agent']);
    await t.db.prisma.user.update({ where: { id: off.user.id }, data: { state: 'disabled', availableChat: true, availableEmail: true } });
    // Disabled: no longer a named user, not available for chat or email, but still holding an open session.
    expect(await delta(before)).toEqual(plus({ 'ECE Agent': 1 }));
  });

  it('ECE Chat / ECE Mail count users available for the channel (07 §3.1): enabled, logged in, available, max load > 0', async () => {
    const before = await used();
    const a = await loginAs(t.app, t.db, ['agent']);
    const base = { 'ECE Agent': 1, 'ECE Named User': 1 };
    expect(await delta(before)).toEqual(plus(base));
    await t.db.prisma.user.update({ where: { id: a.user.id }, data: { availableChat: true } });
    expect(await delta(before)).toEqual(plus({ ...base, 'ECE Chat': 1 }));
    await t.db.prisma.user.update({ where: { id: a.user.id }, data: { availableEmail: true } });
    expect(await delta(before)).toEqual(plus({ ...base, 'ECE Chat': 1, 'ECE Mail': 1 }));
    await t.db.prisma.user.update({ where: { id: a.user.id }, data: { maxLoadChat: 0 } });
    expect(await delta(before)).toEqual(plus({ ...base, 'ECE Mail': 1 }));
    await t.db.prisma.user.update({ where: { id: a.user.id }, data: { maxLoadChat: 1, maxLoadEmail: 0 } });
    expect(await delta(before)).toEqual(plus({ ...base, 'ECE Chat': 1 }));
    // Available but not logged in: not counted.
    await createUser(t.db).then((u) => t.db.prisma.user.update({ where: { id: u.id }, data: { availableChat: true, availableEmail: true } }));
    expect(await delta(before)).toEqual(plus({ ...base, 'ECE Chat': 1, 'ECE Named User': 2 }));
    // Logged out: no longer available for anything.
    await t.app.inject({ method: 'DELETE', url: '/system/ws/v12/authentication/user/logout', headers: a.headers });
    expect(await delta(before)).toEqual(plus({ 'ECE Named User': 2 }));
  });

  it('ECE API Client Application counts active applications that are not deleted', async () => {
    const before = await used();
    const active = await createClientApplication('active');
    await createClientApplication('inactive');
    await createClientApplication('active', new Date());
    expect(await delta(before)).toEqual(plus({ 'ECE API Client Application': 1 }));
    await t.db.prisma.clientApplication.update({ where: { id: active.id }, data: { state: 'inactive' } });
    expect(await delta(before)).toEqual(zero);
  });

  it('available = unitsInstalled − used for every product while used ≤ units', async () => {
    await loginAs(t.app, t.db, ['agent']);
    const body = await licensesOf();
    for (const l of body.license) {
      expect(l.usage.used).toBeLessThanOrEqual(l.unitsInstalled);
      expect(l.usage.available).toBe(l.unitsInstalled - l.usage.used);
    }
    expect(body.license[0]!.usage.used).toBeGreaterThanOrEqual(1);
    expect(body.callInfo.timestamp).toMatch(instantPattern);
  });
});
