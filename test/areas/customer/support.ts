// Helpers shared by the customer API tests (03-customers.md U1–U10). Written from the wire contract: requests go
// through the whole HTTP stack; only custom attribute definitions are inserted directly (their admin API is 07 §13).
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { bumpConfigVersion } from '../../../src/platform/config-version.ts';
import type { TestApp } from '../../helpers/app.ts';
import { createUser, login } from '../../helpers/auth.ts';
import { canonicalXml, type CanonicalElement } from '../../helpers/xml-canonical.ts';
import { expectSystemHeaders, type Fmt } from '../../conformance/support.ts';

export const CUSTOMER = '/system/ws/v12/interaction/customer';
export const CONTEXT = '/system/ws/v15/context/interaction/customer';
export const ATTRIBUTES = `${CUSTOMER}/attributes`;
export const CASE = '/system/ws/v12/interaction/case';
export const CUSTOMER_LOGIN = '/system/ws/v15/context/authentication/user/login';

const base = 'http://bindings.egain.com/ws/model/v12/gen';
/** XML namespaces of 03 §2.1 / 01 §4.1. */
export const NS = {
  cus: `${base}/interaction/customer`,
  cas: `${base}/interaction/case`,
  cpe: `${base}/interaction/contactperson`,
  cpt: `${base}/interaction/contactpoint`,
  cmn: `${base}/common`,
  plt: `${base}/platform`,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Wire types (JSON forms of 03 §4–§6)
// ---------------------------------------------------------------------------------------------------------------

export type Enum = { value: string; displayValue: string };
export type Link = { rel: string; href: string };
export type UserRef = { id: string; name: string; firstName: string; lastName?: string };
export type Stamp = { date: string; user?: UserRef };
export type CustomAttribute = { attribName: string; attribValues: { attribValue: { value: string }[] } };

export type ContactPointView = {
  id: string;
  type: {
    value: string;
    displayValue: string;
    email?: { emailAddress: string };
    phone?: { type?: Enum; countryCode?: string; areaCode?: string; phoneNo: string; extension?: string };
    postal?: Record<string, unknown> & { type?: Enum; address_1: string; country?: Enum };
    web?: { url: string };
    social?: { type: Enum; socialId: string };
  };
  priority: Enum;
};

export type ContactPersonView = Record<string, unknown> & {
  id: string;
  firstName: string;
  middleName?: string;
  lastName?: string;
  loginId?: string;
  contactPoints?: { contactPoint: ContactPointView[] };
};

export type CustomerView = Record<string, unknown> & {
  id: string;
  link: Link;
  cases: { link: Link };
  customerName: string;
  department: { id: string; name: string };
  type: Enum & { group?: Record<string, unknown>; corporate?: Record<string, unknown> };
  contactPersons?: { contactPerson: ContactPersonView[] };
  level?: Enum;
  role?: Enum;
  pin?: string;
  howReferred?: Enum;
  industry?: Enum;
  marketSegment?: string;
  entitlements?: string;
  preferredAgent?: { user: UserRef };
  customAttributes?: { customAttribute: CustomAttribute[] };
  created?: Stamp;
  lastModified: Stamp;
};

export type SearchPage = {
  link: Link;
  customer: CustomerView[];
  paginationInfo: { count: number; pagenum?: number; pagesize?: number; rangestart?: number; rangesize?: number; link?: Link[] };
};

/** The fields of the default attribute set (03 §5). */
export const DEFAULT_KEYS = ['id', 'link', 'cases', 'customerName', 'department', 'type', 'contactPersons', 'lastModified'];

// ---------------------------------------------------------------------------------------------------------------
// Names and values no other test uses
// ---------------------------------------------------------------------------------------------------------------

/** Lower-case hex: unique and safe in names, email addresses and custom attribute names. */
export const uniq = (prefix = 'c') => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 14)}`;
export const uniqueEmail = (local = 'ann') => `${local}.${uniq('')}@example.com`;
/** `n` random decimal digits, the first one not 0. */
export function digits(n: number): string {
  const bytes = randomBytes(n);
  let s = String(1 + (bytes[0]! % 9));
  for (let i = 1; i < n; i++) s += String(bytes[i]! % 10);
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: the spec's examples, verbatim, under test/fixtures/customer/
// ---------------------------------------------------------------------------------------------------------------

export const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/customer/${name}`, import.meta.url), 'utf8');
export const fixtureJson = <T = Record<string, unknown>>(name: string, replacements: Record<string, string> = {}): T =>
  JSON.parse(fill(fixture(name), replacements)) as T;

