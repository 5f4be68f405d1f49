// Body schema builders and the lenient reading of 01 §3.2–§3.3, applied before validation: one schema validates
// JSON and XML bodies alike. A single object or value where the schema has an array becomes a one-element array;
// booleans accept true/false/yes/no in any case; numbers and ids accept numeric strings and numbers; ids,
// numbers, booleans, enumeration values and dates are trimmed (XML keeps whitespace of free text only).
import { Type, type TSchema } from '@sinclair/typebox';
import { Err } from '../errors/app-error.ts';

type Lenient = 'id' | 'enum' | 'instant' | 'date';
const KIND = 'x-ece';

/** Schema builders for request bodies. */
export const B = {
  id: () => Type.String({ pattern: '^[1-9][0-9]{0,15}$', [KIND]: 'id' as Lenient }),
  text: (maxLength = 255) => Type.String({ maxLength }),
  multiline: (maxLength = 65535) => Type.String({ maxLength }),
  int: (opts: { minimum?: number; maximum?: number } = {}) => Type.Integer(opts),
  bool: () => Type.Boolean(),
  instant: () => Type.String({ format: 'date-time', [KIND]: 'instant' as Lenient }),
  /** An enumeration value, compared case-insensitively and turned into its canonical spelling (01 §5.3). */
  // An explicit anyOf: TypeBox collapses a one-member Union to the bare literal, which lenient() could not match.
  enumValue: (values: readonly string[]) =>
    Type.Object({ value: Type.Unsafe<string>({ anyOf: values.map((v) => Type.Literal(v)), [KIND]: 'enum' }) }),
  /** A body list: at most 75 items (400-160). */
  list: <T extends TSchema>(item: T) => Type.Array(item, { maxItems: 75 }),
};

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  const?: unknown;
  [KIND]?: Lenient;
};

const booleans: Record<string, boolean> = { true: true, yes: true, false: false, no: false };

// XML 1.0 characters (01 §3.4); with the `u` flag an unpaired surrogate is a code point of its own and fails.
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function typeOf(schema: Schema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

const join = (path: string, name: string | number) => (typeof name === 'number' ? `${path}[${name}]` : path ? `${path}.${name}` : name);

/**
 * Reads `data` leniently against `schema` (see the top of this file); values it cannot read are left for
 * validation to refuse. Throws 400-153 for a required attribute sent empty and 400-152 for a string with a
 * character XML cannot carry; `path` names the attribute as the client wrote it (01 §7.1).
 */
export function lenient(schemaIn: unknown, data: unknown, path = ''): unknown {
  const schema = schemaIn as Schema | undefined;
  if (typeof data === 'string' && notXmlChar.test(data)) throw Err.invalidAttribute(path || 'body', '');
  if (data === null || data === undefined) return data;
  if (!schema) return unchecked(data, path);
  const kind = schema[KIND];
  if (kind === 'enum' && typeof data === 'string') {
    const wanted = data.trim().toLowerCase();
    const match = schema.anyOf?.find((s) => typeof s.const === 'string' && s.const.toLowerCase() === wanted);
    return match ? match.const : data;
  }
  switch (typeOf(schema)) {
    case 'array': {
      const list = Array.isArray(data) ? data : [data];
      return list.map((item, i) => lenient(schema.items, item, join(path, i)));
    }
    case 'object': {
      if (typeof data !== 'object' || Array.isArray(data)) return data;
      const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
      for (const name of schema.required ?? []) {
        const v = out[name];
        // An enumeration sent with an empty value is invalid, not missing (01 §5.3): validation answers 400-152.
        if (schema.properties?.[name]?.[KIND] === 'enum') continue;
        if (v === null || (typeof v === 'string' && v.trim() === '')) throw Err.missingAttribute(join(path, name));
      }
      for (const [name, value] of Object.entries(out)) out[name] = lenient(schema.properties?.[name], value, join(path, name));
      return out;
    }
    case 'boolean':
      return typeof data === 'string' ? (booleans[data.trim().toLowerCase()] ?? data) : data;
    case 'integer':
    case 'number':
      return typeof data === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(data) ? Number(data) : data;
    case 'string':
      if (typeof data === 'number' || typeof data === 'bigint') return String(data);
      return kind && typeof data === 'string' ? data.trim() : data;
    default:
      // A part the schema does not describe (Type.Unknown): its characters are still checked (01 §3.4).
      return unchecked(data, path);
  }
}

/** Parts of a body no schema describes are ignored by validation, but their characters are still checked. */
function unchecked(data: unknown, path: string): unknown {
  if (Array.isArray(data)) data.forEach((item, i) => lenient(undefined, item, join(path, i)));
  else if (typeof data === 'object' && data !== null) for (const [k, v] of Object.entries(data)) lenient(undefined, v, join(path, k));
  return data;
}
