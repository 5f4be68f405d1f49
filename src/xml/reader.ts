import { Err } from '../errors/app-error.ts';

/**
 * Safe reader for XML request bodies (01 §3.3, §18). It turns the document into the tree the same body has in
 * JSON, so one validation serves both formats.
 *
 * Hand-written rather than built on a general parser: a DTD, an unknown entity or a 65th nesting level must be
 * refused at the point it is met, in one linear pass, without recursion and without ever resolving anything
 * external. Only the XML subset a client can legitimately send (elements, attributes, text, CDATA, comments,
 * processing instructions) is accepted; every `<!` that is not a comment or CDATA (DOCTYPE, ENTITY, ELEMENT, ...,
 * in any letter case) is refused.
 */

export type XmlValue = string | null | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

interface Frame {
  qname: string;
  local: string;
  /** Attributes kept after dropping xmlns/xsi, by local name in document order; null when there are none. */
  attrs: [string, string][] | null;
  /** Child element values by local name, in document order; null until the first child. */
  kids: Map<string, XmlValue[]> | null;
  text: string;
  nil: boolean;
}

const XSI_URI = 'http://www.w3.org/2001/XMLSchema-instance';

// XML 1.0 Char production; with the `u` flag an unpaired surrogate is a code point of its own and so matches.
const BAD_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

// QName = (NCName ':')? NCName. The character classes approximate NameStartChar/NameChar: everything from
// U+00C0 up is allowed (surrogate pairs included), which is looser than XML 1.0 but never lets markup through.
const NC_START = 'A-Za-z_\\u00C0-\\uFFFF';
const NC_CHAR = '\\w.\\-\\u00B7\\u00C0-\\uFFFF';
const QNAME = new RegExp(`(?:[${NC_START}][${NC_CHAR}]*:)?[${NC_START}][${NC_CHAR}]*`, 'y');

const REF = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NON_WS = /[^ \t\n\r]/;
const NIL_TRUE = /^[ \t\n\r]*(?:true|1)[ \t\n\r]*$/;
const ATTR_WS = /[\t\n]/g;

function malformed(): never {
  throw Err.malformedBody();
}

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Expands the five predefined entities and character references; anything else after `&` is refused. */
function decode(raw: string): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    REF.lastIndex = amp;
    const m = REF.exec(raw) ?? malformed();
    let ch: string;
    if (m[1] !== undefined) ch = PREDEFINED[m[1]] ?? malformed();
    else {
      const cp = m[2] !== undefined ? parseInt(m[2], 10) : parseInt(m[3] ?? '', 16);
      if (!isXmlChar(cp)) malformed();
      ch = String.fromCodePoint(cp);
    }
    out += raw.slice(from, amp) + ch;
    from = REF.lastIndex;
    amp = raw.indexOf('&', from);
  }
  return out + raw.slice(from);
}

function skipWs(s: string, i: number): number {
  for (;;) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
    i++;
  }
}

function readName(s: string, at: number): string {
  QNAME.lastIndex = at;
  return (QNAME.exec(s) ?? malformed())[0];
}

/** Own-property assignment that stays a plain data property even for `__proto__` (as JSON.parse does). */
function put(obj: XmlObject, key: string, value: XmlValue): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

function valueOf(f: Frame): XmlValue {
  if (f.nil) return null;
  if (f.attrs === null && f.kids === null) return f.text;
  const obj: XmlObject = {};
  // Attributes first so that a child element of the same local name overrides them.
  for (const [name, value] of f.attrs ?? []) put(obj, name, value);
  for (const [name, values] of f.kids ?? []) put(obj, name, values.length === 1 ? (values[0] as XmlValue) : values);
  if (NON_WS.test(f.text)) put(obj, '#text', f.text);
  return obj;
}

