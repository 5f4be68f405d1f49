// The two renderers of the representation engine. Both walk a Shape and a view (plain data from a presenter);
// neither knows any resource. JSON follows 01 §5.2, XML 01 §4.2 and §5.1.
//
// Each shape is compiled once into small writer functions (cached per shape, and for XML per document root,
// which fixes the namespace prefixes), and the writers append text directly: no intermediate object tree and no
// per-field dispatch at request time.
import type { Lang } from '../errors/catalogue.ts';
import { formatInstant } from '../common/instant.ts';
import { prefixFor } from './namespaces.ts';
import { paginationShape } from './common-shapes.ts';
import type { Field, ResourceShape, Shape } from './shape.ts';

export type View = Readonly<Record<string, unknown>>;
export type LinkView = { rel: string; href: string };
export type PaginationView = {
  count: number;
  pagenum?: number;
  pagesize?: number;
  rangestart?: number;
  rangesize?: number;
  link?: LinkView[];
};

export type Document =
  /** A list response: `{"<name>":[...]}` / `<plural>`; searches add the self link and paginationInfo. */
  | { kind: 'list'; shape: ResourceShape; items: readonly View[]; self?: string; pagination?: PaginationView }
  /** `$count=yes` (01 §8.3): only paginationInfo, under the resource's plural root in XML. */
  | { kind: 'count'; shape: ResourceShape; pagination: PaginationView }
  /** A bare object: errors, hello, token answers. */
  | { kind: 'bare'; root: string; shape: Shape; value: View };

// ---------- shared value rules ----------

const isAbsent = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const asList = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : [v]);
const toDate = (v: unknown) => (v instanceof Date ? v : new Date(v as string));
const formatDate = (v: unknown) => (typeof v === 'string' ? v : formatInstant(v as Date).slice(0, 10));
const keepsEmpty = (field: Field) => 'keepEmpty' in field && field.keepEmpty === true;
const isAttribute = (field: Field) => field.kind === 'id' || ('attr' in field && field.attr === true);

function scalarText(field: Field, v: unknown): string {
  if (field.kind === 'instant') return formatInstant(toDate(v));
  if (field.kind === 'date') return formatDate(v);
  return String(v);
}

type EnumView = { value: string; [extra: string]: unknown };

function enumView(field: Extract<Field, { kind: 'enum' }>, v: unknown, lang: Lang): View {
  if (typeof v !== 'object') {
    const value = String(v);
    return { value, displayValue: field.labels[value]?.[lang] ?? value };
  }
  const e = v as EnumView;
  return { ...e, displayValue: field.labels[e.value]?.[lang] ?? e.value };
}

// ---------- JSON ----------

/** Writes one value as JSON text, or undefined when it renders to nothing (omitted, 01 §5.2). */
type JsonWriter = (v: unknown, lang: Lang) => string | undefined;
type JsonObjectWriter = (view: View, lang: Lang) => string | undefined;

const str = (s: string) => JSON.stringify(s);
const linkJson = (l: LinkView) => `{"rel":${str(l.rel)},"href":${str(l.href)}}`;

function jsonFieldWriter(field: Field): JsonWriter {
  switch (field.kind) {
    case 'id':
    case 'text':
      return (v) => str(String(v));
    case 'number':
      // A decimal string (a 64-bit bound, a stored decimal) is written as is: Number() would round it.
      return (v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? v : String(typeof v === 'number' ? v : Number(v)));
    case 'boolean':
      return (v) => (v ? 'true' : 'false');
    case 'instant':
    case 'date':
      return (v) => `"${scalarText(field, v)}"`;
    case 'link':
      return (v) => linkJson(v as LinkView);
    case 'links':
      return (v) => `[${asList(v).map((l) => linkJson(l as LinkView)).join(',')}]`;
    case 'enum': {
      // Written directly rather than through an enumView object: enumerations are the most frequent field.
      const extras = field.shape.fields
        .filter(([name]) => name !== 'value' && name !== 'displayValue')
        .map(([name, f]) => ({ name, key: `,${str(name)}:`, write: jsonFieldWriter(f) }));
      return (v, lang) => {
        const obj = typeof v === 'object' ? (v as EnumView) : undefined;
        const value = obj ? String(obj.value) : String(v);
        let out = `{"value":${str(value)},"displayValue":${str(field.labels[value]?.[lang] ?? value)}`;
        if (obj) {
          for (const e of extras) {
            const x = obj[e.name];
            const r = isAbsent(x) ? undefined : e.write(x, lang);
            if (r !== undefined) out += e.key + r;
          }
        }
        return `${out}}`;
      };
    }
    case 'object': {
      const write = jsonObjectWriter(field.shape);
      return (v, lang) => write(v as View, lang);
    }
    case 'array': {
      const item = jsonFieldWriter(field.of);
      return (v, lang) => {
        let out = '';
        for (const x of asList(v)) {
          if (isAbsent(x)) continue;
          const r = item(x, lang);
          if (r !== undefined) out += out ? `,${r}` : r;
        }
        return out ? `[${out}]` : undefined;
      };
    }
  }
}

