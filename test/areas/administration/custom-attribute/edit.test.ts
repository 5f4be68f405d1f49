// Custom attribute definitions (07 §1.4, §13): edit through the real HTTP stack: what may change and how, clearing,
// read-only fields, all or nothing, 404-101, 409-101, the 400-152 rules that need the stored definition, and the
// 409-102 changes the definition or its stored values do not allow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError } from '../../../conformance/support.ts';
import { call, configVersion, noContent, session, type Session } from '../department/support.ts';
import { attribName, createCustomer, createDefinition, readDefinition, storeCustomerValue, URL, type Definition } from './support.ts';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
});
afterAll(async () => t?.close());

const put = (body: unknown) => call(t.app, admin, 'PUT', URL, { body });
const read = (id: string) => readDefinition(t.app, admin, id);
const tier = (extra: Record<string, unknown> = {}) =>
  createDefinition(t.app, admin, {
    enumerated: true,
    values: { allowedValue: [{ value: 'bronze', label: 'Bronze' }, { value: 'silver' }, { value: 'gold', label: 'Gold' }] },
    ...extra,
  });
const refused = (id: string, key: string, value: string) => ({
  format: 'json' as const,
  details: [
    { key: 'id', value: id },
    { key, value },
  ],
  message: `The current state of resource ${id} does not allow this action: stored values do not allow this change.`,
});

describe('edit: what changes (07 §13)', () => {
  it('changes the editable fields, keeps what is not sent, stamps lastModified, bumps config_version and the cache', async () => {
    const d = await tier({ maxLength: 10 });
    const before = await configVersion(t.db);
    noContent(
      await put({
        customAttributeDefinition: [
          {
            id: d.id,
            displayName: 'Loyalty tier',
            maxLength: 20,
            values: { allowedValue: [{ value: 'silver', label: 'Silver' }, { value: 'bronze' }, { value: 'gold', label: 'GOLD' }, { value: 'platinum' }] },
            multiValued: true,
            state: { value: 'inactive' },
          },
        ],
      }),
    );
    const after = await read(d.id);
    expect(after).toMatchObject({
      name: d.name,
      displayName: 'Loyalty tier',
      maxLength: 20,
      enumerated: true,
      values: { allowedValue: [{ value: 'silver', label: 'Silver' }, { value: 'bronze' }, { value: 'gold', label: 'GOLD' }, { value: 'platinum' }] },
      multiValued: true,
      unique: false,
      state: { value: 'inactive', displayValue: 'Inactive' },
    });
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(d.lastModified.date));
    expect(after.created?.date).toBe(d.lastModified.date);
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect((await t.app.attributeDefinitions.of('customer')).get(d.name)).toMatchObject({ state: 'inactive', multiValued: true, maxLength: 20 });

    // Nothing sent but the id: only lastModified moves.
    noContent(await put({ id: d.id }));
    const again = await read(d.id);
    expect({ ...again, lastModified: undefined }).toEqual({ ...after, lastModified: undefined });
    expect(Date.parse(again.lastModified.date)).toBeGreaterThan(Date.parse(after.lastModified.date));
  });

  it('sets and clears the bounds of numbers; cleared displayName and maxLength take their defaults', async () => {
    const n = await createDefinition(t.app, admin, { dataType: { value: 'decimal' }, displayName: 'Amount', minimum: '0' });
    noContent(await put({ id: n.id, minimum: -2.5, maximum: '10.75' }));
    expect(await read(n.id)).toMatchObject({ minimum: '-2.5', maximum: '10.75' });
    noContent(await put({ id: n.id, minimum: null, displayName: '' }));
    const cleared = await read(n.id);
    expect(cleared).toMatchObject({ displayName: n.name, maximum: '10.75' });
    expect(cleared.minimum).toBeUndefined();
    noContent(await call(t.app, admin, 'PUT', URL, { xml: `<customAttributeDefinition id="${n.id}"><maximum/><displayName xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/></customAttributeDefinition>` }));
    expect((await read(n.id)).maximum).toBeUndefined();
    // Clearing what a number does not have is no change.
    noContent(await put({ id: n.id, maxLength: null }));

    const s = await createDefinition(t.app, admin, { displayName: 'Code' });
    noContent(await put({ id: s.id, maxLength: null, displayName: null, minimum: '', maximum: null }));
    expect(await read(s.id)).toMatchObject({ maxLength: 255, displayName: s.name });
  });

  it('ignores the read-only objectType, name, dataType and enumerated (07 §1.4)', async () => {
    const d = await tier();
    noContent(
      await put({ id: d.id, objectType: { value: 'case' }, name: attribName(), dataType: { value: 'integer' }, enumerated: false, link: { href: 'x' }, displayName: 'Tier' }),
    );
    expect(await read(d.id)).toMatchObject({
      objectType: { value: 'customer' },
      name: d.name,
      dataType: { value: 'string' },
      enumerated: true,
      values: d.values,
      displayName: 'Tier',
    });
  });

  it('takes an XML body with several items', async () => {
    const [a, b] = [await tier(), await createDefinition(t.app, admin, { dataType: { value: 'integer' } })];
    const xml = `<customAttributeDefinitions>
  <customAttributeDefinition id="${a.id}"><values><allowedValue><value>gold</value><label>Gold</label></allowedValue><allowedValue><value> bronze </value></allowedValue></values></customAttributeDefinition>
  <customAttributeDefinition><id>${b.id}</id><minimum> 007 </minimum><multiValued>yes</multiValued><lastModified><date>${b.lastModified.date}</date></lastModified></customAttributeDefinition>
</customAttributeDefinitions>`;
    noContent(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml }), 'xml');
    expect((await read(a.id)).values).toEqual({ allowedValue: [{ value: 'gold', label: 'Gold' }, { value: ' bronze ' }] });
    expect(await read(b.id)).toMatchObject({ minimum: '7', multiValued: true });
  });

  it('applies several items for one id in order', async () => {
    const d = await createDefinition(t.app, admin);
    noContent(await put({ customAttributeDefinition: [{ id: d.id, displayName: 'First', maxLength: 300 }, { id: d.id, displayName: 'Second', maxLength: 400 }] }));
    expect(await read(d.id)).toMatchObject({ displayName: 'Second', maxLength: 400 });
  });
});

