// The note resource on the wire (04 §9.1): every field always returned, elements in `not`, the author in `cmn`.
import { NS } from '../../representation/namespaces.ts';
import { f, resource } from '../../representation/shape.ts';
import { timestamp } from '../../representation/common-shapes.ts';
import type { NoteOwner, NoteRow } from './note.queries.ts';

export const noteShape = resource('note', NS.notes, {
  id: f.id(),
  link: f.link(),
  created: timestamp(),
  content: f.text(),
});

/** `/system/ws/v12/interaction/{case|activity}/{ownerId}/note[/{id}]`. */
export const notesHref = (owner: NoteOwner) => `/system/ws/v12/interaction/${owner.kind}/${owner.id}/note`;
export const noteHref = (owner: NoteOwner, id: bigint | string) => `${notesHref(owner)}/${id}`;

export function presentNote(n: NoteRow, owner: NoteOwner) {
  return {
    id: n.id,
    link: { rel: 'self', href: noteHref(owner, n.id) },
    created: { date: n.createdAt, user: n.author },
    content: n.content,
  };
}
