// Namespace-aware comparison of XML documents (01 §4.2: prefixes carry no meaning). Turns a document into a
// tree of {name: "{uri}local", attrs, text, children} with prefixes resolved, so tests compare meaning, not text.
import { XMLParser } from 'fast-xml-parser';

export type CanonicalElement = { name: string; attrs: Record<string, string>; text?: string; children: CanonicalElement[] };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  ignoreDeclaration: true,
});

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

function canon(node: Node, scope: Map<string, string>): CanonicalElement | null {
  const tag = Object.keys(node).find((k) => k !== ':@')!;
  if (tag === '#text') return null;
  const rawAttrs = node[':@'] ?? {};
  const inner = new Map(scope);
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns') inner.set('', v);
    else if (k.startsWith('xmlns:')) inner.set(k.slice(6), v);
  }
  for (const [k, v] of Object.entries(rawAttrs)) if (k !== 'xmlns' && !k.startsWith('xmlns:')) attrs[k] = v;
  const [prefix, local] = tag.includes(':') ? tag.split(':') : ['', tag];
  const uri = inner.get(prefix!);
  if (uri === undefined && prefix) throw new Error(`undeclared prefix ${prefix}`);
  const children: CanonicalElement[] = [];
  let text = '';
  for (const child of node[tag] as Node[]) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const c = canon(child, inner);
      if (c) children.push(c);
    }
  }
  const el: CanonicalElement = { name: `{${uri ?? ''}}${local}`, attrs, children };
  if (text.trim() !== '' || children.length === 0) {
    if (text !== '') el.text = text;
  }
  return el;
}

export function canonicalXml(xml: string): CanonicalElement {
  const nodes = parser.parse(xml) as Node[];
  const root = nodes.find((n) => !('#text' in n) && !('?xml' in n));
  if (!root) throw new Error('no root element');
  return canon(root, new Map())!;
}
