// Alarm workflows at work (07 §10.3): the evaluation (conditions, actions, once per activity, one run at a time), the
// evaluate endpoint, the events endpoint and the periodic job.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { insertActivity, insertCustomer, type TestCustomer } from '../../../helpers/interaction.ts';
import { expectError, FORMATS, instantPattern } from '../../../conformance/support.ts';
import { call, COMMON, foreignContexts, noContent, ok, session, unique, xmlOf, type Session } from '../department/support.ts';
import type { ServiceContext } from '../../../../src/areas/service-context.ts';
import { ALARM_LOCK_KEY, evaluateAlarmsNow, runAlarmEvaluation } from '../../../../src/areas/administration/workflow/alarm.service.ts';
import { startAlarmEvaluation } from '../../../../src/areas/administration/workflow/alarm.job.ts';
import { createWorkflow, place, url, WF, type Place } from './support.ts';

let t: TestApp;
let admin: Session;
let supervisor: Session;

beforeAll(async () => {
  // The periodic job (when the app starts it) must not run during these tests.
  t = await getTestApp({ ECE_SETTING_ALARM_EVALUATION_INTERVAL_SECONDS: '3600' });
  admin = await session(t.app, t.db, ['administrator']);
  supervisor = await session(t.app, t.db, ['supervisor']);
});
afterAll(async () => t?.close());

const s = (id: bigint) => String(id);
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);
const activity = (id: bigint) => t.db.prisma.activity.findUniqueOrThrow({ where: { id } });
const events = (workflowId: string | bigint) => t.db.prisma.alarmEvent.findMany({ where: { workflowId: BigInt(workflowId) }, orderBy: { activityId: 'asc' } });

type Alarm = { conditions: Record<string, unknown>; actions: Record<string, unknown>; state?: { value: string } };
const alarm = (p: Place, a: Alarm) => createWorkflow(t, admin, 'alarm', { name: unique('AL'), ...p.dept, ...a });

/** A department with a customer, and activities in its queues. */
async function scene(prefix: string) {
  const p = await place(t, prefix);
  const customer = await insertCustomer(t.db, { departmentId: p.department.id });
  const act = (opts: { queueId?: bigint | null; type?: 'email' | 'chat'; assignedUserId?: bigint; minutes: number; priority?: number; customer?: TestCustomer }) =>
    insertActivity(t.db, {
      customer: opts.customer ?? customer,
      departmentId: p.department.id,
      queueId: opts.queueId === undefined ? p.queue.id : opts.queueId,
      type: opts.type ?? 'email',
      ...(opts.assignedUserId ? { assignedUserId: opts.assignedUserId } : {}),
      now: minutesAgo(opts.minutes),
    }).then(async (a) => {
      if (opts.priority !== undefined) await t.db.prisma.activity.update({ where: { id: a.id }, data: { priority: opts.priority } });
      return a;
    });
  return { p, customer, act };
}

/** Runs one evaluation, deactivating first the alarm workflows other tests left active (so counts are exact). */
async function evaluateOnly(...workflowIds: string[]) {
  await t.db.prisma.workflow.updateMany({ where: { kind: 'alarm', state: 'active', id: { notIn: workflowIds.map((id) => BigInt(id)) } }, data: { state: 'inactive' } });
  const run = await runAlarmEvaluation(t.db);
  expect(run).toBeDefined();
  return run!;
}

