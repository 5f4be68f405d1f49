// The knowledge attachment on the wire (06 §3.4): `type` an enumeration in the common namespace; `fileName`,
// `contentType` and `size` for files, `url` for links; `contentUrl` (group `contentUrl`) for files only.
import { NS } from '../../../representation/namespaces.ts';
import { enumeration } from '../../../representation/common-shapes.ts';
import { f, resource, shape, type Labels } from '../../../representation/shape.ts';
import { kbHref, selfLink } from '../shared/kb.paths.ts';
import { timestamp } from '../shared/kb.shapes.ts';
import type { AttachmentRow } from './attachment.queries.ts';

/** 06 §3.4, en-US and es-ES. */
export const attachmentTypeLabels: Labels = {
  internal: { 'en-US': 'File', 'es-ES': 'Archivo' },
  external: { 'en-US': 'Link', 'es-ES': 'Enlace' },
};

export const kbAttachmentShape = resource('attachment', NS.kb, {
  id: f.id(),
  link: f.link(),
  type: enumeration(attachmentTypeLabels),
  name: f.text(),
  // JSON `{id, link}`, XML `article@id` only (06 §3.4 and the K26 example).
  article: f.object(shape(NS.kb, { id: f.id(), link: f.jsonOnly(f.link()) })),
  fileName: f.text(),
  contentType: f.text(),
  size: f.number(),
  url: f.text(),
  created: timestamp(),
  contentUrl: f.text(),
});

export function presentKbAttachment(row: AttachmentRow, opts: { contentUrl: boolean }) {
  const file = row.kind === 'internal';
  return {
    id: row.id,
    link: selfLink(kbHref.attachment(row.id)),
    type: row.kind,
    name: row.name,
    article: { id: row.articleId, link: { rel: 'article', href: kbHref.article(row.articleId) } },
    fileName: file ? row.fileName : undefined,
    contentType: file ? row.contentType : undefined,
    size: file ? row.size : undefined,
    url: file ? undefined : row.url,
    created: { date: row.createdAt, user: row.author },
    contentUrl: file && opts.contentUrl ? kbHref.attachmentContent(row.id) : undefined,
  };
}

export type KbAttachmentView = ReturnType<typeof presentKbAttachment>;
