// 07 §2: the user paths and their methods (405-100 with Allow for the others, 01 §1.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { loginAs } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { call, USER } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

describe('07 §2 user paths', () => {
  it('405-100 with Allow for a method a user path does not serve', async () => {
    const admin = await loginAs(t.app, t.db, ['administrator']);
    for (const [method, path, allow] of [
      ['PATCH', USER, 'GET, HEAD, POST, PUT'],
      ['DELETE', USER, 'GET, HEAD, POST, PUT'],
      ['POST', `${USER}/1`, 'GET, HEAD, DELETE'],
      ['PUT', `${USER}/1`, 'GET, HEAD, DELETE'],
      ['GET', `${USER}/1/password`, 'PUT'],
      ['POST', `${USER}/1/availability`, 'PUT'],
      ['DELETE', `${USER}/login/sa`, 'GET, HEAD'],
    ] as const) {
      const res = await call(t.app, admin, method, path);
      expectError(res, '405-100', { format: 'json' });
      expect(res.headers.allow, `${method} ${path}`).toBe(allow);
    }
  });

  it('paths are case-sensitive and versioned; a trailing slash is ignored', async () => {
    const admin = await loginAs(t.app, t.db, ['agent']);
    expectError(await call(t.app, admin, 'GET', `/system/ws/v12/administration/User/${admin.user.id}`), '404-100', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `/system/ws/v11/administration/user/${admin.user.id}`), '404-100', { format: 'json' });
    expect((await call(t.app, admin, 'GET', `${USER}/login/${admin.user.loginId}/`)).statusCode).toBe(200);
    expect((await call(t.app, admin, 'GET', `${USER}/?loginId=${admin.user.loginId}`)).statusCode).toBe(200);
  });
});
