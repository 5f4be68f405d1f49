// V3 — create an inbound email (05 §9.3, §9.3.1, §9.3.2, §9.4) through the whole HTTP stack: the spec's JSON, XML
// and multipart examples, customer and case resolution, routing (alias queue, workflows, inactive queue), and every
// documented error with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { insertActivity, insertCase, insertCustomer, insertQueue } from '../../../helpers/interaction.ts';
import { expectError } from '../../../conformance/support.ts';
import { defineAttribute } from '../../customer/support.ts';
import {
  ACTIVITY,
  NS,
  addAlias,
  counts,
  created,
  customerSession,
  data,
  emailWorld,
  example,
  fixture,
  json,
  multipart,
  post,
  read,
  sender,
  staff,
  uniq,
  xmlOf,
  type EmailWorld,
} from './support.ts';

let t: TestApp;
let w: EmailWorld;

beforeAll(async () => {
  t = await getTestApp();
  w = await emailWorld(t);
});
afterAll(async () => t?.close());

const inbound = (from: string, extra: Record<string, unknown> = {}, addresses: Record<string, unknown> = {}) => ({
  department: { name: w.dept.name },
  type: { value: 'email', subtype: { value: 'general' } },
  subject: 'Hello',
  payload: { email: { contents: { content: [{ type: 'text', value: 'Body' }] }, emailAddresses: { from, receiver: w.alias.address, ...addresses } } },
  ...extra,
});

