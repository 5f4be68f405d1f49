// Departments and the email configuration (07 §4): an email alias, a workflow or a standard message of a department
// keeps it from being deleted (409-102 naming them as `alias`, `workflow`, `message`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError, FORMATS } from '../../conformance/support.ts';
import { ADMIN, call, noContent, ok, session, unique, type Session } from './department/support.ts';

const URL = `${ADMIN}/department`;

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
});
afterAll(async () => t?.close());

async function createDept(name = unique('Dept')): Promise<{ id: string; name: string }> {
  return ok<{ department: { id: string; name: string }[] }>(await call(t.app, admin, 'POST', URL, { body: { name } }), 201).department[0]!;
}
const departmentExists = async (id: string) => (await t.db.prisma.department.count({ where: { id: BigInt(id) } })) === 1;

/** A department whose only references are a queue, an alias on it, two workflows and a standard message. */
async function configured() {
  const d = await createDept();
  const departmentId = BigInt(d.id);
  const db = t.db.prisma;
  const queue = await db.queue.create({ data: { name: unique('Q'), departmentId, channels: ['email'] } });
  const alias = await db.emailAlias.create({ data: { name: 'Support', emailAddress: `${unique('s')}@example.com`, departmentId, queueId: queue.id } });
  const message = await db.standardMessage.create({ data: { name: 'Signature', departmentId, languageId: 1n, text: 'Regards' } });
  const inbound = await db.workflow.create({ data: { kind: 'inbound', name: 'In', departmentId, order: 1, actions: { route: { queue: { id: String(queue.id) } } } } });
  const alarm = await db.workflow.create({ data: { kind: 'alarm', name: 'Al', departmentId, order: 1, state: 'inactive', conditions: { waitingMinutes: 5 }, actions: { setPriority: 9 } } });
  return { d, queue, alias, message, inbound, alarm };
}

describe('deleting a department (07 §4)', () => {
  it.each(FORMATS)('refuses while an alias, a workflow or a standard message of it exists, naming them (409-102) (%s)', async (fmt) => {
    const c = await configured();
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${c.d.id}`, { fmt }), '409-102', {
      format: fmt,
      details: [
        { key: 'id', value: c.d.id },
        { key: 'queue', value: String(c.queue.id) },
        { key: 'alias', value: String(c.alias.id) },
        { key: 'workflow', value: String(c.inbound.id) },
        { key: 'workflow', value: String(c.alarm.id) },
        { key: 'message', value: String(c.message.id) },
      ],
      message: `The current state of resource ${c.d.id} does not allow this action: the resource is still in use.`,
    });
    expect(await departmentExists(c.d.id)).toBe(true);
  });

  it('names each kind while it is left, and deletes the department once none is', async () => {
    const c = await configured();
    const details = async () => {
      const res = await call(t.app, admin, 'DELETE', `${URL}/${c.d.id}`);
      return res.statusCode === 204 ? [] : expectError(res, '409-102', { format: 'json' }).details.map((x) => x.key);
    };
    await t.db.prisma.workflow.deleteMany({ where: { departmentId: BigInt(c.d.id) } });
    expect(await details()).toEqual(['id', 'queue', 'alias', 'message']);
    await t.db.prisma.emailAlias.delete({ where: { id: c.alias.id } });
    expect(await details()).toEqual(['id', 'queue', 'message']);
    await t.db.prisma.queue.delete({ where: { id: c.queue.id } });
    expect(await details()).toEqual(['id', 'message']);
    await t.db.prisma.standardMessage.delete({ where: { id: c.message.id } });
    expect(await details()).toEqual([]);
    expect(await departmentExists(c.d.id)).toBe(false);
  });

  it('names at most ten references of a kind and deletes nothing when one department of a list is blocked', async () => {
    const free = await createDept();
    const busy = await createDept();
    const departmentId = BigInt(busy.id);
    for (let i = 0; i < 12; i++) await t.db.prisma.workflow.create({ data: { kind: 'outbound', name: `W${i}`, departmentId, order: i + 1, actions: { bcc: { address: ['a@example.com'] } } } });
    const body = expectError(await call(t.app, admin, 'DELETE', `${URL}/${free.id},${busy.id}`), '409-102', { format: 'json' });
    expect(body.details[0]).toEqual({ key: 'id', value: busy.id });
    expect(body.details.filter((x) => x.key === 'workflow')).toHaveLength(10);
    expect(await departmentExists(free.id)).toBe(true);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${free.id}`));
  });

  it('refuses while a purge job is restricted to it (the job would otherwise widen to every department)', async () => {
    const d = await createDept();
    const job = await t.db.prisma.purgeJob.create({ data: { name: 'Old', target: 'completed_activities', olderThanDays: 30, departmentId: BigInt(d.id) } });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${d.id}`), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: d.id },
        { key: 'purgeJob', value: String(job.id) },
      ],
    });
    await t.db.prisma.purgeJob.delete({ where: { id: job.id } });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${d.id}`));
  });
});
