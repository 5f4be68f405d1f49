// U7 — customer attribute metadata (03 §7.6, §4.2–§4.5, §2.7).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { canonicalXml } from '../../helpers/xml-canonical.ts';
import { expectError, FORMATS } from '../../conformance/support.ts';
import {
  ATTRIBUTES,
  call,
  childrenNamed,
  defineAttribute,
  el,
  fixture,
  fixtureJson,
  NS,
  ok,
  setDefinitionState,
  specDefinitions,
  staff,
  uniq,
  xmlOf,
  type Staff,
} from './support.ts';

type Descriptor = {
  name: string;
  displayName: string;
  dataType: string;
  enumerated: boolean;
  multiValued: boolean;
  maxLength?: number;
  minimum?: number | string;
  maximum?: number | string;
  values?: { value: { value: string; displayValue: string }[] };
};
type Body = { attribute: Descriptor[] };

let t: TestApp;
let agent: Staff;
let supervisor: Staff;
let admin: Staff;

beforeAll(async () => {
  t = await getTestApp();
  await specDefinitions(t);
  agent = await staff(t, ['agent']);
  supervisor = await staff(t, ['supervisor']);
  admin = await staff(t, ['administrator']);
});
afterAll(async () => t?.close());

const get = (query: string, opts: { fmt?: 'json' | 'xml'; lang?: 'en-US' | 'es-ES'; who?: Staff } = {}) =>
  call(t.app, opts.who ?? agent, 'GET', `${ATTRIBUTES}${query}`, { fmt: opts.fmt ?? 'json', ...(opts.lang ? { lang: opts.lang } : {}) });
const descriptors = async (names: string, lang?: 'en-US' | 'es-ES') => ok<Body>(await get(`?$attribute=${names}`, lang ? { lang } : {})).attribute;
const names = async (q: string) => (await descriptors(q)).map((d) => d.name);

const GROUPS: Record<string, string[]> = {
  type: ['type', 'type.group.type', 'type.group.region', 'type.corporate.region'],
  country: ['country'],
  industry: ['industry'],
  level: ['level'],
  role: ['role'],
  howReferred: ['howReferred'],
  contactPersons: [
    'contactPerson.salutation',
    'contactPerson.suffix',
    'contactPerson.gender',
    'contactPerson.maritalStatus',
    'contactPerson.employmentStatus',
    'contactPerson.type',
    'contactPerson.identification.type',
    'contactPoint.type',
    'contactPoint.priority',
    'contactPoint.phone.type',
    'contactPoint.postal.type',
    'contactPoint.social.type',
  ],
};
const BUILT_IN = Object.values(GROUPS).flat();

const same = (...values: string[]) => values.map((v) => ({ value: v, displayValue: v }));
const pairs = (...list: [string, string][]) => list.map(([value, displayValue]) => ({ value, displayValue }));
const REGIONS = same('North America', 'Latin America', 'Europe', 'Middle East', 'Africa', 'Asia Pacific');

