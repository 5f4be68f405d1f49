// 01 §2 (content negotiation, Content-Type, Vary/Cache-Control) and §17 (Accept-Language, Content-Language).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import {
  FORMATS,
  HELLO,
  JSON_CT,
  T,
  TEXT_XML_CT,
  XML_CT,
  XML_DECL,
  acceptOf,
  ctOf,
  expectError,
  expectSystemHeaders,
  fixtureRoutes,
  parseXmlHello,
} from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [fixtureRoutes]);
});
afterAll(async () => t?.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('01 §2.1 choosing XML or JSON (every row of the table)', () => {
  const rows: [string | undefined, 'xml' | 'json' | 'text/xml'][] = [
    [undefined, 'xml'],
    ['*/*', 'xml'],
    ['application/xml', 'xml'],
    ['text/xml', 'text/xml'],
    ['application/json', 'json'],
    ['application/json;charset=utf-8', 'json'],
    ['application/json, text/plain, */*', 'json'],
    ['application/xml, application/json', 'xml'],
    ['application/json;q=0.9, application/xml;q=0.8', 'json'],
    ['application/*', 'xml'],
    ['text/html, */*;q=0.1', 'xml'],
  ];
  it.each(rows)('Accept %s → %s', async (accept, expected) => {
    const res = await get(HELLO, accept === undefined ? {} : { accept });
    expect(res.statusCode).toBe(200);
    expectSystemHeaders(res);
    if (expected === 'json') {
      expect(res.headers['content-type']).toBe(JSON_CT);
      expect(res.json()).toMatchObject({ area: 'kb', version: 'v12', status: 'ok' });
    } else {
      expect(res.headers['content-type']).toBe(expected === 'text/xml' ? TEXT_XML_CT : XML_CT);
      expect(res.body.startsWith(XML_DECL)).toBe(true);
      expect(parseXmlHello(res.body).area).toBe('kb');
    }
  });

  it.each(['text/html', 'application/json;q=0'])('Accept %s → 406-101, body in XML, details Accept', async (accept) => {
    const res = await get(HELLO, { accept });
    expectError(res, '406-101', {
      format: 'xml',
      details: [{ key: 'Accept', value: accept }],
      message: `Unsupported 'Accept' header value '${accept}'. Supported: application/xml, application/json.`,
    });
  });

  it('406-101 is XML even when JSON was named first (both at q=0)', async () => {
    const res = await get(HELLO, { accept: 'application/json;q=0, application/xml;q=0, text/html' });
    expectError(res, '406-101', { format: 'xml' });
  });

  it('text/* matches text/xml: XML, not 406', async () => {
    const res = await get(HELLO, { accept: 'text/*' });
    expect(res.statusCode).toBe(200);
    expect(parseXmlHello(res.body).area).toBe('kb');
  });

  it('the most specific range decides: application/json;q=0 with */* → XML', async () => {
    const res = await get(HELLO, { accept: 'application/json;q=0, */*' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(XML_CT);
  });

  it('application/json beats */* at equal q regardless of order', async () => {
    const res = await get(HELLO, { accept: '*/*, application/json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(JSON_CT);
  });

  it('a higher q for application/xml wins over application/json', async () => {
    const res = await get(HELLO, { accept: 'application/json;q=0.5, application/xml' });
    expect(res.headers['content-type']).toBe(XML_CT);
  });

  it('entries that are not media ranges are ignored; a header left empty is */* (XML)', async () => {
    const a = await get(HELLO, { accept: 'garbage' });
    expect(a.statusCode).toBe(200);
    expect(a.headers['content-type']).toBe(XML_CT);
    const b = await get(HELLO, { accept: 'nonsense;;, application/json' });
    expect(b.statusCode).toBe(200);
    expect(b.headers['content-type']).toBe(JSON_CT);
    const c = await get(HELLO, { accept: '' });
    expect(c.statusCode).toBe(200);
    expect(c.headers['content-type']).toBe(XML_CT);
  });

  it('type and subtype compare case-insensitively', async () => {
    const res = await get(HELLO, { accept: 'Application/JSON' });
    expect(res.headers['content-type']).toBe(JSON_CT);
  });

  it('text/xml is used when it produced qXML and application/xml had a lower q; else application/xml', async () => {
    expect((await get(HELLO, { accept: 'text/xml, application/xml;q=0.5' })).headers['content-type']).toBe(TEXT_XML_CT);
    expect((await get(HELLO, { accept: 'text/xml, application/xml' })).headers['content-type']).toBe(XML_CT);
    expect((await get(HELLO, { accept: 'text/xml;q=0.4, application/xml;q=0.6' })).headers['content-type']).toBe(XML_CT);
  });

  // Step 4: type/* is a wildcard as much as */* is; only an explicit application/xml or text/xml keeps the tie for XML.
  it.each([
    ['application/json, application/*', JSON_CT],
    ['application/*, application/json', JSON_CT],
    ['text/*, application/json', JSON_CT],
    ['application/json;q=0.5, text/*;q=0.5', JSON_CT],
    ['application/json, text/xml, */*', XML_CT],
    ['application/json, application/xml, */*', XML_CT],
    ['application/json, text/xml, application/*', XML_CT],
    ['application/json, text/xml, application/xml;q=0.5', TEXT_XML_CT],
  ])('equal-q tie: Accept %s → %s', async (accept, ct) => {
    const res = await get(HELLO, { accept });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(ct);
    if (ct === JSON_CT) expect(res.json()).toMatchObject({ area: 'kb' });
    else expect(parseXmlHello(res.body).area).toBe('kb');
  });
});

describe('01 §2.2 Content-Type on every /system/ws response', () => {
  it.each(FORMATS)('200 (%s)', async (fmt) => {
    const res = await get(HELLO, { accept: acceptOf(fmt) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(ctOf(fmt));
  });

  it.each(FORMATS)('204 carries the negotiated Content-Type (%s)', async (fmt) => {
    const res = await t.app.inject({ method: 'DELETE', url: `${T}/item`, headers: { accept: acceptOf(fmt) } });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe(ctOf(fmt));
    expectSystemHeaders(res);
  });

  it.each(FORMATS)('errors carry the negotiated Content-Type (%s)', async (fmt) => {
    const res = await get('/system/ws/v12/kb/nothing-here', { accept: acceptOf(fmt) });
    expectError(res, '404-100', { format: fmt });
  });

  it('an error negotiated as text/xml is sent as text/xml', async () => {
    const res = await get('/system/ws/v12/kb/nothing-here', { accept: 'text/xml' });
    expectError(res, '404-100', { format: 'text/xml' });
  });

  it('bodies are compact UTF-8 without a byte-order mark', async () => {
    const json = await get(HELLO, { accept: 'application/json' });
    expect(json.rawPayload[0]).not.toBe(0xef);
    expect(json.body).toBe(JSON.stringify(JSON.parse(json.body)));
    const xml = await get(HELLO);
    expect(xml.rawPayload[0]).not.toBe(0xef);
    expect(xml.body).not.toMatch(/>\s+</);
    expect(xml.body).not.toContain('\n');
  });
});

describe('01 §2.3 Vary and Cache-Control', () => {
  it.each([
    ['200', () => get(HELLO)],
    ['200 JSON', () => get(HELLO, { accept: 'application/json' })],
    ['204', () => t.app.inject({ method: 'DELETE', url: `${T}/item` })],
    ['404', () => get('/system/ws/v12/nope')],
    ['405', () => t.app.inject({ method: 'POST', url: HELLO })],
    ['406-101', () => get(HELLO, { accept: 'text/html' })],
    ['406-100', () => get(HELLO, { 'accept-language': 'fr-FR' })],
    ['500', () => get(`${T}/boom`)],
    ['OPTIONS', () => t.app.inject({ method: 'OPTIONS', url: HELLO })],
  ])('%s response carries Vary and Cache-Control: no-store', async (_name, call) => {
    const res = await call();
    expectSystemHeaders(res);
  });
});

describe('01 §17 Accept-Language', () => {
  const ok: [string | undefined, 'en-US' | 'es-ES'][] = [
    [undefined, 'en-US'],
    ['es', 'es-ES'],
    ['es-ES', 'es-ES'],
    ['es_es', 'es-ES'],
    ['ES-es', 'es-ES'],
    ['en', 'en-US'],
    ['en_us', 'en-US'],
    ['en;q=0.5, es;q=0.9', 'es-ES'],
    ['es;q=0.5, en;q=0.9', 'en-US'],
    ['es, en', 'es-ES'],
    ['en, es', 'en-US'],
    ['*', 'en-US'],
    ['fr-FR, en;q=0.5', 'en-US'],
    ['fr-FR, es;q=0.5', 'es-ES'],
    ['fr-FR, *;q=0.1', 'en-US'],
  ];
  it.each(ok)('Accept-Language %s → Content-Language %s', async (al, lang) => {
    const res = await get(HELLO, al === undefined ? {} : { 'accept-language': al });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe(lang);
  });

  it.each(['fr-FR', 'es-MX', 'en-GB', 'de'])('unsupported %s → 406-100 in en-US, details Accept-Language', async (al) => {
    for (const fmt of FORMATS) {
      const res = await get(HELLO, { 'accept-language': al, accept: acceptOf(fmt) });
      expectError(res, '406-100', {
        format: fmt,
        lang: 'en-US',
        details: [{ key: 'Accept-Language', value: al }],
        message: `Unsupported 'Accept-Language' header value '${al}'.`,
      });
    }
  });

  it.each(['en;q=abc', 'es;q=2', 'en US', '12345678901', 'es;;q', '@@'])('malformed %s → 406-100', async (al) => {
    const res = await get(HELLO, { 'accept-language': al });
    expectError(res, '406-100', { lang: 'en-US', message: `Unsupported 'Accept-Language' header value '${al}'.` });
  });

  it('a malformed entry next to a supported one is still 406-100 (the header is malformed)', async () => {
    const res = await get(HELLO, { 'accept-language': 'es-ES, en;q=xyz' });
    expectError(res, '406-100', { lang: 'en-US' });
  });

  it.each(FORMATS)('es-ES error messages: 404-100 in Spanish (%s)', async (fmt) => {
    const res = await get('/system/ws/v12/nada', { 'accept-language': 'es-ES', accept: acceptOf(fmt) });
    expectError(res, '404-100', {
      format: fmt,
      lang: 'es-ES',
      message: "No existe ningún recurso en la ruta '/system/ws/v12/nada'.",
    });
  });

  it.each(FORMATS)('es-ES error messages: 405-100 in Spanish (%s)', async (fmt) => {
    const res = await t.app.inject({ method: 'PUT', url: HELLO, headers: { 'accept-language': 'es', accept: acceptOf(fmt) } });
    expectError(res, '405-100', { format: fmt, lang: 'es-ES', message: "El método 'PUT' no está permitido para este recurso." });
  });

  it('es-ES error messages: 406-101 in Spanish (the language is negotiated even when the format is not)', async () => {
    const res = await get(HELLO, { 'accept-language': 'es-ES', accept: 'text/html' });
    expectError(res, '406-101', {
      format: 'xml',
      lang: 'es-ES',
      message: "Valor no admitido del encabezado 'Accept' 'text/html'. Admitidos: application/xml, application/json.",
    });
  });

  it.each(FORMATS)('es-ES error messages: 500-100 in Spanish (%s)', async (fmt) => {
    const res = await get(`${T}/boom`, { 'accept-language': 'es-ES', accept: acceptOf(fmt) });
    expectError(res, '500-100', {
      format: fmt,
      lang: 'es-ES',
      message: 'El sistema no puede procesar la solicitud. Póngase en contacto con el administrador.',
    });
  });

  it('en-US error messages: 404-100', async () => {
    const res = await get('/system/ws/v12/nada');
    expectError(res, '404-100', { lang: 'en-US', message: "No resource exists at path '/system/ws/v12/nada'." });
  });
});
