// V8 change customer of activities (05 §9.9), with the load-test body of 10 §3.2 row 12. V9 is in move-case.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createDepartment } from '../../helpers/auth.ts';
import { insertActivity, insertCustomer, insertQueue, type TestCustomer } from '../../helpers/interaction.ts';
import { expectError, type Fmt } from '../../conformance/support.ts';
import { call, customerSession, noContent, staff, type Staff } from '../customer/support.ts';

const URL = '/system/ws/v12/interaction/activity';
const V8 = `${URL}/changecustomer`;
let t: TestApp;
let dept: { id: bigint };
let other: { id: bigint };
let admin: Staff;
let supervisor: Staff;
let agent: Staff;
let outsider: Staff;
let queueId: bigint;

beforeAll(async () => {
  t = await getTestApp();
  dept = await createDepartment(t.db);
  other = await createDepartment(t.db);
  [admin, supervisor, agent, outsider] = await Promise.all([
    staff(t, ['administrator'], { departmentId: dept.id }),
    staff(t, ['supervisor'], { departmentId: dept.id }),
    staff(t, ['agent'], { departmentId: dept.id }),
    staff(t, ['agent'], { departmentId: other.id }),
  ]);
  queueId = (await insertQueue(t.db, dept.id)).id;
});
afterAll(async () => t?.close());

/** The load-test body of 10 §3.2 row 12 (05 §9.9), verbatim. */
const loadTestBody = (id: bigint, pointId: bigint) =>
  `{"activity":[{"id":"${id}","customer":{"contactPersons":{"contactPerson":[{"contactPoints":{"contactPoint":[{"id":"${pointId}"}]}}]}}}]}`;

/** The XML example of 05 §9.9. */
const xmlBody = (items: { id: bigint; pointId: bigint }[]) => `<activities xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/activity"
            xmlns:cus="http://bindings.egain.com/ws/model/v12/gen/interaction/customer"
            xmlns:cpe="http://bindings.egain.com/ws/model/v12/gen/interaction/contactperson"
            xmlns:cpt="http://bindings.egain.com/ws/model/v12/gen/interaction/contactpoint">
${items
  .map(
    (i) => `  <activity id="${i.id}">
    <customer>
      <cus:contactPersons><cpe:contactPerson><cpe:contactPoints>
        <cpt:contactPoint id="${i.pointId}"/>
      </cpe:contactPoints></cpe:contactPerson></cus:contactPersons>
    </customer>
  </activity>`,
  )
  .join('\n')}
</activities>`;

const put = (who: { headers: Record<string, string> } | null, body: unknown, fmt: Fmt = 'json') =>
  typeof body === 'string'
    ? t.app.inject({
        method: 'PUT',
        url: V8,
        headers: { ...(who?.headers ?? {}), accept: fmt === 'json' ? 'application/json' : 'application/xml', 'content-type': body.startsWith('<') ? 'application/xml' : 'application/json' },
        payload: body,
      })
    : call(t.app, who, 'PUT', V8, { fmt, body });

const pointItem = (id: bigint, pointId: bigint | string, extra: Record<string, unknown> = {}) => ({
  id: String(id),
  ...extra,
  customer: { contactPersons: { contactPerson: [{ contactPoints: { contactPoint: [{ id: String(pointId) }] } }] } },
});

type Row = { customerId: bigint; contactPersonId: bigint | null; contactPointId: bigint | null; caseId: bigint; status: string; lastModifiedAt: Date; lastModifiedById: bigint | null };
const row = (id: bigint): Promise<Row> =>
  t.db.prisma.activity.findUniqueOrThrow({
    where: { id },
    select: { customerId: true, contactPersonId: true, contactPointId: true, caseId: true, status: true, lastModifiedAt: true, lastModifiedById: true },
  });

async function twoCustomers(): Promise<{ ann: TestCustomer; bob: TestCustomer; activity: bigint; caseId: bigint }> {
  const ann = await insertCustomer(t.db, { departmentId: dept.id });
  const bob = await insertCustomer(t.db, { departmentId: dept.id, firstName: 'Bob' });
  const a = await insertActivity(t.db, { customer: ann, departmentId: dept.id, queueId, now: new Date(Date.now() - 60_000) });
  return { ann, bob, activity: a.id, caseId: a.caseId };
}

