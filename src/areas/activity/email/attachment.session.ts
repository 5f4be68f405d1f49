// V19 is public with a one-time `token` and needs a session without one (05 §9.15, 02 §7.2). The route is declared
// `public` (the platform then skips authentication); this hook authenticates the token-less request exactly as the
// platform does for every session endpoint (platform/authentication.ts): X-egain-session, else the session cookie
// when cookies are on, 401-101 otherwise, and the session id echoed. GET needs no CSRF header (02 §5).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../../errors/app-error.ts';
import { readCookie, sessionCookie } from '../../../platform/authentication.ts';
import { validateSession } from '../../authentication/session.service.ts';

/** Whether the request carries a `token` query parameter (even an empty one: it is then a wrong token). */
export const hasToken = (request: FastifyRequest) => Object.prototype.hasOwnProperty.call(request.query ?? {}, 'token');

export async function sessionUnlessToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (hasToken(request)) return;
  const app = request.server;
  const header = request.headers['x-egain-session'];
  const fromHeader = typeof header === 'string' ? header : undefined;
  const presented = fromHeader ?? (app.config.sessionCookies ? readCookie(request, sessionCookie) : undefined);
  const session = presented ? await validateSession(app.auth, presented.trim()) : null;
  if (!session) throw new AppError('401-101', { header: 'X-egain-session' });
  request.actor = session.actor;
  reply.header('X-egain-session', session.actor.sessionId);
  app.takeSessionRate(session.actor.sessionId);
}
