// Inbound and outbound workflow evaluation (07 §10.1, §10.2) as the email channel calls it (05 §9.3 step 5, §9.6): on
// the database, inside a transaction and on the root client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createUser } from '../../../helpers/auth.ts';
import { insertCustomer } from '../../../helpers/interaction.ts';
import { defineAttribute } from '../../customer/support.ts';
import { unique } from '../department/support.ts';
import {
  htmlToText,
  outboundActions,
  routeInbound,
  textToHtml,
  type InboundEmail,
  type OutboundEmail,
} from '../../../../src/areas/administration/workflow/workflow.evaluate.ts';
import { place, type Place } from './support.ts';

let t: TestApp;

beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

type Row = { kind?: 'inbound' | 'outbound'; order?: number; state?: string; conditions?: object; actions?: object; departmentId?: bigint };

/** A workflow row in the stored form (07 §10: the API's JSON with ids as strings). */
async function workflow(p: Place, row: Row) {
  return t.db.prisma.workflow.create({
    data: {
      kind: row.kind ?? 'inbound',
      name: unique('WF'),
      departmentId: row.departmentId ?? p.department.id,
      state: row.state ?? 'active',
      order: row.order ?? 1,
      conditions: row.conditions ?? {},
      actions: row.actions ?? {},
    },
  });
}

const s = (id: bigint) => String(id);
const toQueue = (id: bigint, priority?: number) => ({ route: { queue: { id: s(id) } }, ...(priority === undefined ? {} : { priority }) });

async function attributeValue(customerId: bigint, name: string, values: string[]) {
  const def = await t.db.prisma.customAttributeDefinition.findUniqueOrThrow({ where: { objectType_name: { objectType: 'customer', name } } });
  await t.db.prisma.customerAttributeValue.createMany({
    data: values.map((value, position) => ({ customerId, definitionId: def.id, position, value, key: value })),
  });
}

