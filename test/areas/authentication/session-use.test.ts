// Presenting a session (02 §5), its lifetime (02 §6), logout (02 §3.2, §3.4), the X-egain-session echo (01 §16)
// and the 401 bodies (02 §8), through the real HTTP stack.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.ts';
import { newToken } from '../../../src/areas/authentication/tokens.ts';
import { getTestApp, testConfig, type TestApp } from '../../helpers/app.ts';
import { createUser, login, loginAs } from '../../helpers/auth.ts';
import { expectError, FORMATS, type Fmt } from '../../conformance/support.ts';
import {
  appOn,
  authFixtures,
  BEARER_FIX,
  CUSTOMER_LOGOUT,
  FIX,
  KB_FIX,
  LOGOUT,
  MINUTE,
  MSG,
  parseLegacyXml,
  SECOND,
  sessionRecord,
  setCookies,
  sha256,
  storeSetting,
  testClock,
  whoamiOf,
} from './support.ts';

const clock = testClock();
let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [authFixtures], { clock: clock.clock });
});
afterAll(async () => t?.close());

const acceptOf = (fmt: Fmt) => (fmt === 'json' ? 'application/json' : 'application/xml');
const get = (url: string, headers: Record<string, string> = {}, app: FastifyInstance = t.app) =>
  app.inject({ method: 'GET', url, headers: { accept: 'application/json', ...headers } });
const whoami = (sessionId: string, app: FastifyInstance = t.app) => get(`${FIX}/whoami`, { 'x-egain-session': sessionId }, app);
const cookieOf = (sessionId: string) => `X-egain-session=${sessionId}`;

async function freshSession(roles: ('administrator' | 'supervisor' | 'agent')[] = ['agent']) {
  return loginAs(t.app, t.db, roles);
}

function expect401(res: Awaited<ReturnType<typeof get>>, fmt: Fmt = 'json', lang: 'en-US' | 'es-ES' = 'en-US') {
  expectError(res, '401-101', { format: fmt, lang, message: MSG.session[lang], details: [] });
  expect(res.headers['x-egain-session']).toBeUndefined();
  expect(res.headers['www-authenticate']).toBeUndefined();
}

describe('header mode (02 §5)', () => {
  it('accepts the X-egain-session header and echoes the session on the 200', async () => {
    const s = await freshSession();
    const res = await whoami(s.sessionId);
    expect(whoamiOf(res)).toMatchObject({ kind: 'user', principal: String(s.user.id), roles: 'agent', session: s.sessionId });
    expect(res.headers['x-egain-session']).toBe(s.sessionId);
  });

  it('the header name is case-insensitive', async () => {
    const s = await freshSession();
    for (const name of ['X-EGAIN-SESSION', 'X-egain-session', 'x-Egain-Session']) {
      expect((await get(`${FIX}/whoami`, { [name]: s.sessionId })).statusCode).toBe(200);
    }
  });

  it('compares the session id case-insensitively (upper-case, mixed case) and echoes it in its lower-case form', async () => {
    const s = await freshSession();
    for (const id of [s.sessionId.toUpperCase(), s.sessionId.replace(/[a-f]/, (c) => c.toUpperCase())]) {
      const res = await whoami(id);
      expect(whoamiOf(res).principal).toBe(String(s.user.id));
      expect(res.headers['x-egain-session']).toBe(s.sessionId);
    }
  });

  it('tolerates surrounding spaces in the header value', async () => {
    const s = await freshSession();
    expect((await whoami(` ${s.sessionId} `)).statusCode).toBe(200);
  });

  it('a missing, unknown, malformed or empty session → 401-101, standard body, no echo, in JSON and XML, en-US and es-ES', async () => {
    const cases: Record<string, string>[] = [
      {},
      { 'x-egain-session': '00000000-0000-0000-0000-000000000000' },
      { 'x-egain-session': 'not a session' },
      { 'x-egain-session': '' },
      { 'x-egain-session': 'a'.repeat(200) },
      { authorization: 'Basic c2E6cGFzcw==' },
    ];
    for (const headers of cases) {
      for (const fmt of FORMATS) {
        for (const lang of ['en-US', 'es-ES'] as const) {
          expect401(await get(`${FIX}/whoami`, { ...headers, accept: acceptOf(fmt), 'accept-language': lang }), fmt, lang);
        }
      }
    }
  });

  it('needs no CSRF token for POST, PUT and DELETE', async () => {
    const s = await freshSession();
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: `${FIX}/act`, headers: { 'x-egain-session': s.sessionId } });
      expect(res.statusCode, `${method}: ${res.body}`).toBe(204);
      expect(res.headers['x-egain-session']).toBe(s.sessionId);
    }
  });
});

