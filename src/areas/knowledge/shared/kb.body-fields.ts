// Readers of the body fields folders and topics share (06 §3.5, §3.6; 01 §3.2): names, free text, id references,
// lenient booleans and the concurrency stamp. They check what depends on the request alone (01 §7.2 step 7) and
// name each attribute as the client wrote it (`topic[2].name`, `parentTopic.id`).
import { Err } from '../../../errors/app-error.ts';
import { parseInstant } from '../../../common/instant.ts';
import { parseId } from '../../../query/ids.ts';

export type Obj = Record<string, unknown>;

/** A reference read from a body: the id, where it was written and how. */
export type BodyRef = { id: bigint; path: string; raw: string };

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const at = (path: string, name: string) => (path ? `${path}.${name}` : name);

const scalar = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
const length = (s: string) => Array.from(s).length;

export function invalid(path: string, v: unknown): never {
  throw Err.invalidAttribute(path, typeof v === 'object' ? '' : v);
}

/** A name required on create: absent, null or blank → 400-153; not text or longer than `max` → 400-152. */
export function requiredName(v: unknown, path: string, max = 255): string {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) throw Err.missingAttribute(path);
  const s = scalar(v);
  if (s === undefined || length(s) > max) return invalid(path, v);
  return s;
}

/** A required field on edit: absent → unchanged (undefined); null or blank cannot clear it → 400-152. */
export function editedName(v: unknown, path: string, max = 255): string | undefined {
  if (v === undefined) return undefined;
  const s = scalar(v);
  if (s === undefined || s.trim() === '' || length(s) > max) return invalid(path, v);
  return s;
}

/** Optional free text: absent → undefined; null or "" → null (cleared, or none on create); too long → 400-152. */
export function optionalText(v: unknown, path: string, max: number): string | null | undefined {
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  const s = scalar(v);
  if (s === undefined || length(s) > max) return invalid(path, v);
  return s;
}

/** An id written as a JSON number or string (01 §5.7); anything else, alternate ids included → 400-152. */
export function idValue(v: unknown, path: string): bigint {
  const s = scalar(v)?.trim();
  const id = s === undefined ? null : parseId(s);
  if (id === null) return invalid(path, v);
  return BigInt(id);
}

/**
 * A reference `{"id": …}` (XML `<parent id="…"/>` or `<parent><id>…</id></parent>`) under `key`. Absent, null, an
 * empty element or an object without id → undefined.
 */
export function refOf(body: Obj, key: string, path = ''): BodyRef | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === '') return undefined;
  const p = at(at(path, key), 'id');
  if (!isObj(v)) return invalid(at(path, key), v);
  const id = v.id;
  if (id === undefined || id === null || id === '') return undefined;
  return { id: idValue(id, p), path: p, raw: String(scalar(id) ?? '') };
}

const booleans: Record<string, boolean> = { true: true, false: false, yes: true, no: false };

/** A boolean: true/false, or the strings "true", "false", "yes", "no" in any case (01 §3.2). Absent/null/"" → undefined. */
export function booleanValue(v: unknown, path: string): boolean | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'boolean') return v;
  const b = typeof v === 'string' ? booleans[v.trim().toLowerCase()] : undefined;
  if (b === undefined) return invalid(path, v);
  return b;
}

/** The stamp `lastModified.date` (01 §12): absent → undefined (no check); malformed → 400-152. */
export function stampOf(body: Obj, path = ''): Date | undefined {
  const lm = body.lastModified;
  if (lm === undefined || lm === null || lm === '') return undefined;
  if (!isObj(lm)) return invalid(at(path, 'lastModified'), lm);
  const date = lm.date;
  if (date === undefined || date === null || date === '') return undefined;
  const parsed = typeof date === 'string' ? parseInstant(date.trim()) : null;
  if (!parsed) return invalid(at(path, 'lastModified.date'), date);
  return parsed;
}
