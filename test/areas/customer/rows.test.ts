import { describe, expect, it } from 'vitest';
import { individualName, phoneKeys, pointColumns } from '../../../src/areas/customer/customer.rows.ts';

describe('derived customer values (03 §3, §9)', () => {
  it('joins an individual name from its present parts', () => {
    expect(individualName({ firstName: 'Ann', middleName: null, lastName: 'Lee' })).toBe('Ann Lee');
    expect(individualName({ firstName: 'Ann', middleName: 'B', lastName: 'Lee' })).toBe('Ann B Lee');
    expect(individualName({ firstName: 'Jack' })).toBe('Jack');
  });

  it('keeps the three digit forms of a phone number', () => {
    expect(phoneKeys({ countryCode: '1', areaCode: '617', phoneNo: '555-01 00' })).toEqual({
      phoneDigits: '5550100',
      phoneDigitsArea: '6175550100',
      phoneDigitsFull: '16175550100',
    });
    expect(phoneKeys({ phoneNo: '(555) 1234' })).toEqual({ phoneDigits: '5551234', phoneDigitsArea: '5551234', phoneDigitsFull: '5551234' });
  });

  it('recomputes the phone keys only for phone contact points', () => {
    expect(pointColumns('phone', { phoneNo: '123', countryCode: null })).toMatchObject({ phoneDigits: '123', phoneDigitsFull: '123' });
    expect(pointColumns('email', { emailAddress: 'a@b.co' })).toEqual({ emailAddress: 'a@b.co' });
  });
});