/** Built-in displayName (en-US, es-ES) and values (en-US) of 03 §4.2–§4.5, §7.6. */
const BUILT_INS: Record<string, { en: string; es: string; values?: { value: string; displayValue: string }[] }> = {
  type: { en: 'Customer type', es: 'Tipo de cliente', values: pairs(['individual', 'Individual'], ['group', 'Group'], ['corporate', 'Corporate']) },
  'type.group.type': { en: 'Group type', es: 'Tipo de grupo', values: same('Family', 'Club', 'Association', 'Partnership', 'Other') },
  'type.group.region': { en: 'Region', es: 'Región', values: REGIONS },
  'type.corporate.region': { en: 'Region', es: 'Región', values: REGIONS },
  country: { en: 'Country', es: 'País' },
  industry: {
    en: 'Industry',
    es: 'Sector',
    values: same(
      'Aerospace',
      'Agriculture',
      'Automotive',
      'Banking',
      'Construction',
      'Education',
      'Energy',
      'Entertainment',
      'Financial Services',
      'Government',
      'Healthcare',
      'Hospitality',
      'Insurance',
      'Manufacturing',
      'Media',
      'Pharmaceuticals',
      'Retail',
      'Technology',
      'Telecommunications',
      'Transportation',
      'Utilities',
      'Other',
    ),
  },
  level: { en: 'Level', es: 'Nivel', values: same('Premium', 'Gold', 'Silver', 'Bronze', 'Standard') },
  role: { en: 'Role', es: 'Rol', values: same('Partner', 'Reseller', 'Customer') },
  howReferred: { en: 'How referred', es: 'Cómo nos conoció', values: same('Website', 'Customer', 'Partner', 'Employee', 'Reseller') },
  'contactPerson.salutation': { en: 'Salutation', es: 'Tratamiento' },
  'contactPerson.suffix': { en: 'Suffix', es: 'Sufijo', values: pairs(['jr.', 'Jr.'], ['sr.', 'Sr.'], ['i', 'I'], ['ii', 'II'], ['iii', 'III']) },
  'contactPerson.gender': { en: 'Gender', es: 'Sexo', values: pairs(['male', 'Male'], ['female', 'Female']) },
  'contactPerson.maritalStatus': {
    en: 'Marital status',
    es: 'Estado civil',
    values: pairs(['married', 'Married'], ['single', 'Single'], ['separated', 'Separated'], ['divorced', 'Divorced'], ['widowed', 'Widowed']),
  },
  'contactPerson.employmentStatus': {
    en: 'Employment status',
    es: 'Situación laboral',
    values: pairs(['part-time', 'Part-time'], ['full-time', 'Full-time'], ['temporary', 'Temporary'], ['contract', 'Contract'], ['intern', 'Intern'], ['unemployed', 'Unemployed']),
  },
  'contactPerson.type': { en: 'Contact person type', es: 'Tipo de contacto', values: same('Primary', 'Secondary', 'Billing', 'Technical', 'Other') },
  'contactPerson.identification.type': {
    en: 'Identification type',
    es: 'Tipo de identificación',
    values: same('Passport', 'Driving License', 'National ID', 'Social Security Number', 'Tax ID', 'Other'),
  },
  'contactPoint.type': { en: 'Contact point type', es: 'Tipo de punto de contacto', values: pairs(['email', 'Email'], ['phone', 'Phone'], ['postal', 'Postal address'], ['web', 'Web'], ['social', 'Social']) },
  'contactPoint.priority': { en: 'Priority', es: 'Prioridad', values: pairs(['high', 'High'], ['medium', 'Medium'], ['low', 'Low']) },
  'contactPoint.phone.type': {
    en: 'Phone type',
    es: 'Tipo de teléfono',
    values: pairs(['home', 'Home'], ['office', 'Office'], ['mobile', 'Mobile'], ['fax', 'Fax'], ['pager', 'Pager'], ['other', 'Other']),
  },
  'contactPoint.postal.type': { en: 'Address type', es: 'Tipo de dirección', values: pairs(['home', 'Home'], ['office', 'Office'], ['billing', 'Billing'], ['shipping', 'Shipping'], ['other', 'Other']) },
  'contactPoint.social.type': {
    en: 'Social network',
    es: 'Red social',
    values: pairs(
      ['facebook', 'Facebook'],
      ['twitter', 'Twitter'],
      ['instagram', 'Instagram'],
      ['whatsapp', 'WhatsApp'],
      ['linkedin', 'LinkedIn'],
      ['youtube', 'YouTube'],
      ['apple', 'Apple Messages'],
      ['other', 'Other'],
    ),
  },
};

