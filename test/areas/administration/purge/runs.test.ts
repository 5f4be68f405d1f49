// Purge runs (07 §17.2) through the real HTTP stack and the worker's functions: run now (202, 409-102, concurrency),
// runs list and by ids, a job's lastRun, claiming once, batches, failure, stalled and handed-back runs, schedules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { insertActivity, insertCustomer } from '../../../helpers/interaction.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { call, COMMON, configVersion, noContent, ok, PLATFORM, session, unique, xmlOf, type Session } from '../department/support.ts';
import {
  latestSlot,
  processQueuedPurgeRun,
  requeueStalledPurgeRuns,
  scheduleDuePurgeRuns,
  startPurgeWorker,
} from '../../../../src/areas/administration/purge/purge.worker.ts';
import { createJob, DAY, processRun, purgeTestApp, PURGE_NS, queueRun, readJob, readRun, runJob, URL, userOf, type Job, type Page, type Run } from './support.ts';

let t: TestApp;
let admin: Session;
let supervisor: Session;

beforeAll(async () => {
  t = await purgeTestApp();
  admin = await session(t.app, t.db, ['administrator']);
  supervisor = await session(t.app, t.db, ['supervisor']);
});
afterAll(async () => t?.close());

const NOW = new Date('2001-06-15T10:00:00.000Z');
const runUrl = (jobId: string) => `${URL}/${jobId}/run`;
const storedRun = (id: string) => t.db.prisma.purgeRun.findUniqueOrThrow({ where: { id: BigInt(id) } });

/** A department with `n` activities completed long before NOW − 365 days, and a job purging them. */
async function oldActivities(n: number) {
  const dept = await createDepartment(t.db, unique('RD'));
  const ann = await insertCustomer(t.db, { departmentId: dept.id });
  const ids: bigint[] = [];
  for (let i = 0; i < n; i++) ids.push((await insertActivity(t.db, { customer: ann, departmentId: dept.id, status: 'completed', now: new Date(NOW.getTime() - 400 * DAY + i) })).id);
  const job = await createJob(t, admin, { target: { value: 'completed_activities' }, olderThanDays: 365, department: { id: String(dept.id) } });
  const left = () => t.db.prisma.activity.count({ where: { id: { in: ids } } });
  return { dept, ids, job, left };
}

