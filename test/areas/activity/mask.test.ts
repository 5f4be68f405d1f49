// V20 — mask (05 §9.16): the masking rules (card numbers with Luhn, social security numbers, html text only), what is
// masked (subject, contents, chat transcripts stored as overrides) and what is not (notes), lastModified, callers,
// batches; JSON and XML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError } from '../../conformance/support.ts';
import { createDepartment } from '../../helpers/auth.ts';
import { luhn, maskHtml, maskText } from '../../../src/areas/activity/activity-mask.ts';
import { MASK, activity, byType, call, content, customerSession, noContent, readActivity, row, sessionCustomer, world, type World } from './edit-support.ts';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

const put = (who: { headers: Record<string, string> } | null, body: unknown) => call(t.app, who, 'PUT', MASK, { body });
const CARD = '4111 1111 1111 1111';

describe('masking rules', () => {
  it('card numbers of 13–19 digits passing Luhn, with single spaces or hyphens kept; others stay', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('1234567890123456')).toBe(false);
    expect(maskText('Card 4111-1111-1111-1111 please')).toBe('Card ****-****-****-**** please');
    expect(maskText('amex 3782 822463 10005.')).toBe('amex **** ****** *****.');
    expect(maskText('visa 4111111111111111 exp')).toBe('visa **************** exp');
    expect(maskText('order 1234 5678 9012 3456')).toBe('order 1234 5678 9012 3456');
    expect(maskText('short 411111111111')).toBe('short 411111111111');
    expect(maskText('card 4111111111111111 123 cvv')).toBe('card **************** 123 cvv');
    expect(maskText('double space 4111  1111 1111 1111')).toBe('double space 4111  1111 1111 1111');
    expect(maskText('glued 94111111111111111')).toBe('glued 94111111111111111');
  });

  it('social security numbers; html text outside tags only', () => {
    expect(maskText('ssn 123-45-6789, not 1234-56-789 nor a123-45-6789')).toBe('ssn ***-**-****, not 1234-56-789 nor a123-45-6789');
    expect(maskHtml(`<p title="${CARD}">${CARD}</p><!-- 123-45-6789 --><b>123-45-6789</b>`)).toBe(
      `<p title="${CARD}">**** **** **** ****</p><!-- 123-45-6789 --><b>***-**-****</b>`,
    );
  });
});