describe('V3 JSON (the load-test body of §9.3)', () => {
  it('creates the email, a new individual customer (high-priority email point) and a new case; T1 to the alias queue', async () => {
    const from = sender();
    const before = await counts(t);
    const a = created(await post(t, w.supervisor, json(JSON.parse(example('inbound.json', w, from)))));
    expect(a).toMatchObject({
      link: { rel: 'self', href: `${ACTIVITY}/${a.id}` },
      department: { id: String(w.dept.id), name: w.dept.name },
      mode: { value: 'inbound', displayValue: 'Inbound' },
      type: { value: 'email', displayValue: 'Email', subtype: { value: 'general', displayValue: 'General' } },
      status: { value: 'awaiting_assignment', displayValue: 'Awaiting assignment', substatus: { value: 'in_queue', displayValue: 'In queue' } },
      queue: { id: String(w.queue.id), name: w.queue.name },
      subject: 'Issue with mobile phone',
      priority: 5,
      language: { value: 'en' },
      isSecure: false,
    });
    // The default set only (05 §5.5).
    expect(Object.keys(a)).toEqual(['id', 'link', 'case', 'department', 'mode', 'type', 'status', 'queue', 'subject', 'priority', 'language', 'isSecure', 'customer', 'lastModified']);
    expect(a.lastModified).toMatchObject({ user: { id: String(w.supervisor.user.id) } });
    const local = from.slice(0, from.indexOf('@'));
    expect(a.customer).toMatchObject({ customerName: local, contactPersons: { contactPerson: [{ firstName: local }] } });
    const after = await counts(t);
    expect(after).toMatchObject({ customers: before.customers + 1, cases: before.cases + 1, activities: before.activities + 1 });

    const customer = await t.db.prisma.customer.findUniqueOrThrow({ where: { id: BigInt(a.customer.id) }, include: { contactPersons: { include: { contactPoints: true } } } });
    expect(customer).toMatchObject({ type: 'individual', departmentId: w.dept.id, createdById: w.supervisor.user.id });
    expect(customer.contactPersons).toHaveLength(1);
    expect(customer.contactPersons[0]!.contactPoints).toMatchObject([{ kind: 'email', emailAddress: from, priority: 3 }]);
    const c = await t.db.prisma.case.findUniqueOrThrow({ where: { id: BigInt(a.case.id) } });
    expect(c).toMatchObject({ status: 'open', departmentId: w.dept.id, customerId: customer.id, subject: 'Issue with mobile phone', originatingChannel: 'email', ownerId: null });
    const row = await t.db.prisma.activity.findUniqueOrThrow({ where: { id: BigInt(a.id) } });
    expect(row.queueEnteredAt).not.toBeNull();

    const all = await read(t, w.supervisor, a.id);
    expect(all.payload!.email).toEqual({
      date: { date: '2024-05-02T10:15:00.000Z' },
      alias: { id: String(w.alias.id), name: w.alias.name },
      contents: { content: [{ type: 'text', value: 'My phone does not charge.' }, { type: 'html', value: '<p>My phone does not charge.</p>' }] },
      emailAddresses: { from, receiver: w.alias.address },
    });
    expect(all.contactPointData).toBe(from);
    expect(all.created).toMatchObject({ user: { id: String(w.supervisor.user.id) } });
    expect(all.attachments).toBeUndefined();
  });

  it('a known sender: the non-removed email point of the lowest customer id, then the lowest point id (case-insensitive)', async () => {
    const from = sender();
    const removed = await insertCustomer(t.db, { departmentId: w.dept.id, email: from });
    await t.db.prisma.contactPoint.update({ where: { id: removed.emailPointId! }, data: { removedAt: new Date() } });
    const first = await insertCustomer(t.db, { departmentId: w.dept.id, email: from.toUpperCase(), firstName: 'First' });
    const second = await insertCustomer(t.db, { departmentId: w.dept.id, email: from, firstName: 'Second' });
    const extraPoint = await t.db.prisma.contactPoint.create({ data: { customerId: first.id, contactPersonId: first.contactPersonId, kind: 'email', emailAddress: from, priority: 3 } });
    expect(extraPoint.id).toBeGreaterThan(first.emailPointId!);
    const before = await counts(t);
    const a = created(await post(t, w.admin, json(inbound(`Someone Else <${from}>`))));
    expect(a.customer.id).toBe(String(first.id));
    expect(a.customer.contactPersons!.contactPerson[0]!.contactPoints!.contactPoint[0]!.id).toBe(String(first.emailPointId));
    expect((await counts(t)).customers).toBe(before.customers);
    expect(second.id).toBeGreaterThan(first.id);
  });

  it('a display name gives first name (first word) and last name (the rest); $attribute is honoured on the answer', async () => {
    const from = sender();
    const a = created(await post(t, w.admin, json(inbound(`"Mary Ann van Dijk" <${from}>`)), { query: '?$attribute=payload,contactPointData' }));
    expect(a.customer).toMatchObject({ customerName: 'Mary Ann van Dijk', contactPersons: { contactPerson: [{ firstName: 'Mary', lastName: 'Ann van Dijk' }] } });
    expect(a.payload!.email.emailAddresses).toEqual({ from: `"Mary Ann van Dijk" <${from}>`, receiver: w.alias.address });
    expect(a.contactPointData).toBe(from);
    // Without a date the email is dated when it was received.
    expect(a.payload!.email.date!.date).toBe(a.lastModified && (a.lastModified as { date: string }).date);
  });

  it('optional fields: to/cc as given, priority, dueDate, language, isSecure, department by id, alias address in any case', async () => {
    const due = '2031-01-02T03:04:05.000Z';
    const body = {
      ...inbound(sender(), { priority: '8', dueDate: due, language: { value: 'PT-br' }, isSecure: 'yes', department: { id: String(w.dept.id) } }, {
        receiver: w.alias.address.toUpperCase(),
        to: { address: [w.alias.address, 'Other <other@example.com>'] },
        cc: { address: 'cc@example.com' },
        bcc: { address: ['ignored@example.com'] },
      }),
    };
    const a = created(await post(t, w.admin, json(body), { query: '?$attribute=all' }));
    expect(a).toMatchObject({ priority: 8, dueDate: due, language: { value: 'pt-BR' }, isSecure: true });
    expect(a.payload!.email.emailAddresses).toEqual({
      from: body.payload.email.emailAddresses.from,
      receiver: w.alias.address,
      to: { address: [w.alias.address, 'Other <other@example.com>'] },
      cc: { address: ['cc@example.com'] },
    });
  });

  it('activity custom attributes are stored; a unique value held by another activity → 400-152 naming it', async () => {
    const name = await defineAttribute(t, { objectType: 'activity', unique: true });
    const attrs = (value: string) => ({ customAttributes: { customAttribute: [{ attribName: name, attribValues: { attribValue: [{ value }] } }] } });
    const a = created(await post(t, w.admin, json(inbound(sender(), attrs('v1'))), { query: `?$attribute=custom.${name}` }));
    expect(a.customAttributes).toEqual({ customAttribute: [{ attribName: name, attribValues: { attribValue: [{ value: 'v1' }] } }] });
    const before = await counts(t);
    expectError(await post(t, w.admin, json(inbound(sender(), attrs('v1')))), '400-152', {
      format: 'json',
      details: [{ key: 'customAttributes.customAttribute[0].attribValues.attribValue[0].value', value: 'v1' }],
    });
    expect(await counts(t)).toEqual(before);
  });

  it('an attachment alone is enough (no subject, no content)', async () => {
    const a = created(
      await post(t, w.admin, data({ department: { name: w.dept.name }, type: { value: 'email', subtype: { value: 'general' } }, payload: { email: { emailAddresses: { from: sender(), receiver: w.alias.address } } } }, [
        { name: 'f', filename: 'a.txt', contentType: 'text/plain', data: 'x' },
      ])),
    );
    expect(a.subject).toBeUndefined();
  });
});

