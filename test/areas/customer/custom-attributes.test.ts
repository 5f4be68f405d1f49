// Custom attributes of customers: writing on create and edit, reading (03 §2.7, 01 §5.6).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { canonicalXml } from '../../helpers/xml-canonical.ts';
import { expectError, FORMATS } from '../../conformance/support.ts';
import {
  attr,
  call,
  childrenNamed,
  corporate,
  created,
  createCustomer,
  CUSTOMER,
  customAttributes,
  defineAttribute,
  editCustomer,
  NS,
  readCustomer,
  setDefinitionState,
  specDefinitions,
  staff,
  uniq,
  xmlOf,
  type CustomAttribute,
  type Definition,
  type Staff,
} from './support.ts';

let t: TestApp;
let agent: Staff;

beforeAll(async () => {
  t = await getTestApp();
  await specDefinitions(t);
  agent = await staff(t, ['agent']);
});
afterAll(async () => t?.close());

const post = (...list: CustomAttribute[]) => call(t.app, agent, 'POST', CUSTOMER, { body: corporate(undefined, customAttributes(...list)) });
const put = (id: string, ...list: CustomAttribute[]) => call(t.app, agent, 'PUT', CUSTOMER, { body: { id, ...customAttributes(...list) } });
const stored = async (id: string) => (await readCustomer(t, agent, id, 'custom')).customAttributes;
const valuePath = (i: number, j = 0) => `customAttributes.customAttribute[${i}].attribValues.attribValue[${j}].value`;

function expectValueError(res: LightMyRequestResponse, key: string, value: string) {
  expectError(res, '400-152', { format: 'json', details: [{ key, value }] });
}

function expectUnder(res: LightMyRequestResponse, prefix: string) {
  const body = expectError(res, '400-152', { format: 'json' });
  expect(body.details.some((d) => d.key.startsWith(prefix)), res.body).toBe(true);
}

/** A new definition; answers its name. */
const def = (d: Definition = {}) => defineAttribute(t, d);

describe('names (03 §2.7)', () => {
  it('refuses an unknown name, another letter case, and a definition of another object type (400-152)', async () => {
    const name = await def();
    const caseOnly = await def({ objectType: 'case' });
    for (const bad of [uniq('nope_'), name.toUpperCase(), caseOnly]) expectUnder(await post(attr(bad, 'x')), 'customAttributes.customAttribute[0]');
    expectUnder(await post(attr(name, 'ok'), attr(uniq('nope_'), 'x')), 'customAttributes.customAttribute[1]');
  });

  it('refuses an inactive definition (400-152) but keeps its stored values readable', async () => {
    const kept = await def();
    const other = await def();
    const c = created(await post(attr(kept, 'old')));
    await setDefinitionState(t, kept, 'inactive');
    expectUnder(await post(attr(kept, 'new')), 'customAttributes.customAttribute[0]');
    expectUnder(await put(c.id, attr(kept, 'new')), 'customAttributes.customAttribute[0]');
    await editCustomer(t, agent, { id: c.id, ...customAttributes(attr(other, 'fine')) });
    const expected = [attr(kept, 'old'), attr(other, 'fine')].sort((a, b) => (a.attribName < b.attribName ? -1 : 1));
    expect(await stored(c.id)).toEqual({ customAttribute: expected });
    expect((await readCustomer(t, agent, c.id, `custom.${kept}`)).customAttributes).toEqual({ customAttribute: [attr(kept, 'old')] });
  });
});

