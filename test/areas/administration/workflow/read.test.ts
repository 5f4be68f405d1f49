// Workflows (07 §1.2–§1.4, §10) through the real HTTP stack: callers, list with filters, sorting and paging, get by
// ids, methods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { call as callAs, customerSession } from '../../customer/support.ts';
import { call, COMMON, configVersion, expectForbidden, FORBIDDEN, foreignContexts, noContent, ok, PLATFORM, session, unique, xmlOf, type Session } from '../department/support.ts';
import { createWorkflow as createViaService, deleteWorkflows, editWorkflows, getWorkflows, listWorkflows } from '../../../../src/areas/administration/workflow/workflow.service.ts';
import { evaluateAlarmsNow, listAlarmEvents } from '../../../../src/areas/administration/workflow/alarm.service.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { body, createWorkflow, KEY, KINDS, place, readWorkflow, url, userOf, WF, type Kind, type Page, type Place, type Workflow } from './support.ts';

let t: TestApp;
let admin: Session;
let supervisor: Session;
let agent: Session;
let p: Place;

beforeAll(async () => {
  t = await getTestApp({ ECE_SETTING_ALARM_EVALUATION_INTERVAL_SECONDS: '3600' });
  admin = await session(t.app, t.db, ['administrator']);
  supervisor = await session(t.app, t.db, ['supervisor']);
  agent = await session(t.app, t.db, ['agent']);
  p = await place(t);
});
afterAll(async () => t?.close());

