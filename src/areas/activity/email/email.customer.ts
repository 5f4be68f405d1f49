// Customer resolution of the email channel (05 §9.3.1, V3–V5): the sender (V3) or first recipient (V4/V5) is looked
// up among the non-removed email contact points of all customers (lowest customer id, then lowest contact point
// id); an unknown address gets a new individual customer, created as the customer area creates one (03 §7.3).
//
// Concurrency: a known address needs no lock (V3 looks it up in its first statement, `customerLookup`, and uses the
// customer found). An unknown one takes a transaction-scoped advisory lock on a 64-bit hash of the lower-cased
// address before it looks up again and creates, so parallel emails from one unknown address create one customer: the
// second waits for the first to commit, then finds its customer. That lookup must be a statement of its own after the
// lock: a statement's snapshot is taken when it starts, so a lookup in the statement that waited for the lock would
// not see the customer committed meanwhile. Unrelated addresses never wait on each other (05 §10).
import { Prisma } from '../../../generated/prisma/client.ts';
import type { Tx } from '../../administration/common.ts';
import { insertPerson } from '../../customer/customer.persons.ts';
import { individualName } from '../../customer/customer.rows.ts';
import { priorityRank } from '../../customer/customer.vocabulary.ts';
import type { PersonInput } from '../../customer/customer.input.ts';
import type { Address } from './email.input.ts';

export type ResolvedCustomer = {
  customerId: bigint;
  customerName: string;
  contactPersonId: bigint;
  contactPointId: bigint;
  firstName: string;
  lastName: string | null;
  created: boolean;
};

/** 05 §9.3.1: first name = first word of the display name, last name = the rest; else the local part (≤ 124). */
export function namesFor(a: Address): { firstName: string; lastName?: string } {
  const cut = (s: string) => Array.from(s).slice(0, 124).join('');
  const words = (a.displayName ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length) {
    const rest = words.slice(1).join(' ');
    return { firstName: cut(words[0]!), ...(rest ? { lastName: cut(rest) } : {}) };
  }
  const local = a.address.slice(0, a.address.lastIndexOf('@'));
  return { firstName: cut(local) || cut(a.address) };
}

export type FoundCustomer = { customer_id: string; customer_name: string; person_id: string; point_id: string; first_name: string; last_name: string | null };

/**
 * The lowest customer / contact point with the non-removed email address `address` (case-insensitive), as a
 * subquery (index `contact_point_email` (lower(email_address), customer_id) WHERE kind = 'email' AND removed_at IS
 * NULL): columns customer_id, customer_name, person_id, point_id, first_name, last_name.
 */
export const customerLookup = (address: string) => Prisma.sql`
    SELECT pt.customer_id::text AS customer_id, c.customer_name, p.id::text AS person_id, pt.id::text AS point_id, p.first_name, p.last_name
      FROM contact_point pt
      JOIN customer c ON c.id = pt.customer_id
      JOIN contact_person p ON p.id = pt.contact_person_id
     WHERE pt.kind = 'email' AND pt.removed_at IS NULL AND lower(pt.email_address) = lower(${address})
     ORDER BY pt.customer_id, pt.id
     LIMIT 1`;

const resolved = (found: FoundCustomer): ResolvedCustomer => ({
  customerId: BigInt(found.customer_id),
  customerName: found.customer_name,
  contactPersonId: BigInt(found.person_id),
  contactPointId: BigInt(found.point_id),
  firstName: found.first_name,
  lastName: found.last_name,
  created: false,
});

/**
 * The customer, contact person and email contact point of `address`, creating them when the address is unknown.
 * `found`: the lookup the caller already made in this transaction (undefined: none, or nothing found then).
 */
export async function resolveCustomer(
  tx: Tx,
  address: Address,
  departmentId: bigint,
  by: bigint | null,
  now: Date,
  found?: FoundCustomer,
): Promise<ResolvedCustomer> {
  if (found) return resolved(found);
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(lower(${address.address}), 0))`;
  const names = namesFor(address);
  const customerName = individualName(names);
  // Under the lock, in one statement: the lookup again and, when it still finds nothing, the customer row (as the
  // customer area writes it: individual, the department, created and modified now by the caller).
  const [row] = await tx.$queryRaw<(Partial<FoundCustomer> & { new_id: string | null })[]>`
    WITH found AS (${customerLookup(address.address)}),
         created AS (
           INSERT INTO customer (type, customer_name, department_id, created_at, created_by_id, last_modified_at, last_modified_by_id)
           SELECT 'individual', ${customerName}, CAST(${String(departmentId)} AS bigint), ${now}::timestamptz,
                  CAST(${by === null ? null : String(by)} AS bigint), ${now}::timestamptz, CAST(${by === null ? null : String(by)} AS bigint)
            WHERE NOT EXISTS (SELECT 1 FROM found)
           RETURNING id)
    SELECT f.*, (SELECT id::text FROM created) AS new_id FROM (SELECT 1) one LEFT JOIN found f ON true`;
  if (row?.customer_id) return resolved(row as FoundCustomer);
  const customerId = BigInt(row!.new_id!);
  const person: PersonInput = {
    path: 'contactPersons.contactPerson[0]',
    remove: false,
    fields: names,
    points: [{ path: 'contactPoints.contactPoint[0]', remove: false, kind: 'email', fields: { emailAddress: address.address }, priority: priorityRank.high }],
  };
  const stored = await insertPerson(tx, customerId, person, undefined, now);
  return {
    customerId,
    customerName,
    contactPersonId: stored.id,
    contactPointId: stored.points[0]!.id,
    firstName: stored.firstName,
    lastName: stored.lastName,
    created: true,
  };
}
