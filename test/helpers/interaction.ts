// Test factory for the interaction data of 03–05: customers, cases and activities inserted through Prisma exactly as
// the API would leave them, every derived value included. Cases come from the same lifecycle functions the
// activity endpoints use (src/areas/case/case.lifecycle.ts), so a factory case is an API case:
//
//   const dept = await createDepartment(db);
//   const ann = await insertCustomer(db, { departmentId: dept.id });           // individual, one person, one email
//   const act = await insertActivity(db, { customer: ann, departmentId: dept.id }); // email in a new case (04 §3.1)
//   const chat = await insertActivity(db, { customer: ann, caseId: act.caseId, type: 'chat', queueId });
//
// Activity statuses follow 05 §4.1 (and the activity_status_check constraint): `assignedUserId` → assigned /
// in_progress (the case gets that owner when it has none), else `queueId` → awaiting_assignment / in_queue with the
// queue-entry time, else open / ready_for_inbound_workflow; `status: 'completed'` → completed / done with `completed`
// set (the case auto-closes when nothing open is left). An open activity added to a closed case reopens it.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database.ts';
import { assignOwnerIfNone, autoCloseIfNoOpenActivity, createCaseFor, reopen } from '../../src/areas/case/case.lifecycle.ts';

type Db = Database['prisma'];
const dbOf = (db: Database | Db): Db => ('prisma' in db ? db.prisma : db);

export type TestCustomer = { id: bigint; customerName: string; contactPersonId: bigint; emailPointId: bigint | null; email: string | null };

/** An individual customer with one contact person (first/last name) and, unless `email` is null, one email point. */
export async function insertCustomer(
  database: Database | Db,
  opts: { departmentId: bigint; firstName?: string; lastName?: string; email?: string | null; createdById?: bigint | null; now?: Date },
): Promise<TestCustomer> {
  const db = dbOf(database);
  const now = opts.now ?? new Date();
  const firstName = opts.firstName ?? 'Ann';
  const lastName = opts.lastName ?? 'Lee';
  const email = opts.email === undefined ? `ann.${randomUUID().slice(0, 12)}@example.com` : opts.email;
  const customer = await db.customer.create({
    data: {
      type: 'individual',
      customerName: `${firstName} ${lastName}`.trim(),
      departmentId: opts.departmentId,
      createdAt: now,
      createdById: opts.createdById ?? null,
      lastModifiedAt: now,
      lastModifiedById: opts.createdById ?? null,
    },
  });
  const person = await db.contactPerson.create({ data: { customerId: customer.id, firstName, lastName, createdAt: now, lastModifiedAt: now } });
  const point = email
    ? await db.contactPoint.create({ data: { customerId: customer.id, contactPersonId: person.id, kind: 'email', emailAddress: email, priority: 2, createdAt: now } })
    : null;
  return { id: customer.id, customerName: customer.customerName, contactPersonId: person.id, emailPointId: point?.id ?? null, email };
}

export type CaseOptions = {
  departmentId: bigint;
  customerId: bigint;
  subject?: string;
  originatingChannel?: 'email' | 'chat' | 'social' | 'calltrack' | 'task';
  severity?: 'urgent' | 'high' | 'medium' | 'low';
  ownerId?: bigint | null;
  dueDate?: Date | null;
  description?: string | null;
  solution?: string | null;
  /** `closed` sets lastClosed = now by `createdById`. A closed case should have no open activity. */
  status?: 'open' | 'closed';
  createdById?: bigint | null;
  now?: Date;
};