describe('routeInbound (07 §10.1)', () => {
  let p: Place;
  let email: InboundEmail;

  beforeAll(async () => {
    p = await place(t, 'IN');
    const customer = await insertCustomer(t.db, { departmentId: p.department.id });
    email = {
      departmentId: p.department.id,
      aliasId: p.alias.id,
      aliasQueueId: p.queue.id,
      subject: 'Question about my INVOICE',
      text: 'Please call me back.',
      html: '<p>Please <b>call</b> me back.</p>',
      customerId: customer.id,
    };
  });

  const route = (e: Partial<InboundEmail> = {}) => t.db.prisma.$transaction((tx) => routeInbound(tx, { ...email, ...e }));

  it('answers the alias queue when the department has no matching workflow', async () => {
    const q = await place(t, 'EMPTY');
    expect(await routeInbound(t.db.prisma, { ...email, departmentId: q.department.id, aliasId: q.alias.id, aliasQueueId: q.queue.id })).toEqual({ queueId: q.queue.id });
  });

  it('takes the first matching active workflow in ascending order, ties by id, within the department only', async () => {
    const q = await place(t, 'ORD');
    const other = await place(t, 'OTH');
    const e = { ...email, departmentId: q.department.id, aliasId: q.alias.id, aliasQueueId: q.queue.id };
    await workflow(other, { order: 1, actions: toQueue(other.queue2.id) });
    await workflow(q, { order: 1, state: 'inactive', actions: toQueue(other.queue.id) });
    await workflow(q, { order: 3, actions: toQueue(q.queue.id, 2) });
    const first = await workflow(q, { order: 2, actions: toQueue(q.queue2.id, 9) });
    await workflow(q, { order: 2, actions: toQueue(q.queue.id, 1) });
    expect(first.order).toBe(2);
    expect(await t.db.prisma.$transaction((tx) => routeInbound(tx, e))).toEqual({ queueId: q.queue2.id, priority: 9 });
  });

  it('matches aliases, subject keywords (case-insensitive substring) and body keywords', async () => {
    const q = await place(t, 'KW');
    const base = { ...email, departmentId: q.department.id, aliasId: q.alias.id, aliasQueueId: q.queue.id };
    const r = (e: Partial<InboundEmail>) => t.db.prisma.$transaction((tx) => routeInbound(tx, { ...base, ...e }));
    await workflow(q, { order: 1, conditions: { aliases: { alias: [{ id: '999999999' }] } }, actions: toQueue(q.queue2.id, 1) });
    await workflow(q, { order: 2, conditions: { aliases: { alias: [{ id: s(q.alias.id) }] }, subjectKeywords: { keyword: ['refund', 'Invoice'] } }, actions: toQueue(q.queue2.id, 2) });
    await workflow(q, { order: 3, conditions: { bodyKeywords: { keyword: ['CALL ME'] } }, actions: toQueue(q.queue2.id, 3) });
    await workflow(q, { order: 4, conditions: { bodyKeywords: { keyword: ['<b>', 'nbsp'] } }, actions: toQueue(q.queue2.id, 4) });
    expect(await r({})).toEqual({ queueId: q.queue2.id, priority: 2 });
    expect(await r({ subject: 'Hello' })).toEqual({ queueId: q.queue2.id, priority: 3 });
    // Without a text part, the HTML with tags removed: tags and entities are not text.
    expect(await r({ subject: 'Hello', text: null, html: '<p>Please <b>call</b>&nbsp;me back</p>' })).toEqual({ queueId: q.queue.id });
    expect(await r({ subject: 'Hello', text: null, html: '<p>Please <b>call</b> me back</p>' })).toEqual({ queueId: q.queue2.id, priority: 3 });
    // With a text part, the HTML part is not read.
    expect(await r({ subject: 'Hello', text: 'nothing', html: '<p>call me</p>' })).toEqual({ queueId: q.queue.id });
    expect(await r({ subject: 'Hello', text: null, html: null })).toEqual({ queueId: q.queue.id });
  });

  it('matches customer attributes case-insensitively: every listed attribute, any listed value', async () => {
    const q = await place(t, 'CA');
    const tier = await defineAttribute(t, { name: unique('tier_') });
    const level = await defineAttribute(t, { dataType: 'integer' });
    const gold = await insertCustomer(t.db, { departmentId: q.department.id });
    const silver = await insertCustomer(t.db, { departmentId: q.department.id });
    const none = await insertCustomer(t.db, { departmentId: q.department.id });
    await attributeValue(gold.id, tier, ['GOLD']);
    await attributeValue(gold.id, level, ['7']);
    await attributeValue(silver.id, tier, ['silver']);
    const attr = (name: string, ...values: string[]) => ({ attribName: name, attribValues: { attribValue: values.map((value) => ({ value })) } });
    await workflow(q, { order: 1, conditions: { customerAttributes: { customAttribute: [attr(tier, 'gold', 'platinum'), attr(level, '007')] } }, actions: toQueue(q.queue2.id, 10) });
    await workflow(q, { order: 2, conditions: { customerAttributes: { customAttribute: [attr(tier, 'Silver')] } }, actions: toQueue(q.queue2.id, 6) });
    const r = (customerId: bigint) => route({ departmentId: q.department.id, aliasId: q.alias.id, aliasQueueId: q.queue.id, customerId });
    expect(await r(gold.id)).toEqual({ queueId: q.queue2.id, priority: 10 });
    expect(await r(silver.id)).toEqual({ queueId: q.queue2.id, priority: 6 });
    expect(await r(none.id)).toEqual({ queueId: q.queue.id });
  });

  it('routes to an enabled user, and to the alias queue (keeping the priority) when the user is not enabled', async () => {
    const q = await place(t, 'USR');
    const disabled = await createUser(t.db, { departmentId: q.department.id, state: 'disabled' });
    const base = { departmentId: q.department.id, aliasId: q.alias.id, aliasQueueId: q.queue.id };
    await workflow(q, { order: 1, conditions: { subjectKeywords: { keyword: ['vip'] } }, actions: { route: { user: { id: s(q.user.id) } } } });
    await workflow(q, { order: 2, conditions: { subjectKeywords: { keyword: ['urgent'] } }, actions: { route: { user: { id: s(disabled.id) } }, priority: 7 } });
    expect(await route({ ...base, subject: 'VIP customer' })).toEqual({ userId: q.user.id });
    expect(await route({ ...base, subject: 'Urgent!' })).toEqual({ queueId: q.queue.id, priority: 7 });
    expect(await route({ ...base, subject: 'other' })).toEqual({ queueId: q.queue.id });
  });
});

