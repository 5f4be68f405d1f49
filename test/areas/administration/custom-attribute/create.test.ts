// Custom attribute definitions (07 §13): create through the real HTTP stack, JSON and XML, defaults, every body rule,
// name uniqueness, and the AttributeDefinitions cache the interaction areas read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { call, configVersion, noContent, ok, PLATFORM, session, xmlOf, type Session } from '../department/support.ts';
import { attribName, CA, createDefinition, URL, userOf, type Definition } from './support.ts';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
});
afterAll(async () => t?.close());

/** The JSON example of 07 §13, verbatim. */
const jsonExample = {
  customAttributeDefinition: [
    {
      id: '4001',
      link: { rel: 'self', href: '/system/ws/v12/administration/customattribute/4001' },
      objectType: { value: 'customer', displayValue: 'Customer' },
      name: 'loyalty_tier',
      displayName: 'Loyalty tier',
      dataType: { value: 'string', displayValue: 'Text' },
      maxLength: 255,
      enumerated: true,
      values: {
        allowedValue: [
          { value: 'bronze', label: 'Bronze' },
          { value: 'silver', label: 'Silver' },
          { value: 'gold', label: 'Gold' },
          { value: 'platinum', label: 'Platinum' },
        ],
      },
      multiValued: false,
      unique: false,
      state: { value: 'active', displayValue: 'Active' },
      lastModified: { date: '2023-01-01T00:00:00.000Z' },
    },
  ],
};

/** The XML example of 07 §13, verbatim. */
const xmlExample = `<customAttributeDefinitions xmlns="http://bindings.egain.com/ws/model/v12/gen/administration/customattribute"
                            xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common">
  <customAttributeDefinition id="4001">
    <link rel="self" href="/system/ws/v12/administration/customattribute/4001"/>
    <objectType><ns2:value>customer</ns2:value><ns2:displayValue>Customer</ns2:displayValue></objectType>
    <name>loyalty_tier</name>
    <displayName>Loyalty tier</displayName>
    <dataType><ns2:value>string</ns2:value><ns2:displayValue>Text</ns2:displayValue></dataType>
    <maxLength>255</maxLength>
    <enumerated>true</enumerated>
    <values>
      <allowedValue><value>bronze</value><label>Bronze</label></allowedValue>
      <allowedValue><value>gold</value><label>Gold</label></allowedValue>
    </values>
    <multiValued>false</multiValued>
    <unique>false</unique>
    <state><ns2:value>active</ns2:value><ns2:displayValue>Active</ns2:displayValue></state>
    <lastModified date="2023-01-01T00:00:00.000Z"/>
  </customAttributeDefinition>
</customAttributeDefinitions>`;

/** The create body example of 07 §13, verbatim. */
const createExample = { objectType: { value: 'activity' }, name: 'customer_rating', dataType: { value: 'integer' }, minimum: '1', maximum: '5' };

/**
 * The examples with their attribName made unique: other test files sharing the worker database (PostgreSQL) may
 * define `loyalty_tier` or `customer_rating` themselves. Nothing else of the examples changes.
 */
const renamed = <T>(example: T, name: string, from = 'loyalty_tier'): T =>
  (typeof example === 'string' ? example.replaceAll(from, name) : JSON.parse(JSON.stringify(example).replaceAll(from, name))) as T;

const userXml = (s: Session) =>
  `<ns2:user id="${s.name.id}"><p:name>${s.name.name}</p:name><p:firstName>${s.name.firstName}</p:firstName><p:lastName>${s.name.lastName}</p:lastName></ns2:user>`;

