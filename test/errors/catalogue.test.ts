import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyPluginAsync } from 'fastify';
import { catalogue, formatMessage, wireCode, type ErrorKey } from '../../src/errors/catalogue.ts';
import { AppError } from '../../src/errors/app-error.ts';
import { NS } from '../../src/representation/namespaces.ts';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { canonicalXml } from '../helpers/xml-canonical.ts';

// 01 §7.3: the complete list of codes the server emits.
const specCodes = [
  '400-101', '400-102', '400-103', '400-104', '400-112', '400-150', '400-152', '400-153', '400-160', '400-170',
  '401-101', '401-102', '401-103', '403-197', '403-198', '403-199', '404-100', '404-101', '405-100', '406-100',
  '406-101', '409-101', '409-102', '413-100', '415-100', '415-101', '429-100', '500-100', '503-100',
];

describe('error catalogue (01 §7.3)', () => {
  it('holds exactly the codes of the specification, each with its HTTP status', () => {
    const codes = [...new Set(Object.keys(catalogue).map((k) => wireCode(k as ErrorKey)))].sort();
    expect(codes).toEqual([...specCodes].sort());
    for (const key of Object.keys(catalogue) as ErrorKey[]) expect(String(catalogue[key].status)).toBe(key.slice(0, 3));
  });

  it('fills placeholders in both languages', () => {
    expect(formatMessage('400-101', 'en-US', { names: 'foo' })).toBe("Unsupported query parameter(s) supplied: 'foo'.");
    expect(formatMessage('400-101', 'es-ES', { names: 'foo' })).toBe("Se han proporcionado parámetros de consulta no admitidos: 'foo'.");
    expect(formatMessage('409-102', 'es-ES', { id: '7', reason: { 'en-US': 'the case is closed', 'es-ES': 'el caso está cerrado' } })).toBe(
      'El estado actual del recurso 7 no permite esta acción: el caso está cerrado.',
    );
    expect(formatMessage('401-102-client', 'en-US')).toBe('Invalid client credentials.');
    expect(formatMessage('406-100', 'es-ES', { value: 'fr' })).toBe("Unsupported 'Accept-Language' header value 'fr'.");
  });
});

const routes: FastifyPluginAsync = async (app) => {
  for (const path of ['/system/ws/v12/kb/test/private', '/system/ws/v12/interaction/test/private']) {
    app.get(path, { config: { public: true } }, async () => {
      throw new AppError('401-101', { header: 'X-egain-session' });
    });
  }
};

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [routes]);
});
afterAll(async () => t?.close());

describe('401 bodies (02 §8)', () => {
  it('uses the legacy shape on knowledge paths, in both formats and languages', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/system/ws/v12/kb/test/private', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(401);
    expect(json.json()).toEqual({ message: 'User could not be authenticated. Invalid session ID.' });
    const es = await t.app.inject({ method: 'GET', url: '/system/ws/v12/kb/test/private', headers: { accept: 'application/json', 'accept-language': 'es' } });
    expect(es.json()).toEqual({ message: 'No se pudo autenticar al usuario. El ID de sesión no es válido.' });
    const xml = canonicalXml((await t.app.inject({ method: 'GET', url: '/system/ws/v12/kb/test/private' })).body);
    expect(xml).toEqual({
      name: `{${NS.platform}}Error`,
      attrs: {},
      children: [{ name: `{${NS.platform}}message`, attrs: {}, text: 'User could not be authenticated. Invalid session ID.', children: [] }],
    });
  });

  it('uses the standard shape elsewhere', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/system/ws/v12/interaction/test/private', headers: { accept: 'application/json' } });
    expect(json.json()).toEqual({ code: '401-101', developerMessage: "Invalid or expired 'X-egain-session' header provided. New login is required." });
  });
});
