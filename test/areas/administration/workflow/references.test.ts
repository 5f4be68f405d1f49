// What workflows keep from being deleted (07 §7.1 queues, §9 aliases, §12 standard messages) and what a group delete
// takes out of them (07 §5), with workflows written through the API in the stored form of 07 §10.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { ADMIN, call, noContent, session, type Session } from '../department/support.ts';
import { removeGroupsFromWorkflows } from '../../../../src/areas/administration/workflow/workflow.queries.ts';
import { body, createWorkflow, place, type Place } from './support.ts';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
});
afterAll(async () => t?.close());

const s = (id: bigint) => String(id);
const exists = {
  queue: async (id: bigint) => (await t.db.prisma.queue.count({ where: { id } })) === 1,
  alias: async (id: bigint) => (await t.db.prisma.emailAlias.count({ where: { id } })) === 1,
  message: async (id: bigint) => (await t.db.prisma.standardMessage.count({ where: { id } })) === 1,
};
const stillInUse = (id: bigint) => `The current state of resource ${id} does not allow this action: the resource is still in use.`;

describe('queues named by workflows (07 §7.1, §10)', () => {
  it.each(FORMATS)('refuses to delete a queue an inbound route, a queue condition or an alarm transfer names (409-102) (%s)', async (fmt) => {
    const p = await place(t);
    // Aliases hold p.queue; the other queues are free but for the workflows below.
    const routeQ = await t.db.prisma.queue.create({ data: { name: 'r', departmentId: p.department.id, channels: ['email'] } });
    const condQ = await t.db.prisma.queue.create({ data: { name: 'c', departmentId: p.department.id, channels: ['email'] } });
    const transferQ = await t.db.prisma.queue.create({ data: { name: 't', departmentId: p.department.id, channels: ['chat'] } });
    const inbound = await createWorkflow(t, admin, 'inbound', body('inbound', p, { actions: { route: { queue: { id: s(routeQ.id) } } } }));
    const outbound = await createWorkflow(t, admin, 'outbound', body('outbound', p, { conditions: { queues: { queue: [{ id: s(p.queue2.id) }, { id: s(condQ.id) }] } } }));
    const alarm = await createWorkflow(t, admin, 'alarm', body('alarm', p, { state: { value: 'inactive' }, actions: { transferToQueue: { id: s(transferQ.id) } } }));
    for (const [queue, workflow] of [
      [routeQ.id, inbound.id],
      [condQ.id, outbound.id],
      [transferQ.id, alarm.id],
    ] as const) {
      expectError(await call(t.app, admin, 'DELETE', `${ADMIN}/queue/${queue}`, { fmt }), '409-102', {
        format: fmt,
        details: [
          { key: 'id', value: s(queue) },
          { key: 'workflow', value: workflow },
        ],
        message: stillInUse(queue),
      });
      expect(await exists.queue(queue)).toBe(true);
    }
    // Several blocked queues in one call: each is named once, the workflows after them.
    expectError(await call(t.app, admin, 'DELETE', `${ADMIN}/queue/${routeQ.id},${transferQ.id}`), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: s(routeQ.id) },
        { key: 'id', value: s(transferQ.id) },
        { key: 'workflow', value: inbound.id },
        { key: 'workflow', value: alarm.id },
      ],
    });
    // Once the workflows name them no more, they go.
    noContent(await call(t.app, admin, 'PUT', `${ADMIN}/workflow/inbound`, { body: { id: inbound.id, actions: { route: { user: { id: s(p.user.id) } } } } }));
    noContent(await call(t.app, admin, 'DELETE', `${ADMIN}/workflow/outbound/${outbound.id}`));
    noContent(await call(t.app, admin, 'DELETE', `${ADMIN}/workflow/alarm/${alarm.id}`));
    noContent(await call(t.app, admin, 'DELETE', `${ADMIN}/queue/${routeQ.id},${condQ.id},${transferQ.id}`));
  });

  it('lets a queue go that no workflow names, whatever other queues workflows name', async () => {
    const p = await place(t);
    await createWorkflow(t, admin, 'alarm', body('alarm', p, { conditions: { waitingMinutes: 1, queues: { queue: [{ id: s(p.queue.id) }] } } }));
    noContent(await call(t.app, admin, 'DELETE', `${ADMIN}/queue/${p.queue2.id}`));
  });
});