describe('cookie mode (02 §5)', () => {
  it('accepts the session cookie, with the same rights and the same echo', async () => {
    const s = await freshSession(['supervisor']);
    const res = await get(`${FIX}/whoami`, { cookie: `theme=dark; ${cookieOf(s.sessionId)}; other=1` });
    expect(whoamiOf(res)).toMatchObject({ principal: String(s.user.id), roles: 'supervisor' });
    expect(res.headers['x-egain-session']).toBe(s.sessionId);
  });

  it('compares a cookie session id case-insensitively too', async () => {
    const s = await freshSession();
    expect((await get(`${FIX}/whoami`, { cookie: cookieOf(s.sessionId.toUpperCase()) })).statusCode).toBe(200);
  });

  it('GET and HEAD need no CSRF token', async () => {
    const s = await freshSession();
    expect((await get(`${FIX}/whoami`, { cookie: cookieOf(s.sessionId) })).statusCode).toBe(200);
    const head = await t.app.inject({ method: 'HEAD', url: `${FIX}/whoami`, headers: { cookie: cookieOf(s.sessionId) } });
    expect(head.statusCode).toBe(200);
  });

  it('POST, PUT and DELETE without X-egain-csrf, or with a wrong one → 403-198 (echoing the session); the right one passes', async () => {
    const s = await freshSession();
    const other = await freshSession();
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      for (const fmt of FORMATS) {
        for (const lang of ['en-US', 'es-ES'] as const) {
          const missing = await t.app.inject({
            method,
            url: `${FIX}/act`,
            headers: { cookie: cookieOf(s.sessionId), accept: acceptOf(fmt), 'accept-language': lang },
          });
          expectError(missing, '403-198', { format: fmt, lang, message: MSG.csrf[lang], details: [{ key: 'X-egain-csrf', value: '' }] });
          expect(missing.headers['x-egain-session']).toBe(s.sessionId);
        }
      }
      for (const wrong of ['wrong', s.csrf!.toUpperCase(), other.csrf!, `${s.csrf!}x`, '']) {
        const res = await t.app.inject({
          method,
          url: `${FIX}/act`,
          headers: { cookie: cookieOf(s.sessionId), 'x-egain-csrf': wrong, accept: 'application/json' },
        });
        expectError(res, '403-198', { format: 'json', details: [{ key: 'X-egain-csrf', value: wrong }] });
      }
      // The CSRF cookie is no substitute for the header.
      const cookieOnly = await t.app.inject({
        method,
        url: `${FIX}/act`,
        headers: { cookie: `${cookieOf(s.sessionId)}; X-egain-csrf=${s.csrf!}`, accept: 'application/json' },
      });
      expectError(cookieOnly, '403-198', { format: 'json' });
      const ok = await t.app.inject({ method, url: `${FIX}/act`, headers: { cookie: cookieOf(s.sessionId), 'x-egain-csrf': s.csrf! } });
      expect(ok.statusCode, ok.body).toBe(204);
      expect(ok.headers['x-egain-session']).toBe(s.sessionId);
    }
  });

  it('an unknown cookie session → 401-101 (authentication comes before CSRF)', async () => {
    const res = await t.app.inject({ method: 'POST', url: `${FIX}/act`, headers: { cookie: cookieOf('00000000-0000-0000-0000-000000000000'), accept: 'application/json' } });
    expect401(res);
  });

  it('a cookie that cannot be decoded is an invalid session (401-101), not a server error', async () => {
    expect401(await get(`${FIX}/whoami`, { cookie: 'X-egain-session=%E0%A4%A' }));
  });

  it('the header alone decides when present: an invalid header with a valid cookie → 401-101', async () => {
    const s = await freshSession();
    for (const header of ['00000000-0000-0000-0000-000000000000', 'garbage', '']) {
      expect401(await get(`${FIX}/whoami`, { 'x-egain-session': header, cookie: cookieOf(s.sessionId) }));
    }
  });

  it('a valid header with a cookie of another session: the header decides, and no CSRF is needed', async () => {
    const a = await freshSession();
    const b = await freshSession();
    expect(whoamiOf(await get(`${FIX}/whoami`, { 'x-egain-session': a.sessionId, cookie: cookieOf(b.sessionId) })).principal).toBe(String(a.user.id));
    const post = await t.app.inject({ method: 'POST', url: `${FIX}/act`, headers: { 'x-egain-session': a.sessionId, cookie: cookieOf(b.sessionId) } });
    expect(post.statusCode).toBe(204);
    expect(post.headers['x-egain-session']).toBe(a.sessionId);
  });
});

