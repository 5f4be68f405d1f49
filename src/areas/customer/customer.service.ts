// Customer use cases (03 §7): get by ids, search, create, edit, and the v15 context customer. Callers and
// visibility per 03 §2.6 and §8: staff see every customer (customers are not department-scoped), a customer session
// only its own; client applications never reach here (401-101 at the platform).
import { Prisma } from '../../generated/prisma/client.ts';
import { authorize } from '../../authz/permissions.ts';
import { Err } from '../../errors/app-error.ts';
import { criterion, type ParsedQuery } from '../../query/parse.ts';
import { pageIds } from '../../query/sql-page.ts';
import { rangeOn } from '../../query/sql-criteria.ts';
import { hashPassword } from '../authentication/passwords.ts';
import type { ServiceContext } from '../service-context.ts';
import type { UserRef } from '../../authz/actor.ts';
import { actorUserId, checkConcurrency, nextModified, type Tx } from '../administration/common.ts';
import { requireAll } from '../administration/shared/admin-edit.ts';
import { isUniqueViolation } from '../administration/shared/conflicts.ts';
import {
  checkAttributes,
  checkUniqueValues,
  customCriteria,
  customerValues,
  loadAttributeValues,
  writeAttributes,
  type AttributeChange,
} from '../custom-attributes/values.ts';
import { lockDefinitions } from '../custom-attributes/definition.ts';
import { readCustomer, readCustomerName, type CustomerInput, type PersonInput } from './customer.input.ts';
import { presentCustomer, type CustomerView } from './customer.presenter.ts';
import {
  endCustomerSessions,
  findCustomers,
  findDepartment,
  enabledUser,
  lockCustomer,
  type CustomerGraph,
  type Db,
} from './customer.queries.ts';
import { individualName, phoneSearchKey } from './customer.rows.ts';
import { applyPersons, checkLoginIds, insertPerson } from './customer.persons.ts';

const optionalGroups = ['level', 'role', 'pin', 'howReferred', 'industry', 'marketSegment', 'entitlements', 'preferredAgent', 'created'];

/** The attribute groups of 03 §5 a request asked for. */
export function viewOf(q: ParsedQuery): CustomerView & { anyCustom: boolean } {
  const all = q.attributes.has('all');
  const allCustom = all || q.attributes.has('custom') || q.attributes.has('customAttributes');
  const names = new Set([...q.attributes].filter((a) => a.startsWith('custom.')).map((a) => a.slice('custom.'.length)));
  return {
    groups: new Set(optionalGroups.filter((g) => all || q.attributes.has(g))),
    custom: (name) => allCustom || names.has(name),
    anyCustom: allCustom || names.size > 0,
  };
}

/**
 * The representations of customers `ids` (in that order): rows, contact persons, contact points and, when asked,
 * custom attribute values, loaded in parallel.
 */
async function load(ctx: ServiceContext, ids: readonly bigint[], view: ReturnType<typeof viewOf>) {
  const db = ctx.db.prisma;
  const [graphs, values, defs] = await Promise.all([
    findCustomers(db, ids),
    view.anyCustom ? loadAttributeValues(db, customerValues, ids) : undefined,
    ctx.attributes.of('customer'),
  ]);
  return { graphs, items: graphs.map((c) => presentCustomer(c, view, { values: values?.get(String(c.id)), defs })) };
}

/** The customer ids of `ids` the caller may see (03 §2.6): all for staff, only its own for a customer session. */
const visible = (ctx: ServiceContext, ids: readonly bigint[]) => (ctx.actor.kind === 'customer' ? ids.filter((id) => id === (ctx.actor as { customerId: bigint }).customerId) : [...ids]);

export async function getCustomers(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'customer.read');
  const { graphs, items } = await load(ctx, visible(ctx, ids), viewOf(q));
  requireAll(ids, graphs);
  return items;
}

/** U5: the customer of the current customer session. */
export async function getContextCustomer(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'customer.self');
  if (ctx.actor.kind !== 'customer') throw Err.notAuthorized();
  return getCustomers(ctx, [ctx.actor.customerId], q);
}

const sorts = {
  customername: { expr: Prisma.sql`lower(c.customer_name)`, type: 'text' },
  type: { expr: Prisma.sql`c.type`, type: 'text' },
  createddate: { expr: Prisma.sql`c.created_at`, type: 'timestamptz' },
  lastmodifieddate: { expr: Prisma.sql`c.last_modified_at`, type: 'timestamptz' },
} as const;