describe('aliases and standard messages named by workflows (07 §9, §12)', () => {
  let p: Place;
  beforeAll(async () => {
    p = await place(t);
  });

  it.each(FORMATS)('refuses to delete an alias an inbound or outbound condition names (409-102) (%s)', async (fmt) => {
    const alias = await t.db.prisma.emailAlias.create({ data: { name: 'x', emailAddress: `${fmt}.${Date.now()}@wf.example.com`, departmentId: p.department.id, queueId: p.queue.id } });
    const w = await createWorkflow(t, admin, fmt === 'json' ? 'inbound' : 'outbound', body(fmt === 'json' ? 'inbound' : 'outbound', p, { conditions: { aliases: { alias: [{ id: s(alias.id) }] } } }));
    expectError(await call(t.app, admin, 'DELETE', `${ADMIN}/alias/${alias.id}`, { fmt }), '409-102', {
      format: fmt,
      details: [
        { key: 'id', value: s(alias.id) },
        { key: 'workflow', value: w.id },
      ],
    });
    expect(await exists.alias(alias.id)).toBe(true);
    noContent(await call(t.app, admin, 'DELETE', `${ADMIN}/workflow/${fmt === 'json' ? 'inbound' : 'outbound'}/${w.id}`));
    noContent(await call(t.app, admin, 'DELETE', `${ADMIN}/alias/${alias.id}`));
  });

  it('refuses to delete a standard message an outbound workflow appends (409-102)', async () => {
    const message = await t.db.prisma.standardMessage.create({ data: { name: 'sig', departmentId: p.department.id, languageId: 1n, text: 'x' } });
    const w = await createWorkflow(t, admin, 'outbound', body('outbound', p, { actions: { appendMessage: { message: { id: s(message.id) } } } }));
    expectError(await call(t.app, admin, 'DELETE', `${ADMIN}/message/${message.id}`), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: s(message.id) },
        { key: 'workflow', value: w.id },
      ],
    });
    expect(await exists.message(message.id)).toBe(true);
  });
});

describe('groups deleted from notification lists (07 §5)', () => {
  it('removes the groups, the emptied list, and notify when no user is left', async () => {
    const p = await place(t);
    const g2 = await t.db.prisma.userGroup.create({ data: { name: 'g2', departmentId: p.department.id } });
    const g = s(p.group.id);
    const both = await createWorkflow(t, admin, 'alarm', body('alarm', p, { actions: { notify: { groups: { group: [{ id: g }, { id: s(g2.id) }] } } } }));
    const withUser = await createWorkflow(t, admin, 'alarm', body('alarm', p, { actions: { raisePriorityBy: 1, notify: { users: { user: [{ id: s(p.user.id) }] }, groups: { group: [{ id: g }] } } } }));
    const only = await createWorkflow(t, admin, 'alarm', body('alarm', p, { actions: { setPriority: 3, notify: { groups: { group: [{ id: g }] } } } }));
    const untouched = await createWorkflow(t, admin, 'alarm', body('alarm', p, { actions: { notify: { groups: { group: [{ id: s(g2.id) }] } } } }));
    const before = await t.db.prisma.workflow.findUniqueOrThrow({ where: { id: BigInt(untouched.id) } });
    await t.db.prisma.$transaction((tx) => removeGroupsFromWorkflows(tx, [p.group.id]));
    const actions = async (id: string) => (await t.db.prisma.workflow.findUniqueOrThrow({ where: { id: BigInt(id) } })).actions;
    expect(await actions(both.id)).toEqual({ notify: { groups: { group: [{ id: s(g2.id) }] } } });
    expect(await actions(withUser.id)).toEqual({ raisePriorityBy: 1, notify: { users: { user: [{ id: s(p.user.id) }] } } });
    expect(await actions(only.id)).toEqual({ setPriority: 3 });
    expect(await t.db.prisma.workflow.findUniqueOrThrow({ where: { id: BigInt(untouched.id) } })).toEqual(before);
    await removeGroupsFromWorkflows(t.db.prisma, []);
  });
});