describe('V3 XML (§9.3 example) and case resolution (§9.3.2)', () => {
  it('joins the named case of the same customer and reopens it; answers XML', async () => {
    const from = sender();
    const customer = await insertCustomer(t.db, { departmentId: w.dept.id, email: from });
    const caseId = await insertCase(t.db, { departmentId: w.dept.id, customerId: customer.id, subject: 'Old', status: 'closed' });
    const before = await t.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    const res = await post(t, w.admin, { xml: example('inbound.xml', w, from, { '1000024': String(caseId) }) }, { fmt: 'xml' });
    expect(res.statusCode, res.body).toBe(201);
    const doc = xmlOf(res, 201);
    expect(doc.name).toBe(`{${NS.act}}activities`);
    const item = doc.children[0]!;
    const id = item.attrs.id!;
    expect(res.headers.location).toBe(`${ACTIVITY}/${id}`);
    expect(item.children.find((c) => c.name === `{${NS.act}}case`)!.attrs.id).toBe(String(caseId));
    const status = item.children.find((c) => c.name === `{${NS.act}}status`)!;
    expect(status.children.find((c) => c.name === `{${NS.cmn}}value`)!.text).toBe('awaiting_assignment');
    const after = await t.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(after.status).toBe('open');
    expect(after.lastClosedAt).toEqual(before.lastClosedAt);
    expect((await read(t, w.admin, id, 'customer')).customer.id).toBe(String(customer.id));
  });

  it('a case of another customer is ignored: a new case', async () => {
    const other = await insertCustomer(t.db, { departmentId: w.dept.id });
    const caseId = await insertCase(t.db, { departmentId: w.dept.id, customerId: other.id });
    const a = created(await post(t, w.admin, json(inbound(sender(), { case: { id: String(caseId) } }))));
    expect(a.case.id).not.toBe(String(caseId));
    expect((await t.db.prisma.case.findUniqueOrThrow({ where: { id: BigInt(a.case.id) } })).customerId).toBe(BigInt(a.customer.id));
  });
});

describe('V3 multipart (§9.4 example)', () => {
  it('the data part as JSON (data-type), file parts as attachments, the cid-referenced one inline', async () => {
    const from = sender();
    const raw = example('inbound-multipart.txt', w, from).replace(/\r?\n/g, '\r\n');
    const a = created(await post(t, w.admin, { multipart: { payload: Buffer.from(raw, 'utf8'), contentType: 'multipart/form-data; boundary=XyZ' } }, { query: '?$attribute=attachments' }));
    expect(a.customer).toMatchObject({ customerName: 'Ann Lee', contactPersons: { contactPerson: [{ firstName: 'Ann', lastName: 'Lee' }] } });
    expect(a.subject).toBe('Receipt');
    const list = a.attachments!.attachment;
    expect(list.map(({ id: _id, link: _link, ...rest }) => rest)).toEqual([
      { fileName: 'receipt.pdf', contentType: 'application/pdf', size: Buffer.byteLength('%PDF-1.7 …'), isInline: false, isBlocked: false },
      { fileName: 'logo.png', contentType: 'image/png', size: Buffer.byteLength('…PNG bytes…'), isInline: true, contentId: 'logo123', isBlocked: false },
    ]);
    expect(list[0]!.link).toEqual({ rel: 'self', href: `${ACTIVITY}/${a.id}/attachment/${list[0]!.id}` });
  });

  it('the data part as XML (its Content-Type, or sniffed); a part without Content-ID is inline by its filename', async () => {
    const xml = fixture('inbound.xml').replace('<case id="1000024"/>', '');
    const body = example('inbound.xml', w, sender()).replace('<case id="1000024"/>', '').replace('<p>My phone does not charge.</p>', '<p>See</p><img src="cid:photo.jpg">');
    expect(xml).toContain('<activity');
    for (const part of [{ contentType: 'application/xml' }, {}]) {
      const a = created(
        await post(t, w.admin, { multipart: multipart([{ name: 'data', ...part, data: body }, { name: 'pic', filename: 'photo.jpg', contentType: 'image/jpeg', data: 'JPEG' }]) }, { query: '?$attribute=attachments' }),
      );
      expect(a.attachments!.attachment).toMatchObject([{ fileName: 'photo.jpg', isInline: true, contentId: 'photo.jpg' }]);
    }
  });

  it('a Windows path as filename keeps its last segment; no type → application/octet-stream; other parts are ignored', async () => {
    const a = created(
      await post(
        t,
        w.admin,
        data(inbound(sender()), [
          { name: 'note', data: 'not a file' },
          { name: 'f', filename: 'C:\\Users\\ann\\plan.txt', data: 'plan' },
        ]),
        { query: '?$attribute=attachments' },
      ),
    );
    expect(a.attachments!.attachment).toMatchObject([{ fileName: 'plan.txt', contentType: 'application/octet-stream', size: 4, isInline: false }]);
  });
});