describe('evaluation (07 §10.3)', () => {
  it('fires on the activities that match, raises priorities capped at 10, records the events, and fires only once', async () => {
    const { p, act } = await scene('EV');
    const waiting = await act({ minutes: 10 });
    const high = await act({ minutes: 30, priority: 9 });
    const recent = await act({ minutes: 1 });
    const chat = await act({ minutes: 10, type: 'chat' });
    const otherQueue = await act({ minutes: 10, queueId: p.queue2.id });
    const assigned = await act({ minutes: 60, assignedUserId: p.user.id });
    const w = await alarm(p, {
      conditions: { queues: { queue: [{ id: s(p.queue.id) }] }, types: { type: [{ value: 'email' }] }, waitingMinutes: 5 },
      actions: { raisePriorityBy: 2, notify: { users: { user: [{ id: s(p.user.id) }] } } },
    });
    const before = await activity(waiting.id);
    const run = await evaluateOnly(w.id);
    expect(run).toMatchObject({ evaluatedWorkflows: 1, firedEvents: 2 });
    expect(run.finishedAt.getTime()).toBeGreaterThanOrEqual(run.startedAt.getTime());
    expect((await events(w.id)).map((e) => [e.activityId, e.actions])).toEqual([
      [waiting.id, { priority: { from: 5, to: 7 }, notify: { users: { user: [{ id: s(p.user.id) }] } } }],
      [high.id, { priority: { from: 9, to: 10 }, notify: { users: { user: [{ id: s(p.user.id) }] } } }],
    ]);
    const after = await activity(waiting.id);
    expect(after).toMatchObject({ priority: 7, status: 'awaiting_assignment', queueId: p.queue.id, lastModifiedById: null });
    expect(after.lastModifiedAt.getTime()).toBeGreaterThan(before.lastModifiedAt.getTime());
    expect((await activity(high.id)).priority).toBe(10);
    for (const a of [recent, chat, otherQueue, assigned]) expect((await activity(a.id)).priority).toBe(5);
    // At most once per activity: a second run fires nothing, even after the conditions change.
    await t.db.prisma.activity.update({ where: { id: waiting.id }, data: { priority: 1 } });
    expect((await evaluateOnly(w.id)).firedEvents).toBe(0);
    expect((await activity(waiting.id)).priority).toBe(1);
    expect(await events(w.id)).toHaveLength(2);
  });

  it('reads statuses, types, priorityAtMost and setPriority; an assigned activity waits from its last change', async () => {
    const { p, act } = await scene('ST');
    const queued = await act({ minutes: 20, type: 'chat', priority: 3 });
    const urgent = await act({ minutes: 20, priority: 8 });
    const assigned = await act({ minutes: 20, assignedUserId: p.user.id, priority: 2 });
    const fresh = await act({ minutes: 1, assignedUserId: p.user.id });
    const unqueued = await act({ minutes: 20, queueId: null });
    const w = await alarm(p, {
      conditions: { statuses: { status: [{ value: 'assigned' }, { value: 'awaiting_assignment' }] }, waitingMinutes: 15, priorityAtMost: 4 },
      actions: { setPriority: 6 },
    });
    expect((await evaluateOnly(w.id)).firedEvents).toBe(2);
    expect((await events(w.id)).map((e) => [e.activityId, e.actions])).toEqual([
      [queued.id, { priority: { from: 3, to: 6 } }],
      [assigned.id, { priority: { from: 2, to: 6 } }],
    ]);
    expect((await activity(assigned.id)).status).toBe('assigned');
    for (const a of [urgent, fresh, unqueued]) expect(await t.db.prisma.alarmEvent.count({ where: { activityId: a.id } })).toBe(0);
  });

  it('an assigned activity waits from when it was assigned, not from its last change (assigned_at)', async () => {
    const { p, act } = await scene('AS');
    // Assigned 30 minutes ago, changed since (a note, an edit): waiting 30 minutes.
    const old = await act({ minutes: 30, assignedUserId: p.user.id });
    await t.db.prisma.activity.update({ where: { id: old.id }, data: { assignedAt: minutesAgo(30), lastModifiedAt: minutesAgo(1) } });
    // Changed long ago, but assigned a minute ago: waiting 1 minute.
    const fresh = await act({ minutes: 30, assignedUserId: p.user.id });
    await t.db.prisma.activity.update({ where: { id: fresh.id }, data: { assignedAt: minutesAgo(1), lastModifiedAt: minutesAgo(30) } });
    const w = await alarm(p, { conditions: { statuses: { status: [{ value: 'assigned' }] }, waitingMinutes: 15 }, actions: { setPriority: 9 } });
    expect((await evaluateOnly(w.id)).firedEvents).toBe(1);
    expect((await events(w.id)).map((e) => e.activityId)).toEqual([old.id]);
  });

  it('sets assigned_at when an activity becomes assigned (05 T8), not when it is only worked on or moved', async () => {
    const { p, act } = await scene('AT');
    const a = await act({ minutes: 30 });
    const row = await activity(a.id);
    const { applyTransition } = await import('../../../../src/areas/activity/activity.write.ts');
    const { transition } = await import('../../../../src/areas/activity/status-machine.ts');
    const locked = { ...row, type: 'email' as const, status: row.status as 'awaiting_assignment', substatus: row.substatus as 'in_queue' };
    const at = minutesAgo(2);
    const t8 = transition(a.id, locked, { kind: 'transferToUser', userId: p.user.id, via: 'api' });
    await t.db.prisma.$transaction((tx) => applyTransition(tx, locked, t8, at, null));
    expect((await activity(a.id)).assignedAt).toEqual(at);
    // T11 (the assignee works on it): still assigned since then.
    const t11 = transition(a.id, locked, { kind: 'work', callerId: p.user.id });
    await t.db.prisma.$transaction((tx) => applyTransition(tx, locked, t11, new Date(), p.user.id));
    expect((await activity(a.id)).assignedAt).toEqual(at);
  });

  it('applies the priority, then transfers to the queue (05 T7): unassigned, in the queue, entered now', async () => {
    const { p, act } = await scene('TR');
    const email = await act({ minutes: 10, assignedUserId: p.user.id });
    const chat = await act({ minutes: 10, type: 'chat' });
    const w = await alarm(p, {
      conditions: { statuses: { status: [{ value: 'assigned' }, { value: 'awaiting_assignment' }] }, waitingMinutes: 5 },
      actions: { raisePriorityBy: 1, transferToQueue: { id: s(p.queue2.id) }, notify: { groups: { group: [{ id: s(p.group.id) }] } } },
    });
    const run = await evaluateOnly(w.id);
    expect(run.firedEvents).toBe(2);
    for (const a of [email, chat]) {
      const row = await activity(a.id);
      expect(row).toMatchObject({ status: 'awaiting_assignment', substatus: 'in_queue', assignedUserId: null, queueId: p.queue2.id, priority: 6 });
      expect(row.queueEnteredAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt.getTime());
    }
    const [event] = await events(w.id);
    expect(event!.actions).toEqual({ priority: { from: 5, to: 6 }, transferToQueue: { id: s(p.queue2.id) }, notify: { groups: { group: [{ id: s(p.group.id) }] } } });
    // The case keeps its owner (T7 changes no case).
    expect((await t.db.prisma.case.findUniqueOrThrow({ where: { id: email.caseId } })).ownerId).toBe(p.user.id);
  });

  it('records notify-only firings without changing the activity; inactive workflows and other departments are left alone', async () => {
    const { p, act } = await scene('NO');
    const other = await scene('NO2');
    const a = await act({ minutes: 10 });
    const b = await other.act({ minutes: 10 });
    const w = await alarm(p, { conditions: { waitingMinutes: 0 }, actions: { notify: { users: { user: [{ id: s(p.user.id) }] } } } });
    const inactive = await alarm(p, { conditions: { waitingMinutes: 0 }, actions: { setPriority: 1 }, state: { value: 'inactive' } });
    const before = await activity(a.id);
    const run = await evaluateOnly(w.id);
    expect(run).toMatchObject({ evaluatedWorkflows: 1, firedEvents: 1 });
    expect((await events(w.id)).map((e) => e.activityId)).toEqual([a.id]);
    expect(await activity(a.id)).toEqual(before);
    expect(await events(inactive.id)).toEqual([]);
    expect(await t.db.prisma.alarmEvent.count({ where: { activityId: b.id } })).toBe(0);
  });

  it('fires in workflow order: a transfer by an earlier workflow resets the waiting time of a later one', async () => {
    const { p, act } = await scene('OR');
    const a = await act({ minutes: 10 });
    const second = await alarm(p, { conditions: { waitingMinutes: 5 }, actions: { setPriority: 2 } });
    await t.db.prisma.workflow.update({ where: { id: BigInt(second.id) }, data: { order: 2 } });
    const first = await alarm(p, { conditions: { waitingMinutes: 5 }, actions: { transferToQueue: { id: s(p.queue2.id) } } });
    await t.db.prisma.workflow.update({ where: { id: BigInt(first.id) }, data: { order: 1 } });
    expect((await evaluateOnly(first.id, second.id)).firedEvents).toBe(1);
    expect((await events(first.id)).map((e) => e.activityId)).toEqual([a.id]);
    expect(await events(second.id)).toEqual([]);
  });

  it('fires many activities in batches', async () => {
    const { p, act } = await scene('BA');
    const many = [];
    for (let i = 0; i < 130; i++) many.push(await act({ minutes: 10 }));
    const w = await alarm(p, { conditions: { waitingMinutes: 5 }, actions: { raisePriorityBy: 1 } });
    expect((await evaluateOnly(w.id)).firedEvents).toBe(130);
    expect(await t.db.prisma.activity.count({ where: { id: { in: many.map((a) => a.id) }, priority: 6 } })).toBe(130);
  });
});

