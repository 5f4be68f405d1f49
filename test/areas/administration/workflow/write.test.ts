// Workflows (07 §1.4, §10) through the real HTTP stack: create, edit and delete of the three kinds, every field rule,
// the references and their department, JSON and XML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createUser } from '../../../helpers/auth.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { defineAttribute } from '../../customer/support.ts';
import { call, configVersion, noContent, ok, session, unique, xmlOf, type Session } from '../department/support.ts';
import { body, createWorkflow, KEY, KINDS, place, readWorkflow, url, userOf, WF, type Kind, type Place, type Workflow } from './support.ts';

let t: TestApp;
let admin: Session;
let p: Place;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
  p = await place(t);
});
afterAll(async () => t?.close());

const post = (kind: Kind, b: unknown) => call(t.app, admin, 'POST', url(kind), { body: b });
const put = (kind: Kind, b: unknown) => call(t.app, admin, 'PUT', url(kind), { body: b });
const stored = (id: string) => t.db.prisma.workflow.findUniqueOrThrow({ where: { id: BigInt(id) } });
const s = (id: bigint) => String(id);

describe('create (07 §1.4, §10)', () => {
  it.each(KINDS)('applies the defaults and answers 201 with Location and the default set (%s)', async (kind) => {
    const q = await place(t);
    const before = await configVersion(t.db);
    const b = body(kind, q);
    const res = await post(kind, b);
    const w = ok<Record<string, Workflow[]>>(res, 201)[KEY[kind]]![0]!;
    expect(res.headers.location).toBe(`${url(kind)}/${w.id}`);
    expect(w).toMatchObject({
      link: { rel: 'self', href: `${url(kind)}/${w.id}` },
      name: b.name,
      department: { id: s(q.department.id), name: q.department.name },
      state: { value: 'active', displayValue: 'Active' },
      order: 1,
      lastModified: { date: w.lastModified.date, user: userOf(admin) },
    });
    expect(w.description).toBeUndefined();
    expect(w.created).toBeUndefined();
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await stored(w.id)).toMatchObject({ kind, order: 1, createdById: admin.userId });
    // The next gets max + 1 within the department and kind; other kinds and departments count apart.
    expect((await createWorkflow(t, admin, kind, body(kind, q))).order).toBe(2);
    expect((await createWorkflow(t, admin, kind, body(kind, q, { order: 40 }))).order).toBe(40);
    expect((await createWorkflow(t, admin, kind, body(kind, q))).order).toBe(41);
    const other = await place(t);
    expect((await createWorkflow(t, admin, kind, body(kind, other))).order).toBe(1);
  });

  it('stores the §10.1 inbound example and reads it back as the example shows (JSON)', async () => {
    const tier = await defineAttribute(t, { name: unique('tier_') });
    const res = await post('inbound', {
      name: 'Billing mails',
      department: { name: p.department.name },
      order: 1,
      conditions: {
        aliases: { alias: [{ id: s(p.alias.id), emailAddress: 'ignored@example.com' }] },
        subjectKeywords: { keyword: ['invoice', 'billing'] },
        customerAttributes: { customAttribute: [{ attribName: tier, attribValues: { attribValue: [{ value: 'gold' }] } }] },
      },
      actions: { route: { queue: { id: s(p.queue2.id) } }, priority: 8 },
    });
    const w = ok<{ inboundWorkflow: Workflow[] }>(res, 201).inboundWorkflow[0]!;
    const read = ok<{ inboundWorkflow: Workflow[] }>(await call(t.app, admin, 'GET', `${url('inbound')}/${w.id}`));
    expect(read).toEqual({
      inboundWorkflow: [
        {
          id: w.id,
          link: { rel: 'self', href: `/system/ws/v12/administration/workflow/inbound/${w.id}` },
          name: 'Billing mails',
          department: { id: s(p.department.id), name: p.department.name },
          state: { value: 'active', displayValue: 'Active' },
          order: 1,
          conditions: {
            aliases: { alias: [{ id: s(p.alias.id), emailAddress: p.alias.emailAddress }] },
            subjectKeywords: { keyword: ['invoice', 'billing'] },
            customerAttributes: { customAttribute: [{ attribName: tier, attribValues: { attribValue: [{ value: 'gold' }] } }] },
          },
          actions: { route: { queue: { id: s(p.queue2.id), name: p.queue2.name } }, priority: 8 },
          lastModified: { date: w.lastModified.date, user: userOf(admin) },
        },
      ],
    });
    // Ids only, as strings, without names (rendered at read time).
    expect((await stored(w.id)).actions).toEqual({ route: { queue: { id: s(p.queue2.id) } }, priority: 8 });
    expect((await stored(w.id)).conditions).toEqual({
      aliases: { alias: [{ id: s(p.alias.id) }] },
      subjectKeywords: { keyword: ['invoice', 'billing'] },
      customerAttributes: { customAttribute: [{ attribName: tier, attribValues: { attribValue: [{ value: 'gold' }] } }] },
    });
  });

  it('takes the §10.1 inbound example as XML and answers its XML form (namespaces as 07 §1.3)', async () => {
    const tier = await defineAttribute(t, { name: unique('tier_') });
    const xml = `<inboundWorkflow xmlns="${WF}" xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common">
      <name>Billing mails</name><department id="${p.department.id}"/><order>1</order>
      <conditions>
        <aliases><alias id="${p.alias.id}"/></aliases>
        <subjectKeywords><keyword>invoice</keyword><keyword>billing</keyword></subjectKeywords>
        <customerAttributes><ns2:customAttribute><ns2:attribName>${tier}</ns2:attribName>
          <ns2:attribValues><ns2:attribValue><ns2:value>gold</ns2:value></ns2:attribValue></ns2:attribValues>
        </ns2:customAttribute></customerAttributes>
      </conditions>
      <actions><route><queue id="${p.queue2.id}"/></route><priority>8</priority></actions>
    </inboundWorkflow>`;
    const root = xmlOf(await call(t.app, admin, 'POST', url('inbound'), { fmt: 'xml', xml }), 201);
    expect(root.name).toBe(`{${WF}}inboundWorkflows`);
    const item = root.children[0]!;
    expect(item.name).toBe(`{${WF}}inboundWorkflow`);
    const C = 'http://bindings.egain.com/ws/model/v12/gen/common';
    const P = 'http://bindings.egain.com/ws/model/v12/gen/platform';
    const child = (e: typeof item, local: string, ns = WF) => e.children.find((c) => c.name === `{${ns}}${local}`)!;
    expect(item.children.map((c) => c.name)).toEqual(['link', 'name', 'department', 'state', 'order', 'conditions', 'actions', 'lastModified'].map((n) => `{${WF}}${n}`));
    expect(child(item, 'department').children[0]).toMatchObject({ name: `{${P}}name`, text: p.department.name });
    expect(child(item, 'state').children.map((c) => c.name)).toEqual([`{${C}}value`, `{${C}}displayValue`]);
    expect(child(item, 'order').text).toBe('1');
    const conditions = child(item, 'conditions');
    expect(conditions.children.map((c) => c.name)).toEqual(['aliases', 'subjectKeywords', 'customerAttributes'].map((n) => `{${WF}}${n}`));
    const alias = child(child(conditions, 'aliases'), 'alias');
    expect(alias.attrs).toEqual({ id: s(p.alias.id) });
    expect(child(alias, 'emailAddress').text).toBe(p.alias.emailAddress);
    expect(child(conditions, 'subjectKeywords').children.map((c) => [c.name, c.text])).toEqual([
      [`{${WF}}keyword`, 'invoice'],
      [`{${WF}}keyword`, 'billing'],
    ]);
    const attribute = child(child(conditions, 'customerAttributes'), 'customAttribute', C);
    expect(child(attribute, 'attribName', C).text).toBe(tier);
    expect(child(child(child(attribute, 'attribValues', C), 'attribValue', C), 'value', C).text).toBe('gold');
    const actions = child(item, 'actions');
    const queue = child(child(actions, 'route'), 'queue');
    expect(queue.attrs).toEqual({ id: s(p.queue2.id) });
    expect(child(queue, 'name').text).toBe(p.queue2.name);
    expect(child(actions, 'priority').text).toBe('8');
  });

  it('stores the §10.2 outbound example (JSON and XML)', async () => {
    const w = await createWorkflow(t, admin, 'outbound', {
      name: 'Add signature',
      department: { id: s(p.department.id) },
      order: 1,
      conditions: { aliases: { alias: [{ id: s(p.alias.id) }] } },
      actions: { appendMessage: { message: { id: s(p.message.id) } }, bcc: { address: ['archive@example.com'] } },
    });
    expect(w.conditions).toEqual({ aliases: { alias: [{ id: s(p.alias.id), emailAddress: p.alias.emailAddress }] } });
    expect(w.actions).toEqual({ appendMessage: { message: { id: s(p.message.id), name: p.message.name } }, bcc: { address: ['archive@example.com'] } });
    const xml = `<outboundWorkflow><name>Add signature</name><department><id>${p.department.id}</id></department>
      <conditions><queues><queue id="${p.queue.id}"/><queue id="${p.queue2.id}"/></queues><subjectKeywords><keyword>Re:</keyword></subjectKeywords></conditions>
      <actions><bcc><address>archive@example.com</address><address>audit@example.com</address></bcc></actions></outboundWorkflow>`;
    const root = xmlOf(await call(t.app, admin, 'POST', url('outbound'), { fmt: 'xml', xml }), 201);
    const id = root.children[0]!.attrs.id!;
    expect((await readWorkflow(t, admin, 'outbound', id)).conditions).toEqual({
      queues: { queue: [{ id: s(p.queue.id), name: p.queue.name }, { id: s(p.queue2.id), name: p.queue2.name }] },
      subjectKeywords: { keyword: ['Re:'] },
    });
    expect((await stored(id)).actions).toEqual({ bcc: { address: ['archive@example.com', 'audit@example.com'] } });
  });

  it.each(FORMATS)('stores the §10.3 alarm example (%s)', async (fmt) => {
    const example = {
      name: 'Chats waiting > 5 min',
      department: { id: s(p.department.id) },
      conditions: { queues: { queue: [{ id: s(p.queue.id) }] }, types: { type: [{ value: 'chat' }] }, waitingMinutes: 5 },
      actions: { raisePriorityBy: 2, transferToQueue: { id: s(p.queue2.id) }, notify: { groups: { group: [{ id: s(p.group.id) }] } } },
    };
    const xml = `<alarmWorkflow><name>Chats waiting &gt; 5 min</name><department id="${p.department.id}"/>
      <conditions><queues><queue id="${p.queue.id}"/></queues><types><type><value>CHAT</value></type></types><waitingMinutes>5</waitingMinutes></conditions>
      <actions><raisePriorityBy>2</raisePriorityBy><transferToQueue id="${p.queue2.id}"/><notify><groups><group id="${p.group.id}"/></groups></notify></actions></alarmWorkflow>`;
    const res = fmt === 'json' ? await post('alarm', example) : await call(t.app, admin, 'POST', url('alarm'), { fmt: 'xml', xml });
    const id = fmt === 'json' ? ok<{ alarmWorkflow: Workflow[] }>(res, 201).alarmWorkflow[0]!.id : xmlOf(res, 201).children[0]!.attrs.id!;
    const w = await readWorkflow(t, admin, 'alarm', id);
    expect(w.name).toBe('Chats waiting > 5 min');
    expect(w.conditions).toEqual({
      queues: { queue: [{ id: s(p.queue.id), name: p.queue.name }] },
      types: { type: [{ value: 'chat', displayValue: 'Chat' }] },
      waitingMinutes: 5,
    });
    expect(w.actions).toEqual({
      raisePriorityBy: 2,
      transferToQueue: { id: s(p.queue2.id), name: p.queue2.name },
      notify: { groups: { group: [{ id: s(p.group.id), name: p.group.name }] } },
    });
    const es = ok<{ alarmWorkflow: Workflow[] }>(await call(t.app, admin, 'GET', `${url('alarm')}/${id}`, { lang: 'es-ES' })).alarmWorkflow[0]!;
    expect(es.state.displayValue).toBe('Activo');
    expect(es.conditions!.types).toEqual({ type: [{ value: 'chat', displayValue: 'Chat' }] });
  });

  it('reads every alarm condition and action, description, state and created', async () => {
    const w = await createWorkflow(
      t,
      admin,
      'alarm',
      {
        name: unique(),
        description: 'Escalate',
        ...p.dept,
        state: { value: 'Inactive' },
        conditions: {
          types: { type: [{ value: 'email' }, { value: 'chat' }, { value: 'email' }] },
          statuses: { status: [{ value: 'assigned' }, { value: 'awaiting_assignment' }] },
          waitingMinutes: 0,
          priorityAtMost: 4,
        },
        actions: { setPriority: 9, notify: { users: { user: [{ id: s(p.user.id) }, { id: s(p.user.id) }] } } },
      },
      '?$attribute=created',
    );
    expect(w).toMatchObject({ description: 'Escalate', state: { value: 'inactive', displayValue: 'Inactive' } });
    expect(w.created).toEqual({ date: w.lastModified.date, user: userOf(admin) });
    expect(w.conditions).toEqual({
      types: { type: [{ value: 'email', displayValue: 'Email' }, { value: 'chat', displayValue: 'Chat' }] },
      statuses: { status: [{ value: 'assigned', displayValue: 'Assigned' }, { value: 'awaiting_assignment', displayValue: 'Awaiting assignment' }] },
      waitingMinutes: 0,
      priorityAtMost: 4,
    });
    expect(w.actions).toEqual({ setPriority: 9, notify: { users: { user: [{ id: s(p.user.id), screenName: p.user.screenName }] } } });
  });

  it('routes an inbound workflow to a user of the department (home or foreign) and drops empty lists', async () => {
    const foreign = await createUser(t.db, { foreignDepartmentIds: [p.department.id] });
    const w = await createWorkflow(t, admin, 'inbound', {
      name: unique(),
      ...p.dept,
      conditions: { aliases: { alias: [] }, subjectKeywords: { keyword: [] }, bodyKeywords: { keyword: ['refund'] } },
      actions: { route: { user: { id: s(foreign.id) } } },
    });
    expect(w.conditions).toEqual({ bodyKeywords: { keyword: ['refund'] } });
    expect(w.actions).toEqual({ route: { user: { id: s(foreign.id), screenName: foreign.screenName } } });
    const none = await createWorkflow(t, admin, 'inbound', { name: unique(), ...p.dept, conditions: null, actions: { route: { queue: { id: s(p.queue.id) } }, priority: null } });
    expect(none.conditions).toBeUndefined();
    expect(none.actions).toEqual({ route: { queue: { id: s(p.queue.id), name: p.queue.name } } });
  });

  it('normalises customer attribute values by their definition', async () => {
    const level = await defineAttribute(t, { dataType: 'integer' });
    const tier = await defineAttribute(t, { enumerated: true, allowedValues: [{ value: 'Gold' }, { value: 'Silver' }] });
    const w = await createWorkflow(t, admin, 'inbound', {
      ...body('inbound', p),
      conditions: {
        customerAttributes: {
          customAttribute: [
            { attribName: level, attribValues: { attribValue: [{ value: '007' }, { value: '7' }, { value: '8' }] } },
            { attribName: tier, attribValues: { attribValue: { value: 'gold' } } },
          ],
        },
      },
    });
    expect(w.conditions).toEqual({
      customerAttributes: {
        customAttribute: [
          { attribName: level, attribValues: { attribValue: [{ value: '7' }, { value: '8' }] } },
          { attribName: tier, attribValues: { attribValue: [{ value: 'Gold' }] } },
        ],
      },
    });
  });

  const invalid: [Kind, Record<string, unknown>, string, string, string][] = [
    ['inbound', { name: '' }, '400-153', 'name', ''],
    ['inbound', { name: 'n'.repeat(256) }, '400-152', 'name', 'n'.repeat(255)],
    ['inbound', { description: 'd'.repeat(4001) }, '400-152', 'description', 'd'.repeat(255)],
    ['inbound', { department: undefined }, '400-153', 'department', ''],
    ['inbound', { department: {} }, '400-153', 'department', ''],
    ['inbound', { state: { value: 'paused' } }, '400-152', 'state.value', 'paused'],
    ['inbound', { order: 0 }, '400-152', 'order', '0'],
    ['inbound', { order: 'first' }, '400-152', 'order', 'first'],
    ['inbound', { actions: undefined }, '400-153', 'actions', ''],
    ['inbound', { actions: {} }, '400-153', 'actions.route', ''],
    ['inbound', { actions: { route: {} } }, '400-153', 'actions.route', ''],
    ['inbound', { actions: { route: { queue: { id: '1' }, user: { id: '2' } } } }, '400-152', 'actions.route', ''],
    ['inbound', { actions: { route: { queue: {} } } }, '400-153', 'actions.route.queue.id', ''],
    ['inbound', { actions: { route: { queue: { id: '1' } }, priority: 11 } }, '400-152', 'actions.priority', '11'],
    ['inbound', { actions: { route: { queue: { id: '1' } }, priority: 0 } }, '400-152', 'actions.priority', '0'],
    ['inbound', { conditions: { subjectKeywords: { keyword: ['ok', ' '] } } }, '400-152', 'conditions.subjectKeywords.keyword[1]', ' '],
    ['inbound', { conditions: { bodyKeywords: { keyword: ['k'.repeat(256)] } } }, '400-152', 'conditions.bodyKeywords.keyword[0]', 'k'.repeat(255)],
    ['inbound', { conditions: { aliases: { alias: [{ id: 'x' }] } } }, '400-152', 'conditions.aliases.alias[0].id', 'x'],
    ['inbound', { conditions: { customerAttributes: { customAttribute: [{ attribName: 'a' }] } } }, '400-153', 'conditions.customerAttributes.customAttribute[0].attribValues', ''],
    [
      'inbound',
      { conditions: { customerAttributes: { customAttribute: [{ attribName: 'a', attribValues: { attribValue: [{ value: '' }] } }] } } },
      '400-153',
      'conditions.customerAttributes.customAttribute[0].attribValues.attribValue[0].value',
      '',
    ],
    ['outbound', { actions: undefined }, '400-153', 'actions', ''],
    ['outbound', { actions: {} }, '400-153', 'actions', ''],
    ['outbound', { actions: { bcc: { address: [] } } }, '400-153', 'actions', ''],
    ['outbound', { actions: { appendMessage: {} } }, '400-153', 'actions.appendMessage.message', ''],
    ['outbound', { actions: { bcc: { address: ['ok@example.com', 'not-an-address'] } } }, '400-152', 'actions.bcc.address[1]', 'not-an-address'],
    ['outbound', { actions: { bcc: { address: Array.from({ length: 21 }, (_, i) => `a${i}@example.com`) } } }, '400-152', 'actions.bcc.address', '21'],
    ['alarm', { conditions: undefined }, '400-153', 'conditions.waitingMinutes', ''],
    ['alarm', { conditions: { types: { type: [{ value: 'chat' }] } } }, '400-153', 'conditions.waitingMinutes', ''],
    ['alarm', { conditions: { waitingMinutes: -1 } }, '400-152', 'conditions.waitingMinutes', '-1'],
    ['alarm', { conditions: { waitingMinutes: 5, priorityAtMost: 11 } }, '400-152', 'conditions.priorityAtMost', '11'],
    ['alarm', { conditions: { waitingMinutes: 5, types: { type: [{ value: 'task' }] } } }, '400-152', 'conditions.types.type[0].value', 'task'],
    ['alarm', { conditions: { waitingMinutes: 5, statuses: { status: [{ value: 'completed' }] } } }, '400-152', 'conditions.statuses.status[0].value', 'completed'],
    ['alarm', { actions: {} }, '400-153', 'actions', ''],
    ['alarm', { actions: { notify: {} } }, '400-153', 'actions', ''],
    ['alarm', { actions: { setPriority: 3, raisePriorityBy: 2 } }, '400-152', 'actions.raisePriorityBy', '2'],
    ['alarm', { actions: { raisePriorityBy: 10 } }, '400-152', 'actions.raisePriorityBy', '10'],
    ['alarm', { actions: { setPriority: 0 } }, '400-152', 'actions.setPriority', '0'],
    ['alarm', { actions: { transferToQueue: {} } }, '400-153', 'actions.transferToQueue.id', ''],
  ];

  it.each(invalid)('refuses a %s body #%# with %s', async (kind, change, code, key, value) => {
    const b: Record<string, unknown> = { ...body(kind, p), ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete b[k];
    const before = await t.db.prisma.workflow.count({ where: { departmentId: p.department.id } });
    expectError(await post(kind, b), code, { format: 'json', details: [{ key, value }] });
    expect(await t.db.prisma.workflow.count({ where: { departmentId: p.department.id } })).toBe(before);
  });

  it('refuses a malformed body (400-150), a wrapper of two items (400-152) and a root list in XML', async () => {
    expectError(await call(t.app, admin, 'POST', url('inbound'), { fmt: 'xml', xml: '<inboundWorkflow><name>x</name>' }), '400-150');
    expectError(await post('inbound', { inboundWorkflow: [body('inbound', p), body('inbound', p)] }), '400-152', {
      format: 'json',
      details: [{ key: 'inboundWorkflow', value: '' }],
    });
    expectError(await post('alarm', []), '400-150', { format: 'json' });
    // The single-item wrapper is accepted.
    expect(ok<{ alarmWorkflow: Workflow[] }>(await post('alarm', { alarmWorkflow: [body('alarm', p)] }), 201).alarmWorkflow).toHaveLength(1);
  });

  it('refuses an unknown department and customer attributes that are not customer definitions (400-152)', async () => {
    expectError(await post('inbound', body('inbound', p, { department: { id: '999999999' } })), '400-152', { format: 'json', details: [{ key: 'department.id', value: '999999999' }] });
    expectError(await post('inbound', body('inbound', p, { department: { name: unique('none') } })), '400-152', { format: 'json' });
    const caseAttribute = await defineAttribute(t, { objectType: 'case' });
    const inactive = await defineAttribute(t, { state: 'inactive' });
    const number = await defineAttribute(t, { dataType: 'integer' });
    const attribute = (attribName: string, value = 'x') => ({ conditions: { customerAttributes: { customAttribute: [{ attribName, attribValues: { attribValue: [{ value }] } }] } } });
    for (const name of [unique('nope'), caseAttribute, inactive]) {
      expectError(await post('inbound', body('inbound', p, attribute(name))), '400-152', {
        format: 'json',
        details: [{ key: 'conditions.customerAttributes.customAttribute[0].attribName', value: name }],
      });
    }
    expectError(await post('inbound', body('inbound', p, attribute(number, 'seven'))), '400-152', {
      format: 'json',
      details: [{ key: 'conditions.customerAttributes.customAttribute[0].attribValues.attribValue[0].value', value: 'seven' }],
    });
    const twice = { conditions: { customerAttributes: { customAttribute: [attribute(number, '1').conditions.customerAttributes.customAttribute[0], attribute(number, '2').conditions.customerAttributes.customAttribute[0]] } } };
    expectError(await post('inbound', body('inbound', p, twice)), '400-152', { format: 'json', details: [{ key: 'conditions.customerAttributes.customAttribute[1].attribName', value: number }] });
  });

  it('refuses references that do not exist or are of another department (400-152 on their path)', async () => {
    const other = await place(t);
    const deleted = await createUser(t.db, { departmentId: p.department.id, state: 'deleted' });
    const cases: [Kind, Record<string, unknown>, string, bigint][] = [
      ['inbound', { conditions: { aliases: { alias: [{ id: s(p.alias.id) }, { id: s(other.alias.id) }] } } }, 'conditions.aliases.alias[1].id', other.alias.id],
      ['inbound', { actions: { route: { queue: { id: s(other.queue.id) } } } }, 'actions.route.queue.id', other.queue.id],
      ['inbound', { actions: { route: { user: { id: s(other.user.id) } } } }, 'actions.route.user.id', other.user.id],
      ['inbound', { actions: { route: { user: { id: s(deleted.id) } } } }, 'actions.route.user.id', deleted.id],
      ['inbound', { actions: { route: { user: { id: '999999999' } } } }, 'actions.route.user.id', 999999999n],
      ['outbound', { conditions: { queues: { queue: [{ id: '999999999' }] } } }, 'conditions.queues.queue[0].id', 999999999n],
      ['outbound', { actions: { appendMessage: { message: { id: s(other.message.id) } } } }, 'actions.appendMessage.message.id', other.message.id],
      ['alarm', { conditions: { waitingMinutes: 1, queues: { queue: [{ id: s(other.queue.id) }] } } }, 'conditions.queues.queue[0].id', other.queue.id],
      ['alarm', { actions: { transferToQueue: { id: s(other.queue2.id) } } }, 'actions.transferToQueue.id', other.queue2.id],
      ['alarm', { actions: { notify: { users: { user: [{ id: s(p.user.id) }, { id: s(other.user.id) }] } } } }, 'actions.notify.users.user[1].id', other.user.id],
      ['alarm', { actions: { notify: { groups: { group: [{ id: s(other.group.id) }] } } } }, 'actions.notify.groups.group[0].id', other.group.id],
    ];
    for (const [kind, change, key, value] of cases) {
      expectError(await post(kind, body(kind, p, change)), '400-152', { format: 'json', details: [{ key, value: String(value) }] });
    }
    expectError(await call(t.app, admin, 'POST', url('alarm'), { fmt: 'xml', xml: `<alarmWorkflow><name>x</name><department id="${p.department.id}"/><conditions><waitingMinutes>1</waitingMinutes></conditions><actions><transferToQueue id="${other.queue.id}"/></actions></alarmWorkflow>` }), '400-152', {
      details: [{ key: 'actions.transferToQueue.id', value: String(other.queue.id) }],
    });
  });
});

