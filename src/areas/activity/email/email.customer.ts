// Customer resolution of the email channel (05 §9.3.1, V3–V5): the sender (V3) or first recipient (V4/V5) is looked
// up among the non-removed email contact points of all customers (lowest customer id, then lowest contact point
// id); an unknown address gets a new individual customer, created as the customer area creates one (03 §7.3).
//
// Concurrency: a transaction-scoped advisory lock on a 64-bit hash of the lower-cased address is taken before the
// lookup, so parallel emails from one unknown address create one customer: the second waits for the first to
// commit, then looks up again. The lookup must be a statement of its own after the lock: a statement's snapshot is
// taken when it starts, so a lookup in the statement that waited for the lock would not see the customer committed
// meanwhile. Unrelated addresses never wait on each other (05 §10).
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

type Found = { customer_id: string; customer_name: string; person_id: string; point_id: string; first_name: string; last_name: string | null };

/** The customer, contact person and email contact point of `address`, creating them when the address is unknown. */
export async function resolveCustomer(tx: Tx, address: Address, departmentId: bigint, by: bigint | null, now: Date): Promise<ResolvedCustomer> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(lower(${address.address}), 0))`;
  // Index `contact_point_email` (lower(email_address), customer_id) WHERE kind = 'email' AND removed_at IS NULL.
  const [found] = await tx.$queryRaw<Found[]>`
    SELECT pt.customer_id::text, c.customer_name, p.id::text AS person_id, pt.id::text AS point_id, p.first_name, p.last_name
      FROM contact_point pt
      JOIN customer c ON c.id = pt.customer_id
      JOIN contact_person p ON p.id = pt.contact_person_id
     WHERE pt.kind = 'email' AND pt.removed_at IS NULL AND lower(pt.email_address) = lower(${address.address})
     ORDER BY pt.customer_id, pt.id
     LIMIT 1`;
  if (found) {
    return {
      customerId: BigInt(found.customer_id),
      customerName: found.customer_name,
      contactPersonId: BigInt(found.person_id),
      contactPointId: BigInt(found.point_id),
      firstName: found.first_name,
      lastName: found.last_name,
      created: false,
    };
  }
  const names = namesFor(address);
  const person: PersonInput = {
    path: 'contactPersons.contactPerson[0]',
    remove: false,
    fields: names,
    points: [{ path: 'contactPoints.contactPoint[0]', remove: false, kind: 'email', fields: { emailAddress: address.address }, priority: priorityRank.high }],
  };
  const customerName = individualName(names);
  const customer = await tx.customer.create({
    data: { type: 'individual', customerName, departmentId, createdAt: now, createdById: by, lastModifiedAt: now, lastModifiedById: by },
    select: { id: true },
  });
  const stored = await insertPerson(tx, customer.id, person, undefined, now);
  return {
    customerId: customer.id,
    customerName,
    contactPersonId: stored.id,
    contactPointId: stored.points[0]!.id,
    firstName: stored.firstName,
    lastName: stored.lastName,
    created: true,
  };
}
