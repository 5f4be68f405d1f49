// /openapi.json is generated from the route schemas (OpenAPI 3.1); /docs serves Swagger UI from local assets.
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

const mediaTypes = ['application/xml', 'application/json'];

export const openapiPlugin = fp<{ version: string }>(
  async (app, { version }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'ECE REST API',
          version,
          description:
            'Wire-compatible Cisco Enterprise Chat and Email REST API. Responses are XML by default and JSON when ' +
            '`Accept` prefers application/json; request bodies may be JSON or XML.',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'header', name: 'X-egain-session' },
          },
        },
      },
      // Every API operation speaks both representations (01 §2, §3).
      transform: ({ schema, url }) => {
        const s = { ...(schema ?? {}) } as Record<string, unknown>;
        if (url.startsWith('/system/')) {
          s.produces ??= mediaTypes;
          if (s.body) s.consumes ??= mediaTypes;
        }
        return { schema: s as never, url };
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'openapi' },
);
