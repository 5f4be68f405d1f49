// 01 §1.1 on the case paths with literal segments (K4 close, K5 changecustomer, K6–K8 note, K9 lookup): another
// method answers 405-100 with the methods of the literal route. None of them sits where K1's `{ids}` could read the
// word as an id, so, unlike the activity actions (test/areas/activity/routing.test.ts), no route has to step aside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';
import { expectError } from '../../conformance/support.ts';
import { CASE, LOOKUP } from './support.ts';

let t: TestApp;
let admin: { headers: Record<string, string> };

beforeAll(async () => {
  t = await getTestApp();
  admin = await loginAs(t.app, t.db);
});
afterAll(async () => t?.close());

describe('literal case paths (01 §1.1)', () => {
  it.each([
    [`${CASE}/1/close`, ['GET', 'POST', 'DELETE'], 'PUT'],
    [`${CASE}/1/changecustomer`, ['GET', 'POST', 'DELETE'], 'PUT'],
    [`${CASE}/1/note`, ['PUT', 'DELETE'], 'GET, HEAD, POST'],
    [`${CASE}/1/note/2`, ['POST', 'PUT', 'DELETE'], 'GET, HEAD'],
    [LOOKUP, ['GET', 'PUT', 'DELETE'], 'POST'],
  ] as const)('%s: %j → 405-100 with Allow: %s', async (url, methods, allow) => {
    for (const method of methods) {
      const res = await t.app.inject({ method, url, headers: admin.headers });
      expectError(res, '405-100', { format: 'json' });
      expect(res.headers.allow, method).toBe(allow);
    }
    if (!allow.includes('GET')) {
      const head = await t.app.inject({ method: 'HEAD', url, headers: admin.headers });
      expect(head.statusCode).toBe(405);
      expect(head.headers.allow).toBe(allow);
    }
  });

  it('K1 still reads a single segment as ids (400-102): no case route has a literal one', async () => {
    expectError(await t.app.inject({ method: 'GET', url: `${CASE}/close`, headers: admin.headers }), '400-102', { format: 'json' });
  });
});
