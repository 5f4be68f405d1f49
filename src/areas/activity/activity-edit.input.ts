// Reads the items of a V6 edit body (05 §9.7) into typed input, checking what depends on the request alone (01 §7.2
// step 7): types, ranges, formats, the language tag, the shape of custom attributes and of payload contents. In an
// edit JSON `null` (XML `xsi:nil`) or an empty value clears an optional field (01 §3.2): `subject` becomes empty,
// `dueDate` is removed, `priority` and `language` return to their create defaults (5, `en`). Each 400-152 / 400-153
// names the attribute as the client wrote it, `activity[i].…` (03 B4). What needs the stored activity (its status and
// type, the definitions) is the service's.
import { Type } from '@sinclair/typebox';
import { AppError, Err } from '../../errors/app-error.ts';
import { parseInstant } from '../../common/instant.ts';
import type { AttributeInput } from '../custom-attributes/values.ts';
import { readAttributes } from '../case/case.input.ts';
import { BatchItem, readBatch, type Item } from './activity.write.ts';
import { activityTypes, type ActivityType } from './status-machine.ts';

type Obj = Record<string, unknown>;

/** A V6 item: the batch item of 05 §9 with the editable fields of §5.1 (read by readEditItems, not by the schema). */
export const EditItem = Type.Composite(
  [
    BatchItem,
    Type.Object({
      subject: Type.Optional(Type.Unknown({ description: '≤ 1024 characters; null or "" clears' })),
      priority: Type.Optional(Type.Unknown({ description: 'integer 1–10; null or "" restores 5' })),
      dueDate: Type.Optional(Type.Unknown({ description: 'date-time; null or empty string clears' })),
      language: Type.Optional(Type.Unknown({ description: 'BCP 47 tag, `{"value":"pt-BR"}`; null or an empty value restores en' })),
      customAttributes: Type.Optional(Type.Unknown({ description: '03 §2.7' })),
      payload: Type.Optional(Type.Unknown({ description: 'content of completed activities (05 §9.7)' })),
    }),
  ],
  { additionalProperties: true },
);
export const EditBody = Type.Array(EditItem, { minItems: 1, maxItems: 75 });

/** Content of one type: `text` or `html`. */
export type ContentInput = { type: 'text' | 'html'; value: string };

/** The payload of an item: the type it names and the contents given (each type at most once). */
export type PayloadInput = { type: ActivityType; path: string; contents: ContentInput[] };

export type EditInput = {
  subject?: string;
  priority?: number;
  /** null: clear. */
  dueDate?: Date | null;
  language?: string;
  attributes?: AttributeInput[];
  /** Present only when it carries at least one content ("payload with a value", 05 §9.7). */
  payload?: PayloadInput;
};

export type EditItemInput = Item<EditInput>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => v === '' || (isObj(v) && Object.keys(v).length === 0);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);
const scalar = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const invalid = (path: string, v: unknown): never => {
  throw Err.invalidAttribute(path, typeof v === 'object' ? '' : v);
};
/** Empty as 01 §3.2 means it: JSON `null` (XML `xsi:nil`), an empty or blank string (XML empty element). */
const blank = (v: unknown) => v === null || (typeof v === 'string' && v.trim() === '');

export const MAX_SUBJECT = 1024;
/** The create defaults an edit that clears the field restores (05 §5.1). */
export const DEFAULT_PRIORITY = 5;
export const DEFAULT_LANGUAGE = 'en';

/** `subject`: ≤ 1024 characters; `null` clears it (stored empty, as `""`). */
export function readSubject(v: unknown, path: string): string {
  if (v === null) return '';
  const s = scalar(v);
  if (s === undefined || Array.from(s).length > MAX_SUBJECT) return invalid(path, v);
  return s;
}

/** `priority`: an integer 1–10, as a JSON number or a numeric string (05 §9.7); empty restores the default 5. */
export function readPriority(v: unknown, path: string): number {
  if (blank(v)) return DEFAULT_PRIORITY;
  const s = scalar(v)?.trim();
  if (s === undefined || !/^[0-9]{1,2}$/.test(s)) return invalid(path, v);
  const n = Number(s);
  if (n < 1 || n > 10) return invalid(path, v);
  return n;
}

/**
 * `dueDate`: `null`, `""`, `{}` (XML empty element, `xsi:nil`) clear it; otherwise any instant (05 §5.1 asks no
 * future date of an activity, unlike a case's, 04 §4.1). On a completed activity a different value is 409-102.
 */
export function readDueDate(v: unknown, path: string): Date | null {
  if (blank(v) || isEmpty(v)) return null;
  const s = scalar(v);
  const d = s === undefined ? null : parseInstant(s.trim());
  if (!d) return invalid(path, v);
  return d;
}

/** A BCP 47 tag in its canonical form (`PT-br` → `pt-BR`), or null when it is not one. */
export function canonicalLanguage(raw: string): string | null {
  const tag = raw.trim().replace(/_/g, '-');
  if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag)) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical !== undefined && canonical.length <= 35 ? canonical : null;
  } catch {
    return null;
  }
}

