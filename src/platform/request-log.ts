// Request ids (01 §16) and the one log line per request.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';

const acceptableRequestId = /^[A-Za-z0-9._-]{1,128}$/;

/** fastify's genReqId: reuse the caller's X-Request-Id when it is well-formed, else a UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && acceptableRequestId.test(sent) ? sent : randomUUID();
}

export const requestLog = fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      reply.header('X-Request-Id', request.id);
    });
    app.addHook('onResponse', async (request, reply) => {
      request.log.info(
        {
          method: request.method,
          route: request.routeOptions.url ?? '(unmatched)',
          status: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 100) / 100,
        },
        'request',
      );
    });
  },
  { name: 'request-log' },
);
