// Roles and permissions, read-only (07 §1.2, §1.4, §6), through the real HTTP stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { ADMIN, call, noContent, ns, ok, session, foreignContexts, expectForbidden, xmlOf, type Session } from '../department/support.ts';
import { getRoles, listRoles } from '../../../../src/areas/administration/role/role.service.ts';

const URL = `${ADMIN}/role`;
const ROLE = ns('role');

type Role = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  displayName: string;
  description: string;
  assignable: boolean;
  permissions: { permission: string[] };
};
type Page = { link?: unknown; role: Role[]; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] } };

// The columns of the 07 §6 permission table, written out here so that a drift of src/authz/permissions.ts shows.
const A = ['kb.read', 'kb.author', 'kb.publish', 'kb.structure', 'interaction.read', 'interaction.work', 'interaction.inbound', 'interaction.supervise',
  'customer.read', 'customer.create', 'customer.write', 'customer.grant', 'chat.handle', 'chat.supervise', 'admin.read', 'admin.config.read',
  'admin.write', 'availability.self', 'availability.department', 'password.self', 'about.read'];
const S = A.filter((p) => p !== 'admin.write');
const G = ['kb.read', 'kb.author', 'interaction.read', 'interaction.work', 'customer.read', 'customer.create', 'customer.write', 'chat.handle',
  'admin.read', 'availability.self', 'password.self', 'about.read'];
const C = ['interaction.read', 'customer.read', 'customer.write', 'customer.self'];
const X = ['messaging.client'];

const expected = (lang: 'en-US' | 'es-ES'): Role[] =>
  (
    [
      ['1', 'administrator', 'Administrator', 'Administrador', true, A],
      ['2', 'supervisor', 'Supervisor', 'Supervisor', true, S],
      ['3', 'agent', 'Agent', 'Agente', true, G],
      ['4', 'customer', 'Customer', 'Cliente', false, C],
      ['5', 'clientApplication', 'Client application', 'Aplicación cliente', false, X],
    ] as const
  ).map(([id, name, en, es, assignable, permissions]) => ({
    id,
    link: { rel: 'self', href: `${URL}/${id}` },
    name,
    displayName: lang === 'en-US' ? en : es,
    description: expect.any(String) as unknown as string,
    assignable,
    permissions: { permission: [...permissions] },
  }));

let t: TestApp;
let admin: Session;
let supervisor: Session;
let agent: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
  supervisor = await session(t.app, t.db, ['supervisor']);
  agent = await session(t.app, t.db, ['agent']);
});
afterAll(async () => t?.close());

describe('callers (07 §1.2)', () => {
  it.each(FORMATS)('answers 401-101 without a session (%s)', async (fmt) => {
    expectError(await call(t.app, null, 'GET', URL, { fmt }), '401-101', { format: fmt });
    expectError(await call(t.app, null, 'GET', `${URL}/1`, { fmt }), '401-101', { format: fmt });
  });

  it('lets every staff role read', async () => {
    for (const who of [admin, supervisor, agent]) {
      expect(ok<Page>(await call(t.app, who, 'GET', URL)).role).toEqual(expected('en-US'));
    }
  });
  it('refuses customer and client-application callers (403-197)', async () => {
    const q = { attributes: new Set(), sort: { field: 'id', order: 'asc' }, paging: { offset: 0, limit: 25 } } as never;
    for (const ctx of foreignContexts(t.app, t.db)) {
      await expectForbidden(() => listRoles(ctx, q));
      await expectForbidden(() => getRoles(ctx, [1n]));
    }
  });
});

