// 01 §15 CORS: whitelist from ECE_CORS_ORIGINS and from the cors_origin table (refreshed through config_version),
// preflight answers, actual requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { FORMATS, HELLO, T, acceptOf, accessControlHeaders, expectError, expectSystemHeaders, fixtureRoutes, tokens } from './support.ts';

const ENV_ORIGIN = 'https://app.example.com';
const DB_ORIGIN = 'https://db.example.com';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({ ECE_CORS_ORIGINS: `${ENV_ORIGIN}, http://local.example.com:8080` }, [fixtureRoutes]);
  await t.db.query(`DELETE FROM cors_origin WHERE origin IN ($1, $2)`, [DB_ORIGIN, 'https://other-db.example.com']);
});
afterAll(async () => {
  await t?.db.query(`DELETE FROM cors_origin WHERE origin IN ($1, $2)`, [DB_ORIGIN, 'https://other-db.example.com']);
  await t?.db.query('UPDATE config_version SET value = value + 1');
  await t?.close();
});

const ALLOW_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'];
const ALLOW_HEADERS = [
  'Accept',
  'Accept-Language',
  'Content-Type',
  'Authorization',
  'X-egain-session',
  'X-egain-csrf',
  'X-Request-Id',
  'X-Requested-With',
  'Cache-Control',
  'Pragma',
];
const EXPOSE_HEADERS = ['X-egain-session', 'X-egain-csrf', 'Location', 'Retry-After', 'X-Request-Id', 'Content-Language'];
const lowerSet = (xs: string[]) => new Set(xs.map((x) => x.toLowerCase()));

const preflight = (origin: string, url = HELLO, extra: Record<string, string> = {}) =>
  t.app.inject({
    method: 'OPTIONS',
    url,
    headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-egain-session, content-type', ...extra },
  });

/** 01 §15.2: exactly these headers on an allowed preflight. */
function expectAllowedPreflight(res: Awaited<ReturnType<typeof preflight>>, origin: string) {
  expect(res.statusCode, res.body).toBe(204);
  expect(res.body).toBe('');
  const ac = accessControlHeaders(res);
  expect(Object.keys(ac).sort()).toEqual(
    [
      'access-control-allow-credentials',
      'access-control-allow-headers',
      'access-control-allow-methods',
      'access-control-allow-origin',
      'access-control-max-age',
    ].sort(),
  );
  expect(res.headers['access-control-allow-origin']).toBe(origin);
  expect(res.headers['access-control-allow-credentials']).toBe('true');
  expect(new Set(tokens(res.headers['access-control-allow-methods'], false))).toEqual(new Set(ALLOW_METHODS));
  expect(new Set(tokens(res.headers['access-control-allow-headers']))).toEqual(lowerSet(ALLOW_HEADERS));
  expect(res.headers['access-control-max-age']).toBe('600');
  expect(new Set(tokens(res.headers.vary))).toEqual(lowerSet(['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers']));
}

/** 01 §15.3: the CORS headers of an actual request from a whitelisted origin. */
function expectActualCors(res: { headers: Record<string, unknown> }, origin: string) {
  expect(res.headers['access-control-allow-origin']).toBe(origin);
  expect(res.headers['access-control-allow-credentials']).toBe('true');
  expect(new Set(tokens(res.headers['access-control-expose-headers'] as string))).toEqual(lowerSet(EXPOSE_HEADERS));
}

function expectNoCors(res: { headers: Record<string, unknown> }) {
  expect(accessControlHeaders(res as never)).toEqual({});
}