/** U2: every criterion of 03 §7.2 becomes one indexed condition; the page and the exact count share them. */
export async function searchCustomers(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'customer.read');
  const defs = await ctx.attributes.of('customer');
  const where: Prisma.Sql[] = [];
  const email = criterion(q, 'email', 'email')?.value;
  if (email !== undefined) {
    where.push(Prisma.sql`c.id IN (SELECT customer_id FROM contact_point
      WHERE kind = 'email' AND removed_at IS NULL AND lower(email_address) = lower(${email}))`);
  }
  const phone = criterion(q, 'phone', 'string')?.value;
  if (phone !== undefined) {
    const key = phoneSearchKey(phone);
    where.push(Prisma.sql`c.id IN (SELECT customer_id FROM contact_point WHERE kind = 'phone' AND removed_at IS NULL
      AND (phone_digits = ${key} OR phone_digits_area = ${key} OR phone_digits_full = ${key}))`);
  }
  const name = criterion(q, 'customerName', 'string')?.value;
  if (name !== undefined) where.push(Prisma.sql`lower(c.customer_name) = lower(${name.trim()})`);
  const type = criterion(q, 'type', 'enum')?.value;
  if (type !== undefined) where.push(Prisma.sql`c.type = ${type}`);
  const department = criterion(q, 'department', 'id')?.value;
  if (department !== undefined) where.push(Prisma.sql`c.department_id = CAST(${department} AS bigint)`);
  where.push(...rangeOn(Prisma.sql`c.created_at`, q, 'createdDate'), ...rangeOn(Prisma.sql`c.last_modified_at`, q, 'lastModifiedDate'));
  where.push(...customCriteria(customerValues, Prisma.sql`c.id`, defs, q.custom));
  if (ctx.actor.kind === 'customer') where.push(Prisma.sql`c.id = CAST(${String(ctx.actor.customerId)} AS bigint)`);

  const db = ctx.db.prisma;
  const page = await pageIds(db, { from: Prisma.sql`customer c`, id: Prisma.sql`c.id`, where, sorts }, q);
  const { items } = await load(ctx, page.ids, viewOf(q));
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

// ----- writes -----

/**
 * The checked attributes of a write, confirmed under a share lock on their definitions: checked again against the
 * stored definitions when one changed since it was cached (07 §13 changes then wait for this write, or it sees them).
 */
async function confirmAttributes(tx: Tx, input: CustomerInput, checked: AttributeChange[]): Promise<AttributeChange[]> {
  const fresh = await lockDefinitions(tx, 'customer', checked.map((c) => c.def));
  return fresh && input.attributes ? checkAttributes(fresh, input.attributes) : checked;
}

/** Password hashes of the persons that send one, computed before the transaction (scrypt is slow by design). */
async function hashes(persons: readonly PersonInput[] | undefined): Promise<Map<PersonInput, string>> {
  const out = new Map<PersonInput, string>();
  for (const p of persons ?? []) if (p.password !== undefined) out.set(p, await hashPassword(p.password));
  return out;
}

/** A preferred agent must be an enabled staff user (03 §4.1), else 400-152; its reference when one is set. */
async function checkPreferredAgent(db: Db, input: CustomerInput): Promise<UserRef | undefined> {
  const id = input.fields.preferredAgentId;
  if (id === undefined || id === null) return undefined;
  const agent = await enabledUser(db, id);
  if (!agent) throw Err.invalidAttribute('preferredAgent.user.id', String(id));
  return agent;
}

/**
 * A unique index refused a write (a login id or a `unique` custom attribute value held by another record, perhaps
 * committed by a concurrent writer a moment ago): the checks run after the rollback, now seeing the holder, and name
 * the attribute (400-152 on its path).
 */
async function asCheckFailure(ctx: ServiceContext, err: unknown, input: CustomerInput, attributes: AttributeChange[], ownerId: bigint | null): Promise<never> {
  if (!isUniqueViolation(err)) throw err;
  const db = ctx.db.prisma;
  await checkUniqueValues(db, customerValues, ownerId, attributes);
  await checkLoginIds(db, input.persons ?? []);
  const unique = attributes.find((a) => a.def.unique && a.values.length);
  throw Err.invalidAttribute(unique?.values[0]?.path ?? 'customAttributes', unique?.values[0]?.value ?? '');
}

/** U3 (03 §7.3). Creates take no lock shared with other creates: ids come from sequences, rows are new. */
export async function createCustomer(ctx: ServiceContext, body: Record<string, unknown>, q: ParsedQuery) {
  const input = readCustomer(body, 'create');
  authorize(ctx.actor, 'customer.create');
  if (ctx.actor.kind !== 'user') throw Err.notAuthorized();
  const actor = ctx.actor;
  let attributes = input.attributes ? checkAttributes(await ctx.attributes.of('customer'), input.attributes) : [];
  const passwords = await hashes(input.persons);
  const persons = input.persons ?? [];
  const now = ctx.now();
  const by = actorUserId(ctx);

  let created: CustomerGraph;
  try {
    created = await ctx.db.prisma.$transaction(async (tx) => {
      const department = await findDepartment(tx, input.department ?? { id: String(actor.homeDepartmentId) });
      if (!department) throw Err.invalidAttribute(input.department!.path, input.department!.raw);
      const agent = await checkPreferredAgent(tx, input);
      for (const p of persons) if (p.password !== undefined && !p.fields.loginId) throw Err.invalidAttribute(`${p.path}.password`, '');
      await checkLoginIds(tx, persons);
      attributes = await confirmAttributes(tx, input, attributes);

      const customerName = input.type === 'individual' ? individualName(persons[0]!.fields) : input.fields.customerName!;
      const row = await tx.customer.create({
        data: {
          ...input.fields,
          ...(input.details?.fields ?? {}),
          type: input.type!,
          customerName,
          departmentId: department.id,
          createdAt: now,
          createdById: by,
          lastModifiedAt: now,
          lastModifiedById: by,
        } as Prisma.CustomerUncheckedCreateInput,
        select: customerScalars,
      });
      const stored = [];
      for (const p of persons) stored.push(await insertPerson(tx, row.id, p, passwords.get(p), now));
      await writeAttributes(tx, customerValues, row.id, attributes, true);
      const users = new Map([[String(actor.userId), actor.ref], ...(agent ? [[agent.id, agent] as const] : [])]);
      return { ...row, departmentName: department.name, users, persons: stored };
    });
  } catch (err) {
    return asCheckFailure(ctx, err, input, attributes, null);
  }
  // Answered from the rows just written: reading the customer again would cost a round trip for the same data.
  const values = new Map(attributes.filter((a) => a.values.length).map((a) => [String(a.def.id), a.values.map((v) => v.value)]));
  return presentCustomer(created, viewOf(q), { values, defs: await ctx.attributes.of('customer') });
}

