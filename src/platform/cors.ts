// CORS (01 §15), whitelist only. Written here rather than with @fastify/cors because the contract needs what
// that plugin does not do: 403-199 for a foreign preflight, no CORS headers at all for a foreign origin, a
// whitelist read from the database and refreshed through config_version, and 204 + Allow for plain OPTIONS.
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Err } from '../errors/app-error.ts';
import type { Database } from '../db/database.ts';
import { VersionedCache, type ConfigVersion } from './config-version.ts';
import { isApiPath } from './negotiate.ts';

const allowMethods = 'GET, HEAD, POST, PUT, DELETE, OPTIONS';
const allowHeaders =
  'Accept, Accept-Language, Content-Type, Authorization, X-egain-session, X-egain-csrf, X-Request-Id, X-Requested-With, Cache-Control, Pragma';
const exposeHeaders = 'X-egain-session, X-egain-csrf, Location, Retry-After, X-Request-Id, Content-Language';

/** `scheme://host[:port]` lower-cased with the default port removed, or null when it is not an http(s) origin. */
export function normalizeOrigin(origin: string): string | null {
  const m = /^(https?):\/\/([^/?#@\s]+?)(?::(\d{1,5}))?\/?$/i.exec(origin.trim());
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  const host = m[2]!.toLowerCase();
  if (host.includes('*')) return null;
  const port = m[3] && !((scheme === 'https' && m[3] === '443') || (scheme === 'http' && m[3] === '80')) ? `:${Number(m[3])}` : '';
  return `${scheme}://${host}${port}`;
}

export type CorsWhitelist = { allows(origin: string): Promise<boolean> };

export function corsWhitelist(db: Database, version: ConfigVersion, environmentOrigins: readonly string[]): CorsWhitelist {
  const fromEnv = new Set(environmentOrigins.map(normalizeOrigin).filter((o): o is string => o !== null));
  const stored = new VersionedCache(version, async () => {
    const rows = await db.prisma.corsOrigin.findMany({ select: { origin: true } });
    return new Set(rows.map((r) => r.origin));
  });
  return {
    async allows(origin) {
      const o = normalizeOrigin(origin);
      if (!o) return false;
      return fromEnv.has(o) || (await stored.get()).has(o);
    },
  };
}

function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && typeof request.headers.origin === 'string' && !!request.headers['access-control-request-method'];
}

export const corsPlugin = fp<{ whitelist: CorsWhitelist }>(
  async (app, { whitelist }) => {
    // Headers go on in onRequest so that error responses carry them too (01 §15.3).
    app.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      if (!origin || !isApiPath(request.url) || isPreflight(request)) return;
      if (await whitelist.allows(origin).catch(() => false)) {
        reply.header('Access-Control-Allow-Origin', origin);
        reply.header('Access-Control-Allow-Credentials', 'true');
        reply.header('Access-Control-Expose-Headers', exposeHeaders);
      }
    });

    const answerOptions = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0]!;
      if (isPreflight(request)) {
        const origin = request.headers.origin!;
        if (!(await whitelist.allows(origin))) throw Err.originNotAllowed(origin);
        return reply
          .headers({
            'Access-Control-Allow-Origin': origin,
            'Access-Control-Allow-Credentials': 'true',
            'Access-Control-Allow-Methods': allowMethods,
            'Access-Control-Allow-Headers': allowHeaders,
            'Access-Control-Max-Age': '600',
            Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
          })
          .noContent();
      }
      const allow = app.allowedMethods(path);
      if (!allow.length) throw Err.unknownPath(path);
      return reply.header('Allow', [...allow, 'OPTIONS'].join(', ')).noContent();
    };
    const config = { corsOnly: true, public: true };
    app.options('/system', { config, schema: { hide: true } }, answerOptions);
    app.options('/system/*', { config, schema: { hide: true } }, answerOptions);
  },
  { name: 'cors', dependencies: ['errors', 'represent'] },
);
