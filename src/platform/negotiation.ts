// Pure parsers for the negotiation headers: Accept (01 §2.1), Accept-Language (01 §17), Accept-Encoding (01 §14).
import type { Lang } from '../errors/catalogue.ts';

export type Format = 'json' | 'xml';
export type Negotiated = { format: Format; contentType: string };

export const JSON_TYPE = 'application/json; charset=utf-8';
export const XML_TYPE = 'application/xml; charset=utf-8';
const TEXT_XML_TYPE = 'text/xml; charset=utf-8';

type Range = { type: string; subtype: string; q: number };

const token = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The q of a range's parameters; null when q is malformed (or, when `strict`, when any parameter is not q). */
function parseQ(params: string[], strict = false): number | null {
  let q = 1;
  for (const p of params) {
    const eq = p.indexOf('=');
    const isQ = eq >= 0 && p.slice(0, eq).trim().toLowerCase() === 'q';
    if (!isQ) {
      if (strict) return null;
      continue;
    }
    const v = p.slice(eq + 1).trim();
    if (!/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(v)) return null;
    q = Number(v);
  }
  return q;
}

function parseAccept(header: string): Range[] {
  const ranges: Range[] = [];
  for (const entry of header.split(',')) {
    const [mediaRange, ...params] = entry.split(';');
    const [type, subtype, extra] = (mediaRange ?? '').trim().toLowerCase().split('/');
    if (extra !== undefined || !type || !subtype || !token.test(type) || !token.test(subtype)) continue;
    if (type === '*' && subtype !== '*') continue;
    const q = parseQ(params);
    if (q === null) continue;
    ranges.push({ type, subtype, q });
  }
  return ranges;
}

/** q of the most specific range matching type/subtype, and how specific it was (2 exact, 1 type/*, 0 any). */
function match(ranges: Range[], type: string, subtype: string): { q: number; specificity: number } {
  let best = { q: 0, specificity: -1 };
  for (const r of ranges) {
    const specificity = r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' ? 0 : -1;
    if (specificity > best.specificity) best = { q: r.q, specificity };
  }
  return best.specificity < 0 ? { q: 0, specificity: -1 } : best;
}

/** The response format for an Accept header, or null when neither XML nor JSON is acceptable (406-101). */
export function negotiateFormat(accept: string | undefined): Negotiated | null {
  let ranges = accept ? parseAccept(accept) : [];
  if (ranges.length === 0) ranges = [{ type: '*', subtype: '*', q: 1 }];
  const json = match(ranges, 'application', 'json');
  const appXml = match(ranges, 'application', 'xml');
  const textXml = match(ranges, 'text', 'xml');
  const xmlQ = Math.max(textXml.q, appXml.q);
  if (json.q === 0 && xmlQ === 0) return null;
  // application/* and text/* are wildcards too; XML keeps a tie when either XML type was named at that q.
  const xmlExplicit = [appXml, textXml].some((m) => m.specificity === 2 && m.q === xmlQ);
  if (json.q > xmlQ || (json.q === xmlQ && json.specificity === 2 && !xmlExplicit)) {
    return { format: 'json', contentType: JSON_TYPE };
  }
  const viaTextXml = textXml.q > appXml.q && textXml.specificity === 2;
  return { format: 'xml', contentType: viaTextXml ? TEXT_XML_TYPE : XML_TYPE };
}

const languageRange = /^([A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*|\*)$/;

/** The response language for an Accept-Language header, or null when it is malformed or unsupported (406-100). */
export function negotiateLanguage(header: string | undefined): Lang | null {
  if (header === undefined) return 'en-US';
  let best: { lang: Lang; q: number } | null = null;
  for (const entry of header.split(',')) {
    const [range = '', ...params] = entry.split(';');
    const tag = range.trim();
    if (!languageRange.test(tag)) return null;
    // A language range takes only a weight (RFC 9110 §12.5.4): anything else makes the header malformed.
    const q = parseQ(params, true);
    if (q === null) return null;
    const norm = tag.toLowerCase().replace(/_/g, '-');
    const lang: Lang | null =
      norm === '*' || norm === 'en' || norm === 'en-us' ? 'en-US' : norm === 'es' || norm === 'es-es' ? 'es-ES' : null;
    if (lang && q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? null;
}

export type Coding = 'gzip' | 'br' | 'deflate';

/** The response coding for an Accept-Encoding header (01 §14): highest q, ties gzip > br > deflate. */
export function negotiateEncoding(header: string | undefined): Coding | null {
  if (!header) return null;
  const q: Record<string, number> = {};
  for (const entry of header.split(',')) {
    const [name = '', ...params] = entry.split(';');
    const coding = name.trim().toLowerCase();
    const value = parseQ(params);
    if (!coding || value === null) continue;
    q[coding] = value;
  }
  let best: Coding | null = null;
  let bestQ = 0;
  for (const coding of ['gzip', 'br', 'deflate'] as const) {
    const v = q[coding] ?? (coding === 'gzip' && q['x-gzip'] !== undefined ? q['x-gzip'] : q['*'] ?? 0);
    if (v > bestQ) {
      best = coding;
      bestQ = v;
    }
  }
  return best;
}
