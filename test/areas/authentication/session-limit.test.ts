// The concurrent-session limit (02 §6.3) and forceLogin (02 §3.1) through the staff login.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createUser, testPassword } from '../../helpers/auth.ts';
import { expectError, FORMATS } from '../../conformance/support.ts';
import { appOn, authFixtures, FIX, liveSessionCount, LOGOUT, MINUTE, MSG, postLogin, SECOND, storeSetting, testClock } from './support.ts';

const clock = testClock();
let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [authFixtures], { clock: clock.clock });
});
afterAll(async () => t?.close());

const loginOf = async (app: TestApp, loginId: string, query?: string) => {
  const res = await postLogin(app.app, { userName: loginId, password: testPassword }, query ? { query } : {});
  expect(res.statusCode, res.body).toBe(204);
  return String(res.headers['x-egain-session']);
};
const status = async (app: TestApp, sessionId: string) =>
  (await app.app.inject({ method: 'GET', url: `${FIX}/whoami`, headers: { 'x-egain-session': sessionId, accept: 'application/json' } })).statusCode;

describe('default limit of 5 live sessions per user', () => {
  it('a 6th login without forceLogin=yes → 400-170 with the exact message, in JSON and XML, en-US and es-ES', async () => {
    const user = await createUser(t.db);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await loginOf(t, user.loginId));
    for (const fmt of FORMATS) {
      for (const lang of ['en-US', 'es-ES'] as const) {
        const res = await postLogin(t.app, { userName: user.loginId, password: testPassword }, { fmt, lang });
        expectError(res, '400-170', { format: fmt, lang, message: MSG.limit(5)[lang], details: [] });
        expect(res.headers['x-egain-session']).toBeUndefined();
      }
    }
    expectError(await postLogin(t.app, { userName: user.loginId, password: testPassword }, { query: 'forceLogin=no' }), '400-170', { format: 'json' });
    expectError(await postLogin(t.app, { userName: user.loginId, password: testPassword }, { query: 'forceLogin=NO' }), '400-170', { format: 'json' });
    // The refused logins ended nothing.
    for (const id of ids) expect(await status(t, id)).toBe(200);
    expect(await liveSessionCount(t.db, user.id)).toBe(5);
  });

  it('wrong credentials are reported before the limit (401-102, not 400-170)', async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 5; i++) await loginOf(t, user.loginId);
    expectError(await postLogin(t.app, { userName: user.loginId, password: 'Wrong-pass-123' }), '401-102', { format: 'json' });
  });

  it('forceLogin=yes at the limit ends the oldest session (it then gets 401-101) and keeps the others', async () => {
    const user = await createUser(t.db);
    const ids = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await loginOf(t, user.loginId));
      clock.advance(SECOND);
    }
    // Using the oldest one does not make it younger: age is the creation time.
    expect(await status(t, ids[0]!)).toBe(200);
    const newest = await loginOf(t, user.loginId, 'forceLogin=yes');
    const evicted = await t.app.inject({ method: 'GET', url: `${FIX}/whoami`, headers: { 'x-egain-session': ids[0]!, accept: 'application/json' } });
    expectError(evicted, '401-101', { format: 'json', message: MSG.session['en-US'] });
    for (const id of [...ids.slice(1), newest]) expect(await status(t, id)).toBe(200);
    expect(await liveSessionCount(t.db, user.id)).toBe(5);

    // Again: now the second-oldest goes, with any letter case of `yes`.
    const next = await loginOf(t, user.loginId, 'forceLogin=YES');
    expect(await status(t, ids[1]!)).toBe(401);
    for (const id of [...ids.slice(2), newest, next]) expect(await status(t, id)).toBe(200);
  });

  it('sessions created at the same instant: the lowest internal id is the oldest', async () => {
    const user = await createUser(t.db);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await loginOf(t, user.loginId)); // the test clock stands still
    await loginOf(t, user.loginId, 'forceLogin=Yes');
    expect(await status(t, ids[0]!)).toBe(401);
    for (const id of ids.slice(1)) expect(await status(t, id)).toBe(200);
  });

  it('forceLogin=yes below the limit ends nothing', async () => {
    const user = await createUser(t.db);
    const first = await loginOf(t, user.loginId);
    await loginOf(t, user.loginId, 'forceLogin=yes');
    expect(await status(t, first)).toBe(200);
    expect(await liveSessionCount(t.db, user.id)).toBe(2);
  });

  it('a logged-out session no longer counts: an immediate new login succeeds', async () => {
    const user = await createUser(t.db);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await loginOf(t, user.loginId));
    const out = await t.app.inject({ method: 'DELETE', url: LOGOUT, headers: { 'x-egain-session': ids[2]! } });
    expect(out.statusCode).toBe(204);
    await loginOf(t, user.loginId);
    expect(await liveSessionCount(t.db, user.id)).toBe(5);
  });

  it('idle-expired sessions do not count', async () => {
    const user = await createUser(t.db);
    for (let i = 0; i < 5; i++) await loginOf(t, user.loginId);
    clock.advance(30 * MINUTE);
    const fresh = await loginOf(t, user.loginId);
    expect(await status(t, fresh)).toBe(200);
    for (let i = 0; i < 4; i++) await loginOf(t, user.loginId);
    expectError(await postLogin(t.app, { userName: user.loginId, password: testPassword }), '400-170', { format: 'json' });
  });

  it('sessions past their absolute lifetime do not count, however active', async () => {
    const user = await createUser(t.db);
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await loginOf(t, user.loginId));
    // Keep them in use every 20 minutes for 12 hours.
    for (let elapsed = 0; elapsed < 720; elapsed += 20) {
      clock.advance(20 * MINUTE);
      if (elapsed + 20 < 720) for (const id of ids) expect(await status(t, id)).toBe(200);
    }
    await loginOf(t, user.loginId);
    for (const id of ids) expect(await status(t, id)).toBe(401);
  });

  it('sessions of other users do not count', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    for (let i = 0; i < 5; i++) await loginOf(t, a.loginId);
    await loginOf(t, b.loginId);
  });
});

