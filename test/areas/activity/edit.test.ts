// V6 — edit activities (05 §9.7): open activities (subject, priority, dueDate, language, custom attributes), content of
// completed ones (administrator and supervisor only), T11 and userLastWorked, batches all or nothing; JSON and XML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError } from '../../conformance/support.ts';
import { createDepartment } from '../../helpers/auth.ts';
import {
  ACT_NS,
  ACTIVITY,
  activity,
  CMN_NS,
  attr,
  byType,
  call,
  content,
  customAttributes,
  customerSession,
  defineAttribute,
  noContent,
  readActivity,
  row,
  sessionCustomer,
  world,
  type World,
} from './edit-support.ts';

let t: TestApp;
let w: World;
let rating: string;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  rating = await defineAttribute(t, { objectType: 'activity', dataType: 'integer', minimum: '1', maximum: '5' });
});
afterAll(async () => t?.close());

const put = (who: { headers: Record<string, string> } | null, body: unknown) => call(t.app, who, 'PUT', ACTIVITY, { body });
const putXml = (who: { headers: Record<string, string> } | null, xml: string) => call(t.app, who, 'PUT', ACTIVITY, { xml });
const future = '2030-11-30T18:30:00.000Z';
const ACT = ACT_NS;
const CMN = CMN_NS;

