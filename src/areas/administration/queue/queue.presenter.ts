// The queue resource on the wire (07 §7.1). As for user groups, 07 §1.3 keeps every element of the resource in its
// namespace except enumeration values, the timestamp user and department names, so the member references and their
// children are in the queue namespace.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import { departmentRef, enumeration, timestamp } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { activeStateLabels, stamp } from '../common.ts';
import type { QueueRow } from './queue.queries.ts';

export const QUEUE_NS = NS.administration('queue');

export const channelLabels = {
  email: { 'en-US': 'Email', 'es-ES': 'Correo electrónico' },
  chat: { 'en-US': 'Chat', 'es-ES': 'Chat' },
} as const;

const userMemberShape = shape(QUEUE_NS, { id: f.id(), loginId: f.text(), screenName: f.text(), link: f.link() });
const groupMemberShape = shape(QUEUE_NS, { id: f.id(), name: f.text(), link: f.link() });

export const queueShape = resource('queue', QUEUE_NS, {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  description: f.text(),
  department: departmentRef(),
  state: enumeration(activeStateLabels),
  channels: f.list('channel', enumeration(channelLabels), QUEUE_NS),
  maxQueueDepth: f.number(),
  members: f.object(
    shape(QUEUE_NS, {
      users: f.list('user', f.object(userMemberShape), QUEUE_NS),
      groups: f.list('group', f.object(groupMemberShape), QUEUE_NS),
    }),
  ),
  lastModified: timestamp(),
  created: timestamp(),
});

export const queueHref = (id: bigint | string) => `/system/ws/v12/administration/queue/${id}`;
const userHref = (id: bigint) => `/system/ws/v12/administration/user/${id}`;
const groupHref = (id: bigint) => `/system/ws/v12/administration/group/${id}`;

/** Channels in the order of 07 §7.1's table (email, chat), whatever order they were sent in. */
export const orderedChannels = (channels: readonly string[]) => (['email', 'chat'] as const).filter((c) => channels.includes(c));

export function presentQueue(row: QueueRow, refs: Map<string, UserRef>, opts: { members: boolean; created: boolean }) {
  const members = opts.members ? row.members : undefined;
  return {
    id: row.id,
    link: { rel: 'self', href: queueHref(row.id) },
    name: row.name,
    description: row.description,
    department: { id: row.department.id, name: row.department.name },
    state: row.state,
    channels: { channel: orderedChannels(row.channels) },
    maxQueueDepth: row.maxQueueDepth,
    members: members && {
      users: members.users.length
        ? { user: members.users.map((u) => ({ id: u.id, loginId: u.loginId, screenName: u.screenName, link: { rel: 'user', href: userHref(u.id) } })) }
        : undefined,
      groups: members.groups.length ? { group: members.groups.map((g) => ({ id: g.id, name: g.name, link: { rel: 'group', href: groupHref(g.id) } })) } : undefined,
    },
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: opts.created ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
