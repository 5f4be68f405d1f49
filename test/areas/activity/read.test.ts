// V1 and V2 (05 §9.1, §9.2) over activities inserted as the creating APIs would write them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createDepartment, createUser, login } from '../../helpers/auth.ts';
import { expectError } from '../../conformance/support.ts';
import { canonicalXml } from '../../helpers/xml-canonical.ts';

const URL = '/system/ws/v12/interaction/activity';
let t: TestApp;
let dept: { id: bigint; name: string };
let other: { id: bigint; name: string };
let admin: { headers: Record<string, string> };
let agent: { headers: Record<string, string> };
let outsider: { headers: Record<string, string> };
let jenny: { id: bigint; screenName: string };
let ids: { email: bigint; chat: bigint; draft: bigint; foreign: bigint; customer: bigint; case: bigint; point: bigint };

beforeAll(async () => {
  t = await getTestApp();
  const db = t.db.prisma;
  dept = await createDepartment(t.db);
  other = await createDepartment(t.db);
  const a = await createUser(t.db, { roles: ['administrator'], departmentId: dept.id });
  const g = await createUser(t.db, { roles: ['agent'], departmentId: dept.id });
  const o = await createUser(t.db, { roles: ['agent'], departmentId: other.id });
  jenny = g;
  admin = await login(t.app, a.loginId);
  agent = await login(t.app, g.loginId);
  outsider = await login(t.app, o.loginId);
  const customer = await db.customer.create({ data: { type: 'individual', customerName: 'Ann Lee', departmentId: dept.id } });
  const person = await db.contactPerson.create({ data: { customerId: customer.id, firstName: 'Ann', lastName: 'Lee' } });
  const point = await db.contactPoint.create({ data: { customerId: customer.id, contactPersonId: person.id, kind: 'email', emailAddress: 'ann@example.com', priority: 3 } });
  const queue = await db.queue.create({ data: { name: 'Email Support', departmentId: dept.id, channels: ['email', 'chat'] } });
  const entryPoint = await db.entryPoint.create({ data: { name: `Web chat ${dept.id}`, departmentId: dept.id, queueId: queue.id } });
  const kase = await db.case.create({ data: { departmentId: dept.id, customerId: customer.id, subject: 'Issue with mobile phone', originatingChannel: 'email' } });
  const base = { caseId: kase.id, customerId: customer.id, contactPersonId: person.id, contactPointId: point.id, departmentId: dept.id, queueId: queue.id };
  const email = await db.activity.create({
    data: { ...base, type: 'email', subtype: 'general', mode: 'inbound', status: 'assigned', substatus: 'in_progress', assignedUserId: g.id, subject: 'Issue with mobile phone', lastModifiedById: g.id, userLastWorkedId: g.id },
  });
  await db.activityContent.create({
    data: { activityId: email.id, emailDate: new Date('2024-05-02T10:15:00.000Z'), fromAddress: 'ann@example.com', receiverAddress: 'support@example.com', toAddresses: ['support@example.com'], text: 'My phone does not charge.', html: '<p>My phone does not charge.</p>' },
  });
  const chat = await db.activity.create({
    data: { ...base, type: 'chat', subtype: 'general', mode: 'inbound', status: 'completed', substatus: 'done', assignedUserId: g.id, entryPointId: entryPoint.id, createdAt: new Date('2020-11-24T08:47:00.000Z'), completedAt: new Date('2020-11-24T09:10:00.000Z') },
  });
  await db.chatMessage.createMany({
    data: [
      { activityId: chat.id, sequence: 1, sentAt: new Date('2020-11-24T08:47:05.000Z'), senderType: 'system', text: `You are now chatting with ${g.screenName}` },
      { activityId: chat.id, sequence: 2, sentAt: new Date('2020-11-24T08:48:00.000Z'), senderType: 'customer', senderName: 'Ann Lee', text: 'Hi, my phone does not charge' },
      { activityId: chat.id, sequence: 3, sentAt: new Date('2020-11-24T08:48:20.000Z'), senderType: 'agent', userId: g.id, senderName: g.screenName, text: 'Hello Ann, let me check' },
    ],
  });
  const draft = await db.activity.create({ data: { ...base, type: 'email', subtype: 'compose', mode: 'outbound', status: 'assigned', substatus: 'in_progress', assignedUserId: g.id } });
  const otherCustomer = await db.customer.create({ data: { type: 'corporate', customerName: 'Other', departmentId: other.id } });
  const otherCase = await db.case.create({ data: { departmentId: other.id, customerId: otherCustomer.id, originatingChannel: 'email' } });
  const foreign = await db.activity.create({ data: { caseId: otherCase.id, customerId: otherCustomer.id, departmentId: other.id, type: 'task', subtype: 'general', mode: 'inbound', status: 'awaiting_assignment', substatus: 'in_queue' } });
  ids = { email: email.id, chat: chat.id, draft: draft.id, foreign: foreign.id, customer: customer.id, case: kase.id, point: point.id };
});
afterAll(async () => t?.close());

