// CORS origin whitelist (07 §15). The effective whitelist is ECE_CORS_ORIGINS ∪ the cors_origin table; every write
// goes through adminWrite, so the whitelist cache of platform/cors.ts drops at once here and within a second on
// every other instance.
import { AppError, Err } from '../../../errors/app-error.ts';
import type { MessageParam } from '../../../errors/catalogue.ts';
import { authorize } from '../../../authz/permissions.ts';
import { normalizeOrigin } from '../../../platform/cors.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import type { View } from '../../../representation/render.ts';
import type { ServiceContext } from '../../service-context.ts';
import { actorUserId, adminWrite, userRefs, type Tx } from '../common.ts';
import { presentEnvironmentOrigin, presentStoredOrigin, type StoredCorsOrigin } from './cors-origin.presenter.ts';

const maxOriginLength = 255;

/**
 * The stored form of an origin (07 §15): `scheme://host[:port]`, http or https, lower case, default port removed,
 * no user info, path, query or fragment (one trailing `/` is stripped), no wildcard. Hosts are written as a browser
 * sends them in `Origin` (an internationalised name in its punycode form). Null when the value is not such an origin.
 */
export function canonicalOrigin(input: unknown): string | null {
  if (typeof input !== 'string' || input.includes('*')) return null;
  const normal = normalizeOrigin(input);
  if (!normal) return null;
  let url: URL;
  try {
    url = new URL(normal);
  } catch {
    return null;
  }
  const origin = url.origin;
  if (origin === 'null' || !url.hostname || normalizeOrigin(origin) !== origin) return null;
  return Array.from(origin).length <= maxOriginLength ? origin : null;
}

/** The ECE_CORS_ORIGINS entries of this instance as the whitelist compares them, without duplicates. */
export function environmentOrigins(configured: readonly string[]): string[] {
  return [...new Set(configured.map(normalizeOrigin).filter((o): o is string => o !== null))];
}

const reasons = {
  inUse: { 'en-US': "the value of 'origin' is already in use", 'es-ES': "el valor de 'origin' ya está en uso" },
  environment: { 'en-US': 'the origin comes from the environment', 'es-ES': 'el origen procede del entorno' },
} satisfies Record<string, MessageParam>;

/**
 * 409-102 for an origin that is already whitelisted. The message names the stored entry holding it, else the origin
 * itself; `details` name the field (07 §1.4: uniqueness violations), with the value as sent.
 */
function conflict(holder: string, path: string, sent: string, reason: MessageParam): AppError {
  return new AppError('409-102', { id: holder, reason }, [{ key: path, value: sent }]);
}

type Row = { id: string | null; origin: string; created_at: Date | null; created_by: string | null };

async function present(ctx: ServiceContext, rows: Row[]): Promise<View[]> {
  const refs = await userRefs(ctx, rows.map((r) => (r.created_by === null ? null : BigInt(r.created_by))));
  return rows.map((r) =>
    r.id === null
      ? presentEnvironmentOrigin(r.origin)
      : presentStoredOrigin({ id: r.id, origin: r.origin, createdAt: r.created_at!, createdById: r.created_by }, refs),
  );
}

/**
 * The list (07 §15): stored and environment entries together, paged, sorted by origin (default) or id. Environment
 * entries have no id: they sort last in ascending and first in descending id order (01 §8.2). Origins compare
 * byte-wise (they are lower-case ASCII), the same on every database collation.
 */
export async function listCorsOrigins(ctx: ServiceContext, q: ParsedQuery, environment: readonly string[]): Promise<{ items: View[]; count: number }> {
  authorize(ctx.actor, 'admin.config.read');
  const stored = await ctx.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cors_origin');
  const count = Number(stored[0]?.n ?? 0) + environment.length;
  if (q.count) return { items: [], count };
  const dir = q.sort.order === 'desc' ? 'DESC' : 'ASC';
  const order = q.sort.field === 'origin' ? `origin COLLATE "C" ${dir}, id ${dir}` : `id ${dir}, origin COLLATE "C" ${dir}`;
  const rows = await ctx.db.query<Row>(
    `SELECT id::text AS id, origin, created_at, created_by::text AS created_by FROM (
       SELECT id, origin, created_at, created_by_user_id AS created_by FROM cors_origin
       UNION ALL
       SELECT NULL::bigint, o, NULL::timestamptz, NULL::bigint FROM unnest($1::text[]) AS o
     ) entries ORDER BY ${order} LIMIT $2 OFFSET $3`,
    [environment, q.paging.limit, q.paging.offset],
  );
  return { items: await present(ctx, rows), count };
}