describe('callers (07 §1.2)', () => {
  const endpoints = (kind: Kind, id: string): [('GET' | 'POST' | 'PUT' | 'DELETE'), string, unknown?][] => [
    ['GET', url(kind)],
    ['GET', `${url(kind)}/${id}`],
    ['POST', url(kind), body(kind, p)],
    ['PUT', url(kind), { id, name: 'x' }],
    ['DELETE', `${url(kind)}/${id}`],
  ];

  it.each(FORMATS)('answers 401-101 on every endpoint without a session (%s)', async (fmt) => {
    for (const kind of KINDS) {
      const w = await createWorkflow(t, admin, kind, body(kind, p));
      for (const [method, u, b] of [...endpoints(kind, w.id), ['POST', `${url('alarm')}/evaluate`], ['GET', `${url('alarm')}/${w.id}/event`]] as const) {
        expectError(await call(t.app, null, method, u, { fmt, body: b }), '401-101', { format: fmt });
      }
    }
  });

  it('lets supervisors read workflows and refuses them every write with 403-197, changing nothing', async () => {
    const before = await configVersion(t.db);
    for (const kind of KINDS) {
      const w = await createWorkflow(t, admin, kind, body(kind, p));
      const v = await configVersion(t.db);
      expect(await readWorkflow(t, supervisor, kind, w.id, '')).toEqual(await readWorkflow(t, admin, kind, w.id, ''));
      expect(ok<Page>(await call(t.app, supervisor, 'GET', `${url(kind)}?department=${p.department.id}`))[KEY[kind]]!.map((x) => x.id)).toContain(w.id);
      for (const [method, u, b] of endpoints(kind, w.id).slice(2)) {
        expectError(await call(t.app, supervisor, method, u, { body: b }), '403-197', { format: 'json', message: FORBIDDEN['en-US'] });
      }
      expectError(await call(t.app, supervisor, 'DELETE', `${url(kind)}/${w.id}`, { fmt: 'xml', lang: 'es-ES' }), '403-197', { message: FORBIDDEN['es-ES'], lang: 'es-ES' });
      expect(await configVersion(t.db)).toBe(v);
      expect((await readWorkflow(t, admin, kind, w.id)).name).toBe(w.name);
    }
    expectError(await call(t.app, supervisor, 'POST', `${url('alarm')}/evaluate`), '403-197', { format: 'json' });
    expect(await configVersion(t.db)).toBeGreaterThan(before);
  });

  it('refuses agents every call, reads included (403-197)', async () => {
    for (const kind of KINDS) {
      const w = await createWorkflow(t, admin, kind, body(kind, p));
      for (const [method, u, b] of endpoints(kind, w.id)) expectError(await call(t.app, agent, method, u, { body: b }), '403-197', { format: 'json' });
      expectError(await call(t.app, agent, 'GET', `${url(kind)}/${w.id}`, { fmt: 'xml' }), '403-197');
    }
    expectError(await call(t.app, agent, 'POST', `${url('alarm')}/evaluate`, { fmt: 'xml' }), '403-197');
    const alarm = await createWorkflow(t, admin, 'alarm', body('alarm', p));
    expectError(await call(t.app, agent, 'GET', `${url('alarm')}/${alarm.id}/event`), '403-197', { format: 'json' });
  });

  it('validates the body before the permission (01 §7.2)', async () => {
    expectError(await call(t.app, agent, 'POST', url('alarm'), { body: { name: 'x', ...p.dept, actions: { raisePriorityBy: 1 } } }), '400-153', {
      format: 'json',
      details: [{ key: 'conditions.waitingMinutes', value: '' }],
    });
    expectError(await call(t.app, supervisor, 'POST', url('outbound'), { body: { name: 'x', ...p.dept, actions: { bcc: { address: ['bad'] } } } }), '400-152', {
      format: 'json',
      details: [{ key: 'actions.bcc.address[0]', value: 'bad' }],
    });
    expectError(await call(t.app, supervisor, 'PUT', url('inbound'), { body: { id: '1', actions: null } }), '400-152', {
      format: 'json',
      details: [{ key: 'inboundWorkflow[0].actions', value: '' }],
    });
  });

  it('refuses customer sessions every call with 403-197', async () => {
    const w = await createWorkflow(t, admin, 'alarm', body('alarm', p));
    const customer = await customerSession(t, admin);
    for (const fmt of FORMATS) {
      for (const [method, u, b] of [...endpoints('alarm', w.id), ['POST', `${url('alarm')}/evaluate`], ['GET', `${url('alarm')}/${w.id}/event`]] as const) {
        const res = await callAs(t.app, customer, method, u, { fmt, body: b });
        expectError(res, '403-197', { format: fmt });
        expect(res.headers['x-egain-session']).toBe(customer.sessionId);
      }
    }
  });

  it('refuses customer and client-application callers in the services too (403-197)', async () => {
    const w = await createWorkflow(t, admin, 'inbound', body('inbound', p));
    const q = { attributes: new Set(), criteria: new Map() } as never;
    for (const ctx of foreignContexts(t.app, t.db)) {
      await expectForbidden(() => listWorkflows(ctx, 'inbound', q));
      await expectForbidden(() => getWorkflows(ctx, 'inbound', [BigInt(w.id)], q));
      await expectForbidden(() => createViaService(ctx, 'inbound', body('inbound', p) as never, q));
      await expectForbidden(() => editWorkflows(ctx, 'inbound', [{ id: w.id, name: unique() }]));
      await expectForbidden(() => deleteWorkflows(ctx, 'inbound', [BigInt(w.id)]));
      await expectForbidden(() => evaluateAlarmsNow(ctx));
      await expectForbidden(() => listAlarmEvents(ctx, 1n, q));
    }
    expect((await readWorkflow(t, admin, 'inbound', w.id)).name).toBe(w.name);
  });
});