/** Replaces every occurrence of each key (longest keys first, one pass): the ids, names and dates of an example. */
export function fill(text: string, replacements: Record<string, string>): string {
  const keys = Object.keys(replacements).sort((a, b) => b.length - a.length);
  if (keys.length === 0) return text;
  const re = new RegExp(keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return text.replace(re, (m) => replacements[m]!);
}

// ---------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------

export type Who = { headers: Record<string, string> } | null;
export type CallOpts = { fmt?: Fmt; body?: unknown; xml?: string; lang?: 'en-US' | 'es-ES'; headers?: Record<string, string> };

/** One request: JSON bodies as values, XML bodies as text; the answer in `fmt` (JSON by default). */
export function call(app: FastifyInstance, who: Who, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, opts: CallOpts = {}): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {
    accept: (opts.fmt ?? 'json') === 'json' ? 'application/json' : 'application/xml',
    ...(who?.headers ?? {}),
    ...(opts.lang ? { 'accept-language': opts.lang } : {}),
    ...(opts.headers ?? {}),
  };
  if (opts.xml !== undefined) return app.inject({ method, url, headers: { ...headers, 'content-type': 'application/xml' }, payload: opts.xml });
  if (opts.body !== undefined) return app.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(opts.body) });
  return app.inject({ method, url, headers });
}

/** A JSON success body (status checked, JSON Content-Type, 01 §2.3 headers). */
export function ok<T = Record<string, unknown>>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 800)).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expectSystemHeaders(res);
  return JSON.parse(res.body) as T;
}

