// Reads article bodies (06 §3.1, §5 K4–K12) into typed input, checking what depends on the request alone (01 §7.2
// step 7): types, lengths, formats, enumerations, required fields. Every 400-152 / 400-153 names the attribute as the
// client wrote it (`versions.version[0].name`, `article[2].id`). Article-level fields may also be written inside
// `versions.version[0]`; that value wins (06 §3.1). Create bodies read `null` as absent; edit bodies read `null` and
// `""` as "clear" (01 §3.2), which for the required `name` and `articleType` is 400-152.
import { Err } from '../../../errors/app-error.ts';
import { parseInstant } from '../../../common/instant.ts';
import { normaliseLanguageCode } from '../shared/kb.language.ts';
import { at, idValue, invalid, isObj, refOf, stampOf, type BodyRef, type Obj } from '../shared/kb.body-fields.ts';
import { reservedWords, reviewStages, type ReviewStage } from './article.schema.ts';

const MAX_CONTENT_BYTES = 1024 * 1024;
const TEXT_LIMITS = { keywords: 1000, summary: 4000, description: 4000 } as const;

export type TypeRef = { id: bigint; path: string; raw: string } | { name: string; path: string; raw: string };

/** The writable fields of an article (its transient version and its type); undefined = not sent. */
export type Fields = {
  name?: string;
  keywords?: string | null;
  summary?: string | null;
  description?: string | null;
  content?: string | null;
  availabilityDate?: Date | null;
  expirationDate?: Date | null;
  articleType?: TypeRef;
  /** Where each sent field was written, for errors found later (expiration before availability). */
  paths: Partial<Record<keyof Omit<Fields, 'paths'>, string>>;
};

export type LanguageRef = { id: bigint; path: string; raw: string } | { code: string; path: string; raw: string };

export type CreateInput = { fields: Fields & { name: string }; folder: BodyRef; language: LanguageRef; alternateId?: string };

export type EditItem = { id: bigint; path: string; stamp?: Date | undefined; fields: Fields };

export type StageItem = { id: bigint; path: string; stamp?: Date | undefined; stage: ReviewStage };

type Mode = 'create' | 'edit';

const scalar = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const chars = (s: string) => Array.from(s).length;
const blank = (v: unknown) => v === undefined || v === null || v === '';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function readName(v: unknown, path: string, mode: Mode): string | undefined {
  if (mode === 'create' && (blank(v) || (typeof v === 'string' && v.trim() === ''))) return undefined;
  const s = scalar(v);
  if (s === undefined || s.trim() === '' || chars(s) > 255) return invalid(path, v);
  return s;
}

function readText(v: unknown, path: string, max: number): string | null {
  if (v === null || v === '') return null;
  const s = scalar(v);
  if (s === undefined || chars(s) > max) return invalid(path, v);
  return s;
}

/** `content`: HTML as a string, or `{"html": …}`, or `{"text": …}` (escaped and wrapped in `<p>`); at most 1 MiB. */
function readContent(v: unknown, path: string): string | null {
  if (v === null || v === '') return null;
  let html: string;
  if (isObj(v)) {
    if (v.html !== undefined) {
      if (v.html === null || v.html === '') return null;
      const s = scalar(v.html);
      if (s === undefined) return invalid(at(path, 'html'), v.html);
      html = s;
    } else if (v.text !== undefined) {
      if (v.text === null || v.text === '') return null;
      const s = scalar(v.text);
      if (s === undefined) return invalid(at(path, 'text'), v.text);
      html = `<p>${escapeHtml(s)}</p>`;
    } else if (Object.keys(v).length === 0) {
      return null;
    } else {
      return invalid(path, v);
    }
  } else {
    const s = scalar(v);
    if (s === undefined) return invalid(path, v);
    html = s;
  }
  if (Buffer.byteLength(html, 'utf8') > MAX_CONTENT_BYTES) return invalid(path, '');
  return html;
}

function readDate(v: unknown, path: string): Date | null {
  if (v === null || v === '') return null;
  const s = scalar(v);
  const d = s === undefined ? null : parseInstant(s.trim());
  if (!d) return invalid(path, v);
  return d;
}