describe('V20 mask', () => {
  it('masks the subject and both contents of an email; lastModified changes, userLastWorked does not; notes stay', async () => {
    const a = await activity(t, w, { subject: `Card ${CARD}`, assignedUserId: w.agent.user.id });
    await t.db.prisma.activityContent.update({
      where: { activityId: a.id },
      data: { text: `My card is ${CARD}, ssn 123-45-6789`, html: `<p class="4111111111111111">My card is ${CARD}</p>` },
    });
    await t.db.prisma.note.create({ data: { activityId: a.id, content: `card ${CARD}` } });
    const before = await row(t, a.id);
    noContent(await put(w.supervisor, { activity: [{ id: String(a.id), lastModified: { date: before.lastModifiedAt.toISOString() } }] }));
    const v = await readActivity(t, w.agent, a.id);
    expect(v.subject).toBe('Card **** **** **** ****');
    expect(byType(v.payload?.email?.contents?.content)).toEqual({
      text: 'My card is **** **** **** ****, ssn ***-**-****',
      html: '<p class="4111111111111111">My card is **** **** **** ****</p>',
    });
    const after = await row(t, a.id);
    expect(after.lastModifiedAt.getTime()).toBeGreaterThan(before.lastModifiedAt.getTime());
    expect(after.lastModifiedById).toBe(w.supervisor.user.id);
    expect(after.userLastWorkedId).toBe(before.userLastWorkedId);
    expect([after.status, after.substatus]).toEqual([before.status, before.substatus]);
    expect((await t.db.prisma.note.findFirstOrThrow({ where: { activityId: a.id } })).content).toBe(`card ${CARD}`);
  });

  it('a completed chat (XML body): the transcript rendered with the V1 defaults is masked and stored as the override of both types', async () => {
    const chat = await activity(t, w, { type: 'chat', status: 'completed' });
    await t.db.prisma.chatMessage.createMany({
      data: [
        { activityId: chat.id, sequence: 1, sentAt: new Date('2024-05-02T10:00:00.000Z'), senderType: 'customer', senderName: 'Ann Lee', text: `card ${CARD}` },
        { activityId: chat.id, sequence: 2, sentAt: new Date('2024-05-02T10:01:00.000Z'), senderType: 'agent', userId: w.agent.user.id, senderName: 'Jenny', text: 'internal 123-45-6789', internal: true },
      ],
    });
    const xml = `<activities xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/activity"><activity id="${chat.id}"/></activities>`;
    noContent(await call(t.app, w.admin, 'PUT', MASK, { xml }));
    const stored = await content(t, chat.id);
    expect(stored?.text).toContain('Ann Lee 10:00 AM card **** **** **** ****');
    expect(stored?.html).toContain('<span class="text">card **** **** **** ****</span>');
    // V1 defaults: internal messages are not part of the stored transcript.
    expect(stored?.text).not.toContain('internal');
    const v = await readActivity(t, w.admin, chat.id, '$attribute=payload&payloadVersion=internal');
    expect(byType(v.payload?.chat?.transcript?.content)).toEqual({ html: stored?.html, text: stored?.text });
  });

  it('a chat with a stored override of one type: that override is masked, the other type rendered and masked', async () => {
    const chat = await activity(t, w, { type: 'chat', status: 'completed' });
    await t.db.prisma.chatMessage.create({ data: { activityId: chat.id, sequence: 1, sentAt: new Date(), senderType: 'customer', senderName: 'Ann', text: `card ${CARD}` } });
    await t.db.prisma.activityContent.create({ data: { activityId: chat.id, toAddresses: [], ccAddresses: [], bccAddresses: [], html: `<div>override ${CARD}</div>` } });
    noContent(await put(w.admin, { activity: { id: String(chat.id) } }));
    const stored = await content(t, chat.id);
    expect(stored?.html).toBe('<div>override **** **** **** ****</div>');
    expect(stored?.text).toMatch(/Ann \d+:\d\d [AP]M card \*{4} \*{4} \*{4} \*{4}$/);
  });

  it('403-197 for agents and customer sessions; 404-101 unknown or foreign ids; 409-101 stale token; all or nothing', async () => {
    const a = await activity(t, w, { subject: `Card ${CARD}` });
    const b = await activity(t, w, { subject: `Card ${CARD}` });
    expectError(await put(w.agent, { activity: [{ id: String(a.id) }] }), '403-197', { format: 'json' });
    const s = await customerSession(t, w.admin);
    const own = await activity(t, w, { customer: sessionCustomer(s) });
    expectError(await put(s, { activity: [{ id: String(own.id) }] }), '403-197', { format: 'json' });
    const other = await createDepartment(t.db);
    const foreign = await activity(t, { ...w, dept: { id: other.id, name: other.name } });
    expectError(await put(w.supervisor, { activity: [{ id: String(a.id) }, { id: String(foreign.id) }, { id: '999999996' }] }), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: String(foreign.id) },
        { key: 'id', value: '999999996' },
      ],
    });
    expectError(await put(w.supervisor, { activity: [{ id: String(a.id) }, { id: String(b.id), lastModified: { date: '2001-01-01T00:00:00.000Z' } }] }), '409-101', {
      format: 'json',
      details: [{ key: 'id', value: String(b.id) }],
    });
    expect([(await row(t, a.id)).subject, (await row(t, b.id)).subject]).toEqual([`Card ${CARD}`, `Card ${CARD}`]);
    noContent(await put(w.admin, { activity: [{ id: String(a.id) }, { id: String(b.id) }, { id: String(foreign.id) }] }));
    expect([(await row(t, a.id)).subject, (await row(t, b.id)).subject]).toEqual(['Card **** **** **** ****', 'Card **** **** **** ****']);
  });

  it('400-153 no id or empty list, 400-152 an id twice or a bad token, 400-160 over 75 items, 400-150 no body', async () => {
    const a = await activity(t, w);
    expectError(await put(w.admin, { activity: [{ lastModified: { date: '2024-05-02T10:20:00.000Z' } }] }), '400-153', { format: 'json' });
    expectError(await put(w.admin, { activity: [] }), '400-153', { format: 'json' });
    expectError(await put(w.admin, { activity: [{ id: String(a.id) }, { id: String(a.id) }] }), '400-152', { format: 'json' });
    expectError(await put(w.admin, { activity: [{ id: String(a.id), lastModified: { date: 'yesterday' } }] }), '400-152', { format: 'json' });
    expectError(await put(w.admin, { activity: Array.from({ length: 76 }, (_, i) => ({ id: String(1000000 + i) })) }), '400-160', { format: 'json' });
    expectError(await call(t.app, w.admin, 'PUT', MASK, { headers: { 'content-type': 'application/json' } }), '400-150', { format: 'json' });
    expectError(await call(t.app, w.admin, 'PUT', MASK, { xml: '<activities><activity id="1"></activities>', fmt: 'xml' }), '400-150', { format: 'xml' });
  });
});
