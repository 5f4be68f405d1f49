// The article note on the wire (06 §3.3): every field in the default set, elements in the kb namespace, the author
// in `c:user` inside `created`.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource } from '../../../representation/shape.ts';
import { kbHref, selfLink } from '../shared/kb.paths.ts';
import { timestamp } from '../shared/kb.shapes.ts';
import type { NoteRow } from './note.queries.ts';

export const kbNoteShape = resource('note', NS.kb, {
  id: f.id(),
  link: f.link(),
  content: f.text(),
  created: timestamp(),
});

export function presentKbNote(row: NoteRow) {
  return {
    id: row.id,
    link: selfLink(kbHref.note(row.articleId, row.id)),
    content: row.content,
    created: { date: row.createdAt, user: row.author },
  };
}

export type KbNoteView = ReturnType<typeof presentKbNote>;
