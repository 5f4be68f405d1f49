// CORS origin whitelist entries (07 §15): the stored entries (source `administration`) and the ECE_CORS_ORIGINS
// entries of this instance (source `environment`, no id, no link).
import { NS } from '../../../representation/namespaces.ts';
import { f, resource } from '../../../representation/shape.ts';
import { enumeration, timestamp } from '../../../representation/common-shapes.ts';
import type { View } from '../../../representation/render.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { stamp } from '../common.ts';

export const corsOriginPath = '/system/ws/v12/administration/corsorigin';

export const corsOriginShape = resource('corsOrigin', NS.administration('corsorigin'), {
  id: f.id(),
  link: f.link(),
  origin: f.text(),
  source: enumeration({
    administration: { 'en-US': 'Administration', 'es-ES': 'Administración' },
    environment: { 'en-US': 'Environment', 'es-ES': 'Entorno' },
  }),
  created: timestamp(),
});

export type StoredCorsOrigin = { id: bigint | string; origin: string; createdAt: Date; createdById: bigint | string | null };

export function presentStoredOrigin(row: StoredCorsOrigin, refs: Map<string, UserRef>): View {
  return {
    id: String(row.id),
    link: { rel: 'self', href: `${corsOriginPath}/${row.id}` },
    origin: row.origin,
    source: 'administration',
    created: stamp(row.createdAt, row.createdById === null ? null : BigInt(row.createdById), refs),
  };
}

export function presentEnvironmentOrigin(origin: string): View {
  return { origin, source: 'environment' };
}
