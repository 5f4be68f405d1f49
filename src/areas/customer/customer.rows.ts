// From checked input to column values (03 §3, §4.3): the derived values every writer fills in the same way, the
// API as well as the reference seeder: an individual's name, the digit forms phone search compares.
import type { PointFields } from './customer.input.ts';

/** An individual customer's name: first, middle and last name joined by single spaces, empty parts left out (03 §3). */
export function individualName(p: { firstName?: string | null; middleName?: string | null; lastName?: string | null }): string {
  return [p.firstName, p.middleName, p.lastName].filter((s): s is string => !!s && s.trim() !== '').join(' ');
}

const digits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');

/** The stored digit forms of a phone number (03 §9): phoneNo, areaCode+phoneNo, countryCode+areaCode+phoneNo. */
export function phoneKeys(p: { countryCode?: string | null; areaCode?: string | null; phoneNo?: string | null }) {
  const no = digits(p.phoneNo);
  return {
    phoneDigits: no || null,
    phoneDigitsArea: no ? digits(p.areaCode) + no : null,
    phoneDigitsFull: no ? digits(p.countryCode) + digits(p.areaCode) + no : null,
  };
}

/** The digits a phone criterion compares (every non-digit removed). */
export const phoneSearchKey = digits;

/** Column values of a contact point: its fields, with the phone keys recomputed from the merged values. */
export function pointColumns(kind: string, fields: PointFields) {
  return kind === 'phone' ? { ...fields, ...phoneKeys(fields) } : { ...fields };
}