describe('values by data type (03 §2.7)', () => {
  it('string: length ≤ maxLength, stored as written', async () => {
    const s = await def({ maxLength: 5 });
    expectValueError(await post(attr(s, '123456')), valuePath(0), '123456');
    const c = created(await post(attr(s, ' a b ')));
    expect(await stored(c.id)).toEqual({ customAttribute: [attr(s, ' a b ')] });
  });

  it('integer: ^-?[0-9]+$ within 64 bits, stored without leading zeros, within minimum/maximum', async () => {
    const n = await def({ dataType: 'integer' });
    for (const bad of ['abc', '1.5', '+3', '99999999999999999999', '9223372036854775808']) expectValueError(await post(attr(n, bad)), valuePath(0), bad);
    const c = created(await post(attr(n, '0042')));
    expect(await stored(c.id)).toEqual({ customAttribute: [attr(n, '42')] });
    const bounded = await def({ dataType: 'integer', minimum: '1', maximum: '10' });
    for (const bad of ['0', '11', '-5']) expectValueError(await post(attr(bounded, bad)), valuePath(0), bad);
    for (const good of ['1', '10']) expect(await stored(created(await post(attr(bounded, good))).id)).toEqual({ customAttribute: [attr(bounded, good)] });
  });

  it('decimal: ^-?[0-9]+(\\.[0-9]+)?$ within minimum/maximum', async () => {
    const d = await def({ dataType: 'decimal', minimum: '-2', maximum: '2.5' });
    for (const bad of ['1.', '.5', 'abc', '1,5', '2.51', '-2.01']) expectValueError(await post(attr(d, bad)), valuePath(0), bad);
    const c = created(await post(attr(d, '-1.25')));
    expect(Number((await stored(c.id))!.customAttribute[0]!.attribValues.attribValue[0]!.value)).toBe(-1.25);
  });

  it('date: YYYY-MM-DD, a real day', async () => {
    const d = await def({ dataType: 'date' });
    for (const bad of ['2024-02-30', '2024/01/01', '24-01-01', '2024-1-1', '2024-01-01T00:00:00.000Z']) expectValueError(await post(attr(d, bad)), valuePath(0), bad);
    expect(await stored(created(await post(attr(d, '2024-02-29'))).id)).toEqual({ customAttribute: [attr(d, '2024-02-29')] });
  });

  it('boolean: true/false/yes/no in any case, stored true/false', async () => {
    const b = await def({ dataType: 'boolean' });
    expectValueError(await post(attr(b, 'maybe')), valuePath(0), 'maybe');
    expectValueError(await post(attr(b, '1')), valuePath(0), '1');
    for (const [input, out] of [
      ['YES', 'true'],
      ['No', 'false'],
      ['TRUE', 'true'],
      ['false', 'false'],
    ]) {
      expect(await stored(created(await post(attr(b, input!))).id)).toEqual({ customAttribute: [attr(b, out!)] });
    }
  });

  it('enumerated: one of the allowed values, compared case-insensitively, stored in the allowed spelling', async () => {
    const e = await def({ enumerated: true, allowedValues: [{ value: 'Bronze' }, { value: 'silver', label: 'Silver' }] });
    expectValueError(await post(attr(e, 'diamond')), valuePath(0), 'diamond');
    expect(await stored(created(await post(attr(e, 'SILVER'))).id)).toEqual({ customAttribute: [attr(e, 'silver')] });
    expect(await stored(created(await post(attr(e, 'bronze'))).id)).toEqual({ customAttribute: [attr(e, 'Bronze')] });
  });

  it('names the failing value by its path (03 §2.7 example)', async () => {
    const s = await def();
    const n = await def({ dataType: 'integer', multiValued: true });
    expectValueError(await post(attr(s, 'fine'), attr(n, '1', 'two')), valuePath(1, 1), 'two');
    expectValueError(await post(attr(s, 'fine'), attr(n, 'x')), valuePath(1, 0), 'x');
  });
});

describe('multiplicity and uniqueness (03 §2.7)', () => {
  it('refuses several values for a single-valued definition (400-152)', async () => {
    const s = await def();
    expectUnder(await post(attr(s, 'a', 'b')), 'customAttributes.customAttribute[0]');
  });

  it('keeps the values of a multi-valued definition in written order; at most 75 (400-160)', async () => {
    const m = await def({ multiValued: true });
    const c = created(await post(attr(m, 'zeta', 'alpha', 'mid')));
    expect(await stored(c.id)).toEqual({ customAttribute: [attr(m, 'zeta', 'alpha', 'mid')] });
    const many = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expectError(await post(attr(m, ...many(76))), '400-160', { format: 'json' });
    expect((await stored(created(await post(attr(m, ...many(75)))).id))!.customAttribute[0]!.attribValues.attribValue).toHaveLength(75);
  });

  it('refuses a value of a unique definition held by another customer (400-152), also after normalisation', async () => {
    const u = await def({ unique: true });
    const holder = created(await post(attr(u, 'ONE')));
    expectValueError(await post(attr(u, 'ONE')), valuePath(0), 'ONE');
    // strings compare exactly: another letter case is another value
    created(await post(attr(u, 'one')));
    const ui = await def({ unique: true, dataType: 'integer' });
    created(await post(attr(ui, '7')));
    // The offending value (01 §7.1): as sent, or as normalised.
    const dup = expectError(await post(attr(ui, '007')), '400-152', { format: 'json' });
    expect(dup.details).toHaveLength(1);
    expect(dup.details[0]!.key).toBe(valuePath(0));
    expect(['007', '7']).toContain(dup.details[0]!.value);
    // The holder may write its own value again.
    await editCustomer(t, agent, { id: holder.id, ...customAttributes(attr(u, 'ONE')) });
    const other = await createCustomer(t, agent, corporate());
    expectValueError(await put(other.id, attr(u, 'ONE')), valuePath(0), 'ONE');
    expect(await stored(other.id)).toBeUndefined();
  });
});