describe('edit (07 §1.4, §10)', () => {
  it.each(KINDS)('changes only the fields sent, bumps config_version and answers 204 (%s)', async (kind) => {
    const w = await createWorkflow(t, admin, kind, body(kind, p, { description: 'old' }));
    const before = await configVersion(t.db);
    const other = await place(t);
    const actions =
      kind === 'inbound'
        ? { route: { user: { id: s(p.user.id) } }, priority: 3 }
        : kind === 'outbound'
          ? { appendMessage: { message: { id: s(p.message.id) } } }
          : { setPriority: 10, transferToQueue: { id: s(p.queue2.id) } };
    noContent(
      await put(kind, {
        [KEY[kind]]: [{ id: w.id, name: 'Renamed', description: null, order: 7, actions, department: { id: s(other.department.id) }, lastModified: { date: w.lastModified.date } }],
      }),
    );
    const read = await readWorkflow(t, admin, kind, w.id);
    expect(read).toMatchObject({ name: 'Renamed', order: 7, department: { id: s(p.department.id) }, state: { value: 'active' } });
    expect(read.description).toBeUndefined();
    expect(read.conditions).toEqual(w.conditions);
    expect((await stored(w.id)).actions).toEqual(
      kind === 'inbound'
        ? { route: { user: { id: s(p.user.id) } }, priority: 3 }
        : kind === 'outbound'
          ? { appendMessage: { message: { id: s(p.message.id) } } }
          : { setPriority: 10, transferToQueue: { id: s(p.queue2.id) } },
    );
    expect(new Date(read.lastModified.date).getTime()).toBeGreaterThan(new Date(w.lastModified.date).getTime());
    expect(await configVersion(t.db)).toBeGreaterThan(before);
  });

  it('replaces the conditions, clears them (except for alarms), restores state and order defaults', async () => {
    const a = await createWorkflow(t, admin, 'inbound', body('inbound', p, { conditions: { subjectKeywords: { keyword: ['a'] } }, state: { value: 'inactive' } }));
    noContent(await put('inbound', { id: a.id, conditions: { bodyKeywords: { keyword: ['b'] } } }));
    expect((await readWorkflow(t, admin, 'inbound', a.id)).conditions).toEqual({ bodyKeywords: { keyword: ['b'] } });
    const max = await t.db.prisma.workflow.aggregate({ where: { departmentId: p.department.id, kind: 'inbound' }, _max: { order: true } });
    noContent(await put('inbound', { id: a.id, conditions: null, state: {}, order: null }));
    const read = await readWorkflow(t, admin, 'inbound', a.id);
    expect(read.conditions).toBeUndefined();
    expect(read.state.value).toBe('active');
    expect(read.order).toBe(max._max.order! + 1);
    const alarm = await createWorkflow(t, admin, 'alarm', body('alarm', p));
    noContent(await put('alarm', { id: alarm.id, conditions: { waitingMinutes: 30, statuses: { status: [{ value: 'assigned' }] } } }));
    expect((await stored(alarm.id)).conditions).toEqual({ waitingMinutes: 30, statuses: { status: [{ value: 'assigned' }] } });
  });

  it('takes an XML edit of several items, applied in order', async () => {
    const a = await createWorkflow(t, admin, 'outbound', body('outbound', p));
    const b = await createWorkflow(t, admin, 'outbound', body('outbound', p));
    const xml = `<outboundWorkflows xmlns="${WF}">
      <outboundWorkflow id="${a.id}"><name>First</name><state><value>inactive</value></state></outboundWorkflow>
      <outboundWorkflow><id>${b.id}</id><actions><bcc><address>x@example.com</address></bcc></actions></outboundWorkflow>
      <outboundWorkflow id="${a.id}"><name>Second</name></outboundWorkflow>
    </outboundWorkflows>`;
    noContent(await call(t.app, admin, 'PUT', url('outbound'), { fmt: 'xml', xml }), 'xml');
    expect(await readWorkflow(t, admin, 'outbound', a.id)).toMatchObject({ name: 'Second', state: { value: 'inactive' } });
    expect((await readWorkflow(t, admin, 'outbound', b.id)).actions).toEqual({ bcc: { address: ['x@example.com'] } });
  });

  it('refuses cleared required fields and invalid parts (400-152/400-153 on the item path)', async () => {
    const i = await createWorkflow(t, admin, 'inbound', body('inbound', p));
    const al = await createWorkflow(t, admin, 'alarm', body('alarm', p));
    const cases: [Kind, Record<string, unknown>, string, string, string][] = [
      ['inbound', { id: i.id, name: '' }, '400-152', 'inboundWorkflow[0].name', ''],
      ['inbound', { id: i.id, name: null }, '400-152', 'inboundWorkflow[0].name', ''],
      ['inbound', { id: i.id, actions: null }, '400-152', 'inboundWorkflow[0].actions', ''],
      ['inbound', { id: i.id, actions: {} }, '400-153', 'inboundWorkflow[0].actions.route', ''],
      ['inbound', { id: i.id, order: 0 }, '400-152', 'inboundWorkflow[0].order', '0'],
      ['alarm', { id: al.id, conditions: null }, '400-152', 'alarmWorkflow[0].conditions', ''],
      ['alarm', { id: al.id, conditions: {} }, '400-153', 'alarmWorkflow[0].conditions.waitingMinutes', ''],
      ['alarm', { id: al.id, actions: { raisePriorityBy: 1, setPriority: 1 } }, '400-152', 'alarmWorkflow[0].actions.raisePriorityBy', '1'],
      ['alarm', { id: al.id, lastModified: { date: 'yesterday' } }, '400-152', 'alarmWorkflow[0].lastModified.date', 'yesterday'],
    ];
    for (const [kind, item, code, key, value] of cases) {
      expectError(await put(kind, item), code, { format: 'json', details: [{ key, value }] });
    }
    expectError(await put('inbound', { inboundWorkflow: [] }), '400-153', { format: 'json' });
    expectError(await put('inbound', { inboundWorkflow: Array.from({ length: 76 }, () => ({ id: i.id })) }), '400-160', { format: 'json' });
    expect((await readWorkflow(t, admin, 'inbound', i.id)).name).toBe(i.name);
  });

  it('checks the references against the stored department (400-152), ids of the kind (404-101) and the token (409-101)', async () => {
    const other = await place(t);
    const i = await createWorkflow(t, admin, 'inbound', body('inbound', p));
    const o = await createWorkflow(t, admin, 'outbound', body('outbound', p));
    expectError(await put('inbound', { id: i.id, actions: { route: { queue: { id: s(other.queue.id) } } } }), '400-152', {
      format: 'json',
      details: [{ key: 'inboundWorkflow[0].actions.route.queue.id', value: s(other.queue.id) }],
    });
    expectError(await put('inbound', { inboundWorkflow: [{ id: i.id, name: 'x' }, { id: o.id, name: 'y' }, { id: '999999999' }] }), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: o.id },
        { key: 'id', value: '999999999' },
      ],
    });
    expectError(await put('inbound', { id: i.id, name: 'x', lastModified: { date: '2020-01-01T00:00:00.000Z' } }), '409-101', { format: 'json', details: [{ key: 'id', value: i.id }] });
    expect((await readWorkflow(t, admin, 'inbound', i.id)).name).toBe(i.name);
  });
});

