// Reading attachment request bodies (06 §7): the multipart upload of K23 and the link lists of K24/K25. Everything
// here depends on the request alone (01 §7.2 step 7); existence and capacity are checked by the service.
import { Err } from '../../../errors/app-error.ts';
import { parseJsonBody, unwrapResource } from '../../../platform/body.ts';
import { lenient } from '../../../platform/body-schema.ts';
import { fileBaseName, type Part } from '../../../platform/multipart.ts';
import { parseId } from '../../../query/ids.ts';
import { readXml } from '../../../xml/reader.ts';
import { MAX_NAME, MAX_URL } from './attachment.schema.ts';

export type Upload = { name: string; fileName: string; contentType: string; bytes: Buffer };
export type NewLink = { name: string; url: string };
export type LinkEdit = { id: bigint; name?: string; url?: string };

const codePoints = (s: string) => Array.from(s).length;
// Header-safe text: a file name or media type goes back out in Content-Disposition / Content-Type (K28).
const hasControl = (s: string) => Array.from(s).some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
const mediaType = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*(;[\x20-\x7e]*)?$/;

/** A text value of a body: strings as sent, numbers and booleans as text; anything else → 400-152. */
function textOf(v: unknown, path: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw Err.invalidAttribute(path, '');
}

// ---------- K23: multipart upload ----------

/** The name a file part gives (path components some browsers send are dropped), `attachment` when it gives none. */
function fileNameOf(part: Part): string {
  const base = fileBaseName(part.filename ?? '').trim();
  if (base === '') return 'attachment';
  if (hasControl(base) || codePoints(base) > MAX_NAME) throw Err.invalidAttribute('fileName', base);
  return base;
}

function contentTypeOf(part: Part): string {
  const sent = part.contentType?.trim();
  if (!sent) return 'application/octet-stream';
  if (!mediaType.test(sent) || sent.length > MAX_NAME) throw Err.invalidAttribute('contentType', sent);
  return sent;
}

/**
 * The `entity` part as its JSON shape: XML or JSON as its Content-Type says, sniffed from the first non-blank
 * character when it names neither; `{"attachment":{...}}` and `<attachments><attachment>` are unwrapped.
 */
function readEntity(part: Part | undefined): Record<string, unknown> {
  if (!part) return {};
  const text = part.data.toString('utf8');
  if (text.trim() === '') return {};
  const type = (part.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const xml = /[/+]xml$/.test(type) || (!/[/+]json$/.test(type) && text.trimStart().startsWith('<'));
  let value: unknown;
  if (xml) {
    const read = readXml(text, { maxDepth: 64 }).value;
    value = read === '' || read === null ? {} : read;
  } else value = parseJsonBody(text);
  const entity = unwrapResource(value, 'attachment', 'single');
  if (entity === null || typeof entity !== 'object' || Array.isArray(entity)) throw Err.malformedBody();
  return lenient(undefined, entity) as Record<string, unknown>;
}

/**
 * K23: the `FILE` part (name compared case-insensitively; else the first other part that carries a file name) and
 * the optional `entity`. No file → 400-153; larger than `maxBytes` → 413-100; empty → 400-152.
 */
export function readUpload(parts: readonly Part[], maxBytes: number): Upload {
  const entityPart = parts.find((p) => p.name?.toLowerCase() === 'entity');
  const file = parts.find((p) => p.name?.toLowerCase() === 'file') ?? parts.find((p) => p !== entityPart && p.filename !== undefined);
  if (!file) throw Err.missingAttribute('FILE');
  if (file.data.length > maxBytes) throw Err.bodyTooLarge(maxBytes);
  if (file.data.length === 0) throw Err.invalidAttribute('FILE', '');
  const fileName = fileNameOf(file);
  const contentType = contentTypeOf(file);
  const entity = readEntity(entityPart);
  let name = fileName;
  if (entity.name !== undefined && entity.name !== null) {
    const sent = textOf(entity.name, 'name');
    if (codePoints(sent) > MAX_NAME) throw Err.invalidAttribute('name', sent);
    if (sent.trim() !== '') name = sent;
  }
  return { name, fileName, contentType, bytes: file.data };
}

// ---------- K24, K25: link attachments ----------

/** An absolute http(s) URL of at most 2000 characters, without white space or control characters. */
function readUrl(v: unknown, path: string): string {
  const s = textOf(v, path).trim();
  if (s.length > MAX_URL || /\s/.test(s) || hasControl(s)) throw Err.invalidAttribute(path, s);
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw Err.invalidAttribute(path, s);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw Err.invalidAttribute(path, s);
  return s;
}

function readName(v: unknown, path: string): string {
  const s = textOf(v, path);
  if (s.trim() === '' || codePoints(s) > MAX_NAME) throw Err.invalidAttribute(path, s);
  return s;
}

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** K24: `name` and `url` required (400-153), valid (400-152). */
export function readNewLinks(items: readonly Record<string, unknown>[]): NewLink[] {
  return items.map((item, i) => {
    const at = (field: string) => `attachment[${i}].${field}`;
    if (isBlank(item.name)) throw Err.missingAttribute(at('name'));
    if (isBlank(item.url)) throw Err.missingAttribute(at('url'));
    return { name: readName(item.name, at('name')), url: readUrl(item.url, at('url')) };
  });
}

/** K25: `id` required and numeric; `name` and `url` optional, but neither can be cleared (400-152). */
export function readLinkEdits(items: readonly Record<string, unknown>[]): LinkEdit[] {
  return items.map((item, i) => {
    const at = (field: string) => `attachment[${i}].${field}`;
    if (isBlank(item.id)) throw Err.missingAttribute(at('id'));
    const idText = typeof item.id === 'string' ? item.id.trim() : typeof item.id === 'number' ? String(item.id) : undefined;
    const id = idText === undefined ? null : parseId(idText);
    if (id === null) throw Err.invalidAttribute(at('id'), idText ?? '');
    const edit: LinkEdit = { id: BigInt(id) };
    if (item.name !== undefined) edit.name = readName(item.name ?? '', at('name'));
    if (item.url !== undefined) {
      if (isBlank(item.url)) throw Err.invalidAttribute(at('url'), '');
      edit.url = readUrl(item.url, at('url'));
    }
    return edit;
  });
}