describe('create: the examples of 07 §13', () => {
  it('takes the JSON example as a body (read-only fields ignored) and answers it, 201 with Location', async () => {
    const name = attribName('loyalty_tier');
    const example = renamed(jsonExample, name);
    const before = await configVersion(t.db);
    const res = await call(t.app, admin, 'POST', URL, { body: example });
    const created = ok<{ customAttributeDefinition: Definition[] }>(res, 201);
    const id = created.customAttributeDefinition[0]!.id;
    expect(res.headers.location).toBe(`${URL}/${id}`);
    const item = example.customAttributeDefinition[0]!;
    const date = created.customAttributeDefinition[0]!.lastModified.date;
    expect(Date.now() - Date.parse(date)).toBeLessThan(60_000);
    expect(created).toEqual({
      customAttributeDefinition: [{ ...item, id, link: { rel: 'self', href: `${URL}/${id}` }, lastModified: { date, user: userOf(admin) } }],
    });
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    // The stored row holds what the example says, maxLength included.
    const row = await t.db.prisma.customAttributeDefinition.findUniqueOrThrow({ where: { id: BigInt(id) } });
    expect(row).toMatchObject({ objectType: 'customer', name, dataType: 'string', maxLength: 255, enumerated: true, multiValued: false, unique: false, state: 'active' });
    expect(row.allowedValues).toEqual(item.values.allowedValue);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${id}`));
  });

  it('takes the XML example as a body and answers it in XML, every element in the resource namespace (07 §1.3)', async () => {
    const example = renamed(xmlExample, attribName('loyalty_tier'));
    const res = await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: example });
    const root = xmlOf(res, 201);
    const id = root.children[0]!.attrs.id!;
    expect(res.headers.location).toBe(`${URL}/${id}`);
    const date = root.children[0]!.children.find((c) => c.name === `{${CA}}lastModified`)!.attrs.date!;
    const expected = example
      .replace('xmlns:ns2=', `xmlns:p="${PLATFORM}" xmlns:ns2=`)
      .replace('id="4001"', `id="${id}"`)
      .replace('customattribute/4001', `customattribute/${id}`)
      .replace('<lastModified date="2023-01-01T00:00:00.000Z"/>', `<lastModified date="${date}">${userXml(admin)}</lastModified>`);
    expect(root).toEqual(canonicalXml(expected));
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${id}`));
  });

  it('takes the create body example: an integer activity attribute with bounds, the defaults filled in', async () => {
    const name = attribName('customer_rating');
    const res = await call(t.app, admin, 'POST', `${URL}?$attribute=created`, { body: renamed(createExample, name, 'customer_rating') });
    const d = ok<{ customAttributeDefinition: Definition[] }>(res, 201).customAttributeDefinition[0]!;
    const stamp = { date: d.lastModified.date, user: userOf(admin) };
    expect(d).toEqual({
      id: d.id,
      link: { rel: 'self', href: `${URL}/${d.id}` },
      objectType: { value: 'activity', displayValue: 'Activity' },
      name,
      displayName: name,
      dataType: { value: 'integer', displayValue: 'Integer' },
      minimum: '1',
      maximum: '5',
      enumerated: false,
      multiValued: false,
      unique: false,
      state: { value: 'active', displayValue: 'Active' },
      lastModified: stamp,
      created: stamp,
    });
    const row = await t.db.prisma.customAttributeDefinition.findUniqueOrThrow({ where: { id: BigInt(d.id) } });
    expect(row).toMatchObject({ maxLength: null, allowedValues: null, minimum: '1', maximum: '5' });
  });
});

