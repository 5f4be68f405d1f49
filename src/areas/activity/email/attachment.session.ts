// V19 is public with a one-time `token` and needs a session without one (05 §9.15, 02 §7.2). The route is declared
// `public` (the platform then skips authentication); this hook authenticates the token-less request exactly as the
// platform does for every session endpoint (platform/authentication.ts): X-egain-session, else the session cookie
// when cookies are on, 401-101 otherwise, and the session id echoed. GET needs no CSRF header (02 §5).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, Err } from '../../../errors/app-error.ts';
import { readCookie, sessionCookie } from '../../../platform/authentication.ts';
import { parsePathId } from '../../../query/ids.ts';
import { validateSession } from '../../authentication/session.service.ts';

/** Whether the request carries a `token` query parameter (even an empty one: it is then a wrong token). */
export const hasToken = (request: FastifyRequest) => Object.prototype.hasOwnProperty.call(request.query ?? {}, 'token');

/**
 * `token=` is a wrong token like any other (05 §9.15: 404-101; the empty-value rules of 01 §8 and §10 are those of
 * the `$` parameters and of search criteria). The query grammar would refuse it as 400-102, so it is answered here,
 * but only when nothing 01 §7.2 puts first is wrong: the token is the only parameter (else the grammar reports the
 * others, 400-101 or 400-104) and the path ids are well-formed (else 400-102, as the route would say).
 */
function refuseEmptyToken(request: FastifyRequest): void {
  const query = request.query as Record<string, unknown>;
  if (query.token !== '' || Object.keys(query).length !== 1) return;
  const params = request.params as { id: string; attachmentId: string };
  parsePathId(params.id);
  // The answer of attachment.service.ts downloadWithToken for a token that matches nothing.
  throw Err.idsNotFound([String(parsePathId(params.attachmentId, 'attachmentId'))]);
}

export async function sessionUnlessToken(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (hasToken(request)) return refuseEmptyToken(request);
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
