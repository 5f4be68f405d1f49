// 02 §4.1–§4.3 client-application OAuth: the client-credentials token (Basic or form credentials, form or JSON
// body, always JSON answers, token limit, lockout per clientKey) and revoke (Bearer; the token then fails
// everywhere with 401-101 and WWW-Authenticate).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../../src/app.ts';
import { getTestApp, testConfig, type TestApp } from '../../../helpers/app.ts';
import { loginAs, type Login } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import {
  CLIENT_APPS,
  REVOKE,
  TOKEN,
  basic,
  createApplication,
  requestToken,
  revoke,
  tokenAlive,
  tokenFor,
  type ClientApplicationView,
} from '../../administration/client-application/support.ts';

const JSON_CT = 'application/json; charset=utf-8';
const FORM = 'application/x-www-form-urlencoded';
const BAD_CREDENTIALS = 'Invalid client credentials.';
const INVALID_TOKEN = "Invalid or expired 'Authorization' header provided. New login is required.";

let t: TestApp;
let admin: Login;
/** A second instance on the same database whose clock the tests move forward. */
let clocked: FastifyInstance;
let offsetMs = 0;

beforeAll(async () => {
  t = await getTestApp();
  admin = await loginAs(t.app, t.db, ['administrator']);
  clocked = await buildApp(testConfig({ ECE_CLIENT_TOKEN_TTL_S: '120' }), { db: t.db, logger: false, clock: () => new Date(Date.now() + offsetMs) });
});
afterAll(async () => {
  await clocked?.close();
  await t?.close();
});

const application = (body: Record<string, unknown> = {}) => createApplication(t.app, admin, body);

function tokenCall(o: { body?: string; type?: string; headers?: Record<string, string>; query?: string; app?: FastifyInstance }): Promise<LightMyRequestResponse> {
  return (o.app ?? t.app).inject({
    method: 'POST',
    url: `${TOKEN}${o.query ?? ''}`,
    headers: { ...(o.type ? { 'content-type': o.type } : {}), ...(o.headers ?? {}) },
    ...(o.body === undefined ? {} : { payload: o.body }),
  });
}

/** 02 §4.1: every answer of the token endpoint is JSON, with Cache-Control: no-store and Pragma: no-cache. */
function expectTokenHeaders(res: LightMyRequestResponse) {
  expect(res.headers['content-type']).toBe(JSON_CT);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers.pragma).toBe('no-cache');
  expect(res.headers['x-egain-session']).toBeUndefined();
  expect(res.headers['set-cookie']).toBeUndefined();
}

function expectToken(res: LightMyRequestResponse, expiresIn = 3600): string {
  expect(res.statusCode, res.body).toBe(200);
  expectTokenHeaders(res);
  const body = res.json() as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['access_token', 'token_type', 'expires_in']);
  expect(body.access_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(body.token_type).toBe('Bearer');
  expect(body.expires_in).toBe(expiresIn);
  return body.access_token as string;
}

async function preservingSetting(name: string, fn: () => Promise<void>): Promise<void> {
  const before = await t.db.query<{ value: string }>('SELECT value FROM setting WHERE name = $1', [name]);
  try {
    await fn();
  } finally {
    await t.db.query('DELETE FROM setting WHERE name = $1', [name]);
    if (before[0]) await t.db.query('INSERT INTO setting (name, value) VALUES ($1, $2)', [name, before[0].value]);
    await t.db.query('UPDATE config_version SET value = value + 1');
    t.app.configVersion.changedHere();
  }
}

const setSetting = async (name: string, value: number | null) => {
  const res = await t.app.inject({
    method: 'PUT',
    url: '/system/ws/v12/administration/setting',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    payload: { name, value },
  });
  expect(res.statusCode, res.body).toBe(204);
};