const get = (who: { headers: Record<string, string> }, url: string, accept = 'application/json') => t.app.inject({ method: 'GET', url, headers: { ...who.headers, accept } });

describe('V1 get activities by ids', () => {
  it('returns the default set of 05 §7 (status with assigned user, queue, embedded customer with its contact point)', async () => {
    const res = await get(agent, `${URL}/${ids.email}`);
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json().activity[0];
    expect(Object.keys(a)).toEqual(['id', 'link', 'case', 'department', 'mode', 'type', 'status', 'queue', 'subject', 'priority', 'language', 'isSecure', 'customer', 'lastModified']);
    expect(a.type).toEqual({ value: 'email', displayValue: 'Email', subtype: { value: 'general', displayValue: 'General' } });
    expect(a.status).toEqual({
      value: 'assigned',
      displayValue: 'Assigned',
      substatus: { value: 'in_progress', displayValue: 'In progress' },
      assigned: { user: { id: String(jenny.id), name: jenny.screenName, firstName: 'Test', lastName: 'User' } },
    });
    expect(a.case).toEqual({ id: String(ids.case), link: { rel: 'case', href: `/system/ws/v12/interaction/case/${ids.case}` } });
    expect(a.language).toEqual({ value: 'en', displayValue: 'English' });
    expect(a.customer.contactPersons.contactPerson[0].contactPoints.contactPoint[0]).toEqual({
      id: String(ids.point),
      type: { value: 'email', displayValue: 'Email', email: { emailAddress: 'ann@example.com' } },
      priority: { value: 'high', displayValue: 'High' },
    });
  });

  it('returns the email payload and the other groups with $attribute=all, in XML with the namespaces of 05 §7', async () => {
    const json = (await get(agent, `${URL}/${ids.email}?$attribute=all`)).json().activity[0];
    expect(json.payload.email).toEqual({
      date: { date: '2024-05-02T10:15:00.000Z' },
      contents: { content: [{ type: 'text', value: 'My phone does not charge.' }, { type: 'html', value: '<p>My phone does not charge.</p>' }] },
      emailAddresses: { from: 'ann@example.com', receiver: 'support@example.com', to: { address: ['support@example.com'] } },
    });
    expect(json.contactPointData).toBe('ann@example.com');
    expect(json.notes).toEqual({ link: { rel: 'note', href: `${URL}/${ids.email}/note` } });
    expect(json.userLastWorked.user.id).toBe(String(jenny.id));
    const xml = canonicalXml((await get(agent, `${URL}/${ids.email}?$attribute=payload`, 'application/xml')).body);
    const act = 'http://bindings.egain.com/ws/model/v12/gen/interaction/activity';
    const item = xml.children[0]!;
    expect(item.name).toBe(`{${act}}activity`);
    const status = item.children.find((c) => c.name === `{${act}}status`)!;
    expect(status.children.map((c) => c.name)).toEqual([
      '{http://bindings.egain.com/ws/model/v12/gen/common}value',
      '{http://bindings.egain.com/ws/model/v12/gen/common}displayValue',
      `{${act}}substatus`,
      `{${act}}assigned`,
    ]);
    const customer = item.children.find((c) => c.name === `{${act}}customer`)!;
    expect(customer.children.map((c) => c.name.replace(/^\{[^}]*\/(\w+)\}/, '$1:'))).toEqual(['customer:link', 'customer:customerName', 'customer:type', 'customer:contactPersons']);
  });

  it('renders the chat transcript from the messages, with the options of §9.1', async () => {
    const a = (await get(agent, `${URL}/${ids.chat}?$attribute=payload,contactPointData,created,userLastWorked`)).json().activity[0];
    const [html, text] = a.payload.chat.transcript.content;
    expect(html.type).toBe('html');
    expect(html.value).toContain('<div class="chatStartTime"><b>CHAT STARTED AT</b> 8:47 AM (24 Nov 2020)</div>');
    expect(text.value.split('\n')[2]).toBe('Ann Lee 8:48 AM Hi, my phone does not charge');
    expect(a.payload.chat.isConference).toEqual({ value: false, users: { user: [{ id: String(jenny.id), name: jenny.screenName, firstName: 'Test', lastName: 'User' }] } });
    const shifted = (await get(agent, `${URL}/${ids.chat}?$attribute=payload&timeOffset=-05:00&transcriptDatetimeFormat=HH:mm`)).json().activity[0];
    expect(shifted.payload.chat.transcript.content[1].value.split('\n')[0]).toBe('CHAT STARTED AT 03:47');
  });

  it('refuses payload parameters with several ids (400-104) and bad values (400-102)', async () => {
    expectError(await get(agent, `${URL}/${ids.chat},${ids.email}?timeOffset=60&payloadVersion=external`), '400-104', {
      format: 'json',
      details: [{ key: 'timeOffset', value: '60' }, { key: 'payloadVersion', value: 'external' }],
    });
    expectError(await get(agent, `${URL}/${ids.chat}?timeOffset=15:00`), '400-102', { format: 'json' });
    expectError(await get(agent, `${URL}/${ids.chat}?transcriptDatetimeFormat=h:mm%20x`), '400-102', { format: 'json' });
    expectError(await get(agent, `${URL}/${ids.chat}?payloadVersion=both`), '400-102', { format: 'json' });
  });

  it('treats activities of other departments as missing (404-101 naming them), all or nothing', async () => {
    const res = await get(agent, `${URL}/${ids.email},${ids.foreign},9999999`);
    const body = expectError(res, '404-101', { format: 'json' });
    expect(body.details).toEqual([{ key: 'id', value: String(ids.foreign) }, { key: 'id', value: '9999999' }]);
    expect((await get(admin, `${URL}/${ids.foreign}`)).statusCode).toBe(200);
    expect((await get(outsider, `${URL}/${ids.email}`)).statusCode).toBe(404);
  });
});

