// Live queue figures (07 §7.2): computed from the database at request time, with no cache (07 §1.1). Each figure
// group is one indexed statement for all the requested queues at once:
//   counts        activity (queue_id, status)
//   oldest        activity_waiting (queue_id, queue_entered_at, id) WHERE status = 'awaiting_assignment'
//   agents, slots effective members (queue_member_user / _group, user_group_member primary keys), live sessions,
//                 activity (assigned_user_id, status) for the open assigned chats
//   wait time     activity (status, type, last_modified_at, id), chat_message primary key
// `queueFigures` is the one place that computes them; the public chat entry point calls of 08 §3 (availableSlots,
// queueDepth, waitTime) are meant to reuse it.
import { authorize } from '../../../authz/permissions.ts';
import type { Database } from '../../../db/database.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import type { ServiceContext } from '../../service-context.ts';
import { requireAll } from '../shared/admin-edit.ts';
import { QUEUE_NS, queueHref } from './queue.presenter.ts';
import { effectiveMembersSql, findQueues } from './queue.queries.ts';

const countsShape = shape(QUEUE_NS, { total: f.number(), chat: f.number(), email: f.number() });

export const queueDetailsShape = resource(
  'queueDetails',
  QUEUE_NS,
  {
    queue: f.object(shape(QUEUE_NS, { id: f.id(), name: f.text(), link: f.link() })),
    activitiesWaiting: f.object(countsShape),
    oldestWaiting: f.object(shape(QUEUE_NS, { activity: f.object(shape(QUEUE_NS, { id: f.id(), link: f.link() })), since: f.instant(), seconds: f.number() })),
    activitiesAssigned: f.object(countsShape),
    agents: f.object(shape(QUEUE_NS, { members: f.number(), loggedIn: f.number(), availableForChat: f.number(), availableForEmail: f.number() })),
    chatCapacity: f.object(shape(QUEUE_NS, { availableSlots: f.number() })),
    estimatedWaitSeconds: f.number(),
    callInfo: f.object(shape(QUEUE_NS, { timestamp: f.instant() })),
  },
  'queueDetailsList',
);

type Counts = { total: number; chat: number; email: number };

export type QueueFigures = {
  waiting: Counts;
  oldestWaiting?: { activityId: string; since: Date };
  assigned: Counts;
  agents: { members: number; loggedIn: number; availableForChat: number; availableForEmail: number };
  /** Sum of max(0, maxLoad.chat − open assigned chats) over the members available for chat (07 §3.1, 08 §1). */
  availableSlots: number;
  /** 08 §3.5 `waitTime`: 0, the rounded average of recent waits, or −1. */
  estimatedWaitSeconds: number;
};

/** Activities waiting and assigned per queue, status and type: index (queue_id, status). */
const countsSql = `
  SELECT queue_id::text AS queue_id, status, type, count(*)::int AS n
    FROM activity
   WHERE queue_id = ANY($1::bigint[]) AND status IN ('awaiting_assignment', 'assigned')
   GROUP BY queue_id, status, type`;

/** The earliest waiting activity of each queue: one probe of the activity_waiting index per queue. */
const oldestSql = `
  SELECT q.id::text AS queue_id, a.id::text AS activity_id, a.queue_entered_at AS since
    FROM unnest($1::bigint[]) AS q(id)
    CROSS JOIN LATERAL (
      SELECT w.id, w.queue_entered_at FROM activity w
       WHERE w.queue_id = q.id AND w.status = 'awaiting_assignment'
       ORDER BY w.queue_entered_at, w.id LIMIT 1) a`;

/**
 * Agents of each queue over its effective members (07 §7.1, enabled only): logged in = at least one live staff
 * session (02 §6.2: not ended, used within the idle timeout, younger than the absolute lifetime); available for a
 * channel = logged in, that channel's availability on and its maximum load above 0 (07 §3.1); chat capacity =
 * max(0, maxLoad.chat − open assigned chats).
 */
const agentsSql = `
  WITH m AS (${effectiveMembersSql('$1::bigint[]')}),
  live AS (
    SELECT DISTINCT s.user_id FROM session s
     WHERE s.user_id IN (SELECT user_id FROM m) AND s.kind = 'user' AND s.ended_at IS NULL
       AND s.last_seen_at > $2::timestamptz - make_interval(mins => $3::int)
       AND s.created_at > $2::timestamptz - make_interval(mins => $4::int)),
  load AS (
    SELECT a.assigned_user_id AS user_id, count(*)::int AS n FROM activity a
     WHERE a.assigned_user_id IN (SELECT user_id FROM m) AND a.status = 'assigned' AND a.type = 'chat'
     GROUP BY a.assigned_user_id),
  per AS (
    SELECT m.queue_id,
           live.user_id IS NOT NULL AS logged_in,
           live.user_id IS NOT NULL AND u.available_chat AND u.max_load_chat > 0 AS for_chat,
           live.user_id IS NOT NULL AND u.available_email AND u.max_load_email > 0 AS for_email,
           greatest(0, u.max_load_chat - coalesce(load.n, 0)) AS capacity
      FROM m JOIN app_user u ON u.id = m.user_id
      LEFT JOIN live ON live.user_id = m.user_id
      LEFT JOIN load ON load.user_id = m.user_id)
  SELECT queue_id::text AS queue_id,
         count(*)::int AS members,
         (count(*) FILTER (WHERE logged_in))::int AS logged_in,
         (count(*) FILTER (WHERE for_chat))::int AS for_chat,
         (count(*) FILTER (WHERE for_email))::int AS for_email,
         (coalesce(sum(capacity) FILTER (WHERE for_chat), 0))::int AS slots
    FROM per GROUP BY queue_id`;

