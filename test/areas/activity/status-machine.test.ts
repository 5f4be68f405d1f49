// Every transition of 05 §4.2, table-driven: the event, the state it applies to, the state it leaves, the effects.
import { describe, expect, it } from 'vitest';
import { allows, transition, worked, type ActivityEvent, type ActivityState } from '../../../src/areas/activity/status-machine.ts';
import { AppError } from '../../../src/errors/app-error.ts';

const U = 10n; // the caller / target user
const V = 11n; // another user
const Q = 100n;
const Q2 = 200n;
const s = (over: Partial<ActivityState>): ActivityState => ({ type: 'email', status: 'awaiting_assignment', substatus: 'in_queue', assignedUserId: null, queueId: Q, ...over });
const waiting = s({});
const assignedNew = s({ status: 'assigned', substatus: 'new', assignedUserId: U });
const assignedOther = s({ status: 'assigned', substatus: 'in_progress', assignedUserId: V });
const assignedMine = s({ status: 'assigned', substatus: 'in_progress', assignedUserId: U });
const ready = s({ status: 'open', substatus: 'ready_for_inbound_workflow', queueId: null });
const done = s({ status: 'completed', substatus: 'done', assignedUserId: U });
const chatWaiting = s({ type: 'chat' });
const chatAssigned = s({ type: 'chat', status: 'assigned', substatus: 'in_progress', assignedUserId: V });

type Row = [string, ActivityState | null, ActivityEvent, Partial<ActivityState> & { enteredQueue?: boolean; assignedTo?: bigint | null; completed?: boolean; userLastWorked?: bigint | null }];

const allowed: Row[] = [
  ['T1', null, { kind: 'routedToQueue', queueId: Q }, { status: 'awaiting_assignment', substatus: 'in_queue', queueId: Q, enteredQueue: true }],
  ['T2', null, { kind: 'routedToUser', userId: U, queueId: Q }, { status: 'assigned', substatus: 'new', assignedUserId: U, queueId: Q, assignedTo: U }],
  ['T3', null, { kind: 'routedToInactiveQueue' }, { status: 'open', substatus: 'ready_for_inbound_workflow', queueId: null, enteredQueue: false }],
  ['T4', null, { kind: 'composeSave', callerId: U }, { status: 'assigned', substatus: 'in_progress', assignedUserId: U, assignedTo: U, userLastWorked: U }],
  ['T5', null, { kind: 'composeSend', callerId: U }, { status: 'completed', substatus: 'done', completed: true, userLastWorked: U }],
  ['T6', null, { kind: 'chatStart', queueId: Q }, { status: 'awaiting_assignment', substatus: 'in_queue', queueId: Q, enteredQueue: true }],
  ['T7', assignedOther, { kind: 'transferToQueue', queueId: Q2, via: 'api' }, { status: 'awaiting_assignment', substatus: 'in_queue', assignedUserId: null, queueId: Q2, enteredQueue: true }],
  ['T7', ready, { kind: 'transferToQueue', queueId: Q2, via: 'api' }, { status: 'awaiting_assignment', queueId: Q2 }],
  ['T7', chatAssigned, { kind: 'transferToQueue', queueId: Q2, via: 'chat' }, { status: 'awaiting_assignment', assignedUserId: null, queueId: Q2 }],
  ['T8', waiting, { kind: 'transferToUser', userId: U, via: 'api' }, { status: 'assigned', substatus: 'new', assignedUserId: U, queueId: Q, assignedTo: U }],
  ['T8', assignedOther, { kind: 'transferToUser', userId: U, via: 'api' }, { status: 'assigned', substatus: 'new', assignedUserId: U }],
  ['T8', chatAssigned, { kind: 'transferToUser', userId: U, via: 'chat' }, { status: 'assigned', substatus: 'new', assignedUserId: U }],
  ['T9', waiting, { kind: 'pick', callerId: U }, { status: 'assigned', substatus: 'in_progress', assignedUserId: U, assignedTo: U, userLastWorked: U }],
  ['T9', assignedOther, { kind: 'pick', callerId: U }, { status: 'assigned', substatus: 'in_progress', assignedUserId: U }],
  ['T10', waiting, { kind: 'pull', callerId: U }, { status: 'assigned', substatus: 'in_progress', assignedUserId: U, queueId: Q, userLastWorked: U }],
  ['T11', assignedNew, { kind: 'work', callerId: U }, { status: 'assigned', substatus: 'in_progress', assignedUserId: U, assignedTo: null, userLastWorked: U }],
  ['T12', assignedMine, { kind: 'complete', callerId: U }, { status: 'completed', substatus: 'done', assignedUserId: U, completed: true, userLastWorked: U }],
  ['T13', waiting, { kind: 'closeCase', callerId: U }, { status: 'completed', substatus: 'done', completed: true, userLastWorked: U }],
  ['T13', s({ type: 'task', status: 'assigned', substatus: 'new', assignedUserId: V }), { kind: 'closeCase', callerId: U }, { status: 'completed', completed: true }],
  ['T14', chatWaiting, { kind: 'chatAssign', agentId: V }, { status: 'assigned', substatus: 'in_progress', assignedUserId: V, assignedTo: V, userLastWorked: V }],
  ['T15', chatAssigned, { kind: 'chatEnd', agentId: V }, { status: 'completed', substatus: 'done', completed: true, userLastWorked: V }],
  ['T15', chatWaiting, { kind: 'chatEnd', agentId: null }, { status: 'completed', completed: true }],
];