describe('V2 search activities', () => {
  it('finds by case, customer, status (open = every open status), type with another criterion', async () => {
    const ids_ = async (q: string, who = agent) => {
      const res = await get(who, `${URL}?${q}`);
      return res.statusCode === 204 ? [] : (res.json().activity as { id: string }[]).map((a) => a.id);
    };
    expect(await ids_(`case=${ids.case}`)).toEqual([ids.email, ids.chat, ids.draft].map(String));
    expect(await ids_(`customer=${ids.customer}&status=open`)).toEqual([ids.email, ids.draft].map(String));
    expect(await ids_(`customer=${ids.customer}&status=completed:done&type=chat`)).toEqual([String(ids.chat)]);
    expect(await ids_(`customer=${ids.customer}&mode=outbound`)).toEqual([String(ids.draft)]);
    expect(await ids_(`assignedUserName=${jenny.screenName.toUpperCase()}&type=email`)).toEqual([ids.email, ids.draft].map(String));
    expect(await ids_(`status=awaiting_assignment`, outsider)).toEqual([String(ids.foreign)]);
    expect(await ids_(`status=awaiting_assignment`)).toEqual([]);
    const page = (await get(agent, `${URL}?case=${ids.case}&$sort=createdDate&$pagesize=2`)).json();
    expect(page.paginationInfo).toMatchObject({ count: 3, pagenum: 1, pagesize: 2 });
  });

  it('refuses type alone (400-103), bare instants (400-102) and unknown names (400-101)', async () => {
    expectError(await get(agent, `${URL}?type=email`), '400-103', { format: 'json' });
    expectError(await get(agent, `${URL}?type=email&createdDate=2024-01-01T00:00:00.000Z`), '400-102', { format: 'json' });
    expectError(await get(agent, `${URL}?status=completed:new`), '400-102', { format: 'json' });
    expectError(await get(agent, `${URL}?createdDate!=[2024-01-01,]`), '400-101', { format: 'json' });
  });
});
