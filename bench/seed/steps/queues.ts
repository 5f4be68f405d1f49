// Step 5 — queues and chat entry points of 10 §2.1 (configuration: not scaled), as the administration API stores
// them (07 §7, §8): per department its email queues (channels [email]) and one chat queue (channels [chat]) per
// chat entry point; every agent and supervisor of the department is a listed member of each of its queues.
// Entry points are `active`, always open (no hours), with the default greeting. Queues and entry points of the same
// names (case-insensitive) are reused, as the departments step does.
import { need, type SeedStep, type SeededQueues } from '../pipeline.ts';
import { departmentProfiles, entryPointsPerDepartment, queuesPerDepartment } from '../reference.ts';
import { insertColumns, iso } from '../sql.ts';

export type QueuePlan = { department: number; name: string; channel: 'email' | 'chat' };
export type EntryPointPlan = { department: number; name: string; queueName: string };

const two = (n: number) => String(n).padStart(2, '0');
const three = (n: number) => String(n).padStart(3, '0');

/** The queues (email queues of a department first, busiest first, then its chat queues) and entry points. */
export function planQueues(): { queues: QueuePlan[]; entryPoints: EntryPointPlan[] } {
  const queues: QueuePlan[] = [];
  const entryPoints: EntryPointPlan[] = [];
  departmentProfiles.forEach((d, dept) => {
    const chats = entryPointsPerDepartment[dept]!;
    const emails = queuesPerDepartment[dept]! - chats;
    for (let k = 1; k <= emails; k++) queues.push({ department: dept, name: `${d.name} Email ${three(k)}`, channel: 'email' });
    for (let k = 1; k <= chats; k++) {
      const queueName = `${d.name} Chat ${two(k)}`;
      queues.push({ department: dept, name: queueName, channel: 'chat' });
      entryPoints.push({ department: dept, name: `${d.name} Web Chat ${two(k)}`, queueName });
    }
  });
  return { queues, entryPoints };
}