describe('V6 open activities', () => {
  it('the §9.7 JSON example: dueDate, priority as a string, language, a custom attribute → 204; V1 shows them; userLastWorked = caller', async () => {
    const a = await activity(t, w, { lastModifiedAt: new Date('2024-05-02T10:20:00.000Z') });
    noContent(
      await put(w.agent, {
        activity: [
          {
            id: String(a.id),
            lastModified: { date: '2024-05-02T10:20:00.000Z' },
            dueDate: future,
            priority: '7',
            language: { value: 'PT_br' },
            subject: 'New subject',
            ...customAttributes(attr(rating, '5')),
          },
        ],
      }),
    );
    const v = await readActivity(t, w.agent, a.id);
    expect(v.subject).toBe('New subject');
    expect(v.priority).toBe(7);
    expect(v.dueDate).toBe(future);
    expect(v.language.value).toBe('pt-BR');
    expect(v.customAttributes?.customAttribute).toEqual([attr(rating, '5')]);
    expect(v.userLastWorked?.user.id).toBe(String(w.agent.user.id));
    expect(v.lastModified.user?.id).toBe(String(w.agent.user.id));
    expect(Date.parse(v.lastModified.date)).toBeGreaterThan(Date.parse('2024-05-02T10:20:00.000Z'));
  });

  it('the §9.7 XML example → 204; an empty dueDate clears it', async () => {
    const a = await activity(t, w);
    const stamp = (await row(t, a.id)).lastModifiedAt.toISOString();
    const xml = `<activities xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/activity" xmlns:cmn="http://bindings.egain.com/ws/model/v12/gen/common">
  <activity id="${a.id}">
    <lastModified date="${stamp}"/>
    <dueDate>${future}</dueDate>
    <priority>5</priority>
    <language><cmn:value>es</cmn:value></language>
    <customAttributes>
      <cmn:customAttribute>
        <cmn:attribName>${rating}</cmn:attribName>
        <cmn:attribValues><cmn:attribValue><cmn:value>4</cmn:value></cmn:attribValue></cmn:attribValues>
      </cmn:customAttribute>
    </customAttributes>
  </activity>
</activities>`;
    noContent(await putXml(w.agent, xml));
    const r = await row(t, a.id);
    expect([r.dueDate?.toISOString(), r.priority, r.language]).toEqual([future, 5, 'es']);
    expect((await readActivity(t, w.agent, a.id, '$attribute=custom')).customAttributes?.customAttribute).toEqual([attr(rating, '4')]);
    noContent(await put(w.agent, { activity: { id: String(a.id), dueDate: '' } }));
    expect((await row(t, a.id)).dueDate).toBeNull();
    noContent(await putXml(w.agent, `<activities xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/activity"><activity id="${a.id}"><dueDate>${future}</dueDate></activity></activities>`));
    expect((await row(t, a.id)).dueDate?.toISOString()).toBe(future);
  });

  it('dueDate takes any instant, a past one too (05 §5.1 asks no future date of an activity), in JSON and XML', async () => {
    const a = await activity(t, w);
    const past = '2001-01-01T00:00:00.000Z';
    noContent(await put(w.agent, { activity: [{ id: String(a.id), dueDate: past }] }));
    expect((await row(t, a.id)).dueDate?.toISOString()).toBe(past);
    expect((await readActivity(t, w.agent, a.id, '')).dueDate).toBe(past);
    const now = new Date().toISOString();
    noContent(await putXml(w.agent, `<activities xmlns="${ACT}"><activity id="${a.id}"><dueDate>${now}</dueDate></activity></activities>`));
    expect((await row(t, a.id)).dueDate?.toISOString()).toBe(now);
  });

  it('null clears (01 §3.2): subject → empty, dueDate removed, priority → 5, language → en; JSON null, "", an empty value', async () => {
    const a = await activity(t, w);
    const set = { id: String(a.id), subject: 'Set', dueDate: future, priority: 9, language: { value: 'es' } };
    noContent(await put(w.agent, { activity: [set] }));
    noContent(await put(w.agent, { activity: [{ id: String(a.id), subject: null, dueDate: null, priority: null, language: null }] }));
    let r = await row(t, a.id);
    expect([r.subject, r.dueDate, r.priority, r.language]).toEqual(['', null, 5, 'en']);
    const v = await readActivity(t, w.agent, a.id, '');
    expect([v.subject, v.dueDate, v.priority, v.language.value]).toEqual([undefined, undefined, 5, 'en']);
    noContent(await put(w.agent, { activity: [set] }));
    noContent(await put(w.agent, { activity: [{ id: String(a.id), subject: '', dueDate: '', priority: '', language: { value: '' } }] }));
    r = await row(t, a.id);
    expect([r.subject, r.dueDate, r.priority, r.language]).toEqual(['', null, 5, 'en']);
    // One field alone is an edit.
    noContent(await put(w.agent, { activity: [set] }));
    noContent(await put(w.agent, { activity: [{ id: String(a.id), language: null }] }));
    expect((await row(t, a.id)).language).toBe('en');
  });

  it('XML: an empty element or xsi:nil clears each field', async () => {
    const a = await activity(t, w);
    const set = { id: String(a.id), subject: 'Set', dueDate: future, priority: 9, language: { value: 'es' } };
    const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
    noContent(await put(w.agent, { activity: [set] }));
    noContent(await putXml(w.agent, `<activities xmlns="${ACT}" xmlns:cmn="${CMN}"><activity id="${a.id}"><subject/><dueDate/><priority/><language><cmn:value/></language></activity></activities>`));
    let r = await row(t, a.id);
    expect([r.subject, r.dueDate, r.priority, r.language]).toEqual(['', null, 5, 'en']);
    noContent(await put(w.agent, { activity: [set] }));
    const nil = (name: string) => `<${name} xsi:nil="true"/>`;
    noContent(await putXml(w.agent, `<activities xmlns="${ACT}" xmlns:xsi="${XSI}"><activity id="${a.id}">${['subject', 'dueDate', 'priority', 'language'].map(nil).join('')}</activity></activities>`));
    r = await row(t, a.id);
    expect([r.subject, r.dueDate, r.priority, r.language]).toEqual(['', null, 5, 'en']);
  });

  it('T11: an edit by the assigned user moves assigned/new to in_progress; by another user it stays new', async () => {
    const mine = await activity(t, w, { assignedUserId: w.agent.user.id, substatus: 'new' });
    const theirs = await activity(t, w, { assignedUserId: w.agent.user.id, substatus: 'new' });
    noContent(await put(w.agent, { activity: [{ id: String(mine.id), priority: 9 }] }));
    noContent(await put(w.supervisor, { activity: [{ id: String(theirs.id), priority: 9 }] }));
    const [m, o] = [await row(t, mine.id), await row(t, theirs.id)];
    expect([m.status, m.substatus, m.priority, m.userLastWorkedId]).toEqual(['assigned', 'in_progress', 9, w.agent.user.id]);
    expect([o.status, o.substatus, o.priority, o.userLastWorkedId]).toEqual(['assigned', 'new', 9, w.supervisor.user.id]);
  });

  it('a chat that is open takes field edits; a payload with a value on an open activity → 409-102, nothing changed', async () => {
    const chat = await activity(t, w, { type: 'chat' });
    noContent(await put(w.agent, { activity: [{ id: String(chat.id), subject: 'Chat subject' }] }));
    expect((await row(t, chat.id)).subject).toBe('Chat subject');
    const a = await activity(t, w);
    const body = { activity: [{ id: String(a.id), subject: 'changed', payload: { email: { contents: { content: [{ type: 'text', value: 'x' }] } } } }] };
    expectError(await put(w.admin, body), '409-102', { format: 'json', details: [{ key: 'id', value: String(a.id) }] });
    expect((await row(t, a.id)).subject).toBe('Issue');
    // An empty payload has no value: ignored.
    noContent(await put(w.agent, { activity: [{ id: String(a.id), subject: 'changed', payload: {} }] }));
    expect((await row(t, a.id)).subject).toBe('changed');
  });

  it('400-153 when the only field is a payload without a value ({}, an empty type, no content), open or completed', async () => {
    const open = await activity(t, w);
    const done = await activity(t, w, { status: 'completed' });
    const before = (await row(t, open.id)).lastModifiedAt;
    for (const a of [open, done]) {
      for (const payload of [{}, { email: {} }, { email: { contents: {} } }, { email: { contents: { content: [] } } }, '']) {
        expectError(await put(w.admin, { activity: [{ id: String(a.id), payload }] }), '400-153', { format: 'json', details: [{ key: 'activity[0]', value: '' }] });
      }
      expectError(await putXml(w.admin, `<activities xmlns="${ACT}"><activity id="${a.id}"><payload/></activity></activities>`), '400-153', {
        format: 'json',
        details: [{ key: 'activity[0]', value: '' }],
      });
      expectError(await putXml(w.admin, `<activities xmlns="${ACT}"><activity id="${a.id}"><payload><email/></payload></activity></activities>`), '400-153', { format: 'json' });
    }
    expect((await row(t, open.id)).lastModifiedAt).toEqual(before);
  });

  it('400-152: priority out of range or not a number, dueDate malformed, bad language, long subject, unknown attribute', async () => {
    const a = await activity(t, w);
    const id = String(a.id);
    const bad = async (item: Record<string, unknown>, key: string) =>
      expectError(await put(w.agent, { activity: [{ id, ...item }] }), '400-152', { format: 'json', details: [{ key, value: expect.any(String) as unknown as string }] });
    await bad({ priority: 0 }, 'activity[0].priority');
    await bad({ priority: '11' }, 'activity[0].priority');
    await bad({ priority: 'high' }, 'activity[0].priority');
    await bad({ priority: 2.5 }, 'activity[0].priority');
    await bad({ dueDate: 'tomorrow' }, 'activity[0].dueDate');
    await bad({ language: { value: 'not a tag' } }, 'activity[0].language.value');
    await bad({ subject: 'x'.repeat(1025) }, 'activity[0].subject');
    await bad(customAttributes(attr('no_such_attribute', '1')), 'activity[0].customAttributes.customAttribute[0].attribName');
    await bad(customAttributes(attr(rating, '9')), 'activity[0].customAttributes.customAttribute[0].attribValues.attribValue[0].value');
    const r = await row(t, a.id);
    expect([r.priority, r.dueDate, r.language, r.subject]).toEqual([5, null, 'en', 'Issue']);
  });

  it('400-153 no editable field, no id, empty list; 400-152 an id twice; 400-160 over 75 items; 400-150 no body', async () => {
    const a = await activity(t, w);
    const id = String(a.id);
    expectError(await put(w.agent, { activity: [{ id, lastModified: { date: '2024-01-01T00:00:00.000Z' }, status: { value: 'completed' } }] }), '400-153', {
      format: 'json',
      details: [{ key: 'activity[0]', value: '' }],
    });
    expectError(await put(w.agent, { activity: [{ priority: 3 }] }), '400-153', { format: 'json' });
    expectError(await put(w.agent, { activity: [] }), '400-153', { format: 'json' });
    expectError(await put(w.agent, { activity: [{ id, priority: 3 }, { id, priority: 4 }] }), '400-152', { format: 'json' });
    const many = Array.from({ length: 76 }, (_, i) => ({ id: String(1000000 + i), priority: 3 }));
    expectError(await put(w.agent, { activity: many }), '400-160', { format: 'json' });
    expectError(await call(t.app, w.agent, 'PUT', ACTIVITY, { headers: { 'content-type': 'application/json' } }), '400-150', { format: 'json' });
    expect((await row(t, a.id)).priority).toBe(5);
  });

  it('404-101 naming unknown and foreign-department ids; 409-101 on a stale token; 403-197 for a customer session', async () => {
    const a = await activity(t, w);
    const other = await createDepartment(t.db);
    const foreign = await activity(t, { ...w, dept: { id: other.id, name: other.name } });
    expectError(await put(w.agent, { activity: [{ id: String(a.id), priority: 2 }, { id: '999999997', priority: 2 }, { id: String(foreign.id), priority: 2 }] }), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: '999999997' },
        { key: 'id', value: String(foreign.id) },
      ],
    });
    expectError(await put(w.agent, { activity: [{ id: String(a.id), priority: 2, lastModified: { date: '2001-01-01T00:00:00.000Z' } }] }), '409-101', {
      format: 'json',
      details: [{ key: 'id', value: String(a.id) }],
    });
    expect((await row(t, a.id)).priority).toBe(5);
    const s = await customerSession(t, w.admin);
    const own = await activity(t, w, { customer: sessionCustomer(s) });
    expectError(await put(s, { activity: [{ id: String(own.id), priority: 2 }] }), '403-197', { format: 'json' });
  });

  it('a batch is all or nothing: one stale token leaves every item unchanged; without it every item is written', async () => {
    const [a, b] = [await activity(t, w), await activity(t, w)];
    const stale = { activity: [{ id: String(a.id), subject: 'A2' }, { id: String(b.id), subject: 'B2', lastModified: { date: '2001-01-01T00:00:00.000Z' } }] };
    expectError(await put(w.agent, stale), '409-101', { format: 'json' });
    expect([(await row(t, a.id)).subject, (await row(t, b.id)).subject]).toEqual(['Issue', 'Issue']);
    noContent(await put(w.agent, { activity: [{ id: String(a.id), subject: 'A2' }, { id: String(b.id), subject: 'B2' }] }));
    expect([(await row(t, a.id)).subject, (await row(t, b.id)).subject]).toEqual(['A2', 'B2']);
  });
});

