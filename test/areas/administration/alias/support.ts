// Helpers of the email alias API tests (07 §9): departments, queues and workflow rows written directly with Prisma.
import type { TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { ADMIN, call, ok, unique, type Session } from '../department/support.ts';

export const URL = `${ADMIN}/alias`;
export const ALIAS_NS = 'http://bindings.egain.com/ws/model/v12/gen/mail/alias';

export type UserView = { id: string; name: string; firstName: string; lastName?: string };
export type Alias = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  emailAddress: string;
  displayName?: string;
  department: { id: string; name: string };
  queue: { id: string; name: string; link: { rel: string; href: string } };
  state: { value: string; displayValue: string };
  lastModified: { date: string; user?: UserView };
  created?: { date: string; user?: UserView };
};
export type Page = { link?: { rel: string; href: string }; alias: Alias[]; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] } };

export const userOf = (s: Session): UserView => ({ id: s.name.id, name: s.name.name, firstName: s.name.firstName, lastName: s.name.lastName });

/** An address no other test (or run) uses. */
export const address = (local = 'support') => `${local}.${unique('')}@example.com`;

/** A queue created directly in the database: an email queue unless told. */
export function createQueue(t: TestApp, departmentId: bigint, opts: { name?: string; channels?: string[]; state?: string } = {}) {
  return t.db.prisma.queue.create({
    data: { name: opts.name ?? unique('Q'), departmentId, channels: opts.channels ?? ['email'], state: opts.state ?? 'active' },
  });
}

/** A new department with one email queue, and the body references to them. */
export async function place(t: TestApp, prefix = 'AD') {
  const department = await createDepartment(t.db, unique(prefix));
  const queue = await createQueue(t, department.id);
  return { department, queue, ref: { department: { id: String(department.id) }, queue: { id: String(queue.id) } } };
}

/** Creates an alias through the API as `who` and returns the created item (201). */
export async function createAlias(t: TestApp, who: Session, body: Record<string, unknown>, query = ''): Promise<Alias> {
  return ok<{ alias: Alias[] }>(await call(t.app, who, 'POST', `${URL}${query}`, { body: { name: unique('Alias'), emailAddress: address(), ...body } }), 201).alias[0]!;
}

export async function readAlias(t: TestApp, who: Session, id: string, query = '?$attribute=all'): Promise<Alias> {
  return ok<{ alias: Alias[] }>(await call(t.app, who, 'GET', `${URL}/${id}${query}`)).alias[0]!;
}

