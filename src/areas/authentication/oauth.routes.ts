// 02 §4.1–§4.2: the client-application token and revoke endpoints (v19). Both always answer JSON, whatever
// `Accept` says, errors included (route config `format: 'json'`).
import type { FastifyPluginAsync } from 'fastify';
import { Err } from '../../errors/app-error.ts';
import { NS } from '../../representation/namespaces.ts';
import { f, shape } from '../../representation/shape.ts';
import { criterion } from '../../query/parse.ts';
import type { QuerySpec } from '../../query/spec.ts';
import type { ClientActor } from '../../authz/actor.ts';
import { issueToken, revokeToken } from './oauth.service.ts';

const base = '/system/ws/v19/clientapplications/authentication/oauth2';
const tags = ['authentication'];
const tokenQuery: QuerySpec = { mode: 'action', criteria: [{ name: 'forceLogin', kind: 'boolean' }] };
const tokenShape = shape(NS.common, { access_token: f.text(), token_type: f.text(), expires_in: f.number() });

/** `Authorization: Basic base64(clientKey ":" clientSecret)`, split at the first colon; each part form-decoded (RFC 6749 §2.3.1). */
export function basicCredentials(header: string | undefined): { clientKey?: string; clientSecret?: string } | undefined {
  const m = /^Basic(?:\s+(\S*))?\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return {};
  const formDecode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { clientKey: formDecode(decoded.slice(0, colon)), clientSecret: formDecode(decoded.slice(colon + 1)) };
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

export const oauthRoutes: FastifyPluginAsync = async (app) => {
  const ttlSeconds = app.config.clientTokenTtlSeconds;

  app.post(
    `${base}/token`,
    {
      config: { public: true, format: 'json', query: tokenQuery, body: { accepts: ['form', 'json'] } },
      schema: {
        tags,
        summary: 'Client-credentials token (02 §4.1)',
        ...({ consumes: ['application/x-www-form-urlencoded', 'application/json'], produces: ['application/json'] } as object),
      },
      onSend: async (_request, reply, payload) => {
        reply.header('Pragma', 'no-cache');
        return payload;
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw Err.malformedBody();
      const form = body as Record<string, unknown>;
      const grantType = form.grant_type;
      if (grantType === undefined || grantType === null || grantType === '') throw Err.missingAttribute('grant_type');
      if (grantType !== 'client_credentials') throw Err.invalidAttribute('grant_type', typeof grantType === 'object' ? '' : grantType);
      // The Basic header wins over the form fields when both are present (02 §4.1).
      const credentials = basicCredentials(request.headers.authorization) ?? { clientKey: text(form.client_id), clientSecret: text(form.client_secret) };
      const token = await issueToken(request.server.auth, {
        clientKey: credentials.clientKey,
        clientSecret: credentials.clientSecret,
        forceLogin: criterion(request.parsed, 'forceLogin', 'boolean')?.value ?? false,
        ttlSeconds,
        clientIp: request.ip,
        userAgent: request.headers['user-agent'],
      });
      return reply.represent({
        kind: 'bare',
        root: 'token',
        shape: tokenShape,
        value: { access_token: token.accessToken, token_type: 'Bearer', expires_in: token.expiresIn },
      });
    },
  );

  app.post(
    `${base}/revoke`,
    {
      config: { auth: 'bearer', format: 'json' },
      schema: { tags, summary: 'Revoke the presented Bearer token (02 §4.2)', ...({ produces: ['application/json'] } as object) },
    },
    async (request, reply) => {
      await revokeToken(request.server.auth, request.actor as ClientActor);
      return reply.noContent();
    },
  );
};
