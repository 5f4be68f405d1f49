// 01 §7 error bodies (JSON and XML shapes, details caps, 500-100) and 01 §16 X-Request-Id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { canonicalXml } from '../helpers/xml-canonical.ts';
import { COMMON, FORMATS, HELLO, T, XML_DECL, acceptOf, expectError, fixtureRoutes } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [fixtureRoutes]);
});
afterAll(async () => t?.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('01 §7.1 error body shapes', () => {
  it('JSON: exactly {code, developerMessage, details:[{key,value}]}', async () => {
    const res = await get(HELLO, { accept: 'application/json', 'accept-language': 'fr-FR' });
    expect(res.statusCode).toBe(406);
    expect(res.json()).toEqual({
      code: '406-100',
      developerMessage: "Unsupported 'Accept-Language' header value 'fr-FR'.",
      details: [{ key: 'Accept-Language', value: 'fr-FR' }],
    });
  });

  it('XML: <error> in the common namespace with code, developerMessage and one <details> per pair', async () => {
    const res = await get(HELLO, { 'accept-language': 'fr-FR' });
    expect(res.statusCode).toBe(406);
    expect(res.body.startsWith(XML_DECL)).toBe(true);
    const c = (name: string) => `{${COMMON}}${name}`;
    expect(canonicalXml(res.body)).toEqual({
      name: c('error'),
      attrs: {},
      children: [
        { name: c('code'), attrs: {}, text: '406-100', children: [] },
        { name: c('developerMessage'), attrs: {}, text: "Unsupported 'Accept-Language' header value 'fr-FR'.", children: [] },
        {
          name: c('details'),
          attrs: {},
          children: [
            { name: c('key'), attrs: {}, text: 'Accept-Language', children: [] },
            { name: c('value'), attrs: {}, text: 'fr-FR', children: [] },
          ],
        },
      ],
    });
  });

  it('XML: the root element declares the common namespace as the default namespace', async () => {
    const res = await get('/system/ws/v12/nothing');
    expect(res.body).toMatch(/<error[^>]*\sxmlns="http:\/\/bindings\.egain\.com\/ws\/model\/v12\/gen\/common"/);
  });

  it.each(FORMATS)('the first part of code equals the status (%s)', async (fmt) => {
    for (const [method, url, code] of [
      ['GET', '/system/ws/v12/nothing', '404-100'],
      ['POST', HELLO, '405-100'],
      ['GET', `${T}/boom`, '500-100'],
      ['POST', `${T}/echo`, '400-150'],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: { accept: acceptOf(fmt) } });
      const body = expectError(res, code, { format: fmt });
      expect(body.code.split('-')[0]).toBe(String(res.statusCode));
    }
  });

  it.each(FORMATS)('a detail value with XML special characters is escaped and read back intact (%s)', async (fmt) => {
    const al = `<x&y>"'`;
    const res = await get(HELLO, { accept: acceptOf(fmt), 'accept-language': al });
    expectError(res, '406-100', { format: fmt, details: [{ key: 'Accept-Language', value: al }] });
  });
});

describe('01 §7.1 details caps: at most 30 pairs, strings cut at 255 characters', () => {
  it.each(FORMATS)('%s', async (fmt) => {
    const res = await get(`${T}/many-details`, { accept: acceptOf(fmt) });
    const body = expectError(res, '400-152', { format: fmt });
    expect(body.details).toHaveLength(30);
    expect(body.details[0]).toEqual({ key: 'long', value: 'x'.repeat(255) });
    expect(body.details[1]).toEqual({ key: 'k'.repeat(255), value: 'short' });
    expect(body.details[3]).toEqual({ key: 'k3', value: 'v3' });
    expect(body.details[29]).toEqual({ key: 'k29', value: 'v29' });
  });

  it.each(FORMATS)('the cut counts code points and never splits a character (%s)', async (fmt) => {
    const res = await get(`${T}/many-details`, { accept: acceptOf(fmt) });
    const body = expectError(res, '400-152', { format: fmt });
    // 01 §18: string lengths count Unicode code points, not UTF-16 units.
    expect(body.details[2]).toEqual({ key: 'astral', value: '😀'.repeat(255) });
  });
});

describe('01 §7.3 500-100: unexpected failures', () => {
  it.each(FORMATS)('no stack, SQL, path or message of the cause; details requestId = X-Request-Id (%s)', async (fmt) => {
    const res = await get(`${T}/boom`, { accept: acceptOf(fmt) });
    const body = expectError(res, '500-100', {
      format: fmt,
      message: 'The system is unable to process the request. Contact the administrator.',
    });
    const requestId = res.headers['x-request-id'];
    expect(typeof requestId).toBe('string');
    expect(requestId).toMatch(uuid);
    expect(body.details).toEqual([{ key: 'requestId', value: requestId }]);
    for (const leak of ['boom', '/etc', 'secret', 'SELECT', '.sql', 'Error', ' at ', '.ts:', 'node_modules', 'stack']) {
      expect(res.body).not.toContain(leak);
    }
  });

  it('a well-formed X-Request-Id sent by the client is reused in the 500-100 details', async () => {
    const res = await get(`${T}/boom`, { accept: 'application/json', 'x-request-id': 'req.42_A-b' });
    expect(res.headers['x-request-id']).toBe('req.42_A-b');
    expectError(res, '500-100', { format: 'json', details: [{ key: 'requestId', value: 'req.42_A-b' }] });
  });
});

describe('01 §16 X-Request-Id', () => {
  it('always returned, a UUID when the client sent none (200, 404, 405, 406, 204)', async () => {
    const responses = [
      await get(HELLO),
      await get('/system/ws/v12/nothing'),
      await t.app.inject({ method: 'POST', url: HELLO }),
      await get(HELLO, { accept: 'text/html' }),
      await t.app.inject({ method: 'DELETE', url: `${T}/item` }),
    ];
    const ids = responses.map((r) => r.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(uuid);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(['abc-123', 'A.b_c-9', 'x', 'a'.repeat(128)])('a well-formed id is reused: %s', async (id) => {
    const ok = await get(HELLO, { 'x-request-id': id });
    expect(ok.headers['x-request-id']).toBe(id);
    const err = await get('/system/ws/v12/nothing', { 'x-request-id': id });
    expect(err.headers['x-request-id']).toBe(id);
  });

  it.each([
    ['contains a space', 'abc 123'],
    ['200 characters', 'a'.repeat(200)],
    ['129 characters', 'a'.repeat(129)],
    ['contains a slash', 'abc/123'],
    ['contains a colon', 'abc:123'],
    ['non-ASCII', 'abcé'],
    ['empty', ''],
  ])('a malformed id (%s) is replaced by a generated UUID', async (_n, id) => {
    const res = await get(HELLO, { 'x-request-id': id });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).not.toBe(id);
    expect(res.headers['x-request-id']).toMatch(uuid);
  });

  it('a malformed id is replaced in the 500-100 details too', async () => {
    const res = await get(`${T}/boom`, { accept: 'application/json', 'x-request-id': 'bad id' });
    const generated = res.headers['x-request-id'] as string;
    expect(generated).toMatch(uuid);
    expectError(res, '500-100', { format: 'json', details: [{ key: 'requestId', value: generated }] });
  });
});