/** `articleType`: `{"id"}` or `{"name"}`. On edit it cannot be cleared. */
function readType(v: unknown, path: string, mode: Mode): TypeRef | undefined {
  const empty = blank(v) || (isObj(v) && blank(v.id) && blank(v.name));
  if (empty) return mode === 'create' ? undefined : invalid(path, v);
  if (!isObj(v)) return invalid(path, v);
  if (!blank(v.id)) return { id: idValue(v.id, at(path, 'id')), path: at(path, 'id'), raw: scalar(v.id) ?? '' };
  const name = scalar(v.name);
  if (name === undefined || name.trim() === '' || chars(name) > 255) return invalid(at(path, 'name'), v.name);
  return { name: name.trim(), path: at(path, 'name'), raw: name };
}

type FieldName = keyof Omit<Fields, 'paths'>;
const fieldNames: FieldName[] = ['name', 'keywords', 'summary', 'description', 'content', 'availabilityDate', 'expirationDate', 'articleType'];

/** The fields written directly in `src` (article level or version[0]). */
function readFieldsOf(src: Obj, base: string, mode: Mode): Fields {
  const out: Fields = { paths: {} };
  for (const name of fieldNames) {
    const v = src[name];
    if (v === undefined || (mode === 'create' && v === null)) continue;
    const path = at(base, name);
    let value: unknown;
    switch (name) {
      case 'name':
        value = readName(v, path, mode);
        break;
      case 'keywords':
      case 'summary':
      case 'description':
        value = readText(v, path, TEXT_LIMITS[name]);
        break;
      case 'content':
        value = readContent(v, path);
        break;
      case 'availabilityDate':
      case 'expirationDate':
        value = readDate(v, path);
        break;
      case 'articleType':
        value = readType(v, path, mode);
        break;
    }
    if (value === undefined || (mode === 'create' && value === null)) continue;
    (out as Record<string, unknown>)[name] = value;
    out.paths[name] = path;
  }
  return out;
}

/** `versions.version[0]` of `body` (only that one is read), with its path; undefined when absent. */
function firstVersion(body: Obj, base: string): { obj: Obj; path: string } | undefined {
  const versions = body.versions;
  if (blank(versions)) return undefined;
  const vPath = at(base, 'versions');
  if (!isObj(versions)) return invalid(vPath, versions);
  const list = versions.version;
  if (blank(list)) return undefined;
  const first = Array.isArray(list) ? list[0] : list;
  const path = Array.isArray(list) ? `${vPath}.version[0]` : `${vPath}.version`;
  if (first === undefined || first === null || first === '') return undefined;
  if (!isObj(first)) return invalid(path, first);
  return { obj: first, path };
}

/** Article-level fields overlaid by those of `versions.version[0]` (06 §3.1: the version-level value wins). */
function readFields(body: Obj, base: string, mode: Mode): Fields {
  const article = readFieldsOf(body, base, mode);
  const v = firstVersion(body, base);
  if (!v) return article;
  const version = readFieldsOf(v.obj, v.path, mode);
  return { ...article, ...version, paths: { ...article.paths, ...version.paths } } as Fields;
}

/** Both dates sent: the expiration must follow the availability (06 §3.1). */
export function checkDates(f: Pick<Fields, 'availabilityDate' | 'expirationDate' | 'paths'>, stored?: { availabilityDate: Date | null; expirationDate: Date | null }): void {
  const from = f.availabilityDate !== undefined ? f.availabilityDate : (stored?.availabilityDate ?? null);
  const to = f.expirationDate !== undefined ? f.expirationDate : (stored?.expirationDate ?? null);
  if (!from || !to || to.getTime() > from.getTime()) return;
  const path = f.paths.expirationDate ?? f.paths.availabilityDate ?? 'expirationDate';
  throw Err.invalidAttribute(path, f.paths.expirationDate ? to.toISOString() : from.toISOString());
}

/** The stamp of an item (06 §4.3): `versions.version[0].lastModified.date`, else `lastModified.date`. */
function readStamp(body: Obj, base: string): Date | undefined {
  const v = firstVersion(body, base);
  return (v ? stampOf(v.obj, v.path) : undefined) ?? stampOf(body, base);
}

const ALTERNATE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const reserved = new Set<string>(reservedWords);

function readAlternateId(v: unknown): string | undefined {
  if (blank(v)) return undefined;
  const s = scalar(v)?.trim();
  if (s === undefined || !ALTERNATE_ID.test(s) || /^[0-9]+$/.test(s) || reserved.has(s.toLowerCase())) return invalid('alternateId', v);
  return s;
}

