// The workflow resources on the wire (07 §10), one field table per kind. As for the other administration resources,
// 07 §1.3 keeps every element in the workflow namespace except enumeration values, the timestamp user, department
// names and custom attributes (`customAttribute` and its children in `c:`). References carry the summary fields of
// the §10 examples, read at request time: aliases `{id, emailAddress}`, queues, groups and messages `{id, name}`,
// users `{id, screenName}`; an object deleted meanwhile is rendered by its id alone.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape, type Field, type ResourceShape } from '../../../representation/shape.ts';
import { customAttributes, departmentRef, enumeration, timestamp } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { activeStateLabels, stamp } from '../common.ts';
import type { StoredActions, StoredConditions } from './workflow.input.ts';
import type { ReferenceIds, ReferenceNames, WorkflowRow } from './workflow.queries.ts';
import { workflowKeys, type WorkflowKind } from './workflow.schema.ts';

export const WF_NS = NS.administration('workflow');

export const typeLabels = {
  email: { 'en-US': 'Email', 'es-ES': 'Correo electrónico' },
  chat: { 'en-US': 'Chat', 'es-ES': 'Chat' },
} as const;
export const statusLabels = {
  awaiting_assignment: { 'en-US': 'Awaiting assignment', 'es-ES': 'En espera de asignación' },
  assigned: { 'en-US': 'Assigned', 'es-ES': 'Asignado' },
} as const;

const ref = (extra: Record<string, Field>) => f.object(shape(WF_NS, { id: f.id(), ...extra }));
export const aliasRef = ref({ emailAddress: f.text() });
export const queueRef = ref({ name: f.text() });
export const userRef = ref({ screenName: f.text() });
export const groupRef = ref({ name: f.text() });
const messageRef = ref({ name: f.text() });
const keywords = f.list('keyword', f.text(), WF_NS);
const list = (item: string, of: Field) => f.list(item, of, WF_NS);
export const notifyField = f.object(shape(WF_NS, { users: list('user', userRef), groups: list('group', groupRef) }));

const conditionFields: Record<WorkflowKind, Record<string, Field>> = {
  inbound: { aliases: list('alias', aliasRef), subjectKeywords: keywords, bodyKeywords: keywords, customerAttributes: customAttributes() },
  outbound: { aliases: list('alias', aliasRef), queues: list('queue', queueRef), subjectKeywords: keywords },
  alarm: {
    queues: list('queue', queueRef),
    types: list('type', enumeration(typeLabels)),
    statuses: list('status', enumeration(statusLabels)),
    waitingMinutes: f.number(),
    priorityAtMost: f.number(),
  },
};
const actionFields: Record<WorkflowKind, Record<string, Field>> = {
  inbound: { route: f.object(shape(WF_NS, { queue: queueRef, user: userRef })), priority: f.number() },
  outbound: { appendMessage: f.object(shape(WF_NS, { message: messageRef })), bcc: list('address', f.text()) },
  alarm: { setPriority: f.number(), raisePriorityBy: f.number(), transferToQueue: queueRef, notify: notifyField },
};

function workflowShape(kind: WorkflowKind): ResourceShape {
  return resource(workflowKeys[kind], WF_NS, {
    id: f.id(),
    link: f.link(),
    name: f.text(),
    description: f.text(),
    department: departmentRef(),
    state: enumeration(activeStateLabels),
    order: f.number(),
    conditions: f.object(shape(WF_NS, conditionFields[kind])),
    actions: f.object(shape(WF_NS, actionFields[kind])),
    lastModified: timestamp(),
    created: timestamp(),
  });
}

export const workflowShapes: Record<WorkflowKind, ResourceShape> = {
  inbound: workflowShape('inbound'),
  outbound: workflowShape('outbound'),
  alarm: workflowShape('alarm'),
};

export const workflowHref = (kind: WorkflowKind, id: bigint | string) => `/system/ws/v12/administration/workflow/${kind}/${id}`;