describe('outboundActions (07 §10.2)', () => {
  let p: Place;
  let email: OutboundEmail;

  beforeAll(async () => {
    p = await place(t, 'OUT');
    email = { departmentId: p.department.id, aliasId: p.alias.id, queueId: p.queue.id, subject: 'Re: your order' };
  });

  const actions = (e: Partial<OutboundEmail> = {}, base = email) => t.db.prisma.$transaction((tx) => outboundActions(tx, { ...base, ...e }));

  it('answers nothing to do when no workflow matches', async () => {
    expect(await actions()).toEqual({ bcc: [] });
    expect(await outboundActions(t.db.prisma, email)).toEqual({ bcc: [] });
  });

  it('takes the first matching workflow: aliases, queues and subject keywords; the message with its missing type derived', async () => {
    const q = await place(t, 'OM');
    const base = { departmentId: q.department.id, aliasId: q.alias.id, queueId: q.queue.id, subject: 'Re: ORDER 12' };
    const html = await t.db.prisma.standardMessage.create({ data: { name: 'h', departmentId: q.department.id, languageId: 1n, html: '<p>Kind &amp; warm<br/>regards</p><p>Team</p>' } });
    const both = await t.db.prisma.standardMessage.create({ data: { name: 'b', departmentId: q.department.id, languageId: 1n, text: 'T', html: '<i>H</i>' } });
    await workflow(q, { kind: 'outbound', order: 1, state: 'inactive', actions: { bcc: { address: ['inactive@example.com'] } } });
    await workflow(q, { kind: 'outbound', order: 2, conditions: { queues: { queue: [{ id: s(q.queue2.id) }] } }, actions: { appendMessage: { message: { id: s(both.id) } } } });
    await workflow(q, { kind: 'outbound', order: 3, conditions: { aliases: { alias: [{ id: s(q.alias.id) }] }, subjectKeywords: { keyword: ['order'] } }, actions: { appendMessage: { message: { id: s(q.message.id) } }, bcc: { address: ['a@example.com', 'b@example.com'] } } });
    await workflow(q, { kind: 'outbound', order: 4, conditions: { subjectKeywords: { keyword: ['invoice'] } }, actions: { appendMessage: { message: { id: s(html.id) } } } });
    await workflow(q, { kind: 'outbound', order: 5, conditions: { aliases: { alias: [{ id: s(q.alias.id) }] } }, actions: { bcc: { address: ['last@example.com'] } } });
    expect(await actions({}, base)).toEqual({
      append: { text: 'Kind regards,\nSupport <team>', html: 'Kind regards,<br/>Support &lt;team&gt;' },
      bcc: ['a@example.com', 'b@example.com'],
    });
    expect(await actions({ queueId: q.queue2.id }, base)).toEqual({ append: { text: 'T', html: '<i>H</i>' }, bcc: [] });
    expect(await actions({ subject: 'Your invoice', aliasId: null }, base)).toEqual({ append: { text: 'Kind & warm\nregards\nTeam', html: '<p>Kind &amp; warm<br/>regards</p><p>Team</p>' }, bcc: [] });
    // Conditions on the alias or the queue do not match an email without one.
    expect(await actions({ subject: 'Hello', queueId: null }, base)).toEqual({ bcc: ['last@example.com'] });
    expect(await actions({ subject: 'Hello', aliasId: null, queueId: null }, base)).toEqual({ bcc: [] });
  });
});

describe('text helpers', () => {
  it('derives HTML by escaping and <br/>, text by removing tags', () => {
    expect(textToHtml(`a < b & "c" 'd'\r\nline\nend`)).toBe('a &lt; b &amp; &quot;c&quot; &#39;d&#39;<br/>line<br/>end');
    expect(htmlToText('<html><head><style>p{}</style><script>x()</script></head><body><!-- c --><h1>Title</h1><p>A&lt;B &#65;&#x42;</p>x<br>y</body></html>')).toBe('Title\nA<B AB\nx\ny');
  });
});