/** `language`: `{"value":"en"}` (or the bare tag); empty (also `{}` or an empty `value`) restores the default `en`. */
export function readLanguage(v: unknown, path: string): string {
  const raw = isObj(v) ? v.value : v;
  if (raw === undefined || blank(raw)) return DEFAULT_LANGUAGE;
  const at = isObj(v) ? `${path}.value` : path;
  const s = scalar(raw);
  const tag = s === undefined ? null : canonicalLanguage(s);
  if (tag === null) return invalid(at, raw);
  return tag;
}

/** One list of contents: `{"content":[{"type","value"}]}` (B1: a single object is a list of one). */
export function readContents(v: unknown, path: string): ContentInput[] {
  if (isEmpty(v)) return [];
  if (!isObj(v)) return invalid(path, v);
  const seen = new Set<string>();
  return asList(v.content).map((c, i) => {
    const at = Array.isArray(v.content) ? `${path}.content[${i}]` : `${path}.content`;
    if (!isObj(c)) return invalid(at, c);
    const rawType = isObj(c.type) ? c.type.value : c.type;
    if (rawType === undefined || rawType === null || rawType === '') throw Err.missingAttribute(`${at}.type`);
    const type = scalar(rawType)?.trim().toLowerCase();
    if (type !== 'text' && type !== 'html') return invalid(`${at}.type`, rawType);
    // One content per type (05 §5.3).
    if (seen.has(type)) return invalid(`${at}.type`, rawType);
    seen.add(type);
    const value = c.value === undefined || c.value === null ? '' : scalar(c.value);
    if (value === undefined) return invalid(`${at}.value`, c.value);
    return { type, value };
  });
}

/**
 * `payload.<type>` with `contents` (email, social, calltrack, task) or `transcript` (chat). Undefined when it
 * carries no content; more than one type, or an unknown one → 400-152.
 */
function readPayload(v: unknown, path: string): PayloadInput | undefined {
  if (isEmpty(v)) return undefined;
  if (!isObj(v)) return invalid(path, v);
  const names = Object.keys(v).filter((k) => v[k] !== undefined && v[k] !== null);
  if (names.length === 0) return undefined;
  if (names.length > 1) return invalid(`${path}.${names[1]}`, '');
  const name = names[0]!;
  const type = activityTypes.find((t) => t === name);
  if (!type) return invalid(`${path}.${name}`, '');
  const inner = v[name];
  if (isEmpty(inner)) return undefined;
  if (!isObj(inner)) return invalid(`${path}.${name}`, inner);
  const field = type === 'chat' ? 'transcript' : 'contents';
  const contents = readContents(inner[field], `${path}.${name}.${field}`);
  return contents.length ? { type, path: `${path}.${name}`, contents } : undefined;
}

/** The paths of a custom attribute input, under the item's path. */
function under(prefix: string, a: AttributeInput): AttributeInput {
  return { ...a, path: `${prefix}.${a.path}`, values: a.values.map((v) => ({ ...v, path: `${prefix}.${v.path}` })) };
}

/** `customAttributes` of an item, read as 03 §2.7 says (case.input.ts); an error names the attribute under the item. */
function readItemAttributes(v: unknown, prefix: string): AttributeInput[] {
  try {
    return readAttributes(v).map((a) => under(prefix, a));
  } catch (err) {
    if (!(err instanceof AppError) || (err.key !== '400-152' && err.key !== '400-153')) throw err;
    const attribute = `${prefix}.${String(err.params.attribute)}`;
    throw new AppError(err.key, { ...err.params, attribute }, err.details.map((d) => ({ ...d, key: `${prefix}.${d.key}` })));
  }
}

/**
 * V6 (05 §9.7): the items, in body order. The fields of the open list are read when sent, `null` included (it clears
 * them); `customAttributes` and `payload` only when not `null`. An item that edits nothing → 400-153 on `activity[i]`:
 * none of the fields sent, or only a payload without a value (`{}`, an empty type element, no content).
 */
export function readEditItems(items: readonly (Obj & { id: string; lastModified?: { date?: string } })[]): EditItemInput[] {
  return readBatch(items).map((item) => {
    const body = item.body as Obj;
    const p = item.path;
    const sent = (name: string) => body[name] !== undefined;
    const out: EditInput = {};
    if (sent('subject')) out.subject = readSubject(body.subject, `${p}.subject`);
    if (sent('priority')) out.priority = readPriority(body.priority, `${p}.priority`);
    if (sent('dueDate')) out.dueDate = readDueDate(body.dueDate, `${p}.dueDate`);
    if (sent('language')) out.language = readLanguage(body.language, `${p}.language`);
    if (sent('customAttributes') && body.customAttributes !== null) out.attributes = readItemAttributes(body.customAttributes, p);
    if (sent('payload') && body.payload !== null) {
      const payload = readPayload(body.payload, `${p}.payload`);
      if (payload) out.payload = payload;
    }
    if (Object.keys(out).length === 0) throw Err.missingAttribute(p);
    return { ...item, body: out };
  });
}