describe('edit: all or nothing, ids and tokens (07 §1.4, 01 §12)', () => {
  it('answers 404-101 for unknown ids and changes nothing', async () => {
    const d = await createDefinition(t.app, admin);
    expectError(await put({ customAttributeDefinition: [{ id: d.id, displayName: 'x' }, { id: '999999998' }, { id: '999999997' }] }), '404-101', {
      format: 'json',
      details: [{ key: 'id', value: '999999998' }, { key: 'id', value: '999999997' }],
    });
    expect((await read(d.id)).displayName).toBe(d.name);
  });

  it('answers 409-101 for a stale lastModified.date, 400-152 for a malformed one; the right one is accepted', async () => {
    const [a, b] = [await createDefinition(t.app, admin), await createDefinition(t.app, admin)];
    const stale = { customAttributeDefinition: [{ id: a.id, displayName: 'x', lastModified: { date: a.lastModified.date } }, { id: b.id, displayName: 'y', lastModified: { date: '2023-01-01T00:00:00.000Z' } }] };
    expectError(await put(stale), '409-101', { format: 'json', details: [{ key: 'id', value: b.id }] });
    expectError(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml: `<customAttributeDefinition id="${a.id}"><lastModified date="2023-01-01T00:00:00Z"/></customAttributeDefinition>` }), '409-101', {
      details: [{ key: 'id', value: a.id }],
    });
    expectError(await put({ id: a.id, lastModified: { date: 'yesterday' } }), '400-152', {
      format: 'json',
      details: [{ key: 'customAttributeDefinition[0].lastModified.date', value: 'yesterday' }],
    });
    expect((await read(a.id)).displayName).toBe(a.name);
    noContent(await put({ id: a.id, displayName: 'ok', lastModified: { date: a.lastModified.date } }));
    expect((await read(a.id)).displayName).toBe('ok');
  });

  it('stops at an invalid item: the items before it are not changed', async () => {
    const [a, b] = [await createDefinition(t.app, admin), await createDefinition(t.app, admin, { dataType: { value: 'integer' } })];
    expectError(await put({ customAttributeDefinition: [{ id: a.id, displayName: 'changed', maxLength: 500 }, { id: b.id, maxLength: 10 }] }), '400-152', {
      format: 'json',
      details: [{ key: 'customAttributeDefinition[1].maxLength', value: '10' }],
    });
    expect(await read(a.id)).toMatchObject({ displayName: a.name, maxLength: 255 });
  });

  it('refuses more than 75 items (400-160), none (400-153), an item without id (400-153)', async () => {
    const items = Array.from({ length: 76 }, (_, i) => ({ id: String(i + 1) }));
    expectError(await put({ customAttributeDefinition: items }), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    expectError(await put({ customAttributeDefinition: [] }), '400-153', { format: 'json', details: [{ key: 'customAttributeDefinition', value: '' }] });
    expectError(await put({ displayName: 'x' }), '400-153', { format: 'json', details: [{ key: 'customAttributeDefinition[0].id', value: '' }] });
    expectError(await put({ id: 'x1' }), '400-152', { format: 'json', details: [{ key: 'customAttributeDefinition[0].id', value: 'x1' }] });
  });
});

