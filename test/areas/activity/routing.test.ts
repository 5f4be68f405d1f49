// 01 §1.1 / §7.2 on the activity paths: a literal action segment (`…/activity/complete`) is its own route's path, so
// GET and HEAD on it answer 405-100 with that route's methods, not a V1 read of the word as `{ids}` (400-102).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { loginAs } from '../../helpers/auth.ts';
import { expectError } from '../../conformance/support.ts';

const URL = '/system/ws/v12/interaction/activity';
let t: TestApp;
let admin: { headers: Record<string, string> };

beforeAll(async () => {
  t = await getTestApp();
  admin = await loginAs(t.app, t.db);
});
afterAll(async () => t?.close());

const actions: [string, string][] = [
  ['send', 'POST'],
  ['complete', 'PUT'],
  ['transfer', 'PUT'],
  ['pick', 'PUT'],
  ['pull', 'PUT'],
  ['changecustomer', 'PUT'],
];

describe('literal action paths (01 §1.1)', () => {
  it.each(actions)('GET and HEAD on …/activity/%s → 405-100 with Allow: %s, like DELETE', async (word, allow) => {
    for (const method of ['GET', 'DELETE'] as const) {
      const res = await t.app.inject({ method, url: `${URL}/${word}`, headers: admin.headers });
      expectError(res, '405-100', { format: 'json', message: `Method '${method}' is not allowed for this resource.` });
      expect(res.headers.allow, method).toBe(allow);
    }
    const head = await t.app.inject({ method: 'HEAD', url: `${URL}/${word}`, headers: admin.headers });
    expect(head.statusCode).toBe(405);
    expect(head.headers.allow).toBe(allow);
    expect(head.body).toBe('');
  });

  it('the trailing-slash form too, and the method is refused before the query is validated (01 §7.2)', async () => {
    const slash = await t.app.inject({ method: 'GET', url: `${URL}/complete/`, headers: admin.headers });
    expectError(slash, '405-100', { format: 'json' });
    expect(slash.headers.allow).toBe('PUT');
    const query = await t.app.inject({ method: 'GET', url: `${URL}/pick?bogus=1`, headers: admin.headers });
    expectError(query, '405-100', { format: 'json' });
    expect(query.headers.allow).toBe('PUT');
  });

  it('other words are still ids of V1 (400-102), and ids still read', async () => {
    expectError(await t.app.inject({ method: 'GET', url: `${URL}/completed`, headers: admin.headers }), '400-102', { format: 'json' });
    expectError(await t.app.inject({ method: 'GET', url: `${URL}/Complete`, headers: admin.headers }), '400-102', { format: 'json' });
    expectError(await t.app.inject({ method: 'GET', url: `${URL}/999999999`, headers: admin.headers }), '404-101', { format: 'json' });
    const head = await t.app.inject({ method: 'HEAD', url: `${URL}/999999999`, headers: admin.headers });
    expect(head.statusCode).toBe(404);
  });

  it('the method check comes first (01 §7.2 step 1): before Accept (406) and the session (401), here and on other literal paths', async () => {
    const noSession = await t.app.inject({ method: 'GET', url: `${URL}/complete`, headers: { accept: 'application/json' } });
    expectError(noSession, '405-100', { format: 'json' });
    expect(noSession.headers.allow).toBe('PUT');
    const badAccept = await t.app.inject({ method: 'GET', url: `${URL}/pull`, headers: { ...admin.headers, accept: 'image/png' } });
    expect(badAccept.statusCode).toBe(405);
    expect(badAccept.headers.allow).toBe('PUT');
    const evaluate = await t.app.inject({ method: 'GET', url: '/system/ws/v12/administration/workflow/alarm/evaluate', headers: { accept: 'application/json' } });
    expectError(evaluate, '405-100', { format: 'json' });
    expect(evaluate.headers.allow).toBe('POST');
  });
});
