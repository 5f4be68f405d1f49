// What each purge target removes (07 §17.1), counted before and after: the rows it should, with their dependent rows,
// and nothing else. Runs are queued through the API and processed by the worker's function as of a fixed `NOW`, so
// the cutoff is exact (NOW − olderThanDays days); data far in the past keeps other test files' rows out of the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { insertActivity, insertCase, insertCustomer, type TestCustomer } from '../../../helpers/interaction.ts';
import { insertKbArticle, insertKbFolder } from '../../../helpers/knowledge.ts';
import { session, unique, type Session } from '../department/support.ts';
import { caseCount } from '../../../../src/areas/case/case.counts.ts';
import { alarmWorkflow, attach, createJob, DAY, purgeTestApp, runJob, storedContent, tokenHash } from './support.ts';

let t: TestApp;
let admin: Session;

/** The run start of every run of this file; cutoffs are NOW − days. */
const NOW = new Date('2001-06-15T10:00:00.000Z');
const DAYS = 365;
const CUTOFF = new Date(NOW.getTime() - DAYS * DAY);
const before = (ms = 1) => new Date(CUTOFF.getTime() - ms);
const after = (ms = 1) => new Date(CUTOFF.getTime() + ms);

beforeAll(async () => {
  t = await purgeTestApp();
  admin = await session(t.app, t.db, ['administrator']);
});
afterAll(async () => t?.close());

