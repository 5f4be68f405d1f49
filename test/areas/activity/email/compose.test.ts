// V4 — compose and save an outbound email (05 §9.5): the spec's XML and JSON examples, T4, isSecure, the sending
// alias, the case rules, `expandMacros` with the built-ins and department macros, and every documented error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { insertCase, insertCustomer } from '../../../helpers/interaction.ts';
import { expectError } from '../../../conformance/support.ts';
import { addAlias, counts, created, customerSession, data, emailWorld, example, json, post, read, sender, staff, uniq, xmlOf, NS, type EmailWorld, type Staff } from './support.ts';

let t: TestApp;
let w: EmailWorld;
let agent: Staff & { user: { firstName: string; lastName: string | null } };

beforeAll(async () => {
  t = await getTestApp();
  w = await emailWorld(t);
  agent = await staff(t, ['agent'], { departmentId: w.dept.id, firstName: 'Jenny', lastName: 'Anthony' });
});
afterAll(async () => t?.close());

const compose = (to: unknown, extra: Record<string, unknown> = {}, addresses: Record<string, unknown> = {}) => ({
  department: { name: w.dept.name },
  type: { value: 'email', subtype: { value: 'compose' } },
  subject: 'Re: your phone',
  payload: { email: { contents: { content: [{ type: 'text', value: 'Hello' }] }, emailAddresses: { to: { address: to }, ...addresses } } },
  ...extra,
});

const macro = (name: string, value: string, state: 'active' | 'inactive' = 'active', departmentId = w.dept.id) =>
  t.db.prisma.macro.create({ data: { name, value, departmentId, state } });

describe('V4 XML (§9.5 example) with expandMacros=yes', () => {
  it('joins the case, expands the department macro and the built-ins, is secure without from; T4 assigned to the caller', async () => {
    const to = sender();
    const customer = await insertCustomer(t.db, { departmentId: w.dept.id, email: to, firstName: 'Ann', lastName: 'Lee' });
    const caseId = await insertCase(t.db, { departmentId: w.dept.id, customerId: customer.id, status: 'closed' });
    await macro('external_case_id', `CASE-${caseId}`);
    const res = await post(t, agent, { xml: example('compose.xml', w, to, { '1000024': String(caseId) }) }, { query: '?expandMacros=YES', fmt: 'xml' });
    const doc = xmlOf(res, 201);
    const id = doc.children[0]!.attrs.id!;
    const a = await read(t, agent, id);
    expect(a).toMatchObject({
      case: { id: String(caseId) },
      mode: { value: 'outbound' },
      type: { value: 'email', subtype: { value: 'compose', displayValue: 'Compose' } },
      status: { value: 'assigned', substatus: { value: 'in_progress' }, assigned: { user: { id: String(agent.user.id) } } },
      subject: `Your phone repair. Ref: CASE-${caseId}`,
      isSecure: true,
      contactPointData: to,
      userLastWorked: { user: { id: String(agent.user.id) } },
      customer: { id: String(customer.id) },
    });
    expect(a.queue).toBeUndefined();
    expect(a.payload!.email).toEqual({
      contents: {
        content: [
          { type: 'text', value: 'Dear Ann, your phone is ready.' },
          { type: 'html', value: '<p>Dear Ann, your phone is ready.</p>' },
        ],
      },
      emailAddresses: { to: { address: [to] } },
    });
    const c = await t.db.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(c.status).toBe('open');
    expect(c.ownerId).toBe(agent.user.id);
    expect(doc.children[0]!.children.find((e) => e.name === `{${NS.act}}isSecure`)!.text).toBe('true');
  });
});

