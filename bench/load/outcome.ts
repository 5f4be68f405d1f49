// Success and failure of one request (10 §3.4): the expected status, and a well-formed response — 200: the body
// parses in the negotiated format and holds the resource list wrapper with at least one item; 201: `Location`
// starts with /system/ws/; 204: no body. Anything else fails, recorded with its status and error `code`.
import { gunzipSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Wrapper } from './apis.ts';
import type { Format } from './bodies.ts';

export type Headers = Record<string, string | string[] | undefined>;

export type Outcome = {
  ok: boolean;
  /** HTTP status; 0 for a transport error or a timeout. */
  status: number;
  /** The error `code` of the body (`409-102`), or the generator's reason (`timeout`, `bad-body`, ...). */
  code?: string;
  location?: string;
  /** The items of the list wrapper, JSON-shaped (XML attributes become properties), when the body was parsed. */
  items?: Record<string, unknown>[];
};

/** A header by case-insensitive name (autocannon keeps the server's spelling). */
export function header(headers: Headers, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === lower) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

export function decodeBody(raw: Buffer, headers: Headers): Buffer {
  const encoding = header(headers, 'content-encoding')?.toLowerCase();
  if (raw.length > 0 && encoding === 'gzip') return gunzipSync(raw);
  return raw;
}

const parsers = new Map<string, XMLParser>();

function xmlParser(wrapper: Wrapper | undefined): XMLParser {
  const key = wrapper ? `${wrapper.plural}.${wrapper.singular}` : '';
  let p = parsers.get(key);
  if (!p) {
    p = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      removeNSPrefix: true,
      parseTagValue: false,
      ignoreDeclaration: true,
      isArray: (_name, jpath) => jpath === key,
    });
    parsers.set(key, p);
  }
  return p;
}

export type Parsed = { format: Format; doc: unknown } | { format: Format; error: string };

/** The body in the format its Content-Type names. */
export function parseBody(body: Buffer, headers: Headers, wrapper?: Wrapper): Parsed | undefined {
  const type = header(headers, 'content-type')?.toLowerCase() ?? '';
  const text = body.toString('utf8');
  if (type.includes('json')) {
    try {
      return { format: 'json', doc: JSON.parse(text) };
    } catch (err) {
      return { format: 'json', error: (err as Error).message };
    }
  }
  if (type.includes('xml')) {
    const valid = XMLValidator.validate(text);
    if (valid !== true) return { format: 'xml', error: valid.err.msg };
    return { format: 'xml', doc: xmlParser(wrapper).parse(text) };
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The items of the list wrapper, or undefined when the document is not that wrapper. */
export function wrapperItems(doc: unknown, format: Format, wrapper: Wrapper): Record<string, unknown>[] | undefined {
  if (!isObject(doc)) return undefined;
  if (format === 'json') {
    const list = doc[wrapper.singular];
    return Array.isArray(list) && list.every(isObject) ? list : undefined;
  }
  const root = doc[wrapper.plural];
  if (root === '') return []; // <activities/>
  if (!isObject(root)) return undefined;
  const list = root[wrapper.singular] ?? [];
  return Array.isArray(list) ? list.map((v) => (isObject(v) ? v : {})) : undefined;
}

/** The `code` of an error body (01 §7.1), JSON or XML. */
export function errorCode(parsed: Parsed | undefined): string | undefined {
  if (!parsed || !('doc' in parsed) || !isObject(parsed.doc)) return undefined;
  const doc = parsed.doc;
  const code = parsed.format === 'json' ? doc.code : isObject(doc.error) ? doc.error.code : undefined;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

export type Expectation = { expect: readonly number[]; format: Format; wrapper?: Wrapper };

/** Judges a complete response. `raw` is the body as received (gzip is undone here). */
export function judge(e: Expectation, status: number, headers: Headers, raw: Buffer): Outcome {
  let body: Buffer;
  try {
    body = decodeBody(raw, headers);
  } catch {
    return { ok: false, status, code: 'bad-gzip' };
  }
  if (!e.expect.includes(status)) {
    const parsed = body.length ? parseBody(body, headers) : undefined;
    return { ok: false, status, code: errorCode(parsed) ?? `status-${status}` };
  }
  const location = header(headers, 'location');
  if (status === 204) {
    return body.length === 0 ? { ok: true, status } : { ok: false, status, code: 'body-on-204' };
  }
  if (status === 201) {
    if (!location?.startsWith('/system/ws/')) return { ok: false, status, code: 'bad-location' };
    const parsed = body.length && e.wrapper ? parseBody(body, headers, e.wrapper) : undefined;
    const items = parsed && 'doc' in parsed && e.wrapper ? wrapperItems(parsed.doc, parsed.format, e.wrapper) : undefined;
    return { ok: true, status, location, items };
  }
  if (status === 200) {
    const parsed = parseBody(body, headers, e.wrapper);
    if (!parsed || parsed.format !== e.format) return { ok: false, status, code: 'wrong-format' };
    if ('error' in parsed) return { ok: false, status, code: 'malformed-body' };
    if (!e.wrapper) return { ok: true, status };
    const items = wrapperItems(parsed.doc, parsed.format, e.wrapper);
    if (!items) return { ok: false, status, code: 'no-list-wrapper' };
    if (items.length === 0) return { ok: false, status, code: 'empty-list' };
    return { ok: true, status, items };
  }
  return { ok: true, status, location };
}

/** `/system/ws/v12/interaction/activity/1000311` → 1000311 (the last path segment as an id). */
export function idFromLocation(location: string | undefined): number | undefined {
  const m = location?.match(/\/(\d+)\/?(?:\?.*)?$/);
  return m ? Number(m[1]) : undefined;
}

/** `item.case.id` and the like, from a JSON-shaped item. */
export function refId(item: Record<string, unknown> | undefined, field: string): number | undefined {
  const ref = item?.[field];
  if (!isObject(ref)) return undefined;
  const id = Number(ref.id);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

export function statusValue(item: Record<string, unknown> | undefined): string | undefined {
  const s = item?.status;
  return isObject(s) && typeof s.value === 'string' ? s.value : undefined;
}
