// Purge job definitions (07 §1.2–§1.4, §17.1) through the real HTTP stack: callers, list, get by ids, create, edit,
// delete, the §17 example, JSON and XML, en-US and es-ES.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { call as callAs, customerSession } from '../../customer/support.ts';
import { call, COMMON, configVersion, expectForbidden, FORBIDDEN, foreignContexts, noContent, ok, PLATFORM, session, unique, xmlOf, type Session } from '../department/support.ts';
import {
  createPurgeJob as createViaService,
  deletePurgeJobs,
  editPurgeJobs,
  getPurgeJobs,
  getPurgeRuns,
  listPurgeJobs,
  listPurgeRuns,
  runPurgeJob,
} from '../../../../src/areas/administration/purge/purge.service.ts';
import { purgeJobsOfDepartments } from '../../../../src/areas/administration/purge/purge.references.ts';
import { createJob, purgeTestApp, PURGE_NS, readJob, URL, userOf, type Job, type Page } from './support.ts';

let t: TestApp;
let admin: Session;
let supervisor: Session;
let agent: Session;

beforeAll(async () => {
  t = await purgeTestApp();
  admin = await session(t.app, t.db, ['administrator']);
  supervisor = await session(t.app, t.db, ['supervisor']);
  agent = await session(t.app, t.db, ['agent']);
});
afterAll(async () => t?.close());

const post = (body: unknown, who: Session = admin) => call(t.app, who, 'POST', URL, { body });
const put = (body: unknown, who: Session = admin) => call(t.app, who, 'PUT', URL, { body });
const stored = (id: string) => t.db.prisma.purgeJob.findUniqueOrThrow({ where: { id: BigInt(id) } });