describe('delete (07 §1.4, §10)', () => {
  it.each(KINDS)('deletes all or none; ids of another kind are not found (%s)', async (kind) => {
    const a = await createWorkflow(t, admin, kind, body(kind, p));
    const b = await createWorkflow(t, admin, kind, body(kind, p));
    const other = await createWorkflow(t, admin, kind === 'alarm' ? 'inbound' : 'alarm', body(kind === 'alarm' ? 'inbound' : 'alarm', p));
    expectError(await call(t.app, admin, 'DELETE', `${url(kind)}/${a.id},${other.id}`), '404-101', { format: 'json', details: [{ key: 'id', value: other.id }] });
    expect(await t.db.prisma.workflow.count({ where: { id: { in: [BigInt(a.id), BigInt(b.id)] } } })).toBe(2);
    const before = await configVersion(t.db);
    noContent(await call(t.app, admin, 'DELETE', `${url(kind)}/${a.id}%2C${b.id}`, { fmt: 'xml' }), 'xml');
    expect(await t.db.prisma.workflow.count({ where: { id: { in: [BigInt(a.id), BigInt(b.id)] } } })).toBe(0);
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expectError(await call(t.app, admin, 'DELETE', `${url(kind)}/${a.id}`), '404-101', { format: 'json' });
    expectError(await call(t.app, admin, 'DELETE', `${url(kind)}/abc`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'abc' }] });
  });
});
