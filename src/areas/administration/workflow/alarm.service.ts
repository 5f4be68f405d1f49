// Alarm workflows at work (07 §10.3): the evaluation run (periodic, alarm.job.ts, and on demand) and the events it
// records.
//
// One run at a time over all instances. On PostgreSQL the run holds `pg_try_advisory_xact_lock` in a transaction of
// its own, open (idle) on its own pooled connection for the whole run, while the firings commit in short
// transactions on other connections; an instance that does not get the lock skips its run (the on-demand call answers
// 409-102). On the embedded PGlite there is one connection: a transaction held open would block the firings, and
// advisory locks taken by the one session always succeed again; only one process can open a PGlite data directory,
// so there the instance's own guard is the lock. The guard also answers a second run started on the same instance
// while one runs, on both databases.
//
// Each firing applies the workflow's actions to one activity in one transaction, priority first, then the transfer
// (05 T7 through the status machine), and records the event; the event's unique (workflow_id, activity_id) makes a
// workflow fire at most once per activity. Firings are committed in batches of activities: every firing of a batch is
// in the batch's transaction.
import { authorize } from '../../../authz/permissions.ts';
import { AppError, Err } from '../../../errors/app-error.ts';
import { criterion, type ParsedQuery } from '../../../query/parse.ts';
import type { Database } from '../../../db/database.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { Tx } from '../common.ts';
import { applyTransition } from '../../activity/activity.write.ts';
import { allows, transition, type ActivityEvent } from '../../activity/status-machine.ts';
import { referenceNames } from './workflow.queries.ts';
import { noReferences } from './workflow.presenter.ts';
import {
  activeAlarmWorkflows,
  activityExists,
  candidateIds,
  findAlarmWorkflow,
  insertEvents,
  lockMatching,
  pageEvents,
  setPriorities,
  type AlarmActivity,
  type AlarmRun,
  type AlarmWorkflow,
  type EventActions,
} from './alarm.queries.ts';
import { presentAlarmEvent, presentAlarmRun } from './alarm.presenter.ts';

/** The advisory lock key of the evaluation (any constant every instance shares; 7100001–2 are taken). */
export const ALARM_LOCK_KEY = 7_100_010;
/** Activities fired per transaction. */
const BATCH = 100;
/** A run stops starting batches after this long (the rest fires in the next run); the lock transaction outlives it. */
const RUN_BUDGET_MS = 10 * 60_000;
const LOCK_TIMEOUT_MS = RUN_BUDGET_MS + 5 * 60_000;

/** Where a run reports what it skipped (the app's logger; pino's signature). */
export type AlarmLog = { warn(obj: object, msg: string): void };
const silent: AlarmLog = { warn: () => {} };

/** The databases on which a run is in progress in this process. */
const running = new WeakSet<Database>();

/**
 * Runs one evaluation of every active alarm workflow, unless one is running already (on any instance): then
 * undefined. `now` is the clock (tests move it).
 */
