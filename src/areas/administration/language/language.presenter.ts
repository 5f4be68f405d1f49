// The language resource on the wire (07 §14, namespaces 07 §1.3).
import { NS } from '../../../representation/namespaces.ts';
import { f, resource } from '../../../representation/shape.ts';
import { timestamp } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { stamp } from '../common.ts';
import type { LanguageRow } from './language.queries.ts';

export const languageShape = resource('language', NS.administration('language'), {
  id: f.id(),
  link: f.link(),
  code: f.text(),
  label: f.text(),
  isDefault: f.boolean(),
  lastModified: timestamp(),
  created: timestamp(),
});

export const languageHref = (id: bigint | string) => `/system/ws/v12/administration/language/${id}`;

export function presentLanguage(row: LanguageRow, refs: Map<string, UserRef>, withCreated: boolean) {
  return {
    id: row.id,
    link: { rel: 'self', href: languageHref(row.id) },
    code: row.code,
    label: row.label,
    isDefault: row.isDefault,
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: withCreated ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
