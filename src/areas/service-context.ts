// What every service receives: who calls, the database, the time, and the configuration plumbing. Services are
// HTTP-free: routes build this from the request with contextOf(request).
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../authz/actor.ts';
import type { Database } from '../db/database.ts';
import type { Lang } from '../errors/catalogue.ts';
import type { ConfigVersion } from '../platform/config-version.ts';
import type { Settings } from '../settings/settings.ts';
import type { AttributeDefinitions } from './custom-attributes/definition.ts';

export type ServiceContext = {
  actor: Actor;
  db: Database;
  now: () => Date;
  lang: Lang;
  requestId: string;
  settings: Settings;
  configVersion: ConfigVersion;
  /** Custom attribute definitions (read before a write transaction opens). */
  attributes: AttributeDefinitions;
};

export function contextOf(request: FastifyRequest): ServiceContext {
  const app = request.server;
  return {
    actor: request.actor,
    db: app.db,
    now: app.auth.now,
    lang: request.lang,
    requestId: request.id,
    settings: app.settings,
    configVersion: app.configVersion,
    attributes: app.attributeDefinitions,
  };
}