describe('edit: body rules (07 §13)', () => {
  let str: Definition;
  let int: Definition;
  let enumStr: Definition;
  beforeAll(async () => {
    str = await createDefinition(t.app, admin, { maxLength: 5 });
    int = await createDefinition(t.app, admin, { dataType: { value: 'integer' }, minimum: '1', maximum: '10' });
    enumStr = await tier({ maxLength: 6 });
  });

  it.each([
    ['str', { maxLength: 0 }, 'maxLength', '0'],
    ['str', { maxLength: 4001 }, 'maxLength', '4001'],
    ['str', { minimum: '1' }, 'minimum', '1'],
    ['str', { maximum: '1' }, 'maximum', '1'],
    ['str', { values: { allowedValue: [{ value: 'a' }] } }, 'values', ''],
    ['str', { displayName: 'd'.repeat(256) }, 'displayName', 'd'.repeat(255)],
    ['str', { state: null }, 'state', ''],
    ['str', { state: { value: '' } }, 'state.value', ''],
    ['str', { state: {} }, 'state', ''],
    ['str', { state: { value: 'deleted' } }, 'state.value', 'deleted'],
    ['str', { multiValued: null }, 'multiValued', ''],
    ['str', { unique: null }, 'unique', ''],
    ['str', { unique: 'perhaps' }, 'unique', 'perhaps'],
    ['int', { maxLength: 100 }, 'maxLength', '100'],
    ['int', { minimum: 'low' }, 'minimum', 'low'],
    ['int', { minimum: '11' }, 'minimum', '11'],
    ['int', { maximum: '0' }, 'maximum', '0'],
    ['int', { minimum: '5', maximum: '4' }, 'maximum', '4'],
    ['enumStr', { values: null }, 'values', ''],
    ['enumStr', { values: { allowedValue: [] } }, 'values', ''],
    ['enumStr', { values: {} }, 'values', ''],
    ['enumStr', { values: { allowedValue: [{ value: 'gold' }, { value: 'GOLD' }] } }, 'values.allowedValue[1].value', 'GOLD'],
    ['enumStr', { values: { allowedValue: [{ value: 'gold' }, { value: 'platinum' }] } }, 'values.allowedValue[1].value', 'platinum'],
    ['enumStr', { values: { allowedValue: [{ value: '' }] } }, 'values.allowedValue[0].value', ''],
  ] as const)('refuses %s with %j on %s', async (which, change, key, value) => {
    const d = { str, int, enumStr }[which];
    const code = key === 'values.allowedValue[0].value' && value === '' ? '400-153' : '400-152';
    expectError(await put({ customAttributeDefinition: [{ id: d.id, displayName: 'changed', ...change }] }), code, {
      format: 'json',
      details: [{ key: `customAttributeDefinition[0].${key}`, value }],
    });
    expect(await read(d.id)).toEqual({ ...d, created: d.lastModified });
  });

  it('checks the allowed values against new bounds', async () => {
    const d = await createDefinition(t.app, admin, { dataType: { value: 'integer' }, enumerated: true, values: { allowedValue: [{ value: '1' }, { value: '5' }] } });
    expectError(await put({ id: d.id, maximum: '4' }), '400-152', { format: 'json', details: [{ key: 'customAttributeDefinition[0].maximum', value: '4' }] });
    expectError(await put({ id: d.id, minimum: '02' }), '400-152', { format: 'json', details: [{ key: 'customAttributeDefinition[0].minimum', value: '02' }] });
    expectError(await put({ id: d.id, minimum: '2', values: { allowedValue: [{ value: ' 1 ' }, { value: '5' }] } }), '400-152', {
      format: 'json',
      details: [{ key: 'customAttributeDefinition[0].values.allowedValue[0].value', value: ' 1 ' }],
    });
    noContent(await put({ id: d.id, minimum: '2', values: { allowedValue: [{ value: '2' }, { value: '5' }] } }));
    expect(await read(d.id)).toMatchObject({ minimum: '2', values: { allowedValue: [{ value: '2' }, { value: '5' }] } });
  });
});