/** An empty set of ids per referenced kind. */
export const noReferences = (): ReferenceIds => ({ alias: new Set(), queue: new Set(), user: new Set(), group: new Set(), message: new Set() });

/** Adds the ids a workflow's conditions and actions name to `ids`. */
export function collectReferences(ids: ReferenceIds, c: StoredConditions, a: StoredActions): void {
  const add = (set: Set<bigint>, list: { id: string }[] | undefined) => list?.forEach((r) => set.add(BigInt(r.id)));
  add(ids.alias, c.aliases?.alias);
  add(ids.queue, c.queues?.queue);
  if (a.route?.queue) ids.queue.add(BigInt(a.route.queue.id));
  if (a.route?.user) ids.user.add(BigInt(a.route.user.id));
  if (a.transferToQueue) ids.queue.add(BigInt(a.transferToQueue.id));
  if (a.appendMessage) ids.message.add(BigInt(a.appendMessage.message.id));
  add(ids.user, a.notify?.users?.user);
  add(ids.group, a.notify?.groups?.group);
}

/** The references of a stored list, with their summary fields. */
export const named = {
  alias: (n: ReferenceNames, r: { id: string }) => ({ id: r.id, emailAddress: n.alias.get(r.id)?.emailAddress }),
  queue: (n: ReferenceNames, r: { id: string }) => ({ id: r.id, name: n.queue.get(r.id)?.name }),
  user: (n: ReferenceNames, r: { id: string }) => ({ id: r.id, screenName: n.user.get(r.id)?.screenName }),
  group: (n: ReferenceNames, r: { id: string }) => ({ id: r.id, name: n.group.get(r.id)?.name }),
  message: (n: ReferenceNames, r: { id: string }) => ({ id: r.id, name: n.message.get(r.id)?.name }),
};

/** `notify` with its recipients named (alarm workflows and alarm events). */
export function presentNotify(n: ReferenceNames, notify: StoredActions['notify']) {
  if (!notify) return undefined;
  return {
    users: notify.users?.user.length ? { user: notify.users.user.map((u) => named.user(n, u)) } : undefined,
    groups: notify.groups?.group.length ? { group: notify.groups.group.map((g) => named.group(n, g)) } : undefined,
  };
}

function presentConditions(c: StoredConditions, n: ReferenceNames) {
  return {
    aliases: c.aliases && { alias: c.aliases.alias.map((r) => named.alias(n, r)) },
    queues: c.queues && { queue: c.queues.queue.map((r) => named.queue(n, r)) },
    subjectKeywords: c.subjectKeywords,
    bodyKeywords: c.bodyKeywords,
    customerAttributes: c.customerAttributes,
    types: c.types && { type: c.types.type },
    statuses: c.statuses && { status: c.statuses.status },
    waitingMinutes: c.waitingMinutes,
    priorityAtMost: c.priorityAtMost,
  };
}

function presentActions(a: StoredActions, n: ReferenceNames) {
  return {
    route: a.route && (a.route.queue ? { queue: named.queue(n, a.route.queue) } : { user: named.user(n, a.route.user) }),
    priority: a.priority,
    appendMessage: a.appendMessage && { message: named.message(n, a.appendMessage.message) },
    bcc: a.bcc,
    setPriority: a.setPriority,
    raisePriorityBy: a.raisePriorityBy,
    transferToQueue: a.transferToQueue && named.queue(n, a.transferToQueue),
    notify: presentNotify(n, a.notify),
  };
}

export function presentWorkflow(row: WorkflowRow, refs: Map<string, UserRef>, names: ReferenceNames, withCreated: boolean) {
  const kind = row.kind as WorkflowKind;
  return {
    id: row.id,
    link: { rel: 'self', href: workflowHref(kind, row.id) },
    name: row.name,
    description: row.description,
    department: { id: row.department.id, name: row.department.name },
    state: row.state,
    order: row.order,
    conditions: presentConditions(row.conditions, names),
    actions: presentActions(row.actions, names),
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: withCreated ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