const jsonObjects = new WeakMap<Shape, JsonObjectWriter>();

function jsonObjectWriter(s: Shape): JsonObjectWriter {
  const cached = jsonObjects.get(s);
  if (cached) return cached;
  const entries = s.fields.map(([name, field]) => ({
    name,
    key: `${str(name)}:`,
    write: jsonFieldWriter(field),
    keepEmpty: keepsEmpty(field),
    always: field.kind === 'object' && field.always === true,
  }));
  const write: JsonObjectWriter = (view, lang) => {
    let out = '';
    for (const e of entries) {
      const v = view[e.name];
      let r = isAbsent(v) ? undefined : e.write(v, lang);
      if (r === undefined) {
        if (v === '' && e.keepEmpty) r = '""';
        else if (e.always) r = '{}';
        else continue;
      }
      out += out ? `,${e.key}${r}` : `${e.key}${r}`;
    }
    return out ? `{${out}}` : undefined;
  };
  jsonObjects.set(s, write);
  return write;
}

/** One object of a shape as a plain JSON value (for callers that embed it in a larger structure). */
export function jsonObject(s: Shape, view: View, lang: Lang): Record<string, unknown> | undefined {
  const text = jsonObjectWriter(s)(view, lang);
  return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

export function renderJson(doc: Document, lang: Lang): string {
  switch (doc.kind) {
    case 'bare':
      return jsonObjectWriter(doc.shape)(doc.value, lang) ?? '{}';
    case 'count':
      return `{"paginationInfo":${jsonObjectWriter(paginationShape)(doc.pagination, lang) ?? '{}'}}`;
    case 'list': {
      const item = jsonObjectWriter(doc.shape);
      let out = doc.self ? `{"link":${linkJson({ rel: 'self', href: doc.self })},` : '{';
      out += `${str(doc.shape.name)}:[${doc.items.map((i) => item(i, lang) ?? '{}').join(',')}]`;
      if (doc.pagination) out += `,"paginationInfo":${jsonObjectWriter(paginationShape)(doc.pagination, lang) ?? '{}'}`;
      return `${out}}`;
    }
  }
}

// ---------- XML ----------

const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const textSpecial = /[&<>]/;
const attrSpecial = /[&<>"]/;

export function escapeText(s: string): string {
  return textSpecial.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s;
}

export function escapeAttr(s: string): string {
  return attrSpecial.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : s;
}

/** Every namespace reachable from a shape: the root declares them all (01 §4.2). */
function namespacesOf(root: Shape): string[] {
  const found = new Set<string>();
  const seen = new Set<Shape>();
  const visitField = (field: Field): void => {
    if (field.ns) found.add(field.ns);
    if (field.kind === 'object' || field.kind === 'enum') visit(field.shape);
    else if (field.kind === 'array') visitField(field.of);
  };
  const visit = (s: Shape): void => {
    if (seen.has(s)) return;
    seen.add(s);
    found.add(s.ns);
    for (const [, field] of s.fields) if (!field.jsonOnly) visitField(field);
  };
  visit(root);
  return [...found];
}

/** Writes one field's element(s), or '' when the value renders to nothing. */
type XmlWriter = (v: unknown, lang: Lang) => string;
/** Writes an object's element with its attributes and children; `always` writes `<name/>` even when empty. */
type XmlObjectWriter = (view: View, lang: Lang, always: boolean) => string;

/** The compiled writers of one document root: the prefixes are fixed for everything under it. */
class XmlDialect {
  readonly declarations: string;
  private readonly prefixes = new Map<string, string>();
  private readonly objects = new Map<Shape, Map<string, XmlObjectWriter>>();

  constructor(rootShapes: readonly Shape[]) {
    const rootNs = rootShapes[0]!.ns;
    const used = new Set<string>();
    let decl = ` xmlns="${rootNs}"`;
    this.prefixes.set(rootNs, '');
    for (const s of rootShapes) {
      for (const ns of namespacesOf(s)) {
        if (this.prefixes.has(ns)) continue;
        const p = prefixFor(ns, used);
        this.prefixes.set(ns, `${p}:`);
        decl += ` xmlns:${p}="${ns}"`;
      }
    }
    this.declarations = decl;
  }

  q(ns: string, name: string): string {
    return `${this.prefixes.get(ns) ?? ''}${name}`;
  }

  link(ns: string): (l: LinkView) => string {
    const q = this.q(ns, 'link');
    return (l) => `<${q} rel="${escapeAttr(l.rel)}" href="${escapeAttr(l.href)}"/>`;
  }

  field(name: string, field: Field, ns: string): XmlWriter {
    switch (field.kind) {
      case 'id':
        return () => ''; // an attribute of the enclosing element
      case 'link': {
        const link = this.link(ns);
        return (v) => link(v as LinkView);
      }
      case 'links': {
        const link = this.link(ns);
        return (v) => asList(v).map((l) => link(l as LinkView)).join('');
      }
      case 'array': {
        const item = this.field(name, field.of, field.of.ns ?? ns);
        return (v, lang) => {
          let out = '';
          for (const x of asList(v)) if (!isAbsent(x)) out += item(x, lang);
          return out;
        };
      }
      case 'enum': {
        const write = this.object(name, ns, field.shape);
        return (v, lang) => write(enumView(field, v, lang), lang, false);
      }
      case 'object': {
        const write = this.object(name, ns, field.shape);
        const always = field.always === true;
        return (v, lang) => write(v as View, lang, always);
      }
      default: {
        if (field.attr) return () => '';
        const q = this.q(ns, name);
        return (v) => `<${q}>${escapeText(scalarText(field, v))}</${q}>`;
      }
    }
  }

  /** `<name>` in `ns` (the declaring shape's namespace) with the children `s` declares, in `s.ns` unless a field says otherwise. */
  object(name: string, ns: string, s: Shape): XmlObjectWriter {
    let byName = this.objects.get(s);
    if (!byName) this.objects.set(s, (byName = new Map()));
    const key = `${ns}|${name}`;
    const cached = byName.get(key);
    if (cached) return cached;
    // Placeholder for (unlikely) recursive shapes; replaced below.
    let write: XmlObjectWriter = (view, lang, always) => write(view, lang, always);
    byName.set(key, (view, lang, always) => write(view, lang, always));
    const q = this.q(ns, name);
    const attributes = s.fields
      .filter(([, field]) => isAttribute(field))
      .map(([fname, field]) => ({ fname, field, prefix: ` ${fname}="` }));
    const children = s.fields
      .filter(([, field]) => !isAttribute(field) && !field.jsonOnly)
      .map(([fname, field]) => {
        const childNs = field.ns ?? s.ns;
        const cq = this.q(childNs, fname);
        return { fname, write: this.field(fname, field, childNs), empty: keepsEmpty(field) ? `<${cq}></${cq}>` : undefined };
      });
    write = (view, lang, always) => {
      let attrs = '';
      for (const a of attributes) {
        const v = view[a.fname];
        if (!isAbsent(v)) attrs += `${a.prefix}${escapeAttr(scalarText(a.field, v))}"`;
      }
      let body = '';
      for (const c of children) {
        const v = view[c.fname];
        if (isAbsent(v)) {
          if (v === '' && c.empty) body += c.empty;
          continue;
        }
        body += c.write(v, lang);
      }
      if (body) return `<${q}${attrs}>${body}</${q}>`;
      return attrs || always ? `<${q}${attrs}/>` : '';
    };
    return write;
  }
}

const bareDialects = new WeakMap<Shape, XmlDialect>();
const listDialects = new WeakMap<Shape, XmlDialect>();

function withRootDeclarations(element: string, q: string, declarations: string): string {
  return `${xmlDeclaration}<${q}${declarations}${element.slice(q.length + 1)}`;
}

export function renderXml(doc: Document, lang: Lang): string {
  if (doc.kind === 'bare') {
    let d = bareDialects.get(doc.shape);
    if (!d) bareDialects.set(doc.shape, (d = new XmlDialect([doc.shape])));
    const q = d.q(doc.shape.ns, doc.root);
    return withRootDeclarations(d.object(doc.root, doc.shape.ns, doc.shape)(doc.value, lang, true), q, d.declarations);
  }
  const s = doc.shape;
  let d = listDialects.get(s);
  if (!d) listDialects.set(s, (d = new XmlDialect([s, paginationShape])));
  const q = d.q(s.ns, s.plural);
  let body = '';
  if (doc.kind === 'list') {
    if (doc.self) body += d.link(s.ns)({ rel: 'self', href: doc.self });
    const item = d.object(s.name, s.ns, s);
    for (const i of doc.items) body += item(i, lang, true);
  }
  if (doc.pagination) body += d.object('paginationInfo', paginationShape.ns, paginationShape)(doc.pagination, lang, true);
  return `${xmlDeclaration}<${q}${d.declarations}>${body}</${q}>`;
}