describe('edit: changes the definition does not allow (409-102)', () => {
  it('refuses lowering maxLength (also by clearing it), allows raising it', async () => {
    const d = await createDefinition(t.app, admin, { maxLength: 300 });
    expectError(await put({ id: d.id, maxLength: 299 }), '409-102', refused(d.id, 'maxLength', '299'));
    expectError(await put({ id: d.id, maxLength: null }), '409-102', refused(d.id, 'maxLength', '255'));
    expectError(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', lang: 'es-ES', body: { id: d.id, maxLength: 1 } }), '409-102', {
      lang: 'es-ES',
      message: `El estado actual del recurso ${d.id} no permite esta acción: los valores almacenados no permiten este cambio.`,
    });
    noContent(await put({ id: d.id, maxLength: 300 }));
    noContent(await put({ id: d.id, maxLength: 4000 }));
    expect((await read(d.id)).maxLength).toBe(4000);
  });

  it('allows multiValued only from false to true, unique only from true to false', async () => {
    const d = await createDefinition(t.app, admin, { multiValued: true });
    expectError(await put({ id: d.id, multiValued: false }), '409-102', refused(d.id, 'multiValued', 'false'));
    expectError(await put({ id: d.id, unique: true }), '409-102', refused(d.id, 'unique', 'true'));
    noContent(await put({ id: d.id, multiValued: true, unique: false }));
    const u = await createDefinition(t.app, admin, { unique: true });
    noContent(await put({ id: u.id, unique: 'no', multiValued: 'yes' }));
    expect(await read(u.id)).toMatchObject({ unique: false, multiValued: true });
    expectError(await put({ id: u.id, unique: true }), '409-102', refused(u.id, 'unique', 'true'));
  });

  it('reports 409-102 before 409-101 and changes nothing in the batch', async () => {
    const [a, b] = [await createDefinition(t.app, admin), await createDefinition(t.app, admin, { multiValued: true })];
    const body = { customAttributeDefinition: [{ id: a.id, displayName: 'x', lastModified: { date: '2023-01-01T00:00:00.000Z' } }, { id: b.id, multiValued: false }] };
    expectError(await put(body), '409-102', refused(b.id, 'multiValued', 'false'));
    expect((await read(a.id)).displayName).toBe(a.name);
  });

  it('refuses removing (or respelling) an allowed value still stored; values not stored may go', async () => {
    const d = await tier();
    const customer = await createCustomer(t.db);
    await storeCustomerValue(t.db, customer, d.id, 'gold');
    expectError(await put({ id: d.id, values: { allowedValue: [{ value: 'bronze' }, { value: 'silver' }] } }), '409-102', refused(d.id, 'values', 'gold'));
    expectError(await put({ id: d.id, values: { allowedValue: [{ value: 'Gold' }] } }), '409-102', refused(d.id, 'values', 'gold'));
    expect((await read(d.id)).values).toEqual(d.values);
    // Keeping gold (with a new label) while removing the others is fine.
    noContent(await put({ id: d.id, values: { allowedValue: [{ value: 'platinum' }, { value: 'gold', label: 'Or' }] } }));
    expect((await read(d.id)).values).toEqual({ allowedValue: [{ value: 'platinum' }, { value: 'gold', label: 'Or' }] });
  });

  it('compares stored numbers by their normalised key', async () => {
    const d = await createDefinition(t.app, admin, { dataType: { value: 'decimal' }, enumerated: true, values: { allowedValue: [{ value: '1.5' }, { value: '2.25' }] } });
    await storeCustomerValue(t.db, await createCustomer(t.db), d.id, '1.5', { key: '1.5' });
    noContent(await put({ id: d.id, values: { allowedValue: [{ value: '1.50' }, { value: '3' }] } }));
    expect((await read(d.id)).values).toEqual({ allowedValue: [{ value: '1.50' }, { value: '3' }] });
    expectError(await put({ id: d.id, values: { allowedValue: [{ value: '3' }] } }), '409-102', refused(d.id, 'values', '1.50'));
  });

  it('lets a case or activity definition lose values (no stored values of those types yet)', async () => {
    const d = await tier({ objectType: { value: 'case' } });
    noContent(await put({ id: d.id, values: { allowedValue: [{ value: 'other' }] } }));
    expect((await read(d.id)).values).toEqual({ allowedValue: [{ value: 'other' }] });
  });

  it('takes stored values out of the unique index when unique becomes false, in the same transaction', async () => {
    const d = await createDefinition(t.app, admin, { unique: true });
    const other = await createDefinition(t.app, admin, { unique: true });
    const [c1, c2] = [await createCustomer(t.db), await createCustomer(t.db)];
    await storeCustomerValue(t.db, c1, d.id, 'A-1', { isUnique: true });
    await storeCustomerValue(t.db, c2, other.id, 'A-1', { isUnique: true });
    const flags = async (definitionId: string) =>
      (await t.db.prisma.customerAttributeValue.findMany({ where: { definitionId: BigInt(definitionId) } })).map((r) => r.isUnique);
    noContent(await put({ id: d.id, unique: false }));
    expect(await flags(d.id)).toEqual([false]);
    expect(await flags(other.id)).toEqual([true]);
    // Now another customer may hold the same value (the partial unique index no longer covers it).
    await storeCustomerValue(t.db, c2, d.id, 'A-1');
    expect(await flags(d.id)).toEqual([false, false]);
    // A failed edit leaves the flags as they were.
    expectError(await put({ customAttributeDefinition: [{ id: other.id, unique: false }, { id: d.id, unique: true }] }), '409-102', refused(d.id, 'unique', 'true'));
    expect(await flags(other.id)).toEqual([true]);
  });
});