describe('create: defaults and normalisation (07 §13)', () => {
  it('stores and returns maxLength 255 for strings, displayName = name, enumerated/multiValued/unique false, state active', async () => {
    const name = attribName();
    const d = await createDefinition(t.app, admin, { name, displayName: '' });
    expect(d).toMatchObject({ name, displayName: name, maxLength: 255, enumerated: false, multiValued: false, unique: false, state: { value: 'active' } });
    expect(d.values).toBeUndefined();
    expect((await t.db.prisma.customAttributeDefinition.findUniqueOrThrow({ where: { id: BigInt(d.id) } })).maxLength).toBe(255);
  });

  it('takes every optional field, JSON null as absent, and the lenient scalar forms (01 §3.2)', async () => {
    const d = await createDefinition(t.app, admin, {
      objectType: { value: 'CASE' },
      dataType: { value: 'Decimal' },
      displayName: 'Amount',
      minimum: -1.5,
      maximum: '1000.250',
      enumerated: 'no',
      multiValued: 'YES',
      unique: true,
      state: { value: 'Inactive' },
      maxLength: null,
      values: null,
    });
    expect(d).toMatchObject({
      objectType: { value: 'case', displayValue: 'Case' },
      dataType: { value: 'decimal', displayValue: 'Decimal' },
      displayName: 'Amount',
      minimum: '-1.5',
      maximum: '1000.250',
      enumerated: false,
      multiValued: true,
      unique: true,
      state: { value: 'inactive', displayValue: 'Inactive' },
    });
    expect(d.maxLength).toBeUndefined();
  });

  it('stores allowed values in their normalised spelling; labels are optional', async () => {
    const ints = await createDefinition(t.app, admin, { dataType: { value: 'integer' }, enumerated: true, values: { allowedValue: [{ value: '007', label: 'Seven' }, { value: ' -3 ' }, { value: 12 }] } });
    expect(ints.values).toEqual({ allowedValue: [{ value: '7', label: 'Seven' }, { value: '-3' }, { value: '12' }] });
    const flags = await createDefinition(t.app, admin, { dataType: { value: 'boolean' }, enumerated: true, values: { allowedValue: [{ value: 'YES', label: '' }, { value: 'false', label: null }] } });
    expect(flags.values).toEqual({ allowedValue: [{ value: 'true' }, { value: 'false' }] });
    const dates = await createDefinition(t.app, admin, { dataType: { value: 'date' }, enumerated: true, values: { allowedValue: { value: '2024-02-29', label: 'Leap day' } } });
    expect(dates.values).toEqual({ allowedValue: [{ value: '2024-02-29', label: 'Leap day' }] });
  });

  it('takes one allowed value as a single XML element, and a 64-character name', async () => {
    const name = `N${'a'.repeat(63)}`;
    const xml = `<customAttributeDefinition xmlns="${CA}"><objectType><value>customer</value></objectType><name>${name}</name>
      <dataType><value>string</value></dataType><maxLength> 40 </maxLength><enumerated> TRUE </enumerated>
      <values><allowedValue><value>only</value></allowedValue></values></customAttributeDefinition>`;
    const d = ok<{ customAttributeDefinition: Definition[] }>(await call(t.app, admin, 'POST', URL, { xml }), 201).customAttributeDefinition[0]!;
    expect(d).toMatchObject({ name, maxLength: 40, enumerated: true, values: { allowedValue: [{ value: 'only' }] } });
  });

  it('reads the wrapper forms of 01 §3.2; a wrapper with two items is 400-152', async () => {
    const one = { objectType: { value: 'customer' }, dataType: { value: 'string' } };
    const a = await call(t.app, admin, 'POST', URL, { body: { customAttributeDefinition: [{ ...one, name: attribName() }] } });
    expect(ok<{ customAttributeDefinition: Definition[] }>(a, 201).customAttributeDefinition).toHaveLength(1);
    const b = await call(t.app, admin, 'POST', URL, { body: { customAttributeDefinition: { ...one, name: attribName() } } });
    expect(ok<{ customAttributeDefinition: Definition[] }>(b, 201).customAttributeDefinition).toHaveLength(1);
    const name = attribName();
    expectError(await call(t.app, admin, 'POST', URL, { body: { customAttributeDefinition: [{ ...one, name }, { ...one, name: attribName() }] } }), '400-152', {
      format: 'json',
      details: [{ key: 'customAttributeDefinition', value: '' }],
    });
    expect(await t.db.prisma.customAttributeDefinition.count({ where: { name } })).toBe(0);
  });

  it('answers the es-ES display values (01 §17)', async () => {
    const res = await call(t.app, admin, 'POST', URL, { lang: 'es-ES', body: { objectType: { value: 'activity' }, name: attribName(), dataType: { value: 'boolean' } } });
    const d = ok<{ customAttributeDefinition: Definition[] }>(res, 201).customAttributeDefinition[0]!;
    expect(res.headers['content-language']).toBe('es-ES');
    expect([d.objectType, d.dataType, d.state]).toEqual([
      { value: 'activity', displayValue: 'Actividad' },
      { value: 'boolean', displayValue: 'Sí-no' },
      { value: 'active', displayValue: 'Activo' },
    ]);
  });
});

describe('create: the cache of definitions (07 §1.1)', () => {
  it('is refreshed at once: a new customer definition is known to the interaction areas', async () => {
    const name = attribName('cache');
    expect((await t.app.attributeDefinitions.of('customer')).has(name)).toBe(false);
    const d = await createDefinition(t.app, admin, { name, dataType: { value: 'integer' }, minimum: '0', multiValued: true });
    const cached = (await t.app.attributeDefinitions.of('customer')).get(name);
    expect(cached).toMatchObject({ id: BigInt(d.id), objectType: 'customer', name, dataType: 'integer', minimum: '0', maximum: null, multiValued: true, state: 'active' });
    expect((await t.app.attributeDefinitions.of('case')).has(name)).toBe(false);
    expect((await t.app.attributeDefinitions.definedNames('customer', [name, 'nope'])).has(name)).toBe(true);
  });
});