async function waitFor(check: () => Promise<boolean>, deadlineMs = 4000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < deadlineMs) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met within ${deadlineMs} ms`);
}

describe('01 §15.2 preflight from a whitelisted origin (ECE_CORS_ORIGINS)', () => {
  it('204 with exactly the preflight headers; Allow-Origin is the Origin verbatim, never *', async () => {
    expectAllowedPreflight(await preflight(ENV_ORIGIN), ENV_ORIGIN);
  });

  it('the preflight needs no session and works for a POST/PUT/DELETE request method', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      expectAllowedPreflight(await preflight(ENV_ORIGIN, `${T}/item`, { 'access-control-request-method': method }), ENV_ORIGIN);
    }
  });

  it('Allow-Headers includes X-egain-session, X-egain-csrf and Accept-Language', async () => {
    const res = await preflight(ENV_ORIGIN);
    const allowed = tokens(res.headers['access-control-allow-headers']);
    for (const h of ['x-egain-session', 'x-egain-csrf', 'accept-language']) expect(allowed).toContain(h);
  });

  it.each([
    ['an unknown /system/ws path', '/system/ws/v12/interaction/nothing/here'],
    ['an unknown version', '/system/ws/v99/kb/hello'],
    ['a path outside /system/ws', '/system/egain/chat/entrypoint/unknown'],
    ['a path with an empty segment', '/system/ws/v12/interaction/activity//'],
  ])('answered for %s', async (_n, url) => {
    expectAllowedPreflight(await preflight(ENV_ORIGIN, url), ENV_ORIGIN);
  });

  it.each([
    ['upper-case host', 'https://APP.example.com'],
    ['upper-case scheme', 'HTTPS://app.example.com'],
    ['default port', 'https://app.example.com:443'],
    ['default port and upper case', 'https://APP.example.com:443'],
    ['second env origin with its port', 'http://local.example.com:8080'],
    ['second env origin, upper case', 'http://LOCAL.example.com:8080'],
  ])('origin comparison: %s (%s) is allowed and echoed verbatim', async (_n, origin) => {
    expectAllowedPreflight(await preflight(origin), origin);
  });

  it.each([
    ['another scheme', 'http://app.example.com'],
    ['another port', 'https://app.example.com:8443'],
    ['https default port for an http origin', 'http://app.example.com:443'],
    ['a suffix domain', 'https://app.example.com.evil.com'],
    ['a subdomain', 'https://x.app.example.com'],
    ['a parent domain', 'https://example.com'],
    ['missing port', 'http://local.example.com'],
    ['http default port on the other origin', 'http://local.example.com:80'],
    ['null', 'null'],
    ['garbage', 'not an origin'],
  ])('a foreign origin (%s: %s) → 403-199 without Access-Control-* headers', async (_n, origin) => {
    for (const fmt of FORMATS) {
      const res = await preflight(origin, HELLO, { accept: acceptOf(fmt) });
      expectError(res, '403-199', { format: fmt, details: [{ key: 'Origin', value: origin }], message: `Origin '${origin}' is not allowed.` });
      expectNoCors(res);
    }
  });

  it('a foreign-origin preflight for an unknown path is 403-199 too', async () => {
    const res = await preflight('https://evil.example.com', '/system/ws/v12/nothing');
    expectError(res, '403-199');
    expectNoCors(res);
  });

  it('403-199 in Spanish with Accept-Language: es', async () => {
    const res = await preflight('https://evil.example.com', HELLO, { 'accept-language': 'es', accept: 'application/json' });
    expectError(res, '403-199', { format: 'json', lang: 'es-ES', message: "El origen 'https://evil.example.com' no está permitido." });
  });
});

describe('01 §15.3 actual requests', () => {
  it.each(FORMATS)('a whitelisted Origin: normal response plus Allow-Origin, Allow-Credentials, Expose-Headers (%s)', async (fmt) => {
    const res = await t.app.inject({ method: 'GET', url: HELLO, headers: { origin: ENV_ORIGIN, accept: acceptOf(fmt) } });
    expect(res.statusCode).toBe(200);
    expectActualCors(res, ENV_ORIGIN);
    expectSystemHeaders(res);
  });

  it('the Origin is echoed verbatim (case and default port kept)', async () => {
    const origin = 'https://APP.example.com:443';
    const res = await t.app.inject({ method: 'GET', url: HELLO, headers: { origin } });
    expect(res.statusCode).toBe(200);
    expectActualCors(res, origin);
  });

  it.each([
    ['404-100', 'GET', '/system/ws/v12/nothing', {}],
    ['405-100', 'POST', HELLO, {}],
    ['406-101', 'GET', HELLO, { accept: 'text/html' }],
    ['406-100', 'GET', HELLO, { 'accept-language': 'fr-FR' }],
    ['415-100', 'POST', `${T}/echo`, { 'content-type': 'text/plain' }],
    ['400-150', 'POST', `${T}/echo`, { 'content-type': 'application/json' }],
    ['500-100', 'GET', `${T}/boom`, {}],
  ] as const)('the CORS headers are also on error responses: %s', async (code, method, url, headers) => {
    const res = await t.app.inject({
      method,
      url,
      headers: { origin: ENV_ORIGIN, ...headers },
      ...(code === '415-100' ? { payload: 'x' } : {}),
    });
    expectError(res, code);
    expectActualCors(res, ENV_ORIGIN);
  });

  it('the CORS headers are on 204 responses too', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: `${T}/item`, headers: { origin: ENV_ORIGIN } });
    expect(res.statusCode).toBe(204);
    expectActualCors(res, ENV_ORIGIN);
  });

  it('the CORS headers are on an over-long request target error (400-102)', async () => {
    const url = `${HELLO}?pad=${'a'.repeat(8200)}`;
    const res = await t.app.inject({ method: 'GET', url, headers: { origin: ENV_ORIGIN } });
    expectError(res, '400-102');
    expectActualCors(res, ENV_ORIGIN);
  });

  it('a foreign Origin: processed normally, no CORS headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: HELLO, headers: { origin: 'https://evil.example.com', accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ area: 'kb', status: 'ok' });
    expectNoCors(res);
    expectSystemHeaders(res);
  });

  it('a foreign Origin on an error: the normal error, no CORS headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/system/ws/v12/nothing', headers: { origin: 'https://evil.example.com' } });
    expectError(res, '404-100');
    expectNoCors(res);
  });

  it('a foreign Origin on a body route: processed normally', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${T}/echo`,
      headers: { origin: 'https://evil.example.com', 'content-type': 'application/json', accept: 'application/json' },
      payload: '{"subject":"x"}',
    });
    expect(res.statusCode).toBe(200);
    expectNoCors(res);
  });

  it('without Origin: no CORS headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: HELLO });
    expect(res.statusCode).toBe(200);
    expectNoCors(res);
    const err = await t.app.inject({ method: 'GET', url: '/system/ws/v12/nothing' });
    expect(err.statusCode).toBe(404);
    expectNoCors(err);
  });

  it('CORS applies to /system paths only: no CORS headers on operational endpoints', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz', headers: { origin: ENV_ORIGIN } });
    expect(res.statusCode).toBe(200);
    expectNoCors(res);
  });
});

