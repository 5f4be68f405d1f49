// Customer rows (03 §4, §9). Every function takes the client (root or transaction) first and never throws HTTP
// errors. A page of customers is loaded in a fixed number of queries: customers, contact persons, contact points
// (and custom attribute values when asked), whatever the page size.
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import type { Tx } from '../administration/common.ts';
import type { UserRef } from '../../authz/actor.ts';

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
  /** The users the row names (01 §5.7 references), joined in the same query. */
  users: Map<string, UserRef>;
};

type RawCustomer = {
  id: string;
  type: string;
  customer_name: string;
  department_id: string;
  department_name: string;
  level: string | null;
  role: string | null;
  pin: string | null;
  how_referred: string | null;
  industry: string | null;
  market_segment: string | null;
  entitlements: string | null;
  preferred_agent_id: string | null;
  group_type: string | null;
  region: string | null;
  headcount: number | null;
  amount: string | null;
  currency: string | null;
  registration_number: string | null;
  affiliation: string | null;
  created_at: Date;
  created_by_id: string | null;
  last_modified_at: Date;
  last_modified_by_id: string | null;
  users: { id: string; name: string; firstName: string; lastName: string | null }[] | null;
};

const big = (v: string | null) => (v === null ? null : BigInt(v));

function toCustomerRow(r: RawCustomer): CustomerRow {
  return {
    id: BigInt(r.id),
    type: r.type,
    customerName: r.customer_name,
    departmentId: BigInt(r.department_id),
    departmentName: r.department_name,
    level: r.level,
    role: r.role,
    pin: r.pin,
    howReferred: r.how_referred,
    industry: r.industry,
    marketSegment: r.market_segment,
    entitlements: r.entitlements,
    preferredAgentId: big(r.preferred_agent_id),
    groupType: r.group_type,
    region: r.region,
    headcount: r.headcount,
    amount: r.amount,
    currency: r.currency,
    registrationNumber: r.registration_number,
    affiliation: r.affiliation,
    createdAt: new Date(r.created_at),
    createdById: big(r.created_by_id),
    lastModifiedAt: new Date(r.last_modified_at),
    lastModifiedById: big(r.last_modified_by_id),
    users: new Map((r.users ?? []).map((u) => [u.id, { id: u.id, name: u.name, firstName: u.firstName, lastName: u.lastName ?? undefined }])),
  };
}

/** Customer rows with their department's name and the users they name, in one query. */
async function customerRows(db: Db, ids: readonly bigint[]): Promise<CustomerRow[]> {
  const rows = await db.$queryRaw<RawCustomer[]>`
    SELECT c.id::text, c.type, c.customer_name, c.department_id::text, d.name AS department_name, c.level, c.role, c.pin,
           c.how_referred, c.industry, c.market_segment, c.entitlements, c.preferred_agent_id::text, c.group_type, c.region,
           c.headcount, c.amount, c.currency, c.registration_number, c.affiliation, c.created_at, c.created_by_id::text,
           c.last_modified_at, c.last_modified_by_id::text,
           (SELECT json_agg(json_build_object('id', u.id::text, 'name', u.screen_name, 'firstName', u.first_name, 'lastName', u.last_name))
              FROM app_user u WHERE u.id IN (c.created_by_id, c.last_modified_by_id, c.preferred_agent_id)) AS users
      FROM customer c JOIN department d ON d.id = c.department_id
     WHERE c.id = ANY(CAST(${ids.map(String)} AS bigint[]))`;
  return rows.map(toCustomerRow);
}

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
    customerRows(db, wanted),
    db.contactPerson.findMany({ where: { customerId: { in: wanted }, removedAt: null }, select: personColumns, orderBy: { id: 'asc' } }),
    db.contactPoint.findMany({ where: { customerId: { in: wanted }, removedAt: null }, select: pointColumns, orderBy: { id: 'asc' } }),
  ]);
  const pointsOf = new Map<bigint, PointRow[]>();
  for (const p of points) pointsOf.set(p.contactPersonId, [...(pointsOf.get(p.contactPersonId) ?? []), p]);
  const personsOf = new Map<bigint, CustomerGraph['persons']>();
  for (const p of persons) personsOf.set(p.customerId, [...(personsOf.get(p.customerId) ?? []), { ...p, points: pointsOf.get(p.id) ?? [] }]);
  const byId = new Map(customers.map((c) => [c.id, { ...c, persons: personsOf.get(c.id) ?? [] } satisfies CustomerGraph]));
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

/** The reference of `id` when it is an enabled staff user (a preferred agent must be, 03 §4.1). */
export async function enabledUser(db: Db, id: bigint): Promise<UserRef | undefined> {
  const u = await db.user.findFirst({ where: { id, state: 'enabled' }, select: { id: true, screenName: true, firstName: true, lastName: true } });
  return u ? { id: String(u.id), name: u.screenName, firstName: u.firstName, lastName: u.lastName ?? undefined } : undefined;
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