describe('the X-egain-session echo (01 §16, 02 §6.5)', () => {
  it('is on 2xx, 204 and errors other than 401 of session-authenticated requests', async () => {
    const s = await freshSession();
    const notFound = await get(`${FIX}/missing`, { 'x-egain-session': s.sessionId });
    expectError(notFound, '404-101', { format: 'json', details: [{ key: 'id', value: '42' }, { key: 'id', value: '43' }] });
    expect(notFound.headers['x-egain-session']).toBe(s.sessionId);
    const badQuery = await get(`${FIX}/whoami?foo=1`, { 'x-egain-session': s.sessionId });
    expectError(badQuery, '400-101', { format: 'json', details: [{ key: 'foo', value: '1' }] });
    expect(badQuery.headers['x-egain-session']).toBe(s.sessionId);
    const logoutQuery = await t.app.inject({ method: 'DELETE', url: `${LOGOUT}?x=1`, headers: { 'x-egain-session': s.sessionId, accept: 'application/json' } });
    expectError(logoutQuery, '400-101', { format: 'json', details: [{ key: 'x', value: '1' }] });
    expect(logoutQuery.headers['x-egain-session']).toBe(s.sessionId);
    expect((await whoami(s.sessionId)).statusCode).toBe(200); // the refused logout ended nothing
    const kbNotFound = await get(`${KB_FIX}/missing`, { 'x-egain-session': s.sessionId });
    expectError(kbNotFound, '404-101', { format: 'json' }); // not the legacy shape: only 401s use it
    expect(kbNotFound.headers['x-egain-session']).toBe(s.sessionId);
  });

  it('is not on public endpoints even when a session is sent', async () => {
    const s = await freshSession();
    const res = await get(`${FIX}/public`, { 'x-egain-session': s.sessionId });
    expect(res.statusCode).toBe(204);
    expect(res.headers['x-egain-session']).toBeUndefined();
    const hello = await get('/system/ws/v12/kb/hello', { 'x-egain-session': 'invalid' });
    expect(hello.statusCode).toBe(200);
    expect(hello.headers['x-egain-session']).toBeUndefined();
  });
});