describe('01 §15.1 whitelist stored in the database, refreshed within one second', () => {
  const allowed = async (origin: string) => (await preflight(origin)).statusCode === 204;

  it('an origin inserted into cors_origin becomes allowed after the config_version bump, then removal takes effect', async () => {
    // The stored whitelist is read (and cached) before the change.
    const before = await preflight(DB_ORIGIN);
    expectError(before, '403-199');
    expect(
      (await t.app.inject({ method: 'GET', url: HELLO, headers: { origin: DB_ORIGIN } })).headers['access-control-allow-origin'],
    ).toBeUndefined();

    await t.db.query(`INSERT INTO cors_origin (origin) VALUES ('${DB_ORIGIN}')`);
    await t.db.query('UPDATE config_version SET value = value + 1');
    const addedAfter = await waitFor(() => allowed(DB_ORIGIN));
    expect(addedAfter).toBeLessThanOrEqual(1500);

    expectAllowedPreflight(await preflight(DB_ORIGIN), DB_ORIGIN);
    expectAllowedPreflight(await preflight('https://DB.example.com:443'), 'https://DB.example.com:443');
    const actual = await t.app.inject({ method: 'GET', url: HELLO, headers: { origin: DB_ORIGIN } });
    expect(actual.statusCode).toBe(200);
    expectActualCors(actual, DB_ORIGIN);
    const err = await t.app.inject({ method: 'GET', url: '/system/ws/v12/nothing', headers: { origin: DB_ORIGIN } });
    expectError(err, '404-100');
    expectActualCors(err, DB_ORIGIN);
    // The environment origins still apply alongside the stored ones.
    expectAllowedPreflight(await preflight(ENV_ORIGIN), ENV_ORIGIN);

    await t.db.query(`DELETE FROM cors_origin WHERE origin = '${DB_ORIGIN}'`);
    await t.db.query('UPDATE config_version SET value = value + 1');
    const removedAfter = await waitFor(async () => !(await allowed(DB_ORIGIN)));
    expect(removedAfter).toBeLessThanOrEqual(1500);
    const gone = await preflight(DB_ORIGIN);
    expectError(gone, '403-199');
    expectNoCors(gone);
    const actualGone = await t.app.inject({ method: 'GET', url: HELLO, headers: { origin: DB_ORIGIN } });
    expect(actualGone.statusCode).toBe(200);
    expectNoCors(actualGone);
    expectAllowedPreflight(await preflight(ENV_ORIGIN), ENV_ORIGIN);
  });

  it('an environment origin stays allowed whatever the table holds', async () => {
    await t.db.query(`INSERT INTO cors_origin (origin) VALUES ('https://other-db.example.com')`);
    await t.db.query('UPDATE config_version SET value = value + 1');
    await waitFor(() => allowed('https://other-db.example.com'));
    expectAllowedPreflight(await preflight(ENV_ORIGIN), ENV_ORIGIN);
    await t.db.query(`DELETE FROM cors_origin WHERE origin = 'https://other-db.example.com'`);
    await t.db.query('UPDATE config_version SET value = value + 1');
    await waitFor(async () => !(await allowed('https://other-db.example.com')));
    expectAllowedPreflight(await preflight(ENV_ORIGIN), ENV_ORIGIN);
  });
});
