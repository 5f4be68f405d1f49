// The error edge: every error becomes a catalogue code rendered in the negotiated format and language (01 §7),
// unknown paths 404-100, wrong methods 405-100 with Allow (01 §1.1). Nothing else writes an error body.
import fp from 'fastify-plugin';
import FindMyWay from 'find-my-way';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, Err } from '../errors/app-error.ts';
import { formatMessage, legacyKbUnauthenticated, wireCode } from '../errors/catalogue.ts';
import { errorShape, legacyErrorShape } from '../representation/common-shapes.ts';
import type { Document } from '../representation/render.ts';
import { renderFor } from './represent.ts';
import { isApiPath, lenientNegotiation } from './negotiate.ts';
import { limitFor, type BodyLimits } from './body.ts';

const maxDetails = 30;
const maxDetailLength = 255;
/** Every path under it answers 401 with the legacy body (06 §1.3, 02 §8.2). */
const kbPrefix = '/system/ws/v12/kb/';

/** JSON dot notation with indexes: /contactPersons/contactPerson/0/firstName → contactPersons.contactPerson[0].firstName */
export function attributePath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (extra) parts.push(extra);
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

function valueAt(root: unknown, instancePath: string): unknown {
  let v = root;
  for (const p of instancePath.split('/').filter(Boolean)) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return v;
}

type ValidationIssue = { keyword: string; instancePath: string; params: Record<string, unknown> };

function fromValidation(err: FastifyError, request: FastifyRequest): AppError {
  const issue = (err.validation?.[0] ?? { keyword: '', instancePath: '', params: {} }) as ValidationIssue;
  const context = err.validationContext ?? 'body';
  if (context !== 'body') {
    const name = attributePath(issue.instancePath) || String(issue.params.missingProperty ?? context);
    const source = (context === 'params' ? request.params : request.query) as Record<string, unknown>;
    return Err.invalidParam(name, String(source?.[name] ?? ''));
  }
  // A list body was unwrapped from {"<key>": [...]}: its paths start at that key, as the client wrote them.
  const resource = request.routeOptions.config.body?.resource;
  const prefix = resource?.mode === 'list' ? resource.key : '';
  const path = (extra?: string) => prefix + attributePath(issue.instancePath, extra);
  if (issue.keyword === 'required') return Err.missingAttribute(path(String(issue.params.missingProperty)));
  if (issue.keyword === 'maxItems' && issue.params.limit === 75) {
    return Err.tooManyItems((valueAt(request.body, issue.instancePath) as unknown[]).length);
  }
  const value = valueAt(request.body, issue.instancePath);
  // A required attribute sent empty is missing (01 §7.3, 400-153): an empty string, or an empty list.
  if (issue.keyword === 'minLength' && value === '') return Err.missingAttribute(path());
  if (issue.keyword === 'minItems' && Array.isArray(value) && value.length === 0) return Err.missingAttribute(path() || 'body');
  return Err.invalidAttribute(path() || 'body', typeof value === 'object' ? '' : value);
}

/**
 * The database could not be reached, or no connection was free within ECE_DB_ACQUIRE_TIMEOUT_MS (01 §19): the
 * request is refused with 503-100, which a client retries, instead of failing with 500-100.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08001', '08006', 'P1001', 'P2024'].includes(e.code)) return true;
    if (typeof e.message === 'string' && /timeout exceeded when trying to connect|Connection terminated due to connection timeout/.test(e.message)) return true;
  }
  return false;
}

/** Maps anything thrown during a request to a catalogue error. */
export function toAppError(err: unknown, request: FastifyRequest, limits: BodyLimits): AppError {
  if (err instanceof AppError) return err;
  const e = err as FastifyError;
  if (e.validation) return fromValidation(e, request);
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return Err.bodyTooLarge(limitFor(request.headers['content-type'], limits));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return Err.unsupportedContentType(request.headers['content-type'] ?? '');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_TYPE':
      return Err.malformedBody();
  }
  if (isDatabaseUnavailable(err)) return Err.unavailable(5);
  return new AppError('500-100', {}, [{ key: 'requestId', value: request.id }]);
}

