// 01 §1.1 routing (paths, versions, trailing slash, 405/Allow, HEAD, OPTIONS, PATCH, request-target limit) and
// the route/Accept/Accept-Language part of the order of checks (01 §7.2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { loginAs } from '../helpers/auth.ts';
import { FORMATS, HELLO, JSON_CT, T, XML_CT, acceptOf, ctOf, expectError, expectSystemHeaders, fixtureRoutes, parseXmlHello, tokens } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [fixtureRoutes]);
});
afterAll(async () => t?.close());

const inject = (method: string, url: string, headers: Record<string, string> = {}, payload?: string) =>
  t.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });

const allowOf = (res: { headers: Record<string, unknown> }) => new Set(tokens(res.headers.allow as string, false).map((m) => m.toUpperCase()));

describe('01 §1.1 unknown paths → 404-100', () => {
  it.each([
    ['unknown resource', '/system/ws/v12/kb/nothing'],
    ['wrong version', '/system/ws/v13/kb/hello'],
    ['wrong version v20', '/system/ws/v20/kb/hello'],
    ['wrong case', '/system/ws/v12/KB/hello'],
    ['wrong case of last segment', '/system/ws/v12/kb/Hello'],
    ['empty segment', '/system/ws/v12//kb/hello'],
    ['empty segment after system', '/system//ws/v12/kb/hello'],
    ['two trailing slashes', '/system/ws/v12/kb/hello//'],
    ['bare /system/ws', '/system/ws'],
  ])('%s: %s', async (_name, url) => {
    for (const fmt of FORMATS) {
      const res = await inject('GET', url, { accept: acceptOf(fmt) });
      expectError(res, '404-100', { format: fmt, message: `No resource exists at path '${url}'.` });
    }
  });

  it('a path without /system is not served: 404-100', async () => {
    for (const url of ['/ws/v12/kb/hello', '/ws/v12/interaction/hello']) {
      const res = await inject('GET', url, { accept: 'application/json' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: '404-100' });
    }
    const xml = await inject('GET', '/ws/v12/kb/hello');
    expect(xml.statusCode).toBe(404);
    expect(xml.body).toContain('404-100');
  });

  it('the 404-100 message names the path without the query string', async () => {
    const res = await inject('GET', '/system/ws/v12/kb/nothing?a=b', { accept: 'application/json' });
    expectError(res, '404-100', { format: 'json', message: "No resource exists at path '/system/ws/v12/kb/nothing'." });
  });

  it('developerMessage is at most 2,048 characters, even for a long unknown path', async () => {
    const url = `/system/ws/v12/${'a'.repeat(5000)}`;
    const res = await inject('GET', url, { accept: 'application/json' });
    const body = expectError(res, '404-100', { format: 'json' });
    expect(body.developerMessage.length).toBeLessThanOrEqual(2048);
    expect(body.developerMessage.startsWith("No resource exists at path '/system/ws/v12/aaaa")).toBe(true);
  });
});

