// Customer grants (03 §7.7–§7.9): a grantee may act for a grantor. Stored and listed only; in this contract they do
// not widen what a customer session sees (02 §7.3). The grants object is the one interaction response that is not
// a list wrapper: JSON top level `grantsOn`/`grantsTo`, XML root `<grants>` in the customer namespace.
import { Prisma } from '../../generated/prisma/client.ts';
import { authorize } from '../../authz/permissions.ts';
import { Err } from '../../errors/app-error.ts';
import { parseId } from '../../query/ids.ts';
import { NS } from '../../representation/namespaces.ts';
import { f, shape } from '../../representation/shape.ts';
import type { ServiceContext } from '../service-context.ts';
import { customerHref } from './customer.presenter.ts';
import { existingCustomerIds, type Db } from './customer.queries.ts';

const CUS = NS.customer;
const customerList = f.object(shape(CUS, { customer: f.array(f.object(shape(CUS, { id: f.id(), link: f.link() }))) }));
export const grantsShape = shape(CUS, { grantsOn: customerList, grantsTo: customerList });

const MAX = 75;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);

/** `grantsOn` / `grantsTo`: `{"customer": [{"id"}]}` with 1–75 distinct ids. */
function readIds(body: Obj, name: 'grantsOn' | 'grantsTo'): { id: bigint; path: string }[] {
  const list = isObj(body[name]) ? asList((body[name] as Obj).customer) : [];
  if (!list.length) throw Err.missingAttribute(`${name}.customer`);
  if (list.length > MAX) throw Err.tooManyItems(list.length);
  const seen = new Set<bigint>();
  return list.flatMap((item, i) => {
    const path = `${name}.customer[${i}].id`;
    const raw = isObj(item) ? item.id : item;
    const id = parseId(typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '');
    if (id === null) throw Err.invalidAttribute(path, typeof raw === 'object' ? '' : raw);
    if (seen.has(BigInt(id))) return [];
    seen.add(BigInt(id));
    return [{ id: BigInt(id), path }];
  });
}

const ref = (id: bigint) => ({ id, link: { rel: 'self', href: customerHref(id) } });

async function granteesOf(db: Db, grantorId: bigint): Promise<bigint[]> {
  const rows = await db.customerGrant.findMany({ where: { grantorId }, select: { granteeId: true }, orderBy: { granteeId: 'asc' } });
  return rows.map((r) => r.granteeId);
}

/** The grants object of one grantor, or undefined when it has none (U9: 204). */
async function grantsView(db: Db, grantorId: bigint) {
  const grantees = await granteesOf(db, grantorId);
  return grantees.length ? { grantsOn: { customer: [ref(grantorId)] }, grantsTo: { customer: grantees.map(ref) } } : undefined;
}

/** U8. Every grantee gets a grant on every grantor; existing pairs are kept; the 75-per-side limits hold after. */
export async function createGrants(ctx: ServiceContext, body: Obj) {
  const grantors = readIds(body, 'grantsOn');
  const grantees = readIds(body, 'grantsTo');
  authorize(ctx.actor, 'customer.grant');
  const both = grantees.find((g) => grantors.some((o) => o.id === g.id));
  if (both) throw Err.invalidAttribute(both.path, String(both.id));

  const first = grantors[0]!.id;
  return ctx.db.prisma.$transaction(async (tx) => {
    const all = [...grantors, ...grantees];
    // Locked in id order, so that two grant requests on overlapping customers queue instead of deadlocking.
    const ids = [...new Set(all.map((c) => c.id))].sort((a, b) => (a < b ? -1 : 1));
    await tx.$queryRaw`SELECT id FROM customer WHERE id = ANY(CAST(${ids.map(String)} AS bigint[])) ORDER BY id FOR UPDATE`;
    const existing = await existingCustomerIds(tx, ids);
    const missing = all.find((c) => !existing.has(c.id));
    if (missing) throw Err.invalidAttribute(missing.path, String(missing.id));

    const pairs = grantors.flatMap((o) => grantees.map((g) => Prisma.sql`(CAST(${String(o.id)} AS bigint), CAST(${String(g.id)} AS bigint))`));
    await tx.$executeRaw`INSERT INTO customer_grant (grantor_id, grantee_id) VALUES ${Prisma.join(pairs)} ON CONFLICT DO NOTHING`;
    const over = await tx.$queryRaw<{ n: number }[]>`
      SELECT max(n)::int AS n FROM (
        SELECT count(*) AS n FROM customer_grant WHERE grantor_id = ANY(CAST(${grantors.map((c) => String(c.id))} AS bigint[])) GROUP BY grantor_id
        UNION ALL
        SELECT count(*) AS n FROM customer_grant WHERE grantee_id = ANY(CAST(${grantees.map((c) => String(c.id))} AS bigint[])) GROUP BY grantee_id) x`;
    if ((over[0]?.n ?? 0) > MAX) throw Err.tooManyItems(over[0]!.n);
    return { id: first, view: (await grantsView(tx, first))! };
  });
}

/** U9: 200 with the grants, 204 when the customer holds none, 404-101 when it does not exist. */
export async function getGrants(ctx: ServiceContext, grantorId: bigint) {
  authorize(ctx.actor, 'customer.grant');
  const db = ctx.db.prisma;
  if (!(await existingCustomerIds(db, [grantorId])).size) throw Err.idsNotFound([String(grantorId)]);
  return grantsView(db, grantorId);
}

/** U10: all named grants removed, or none (a grantee without a grant on the grantor → 404-101). */
export async function revokeGrants(ctx: ServiceContext, grantorId: bigint, granteeIds: bigint[]) {
  authorize(ctx.actor, 'customer.grant');
  await ctx.db.prisma.$transaction(async (tx) => {
    if (!(await existingCustomerIds(tx, [grantorId])).size) throw Err.idsNotFound([String(grantorId)]);
    const held = new Set(await granteesOf(tx, grantorId));
    const missing = granteeIds.filter((id) => !held.has(id));
    if (missing.length) throw Err.idsNotFound(missing.map(String));
    await tx.customerGrant.deleteMany({ where: { grantorId, granteeId: { in: granteeIds } } });
  });
}
