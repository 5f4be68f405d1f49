// 09 §2 (C1–C4): GET /system/ws/v12/{area}/hello. No session, query ignored, no database.
import type { FastifyPluginAsync } from 'fastify';
import { presentHello } from './hello.presenter.ts';

const areas = ['authentication', 'interaction', 'kb', 'administration'] as const;

export const helloRoutes: FastifyPluginAsync = async (app) => {
  for (const area of areas) {
    app.get(
      `/system/ws/v12/${area}/hello`,
      { config: { public: true, query: { mode: 'action', ignoreAll: true } }, schema: { tags: ['common'], summary: `Hello probe of the ${area} area (09 §2)` } },
      async (_request, reply) => reply.represent(presentHello(area, new Date())),
    );
  }
};
