// 05 §9.3.1 and §10: parallel inbound emails from one unknown address create exactly one customer (the per-address
// advisory lock), while emails from different addresses do not wait on each other. Meaningful on PostgreSQL
// (TEST_DATABASE_URL); on the embedded PGlite the transactions run one at a time anyway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { created, emailWorld, json, post, sender, type EmailWorld } from './support.ts';

let t: TestApp;
let w: EmailWorld;

beforeAll(async () => {
  t = await getTestApp();
  w = await emailWorld(t);
});
afterAll(async () => t?.close());

const body = (from: string, subject: string) => ({
  department: { name: w.dept.name },
  type: { value: 'email', subtype: { value: 'general' } },
  subject,
  payload: { email: { emailAddresses: { from, receiver: w.alias.address } } },
});

describe('parallel inbound emails', () => {
  it(`5 emails from one unknown sender at once → exactly one customer, one email point, five activities (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const from = sender('rush');
    // Different letter cases: the lock and the lookup use the lower-cased address.
    const variants = [from, from.toUpperCase(), from, `Rush Hour <${from}>`, from];
    const answers = await Promise.all(variants.map((f, i) => post(t, w.admin, json(body(f, `parallel ${i}`)))));
    const activities = answers.map(created);
    const customers = new Set(activities.map((a) => a.customer.id));
    expect(customers.size).toBe(1);
    const points = await t.db.prisma.contactPoint.findMany({ where: { emailAddress: { equals: from, mode: 'insensitive' } } });
    expect(points).toHaveLength(1);
    expect(await t.db.prisma.customer.count({ where: { id: points[0]!.customerId } })).toBe(1);
    expect(await t.db.prisma.activity.count({ where: { customerId: points[0]!.customerId } })).toBe(5);
    // Each email without case.id has a case of its own.
    expect(new Set(activities.map((a) => a.case.id)).size).toBe(5);
  });

  it('emails from different unknown senders in parallel each get their own customer', async () => {
    const froms = Array.from({ length: 6 }, () => sender('many'));
    const activities = (await Promise.all(froms.map((f, i) => post(t, w.admin, json(body(f, `many ${i}`)))))).map(created);
    expect(new Set(activities.map((a) => a.customer.id)).size).toBe(6);
  });
});
