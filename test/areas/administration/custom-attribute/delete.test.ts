// Custom attribute definitions (07 §1.4, §13): delete through the real HTTP stack, all or nothing; a definition with
// stored values is refused (409-102) naming the holders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError } from '../../../conformance/support.ts';
import { call, configVersion, noContent, session, type Session } from '../department/support.ts';
import { createCustomer, createDefinition, storeCustomerValue, URL } from './support.ts';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
});
afterAll(async () => t?.close());

const exists = async (id: string) => (await t.db.prisma.customAttributeDefinition.count({ where: { id: BigInt(id) } })) === 1;

describe('delete (07 §1.4, §13)', () => {
  it('deletes the definitions (JSON and XML callers), bumps config_version and drops them from the cache', async () => {
    const [a, b, c] = [await createDefinition(t.app, admin), await createDefinition(t.app, admin, { objectType: { value: 'case' } }), await createDefinition(t.app, admin)];
    expect((await t.app.attributeDefinitions.of('customer')).has(a.name)).toBe(true);
    const before = await configVersion(t.db);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${a.id}%2C${b.id},${a.id}`));
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect([await exists(a.id), await exists(b.id), await exists(c.id)]).toEqual([false, false, true]);
    expect((await t.app.attributeDefinitions.of('customer')).has(a.name)).toBe(false);
    expect((await t.app.attributeDefinitions.of('case')).has(b.name)).toBe(false);
    expectError(await call(t.app, admin, 'GET', `${URL}/${a.id}`), '404-101', { format: 'json', details: [{ key: 'id', value: a.id }] });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${c.id}`, { fmt: 'xml' }), 'xml');
    expect(await exists(c.id)).toBe(false);
    // The name is free again.
    const again = await createDefinition(t.app, admin, { name: a.name });
    expect(again.id).not.toBe(a.id);
  });

  it('answers 404-101 naming each missing id and deletes nothing', async () => {
    const d = await createDefinition(t.app, admin);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/999999996,${d.id},999999995`, { fmt: 'xml' }), '404-101', {
      details: [{ key: 'id', value: '999999996' }, { key: 'id', value: '999999995' }],
    });
    expect(await exists(d.id)).toBe(true);
  });

  it('refuses bad id lists (400-102) and more than 75 ids (400-160)', async () => {
    expectError(await call(t.app, admin, 'DELETE', `${URL}/x`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'x' }] });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/0`), '400-102', { format: 'json', details: [{ key: 'ids', value: '0' }] });
    const many = Array.from({ length: 76 }, (_, i) => i + 1).join(',');
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${many}`), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
  });

  it('refuses a definition with stored values (409-102): the blocked ids, then the customers holding values', async () => {
    const [held, free] = [await createDefinition(t.app, admin, { multiValued: true }), await createDefinition(t.app, admin)];
    const [c1, c2] = [await createCustomer(t.db), await createCustomer(t.db)];
    await storeCustomerValue(t.db, c2, held.id, 'x', { position: 0 });
    await storeCustomerValue(t.db, c2, held.id, 'y', { position: 1 });
    await storeCustomerValue(t.db, c1, held.id, 'z');
    const before = await configVersion(t.db);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${free.id},${held.id}`), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: held.id },
        { key: 'customer', value: String(c1 < c2 ? c1 : c2) },
        { key: 'customer', value: String(c1 < c2 ? c2 : c1) },
      ],
      message: `The current state of resource ${held.id} does not allow this action: the resource is still in use.`,
    });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${held.id}`, { fmt: 'xml', lang: 'es-ES' }), '409-102', {
      lang: 'es-ES',
      message: `El estado actual del recurso ${held.id} no permite esta acción: el recurso todavía está en uso.`,
    });
    expect([await exists(held.id), await exists(free.id)]).toEqual([true, true]);
    expect(await configVersion(t.db)).toBe(before);

    // Once the values are gone, the definition may go.
    await t.db.prisma.customerAttributeValue.deleteMany({ where: { definitionId: BigInt(held.id) } });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${free.id},${held.id}`));
    expect([await exists(held.id), await exists(free.id)]).toEqual([false, false]);
  });

  it('names at most ten holders', async () => {
    const d = await createDefinition(t.app, admin);
    const customers: bigint[] = [];
    for (let i = 0; i < 12; i++) {
      const c = await createCustomer(t.db);
      customers.push(c);
      await storeCustomerValue(t.db, c, d.id, `v${i}`);
    }
    const err = expectError(await call(t.app, admin, 'DELETE', `${URL}/${d.id}`), '409-102', { format: 'json' });
    expect(err.details).toEqual([{ key: 'id', value: d.id }, ...customers.slice(0, 10).map((c) => ({ key: 'customer', value: String(c) }))]);
  });
});
