// Customer rows (03 §4, §9). Every function takes the client (root or transaction) first and never throws HTTP
// errors. A page of customers is loaded in a fixed number of queries: customers, contact persons, contact points
// (and custom attribute values when asked), whatever the page size.
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import type { Tx } from '../administration/common.ts';

export type Db = PrismaClient | Tx;

export type CustomerRow = {
  id: bigint;
  type: string;
  customerName: string;
  departmentId: bigint;
  departmentName: string;
  level: string | null;
  role: string | null;
  pin: string | null;
  howReferred: string | null;
  industry: string | null;
  marketSegment: string | null;
  entitlements: string | null;
  preferredAgentId: bigint | null;
  groupType: string | null;
  region: string | null;
  headcount: number | null;
  amount: string | null;
  currency: string | null;
  registrationNumber: string | null;
  affiliation: string | null;
  createdAt: Date;
  createdById: bigint | null;
  lastModifiedAt: Date;
  lastModifiedById: bigint | null;
};

const customerColumns = {
  id: true,
  type: true,
  customerName: true,
  departmentId: true,
  department: { select: { name: true } },
  level: true,
  role: true,
  pin: true,
  howReferred: true,
  industry: true,
  marketSegment: true,
  entitlements: true,
  preferredAgentId: true,
  groupType: true,
  region: true,
  headcount: true,
  amount: true,
  currency: true,
  registrationNumber: true,
  affiliation: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.CustomerSelect;

export const personColumns = {
  id: true,
  customerId: true,
  salutation: true,
  firstName: true,
  middleName: true,
  lastName: true,
  suffix: true,
  initials: true,
  gender: true,
  dateOfBirth: true,
  maritalStatus: true,
  employmentStatus: true,
  jobTitle: true,
  occupation: true,
  spouseName: true,
  type: true,
  identificationType: true,
  identificationValue: true,
  loginId: true,
  hasDirectMailingConsent: true,
  hasDirectCallingConsent: true,
  hasHoldingDataConsent: true,
} satisfies Prisma.ContactPersonSelect;
export type PersonRow = Prisma.ContactPersonGetPayload<{ select: typeof personColumns }>;

export const pointColumns = {
  id: true,
  contactPersonId: true,
  customerId: true,
  kind: true,
  priority: true,
  emailAddress: true,
  phoneType: true,
  countryCode: true,
  areaCode: true,
  phoneNo: true,
  extension: true,
  postalType: true,
  address1: true,
  address2: true,
  city: true,
  state: true,
  zip: true,
  country: true,
  url: true,
  socialType: true,
  socialId: true,
} satisfies Prisma.ContactPointSelect;
export type PointRow = Prisma.ContactPointGetPayload<{ select: typeof pointColumns }>;

/** A customer with its (not removed) contact persons and their contact points, by id ascending (03 §4.2). */
export type CustomerGraph = CustomerRow & { persons: (PersonRow & { points: PointRow[] })[] };

/** Customers of `ids` with persons and points, in the order of `ids` (missing ids left out). */
export async function findCustomers(db: Db, ids: readonly bigint[]): Promise<CustomerGraph[]> {
  if (!ids.length) return [];
  const wanted = [...ids];
  const [customers, persons, points] = await Promise.all([
    db.customer.findMany({ where: { id: { in: wanted } }, select: customerColumns }),
    db.contactPerson.findMany({ where: { customerId: { in: wanted }, removedAt: null }, select: personColumns, orderBy: { id: 'asc' } }),
    db.contactPoint.findMany({ where: { customerId: { in: wanted }, removedAt: null }, select: pointColumns, orderBy: { id: 'asc' } }),
  ]);
  const pointsOf = new Map<bigint, PointRow[]>();
  for (const p of points) pointsOf.set(p.contactPersonId, [...(pointsOf.get(p.contactPersonId) ?? []), p]);
  const personsOf = new Map<bigint, CustomerGraph['persons']>();
  for (const p of persons) personsOf.set(p.customerId, [...(personsOf.get(p.customerId) ?? []), { ...p, points: pointsOf.get(p.id) ?? [] }]);
  const byId = new Map(
    customers.map(({ department, ...c }) => [c.id, { ...c, departmentName: department.name, persons: personsOf.get(c.id) ?? [] } satisfies CustomerGraph]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Which of `ids` exist. */
export async function existingCustomerIds(db: Db, ids: readonly bigint[]): Promise<Set<bigint>> {
  const rows = await db.customer.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

/** Locks the customer row for an edit (03 §9): concurrent edits queue here instead of failing. */
export async function lockCustomer(tx: Tx, id: bigint): Promise<{ id: bigint; type: string; lastModifiedAt: Date } | undefined> {
  const rows = await tx.$queryRaw<{ id: string; type: string; last_modified_at: Date }[]>`
    SELECT id::text AS id, type, last_modified_at FROM customer WHERE id = CAST(${String(id)} AS bigint) FOR UPDATE`;
  const r = rows[0];
  return r ? { id: BigInt(r.id), type: r.type, lastModifiedAt: r.last_modified_at } : undefined;
}

/** The department named by id or by name (case-insensitive). */
export async function findDepartment(db: Db, ref: { id?: string; name?: string }): Promise<{ id: bigint; name: string } | undefined> {
  if (ref.id !== undefined) return (await db.department.findUnique({ where: { id: BigInt(ref.id) }, select: { id: true, name: true } })) ?? undefined;
  const rows = await db.$queryRaw<{ id: string; name: string }[]>`
    SELECT id::text AS id, name FROM department WHERE lower(name) = lower(${ref.name ?? ''}) ORDER BY id LIMIT 1`;
  return rows[0] ? { id: BigInt(rows[0].id), name: rows[0].name } : undefined;
}

/** Whether `id` is an enabled staff user (a preferred agent must be, 03 §4.1). */
export async function isEnabledUser(db: Db, id: bigint): Promise<boolean> {
  return (await db.user.count({ where: { id, state: 'enabled' } })) > 0;
}

/** The contact person other than `except` that holds `loginId` (compared case-insensitively), if any. */
export async function loginIdHolder(db: Db, loginId: string, except: readonly bigint[] = []): Promise<bigint | undefined> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM contact_person WHERE lower(login_id) = lower(${loginId})
       AND NOT (id = ANY(CAST(${except.map(String)} AS bigint[]))) LIMIT 1`;
  return rows[0] ? BigInt(rows[0].id) : undefined;
}

/** Ends the customer sessions of contact persons (03 §4.2: password changed or person removed). */
export async function endCustomerSessions(tx: Tx, personIds: readonly bigint[], now: Date): Promise<void> {
  if (!personIds.length) return;
  await tx.$executeRaw`UPDATE session SET ended_at = ${now} WHERE contact_person_id = ANY(CAST(${personIds.map(String)} AS bigint[])) AND ended_at IS NULL`;
}

/**
 * The primary contact point of a kind (03 §4.3): the highest priority, ties broken by the lowest id; removed ones
 * never. Used by 05 (change customer with only a customer id).
 */
export async function primaryContactPoint(db: Db, customerId: bigint, kind: string): Promise<bigint | undefined> {
  const row = await db.contactPoint.findFirst({
    where: { customerId, kind, removedAt: null },
    orderBy: [{ priority: 'desc' }, { id: 'asc' }],
    select: { id: true },
  });
  return row?.id;
}
