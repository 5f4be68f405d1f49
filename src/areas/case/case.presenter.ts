// The case resource on the wire (04 §4–§6): one field table for JSON and XML. The case's elements are in `cas`;
// the references declare their children in their own namespaces (activities → act, customer → cus, notes → not,
// owner → cmn, 03 §2.1).
import { NS } from '../../representation/namespaces.ts';
import { f, resource, shape } from '../../representation/shape.ts';
import { customAttributes, departmentRef, enumeration, timestamp, userRefShape } from '../../representation/common-shapes.ts';
import type { UserRef } from '../../authz/actor.ts';
import type { DefinitionsByName } from '../custom-attributes/definition.ts';
import { presentAttributes } from '../custom-attributes/values.ts';
import { customerHref } from '../customer/customer.presenter.ts';
import { channelLabels, severityLabels, statusLabels } from './case.schema.ts';
import type { CaseRow } from './case.queries.ts';

const CAS = NS.case;

export const caseShape = resource('case', CAS, {
  id: f.id(),
  link: f.link(),
  activities: f.object(shape(NS.activity, { link: f.link() }), { always: true }),
  department: departmentRef(),
  status: enumeration(statusLabels),
  severity: enumeration(severityLabels),
  subject: f.text(),
  customer: f.object(shape(NS.customer, { id: f.id(), link: f.link(), customerName: f.text() })),
  owner: f.object(shape(NS.common, { user: f.object(userRefShape) }), { always: true }),
  dueDate: f.instant(),
  description: f.text(),
  solution: f.text(),
  relatedCases: f.object(shape(CAS, { link: f.links() })),
  originatingChannel: enumeration(channelLabels),
  notes: f.object(shape(NS.notes, { link: f.link() })),
  customAttributes: customAttributes(),
  created: timestamp(),
  lastModified: timestamp(),
  lastClosed: timestamp(),
});

export const caseHref = (id: bigint | string) => `/system/ws/v12/interaction/case/${id}`;
export const activitiesOfCaseHref = (id: bigint | string) => `/system/ws/v12/interaction/activity?case=${id}`;
export const caseNotesHref = (id: bigint | string) => `/system/ws/v12/interaction/case/${id}/note`;

/** What the request asked for beyond the default set (04 §5). */
export type CaseView = {
  /** Optional groups asked for (04 §5). */
  groups: ReadonlySet<string>;
  /** Custom attributes asked for (all, some names, or none). */
  custom: (name: string) => boolean;
  anyCustom: boolean;
};

export type CaseExtras = {
  /** Related case ids in id order (loaded only when `relatedCases` was asked for). */
  related?: readonly bigint[] | undefined;
  values?: Map<string, string[]> | undefined;
  defs: DefinitionsByName;
};

const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function presentCase(c: CaseRow, view: CaseView, extra: CaseExtras) {
  const g = (name: string) => view.groups.has(name);
  const ref = (id: bigint | null): UserRef | undefined => (id === null ? undefined : c.users.get(String(id)));
  const owner = c.ownerId === null ? {} : { user: ref(c.ownerId) ?? { id: c.ownerId } };
  return {
    id: c.id,
    link: { rel: 'self', href: caseHref(c.id) },
    activities: { link: { rel: 'activity', href: activitiesOfCaseHref(c.id) } },
    department: { id: c.departmentId, name: c.departmentName },
    status: c.status,
    severity: c.severity,
    subject: c.subject,
    customer: { id: c.customerId, customerName: c.customerName, link: { rel: 'customer', href: customerHref(c.customerId) } },
    owner,
    dueDate: orUndef(c.dueDate),
    description: g('description') ? orUndef(c.description) : undefined,
    solution: g('solution') ? orUndef(c.solution) : undefined,
    relatedCases:
      g('relatedCases') && extra.related?.length ? { link: extra.related.map((id) => ({ rel: 'case', href: caseHref(id) })) } : undefined,
    originatingChannel: g('originatingChannel') ? c.originatingChannel : undefined,
    notes: g('notes') ? { link: { rel: 'note', href: caseNotesHref(c.id) } } : undefined,
    customAttributes: presentAttributes(extra.values, extra.defs, view.custom),
    created: g('created') ? { date: c.createdAt, user: ref(c.createdById) } : undefined,
    lastModified: { date: c.lastModifiedAt, user: ref(c.lastModifiedById) },
    lastClosed: g('lastClosed') && c.lastClosedAt ? { date: c.lastClosedAt, user: ref(c.lastClosedById) } : undefined,
  };
}