/** Strings in details are cut at 255 characters, counted in code points (01 §7.1, §18). */
function cut(s: string): string {
  if (s.length <= maxDetailLength) return s;
  const points = Array.from(s);
  return points.length <= maxDetailLength ? s : points.slice(0, maxDetailLength).join('');
}

/**
 * Whether the request is on a knowledge path (06 §1.3). The raw URL is not enough: `/system/ws/v12/%6Bb/…` reaches
 * the same routes, so the matched route decides, else the decoded path.
 */
function isKnowledgePath(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route) return route.startsWith(kbPrefix);
  const path = request.url.split('?')[0]!;
  try {
    return decodeURIComponent(path).startsWith(kbPrefix);
  } catch {
    return path.startsWith(kbPrefix);
  }
}

export function errorDocument(appErr: AppError, request: FastifyRequest): Document {
  if (appErr.status === 401 && isKnowledgePath(request)) {
    return { kind: 'bare', root: 'Error', shape: legacyErrorShape, value: { message: legacyKbUnauthenticated[request.lang] } };
  }
  const lang = appErr.key === '406-100' ? 'en-US' : request.lang;
  const details = appErr.details.slice(0, maxDetails).map((d) => ({ key: cut(d.key), value: cut(d.value) }));
  return {
    kind: 'bare',
    root: 'error',
    shape: errorShape,
    value: { code: wireCode(appErr.key), developerMessage: formatMessage(appErr.key, lang, appErr.params), details },
  };
}

export function sendError(reply: FastifyReply, appErr: AppError): FastifyReply {
  const request = reply.request;
  if (!request.negotiated) lenientNegotiation(request);
  reply.code(appErr.status).headers(appErr.headers);
  if (appErr.status === 401) reply.removeHeader('X-egain-session');
  // After a failed Accept (406-101) the lenient negotiation has already fallen back to XML (01 §2.1).
  return reply.type(request.negotiated.contentType).send(renderFor(reply, errorDocument(appErr, request)));
}

const methods = ['GET', 'POST', 'PUT', 'DELETE'] as const;

export const errorsPlugin = fp<{ limits: BodyLimits }>(
  async (app, { limits }) => {
    // A second router holding every API route, used only to tell 405 from 404.
    const known = FindMyWay({ ignoreTrailingSlash: true, maxParamLength: 2000 });
    app.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/system')) return;
      for (const m of [route.method].flat()) {
        if ((methods as readonly string[]).includes(m)) known.on(m as (typeof methods)[number], route.url, () => {});
      }
    });
    // A path some route names literally (no parameter) is that route's: the parametric routes of other methods that
    // would read its last segment as a value (`…/alarm/evaluate` as `{ids}`) do not count for it.
    const allowedMethods = (path: string): string[] => {
      const found = methods.flatMap((m) => {
        const route = known.find(m, path);
        return route ? [{ m, literal: Object.keys(route.params).length === 0 }] : [];
      });
      const literal = found.filter((f) => f.literal);
      const allow = (literal.length ? literal : found).map((f) => f.m);
      if (allow.includes('GET')) allow.splice(1, 0, 'HEAD' as never);
      return allow;
    };
    app.decorate('allowedMethods', allowedMethods);

    app.setNotFoundHandler(async (request, reply) => {
      lenientNegotiation(request);
      const path = request.url.split('?')[0]!;
      const allow = isApiPath(path) ? allowedMethods(path) : [];
      if (allow.length) return sendError(reply, Err.methodNotAllowed(request.method, allow));
      return sendError(reply, Err.unknownPath(path));
    });

    app.setErrorHandler(async (err, request, reply) => {
      const appErr = toAppError(err, request, limits);
      if (appErr.status === 500) request.log.error({ err }, 'unhandled error');
      else if (appErr.status === 503 && !(err instanceof AppError)) request.log.warn({ err: (err as Error).message }, 'database unavailable');
      return sendError(reply, appErr);
    });
  },
  { name: 'errors', dependencies: ['represent'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** The methods the API serves at a concrete path (empty for an unknown path). */
    allowedMethods(path: string): string[];
  }
}
