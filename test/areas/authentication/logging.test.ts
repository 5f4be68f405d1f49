// Passwords, session ids and CSRF tokens never appear in logs (02 §9.1), whatever happens to the request.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/app.ts';
import type { Database } from '../../../src/db/database.ts';
import { testConfig } from '../../helpers/app.ts';
import { openTestDatabase } from '../../helpers/test-db.ts';
import { createUser } from '../../helpers/auth.ts';
import { authFixtures, CUSTOMER_LOGOUT, FIX, LOGOUT, postLogin } from './support.ts';

const lines: string[] = [];
const stream = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});

let db: Database;
let app: FastifyInstance;
beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildApp(testConfig({ LOG_LEVEL: 'trace' }), { db, logger: { stream }, routes: [authFixtures] });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('logs (02 §9.1)', () => {
  it('carry no password, session id or CSRF token through login, use, CSRF failures, lockout and logout', async () => {
    const password = 'Pw-only-in-body-1234';
    const user = await createUser(db, { password });
    lines.length = 0;
    const secrets: string[] = [password, 'Wrong-pw-in-body-987'];

    const first = await postLogin(app, { userName: user.loginId, password });
    expect(first.statusCode).toBe(204);
    const sessionId = String(first.headers['x-egain-session']);
    const csrf = String(first.headers['x-egain-csrf']);
    secrets.push(sessionId, csrf);
    const xml = await postLogin(app, `<login><userName>${user.loginId}</userName><password>${password}</password></login>`);
    expect(xml.statusCode).toBe(204);
    secrets.push(String(xml.headers['x-egain-session']), String(xml.headers['x-egain-csrf']));

    const uses = [
      await app.inject({ method: 'GET', url: `${FIX}/whoami`, headers: { 'x-egain-session': sessionId } }),
      await app.inject({ method: 'GET', url: `${FIX}/whoami`, headers: { 'x-egain-session': sessionId.toUpperCase() } }),
      await app.inject({ method: 'POST', url: `${FIX}/act`, headers: { cookie: `X-egain-session=${sessionId}`, 'x-egain-csrf': csrf } }),
      await app.inject({ method: 'POST', url: `${FIX}/act`, headers: { cookie: `X-egain-session=${sessionId}`, 'x-egain-csrf': 'Csrf-guess-abcdef' } }),
      await app.inject({ method: 'GET', url: `${FIX}/missing`, headers: { 'x-egain-session': sessionId } }),
      await app.inject({ method: 'GET', url: `${FIX}/whoami?foo=${encodeURIComponent(password)}`, headers: { 'x-egain-session': sessionId } }),
    ];
    expect(uses.map((r) => r.statusCode)).toEqual([200, 200, 204, 403, 404, 400]);
    secrets.push('Csrf-guess-abcdef');

    for (let i = 0; i < 6; i++) await postLogin(app, { userName: user.loginId, password: 'Wrong-pw-in-body-987' }); // locks
    expect((await postLogin(app, { userName: user.loginId, password })).statusCode).toBe(401);
    await app.inject({ method: 'GET', url: `${FIX}/whoami`, headers: { 'x-egain-session': 'ffffffff-ffff-ffff-ffff-ffffffffffff' } });
    secrets.push('ffffffff-ffff-ffff-ffff-ffffffffffff');

    expect((await app.inject({ method: 'DELETE', url: LOGOUT, headers: { 'x-egain-session': sessionId, 'content-type': 'application/json' }, payload: `{"password":"${password}"}` })).statusCode).toBe(204);
    expect((await app.inject({ method: 'POST', url: CUSTOMER_LOGOUT, headers: { 'x-egain-session': String(xml.headers['x-egain-session']) } })).statusCode).toBe(200);

    expect(lines.length).toBeGreaterThan(10); // one line per request at least: the capture works
    const all = lines.join('\n');
    for (const secret of secrets) {
      expect(all, secret).not.toContain(secret);
      expect(all.toLowerCase(), secret).not.toContain(secret.toLowerCase());
    }
  });
});