describe('U7 names (03 §7.6)', () => {
  it.each(Object.entries(GROUPS))('$attribute=%s answers its descriptors in table order', async (group, expected) => {
    expect(await names(group)).toEqual(expected);
  });

  it('lists descriptors in table order whatever the order asked, duplicates once', async () => {
    expect(await names('role,level')).toEqual(['level', 'role']);
    expect(await names('howReferred,type,level,level')).toEqual([...GROUPS.type!, 'level', 'howReferred']);
  });

  it('answers all built-ins then the custom descriptors with all', async () => {
    const active = await defineAttribute(t, { name: uniq('a_') });
    const inactive = await defineAttribute(t, { name: uniq('a_'), state: 'inactive' });
    const caseOnly = await defineAttribute(t, { name: uniq('a_'), objectType: 'case' });
    const all = await names('all');
    expect(all.slice(0, BUILT_IN.length)).toEqual(BUILT_IN);
    const custom = all.slice(BUILT_IN.length);
    expect(custom.every((n) => n.startsWith('custom.'))).toBe(true);
    expect(custom).toContain(`custom.${active}`);
    expect(custom).not.toContain(`custom.${inactive}`);
    expect(custom).not.toContain(`custom.${caseOnly}`);
    expect(await names('ALL')).toEqual(all);
  });
});

describe('U7 built-in descriptors (03 §4.5, §7.6)', () => {
  it('answers the level descriptor exactly as the §7.6 example', async () => {
    const example = fixtureJson<Body>('metadata.json');
    expect(await descriptors('level')).toEqual([example.attribute[0]]);
  });

  it.each(BUILT_IN.filter((n) => n !== 'country'))('describes %s (en-US)', async (name) => {
    const group = Object.entries(GROUPS).find(([, list]) => list.includes(name))![0];
    const d = (await descriptors(group)).find((x) => x.name === name)!;
    const b = BUILT_INS[name]!;
    if (b.values) {
      expect(d).toEqual({ name, displayName: b.en, dataType: 'string', enumerated: true, multiValued: false, values: { value: b.values } });
    } else {
      // contactPerson.salutation: free text (≤ 50).
      expect(d).toMatchObject({ name, displayName: b.en, dataType: 'string', enumerated: false, multiValued: false });
      expect(d.values).toBeUndefined();
      if (d.maxLength !== undefined) expect(d.maxLength).toBe(50);
    }
  });

  it('describes country with localised country names', async () => {
    const [en] = await descriptors('country');
    expect(en).toMatchObject({ name: 'country', displayName: 'Country', dataType: 'string', enumerated: true, multiValued: false });
    expect(en!.values!.value).toContainEqual({ value: 'US', displayValue: 'United States' });
    expect(en!.values!.value).toContainEqual({ value: 'ES', displayValue: 'Spain' });
    expect(en!.values!.value.length).toBeGreaterThan(200);
    const [es] = await descriptors('country', 'es-ES');
    expect(es).toMatchObject({ name: 'country', displayName: 'País' });
    expect(es!.values!.value).toContainEqual({ value: 'ES', displayValue: 'España' });
  });

  it('localises built-in displayNames and system enumerations for es-ES', async () => {
    const res = await get('?$attribute=all', { lang: 'es-ES' });
    expect(res.headers['content-language']).toBe('es-ES');
    const all = ok<Body>(res).attribute;
    for (const name of BUILT_IN) expect(all.find((d) => d.name === name)!.displayName, name).toBe(BUILT_INS[name]!.es);
    const values = (name: string) => all.find((d) => d.name === name)!.values!.value;
    expect(values('type')).toEqual(pairs(['individual', 'Individual'], ['group', 'Grupo'], ['corporate', 'Corporativo']));
    expect(values('contactPerson.gender')).toEqual(pairs(['male', 'Masculino'], ['female', 'Femenino']));
    expect(values('contactPoint.type')).toEqual(pairs(['email', 'Correo electrónico'], ['phone', 'Teléfono'], ['postal', 'Dirección postal'], ['web', 'Web'], ['social', 'Red social']));
    expect(values('contactPoint.priority')).toEqual(pairs(['high', 'Alta'], ['medium', 'Media'], ['low', 'Baja']));
    expect(values('contactPoint.phone.type')).toEqual(pairs(['home', 'Casa'], ['office', 'Oficina'], ['mobile', 'Móvil'], ['fax', 'Fax'], ['pager', 'Buscapersonas'], ['other', 'Otro']));
    expect(values('contactPoint.postal.type')).toEqual(pairs(['home', 'Casa'], ['office', 'Oficina'], ['billing', 'Facturación'], ['shipping', 'Envío'], ['other', 'Otro']));
    expect(values('contactPerson.maritalStatus')).toEqual(pairs(['married', 'Casado'], ['single', 'Soltero'], ['separated', 'Separado'], ['divorced', 'Divorciado'], ['widowed', 'Viudo']));
    expect(values('contactPerson.employmentStatus')).toEqual(
      pairs(['part-time', 'Tiempo parcial'], ['full-time', 'Tiempo completo'], ['temporary', 'Temporal'], ['contract', 'Contrato'], ['intern', 'Becario'], ['unemployed', 'Desempleado']),
    );
    expect(values('contactPerson.suffix')).toEqual(BUILT_INS['contactPerson.suffix']!.values);
    expect(values('contactPoint.social.type').find((v) => v.value === 'other')).toEqual({ value: 'other', displayValue: 'Otro' });
    // Configurable lists keep displayValue = value in every language (03 §2.8).
    expect(values('level')).toEqual(BUILT_INS.level!.values);
    expect(values('industry')).toEqual(BUILT_INS.industry!.values);
  });
});

