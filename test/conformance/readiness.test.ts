// 01 §7.2 step 3 and §19: a request that arrives while the instance is not ready → 503-100 with Retry-After: 5,
// after the route and negotiation checks and before body framing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { FORMATS, T, acceptOf, expectError, fixtureRoutes, tokens } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({ ECE_CORS_ORIGINS: 'https://app.example.com' }, [fixtureRoutes]);
});
afterAll(async () => {
  await t?.db.query('UPDATE _prisma_migrations SET rolled_back_at = NULL');
  await t?.close();
});

async function notReady<R>(run: () => Promise<R>): Promise<R> {
  await t.db.query('UPDATE _prisma_migrations SET rolled_back_at = now()');
  try {
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    return await run();
  } finally {
    await t.db.query('UPDATE _prisma_migrations SET rolled_back_at = NULL');
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  }
}

describe('01 §19 503-100 while not ready', () => {
  it('503-100 with Retry-After: 5 and details retryAfter, in the negotiated format, with CORS headers', async () => {
    await notReady(async () => {
      for (const fmt of FORMATS) {
        const res = await t.app.inject({ method: 'GET', url: `${T}/activities`, headers: { accept: acceptOf(fmt), origin: 'https://app.example.com' } });
        expectError(res, '503-100', {
          format: fmt,
          details: [{ key: 'retryAfter', value: '5' }],
          message: 'The service is temporarily unavailable. Retry after 5 seconds.',
        });
        expect(res.headers['retry-after']).toBe('5');
        expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
        expect(tokens(res.headers['access-control-expose-headers'])).toContain('retry-after');
      }
    });
  });

  it('order of checks: 404-100, 405-100 and 406-101 come before 503-100; 503-100 before body framing', async () => {
    await notReady(async () => {
      expectError(await t.app.inject({ method: 'GET', url: '/system/ws/v12/nothing' }), '404-100');
      expectError(await t.app.inject({ method: 'PATCH', url: `${T}/activities` }), '405-100');
      expectError(await t.app.inject({ method: 'GET', url: `${T}/activities`, headers: { accept: 'text/html' } }), '406-101');
      expectError(await t.app.inject({ method: 'GET', url: `${T}/activities`, headers: { 'accept-language': 'fr' } }), '406-100');
      const framing = await t.app.inject({
        method: 'POST',
        url: `${T}/echo`,
        headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' },
        payload: 'x',
      });
      expectError(framing, '503-100');
    });
  });

  it('503-100 comes before the request-target limit (400-102 url is a validation error, 01 §7.2 step 7)', async () => {
    await notReady(async () => {
      const url = `${T}/activities?pad=${'a'.repeat(8200)}`;
      expectError(await t.app.inject({ method: 'GET', url }), '503-100');
    });
  });
});
