// 02 §9.2 under concurrency: parallel wrong-password logins cannot check more passwords than the threshold allows.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createUser, testPassword } from '../../helpers/auth.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

it('20 parallel wrong passwords: at most 5 are checked (401-102), the rest are refused as locked (401-103)', async () => {
  const user = await createUser(t.db);
  const attempt = (password: string) =>
    t.app.inject({
      method: 'POST',
      url: '/system/ws/v12/authentication/user/login',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      payload: { userName: user.loginId, password },
    });
  const codes = (await Promise.all(Array.from({ length: 20 }, () => attempt('wrong-password')))).map((r) => r.json().code);
  expect(codes.filter((c) => c === '401-102')).toHaveLength(5);
  expect(codes.filter((c) => c === '401-103')).toHaveLength(15);
  expect((await attempt(testPassword)).json().code).toBe('401-103');
});
