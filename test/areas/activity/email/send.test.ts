// V5 — compose and send (05 §9.6): T5, the case rules of 04 §3.2, exactly one recipient, the outbound workflow
// (07 §10.2: standard message appended, BCC added), and the outbound delivery hook called after the commit.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { insertActivity, insertCase, insertCustomer } from '../../../helpers/interaction.ts';
import { expectError } from '../../../conformance/support.ts';
import { setOutboundMailer, noopMailer, type OutboundMail } from '../../../../src/areas/activity/email/outbound-mailer.ts';
import { ACTIVITY, counts, created, data, emailWorld, example, json, post, read, sender, uniq, xmlOf, NS, type EmailWorld } from './support.ts';

let t: TestApp;
let w: EmailWorld;

beforeAll(async () => {
  t = await getTestApp();
  w = await emailWorld(t);
});
afterAll(async () => t?.close());
afterEach(() => {
  setOutboundMailer(noopMailer);
});

const mail = (to: unknown, extra: Record<string, unknown> = {}, addresses: Record<string, unknown> = {}, contents: unknown[] = [{ type: 'text', value: 'Your phone is ready.' }]) => ({
  department: { name: w.dept.name },
  type: { value: 'email', subtype: { value: 'compose' } },
  subject: 'Repair done',
  payload: { email: { contents: { content: contents }, emailAddresses: { to: { address: to }, ...addresses } } },
  ...extra,
});
const send = (who: Parameters<typeof post>[1], body: Parameters<typeof post>[2], query = '') => post(t, who, body, { path: '/send', query });

