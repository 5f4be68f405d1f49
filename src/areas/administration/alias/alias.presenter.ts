// The email alias resource on the wire (07 §9). Every element is in the alias namespace except those 07 §1.3 lists
// (enumeration values, the timestamp user, the department name), so the queue reference and its `name` and `link`
// are in it too.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import { departmentRef, enumeration, timestamp } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { activeStateLabels, stamp } from '../common.ts';
import type { AliasRow } from './alias.queries.ts';

const ALIAS_NS = NS.alias;

const queueRefShape = shape(ALIAS_NS, { id: f.id(), name: f.text(), link: f.link() });

export const aliasShape = resource(
  'alias',
  ALIAS_NS,
  {
    id: f.id(),
    link: f.link(),
    name: f.text(),
    emailAddress: f.text(),
    displayName: f.text(),
    department: departmentRef(),
    queue: f.object(queueRefShape),
    state: enumeration(activeStateLabels),
    lastModified: timestamp(),
    created: timestamp(),
  },
  'aliases',
);

export const aliasHref = (id: bigint | string) => `/system/ws/v12/administration/alias/${id}`;
const queueHref = (id: bigint) => `/system/ws/v12/administration/queue/${id}`;

export function presentAlias(row: AliasRow, refs: Map<string, UserRef>, withCreated: boolean) {
  return {
    id: row.id,
    link: { rel: 'self', href: aliasHref(row.id) },
    name: row.name,
    emailAddress: row.emailAddress,
    displayName: row.displayName,
    department: { id: row.department.id, name: row.department.name },
    queue: { id: row.queue.id, name: row.queue.name, link: { rel: 'queue', href: queueHref(row.queue.id) } },
    state: row.state,
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: withCreated ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