describe('U7 custom descriptors (03 §2.7, §7.6)', () => {
  it('answers the custom descriptors of the §7.6 example', async () => {
    const example = fixtureJson<Body>('metadata.json');
    expect(await descriptors('level,custom.external_id,custom.loyalty_tier')).toEqual(example.attribute);
  });

  it('describes each data type; labels as displayValue, else the value', async () => {
    const s = await defineAttribute(t, { name: uniq('a_'), displayName: 'Short text', maxLength: 64 });
    const e = await defineAttribute(t, {
      name: uniq('a_'),
      displayName: 'Colour',
      enumerated: true,
      multiValued: true,
      allowedValues: [{ value: 'red', label: 'Red colour' }, { value: 'blue' }],
    });
    const n = await defineAttribute(t, { name: uniq('a_'), displayName: 'Count', dataType: 'integer', minimum: '1', maximum: '10' });
    const dec = await defineAttribute(t, { name: uniq('a_'), displayName: 'Amount', dataType: 'decimal' });
    const dt = await defineAttribute(t, { name: uniq('a_'), displayName: 'Day', dataType: 'date' });
    const b = await defineAttribute(t, { name: uniq('a_'), displayName: 'Flag', dataType: 'boolean' });
    const byName = async (name: string) => {
      const list = await descriptors(`custom.${name}`);
      expect(list).toHaveLength(1);
      return list[0]!;
    };
    expect(await byName(s)).toEqual({ name: `custom.${s}`, displayName: 'Short text', dataType: 'string', enumerated: false, multiValued: false, maxLength: 64 });
    expect(await byName(e)).toEqual({
      name: `custom.${e}`,
      displayName: 'Colour',
      dataType: 'string',
      enumerated: true,
      multiValued: true,
      maxLength: 255,
      values: { value: pairs(['red', 'Red colour'], ['blue', 'blue']) },
    });
    const count = await byName(n);
    expect(count).toMatchObject({ name: `custom.${n}`, displayName: 'Count', dataType: 'integer', enumerated: false, multiValued: false });
    expect([Number(count.minimum), Number(count.maximum)]).toEqual([1, 10]);
    expect(count.maxLength).toBeUndefined();
    expect(await byName(dec)).toEqual({ name: `custom.${dec}`, displayName: 'Amount', dataType: 'decimal', enumerated: false, multiValued: false });
    expect(await byName(dt)).toEqual({ name: `custom.${dt}`, displayName: 'Day', dataType: 'date', enumerated: false, multiValued: false });
    expect(await byName(b)).toEqual({ name: `custom.${b}`, displayName: 'Flag', dataType: 'boolean', enumerated: false, multiValued: false });
  });

  it('answers only active definitions with custom and its alias customAttributes, by name', async () => {
    const [x, y] = [uniq('a_'), uniq('a_')].sort();
    await defineAttribute(t, { name: y! });
    await defineAttribute(t, { name: x! });
    const gone = await defineAttribute(t, { name: uniq('a_') });
    await setDefinitionState(t, gone, 'inactive');
    for (const group of ['custom', 'customAttributes']) {
      const list = await names(group);
      expect(list.every((n) => n.startsWith('custom.'))).toBe(true);
      expect(list).not.toContain(`custom.${gone}`);
      expect(list.indexOf(`custom.${x}`)).toBeGreaterThanOrEqual(0);
      expect(list.indexOf(`custom.${x}`)).toBeLessThan(list.indexOf(`custom.${y}`));
    }
    expectError(await get(`?$attribute=custom.${gone}`), '400-102', { format: 'json', details: [{ key: '$attribute', value: `custom.${gone}` }] });
    await setDefinitionState(t, gone, 'active');
    expect(await names(`custom.${gone}`)).toEqual([`custom.${gone}`]);
  });
});