/** 204 without body; Content-Type is still sent (01 §6). */
export function noContent(res: LightMyRequestResponse, fmt: Fmt = 'json'): void {
  expect(res.statusCode, res.body.slice(0, 800)).toBe(204);
  expect(res.body).toBe('');
  expect(res.headers['content-type']).toBe(fmt === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8');
  expectSystemHeaders(res);
}

/** An XML success body as a canonical tree (namespace-aware, 01 §4.2), after the status, type and declaration. */
export function xmlOf(res: LightMyRequestResponse, status = 200): CanonicalElement {
  expect(res.statusCode, res.body.slice(0, 800)).toBe(status);
  expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
  expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')).toBe(true);
  expectSystemHeaders(res);
  return canonicalXml(res.body);
}

/** A canonical element, to write expected XML trees. */
export const el = (name: string, attrs: Record<string, string> = {}, children: CanonicalElement[] | string = []): CanonicalElement =>
  typeof children === 'string' ? { name, attrs, text: children, children: [] } : { name, attrs, children };

/** The child elements of `e` with this expanded name. */
export const childrenNamed = (e: CanonicalElement, name: string) => e.children.filter((c) => c.name === name);

/** A 201 create answer: Location names the new customer (01 §16), the body holds it (JSON list wrapper). */
export function created(res: LightMyRequestResponse): CustomerView {
  const body = ok<{ customer: CustomerView[] }>(res, 201);
  expect(body.customer).toHaveLength(1);
  const c = body.customer[0]!;
  expect(res.headers.location).toBe(`${CUSTOMER}/${c.id}`);
  return c;
}

export async function createCustomer(t: TestApp, who: Who, body: unknown, query = ''): Promise<CustomerView> {
  return created(await call(t.app, who, 'POST', `${CUSTOMER}${query}`, { body }));
}

export async function readCustomer(t: TestApp, who: Who, id: string, attribute = 'all'): Promise<CustomerView> {
  const body = ok<{ customer: CustomerView[] }>(await call(t.app, who, 'GET', `${CUSTOMER}/${id}${attribute ? `?$attribute=${attribute}` : ''}`));
  expect(body.customer).toHaveLength(1);
  return body.customer[0]!;
}

export async function editCustomer(t: TestApp, who: Who, body: unknown, url = CUSTOMER): Promise<void> {
  noContent(await call(t.app, who, 'PUT', url, { body }));
}

/** The ids of a search answer, [] for 204. */
export async function searchIds(t: TestApp, who: Who, query: string): Promise<string[]> {
  const res = await call(t.app, who, 'GET', `${CUSTOMER}?${query}`);
  if (res.statusCode === 204) {
    noContent(res);
    return [];
  }
  return ok<SearchPage>(res).customer.map((c) => c.id);
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------------------------

export const emailPoint = (emailAddress: string, priority?: string) => ({
  type: { value: 'email', email: { emailAddress } },
  ...(priority ? { priority: { value: priority } } : {}),
});
export const phonePoint = (phone: Record<string, unknown>) => ({ type: { value: 'phone', phone } });

/** An individual with one contact person (and an email contact point unless `email` is null). */
export function individual(opts: { firstName?: string; lastName?: string; email?: string | null; person?: Record<string, unknown>; extra?: Record<string, unknown>; points?: unknown[] } = {}) {
  const email = opts.email === undefined ? uniqueEmail() : opts.email;
  const points = [...(email ? [emailPoint(email)] : []), ...(opts.points ?? [])];
  return {
    type: { value: 'individual' },
    contactPersons: {
      contactPerson: [
        {
          firstName: opts.firstName ?? 'Ann',
          lastName: opts.lastName ?? 'Lee',
          ...(opts.person ?? {}),
          ...(points.length ? { contactPoints: { contactPoint: points } } : {}),
        },
      ],
    },
    ...(opts.extra ?? {}),
  };
}

export const corporate = (name = `Corp ${uniq()}`, extra: Record<string, unknown> = {}) => ({ type: { value: 'corporate' }, customerName: name, ...extra });

export const attr = (attribName: string, ...values: string[]): CustomAttribute => ({ attribName, attribValues: { attribValue: values.map((value) => ({ value })) } });
export const customAttributes = (...list: CustomAttribute[]) => ({ customAttributes: { customAttribute: list } });

/** The only contact person of a customer. */
export function person(c: CustomerView, index = 0): ContactPersonView {
  const p = c.contactPersons?.contactPerson[index];
  expect(p, `contact person ${index} of ${c.id}`).toBeDefined();
  return p!;
}

/** The contact points of one kind, over all contact persons. */
export function points(c: CustomerView, kind?: string): ContactPointView[] {
  return (c.contactPersons?.contactPerson ?? []).flatMap((p) => p.contactPoints?.contactPoint ?? []).filter((p) => !kind || p.type.value === kind);
}

export function point(c: CustomerView, kind: string): ContactPointView {
  const found = points(c, kind);
  expect(found.length, `${kind} contact points of ${c.id}`).toBeGreaterThan(0);
  return found[0]!;
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------------------------------------------

export type Staff = {
  headers: Record<string, string>;
  user: { id: bigint; loginId: string; screenName: string; firstName: string; lastName: string | null; departmentId: bigint };
  /** The user reference a timestamp carries for this user (01 §5.7: `name` is the screen name). */
  ref: UserRef;
  department: { id: bigint; name: string };
};

/** A logged-in staff user with these roles; its own new home department unless one is given. */
export async function staff(t: TestApp, roles: ('administrator' | 'supervisor' | 'agent')[], opts: { departmentId?: bigint; firstName?: string; lastName?: string } = {}): Promise<Staff> {
  let user = await createUser(t.db, { roles, ...(opts.departmentId !== undefined ? { departmentId: opts.departmentId } : {}) });
  if (opts.firstName || opts.lastName) {
    user = await t.db.prisma.user.update({ where: { id: user.id }, data: { firstName: opts.firstName ?? user.firstName, lastName: opts.lastName ?? user.lastName } });
  }
  const department = await t.db.prisma.department.findUniqueOrThrow({ where: { id: user.departmentId } });
  const s = await login(t.app, user.loginId);
  return {
    headers: { 'x-egain-session': s.sessionId },
    user: { id: user.id, loginId: user.loginId, screenName: user.screenName, firstName: user.firstName, lastName: user.lastName, departmentId: user.departmentId },
    ref: { id: String(user.id), name: user.screenName, firstName: user.firstName, ...(user.lastName ? { lastName: user.lastName } : {}) },
    department: { id: department.id, name: department.name },
  };
}

/** The department `Service` the examples of 03 use (the bootstrap department, 02 §9.3); created when missing. */
export async function serviceDepartment(t: TestApp): Promise<{ id: bigint; name: string }> {
  const found = await t.db.prisma.department.findFirst({ where: { name: { equals: 'Service', mode: 'insensitive' } } });
  if (found) return { id: found.id, name: found.name };
  const made = await t.db.prisma.department.create({ data: { name: 'Service' } });
  return { id: made.id, name: made.name };
}

export const customerPassword = 'Cust0mer!pw';

export type CustomerSession = { headers: Record<string, string>; sessionId: string; customer: CustomerView; loginId: string; email: string };

/** Logs a contact person in through the customer login (02 §3.3). */
export async function customerLogin(t: TestApp, loginId: string, password = customerPassword): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: `${CUSTOMER_LOGIN}?forceLogin=yes`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    payload: JSON.stringify({ userName: loginId, password }),
  });
  expect(res.statusCode, res.body).toBe(204);
  return String(res.headers['x-egain-session']);
}

/**
 * A customer created through the API by `creator`, whose contact person has a `loginId` and `password`, and a
 * customer session of it. `body` replaces the default individual (its first contact person gets the credentials).
 */
