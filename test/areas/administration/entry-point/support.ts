// Helpers shared by the chat entry point API tests (07 §8).
import type { TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { ADMIN, call, ok, unique, type Session } from '../department/support.ts';

export const URL = `${ADMIN}/entrypoint`;
export const EP = 'http://bindings.egain.com/ws/model/v12/gen/live/entrypoint';
export const DEFAULT_GREETING = 'Thank you for contacting us. An agent will be with you shortly.';

export type UserView = { id: string; name: string; firstName: string; lastName?: string };
export type Day = { value: string; start: string; end: string };
export type EntryPoint = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  description?: string;
  department: { id: string; name: string };
  queue: { id: string; name: string; link: { rel: string; href: string } };
  state: { value: string; displayValue: string };
  agentAvailabilityRequired: boolean;
  hours?: { timeZone: string; day?: Day[] };
  greeting: string;
  lastModified: { date: string; user?: UserView };
  created?: { date: string; user?: UserView };
};
export type Page = { link?: { rel: string; href: string }; entryPoint: EntryPoint[]; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] } };

export const userOf = (s: Session): UserView => ({ id: s.name.id, name: s.name.name, firstName: s.name.firstName, lastName: s.name.lastName });

/** A queue created directly in the database (the queues API is another issue's): a chat queue unless told. */
export function createQueue(t: TestApp, departmentId: bigint, opts: { name?: string; channels?: string[]; state?: string } = {}) {
  return t.db.prisma.queue.create({
    data: { name: opts.name ?? unique('Q'), departmentId, channels: opts.channels ?? ['chat'], state: opts.state ?? 'active' },
  });
}

/** A new department with one chat queue. */
export async function place(t: TestApp, prefix = 'EPD') {
  const department = await createDepartment(t.db, unique(prefix));
  const queue = await createQueue(t, department.id);
  return { department, queue, ref: { department: { id: String(department.id) }, queue: { id: String(queue.id) } } };
}

/** Creates an entry point through the API as `who` and returns the created item (201). */
export async function createEntryPoint(t: TestApp, who: Session, body: Record<string, unknown>, query = ''): Promise<EntryPoint> {
  return ok<{ entryPoint: EntryPoint[] }>(await call(t.app, who, 'POST', `${URL}${query}`, { body: { name: unique('EP'), ...body } }), 201).entryPoint[0]!;
}

export async function readEntryPoint(t: TestApp, who: Session, id: string, query = '?$attribute=all'): Promise<EntryPoint> {
  return ok<{ entryPoint: EntryPoint[] }>(await call(t.app, who, 'GET', `${URL}/${id}${query}`)).entryPoint[0]!;
}

/** A chat that entered through the entry point: customer, case and chat activity written directly (05 T6). */
export async function chatActivity(t: TestApp, entryPoint: EntryPoint, status = 'awaiting_assignment', substatus = 'in_queue', assignedUserId?: bigint) {
  const departmentId = BigInt(entryPoint.department.id);
  const customer = await t.db.prisma.customer.create({ data: { type: 'corporate', customerName: unique('Cust'), departmentId } });
  const kase = await t.db.prisma.case.create({ data: { departmentId, customerId: customer.id, originatingChannel: 'chat' } });
  return t.db.prisma.activity.create({
    data: {
      caseId: kase.id,
      customerId: customer.id,
      departmentId,
      type: 'chat',
      subtype: 'messaging',
      mode: 'inbound',
      status,
      substatus,
      queueId: BigInt(entryPoint.queue.id),
      entryPointId: BigInt(entryPoint.id),
      ...(assignedUserId ? { assignedUserId } : {}),
    },
  });
}