describe('create: body rules (07 §13, 01 §3.2)', () => {
  const base = () => ({ objectType: { value: 'customer' }, name: attribName(), dataType: { value: 'string' } });
  const enumerated = (dataType: string, values: unknown[], extra: Record<string, unknown> = {}) => ({
    dataType: { value: dataType },
    enumerated: true,
    values: { allowedValue: values },
    ...extra,
  });

  it.each([
    // required (400-153)
    [{ objectType: undefined }, '400-153', 'objectType', ''],
    [{ name: undefined }, '400-153', 'name', ''],
    [{ name: '' }, '400-153', 'name', ''],
    [{ name: null }, '400-153', 'name', ''],
    [{ dataType: undefined }, '400-153', 'dataType', ''],
    [{ dataType: {} }, '400-153', 'dataType.value', ''],
    [{ enumerated: true }, '400-153', 'values', ''],
    [{ enumerated: true, values: { allowedValue: [] } }, '400-153', 'values', ''],
    [enumerated('string', [{ value: '' }]), '400-153', 'values.allowedValue[0].value', ''],
    [enumerated('string', [{ label: 'No value' }]), '400-153', 'values.allowedValue[0].value', ''],
    // invalid (400-152)
    [{ objectType: { value: 'ticket' } }, '400-152', 'objectType.value', 'ticket'],
    [{ objectType: { value: '' } }, '400-152', 'objectType.value', ''],
    [{ objectType: 'customer' }, '400-152', 'objectType', 'customer'],
    [{ dataType: { value: 'text' } }, '400-152', 'dataType.value', 'text'],
    [{ name: '1abc' }, '400-152', 'name', '1abc'],
    [{ name: 'loyalty-tier' }, '400-152', 'name', 'loyalty-tier'],
    [{ name: '_tier' }, '400-152', 'name', '_tier'],
    [{ name: `a${'b'.repeat(64)}` }, '400-152', 'name', `a${'b'.repeat(64)}`],
    [{ displayName: 'd'.repeat(256) }, '400-152', 'displayName', 'd'.repeat(255)],
    [{ maxLength: 0 }, '400-152', 'maxLength', '0'],
    [{ maxLength: 4001 }, '400-152', 'maxLength', '4001'],
    [{ maxLength: 'long' }, '400-152', 'maxLength', 'long'],
    [{ dataType: { value: 'integer' }, maxLength: 10 }, '400-152', 'maxLength', '10'],
    [{ dataType: { value: 'date' }, maxLength: 10 }, '400-152', 'maxLength', '10'],
    [{ minimum: '1' }, '400-152', 'minimum', '1'],
    [{ dataType: { value: 'boolean' }, maximum: '1' }, '400-152', 'maximum', '1'],
    [{ dataType: { value: 'integer' }, minimum: 'one' }, '400-152', 'minimum', 'one'],
    [{ dataType: { value: 'integer' }, minimum: '1.5' }, '400-152', 'minimum', '1.5'],
    [{ dataType: { value: 'integer' }, maximum: '9223372036854775808' }, '400-152', 'maximum', '9223372036854775808'],
    [{ dataType: { value: 'decimal' }, minimum: '1.' }, '400-152', 'minimum', '1.'],
    [{ dataType: { value: 'decimal' }, minimum: '2', maximum: '1.99' }, '400-152', 'maximum', '1.99'],
    [{ dataType: { value: 'integer' }, minimum: '10', maximum: '9' }, '400-152', 'maximum', '9'],
    [{ enumerated: 'maybe' }, '400-152', 'enumerated', 'maybe'],
    [{ multiValued: 2 }, '400-152', 'multiValued', '2'],
    [{ unique: 'sometimes' }, '400-152', 'unique', 'sometimes'],
    [{ state: { value: 'deleted' } }, '400-152', 'state.value', 'deleted'],
    [{ values: { allowedValue: [{ value: 'a' }] } }, '400-152', 'values', ''],
    [{ enumerated: false, values: { allowedValue: [{ value: 'a' }] } }, '400-152', 'values', ''],
    [{ values: 'a,b' }, '400-152', 'values', 'a,b'],
    [enumerated('string', [{ value: 'v'.repeat(256) }]), '400-152', 'values.allowedValue[0].value', 'v'.repeat(255)],
    [enumerated('string', [{ value: 'Gold' }, { value: 'gold' }]), '400-152', 'values.allowedValue[1].value', 'gold'],
    [enumerated('string', [{ value: 'abcd' }], { maxLength: 3 }), '400-152', 'values.allowedValue[0].value', 'abcd'],
    [enumerated('integer', [{ value: '1' }, { value: 'x' }]), '400-152', 'values.allowedValue[1].value', 'x'],
    [enumerated('integer', [{ value: '1' }, { value: '01' }]), '400-152', 'values.allowedValue[1].value', '01'],
    [enumerated('integer', [{ value: '1' }, { value: '6' }], { minimum: '1', maximum: '5' }), '400-152', 'values.allowedValue[1].value', '6'],
    [enumerated('decimal', [{ value: '1.5' }, { value: '1.50' }]), '400-152', 'values.allowedValue[1].value', '1.50'],
    [enumerated('date', [{ value: '2023-02-29' }]), '400-152', 'values.allowedValue[0].value', '2023-02-29'],
    [enumerated('boolean', [{ value: 'true' }, { value: 'yes' }]), '400-152', 'values.allowedValue[1].value', 'yes'],
    [enumerated('boolean', [{ value: 'maybe' }]), '400-152', 'values.allowedValue[0].value', 'maybe'],
    [enumerated('string', [{ value: 'a', label: 'l'.repeat(256) }]), '400-152', 'values.allowedValue[0].label', 'l'.repeat(255)],
  ])('refuses body #%# with %s on %s', async (change, code, key, value) => {
    const body: Record<string, unknown> = { ...base(), ...change };
    for (const k of Object.keys(change)) if ((change as Record<string, unknown>)[k] === undefined) delete body[k];
    expectError(await call(t.app, admin, 'POST', URL, { body }), code, { format: 'json', details: [{ key, value }] });
    if (typeof body.name === 'string') expect(await t.db.prisma.customAttributeDefinition.count({ where: { name: body.name } })).toBe(0);
  });

  it('answers the same errors to XML bodies, in XML', async () => {
    const xml = (inner: string) => `<customAttributeDefinition><objectType><value>customer</value></objectType><dataType><value>integer</value></dataType>${inner}</customAttributeDefinition>`;
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: xml('') }), '400-153', { details: [{ key: 'name', value: '' }] });
    const name = attribName();
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: xml(`<name>${name}</name><maxLength>9</maxLength>`) }), '400-152', { details: [{ key: 'maxLength', value: '9' }] });
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: xml(`<name>${name}</name><enumerated>true</enumerated><values/>`) }), '400-153', {
      details: [{ key: 'values', value: '' }],
    });
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: `<customAttributeDefinition><name>${name}</name>` }), '400-150');
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: `<!DOCTYPE x><customAttributeDefinition/>` }), '400-150');
    const empty = await t.app.inject({ method: 'POST', url: URL, headers: { ...admin.headers, accept: 'application/json', 'content-type': 'application/json' }, payload: '' });
    expectError(empty, '400-150', { format: 'json' });
    expect(await t.db.prisma.customAttributeDefinition.count({ where: { name } })).toBe(0);
  });

  it('reads an empty XML element as absent: bounds and maxLength take their defaults', async () => {
    const name = attribName();
    const xml = `<customAttributeDefinition><objectType><value>customer</value></objectType><name>${name}</name><dataType><value>string</value></dataType>
      <maxLength/><minimum/><displayName/><values/></customAttributeDefinition>`;
    const d = ok<{ customAttributeDefinition: Definition[] }>(await call(t.app, admin, 'POST', URL, { xml }), 201).customAttributeDefinition[0]!;
    expect(d).toMatchObject({ name, displayName: name, maxLength: 255 });
    expect(d.minimum).toBeUndefined();
  });
});

