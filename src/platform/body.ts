// Request body framing (01 §3.1, §3.2, §18): one JSON shape for JSON and XML bodies, checked in the order
// 415-101, 413-100, 415-100, 400-150, before the route's schema validates it.
import { Readable } from 'node:stream';
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { Err } from '../errors/app-error.ts';
import { readXml } from '../xml/reader.ts';
import type { BodyKind } from './route-config.ts';
import { lenient } from './body-schema.ts';

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

export const bodyPlugin = fp<{ bodyLimit: number }>(
  async (app, { bodyLimit }) => {
    app.addHook('preParsing', async (request, _reply, payload) => {
      const body = request.routeOptions.config.body;
      if (!body) return payload;
      const encoding = request.headers['content-encoding'];
      if (encoding && encoding.trim().toLowerCase() !== 'identity') throw Err.compressedBody(encoding);
      const length = Number(request.headers['content-length']);
      if (length > bodyLimit) throw Err.bodyTooLarge(bodyLimit);
      return payload;
    });

    const textParser = (kind: BodyKind, parse: (text: string) => unknown) =>
      function (request: FastifyRequest, text: string, done: (err: Error | null, body?: unknown) => void) {
        if (!request.routeOptions.config.body) return done(null, undefined);
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
    app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, textParser('xml', (t) => readXml(t, { maxDepth }).value));
    // Any other type, or none: ignored where the route takes no body, else 415-100.
    app.addContentTypeParser('*', (request, payload, done) => {
      const drain = (err: Error | null) => {
        (payload as Readable).resume();
        done(err, undefined);
      };
      if (!request.routeOptions.config.body) return drain(null);
      drain(Err.unsupportedContentType(request.headers['content-type'] ?? ''));
    });

    app.addHook('preValidation', async (request) => {
      const spec = request.routeOptions.config.body;
      if (!spec) {
        request.body = undefined;
        return;
      }
      if (request.body === undefined || request.body === null) {
        if (spec.required !== false) throw Err.malformedBody();
        return;
      }
      if (spec.resource) request.body = unwrapResource(request.body, spec.resource.key, spec.resource.mode);
      request.body = lenient(request.routeOptions.schema?.body as never, request.body);
    });
  },
  { name: 'body' },
);
