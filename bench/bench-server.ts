// A server process for the micro-benchmarks: the real app (DATABASE_URL, else an embedded PGlite directory) plus
// bench-only routes. Usage: tsx bench/bench-server.ts <port>
import { loadConfig } from '../src/config/config.ts';
import { buildApp } from '../src/app.ts';
import { renderJson } from '../src/representation/render.ts';
import { activityShape, sampleActivity } from '../test/fixtures/sample-shapes.ts';

const port = Number(process.argv[2] ?? 18091);
const page = () => ({ kind: 'list' as const, shape: activityShape, items: Array.from({ length: 25 }, (_, i) => sampleActivity(1000 + i)) });

const app = await buildApp(loadConfig({ LOG_LEVEL: 'warn', ...process.env }), {
  routes: [
    async (a) => {
      const ignoreQuery = { mode: 'action' as const, ignoreAll: true };
      a.get('/system/ws/v12/bench/activity', { config: { public: true, query: ignoreQuery } }, async (_req, reply) => reply.represent(page()));
      a.get('/system/ws/v12/bench/public', { config: { public: true, query: ignoreQuery } }, async (_req, reply) => reply.noContent());
      a.get('/system/ws/v12/bench/private', { config: { query: ignoreQuery } }, async (_req, reply) => reply.noContent());
    },
  ],
});
await app.listen({ port, host: '127.0.0.1' });
process.send?.({ ready: true, json: renderJson(page(), 'en-US').length });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void app.close().then(() => process.exit(0)));
