// The activity status model of 05 §4: every transition T1–T15 in one table, the only place that decides what an
// event does to an activity. Callers apply the result (columns and effects) in their transaction; an event the
// table does not allow is 409-102.
import { Err } from '../../errors/app-error.ts';
import type { Lang } from '../../errors/catalogue.ts';

export const statuses = ['open', 'awaiting_assignment', 'assigned', 'completed'] as const;
export type Status = (typeof statuses)[number];
export const substatuses = {
  open: ['ready_for_inbound_workflow', 'ready_for_outbound_workflow', 'in_workflow'],
  awaiting_assignment: ['in_queue'],
  assigned: ['new', 'in_progress'],
  completed: ['done'],
} as const satisfies Record<Status, readonly string[]>;
export type Substatus = (typeof substatuses)[Status][number];

export const activityTypes = ['email', 'chat', 'social', 'calltrack', 'task'] as const;
export type ActivityType = (typeof activityTypes)[number];

/** What the table reads and writes of an activity. */
export type ActivityState = {
  type: ActivityType;
  status: Status;
  substatus: Substatus;
  assignedUserId: bigint | null;
  queueId: bigint | null;
};

/** Events of 05 §4.2. `via: 'chat'` marks the chat calls of 08, which may move chats; the generic calls may not. */
export type ActivityEvent =
  | { kind: 'routedToQueue'; queueId: bigint } // T1
  | { kind: 'routedToUser'; userId: bigint; queueId: bigint } // T2
  | { kind: 'routedToInactiveQueue' } // T3
  | { kind: 'composeSave'; callerId: bigint } // T4
  | { kind: 'composeSend'; callerId: bigint } // T5
  | { kind: 'chatStart'; queueId: bigint } // T6
  | { kind: 'transferToQueue'; queueId: bigint; via: 'api' | 'chat' } // T7
  | { kind: 'transferToUser'; userId: bigint; via: 'api' | 'chat' } // T8
  | { kind: 'pick'; callerId: bigint } // T9
  | { kind: 'pull'; callerId: bigint } // T10
  | { kind: 'work'; callerId: bigint } // T11 (an edit or a note)
  | { kind: 'complete'; callerId: bigint } // T12
  | { kind: 'closeCase'; callerId: bigint | null } // T13
  | { kind: 'chatAssign'; agentId: bigint } // T14
  | { kind: 'chatEnd'; agentId: bigint | null }; // T15

export type TransitionId = `T${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15}`;

/** The outcome: the new columns and what else the caller must do in the same transaction. */
export type Transition = {
  id: TransitionId;
  next: Pick<ActivityState, 'status' | 'substatus' | 'assignedUserId' | 'queueId'>;
  /** The activity (re-)entered `queueId`: its queue-entry time becomes now. */
  enteredQueue: boolean;
  /** It became assigned to this user: the case gets this owner when it has none (04 §3.2). */
  assignedTo: bigint | null;
  /** It became completed: set `completed`, then run the case auto-close rule (04 §3.2). */
  completed: boolean;
  /** `userLastWorked` becomes this user (undefined: unchanged). */
  userLastWorked?: bigint | null;
};

/** Types the generic assignment and status calls act on (V7, V10–V13, K4); chats and call tracks answer 409-102. */
const generic: ReadonlySet<ActivityType> = new Set(['email', 'social', 'task']);
const isOpen = (s: ActivityState | null): s is ActivityState => s !== null && s.status !== 'completed';

type Rule = {
  id: TransitionId;
  /** Whether the event may apply to `from` (null: the activity is being created). */
  allowed(from: ActivityState | null, e: ActivityEvent): boolean;
  apply(from: ActivityState | null, e: ActivityEvent): Omit<Transition, 'id'>;
};

const queued = (queueId: bigint): Omit<Transition, 'id'> => ({
  next: { status: 'awaiting_assignment', substatus: 'in_queue', assignedUserId: null, queueId },
  enteredQueue: true,
  assignedTo: null,
  completed: false,
});
const assigned = (from: ActivityState | null, userId: bigint, substatus: 'new' | 'in_progress', worked?: bigint): Omit<Transition, 'id'> => ({
  next: { status: 'assigned', substatus, assignedUserId: userId, queueId: from?.queueId ?? null },
  enteredQueue: false,
  assignedTo: userId,
  completed: false,
  ...(worked !== undefined ? { userLastWorked: worked } : {}),
});
const done = (from: ActivityState | null, worked: bigint | null | undefined): Omit<Transition, 'id'> => ({
  next: { status: 'completed', substatus: 'done', assignedUserId: from?.assignedUserId ?? null, queueId: from?.queueId ?? null },
  enteredQueue: false,
  assignedTo: null,
  completed: true,
  ...(worked !== undefined ? { userLastWorked: worked } : {}),
});