describe('02 §4.1 token', () => {
  it('Basic credentials and a form body: 200 with the token JSON, whatever Accept says', async () => {
    const a = await application();
    for (const accept of [undefined, 'application/xml', 'application/json', '*/*']) {
      expectToken(await requestToken(t.app, a.clientKey, a.clientSecret!, '?forceLogin=yes', accept ? { accept } : {}));
    }
  });

  it('the token is stored only as its SHA-256, with an absolute expiry of ECE_CLIENT_TOKEN_TTL_S', async () => {
    const a = await application();
    const token = expectToken(await requestToken(t.app, a.clientKey, a.clientSecret!));
    const rows = await t.db.query<{ kind: string; app: string; ttl: string }>(
      `SELECT kind, client_application_id::text AS app, extract(epoch FROM expires_at - created_at)::text AS ttl FROM session WHERE id_hash = $1`,
      [createHash('sha256').update(token).digest()],
    );
    expect(rows).toEqual([{ kind: 'client', app: a.id, ttl: expect.stringMatching(/^3600(\.0+)?$/) as unknown as string }]);

    const short = expectToken(await requestToken(clocked, a.clientKey, a.clientSecret!), 120);
    const ttl = await t.db.query<{ ttl: string }>(`SELECT extract(epoch FROM expires_at - created_at)::text AS ttl FROM session WHERE id_hash = $1`, [
      createHash('sha256').update(short).digest(),
    ]);
    expect(Number(ttl[0]!.ttl)).toBe(120);
  });

  it('form credentials client_id / client_secret', async () => {
    const a = await application();
    const body = `grant_type=client_credentials&client_id=${a.clientKey}&client_secret=${encodeURIComponent(a.clientSecret!)}`;
    expectToken(await tokenCall({ type: FORM, body }));
  });

  it('a JSON body, with Basic or with client_id / client_secret', async () => {
    const a = await application();
    expectToken(await tokenCall({ type: 'application/json', body: '{"grant_type":"client_credentials"}', headers: { authorization: basic(a.clientKey, a.clientSecret!) } }));
    expectToken(await tokenCall({ type: 'application/json; charset=utf-8', body: JSON.stringify({ grant_type: 'client_credentials', client_id: a.clientKey, client_secret: a.clientSecret }) }));
  });

  it('when both are present the Basic header is used', async () => {
    const a = await application();
    const b = await application();
    const form = (x: ClientApplicationView) => `grant_type=client_credentials&client_id=${x.clientKey}&client_secret=${x.clientSecret}`;
    const ok = await tokenCall({ type: FORM, body: `grant_type=client_credentials&client_id=${b.clientKey}&client_secret=wrong`, headers: { authorization: basic(a.clientKey, a.clientSecret!) } });
    const token = expectToken(ok);
    const rows = await t.db.query<{ app: string }>('SELECT client_application_id::text AS app FROM session WHERE id_hash = $1', [createHash('sha256').update(token).digest()]);
    expect(rows[0]!.app).toBe(a.id);
    expectError(await tokenCall({ type: FORM, body: form(b), headers: { authorization: basic(a.clientKey, 'wrong') } }), '401-102', { format: 'json', message: BAD_CREDENTIALS });
  });

  it('an Authorization header of another scheme is not client credentials: the form fields are read', async () => {
    const a = await application();
    expectToken(await tokenCall({ type: FORM, body: `grant_type=client_credentials&client_id=${a.clientKey}&client_secret=${a.clientSecret}`, headers: { authorization: 'Bearer abc' } }));
    expectError(await tokenCall({ type: FORM, body: 'grant_type=client_credentials', headers: { authorization: 'Bearer abc' } }), '401-102', { format: 'json' });
  });

  it.each([
    ['grant_type missing (form)', FORM, 'client_id=x', '400-153', [{ key: 'grant_type', value: '' }], "Required attribute 'grant_type' is missing."],
    ['grant_type empty', FORM, 'grant_type=', '400-153', [{ key: 'grant_type', value: '' }], "Required attribute 'grant_type' is missing."],
    ['grant_type missing (JSON)', 'application/json', '{}', '400-153', [{ key: 'grant_type', value: '' }], "Required attribute 'grant_type' is missing."],
    ['grant_type password', FORM, 'grant_type=password', '400-152', [{ key: 'grant_type', value: 'password' }], "Invalid value of attribute 'grant_type'."],
    ['grant_type in another case', FORM, 'grant_type=CLIENT_CREDENTIALS', '400-152', [{ key: 'grant_type', value: 'CLIENT_CREDENTIALS' }], undefined],
    ['an XML body', 'application/xml', '<token><grant_type>client_credentials</grant_type></token>', '415-100', [{ key: 'Content-Type', value: 'application/xml' }], "Unsupported 'Content-Type' header value 'application/xml'."],
    ['a text/xml body', 'text/xml', '<token/>', '415-100', [{ key: 'Content-Type', value: 'text/xml' }], undefined],
    ['a text/plain body', 'text/plain', 'grant_type=client_credentials', '415-100', [{ key: 'Content-Type', value: 'text/plain' }], undefined],
    ['a form body in another charset', `${FORM}; charset=iso-8859-1`, 'grant_type=client_credentials', '415-100', undefined, undefined],
    ['malformed JSON', 'application/json', '{"grant_type":', '400-150', undefined, 'The request body is missing or malformed.'],
    ['a JSON array', 'application/json', '[]', '400-150', undefined, undefined],
    ['no body at all', undefined, undefined, '400-150', undefined, undefined],
  ] as const)('%s → %s in JSON (even when XML is asked for)', async (_n, type, body, code, details, message) => {
    const a = await application();
    const res = await tokenCall({ ...(type ? { type } : {}), ...(body !== undefined ? { body } : {}), headers: { authorization: basic(a.clientKey, a.clientSecret!), accept: 'application/xml' } });
    expectError(res, code, { format: 'json', ...(details ? { details: [...details] } : {}), ...(message ? { message } : {}) });
    expectTokenHeaders(res);
  });

  it('query parameters: forceLogin in any letter case; others → 400-101; a bad forceLogin → 400-102', async () => {
    const a = await application();
    expectToken(await requestToken(t.app, a.clientKey, a.clientSecret!, '?forceLogin=YES'));
    expectToken(await requestToken(t.app, a.clientKey, a.clientSecret!, '?forceLogin=no'));
    expectError(await requestToken(t.app, a.clientKey, a.clientSecret!, '?scope=all', { accept: 'application/xml' }), '400-101', { format: 'json', details: [{ key: 'scope', value: 'all' }] });
    expectError(await requestToken(t.app, a.clientKey, a.clientSecret!, '?forceLogin=maybe'), '400-102', { format: 'json', details: [{ key: 'forceLogin', value: 'maybe' }] });
  });

  it('415-101 for a compressed body, 413-100 for a form body over 64 KiB', async () => {
    const a = await application();
    const gz = await t.app.inject({
      method: 'POST',
      url: TOKEN,
      headers: { authorization: basic(a.clientKey, a.clientSecret!), 'content-type': FORM, 'content-encoding': 'gzip' },
      payload: gzipSync('grant_type=client_credentials'),
    });
    expectError(gz, '415-101', { format: 'json', details: [{ key: 'Content-Encoding', value: 'gzip' }] });
    const big = await tokenCall({ type: FORM, body: `grant_type=client_credentials&pad=${'x'.repeat(70_000)}`, headers: { authorization: basic(a.clientKey, a.clientSecret!) } });
    expectError(big, '413-100', { format: 'json', details: [{ key: 'limit', value: '65536' }] });
  });

  it('429-100 of the per-IP rate limit is JSON too, with Retry-After', async () => {
    const limited = await buildApp(testConfig({ ECE_RATE_LIMIT_LOGIN_RPS: '1' }), { db: t.db, logger: false });
    try {
      const a = await application();
      let res: LightMyRequestResponse | undefined;
      for (let i = 0; i < 5 && res?.statusCode !== 429; i++) res = await requestToken(limited, a.clientKey, a.clientSecret!, '?forceLogin=yes', { accept: 'application/xml' });
      expectError(res!, '429-100', { format: 'json' });
      expect(Number(res!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expectTokenHeaders(res!);
    } finally {
      await limited.close();
    }
  });

  it('401-102 "Invalid client credentials." for unknown key, wrong secret, inactive or deleted application, missing or malformed credentials', async () => {
    const a = await application();
    const inactive = await application({ state: { value: 'inactive' } });
    const deleted = await application();
    expect((await t.app.inject({ method: 'DELETE', url: `${CLIENT_APPS}/${deleted.id}`, headers: admin.headers })).statusCode).toBe(204);
    const cases: Record<string, string>[] = [
      { authorization: basic('0123456789abcdef0123456789abcdef', a.clientSecret!) },
      { authorization: basic(a.clientKey, `${a.clientSecret!}x`) },
      { authorization: basic(a.clientKey, '') },
      { authorization: basic(inactive.clientKey, inactive.clientSecret!) },
      { authorization: basic(deleted.clientKey, deleted.clientSecret!) },
      {},
      { authorization: `Basic ${Buffer.from(`${a.clientKey}${a.clientSecret!}`).toString('base64')}` },
      { authorization: 'Basic' },
      { authorization: 'Basic %%%' },
    ];
    for (const headers of cases) {
      const res = await tokenCall({ type: FORM, body: 'grant_type=client_credentials', headers: { ...headers, accept: 'application/xml' } });
      expectError(res, '401-102', { format: 'json', message: BAD_CREDENTIALS });
      expectTokenHeaders(res);
    }
    expectError(await tokenCall({ type: FORM, body: 'grant_type=client_credentials', headers: { 'accept-language': 'es-ES' } }), '401-102', {
      format: 'json',
      lang: 'es-ES',
      message: 'Credenciales de cliente no válidas.',
    });
  });

  it('lockout per clientKey (02 §9.2): after 5 failures even the right secret → 401-103; the lock ends after loginLockoutMinutes', async () => {
    const a = await application();
    const other = await application();
    for (let i = 0; i < 5; i++) expectError(await requestToken(t.app, a.clientKey, 'wrong'), '401-102', { format: 'json' });
    for (const lang of ['en-US', 'es-ES'] as const) {
      const res = await requestToken(t.app, a.clientKey, a.clientSecret!, '', { 'accept-language': lang, accept: 'application/xml' });
      expectError(res, '401-103', {
        format: 'json',
        lang,
        message:
          lang === 'en-US'
            ? 'The account is locked because of too many failed login attempts. Try again later.'
            : 'La cuenta está bloqueada debido a demasiados intentos de inicio de sesión fallidos. Inténtelo de nuevo más tarde.',
      });
    }
    expectToken(await requestToken(t.app, other.clientKey, other.clientSecret!)); // per application
    try {
      offsetMs = 16 * 60_000;
      expectToken(await requestToken(clocked, a.clientKey, a.clientSecret!), 120);
    } finally {
      offsetMs = 0;
    }
  });

  it('a success resets the failure count; failures of an inactive application are not counted', async () => {
    const a = await application();
    for (let i = 0; i < 4; i++) expectError(await requestToken(t.app, a.clientKey, 'wrong'), '401-102', { format: 'json' });
    expectToken(await requestToken(t.app, a.clientKey, a.clientSecret!));
    for (let i = 0; i < 4; i++) expectError(await requestToken(t.app, a.clientKey, 'wrong'), '401-102', { format: 'json' });
    expectToken(await requestToken(t.app, a.clientKey, a.clientSecret!));
    const inactive = await application({ state: { value: 'inactive' } });
    for (let i = 0; i < 6; i++) expectError(await requestToken(t.app, inactive.clientKey, 'wrong'), '401-102', { format: 'json' });
    const rows = await t.db.query<{ failed_logins: number; locked_until: Date | null }>('SELECT failed_logins, locked_until FROM client_application WHERE id = $1', [inactive.id]);
    expect(rows).toEqual([{ failed_logins: 0, locked_until: null }]);
  });

  it('token limit maxSessionsPerClientApplication: 400-170 at the limit; forceLogin=yes ends the oldest; ended and expired tokens do not count', async () => {
    await preservingSetting('maxSessionsPerClientApplication', async () => {
      await setSetting('maxSessionsPerClientApplication', 2);
      const a = await application();
      const first = expectToken(await requestToken(t.app, a.clientKey, a.clientSecret!));
      const second = expectToken(await requestToken(t.app, a.clientKey, a.clientSecret!));
      for (const lang of ['en-US', 'es-ES'] as const) {
        const res = await requestToken(t.app, a.clientKey, a.clientSecret!, '', { 'accept-language': lang, accept: 'application/xml' });
        expectError(res, '400-170', {
          format: 'json',
          lang,
          message:
            lang === 'en-US'
              ? 'The maximum number of concurrent sessions (2) has been reached. Use forceLogin=yes to end the oldest session.'
              : 'Se ha alcanzado el número máximo de sesiones simultáneas (2). Use forceLogin=yes para finalizar la sesión más antigua.',
        });
      }
      const third = expectToken(await requestToken(t.app, a.clientKey, a.clientSecret!, '?forceLogin=yes'));
      expect(await tokenAlive(t.app, first)).toBe(false); // evicted
      expect(await tokenAlive(t.app, second)).toBe(true); // now revoked by the probe: one live token left
      const fourth = expectToken(await requestToken(t.app, a.clientKey, a.clientSecret!));
      expectError(await requestToken(t.app, a.clientKey, a.clientSecret!), '400-170', { format: 'json' });
      // Past their expiry (the clocked instance issues 120 s tokens; its clock moves past them) they do not count.
      try {
        offsetMs = 3601_000;
        expectToken(await requestToken(clocked, a.clientKey, a.clientSecret!), 120);
        expect(await tokenAlive(clocked, third)).toBe(false);
        expect(await tokenAlive(clocked, fourth)).toBe(false);
      } finally {
        offsetMs = 0;
      }
    });
  });
});

describe('02 §6.3 the token limit under concurrent requests', () => {
  it('five concurrent token requests with a limit of 2: exactly two tokens, three 400-170', async () => {
    await preservingSetting('maxSessionsPerClientApplication', async () => {
      await setSetting('maxSessionsPerClientApplication', 2);
      const a = await application();
      const results = await Promise.all(Array.from({ length: 5 }, () => requestToken(t.app, a.clientKey, a.clientSecret!)));
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 400, 400, 400]);
      const live = await t.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM session WHERE client_application_id = $1 AND ended_at IS NULL`, [a.id]);
      expect(live[0]!.n).toBe('2');
    });
  });
});

describe('02 §4.2 revoke', () => {
  it('204 (JSON Content-Type, no body); the token then fails with 401-101 and WWW-Authenticate, in JSON', async () => {
    const a = await application();
    const token = await tokenFor(t.app, a);
    const res = await revoke(t.app, token, { accept: 'application/xml' });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe(JSON_CT);
    expect(res.headers['x-egain-session']).toBeUndefined();
    for (const [lang, message] of [
      ['en-US', INVALID_TOKEN],
      ['es-ES', "Se ha proporcionado un encabezado 'Authorization' no válido o caducado. Es necesario iniciar sesión de nuevo."],
    ] as const) {
      const again = await revoke(t.app, token, { accept: 'application/xml', 'accept-language': lang });
      expectError(again, '401-101', { format: 'json', lang, message });
      expect(again.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
  });

  it('the revoked token is rejected by another instance at once', async () => {
    const a = await application();
    const token = await tokenFor(t.app, a);
    expect((await revoke(t.app, token)).statusCode).toBe(204);
    const res = await revoke(clocked, token);
    expectError(res, '401-101', { format: 'json', message: INVALID_TOKEN });
  });

  it.each([
    ['no Authorization header', {}],
    ['an unknown token', { authorization: 'Bearer I5DYPPhB5pJ--sltZ6BLCUEzuP8OKIU4ySzXj_dzht4' }],
    ['Basic credentials', { authorization: basic('a', 'b') }],
    ['an empty Bearer', { authorization: 'Bearer ' }],
  ])('401-101 with WWW-Authenticate for %s', async (_n, headers) => {
    const res = await t.app.inject({ method: 'POST', url: REVOKE, headers: { ...headers, accept: 'application/xml' } });
    expectError(res, '401-101', { format: 'json', message: INVALID_TOKEN });
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('a staff session is not a Bearer token: 401-101', async () => {
    const res = await t.app.inject({ method: 'POST', url: REVOKE, headers: admin.headers });
    expectError(res, '401-101', { format: 'json', message: INVALID_TOKEN });
    expect(res.headers['x-egain-session']).toBeUndefined();
  });

  it('an expired token → 401-101', async () => {
    const a = await application();
    const token = expectToken(await requestToken(clocked, a.clientKey, a.clientSecret!, '?forceLogin=yes'), 120);
    try {
      offsetMs = 121_000;
      expectError(await revoke(clocked, token), '401-101', { format: 'json' });
    } finally {
      offsetMs = 0;
    }
    expect(await tokenAlive(clocked, token)).toBe(true);
  });

  it('query parameters → 400-101 (the token stays valid); a body is ignored', async () => {
    const a = await application();
    const token = await tokenFor(t.app, a);
    const res = await t.app.inject({ method: 'POST', url: `${REVOKE}?token=x`, headers: { authorization: `Bearer ${token}` } });
    expectError(res, '400-101', { format: 'json', details: [{ key: 'token', value: 'x' }] });
    const withBody = await t.app.inject({
      method: 'POST',
      url: REVOKE,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' },
      payload: '<not-json/>',
    });
    expect(withBody.statusCode).toBe(204);
    expect(await tokenAlive(t.app, token)).toBe(false);
  });
});

describe('02 §4.3 where Bearer tokens are accepted', () => {
  it('a Bearer token is no session: administration endpoints answer 401-101 (session message), before and after revoke', async () => {
    const a = await application();
    const token = await tokenFor(t.app, a);
    for (let round = 0; round < 2; round++) {
      const res = await t.app.inject({ method: 'GET', url: CLIENT_APPS, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      expectError(res, '401-101', { format: 'json', message: "Invalid or expired 'X-egain-session' header provided. New login is required." });
      if (round === 0) expect((await revoke(t.app, token)).statusCode).toBe(204);
    }
  });
});