describe('U7 XML (03 §7.6)', () => {
  it('writes the §7.6 XML shape: <attributes> and descriptors in cus, values in cmn', async () => {
    const expected = canonicalXml(fixture('metadata.xml'));
    // The example abbreviates the level values after Gold.
    const values = childrenNamed(expected.children[0]!, `{${NS.cus}}values`)[0]!;
    for (const v of ['Silver', 'Bronze', 'Standard']) values.children.push(el(`{${NS.cus}}value`, {}, [el(`{${NS.cmn}}value`, {}, v), el(`{${NS.cmn}}displayValue`, {}, v)]));
    expect(xmlOf(await get('?$attribute=level', { fmt: 'xml' }))).toEqual(expected);
  });

  it('writes custom descriptors in XML with their maxLength', async () => {
    const s = await defineAttribute(t, { name: uniq('a_'), displayName: 'Code', maxLength: 12 });
    const root = xmlOf(await get(`?$attribute=custom.${s}`, { fmt: 'xml' }));
    const c = (name: string, text: string) => el(`{${NS.cus}}${name}`, {}, text);
    expect(root).toEqual(
      el(`{${NS.cus}}attributes`, {}, [
        el(`{${NS.cus}}attribute`, {}, [c('name', `custom.${s}`), c('displayName', 'Code'), c('dataType', 'string'), c('enumerated', 'false'), c('multiValued', 'false'), c('maxLength', '12')]),
      ]),
    );
  });
});

describe('U7 parameters and callers (03 §7.6)', () => {
  it.each(FORMATS)('needs $attribute: 400-112 when absent or blank (%s)', async (fmt) => {
    expectError(await get('', { fmt }), '400-112', { format: fmt, details: [{ key: '$attribute', value: '' }] });
    expectError(await get('?$attribute=', { fmt }), '400-112', { format: fmt, details: [{ key: '$attribute', value: '' }] });
  });

  it.each(FORMATS)('refuses an unknown name with 400-102 (%s)', async (fmt) => {
    expectError(await get('?$attribute=colour', { fmt }), '400-102', { format: fmt, details: [{ key: '$attribute', value: 'colour' }] });
    const undefinedName = `custom.${uniq('nope_')}`;
    expectError(await get(`?$attribute=${undefinedName}`, { fmt }), '400-102', { format: fmt, details: [{ key: '$attribute', value: undefinedName }] });
  });

  it('refuses other query parameters (400-101)', async () => {
    expectError(await get('?$attribute=level&$pagesize=5'), '400-101', { format: 'json', details: [{ key: '$pagesize', value: '5' }] });
    expectError(await get('?$attribute=level&name=x'), '400-101', { format: 'json', details: [{ key: 'name', value: 'x' }] });
  });

  it('answers 200 to every staff role, 401-101 without a session', async () => {
    for (const who of [admin, supervisor, agent]) expect(ok<Body>(await get('?$attribute=role', { who })).attribute.map((d) => d.name)).toEqual(['role']);
    expectError(await call(t.app, null, 'GET', `${ATTRIBUTES}?$attribute=role`), '401-101', { format: 'json' });
  });
});