const count = async (sql: string, ...params: unknown[]) => Number((await t.db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${sql}`, params))[0]!.n);
const exists = async (table: string, id: bigint) => (await count(`${table} WHERE id = $1::bigint`, String(id))) === 1;

async function activityDefinition() {
  return t.db.prisma.customAttributeDefinition.create({ data: { objectType: 'activity', name: unique('pa'), displayName: 'Purge test', dataType: 'string' } });
}

/** Every row that hangs off an activity, by table. */
async function dependents(id: bigint) {
  const of = (table: string) => count(`${table} WHERE activity_id = $1::bigint`, String(id));
  return {
    content: await of('activity_content'),
    notes: await of('note'),
    chat: await of('chat_message'),
    attachments: await of('activity_attachment'),
    alarms: await of('alarm_event'),
    attributes: await of('activity_attribute_value'),
  };
}

/** An activity with one row in every dependent table (its attachment points at `sha256`). */
async function fullActivity(customer: TestCustomer, opts: { departmentId: bigint; caseId?: bigint; at: Date; status?: 'open' | 'completed'; sha256: Uint8Array<ArrayBuffer>; definitionId: bigint; workflowId: bigint }) {
  const a = await insertActivity(t.db, { customer, departmentId: opts.departmentId, ...(opts.caseId ? { caseId: opts.caseId } : {}), status: opts.status ?? 'completed', now: opts.at });
  await t.db.prisma.note.create({ data: { activityId: a.id, content: 'note', createdAt: opts.at } });
  await t.db.prisma.chatMessage.create({ data: { activityId: a.id, sequence: 1, sentAt: opts.at, senderType: 'customer', text: 'hi' } });
  const att = await attach(t, a.id, opts.sha256, opts.at);
  await t.db.prisma.attachmentUrlToken.create({ data: { tokenHash: tokenHash(), attachmentId: att.id, expiresAt: NOW } });
  await t.db.prisma.alarmEvent.create({ data: { workflowId: opts.workflowId, activityId: a.id, firedAt: new Date(NOW.getTime() + DAY) } });
  await t.db.prisma.activityAttributeValue.create({ data: { activityId: a.id, definitionId: opts.definitionId, position: 0, value: 'v', key: 'v' } });
  return a;
}

describe('completed_activities', () => {
  it('removes completed activities older than the cutoff of the department with every dependent row, and nothing else', async () => {
    const dept = await createDepartment(t.db, unique('CA'));
    const other = await createDepartment(t.db, unique('CO'));
    const ann = await insertCustomer(t.db, { departmentId: dept.id });
    const def = await activityDefinition();
    const wf = await alarmWorkflow(t, dept.id);
    const shared = await storedContent(t);
    const own = await storedContent(t);
    const common = { definitionId: def.id, workflowId: wf.id };

    const old = await fullActivity(ann, { departmentId: dept.id, at: before(), sha256: shared, ...common });
    const oldSameCase = await fullActivity(ann, { departmentId: dept.id, caseId: old.caseId, at: before(DAY), sha256: own, ...common });
    const atCutoff = await fullActivity(ann, { departmentId: dept.id, at: CUTOFF, sha256: own, ...common });
    const open = await fullActivity(ann, { departmentId: dept.id, at: before(10 * DAY), status: 'open', sha256: shared, ...common });
    const elsewhere = await fullActivity(ann, { departmentId: other.id, at: before(), sha256: own, ...common });
    expect(await t.db.prisma.case.findUniqueOrThrow({ where: { id: old.caseId } })).toMatchObject({ status: 'closed' });
    const closedBefore = await caseCount(t.db.prisma, 'closed', new Set([dept.id]));
    const openBefore = await caseCount(t.db.prisma, 'open', new Set([dept.id]));
    expect(await t.db.prisma.storedContent.findUniqueOrThrow({ where: { sha256: shared } })).toMatchObject({ refCount: 2 });
    expect(await t.db.prisma.storedContent.findUniqueOrThrow({ where: { sha256: own } })).toMatchObject({ refCount: 3 });

    const job = await createJob(t, admin, { target: { value: 'completed_activities' }, olderThanDays: DAYS, department: { id: String(dept.id) } });
    const run = await runJob(t, admin, job.id, NOW);
    expect(run).toMatchObject({ status: { value: 'completed' }, dryRun: false, matched: 2, purged: 2, cutoff: CUTOFF.toISOString() });

    for (const gone of [old, oldSameCase]) {
      expect(await exists('activity', gone.id)).toBe(false);
      expect(await dependents(gone.id)).toEqual({ content: 0, notes: 0, chat: 0, attachments: 0, alarms: 0, attributes: 0 });
    }
    for (const kept of [atCutoff, open, elsewhere]) {
      expect(await exists('activity', kept.id)).toBe(true);
      expect(await dependents(kept.id)).toEqual({ content: 1, notes: 1, chat: 1, attachments: 1, alarms: 1, attributes: 1 });
    }
    expect(await count('attachment_url_token t JOIN activity_attachment a ON a.id = t.attachment_id WHERE a.activity_id = ANY($1::bigint[])', [String(old.id), String(oldSameCase.id)])).toBe(0);
    // Bytes go with their last reference: the shared content stays for the open activity.
    expect(await t.db.prisma.storedContent.findUniqueOrThrow({ where: { sha256: shared } })).toMatchObject({ refCount: 1 });
    expect(await t.db.prisma.storedContent.findUniqueOrThrow({ where: { sha256: own } })).toMatchObject({ refCount: 2 });
    // The case left without activities stays (closed_cases removes it), and the case counts do not change.
    expect(await t.db.prisma.case.findUniqueOrThrow({ where: { id: old.caseId } })).toMatchObject({ status: 'closed' });
    expect(await caseCount(t.db.prisma, 'closed', new Set([dept.id]))).toBe(closedBefore);
    expect(await caseCount(t.db.prisma, 'open', new Set([dept.id]))).toBe(openBefore);
    expect(await count('interaction_case WHERE department_id = $1::bigint AND status = $2', String(dept.id), 'closed')).toBe(closedBefore);
  });

  it('without a department purges every department, in batches (purged after each batch)', async () => {
    const d1 = await createDepartment(t.db, unique('CB'));
    const d2 = await createDepartment(t.db, unique('CB'));
    const ann = await insertCustomer(t.db, { departmentId: d1.id });
    const ids: bigint[] = [];
    // Far older than anything else: the run may also meet other files' rows, which this test does not count.
    for (const [i, d] of [d1, d1, d2, d2, d1].entries()) ids.push((await insertActivity(t.db, { customer: ann, departmentId: d.id, status: 'completed', now: before(3000 * DAY + i) })).id);
    const job = await createJob(t, admin, { target: { value: 'completed_activities' }, olderThanDays: DAYS + 2999 });
    const batches: number[] = [];
    const run = await runJob(t, admin, job.id, NOW, { batchSize: 2, onBatch: (n) => batches.push(n) });
    expect(run).toMatchObject({ status: { value: 'completed' } });
    expect(run.matched).toBeGreaterThanOrEqual(5);
    expect(run.purged).toBe(run.matched);
    expect(batches.every((n) => n <= 2)).toBe(true);
    expect(batches.at(-1)).toBe(0);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(run.purged);
    expect(await count('activity WHERE id = ANY($1::bigint[])', ids.map(String))).toBe(0);
  });

  it('counts only on a dry run', async () => {
    const dept = await createDepartment(t.db, unique('CD'));
    const ann = await insertCustomer(t.db, { departmentId: dept.id });
    const a = await insertActivity(t.db, { customer: ann, departmentId: dept.id, status: 'completed', now: before() });
    const job = await createJob(t, admin, { target: { value: 'completed_activities' }, olderThanDays: DAYS, department: { id: String(dept.id) } });
    const run = await runJob(t, admin, job.id, NOW, { dryRun: 'yes' });
    expect(run).toMatchObject({ status: { value: 'completed' }, dryRun: true, matched: 1, purged: 0 });
    expect(await exists('activity', a.id)).toBe(true);
  });
});

describe('closed_cases', () => {
  it('removes closed cases closed before the cutoff without activities, with notes, relations and attribute values', async () => {
    const dept = await createDepartment(t.db, unique('CC'));
    const other = await createDepartment(t.db, unique('CC'));
    const ann = await insertCustomer(t.db, { departmentId: dept.id });
    const def = await t.db.prisma.customAttributeDefinition.create({ data: { objectType: 'case', name: unique('pc'), displayName: 'x', dataType: 'string' } });
    const empty = await insertCase(t.db, { departmentId: dept.id, customerId: ann.id, status: 'closed', now: before() });
    const related = await insertCase(t.db, { departmentId: dept.id, customerId: ann.id, status: 'closed', now: before(2) });
    const recent = await insertCase(t.db, { departmentId: dept.id, customerId: ann.id, status: 'closed', now: CUTOFF });
    const openCase = await insertCase(t.db, { departmentId: dept.id, customerId: ann.id, now: before(DAY) });
    const withActivity = (await insertActivity(t.db, { customer: ann, departmentId: dept.id, status: 'completed', now: before(DAY) })).caseId;
    const elsewhere = await insertCase(t.db, { departmentId: other.id, customerId: ann.id, status: 'closed', now: before() });
    const keptRelation = await insertCase(t.db, { departmentId: dept.id, customerId: ann.id, now: NOW });
    for (const id of [empty, related]) {
      await t.db.prisma.note.create({ data: { caseId: id, content: 'n' } });
      await t.db.prisma.caseAttributeValue.create({ data: { caseId: id, definitionId: def.id, position: 0, value: 'v', key: 'v' } });
    }
    await t.db.prisma.caseRelation.createMany({
      data: [
        { caseId: empty, relatedCaseId: related },
        { caseId: related, relatedCaseId: empty },
        { caseId: empty, relatedCaseId: keptRelation },
        { caseId: keptRelation, relatedCaseId: empty },
      ],
    });
    const closed = await caseCount(t.db.prisma, 'closed', new Set([dept.id]));
    const open = await caseCount(t.db.prisma, 'open', new Set([dept.id]));
    expect(closed).toBe(4);

    const job = await createJob(t, admin, { target: { value: 'closed_cases' }, olderThanDays: DAYS, department: { name: dept.name } });
    const run = await runJob(t, admin, job.id, NOW);
    expect(run).toMatchObject({ status: { value: 'completed' }, matched: 2, purged: 2 });

    for (const id of [empty, related]) expect(await exists('interaction_case', id)).toBe(false);
    for (const id of [recent, openCase, withActivity, elsewhere, keptRelation]) expect(await exists('interaction_case', id)).toBe(true);
    expect(await count('note WHERE case_id = ANY($1::bigint[])', [String(empty), String(related)])).toBe(0);
    expect(await count('case_attribute_value WHERE case_id = ANY($1::bigint[])', [String(empty), String(related)])).toBe(0);
    expect(await count('case_relation WHERE case_id = $1::bigint OR related_case_id = $1::bigint', String(keptRelation))).toBe(0);
    // case_count follows the deletes exactly.
    expect(await caseCount(t.db.prisma, 'closed', new Set([dept.id]))).toBe(closed - 2);
    expect(await caseCount(t.db.prisma, 'open', new Set([dept.id]))).toBe(open);
    expect(await count('interaction_case WHERE department_id = $1::bigint AND status = $2', String(dept.id), 'closed')).toBe(closed - 2);
  });

  it('after completed_activities, removes the cases left without activities', async () => {
    const dept = await createDepartment(t.db, unique('CE'));
    const ann = await insertCustomer(t.db, { departmentId: dept.id });
    const a = await insertActivity(t.db, { customer: ann, departmentId: dept.id, status: 'completed', now: before() });
    const scope = { department: { id: String(dept.id) }, olderThanDays: DAYS };
    const cases = await createJob(t, admin, { target: { value: 'closed_cases' }, ...scope });
    expect(await runJob(t, admin, cases.id, NOW)).toMatchObject({ matched: 0, purged: 0 });
    await runJob(t, admin, (await createJob(t, admin, { target: { value: 'completed_activities' }, ...scope })).id, NOW);
    expect(await exists('interaction_case', a.caseId)).toBe(true);
    expect(await runJob(t, admin, cases.id, NOW)).toMatchObject({ matched: 1, purged: 1 });
    expect(await exists('interaction_case', a.caseId)).toBe(false);
    expect(await caseCount(t.db.prisma, 'closed', new Set([dept.id]))).toBe(0);
  });
});

describe('activity_attachments', () => {
  it('removes the attachments of activities completed before the cutoff, bytes with their last reference', async () => {
    const dept = await createDepartment(t.db, unique('AA'));
    const other = await createDepartment(t.db, unique('AA'));
    const ann = await insertCustomer(t.db, { departmentId: dept.id });
    const shared = await storedContent(t);
    const own = await storedContent(t);
    const old = await insertActivity(t.db, { customer: ann, departmentId: dept.id, status: 'completed', now: before() });
    const recent = await insertActivity(t.db, { customer: ann, departmentId: dept.id, status: 'completed', now: after() });
    const open = await insertActivity(t.db, { customer: ann, departmentId: dept.id, now: before(DAY) });
    const elsewhere = await insertActivity(t.db, { customer: ann, departmentId: other.id, status: 'completed', now: before() });
    const gone = [await attach(t, old.id, shared), await attach(t, old.id, own), await attach(t, old.id, own)];
    await t.db.prisma.attachmentUrlToken.create({ data: { tokenHash: tokenHash(), attachmentId: gone[0]!.id, expiresAt: NOW } });
    const kept = [await attach(t, recent.id, shared), await attach(t, open.id, shared), await attach(t, elsewhere.id, shared)];

    const job = await createJob(t, admin, { target: { value: 'activity_attachments' }, olderThanDays: DAYS, department: { id: String(dept.id) } });
    expect(await runJob(t, admin, job.id, NOW, { batchSize: 2 })).toMatchObject({ status: { value: 'completed' }, matched: 3, purged: 3 });

    expect(await count('activity_attachment WHERE id = ANY($1::bigint[])', gone.map((g) => String(g.id)))).toBe(0);
    expect(await count('activity_attachment WHERE id = ANY($1::bigint[])', kept.map((k) => String(k.id)))).toBe(3);
    expect(await count('attachment_url_token WHERE attachment_id = $1::bigint', String(gone[0]!.id))).toBe(0);
    expect(await t.db.prisma.storedContent.findUnique({ where: { sha256: own } })).toBeNull();
    expect(await t.db.prisma.storedContent.findUniqueOrThrow({ where: { sha256: shared } })).toMatchObject({ refCount: 3 });
    // The activities themselves stay, with their other rows.
    expect(await exists('activity', old.id)).toBe(true);
    expect(await count('activity_content WHERE activity_id = $1::bigint', String(old.id))).toBe(1);
  });
});

describe('archived_kb_versions', () => {
  it('removes archived versions last modified before the cutoff, never an article’s current version, and refreshes the articles', async () => {
    const dept = await createDepartment(t.db, unique('KB'));
    const folder = await insertKbFolder(t.db, { departmentId: dept.id });
    // Versions are stamped `at` + their index (ms).
    const published = await insertKbArticle(t.db, {
      folderId: folder.id,
      departmentId: dept.id,
      at: before(10),
      versions: [{ state: 'archived' }, { state: 'archived' }, { state: 'published', name: 'Live' }, { state: 'draft' }],
    });
    const boundary = await insertKbArticle(t.db, { folderId: folder.id, departmentId: dept.id, at: before(1), versions: [{ state: 'archived' }, { state: 'archived' }, { state: 'published' }] });
    // Every version archived: the current one (the highest) stays.
    const allArchived = await insertKbArticle(t.db, { folderId: folder.id, departmentId: dept.id, at: before(100), versions: [{ state: 'archived' }, { state: 'archived' }] });
    const articleBefore = await t.db.prisma.kbArticle.findUniqueOrThrow({ where: { id: published.id } });

    const job = await createJob(t, admin, { target: { value: 'archived_kb_versions' }, olderThanDays: DAYS, department: { id: String(dept.id) } });
    const run = await runJob(t, admin, job.id, NOW);
    expect(run.status.value).toBe('completed');
    // boundary: version 1 at cutoff − 1 ms goes, version 2 at the cutoff stays.
    const versions = async (id: bigint) => (await t.db.prisma.kbVersion.findMany({ where: { articleId: id }, orderBy: { versionNumber: 'asc' } })).map((v) => v.versionNumber);
    expect(await versions(published.id)).toEqual([3, 4]);
    expect(await versions(boundary.id)).toEqual([2, 3]);
    expect(await versions(allArchived.id)).toEqual([2]);
    expect(run.matched).toBeGreaterThanOrEqual(4);
    expect(run.purged).toBe(run.matched);
    const articleAfter = await t.db.prisma.kbArticle.findUniqueOrThrow({ where: { id: published.id } });
    expect(articleAfter).toMatchObject({ currentVersionId: published.versionIds[2], name: 'Live', state: 'published', versionNumber: 3, lastModifiedAt: articleBefore.lastModifiedAt });
    expect((await t.db.prisma.kbArticle.findUniqueOrThrow({ where: { id: allArchived.id } })).currentVersionId).toBe(allArchived.versionIds[1]);
  });
});

describe('alarm_events and webhook_events', () => {
  it('removes alarm events fired before the cutoff, whatever the department; the activities stay', async () => {
    const dept = await createDepartment(t.db, unique('AE'));
    const ann = await insertCustomer(t.db, { departmentId: dept.id });
    const wf1 = await alarmWorkflow(t, dept.id);
    const wf2 = await alarmWorkflow(t, dept.id);
    const a = await insertActivity(t.db, { customer: ann, departmentId: dept.id, now: before(DAY) });
    const old = await t.db.prisma.alarmEvent.create({ data: { workflowId: wf1.id, activityId: a.id, firedAt: before() } });
    const kept = await t.db.prisma.alarmEvent.create({ data: { workflowId: wf2.id, activityId: a.id, firedAt: CUTOFF } });
    const other = await createDepartment(t.db, unique('AE'));
    const job = await createJob(t, admin, { target: { value: 'alarm_events' }, olderThanDays: DAYS, department: { id: String(other.id) } });
    const run = await runJob(t, admin, job.id, NOW);
    expect(run).toMatchObject({ status: { value: 'completed' } });
    expect(run.matched).toBeGreaterThanOrEqual(1);
    expect(await exists('alarm_event', old.id)).toBe(false);
    expect(await exists('alarm_event', kept.id)).toBe(true);
    expect(await exists('activity', a.id)).toBe(true);
  });

  it('accepts webhook_events: no delivery records are stored, a run matches nothing', async () => {
    const job = await createJob(t, admin, { target: { value: 'webhook_events' }, olderThanDays: 1 });
    expect(await runJob(t, admin, job.id, NOW)).toMatchObject({ status: { value: 'completed' }, matched: 0, purged: 0, cutoff: new Date(NOW.getTime() - DAY).toISOString() });
  });
});
