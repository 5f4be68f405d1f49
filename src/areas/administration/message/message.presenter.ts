// The standard message resource on the wire (07 §12), in the order of its field table (01 §5.2). Every element is
// in the message namespace except those 07 §1.3 lists (enumeration values, the timestamp user, the department name)
// and the `type` and `value` of a content, which the field table puts in `c:` (as for activity contents, 05 §5.3).
// The language reference's children stay in the message namespace, as for users (07 §3.1).
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import { departmentRef, enumeration, timestamp } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { activeStateLabels, stamp } from '../common.ts';
import type { MessageRow } from './message.queries.ts';

const MSG_NS = NS.administration('message');

const contentShape = shape(NS.common, { type: f.text(), value: f.text() });

export const messageShape = resource('message', MSG_NS, {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  description: f.text(),
  department: departmentRef(),
  language: f.object(shape(MSG_NS, { id: f.id(), code: f.text(), label: f.text() })),
  subject: f.text(),
  contents: f.object(shape(MSG_NS, { content: f.array(f.object(contentShape)) })),
  keywords: f.text(),
  state: enumeration(activeStateLabels),
  lastModified: timestamp(),
  created: timestamp(),
});

export const messageHref = (id: bigint | string) => `/system/ws/v12/administration/message/${id}`;

export type MessageView = { description: boolean; contents: boolean; keywords: boolean; created: boolean };

/** Contents in type order (text, html), as activity contents. */
function contentsOf(row: MessageRow) {
  const list = [
    ...(row.text !== null && row.text !== undefined ? [{ type: 'text', value: row.text }] : []),
    ...(row.html !== null && row.html !== undefined ? [{ type: 'html', value: row.html }] : []),
  ];
  return list.length ? { content: list } : undefined;
}

export function presentMessage(row: MessageRow, refs: Map<string, UserRef>, view: MessageView) {
  return {
    id: row.id,
    link: { rel: 'self', href: messageHref(row.id) },
    name: row.name,
    description: view.description ? row.description : undefined,
    department: { id: row.department.id, name: row.department.name },
    language: { id: row.language.id, code: row.language.code, label: row.language.label },
    subject: row.subject,
    contents: view.contents ? contentsOf(row) : undefined,
    keywords: view.keywords ? row.keywords : undefined,
    state: row.state,
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: view.created ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
