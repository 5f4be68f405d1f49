// Instants on the wire (01 §5.5). Input: ISO-8601 `YYYY-MM-DDTHH:mm:ss[.f{1,9}](Z|±HH:MM|±HHMM)`, fractions beyond
// milliseconds truncated, offsets converted to UTC. Output: always `YYYY-MM-DDTHH:mm:ss.SSSZ`.

export interface InstantOptions {
  /** Also accept a calendar date `YYYY-MM-DD` as midnight UTC (search range bounds only). */
  dateOnly?: boolean;
  /** The text comes from a query parameter: a raw `+` arrived as a space, so a space before the offset reads as `+`. */
  inQuery?: boolean;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}|[+-]\d{4})$/;
const QUERY_SPACE_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?) (\d{2}:\d{2}|\d{4})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Milliseconds since the epoch of a UTC wall-clock time; handles years 0..99, which Date.UTC maps to 19xx. */
function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  return date.getTime();
}

function validDate(y: number, mo: number, d: number): boolean {
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Parses an input instant; `null` when it is not one (wrong shape, impossible calendar date or time). */
export function parseInstant(text: string, opts: InstantOptions = {}): Date | null {
  let s = text;
  if (opts.inQuery) {
    const spaced = QUERY_SPACE_OFFSET.exec(s);
    if (spaced) s = `${spaced[1]}+${spaced[2]}`;
  }
  const m = INSTANT.exec(s);
  if (!m) {
    if (!opts.dateOnly) return null;
    const dm = DATE.exec(s);
    if (!dm) return null;
    const [y, mo, d] = [Number(dm[1]), Number(dm[2]), Number(dm[3])];
    if (!validDate(y, mo, d)) return null;
    return new Date(utcMillis(y, mo, d, 0, 0, 0, 0));
  }
  const [y, mo, d, h, mi, sec] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])];
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return null;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const zone = m[8] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const result = new Date(utcMillis(y, mo, d, h, mi, sec, ms) - offsetMinutes * 60_000);
  const year = result.getUTCFullYear();
  // The output format has four year digits; an offset must not push the instant out of them.
  if (year < 0 || year > 9999) return null;
  return result;
}

/** The one output format: `YYYY-MM-DDTHH:mm:ss.SSSZ`. */
export function formatInstant(d: Date): string {
  return d.toISOString();
}
