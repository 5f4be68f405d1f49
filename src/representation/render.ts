// The two renderers of the representation engine. Both walk a Shape and a view (plain data from a presenter);
// neither knows any resource. JSON follows 01 §5.2, XML 01 §4.2 and §5.1.
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

function formatDate(v: unknown): string {
  return typeof v === 'string' ? v : formatInstant(v as Date).slice(0, 10);
}

function scalarText(field: Field, v: unknown): string {
  switch (field.kind) {
    case 'instant':
      return formatInstant(v instanceof Date ? v : new Date(v as string));
    case 'date':
      return formatDate(v);
    default:
      return String(v);
  }
}

type EnumView = { value: string; [sub: string]: unknown };
const enumValue = (v: unknown): EnumView => (typeof v === 'object' ? (v as EnumView) : { value: String(v) });

function enumView(field: Extract<Field, { kind: 'enum' }>, v: unknown, lang: Lang): View {
  const e = enumValue(v);
  return { ...e, displayValue: field.labels[e.value]?.[lang] ?? e.value };
}

// ---------- JSON ----------

function jsonField(field: Field, v: unknown, lang: Lang): unknown {
  switch (field.kind) {
    case 'id':
      return String(v);
    case 'text':
      return String(v);
    case 'number':
      return typeof v === 'number' ? v : Number(v);
    case 'boolean':
      return Boolean(v);
    case 'instant':
    case 'date':
      return scalarText(field, v);
    case 'link':
      return { rel: (v as LinkView).rel, href: (v as LinkView).href };
    case 'links':
      return (Array.isArray(v) ? v : [v]).map((l: LinkView) => ({ rel: l.rel, href: l.href }));
    case 'enum':
      return jsonObject(field.shape, enumView(field, v, lang), lang);
    case 'object':
      return jsonObject(field.shape, v as View, lang);
    case 'array': {
      const out = [];
      for (const item of Array.isArray(v) ? v : [v]) {
        if (isAbsent(item)) continue;
        const rendered = jsonField(field.of, item, lang);
        if (rendered !== undefined) out.push(rendered);
      }
      return out.length ? out : undefined;
    }
  }
}

export function jsonObject(s: Shape, view: View, lang: Lang): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [name, field] of s.fields) {
    const v = view[name];
    let rendered = isAbsent(v) ? undefined : jsonField(field, v, lang);
    if (rendered === undefined) {
      if (v === '' && 'keepEmpty' in field && field.keepEmpty) rendered = '';
      else if (field.kind === 'object' && field.always) rendered = {};
      else continue;
    }
    out[name] = rendered;
    any = true;
  }
  return any ? out : undefined;
}

export function renderJson(doc: Document, lang: Lang): string {
  switch (doc.kind) {
    case 'bare':
      return JSON.stringify(jsonObject(doc.shape, doc.value, lang) ?? {});
    case 'count':
      return JSON.stringify({ paginationInfo: jsonObject(paginationShape, doc.pagination, lang) });
    case 'list': {
      const out: Record<string, unknown> = {};
      if (doc.self) out.link = { rel: 'self', href: doc.self };
      out[doc.shape.name] = doc.items.map((item) => jsonObject(doc.shape, item, lang) ?? {});
      if (doc.pagination) out.paginationInfo = jsonObject(paginationShape, doc.pagination, lang);
      return JSON.stringify(out);
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

/** Every namespace reachable from a shape, computed once per shape: the root declares them all (01 §4.2). */
const namespaceCache = new WeakMap<Shape, readonly string[]>();
function namespacesOf(root: Shape): readonly string[] {
  const cached = namespaceCache.get(root);
  if (cached) return cached;
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
    for (const [, field] of s.fields) visitField(field);
  };
  visit(root);
  const list = [...found];
  namespaceCache.set(root, list);
  return list;
}

class XmlWriter {
  out = '';
  private readonly prefixes = new Map<string, string>();
  private readonly declarations: string;

  constructor(
    private readonly lang: Lang,
    rootShapes: Shape[],
  ) {
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

  open(name: string, ns: string, attrs = '', root = false): string {
    const q = this.prefixes.get(ns) + name;
    this.out += `<${q}${root ? this.declarations : ''}${attrs}`;
    return q;
  }

  link(ns: string, l: LinkView): void {
    this.out += `<${this.prefixes.get(ns)}link rel="${escapeAttr(l.rel)}" href="${escapeAttr(l.href)}"/>`;
  }

  field(name: string, field: Field, v: unknown, ns: string): void {
    switch (field.kind) {
      case 'id':
        return; // written as an attribute by object()
      case 'link':
        return this.link(ns, v as LinkView);
      case 'links':
        for (const l of Array.isArray(v) ? v : [v]) this.link(ns, l as LinkView);
        return;
      case 'array':
        for (const item of Array.isArray(v) ? v : [v]) if (!isAbsent(item)) this.field(name, field.of, item, field.of.ns ?? ns);
        return;
      case 'enum':
        return this.object(name, ns, field.shape, enumView(field, v, this.lang), false);
      case 'object':
        return this.object(name, ns, field.shape, v as View, field.always ?? false);
      default: {
        if (field.attr) return;
        const q = this.prefixes.get(ns) + name;
        this.out += `<${q}>${escapeText(scalarText(field, v))}</${q}>`;
      }
    }
  }

  /** Writes `<name>` (in `ns`, the declaring shape's namespace) with the children `s` declares. */
  object(name: string, ns: string, s: Shape, view: View, always: boolean, root = false): void {
    let attrs = '';
    let hasChildren = false;
    for (const [fname, field] of s.fields) {
      const v = view[fname];
      if (isAbsent(v)) {
        if (v === '' && 'keepEmpty' in field && field.keepEmpty && !('attr' in field && field.attr)) hasChildren = true;
        continue;
      }
      if (field.kind === 'id' || ('attr' in field && field.attr)) attrs += ` ${fname}="${escapeAttr(scalarText(field, v))}"`;
      else hasChildren = true;
    }
    if (!attrs && !hasChildren && !always && !root) return;
    const q = this.open(name, ns, attrs, root);
    if (!hasChildren) {
      this.out += '/>';
      return;
    }
    this.out += '>';
    for (const [fname, field] of s.fields) {
      const v = view[fname];
      if (isAbsent(v)) {
        if (v === '' && 'keepEmpty' in field && field.keepEmpty && field.kind === 'text' && !field.attr) {
          const cq = this.prefixes.get(field.ns ?? s.ns) + fname;
          this.out += `<${cq}></${cq}>`;
        }
        continue;
      }
      this.field(fname, field, v, field.ns ?? s.ns);
    }
    this.out += `</${q}>`;
  }
}

export function renderXml(doc: Document, lang: Lang): string {
  switch (doc.kind) {
    case 'bare': {
      const w = new XmlWriter(lang, [doc.shape]);
      w.out = xmlDeclaration;
      w.object(doc.root, doc.shape.ns, doc.shape, doc.value, true, true);
      return w.out;
    }
    case 'count':
    case 'list': {
      const s = doc.shape;
      const w = new XmlWriter(lang, [s, paginationShape]);
      w.out = xmlDeclaration;
      const q = w.open(s.plural, s.ns, '', true);
      w.out += '>';
      if (doc.kind === 'list') {
        if (doc.self) w.link(s.ns, { rel: 'self', href: doc.self });
        for (const item of doc.items) w.object(s.name, s.ns, s, item, true);
      }
      if (doc.pagination) w.object('paginationInfo', paginationShape.ns, paginationShape, doc.pagination, true);
      w.out += `</${q}>`;
      return w.out;
    }
  }
}
