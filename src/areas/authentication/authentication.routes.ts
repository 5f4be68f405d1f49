// 02 §3: staff login/logout (v12) and the customer logout (v15). The customer login comes with the customers area.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Err } from '../../errors/app-error.ts';
import { criterion } from '../../query/parse.ts';
import type { QuerySpec } from '../../query/spec.ts';
import { csrfCookie, sessionCookie } from '../../platform/authentication.ts';
import { logout, staffLogin, type AuthContext, type IssuedSession } from './session.service.ts';

const loginQuery: QuerySpec = { mode: 'action', criteria: [{ name: 'forceLogin', kind: 'boolean' }] };

// Both spellings of the login id are read (02 §3.1: `username` is an alias; `userName` wins).
const LoginBody = Type.Object({ userName: Type.Optional(Type.String()), username: Type.Optional(Type.String()), password: Type.Optional(Type.String()) });
type LoginBody = { userName?: string; username?: string; password?: string };

function credentials(body: unknown): { loginId: string; password: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw Err.malformedBody();
  const b = body as LoginBody;
  const loginId = (b.userName ?? b.username ?? '').trim();
  if (!loginId) throw Err.missingAttribute('userName');
  if (!b.password) throw Err.missingAttribute('password');
  return { loginId, password: b.password };
}

function cookieAttributes(request: FastifyRequest): string {
  return `Path=/system; SameSite=Strict${request.protocol === 'https' ? '; Secure' : ''}`;
}

function sendSession(request: FastifyRequest, reply: FastifyReply, session: IssuedSession, cookies: boolean): FastifyReply {
  reply.header('X-egain-session', session.sessionId);
  if (cookies) {
    const attrs = cookieAttributes(request);
    reply.header('X-egain-csrf', session.csrfToken);
    reply.header('Set-Cookie', [`${sessionCookie}=${session.sessionId}; ${attrs}; HttpOnly`, `${csrfCookie}=${session.csrfToken}; ${attrs}`]);
  }
  return reply.noContent();
}

function clearCookies(request: FastifyRequest, reply: FastifyReply, cookies: boolean): void {
  if (!cookies) return;
  const attrs = cookieAttributes(request);
  reply.header('Set-Cookie', [`${sessionCookie}=; ${attrs}; HttpOnly; Max-Age=0`, `${csrfCookie}=; ${attrs}; Max-Age=0`]);
}

export const authenticationRoutes =
  (ctx: AuthContext, opts: { cookies: boolean }): FastifyPluginAsync =>
  async (app) => {
    app.post(
      '/system/ws/v12/authentication/user/login',
      {
        config: { public: true, query: loginQuery, body: {} },
        schema: { tags: ['authentication'], summary: 'Staff login (02 §3.1)', body: LoginBody },
      },
      async (request, reply) => {
        const { loginId, password } = credentials(request.body);
        const session = await staffLogin(ctx, {
          loginId,
          password,
          forceLogin: criterion(request.parsed, 'forceLogin', 'boolean')?.value ?? false,
          clientIp: request.ip,
          userAgent: request.headers['user-agent'],
        });
        return sendSession(request, reply, session, opts.cookies);
      },
    );

    app.delete(
      '/system/ws/v12/authentication/user/logout',
      { schema: { tags: ['authentication'], summary: 'Staff logout (02 §3.2)' } },
      async (request, reply) => {
        await logout(ctx, request.actor);
        clearCookies(request, reply, opts.cookies);
        return reply.noContent();
      },
    );

    app.post(
      '/system/ws/v15/context/authentication/user/logout',
      { schema: { tags: ['authentication'], summary: 'Customer logout (02 §3.4)' } },
      async (request, reply) => {
        await logout(ctx, request.actor);
        clearCookies(request, reply, opts.cookies);
        return reply.code(200).type(request.negotiated.contentType).header('Content-Length', '0').send('');
      },
    );
  };