describe('run now (07 §17.2)', () => {
  it('answers 202 with Location and the queued run; dryRun defaults to no; config_version stays', async () => {
    const job = await createJob(t, admin);
    const before = await configVersion(t.db);
    const res = await call(t.app, admin, 'POST', runUrl(job.id));
    const run = ok<{ purgeRun: Run[] }>(res, 202).purgeRun[0]!;
    expect(res.headers.location).toBe(`${runUrl(job.id)}/${run.id}`);
    expect(run).toEqual({
      id: run.id,
      link: { rel: 'self', href: `${runUrl(job.id)}/${run.id}` },
      job: { id: job.id, name: job.name, link: { rel: 'purgeJob', href: `${URL}/${job.id}` } },
      status: { value: 'queued', displayValue: 'Queued' },
      dryRun: false,
      requestedBy: userOf(admin),
      queuedAt: run.queuedAt,
      matched: 0,
      purged: 0,
    });
    expect(await configVersion(t.db)).toBe(before);
    expect(await storedRun(run.id)).toMatchObject({ status: 'queued', dryRun: false, requestedById: admin.userId, cutoff: null, startedAt: null });
    // The job is unchanged but shows the run as lastRun.
    const read = await readJob(t, admin, job.id, '');
    expect(read.lastModified).toEqual(job.lastModified);
    const { job: _ref, ...summary } = run;
    expect(_ref.id).toBe(job.id);
    expect(read.lastRun).toEqual(summary);
  });

  it('answers XML in the purgejob namespace and es-ES labels; reads dryRun=yes|no in any letter case; ignores a body', async () => {
    const job = await createJob(t, admin, { state: { value: 'inactive' } });
    const res = await call(t.app, admin, 'POST', `${runUrl(job.id)}?dryRun=YES`, { fmt: 'xml', lang: 'es-ES', body: { anything: true } });
    const root = xmlOf(res, 202);
    const id = root.children[0]!.attrs.id!;
    const queuedAt = root.children[0]!.children.find((c) => c.name === `{${PURGE_NS}}queuedAt`)!.text!;
    expect(res.headers.location).toBe(`${runUrl(job.id)}/${id}`);
    expect(root).toEqual(
      canonicalXml(`<purgeRuns xmlns="${PURGE_NS}" xmlns:c="${COMMON}" xmlns:p="${PLATFORM}">
  <purgeRun id="${id}">
    <link rel="self" href="${runUrl(job.id)}/${id}"/>
    <job id="${job.id}"><name>${job.name}</name><link rel="purgeJob" href="${URL}/${job.id}"/></job>
    <status><c:value>queued</c:value><c:displayValue>En cola</c:displayValue></status>
    <dryRun>true</dryRun>
    <requestedBy id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></requestedBy>
    <queuedAt>${queuedAt}</queuedAt>
    <matched>0</matched>
    <purged>0</purged>
  </purgeRun>
</purgeRuns>`),
    );
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${job.id}`));
    const other = await createJob(t, admin);
    expect(ok<{ purgeRun: Run[] }>(await call(t.app, admin, 'POST', `${URL.replace('purgejob', 'purgeJob')}/${other.id}/run?dryRun=No`), 202).purgeRun[0]!.dryRun).toBe(false);
  });

  it.each(FORMATS)('answers 409-102 while a run of the job is queued or running, then accepts a new one (%s)', async (fmt) => {
    const job = await createJob(t, admin);
    const first = await queueRun(t, admin, job.id, 'yes');
    const message = `The current state of resource ${job.id} does not allow this action: a run of this job is already queued or running.`;
    const details = [
      { key: 'id', value: job.id },
      { key: 'purgeRun', value: first.id },
    ];
    expectError(await call(t.app, admin, 'POST', runUrl(job.id), { fmt }), '409-102', { format: fmt, details, message });
    expectError(await call(t.app, admin, 'POST', `${runUrl(job.id)}?dryRun=no`, { fmt, lang: 'es-ES' }), '409-102', {
      format: fmt,
      lang: 'es-ES',
      details,
      message: `El estado actual del recurso ${job.id} no permite esta acción: ya hay una ejecución de este trabajo en cola o en curso.`,
    });
    await t.db.prisma.purgeRun.update({ where: { id: BigInt(first.id) }, data: { status: 'running', finishedAt: new Date(Date.now() + 60_000) } });
    expectError(await call(t.app, admin, 'POST', runUrl(job.id), { fmt }), '409-102', { format: fmt, details });
    await t.db.prisma.purgeRun.update({ where: { id: BigInt(first.id) }, data: { status: 'completed' } });
    const second = await queueRun(t, admin, job.id);
    expect(second.id).not.toBe(first.id);
    expect(await t.db.prisma.purgeRun.count({ where: { jobId: BigInt(job.id) } })).toBe(2);
  });

  it('lets exactly one of concurrent run-now requests queue a run (purge_run_one_active)', async () => {
    const job = await createJob(t, admin);
    const results = await Promise.all(Array.from({ length: 6 }, () => call(t.app, admin, 'POST', runUrl(job.id))));
    expect(results.map((r) => r.statusCode).sort()).toEqual([202, 409, 409, 409, 409, 409]);
    const queued = JSON.parse(results.find((r) => r.statusCode === 202)!.body).purgeRun[0] as Run;
    for (const r of results.filter((x) => x.statusCode === 409)) {
      const err = expectError(r, '409-102', { format: 'json' });
      expect(err.details[0]).toEqual({ key: 'id', value: job.id });
      expect(err.details.slice(1)).toEqual([{ key: 'purgeRun', value: queued.id }]);
    }
    expect(await t.db.prisma.purgeRun.count({ where: { jobId: BigInt(job.id) } })).toBe(1);
  });

  it('refuses unknown jobs (404-101), bad ids and dryRun values (400-102), other parameters (400-101)', async () => {
    expectError(await call(t.app, admin, 'POST', runUrl('999999999')), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
    expectError(await call(t.app, admin, 'POST', runUrl('abc'), { fmt: 'xml' }), '400-102', { details: [{ key: 'id', value: 'abc' }] });
    expectError(await call(t.app, admin, 'POST', runUrl('1,2')), '400-102', { format: 'json', details: [{ key: 'id', value: '1,2' }] });
    const job = await createJob(t, admin);
    expectError(await call(t.app, admin, 'POST', `${runUrl(job.id)}?dryRun=`), '400-102', { format: 'json', details: [{ key: 'dryRun', value: '' }] });
    expectError(await call(t.app, admin, 'POST', `${runUrl(job.id)}?dryRun=true`), '400-102', { format: 'json', details: [{ key: 'dryRun', value: 'true' }] });
    expectError(await call(t.app, admin, 'POST', `${runUrl(job.id)}?force=yes`), '400-101', { format: 'json', details: [{ key: 'force', value: 'yes' }] });
    expectError(await call(t.app, admin, 'POST', `${runUrl(job.id)}?dryRun=yes&dryRun=no`), '400-104', { format: 'json' });
    expect(await t.db.prisma.purgeRun.count({ where: { jobId: BigInt(job.id) } })).toBe(0);
  });
});

describe('runs list and by ids (07 §17.2)', () => {
  let job: Job;
  let runs: Run[];

  beforeAll(async () => {
    job = await createJob(t, admin);
    runs = [];
    for (let i = 0; i < 3; i++) runs.push(await runJob(t, admin, job.id, NOW, { dryRun: i === 1 ? 'yes' : 'no' }));
    runs.push(await queueRun(t, admin, job.id));
  });

  const ids = async (query: string, who = admin) => {
    const res = await call(t.app, who, 'GET', `${runUrl(job.id)}${query}`);
    if (res.statusCode === 204) return [];
    return ok<Page<'purgeRun', Run>>(res).purgeRun.map((r) => r.id);
  };

  it('lists newest first with paginationInfo; $sort=id orders by id; filters by status', async () => {
    const newest = runs.map((r) => r.id).reverse();
    const page = ok<Page<'purgeRun', Run>>(await call(t.app, supervisor, 'GET', runUrl(job.id)));
    expect(page.purgeRun.map((r) => r.id)).toEqual(newest);
    expect(page.link).toEqual({ rel: 'self', href: runUrl(job.id) });
    expect(page.paginationInfo).toEqual({ count: 4, pagenum: 1, pagesize: 25 });
    expect(page.purgeRun[0]).toEqual(runs[3]);
    expect(page.purgeRun[1]).toEqual(await readRun(t, admin, job.id, runs[2]!.id));
    expect(await ids('?$sort=id')).toEqual([...newest].reverse());
    expect(await ids('?$sort=id&$order=desc')).toEqual(newest);
    expect(await ids('?status=COMPLETED')).toEqual(newest.slice(1));
    expect(await ids('?status=failed')).toEqual([]);
  });

  it('pages with $cursor in the newest-first order, answers 204 past the end, $count=yes', async () => {
    const newest = runs.map((r) => r.id).reverse();
    const first = ok<Page<'purgeRun', Run>>(await call(t.app, admin, 'GET', `${runUrl(job.id)}?$pagesize=3`));
    expect(first.purgeRun.map((r) => r.id)).toEqual(newest.slice(0, 3));
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!;
    expect(next.href).toContain('$cursor=');
    expect(ok<Page<'purgeRun', Run>>(await call(t.app, admin, 'GET', next.href)).purgeRun.map((r) => r.id)).toEqual(newest.slice(3));
    expect(await ids('?$rangestart=2&$rangesize=2')).toEqual(newest.slice(1, 3));
    noContent(await call(t.app, admin, 'GET', `${runUrl(job.id)}?$pagenum=2`, { fmt: 'xml' }), 'xml');
    expect(ok(await call(t.app, admin, 'GET', `${runUrl(job.id)}?$count=yes`))).toEqual({
      paginationInfo: { count: 4, link: [{ rel: 'first', href: `${runUrl(job.id)}?$pagenum=1&$pagesize=25` }] },
    });
  });

  it('answers 204 for a job without runs, 404-101 for an unknown job, 400-101/400-102 for bad parameters', async () => {
    const empty = await createJob(t, admin);
    noContent(await call(t.app, admin, 'GET', runUrl(empty.id)));
    noContent(await call(t.app, supervisor, 'GET', runUrl(empty.id), { fmt: 'xml' }), 'xml');
    expectError(await call(t.app, admin, 'GET', runUrl('999999999')), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
    expectError(await call(t.app, admin, 'GET', `${runUrl(job.id)}?$attribute=all`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${runUrl(job.id)}?$sort=queuedAt`), '400-102', { format: 'json', details: [{ key: '$sort', value: 'queuedAt' }] });
    expectError(await call(t.app, admin, 'GET', `${runUrl(job.id)}?$sort=newest`), '400-102', { format: 'json', details: [{ key: '$sort', value: 'newest' }] });
    expectError(await call(t.app, admin, 'GET', `${runUrl(job.id)}?status=done`), '400-102', { format: 'json', details: [{ key: 'status', value: 'done' }] });
    expectError(await call(t.app, admin, 'GET', runUrl('x')), '400-102', { format: 'json', details: [{ key: 'id', value: 'x' }] });
  });

  it('answers the list in XML: plural root, self link, runs, paginationInfo', async () => {
    const root = xmlOf(await call(t.app, admin, 'GET', `${runUrl(job.id)}?$pagesize=2`, { fmt: 'xml' }));
    expect(root.name).toBe(`{${PURGE_NS}}purgeRuns`);
    expect(root.children.map((x) => x.name)).toEqual([`{${PURGE_NS}}link`, `{${PURGE_NS}}purgeRun`, `{${PURGE_NS}}purgeRun`, `{${COMMON}}paginationInfo`]);
  });

  it('answers runs by ids in the order given; a completed run in JSON and XML', async () => {
    const [a, b] = [runs[0]!, runs[1]!];
    const body = ok<{ purgeRun: Run[] }>(await call(t.app, supervisor, 'GET', `${runUrl(job.id)}/${b.id}%2C${a.id},${b.id}`));
    expect(body.purgeRun.map((r) => r.id)).toEqual([b.id, a.id]);
    const cutoff = new Date(NOW.getTime() - job.olderThanDays * DAY).toISOString();
    expect(body.purgeRun[1]).toEqual({
      id: a.id,
      link: { rel: 'self', href: `${runUrl(job.id)}/${a.id}` },
      job: { id: job.id, name: job.name, link: { rel: 'purgeJob', href: `${URL}/${job.id}` } },
      status: { value: 'completed', displayValue: 'Completed' },
      dryRun: false,
      cutoff,
      requestedBy: userOf(admin),
      queuedAt: a.queuedAt,
      startedAt: NOW.toISOString(),
      finishedAt: a.finishedAt,
      matched: a.matched,
      purged: a.purged,
    });
    expect(body.purgeRun[0]).toMatchObject({ dryRun: true, purged: 0 });
    const root = xmlOf(await call(t.app, admin, 'GET', `${runUrl(job.id)}/${a.id}`, { fmt: 'xml', lang: 'es-ES' }));
    expect(root).toEqual(
      canonicalXml(`<purgeRuns xmlns="${PURGE_NS}" xmlns:c="${COMMON}" xmlns:p="${PLATFORM}">
  <purgeRun id="${a.id}">
    <link rel="self" href="${runUrl(job.id)}/${a.id}"/>
    <job id="${job.id}"><name>${job.name}</name><link rel="purgeJob" href="${URL}/${job.id}"/></job>
    <status><c:value>completed</c:value><c:displayValue>Completado</c:displayValue></status>
    <dryRun>false</dryRun>
    <cutoff>${cutoff}</cutoff>
    <requestedBy id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></requestedBy>
    <queuedAt>${a.queuedAt}</queuedAt>
    <startedAt>${NOW.toISOString()}</startedAt>
    <finishedAt>${a.finishedAt}</finishedAt>
    <matched>${a.matched}</matched>
    <purged>${a.purged}</purged>
  </purgeRun>
</purgeRuns>`),
    );
  });

  it('refuses run ids of another job or unknown (404-101), bad or too many ids (400-102, 400-160), parameters (400-101)', async () => {
    const other = await createJob(t, admin);
    const foreign = await queueRun(t, admin, other.id);
    expectError(await call(t.app, admin, 'GET', `${runUrl(job.id)}/${runs[0]!.id},${foreign.id},999999999`), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: foreign.id },
        { key: 'id', value: '999999999' },
      ],
    });
    expectError(await call(t.app, admin, 'GET', `${runUrl('999999999')}/${runs[0]!.id}`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: '999999999' }] });
    expectError(await call(t.app, admin, 'GET', `${runUrl(job.id)}/a1`), '400-102', { format: 'json', details: [{ key: 'runIds', value: 'a1' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join(',');
    expectError(await call(t.app, admin, 'GET', `${runUrl(job.id)}/${many}`), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${runUrl(job.id)}/${runs[0]!.id}?$pagesize=2`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${runUrl(job.id)}/${runs[0]!.id}?$attribute=created`), '400-101', { format: 'json' });
  });

  it('shows the newest run as the job’s lastRun, in JSON and XML', async () => {
    const read = await readJob(t, supervisor, job.id, '');
    const { job: _ref, ...summary } = runs[3]!;
    expect(_ref.id).toBe(job.id);
    expect(read.lastRun).toEqual(summary);
    const root = xmlOf(await call(t.app, admin, 'GET', `${URL}/${job.id}`, { fmt: 'xml' }));
    const lastRun = root.children[0]!.children.find((c) => c.name === `{${PURGE_NS}}lastRun`)!;
    expect(lastRun.attrs).toEqual({ id: runs[3]!.id });
    expect(lastRun.children.map((c) => c.name)).toEqual(
      ['link', 'status', 'dryRun', 'requestedBy', 'queuedAt', 'matched', 'purged'].map((n) => `{${PURGE_NS}}${n}`),
    );
    // lastRun comes after state and before lastModified (07 §17.1 field order).
    const names = root.children[0]!.children.map((c) => c.name.replace(`{${PURGE_NS}}`, ''));
    expect(names.slice(names.indexOf('state'))).toEqual(['state', 'lastRun', 'lastModified']);
  });
});