describe('list (07 §1.4, §10)', () => {
  let d1: { id: bigint; name: string };
  let d2: Place;
  let a: Workflow;
  let b: Workflow;
  let c: Workflow;
  let d: Workflow;
  let e: Workflow;

  beforeAll(async () => {
    d2 = await place(t, 'LD');
    d1 = d2.department;
    const at = (extra: Record<string, unknown>) => body('outbound', d2, extra);
    a = await createWorkflow(t, admin, 'outbound', at({ name: 'b-mid', order: 5 }));
    b = await createWorkflow(t, admin, 'outbound', at({ name: 'A-first', order: 2, state: { value: 'inactive' } }));
    c = await createWorkflow(t, admin, 'outbound', at({ name: 'c-tie', order: 5 }));
    d = await createWorkflow(t, admin, 'outbound', at({ name: 'D-last' }));
    // Another kind in the same department is not listed.
    e = await createWorkflow(t, admin, 'inbound', body('inbound', d2, { name: 'inbound', order: 1 }));
  });

  const ids = async (kind: Kind, query: string) => {
    const res = await call(t.app, admin, 'GET', `${url(kind)}?${query}`);
    if (res.statusCode === 204) return [];
    return ok<Page>(res)[KEY[kind]]!.map((x) => x.id);
  };

  it('needs no filter and sorts by order by default (ties by id)', async () => {
    const page = ok<Page>(await call(t.app, admin, 'GET', url('outbound')));
    expect(page.link).toEqual({ rel: 'self', href: url('outbound') });
    expect(page.paginationInfo.count as number).toBeGreaterThanOrEqual(4);
    expect(await ids('outbound', `department=${d1.id}`)).toEqual([b.id, a.id, c.id, d.id]);
    expect(d.order).toBe(6);
    expect(await ids('inbound', `department=${d1.id}`)).toEqual([e.id]);
  });

  it('filters by department id or name and by state', async () => {
    expect(await ids('outbound', `department=${encodeURIComponent(d1.name.toLowerCase())}`)).toEqual([b.id, a.id, c.id, d.id]);
    expect(await ids('outbound', `department=${d1.id}&state=INACTIVE`)).toEqual([b.id]);
    expect(await ids('outbound', `department=${d1.id}&state=active`)).toEqual([a.id, c.id, d.id]);
    const empty = await createDepartment(t.db, unique('E'));
    noContent(await call(t.app, admin, 'GET', `${url('alarm')}?department=${empty.id}`));
  });

  it('sorts by order, id or name in either order and pages with a working $cursor', async () => {
    const q = (s: string) => ids('outbound', `department=${d1.id}${s}`);
    expect(await q('&$sort=order&$order=desc')).toEqual([d.id, c.id, a.id, b.id]);
    expect(await q('&$sort=id')).toEqual([a.id, b.id, c.id, d.id]);
    expect(await q('&$sort=id&$order=desc')).toEqual([d.id, c.id, b.id, a.id]);
    expect(await q('&$sort=NAME')).toEqual([b.id, a.id, c.id, d.id]);
    expect(await q('&$sort=name&$order=desc')).toEqual([d.id, c.id, a.id, b.id]);
    for (const [sort, expected] of [
      ['', [b.id, a.id, c.id, d.id]],
      ['&$sort=order&$order=desc', [d.id, c.id, a.id, b.id]],
      ['&$sort=name', [b.id, a.id, c.id, d.id]],
      ['&$sort=id&$order=desc', [d.id, c.id, b.id, a.id]],
    ] as const) {
      const first = ok<Page>(await call(t.app, admin, 'GET', `${url('outbound')}?department=${d1.id}${sort}&$pagesize=3`));
      expect(first.outboundWorkflow!.map((x) => x.id)).toEqual(expected.slice(0, 3));
      expect(first.paginationInfo).toMatchObject({ count: 4, pagenum: 1, pagesize: 3 });
      const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!;
      expect(next.href).toContain('$cursor=');
      expect(ok<Page>(await call(t.app, admin, 'GET', next.href)).outboundWorkflow!.map((x) => x.id)).toEqual(expected.slice(3));
      expect(ok<Page>(await call(t.app, admin, 'GET', `${url('outbound')}?department=${d1.id}${sort}&$pagenum=2&$pagesize=3`)).outboundWorkflow!.map((x) => x.id)).toEqual(
        expected.slice(3),
      );
    }
    const range = ok<Page>(await call(t.app, admin, 'GET', `${url('outbound')}?department=${d1.id}&$rangestart=2&$rangesize=2`));
    expect(range.outboundWorkflow!.map((x) => x.id)).toEqual([a.id, c.id]);
  });

  it('answers 204 past the end, $count=yes, and created with $attribute', async () => {
    noContent(await call(t.app, admin, 'GET', `${url('outbound')}?department=${d1.id}&$pagenum=2`, { fmt: 'xml' }), 'xml');
    expect(ok(await call(t.app, admin, 'GET', `${url('outbound')}?department=${d1.id}&$count=yes`))).toEqual({
      paginationInfo: { count: 4, link: [{ rel: 'first', href: `${url('outbound')}?department=${d1.id}&$pagenum=1&$pagesize=25` }] },
    });
    for (const attr of ['created', 'all']) {
      const page = ok<Page>(await call(t.app, admin, 'GET', `${url('inbound')}?department=${d1.id}&$attribute=${attr}`));
      expect(page.inboundWorkflow!.map((x) => x.created)).toEqual([{ date: e.lastModified.date, user: userOf(admin) }]);
    }
  });

  it('answers the list in XML: plural root, self link, items in the workflow namespace, paginationInfo', async () => {
    const root = xmlOf(await call(t.app, admin, 'GET', `${url('outbound')}?department=${d1.id}&$pagesize=2`, { fmt: 'xml' }));
    expect(root.name).toBe(`{${WF}}outboundWorkflows`);
    expect(root.children.map((x) => x.name)).toEqual([`{${WF}}link`, `{${WF}}outboundWorkflow`, `{${WF}}outboundWorkflow`, `{${COMMON}}paginationInfo`]);
    expect(root.children.slice(1, 3).map((x) => x.attrs.id)).toEqual([b.id, a.id]);
  });

  it('refuses bad query parameters (404-101, 400-101, 400-102, 400-104)', async () => {
    expectError(await call(t.app, admin, 'GET', `${url('inbound')}?department=999999999`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
    const name = unique('nodept');
    expectError(await call(t.app, admin, 'GET', `${url('alarm')}?department=${name}`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: name }] });
    expectError(await call(t.app, admin, 'GET', `${url('inbound')}?state=closed`), '400-102', { format: 'json', details: [{ key: 'state', value: 'closed' }] });
    expectError(await call(t.app, admin, 'GET', `${url('inbound')}?name=x`), '400-101', { format: 'json', details: [{ key: 'name', value: 'x' }] });
    expectError(await call(t.app, admin, 'GET', `${url('inbound')}?$sort=state`), '400-102', { format: 'json', details: [{ key: '$sort', value: 'state' }] });
    expectError(await call(t.app, admin, 'GET', `${url('inbound')}?$attribute=conditions`), '400-102', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${url('inbound')}?$order=desc`), '400-104', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${url('inbound')}?$pagesize=76`), '400-102', { format: 'json' });
  });
});

