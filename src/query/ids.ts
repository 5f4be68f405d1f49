// Ids on the wire: positive decimal integers no larger than 2^53−1 (01 §5.2), and the multi-id path lists of 01 §11.
import { Err } from '../errors/app-error.ts';

/** The most ids a path (or any capped list) may carry (01 §11, §13). */
export const MAX_IDS = 75;

const DIGITS = /^[0-9]+$/;
const MAX_ID_TEXT = String(Number.MAX_SAFE_INTEGER);

/**
 * The canonical decimal form of one id token (`'007'` → `'7'`), or `null` when the token is not a positive decimal
 * integer ≤ 2^53−1 written with digits only (no sign, spaces, exponent or fraction).
 */
export function parseId(token: string): string | null {
  if (!DIGITS.test(token)) return null;
  const canonical = token.replace(/^0+/, '');
  if (canonical === '') return null; // zero
  if (canonical.length > MAX_ID_TEXT.length) return null;
  if (canonical.length === MAX_ID_TEXT.length && canonical > MAX_ID_TEXT) return null;
  return canonical;
}

/**
 * Parses the `{ids}` path parameter (already percent-decoded, so `%2C` arrived as `,`). Every element must be an id
 * (else 400-102 naming the parameter with the whole value); more than 75 elements as sent → 400-160; duplicates are
 * removed keeping the order of first appearance. Returns canonical decimal strings.
 *
 * Order within 01 §7.2 step 7: a bad token (400-102) is reported before the count (400-160).
 */
export function parsePathIds(raw: string, name = 'ids'): string[] {
  const tokens = raw.split(',');
  const seen = new Set<string>();
  const ids: string[] = [];
  for (const token of tokens) {
    const id = parseId(token);
    if (id === null) throw Err.invalidParam(name, raw);
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }
  if (tokens.length > MAX_IDS) throw Err.tooManyItems(tokens.length);
  return ids;
}

/** One id in a path (01 §11): malformed, or several ids where the path names one resource → 400-102 on `name`. */
export function parsePathId(raw: string, name = 'id'): bigint {
  const ids = parsePathIds(raw, name);
  if (ids.length !== 1) throw Err.invalidParam(name, raw);
  return BigInt(ids[0]!);
}