/** Parses an XML request body into the shape the same body has in JSON. Throws Err.malformedBody() (400-150). */
export function readXml(text: string, opts: { maxDepth?: number } = {}): { root: string; value: XmlValue } {
  const maxDepth = opts.maxDepth ?? 64;
  let s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (BAD_CHAR.test(s)) malformed();
  // XML end-of-line handling: the parser sees CRLF and lone CR as LF (a `&#13;` reference still yields CR).
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');

  const stack: Frame[] = [];
  // Prefixes bound to the XSI namespace anywhere in the document, so `i:nil` (as .NET writes it) works too.
  const xsiPrefixes = new Set(['xsi']);
  const roots: { root: string; value: XmlValue }[] = [];

  const close = (f: Frame): void => {
    const value = valueOf(f);
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      roots.push({ root: f.local, value });
      return;
    }
    parent.kids ??= new Map();
    const same = parent.kids.get(f.local);
    if (same) same.push(value);
    else parent.kids.set(f.local, [value]);
  };

  let pos = 0;
  while (pos < s.length) {
    const lt = s.indexOf('<', pos);
    const end = lt < 0 ? s.length : lt;
    if (end > pos) {
      const chunk = s.slice(pos, end);
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (NON_WS.test(chunk)) malformed();
      } else {
        if (chunk.includes(']]>')) malformed();
        top.text += decode(chunk);
      }
    }
    if (lt < 0) break;

    if (s.startsWith('<!--', lt)) {
      const e = s.indexOf('-->', lt + 4);
      if (e < 0) malformed();
      const body = s.slice(lt + 4, e);
      if (body.includes('--') || body.endsWith('-')) malformed();
      pos = e + 3;
    } else if (s.startsWith('<![CDATA[', lt)) {
      const top = stack[stack.length - 1] ?? malformed();
      const e = s.indexOf(']]>', lt + 9);
      if (e < 0) malformed();
      top.text += s.slice(lt + 9, e);
      pos = e + 3;
    } else if (s.charCodeAt(lt + 1) === 0x21 /* '!' */) {
      malformed(); // <!DOCTYPE, <!ENTITY, <!ELEMENT, ... in any letter case: no DTDs, ever
    } else if (s.charCodeAt(lt + 1) === 0x3f /* '?' */) {
      readName(s, lt + 2); // a processing instruction needs a target; its content is ignored
      const e = s.indexOf('?>', lt + 2);
      if (e < 0) malformed();
      pos = e + 2;
    } else if (s.charCodeAt(lt + 1) === 0x2f /* '/' */) {
      const qname = readName(s, lt + 2);
      const e = skipWs(s, lt + 2 + qname.length);
      if (s.charCodeAt(e) !== 0x3e) malformed();
      const f = stack.pop();
      if (f === undefined || f.qname !== qname) malformed();
      close(f);
      pos = e + 1;
    } else {
      if (stack.length === 0 && roots.length > 0) malformed(); // a second root element
      if (stack.length >= maxDepth) malformed();
      const qname = readName(s, lt + 1);
      let i = lt + 1 + qname.length;
      let selfClosing = false;
      const raw: [string, string][] = [];
      for (;;) {
        const j = skipWs(s, i);
        const c = s.charCodeAt(j);
        if (c === 0x3e) {
          i = j + 1;
          break;
        }
        if (c === 0x2f && s.charCodeAt(j + 1) === 0x3e) {
          i = j + 2;
          selfClosing = true;
          break;
        }
        if (j === i) malformed(); // attributes must be separated by whitespace (this also catches end of input)
        const name = readName(s, j);
        let k = skipWs(s, j + name.length);
        if (s.charCodeAt(k) !== 0x3d /* '=' */) malformed();
        k = skipWs(s, k + 1);
        const quote = s[k];
        if (quote !== '"' && quote !== "'") malformed();
        const e = s.indexOf(quote, k + 1);
        if (e < 0) malformed();
        const v = s.slice(k + 1, e);
        if (v.includes('<')) malformed();
        // Attribute-value normalisation: literal whitespace characters become spaces, references do not.
        raw.push([name, decode(v.replace(ATTR_WS, ' '))]);
        i = e + 1;
      }

      let attrs: [string, string][] | null = null;
      let nil = false;
      if (raw.length > 0) {
        const seen = raw.length > 1 ? new Set<string>() : null;
        for (const [name, v] of raw) {
          if (seen?.has(name)) malformed();
          seen?.add(name);
          if (name.startsWith('xmlns:') && v === XSI_URI) xsiPrefixes.add(name.slice(6));
        }
        const kept = raw.length > 1 ? new Set<string>() : null;
        for (const [name, v] of raw) {
          const colon = name.indexOf(':');
          const prefix = colon < 0 ? '' : name.slice(0, colon);
          const local = name.slice(colon + 1);
          if (name === 'xmlns' || prefix === 'xmlns') continue;
          if (xsiPrefixes.has(prefix)) {
            if (local === 'nil' && NIL_TRUE.test(v)) nil = true;
            continue;
          }
          // `a:id` and `b:id` would both become `id`: ambiguous, so refused like a duplicate.
          if (kept?.has(local)) malformed();
          kept?.add(local);
          (attrs ??= []).push([local, v]);
        }
      }

      const colon = qname.indexOf(':');
      const frame: Frame = { qname, local: qname.slice(colon + 1), attrs, kids: null, text: '', nil };
      if (selfClosing) close(frame);
      else stack.push(frame);
      pos = i;
    }
  }

  if (stack.length > 0) malformed();
  return roots[0] ?? malformed();
}
