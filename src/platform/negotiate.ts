// onRequest: the response format and language of every /system request (01 §2, §17), and the headers every
// /system response carries (01 §2.3, §16). Order of checks (01 §7.2): route, Accept, Accept-Language, readiness.
// preValidation: the request-target limit (01 §1.1) of the routes whose query parseQuery does not read.
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Lang } from '../errors/catalogue.ts';
import { Err } from '../errors/app-error.ts';
import { JSON_TYPE, negotiateFormat, negotiateLanguage, XML_TYPE, type Negotiated } from './negotiation.ts';

declare module 'fastify' {
  interface FastifyRequest {
    negotiated: Negotiated;
    lang: Lang;
  }
  interface FastifyContextConfig {
    /**
     * 'json': the route always answers JSON, whatever Accept says (the OAuth token and revoke endpoints, 02 §4).
     * 'bytes': the route answers stored bytes of their own type and Accept is not negotiated (attachment content,
     * 06 K28); its errors are JSON when Accept prefers JSON, else XML.
     */
    format?: 'json' | 'bytes';
  }
}

const maxRequestTarget = 8192;
const fallback: Negotiated = { format: 'xml', contentType: XML_TYPE };

export const isApiPath = (url: string) => url.startsWith('/system/') || url === '/system';

/** As cors.ts tells a preflight: it is answered for any /system path, existing or not (01 §15.2). */
const isPreflight = (request: FastifyRequest) =>
  request.method === 'OPTIONS' && typeof request.headers.origin === 'string' && !!request.headers['access-control-request-method'];

/** Negotiates without failing: the format and language an error about the request itself is written in. */
export function lenientNegotiation(request: FastifyRequest): void {
  request.negotiated =
    request.routeOptions.config?.format === 'json' ? { format: 'json', contentType: JSON_TYPE } : (negotiateFormat(request.headers.accept) ?? fallback);
  const lang = negotiateLanguage(request.headers['accept-language']);
  request.lang = lang ?? 'en-US';
}

export const negotiationPlugin = fp(
  async (app) => {
    app.decorateRequest('negotiated', null as unknown as Negotiated);
    app.decorateRequest('lang', 'en-US');

    app.addHook('onRequest', async (request, reply) => {
      lenientNegotiation(request);
      if (!isApiPath(request.url)) return;
      reply.header('Vary', 'Accept, Accept-Language, Accept-Encoding, Origin');
      reply.header('Cache-Control', 'no-store');
      reply.header('Content-Language', request.lang);
      // Only one trailing slash is ignored (01 §1.1): the router drops it, so `…/activity//` would reach
      // `…/activity/:ids` with an empty id. Any `//` is an empty segment that the one ignored slash does not explain.
      const path = request.url.split('?')[0]!;
      if (path.includes('//') && !isPreflight(request)) throw Err.unknownPath(path);
      // Unknown paths and wrong methods are answered first (404-100/405-100), in the lenient format.
      if (!request.routeOptions.url || request.routeOptions.config.corsOnly) return;
      // A path some route names literally belongs to that route, even where a parametric route of another method
      // would read its last segment as a value (GET `…/activity/complete` is not V1 with the id `complete`). Only a
      // parametric route can be such a reader, so literal routes skip the second router.
      if (request.routeOptions.url.includes(':')) {
        const allow = app.allowedMethods(path);
        if (allow.length && !allow.includes(request.method)) throw Err.methodNotAllowed(request.method, allow);
      }
      const accept = request.headers.accept;
      if (request.routeOptions.config.format === 'json') request.negotiated = { format: 'json', contentType: JSON_TYPE };
      else if (request.routeOptions.config.format !== 'bytes' && !negotiateFormat(accept)) throw Err.unsupportedAccept(accept ?? '');
      const acceptLanguage = request.headers['accept-language'];
      if (!negotiateLanguage(acceptLanguage)) {
        reply.header('Content-Language', 'en-US');
        throw Err.unsupportedLanguage(acceptLanguage ?? '');
      }
      if (!app.readiness.current.ready) throw Err.unavailable(5);
    });

    // An over-long target is a validation error (01 §7.2 step 7), so every earlier check wins over it. parseQuery
    // checks it at its 400-102 step, after 400-101; the routes it does not read (ignoreAll, OPTIONS) are checked here.
    app.addHook('preValidation', async (request) => {
      const config = request.routeOptions.config;
      if (!isApiPath(request.url) || !request.routeOptions.url) return;
      if (!config.corsOnly && !config.query?.ignoreAll) return;
      // The OPTIONS handler answers an unknown path 404-100 itself, and the route check comes first.
      if (config.corsOnly && !isPreflight(request) && !app.allowedMethods(request.url.split('?')[0]!).length) return;
      if (Buffer.byteLength(request.url, 'utf8') > maxRequestTarget) throw Err.invalidParam('url', request.url);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      if (isApiPath(request.url) && !reply.hasHeader('content-type')) reply.type(request.negotiated.contentType);
      return payload;
    });
  },
  { name: 'negotiation', dependencies: ['health'] },
);
