// 01 §19: token buckets per session and per client IP on the login endpoints; 429-100 with Retry-After.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenBuckets } from '../../src/platform/rate-limit.ts';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { createUser, login, testPassword } from '../helpers/auth.ts';

describe('TokenBuckets', () => {
  it('allows a burst of twice the rate, then one request per 1/rate seconds, and says how long to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, () => now);
    expect([1, 2, 3, 4].map(() => buckets.take('a'))).toEqual([0, 0, 0, 0]);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBe(0); // keys are independent
    now += 500;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
    now += 60_000;
    buckets.sweep();
    expect([1, 2, 3, 4].map(() => buckets.take('a'))).toEqual([0, 0, 0, 0]);
  });
});

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({ ECE_RATE_LIMIT_LOGIN_RPS: '1', ECE_RATE_LIMIT_SESSION_RPS: '1' }, [
    async (app) => {
      app.get('/system/ws/v12/test/private', async (_request, reply) => reply.noContent());
    },
  ]);
});
afterAll(async () => t?.close());

describe('HTTP', () => {
  it('limits logins per client IP (burst 2 at 1/s): the third gets 429-100 with Retry-After', async () => {
    const user = await createUser(t.db);
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/system/ws/v12/authentication/user/login?forceLogin=yes',
        remoteAddress: '10.1.2.3',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        payload: { userName: user.loginId, password: testPassword },
      });
    expect((await attempt()).statusCode).toBe(204);
    expect((await attempt()).statusCode).toBe(204);
    const third = await attempt();
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBe('1');
    expect(third.json()).toEqual({
      code: '429-100',
      developerMessage: 'Too many requests. Retry after 1 seconds.',
      details: [{ key: 'retryAfter', value: '1' }],
    });
  });

  it('limits requests per session, echoing the session on the 429', async () => {
    const user = await createUser(t.db);
    const s = await login(t.app, user.loginId);
    const call = () => t.app.inject({ method: 'GET', url: '/system/ws/v12/test/private', headers: s.headers });
    expect((await call()).statusCode).toBe(204);
    expect((await call()).statusCode).toBe(204);
    const limited = await call();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['x-egain-session']).toBe(s.sessionId);
    expect(limited.json().code).toBe('429-100');
  });
});
