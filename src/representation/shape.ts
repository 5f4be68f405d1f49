// Field tables. A presenter describes its resource once with these builders; the JSON and XML renderers walk
// the same table, so the two representations cannot drift (01 §5.1). The namespace rule of 01 §4.2 is
// structural: an element is in the namespace of the shape that lists it, its children in the namespace of
// the nested shape.
import type { Lang } from '../errors/catalogue.ts';

export type Labels = Readonly<Record<string, Readonly<Record<Lang, string>>>>;

export type Field = (
  | { kind: 'text' | 'number' | 'boolean' | 'instant' | 'date'; attr?: boolean; keepEmpty?: boolean }
  | { kind: 'id' }
  | { kind: 'link' }
  | { kind: 'links' }
  | { kind: 'enum'; labels: Labels; shape: Shape }
  | { kind: 'object'; shape: Shape; always?: boolean }
  | { kind: 'array'; of: Field }
) & {
  /** The element's namespace when it differs from that of the shape listing it (a field table says so). */
  ns?: string;
  /** Written in JSON only: the field table gives the XML form without it (06 §3.4 `article`: JSON `{id,link}`, XML `article@id`). */
  jsonOnly?: boolean;
};

export interface Shape {
  readonly ns: string;
  readonly fields: ReadonlyArray<readonly [string, Field]>;
}

/** A resource: its JSON list key (singular), XML plural root, namespace and fields. */
export interface ResourceShape extends Shape {
  readonly name: string;
  readonly plural: string;
}

export const shape = (ns: string, fields: Record<string, Field>): Shape => ({ ns, fields: Object.entries(fields) });

export function resource(name: string, ns: string, fields: Record<string, Field>, plural?: string): ResourceShape {
  return {
    name,
    plural: plural ?? (name.endsWith('y') && !/[aeiou]y$/.test(name) ? `${name.slice(0, -1)}ies` : `${name}s`),
    ns,
    fields: Object.entries(fields),
  };
}

export const f = {
  /** `keepEmpty` writes an empty string where 01 §5.2's omission rule does not apply (error details). */
  text: (opts: { attr?: boolean; keepEmpty?: boolean } = {}): Field => ({ kind: 'text', ...opts }),
  number: (opts: { attr?: boolean } = {}): Field => ({ kind: 'number', ...opts }),
  boolean: (opts: { attr?: boolean } = {}): Field => ({ kind: 'boolean', ...opts }),
  /** A plain instant (`dueDate`), written as YYYY-MM-DDTHH:mm:ss.SSSZ. */
  instant: (opts: { attr?: boolean } = {}): Field => ({ kind: 'instant', ...opts }),
  /** A calendar date (`dateOfBirth`), YYYY-MM-DD. */
  date: (): Field => ({ kind: 'date' }),
  /** The `id` of the object: a JSON string, an XML attribute. */
  id: (): Field => ({ kind: 'id' }),
  /** One link object (`self`, or the link to one related resource). */
  link: (): Field => ({ kind: 'link' }),
  /** A link list by nature (pagination, related cases): always a JSON array. */
  links: (): Field => ({ kind: 'links' }),
  /** A nested object whose children are declared by `s` (and so are in its namespace). */
  object: (s: Shape, opts: { always?: boolean } = {}): Field => ({ kind: 'object', shape: s, ...opts }),
  /** Repeated elements in XML, an array in JSON. */
  array: (of: Field): Field => ({ kind: 'array', of }),
  /** A field the JSON form has and the XML form does not (a field table says so). */
  jsonOnly: (field: Field): Field => ({ ...field, jsonOnly: true }),
  /** Puts one field's element in another namespace than its siblings'. */
  inNs: (ns: string, field: Field): Field => ({ ...field, ns }),
  /** A wrapper holding a list: `contactPoints: {contactPoint: [...]}`; the items' elements are in `ns`. */
  list: (itemName: string, of: Field, ns: string): Field => ({ kind: 'object', shape: shape(ns, { [itemName]: { kind: 'array', of } }) }),
};
