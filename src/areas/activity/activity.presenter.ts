// The activity resource on the wire (05 §5, §7): one field table for JSON and XML. Namespaces per 03 §2.1: the
// activity's elements in `act`; the inline `type` value in `act` (X1), `subtype`/`substatus`/`assigned` elements in
// `act` with `cmn` values (X2); the embedded customer's children in `cus`, its contact person in `cpe`, contact point
// in `cpt`; queue and department names in `plt`.
import { NS } from '../../representation/namespaces.ts';
import { f, resource, shape } from '../../representation/shape.ts';
import { customAttributes, departmentRef, enumeration, timestamp, userRefShape } from '../../representation/common-shapes.ts';
import type { UserRef } from '../../authz/actor.ts';
import type { DefinitionsByName } from '../custom-attributes/definition.ts';
import { presentAttributes } from '../custom-attributes/values.ts';
import { contactPointShape, customerHref, pointView } from '../customer/customer.presenter.ts';
import { customerTypeLabels } from '../customer/customer.vocabulary.ts';
import type { PointRow } from '../customer/customer.queries.ts';
import { languageLabels, modeLabels, statusLabels, subtypeLabels, substatusLabels, typeLabels } from './activity.vocabulary.ts';
import type { ActivityRow, ContentRow } from './activity.queries.ts';
import { renderTranscript, type ChatLine, type TranscriptOptions } from './transcript.ts';
import { embeddedAttachments, presentAttachment } from './email/attachment.presenter.ts';
import type { AttachmentRow, InlineContent } from './email/attachment.queries.ts';

const ACT = NS.activity;
const CUS = NS.customer;
const CPE = NS.contactPerson;
const user = () => f.inNs(NS.common, f.object(userRefShape));

const embeddedCustomer = shape(CUS, {
  id: f.id(),
  link: f.link(),
  customerName: f.text(),
  type: enumeration(customerTypeLabels, { inlineNs: CUS }),
  contactPersons: f.list(
    'contactPerson',
    f.object(shape(CPE, { id: f.id(), firstName: f.text(), middleName: f.text(), lastName: f.text(), contactPoints: f.list('contactPoint', f.object(contactPointShape), NS.contactPoint) })),
    CPE,
  ),
});

const contents = f.object(shape(ACT, { content: f.array(f.object(shape(NS.common, { type: f.text(), value: f.text() }))) }));
const addressList = f.object(shape(ACT, { address: f.array(f.text()) }));

const payload = shape(ACT, {
  email: f.object(
    shape(ACT, {
      date: f.object(shape(ACT, { date: f.instant({ attr: true }) })),
      alias: f.object(shape(NS.alias, { id: f.id(), name: f.text() })),
      contents,
      emailAddresses: f.object(shape(ACT, { from: f.text(), receiver: f.text(), to: addressList, cc: addressList, bcc: addressList })),
    }),
  ),
  chat: f.object(
    shape(ACT, {
      entryPoint: f.object(shape(NS.entryPoint, { id: f.id(), name: f.text() })),
      transcript: contents,
      isConference: f.object(shape(ACT, { value: f.boolean(), users: f.object(shape(ACT, { user: f.array(user()) })) })),
    }),
  ),
  social: f.object(shape(ACT, { contents })),
  calltrack: f.object(shape(ACT, { contents })),
  task: f.object(shape(ACT, { contents })),
});

export const activityShape = resource(
  'activity',
  ACT,
  {
    id: f.id(),
    link: f.link(),
    case: f.object(shape(NS.case, { id: f.id(), link: f.link() }), { always: true }),
    department: departmentRef(),
    mode: enumeration(modeLabels),
    type: enumeration(typeLabels, { inlineNs: ACT, extra: { subtype: enumeration(subtypeLabels) } }),
    status: enumeration(statusLabels, {
      extra: { substatus: f.inNs(ACT, enumeration(substatusLabels)), assigned: f.inNs(ACT, f.object(shape(ACT, { user: user() }))) },
    }),
    queue: f.object(shape(NS.platform, { id: f.id(), name: f.text() })),
    subject: f.text(),
    priority: f.number(),
    dueDate: f.instant(),
    language: enumeration(languageLabels),
    isSecure: f.boolean(),
    customer: f.object(embeddedCustomer, { always: true }),
    lastModified: timestamp(),
    payload: f.object(payload),
    contactPointData: f.text(),
    created: timestamp(),
    completed: timestamp(),
    userLastWorked: f.object(shape(ACT, { user: user() })),
    attachments: embeddedAttachments,
    notes: f.object(shape(NS.notes, { link: f.link() })),
    customAttributes: customAttributes(),
  },
  'activities',
);