describe('V4 JSON (§9.5 example)', () => {
  it('with from: the alias in the payload, isSecure false by default; without expandMacros the text is stored unchanged', async () => {
    const to = sender();
    const customer = await insertCustomer(t.db, { departmentId: w.dept.id, email: to });
    const caseId = await insertCase(t.db, { departmentId: w.dept.id, customerId: customer.id });
    const a = created(await post(t, w.supervisor, json(JSON.parse(example('compose.json', w, to, { '1000024': String(caseId) }))), { query: '?$attribute=payload' }));
    expect(a).toMatchObject({ subject: 'Your phone repair. Ref: ``external_case_id', isSecure: false, case: { id: String(caseId) } });
    expect(a.payload!.email).toEqual({
      alias: { id: String(w.alias.id), name: w.alias.name },
      contents: { content: [{ type: 'text', value: 'Dear customer, your phone is ready.' }] },
      emailAddresses: { from: w.alias.address, to: { address: [to] } },
    });
  });

  it('a new case without case.id; an unknown recipient becomes a customer; isSecure is honoured with from; cc and bcc stored', async () => {
    const to = sender('new');
    const before = await counts(t);
    const a = created(
      await post(
        t,
        agent,
        json(compose([`New Person <${to}>`, 'second@example.com'], { isSecure: true, priority: 2 }, { from: w.alias.address.toUpperCase(), cc: { address: ['c@example.com'] }, bcc: 'b@example.com' })),
        { query: '?$attribute=all' },
      ),
    );
    expect(await counts(t)).toMatchObject({ customers: before.customers + 1, cases: before.cases + 1, activities: before.activities + 1 });
    expect(a).toMatchObject({ isSecure: true, priority: 2, customer: { customerName: 'New Person' }, contactPointData: to });
    expect(a.payload!.email.emailAddresses).toEqual({ from: w.alias.address, to: { address: [`New Person <${to}>`, 'second@example.com'] }, cc: { address: ['c@example.com'] }, bcc: { address: ['b@example.com'] } });
    expect(a.payload!.email.date).toBeUndefined();
    const c = await t.db.prisma.case.findUniqueOrThrow({ where: { id: BigInt(a.case.id) } });
    expect(c).toMatchObject({ status: 'open', subject: 'Re: your phone', ownerId: agent.user.id, originatingChannel: 'email' });
  });
});

describe('expandMacros (05 §9.5, 07 §11)', () => {
  it('every built-in, department macros case-insensitively, one pass, unknown and inactive names as written, line breaks → spaces in the subject', async () => {
    const to = sender();
    await insertCustomer(t.db, { departmentId: w.dept.id, email: to, firstName: 'Ann', lastName: 'Lee' });
    const name = uniq('m');
    await macro(name, 'two\nlines ``case_id');
    await macro(`${name}_off`, 'never', 'inactive');
    const other = await createDepartment(t.db);
    await macro(`${name}_elsewhere`, 'foreign', 'active', other.id);
    const text = [
      '``case_id|``activity_id|``customer_name|``customer_first_name|``customer_last_name',
      '``agent_name|``agent_first_name|``agent_last_name|``department_name|``current_date',
      `\`\`${name.toUpperCase()}|\`\`${name}_off|\`\`${name}_elsewhere|\`\`unknown_macro|\`\`CASE_ID!|\`\`case_id.x`,
    ].join('\n');
    const body = compose(to, { subject: `S \`\`${name} \`\`activity_id`, payload: { email: { contents: { content: [{ type: 'text', value: text }, { type: 'html', value: `<b>\`\`${name}</b>` }] }, emailAddresses: { to: { address: to } } } } });
    const b = created(await post(t, agent, json(body), { query: '?expandMacros=yes&$attribute=payload' }));
    const today = new Date().toISOString().slice(0, 10);
    expect(b.subject).toBe(`S two lines \`\`case_id ${b.id}`);
    expect(b.payload!.email.contents!.content).toEqual([
      {
        type: 'text',
        value: [
          `${b.case.id}|${b.id}|Ann Lee|Ann|Lee`,
          `${agent.user.screenName}|Jenny|Anthony|${w.dept.name}|${today}`,
          `two\nlines \`\`case_id|\`\`${name}_off|\`\`${name}_elsewhere|\`\`unknown_macro|${b.case.id}!|\`\`case_id.x`,
        ].join('\n'),
      },
      { type: 'html', value: '<b>two\nlines ``case_id</b>' },
    ]);
    // The new case's subject is the expanded one.
    expect((await t.db.prisma.case.findUniqueOrThrow({ where: { id: BigInt(b.case.id) } })).subject).toBe(b.subject);
    // expandMacros=no stores the text as written.
    const c = created(await post(t, agent, json(compose(to, { subject: '``case_id' })), { query: '?expandMacros=no' }));
    expect(c.subject).toBe('``case_id');
  });
});