describe('create: name uniqueness (07 §13)', () => {
  it('refuses a name already used for the object type (409-102), case-sensitively; other object types may reuse it', async () => {
    const first = await createDefinition(t.app, admin);
    const res = await call(t.app, admin, 'POST', URL, { body: { objectType: { value: 'customer' }, name: first.name, dataType: { value: 'integer' } } });
    expectError(res, '409-102', {
      format: 'json',
      details: [{ key: 'name', value: first.name }],
      message: `The current state of resource ${first.id} does not allow this action: the value of 'name' is already in use.`,
    });
    const es = await call(t.app, admin, 'POST', URL, { fmt: 'xml', lang: 'es-ES', body: { objectType: { value: 'customer' }, name: first.name, dataType: { value: 'string' } } });
    expectError(es, '409-102', { lang: 'es-ES', details: [{ key: 'name', value: first.name }] });
    expect(await t.db.prisma.customAttributeDefinition.count({ where: { name: first.name } })).toBe(1);

    const upper = await createDefinition(t.app, admin, { name: first.name.toUpperCase() });
    expect(upper.name).toBe(first.name.toUpperCase());
    const onCase = await createDefinition(t.app, admin, { objectType: { value: 'case' }, name: first.name });
    const onActivity = await createDefinition(t.app, admin, { objectType: { value: 'activity' }, name: first.name });
    expect(new Set([first.id, upper.id, onCase.id, onActivity.id]).size).toBe(4);
  });
});
