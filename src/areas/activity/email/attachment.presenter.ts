// The attachment resource (05 §5.4): namespace `att`, list root `<attachments>`, JSON `{"attachment":[…]}`. Inside an
// activity (`$attribute=attachments`) the same fields without `contentUrl`.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape, type Field } from '../../../representation/shape.ts';
import type { AttachmentRow } from './attachment.queries.ts';

const fields: Record<string, Field> = {
  id: f.id(),
  link: f.link(),
  fileName: f.text(),
  contentType: f.text(),
  size: f.number(),
  isInline: f.boolean(),
  contentId: f.text(),
  isBlocked: f.boolean(),
};

export const attachmentShape = resource('attachment', NS.attachment, { ...fields, contentUrl: f.text() }, 'attachments');

/** `attachments` of an activity: `{"attachment":[…]}`, XML `<attachments><att:attachment id>…</att:attachment></attachments>`. */
export const embeddedAttachments = f.list('attachment', f.object(shape(NS.attachment, fields)), NS.attachment);

export const attachmentHref = (activityId: bigint | string, id: bigint | string) => `/system/ws/v12/interaction/activity/${activityId}/attachment/${id}`;

export function presentAttachment(a: AttachmentRow, contentUrl?: string) {
  return {
    id: String(a.id),
    link: { rel: 'self', href: attachmentHref(a.activityId, a.id) },
    fileName: a.fileName,
    contentType: a.contentType,
    size: Number(a.size),
    isInline: a.isInline,
    contentId: a.isInline ? (a.contentId ?? undefined) : undefined,
    isBlocked: false,
    contentUrl,
  };
}
