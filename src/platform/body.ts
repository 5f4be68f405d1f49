// Request body framing (01 §3.1, §3.2, §18): one JSON shape for JSON and XML bodies, checked in the order
// 415-101, 413-100, 415-100, 400-150, before the route's schema validates it.
import { Readable } from 'node:stream';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { Err } from '../errors/app-error.ts';
import { readXml } from '../xml/reader.ts';
import type { BodyKind } from './route-config.ts';
import { lenient } from './body-schema.ts';
import { boundaryOf, parseMultipart, type Part } from './multipart.ts';

const maxDepth = 64;

function charsetOk(contentType: string | undefined): boolean {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return !m || /^utf-?8$/i.test(m[1]!);
}

function accepts(request: FastifyRequest, kind: BodyKind): boolean {
  const body = request.routeOptions.config.body;
  return !!body && (body.accepts ?? ['json', 'xml']).includes(kind);
}

/** Refuses JSON nested deeper than the limit before JSON.parse sees it (and before any recursion could). */
function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw Err.malformedBody();
  if (jsonDepthExceeds(text, maxDepth)) throw Err.malformedBody();
  try {
    // Keys that would reach an object's prototype when the body is later spread or merged are dropped.
    return JSON.parse(text, (key, value) => (key === '__proto__' || key === 'constructor' ? undefined : value));
  } catch {
    throw Err.malformedBody();
  }
}

/** An XML body as its JSON shape; an empty root element (`<item/>`) is an empty resource, like `{}`. */
function readXmlBody(text: string): unknown {
  const value = readXml(text, { maxDepth }).value;
  return value === '' ? {} : value;
}

/**
 * Unwraps the resource wrapper of 01 §3.2: a single-resource route reads `{"case":[{...}]}`, `{"case":{...}}`
 * and the bare object alike (more than one item → 400-152); a list route reads `{"activity":[...]}` and a bare
 * object as a list of one. Returns the bare object (single) or the array (list).
 */
export function unwrapResource(body: unknown, key: string, mode: 'single' | 'list'): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw Err.malformedBody();
  const wrapped = (body as Record<string, unknown>)[key];
  const isWrapper = Object.keys(body).length === 1 && wrapped !== null && typeof wrapped === 'object';
  if (mode === 'list') {
    if (!isWrapper) return [body];
    return Array.isArray(wrapped) ? wrapped : [wrapped];
  }
  if (!isWrapper) return body;
  if (!Array.isArray(wrapped)) return wrapped;
  if (wrapped.length !== 1) throw Err.invalidAttribute(key, '');
  return wrapped[0];
}

const blankBytes = new Set([0x20, 0x09, 0x0a, 0x0d]);
/** Nothing, or only whitespace: what a JSON parser would read as no document. */
const isBlank = (body: string | Buffer) => (typeof body === 'string' ? body.trim() === '' : body.every((b) => blankBytes.has(b)));

/**
 * A blank body where the route's body is optional (K4 close) is no body, whatever its Content-Type: 400-150 is for a
 * body that is empty where one is required, and 415-100 for a non-empty one (01 §3.1 rules 3 and 4).
 */
const optionalAndBlank = (request: FastifyRequest, body: string | Buffer) =>
  request.routeOptions.config.body?.required === false && isBlank(body);

const isMultipart = (contentType: string | undefined) => /^\s*multipart\//i.test(contentType ?? '');
const isForm = (contentType: string | undefined) => /^\s*application\/x-www-form-urlencoded/i.test(contentType ?? '');
const formLimit = 64 * 1024;

/** The body limit of a request: multipart and form bodies have their own (01 §18). */
export const limitFor = (contentType: string | undefined, limits: BodyLimits) =>
  isMultipart(contentType) ? limits.multipart : isForm(contentType) ? Math.min(formLimit, limits.body) : limits.body;

export type BodyLimits = { body: number; multipart: number };

/** Text of a multipart part that is not a file. */
const text = (p: Part) => p.data.toString('utf8');

/**
 * Turns the parts of a multipart body into what the route reads (route config `body.multipart`):
 * 'data-part' (05 §9.4) parses the `data` part as JSON or XML and keeps the file parts as attachments;
 * 'fields' (02 §3.3) reads the non-file parts as a flat object; 'parts' leaves the parts to the route.
 */