describe('get by ids (07 §1.4)', () => {
  it('answers the items in the order of the ids, duplicates once, in JSON, XML and es-ES', async () => {
    const w = await createWorkflow(t, admin, 'alarm', body('alarm', p, { description: 'A & B', actions: { notify: { users: { user: [{ id: String(p.user.id) }] } } } }));
    const v = await createWorkflow(t, admin, 'alarm', body('alarm', p, { state: { value: 'inactive' } }));
    const page = ok<Page>(await call(t.app, admin, 'GET', `${url('alarm')}/${v.id}%2C${w.id},${v.id}`));
    expect(page.alarmWorkflow!.map((x) => x.id)).toEqual([v.id, w.id]);
    const es = ok<Page>(await call(t.app, admin, 'GET', `${url('alarm')}/${v.id},${w.id}`, { lang: 'es-ES' }));
    expect(es.alarmWorkflow!.map((x) => x.state.displayValue)).toEqual(['Inactivo', 'Activo']);
    const xml = xmlOf(await call(t.app, supervisor, 'GET', `${url('alarm')}/${w.id}?$attribute=created`, { fmt: 'xml' }));
    const user = `<c:user id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></c:user>`;
    expect(xml).toEqual(
      canonicalXml(`<alarmWorkflows xmlns="${WF}" xmlns:c="${COMMON}" xmlns:p="${PLATFORM}">
  <alarmWorkflow id="${w.id}">
    <link rel="self" href="${url('alarm')}/${w.id}"/>
    <name>${w.name}</name>
    <description>A &amp; B</description>
    <department id="${p.department.id}"><p:name>${p.department.name}</p:name></department>
    <state><c:value>active</c:value><c:displayValue>Active</c:displayValue></state>
    <order>${w.order}</order>
    <conditions><waitingMinutes>5</waitingMinutes></conditions>
    <actions><notify><users><user id="${p.user.id}"><screenName>${p.user.screenName}</screenName></user></users></notify></actions>
    <lastModified date="${w.lastModified.date}">${user}</lastModified>
    <created date="${w.lastModified.date}">${user}</created>
  </alarmWorkflow>
</alarmWorkflows>`),
    );
  });

  it('renders a referenced object deleted meanwhile by its id alone', async () => {
    const user = await t.db.prisma.userGroup.create({ data: { name: unique('G'), departmentId: p.department.id } });
    const w = await createWorkflow(t, admin, 'alarm', body('alarm', p, { actions: { notify: { groups: { group: [{ id: String(user.id) }] } } } }));
    await t.db.prisma.userGroup.delete({ where: { id: user.id } });
    expect((await readWorkflow(t, admin, 'alarm', w.id)).actions).toEqual({ notify: { groups: { group: [{ id: String(user.id) }] } } });
  });

  it('refuses missing ids and ids of another kind (404-101), bad ids (400-102), 76 ids (400-160), paging (400-101)', async () => {
    const i = await createWorkflow(t, admin, 'inbound', body('inbound', p));
    const o = await createWorkflow(t, admin, 'outbound', body('outbound', p));
    expectError(await call(t.app, admin, 'GET', `${url('inbound')}/${i.id},${o.id},999999997`, { fmt: 'xml' }), '404-101', {
      details: [
        { key: 'id', value: o.id },
        { key: 'id', value: '999999997' },
      ],
    });
    expectError(await call(t.app, admin, 'GET', `${url('inbound')}/abc`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'abc' }] });
    const many = Array.from({ length: 76 }, (_, k) => k + 1).join('%2C');
    expectError(await call(t.app, admin, 'GET', `${url('outbound')}/${many}`), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${url('inbound')}/${i.id}?$pagesize=5`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${url('inbound')}/${i.id}?state=active`), '400-101', { format: 'json' });
  });
});