export const queuesStep: SeedStep = {
  name: 'queues',
  tables: ['queue', 'queue_member_user', 'entry_point'],
  async run(ctx) {
    const sa = need(ctx.state.sa, 'sa');
    const departments = need(ctx.state.departments, 'departments');
    const users = need(ctx.state.users, 'users');
    const plan = planQueues();
    const progress = ctx.progress.step('queues', plan.queues.length + plan.entryPoints.length, 'queues and entry points');
    const at = iso(ctx.setupAt);
    const deptId = (d: number) => departments[d]!.id;
    const key = (dept: string, name: string) => `${dept}\u0000${name.toLowerCase()}`;

    const { queueIds, entryPointIds, members } = await ctx.transaction(async (tx) => {
      await insertColumns(
        tx,
        'queue',
        {
          name: ['text', plan.queues.map((q) => q.name)],
          department_id: ['bigint', plan.queues.map((q) => deptId(q.department))],
          _channel: ['text', plan.queues.map((q) => q.channel)],
        },
        {
          state: `'active'`,
          channels: `ARRAY["_channel"]`,
          max_queue_depth: '0',
          created_at: '$$1::timestamptz',
          created_by_id: '$$2::bigint',
          last_modified_at: '$$1::timestamptz',
          last_modified_by_id: '$$2::bigint',
        },
        { params: [at, sa.id], suffix: 'ON CONFLICT DO NOTHING' },
      );
      const rows = await tx.$queryRawUnsafe<{ id: string; department_id: string; name: string }[]>(
        `SELECT id::text, department_id::text, name FROM queue WHERE (department_id, lower(name)) IN (SELECT * FROM unnest($1::bigint[], $2::text[]))`,
        plan.queues.map((q) => deptId(q.department)),
        plan.queues.map((q) => q.name.toLowerCase()),
      );
      const byKey = new Map(rows.map((r) => [key(r.department_id, r.name), r.id]));
      const queueIds = plan.queues.map((q) => {
        const id = byKey.get(key(deptId(q.department), q.name));
        if (!id) throw new Error(`queue ${q.name} was not created`);
        return id;
      });

      // Members: the department's supervisors and agents, listed on each of its queues.
      const memberQueue: string[] = [];
      const memberUser: string[] = [];
      plan.queues.forEach((q, i) => {
        for (const u of [...users.supervisors[q.department]!, ...users.agents[q.department]!]) {
          memberQueue.push(queueIds[i]!);
          memberUser.push(u.id);
        }
      });
      await tx.$executeRawUnsafe(
        `INSERT INTO queue_member_user (queue_id, user_id) SELECT * FROM unnest($1::bigint[], $2::bigint[]) ON CONFLICT DO NOTHING`,
        memberQueue,
        memberUser,
      );

      const queueOf = (e: EntryPointPlan) => byKey.get(key(deptId(e.department), e.queueName))!;
      await insertColumns(
        tx,
        'entry_point',
        {
          name: ['text', plan.entryPoints.map((e) => e.name)],
          department_id: ['bigint', plan.entryPoints.map((e) => deptId(e.department))],
          queue_id: ['bigint', plan.entryPoints.map(queueOf)],
        },
        {
          state: `'active'`,
          agent_availability_required: 'true',
          created_at: '$$1::timestamptz',
          created_by_id: '$$2::bigint',
          last_modified_at: '$$1::timestamptz',
          last_modified_by_id: '$$2::bigint',
        },
        { params: [at, sa.id], suffix: 'ON CONFLICT DO NOTHING' },
      );
      const eps = await tx.$queryRawUnsafe<{ id: string; name: string; queue_id: string; department_id: string }[]>(
        `SELECT id::text, lower(name) AS name, queue_id::text, department_id::text FROM entry_point WHERE lower(name) = ANY($1::text[])`,
        plan.entryPoints.map((e) => e.name.toLowerCase()),
      );
      const epByName = new Map(eps.map((e) => [e.name, e]));
      const entryPointIds = plan.entryPoints.map((e) => {
        const row = epByName.get(e.name.toLowerCase());
        if (!row || row.queue_id !== queueOf(e) || row.department_id !== deptId(e.department)) {
          throw new Error(`entry point ${e.name} exists with another department or queue`);
        }
        return row.id;
      });
      return { queueIds, entryPointIds, members: memberQueue.length };
    });

    const seeded: SeededQueues = {
      email: departmentProfiles.map(() => []),
      chat: departmentProfiles.map(() => []),
      entryPoints: departmentProfiles.map(() => []),
    };
    plan.queues.forEach((q, i) => seeded[q.channel][q.department]!.push(queueIds[i]!));
    plan.entryPoints.forEach((e, i) => {
      const queueId = queueIds[plan.queues.findIndex((q) => q.department === e.department && q.name === e.queueName)]!;
      seeded.entryPoints[e.department]!.push({ id: entryPointIds[i]!, name: e.name, queueId });
    });
    ctx.state.queues = seeded;
    ctx.manifest.queues = Object.fromEntries(
      departments.map((d) => [
        d.name,
        {
          email: seeded.email[d.index]!.map(Number),
          chat: seeded.chat[d.index]!.map(Number),
          entryPoints: seeded.entryPoints[d.index]!.map((e) => ({ id: Number(e.id), name: e.name, queueId: Number(e.queueId) })),
        },
      ]),
    );
    ctx.count('queues', plan.queues.length);
    ctx.count('queueMembers', members);
    ctx.count('entryPoints', plan.entryPoints.length);
    progress.add(plan.queues.length + plan.entryPoints.length);
    progress.done(`${plan.queues.length} queues (${plan.entryPoints.length} chat), ${members.toLocaleString('en-US')} members, ${plan.entryPoints.length} entry points`);
  },
};
