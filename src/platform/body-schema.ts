// Body schema builders and the lenient reading of 01 §3.2–§3.3, applied before validation: one schema validates
// JSON and XML bodies alike. A single object or value where the schema has an array becomes a one-element array;
// booleans accept true/false/yes/no in any case; numbers and ids accept numeric strings and numbers; ids,
// numbers, booleans, enumeration values and dates are trimmed (XML keeps whitespace of free text only).
import { Type, type TSchema } from '@sinclair/typebox';

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
  enumValue: (values: readonly string[]) => Type.Object({ value: Type.Union(values.map((v) => Type.Literal(v)), { [KIND]: 'enum' }) }),
  /** A body list: at most 75 items (400-160). */
  list: <T extends TSchema>(item: T) => Type.Array(item, { maxItems: 75 }),
};

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  const?: unknown;
  [KIND]?: Lenient;
};

const booleans: Record<string, boolean> = { true: true, yes: true, false: false, no: false };

function typeOf(schema: Schema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
}

/** Reads `data` leniently against `schema`; values it cannot read are left for validation to refuse. */
export function lenient(schema: Schema | undefined, data: unknown): unknown {
  if (!schema || data === null || data === undefined) return data;
  const kind = schema[KIND];
  if (kind === 'enum' && typeof data === 'string') {
    const wanted = data.trim().toLowerCase();
    const match = schema.anyOf?.find((s) => typeof s.const === 'string' && s.const.toLowerCase() === wanted);
    return match ? match.const : data;
  }
  switch (typeOf(schema)) {
    case 'array': {
      const list = Array.isArray(data) ? data : [data];
      return list.map((item) => lenient(schema.items, item));
    }
    case 'object': {
      if (typeof data !== 'object' || Array.isArray(data)) return data;
      const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
      for (const [name, prop] of Object.entries(schema.properties ?? {})) {
        if (name in out) out[name] = lenient(prop, out[name]);
      }
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
      return data;
  }
}
