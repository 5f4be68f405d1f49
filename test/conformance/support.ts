// Shared helpers and fixture routes of the wire-layer conformance suite (01-conventions.md).
// Fixture routes live under /system/ws/v12/test/... and are registered through getTestApp(env, routes).
import type { FastifyPluginAsync } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { Type } from '@sinclair/typebox';
import { expect } from 'vitest';
import { NS } from '../../src/representation/namespaces.ts';
import { f, resource, shape } from '../../src/representation/shape.ts';
import { AppError } from '../../src/errors/app-error.ts';
import { B } from '../../src/platform/body-schema.ts';
import { activityShape, sampleActivity } from '../fixtures/sample-shapes.ts';
import { canonicalXml, type CanonicalElement } from '../helpers/xml-canonical.ts';

export const COMMON = 'http://bindings.egain.com/ws/model/v12/gen/common';
export const JSON_CT = 'application/json; charset=utf-8';
export const XML_CT = 'application/xml; charset=utf-8';
export const TEXT_XML_CT = 'text/xml; charset=utf-8';
export const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
export const HELLO = '/system/ws/v12/kb/hello';

export type Fmt = 'json' | 'xml';
export const FORMATS: Fmt[] = ['json', 'xml'];
export const acceptOf = (fmt: Fmt) => (fmt === 'json' ? 'application/json' : 'application/xml');
export const ctOf = (fmt: Fmt) => (fmt === 'json' ? JSON_CT : XML_CT);

export type ErrorBody = { code: string; developerMessage: string; details: { key: string; value: string }[] };

/** Reads an XML error document (01 §7.1): `<error>` in the common namespace, children in the common namespace. */
export function parseXmlError(xml: string): ErrorBody {
  const root = canonicalXml(xml);
  expect(root.name).toBe(`{${COMMON}}error`);
  const out: ErrorBody = { code: '', developerMessage: '', details: [] };
  for (const c of root.children) {
    if (c.name === `{${COMMON}}code`) out.code = c.text ?? '';
    else if (c.name === `{${COMMON}}developerMessage`) out.developerMessage = c.text ?? '';
    else if (c.name === `{${COMMON}}details`) {
      const key = c.children.find((k) => k.name === `{${COMMON}}key`);
      const value = c.children.find((k) => k.name === `{${COMMON}}value`);
      expect(key, 'details/key').toBeDefined();
      expect(value, 'details/value').toBeDefined();
      expect(c.children.length).toBe(2);
      out.details.push({ key: key?.text ?? '', value: value?.text ?? '' });
    } else throw new Error(`unexpected child ${c.name} in <error>`);
  }
  // Element order: code, developerMessage, details* (01 §7.1 example).
  const names = root.children.map((c) => c.name.replace(`{${COMMON}}`, ''));
  const firstDetails = names.indexOf('details');
  expect(names.slice(0, 2)).toEqual(['code', 'developerMessage']);
  if (firstDetails >= 0) expect(names.slice(firstDetails).every((n) => n === 'details')).toBe(true);
  return out;
}

/** Reads a JSON error body and checks its shape (01 §7.1): code, developerMessage, optional details[{key,value}]. */
export function parseJsonError(text: string): ErrorBody {
  const body = JSON.parse(text) as Record<string, unknown>;
  const keys = Object.keys(body);
  for (const k of keys) expect(['code', 'developerMessage', 'details']).toContain(k);
  expect(typeof body.code).toBe('string');
  expect(typeof body.developerMessage).toBe('string');
  const details = (body.details ?? []) as unknown[];
  expect(Array.isArray(details)).toBe(true);
  for (const d of details) {
    expect(Object.keys(d as object).sort()).toEqual(['key', 'value']);
    expect(typeof (d as { key: unknown }).key).toBe('string');
    expect(typeof (d as { value: unknown }).value).toBe('string');
  }
  return { code: body.code as string, developerMessage: body.developerMessage as string, details: details as ErrorBody['details'] };
}

export type ErrorExpectation = {
  /** Format the body must be in (and its Content-Type): json, xml or text/xml. */
  format?: Fmt | 'text/xml';
  details?: { key: string; value: string }[];
  message?: string;
  lang?: 'en-US' | 'es-ES';
};

/**
 * Asserts an error response: status, Content-Type of the format, the body shape of that format, the code (whose
 * first part equals the status), the details when given, the message when given, Content-Language, and the
 * headers every /system/ws response carries (01 §2.3).
 */
export function expectError(res: LightMyRequestResponse, code: string, exp: ErrorExpectation = {}): ErrorBody {
  const status = Number(code.slice(0, 3));
  const format = exp.format ?? 'xml';
  expect(res.statusCode, `status for ${code}; body: ${res.body.slice(0, 300)}`).toBe(status);
  expect(res.headers['content-type']).toBe(format === 'json' ? JSON_CT : format === 'text/xml' ? TEXT_XML_CT : XML_CT);
  const body = format === 'json' ? parseJsonError(res.body) : parseXmlError(res.body);
  if (format !== 'json') expect(res.body.startsWith(XML_DECL)).toBe(true);
  expect(body.code).toBe(code);
  if (exp.details) expect(body.details).toEqual(exp.details);
  if (exp.message !== undefined) expect(body.developerMessage).toBe(exp.message);
  expect(res.headers['content-language']).toBe(exp.lang ?? 'en-US');
  expectSystemHeaders(res);
  return body;
}

/** Comma-separated header tokens, trimmed (optionally lower-cased). */
export function tokens(value: string | string[] | number | undefined, lower = true): string[] {
  if (value === undefined) return [];
  const s = Array.isArray(value) ? value.join(',') : String(value);
  return s
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => (lower ? t.toLowerCase() : t));
}