describe('V8 change customer: the load-test bodies', () => {
  it('JSON body of 10 §3.2 row 12 → 204; customer, contact person and point change, the case does not', async () => {
    const { ann, bob, activity, caseId } = await twoCustomers();
    const before = await row(activity);
    noContent(await put(agent, loadTestBody(activity, bob.emailPointId!)));
    const after = await row(activity);
    expect(after).toMatchObject({ customerId: bob.id, contactPersonId: bob.contactPersonId, contactPointId: bob.emailPointId, caseId, status: 'awaiting_assignment' });
    expect(after.lastModifiedAt.getTime()).toBeGreaterThan(before.lastModifiedAt.getTime());
    expect(after.lastModifiedById).toBe(agent.user.id);
    expect(ann.id).not.toBe(bob.id);
    // The representation shows the new customer with exactly that contact point, and contactPointData follows.
    const res = await call(t.app, agent, 'GET', `${URL}/${activity}?$attribute=contactPointData`);
    const a = res.json().activity[0];
    expect(a.customer.id).toBe(String(bob.id));
    expect(a.customer.contactPersons.contactPerson[0].id).toBe(String(bob.contactPersonId));
    expect(a.customer.contactPersons.contactPerson[0].contactPoints.contactPoint[0].id).toBe(String(bob.emailPointId));
    expect(a.contactPointData).toBe(bob.email);
    expect(a.case.id).toBe(String(caseId));
  });

  it('XML body of 05 §9.9 → 204, also with several items', async () => {
    const { bob, activity } = await twoCustomers();
    const second = await twoCustomers();
    const res = await put(supervisor, xmlBody([{ id: activity, pointId: bob.emailPointId! }, { id: second.activity, pointId: bob.emailPointId! }]), 'xml');
    noContent(res, 'xml');
    expect((await row(activity)).contactPointId).toBe(bob.emailPointId);
    expect((await row(second.activity)).customerId).toBe(bob.id);
  });

  it('moves completed activities too, without changing their status; a lastModified token that matches is accepted', async () => {
    const { ann, bob } = await twoCustomers();
    const done = await insertActivity(t.db, { customer: ann, departmentId: dept.id, status: 'completed' });
    const before = await row(done.id);
    noContent(await put(admin, { activity: [pointItem(done.id, bob.emailPointId!, { lastModified: { date: before.lastModifiedAt.toISOString() } })] }));
    expect(await row(done.id)).toMatchObject({ customerId: bob.id, status: 'completed' });
  });

  it('accepts customer.id together with the contact point when the point belongs to that customer', async () => {
    const { bob, activity } = await twoCustomers();
    const item = pointItem(activity, bob.emailPointId!);
    const body = { activity: [{ ...item, customer: { id: String(bob.id), contactPersons: { contactPerson: { id: String(bob.contactPersonId), ...item.customer.contactPersons.contactPerson[0] } } } }] };
    noContent(await put(agent, body));
    expect((await row(activity)).customerId).toBe(bob.id);
  });
});

