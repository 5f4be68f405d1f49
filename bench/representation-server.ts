// Server side of the representation benchmark (bench/representation.ts), one process per variant:
//   engine: the real app (embedded PGlite unless DATABASE_URL) plus a bench-only route rendering a 25-item list
//           through the representation engine on every request;
//   bare:   plain fastify answering the same bytes, pre-rendered once.
import { gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { loadConfig } from '../src/config/config.ts';
import { buildApp } from '../src/app.ts';
import { renderJson, renderXml, type Document } from '../src/representation/render.ts';
import { activityShape, sampleActivity } from '../test/fixtures/sample-shapes.ts';

const variant = process.argv[2];
const port = Number(process.argv[3] ?? 18090);
const path = '/system/ws/v12/bench/activity';

const page = (): Document => ({
  kind: 'list',
  shape: activityShape,
  items: Array.from({ length: 25 }, (_, i) => sampleActivity(1000 + i)),
  self: `${path}?status=assigned`,
  pagination: { count: 25, pagenum: 1, pagesize: 25 },
});

if (variant === 'engine') {
  const app = await buildApp(loadConfig({ ...process.env, LOG_LEVEL: 'warn' }), {
    routes: [
      async (a) => {
        a.get(path, { config: { public: true, query: { mode: 'action', ignoreAll: true } } }, async (_req, reply) => reply.represent(page()));
      },
    ],
  });
  await app.listen({ port, host: '127.0.0.1' });
} else {
  const json = renderJson(page(), 'en-US');
  const xml = renderXml(page(), 'en-US');
  // The gzip variant sends bytes compressed once: bare fastify's best case.
  const xmlGzip = gzipSync(xml);
  const app = Fastify();
  app.get(path, async (req, reply) => {
    if (req.headers.accept === 'application/json') return reply.type('application/json; charset=utf-8').send(json);
    reply.type('application/xml; charset=utf-8');
    return req.headers['accept-encoding'] === 'gzip' ? reply.header('Content-Encoding', 'gzip').send(xmlGzip) : reply.send(xml);
  });
  await app.listen({ port, host: '127.0.0.1' });
}
process.send?.('ready');