describe('V4 contents after expansion (01 §18: 65,535 code points)', () => {
  it('an expansion that makes a content too long → 400-152 on the content as sent, nothing written; up to the limit it is stored', async () => {
    const to = sender();
    const name = uniq('big').replace(/[^A-Za-z0-9_]/g, '_');
    await macro(name, '\u{1F600}'.repeat(30_000));
    const body = (text: string, html = '<p>x</p>') => compose(to, { payload: { email: { contents: { content: [{ type: 'html', value: html }, { type: 'text', value: text }] }, emailAddresses: { to: { address: [to] } } } } });
    const before = await counts(t);
    // 3 × 30,000 code points (60,000 UTF-16 units each): too long.
    const three = `\`\`${name} \`\`${name} \`\`${name}`;
    expectError(await post(t, agent, json(body(three)), { query: '?expandMacros=yes' }), '400-152', {
      format: 'json',
      details: [{ key: 'payload.email.contents.content[1].value', value: three }],
    });
    expectError(await post(t, agent, json(body('x', `<p>${three}</p>`)), { query: '?expandMacros=yes' }), '400-152', {
      format: 'json',
      details: [{ key: 'payload.email.contents.content[0].value', value: `<p>${three}</p>` }],
    });
    expect(await counts(t)).toEqual(before);
    // 2 × 30,000 + 1 space: within the limit (counted in code points, not UTF-16 units).
    const a = created(await post(t, agent, json(body(`\`\`${name} \`\`${name}`)), { query: '?expandMacros=yes' }));
    const stored = await t.db.prisma.activityContent.findUniqueOrThrow({ where: { activityId: BigInt(a.id) } });
    expect(Array.from(stored.text!)).toHaveLength(60_001);
    // Without expansion nothing is checked beyond what the body reader checks.
    created(await post(t, agent, json(body(three))));
  });
});

describe('V4 errors', () => {
  it('documented codes, nothing written', async () => {
    const to = sender();
    const session = await customerSession(t, w.admin);
    const otherDept = await createDepartment(t.db);
    const outsider = await staff(t, ['agent'], { departmentId: otherDept.id });
    const someone = await insertCustomer(t.db, { departmentId: w.dept.id });
    const theirCase = await insertCase(t.db, { departmentId: w.dept.id, customerId: someone.id });
    const inactive = await addAlias(t, w, { state: 'inactive' });
    const before = await counts(t);
    const refused = (res: Awaited<ReturnType<typeof post>>, code: string, details?: { key: string; value: string }[]) =>
      expectError(res, code, { format: 'json', ...(details ? { details } : {}) });

    refused(await post(t, session, json(compose(to))), '403-197');
    refused(await post(t, outsider, json(compose(to))), '403-197');
    refused(await post(t, agent, json(compose(to)), { query: '?expandMacros=maybe' }), '400-102', [{ key: 'expandMacros', value: 'maybe' }]);
    refused(await post(t, agent, json(compose([]))), '400-153', [{ key: 'payload.email.emailAddresses.to.address', value: '' }]);
    refused(await post(t, agent, json(compose(['ok@example.com', 'broken']))), '400-152', [{ key: 'payload.email.emailAddresses.to.address[1]', value: 'broken' }]);
    refused(await post(t, agent, json(compose(Array.from({ length: 76 }, (_, i) => `r${i}@example.com`)))), '400-160');
    refused(await post(t, agent, json(compose(to, {}, { cc: { address: Array.from({ length: 76 }, (_, i) => `c${i}@example.com`) } }))), '400-160');
    refused(await post(t, agent, json(compose(to, {}, { bcc: { address: ['no-at-sign'] } }))), '400-152');
    refused(await post(t, agent, json(compose(to, {}, { from: `nobody.${uniq('')}@example.com` }))), '400-152', [{ key: 'payload.email.emailAddresses.from', value: expect.any(String) as never }]);
    refused(await post(t, agent, json(compose(to, {}, { from: inactive.address }))), '400-152');
    refused(await post(t, agent, json(compose(to, { case: { id: String(theirCase) } }))), '400-152', [{ key: 'case.id', value: String(theirCase) }]);
    refused(await post(t, agent, json(compose(to, { subject: '', payload: { email: { emailAddresses: { to: { address: to } } } } }))), '400-153', [{ key: 'subject', value: '' }]);
    refused(await post(t, agent, json(compose(to, { department: { name: `none ${uniq('')}` } }))), '400-152');
    refused(await post(t, agent, data(compose(to), [{ name: 'f', filename: 'x.bin', contentType: 'not a type', data: 'x' }])), '400-152');
    expect(await counts(t)).toEqual(before);
  });
});