/** A case as 04 §3.1 creates it (createCaseFor), then the optional fields a K3 edit would set. */
export async function insertCase(database: Database | Db, opts: CaseOptions): Promise<bigint> {
  const db = dbOf(database);
  const now = opts.now ?? new Date();
  const by = opts.createdById ?? null;
  const id = await createCaseFor(db, { departmentId: opts.departmentId, customerId: opts.customerId, subject: opts.subject ?? '', type: opts.originatingChannel ?? 'email' }, by, now);
  const extra = {
    ...(opts.severity ? { severity: opts.severity } : {}),
    ...(opts.ownerId ? { ownerId: opts.ownerId } : {}),
    ...(opts.dueDate ? { dueDate: opts.dueDate } : {}),
    ...(opts.description ? { description: opts.description } : {}),
    ...(opts.solution ? { solution: opts.solution } : {}),
    ...(opts.status === 'closed' ? { status: 'closed', lastClosedAt: now, lastClosedById: by } : {}),
  };
  if (Object.keys(extra).length) await db.case.update({ where: { id }, data: extra });
  return id;
}

export type ActivityOptions = {
  customer: TestCustomer;
  /** The activity's department; default: the case's, or required when a new case is made. */
  departmentId?: bigint;
  /** An existing case; absent → a new case per 04 §3.1. */
  caseId?: bigint;
  type?: 'email' | 'chat' | 'social' | 'calltrack' | 'task';
  subject?: string;
  assignedUserId?: bigint | null;
  queueId?: bigint | null;
  status?: 'open' | 'completed';
  createdById?: bigint | null;
  now?: Date;
};

export type TestActivity = { id: bigint; caseId: bigint; status: string; substatus: string };

/** An activity with every derived value (status/substatus, queue entry, contact person and point, case effects). */
export async function insertActivity(database: Database | Db, opts: ActivityOptions): Promise<TestActivity> {
  const db = dbOf(database);
  const now = opts.now ?? new Date();
  const type = opts.type ?? 'email';
  const by = opts.createdById ?? null;
  let caseId = opts.caseId;
  let departmentId = opts.departmentId;
  if (caseId === undefined) {
    if (departmentId === undefined) throw new Error('insertActivity: departmentId is required for a new case');
    caseId = await createCaseFor(db, { departmentId, customerId: opts.customer.id, subject: opts.subject ?? '', type }, by, now);
  } else if (departmentId === undefined) {
    departmentId = (await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { departmentId: true } })).departmentId;
  }
  const completed = opts.status === 'completed';
  const assigned = opts.assignedUserId ?? null;
  const queueId = opts.queueId ?? null;
  const [status, substatus] = completed
    ? ['completed', 'done']
    : assigned !== null
      ? ['assigned', 'in_progress']
      : queueId !== null
        ? ['awaiting_assignment', 'in_queue']
        : ['open', 'ready_for_inbound_workflow'];
  const activity = await db.activity.create({
    data: {
      caseId,
      customerId: opts.customer.id,
      contactPersonId: opts.customer.contactPersonId,
      contactPointId: type === 'email' ? opts.customer.emailPointId : null,
      departmentId: departmentId!,
      type,
      subtype: 'general',
      mode: 'inbound',
      status,
      substatus,
      assignedUserId: assigned,
      queueId,
      queueEnteredAt: queueId !== null ? now : null,
      subject: opts.subject ?? '',
      createdAt: now,
      createdById: by,
      lastModifiedAt: now,
      lastModifiedById: by,
      ...(completed ? { completedAt: now, completedById: by, userLastWorkedId: assigned ?? by } : {}),
      ...(type === 'email' ? { content: { create: { fromAddress: opts.customer.email, toAddresses: [], ccAddresses: [], bccAddresses: [], text: '' } } } : {}),
    },
  });
  if (!completed) await reopen(db, caseId, now, by);
  if (assigned !== null) await assignOwnerIfNone(db, caseId, assigned, now, by);
  if (completed) await autoCloseIfNoOpenActivity(db, caseId, now, by);
  return { id: activity.id, caseId, status, substatus };
}

/** A queue of a department (07 §7), active, for email and chat. */
export async function insertQueue(database: Database | Db, departmentId: bigint, name = `Queue ${randomUUID().slice(0, 8)}`) {
  return dbOf(database).queue.create({ data: { name, departmentId, channels: ['email', 'chat'] } });
}