describe('the worker (07 §17.2)', () => {
  it('claims a queued run once, however many workers try', async () => {
    const { job, left } = await oldActivities(3);
    const run = await queueRun(t, admin, job.id);
    const results = await Promise.all(Array.from({ length: 4 }, () => processQueuedPurgeRun(t.db, { runId: BigInt(run.id), now: () => NOW })));
    expect(results.filter((r) => r !== undefined)).toEqual([BigInt(run.id)]);
    expect(await readRun(t, admin, job.id, run.id)).toMatchObject({ status: { value: 'completed' }, matched: 3, purged: 3, startedAt: NOW.toISOString() });
    expect(await left()).toBe(0);
    expect(await processQueuedPurgeRun(t.db, { runId: BigInt(run.id) })).toBeUndefined();
  });

  it('shows a running run with its progress: cutoff and matched at start, purged after each batch, no finishedAt', async () => {
    const { job, left } = await oldActivities(3);
    const run = await queueRun(t, admin, job.id);
    const seen: Run[] = [];
    await processQueuedPurgeRun(t.db, {
      runId: BigInt(run.id),
      now: () => NOW,
      batchSize: 1,
      onBatch: async () => {
        seen.push(await readRun(t, admin, job.id, run.id));
        if (seen.length === 1) expectError(await call(t.app, admin, 'POST', runUrl(job.id)), '409-102', { format: 'json' });
      },
    });
    expect(seen.map((r) => [r.status.value, r.matched, r.purged])).toEqual([
      ['running', 3, 1],
      ['running', 3, 2],
      ['running', 3, 3],
      ['running', 3, 3],
    ]);
    expect(seen[0]!.finishedAt).toBeUndefined();
    expect(seen[0]!.cutoff).toBe(new Date(NOW.getTime() - 365 * DAY).toISOString());
    expect(seen[0]!.startedAt).toBe(NOW.toISOString());
    expect(await left()).toBe(0);
    const done = await readRun(t, admin, job.id, run.id);
    expect(done).toMatchObject({ status: { value: 'completed', displayValue: 'Completed' }, purged: 3 });
    expect(done.finishedAt).toBeDefined();
  });

  it('marks a run failed with the error text when a batch fails, keeping what earlier batches purged', async () => {
    const { job, ids, left } = await oldActivities(3);
    const blocked = ids[2]!;
    await t.db.query(`CREATE OR REPLACE FUNCTION purge_test_block() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'blocked by the test'; END $$`);
    await t.db.query(`CREATE TRIGGER purge_test_block BEFORE DELETE ON activity FOR EACH ROW WHEN (OLD.id = ${blocked}) EXECUTE FUNCTION purge_test_block()`);
    try {
      const run = await runJob(t, admin, job.id, NOW, { batchSize: 2 });
      expect(run).toMatchObject({ status: { value: 'failed', displayValue: 'Failed' }, matched: 3, purged: 2 });
      expect(run.error).toBe('The purge failed: blocked by the test (SQLSTATE P0001)');
      expect(run.finishedAt).toBeDefined();
      expect(await left()).toBe(1);
      const es = ok<{ purgeRun: Run[] }>(await call(t.app, admin, 'GET', `${runUrl(job.id)}/${run.id}`, { lang: 'es-ES' })).purgeRun[0]!;
      expect(es.status.displayValue).toBe('Fallido');
    } finally {
      await t.db.query('DROP TRIGGER purge_test_block ON activity');
      await t.db.query('DROP FUNCTION purge_test_block()');
    }
    // A failed run does not block the next one.
    expect(await runJob(t, admin, job.id, NOW)).toMatchObject({ status: { value: 'completed' }, purged: 1 });
  });

  it('tries a batch again after a deadlock', async () => {
    const { job, ids, left } = await oldActivities(2);
    await t.db.query('CREATE SEQUENCE purge_test_attempts');
    await t.db.query(`CREATE OR REPLACE FUNCTION purge_test_deadlock() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF nextval('purge_test_attempts') = 1 THEN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END IF; RETURN OLD; END $$`);
    await t.db.query(`CREATE TRIGGER purge_test_deadlock BEFORE DELETE ON activity FOR EACH ROW WHEN (OLD.id = ${ids[0]}) EXECUTE FUNCTION purge_test_deadlock()`);
    try {
      expect(await runJob(t, admin, job.id, NOW)).toMatchObject({ status: { value: 'completed' }, matched: 2, purged: 2 });
      expect(await left()).toBe(0);
      expect(Number((await t.db.query<{ n: string }>("SELECT last_value::text AS n FROM purge_test_attempts"))[0]!.n)).toBe(2);
    } finally {
      await t.db.query('DROP TRIGGER purge_test_deadlock ON activity');
      await t.db.query('DROP FUNCTION purge_test_deadlock()');
      await t.db.query('DROP SEQUENCE purge_test_attempts');
    }
  });

  it('hands a run back to the queue when stopping; the next worker resumes it with the same cutoff', async () => {
    const { job, left } = await oldActivities(3);
    const run = await queueRun(t, admin, job.id);
    let batches = 0;
    const first = await processQueuedPurgeRun(t.db, { runId: BigInt(run.id), now: () => NOW, batchSize: 1, shouldStop: () => batches >= 1, onBatch: () => void batches++ });
    expect(first).toBe(BigInt(run.id));
    const handedBack = await readRun(t, admin, job.id, run.id);
    expect(handedBack).toMatchObject({ status: { value: 'queued' }, matched: 3, purged: 1, cutoff: new Date(NOW.getTime() - 365 * DAY).toISOString() });
    expect(handedBack.finishedAt).toBeUndefined();
    expect(await left()).toBe(2);
    const later = new Date(NOW.getTime() + 30 * DAY);
    const resumed = await processRun(t, admin, handedBack, { now: () => later });
    expect(resumed).toMatchObject({ status: { value: 'completed' }, matched: 3, purged: 3, cutoff: handedBack.cutoff, startedAt: NOW.toISOString() });
    expect(await left()).toBe(0);
  });

  it('requeues a run whose lease expired; its first worker stops at its next batch', async () => {
    const { job, left } = await oldActivities(4);
    const run = await queueRun(t, admin, job.id);
    const clock = { now: NOW };
    let calls = 0;
    const first = processQueuedPurgeRun(t.db, {
      runId: BigInt(run.id),
      now: () => clock.now,
      batchSize: 1,
      leaseMs: 60_000,
      onBatch: async () => {
        if (++calls > 1) return;
        // The first worker's instance looks dead: its lease expires, another worker takes the run over.
        expect(await requeueStalledPurgeRuns(t.db, new Date(NOW.getTime() + 59_000))).toBe(0);
        expect(await requeueStalledPurgeRuns(t.db, new Date(NOW.getTime() + 61_000))).toBeGreaterThanOrEqual(1);
        expect((await storedRun(run.id)).status).toBe('queued');
        const takeover = await processQueuedPurgeRun(t.db, { runId: BigInt(run.id), now: () => new Date(NOW.getTime() + 62_000), batchSize: 1 });
        expect(takeover).toBe(BigInt(run.id));
      },
    });
    expect(await first).toBe(BigInt(run.id));
    expect(calls).toBe(1);
    expect(await readRun(t, admin, job.id, run.id)).toMatchObject({ status: { value: 'completed' }, matched: 4, purged: 4, startedAt: NOW.toISOString() });
    expect(await left()).toBe(0);
  });

  it('stops when the job is deleted during a run (deleting the job cancels its run)', async () => {
    const { job, left } = await oldActivities(3);
    const run = await queueRun(t, admin, job.id);
    const processed = await processQueuedPurgeRun(t.db, {
      runId: BigInt(run.id),
      now: () => NOW,
      batchSize: 1,
      onBatch: async () => noContent(await call(t.app, admin, 'DELETE', `${URL}/${job.id}`)),
    });
    expect(processed).toBe(BigInt(run.id));
    expect(await t.db.prisma.purgeRun.count({ where: { id: BigInt(run.id) } })).toBe(0);
    expect(await left()).toBe(2);
  });

  it('answers undefined when nothing is queued', async () => {
    expect(await processQueuedPurgeRun(t.db, { runId: 999999999n })).toBeUndefined();
  });
});