describe('list (07 §6)', () => {
  it('lists the five roles in id order with their permissions in table order', async () => {
    const page = ok<Page>(await call(t.app, agent, 'GET', URL));
    expect(page).toEqual({
      link: { rel: 'self', href: URL },
      role: expected('en-US'),
      paginationInfo: { count: 5, pagenum: 1, pagesize: 25 },
    });
    const agentRole = page.role[2]!;
    // The 07 §6 example.
    expect(agentRole).toEqual({ ...expected('en-US')[2], description: 'Handles customer interactions' });
  });

  it('localises displayName (es-ES)', async () => {
    const page = ok<Page>(await call(t.app, agent, 'GET', URL, { lang: 'es-ES' }));
    expect(page.role).toEqual(expected('es-ES'));
    expect(page.role.map((r) => r.description)).toEqual(ok<Page>(await call(t.app, agent, 'GET', URL)).role.map((r) => r.description));
  });

  it('pages, sorts by id either way, counts, and answers 204 past the end', async () => {
    const first = ok<Page>(await call(t.app, agent, 'GET', `${URL}?$pagesize=2`));
    expect(first.role.map((r) => r.id)).toEqual(['1', '2']);
    expect(first.paginationInfo).toMatchObject({ count: 5, pagenum: 1, pagesize: 2 });
    const next = first.paginationInfo.link!.find((l) => l.rel === 'next')!;
    expect(next.href).toMatch(/^\/system\/ws\/v12\/administration\/role\?\$pagenum=2&\$pagesize=2&\$cursor=/);
    const second = ok<Page>(await call(t.app, agent, 'GET', next.href));
    expect(second.role.map((r) => r.id)).toEqual(['3', '4']);
    expect(second.paginationInfo.link!.map((l) => l.rel)).toEqual(['prev', 'next']);
    const third = ok<Page>(await call(t.app, agent, 'GET', `${URL}?$pagenum=3&$pagesize=2`));
    expect(third.role.map((r) => r.id)).toEqual(['5']);
    const range = ok<Page>(await call(t.app, agent, 'GET', `${URL}?$rangestart=4&$rangesize=10`));
    expect(range.role.map((r) => r.id)).toEqual(['4', '5']);
    expect(ok<Page>(await call(t.app, agent, 'GET', `${URL}?$sort=id&$order=desc`)).role.map((r) => r.id)).toEqual(['5', '4', '3', '2', '1']);
    for (const fmt of FORMATS) noContent(await call(t.app, agent, 'GET', `${URL}?$pagenum=4&$pagesize=2`, { fmt }), fmt);
    expect(ok(await call(t.app, agent, 'GET', `${URL}?$count=yes`))).toEqual({
      paginationInfo: { count: 5, link: [{ rel: 'first', href: `${URL}?$pagenum=1&$pagesize=25` }] },
    });
    expect(ok<Page>(await call(t.app, agent, 'GET', `${URL}?$attribute=all`)).role).toEqual(expected('en-US'));
  });

  it.each([
    ['name=agent', '400-101', [{ key: 'name', value: 'agent' }]],
    ['$sort=name', '400-102', [{ key: '$sort', value: 'name' }]],
    ['$attribute=created', '400-102', [{ key: '$attribute', value: 'created' }]],
    ['$order=asc', '400-104', [{ key: '$order', value: 'asc' }]],
  ])('refuses %s with %s', async (q, code, details) => {
    expectError(await call(t.app, agent, 'GET', `${URL}?${q}`), code, { format: 'json', details });
  });
});

describe('get by ids (07 §6)', () => {
  it('answers the roles in the order of the ids, duplicates removed', async () => {
    const body = ok<{ role: Role[] }>(await call(t.app, agent, 'GET', `${URL}/5%2C3,5,1`));
    expect(body).toEqual({ role: [expected('en-US')[4], expected('en-US')[2], expected('en-US')[0]] });
  });

  it('writes XML in the role namespace', async () => {
    const res = await call(t.app, agent, 'GET', `${URL}/5`, { fmt: 'xml', lang: 'es-ES' });
    const description = ok<{ role: Role[] }>(await call(t.app, agent, 'GET', `${URL}/5`)).role[0]!.description;
    const xml = `<roles xmlns="${ROLE}"><role id="5"><link rel="self" href="${URL}/5"/><name>clientApplication</name>
      <displayName>Aplicación cliente</displayName><description>${description}</description><assignable>false</assignable>
      <permissions><permission>messaging.client</permission></permissions></role></roles>`;
    expect(res.headers['content-language']).toBe('es-ES');
    expect(xmlOf(res)).toEqual(canonicalXml(xml.replace(/>\s+</g, '><')));
  });

  it('answers 404-101 for ids that are no role, 400-102 for bad ids, 400-101 for paging', async () => {
    expectError(await call(t.app, agent, 'GET', `${URL}/1,6,7`), '404-101', { format: 'json', details: [{ key: 'id', value: '6' }, { key: 'id', value: '7' }] });
    expectError(await call(t.app, agent, 'GET', `${URL}/0`, { fmt: 'xml' }), '400-102', { details: [{ key: 'ids', value: '0' }] });
    const many = Array.from({ length: 76 }, () => '1').join(',');
    expectError(await call(t.app, agent, 'GET', `${URL}/${many}`), '400-160', { format: 'json' });
    expectError(await call(t.app, agent, 'GET', `${URL}/1?$pagesize=1`), '400-101', { format: 'json' });
  });
});

describe('read-only (07 §6)', () => {
  it.each([
    ['POST', URL],
    ['PUT', URL],
    ['DELETE', `${URL}/1`],
    ['PUT', `${URL}/1`],
    ['POST', `${URL}/1`],
  ] as const)('%s %s → 405-100 with Allow: GET, HEAD', async (method, url) => {
    for (const fmt of FORMATS) {
      const res = await call(t.app, admin, method, url, { fmt, ...(method === 'DELETE' ? {} : { body: { name: 'x' } }) });
      expectError(res, '405-100', { format: fmt });
      expect(res.headers.allow).toBe('GET, HEAD');
    }
  });
});
