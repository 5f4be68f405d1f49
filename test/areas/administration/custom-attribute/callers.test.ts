// Custom attribute definitions: who may call what (07 §1.2, 02 §7), the camel-case path segment (07 §1.3) for every
// method, and 405-100 for the methods the paths do not offer (07 §2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { call, configVersion, FORBIDDEN, noContent, ok, session, type Session } from '../department/support.ts';
import { ALIAS, attribName, createDefinition, customerSession, readDefinition, URL, type Definition } from './support.ts';

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

const newBody = () => ({ objectType: { value: 'customer' }, name: attribName(), dataType: { value: 'string' } });

describe('callers (07 §1.2)', () => {
  it.each(FORMATS)('answers 401-101 on every endpoint without a session (%s)', async (fmt) => {
    const d = await createDefinition(t.app, admin);
    for (const [method, url, body] of [
      ['GET', URL],
      ['GET', `${URL}/${d.id}`],
      ['POST', URL, newBody()],
      ['PUT', URL, { id: d.id, displayName: 'x' }],
      ['DELETE', `${URL}/${d.id}`],
    ] as const) {
      expectError(await call(t.app, null, method, url, { fmt, body }), '401-101', { format: fmt });
    }
    expect(await readDefinition(t.app, admin, d.id)).toMatchObject({ displayName: d.name });
  });

  it('lets supervisors and agents read; refuses them every write with 403-197, changing nothing', async () => {
    const d = await createDefinition(t.app, admin);
    const before = await configVersion(t.db);
    for (const who of [supervisor, agent]) {
      expect((await readDefinition(t.app, who, d.id)).name).toBe(d.name);
      expect(ok<{ customAttributeDefinition: Definition[] }>(await call(t.app, who, 'GET', `${URL}?name=${d.name}`)).customAttributeDefinition.map((x) => x.id)).toEqual([d.id]);
      const body = newBody();
      expectError(await call(t.app, who, 'POST', URL, { body }), '403-197', { format: 'json', message: FORBIDDEN['en-US'] });
      expectError(await call(t.app, who, 'POST', URL, { fmt: 'xml', body, lang: 'es-ES' }), '403-197', { message: FORBIDDEN['es-ES'], lang: 'es-ES' });
      expectError(await call(t.app, who, 'PUT', URL, { body: { id: d.id, displayName: 'changed' } }), '403-197', { format: 'json' });
      expectError(await call(t.app, who, 'PUT', URL, { fmt: 'xml', xml: `<customAttributeDefinition id="${d.id}"><state><value>inactive</value></state></customAttributeDefinition>` }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/${d.id}`, { fmt: 'xml' }), '403-197');
      // The permission comes before existence (01 §7.2).
      expectError(await call(t.app, who, 'DELETE', `${URL}/999999999`), '403-197', { format: 'json' });
      expectError(await call(t.app, who, 'PUT', URL, { body: { id: '999999999', displayName: 'x' } }), '403-197', { format: 'json' });
      expect(await t.db.prisma.customAttributeDefinition.count({ where: { name: body.name } })).toBe(0);
    }
    expect(await readDefinition(t.app, admin, d.id)).toEqual({ ...d, created: d.lastModified });
    expect(await configVersion(t.db)).toBe(before);
  });

  it('validates the body before the permission (01 §7.2)', async () => {
    expectError(await call(t.app, agent, 'POST', URL, { body: { objectType: { value: 'customer' }, dataType: { value: 'string' } } }), '400-153', {
      format: 'json',
      details: [{ key: 'name', value: '' }],
    });
    expectError(await call(t.app, agent, 'POST', URL, { body: { ...newBody(), dataType: { value: 'integer' }, maxLength: 5 } }), '400-152', {
      format: 'json',
      details: [{ key: 'maxLength', value: '5' }],
    });
    expectError(await call(t.app, supervisor, 'PUT', URL, { body: { id: '1', state: null } }), '400-152', {
      format: 'json',
      details: [{ key: 'customAttributeDefinition[0].state', value: '' }],
    });
  });

  it('refuses customer sessions every call with 403-197', async () => {
    const d = await createDefinition(t.app, admin);
    const customer = await customerSession(t.app, t.db);
    for (const fmt of FORMATS) {
      for (const [method, url, body] of [
        ['GET', URL],
        ['GET', `${URL}/${d.id}`],
        ['GET', `${ALIAS}?objectType=customer`],
        ['POST', URL, newBody()],
        ['PUT', URL, { id: d.id, displayName: 'x' }],
        ['DELETE', `${URL}/${d.id}`],
      ] as const) {
        const res = await call(t.app, customer, method, url, { fmt, body });
        expectError(res, '403-197', { format: fmt });
        expect(res.headers['x-egain-session']).toBe(customer.headers['x-egain-session']);
      }
    }
    expect(await readDefinition(t.app, admin, d.id)).toMatchObject({ displayName: d.name });
  });
});

describe('the camel-case segment customAttribute (07 §1.3)', () => {
  it('creates, edits, lists and deletes like customattribute', async () => {
    const name = attribName('alias');
    const res = await call(t.app, admin, 'POST', ALIAS, { body: { ...newBody(), name } });
    const d = ok<{ customAttributeDefinition: Definition[] }>(res, 201).customAttributeDefinition[0]!;
    expect(res.headers.location).toBe(`${URL}/${d.id}`);
    expect(d.link.href).toBe(`${URL}/${d.id}`);
    noContent(await call(t.app, admin, 'PUT', ALIAS, { body: { customAttributeDefinition: [{ id: d.id, displayName: 'Via alias' }] } }));
    expect(ok<{ customAttributeDefinition: Definition[] }>(await call(t.app, admin, 'GET', `${ALIAS}?name=${name}`)).customAttributeDefinition[0]!.displayName).toBe('Via alias');
    noContent(await call(t.app, admin, 'DELETE', `${ALIAS}/${d.id}`));
    expectError(await call(t.app, admin, 'GET', `${URL}/${d.id}`), '404-101', { format: 'json', details: [{ key: 'id', value: d.id }] });
  });
});

describe('methods (07 §2)', () => {
  it('answers 405-100 with Allow for methods the paths do not offer', async () => {
    for (const base of [URL, ALIAS]) {
      const a = await call(t.app, admin, 'PUT', `${base}/1`, { body: {} });
      expectError(a, '405-100', { format: 'json', message: "Method 'PUT' is not allowed for this resource." });
      expect(a.headers.allow).toBe('GET, HEAD, DELETE');
      const b = await call(t.app, admin, 'DELETE', base, { fmt: 'xml' });
      expectError(b, '405-100');
      expect(b.headers.allow).toBe('GET, HEAD, POST, PUT');
      const c = await call(t.app, admin, 'POST', `${base}/1`, { body: newBody() });
      expectError(c, '405-100', { format: 'json' });
      expect(c.headers.allow).toBe('GET, HEAD, DELETE');
      const d = await call(t.app, admin, 'PATCH', base, { body: {} });
      expectError(d, '405-100', { format: 'json' });
    }
  });
});