function readLanguage(v: unknown): LanguageRef {
  if (blank(v)) throw Err.missingAttribute('language.id');
  if (!isObj(v)) return invalid('language', v);
  if (!blank(v.id)) return { id: idValue(v.id, 'language.id'), path: 'language.id', raw: scalar(v.id) ?? '' };
  const code = scalar(v.code)?.trim();
  if (code === undefined || code === '') throw Err.missingAttribute('language.id');
  return { code: normaliseLanguageCode(code), path: 'language.code', raw: code };
}

/** K4 (06 §5): one article. */
export function readCreate(body: Obj): CreateInput {
  const folder = refOf(body, 'folder');
  if (!folder) throw Err.missingAttribute('folder.id');
  const language = readLanguage(body.language);
  const alternateId = readAlternateId(body.alternateId);
  const fields = readFields(body, '', 'create');
  if (fields.name === undefined) throw Err.missingAttribute(firstVersion(body, '') ? 'versions.version[0].name' : 'name');
  checkDates(fields);
  return { fields: fields as Fields & { name: string }, folder, language, ...(alternateId ? { alternateId } : {}) };
}

/** The `id` of a list item (numeric only: an alternate id in a write is 400-152, 06 §1.5). */
function readItemId(item: Obj, path: string): bigint {
  if (blank(item.id)) throw Err.missingAttribute(at(path, 'id'));
  return idValue(item.id, at(path, 'id'));
}

/** 1–75 items of a list body (the platform checked the count); an id twice → 400-152 on the second. */
function readItems<T>(items: readonly unknown[], read: (item: Obj, path: string, id: bigint) => T): (T & { id: bigint; path: string })[] {
  const seen = new Set<bigint>();
  return items.map((item, i) => {
    const path = `article[${i}]`;
    if (!isObj(item)) return invalid(path, item);
    const id = readItemId(item, path);
    if (seen.has(id)) return invalid(at(path, 'id'), String(id));
    seen.add(id);
    return { ...read(item, path, id), id, path };
  });
}

/** K7, K8: ids, optional stamps and edits. */
export function readEdits(items: readonly unknown[]): EditItem[] {
  return readItems(items, (item, path) => {
    const fields = readFields(item, path, 'edit');
    checkDates(fields);
    return { stamp: readStamp(item, path), fields };
  });
}

/** K9, K11: ids and optional stamps; anything else in the items is ignored. */
export function readStamped(items: readonly unknown[]): { id: bigint; path: string; stamp?: Date | undefined }[] {
  return readItems(items, (item, path) => ({ stamp: readStamp(item, path) }));
}

/** K10: the stage of each item (`reviewStage.value`, article level or version[0]). */
export function readStages(items: readonly unknown[]): StageItem[] {
  return readItems(items, (item, path) => {
    const v = firstVersion(item, path);
    const fromVersion = v && v.obj.reviewStage !== undefined;
    const raw = fromVersion ? v.obj.reviewStage : item.reviewStage;
    const base = at(fromVersion ? v.path : path, 'reviewStage');
    const value = isObj(raw) ? raw.value : raw;
    const valuePath = isObj(raw) ? at(base, 'value') : base;
    if (blank(value)) throw Err.missingAttribute(valuePath);
    const s = scalar(value)?.trim().toLowerCase();
    const stage = reviewStages.find((x) => x === s);
    if (!stage) return invalid(valuePath, value);
    return { stamp: readStamp(item, path), stage };
  });
}

/** K5: the source article and the target folder (numeric ids). */
export function readCopy(body: unknown): { article: BodyRef; folder: BodyRef } {
  if (!isObj(body)) throw Err.malformedBody();
  const article = refOf(body, 'article');
  if (!article) throw Err.missingAttribute('article.id');
  const folder = refOf(body, 'folder');
  if (!folder) throw Err.missingAttribute('folder.id');
  return { article, folder };
}

/** K12: the target folder and an optional stamp. */
export function readMove(body: unknown): { folder: BodyRef; stamp?: Date | undefined } {
  if (!isObj(body)) throw Err.malformedBody();
  const folder = refOf(body, 'folder');
  if (!folder) throw Err.missingAttribute('folder.id');
  return { folder, stamp: stampOf(body) };
}
