// The user group resource on the wire (07 §5). Members are references to users; 07 §1.3 keeps every element of a
// resource in its namespace except the enumeration, timestamp-user and department/user-name ones it lists, so the
// member elements and their children are all in the group namespace (the resource file wins, 01 §4.2 rule 5).
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import { departmentRef, timestamp } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { stamp } from '../common.ts';
import type { GroupRow } from './group.queries.ts';

const GROUP_NS = NS.administration('group');
const memberShape = shape(GROUP_NS, { id: f.id(), loginId: f.text(), screenName: f.text(), link: f.link() });

export const groupShape = resource('group', GROUP_NS, {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  description: f.text(),
  department: departmentRef(),
  users: f.list('user', f.object(memberShape), GROUP_NS),
  lastModified: timestamp(),
  created: timestamp(),
});

export const groupHref = (id: bigint | string) => `/system/ws/v12/administration/group/${id}`;
const userHref = (id: bigint) => `/system/ws/v12/administration/user/${id}`;

export function presentGroup(row: GroupRow, refs: Map<string, UserRef>, opts: { users: boolean; created: boolean }) {
  return {
    id: row.id,
    link: { rel: 'self', href: groupHref(row.id) },
    name: row.name,
    description: row.description,
    department: { id: row.department.id, name: row.department.name },
    users:
      opts.users && row.members?.length
        ? { user: row.members.map(({ user: u }) => ({ id: u.id, loginId: u.loginId, screenName: u.screenName, link: { rel: 'user', href: userHref(u.id) } })) }
        : undefined,
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: opts.created ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