describe('edits (03 §2.7)', () => {
  it('replaces all values of a named attribute, keeps the others, clears with no value or one empty value', async () => {
    const [a, b, m] = [await def({ name: uniq('a_') }), await def({ name: uniq('b_') }), await def({ name: uniq('c_'), multiValued: true })];
    const c = created(await post(attr(a, 'A1'), attr(b, 'B1'), attr(m, 'x', 'y')));
    expect(await stored(c.id)).toEqual({ customAttribute: [attr(a, 'A1'), attr(b, 'B1'), attr(m, 'x', 'y')] });
    await editCustomer(t, agent, { id: c.id, ...customAttributes(attr(m, 'z')) });
    expect(await stored(c.id)).toEqual({ customAttribute: [attr(a, 'A1'), attr(b, 'B1'), attr(m, 'z')] });
    await editCustomer(t, agent, { id: c.id, ...customAttributes(attr(a), { attribName: b, attribValues: { attribValue: [{ value: '' }] } }) });
    expect(await stored(c.id)).toEqual({ customAttribute: [attr(m, 'z')] });
    await editCustomer(t, agent, { id: c.id, customAttributes: { customAttribute: { attribName: m } } });
    expect(await stored(c.id)).toBeUndefined();
  });

  it('moves lastModified', async () => {
    const a = await def();
    const c = created(await post(attr(a, '1')));
    await editCustomer(t, agent, { id: c.id, ...customAttributes(attr(a, '2')) });
    expect(Date.parse((await readCustomer(t, agent, c.id)).lastModified.date)).toBeGreaterThan(Date.parse(c.lastModified.date));
  });
});

describe('XML (01 §5.6)', () => {
  it.each(FORMATS)('reads custom attributes from XML bodies (answer in %s)', async (fmt) => {
    const [a, m] = [await def({ name: uniq('a_') }), await def({ name: uniq('b_'), multiValued: true })];
    const xml = `<customer xmlns="${NS.cus}" xmlns:c="${NS.cmn}"><type><value>corporate</value></type><customerName>X ${uniq()}</customerName>
  <customAttributes>
    <c:customAttribute><c:attribName>${m}</c:attribName><c:attribValues><c:attribValue><c:value>2</c:value></c:attribValue><c:attribValue><c:value>1</c:value></c:attribValue></c:attribValues></c:customAttribute>
    <c:customAttribute><c:attribName>${a}</c:attribName><c:attribValues><c:attribValue><c:value>one</c:value></c:attribValue></c:attribValues></c:customAttribute>
  </customAttributes>
</customer>`;
    const res = await call(t.app, agent, 'POST', `${CUSTOMER}?$attribute=custom`, { xml, fmt });
    const expectedXml = `<customAttributes xmlns="${NS.cus}" xmlns:c="${NS.cmn}">
  <c:customAttribute><c:attribName>${a}</c:attribName><c:attribValues><c:attribValue><c:value>one</c:value></c:attribValue></c:attribValues></c:customAttribute>
  <c:customAttribute><c:attribName>${m}</c:attribName><c:attribValues><c:attribValue><c:value>2</c:value></c:attribValue><c:attribValue><c:value>1</c:value></c:attribValue></c:attribValues></c:customAttribute>
</customAttributes>`;
    if (fmt === 'json') {
      expect(created(res).customAttributes).toEqual({ customAttribute: [attr(a, 'one'), attr(m, '2', '1')] });
    } else {
      const root = xmlOf(res, 201);
      const customer = root.children[0]!;
      expect(childrenNamed(customer, `{${NS.cus}}customAttributes`)).toEqual([canonicalXml(expectedXml)]);
    }
  });
});