function fromMultipart(request: FastifyRequest, parts: Part[]): unknown {
  const mode = request.routeOptions.config.body?.multipart ?? 'parts';
  // The `data` part is the activity even when the client sent it as a file (`FormData` with a Blob, `curl -F
  // data=@body.json`): it is never an attachment.
  const data = mode === 'data-part' ? parts.find((p) => p.name === 'data') : undefined;
  request.multipart = { parts, files: parts.filter((p) => p.filename !== undefined && p !== data) };
  if (mode === 'fields') {
    return Object.fromEntries(parts.filter((p) => p.filename === undefined && p.name).map((p) => [p.name!, text(p)]));
  }
  if (mode === 'parts') return undefined;
  if (!data) throw Err.missingAttribute('data');
  const declared = parts.find((p) => p.name === 'data-type' && p.filename === undefined);
  const type = (declared ? text(declared) : data.contentType ?? '').trim().toLowerCase().split(';')[0]!;
  const value = text(data);
  const asXml = type === 'application/xml' || type === 'text/xml' || (!type && value.trimStart().startsWith('<'));
  if (!asXml && type && type !== 'application/json') throw Err.unsupportedContentType(type);
  return asXml ? readXmlBody(value) : parseJsonBody(value);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The parts of a multipart body, and its file parts (attachments). */
    multipart?: { parts: Part[]; files: Part[] };
  }
}

export const bodyPlugin = fp<{ limits: BodyLimits }>(
  async (app, { limits }) => {
    app.addHook('preParsing', async (request, _reply, payload) => {
      const body = request.routeOptions.config.body;
      if (!body) return payload;
      const encoding = request.headers['content-encoding'];
      if (encoding && encoding.trim().toLowerCase() !== 'identity') throw Err.compressedBody(encoding);
      const limit = limitFor(request.headers['content-type'], limits);
      if (Number(request.headers['content-length']) > limit) throw Err.bodyTooLarge(limit);
      return payload;
    });

    const textParser = (kind: BodyKind, parse: (text: string) => unknown) =>
      function (request: FastifyRequest, text: string, done: (err: Error | null, body?: unknown) => void) {
        if (!request.routeOptions.config.body || optionalAndBlank(request, text)) return done(null, undefined);
        if (!accepts(request, kind) || !charsetOk(request.headers['content-type'])) {
          return done(Err.unsupportedContentType(request.headers['content-type'] ?? ''));
        }
        try {
          done(null, parse(text));
        } catch (err) {
          done(err as Error);
        }
      };

    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'string' }, textParser('json', parseJsonBody));
    app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, textParser('xml', readXmlBody));
    // Only the token endpoint takes form bodies (01 §3.1), at most 64 KiB (01 §18).
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: formLimit },
      textParser('form', (text) => {
        if (text.trim() === '') throw Err.malformedBody();
        return Object.fromEntries(new URLSearchParams(text));
      }),
    );
    app.addContentTypeParser(
      ['multipart/form-data', 'multipart/mixed'],
      { parseAs: 'buffer', bodyLimit: limits.multipart },
      (request, body: Buffer, done) => {
        const contentType = request.headers['content-type'] ?? '';
        if (!request.routeOptions.config.body || optionalAndBlank(request, body)) return done(null, undefined);
        const kind: BodyKind = /^\s*multipart\/mixed/i.test(contentType) ? 'multipart-mixed' : 'multipart';
        const boundary = boundaryOf(contentType);
        if (!accepts(request, kind)) return done(Err.unsupportedContentType(contentType));
        try {
          if (!boundary) throw Err.malformedBody();
          done(null, fromMultipart(request, parseMultipart(body, boundary)));
        } catch (err) {
          done(err as Error);
        }
      },
    );
    // Any other type, or none: ignored where the route takes no body, else 415-100; where the body is optional, an
    // empty one is no body (rule 3 of 01 §3.1 refuses non-empty ones), so there the first non-blank byte decides.
    app.addContentTypeParser('*', (request, payload, done) => {
      const stream = payload as Readable;
      const drain = (err: Error | null) => {
        stream.resume();
        done(err, undefined);
      };
      const spec = request.routeOptions.config.body;
      if (!spec) return drain(null);
      const refused = () => Err.unsupportedContentType(request.headers['content-type'] ?? '');
      if (spec.required !== false) return drain(refused());
      let settled = false;
      const settle = (err: Error | null) => {
        if (settled) return;
        settled = true;
        drain(err);
      };
      stream.on('data', (chunk: Buffer) => {
        if (!isBlank(chunk)) settle(refused());
      });
      stream.once('end', () => settle(null));
      stream.once('error', (err) => settle(err));
    });

    app.addHook('preValidation', async (request) => {
      const spec = request.routeOptions.config.body;
      if (!spec) {
        request.body = undefined;
        return;
      }
      if (request.body === undefined || request.body === null) {
        if (spec.required !== false && !request.multipart) throw Err.malformedBody();
        return;
      }
      if (spec.resource) request.body = unwrapResource(request.body, spec.resource.key, spec.resource.mode);
      // A list body was unwrapped from {"<key>": [...]}: attribute paths start at that key, as the client wrote them.
      const prefix = spec.resource?.mode === 'list' ? spec.resource.key : '';
      request.body = lenient(request.routeOptions.schema?.body as never, request.body, prefix);
    });
  },
  { name: 'body' },
);
