// Note bodies and query specs (04 §9), shared by case notes (K6–K8) and activity notes (05 §9.14).
import { Type } from '@sinclair/typebox';
import type { QuerySpec } from '../../query/spec.ts';
import { Err } from '../../errors/app-error.ts';

/** Notes take no query parameter: `$attribute` and paging parameters → 400-101 (04 §9.1, §9.3). */
export const noteQuery: QuerySpec = { mode: 'action' };

/** Route body config: `{"content"}`, `{"note":{…}}`, `{"note":[one]}`, XML `<note>` or `<notes>` with one `<note>`. */
export const noteBodyConfig = { resource: { key: 'note', mode: 'single' as const } };

export const NoteBody = Type.Object(
  { content: Type.Optional(Type.Unknown({ description: '1–1500 characters of plain text' })) },
  { description: 'A note (04 §9.1)' },
);

export const MAX_NOTE_LENGTH = 1500;
// C0 and C1 control characters other than tab, LF and CR (04 §9.1).
const isControl = (code: number) => (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);
const hasControl = (s: string) => Array.from(s).some((ch) => isControl(ch.codePointAt(0)!));

/**
 * The `content` of a create body (04 §9.2): missing or empty → 400-153; too long or control characters → 400-152.
 * Free text keeps its whitespace (01 §3.3), so content of spaces only is 1–1500 characters like any other, not empty.
 */
export function readNoteContent(body: Record<string, unknown>): string {
  const v = body.content;
  if (v === undefined || v === null || v === '') throw Err.missingAttribute('content');
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  if (s === undefined) throw Err.invalidAttribute('content', '');
  if (hasControl(s)) throw Err.invalidAttribute('content', s);
  if (Array.from(s).length > MAX_NOTE_LENGTH) throw Err.invalidAttribute('content', s);
  return s;
}
