// Helpers shared by the custom attribute definition tests (07 §13): the resource's paths and view, a create helper,
// stored customer values written directly (the customers issue writes them through the API), customer sessions.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../../src/db/database.ts';
import { hashPassword } from '../../../../src/areas/authentication/passwords.ts';
import { ADMIN, call, ns, ok, type Session } from '../department/support.ts';

export const URL = `${ADMIN}/customattribute`;
export const ALIAS = `${ADMIN}/customAttribute`;
export const CA = ns('customattribute');

export type UserView = { id: string; name: string; firstName: string; lastName?: string };
export type Enum = { value: string; displayValue: string };
export type Definition = {
  id: string;
  link: { rel: string; href: string };
  objectType: Enum;
  name: string;
  displayName: string;
  dataType: Enum;
  maxLength?: number;
  minimum?: string;
  maximum?: string;
  enumerated: boolean;
  values?: { allowedValue: { value: string; label?: string }[] };
  multiValued: boolean;
  unique: boolean;
  state: Enum;
  lastModified: { date: string; user?: UserView };
  created?: { date: string; user?: UserView };
};
export type Page = {
  link?: { rel: string; href: string };
  customAttributeDefinition: Definition[];
  paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] };
};

/** An attribName no other test (or run) uses: a letter, then hex digits. */
export const attribName = (prefix = 'ca') => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;

export const userOf = (s: Session): UserView => ({ id: s.name.id, name: s.name.name, firstName: s.name.firstName, lastName: s.name.lastName });

/** Creates a definition through the API (a string customer attribute unless the body says otherwise). */
export async function createDefinition(app: FastifyInstance, admin: Session, body: Record<string, unknown> = {}, query = ''): Promise<Definition> {
  const res = await call(app, admin, 'POST', `${URL}${query}`, {
    body: { objectType: { value: 'customer' }, name: attribName(), dataType: { value: 'string' }, ...body },
  });
  return ok<{ customAttributeDefinition: Definition[] }>(res, 201).customAttributeDefinition[0]!;
}

/** A definition read back through the API with every attribute group. */
export async function readDefinition(app: FastifyInstance, who: Session, id: string): Promise<Definition> {
  return ok<{ customAttributeDefinition: Definition[] }>(await call(app, who, 'GET', `${URL}/${id}?$attribute=all`)).customAttributeDefinition[0]!;
}

/** A customer row (the customers area's own API is not needed to hold a value). */
export async function createCustomer(db: Database): Promise<bigint> {
  const department = await db.prisma.department.create({ data: { name: `CA ${randomUUID().slice(0, 12)}` } });
  const customer = await db.prisma.customer.create({ data: { type: 'individual', customerName: 'Value Holder', departmentId: department.id } });
  return customer.id;
}

/** Stores one value of a customer custom attribute, as the customers area would (03 §2.7). */
export async function storeCustomerValue(db: Database, customerId: bigint, definitionId: string, value: string, opts: { key?: string; position?: number; isUnique?: boolean } = {}) {
  await db.prisma.customerAttributeValue.create({
    data: { customerId, definitionId: BigInt(definitionId), position: opts.position ?? 0, value, key: opts.key ?? value, isUnique: opts.isUnique ?? false },
  });
}

/** A customer session from the customer login (02 §3.3): a contact person with a login id and password. */
export async function customerSession(app: FastifyInstance, db: Database): Promise<Session> {
  const customerId = await createCustomer(db);
  const password = 'Cust0mer!pw';
  const loginId = `cust.${randomUUID().slice(0, 8)}@example.com`;
  await db.prisma.contactPerson.create({ data: { customerId, loginId, passwordHash: await hashPassword(password) } });
  const res = await app.inject({
    method: 'POST',
    url: '/system/ws/v15/context/authentication/user/login',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    payload: { userName: loginId, password },
  });
  expect(res.statusCode, res.body).toBe(204);
  const sessionId = String(res.headers['x-egain-session']);
  return { headers: { 'x-egain-session': sessionId }, userId: 0n, loginId, name: { id: '', name: '', firstName: '', lastName: '' } };
}