/** 01 §2.3: Vary: Accept, Accept-Language, Accept-Encoding, Origin and Cache-Control: no-store. */
export function expectSystemHeaders(res: LightMyRequestResponse): void {
  expect(new Set(tokens(res.headers.vary))).toEqual(new Set(['accept', 'accept-language', 'accept-encoding', 'origin']));
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['content-type']).toBeDefined();
}

export function accessControlHeaders(res: LightMyRequestResponse): Record<string, unknown> {
  return Object.fromEntries(Object.entries(res.headers).filter(([k]) => k.toLowerCase().startsWith('access-control-')));
}

export type HelloView = { area: string; version: string; status: string; timestamp: string };

/** The XML hello body (09 §2): root `hello` in the common namespace, children area/version/status/timestamp. */
export function parseXmlHello(xml: string): HelloView {
  const root: CanonicalElement = canonicalXml(xml);
  expect(root.name).toBe(`{${COMMON}}hello`);
  expect(root.children.map((c) => c.name)).toEqual(['area', 'version', 'status', 'timestamp'].map((n) => `{${COMMON}}${n}`));
  const text = (n: string) => root.children.find((c) => c.name === `{${COMMON}}${n}`)?.text ?? '';
  return { area: text('area'), version: text('version'), status: text('status'), timestamp: text('timestamp') };
}

export const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// ---------------------------------------------------------------------------------------------------------
// Fixture routes
// ---------------------------------------------------------------------------------------------------------

export const T = '/system/ws/v12/test';

const echoShape = shape(NS.common, { parsed: f.text() });
/** Answers the parsed body back as `{"parsed":"<JSON of request.body>"}` / `<echo><parsed>…</parsed></echo>`. */
const echoDoc = (body: unknown) => ({ kind: 'bare' as const, root: 'echo', shape: echoShape, value: { parsed: JSON.stringify(body) } });

// Declared with the platform's body schema builders (src/platform/body-schema.ts), as area routes declare theirs.
export const ContactPerson = Type.Object({
  firstName: B.text(),
  lastName: Type.Optional(B.text()),
  age: Type.Optional(B.int()),
});

export const EchoCase = Type.Object({
  id: Type.Optional(B.id()),
  subject: Type.Optional(B.text()),
  priority: Type.Optional(B.int()),
  urgent: Type.Optional(B.bool()),
  customer: Type.Optional(Type.Object({ id: Type.Optional(B.id()) })),
  contactPersons: Type.Optional(Type.Object({ contactPerson: B.list(ContactPerson) })),
});

export const EchoItem = Type.Object({ name: Type.String({ minLength: 1, maxLength: 255 }), note: Type.Optional(B.text()) });

export const sampleActivities = (n: number) => Array.from({ length: n }, (_, i) => sampleActivity(1000 + i));
const detailsShape = resource('thing', NS.common, { id: f.id(), text: f.text() });

export const fixtureRoutes: FastifyPluginAsync = async (app) => {
  // A single-resource body route (01 §3.2), key `case`.
  app.post(
    `${T}/echo`,
    { config: { public: true, body: { resource: { key: 'case', mode: 'single' } } }, schema: { body: EchoCase, hide: true } },
    async (request, reply) => reply.represent(echoDoc(request.body)),
  );
  // A list body route (01 §3.2), key `activity`.
  app.post(
    `${T}/list`,
    {
      config: { public: true, body: { resource: { key: 'activity', mode: 'list' } } },
      schema: { body: B.list(Type.Object({ id: Type.Optional(B.id()), subject: Type.Optional(B.text()) })), hide: true },
    },
    async (request, reply) => reply.represent(echoDoc(request.body)),
  );
  // An edit-like route with a required top-level attribute.
  app.put(
    `${T}/item`,
    { config: { public: true, body: { resource: { key: 'item', mode: 'single' } } }, schema: { body: EchoItem, hide: true } },
    async (_request, reply) => reply.noContent(),
  );
  // A route that takes no body (01 §3.1: any body is ignored).
  app.post(`${T}/nobody`, { config: { public: true }, schema: { hide: true } }, async (request, reply) =>
    reply.represent(echoDoc(request.body ?? null)),
  );
  app.delete(`${T}/item`, { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.noContent());
  // An unexpected failure (01 §7, 500-100).
  app.get(`${T}/boom`, { config: { public: true }, schema: { hide: true } }, async () => {
    throw new Error('boom at /etc/secret.sql SELECT');
  });
  // An error with too many / too long details (01 §7.1 caps).
  app.get(`${T}/many-details`, { config: { public: true }, schema: { hide: true } }, async () => {
    const details = Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));
    details[0] = { key: 'long', value: 'x'.repeat(300) };
    details[1] = { key: 'k'.repeat(300), value: 'short' };
    details[2] = { key: 'astral', value: '😀'.repeat(300) };
    throw new AppError('400-152', { attribute: 'long' }, details);
  });
  // A large list document (compression, 01 §14).
  app.get(`${T}/activities`, { config: { public: true }, schema: { hide: true } }, async (_request, reply) =>
    reply.represent({ kind: 'list', shape: activityShape, items: sampleActivities(40) }),
  );
  // A body of a chosen size: one item whose `text` holds `len` letters.
  app.get(
    `${T}/sized`,
    { config: { public: true, query: { mode: 'action', criteria: [{ name: 'len', kind: 'integer', min: 0 }] } }, schema: { hide: true } },
    async (request, reply) => {
    const len = Number(new URL(request.url, 'http://x').searchParams.get('len') ?? '10');
    return reply.represent({ kind: 'list', shape: detailsShape, items: [{ id: 1, text: 'a'.repeat(len) }] });
    },
  );
};
