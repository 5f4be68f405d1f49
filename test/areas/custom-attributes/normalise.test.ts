import { describe, expect, it } from 'vitest';
import { compareDecimal, normaliseByType, normaliseValue, searchKey } from '../../../src/areas/custom-attributes/normalise.ts';
import type { AttributeDefinition } from '../../../src/areas/custom-attributes/definition.ts';

const def = (over: Partial<AttributeDefinition>): AttributeDefinition => ({
  id: 1n,
  objectType: 'customer',
  name: 'x',
  displayName: 'x',
  dataType: 'string',
  maxLength: null,
  minimum: null,
  maximum: null,
  enumerated: false,
  allowedValues: [],
  multiValued: false,
  unique: false,
  state: 'active',
  version: 0,
  ...over,
});

describe('values by data type (03 §2.7)', () => {
  it.each([
    ['integer', '007', { value: '7', key: '7' }],
    ['integer', '-0', { value: '0', key: '0' }],
    ['integer', '9223372036854775807', { value: '9223372036854775807', key: '9223372036854775807' }],
    ['integer', '9223372036854775808', null],
    ['integer', '1.5', null],
    ['integer', ' 7', null],
    ['decimal', '0012.500', { value: '0012.500', key: '12.5' }],
    ['decimal', '-0.0', { value: '-0.0', key: '0' }],
    ['decimal', '1.', null],
    ['date', '2024-02-29', { value: '2024-02-29', key: '2024-02-29' }],
    ['date', '2023-02-29', null],
    ['date', '2024-2-1', null],
    ['boolean', 'YES', { value: 'true', key: 'true' }],
    ['boolean', 'False', { value: 'false', key: 'false' }],
    ['boolean', '1', null],
    ['string', ' Mixed Case ', { value: ' Mixed Case ', key: ' Mixed Case ' }],
  ] as const)('%s %j', (type, raw, expected) => {
    expect(normaliseByType(type, raw)).toEqual(expected);
  });

  it('compares decimals numerically', () => {
    expect(compareDecimal('10', '9.99')).toBe(1);
    expect(compareDecimal('-10', '-9')).toBe(-1);
    expect(compareDecimal('1.5', '1.50'.replace(/0+$/, ''))).toBe(0);
    expect(compareDecimal('-1', '1')).toBe(-1);
  });

  it('checks length, bounds and allowed values, and stores the allowed spelling', () => {
    expect(normaliseValue(def({ maxLength: 3 }), 'abcd')).toBeNull();
    expect(normaliseValue(def({}), 'a'.repeat(255))).not.toBeNull();
    expect(normaliseValue(def({}), 'a'.repeat(256))).toBeNull();
    const rating = def({ dataType: 'integer', minimum: '1', maximum: '5' });
    expect(normaliseValue(rating, '0')).toBeNull();
    expect(normaliseValue(rating, '05')).toEqual({ value: '5', key: '5' });
    expect(normaliseValue(rating, '6')).toBeNull();
    const tier = def({ enumerated: true, allowedValues: [{ value: 'Gold' }, { value: 'silver', label: 'Silver' }] });
    expect(normaliseValue(tier, 'GOLD')).toEqual({ value: 'Gold', key: 'Gold' });
    expect(normaliseValue(tier, 'bronze')).toBeNull();
  });

  it('normalises search values like written ones; a value no enumeration allows cannot be normalised', () => {
    expect(searchKey(def({ dataType: 'integer' }), '0042')).toBe('42');
    expect(searchKey(def({ dataType: 'integer' }), 'abc')).toBeNull();
    expect(searchKey(def({ dataType: 'decimal' }), '2.50')).toBe('2.5');
    const tier = def({ enumerated: true, allowedValues: [{ value: 'platinum' }] });
    expect(searchKey(tier, 'PLATINUM')).toBe('platinum');
    expect(searchKey(tier, 'iron')).toBeNull();
  });
});
