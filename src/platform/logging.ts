// Logger options shared by the server and the tools. Secrets never reach a log line: request headers are not
// logged at all, and the paths below are censored wherever an object carrying them is logged.
import type { FastifyServerOptions } from 'fastify';

export const redactedPaths = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'client_secret',
  '*.client_secret',
  'clientSecret',
  '*.clientSecret',
  'sessionId',
  '*.sessionId',
  'csrfToken',
  '*.csrfToken',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-egain-session"]',
  'headers["x-egain-csrf"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-egain-session"]',
  '*.headers["x-egain-csrf"]',
];

export function loggerOptions(level: string): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    // The request line is written once, on completion (platform/request-log.ts), without headers or query values.
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  };
}