describe('01 §1.1 trailing slash', () => {
  it.each(FORMATS)('one trailing slash is ignored (%s)', async (fmt) => {
    const res = await inject('GET', `${HELLO}/`, { accept: acceptOf(fmt) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(ctOf(fmt));
    if (fmt === 'json') expect(res.json()).toMatchObject({ area: 'kb' });
    else expect(parseXmlHello(res.body).area).toBe('kb');
  });

  it('one trailing slash before a query string is ignored', async () => {
    const res = await inject('GET', `${HELLO}/?x=1`);
    expect(res.statusCode).toBe(200);
  });
});

describe('01 §1.1 empty segments on parametric paths → 404-100, not an empty {ids}', () => {
  let session: Record<string, string>;
  beforeAll(async () => {
    session = (await loginAs(t.app, t.db, ['administrator'])).headers;
  });

  it.each([
    ['/system/ws/v12/interaction/activity//', ''],
    ['/system/ws/v12/administration/department//', ''],
    ['/system/ws/v12/interaction/activity//', '?$attribute=all'],
    ['/system/ws/v12/interaction/activity//1001', ''],
  ])('%s%s', async (path, query) => {
    for (const fmt of FORMATS) {
      const res = await inject('GET', path + query, { ...session, accept: acceptOf(fmt) });
      expectError(res, '404-100', { format: fmt, message: `No resource exists at path '${path}'.` });
    }
  });

  it('the empty segment is a route failure: it beats authentication (no session → 404-100, not 401)', async () => {
    expectError(await inject('GET', '/system/ws/v12/interaction/activity//'), '404-100');
    expectError(await inject('DELETE', '/system/ws/v12/administration/department//'), '404-100');
  });

  it('OPTIONS (not a preflight) of a path with an empty segment → 404-100', async () => {
    expectError(await inject('OPTIONS', '/system/ws/v12/interaction/activity//'), '404-100');
  });

  it('a query string may contain // freely', async () => {
    const res = await inject('GET', `${HELLO}?x=http://a//b`);
    expect(res.statusCode).toBe(200);
  });
});

describe('01 §1.1 methods: 405-100 with Allow, PATCH, HEAD, OPTIONS', () => {
  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('%s on a GET-only path → 405-100 with Allow: GET, HEAD', async (method) => {
    for (const fmt of FORMATS) {
      const res = await inject(method, HELLO, { accept: acceptOf(fmt) });
      expectError(res, '405-100', { format: fmt, message: `Method '${method}' is not allowed for this resource.` });
      const allow = allowOf(res);
      expect(allow.has('GET')).toBe(true);
      expect(allow.has('HEAD')).toBe(true);
      for (const m of ['POST', 'PUT', 'DELETE', 'PATCH']) expect(allow.has(m)).toBe(false);
    }
  });

  it('PATCH on a path with PUT and DELETE → 405-100; Allow lists PUT and DELETE, never PATCH', async () => {
    const res = await inject('PATCH', `${T}/item`, { 'content-type': 'application/json' }, '{"name":"x"}');
    expectError(res, '405-100');
    const allow = allowOf(res);
    expect(allow.has('PUT')).toBe(true);
    expect(allow.has('DELETE')).toBe(true);
    expect(allow.has('PATCH')).toBe(false);
    expect(allow.has('GET')).toBe(false);
  });

  it('405 with the trailing-slash form of the path', async () => {
    const res = await inject('POST', `${HELLO}/`);
    expectError(res, '405-100');
    expect(allowOf(res).has('GET')).toBe(true);
  });

  it.each(FORMATS)('HEAD of a GET endpoint: same status and headers as GET, no body (%s)', async (fmt) => {
    const headers = { accept: acceptOf(fmt), 'x-request-id': 'head-check' };
    const got = await inject('GET', HELLO, headers);
    const head = await inject('HEAD', HELLO, headers);
    expect(head.statusCode).toBe(got.statusCode);
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    for (const h of ['content-type', 'vary', 'cache-control', 'content-language', 'x-request-id', 'content-length']) {
      expect(head.headers[h], h).toEqual(got.headers[h]);
    }
    expect(head.headers['content-type']).toBe(fmt === 'json' ? JSON_CT : XML_CT);
  });

  it('HEAD of an unknown path: 404, no body', async () => {
    const res = await inject('HEAD', '/system/ws/v12/kb/nothing');
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe('');
    expectSystemHeaders(res);
  });

  it('OPTIONS that is not a CORS preflight → 204 with Allow', async () => {
    const res = await inject('OPTIONS', HELLO);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const allow = allowOf(res);
    expect(allow.has('GET')).toBe(true);
    expect(allow.has('HEAD')).toBe(true);
    expect(allow.has('POST')).toBe(false);
    expect(res.headers['content-type']).toBe(XML_CT);
    expectSystemHeaders(res);
    for (const h of Object.keys(res.headers)) expect(h.startsWith('access-control-')).toBe(false);
  });

  it('OPTIONS (not a preflight) of a PUT/DELETE path lists PUT and DELETE', async () => {
    const res = await inject('OPTIONS', `${T}/item`);
    expect(res.statusCode).toBe(204);
    const allow = allowOf(res);
    expect(allow.has('PUT')).toBe(true);
    expect(allow.has('DELETE')).toBe(true);
    expect(allow.has('GET')).toBe(false);
  });

  it('OPTIONS with Origin but without Access-Control-Request-Method is not a preflight: 204 with Allow', async () => {
    const res = await inject('OPTIONS', HELLO, { origin: 'https://unknown.example.com' });
    expect(res.statusCode).toBe(204);
    expect(allowOf(res).has('GET')).toBe(true);
  });

  it('OPTIONS (not a preflight) of an unknown path → 404-100', async () => {
    const res = await inject('OPTIONS', '/system/ws/v12/kb/nothing');
    expectError(res, '404-100');
  });
});

describe('01 §7.2 order of checks: route, then Accept, then Accept-Language', () => {
  it('unknown path beats a bad Accept: 404-100 (XML) even with Accept: text/html', async () => {
    const res = await inject('GET', '/system/ws/v12/kb/nothing', { accept: 'text/html' });
    expectError(res, '404-100', { format: 'xml' });
  });

  it('unknown path beats a bad Accept-Language: 404-100 in en-US', async () => {
    const res = await inject('GET', '/system/ws/v12/kb/nothing', { 'accept-language': 'fr-FR', accept: 'application/json' });
    expectError(res, '404-100', { format: 'json', lang: 'en-US' });
  });

  it('wrong method beats a bad Accept: 405-100 (XML) with Allow', async () => {
    const res = await inject('POST', HELLO, { accept: 'text/html' });
    expectError(res, '405-100', { format: 'xml' });
    expect(allowOf(res).has('GET')).toBe(true);
  });

  it('unknown path beats query validation: 404-100, not 400-101, for an unknown path with a query string', async () => {
    const res = await inject('GET', '/system/ws/v12/kb/nothing?foo=bar', { accept: 'application/json' });
    expectError(res, '404-100', { format: 'json' });
  });

  it('wrong method beats query validation: 405-100, not 400-101, with a query string', async () => {
    const res = await inject('POST', `${HELLO}?foo=bar`, { accept: 'application/json' });
    expectError(res, '405-100', { format: 'json' });
  });

  it('wrong method beats a bad Accept-Language: 405-100', async () => {
    const res = await inject('DELETE', HELLO, { 'accept-language': 'xx' });
    expectError(res, '405-100');
  });

  it('Accept (406-101) beats Accept-Language (406-100)', async () => {
    const res = await inject('GET', HELLO, { accept: 'text/html', 'accept-language': 'fr-FR' });
    expectError(res, '406-101', { format: 'xml', details: [{ key: 'Accept', value: 'text/html' }] });
  });

  it('Accept (406-101) beats body framing (415-100)', async () => {
    const res = await inject('POST', `${T}/echo`, { accept: 'text/html', 'content-type': 'text/plain' }, 'hello');
    expectError(res, '406-101');
  });

  it('Accept-Language (406-100) beats body framing (415-101, 400-150)', async () => {
    const a = await inject('POST', `${T}/echo`, { 'accept-language': 'fr-FR', 'content-type': 'application/json', 'content-encoding': 'gzip' }, '{}');
    expectError(a, '406-100');
    const b = await inject('POST', `${T}/echo`, { 'accept-language': 'fr-FR', 'content-type': 'application/json' }, '{');
    expectError(b, '406-100');
  });

  it('unknown path beats body framing: 404-100 for a compressed body to an unknown path', async () => {
    const res = await inject('POST', '/system/ws/v12/test/nothing', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, '{}');
    expectError(res, '404-100');
  });

  it('wrong method beats body framing: PUT with a malformed body on a POST-only path → 405-100', async () => {
    const res = await inject('PUT', `${T}/echo`, { 'content-type': 'application/json' }, '{');
    expectError(res, '405-100');
    expect(allowOf(res).has('POST')).toBe(true);
  });

  it('body framing (400-150) beats body validation (400-153)', async () => {
    const res = await inject('PUT', `${T}/item`, { 'content-type': 'application/json' }, '{"note":');
    expectError(res, '400-150');
  });
});

describe('01 §1.1 / §18 request target limit (8,192 bytes)', () => {
  const target = (len: number) => {
    const base = `${HELLO}?pad=`;
    return base + 'a'.repeat(len - base.length);
  };

  it('a request target of exactly 8,192 bytes is served', async () => {
    const url = target(8192);
    expect(url.length).toBe(8192);
    const res = await inject('GET', url);
    expect(res.statusCode).toBe(200);
  });

  it.each(FORMATS)('a request target of 8,193 bytes → 400-102 with details key url (%s)', async (fmt) => {
    const url = target(8193);
    const res = await inject('GET', url, { accept: acceptOf(fmt) });
    const body = expectError(res, '400-102', { format: fmt });
    expect(body.details).toHaveLength(1);
    expect(body.details[0]!.key).toBe('url');
    // The value is the target as sent, cut at 255 characters (01 §7.1).
    expect(body.details[0]!.value.length).toBeLessThanOrEqual(255);
    expect(url.startsWith(body.details[0]!.value)).toBe(true);
    expect(body.details[0]!.value.length).toBeGreaterThan(0);
  });

  // 01 §7.2: the target is validated at step 7, so every earlier check wins over an over-long target.
  const long = (path: string) => `${path}?pad=${'a'.repeat(8200)}`;

  it('unknown path beats it: 404-100', async () => {
    expectError(await inject('GET', long('/system/ws/v12/kb/nothing'), { accept: 'application/json' }), '404-100', {
      format: 'json',
      message: "No resource exists at path '/system/ws/v12/kb/nothing'.",
    });
  });

  it('wrong method beats it: 405-100', async () => {
    expectError(await inject('POST', long(HELLO)), '405-100');
  });

  it('Accept and Accept-Language beat it: 406-101, 406-100', async () => {
    expectError(await inject('GET', long(HELLO), { accept: 'text/html' }), '406-101');
    expectError(await inject('GET', long(HELLO), { 'accept-language': 'fr-FR' }), '406-100');
  });

  it('authentication beats it: 401-101 without a session', async () => {
    expectError(await inject('GET', long('/system/ws/v12/interaction/activity')), '401-101');
  });

  it('body framing beats it: 415-100', async () => {
    expectError(await inject('POST', long(`${T}/echo`), { 'content-type': 'text/plain' }, 'hello'), '415-100');
  });

  it('within the parameters, 400-101 comes first; a target over the limit with known names → 400-102 url', async () => {
    const unknown = await inject('GET', long(`${T}/sized`), { accept: 'application/json' });
    expect(expectError(unknown, '400-101', { format: 'json' }).details.map((d) => d.key)).toEqual(['pad']);
    const known = await inject('GET', `${T}/sized?len=${'1'.repeat(8200)}`, { accept: 'application/json' });
    expect(expectError(known, '400-102', { format: 'json' }).details.map((d) => d.key)).toEqual(['url']);
  });

  it('a route that ignores its query still has its target checked: 400-102 url', async () => {
    const res = await inject('GET', long('/system/ws/v11/general/about/license/all'), { accept: 'application/json' });
    expect(expectError(res, '400-102', { format: 'json' }).details.map((d) => d.key)).toEqual(['url']);
  });

  it('OPTIONS (not a preflight): 400-102 url on a known path, 404-100 on an unknown one', async () => {
    expect(expectError(await inject('OPTIONS', long(HELLO)), '400-102').details.map((d) => d.key)).toEqual(['url']);
    expectError(await inject('OPTIONS', long('/system/ws/v12/kb/nothing')), '404-100');
  });
});
