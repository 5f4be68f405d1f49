// The entry points of client applications (07 §18 `entryPoints`). Every function takes the client (root or
// transaction) first and never throws HTTP errors.
import type { Db } from '../shared/admin-list.queries.ts';
import type { Tx } from '../common.ts';

export type EntryPointRef = { id: bigint; name: string };

/**
 * The entry points among `ids` that exist, key-share locked until the transaction ends: an entry point delete (which
 * locks its rows FOR UPDATE) waits for this write to commit and then drops the new links with it, instead of the
 * insert meeting a foreign key violation. Entry point edits do not wait (they take no key lock).
 */
export async function lockEntryPointsToLink(tx: Tx, ids: readonly bigint[]): Promise<Set<bigint>> {
  if (!ids.length) return new Set();
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM entry_point WHERE id = ANY(CAST(${ids.map(String)} AS bigint[])) ORDER BY id FOR KEY SHARE`;
  return new Set(rows.map((r) => BigInt(r.id)));
}

/** Makes `entryPointIds` the whole set of the application's entry points. */
export async function replaceEntryPoints(tx: Tx, clientApplicationId: bigint, entryPointIds: readonly bigint[]): Promise<void> {
  await tx.clientApplicationEntryPoint.deleteMany({ where: { clientApplicationId, entryPointId: { notIn: [...entryPointIds] } } });
  if (entryPointIds.length) {
    await tx.clientApplicationEntryPoint.createMany({
      data: entryPointIds.map((entryPointId) => ({ clientApplicationId, entryPointId })),
      skipDuplicates: true,
    });
  }
}

/** Drops every entry point of the applications (a soft-deleted application keeps none). */
export async function removeEntryPoints(tx: Tx, clientApplicationIds: readonly bigint[]): Promise<void> {
  await tx.clientApplicationEntryPoint.deleteMany({ where: { clientApplicationId: { in: [...clientApplicationIds] } } });
}

/** The entry points of each application, by entry point id; applications without any are absent from the map. */
export async function entryPointsOf(db: Db, clientApplicationIds: readonly bigint[]): Promise<Map<bigint, EntryPointRef[]>> {
  const out = new Map<bigint, EntryPointRef[]>();
  if (!clientApplicationIds.length) return out;
  const rows = await db.$queryRaw<{ application_id: string; id: string; name: string }[]>`
    SELECT l.client_application_id::text AS application_id, e.id::text AS id, e.name
      FROM client_application_entry_point l JOIN entry_point e ON e.id = l.entry_point_id
     WHERE l.client_application_id = ANY(CAST(${clientApplicationIds.map(String)} AS bigint[]))
     ORDER BY l.client_application_id, e.id`;
  for (const r of rows) {
    const key = BigInt(r.application_id);
    const list = out.get(key) ?? [];
    if (!list.length) out.set(key, list);
    list.push({ id: BigInt(r.id), name: r.name });
  }
  return out;
}