async function storedByIds(ctx: ServiceContext, ids: readonly string[]): Promise<Map<string, StoredCorsOrigin>> {
  const rows = await ctx.db.prisma.corsOrigin.findMany({ where: { id: { in: ids.map(BigInt) } } });
  return new Map(rows.map((r) => [String(r.id), { id: r.id, origin: r.origin, createdAt: r.createdAt, createdById: r.createdByUserId }]));
}

/** Stored entries by id, in the order asked (01 §6); any unknown id → 404-101 naming each. */
export async function getCorsOrigins(ctx: ServiceContext, ids: readonly string[]): Promise<View[]> {
  authorize(ctx.actor, 'admin.config.read');
  const found = await storedByIds(ctx, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw Err.idsNotFound(missing);
  const refs = await userRefs(ctx, [...found.values()].map((r) => (r.createdById === null ? null : BigInt(r.createdById))));
  return ids.map((id) => presentStoredOrigin(found.get(id)!, refs));
}

const isUniqueViolation = (err: unknown): boolean => {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === 'P2002' || e.code === '23505') return true;
  }
  return false;
};

/**
 * Creates 1–75 entries in one transaction (07 §15). Order of checks (01 §7.2): every origin is validated and
 * normalised (400-153, 400-152), then the permission (403-197), then uniqueness (409-102) against the environment
 * list, the other items of the body and the table; the first failing item in body order is reported.
 */
export async function createCorsOrigins(ctx: ServiceContext, items: readonly { origin?: unknown }[], environment: readonly string[]): Promise<View[]> {
  if (items.length === 0) throw Err.missingAttribute('corsOrigin');
  const path = (i: number) => `corsOrigin[${i}].origin`;
  const wanted = items.map((item, i) => {
    const origin = canonicalOrigin(item.origin);
    if (origin === null) throw Err.invalidAttribute(path(i), item.origin);
    return { origin, sent: String(item.origin), path: path(i) };
  });
  authorize(ctx.actor, 'admin.write');

  const env = new Set(environment);
  const seen = new Set<string>();
  for (const w of wanted) {
    if (env.has(w.origin)) throw conflict(w.origin, w.path, w.sent, reasons.environment);
    if (seen.has(w.origin)) throw conflict(w.origin, w.path, w.sent, reasons.inUse);
    seen.add(w.origin);
  }
  const firstStored = (taken: ReadonlyMap<string, bigint>) => {
    const w = wanted.find((x) => taken.has(x.origin));
    return w ? conflict(String(taken.get(w.origin)), w.path, w.sent, reasons.inUse) : undefined;
  };
  const stored = async (db: Pick<Tx, 'corsOrigin'>) =>
    new Map((await db.corsOrigin.findMany({ where: { origin: { in: [...seen] } }, select: { id: true, origin: true } })).map((e) => [e.origin, e.id]));

  const now = ctx.now();
  const createdBy = actorUserId(ctx);
  let rows: StoredCorsOrigin[];
  try {
    rows = await adminWrite(ctx, async (tx) => {
      const taken = firstStored(await stored(tx));
      if (taken) throw taken;
      const created: StoredCorsOrigin[] = [];
      for (const w of wanted) {
        const r = await tx.corsOrigin.create({ data: { origin: w.origin, createdAt: now, createdByUserId: createdBy } });
        created.push({ id: r.id, origin: r.origin, createdAt: r.createdAt, createdById: r.createdByUserId });
      }
      return created;
    });
  } catch (err) {
    // A concurrent request stored one of these origins between the check and the insert.
    if (!isUniqueViolation(err)) throw err;
    throw firstStored(await stored(ctx.db.prisma)) ?? err;
  }
  const refs = await userRefs(ctx, [createdBy]);
  return rows.map((r) => presentStoredOrigin(r, refs));
}

/** Deletes stored entries, all or none (07 §15); any unknown id → 404-101 naming each. */
export async function deleteCorsOrigins(ctx: ServiceContext, ids: readonly string[]): Promise<void> {
  authorize(ctx.actor, 'admin.write');
  await adminWrite(ctx, async (tx) => {
    const deleted = await tx.$queryRawUnsafe<{ id: string }[]>('DELETE FROM cors_origin WHERE id = ANY($1::bigint[]) RETURNING id::text AS id', ids);
    const gone = new Set(deleted.map((d) => d.id));
    const missing = ids.filter((id) => !gone.has(id));
    if (missing.length) throw Err.idsNotFound(missing);
  });
}