describe('V5 compose and send', () => {
  it('T5: completed / done, dated and completed now, userLastWorked = caller; a new case holding only this email closes at once', async () => {
    const to = sender();
    const start = Date.now();
    const a = created(await send(w.agent, json(mail(to, {}, { from: w.alias.address })), '?$attribute=all'));
    expect(a).toMatchObject({
      mode: { value: 'outbound' },
      type: { value: 'email', subtype: { value: 'compose' } },
      status: { value: 'completed', substatus: { value: 'done' } },
      userLastWorked: { user: { id: String(w.agent.user.id) } },
      isSecure: false,
    });
    expect(a.status.assigned).toBeUndefined();
    const date = a.payload!.email.date!.date;
    expect(Date.parse(date)).toBeGreaterThanOrEqual(start - 5);
    expect(a.completed!.date).toBe(date);
    expect(a.payload!.email.emailAddresses).toEqual({ from: w.alias.address, to: { address: [to] } });
    const c = await t.db.prisma.case.findUniqueOrThrow({ where: { id: BigInt(a.case.id) } });
    expect(c).toMatchObject({ status: 'closed', lastClosedById: w.agent.user.id });
    expect(c.lastClosedAt!.toISOString()).toBe(date);
  });

  it('sent into a case with another open activity: the case stays open; into a closed case: it reopens and closes again', async () => {
    const to = sender();
    const customer = await insertCustomer(t.db, { departmentId: w.dept.id, email: to });
    const open = await insertActivity(t.db, { customer, departmentId: w.dept.id, queueId: w.queue.id });
    const a = created(await send(w.supervisor, json(mail(to, { case: { id: String(open.caseId) } }))));
    expect(a.case.id).toBe(String(open.caseId));
    expect((await t.db.prisma.case.findUniqueOrThrow({ where: { id: open.caseId } })).status).toBe('open');
    const closed = await insertCase(t.db, { departmentId: w.dept.id, customerId: customer.id, status: 'closed', now: new Date(Date.now() - 60_000) });
    const b = created(await send(w.supervisor, json(mail(to, { case: { id: String(closed) } }))));
    const c = await t.db.prisma.case.findUniqueOrThrow({ where: { id: closed } });
    expect(c.status).toBe('closed');
    expect(c.lastClosedAt!.getTime()).toBeGreaterThan(Date.now() - 30_000);
    expect(b.case.id).toBe(String(closed));
  });

  it('the §9.5 XML body sent (V5): answers XML; macros expand with expandMacros=yes', async () => {
    const to = sender();
    const customer = await insertCustomer(t.db, { departmentId: w.dept.id, email: to, firstName: 'Ann' });
    const caseId = await insertCase(t.db, { departmentId: w.dept.id, customerId: customer.id });
    const sent = await post(t, w.agent, { xml: example('compose.xml', w, to, { '1000024': String(caseId) }) }, { path: '/send', query: '?expandMacros=yes', fmt: 'xml' });
    const sentDoc = xmlOf(sent, 201);
    expect(sent.headers.location).toBe(`${ACTIVITY}/${sentDoc.children[0]!.attrs.id}`);
    const v = await read(t, w.agent, sentDoc.children[0]!.attrs.id!);
    expect(v).toMatchObject({ status: { value: 'completed' }, case: { id: String(caseId) }, subject: 'Your phone repair. Ref: ``external_case_id', isSecure: true });
    expect(v.payload!.email.contents!.content[0]!.value).toBe('Dear Ann, your phone is ready.');
    expect((await t.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('closed');
    const xmlRes = await post(t, w.agent, json(mail(to, { subject: 'Case ``case_id' })), { path: '/send', query: '?expandMacros=yes', fmt: 'xml' });
    const doc = xmlOf(xmlRes, 201);
    const item = doc.children[0]!;
    const newCase = item.children.find((e) => e.name === `{${NS.act}}case`)!.attrs.id;
    expect(item.children.find((e) => e.name === `{${NS.act}}subject`)!.text).toBe(`Case ${newCase}`);
  });

  it('exactly one recipient (400-152); the other V4 errors; nothing written', async () => {
    const before = await counts(t);
    expectError(await send(w.agent, json(mail(['a@example.com', 'b@example.com']))), '400-152', { format: 'json', details: [{ key: 'payload.email.emailAddresses.to.address[1]', value: 'b@example.com' }] });
    expectError(await send(w.agent, json(mail([]))), '400-153', { format: 'json' });
    expectError(await send(w.agent, json({ ...mail('a@example.com'), type: { value: 'email', subtype: { value: 'general' } } })), '400-152', { format: 'json', details: [{ key: 'type.subtype.value', value: 'general' }] });
    expectError(await send(w.agent, json(mail('a@example.com')), '?expandMacros=1'), '400-102', { format: 'json' });
    expect(await counts(t)).toEqual(before);
  });
});

describe('outbound workflow (07 §10.2)', () => {
  it('the first matching workflow appends the standard message to each part and adds BCC addresses', async () => {
    const keyword = uniq('kw');
    const language = await t.db.prisma.language.findFirstOrThrow();
    const message = await t.db.prisma.standardMessage.create({
      data: { name: 'Signature', departmentId: w.dept.id, languageId: language.id, text: 'Kind regards,\nSupport', html: '<p>Kind regards,<br/>Support</p>' },
    });
    await t.db.prisma.workflow.create({
      data: {
        kind: 'outbound',
        name: `sig ${keyword}`,
        departmentId: w.dept.id,
        order: 1,
        conditions: { aliases: { alias: [{ id: String(w.alias.id) }] }, subjectKeywords: { keyword: [keyword] } },
        actions: { appendMessage: { message: { id: String(message.id) } }, bcc: { address: ['archive@example.com', 'Existing@example.com'] } },
      },
    });
    const to = sender();
    const a = created(
      await send(
        w.agent,
        json(mail(to, { subject: `About ${keyword}` }, { from: w.alias.address, bcc: { address: ['existing@example.com'] } }, [{ type: 'text', value: 'Hello' }, { type: 'html', value: '<p>Hello</p>' }])),
        '?$attribute=payload',
      ),
    );
    expect(a.payload!.email.contents!.content).toEqual([
      { type: 'text', value: 'Hello\nKind regards,\nSupport' },
      { type: 'html', value: '<p>Hello</p><p>Kind regards,<br/>Support</p>' },
    ]);
    expect(a.payload!.email.emailAddresses!.bcc).toEqual({ address: ['existing@example.com', 'archive@example.com'] });
    // No match (no `from`, so the alias condition fails): nothing appended.
    const b = created(await send(w.agent, json(mail(to, { subject: `About ${keyword}` })), '?$attribute=payload'));
    expect(b.payload!.email.contents!.content).toEqual([{ type: 'text', value: 'Your phone is ready.' }]);
    expect(b.payload!.email.emailAddresses!.bcc).toBeUndefined();
    // V4 (save) never applies outbound workflows.
    const saved = created(await post(t, w.agent, json(mail(to, { subject: `About ${keyword}` }, { from: w.alias.address })), { query: '?$attribute=payload' }));
    expect(saved.payload!.email.contents!.content).toEqual([{ type: 'text', value: 'Your phone is ready.' }]);
    await t.db.prisma.workflow.deleteMany({ where: { departmentId: w.dept.id, kind: 'outbound' } });
  });
});

describe('the outbound delivery hook', () => {
  it('gets every sent email once, as stored, after the commit (attachments included); V4 never calls it', async () => {
    const delivered: { mail: OutboundMail; committed: boolean }[] = [];
    setOutboundMailer({
      deliver: async (m) => {
        const row = await t.db.prisma.activity.findUnique({ where: { id: m.activityId } });
        delivered.push({ mail: m, committed: row !== null });
      },
    });
    const to = sender();
    const a = created(await send(w.agent, data(mail(to, {}, { from: w.alias.address }), [{ name: 'f', filename: 'r.pdf', contentType: 'application/pdf', data: Buffer.from([1, 2, 3]) }])));
    created(await post(t, w.agent, json(mail(to))));
    await new Promise((r) => setTimeout(r, 50));
    expect(delivered).toHaveLength(1);
    const m = delivered[0]!;
    expect(m.committed).toBe(true);
    expect(m.mail).toMatchObject({
      activityId: BigInt(a.id),
      caseId: BigInt(a.case.id),
      from: { aliasId: w.alias.id, address: w.alias.address },
      to: [to],
      cc: [],
      bcc: [],
      subject: 'Repair done',
      text: 'Your phone is ready.',
      html: null,
      isSecure: false,
    });
    expect(m.mail.attachments).toHaveLength(1);
    expect(m.mail.attachments[0]).toMatchObject({ fileName: 'r.pdf', contentType: 'application/pdf', isInline: false });
    expect([...m.mail.attachments[0]!.bytes]).toEqual([1, 2, 3]);
  });

  it('a failing transport does not change the answer: the email stays sent', async () => {
    setOutboundMailer({ deliver: async () => Promise.reject(new Error('smtp down')) });
    const a = created(await send(w.agent, json(mail(sender()))));
    expect((await read(t, w.agent, a.id, '')).status.value).toBe('completed');
  });
});
