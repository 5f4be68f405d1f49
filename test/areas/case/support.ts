// Helpers shared by the case and note API tests (04). Requests go through the whole HTTP stack; cases and
// activities are inserted with the interaction factory (test/helpers/interaction.ts), as the activity endpoints
// would leave them.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { TestApp } from '../../helpers/app.ts';
import { createDepartment } from '../../helpers/auth.ts';
import { insertCase, insertCustomer, type CaseOptions, type TestCustomer } from '../../helpers/interaction.ts';
import { call, ok, staff, type Staff } from '../customer/support.ts';

export { call, ok, noContent, xmlOf, el, staff, customerSession, configChanged, defineAttribute, fill, uniq, attr, customAttributes } from '../customer/support.ts';
export type { Staff, Who, UserRef, Link, Enum } from '../customer/support.ts';

export const CASE = '/system/ws/v12/interaction/case';
export const LOOKUP = '/system/ws/v20/interaction/case/lookup';

export type CaseView = Record<string, unknown> & {
  id: string;
  link: { rel: string; href: string };
  status: { value: string; displayValue: string };
  severity: { value: string; displayValue: string };
  subject?: string;
  customer: { id: string; customerName: string };
  owner: { user?: { id: string } };
  dueDate?: string;
  description?: string;
  solution?: string;
  relatedCases?: { link: { rel: string; href: string }[] };
  lastModified: { date: string; user?: { id: string } };
  lastClosed?: { date: string; user?: { id: string } };
  customAttributes?: { customAttribute: { attribName: string; attribValues: { attribValue: { value: string }[] } }[] };
};
export type CasePage = { link: { href: string }; case: CaseView[]; paginationInfo: { count: number; pagenum?: number; pagesize?: number; link?: { rel: string; href: string }[] } };

export const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/case/${name}`, import.meta.url), 'utf8');

/** A department of its own with an administrator, a supervisor and an agent, and one customer. */
export type World = { dept: { id: bigint; name: string }; admin: Staff; supervisor: Staff; agent: Staff; customer: TestCustomer };

export async function world(t: TestApp): Promise<World> {
  const d = await createDepartment(t.db);
  const [admin, supervisor, agent] = await Promise.all([
    staff(t, ['administrator'], { departmentId: d.id }),
    staff(t, ['supervisor'], { departmentId: d.id }),
    staff(t, ['agent'], { departmentId: d.id }),
  ]);
  const customer = await insertCustomer(t.db, { departmentId: d.id });
  return { dept: { id: d.id, name: d.name }, admin, supervisor, agent, customer };
}

/** A case of the world's department and customer (04 §3.1 defaults), created by `by` when given. */
export async function newCase(t: TestApp, w: World, opts: Partial<CaseOptions> = {}): Promise<string> {
  const id = await insertCase(t.db, { departmentId: w.dept.id, customerId: w.customer.id, subject: 'Issue', ...opts });
  return String(id);
}

export async function readCase(t: TestApp, who: { headers: Record<string, string> }, id: string, attribute = 'all'): Promise<CaseView> {
  const body = ok<{ case: CaseView[] }>(await call(t.app, who, 'GET', `${CASE}/${id}${attribute ? `?$attribute=${attribute}` : ''}`));
  expect(body.case).toHaveLength(1);
  return body.case[0]!;
}

/** The ids of a K2 answer, [] for 204. */
export async function searchIds(t: TestApp, who: { headers: Record<string, string> }, query: string): Promise<string[]> {
  const res = await call(t.app, who, 'GET', `${CASE}?${query}`);
  if (res.statusCode === 204) return [];
  return ok<CasePage>(res).case.map((c) => c.id);
}

/** The ids of a K9 answer, [] for 204. */
export async function lookupIds(t: TestApp, who: { headers: Record<string, string> }, body: unknown, query = ''): Promise<string[]> {
  const res = await call(t.app, who, 'POST', `${LOOKUP}${query}`, { body });
  if (res.statusCode === 204) return [];
  return ok<CasePage>(res).case.map((c) => c.id);
}

export const future = (days = 30) => new Date(Date.now() + days * 86_400_000).toISOString();
