// Helpers of the workflow API tests (07 §10): a department with the objects workflows name, created directly with Prisma.
import type { TestApp } from '../../../helpers/app.ts';
import { createDepartment, createUser } from '../../../helpers/auth.ts';
import { ADMIN, call, ns, ok, unique, type Session } from '../department/support.ts';

export const WF = ns('workflow');
export const BASE = `${ADMIN}/workflow`;
export type Kind = 'inbound' | 'outbound' | 'alarm';
export const KINDS: Kind[] = ['inbound', 'outbound', 'alarm'];
export const KEY: Record<Kind, string> = { inbound: 'inboundWorkflow', outbound: 'outboundWorkflow', alarm: 'alarmWorkflow' };
export const url = (kind: Kind) => `${BASE}/${kind}`;

export type UserView = { id: string; name: string; firstName: string; lastName?: string };
export type Workflow = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  description?: string;
  department: { id: string; name: string };
  state: { value: string; displayValue: string };
  order: number;
  conditions?: Record<string, unknown>;
  actions?: Record<string, unknown>;
  lastModified: { date: string; user?: UserView };
  created?: { date: string; user?: UserView };
};
export type Page = { link?: { rel: string; href: string }; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] } } & Record<string, Workflow[]>;

export const userOf = (s: Session): UserView => ({ id: s.name.id, name: s.name.name, firstName: s.name.firstName, lastName: s.name.lastName });

/** A department with two queues, an alias on the first, a standard message, an enabled user and a group. */
export async function place(t: TestApp, prefix = 'WD') {
  const db = t.db.prisma;
  const department = await createDepartment(t.db, unique(prefix));
  const queue = await db.queue.create({ data: { name: unique('Q'), departmentId: department.id, channels: ['email', 'chat'] } });
  const queue2 = await db.queue.create({ data: { name: unique('Q2'), departmentId: department.id, channels: ['email', 'chat'] } });
  const alias = await db.emailAlias.create({ data: { name: unique('A'), emailAddress: `${unique('a')}@example.com`, departmentId: department.id, queueId: queue.id } });
  const message = await db.standardMessage.create({
    data: { name: unique('M'), departmentId: department.id, languageId: 1n, text: 'Kind regards,\nSupport <team>', html: null },
  });
  const user = await createUser(t.db, { departmentId: department.id });
  const group = await db.userGroup.create({ data: { name: unique('G'), departmentId: department.id } });
  return { department, queue, queue2, alias, message, user, group, dept: { department: { id: String(department.id) } } };
}
export type Place = Awaited<ReturnType<typeof place>>;

/** Minimal valid create bodies of each kind in `p`'s department. */
export function body(kind: Kind, p: Place, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const actions =
    kind === 'inbound'
      ? { route: { queue: { id: String(p.queue.id) } } }
      : kind === 'outbound'
        ? { bcc: { address: ['archive@example.com'] } }
        : { raisePriorityBy: 1 };
  return { name: unique('WF'), ...p.dept, ...(kind === 'alarm' ? { conditions: { waitingMinutes: 5 } } : {}), actions, ...extra };
}

export async function createWorkflow(t: TestApp, who: Session, kind: Kind, b: Record<string, unknown>, query = ''): Promise<Workflow> {
  return ok<Record<string, Workflow[]>>(await call(t.app, who, 'POST', `${url(kind)}${query}`, { body: b }), 201)[KEY[kind]]![0]!;
}

export async function readWorkflow(t: TestApp, who: Session, kind: Kind, id: string, query = '?$attribute=all'): Promise<Workflow> {
  return ok<Record<string, Workflow[]>>(await call(t.app, who, 'GET', `${url(kind)}/${id}${query}`))[KEY[kind]]![0]!;
}