export const activityHref = (id: bigint | string) => `/system/ws/v12/interaction/activity/${id}`;
export const caseHref = (id: bigint | string) => `/system/ws/v12/interaction/case/${id}`;

/** What the request asked for beyond the default set (05 §5.5) and how payloads render (§9.1). */
export type ActivityView = {
  groups: ReadonlySet<string>;
  custom: (name: string) => boolean;
  transcript: TranscriptOptions;
  /** `embedInlineAttachment=yes` (05 §9.1): inline `cid:` references of an email's html become `data:` URIs. */
  embedInline?: boolean;
};

/** `contactPointData` (05 §5.1): the address of the contact point in one line. */
export function contactPointData(p: PointRow | undefined): string | undefined {
  if (!p) return undefined;
  switch (p.kind) {
    case 'email':
      return p.emailAddress ?? undefined;
    case 'phone':
      return [p.countryCode ? `+${p.countryCode}` : null, p.areaCode, p.phoneNo].filter(Boolean).join(' ') || undefined;
    case 'social':
      return p.socialId ?? undefined;
    case 'web':
      return p.url ?? undefined;
    default:
      return [p.address1, p.city].filter(Boolean).join(', ') || undefined;
  }
}

const contentsOf = (c: ContentRow | undefined) => {
  const text = c?.text ?? null;
  const html = c?.html ?? null;
  const list = [...(text !== null ? [{ type: 'text', value: text }] : []), ...(html !== null ? [{ type: 'html', value: html }] : [])];
  return list.length ? { content: list } : undefined;
};
const addresses = (list: string[] | undefined) => (list?.length ? { address: list } : undefined);

