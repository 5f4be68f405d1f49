// Value rules of custom attributes (03 §2.7): each value is checked and normalised by its definition's data type.
// `value` is what is stored and returned; `key` is what searches and uniqueness compare (numbers canonical, so
// `007` finds `7` and `1.50` finds `1.5`).
import type { AttributeDefinition, DataType } from './definition.ts';

export type Normalised = { value: string; key: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
export const DEFAULT_MAX_LENGTH = 255;

/** `-0012.500` → `-12.5`; `-0` → `0`. The input matches ^-?[0-9]+(\.[0-9]+)?$. */
function canonicalDecimal(text: string): string {
  const negative = text.startsWith('-');
  const [intPart = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const int = intPart.replace(/^0+(?=\d)/, '');
  const frac = fraction.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return negative && body !== '0' ? `-${body}` : body;
}

/** Compares two canonical decimals numerically (-1, 0, 1). */
export function compareDecimal(a: string, b: string): number {
  const sign = (s: string) => (s.startsWith('-') ? -1 : 1);
  if (sign(a) !== sign(b)) return sign(a) < sign(b) ? -1 : 1;
  const [ai = '', af = ''] = a.replace('-', '').split('.');
  const [bi = '', bf = ''] = b.replace('-', '').split('.');
  let cmp = ai.length !== bi.length ? (ai.length < bi.length ? -1 : 1) : ai < bi ? -1 : ai > bi ? 1 : 0;
  if (cmp === 0) {
    const width = Math.max(af.length, bf.length);
    const pa = af.padEnd(width, '0');
    const pb = bf.padEnd(width, '0');
    cmp = pa < pb ? -1 : pa > pb ? 1 : 0;
  }
  return sign(a) * cmp;
}

function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** A value read by its data type alone (no length, bounds or enumeration): null when it is not of the type. */
export function normaliseByType(dataType: DataType, raw: string): Normalised | null {
  switch (dataType) {
    case 'string':
      return { value: raw, key: raw };
    case 'integer': {
      if (!/^-?[0-9]+$/.test(raw)) return null;
      const n = BigInt(raw);
      if (n < INT64_MIN || n > INT64_MAX) return null;
      return { value: String(n), key: String(n) };
    }
    case 'decimal':
      if (!/^-?[0-9]+(\.[0-9]+)?$/.test(raw)) return null;
      return { value: raw, key: canonicalDecimal(raw) };
    case 'date':
      return isCalendarDate(raw) ? { value: raw, key: raw } : null;
    case 'boolean': {
      const v = raw.toLowerCase();
      if (v === 'true' || v === 'yes') return { value: 'true', key: 'true' };
      if (v === 'false' || v === 'no') return { value: 'false', key: 'false' };
      return null;
    }
  }
}

/** The allowed value `raw` names (case-insensitively, or by its normalised form), in the definition's spelling. */
function allowedValue(def: AttributeDefinition, raw: string, typed: Normalised): Normalised | null {
  const lower = raw.toLowerCase();
  for (const allowed of def.allowedValues) {
    const canonical = normaliseByType(def.dataType, allowed.value);
    if (allowed.value.toLowerCase() === lower || (canonical && canonical.key === typed.key)) {
      return { value: allowed.value, key: canonical?.key ?? allowed.value };
    }
  }
  return null;
}

/** A value to store: null when the definition refuses it (→ 400-152 on its path). */
export function normaliseValue(def: AttributeDefinition, raw: string): Normalised | null {
  const typed = normaliseByType(def.dataType, raw);
  if (!typed) return null;
  if (def.dataType === 'string' && [...raw].length > (def.maxLength ?? DEFAULT_MAX_LENGTH)) return null;
  if (def.dataType === 'integer' || def.dataType === 'decimal') {
    const key = typed.key;
    if (def.minimum !== null && compareDecimal(key, canonicalDecimal(def.minimum)) < 0) return null;
    if (def.maximum !== null && compareDecimal(key, canonicalDecimal(def.maximum)) > 0) return null;
  }
  return def.enumerated ? allowedValue(def, raw, typed) : typed;
}

/**
 * The key a `custom.<name>=<value>` criterion compares with (03 §2.7): normalised like a written value, so null
 * (→ 400-102) when the value is not of the data type or, for an enumerated attribute, names no allowed value.
 * Length and bounds are not checked: a stored value may predate a narrower definition.
 */
export function searchKey(def: AttributeDefinition, raw: string): string | null {
  const typed = normaliseByType(def.dataType, raw);
  if (!typed) return null;
  return def.enumerated ? (allowedValue(def, raw, typed)?.key ?? null) : typed.key;
}
