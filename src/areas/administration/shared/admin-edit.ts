// Small rules every administration edit and delete shares (01 §3.2, §11, §12; 07 §1.4). Shared by departments,
// user groups and languages; a candidate for ../common.ts.
import { Type, type TSchema } from '@sinclair/typebox';
import { Err } from '../../../errors/app-error.ts';
import { parseInstant } from '../../../common/instant.ts';
import { parsePathIds } from '../../../query/ids.ts';

/** The `{ids}` of a path (01 §11: 400-102, 400-160), as bigints in the order given, duplicates removed. */
export const pathIds = (raw: string): bigint[] => parsePathIds(raw).map((id) => BigInt(id));

/** The items of an edit body: 1–75 (07 §1.4; none → 400-152 on the list, more → 400-160). */
export const editList = <T extends TSchema>(item: T) => Type.Array(item, { minItems: 1, maxItems: 75 });

/** Distinct values in the order of first appearance. */
export const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];

/** A body item's concurrency token, read before the permission check (01 §7.2 step 7): malformed → 400-152. */
export function readToken(lastModified: { date?: string | undefined } | undefined, path: string): Date | undefined {
  const sent = lastModified?.date;
  if (sent === undefined || sent === '') return undefined;
  const date = parseInstant(sent);
  if (!date) throw Err.invalidAttribute(`${path}.lastModified.date`, sent);
  return date;
}

/** 01 §12: a token that differs from the stored value at millisecond precision → 409-101. */
export function checkToken(id: bigint, token: Date | undefined, stored: Date): void {
  if (token && token.getTime() !== stored.getTime()) throw Err.modifiedSinceRead(String(id));
}

/**
 * A required text field of an edit body: absent leaves it unchanged; sent empty (`""`, `null`, an empty XML
 * element, whitespace only) → 400-152 (01 §3.2).
 */
export function requiredText(value: string | undefined, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw Err.invalidAttribute(path, value);
  return value;
}

/** An optional text field of an edit body: absent → unchanged (undefined), empty → cleared (null). */
export const optionalText = (value: string | undefined): string | null | undefined => (value === undefined ? undefined : value === '' ? null : value);

/** 404-101 naming every id of `wanted` that is not in `found` (01 §11). */
export function requireAll(wanted: readonly bigint[], found: { id: bigint }[]): void {
  const have = new Set(found.map((r) => r.id));
  const missing = wanted.filter((id) => !have.has(id)).map(String);
  if (missing.length) throw Err.idsNotFound(missing);
}
