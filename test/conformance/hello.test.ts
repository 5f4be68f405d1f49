// 09 §2 hello probes (C1–C4) and the unauthenticated-endpoint rules of 01 §1.2 that apply to them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { FORMATS, JSON_CT, XML_CT, XML_DECL, acceptOf, expectError, expectSystemHeaders, instantPattern, parseXmlHello, tokens } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

const AREAS = ['authentication', 'interaction', 'kb', 'administration'] as const;
const url = (area: string) => `/system/ws/v12/${area}/hello`;

function expectRecent(timestamp: string, before: number, after: number) {
  expect(timestamp).toMatch(instantPattern);
  const ms = Date.parse(timestamp);
  expect(ms).toBeGreaterThanOrEqual(before - 1);
  expect(ms).toBeLessThanOrEqual(after + 1);
}

describe('09 §2 GET /system/ws/v12/{area}/hello', () => {
  it.each(AREAS)('%s in XML (default): <hello> in the common namespace, area/version/status/timestamp', async (area) => {
    const before = Date.now();
    const res = await t.app.inject({ method: 'GET', url: url(area) });
    const after = Date.now();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XML_CT);
    expect(res.headers['content-language']).toBe('en-US');
    expectSystemHeaders(res);
    expect(res.body.startsWith(XML_DECL)).toBe(true);
    expect(res.body).toMatch(/<hello\s[^>]*xmlns="http:\/\/bindings\.egain\.com\/ws\/model\/v12\/gen\/common"/);
    const hello = parseXmlHello(res.body);
    expect(hello).toMatchObject({ area, version: 'v12', status: 'ok' });
    expectRecent(hello.timestamp, before, after);
  });

  it.each(AREAS)('%s in JSON: a bare object {area, version, status, timestamp}', async (area) => {
    const before = Date.now();
    const res = await t.app.inject({ method: 'GET', url: url(area), headers: { accept: 'application/json' } });
    const after = Date.now();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(JSON_CT);
    expectSystemHeaders(res);
    const body = res.json() as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['area', 'status', 'timestamp', 'version']);
    expect(body).toMatchObject({ area, version: 'v12', status: 'ok' });
    expectRecent(body.timestamp!, before, after);
  });

  it.each(FORMATS)('query parameters are ignored, whatever they are (%s)', async (fmt) => {
    for (const q of ['?foo=bar', '?$pagesize=999&$sort=nothing', '?x', '?a=1&a=2&$attribute=bogus', '?_=1714650000000']) {
      const res = await t.app.inject({ method: 'GET', url: url('interaction') + q, headers: { accept: acceptOf(fmt) } });
      expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
      if (fmt === 'json') expect(res.json()).toMatchObject({ area: 'interaction', status: 'ok' });
      else expect(parseXmlHello(res.body).area).toBe('interaction');
    }
  });

  it('a bogus X-egain-session header is ignored and not echoed', async () => {
    for (const area of AREAS) {
      const res = await t.app.inject({ method: 'GET', url: url(area), headers: { 'x-egain-session': 'bogus-session-id', accept: 'application/json' } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ area, status: 'ok' });
      expect(res.headers['x-egain-session']).toBeUndefined();
      expect(JSON.stringify(res.headers)).not.toContain('bogus-session-id');
    }
  });

  it('a bogus session cookie is ignored and not echoed', async () => {
    const res = await t.app.inject({ method: 'GET', url: url('kb'), headers: { cookie: 'X-egain-session=bogus; egain-session=bogus' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-egain-session']).toBeUndefined();
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('%s → 405-100 with Allow (JSON and XML)', async (method) => {
    for (const fmt of FORMATS) {
      const res = await t.app.inject({
        method: method as 'POST',
        url: url('kb'),
        headers: { accept: acceptOf(fmt), 'content-type': 'application/json' },
        payload: '{}',
      });
      expectError(res, '405-100', { format: fmt });
      const allow = new Set(tokens(res.headers.allow as string, false).map((m) => m.toUpperCase()));
      expect(allow.has('GET')).toBe(true);
      expect(allow.has('HEAD')).toBe(true);
      expect(allow.has(method)).toBe(false);
    }
  });

  it('HEAD → 200, same headers, no body', async () => {
    const res = await t.app.inject({ method: 'HEAD', url: url('administration'), headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe(JSON_CT);
    expectSystemHeaders(res);
  });

  it('Accept: text/html → 406-101 in XML', async () => {
    const res = await t.app.inject({ method: 'GET', url: url('kb'), headers: { accept: 'text/html' } });
    expectError(res, '406-101', { format: 'xml', details: [{ key: 'Accept', value: 'text/html' }] });
  });

  it('Accept-Language: es-ES → 200 with Content-Language es-ES (the body has nothing to translate)', async () => {
    const res = await t.app.inject({ method: 'GET', url: url('kb'), headers: { 'accept-language': 'es-ES', accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('es-ES');
    expect(res.json()).toMatchObject({ area: 'kb', version: 'v12', status: 'ok' });
  });

  it('hello exists only under v12', async () => {
    for (const v of ['v11', 'v15', 'v19', 'v20']) {
      const res = await t.app.inject({ method: 'GET', url: `/system/ws/${v}/kb/hello` });
      expectError(res, '404-100');
    }
    expectError(await t.app.inject({ method: 'GET', url: '/system/ws/v12/customer/hello' }), '404-100');
  });
});