describe('methods (01 §1.1)', () => {
  it('answers 405-100 with Allow for methods a path does not serve', async () => {
    const cases: [string, 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', string][] = [
      [url('inbound'), 'DELETE', 'GET, HEAD, POST, PUT'],
      [`${url('outbound')}/1`, 'POST', 'GET, HEAD, DELETE'],
      [`${url('alarm')}/evaluate`, 'GET', 'POST'],
      [`${url('alarm')}/evaluate`, 'DELETE', 'POST'],
      [`${url('alarm')}/1/event`, 'POST', 'GET, HEAD'],
      [url('alarm'), 'PATCH', 'GET, HEAD, POST, PUT'],
    ];
    for (const [u, method, allow] of cases) {
      const res = await call(t.app, admin, method, u);
      expectError(res, '405-100', { format: 'json' });
      expect(res.headers.allow).toBe(allow);
    }
    // PUT and PATCH reach no route: the platform's 405 lists the methods of the literal path only, not those of the
    // `{ids}` routes that would read `evaluate` as an id.
    for (const method of ['PUT', 'PATCH'] as const) {
      const res = await call(t.app, admin, method, `${url('alarm')}/evaluate`);
      expectError(res, '405-100', { format: 'json' });
      expect(res.headers.allow, method).toBe('POST');
    }
    // A parametric path keeps every method of its routes.
    const patch = await call(t.app, admin, 'PATCH', `${url('alarm')}/12`);
    expectError(patch, '405-100', { format: 'json' });
    expect(patch.headers.allow).toBe('GET, HEAD, DELETE');
    expectError(await call(t.app, admin, 'GET', '/system/ws/v12/administration/workflow'), '404-100', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', '/system/ws/v12/administration/workflow/other'), '404-100', { format: 'json' });
  });
});