export async function runAlarmEvaluation(db: Database, now: () => Date = () => new Date(), log: AlarmLog = silent): Promise<AlarmRun | undefined> {
  if (running.has(db)) return undefined;
  running.add(db);
  try {
    if (db.kind === 'pglite') return await evaluate(db, now, log);
    return await db.prisma.$transaction(
      async (lock) => {
        const [row] = await lock.$queryRawUnsafe<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(${ALARM_LOCK_KEY}) AS locked`);
        return row?.locked ? evaluate(db, now, log) : undefined;
      },
      { timeout: LOCK_TIMEOUT_MS },
    );
  } finally {
    running.delete(db);
  }
}

/**
 * One run. Each batch commits on its own: a batch that fails (a deadlock, a transfer the database refuses, …) is
 * rolled back alone and fired again one activity per transaction, so only the activities that fail are logged and
 * left for the next run (nothing of a failed transaction was recorded). A workflow whose candidates cannot be read is logged and
 * skipped the same way.
 */
async function evaluate(db: Database, now: () => Date, log: AlarmLog): Promise<AlarmRun> {
  const startedAt = now();
  const deadline = Date.now() + RUN_BUDGET_MS;
  const workflows = await activeAlarmWorkflows(db.prisma);
  let firedEvents = 0;
  for (const w of workflows) {
    if (!Object.keys(w.actions).length) continue; // not writable through the API; nothing to apply
    const minutes = typeof w.conditions.waitingMinutes === 'number' ? w.conditions.waitingMinutes : 0;
    const threshold = new Date(startedAt.getTime() - minutes * 60_000);
    let after = 0n;
    while (Date.now() < deadline) {
      let ids: bigint[];
      try {
        ids = await candidateIds(db.prisma, w, threshold, after, BATCH);
      } catch (err) {
        log.warn({ err, workflowId: String(w.id) }, 'alarm evaluation: reading the candidates failed; workflow skipped in this run');
        break;
      }
      if (!ids.length) break;
      after = ids[ids.length - 1]!;
      try {
        firedEvents += await db.prisma.$transaction((tx) => fireBatch(tx, w, ids, threshold, now()));
      } catch {
        // One activity that always fails would otherwise hold back the whole batch on every run: fire the batch one
        // activity per transaction, so only the failing ones wait (and are logged by id).
        for (const id of ids) {
          try {
            firedEvents += await db.prisma.$transaction((tx) => fireBatch(tx, w, [id], threshold, now()));
          } catch (err) {
            log.warn({ err, workflowId: String(w.id), activityId: String(id) }, 'alarm evaluation: an activity failed; it waits for the next run');
          }
        }
      }
    }
  }
  return { startedAt, finishedAt: now(), evaluatedWorkflows: workflows.length, firedEvents };
}

/** What firing `w` does to `a`: the new priority (07 §10.3: set, or raised and capped at 10) and the transfer. */
function plan(w: AlarmWorkflow, a: AlarmActivity) {
  const { setPriority, raisePriorityBy, transferToQueue } = w.actions;
  const to = typeof setPriority === 'number' ? setPriority : typeof raisePriorityBy === 'number' ? Math.min(10, a.priority + raisePriorityBy) : undefined;
  // T7 (05 §4.2): a chat moves through the chat transfer, the other types through the generic one.
  const event: ActivityEvent | undefined = transferToQueue ? { kind: 'transferToQueue', queueId: BigInt(transferToQueue.id), via: a.type === 'chat' ? 'chat' : 'api' } : undefined;
  const transfer = event && allows(a, event) ? event : undefined;
  const actions: EventActions = {
    ...(to !== undefined ? { priority: { from: a.priority, to } } : {}),
    ...(transfer ? { transferToQueue: { id: transferToQueue!.id } } : {}),
    ...(w.actions.notify ? { notify: w.actions.notify } : {}),
  };
  return { to, transfer, actions };
}

/**
 * Fires `w` on the activities among `ids` that still match and are not being changed by another transaction, in one
 * transaction: records the events, then sets priorities, then transfers. Returns the number of events recorded.
 */
async function fireBatch(tx: Tx, w: AlarmWorkflow, ids: readonly bigint[], threshold: Date, firedAt: Date): Promise<number> {
  const locked = await lockMatching(tx, w, ids, threshold);
  const plans = locked.map((a) => ({ a, ...plan(w, a) }));
  const recorded = await insertEvents(tx, w.id, firedAt, plans.map((p) => ({ activityId: p.a.id, actions: p.actions })));
  const fired = plans.filter((p) => recorded.has(p.a.id));
  await setPriorities(tx, fired.filter((p) => p.to !== undefined && p.to !== p.a.priority).map((p) => ({ id: p.a.id, priority: p.to! })), firedAt);
  for (const p of fired) {
    // A system change: no user is recorded. A chat's conversation (08 §6.3 system line and `Transfer` event) is not
    // modelled yet: only the activity moves.
    if (p.transfer) await applyTransition(tx, p.a, transition(p.a.id, p.a, p.transfer), firedAt, null);
  }
  return fired.length;
}

const evaluationRunning = { 'en-US': 'an evaluation is already running', 'es-ES': 'ya hay una evaluación en curso' };

/** POST .../workflow/alarm/evaluate (07 §10.3): administrator; one run now, synchronously; 409-102 when one runs. */
export async function evaluateAlarmsNow(ctx: ServiceContext, log?: AlarmLog) {
  authorize(ctx.actor, 'admin.write');
  const run = await runAlarmEvaluation(ctx.db, ctx.now, log);
  if (!run) throw new AppError('409-102', { id: 'alarm', reason: evaluationRunning });
  return presentAlarmRun(run);
}

/** GET .../workflow/alarm/{id}/event (07 §10.3): administrator, supervisor; filter `activity`; newest first. */
export async function listAlarmEvents(ctx: ServiceContext, workflowId: bigint, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.config.read');
  const db = ctx.db.prisma;
  const workflow = await findAlarmWorkflow(db, workflowId);
  if (!workflow) throw Err.idsNotFound([String(workflowId)]);
  // An activity the filter names must exist (07 §19): 404-101.
  const activity = criterion(q, 'activity', 'id')?.value;
  if (activity !== undefined && !(await activityExists(db, BigInt(activity)))) throw Err.idsNotFound([activity]);
  const page = await pageEvents(db, workflowId, activity === undefined ? undefined : BigInt(activity), q);
  const ids = noReferences();
  for (const r of page.rows) {
    if (r.actions.transferToQueue) ids.queue.add(BigInt(r.actions.transferToQueue.id));
    r.actions.notify?.users?.user.forEach((u) => ids.user.add(BigInt(u.id)));
    r.actions.notify?.groups?.group.forEach((g) => ids.group.add(BigInt(g.id)));
  }
  const names = await referenceNames(db, ids);
  const items = page.rows.map((r) => presentAlarmEvent(r, workflow, names));
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}