const refused: [string, ActivityState | null, ActivityEvent][] = [
  ['creation events on an existing activity', waiting, { kind: 'routedToQueue', queueId: Q }],
  ['compose on an existing activity', waiting, { kind: 'composeSave', callerId: U }],
  ['anything on a completed activity (terminal)', done, { kind: 'transferToQueue', queueId: Q2, via: 'api' }],
  ['pick of a completed activity', done, { kind: 'pick', callerId: U }],
  ['closing the case over a completed activity', done, { kind: 'closeCase', callerId: U }],
  ['generic transfer of a chat (V11)', chatWaiting, { kind: 'transferToQueue', queueId: Q2, via: 'api' }],
  ['generic transfer of a call track (V10)', s({ type: 'calltrack' }), { kind: 'transferToUser', userId: U, via: 'api' }],
  ['chat transfer of an email', waiting, { kind: 'transferToQueue', queueId: Q2, via: 'chat' }],
  ['transfer to the user it is assigned to', assignedMine, { kind: 'transferToUser', userId: U, via: 'api' }],
  ['pick of an activity assigned to the caller', assignedMine, { kind: 'pick', callerId: U }],
  ['pick of a chat', chatWaiting, { kind: 'pick', callerId: U }],
  ['pull of an assigned activity', assignedOther, { kind: 'pull', callerId: U }],
  ['pull of a chat', chatWaiting, { kind: 'pull', callerId: U }],
  ['complete by someone else', assignedOther, { kind: 'complete', callerId: U }],
  ['complete of a waiting activity', waiting, { kind: 'complete', callerId: U }],
  ['complete of a chat (V7)', s({ type: 'chat', status: 'assigned', substatus: 'in_progress', assignedUserId: U }), { kind: 'complete', callerId: U }],
  ['closing the case over an open chat', chatAssigned, { kind: 'closeCase', callerId: U }],
  ['closing the case over an open call track', s({ type: 'calltrack' }), { kind: 'closeCase', callerId: U }],
  ['the router assigning an email', waiting, { kind: 'chatAssign', agentId: V }],
  ['ending a chat twice', s({ type: 'chat', status: 'completed', substatus: 'done' }), { kind: 'chatEnd', agentId: V }],
  ['ending an email through the chat calls', waiting, { kind: 'chatEnd', agentId: V }],
];

describe('activity status machine (05 §4.2)', () => {
  const label = (from: ActivityState | null, e: ActivityEvent) => `${e.kind} on ${from ? `${from.type} ${from.status}/${from.substatus}` : 'a new activity'}`;
  it.each(allowed.map(([id, from, e, x]) => [`${id}: ${label(from, e)}`, id, from, e, x] as const))('%s', (_title, id, from, event, expected) => {
    const t = transition('1000001', from, event);
    expect(t.id).toBe(id);
    const { enteredQueue, assignedTo, completed, userLastWorked, ...next } = expected;
    expect(t.next).toMatchObject(next);
    if (enteredQueue !== undefined) expect(t.enteredQueue).toBe(enteredQueue);
    if (assignedTo !== undefined) expect(t.assignedTo).toBe(assignedTo);
    expect(t.completed).toBe(completed ?? false);
    if (userLastWorked !== undefined) expect(t.userLastWorked).toBe(userLastWorked);
  });

  it.each(refused)('refuses %s with 409-102', (_name, from, event) => {
    expect(allows(from, event)).toBe(false);
    try {
      transition('1000001', from, event);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).key).toBe('409-102');
    }
  });

  it('keeps the queue of an activity while it is assigned and completed (05 §4.2)', () => {
    expect(transition('1', waiting, { kind: 'pick', callerId: U }).next.queueId).toBe(Q);
    expect(transition('1', assignedMine, { kind: 'complete', callerId: U }).next.queueId).toBe(Q);
  });

  it('an edit or note moves new to in progress only for the assigned user', () => {
    expect(worked(assignedNew, U)?.id).toBe('T11');
    expect(worked(assignedNew, V)).toBeUndefined();
    expect(worked(assignedMine, U)).toBeUndefined();
  });
});
