// The department resource on the wire (07 §4, namespaces 07 §1.3).
import { NS } from '../../../representation/namespaces.ts';
import { f, resource } from '../../../representation/shape.ts';
import { timestamp } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { stamp } from '../common.ts';
import type { DepartmentRow } from './department.queries.ts';

export const departmentShape = resource('department', NS.administration('department'), {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  description: f.text(),
  lastModified: timestamp(),
  created: timestamp(),
});

export const departmentHref = (id: bigint | string) => `/system/ws/v12/administration/department/${id}`;

export function presentDepartment(row: DepartmentRow, refs: Map<string, UserRef>, withCreated: boolean) {
  return {
    id: row.id,
    link: { rel: 'self', href: departmentHref(row.id) },
    name: row.name,
    description: row.description,
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: withCreated ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
