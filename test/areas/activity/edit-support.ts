// Helpers shared by the V6, V14–V16 and V20 tests (05 §9.7, §9.14, §9.16): a department with its staff and a
// customer, activities from the interaction factory, and small readers of the activity row and of V1.
import { expect } from 'vitest';
import type { TestApp } from '../../helpers/app.ts';
import { insertActivity, type ActivityOptions, type TestActivity, type TestCustomer } from '../../helpers/interaction.ts';
import { call, ok, person, point, type CustomerSession } from '../customer/support.ts';
import { world as caseWorld, type World } from '../case/support.ts';

export { call, ok, noContent, xmlOf, staff, customerSession, defineAttribute, attr, customAttributes, uniq, after } from '../customer/support.ts';
export type { Staff } from '../customer/support.ts';
export type { World };

export const ACTIVITY = '/system/ws/v12/interaction/activity';
export const MASK = '/system/ws/v19/interaction/activity/mask';
export const ACT_NS = 'http://bindings.egain.com/ws/model/v12/gen/interaction/activity';
export const CMN_NS = 'http://bindings.egain.com/ws/model/v12/gen/common';

export const world = caseWorld;

export type Extra = Partial<Omit<ActivityOptions, 'customer'>> & {
  customer?: TestCustomer;
  substatus?: 'new' | 'in_progress';
  mode?: 'outbound';
  lastModifiedAt?: Date;
};

/** An activity of the world's department and customer; `substatus: 'new'` and `mode: 'outbound'` adjust the row. */
export async function activity(t: TestApp, w: World, extra: Extra = {}): Promise<TestActivity> {
  const { substatus, mode, customer, lastModifiedAt, ...opts } = extra;
  const a = await insertActivity(t.db, { customer: customer ?? w.customer, departmentId: w.dept.id, subject: 'Issue', ...opts });
  const data = {
    ...(substatus ? { substatus } : {}),
    ...(mode ? { mode, subtype: 'compose' } : {}),
    ...(lastModifiedAt ? { lastModifiedAt } : {}),
  };
  if (Object.keys(data).length) await t.db.prisma.activity.update({ where: { id: a.id }, data });
  return a;
}

/** The factory customer of a customer session (created through the API). */
export function sessionCustomer(s: CustomerSession): TestCustomer {
  const p = person(s.customer);
  return { id: BigInt(s.customer.id), customerName: s.customer.customerName, contactPersonId: BigInt(p.id), emailPointId: BigInt(point(s.customer, 'email').id), email: s.email };
}

export const row = (t: TestApp, id: bigint) => t.db.prisma.activity.findUniqueOrThrow({ where: { id } });
export const content = (t: TestApp, id: bigint) => t.db.prisma.activityContent.findUnique({ where: { activityId: id } });

export type ActivityJson = Record<string, unknown> & {
  id: string;
  subject?: string;
  priority: number;
  dueDate?: string;
  language: { value: string; displayValue: string };
  status: { value: string; substatus: { value: string } };
  lastModified: { date: string; user?: { id: string } };
  userLastWorked?: { user: { id: string } };
  payload?: Record<string, { contents?: { content: { type: string; value: string }[] }; transcript?: { content: { type: string; value: string }[] } }>;
  customAttributes?: { customAttribute: { attribName: string; attribValues: { attribValue: { value: string }[] } }[] };
};

/** V1 of one activity with `$attribute` (default all). */
export async function readActivity(t: TestApp, who: { headers: Record<string, string> }, id: bigint, query = '$attribute=all'): Promise<ActivityJson> {
  const body = ok<{ activity: ActivityJson[] }>(await call(t.app, who, 'GET', `${ACTIVITY}/${id}?${query}`));
  expect(body.activity).toHaveLength(1);
  return body.activity[0]!;
}

/** The `type` → `value` map of a content list. */
export const byType = (list: { type: string; value: string }[] | undefined) => Object.fromEntries((list ?? []).map((c) => [c.type, c.value]));