/** Each `cid:{id}` of an inline attachment replaced by `data:{contentType};base64,…` (05 §9.1 `embedInlineAttachment`). */
function embedInline(html: string, inline: readonly InlineContent[] | undefined): string {
  if (!inline?.length) return html;
  const byId = new Map(inline.map((i) => [i.contentId, i]));
  return html.replace(/cid:([^\s"'<>()]+)/gi, (whole, id: string) => {
    let decoded = id;
    try {
      decoded = decodeURIComponent(id);
    } catch {
      // kept as written
    }
    const found = byId.get(id) ?? byId.get(decoded);
    return found ? `data:${found.contentType};base64,${found.bytes.toString('base64')}` : whole;
  });
}

function payloadView(a: ActivityRow, view: ActivityView, extra: Loaded) {
  const c = extra.contents.get(a.id);
  if (a.type === 'email') {
    const inline = view.embedInline ? extra.inline?.get(a.id) : undefined;
    const html = c && c.html !== null && inline ? { ...c, html: embedInline(c.html, inline) } : c;
    return {
      email: {
        date: c?.emailDate ? { date: c.emailDate } : undefined,
        alias: c && c.aliasId !== null ? { id: c.aliasId, name: extra.aliasNames.get(String(c.aliasId)) } : undefined,
        contents: contentsOf(html),
        emailAddresses: c
          ? { from: c.fromAddress ?? undefined, receiver: c.receiverAddress ?? undefined, to: addresses(c.toAddresses), cc: addresses(c.ccAddresses), bcc: addresses(c.bccAddresses) }
          : undefined,
      },
    };
  }
  if (a.type === 'chat') {
    // A stored override of a content type wins over the rendering (05 §6.3).
    const rendered = renderTranscript(a.createdAt, extra.chatLines.get(a.id) ?? [], view.transcript);
    const html = c?.html ?? rendered?.html;
    const text = c?.text ?? rendered?.text;
    const users = extra.chatAgents.get(a.id) ?? [];
    return {
      chat: {
        entryPoint: a.entryPointId !== null ? { id: a.entryPointId, name: a.entryPointName ?? undefined } : undefined,
        transcript: html !== undefined || text !== undefined ? { content: [...(html !== undefined ? [{ type: 'html', value: html }] : []), ...(text !== undefined ? [{ type: 'text', value: text }] : [])] } : undefined,
        isConference: { value: users.length >= 2, users: users.length ? { user: users } : undefined },
      },
    };
  }
  return { [a.type]: { contents: contentsOf(c) } };
}

/** The data a page's views need besides the rows, loaded once per page. */
export type Loaded = {
  contents: Map<bigint, ContentRow>;
  chatLines: Map<bigint, ChatLine[]>;
  chatAgents: Map<bigint, UserRef[]>;
  aliasNames: Map<string, string>;
  values: Map<string, Map<string, string[]>> | undefined;
  defs: DefinitionsByName;
  /** Attachments by activity id (`$attribute=attachments`), loaded for the whole page in one query. */
  attachments?: Map<bigint, AttachmentRow[]>;
  /** Inline attachments with their bytes (`embedInlineAttachment=yes`, one activity). */
  inline?: Map<bigint, InlineContent[]>;
};

export function presentActivity(a: ActivityRow, view: ActivityView, extra: Loaded) {
  const g = (name: string) => view.groups.has(name);
  const ref = (id: bigint | null) => (id === null ? undefined : a.users.get(String(id)));
  const { person, point } = a;
  return {
    id: a.id,
    link: { rel: 'self', href: activityHref(a.id) },
    case: { id: a.caseId, link: { rel: 'case', href: caseHref(a.caseId) } },
    department: { id: a.departmentId, name: a.departmentName },
    mode: a.mode,
    type: { value: a.type, subtype: a.subtype },
    status: { value: a.status, substatus: a.substatus, assigned: a.status === 'assigned' && a.assignedUserId !== null ? { user: ref(a.assignedUserId) } : undefined },
    queue: a.queueId !== null ? { id: a.queueId, name: a.queueName ?? undefined } : undefined,
    subject: a.subject,
    priority: a.priority,
    dueDate: a.dueDate ?? undefined,
    language: a.language,
    isSecure: a.isSecure,
    customer: {
      id: a.customerId,
      link: { rel: 'customer', href: customerHref(a.customerId) },
      customerName: a.customerName,
      type: { value: a.customerType },
      contactPersons: person
        ? {
            contactPerson: [
              {
                id: person.id,
                firstName: person.firstName,
                middleName: person.middleName ?? undefined,
                lastName: person.lastName ?? undefined,
                contactPoints: point ? { contactPoint: [pointView(point)] } : undefined,
              },
            ],
          }
        : undefined,
    },
    lastModified: { date: a.lastModifiedAt, user: ref(a.lastModifiedById) },
    payload: g('payload') ? payloadView(a, view, extra) : undefined,
    contactPointData: g('contactPointData') ? contactPointData(point) : undefined,
    created: g('created') ? { date: a.createdAt, user: ref(a.createdById) } : undefined,
    completed: g('completed') && a.completedAt ? { date: a.completedAt, user: ref(a.completedById) } : undefined,
    userLastWorked: g('userLastWorked') && a.userLastWorkedId !== null ? { user: ref(a.userLastWorkedId) } : undefined,
    attachments: g('attachments') && extra.attachments?.get(a.id)?.length ? { attachment: extra.attachments.get(a.id)!.map((r) => presentAttachment(r)) } : undefined,
    notes: g('notes') ? { link: { rel: 'note', href: `${activityHref(a.id)}/note` } } : undefined,
    customAttributes: presentAttributes(extra.values?.get(String(a.id)), extra.defs, view.custom),
  };
}
