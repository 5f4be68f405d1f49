// The chat entry point resource on the wire (07 §8). Every element is in the entry point namespace except those 07
// §1.3 lists (enumeration values, the timestamp user, the department name), so the queue reference and its `name`,
// and `hours` with its `day` elements, are in it too. `day` carries `value`, `start` and `end` as XML attributes.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import { departmentRef, enumeration, timestamp } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { activeStateLabels, stamp } from '../common.ts';
import { readHours } from './entry-point.hours.ts';
import type { EntryPointRow } from './entry-point.queries.ts';

const EP_NS = NS.entryPoint;

const queueRefShape = shape(EP_NS, { id: f.id(), name: f.text(), link: f.link() });
const dayShape = shape(EP_NS, { value: f.text({ attr: true }), start: f.text({ attr: true }), end: f.text({ attr: true }) });
const hoursShape = shape(EP_NS, { timeZone: f.text(), day: f.array(f.object(dayShape)) });

export const entryPointShape = resource(
  'entryPoint',
  EP_NS,
  {
    id: f.id(),
    link: f.link(),
    name: f.text(),
    description: f.text(),
    department: departmentRef(),
    queue: f.object(queueRefShape),
    state: enumeration(activeStateLabels),
    agentAvailabilityRequired: f.boolean(),
    hours: f.object(hoursShape),
    greeting: f.text(),
    lastModified: timestamp(),
    created: timestamp(),
  },
  'entryPoints',
);

export const entryPointHref = (id: bigint | string) => `/system/ws/v12/administration/entrypoint/${id}`;
const queueHref = (id: bigint) => `/system/ws/v12/administration/queue/${id}`;

export function presentEntryPoint(row: EntryPointRow, refs: Map<string, UserRef>, withCreated: boolean) {
  const hours = readHours(row.hours);
  return {
    id: row.id,
    link: { rel: 'self', href: entryPointHref(row.id) },
    name: row.name,
    description: row.description,
    department: { id: row.department.id, name: row.department.name },
    queue: { id: row.queue.id, name: row.queue.name, link: { rel: 'queue', href: queueHref(row.queue.id) } },
    state: row.state,
    agentAvailabilityRequired: row.agentAvailabilityRequired,
    hours: hours ? { timeZone: hours.timeZone, day: hours.day.map((d) => ({ value: d.value, start: d.start, end: d.end })) } : undefined,
    greeting: row.greeting,
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: withCreated ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