describe('a failing batch (07 §10.3)', () => {
  it('is rolled back and fired one activity at a time: only the failing activity waits (logged by id) for the next run', async () => {
    const { p, act } = await scene('FB');
    const many = [];
    for (let i = 0; i < 103; i++) many.push(await act({ minutes: 10 }));
    const first = await alarm(p, { conditions: { waitingMinutes: 5 }, actions: { raisePriorityBy: 1 } });
    const second = await alarm(p, { conditions: { waitingMinutes: 5 }, actions: { notify: { users: { user: [{ id: s(p.user.id) }] } } } });
    await t.db.prisma.workflow.update({ where: { id: BigInt(first.id) }, data: { order: 1 } });
    await t.db.prisma.workflow.update({ where: { id: BigInt(second.id) }, data: { order: 2 } });
    // The database refuses to change one activity of the first batch (of 100) of the first workflow.
    const refused = many[7]!.id;
    await t.db.prisma.$executeRawUnsafe(`CREATE FUNCTION test_alarm_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = ${refused} THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`);
    await t.db.prisma.$executeRawUnsafe('CREATE TRIGGER test_alarm_refuse BEFORE UPDATE ON activity FOR EACH ROW EXECUTE FUNCTION test_alarm_refuse()');
    const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
    const log = { warn: (obj: object, msg: string) => void warnings.push({ obj: obj as Record<string, unknown>, msg }) };
    try {
      await t.db.prisma.workflow.updateMany({ where: { kind: 'alarm', state: 'active', id: { notIn: [BigInt(first.id), BigInt(second.id)] } }, data: { state: 'inactive' } });
      const run = await runAlarmEvaluation(t.db, undefined, log);
      // First workflow: every activity but the refused one; second workflow (notify only, no update): all 103.
      expect(run).toMatchObject({ evaluatedWorkflows: 2, firedEvents: 102 + 103 });
      expect((await events(first.id)).map((e) => e.activityId)).toEqual(many.filter((a) => a.id !== refused).map((a) => a.id));
      expect(await events(second.id)).toHaveLength(103);
      expect(await t.db.prisma.activity.count({ where: { id: { in: many.map((a) => a.id) }, priority: 6 } })).toBe(102);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ obj: { workflowId: first.id, activityId: String(refused) }, msg: expect.stringContaining('an activity failed') });
    } finally {
      await t.db.prisma.$executeRawUnsafe('DROP TRIGGER test_alarm_refuse ON activity');
      await t.db.prisma.$executeRawUnsafe('DROP FUNCTION test_alarm_refuse()');
    }
    // The next run fires the one left.
    expect((await evaluateOnly(first.id, second.id)).firedEvents).toBe(1);
    expect(await t.db.prisma.activity.count({ where: { id: { in: many.map((a) => a.id) }, priority: 6 } })).toBe(103);
  });
});