/** 05 §4.2, row by row. */
export const transitions: Readonly<Record<ActivityEvent['kind'], Rule>> = {
  routedToQueue: { id: 'T1', allowed: (f) => f === null, apply: (_f, e) => queued((e as { queueId: bigint }).queueId) },
  routedToUser: {
    id: 'T2',
    allowed: (f) => f === null,
    apply: (_f, e) => {
      const { userId, queueId } = e as { userId: bigint; queueId: bigint };
      return { ...assigned(null, userId, 'new'), next: { status: 'assigned', substatus: 'new', assignedUserId: userId, queueId } };
    },
  },
  routedToInactiveQueue: {
    id: 'T3',
    allowed: (f) => f === null,
    apply: () => ({
      next: { status: 'open', substatus: 'ready_for_inbound_workflow', assignedUserId: null, queueId: null },
      enteredQueue: false,
      assignedTo: null,
      completed: false,
    }),
  },
  composeSave: { id: 'T4', allowed: (f) => f === null, apply: (f, e) => assigned(f, (e as { callerId: bigint }).callerId, 'in_progress', (e as { callerId: bigint }).callerId) },
  composeSend: { id: 'T5', allowed: (f) => f === null, apply: (f, e) => done(f, (e as { callerId: bigint }).callerId) },
  chatStart: { id: 'T6', allowed: (f) => f === null, apply: (_f, e) => queued((e as { queueId: bigint }).queueId) },
  transferToQueue: {
    id: 'T7',
    allowed: (f, e) => isOpen(f) && ((e as { via: string }).via === 'chat' ? f.type === 'chat' : generic.has(f.type)),
    apply: (_f, e) => queued((e as { queueId: bigint }).queueId),
  },
  transferToUser: {
    id: 'T8',
    allowed: (f, e) => {
      const { userId, via } = e as { userId: bigint; via: string };
      return isOpen(f) && (via === 'chat' ? f.type === 'chat' : generic.has(f.type)) && !(f.status === 'assigned' && f.assignedUserId === userId);
    },
    apply: (f, e) => assigned(f, (e as { userId: bigint }).userId, 'new'),
  },
  pick: {
    id: 'T9',
    allowed: (f, e) => isOpen(f) && generic.has(f.type) && !(f.status === 'assigned' && f.assignedUserId === (e as { callerId: bigint }).callerId),
    apply: (f, e) => assigned(f, (e as { callerId: bigint }).callerId, 'in_progress', (e as { callerId: bigint }).callerId),
  },
  pull: {
    id: 'T10',
    allowed: (f) => f !== null && f.status === 'awaiting_assignment' && generic.has(f.type),
    apply: (f, e) => assigned(f, (e as { callerId: bigint }).callerId, 'in_progress', (e as { callerId: bigint }).callerId),
  },
  work: {
    id: 'T11',
    allowed: (f, e) => f !== null && f.status === 'assigned' && f.substatus === 'new' && f.assignedUserId === (e as { callerId: bigint }).callerId,
    apply: (f, e) => ({ ...assigned(f, f!.assignedUserId!, 'in_progress', (e as { callerId: bigint }).callerId), assignedTo: null }),
  },
  complete: {
    id: 'T12',
    allowed: (f, e) => f !== null && f.status === 'assigned' && f.assignedUserId === (e as { callerId: bigint }).callerId && generic.has(f.type),
    apply: (f, e) => done(f, (e as { callerId: bigint }).callerId),
  },
  closeCase: { id: 'T13', allowed: (f) => isOpen(f) && generic.has(f.type), apply: (f, e) => done(f, (e as { callerId: bigint | null }).callerId) },
  chatAssign: {
    id: 'T14',
    allowed: (f) => f !== null && f.status === 'awaiting_assignment' && f.type === 'chat',
    apply: (f, e) => assigned(f, (e as { agentId: bigint }).agentId, 'in_progress', (e as { agentId: bigint }).agentId),
  },
  chatEnd: { id: 'T15', allowed: (f) => isOpen(f) && f.type === 'chat', apply: (f, e) => done(f, (e as { agentId: bigint | null }).agentId ?? undefined) },
};

const refused: Record<Lang, string> = {
  'en-US': 'the activity status does not allow this action',
  'es-ES': 'el estado de la actividad no permite esta acción',
};

/** Whether `event` may apply to `from` (null: a new activity). */
export const allows = (from: ActivityState | null, event: ActivityEvent): boolean => transitions[event.kind].allowed(from, event);

/**
 * The transition `event` causes on activity `id` in state `from` (null: a new activity); 409-102 when the table
 * does not allow it.
 */
export function transition(id: bigint | string, from: ActivityState | null, event: ActivityEvent): Transition {
  const rule = transitions[event.kind];
  if (!rule.allowed(from, event)) throw Err.stateForbids(String(id), refused);
  return { id: rule.id, ...rule.apply(from, event) };
}

/** An edit or a note: T11 when the assigned user works on a new activity, else nothing changes the status. */
export function worked(from: ActivityState, callerId: bigint): Transition | undefined {
  return allows(from, { kind: 'work', callerId }) ? transition('0', from, { kind: 'work', callerId }) : undefined;
}
