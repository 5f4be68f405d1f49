// 09 §2 (C1–C4): GET /system/ws/v12/{area}/hello. No session, query ignored, no database.
import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import { presentHello } from './hello.presenter.ts';

const areas = ['authentication', 'interaction', 'kb', 'administration'] as const;

const HelloView = Type.Object(
  { area: Type.String(), version: Type.Literal('v12'), status: Type.Literal('ok'), timestamp: Type.String({ format: 'date-time' }) },
  { xml: { name: 'hello', namespace: 'http://bindings.egain.com/ws/model/v12/gen/common' } },
);

export const helloRoutes: FastifyPluginAsync = async (app) => {
  for (const area of areas) {
    app.get(
      `/system/ws/v12/${area}/hello`,
      {
        config: { public: true, query: { mode: 'action', ignoreAll: true } },
        schema: { tags: ['common'], summary: `Hello probe of the ${area} area (09 §2)`, response: { 200: HelloView } },
      },
      async (_request, reply) => reply.represent(presentHello(area, new Date())),
    );
  }
};