/** The scalar columns of a customer row (CustomerRow without the joined department name and users). */
const customerScalars = {
  id: true,
  type: true,
  customerName: true,
  departmentId: true,
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

/** The edit sends nothing but `customerName`, which an individual ignores (03 §3): nothing to change, 400-153. */
const changesOnlyName = (input: CustomerInput) =>
  input.customerName !== undefined && !Object.keys(input.fields).length && !input.details && !input.persons?.length && input.attributes === undefined;

/** Fields a customer session may not change (03 §8), by the column that stores them. */
const staffOnly = ['level', 'role', 'pin', 'howReferred', 'industry', 'marketSegment', 'entitlements', 'preferredAgentId'] as const;

/** 03 §8: a field a customer session may not change, sent with a value different from the stored one → 403-197. */
function checkCustomerSessionLimits(input: CustomerInput, stored: CustomerGraph): void {
  const differs = (a: unknown, b: unknown) => (a ?? null) !== (b ?? null);
  for (const key of staffOnly) if (key in input.fields && differs(input.fields[key], stored[key])) throw Err.notAuthorized();
  for (const [key, value] of Object.entries(input.details?.fields ?? {})) if (differs(value, stored[key as keyof CustomerGraph])) throw Err.notAuthorized();
}

/**
 * U4 / U6 (03 §7.4): the customer row is locked first, so concurrent edits of one customer queue instead of failing;
 * every check runs inside the transaction and any failure leaves everything unchanged.
 */
export async function editCustomer(ctx: ServiceContext, body: Record<string, unknown>, opts: { contextual: boolean }) {
  // v15 (U6): a customer session may leave out `id`, meaning its own customer (03 §7.5).
  const contextual = opts.contextual && ctx.actor.kind === 'customer' && (body.id === undefined || body.id === null || body.id === '');
  const input = readCustomer(contextual ? { ...body, id: String((ctx.actor as { customerId: bigint }).customerId) } : body, 'edit');
  authorize(ctx.actor, 'customer.write');
  const id = input.id!;
  if (visible(ctx, [id]).length === 0) throw Err.idsNotFound([String(id)]);
  let attributes = input.attributes ? checkAttributes(await ctx.attributes.of('customer'), input.attributes) : [];
  const passwords = await hashes(input.persons);
  const now = ctx.now();
  const by = actorUserId(ctx);

  try {
    await ctx.db.prisma.$transaction(async (tx) => {
      const locked = await lockCustomer(tx, id);
      if (!locked) throw Err.idsNotFound([String(id)]);
      const [stored] = await findCustomers(tx, [id]);
      if (stored!.type === 'individual' && changesOnlyName(input)) throw Err.missingAttribute('customer');
      if (input.details && input.details.kind !== stored!.type) throw Err.invalidAttribute(input.details.path, '');
      if (ctx.actor.kind === 'customer') checkCustomerSessionLimits(input, stored!);
      await checkPreferredAgent(tx, input);
      const persons = await applyPersons(tx, stored!, input.persons ?? [], passwords, now);
      attributes = await confirmAttributes(tx, input, attributes);
      checkConcurrency(id, input.lastModified, locked.lastModifiedAt);

      const sentName = input.customerName !== undefined && stored!.type !== 'individual' ? readCustomerName(input.customerName) : undefined;
      const name = stored!.type === 'individual' ? (persons.individualName ?? stored!.customerName) : (sentName ?? stored!.customerName);
      await tx.customer.update({
        where: { id },
        data: {
          ...input.fields,
          ...(input.details?.fields ?? {}),
          customerName: name,
          lastModifiedAt: nextModified(locked.lastModifiedAt, now),
          lastModifiedById: by,
        } as Prisma.CustomerUncheckedUpdateInput,
      });
      await writeAttributes(tx, customerValues, id, attributes);
      await endCustomerSessions(tx, persons.endSessionsOf, now);
    });
  } catch (err) {
    await asCheckFailure(ctx, err, input, attributes, id);
  }
}