describe('concurrent logins of one user (02 §6.3: serialised per principal)', () => {
  it('10 parallel logins with forceLogin=yes all succeed and never leave more than 5 live sessions', async () => {
    const user = await createUser(t.db);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => postLogin(t.app, { userName: user.loginId, password: testPassword }, { query: 'forceLogin=yes' })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(204));
    expect(await liveSessionCount(t.db, user.id)).toBe(5);
    const ids = results.map((r) => String(r.headers['x-egain-session']));
    const statuses = await Promise.all(ids.map((id) => status(t, id)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  });

  it('10 parallel logins without forceLogin: exactly 5 succeed, the others get 400-170', async () => {
    const user = await createUser(t.db);
    const results = await Promise.all(Array.from({ length: 10 }, () => postLogin(t.app, { userName: user.loginId, password: testPassword })));
    expect(results.filter((r) => r.statusCode === 204)).toHaveLength(5);
    const refused = results.filter((r) => r.statusCode === 400);
    expect(refused).toHaveLength(5);
    for (const r of refused) expectError(r, '400-170', { format: 'json' });
    expect(await liveSessionCount(t.db, user.id)).toBe(5);
  });
});

describe('the maxSessionsPerUser setting (02 §10, 07 §16)', () => {
  it('a stored value changes the limit, and lowering it makes forceLogin end enough sessions', async () => {
    const user = await createUser(t.db);
    try {
      await storeSetting(t.app, 'maxSessionsPerUser', 2);
      const a = await loginOf(t, user.loginId);
      clock.advance(SECOND);
      const b = await loginOf(t, user.loginId);
      expectError(await postLogin(t.app, { userName: user.loginId, password: testPassword }), '400-170', {
        format: 'json',
        message: MSG.limit(2)['en-US'],
      });
      clock.advance(SECOND);
      const c = await loginOf(t, user.loginId, 'forceLogin=yes');
      expect(await status(t, a)).toBe(401);
      expect(await status(t, b)).toBe(200);
      expect(await status(t, c)).toBe(200);

      // 4 live sessions with the limit back at 5, then the limit lowered to 2: a forced login keeps 2 in all.
      await storeSetting(t.app, 'maxSessionsPerUser', null, 5);
      clock.advance(SECOND);
      const d = await loginOf(t, user.loginId);
      clock.advance(SECOND);
      const e = await loginOf(t, user.loginId);
      expect(await liveSessionCount(t.db, user.id)).toBe(4);
      await storeSetting(t.app, 'maxSessionsPerUser', 2);
      clock.advance(SECOND);
      const f = await loginOf(t, user.loginId, 'forceLogin=yes');
      expect(await liveSessionCount(t.db, user.id)).toBe(2);
      for (const id of [b, c, d]) expect(await status(t, id)).toBe(401);
      for (const id of [e, f]) expect(await status(t, id)).toBe(200);
    } finally {
      await storeSetting(t.app, 'maxSessionsPerUser', null, 5);
    }
  });

  it('ECE_SETTING_MAX_SESSIONS_PER_USER sets it when nothing is stored; a stored value wins over it', async () => {
    const env = await appOn(t.db, { ECE_SETTING_MAX_SESSIONS_PER_USER: '3' }, { routes: [authFixtures] });
    try {
      const user = await createUser(env.db);
      for (let i = 0; i < 3; i++) await loginOf(env, user.loginId);
      expectError(await postLogin(env.app, { userName: user.loginId, password: testPassword }), '400-170', {
        format: 'json',
        message: MSG.limit(3)['en-US'],
      });
      try {
        await storeSetting(env.app, 'maxSessionsPerUser', 4);
        await loginOf(env, user.loginId);
        expectError(await postLogin(env.app, { userName: user.loginId, password: testPassword }), '400-170', {
          format: 'json',
          message: MSG.limit(4)['en-US'],
        });
      } finally {
        await storeSetting(env.app, 'maxSessionsPerUser', null, 3);
      }
    } finally {
      await env.close();
    }
  });
});