describe('V6 completed activities', () => {
  it('an administrator replaces the text content of a completed email; html stays; custom attributes too; userLastWorked = caller', async () => {
    const a = await activity(t, w, { status: 'completed' });
    await t.db.prisma.activityContent.update({ where: { activityId: a.id }, data: { text: 'card 4111 1111 1111 1111', html: '<p>old</p>' } });
    const body = { activity: [{ id: String(a.id), subject: 'Issue', payload: { email: { contents: { content: { type: 'text', value: 'redacted' } } } }, ...customAttributes(attr(rating, '3')) }] };
    noContent(await put(w.admin, body));
    const v = await readActivity(t, w.admin, a.id);
    expect(byType(v.payload?.email?.contents?.content)).toEqual({ text: 'redacted', html: '<p>old</p>' });
    expect(v.customAttributes?.customAttribute).toEqual([attr(rating, '3')]);
    expect(v.userLastWorked?.user.id).toBe(String(w.admin.user.id));
    expect(v.status.value).toBe('completed');
  });

  it('a completed activity takes its stored past due date back unchanged; a different one is 409-102', async () => {
    const a = await activity(t, w, { status: 'completed' });
    const past = new Date('2024-03-01T12:00:00.000Z');
    await t.db.prisma.activity.update({ where: { id: a.id }, data: { dueDate: past } });
    noContent(await put(w.admin, { activity: [{ id: String(a.id), dueDate: past.toISOString(), payload: { email: { contents: { content: { type: 'text', value: 'x' } } } } }] }));
    expectError(await put(w.admin, { activity: [{ id: String(a.id), dueDate: '2024-03-02T12:00:00.000Z' }] }), '409-102', { format: 'json' });
  });

  it('a supervisor stores a chat transcript override (XML); V1 returns it instead of the rendering', async () => {
    const chat = await activity(t, w, { type: 'chat', status: 'completed' });
    await t.db.prisma.chatMessage.create({ data: { activityId: chat.id, sequence: 1, sentAt: new Date(), senderType: 'customer', senderName: 'Ann Lee', text: 'my card is 4111111111111111' } });
    const rendered = await readActivity(t, w.supervisor, chat.id, '$attribute=payload');
    expect(byType(rendered.payload?.chat?.transcript?.content).text).toContain('4111111111111111');
    const xml = `<activities xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/activity" xmlns:cmn="http://bindings.egain.com/ws/model/v12/gen/common">
  <activity id="${chat.id}"><payload><chat><transcript>
    <cmn:content><cmn:type>html</cmn:type><cmn:value>Contents are removed.</cmn:value></cmn:content>
  </transcript></chat></payload></activity></activities>`;
    noContent(await putXml(w.supervisor, xml));
    const v = await readActivity(t, w.supervisor, chat.id, '$attribute=payload');
    const transcript = byType(v.payload?.chat?.transcript?.content);
    expect(transcript.html).toBe('Contents are removed.');
    expect(transcript.text).toContain('4111111111111111'); // the text type was not given: still rendered
    noContent(await put(w.supervisor, { activity: [{ id: String(chat.id), payload: { chat: { transcript: { content: [{ type: 'text', value: 'Contents are removed.' }] } } } }] }));
    expect(byType((await readActivity(t, w.agent, chat.id, '$attribute=payload')).payload?.chat?.transcript?.content)).toEqual({ html: 'Contents are removed.', text: 'Contents are removed.' });
    expect((await content(t, chat.id))?.text).toBe('Contents are removed.');
  });

  it('order of checks (01 §7.2): 403-197 and 404-101 come before an unknown custom attribute (400-152)', async () => {
    const done = await activity(t, w, { status: 'completed' });
    const unknown = customAttributes(attr('no_such_attribute', '1'));
    expectError(await put(w.agent, { activity: [{ id: String(done.id), ...unknown }] }), '403-197', { format: 'json' });
    expectError(await put(w.admin, { activity: [{ id: '999999996', ...unknown }] }), '404-101', { format: 'json', details: [{ key: 'id', value: '999999996' }] });
    const xml = `<activities xmlns="${ACT}" xmlns:cmn="${CMN}"><activity id="999999996"><customAttributes><cmn:customAttribute><cmn:attribName>no_such_attribute</cmn:attribName></cmn:customAttribute></customAttributes></activity></activities>`;
    expectError(await call(t.app, w.admin, 'PUT', ACTIVITY, { xml, fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: '999999996' }] });
    expectError(await put(w.admin, { activity: [{ id: String(done.id), ...unknown }] }), '400-152', {
      format: 'json',
      details: [{ key: 'activity[0].customAttributes.customAttribute[0].attribName', value: 'no_such_attribute' }],
    });
  });

  it('an agent: 403-197 for the whole batch when an item is on a completed activity, nothing changed', async () => {
    const open = await activity(t, w);
    const done = await activity(t, w, { status: 'completed' });
    const body = { activity: [{ id: String(open.id), subject: 'changed' }, { id: String(done.id), ...customAttributes(attr(rating, '2')) }] };
    expectError(await put(w.agent, body), '403-197', { format: 'json' });
    expect((await row(t, open.id)).subject).toBe('Issue');
    expect((await readActivity(t, w.admin, done.id, '$attribute=custom')).customAttributes).toBeUndefined();
    noContent(await put(w.supervisor, body));
    expect((await row(t, open.id)).subject).toBe('changed');
  });

  it('409-102 when an open-list field differs on a completed activity (the stored value is accepted); 400-152 a payload of another type', async () => {
    const done = await activity(t, w, { status: 'completed' });
    const id = String(done.id);
    expectError(await put(w.admin, { activity: [{ id, subject: 'different' }] }), '409-102', { format: 'json', details: [{ key: 'id', value: id }] });
    expectError(await put(w.admin, { activity: [{ id, priority: 6 }] }), '409-102', { format: 'json' });
    expectError(await put(w.admin, { activity: [{ id, dueDate: future }] }), '409-102', { format: 'json' });
    noContent(await put(w.admin, { activity: [{ id, subject: 'Issue', priority: 5, language: { value: 'EN' }, dueDate: '' }] }));
    expectError(await put(w.admin, { activity: [{ id, payload: { chat: { transcript: { content: [{ type: 'html', value: 'x' }] } } } }] }), '400-152', {
      format: 'json',
      details: [{ key: 'activity[0].payload.chat', value: '' }],
    });
    expectError(await put(w.admin, { activity: [{ id, payload: { email: { contents: { content: [{ type: 'rtf', value: 'x' }] } } } }] }), '400-152', { format: 'json' });
  });
});
