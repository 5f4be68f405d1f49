// 02 §3: staff login/logout (v12) and the customer logout (v15). The customer login comes with the customers area.
import type { FastifyContextConfig, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Err } from '../../errors/app-error.ts';
import { criterion } from '../../query/parse.ts';
import type { QuerySpec } from '../../query/spec.ts';
import { csrfCookie, sessionCookie } from '../../platform/authentication.ts';
import { customerLogin, logout, staffLogin, type AuthContext, type IssuedSession } from './session.service.ts';

const loginQuery: QuerySpec = { mode: 'action', criteria: [{ name: 'forceLogin', kind: 'boolean' }] };

// The body as documented for OpenAPI; the route reads it itself (loginBody) before this schema sees it.
const LoginBody = Type.Object({ userName: Type.String(), password: Type.String() });

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/**
 * 02 §3.1 step 1: a bare object (JSON) or any root element (XML) → 400-150 otherwise; `userName`, or its alias
 * `username` when `userName` is absent, and `password` missing or empty → 400-153 (in that order); a value that is
 * not text → 400-152. Other fields are ignored.
 */
function loginBody(body: unknown): { userName: string; password: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw Err.malformedBody();
  const b = body as Record<string, unknown>;
  const userName = b.userName !== undefined ? b.userName : b.username;
  const attribute = b.userName !== undefined || b.username === undefined ? 'userName' : 'username';
  if (isBlank(userName)) throw Err.missingAttribute('userName');
  if (typeof userName !== 'string') throw Err.invalidAttribute(attribute, '');
  // Empty as everywhere (docs/decisions.md): absent, null, "" or only whitespace. A password with text in it is then
  // compared exactly, surrounding spaces included.
  if (isBlank(b.password)) throw Err.missingAttribute('password');
  if (typeof b.password !== 'string') throw Err.invalidAttribute('password', '');
  return { userName: userName.trim(), password: b.password };
}

/** 02 §5: `Path=/system; SameSite=Strict`, the session cookie also `HttpOnly`, both `Secure` over HTTPS. */
function loginCookies(request: FastifyRequest, session: IssuedSession): string[] {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return [
    `${sessionCookie}=${session.sessionId}; Path=/system; HttpOnly; SameSite=Strict${secure}`,
    `${csrfCookie}=${session.csrfToken}; Path=/system; SameSite=Strict${secure}`,
  ];
}

function sendSession(request: FastifyRequest, reply: FastifyReply, session: IssuedSession, cookies: boolean): FastifyReply {
  reply.header('X-egain-session', session.sessionId);
  if (cookies) {
    reply.header('X-egain-csrf', session.csrfToken);
    reply.header('Set-Cookie', loginCookies(request, session));
  }
  return reply.noContent();
}

/** 02 §3.2: both cookies cleared with exactly `<name>=; Path=/system; Max-Age=0`. */
function clearCookies(reply: FastifyReply, cookies: boolean): void {
  if (cookies) reply.header('Set-Cookie', [`${sessionCookie}=; Path=/system; Max-Age=0`, `${csrfCookie}=; Path=/system; Max-Age=0`]);
}

export const authenticationRoutes =
  (ctx: AuthContext, opts: { cookies: boolean }): FastifyPluginAsync =>
  async (app) => {
    /** A login route: body read by loginBody before validation (after framing and the query checks, 01 §7.2). */
    const loginRoute = (path: string, summary: string, body: NonNullable<FastifyContextConfig['body']>, login: typeof staffLogin) =>
      app.post(
        path,
        {
          config: { public: true, query: loginQuery, body },
          schema: { tags: ['authentication'], summary, body: LoginBody },
          preValidation: async (request) => {
            request.body = loginBody(request.body);
          },
        },
        async (request, reply) => {
          const { userName, password } = request.body as ReturnType<typeof loginBody>;
          const session = await login(ctx, {
            loginId: userName,
            password,
            forceLogin: criterion(request.parsed, 'forceLogin', 'boolean')?.value ?? false,
            clientIp: request.ip,
            userAgent: request.headers['user-agent'],
          });
          return sendSession(request, reply, session, opts.cookies);
        },
      );

    loginRoute('/system/ws/v12/authentication/user/login', 'Staff login (02 §3.1)', {}, staffLogin);
    // The customer login also takes multipart/form-data with the fields userName and password (02 §3.3).
    loginRoute(
      '/system/ws/v15/context/authentication/user/login',
      'Customer login (02 §3.3)',
      { accepts: ['json', 'xml', 'multipart'], multipart: 'fields' },
      customerLogin,
    );

    app.delete(
      '/system/ws/v12/authentication/user/logout',
      { schema: { tags: ['authentication'], summary: 'Staff logout (02 §3.2)' } },
      async (request, reply) => {
        await logout(ctx, request.actor);
        clearCookies(reply, opts.cookies);
        return reply.noContent();
      },
    );

    app.post(
      '/system/ws/v15/context/authentication/user/logout',
      { schema: { tags: ['authentication'], summary: 'Customer logout (02 §3.4)' } },
      async (request, reply) => {
        await logout(ctx, request.actor);
        clearCookies(reply, opts.cookies);
        return reply.code(200).type(request.negotiated.contentType).header('Content-Length', '0').send('');
      },
    );
  };
