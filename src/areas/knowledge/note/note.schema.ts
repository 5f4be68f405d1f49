// Query specs and bodies of the article note endpoints (06 §6, K19–K22). The body schema documents the shape and
// caps the list at 75 (400-160); readNoteContents reads each `content` so errors name the attribute as written.
import { Type } from '@sinclair/typebox';
import { Err } from '../../../errors/app-error.ts';
import type { QuerySpec } from '../../../query/spec.ts';

/**
 * Notes have no attribute group: `$attribute` accepts only blank and `all` (which change nothing) on the note
 * reads and on K19; `$lang` is accepted and ignored everywhere (06 §1.6).
 */
export const noteAddQuery: QuerySpec = { mode: 'action', attributes: [], lang: true };
/** K20: paged, newest first; `$sort=id` (the only sort name every list takes) orders by id instead. */
export const noteListQuery: QuerySpec = { mode: 'list', attributes: [], lang: true };
export const noteGetQuery: QuerySpec = { mode: 'get', attributes: [], lang: true };
export const noteDeleteQuery: QuerySpec = { mode: 'action', lang: true };

/** `{"note":[...]}`, `{"note":{...}}` or a bare `{"content"}`; XML `<notes><note>` or `<note>`. */
export const noteBodyConfig = { resource: { key: 'note', mode: 'list' as const } };

export const NoteListBody = Type.Array(Type.Object({ content: Type.Optional(Type.Unknown({ description: '1–1500 characters of plain text' })) }), {
  minItems: 1,
  maxItems: 75,
  description: 'Notes to add (06 §3.3)',
});

export const MAX_NOTE_LENGTH = 1500;

/** The `content` of every item (06 §3.3): missing or blank → 400-153, not text or over 1500 characters → 400-152. */
export function readNoteContents(items: readonly Record<string, unknown>[]): string[] {
  return items.map((item, i) => {
    const path = `note[${i}].content`;
    const v = item.content;
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) throw Err.missingAttribute(path);
    const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
    if (s === undefined) throw Err.invalidAttribute(path, '');
    if (Array.from(s).length > MAX_NOTE_LENGTH) throw Err.invalidAttribute(path, s);
    return s;
  });
}