describe('schedules (07 §17.1 schedule, §17.2)', () => {
  /** The first slot of `time` strictly after the job's last change. */
  const nextSlot = (job: Job, time: string) => {
    const slot = latestSlot(time, new Date(job.lastModified.date));
    return new Date(slot.getTime() + DAY);
  };
  const runsOf = (job: Job) => t.db.prisma.purgeRun.findMany({ where: { jobId: BigInt(job.id) }, orderBy: { id: 'asc' } });

  it('computes the latest slot at or before a time (UTC)', () => {
    expect(latestSlot('02:00', new Date('2024-05-02T02:00:00.000Z')).toISOString()).toBe('2024-05-02T02:00:00.000Z');
    expect(latestSlot('02:00', new Date('2024-05-02T01:59:59.999Z')).toISOString()).toBe('2024-05-01T02:00:00.000Z');
    expect(latestSlot('23:59', new Date('2024-03-01T00:00:00.000Z')).toISOString()).toBe('2024-02-29T23:59:00.000Z');
  });

  it('creates one unrequested run at the daily time, once per day, and again the next day', async () => {
    const job = await createJob(t, admin, { schedule: { frequency: { value: 'daily' }, time: '02:00' } });
    const slot = nextSlot(job, '02:00');
    await scheduleDuePurgeRuns(t.db, new Date(slot.getTime() - 1));
    expect(await runsOf(job)).toEqual([]);
    const created = await scheduleDuePurgeRuns(t.db, new Date(slot.getTime() + 5_000));
    const [run] = await runsOf(job);
    expect(created).toContain(run!.id);
    expect(run).toMatchObject({ status: 'queued', dryRun: false, requestedById: null, queuedAt: new Date(slot.getTime() + 5_000) });
    const view = await readRun(t, supervisor, job.id, String(run!.id));
    expect(view.requestedBy).toBeUndefined();
    // Done within the day: no second run that day, one the next day.
    await processQueuedPurgeRun(t.db, { runId: run!.id, now: () => new Date(slot.getTime() + 6_000) });
    await scheduleDuePurgeRuns(t.db, new Date(slot.getTime() + 3_600_000));
    await scheduleDuePurgeRuns(t.db, new Date(slot.getTime() + DAY - 1));
    expect(await runsOf(job)).toHaveLength(1);
    await scheduleDuePurgeRuns(t.db, new Date(slot.getTime() + DAY));
    expect(await runsOf(job)).toHaveLength(2);
  });

  it('creates a single run when several instances schedule at once', async () => {
    const job = await createJob(t, admin, { schedule: { frequency: { value: 'daily' }, time: '03:30' } });
    const at = new Date(nextSlot(job, '03:30').getTime() + 1_000);
    await Promise.all(Array.from({ length: 4 }, () => scheduleDuePurgeRuns(t.db, at)));
    expect(await runsOf(job)).toHaveLength(1);
    // Even when the first run has already finished before another instance looks.
    const [run] = await runsOf(job);
    await processQueuedPurgeRun(t.db, { runId: run!.id, now: () => at });
    await scheduleDuePurgeRuns(t.db, new Date(at.getTime() + 1_000));
    expect(await runsOf(job)).toHaveLength(1);
  });

  it('skips inactive and manual jobs, and slots before the job’s last change; runs inactive jobs on demand', async () => {
    const inactive = await createJob(t, admin, { state: { value: 'inactive' }, schedule: { frequency: { value: 'daily' }, time: '04:00' } });
    const manual = await createJob(t, admin);
    const edited = await createJob(t, admin, { schedule: { frequency: { value: 'daily' }, time: '05:00' } });
    const slot = nextSlot(edited, '05:00');
    // Changed after the slot (here: re-timed to 04:59, a slot already past): due only at the next slot.
    await t.db.prisma.purgeJob.update({ where: { id: BigInt(edited.id) }, data: { time: '04:59', lastModifiedAt: new Date(slot.getTime() + 1) } });
    await scheduleDuePurgeRuns(t.db, new Date(slot.getTime() + 2));
    expect(await runsOf(inactive)).toEqual([]);
    expect(await runsOf(manual)).toEqual([]);
    expect(await runsOf(edited)).toEqual([]);
    await scheduleDuePurgeRuns(t.db, new Date(slot.getTime() + DAY - 60_000));
    expect(await runsOf(edited)).toHaveLength(1);
    expect((await queueRun(t, admin, inactive.id)).status.value).toBe('queued');
  });

  it('defers the scheduled run while a run-now run is queued, and creates it once that one has ended', async () => {
    const job = await createJob(t, admin, { schedule: { frequency: { value: 'daily' }, time: '06:00' } });
    const manual = await queueRun(t, admin, job.id, 'yes');
    const slot = nextSlot(job, '06:00');
    await scheduleDuePurgeRuns(t.db, new Date(slot.getTime() + 1_000));
    expect(await runsOf(job)).toHaveLength(1);
    await processQueuedPurgeRun(t.db, { runId: BigInt(manual.id), now: () => new Date(slot.getTime() + 2_000) });
    await scheduleDuePurgeRuns(t.db, new Date(slot.getTime() + 3_000));
    const runs = await runsOf(job);
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({ status: 'queued', requestedById: null });
  });
});

describe('startPurgeWorker', () => {
  it('processes a queued run in the background when woken, and stops', async () => {
    // Runs left queued by the tests above would be processed too, at the real time: remove them first.
    await t.db.prisma.purgeRun.deleteMany({ where: { status: { in: ['queued', 'running'] } } });
    const { job, left } = await oldActivities(2);
    const stop = startPurgeWorker(t.app, { pollMs: 60_000, now: () => NOW });
    try {
      const run = await queueRun(t, admin, job.id);
      for (let i = 0; i < 200 && (await storedRun(run.id)).status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await readRun(t, admin, job.id, run.id)).toMatchObject({ status: { value: 'completed' }, matched: 2, purged: 2 });
      expect(await left()).toBe(0);
    } finally {
      await stop();
    }
    const { job: idle } = await oldActivities(1);
    const run = await queueRun(t, admin, idle.id);
    await new Promise((r) => setTimeout(r, 100));
    expect((await storedRun(run.id)).status).toBe('queued');
  });
});