describe('V8 change customer with only customer.id (primary contact point, 03 §4.3)', () => {
  it("takes the lowest contact person and its primary point of the activity's kind, else its primary email, else none", async () => {
    const db = t.db.prisma;
    const target = await db.customer.create({ data: { type: 'group', customerName: 'Target', departmentId: dept.id } });
    const first = await db.contactPerson.create({ data: { customerId: target.id, firstName: 'First' } });
    const second = await db.contactPerson.create({ data: { customerId: target.id, firstName: 'Second' } });
    const point = (personId: bigint, kind: string, priority: number, extra: Record<string, unknown>) =>
      db.contactPoint.create({ data: { customerId: target.id, contactPersonId: personId, kind, priority, ...extra } });
    await point(first.id, 'email', 1, { emailAddress: 'low@example.com' });
    const high = await point(first.id, 'email', 3, { emailAddress: 'high@example.com' });
    const removed = await point(first.id, 'email', 3, { emailAddress: 'gone@example.com', removedAt: new Date() });
    const phone = await point(first.id, 'phone', 2, { phoneNo: '555 1234' });
    await point(second.id, 'phone', 3, { phoneNo: '555 9999' });
    expect(removed.id).toBeGreaterThan(high.id);

    const ann = await insertCustomer(t.db, { departmentId: dept.id });
    const annPhone = await db.contactPoint.create({ data: { customerId: ann.id, contactPersonId: ann.contactPersonId, kind: 'phone', phoneNo: '555 0000' } });
    const annWeb = await db.contactPoint.create({ data: { customerId: ann.id, contactPersonId: ann.contactPersonId, kind: 'web', url: 'https://ann.example.com' } });
    const email = await insertActivity(t.db, { customer: ann, departmentId: dept.id, queueId });
    const call_ = await insertActivity(t.db, { customer: ann, departmentId: dept.id, type: 'calltrack', queueId });
    await db.activity.update({ where: { id: call_.id }, data: { contactPointId: annPhone.id } });
    const social = await insertActivity(t.db, { customer: ann, departmentId: dept.id, type: 'social', queueId });
    await db.activity.update({ where: { id: social.id }, data: { contactPointId: annWeb.id } });
    const task = await insertActivity(t.db, { customer: ann, departmentId: dept.id, type: 'task', queueId });

    const only = (id: bigint) => ({ id: String(id), customer: { id: String(target.id) } });
    noContent(await put(agent, { activity: [only(email.id), only(call_.id), only(social.id), only(task.id)] }));
    expect(await row(email.id)).toMatchObject({ customerId: target.id, contactPersonId: first.id, contactPointId: high.id });
    expect(await row(call_.id)).toMatchObject({ customerId: target.id, contactPersonId: first.id, contactPointId: phone.id });
    expect(await row(social.id)).toMatchObject({ customerId: target.id, contactPersonId: first.id, contactPointId: high.id });
    expect(await row(task.id)).toMatchObject({ customerId: target.id, contactPersonId: first.id, contactPointId: high.id });

    // A customer without contact points: the person, no point; the XML form of customer.id (an attribute).
    const bare = await insertCustomer(t.db, { departmentId: dept.id, email: null });
    const xml = `<activities xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/activity"><activity id="${email.id}"><customer id="${bare.id}"/></activity></activities>`;
    noContent(await put(agent, xml, 'xml'), 'xml');
    expect(await row(email.id)).toMatchObject({ customerId: bare.id, contactPersonId: bare.contactPersonId, contactPointId: null });
  });
});