/**
 * The average wait of the chats of each queue assigned during the last 60 minutes (08 §3.5), in seconds.
 *
 * The activity row records no assignment time, so it is read from the transcript: the assignment writes the system
 * line `You are now chatting with {screenName}` in the same transaction (08 §5, §8.2, a phrase no other line may
 * contain). A chat's wait is the time from its queue-entry time to the first such line at or after it (a later line
 * is a transfer to a user, not a wait). A chat assigned in the window was modified in it, so the activity index
 * (status, type, last_modified_at, id) bounds the rows read. CHAT ISSUE: if the router stores the assignment time in
 * a column, read it here instead.
 */
const waitsSql = `
  SELECT a.queue_id::text AS queue_id, avg(EXTRACT(EPOCH FROM (w.assigned_at - a.queue_entered_at)))::float8 AS seconds
    FROM activity a
    CROSS JOIN LATERAL (
      SELECT min(c.sent_at) AS assigned_at FROM chat_message c
       WHERE c.activity_id = a.id AND c.sender_type = 'system'
         AND c.text LIKE 'You are now chatting with %' AND c.sent_at >= a.queue_entered_at) w
   WHERE a.status IN ('assigned', 'completed') AND a.type = 'chat'
     AND a.last_modified_at >= $2::timestamptz - interval '60 minutes'
     AND a.queue_id = ANY($1::bigint[])
     AND w.assigned_at >= $2::timestamptz - interval '60 minutes' AND w.assigned_at <= $2::timestamptz
   GROUP BY a.queue_id`;

const zero = (): Counts => ({ total: 0, chat: 0, email: 0 });

/** The live figures of `queueIds` at `now` (queues that do not exist get all-zero figures). */
export async function queueFigures(
  db: Database,
  queueIds: readonly bigint[],
  now: Date,
  sessions: { idleMinutes: number; lifetimeMinutes: number },
): Promise<Map<string, QueueFigures>> {
  const ids = queueIds.map(String);
  const counts = await db.query<{ queue_id: string; status: string; type: string; n: number }>(countsSql, [ids]);
  const oldest = await db.query<{ queue_id: string; activity_id: string; since: Date | null }>(oldestSql, [ids]);
  const agents = await db.query<{ queue_id: string; members: number; logged_in: number; for_chat: number; for_email: number; slots: number }>(agentsSql, [
    ids,
    now,
    sessions.idleMinutes,
    sessions.lifetimeMinutes,
  ]);
  const waits = await db.query<{ queue_id: string; seconds: number | string | null }>(waitsSql, [ids, now]);

  const out = new Map<string, QueueFigures>();
  for (const id of ids) {
    out.set(id, {
      waiting: zero(),
      assigned: zero(),
      agents: { members: 0, loggedIn: 0, availableForChat: 0, availableForEmail: 0 },
      availableSlots: 0,
      estimatedWaitSeconds: -1,
    });
  }
  for (const c of counts) {
    const fig = out.get(c.queue_id)!;
    const bucket = c.status === 'awaiting_assignment' ? fig.waiting : fig.assigned;
    bucket.total += c.n;
    if (c.type === 'chat' || c.type === 'email') bucket[c.type] += c.n;
  }
  for (const o of oldest) if (o.since) out.get(o.queue_id)!.oldestWaiting = { activityId: o.activity_id, since: new Date(o.since) };
  for (const a of agents) {
    const fig = out.get(a.queue_id)!;
    fig.agents = { members: a.members, loggedIn: a.logged_in, availableForChat: a.for_chat, availableForEmail: a.for_email };
    fig.availableSlots = a.slots;
  }
  const average = new Map(waits.filter((w) => w.seconds !== null).map((w) => [w.queue_id, Number(w.seconds)]));
  for (const [id, fig] of out) {
    // 08 §3.5: 0 while fewer chats wait than there are free slots; else the recent average, −1 without one.
    const avg = average.get(id);
    fig.estimatedWaitSeconds = fig.waiting.chat < fig.availableSlots ? 0 : avg === undefined ? -1 : Math.round(avg);
  }
  return out;
}

const activityHref = (id: string) => `/system/ws/v12/interaction/activity/${id}`;

/** 07 §7.2: administrator and supervisor (admin.config.read); up to 75 ids, each must exist (404-101). */
export async function getQueueDetails(ctx: ServiceContext, ids: bigint[]) {
  authorize(ctx.actor, 'admin.config.read');
  const rows = await findQueues(ctx.db.prisma, ids);
  requireAll(ids, rows);
  const [idleMinutes, lifetimeMinutes] = await Promise.all([ctx.settings.get('sessionIdleTimeoutMinutes'), ctx.settings.get('sessionMaxLifetimeMinutes')]);
  const now = ctx.now();
  const figures = await queueFigures(ctx.db, ids, now, { idleMinutes, lifetimeMinutes });
  return rows.map((row) => {
    const fig = figures.get(String(row.id))!;
    const oldest = fig.oldestWaiting;
    return {
      queue: { id: row.id, name: row.name, link: { rel: 'queue', href: queueHref(row.id) } },
      activitiesWaiting: fig.waiting,
      oldestWaiting: oldest && {
        activity: { id: oldest.activityId, link: { rel: 'activity', href: activityHref(oldest.activityId) } },
        since: oldest.since,
        seconds: Math.max(0, Math.floor((now.getTime() - oldest.since.getTime()) / 1000)),
      },
      activitiesAssigned: fig.assigned,
      agents: fig.agents,
      chatCapacity: { availableSlots: fig.availableSlots },
      estimatedWaitSeconds: fig.estimatedWaitSeconds,
      callInfo: { timestamp: now },
    };
  });
}
