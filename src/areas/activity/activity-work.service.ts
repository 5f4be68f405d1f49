// Assignment and status calls (05 §9.8 V7 complete, §9.11 V10/V11 transfer, §9.12 V12 pick, §9.13 V13 pull). What an
// event may do is decided by the status table (status-machine.ts); how it is written, with its case effects, by
// activity.write.ts. Each call is one transaction: any failing item → nothing changed.
//
// Order of checks (01 §7.2): the batch as written (400-152) and the transfer parameters (400-112), then the role
// (403-197), then the transfer target (400-102, then 403-197 when it lies outside the caller's departments), then the
// item ids (404-101), then each item's state (409-102), then the tokens (409-101).
import { authorize } from '../../authz/permissions.ts';
import { seesDepartment, visibleDepartments } from '../../authz/scope.ts';
import type { StaffActor } from '../../authz/actor.ts';
import { Err } from '../../errors/app-error.ts';
import type { Lang } from '../../errors/catalogue.ts';
import { criterion, type ParsedQuery } from '../../query/parse.ts';
import type { Tx } from '../administration/common.ts';
import type { ServiceContext } from '../service-context.ts';
import { getActivities } from './activity.service.ts';
import { applyTransition, checkTokens, lockActivities, readBatch, requireActivities, type BatchBody, type Item, type LockedActivity } from './activity.write.ts';
import { transition, type ActivityEvent, type Transition } from './status-machine.ts';
import { claimWaiting, findTargetQueue, findTargetUser, maxActivitiesToPull } from './activity-work.queries.ts';

type Reason = Record<Lang, string>;
const notInUsersDepartments: Reason = {
  'en-US': "the activity's department is not one of the user's departments",
  'es-ES': 'el departamento de la actividad no es uno de los departamentos del usuario',
};
const queueOfOtherDepartment: Reason = {
  'en-US': "the queue does not belong to the activity's department",
  'es-ES': 'la cola no pertenece al departamento de la actividad',
};
const queueWithoutEmail: Reason = {
  'en-US': 'the queue does not have the email channel',
  'es-ES': 'la cola no tiene el canal de correo electrónico',
};
const alreadyInQueue: Reason = {
  'en-US': 'the activity is already waiting in that queue',
  'es-ES': 'la actividad ya está esperando en esa cola',
};

/** The staff caller of a work call (403-197 for every other role, 05 §8). */
function worker(ctx: ServiceContext): StaffActor {
  authorize(ctx.actor, 'interaction.work');
  if (ctx.actor.kind !== 'user') throw Err.notAuthorized();
  return ctx.actor;
}

/**
 * Runs one batch in a transaction: locks and requires the items (404-101), asks `event` for each item's transition
 * (409-102; `extra` adds the endpoint's own state rules), checks the tokens (409-101), then applies every transition.
 */
async function runBatch(
  ctx: ServiceContext,
  actor: StaffActor,
  items: Item<unknown>[],
  event: (a: LockedActivity) => ActivityEvent,
  extra: (a: LockedActivity) => void = () => {},
): Promise<void> {
  const now = ctx.now();
  await ctx.db.prisma.$transaction(async (tx: Tx) => {
    const found = await lockActivities(tx, items.map((i) => i.id));
    const rows = requireActivities(actor, items, found);
    const changes: [LockedActivity, Transition][] = rows.map((a) => {
      const t = transition(a.id, a, event(a));
      extra(a);
      return [a, t];
    });
    checkTokens(items, found);
    for (const [a, t] of changes) await applyTransition(tx, a, t, now, actor.userId);
  });
}

/** V7: T12 for each activity assigned to the caller; 200 with the completed activities in body order. */
export async function completeActivities(ctx: ServiceContext, body: BatchBody, q: ParsedQuery) {
  const items = readBatch(body);
  const actor = worker(ctx);
  await runBatch(ctx, actor, items, () => ({ kind: 'complete', callerId: actor.userId }));
  return getActivities(ctx, items.map((i) => i.id), q);
}

/** V12: T9 for each; assigned to the caller, in progress. */
export async function pickActivities(ctx: ServiceContext, body: BatchBody): Promise<void> {
  const items = readBatch(body);
  const actor = worker(ctx);
  await runBatch(ctx, actor, items, () => ({ kind: 'pick', callerId: actor.userId }));
}

/** `user` or `queue`, exactly one (both are refused by the route's query spec, 400-104; neither → 400-112). */
export function transferTarget(q: ParsedQuery): { kind: 'user' | 'queue'; id: string } {
  const user = criterion(q, 'user', 'id')?.value;
  const queue = criterion(q, 'queue', 'id')?.value;
  if (user !== undefined) return { kind: 'user', id: user };
  if (queue !== undefined) return { kind: 'queue', id: queue };
  throw Err.missingQueryParams(['user', 'queue']);
}

/** Whether any of `departments` is one the caller sees (02 §7.3). */
const seesAny = (actor: StaffActor, departments: readonly bigint[]) => departments.some((d) => seesDepartment(actor, d));

/** V10 (T8) and V11 (T7). */
export async function transferActivities(ctx: ServiceContext, target: { kind: 'user' | 'queue'; id: string }, body: BatchBody): Promise<void> {
  const items = readBatch(body);
  const actor = worker(ctx);
  const db = ctx.db.prisma;
  const id = BigInt(target.id);
  if (target.kind === 'user') {
    const user = await findTargetUser(db, id);
    if (!user || user.state !== 'enabled') throw Err.invalidParam('user', target.id);
    if (!seesAny(actor, user.departmentIds)) throw Err.notAuthorized();
    await runBatch(
      ctx,
      actor,
      items,
      () => ({ kind: 'transferToUser', userId: user.id, via: 'api' }),
      (a) => {
        if (!user.departmentIds.includes(a.departmentId)) throw Err.stateForbids(String(a.id), notInUsersDepartments);
      },
    );
    return;
  }
  const queue = await findTargetQueue(db, id);
  if (!queue || queue.state !== 'active') throw Err.invalidParam('queue', target.id);
  if (!seesDepartment(actor, queue.departmentId)) throw Err.notAuthorized();
  await runBatch(
    ctx,
    actor,
    items,
    () => ({ kind: 'transferToQueue', queueId: queue.id, via: 'api' }),
    (a) => {
      if (a.departmentId !== queue.departmentId) throw Err.stateForbids(String(a.id), queueOfOtherDepartment);
      if (a.type === 'email' && !queue.channels.includes('email')) throw Err.stateForbids(String(a.id), queueWithoutEmail);
      if (a.status === 'awaiting_assignment' && a.queueId === queue.id) throw Err.stateForbids(String(a.id), alreadyInQueue);
    },
  );
}

/** V13: T10 for up to the caller's `maxActivitiesToPull` waiting activities; the pulled ids in claim order. */
export async function pullActivities(ctx: ServiceContext): Promise<bigint[]> {
  const actor = worker(ctx);
  const now = ctx.now();
  const departments = visibleDepartments(actor);
  const scope = departments === 'all' ? 'all' : [...departments];
  return ctx.db.prisma.$transaction(async (tx: Tx) => {
    const limit = await maxActivitiesToPull(tx, actor.userId);
    const ids = await claimWaiting(tx, actor.userId, scope, limit);
    if (!ids.length) return [];
    // Already locked by the claim (cases and activities): this only reads them in the shape applyTransition takes.
    const found = await lockActivities(tx, ids);
    for (const id of ids) {
      const a = found.get(id)!;
      await applyTransition(tx, a, transition(a.id, a, { kind: 'pull', callerId: actor.userId }), now, actor.userId);
    }
    return ids;
  });
}
