// The macro resource on the wire (07 §11): every element in the macro namespace except those 07 §1.3 lists
// (enumeration values, the timestamp user, the department name).
import { NS } from '../../../representation/namespaces.ts';
import { f, resource } from '../../../representation/shape.ts';
import { departmentRef, enumeration, timestamp } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { activeStateLabels, stamp } from '../common.ts';
import type { MacroRow } from './macro.queries.ts';

export const macroShape = resource('macro', NS.administration('macro'), {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  description: f.text(),
  value: f.text(),
  department: departmentRef(),
  state: enumeration(activeStateLabels),
  lastModified: timestamp(),
  created: timestamp(),
});

export const macroHref = (id: bigint | string) => `/system/ws/v12/administration/macro/${id}`;

export function presentMacro(row: MacroRow, refs: Map<string, UserRef>, withCreated: boolean) {
  return {
    id: row.id,
    link: { rel: 'self', href: macroHref(row.id) },
    name: row.name,
    description: row.description,
    value: row.value,
    department: { id: row.department.id, name: row.department.name },
    state: row.state,
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: withCreated ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