describe('V8 errors', () => {
  it('400-153: no customer, or a customer with neither contact point nor id, or a contact point without id; no item id', async () => {
    const { activity } = await twoCustomers();
    expectError(await put(agent, { activity: [{ id: String(activity) }] }), '400-153', { format: 'json', details: [{ key: 'activity[0].customer', value: '' }] });
    expectError(await put(agent, { activity: [{ id: String(activity), customer: { customerName: 'x' } }] }), '400-153', {
      format: 'json',
      details: [{ key: 'activity[0].customer.id', value: '' }],
    });
    expectError(await put(agent, { activity: [{ id: String(activity), customer: { contactPersons: { contactPerson: [{ contactPoints: { contactPoint: [{}] } }] } } }] }), '400-153', {
      format: 'json',
      details: [{ key: 'activity[0].customer.contactPersons.contactPerson[0].contactPoints.contactPoint[0].id', value: '' }],
    });
    expectError(await put(agent, { activity: [{ customer: { id: '1' } }] }), '400-153', { format: 'json' });
    expectError(await put(agent, { activity: [] }), '400-153', { format: 'json' });
  });

  it('400-152: not exactly one contact person with one point; unknown, removed or foreign contact point; unknown customer; an id twice', async () => {
    const { ann, bob, activity } = await twoCustomers();
    const before = await row(activity);
    const persons = (list: unknown[]) => ({ activity: [{ id: String(activity), customer: { contactPersons: { contactPerson: list } } }] });
    const pt = (id: bigint | string) => ({ contactPoints: { contactPoint: [{ id: String(id) }] } });
    expectError(await put(agent, persons([pt(bob.emailPointId!), pt(ann.emailPointId!)])), '400-152', {
      format: 'json',
      details: [{ key: 'activity[0].customer.contactPersons.contactPerson', value: '' }],
    });
    expectError(await put(agent, persons([{ contactPoints: { contactPoint: [{ id: String(bob.emailPointId) }, { id: String(ann.emailPointId) }] } }])), '400-152', {
      format: 'json',
      details: [{ key: 'activity[0].customer.contactPersons.contactPerson[0].contactPoints.contactPoint', value: '' }],
    });
    const path = 'activity[0].customer.contactPersons.contactPerson[0].contactPoints.contactPoint[0].id';
    expectError(await put(agent, { activity: [pointItem(activity, 9_999_999_999n)] }), '400-152', { format: 'json', details: [{ key: path, value: '9999999999' }] });
    expectError(await put(agent, { activity: [pointItem(activity, 'abc')] }), '400-152', { format: 'json', details: [{ key: path, value: 'abc' }] });
    const gone = await t.db.prisma.contactPoint.create({
      data: { customerId: bob.id, contactPersonId: bob.contactPersonId, kind: 'email', emailAddress: 'gone@example.com', removedAt: new Date() },
    });
    expectError(await put(agent, { activity: [pointItem(activity, gone.id)] }), '400-152', { format: 'json', details: [{ key: path, value: String(gone.id) }] });
    const mismatch = pointItem(activity, bob.emailPointId!);
    expectError(await put(agent, { activity: [{ ...mismatch, customer: { ...mismatch.customer, id: String(ann.id) } }] }), '400-152', {
      format: 'json',
      details: [{ key: path, value: String(bob.emailPointId) }],
    });
    expectError(await put(agent, { activity: [{ id: String(activity), customer: { id: '9999999999' } }] }), '400-152', {
      format: 'json',
      details: [{ key: 'activity[0].customer.id', value: '9999999999' }],
    });
    expectError(await put(agent, { activity: [pointItem(activity, bob.emailPointId!), pointItem(activity, bob.emailPointId!)] }), '400-152', {
      format: 'json',
      details: [{ key: 'activity[1].id', value: String(activity) }],
    });
    expect(await row(activity)).toEqual(before);
  });

  it('400-150 malformed body, 400-160 more than 75 items, 403-197 customer session', async () => {
    const { bob, activity } = await twoCustomers();
    expectError(await put(agent, '{"activity":['), '400-150', { format: 'json' });
    expectError(await put(agent, '<activities><activity', 'xml'), '400-150');
    const many = Array.from({ length: 76 }, (_, i) => pointItem(BigInt(2_000_000 + i), bob.emailPointId!));
    expectError(await put(agent, { activity: many }), '400-160', { format: 'json' });
    const session = await customerSession(t, admin);
    expectError(await put(session, loadTestBody(activity, bob.emailPointId!)), '403-197', { format: 'json' });
    expectError(await put(null, loadTestBody(activity, bob.emailPointId!)), '401-101', { format: 'json' });
  });

  it('404-101 for unknown activities and those of departments the caller does not see, naming each; all or nothing', async () => {
    const { bob, activity } = await twoCustomers();
    const foreignCustomer = await insertCustomer(t.db, { departmentId: other.id });
    const foreign = await insertActivity(t.db, { customer: foreignCustomer, departmentId: other.id });
    const before = await row(activity);
    const body = { activity: [pointItem(activity, bob.emailPointId!), pointItem(foreign.id, bob.emailPointId!), pointItem(9_999_999_998n, bob.emailPointId!)] };
    expectError(await put(agent, body), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: String(foreign.id) },
        { key: 'id', value: '9999999998' },
      ],
    });
    expect(await row(activity)).toEqual(before);
    expectError(await put(outsider, loadTestBody(activity, bob.emailPointId!)), '404-101', { format: 'json' });
    // The administrator sees every department; the customer of the target is not department-scoped.
    noContent(await put(admin, loadTestBody(foreign.id, bob.emailPointId!)));
    expect((await row(foreign.id)).customerId).toBe(bob.id);
  });

  it('409-101 for a stale token; a batch is all or nothing', async () => {
    const { bob, activity } = await twoCustomers();
    const second = await twoCustomers();
    const before = await row(activity);
    const stale = { date: new Date(before.lastModifiedAt.getTime() - 1000).toISOString() };
    expectError(await put(agent, { activity: [pointItem(second.activity, bob.emailPointId!), pointItem(activity, bob.emailPointId!, { lastModified: stale })] }), '409-101', {
      format: 'json',
      details: [{ key: 'id', value: String(activity) }],
    });
    expect((await row(second.activity)).customerId).toBe(second.ann.id);
    // A bad reference in the second item leaves the first unchanged as well.
    expectError(await put(agent, { activity: [pointItem(second.activity, bob.emailPointId!), pointItem(activity, 9_999_999_999n)] }), '400-152', { format: 'json' });
    expect((await row(second.activity)).customerId).toBe(second.ann.id);
    expect(await row(activity)).toEqual(before);
  });

  it('concurrent changes of one activity without token all succeed', async () => {
    const { ann, bob, activity } = await twoCustomers();
    const results = await Promise.all([put(agent, loadTestBody(activity, bob.emailPointId!)), put(supervisor, loadTestBody(activity, ann.emailPointId!))]);
    expect(results.map((r) => r.statusCode)).toEqual([204, 204]);
    expect([ann.id, bob.id]).toContain((await row(activity)).customerId);
  });
});
