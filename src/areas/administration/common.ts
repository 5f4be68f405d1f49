// Shared rules of every administration resource (07 §1): timestamps and their users, optimistic concurrency,
// write transactions that bump config_version, the `state` enumeration.
import type { Prisma } from '../../generated/prisma/client.ts';
import { Err } from '../../errors/app-error.ts';
import { parseInstant } from '../../common/instant.ts';
import { bumpConfigVersion } from '../../platform/config-version.ts';
import type { UserRef } from '../../authz/actor.ts';
import type { ServiceContext } from '../service-context.ts';

export type Tx = Prisma.TransactionClient;

/** `lastModified.date` of a change: max(now, previous + 1 ms), so two changes never share a value (01 §12). */
export function nextModified(previous: Date | undefined, now: Date): Date {
  return previous && previous.getTime() >= now.getTime() ? new Date(previous.getTime() + 1) : now;
}

/**
 * 01 §12: when the body carries `lastModified.date` and it differs from the stored value at millisecond precision,
 * 409-101. Absent → no check. A malformed date is 400-152 on `lastModified.date`.
 */
export function checkConcurrency(id: bigint | string, sent: unknown, stored: Date, attribute = 'lastModified.date'): void {
  if (sent === undefined || sent === null || sent === '') return;
  const date = typeof sent === 'string' ? parseInstant(sent) : null;
  if (!date) throw Err.invalidAttribute(attribute, sent);
  if (date.getTime() !== stored.getTime()) throw Err.modifiedSinceRead(String(id));
}

/**
 * An administration write: one transaction that also increments config_version (07 §1.1); after the commit this
 * instance drops its caches at once, the others within a second.
 */
export async function adminWrite<T>(ctx: ServiceContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await ctx.db.prisma.$transaction(async (tx) => {
    const out = await fn(tx);
    await bumpConfigVersion(tx);
    return out;
  });
  ctx.configVersion.changedHere();
  return result;
}

/** User references for `created.user` / `lastModified.user` (01 §5.7), fetched once for a whole page. */
export async function userRefs(ctx: Pick<ServiceContext, 'db'>, ids: Iterable<bigint | null | undefined>): Promise<Map<string, UserRef>> {
  const wanted = [...new Set([...ids].filter((id): id is bigint => id !== null && id !== undefined))];
  if (!wanted.length) return new Map();
  const rows = await ctx.db.prisma.user.findMany({
    where: { id: { in: wanted } },
    select: { id: true, screenName: true, firstName: true, lastName: true },
  });
  return new Map(rows.map((u) => [String(u.id), { id: String(u.id), name: u.screenName, firstName: u.firstName, lastName: u.lastName ?? undefined }]));
}

type Stamped = { lastModifiedById: bigint | null; createdById: bigint | null };

/**
 * Presents rows whose views carry `lastModified` and, when asked, `created` (07 §1.4), with the user references of a
 * whole page fetched in one query.
 */
export async function presentStamped<R extends Stamped, V>(
  ctx: Pick<ServiceContext, 'db'>,
  rows: readonly R[],
  withCreated: boolean,
  present: (row: R, refs: Map<string, UserRef>) => V,
): Promise<V[]> {
  const refs = await userRefs(ctx, rows.flatMap((r) => [r.lastModifiedById, withCreated ? r.createdById : null]));
  return rows.map((r) => present(r, refs));
}

/** The timestamp view `{date, user}` of a row's column pair. */
export function stamp(date: Date, userId: bigint | null | undefined, refs: Map<string, UserRef>) {
  return { date, user: userId === null || userId === undefined ? undefined : refs.get(String(userId)) };
}

/** The common `state` enumeration of 07 §1.4. */
export const activeStateLabels = {
  active: { 'en-US': 'Active', 'es-ES': 'Activo' },
  inactive: { 'en-US': 'Inactive', 'es-ES': 'Inactivo' },
} as const;

/** Who made the change, for created_by_id / last_modified_by_id (null for non-staff callers). */
export function actorUserId(ctx: Pick<ServiceContext, 'actor'>): bigint | null {
  return ctx.actor.kind === 'user' ? ctx.actor.userId : null;
}
