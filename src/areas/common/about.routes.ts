// 09 §3 (C5) GET /system/ws/v19/about: staff sessions, `$attribute` only.
// 09 §4 (C6) GET /system/ws/v11/general/about/license/all: public, query parameters ignored.
import type { FastifyPluginAsync } from 'fastify';
import { Type, type TSchema } from '@sinclair/typebox';
import { wantsAttribute } from '../../query/parse.ts';
import { NS } from '../../representation/namespaces.ts';
import { contextOf } from '../service-context.ts';
import { defaultAboutConfig, type AboutConfig } from './about.config.ts';
import { aboutGroups, readAbout } from './about.service.ts';
import { presentAbout } from './about.presenter.ts';
import { licenseUsage } from './license.service.ts';
import { presentLicenseUsage } from './license.presenter.ts';

// Response schemas: documentation only (/openapi.json); the body is written by reply.represent.
const xml = (name: string, namespace: string) => ({ xml: { name, namespace } });
const LicenseEntryView = Type.Object(
  {
    product: Type.String(),
    policy: Type.Union([Type.Literal('concurrent'), Type.Literal('named')]),
    unitsInstalled: Type.Integer(),
    usage: Type.Object({ available: Type.Integer(), used: Type.Integer() }),
  },
  xml('license', NS.license),
);
const LicensesView = Type.Object(
  { callInfo: Type.Object({ timestamp: Type.String({ format: 'date-time' }) }), license: Type.Array(LicenseEntryView) },
  xml('licenses', NS.license),
);
const list = (item: string, of: TSchema) => Type.Object({ [item]: Type.Array(of) });
const AboutView = Type.Object(
  {
    about: Type.Array(
      Type.Object(
        {
          productName: Type.String(),
          productVersion: Type.String(),
          build: Type.String(),
          serverTime: Type.String({ format: 'date-time' }),
          contactInfo: Type.Optional(Type.Object({ name: Type.String(), email: Type.String(), url: Type.String() })),
          copyright: Type.Optional(Type.String()),
          trademarks: Type.Optional(Type.String()),
          installedProducts: Type.Optional(list('product', Type.Object({ name: Type.String(), version: Type.String() }))),
          licenses: Type.Optional(list('license', LicenseEntryView)),
        },
        xml('about', NS.about),
      ),
      { minItems: 1, maxItems: 1 },
    ),
  },
  xml('aboutDetails', NS.about),
);

/** The about and license routes, answering with this configuration. */
export function aboutRoutesFor(config: AboutConfig): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/system/ws/v19/about',
      {
        config: { query: { mode: 'get', attributes: aboutGroups } },
        schema: {
          tags: ['common'],
          summary: 'Product and build information (09 §3)',
          description: `\`$attribute\`: ${aboutGroups.join(', ')} or all.`,
          response: { 200: AboutView },
          security: [{ session: [] }],
        },
      },
      async (request, reply) => {
        const about = await readAbout(contextOf(request), config, (group) => wantsAttribute(request.parsed, group));
        return reply.represent(presentAbout(about));
      },
    );

    app.get(
      '/system/ws/v11/general/about/license/all',
      {
        config: { public: true, query: { mode: 'action', ignoreAll: true } },
        schema: { tags: ['common'], summary: 'License usage (09 §4)', response: { 200: LicensesView } },
      },
      async (request, reply) => {
        const { db, settings, now } = contextOf(request);
        return reply.represent(presentLicenseUsage(await licenseUsage({ db, settings, now }, config)));
      },
    );
  };
}

/** The routes with no configuration variable set (what app.ts registers until it passes its Config). */
export const aboutRoutes: FastifyPluginAsync = aboutRoutesFor(defaultAboutConfig);