describe('staff logout, DELETE /system/ws/v12/authentication/user/logout (02 §3.2)', () => {
  const logout = (headers: Record<string, string>, extra: { payload?: string } = {}) =>
    t.app.inject({ method: 'DELETE', url: LOGOUT, headers: { accept: 'application/json', ...headers }, ...extra });

  it('answers 204, echoes the ended session, clears both cookies exactly; the session then gets 401-101 everywhere', async () => {
    const s = await freshSession();
    const res = await logout({ 'x-egain-session': s.sessionId });
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers['x-egain-session']).toBe(s.sessionId);
    expect(setCookies(res)).toEqual(['X-egain-session=; Path=/system; Max-Age=0', 'X-egain-csrf=; Path=/system; Max-Age=0']);
    expect((await sessionRecord(t.db, s.sessionId))!.ended_at).toBeInstanceOf(Date);

    expect401(await whoami(s.sessionId));
    expect401(await get(`${FIX}/whoami`, { cookie: cookieOf(s.sessionId) }));
    expect401(await logout({ 'x-egain-session': s.sessionId }));
    expect401(await t.app.inject({ method: 'POST', url: CUSTOMER_LOGOUT, headers: { 'x-egain-session': s.sessionId, accept: 'application/json' } }));
    expect401(await t.app.inject({ method: 'POST', url: `${FIX}/act`, headers: { 'x-egain-session': s.sessionId, accept: 'application/json' } }));
    expect401(await get(`${FIX}/missing`, { 'x-egain-session': s.sessionId }));
  });

  it('ends only the presented session', async () => {
    const user = await createUser(t.db);
    const a = await login(t.app, user.loginId);
    const b = await login(t.app, user.loginId);
    expect((await logout({ 'x-egain-session': a.sessionId })).statusCode).toBe(204);
    expect((await whoami(b.sessionId)).statusCode).toBe(200);
  });

  it('ignores any body, whatever its Content-Type (never 400 or 415)', async () => {
    for (const [type, payload] of [
      ['application/json', '{"leftover":true}'],
      ['application/json', '{"broken":'],
      ['application/xml', '<not-closed>'],
      ['text/plain', 'hello'],
      ['application/octet-stream', randomBytes(64).toString('binary')],
    ] as const) {
      const s = await freshSession();
      const res = await logout({ 'x-egain-session': s.sessionId, 'content-type': type }, { payload });
      expect(res.statusCode, `${type}: ${res.body}`).toBe(204);
      expect401(await whoami(s.sessionId));
    }
    const s = await freshSession();
    expect((await logout({ 'x-egain-session': s.sessionId, 'content-type': 'application/json' })).statusCode).toBe(204);
  });

  it('cookie mode needs X-egain-csrf (403-198, the session survives); with it the logout works', async () => {
    const s = await freshSession();
    const refused = await logout({ cookie: cookieOf(s.sessionId) });
    expectError(refused, '403-198', { format: 'json', details: [{ key: 'X-egain-csrf', value: '' }] });
    expect(refused.headers['x-egain-session']).toBe(s.sessionId);
    expect((await whoami(s.sessionId)).statusCode).toBe(200);
    const res = await logout({ cookie: cookieOf(s.sessionId), 'x-egain-csrf': s.csrf! });
    expect(res.statusCode).toBe(204);
    expect(res.headers['x-egain-session']).toBe(s.sessionId);
    expect401(await whoami(s.sessionId));
  });

  it('without a session → 401-101 in JSON and XML, en-US and es-ES', async () => {
    for (const fmt of FORMATS) {
      for (const lang of ['en-US', 'es-ES'] as const) {
        expect401(await logout({ accept: acceptOf(fmt), 'accept-language': lang }), fmt, lang);
      }
    }
  });

  it('logout followed at once by login, repeated, never gives 401 or 5xx on the new session', async () => {
    const user = await createUser(t.db);
    let s = await login(t.app, user.loginId);
    for (let i = 0; i < 10; i++) {
      expect((await logout({ 'x-egain-session': s.sessionId })).statusCode).toBe(204);
      s = await login(t.app, user.loginId);
      expect((await whoami(s.sessionId)).statusCode).toBe(200);
    }
  });

  it('many requests at once on one session all succeed', async () => {
    const s = await freshSession();
    const results = await Promise.all(Array.from({ length: 20 }, () => whoami(s.sessionId)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
  });
});

describe('customer logout, POST /system/ws/v15/context/authentication/user/logout (02 §3.4)', () => {
  it('ends a staff session too: 200 with an empty body and Content-Length 0, the echo, cookies cleared', async () => {
    for (const fmt of FORMATS) {
      const s = await freshSession();
      const res = await t.app.inject({ method: 'POST', url: CUSTOMER_LOGOUT, headers: { 'x-egain-session': s.sessionId, accept: acceptOf(fmt) } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toBe('');
      expect(res.rawPayload.length).toBe(0);
      expect(res.headers['content-length']).toBe('0');
      expect(res.headers['x-egain-session']).toBe(s.sessionId);
      expect(setCookies(res)).toEqual(['X-egain-session=; Path=/system; Max-Age=0', 'X-egain-csrf=; Path=/system; Max-Age=0']);
      expect401(await whoami(s.sessionId));
    }
  });

  it('ignores any body; 400-101 for a query parameter; cookie mode needs X-egain-csrf', async () => {
    const s = await freshSession();
    const q = await t.app.inject({ method: 'POST', url: `${CUSTOMER_LOGOUT}?a=b`, headers: { 'x-egain-session': s.sessionId, accept: 'application/json' } });
    expectError(q, '400-101', { format: 'json', details: [{ key: 'a', value: 'b' }] });
    const noCsrf = await t.app.inject({ method: 'POST', url: CUSTOMER_LOGOUT, headers: { cookie: cookieOf(s.sessionId), accept: 'application/json' } });
    expectError(noCsrf, '403-198', { format: 'json' });
    expect((await whoami(s.sessionId)).statusCode).toBe(200);
    const res = await t.app.inject({
      method: 'POST',
      url: CUSTOMER_LOGOUT,
      headers: { cookie: cookieOf(s.sessionId), 'x-egain-csrf': s.csrf!, 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      payload: '{"anything":',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect401(await whoami(s.sessionId));
  });

  it('without a session → 401-101', async () => {
    expect401(await t.app.inject({ method: 'POST', url: CUSTOMER_LOGOUT, headers: { accept: 'application/json' } }));
  });
});

describe('lifetime (02 §6.2), with the test clock', () => {
  it('idle timeout (default 30 minutes): ends 30 minutes after the last use, and use keeps it alive', async () => {
    const s = await freshSession();
    clock.advance(20 * MINUTE);
    expect((await whoami(s.sessionId)).statusCode).toBe(200); // last seen now
    clock.advance(29 * MINUTE);
    expect((await whoami(s.sessionId)).statusCode).toBe(200);
    clock.advance(30 * MINUTE - SECOND);
    expect((await whoami(s.sessionId)).statusCode).toBe(200);
    clock.advance(30 * MINUTE);
    expect401(await whoami(s.sessionId));
  });

  it('an idle session ends exactly at the idle timeout after its last stored use (so up to 60 s early)', async () => {
    const a = await freshSession();
    const b = await freshSession();
    clock.advance(59 * SECOND);
    expect((await whoami(a.sessionId)).statusCode).toBe(200); // not written: the stored value is not 60 s old
    clock.advance(30 * MINUTE - 59 * SECOND - 1);
    expect((await whoami(b.sessionId)).statusCode).toBe(200); // 29:59.999 idle
    clock.advance(1);
    expect401(await whoami(a.sessionId)); // 30 minutes after its stored last use, 29:01 after its real last use
  });

  it('absolute lifetime (ECE_SETTING_SESSION_MAX_LIFETIME_MINUTES): ends that long after login however active', async () => {
    const c = testClock();
    const app = await appOn(t.db, { ECE_SETTING_SESSION_MAX_LIFETIME_MINUTES: '60' }, { routes: [authFixtures], clock: c.clock });
    try {
      const s = await loginAs(app.app, app.db, ['agent']);
      for (let i = 0; i < 5; i++) {
        c.advance(11 * MINUTE);
        expect((await whoami(s.sessionId, app.app)).statusCode).toBe(200);
      }
      c.advance(5 * MINUTE - 1); // 59:59.999 after login
      expect((await whoami(s.sessionId, app.app)).statusCode).toBe(200);
      c.advance(1);
      expect401(await whoami(s.sessionId, app.app));
    } finally {
      await app.close();
    }
  });

  it('the default absolute lifetime is 12 hours', async () => {
    const s = await freshSession();
    for (let i = 0; i < 35; i++) {
      clock.advance(20 * MINUTE);
      expect((await whoami(s.sessionId)).statusCode).toBe(200);
    }
    clock.advance(20 * MINUTE - 1); // 11:59:59.999
    expect((await whoami(s.sessionId)).statusCode).toBe(200);
    clock.advance(1);
    expect401(await whoami(s.sessionId));
  });

  it('last-seen is written at most once a minute: not for a request within 60 s, and for one after', async () => {
    const s = await freshSession();
    const created = (await sessionRecord(t.db, s.sessionId))!;
    expect(created.last_seen_at.getTime()).toBe(clock.now);
    expect(created.created_at.getTime()).toBe(clock.now);
    const loginAt = clock.now;
    clock.advance(30 * SECOND);
    expect((await whoami(s.sessionId)).statusCode).toBe(200);
    expect((await sessionRecord(t.db, s.sessionId))!.last_seen_at.getTime()).toBe(loginAt);
    clock.advance(30 * SECOND); // exactly 60 s: not more than 60 s old yet
    expect((await whoami(s.sessionId)).statusCode).toBe(200);
    expect((await sessionRecord(t.db, s.sessionId))!.last_seen_at.getTime()).toBe(loginAt);
    clock.advance(1);
    expect((await whoami(s.sessionId)).statusCode).toBe(200);
    const touchedAt = clock.now;
    expect((await sessionRecord(t.db, s.sessionId))!.last_seen_at.getTime()).toBe(touchedAt);
    clock.advance(59 * SECOND);
    expect((await whoami(s.sessionId)).statusCode).toBe(200);
    expect((await sessionRecord(t.db, s.sessionId))!.last_seen_at.getTime()).toBe(touchedAt);
    clock.advance(2 * SECOND);
    // Any outcome counts as use: a request refused for its query parameter still touches the session.
    const refused = await get(`${FIX}/whoami?x=1`, { 'x-egain-session': s.sessionId });
    expect(refused.statusCode).toBe(400);
    expect((await sessionRecord(t.db, s.sessionId))!.last_seen_at.getTime()).toBe(clock.now);
    expect((await sessionRecord(t.db, s.sessionId))!.created_at.getTime()).toBe(loginAt);
  });

  it('a stored change of sessionIdleTimeoutMinutes applies to existing sessions at their next request', async () => {
    const s = await freshSession();
    clock.advance(10 * MINUTE);
    try {
      await storeSetting(t.app, 'sessionIdleTimeoutMinutes', 5);
      expect401(await whoami(s.sessionId));
    } finally {
      await storeSetting(t.app, 'sessionIdleTimeoutMinutes', null, 30);
    }
  });
});

describe('the principal as it is now (02 §6.4)', () => {
  it('a disabled user’s session fails at the next request; a deleted one’s too', async () => {
    for (const state of ['disabled', 'deleted']) {
      const s = await freshSession();
      expect((await whoami(s.sessionId)).statusCode).toBe(200);
      await t.db.query('UPDATE app_user SET state = $2 WHERE id = $1', [s.user.id, state]);
      expect401(await whoami(s.sessionId));
    }
  });

  it('role and department changes take effect at the next request, without ending the session', async () => {
    const s = await freshSession(['agent']);
    const extra = await t.db.prisma.department.create({ data: { name: `Extra ${s.user.id}` } });
    await t.db.query(`UPDATE app_user SET roles = ARRAY['supervisor','agent'] WHERE id = $1`, [s.user.id]);
    await t.db.query('INSERT INTO user_department (user_id, department_id) VALUES ($1, $2)', [s.user.id, extra.id]);
    const me = whoamiOf(await whoami(s.sessionId));
    expect(me.roles).toBe('supervisor,agent');
    expect(me.departments).toBe(`${s.user.departmentId},${extra.id}`);
  });
});

describe('several instances on one database (02 §6.1)', () => {
  it('a session created through one instance works through another; logout on one is seen by the other', async () => {
    const second = await buildApp(testConfig(), { db: t.db, logger: false, routes: [authFixtures], clock: clock.clock });
    try {
      const user = await createUser(t.db);
      const onFirst = await login(t.app, user.loginId);
      expect(whoamiOf(await whoami(onFirst.sessionId, second)).principal).toBe(String(user.id));
      const out = await second.inject({ method: 'DELETE', url: LOGOUT, headers: { 'x-egain-session': onFirst.sessionId } });
      expect(out.statusCode).toBe(204);
      expect401(await whoami(onFirst.sessionId));

      const onSecond = await login(second, user.loginId);
      expect((await whoami(onSecond.sessionId)).statusCode).toBe(200);
      const cookieUse = await t.app.inject({
        method: 'POST',
        url: `${FIX}/act`,
        headers: { cookie: cookieOf(onSecond.sessionId), 'x-egain-csrf': onSecond.csrf! },
      });
      expect(cookieUse.statusCode).toBe(204);
      expect((await t.app.inject({ method: 'POST', url: CUSTOMER_LOGOUT, headers: { 'x-egain-session': onSecond.sessionId } })).statusCode).toBe(200);
      expect401(await whoami(onSecond.sessionId, second));
    } finally {
      await second.close();
    }
  });
});

describe('401 bodies (02 §8)', () => {
  it('standard 401 everywhere except knowledge paths', async () => {
    for (const fmt of FORMATS) {
      for (const lang of ['en-US', 'es-ES'] as const) {
        expect401(await get(`${FIX}/whoami`, { accept: acceptOf(fmt), 'accept-language': lang }), fmt, lang);
      }
    }
  });

  it('legacy body on /system/ws/v12/kb/...: XML <Error> in the platform namespace, JSON {"message"}; en-US and es-ES', async () => {
    for (const lang of ['en-US', 'es-ES'] as const) {
      for (const headers of [{}, { 'x-egain-session': '00000000-0000-0000-0000-000000000000' }, { cookie: cookieOf('bad') }] as Record<string, string>[]) {
        const xml = await get(KB_FIX, { ...headers, accept: 'application/xml', 'accept-language': lang });
        expect(xml.statusCode).toBe(401);
        expect(xml.headers['content-type']).toBe('application/xml; charset=utf-8');
        expect(xml.headers['content-language']).toBe(lang);
        expect(xml.headers['x-egain-session']).toBeUndefined();
        expect(xml.body.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')).toBe(true);
        expect(parseLegacyXml(xml.body)).toBe(MSG.legacy[lang]);

        const json = await get(KB_FIX, { ...headers, accept: 'application/json', 'accept-language': lang });
        expect(json.statusCode).toBe(401);
        expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(json.json()).toEqual({ message: MSG.legacy[lang] });
      }
    }
  });

  it('a valid session on a knowledge path passes; the unauthenticated kb hello never answers 401', async () => {
    const s = await freshSession();
    expect(whoamiOf(await get(KB_FIX, { 'x-egain-session': s.sessionId })).principal).toBe(String(s.user.id));
    for (const headers of [{}, { 'x-egain-session': 'bogus' }] as Record<string, string>[]) {
      expect((await get('/system/ws/v12/kb/hello', headers)).statusCode).toBe(200);
    }
  });
});

describe('Bearer tokens (02 §4.3)', () => {
  async function clientToken(opts: { state?: string; expiresInMs?: number; ended?: boolean } = {}) {
    const key = randomBytes(16).toString('hex');
    const app = await t.db.prisma.clientApplication.create({
      data: {
        name: `app ${key}`,
        clientKey: key,
        secretHash: 'scrypt$16384$8$1$AAAA$AAAA',
        webhookSecret: 'w'.repeat(32),
        callbackUrl: 'https://example.com/hook',
        state: opts.state ?? 'active',
      },
    });
    const token = newToken();
    const now = new Date(clock.now);
    await t.db.prisma.session.create({
      data: {
        idHash: sha256(token),
        kind: 'client',
        clientApplicationId: app.id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(clock.now + (opts.expiresInMs ?? 3600 * SECOND)),
        endedAt: opts.ended ? now : null,
      },
    });
    return { token, appId: app.id };
  }

  const expectBearer401 = (res: Awaited<ReturnType<typeof get>>, lang: 'en-US' | 'es-ES' = 'en-US', fmt: Fmt = 'json') => {
    expectError(res, '401-101', { format: fmt, lang, message: MSG.bearer[lang], details: [] });
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(res.headers['x-egain-session']).toBeUndefined();
  };

  it('a bearer-only route accepts a live token: no echo, no CSRF needed', async () => {
    const { token, appId } = await clientToken();
    const res = await get(BEARER_FIX, { authorization: `Bearer ${token}` });
    expect(whoamiOf(res)).toMatchObject({ kind: 'client', principal: String(appId), roles: 'clientApplication' });
    expect(res.headers['x-egain-session']).toBeUndefined();
    const post = await t.app.inject({ method: 'POST', url: BEARER_FIX, headers: { authorization: `bearer ${token}`, cookie: 'X-egain-session=x' } });
    expect(post.statusCode).toBe(204);
    expect(post.headers['x-egain-session']).toBeUndefined();
  });

  it('a bearer-only route given a session (header or cookie) or nothing → 401-101, Authorization message, WWW-Authenticate', async () => {
    const s = await freshSession(['administrator']);
    for (const fmt of FORMATS) {
      for (const lang of ['en-US', 'es-ES'] as const) {
        for (const headers of [{}, { 'x-egain-session': s.sessionId }, { cookie: cookieOf(s.sessionId) }] as Record<string, string>[]) {
          expectBearer401(await get(BEARER_FIX, { ...headers, accept: acceptOf(fmt), 'accept-language': lang }), lang, fmt);
        }
      }
    }
  });

  it('an unknown, expired, revoked or inactive application’s token, or a malformed header → 401-101 (Authorization)', async () => {
    const expired = await clientToken({ expiresInMs: 0 });
    const ended = await clientToken({ ended: true });
    const inactive = await clientToken({ state: 'inactive' });
    for (const authorization of [
      `Bearer ${newToken()}`,
      `Bearer ${expired.token}`,
      `Bearer ${ended.token}`,
      `Bearer ${inactive.token}`,
      'Bearer',
      'Basic Zm9vOmJhcg==',
      `Token ${newToken()}`,
    ]) {
      expectBearer401(await get(BEARER_FIX, { authorization }));
    }
  });

  it('a session route given only a Bearer token → 401-101 with the session message (Authorization is ignored there)', async () => {
    const { token } = await clientToken();
    for (const url of [`${FIX}/whoami`, LOGOUT]) {
      const res = await t.app.inject({ method: url === LOGOUT ? 'DELETE' : 'GET', url, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      expect401(res);
    }
    // And a token presented as a session id is no session either.
    expect401(await whoami(token));
  });

  it('a session route with a session and a Bearer header: the session rules apply', async () => {
    const { token } = await clientToken();
    const s = await freshSession();
    const res = await get(`${FIX}/whoami`, { 'x-egain-session': s.sessionId, authorization: `Bearer ${token}` });
    expect(whoamiOf(res).kind).toBe('user');
  });
});
