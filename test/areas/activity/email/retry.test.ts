// What V3 does when the database aborts its transaction (review of issue 7): a deadlock (40P01) or serialization
// failure (40001) runs the transaction again, a bounded number of times; a unique violation is a custom attribute
// 400-152 only when the index of unique activity values refused it, any other one is run again, then raised. The
// stored contents of one request are written in hash order. The failures are raised by a trigger on `activity`
// that acts only on the subjects these tests send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError } from '../../../conformance/support.ts';
import { storeContents, sha256Of } from '../../../../src/content-store/content-store.ts';
import { CREATE_ATTEMPTS, isRetryable, isUniqueValueViolation } from '../../../../src/areas/activity/email/email.write.ts';
import type { Db } from '../../../../src/areas/customer/customer.queries.ts';
import { counts, created, emailWorld, json, post, sender, uniq, type EmailWorld } from './support.ts';

let t: TestApp;
let w: EmailWorld;
const tag = uniq('rt').replace(/[^a-z0-9]/gi, '');

beforeAll(async () => {
  t = await getTestApp();
  w = await emailWorld(t);
  // `once:<state>:…` fails the first insert only (sequences are not rolled back); `always:<state>:…` every insert.
  await t.db.prisma.$executeRawUnsafe(`CREATE SEQUENCE ${tag}_n`);
  await t.db.prisma.$executeRawUnsafe(`CREATE FUNCTION ${tag}_fail() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      state text := split_part(NEW.subject, ':', 2);
      n bigint;
    BEGIN
      IF NEW.subject NOT LIKE 'once:%' AND NEW.subject NOT LIKE 'always:%' THEN
        RETURN NEW;
      END IF;
      n := nextval('${tag}_n');
      IF NEW.subject LIKE 'always:%' OR n = 1 THEN
        IF state = '23505' THEN
          RAISE EXCEPTION 'duplicate key value violates unique constraint "other_key"' USING ERRCODE = state, CONSTRAINT = 'other_key';
        END IF;
        RAISE EXCEPTION 'aborted by the test' USING ERRCODE = state;
      END IF;
      RETURN NEW;
    END $$`);
  await t.db.prisma.$executeRawUnsafe(`CREATE TRIGGER ${tag}_fail BEFORE INSERT ON activity FOR EACH ROW EXECUTE FUNCTION ${tag}_fail()`);
});
afterAll(async () => {
  await t?.db.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${tag}_fail ON activity`);
  await t?.db.prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${tag}_fail()`);
  await t?.db.prisma.$executeRawUnsafe(`DROP SEQUENCE IF EXISTS ${tag}_n`);
  await t?.close();
});

const restart = () => t.db.prisma.$executeRawUnsafe(`ALTER SEQUENCE ${tag}_n RESTART`);
const runs = async () => Number((await t.db.prisma.$queryRawUnsafe<{ n: string }[]>(`SELECT last_value::text AS n FROM ${tag}_n`))[0]!.n);

const inbound = (from: string, subject: string) => ({
  department: { name: w.dept.name },
  type: { value: 'email', subtype: { value: 'general' } },
  subject,
  payload: { email: { contents: { content: [{ type: 'text', value: 'Body' }] }, emailAddresses: { from, receiver: w.alias.address } } },
});

describe('V3 when the database aborts the transaction', () => {
  it.each(['40P01', '40001', '23505'])('%s once: the transaction runs again and the email is stored once (201)', async (state) => {
    await restart();
    const from = sender();
    const before = await counts(t);
    const a = created(await post(t, w.admin, json(inbound(from, `once:${state}:${uniq('')}`))));
    expect(await runs()).toBe(2);
    // One customer, case and activity: nothing of the aborted run remains.
    expect(await counts(t)).toMatchObject({ customers: before.customers + 1, cases: before.cases + 1, activities: before.activities + 1 });
    expect(await t.db.prisma.contactPoint.count({ where: { emailAddress: from } })).toBe(1);
    expect(a.customer.id).toBeDefined();
  });

  it.each(['40P01', '23505'])('%s every time: at most CREATE_ATTEMPTS runs, then 500-100 (not a custom attribute 400-152)', async (state) => {
    await restart();
    const before = await counts(t);
    const res = await post(t, w.admin, json(inbound(sender(), `always:${state}:${uniq('')}`)));
    expectError(res, '500-100', { format: 'json' });
    expect(await runs()).toBe(CREATE_ATTEMPTS);
    expect(await counts(t)).toEqual(before);
  });
});

describe('error classification', () => {
  const adapterError = (code: string, extra: Record<string, unknown> = {}) => ({
    code: 'P2010',
    message: `Raw query failed. Code: \`${code}\`.`,
    meta: { driverAdapterError: { cause: { originalCode: code, originalMessage: 'x', ...extra } } },
  });

  it('deadlocks and serialization failures are retryable; nothing else is', () => {
    expect(isRetryable(adapterError('40P01'))).toBe(true);
    expect(isRetryable(adapterError('40001'))).toBe(true);
    expect(isRetryable({ code: 'P2034', message: 'Transaction failed due to a write conflict or a deadlock' })).toBe(true);
    expect(isRetryable(adapterError('23505'))).toBe(false);
    expect(isRetryable(new Error('boom'))).toBe(false);
    // A SQLSTATE-looking number inside a message (a value) is not a SQLSTATE; the adapter's "Code: `…`" form is.
    expect(isRetryable(new Error('invalid input: 40001 is not a queue id'))).toBe(false);
    expect(isRetryable(new Error('Raw query failed. Code: `40P01`. Message: `deadlock detected`'))).toBe(true);
  });

  it('only the index of unique activity values is a unique value violation', () => {
    expect(isUniqueValueViolation(adapterError('23505', { constraint: { index: 'activity_attribute_value_unique' } }))).toBe(true);
    // PGlite's adapter names the fields only; the message names the index.
    expect(isUniqueValueViolation(adapterError('23505', { originalMessage: 'duplicate key value violates unique constraint "activity_attribute_value_unique"' }))).toBe(true);
    expect(isUniqueValueViolation(adapterError('23505', { constraint: { index: 'contact_point_pkey' } }))).toBe(false);
    expect(isUniqueValueViolation(adapterError('40P01', { originalMessage: 'activity_attribute_value_unique' }))).toBe(false);
  });
});

describe('stored contents of one request', () => {
  it('are written once each, in ascending SHA-256 order, whatever the body order', async () => {
    const written: string[] = [];
    const tx = { $executeRaw: async (_s: TemplateStringsArray, sha: Buffer) => void written.push(sha.toString('hex')) } as unknown as Db;
    const contents = ['zeta', 'alpha', 'mu', 'alpha', 'omega'].map((s) => Buffer.from(s));
    const refs = await storeContents(tx, contents);
    const hashes = ['zeta', 'alpha', 'mu', 'omega'].map((s) => sha256Of(Buffer.from(s)).toString('hex'));
    expect(written).toEqual([...hashes].sort());
    expect(refs.map((r) => r.sha256.toString('hex'))).toEqual(contents.map((c) => sha256Of(c).toString('hex')));
  });
});
