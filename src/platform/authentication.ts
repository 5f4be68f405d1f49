// onRequest: who is calling (02 §5, §4.3). Staff and customer sessions come from the X-egain-session header or,
// without it, the session cookie (then mutating requests need X-egain-csrf); Bearer tokens only on the routes that
// take them. Every response to a session-authenticated request echoes the session id, except 401s (01 §16).
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from '../authz/actor.ts';
import { csrfMatches, validateSession, validateToken, type AuthContext } from '../areas/authentication/session.service.ts';
import { isApiPath } from './negotiate.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'bearer': only a client-application token (messaging, revoke). Default: a staff or customer session. */
    auth?: 'session' | 'bearer';
  }
  interface FastifyRequest {
    actor: Actor;
  }
}

export const sessionCookie = 'X-egain-session';
export const csrfCookie = 'X-egain-csrf';

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw; // not percent-encoded text: no session id looks like this, so it is simply invalid (401-101)
      }
    }
  }
  return undefined;
}

const sessionRequired = () => new AppError('401-101', { header: 'X-egain-session' });
const tokenRequired = () => new AppError('401-101', { header: 'Authorization' }, [], { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
const mutating = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export const authenticationPlugin = fp<{ ctx: AuthContext; cookies: boolean }>(
  async (app, { ctx, cookies }) => {
    app.decorateRequest('actor', null as never);

    app.addHook('onRequest', async (request, reply) => {
      const config = request.routeOptions.config;
      if (!isApiPath(request.url) || !request.routeOptions.url || config.corsOnly || config.public) return;

      if (config.auth === 'bearer') {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
        const actor = m ? await validateToken(ctx, m[1]!) : null;
        if (!actor) throw tokenRequired();
        request.actor = actor;
        return;
      }

      const header = request.headers['x-egain-session'];
      const fromHeader = typeof header === 'string' ? header : undefined;
      const fromCookie = fromHeader === undefined && cookies ? readCookie(request, sessionCookie) : undefined;
      const presented = fromHeader ?? fromCookie;
      if (!presented) throw sessionRequired();
      const session = await validateSession(ctx, presented.trim());
      if (!session) throw sessionRequired();
      request.actor = session.actor;
      reply.header('X-egain-session', session.actor.sessionId);
      if (fromCookie !== undefined && mutating.has(request.method)) {
        const csrf = request.headers['x-egain-csrf'];
        if (!csrfMatches(typeof csrf === 'string' ? csrf : undefined, session.csrfHash)) {
          throw new AppError('403-198', {}, [{ key: 'X-egain-csrf', value: typeof csrf === 'string' ? csrf : '' }]);
        }
      }
    });
  },
  { name: 'authentication', dependencies: ['negotiation'] },
);
