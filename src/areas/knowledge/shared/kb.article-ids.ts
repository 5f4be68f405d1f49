// Article id segments (06 §1.5): in GET paths all digits → numeric id (else tried as an alternate id), anything else
// → alternate id, case-insensitively; writes take numeric ids only (parsePathId → 400-102).
import { Err } from '../../../errors/app-error.ts';
import { MAX_IDS } from '../../../query/ids.ts';
import type { ServiceContext } from '../../service-context.ts';

const digits = /^[0-9]+$/;

/** A numeric id, or an alternate id (06 §3.1: 1–64 of `[A-Za-z0-9_-]`). */
const SEGMENT = /^[A-Za-z0-9_-]{1,64}$|^[0-9]+$/;

/**
 * The segments of a GET `{ids}` as written. Checked before the permission (01 §7.2 step 7): a token that is no id in
 * either form is 400-102 for any caller, not 403-197 or 404-101.
 */
export function articleSegmentsOf(raw: string): string[] {
  const segments = raw.split(',');
  if (segments.some((s) => !SEGMENT.test(s))) throw Err.invalidParam('ids', raw);
  if (segments.length > MAX_IDS) throw Err.tooManyItems(segments.length);
  return segments;
}

/**
 * The one article a GET path `{id}` or an `article=` parameter names, as written (same step as articleSegmentsOf): a
 * list where one id is expected is 400-102 too.
 */
export function articleSegmentOf(raw: string, name: string): string {
  if (!SEGMENT.test(raw)) throw Err.invalidParam(name, raw);
  return raw;
}

/** The article ids of `segments` in their order, duplicates removed; 404-101 names every segment not found. */
export async function resolveArticleSegments(ctx: ServiceContext, segments: readonly string[]): Promise<bigint[]> {
  const unique = [...new Set(segments)];
  // Ids are at most 2^53−1 (01 §5.2); a longer run of digits is no id (and would overflow bigint in SQL).
  const numeric = unique.filter((s) => digits.test(s) && BigInt(s) <= BigInt(Number.MAX_SAFE_INTEGER)).map((s) => BigInt(s));
  const lowered = unique.map((s) => s.toLowerCase());
  const rows = await ctx.db.prisma.$queryRaw<{ id: bigint; alt: string }[]>`
    SELECT id, lower(alternate_id) AS alt FROM kb_article WHERE id = ANY(${numeric}::bigint[]) OR lower(alternate_id) = ANY(${lowered}::text[])`;
  const byId = new Map(rows.map((r) => [String(r.id), r.id]));
  const byAlt = new Map(rows.map((r) => [r.alt, r.id]));
  const ids: bigint[] = [];
  const missing: string[] = [];
  for (const s of unique) {
    const id = (digits.test(s) ? byId.get(String(BigInt(s))) : undefined) ?? byAlt.get(s.toLowerCase());
    if (id === undefined) missing.push(s);
    else if (!ids.includes(id)) ids.push(id);
  }
  if (missing.length) throw Err.idsNotFound(missing);
  return ids;
}

/** One article segment, checked by articleSegmentOf (K14, K20, K21, K26, K27, K37). */
export async function resolveArticleSegment(ctx: ServiceContext, segment: string): Promise<bigint> {
  return (await resolveArticleSegments(ctx, [segment]))[0]!;
}