describe('one evaluation at a time (07 §10.3)', () => {
  it('skips a second run while one is in progress on this instance; the evaluate call answers 409-102', async () => {
    const runs = await Promise.all([runAlarmEvaluation(t.db), runAlarmEvaluation(t.db)]);
    expect(runs.filter((r) => r === undefined)).toHaveLength(1);
    // The run marks itself before its first query, so a call started right after it finds it running.
    const running = runAlarmEvaluation(t.db);
    const ctx = { ...foreignContexts(t.app, t.db)[0]!, actor: { kind: 'user', userId: admin.userId, sessionId: 's', roles: ['administrator'] } } as unknown as ServiceContext;
    const refused = await evaluateAlarmsNow(ctx).catch((err: unknown) => err);
    expect(refused).toMatchObject({ key: '409-102', params: { id: 'alarm', reason: { 'en-US': 'an evaluation is already running' } } });
    expect(await running).toBeDefined();
    expect(ok<{ alarmRun: unknown[] }>(await call(t.app, admin, 'POST', `${url('alarm')}/evaluate`, { lang: 'es-ES' })).alarmRun).toHaveLength(1);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('answers 409-102 over HTTP while a run is in progress (PostgreSQL)', async () => {
    const other = await openTestDatabase();
    // The run waits for the workflow table, held by another connection; the endpoint meanwhile finds it running.
    let release!: () => void;
    let locked!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = other.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('LOCK TABLE workflow IN ACCESS EXCLUSIVE MODE');
      locked();
      await held;
    });
    await isLocked;
    const running = runAlarmEvaluation(t.db);
    try {
      for (const fmt of FORMATS) {
        expectError(await call(t.app, admin, 'POST', `${url('alarm')}/evaluate`, { fmt }), '409-102', {
          format: fmt,
          message: 'The current state of resource alarm does not allow this action: an evaluation is already running.',
        });
      }
      expectError(await call(t.app, admin, 'POST', `${url('alarm')}/evaluate`, { lang: 'es-ES' }), '409-102', {
        format: 'json',
        lang: 'es-ES',
        message: 'El estado actual del recurso alarm no permite esta acción: ya hay una evaluación en curso.',
      });
    } finally {
      release();
      await holder;
      expect(await running).toBeDefined();
      await other.close();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('skips the run while another instance holds the advisory lock (PostgreSQL)', async () => {
    const other = await openTestDatabase();
    try {
      let release!: () => void;
      let locked!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = other.prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${ALARM_LOCK_KEY})`);
        locked();
        await held;
      });
      await isLocked;
      expect(await runAlarmEvaluation(t.db)).toBeUndefined();
      expectError(await call(t.app, admin, 'POST', `${url('alarm')}/evaluate`), '409-102', { format: 'json' });
      release();
      await holder;
      expect(await runAlarmEvaluation(t.db)).toBeDefined();
      // Two instances at once: each activity fires once.
      const { p, act } = await scene('PG');
      const acts = [await act({ minutes: 10 }), await act({ minutes: 10 })];
      const w = await alarm(p, { conditions: { waitingMinutes: 5 }, actions: { raisePriorityBy: 1 } });
      const both = await Promise.all([runAlarmEvaluation(t.db), runAlarmEvaluation(other)]);
      expect(both.some((r) => r !== undefined)).toBe(true);
      expect((await events(w.id)).map((e) => e.activityId)).toEqual(acts.map((a) => a.id));
      expect(await t.db.prisma.activity.count({ where: { id: { in: acts.map((a) => a.id) }, priority: 6 } })).toBe(2);
    } finally {
      await other.close();
    }
  });
});

describe('POST .../workflow/alarm/evaluate (07 §10.3)', () => {
  it.each(FORMATS)('runs one evaluation synchronously and answers 200 alarmRun (%s)', async (fmt) => {
    const { p, act } = await scene('EP');
    await act({ minutes: 10 });
    const w = await alarm(p, { conditions: { waitingMinutes: 5 }, actions: { raisePriorityBy: 1 } });
    await t.db.prisma.workflow.updateMany({ where: { kind: 'alarm', state: 'active', id: { not: BigInt(w.id) } }, data: { state: 'inactive' } });
    const res = await call(t.app, admin, 'POST', `${url('alarm')}/evaluate`, { fmt, body: { ignored: true } });
    if (fmt === 'json') {
      const body = ok<{ alarmRun: { startedAt: string; finishedAt: string; evaluatedWorkflows: number; firedEvents: number }[] }>(res);
      expect(body.alarmRun).toEqual([{ startedAt: expect.stringMatching(instantPattern), finishedAt: expect.stringMatching(instantPattern), evaluatedWorkflows: 1, firedEvents: 1 }]);
    } else {
      const root = xmlOf(res);
      expect(root.name).toBe(`{${WF}}alarmRuns`);
      const run = root.children[0]!;
      expect(run.name).toBe(`{${WF}}alarmRun`);
      expect(run.children.map((c) => [c.name, c.text?.match(instantPattern) ? 'instant' : c.text])).toEqual([
        [`{${WF}}startedAt`, 'instant'],
        [`{${WF}}finishedAt`, 'instant'],
        [`{${WF}}evaluatedWorkflows`, '1'],
        [`{${WF}}firedEvents`, '1'],
      ]);
    }
    expect(await events(w.id)).toHaveLength(1);
  });

  it('takes no query parameter (400-101)', async () => {
    expectError(await call(t.app, admin, 'POST', `${url('alarm')}/evaluate?department=1`), '400-101', { format: 'json' });
  });
});

describe('GET .../workflow/alarm/{id}/event (07 §10.3)', () => {
  let p: Place;
  let w: { id: string; name: string };
  let ids: bigint[];
  let activities: bigint[];

  beforeAll(async () => {
    const sc = await scene('GE');
    p = sc.p;
    w = await alarm(p, {
      conditions: { waitingMinutes: 5 },
      actions: { raisePriorityBy: 2, transferToQueue: { id: s(p.queue2.id) }, notify: { users: { user: [{ id: s(p.user.id) }] }, groups: { group: [{ id: s(p.group.id) }] } } },
    });
    activities = [];
    for (let i = 0; i < 3; i++) activities.push((await sc.act({ minutes: 10 })).id);
    // Events written directly with distinct times: the second is the newest.
    const times = ['2024-05-02T10:05:00.300Z', '2024-05-02T10:07:00.000Z', '2024-05-02T10:06:00.000Z'];
    ids = [];
    for (let i = 0; i < 3; i++) {
      const e = await t.db.prisma.alarmEvent.create({
        data: {
          workflowId: BigInt(w.id),
          activityId: activities[i]!,
          firedAt: new Date(times[i]!),
          actions: { priority: { from: 5, to: 7 }, transferToQueue: { id: s(p.queue2.id) }, notify: { users: { user: [{ id: s(p.user.id) }] }, groups: { group: [{ id: s(p.group.id) }] } } },
        },
      });
      ids.push(e.id);
    }
  });

  type Event = { id: string; workflow: { id: string; name: string }; activity: { id: string; link: { rel: string; href: string } }; firedAt: string; actions: Record<string, unknown> };
  type Events = { alarmEvent: Event[]; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] }; link: { rel: string; href: string } };
  const eventsUrl = () => `${url('alarm')}/${w.id}/event`;

  it('answers the events newest first with the §10.3 example shape (administrator and supervisor)', async () => {
    for (const who of [admin, supervisor]) {
      const page = ok<Events>(await call(t.app, who, 'GET', eventsUrl()));
      expect(page.alarmEvent.map((e) => e.id)).toEqual([ids[1], ids[2], ids[0]].map(String));
      expect(page.paginationInfo).toMatchObject({ count: 3, pagenum: 1, pagesize: 25 });
      expect(page.link).toEqual({ rel: 'self', href: eventsUrl() });
      expect(page.alarmEvent[2]).toEqual({
        id: String(ids[0]),
        workflow: { id: w.id, name: w.name },
        activity: { id: String(activities[0]), link: { rel: 'activity', href: `/system/ws/v12/interaction/activity/${activities[0]}` } },
        firedAt: '2024-05-02T10:05:00.300Z',
        actions: {
          priority: { from: 5, to: 7 },
          transferToQueue: { id: s(p.queue2.id), name: p.queue2.name },
          notify: { users: { user: [{ id: s(p.user.id), screenName: p.user.screenName }] }, groups: { group: [{ id: s(p.group.id), name: p.group.name }] } },
        },
      });
    }
  });

  it('answers XML in the workflow namespace', async () => {
    const root = xmlOf(await call(t.app, admin, 'GET', `${eventsUrl()}?activity=${activities[0]}`, { fmt: 'xml' }));
    expect(root.name).toBe(`{${WF}}alarmEvents`);
    expect(root.children.map((c) => c.name)).toEqual([`{${WF}}link`, `{${WF}}alarmEvent`, `{${COMMON}}paginationInfo`]);
    const e = root.children[1]!;
    expect(e.attrs).toEqual({ id: String(ids[0]) });
    expect(e.children.map((c) => c.name)).toEqual(['workflow', 'activity', 'firedAt', 'actions'].map((n) => `{${WF}}${n}`));
    const actions = e.children[3]!;
    expect(actions.children.map((c) => c.name)).toEqual(['priority', 'transferToQueue', 'notify'].map((n) => `{${WF}}${n}`));
    expect(actions.children[0]!.children.map((c) => [c.name, c.text])).toEqual([
      [`{${WF}}from`, '5'],
      [`{${WF}}to`, '7'],
    ]);
    expect(e.children[1]!.children[0]).toMatchObject({ name: `{${WF}}link`, attrs: { rel: 'activity' } });
  });

  it('filters by activity, pages (with $cursor), sorts by id on request, answers 204 when none', async () => {
    const one = ok<Events>(await call(t.app, admin, 'GET', `${eventsUrl()}?activity=${activities[2]}`));
    expect(one.alarmEvent.map((e) => e.id)).toEqual([String(ids[2])]);
    const first = ok<Events>(await call(t.app, admin, 'GET', `${eventsUrl()}?$pagesize=2`));
    expect(first.alarmEvent.map((e) => e.id)).toEqual([ids[1], ids[2]].map(String));
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!;
    expect(next.href).toContain('$cursor=');
    expect(ok<Events>(await call(t.app, admin, 'GET', next.href)).alarmEvent.map((e) => e.id)).toEqual([String(ids[0])]);
    expect(ok<Events>(await call(t.app, admin, 'GET', `${eventsUrl()}?$pagenum=2&$pagesize=2`)).alarmEvent.map((e) => e.id)).toEqual([String(ids[0])]);
    expect(ok<Events>(await call(t.app, admin, 'GET', `${eventsUrl()}?$sort=id`)).alarmEvent.map((e) => e.id)).toEqual(ids.map(String));
    noContent(await call(t.app, admin, 'GET', `${eventsUrl()}?$pagenum=3&$pagesize=2`));
    const quiet = await alarm(p, { conditions: { waitingMinutes: 5 }, actions: { setPriority: 1 } });
    noContent(await call(t.app, admin, 'GET', `${url('alarm')}/${quiet.id}/event`, { fmt: 'xml' }), 'xml');
    const other = (await scene('GE2')).customer;
    const unrelated = await insertActivity(t.db, { customer: other, departmentId: p.department.id });
    noContent(await call(t.app, admin, 'GET', `${eventsUrl()}?activity=${unrelated.id}`));
  });

  it('refuses unknown workflows and workflows of another kind (404-101), unknown activities (404-101), bad parameters', async () => {
    const inbound = await createWorkflow(t, admin, 'inbound', { name: unique(), ...p.dept, actions: { route: { queue: { id: s(p.queue.id) } } } });
    for (const id of ['999999999', inbound.id]) {
      expectError(await call(t.app, admin, 'GET', `${url('alarm')}/${id}/event`), '404-101', { format: 'json', details: [{ key: 'id', value: id }] });
    }
    expectError(await call(t.app, admin, 'GET', `${eventsUrl()}?activity=999999999`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: '999999999' }] });
    expectError(await call(t.app, admin, 'GET', `${url('alarm')}/abc/event`), '400-102', { format: 'json', details: [{ key: 'id', value: 'abc' }] });
    expectError(await call(t.app, admin, 'GET', `${url('alarm')}/1,2/event`), '400-102', { format: 'json', details: [{ key: 'id', value: '1,2' }] });
    expectError(await call(t.app, admin, 'GET', `${eventsUrl()}?activity=x`), '400-102', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${eventsUrl()}?state=active`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${eventsUrl()}?$sort=firedAt`), '400-102', { format: 'json' });
  });

  it('goes with its workflow', async () => {
    const sc = await scene('DEL');
    await sc.act({ minutes: 10 });
    const gone = await alarm(sc.p, { conditions: { waitingMinutes: 5 }, actions: { setPriority: 2 } });
    await evaluateOnly(gone.id);
    expect(await events(gone.id)).toHaveLength(1);
    noContent(await call(t.app, admin, 'DELETE', `${url('alarm')}/${gone.id}`));
    expect(await events(gone.id)).toEqual([]);
  });
});

describe('the periodic job', () => {
  it('evaluates every alarmEvaluationIntervalSeconds and stops', async () => {
    const { p, act } = await scene('JOB');
    const a = await act({ minutes: 10 });
    const w = await alarm(p, { conditions: { waitingMinutes: 5 }, actions: { setPriority: 4 } });
    let asked = 0;
    const fake = {
      db: t.db,
      auth: t.app.auth,
      log: t.app.log,
      settings: {
        get: async () => {
          asked++;
          return 0.05;
        },
      },
    } as unknown as Parameters<typeof startAlarmEvaluation>[0];
    const stop = startAlarmEvaluation(fake);
    try {
      for (let i = 0; i < 200 && (await events(w.id)).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect((await events(w.id)).map((e) => e.activityId)).toEqual([a.id]);
      expect((await activity(a.id)).priority).toBe(4);
    } finally {
      await stop();
    }
    const after = asked;
    await new Promise((r) => setTimeout(r, 200));
    expect(asked).toBe(after);
    expect(asked).toBeGreaterThanOrEqual(2);
  });
});
