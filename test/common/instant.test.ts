import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant } from '../../src/common/instant.ts';

const iso = (text: string, opts: Parameters<typeof parseInstant>[1] = {}) => parseInstant(text, opts)?.toISOString() ?? null;

describe('parseInstant (01 §5.5)', () => {
  it.each([
    ['2016-04-01T02:06:42.000Z', '2016-04-01T02:06:42.000Z'],
    ['2016-04-01T02:06:42Z', '2016-04-01T02:06:42.000Z'],
    ['2016-04-01T02:06:42.5Z', '2016-04-01T02:06:42.500Z'],
    ['2016-04-01T02:06:42.12Z', '2016-04-01T02:06:42.120Z'],
    ['2016-04-01T02:06:42.123456789Z', '2016-04-01T02:06:42.123Z'],
    ['2016-04-01T02:06:42.999999Z', '2016-04-01T02:06:42.999Z'],
    ['2016-04-01T02:06:42+05:30', '2016-03-31T20:36:42.000Z'],
    ['2016-04-01T02:06:42.250-0300', '2016-04-01T05:06:42.250Z'],
    ['2016-04-01T02:06:42+0000', '2016-04-01T02:06:42.000Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-29T23:59:59.999Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
  ])('accepts %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    '2016-04-01T02:06:42', // no zone
    '2016-04-01T02:06:42.000', // no zone
    '2016-04-01 02:06:42Z', // space instead of T
    '2016-04-01t02:06:42z',
    '2016-04-01T02:06Z', // no seconds
    '2016-04-01T02:06:42.Z', // empty fraction
    '2016-04-01T02:06:42.1234567890Z', // ten fraction digits
    '2016-4-01T02:06:42Z',
    '2024-02-30T00:00:00Z', // invalid calendar date
    '2023-02-29T00:00:00Z', // not a leap year
    '1900-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-00-10T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T23:60:00Z',
    '2024-01-01T23:59:60Z',
    '2024-01-01T00:00:00+24:00',
    '2024-01-01T00:00:00+05:60',
    '2024-01-01T00:00:00+5:00',
    '2024-01-01T00:00:00+05',
    '9999-12-31T23:00:00-05:00', // beyond year 9999 in UTC
    '2024-01-01',
    '',
    'yesterday',
    ' 2024-01-01T00:00:00Z',
  ])('rejects %j', (text) => {
    expect(parseInstant(text, {})).toBeNull();
  });

  it('reads a space before the offset as + only in a query', () => {
    expect(iso('2016-04-01T02:06:42 05:30', { inQuery: true })).toBe('2016-03-31T20:36:42.000Z');
    expect(iso('2016-04-01T02:06:42.5 0100', { inQuery: true })).toBe('2016-04-01T01:06:42.500Z');
    expect(iso('2016-04-01T02:06:42 05:30')).toBeNull();
    // A space is never read as '-', nor accepted elsewhere.
    expect(iso('2016-04-01T02:06:42  05:30', { inQuery: true })).toBeNull();
    expect(iso('2016-04-01T02:06:42 Z', { inQuery: true })).toBeNull();
  });

  it('accepts a calendar date as midnight UTC only with dateOnly', () => {
    expect(iso('2024-01-31', { dateOnly: true })).toBe('2024-01-31T00:00:00.000Z');
    expect(iso('2024-01-31')).toBeNull();
    expect(iso('2024-02-30', { dateOnly: true })).toBeNull();
    expect(iso('2024-1-31', { dateOnly: true })).toBeNull();
    expect(iso('2024-01-31T10:00:00Z', { dateOnly: true })).toBe('2024-01-31T10:00:00.000Z');
  });
});

describe('formatInstant', () => {
  it('writes exactly three fraction digits and Z', () => {
    expect(formatInstant(new Date(Date.UTC(2020, 10, 30, 18, 30)))).toBe('2020-11-30T18:30:00.000Z');
    expect(formatInstant(new Date('2016-04-01T02:06:42.5+01:00'))).toBe('2016-04-01T01:06:42.500Z');
  });

  it('round-trips with parseInstant', () => {
    const d = parseInstant('2021-07-04T12:34:56.789123+02:00', {});
    expect(d).not.toBeNull();
    expect(formatInstant(d!)).toBe('2021-07-04T10:34:56.789Z');
    expect(parseInstant(formatInstant(d!), {})?.getTime()).toBe(d!.getTime());
  });
});
