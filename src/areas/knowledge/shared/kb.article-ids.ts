// Article id segments (06 §1.5): in GET paths all digits → numeric id (else tried as an alternate id), anything else
// → alternate id, case-insensitively; writes take numeric ids only (parsePathId → 400-102).
import { Err } from '../../../errors/app-error.ts';
import type { ServiceContext } from '../../service-context.ts';

const digits = /^[0-9]+$/;

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

/** One article segment of a GET path (K14, K20, K26 `article=`). */
export async function resolveArticleSegment(ctx: ServiceContext, segment: string): Promise<bigint> {
  return (await resolveArticleSegments(ctx, [segment]))[0]!;
}