export async function customerSession(t: TestApp, creator: Who, body?: Record<string, unknown>): Promise<CustomerSession> {
  const loginId = uniqueEmail('login');
  const email = uniqueEmail('own');
  const b = (body ?? individual({ email })) as { contactPersons?: { contactPerson: Record<string, unknown>[] } };
  const persons = b.contactPersons?.contactPerson ?? [];
  expect(persons.length).toBeGreaterThan(0);
  persons[0] = { ...persons[0], loginId, password: customerPassword };
  const customer = await createCustomer(t, creator, b);
  const sessionId = await customerLogin(t, loginId);
  const address = points(customer, 'email')[0]?.type.email?.emailAddress ?? email;
  return { headers: { 'x-egain-session': sessionId }, sessionId, customer, loginId, email: address };
}

// ---------------------------------------------------------------------------------------------------------------
// Custom attribute definitions (03 §2.7), inserted directly
// ---------------------------------------------------------------------------------------------------------------

export type Definition = {
  name?: string;
  displayName?: string;
  dataType?: 'string' | 'integer' | 'decimal' | 'date' | 'boolean';
  maxLength?: number | null;
  minimum?: string | null;
  maximum?: string | null;
  enumerated?: boolean;
  allowedValues?: { value: string; label?: string }[] | null;
  multiValued?: boolean;
  unique?: boolean;
  state?: 'active' | 'inactive';
  objectType?: 'customer' | 'case' | 'activity';
};

/** Makes the server see new or changed definitions at once (07 §1.1). */
export async function configChanged(t: TestApp): Promise<void> {
  await bumpConfigVersion(t.db.prisma);
  t.app.configVersion.changedHere();
}

function definitionData(d: Definition, name: string) {
  return {
    objectType: d.objectType ?? 'customer',
    name,
    displayName: d.displayName ?? `Label of ${name}`,
    dataType: d.dataType ?? 'string',
    maxLength: d.maxLength === undefined ? ((d.dataType ?? 'string') === 'string' ? 255 : null) : d.maxLength,
    minimum: d.minimum ?? null,
    maximum: d.maximum ?? null,
    enumerated: d.enumerated ?? false,
    allowedValues: d.allowedValues ?? undefined,
    multiValued: d.multiValued ?? false,
    unique: d.unique ?? false,
    state: d.state ?? 'active',
  };
}

/** A new definition with a unique name (`a_<hex>` unless given); answers its name. */
export async function defineAttribute(t: TestApp, d: Definition = {}): Promise<string> {
  const name = d.name ?? uniq('a_');
  await t.db.prisma.customAttributeDefinition.create({ data: definitionData(d, name) });
  await configChanged(t);
  return name;
}

export async function setDefinitionState(t: TestApp, name: string, state: 'active' | 'inactive', objectType = 'customer'): Promise<void> {
  await t.db.prisma.customAttributeDefinition.update({ where: { objectType_name: { objectType, name } }, data: { state } });
  await configChanged(t);
}

/** The definitions the examples of 03 use (§7.3 A2, §7.4, §7.6), created when the database has none of that name. */
export const SPEC_DEFINITIONS: Definition[] = [
  { name: 'external_id', displayName: 'External id', dataType: 'string', maxLength: 64, unique: true },
  {
    name: 'loyalty_tier',
    displayName: 'Loyalty tier',
    dataType: 'string',
    maxLength: 255,
    enumerated: true,
    allowedValues: [
      { value: 'bronze', label: 'Bronze' },
      { value: 'silver', label: 'Silver' },
      { value: 'gold', label: 'Gold' },
      { value: 'platinum', label: 'Platinum' },
    ],
  },
  { name: 'region', displayName: 'Region', dataType: 'string', maxLength: 255 },
];

export async function specDefinitions(t: TestApp): Promise<void> {
  let changed = false;
  for (const d of SPEC_DEFINITIONS) {
    const existing = await t.db.prisma.customAttributeDefinition.findUnique({ where: { objectType_name: { objectType: 'customer', name: d.name! } } });
    if (existing) continue;
    try {
      await t.db.prisma.customAttributeDefinition.create({ data: definitionData(d, d.name!) });
      changed = true;
    } catch {
      // created meanwhile by another test of this database
    }
  }
  if (changed) await configChanged(t);
}

/** Waits until the clock has moved past `iso`, so that the next write gets a later instant. */
export async function after(iso: string): Promise<void> {
  const target = Date.parse(iso);
  while (Date.now() <= target + 1) await new Promise((r) => setTimeout(r, 2));
}