describe('V3 routing (05 §4.2 T1–T3, 07 §10.1)', () => {
  // Written directly, so the configuration change is announced as an administration write does (07 §1.1): V3 reads
  // the workflows from a cache dropped on every change.
  const workflow = async (actions: Record<string, unknown>, conditions: Record<string, unknown> = {}, order = 1) => {
    const row = await t.db.prisma.workflow.create({ data: { kind: 'inbound', name: `wf ${uniq('')}`, departmentId: w.dept.id, order, conditions: conditions as never, actions: actions as never } });
    t.app.configVersion.changedHere();
    return row;
  };

  it('a matching workflow routes to its queue with its priority; a user of the workflow gets the email (T2), owning the case', async () => {
    const billing = await insertQueue(t.db, w.dept.id);
    const keyword = uniq('kw');
    const wf1 = await workflow({ route: { queue: { id: String(billing.id) } }, priority: 8 }, { subjectKeywords: { keyword: [keyword] } }, 1);
    const a = created(await post(t, w.admin, json(inbound(sender(), { subject: `About ${keyword.toUpperCase()}` }))));
    expect(a).toMatchObject({ status: { value: 'awaiting_assignment' }, queue: { id: String(billing.id) }, priority: 8 });
    const other = created(await post(t, w.admin, json(inbound(sender(), { subject: 'nothing to match' }))));
    expect(other).toMatchObject({ queue: { id: String(w.queue.id) }, priority: 5 });

    const userWord = uniq('kw');
    await workflow({ route: { user: { id: String(w.agent.user.id) } } }, { subjectKeywords: { keyword: [userWord] } }, 2);
    const assigned = created(await post(t, w.admin, json(inbound(sender(), { subject: userWord, priority: 3 }))));
    expect(assigned).toMatchObject({ status: { value: 'assigned', substatus: { value: 'new' }, assigned: { user: { id: String(w.agent.user.id) } } }, queue: { id: String(w.queue.id) }, priority: 3 });
    expect((await t.db.prisma.case.findUniqueOrThrow({ where: { id: BigInt(assigned.case.id) } })).ownerId).toBe(w.agent.user.id);
    // Assigned when created (the alarm workflows' waiting time, 07 §10.3); a queued email is not.
    const rows = await t.db.prisma.activity.findMany({ where: { id: { in: [BigInt(assigned.id), BigInt(a.id)] } }, select: { id: true, createdAt: true, assignedAt: true } });
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    expect(byId.get(assigned.id)!.assignedAt).toEqual(byId.get(assigned.id)!.createdAt);
    expect(byId.get(a.id)!.assignedAt).toBeNull();
    await t.db.prisma.workflow.deleteMany({ where: { departmentId: w.dept.id } });
    t.app.configVersion.changedHere();
    expect(wf1.id).toBeDefined();
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('a routed user disabled while the email is being created is seen: the alias queue gets it (PostgreSQL)', async () => {
    const agent = await t.db.prisma.user.findUniqueOrThrow({ where: { id: w.agent.user.id }, select: { state: true } });
    expect(agent.state).toBe('enabled');
    const word = uniq('kw');
    await workflow({ route: { user: { id: String(w.agent.user.id) } } }, { subjectKeywords: { keyword: [word] } }, 1);
    let answer: ReturnType<typeof post> | undefined;
    try {
      // The disable commits only once V3 has read the user as enabled (statement 1) and waits for its share lock.
      await t.db.prisma.$transaction(
        async (tx) => {
          await tx.$executeRaw`UPDATE app_user SET state = 'disabled' WHERE id = ${w.agent.user.id}`;
          answer = post(t, w.admin, json(inbound(sender(), { subject: word })));
          for (let i = 0; i < 200; i++) {
            const [waiting] = await t.db.prisma.$queryRaw<{ n: number }[]>`
              SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM app_user WHERE id = % FOR SHARE%'`;
            if (waiting!.n > 0) return;
            await new Promise((r) => setTimeout(r, 25));
          }
          throw new Error('V3 never waited for the user row');
        },
        { timeout: 15_000 },
      );
      const a = created(await answer!);
      expect(a).toMatchObject({ status: { value: 'awaiting_assignment' }, queue: { id: String(w.queue.id) } });
      expect(a.assigned).toBeUndefined();
    } finally {
      await answer?.catch(() => undefined);
      await t.db.prisma.user.update({ where: { id: w.agent.user.id }, data: { state: 'enabled' } });
      await t.db.prisma.workflow.deleteMany({ where: { departmentId: w.dept.id } });
      t.app.configVersion.changedHere();
    }
  });

  it('an inactive queue leaves the email open / ready_for_inbound_workflow without a queue (T3)', async () => {
    const quiet = await insertQueue(t.db, w.dept.id);
    await t.db.prisma.queue.update({ where: { id: quiet.id }, data: { state: 'inactive' } });
    const alias = await addAlias(t, w, { queueId: quiet.id });
    const a = created(await post(t, w.admin, json(inbound(sender(), {}, { receiver: alias.address }))));
    expect(a.status).toMatchObject({ value: 'open', substatus: { value: 'ready_for_inbound_workflow' } });
    expect(a.queue).toBeUndefined();
  });
});

describe('V3 errors: documented codes, nothing written', () => {
  const refused = async (res: Awaited<ReturnType<typeof post>>, code: string, details?: { key: string; value: string }[]) => {
    expectError(res, code, { format: 'json', ...(details ? { details } : {}) });
  };

  it('body, permission and reference errors leave customers, cases, activities and attachments unchanged', async () => {
    const from = sender();
    const session = await customerSession(t, w.admin);
    const otherDept = await createDepartment(t.db);
    const otherAlias = await t.db.prisma.emailAlias.create({ data: { name: 'x', emailAddress: `x.${uniq('')}@example.com`, departmentId: otherDept.id, queueId: (await insertQueue(t.db, otherDept.id)).id } });
    const inactive = await addAlias(t, w, { state: 'inactive' });
    const foreignCase = await insertCase(t.db, { departmentId: otherDept.id, customerId: w.customer.id });
    const strange = await staff(t, ['supervisor'], { departmentId: otherDept.id });
    const before = await counts(t);
    const body = inbound(from);
    const without = (path: string[]) => {
      const copy = structuredClone(body) as Record<string, unknown>;
      let o = copy as Record<string, unknown>;
      for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
      delete o[path[path.length - 1]!];
      return copy;
    };
    const addresses = (v: Record<string, unknown>) => inbound(from, {}, v);

    await refused(await post(t, w.agent, json(body)), '403-197');
    await refused(await post(t, session, json(body)), '403-197');
    await refused(await post(t, strange, json(body)), '403-197');
    await refused(await post(t, w.admin, json(without(['department']))), '400-153', [{ key: 'department', value: '' }]);
    await refused(await post(t, w.admin, json({ ...body, department: { name: `No such ${uniq('')}` } })), '400-152');
    await refused(await post(t, w.admin, json({ ...body, department: { id: '999999999' } })), '400-152', [{ key: 'department.id', value: '999999999' }]);
    await refused(await post(t, w.admin, json(without(['type']))), '400-153', [{ key: 'type.value', value: '' }]);
    await refused(await post(t, w.admin, json({ ...body, type: { value: 'chat', subtype: { value: 'general' } } })), '400-152', [{ key: 'type.value', value: 'chat' }]);
    await refused(await post(t, w.admin, json({ ...body, type: { value: 'email', subtype: { value: 'messaging' } } })), '400-152');
    await refused(await post(t, w.admin, json(without(['payload', 'email', 'emailAddresses', 'from']))), '400-153', [{ key: 'payload.email.emailAddresses.from', value: '' }]);
    await refused(await post(t, w.admin, json(addresses({ from: 'not an email' }))), '400-152', [{ key: 'payload.email.emailAddresses.from', value: 'not an email' }]);
    await refused(await post(t, w.admin, json(addresses({ from: 'Ann <ann@nodot>' }))), '400-152');
    await refused(await post(t, w.admin, json(without(['payload', 'email', 'emailAddresses', 'receiver']))), '400-153', [{ key: 'payload.email.emailAddresses.receiver', value: '' }]);
    await refused(await post(t, w.admin, json(addresses({ receiver: `nobody.${uniq('')}@example.com` }))), '400-152');
    await refused(await post(t, w.admin, json(addresses({ receiver: inactive.address }))), '400-152', [{ key: 'payload.email.emailAddresses.receiver', value: inactive.address }]);
    await refused(await post(t, w.admin, json(addresses({ receiver: otherAlias.emailAddress }))), '400-152');
    await refused(await post(t, w.admin, json(addresses({ to: { address: Array.from({ length: 76 }, (_, i) => `a${i}@example.com`) } }))), '400-160');
    await refused(await post(t, w.admin, json({ ...without(['payload', 'email', 'contents']), subject: '' })), '400-153', [{ key: 'subject', value: '' }]);
    const twoTexts = structuredClone(body);
    twoTexts.payload.email.contents.content.push({ type: 'TEXT', value: 'again' });
    await refused(await post(t, w.admin, json(twoTexts)), '400-152', [{ key: 'payload.email.contents.content[1].type', value: 'TEXT' }]);
    await refused(await post(t, w.admin, json({ ...body, subject: 'x'.repeat(1025) })), '400-152');
    await refused(await post(t, w.admin, json({ ...body, priority: 11 })), '400-152', [{ key: 'priority', value: '11' }]);
    await refused(await post(t, w.admin, json({ ...body, isSecure: 'maybe' })), '400-152', [{ key: 'isSecure', value: 'maybe' }]);
    await refused(await post(t, w.admin, json({ ...body, case: { id: String(foreignCase) } })), '400-152', [{ key: 'case.id', value: String(foreignCase) }]);
    await refused(await post(t, w.admin, json({ ...body, case: { id: '999999999' } })), '400-152');
    await refused(await post(t, w.admin, json({ ...body, case: { id: 'abc' } })), '400-152');
    await refused(await post(t, w.admin, json({ ...body, customAttributes: { customAttribute: [{ attribName: 'nope', attribValues: { attribValue: [{ value: '1' }] } }] } })), '400-152');
    await refused(await post(t, w.admin, json(body), { query: '?$attribute=nonsense' }), '400-102');
    await refused(await post(t, w.admin, json(body), { query: '?foo=1' }), '400-101');
    await refused(await post(t, w.admin, json([body])), '400-150');
    await refused(await post(t, w.admin, json({ activity: [body, body] })), '400-152');
    // Multipart: malformed framing, no data part, a data part that is not JSON, more than 20 parts.
    await refused(await post(t, w.admin, { multipart: { payload: Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="data"\r\n\r\n{}'), contentType: 'multipart/form-data; boundary=XyZ' } }), '400-150');
    await refused(await post(t, w.admin, { multipart: multipart([{ name: 'other', data: 'x' }]) }), '400-153', [{ key: 'data', value: '' }]);
    await refused(await post(t, w.admin, { multipart: multipart([{ name: 'data', contentType: 'application/json', data: '{not json' }]) }), '400-150');
    const many = Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, filename: `f${i}.txt`, data: 'x' }));
    await refused(await post(t, w.admin, data(body, many)), '400-150');
    await refused(await post(t, w.admin, data(body, [{ name: 'f', filename: 'bad\u0001name.txt', data: 'x' }])), '400-152');

    expect(await counts(t)).toEqual(before);
    expect(await t.db.prisma.contactPoint.count({ where: { emailAddress: from } })).toBe(0);
  });

  it('errors in XML when Accept asks for it', async () => {
    const res = await post(t, w.admin, { xml: example('inbound.xml', w, 'not-an-email', { '<case id="1000024"/>': '' }) }, { fmt: 'xml' });
    expectError(res, '400-152', { details: [{ key: 'payload.email.emailAddresses.from', value: 'not-an-email' }] });
  });

  it('an existing activity is untouched by a refused create in its case', async () => {
    const act = await insertActivity(t.db, { customer: w.customer, departmentId: w.dept.id, queueId: w.queue.id });
    const before = await t.db.prisma.case.findUniqueOrThrow({ where: { id: act.caseId } });
    expectError(await post(t, w.admin, json(inbound(w.customer.email!, { case: { id: String(act.caseId) }, priority: 0 }))), '400-152', { format: 'json' });
    expect(await t.db.prisma.case.findUniqueOrThrow({ where: { id: act.caseId } })).toEqual(before);
  });
});