describe('callers (07 §1.2)', () => {
  it.each(FORMATS)('answers 401-101 on every endpoint without a session (%s)', async (fmt) => {
    const job = await createJob(t, admin);
    for (const [method, url, body] of [
      ['GET', URL],
      ['GET', `${URL}/${job.id}`],
      ['POST', URL, { name: 'x', target: { value: 'alarm_events' }, olderThanDays: 1 }],
      ['PUT', URL, { id: job.id, name: 'x' }],
      ['DELETE', `${URL}/${job.id}`],
      ['POST', `${URL}/${job.id}/run`],
      ['GET', `${URL}/${job.id}/run`],
      ['GET', `${URL}/${job.id}/run/1`],
    ] as const) {
      expectError(await call(t.app, null, method, url, { fmt, body }), '401-101', { format: fmt });
    }
    expect((await readJob(t, admin, job.id)).name).toBe(job.name);
  });

  it('lets supervisors read jobs and runs, refuses agents every call and supervisors every write (403-197)', async () => {
    const job = await createJob(t, admin);
    const before = await configVersion(t.db);
    expect(await readJob(t, supervisor, job.id, '')).toEqual(await readJob(t, admin, job.id, ''));
    expect(ok<Page<'purgeJob', Job>>(await call(t.app, supervisor, 'GET', `${URL}?$pagesize=75`)).purgeJob.some((j) => j.id === job.id)).toBe(true);
    noContent(await call(t.app, supervisor, 'GET', `${URL}/${job.id}/run`));
    for (const [method, url] of [
      ['GET', URL],
      ['GET', `${URL}/${job.id}`],
      ['GET', `${URL}/${job.id}/run`],
      ['GET', `${URL}/${job.id}/run/1`],
    ] as const) {
      expectError(await call(t.app, agent, method, url), '403-197', { format: 'json', message: FORBIDDEN['en-US'] });
      expectError(await call(t.app, agent, method, url, { fmt: 'xml', lang: 'es-ES' }), '403-197', { message: FORBIDDEN['es-ES'], lang: 'es-ES' });
    }
    for (const who of [supervisor, agent]) {
      expectError(await post({ name: 'x', target: { value: 'alarm_events' }, olderThanDays: 5 }, who), '403-197', { format: 'json' });
      expectError(
        await call(t.app, who, 'POST', URL, { fmt: 'xml', xml: '<purgeJob><name>x</name><target><value>alarm_events</value></target><olderThanDays>5</olderThanDays></purgeJob>' }),
        '403-197',
      );
      expectError(await put({ id: job.id, name: 'changed' }, who), '403-197', { format: 'json' });
      expectError(await call(t.app, who, 'DELETE', `${URL}/${job.id}`, { fmt: 'xml' }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/999999999`), '403-197', { format: 'json' });
      expectError(await call(t.app, who, 'POST', `${URL}/${job.id}/run`), '403-197', { format: 'json' });
      expectError(await call(t.app, who, 'POST', `${URL}/999999999/run?dryRun=yes`, { fmt: 'xml' }), '403-197');
    }
    expect(await readJob(t, admin, job.id)).toMatchObject({ name: job.name });
    expect((await readJob(t, admin, job.id)).lastRun).toBeUndefined();
    expect(await configVersion(t.db)).toBe(before);
  });

  it('validates the body and the query before the permission (01 §7.2)', async () => {
    expectError(await post({ name: 'x', olderThanDays: 5 }, agent), '400-153', { format: 'json', details: [{ key: 'target', value: '' }] });
    expectError(await post({ name: 'x', target: { value: 'alarm_events' }, olderThanDays: 0 }, supervisor), '400-152', {
      format: 'json',
      details: [{ key: 'olderThanDays', value: '0' }],
    });
    expectError(await post({ name: 'x', target: { value: 'alarm_events' }, olderThanDays: 5, schedule: { frequency: { value: 'daily' } } }, agent), '400-153', {
      format: 'json',
      details: [{ key: 'schedule.time', value: '' }],
    });
    expectError(await put({ id: '1', name: '' }, supervisor), '400-152', { format: 'json', details: [{ key: 'purgeJob[0].name', value: '' }] });
    expectError(await call(t.app, agent, 'POST', `${URL}/1/run?dryRun=maybe`), '400-102', { format: 'json', details: [{ key: 'dryRun', value: 'maybe' }] });
    expectError(await call(t.app, agent, 'GET', `${URL}?target=nothing`), '400-102', { format: 'json', details: [{ key: 'target', value: 'nothing' }] });
  });

  it('refuses customer sessions every call with 403-197', async () => {
    const job = await createJob(t, admin);
    const customer = await customerSession(t, admin);
    for (const fmt of FORMATS) {
      for (const [method, url, body] of [
        ['GET', URL],
        ['GET', `${URL}/${job.id}`],
        ['POST', URL, { name: unique(), target: { value: 'alarm_events' }, olderThanDays: 5 }],
        ['PUT', URL, { id: job.id, name: 'x' }],
        ['DELETE', `${URL}/${job.id}`],
        ['POST', `${URL}/${job.id}/run`],
        ['GET', `${URL}/${job.id}/run`],
        ['GET', `${URL}/${job.id}/run/1`],
      ] as const) {
        const res = await callAs(t.app, customer, method, url, { fmt, body });
        expectError(res, '403-197', { format: fmt });
        expect(res.headers['x-egain-session']).toBe(customer.sessionId);
      }
    }
    expect((await readJob(t, admin, job.id)).name).toBe(job.name);
  });

  it('refuses customer and client-application callers in the services too (403-197)', async () => {
    const job = await createJob(t, admin);
    const q = { attributes: new Set(), criteria: new Map() } as never;
    for (const ctx of foreignContexts(t.app, t.db)) {
      await expectForbidden(() => listPurgeJobs(ctx, q));
      await expectForbidden(() => getPurgeJobs(ctx, [BigInt(job.id)], q));
      await expectForbidden(() => createViaService(ctx, { name: unique(), target: { value: 'alarm_events' }, olderThanDays: 5 }, q));
      await expectForbidden(() => editPurgeJobs(ctx, [{ id: job.id, name: unique() }]));
      await expectForbidden(() => deletePurgeJobs(ctx, [BigInt(job.id)]));
      await expectForbidden(() => runPurgeJob(ctx, BigInt(job.id), q));
      await expectForbidden(() => listPurgeRuns(ctx, BigInt(job.id), q));
      await expectForbidden(() => getPurgeRuns(ctx, BigInt(job.id), [1n]));
    }
    expect((await readJob(t, admin, job.id)).name).toBe(job.name);
  });
});

describe('create (07 §1.4, §17.1)', () => {
  it('applies the defaults and answers 201 with Location and the default set', async () => {
    const before = await configVersion(t.db);
    const name = unique('New');
    const res = await post({ name, target: { value: 'COMPLETED_ACTIVITIES' }, olderThanDays: '30' });
    const job = ok<{ purgeJob: Job[] }>(res, 201).purgeJob[0]!;
    expect(res.headers.location).toBe(`${URL}/${job.id}`);
    expect(job).toEqual({
      id: job.id,
      link: { rel: 'self', href: `${URL}/${job.id}` },
      name,
      target: { value: 'completed_activities', displayValue: 'Completed activities' },
      olderThanDays: 30,
      schedule: { frequency: { value: 'manual', displayValue: 'Manual' } },
      state: { value: 'active', displayValue: 'Active' },
      lastModified: { date: job.lastModified.date, user: userOf(admin) },
    });
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await stored(job.id)).toMatchObject({ description: null, departmentId: null, frequency: 'manual', time: null, createdById: admin.userId });
  });

  it('takes every optional field, the department by id or name, and answers created with $attribute=created', async () => {
    const dept = await createDepartment(t.db, unique('PD'));
    const job = await createJob(
      t,
      admin,
      {
        description: 'Yearly & more',
        target: { value: 'closed_cases' },
        olderThanDays: 3650,
        department: { id: Number(dept.id) },
        schedule: { frequency: { value: 'Daily' }, time: ' 23:59 ' },
        state: { value: 'inactive' },
      },
      '?$attribute=created',
    );
    expect(job).toMatchObject({
      description: 'Yearly & more',
      target: { value: 'closed_cases', displayValue: 'Closed cases' },
      olderThanDays: 3650,
      department: { id: String(dept.id), name: dept.name },
      schedule: { frequency: { value: 'daily', displayValue: 'Daily' }, time: '23:59' },
      state: { value: 'inactive', displayValue: 'Inactive' },
    });
    expect(job.created).toEqual({ date: job.lastModified.date, user: userOf(admin) });
    const byName = await createJob(t, admin, { olderThanDays: 1, department: { name: dept.name.toUpperCase() } });
    expect(byName.department).toEqual({ id: String(dept.id), name: dept.name });
    for (const empty of [
      { description: null, department: null, schedule: null, state: null },
      { description: '', department: {}, schedule: {}, state: {} },
    ]) {
      const j = await createJob(t, admin, empty);
      expect(j).toMatchObject({ schedule: { frequency: { value: 'manual' } }, state: { value: 'active' } });
      expect(j.description).toBeUndefined();
      expect(j.department).toBeUndefined();
    }
  });

  it('accepts every target with its display values in en-US and es-ES', async () => {
    const labels: Record<string, [string, string]> = {
      completed_activities: ['Completed activities', 'Actividades completadas'],
      closed_cases: ['Closed cases', 'Casos cerrados'],
      activity_attachments: ['Activity attachments', 'Adjuntos de actividades'],
      archived_kb_versions: ['Archived article versions', 'Versiones de artículo archivadas'],
      webhook_events: ['Webhook deliveries', 'Entregas de webhook'],
      alarm_events: ['Alarm events', 'Eventos de alarma'],
    };
    for (const [value, [en, es]] of Object.entries(labels)) {
      const job = await createJob(t, admin, { target: { value }, schedule: { frequency: { value: 'daily' }, time: '00:00' } });
      expect(job.target).toEqual({ value, displayValue: en });
      const read = ok<{ purgeJob: Job[] }>(await call(t.app, admin, 'GET', `${URL}/${job.id}`, { lang: 'es-ES' })).purgeJob[0]!;
      expect(read).toMatchObject({
        target: { value, displayValue: es },
        schedule: { frequency: { value: 'daily', displayValue: 'Diario' }, time: '00:00' },
        state: { displayValue: 'Activo' },
      });
    }
  });

  it('takes an XML body and answers XML in the purgejob namespace', async () => {
    const dept = await createDepartment(t.db, unique('PX'));
    const name = unique('X');
    const xml = `<purgeJob xmlns="${PURGE_NS}"><name>${name}</name><description>A &amp; B</description>
      <target><value>activity_attachments</value></target><olderThanDays>90</olderThanDays><department id="${dept.id}"/>
      <schedule><frequency><value>daily</value></frequency><time>02:00</time></schedule><state><value>inactive</value></state></purgeJob>`;
    const root = xmlOf(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml }), 201);
    expect(root.name).toBe(`{${PURGE_NS}}purgeJobs`);
    const id = root.children[0]!.attrs.id!;
    const date = root.children[0]!.children.find((c) => c.name === `{${PURGE_NS}}lastModified`)!.attrs.date!;
    const user = `<c:user id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></c:user>`;
    expect(root).toEqual(
      canonicalXml(`<purgeJobs xmlns="${PURGE_NS}" xmlns:c="${COMMON}" xmlns:p="${PLATFORM}">
  <purgeJob id="${id}">
    <link rel="self" href="${URL}/${id}"/>
    <name>${name}</name>
    <description>A &amp; B</description>
    <target><c:value>activity_attachments</c:value><c:displayValue>Activity attachments</c:displayValue></target>
    <olderThanDays>90</olderThanDays>
    <department id="${dept.id}"><p:name>${dept.name}</p:name></department>
    <schedule><frequency><c:value>daily</c:value><c:displayValue>Daily</c:displayValue></frequency><time>02:00</time></schedule>
    <state><c:value>inactive</c:value><c:displayValue>Inactive</c:displayValue></state>
    <lastModified date="${date}">${user}</lastModified>
  </purgeJob>
</purgeJobs>`),
    );
  });

  it.each([
    [{ name: '' }, '400-153', 'name', ''],
    [{ name: null }, '400-153', 'name', ''],
    [{ name: 'n'.repeat(256) }, '400-152', 'name', 'n'.repeat(256)],
    [{ description: 'd'.repeat(4001) }, '400-152', 'description', 'd'.repeat(4001)],
    [{ target: undefined }, '400-153', 'target', ''],
    [{ target: { value: 'everything' } }, '400-152', 'target.value', 'everything'],
    [{ target: { value: '' } }, '400-152', 'target.value', ''],
    [{ olderThanDays: undefined }, '400-153', 'olderThanDays', ''],
    [{ olderThanDays: 0 }, '400-152', 'olderThanDays', '0'],
    [{ olderThanDays: 3651 }, '400-152', 'olderThanDays', '3651'],
    [{ olderThanDays: 1.5 }, '400-152', 'olderThanDays', '1.5'],
    [{ olderThanDays: 'many' }, '400-152', 'olderThanDays', 'many'],
    [{ department: { id: 'abc' } }, '400-152', 'department.id', 'abc'],
    [{ department: { id: '999999999' } }, '400-152', 'department.id', '999999999'],
    [{ department: { name: 'no such department x' } }, '400-152', 'department.name', 'no such department x'],
    [{ schedule: { frequency: { value: 'weekly' } } }, '400-152', 'schedule.frequency.value', 'weekly'],
    [{ schedule: { frequency: { value: 'daily' } } }, '400-153', 'schedule.time', ''],
    [{ schedule: { frequency: { value: 'daily' }, time: '' } }, '400-153', 'schedule.time', ''],
    [{ schedule: { frequency: { value: 'daily' }, time: '24:00' } }, '400-152', 'schedule.time', '24:00'],
    [{ schedule: { frequency: { value: 'daily' }, time: '2:00' } }, '400-152', 'schedule.time', '2:00'],
    [{ schedule: { frequency: { value: 'daily' }, time: '02:00:00' } }, '400-152', 'schedule.time', '02:00:00'],
    [{ schedule: { frequency: { value: 'manual' }, time: '02:00' } }, '400-152', 'schedule.time', '02:00'],
    [{ schedule: { time: '02:00' } }, '400-152', 'schedule.time', '02:00'],
    [{ state: { value: 'paused' } }, '400-152', 'state.value', 'paused'],
  ])('refuses body #%# with %s', async (change, code, key, value) => {
    const name = unique('Bad');
    const body: Record<string, unknown> = { name, target: { value: 'alarm_events' }, olderThanDays: 10, ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete body[k];
    const before = await configVersion(t.db);
    expectError(await post(body), code, { format: 'json', details: [{ key, value: value.slice(0, 255) }] });
    expect(await t.db.prisma.purgeJob.count({ where: { name } })).toBe(0);
    expect(await configVersion(t.db)).toBe(before);
  });

  it('refuses a malformed body (400-150), a wrapper of two items (400-152) and a $attribute it does not know (400-102)', async () => {
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: '<purgeJob><name>x</name>' }), '400-150');
    expectError(await post({ purgeJob: [{ name: 'a' }, { name: 'b' }] }), '400-152', { format: 'json', details: [{ key: 'purgeJob', value: '' }] });
    expectError(await call(t.app, admin, 'POST', `${URL}?$attribute=lastRun`, { body: { name: 'x', target: { value: 'alarm_events' }, olderThanDays: 1 } }), '400-102', {
      format: 'json',
      details: [{ key: '$attribute', value: 'lastRun' }],
    });
    expectError(await call(t.app, admin, 'POST', `${URL}?dryRun=yes`, { body: { name: 'x', target: { value: 'alarm_events' }, olderThanDays: 1 } }), '400-101', {
      format: 'json',
    });
  });

  it('takes the wrapped forms and ignores read-only fields (the §17 example)', async () => {
    const example = { name: 'Old completed activities', target: { value: 'completed_activities' }, olderThanDays: 365, schedule: { frequency: { value: 'daily' }, time: '02:00' } };
    for (const body of [example, { purgeJob: example }, { purgeJob: [{ ...example, id: '6001', lastRun: { id: '1' }, link: { rel: 'self', href: 'x' } }] }]) {
      const res = await post(body);
      const job = ok<{ purgeJob: Job[] }>(res, 201).purgeJob[0]!;
      expect(job.id).not.toBe('6001');
      expect(job).toEqual({
        id: job.id,
        link: { rel: 'self', href: `${URL}/${job.id}` },
        name: 'Old completed activities',
        target: { value: 'completed_activities', displayValue: 'Completed activities' },
        olderThanDays: 365,
        schedule: { frequency: { value: 'daily', displayValue: 'Daily' }, time: '02:00' },
        state: { value: 'active', displayValue: 'Active' },
        lastModified: { date: job.lastModified.date, user: userOf(admin) },
      });
    }
  });

  it('answers the XML example of §17 back (camel-case path segment too)', async () => {
    const xml = `<purgeJobs xmlns="http://bindings.egain.com/ws/model/v12/gen/administration/purgejob"
           xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common">
  <purgeJob id="6001">
    <link rel="self" href="/system/ws/v12/administration/purgejob/6001"/>
    <name>Old completed activities</name>
    <target><ns2:value>completed_activities</ns2:value><ns2:displayValue>Completed activities</ns2:displayValue></target>
    <olderThanDays>365</olderThanDays>
    <schedule><frequency><ns2:value>daily</ns2:value><ns2:displayValue>Daily</ns2:displayValue></frequency><time>02:00</time></schedule>
    <state><ns2:value>active</ns2:value><ns2:displayValue>Active</ns2:displayValue></state>
    <lastModified date="2024-04-01T00:00:00.000Z"/>
  </purgeJob>
</purgeJobs>`;
    const res = await call(t.app, admin, 'POST', `${URL.replace('purgejob', 'purgeJob')}`, { fmt: 'xml', xml });
    const root = xmlOf(res, 201);
    const id = root.children[0]!.attrs.id!;
    expect(res.headers.location).toBe(`${URL}/${id}`);
    const date = root.children[0]!.children.find((c) => c.name === `{${PURGE_NS}}lastModified`)!.attrs.date!;
    const user = `<ns2:user id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></ns2:user>`;
    const expected = canonicalXml(
      xml
        .replace(/6001/g, id)
        .replace('2024-04-01T00:00:00.000Z"/>', `${date}">${user}</lastModified>`)
        .replace('xmlns:ns2=', `xmlns:p="${PLATFORM}" xmlns:ns2=`),
    );
    expect(root).toEqual(expected);
    expect(xmlOf(await call(t.app, supervisor, 'GET', `${URL.replace('purgejob', 'purgeJob')}/${id}`, { fmt: 'xml' }))).toEqual(expected);
  });
});

describe('list and get by ids (07 §1.4)', () => {
  let d1: { id: bigint; name: string };
  let a: Job;
  let b: Job;
  let c: Job;

  beforeAll(async () => {
    d1 = await createDepartment(t.db, unique('LD'));
    const prefix = unique('L');
    a = await createJob(t, admin, { name: `${prefix}-b`, target: { value: 'closed_cases' }, department: { id: String(d1.id) } });
    b = await createJob(t, admin, { name: `${prefix}-A`, target: { value: 'completed_activities' }, department: { id: String(d1.id) }, state: { value: 'inactive' } });
    c = await createJob(t, admin, { name: `${prefix}-c`, target: { value: 'closed_cases' }, department: { id: String(d1.id) } });
  });

  const ids = async (query: string) => {
    const res = await call(t.app, admin, 'GET', `${URL}?${query}`);
    if (res.statusCode === 204) return [];
    return ok<Page<'purgeJob', Job>>(res).purgeJob.map((x) => x.id);
  };

  it('needs no filter and answers the default set with paginationInfo', async () => {
    const page = ok<Page<'purgeJob', Job>>(await call(t.app, admin, 'GET', URL));
    expect(page.paginationInfo.count as number).toBeGreaterThanOrEqual(3);
    expect(page.link).toEqual({ rel: 'self', href: URL });
    expect(page.purgeJob.every((x) => x.created === undefined && x.lastModified.date !== undefined)).toBe(true);
  });

  it('filters by department (id or name), target and state, ANDed', async () => {
    expect(await ids(`department=${d1.id}`)).toEqual([a.id, b.id, c.id]);
    expect(await ids(`department=${encodeURIComponent(d1.name.toLowerCase())}&target=closed_cases`)).toEqual([a.id, c.id]);
    expect(await ids(`department=${d1.id}&state=INACTIVE`)).toEqual([b.id]);
    expect(await ids(`department=${d1.id}&state=inactive&target=closed_cases`)).toEqual([]);
    expectError(await call(t.app, admin, 'GET', `${URL}?department=999999999`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
  });

  it('sorts by id or name, pages with $cursor, answers 204 past the end and $count=yes', async () => {
    const q = `department=${d1.id}`;
    expect(await ids(`${q}&$sort=name`)).toEqual([b.id, a.id, c.id]);
    expect(await ids(`${q}&$sort=id&$order=desc`)).toEqual([c.id, b.id, a.id]);
    const first = ok<Page<'purgeJob', Job>>(await call(t.app, admin, 'GET', `${URL}?${q}&$sort=name&$pagesize=2`));
    expect(first.paginationInfo).toMatchObject({ count: 3, pagenum: 1, pagesize: 2 });
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!;
    expect(ok<Page<'purgeJob', Job>>(await call(t.app, admin, 'GET', next.href)).purgeJob.map((x) => x.id)).toEqual([c.id]);
    noContent(await call(t.app, admin, 'GET', `${URL}?${q}&$pagenum=2`, { fmt: 'xml' }), 'xml');
    expect(ok(await call(t.app, admin, 'GET', `${URL}?${q}&$count=yes`))).toEqual({
      paginationInfo: { count: 3, link: [{ rel: 'first', href: `${URL}?${q}&$pagenum=1&$pagesize=25` }] },
    });
  });

  it('answers the list in XML: plural root, self link, items, paginationInfo', async () => {
    const root = xmlOf(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$pagesize=2`, { fmt: 'xml' }));
    expect(root.name).toBe(`{${PURGE_NS}}purgeJobs`);
    expect(root.children.map((x) => x.name)).toEqual([`{${PURGE_NS}}link`, `{${PURGE_NS}}purgeJob`, `{${PURGE_NS}}purgeJob`, `{${COMMON}}paginationInfo`]);
  });

  it('refuses bad query parameters (400-101, 400-102, 400-104)', async () => {
    expectError(await call(t.app, admin, 'GET', `${URL}?name=x`), '400-101', { format: 'json', details: [{ key: 'name', value: 'x' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?state=closed`, { fmt: 'xml' }), '400-102', { details: [{ key: 'state', value: 'closed' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$sort=target`), '400-102', { format: 'json', details: [{ key: '$sort', value: 'target' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$order=desc`), '400-104', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}?$pagesize=76`), '400-102', { format: 'json' });
  });

  it('answers ids in the order given, duplicates once; refuses missing, bad and too many ids and paging', async () => {
    const body = ok<{ purgeJob: Job[] }>(await call(t.app, admin, 'GET', `${URL}/${c.id}%2C${a.id},${c.id}?$attribute=all`));
    expect(body.purgeJob.map((x) => x.id)).toEqual([c.id, a.id]);
    expect(body.purgeJob[0]!.created).toEqual({ date: c.lastModified.date, user: userOf(admin) });
    expectError(await call(t.app, admin, 'GET', `${URL}/${a.id},999999997,999999996`, { fmt: 'xml' }), '404-101', {
      details: [
        { key: 'id', value: '999999997' },
        { key: 'id', value: '999999996' },
      ],
    });
    expectError(await call(t.app, admin, 'GET', `${URL}/abc`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'abc' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join('%2C');
    expectError(await call(t.app, admin, 'GET', `${URL}/${many}`), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${a.id}?$pagesize=5`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${a.id}?$attribute=runs`), '400-102', { format: 'json' });
  });
});

describe('edit (07 §1.4, §17.1)', () => {
  it('changes the fields sent, keeps the others, ignores target, stamps lastModified and bumps config_version', async () => {
    const d1 = await createDepartment(t.db, unique('E1'));
    const d2 = await createDepartment(t.db, unique('E2'));
    const job = await createJob(t, admin, { description: 'keep', target: { value: 'completed_activities' }, department: { id: String(d1.id) } });
    const before = await configVersion(t.db);
    const name = unique('Ren');
    noContent(
      await put({
        purgeJob: [
          {
            id: job.id,
            name,
            target: { value: 'alarm_events' },
            olderThanDays: 7,
            department: { id: String(d2.id) },
            schedule: { frequency: { value: 'daily' }, time: '04:30' },
            state: { value: 'inactive' },
            lastModified: { date: job.lastModified.date },
          },
        ],
      }),
    );
    const after = await readJob(t, admin, job.id);
    expect(after).toMatchObject({
      name,
      description: 'keep',
      target: { value: 'completed_activities' },
      olderThanDays: 7,
      department: { id: String(d2.id) },
      schedule: { frequency: { value: 'daily' }, time: '04:30' },
      state: { value: 'inactive' },
      lastModified: { user: userOf(admin) },
    });
    expect(after.lastModified.date > job.lastModified.date).toBe(true);
    expect(await configVersion(t.db)).toBeGreaterThan(before);
  });

  it('edits the schedule part by part and clears optional fields', async () => {
    const dept = await createDepartment(t.db, unique('E3'));
    const job = await createJob(t, admin, { description: 'x', department: { id: String(dept.id) }, schedule: { frequency: { value: 'daily' }, time: '01:00' } });
    noContent(await put({ id: job.id, schedule: { time: '05:15' } }));
    expect((await readJob(t, admin, job.id)).schedule).toEqual({ frequency: { value: 'daily', displayValue: 'Daily' }, time: '05:15' });
    noContent(await put({ id: job.id, schedule: { frequency: { value: 'manual' } } }));
    expect(await stored(job.id)).toMatchObject({ frequency: 'manual', time: null });
    noContent(await put({ id: job.id, schedule: { frequency: { value: 'daily' }, time: '06:00' }, state: { value: 'inactive' } }));
    noContent(await put({ id: job.id, schedule: null, description: null, department: null, state: null }));
    const cleared = await readJob(t, admin, job.id);
    expect(cleared).toMatchObject({ schedule: { frequency: { value: 'manual' } }, state: { value: 'active' } });
    expect(cleared.description).toBeUndefined();
    expect(cleared.department).toBeUndefined();
    expect(cleared.schedule.time).toBeUndefined();
    noContent(await put({ id: job.id, department: { name: dept.name }, description: '' }));
    expect((await readJob(t, admin, job.id)).department).toEqual({ id: String(dept.id), name: dept.name });
  });

  it('takes an XML body with several items, applied in order', async () => {
    const a = await createJob(t, admin);
    const b = await createJob(t, admin);
    const xml = `<purgeJobs><purgeJob id="${a.id}"><olderThanDays>12</olderThanDays></purgeJob>
      <purgeJob><id>${b.id}</id><schedule><frequency><value>daily</value></frequency><time>10:00</time></schedule></purgeJob>
      <purgeJob id="${b.id}"><schedule><time>11:00</time></schedule><description/></purgeJob></purgeJobs>`;
    noContent(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml }), 'xml');
    expect((await readJob(t, admin, a.id)).olderThanDays).toBe(12);
    expect((await readJob(t, admin, b.id)).schedule.time).toBe('11:00');
  });

  it.each([
    [{ name: null }, '400-152', 'purgeJob[0].name', ''],
    [{ name: '  ' }, '400-152', 'purgeJob[0].name', '  '],
    [{ olderThanDays: null }, '400-152', 'purgeJob[0].olderThanDays', ''],
    [{ olderThanDays: 3651 }, '400-152', 'purgeJob[0].olderThanDays', '3651'],
    [{ schedule: { time: '25:00' } }, '400-152', 'purgeJob[0].schedule.time', '25:00'],
    [{ schedule: { frequency: { value: 'daily' } } }, '400-153', 'purgeJob[0].schedule.time', ''],
    [{ schedule: { time: '01:00' } }, '400-152', 'purgeJob[0].schedule.time', '01:00'],
    [{ department: { id: '999999999' } }, '400-152', 'purgeJob[0].department.id', '999999999'],
    [{ state: { value: 'gone' } }, '400-152', 'purgeJob[0].state.value', 'gone'],
    [{ lastModified: { date: 'yesterday' } }, '400-152', 'purgeJob[0].lastModified.date', 'yesterday'],
  ])('refuses edit #%# with %s and changes nothing', async (change, code, key, value) => {
    const job = await createJob(t, admin);
    const before = await configVersion(t.db);
    expectError(await put({ purgeJob: [{ id: job.id, ...change }] }), code, { format: 'json', details: [{ key, value }] });
    expect(await readJob(t, admin, job.id, '')).toEqual(job);
    expect(await configVersion(t.db)).toBe(before);
  });

  it('refuses a daily job losing its time (400-153) and keeps a daily time on edits of other fields', async () => {
    const job = await createJob(t, admin, { schedule: { frequency: { value: 'daily' }, time: '03:00' } });
    expectError(await put({ id: job.id, schedule: { time: null } }), '400-153', { format: 'json', details: [{ key: 'purgeJob[0].schedule.time', value: '' }] });
    noContent(await put({ id: job.id, name: unique('keep') }));
    expect((await readJob(t, admin, job.id)).schedule.time).toBe('03:00');
  });

  it('answers 404-101 for unknown ids, 409-101 for a stale lastModified, 400-160 for 76 items; all or nothing', async () => {
    const a = await createJob(t, admin);
    const b = await createJob(t, admin);
    expectError(await put({ purgeJob: [{ id: a.id, name: 'x' }, { id: '999999998' }] }), '404-101', { format: 'json', details: [{ key: 'id', value: '999999998' }] });
    expectError(await put({ purgeJob: [{ id: a.id, name: 'y' }, { id: b.id, lastModified: { date: '2020-01-01T00:00:00.000Z' } }] }), '409-101', {
      format: 'json',
      details: [{ key: 'id', value: b.id }],
    });
    expect((await readJob(t, admin, a.id)).name).toBe(a.name);
    const many = Array.from({ length: 76 }, () => ({ id: a.id }));
    expectError(await put({ purgeJob: many }), '400-160', { format: 'json' });
    expectError(await put({ purgeJob: [] }), '400-153', { format: 'json', details: [{ key: 'purgeJob', value: '' }] });
  });
});

describe('delete (07 §1.4)', () => {
  it('deletes jobs with their runs, all or none, and bumps config_version', async () => {
    const a = await createJob(t, admin);
    const b = await createJob(t, admin);
    await t.db.prisma.purgeRun.create({ data: { jobId: BigInt(a.id), status: 'completed', dryRun: true } });
    await t.db.prisma.purgeRun.create({ data: { jobId: BigInt(a.id), status: 'queued', dryRun: false } });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${a.id},999999995`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999995' }] });
    expect(await t.db.prisma.purgeJob.count({ where: { id: BigInt(a.id) } })).toBe(1);
    const before = await configVersion(t.db);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${a.id}%2C${b.id}`, { fmt: 'xml' }), 'xml');
    expect(await t.db.prisma.purgeJob.count({ where: { id: { in: [BigInt(a.id), BigInt(b.id)] } } })).toBe(0);
    expect(await t.db.prisma.purgeRun.count({ where: { jobId: BigInt(a.id) } })).toBe(0);
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expectError(await call(t.app, admin, 'GET', `${URL}/${a.id}`), '404-101', { format: 'json' });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/x`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'x' }] });
  });

  it('answers 405-100 for methods the paths do not offer', async () => {
    const job = await createJob(t, admin);
    for (const [method, url, allow] of [
      ['PUT', `${URL}/${job.id}`, ['DELETE', 'GET', 'HEAD']],
      ['DELETE', URL, ['GET', 'HEAD', 'POST', 'PUT']],
      ['PUT', `${URL}/${job.id}/run`, ['GET', 'HEAD', 'POST']],
      ['DELETE', `${URL}/${job.id}/run/1`, ['GET', 'HEAD']],
    ] as const) {
      const res = await call(t.app, admin, method, url);
      expectError(res, '405-100', { format: 'json' });
      expect(String(res.headers.allow).split(', ').sort()).toEqual([...allow].sort());
    }
  });
});

describe('department references (07 §4)', () => {
  it('names the jobs restricted to departments, for the department delete check', async () => {
    const d1 = await createDepartment(t.db, unique('R1'));
    const d2 = await createDepartment(t.db, unique('R2'));
    const a = await createJob(t, admin, { department: { id: String(d1.id) } });
    const b = await createJob(t, admin, { department: { id: String(d2.id) } });
    await createJob(t, admin);
    const refs = await t.db.prisma.$transaction((tx) => purgeJobsOfDepartments(tx, [d1.id, d2.id]));
    expect(refs).toEqual([
      { departmentId: d1.id, key: 'purgeJob', value: a.id },
      { departmentId: d2.id, key: 'purgeJob', value: b.id },
    ]);
  });
});
