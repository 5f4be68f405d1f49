// Opening hours of a chat entry point (07 §8) and the "open" rule the chat calls use (08 §1, §3.6, §4.3, §4.4):
// open = the entry point is `active`, its queue is `active`, and the current time in `hours.timeZone` falls inside
// one of today's intervals (or there are no intervals). Pure functions: no database, no clock of their own.
import { Err } from '../../../errors/app-error.ts';

export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof weekdays)[number];

/** One interval of one weekday, local times `HH:mm` in the entry point's time zone; `end` may be `24:00`. */
export type Interval = { value: Weekday; start: string; end: string };
export type Hours = { timeZone: string; day: Interval[] };

export const defaultTimeZone = 'UTC';

const START = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes since local midnight of an `HH:mm` text (`24:00` → 1440). */
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

// Canonical spellings by lower-cased name: the zones the platform's ICU data lists, plus UTC (listed as an alias).
let canonicalZones: Map<string, string> | undefined;
const zones = () => (canonicalZones ??= new Map([...Intl.supportedValuesOf('timeZone'), 'UTC'].map((z) => [z.toLowerCase(), z])));

/**
 * The stored spelling of an IANA time zone name, or null when it names no zone the platform knows. Letter case is
 * corrected for canonical names (`europe/madrid` → `Europe/Madrid`); other valid names (links such as `Etc/UTC` or
 * `US/Eastern`) are kept as sent. Offsets (`+01:00`) are not names and are refused.
 */
export function timeZoneName(value: string): string | null {
  const name = value.trim();
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return null;
  const canonical = zones().get(name.toLowerCase());
  if (canonical) return canonical;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name;
  } catch {
    return null;
  }
}

/** Hours as a body sends them (the schema has checked the types and made `value` a lower-case weekday). */
export type HoursInput = { timeZone?: string | null | undefined; day?: { value: string; start: string; end: string }[] | null | undefined } | null | undefined;

/**
 * Validates and normalises the `hours` of a body (07 §8): undefined when absent, null for "always open" (null, an
 * empty object, or no time zone and no interval), else the hours with the time zone (default UTC) and the intervals
 * sorted by weekday and start. Each `start`/`end` must be `HH:mm` (`end` may also be `24:00`, the end of the day),
 * `end` > `start`; intervals of one day may not overlap (they may touch). Errors: 400-152 on `<path>.timeZone`,
 * `<path>.day[i].start` or `<path>.day[i].end`.
 */
export function normalizeHours(input: HoursInput | '', path: string): Hours | null | undefined {
  if (input === undefined) return undefined;
  if (input === null || input === '') return null;
  const sentZone = input.timeZone?.trim() ? input.timeZone : undefined;
  const days = input.day ?? [];
  let timeZone = defaultTimeZone;
  if (sentZone !== undefined) {
    const name = timeZoneName(sentZone);
    if (name === null) throw Err.invalidAttribute(`${path}.timeZone`, sentZone);
    timeZone = name;
  }
  if (sentZone === undefined && days.length === 0) return null;

  days.forEach((d, i) => {
    if (!START.test(d.start)) throw Err.invalidAttribute(`${path}.day[${i}].start`, d.start);
    if (!END.test(d.end) || minutesOf(d.end) <= minutesOf(d.start)) throw Err.invalidAttribute(`${path}.day[${i}].end`, d.end);
  });
  const order = days
    .map((d, i) => ({ d, i }))
    .sort((a, b) => weekdays.indexOf(a.d.value as Weekday) - weekdays.indexOf(b.d.value as Weekday) || minutesOf(a.d.start) - minutesOf(b.d.start) || a.i - b.i);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1]!;
    const cur = order[k]!;
    if (prev.d.value === cur.d.value && minutesOf(cur.d.start) < minutesOf(prev.d.end)) {
      // The later interval in the body is the one reported.
      const culprit = cur.i > prev.i ? cur : prev;
      throw Err.invalidAttribute(`${path}.day[${culprit.i}].start`, culprit.d.start);
    }
  }
  return { timeZone, day: order.map(({ d }) => ({ value: d.value as Weekday, start: d.start, end: d.end })) };
}

/** The stored `hours` column as Hours (null: always open). Tolerates a missing time zone or day list. */
export function readHours(stored: unknown): Hours | null {
  if (stored === null || typeof stored !== 'object' || Array.isArray(stored)) return null;
  const { timeZone, day } = stored as { timeZone?: unknown; day?: unknown };
  return {
    timeZone: typeof timeZone === 'string' && timeZone ? timeZone : defaultTimeZone,
    day: Array.isArray(day) ? (day as Interval[]) : [],
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The weekday and minutes since midnight of `instant` in `timeZone` (an invalid zone reads as UTC). */
export function localTime(timeZone: string, instant: Date): { weekday: Weekday; minutes: number } {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    const options: Intl.DateTimeFormatOptions = { weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    try {
      fmt = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    } catch {
      fmt = new Intl.DateTimeFormat('en-US', { ...options, timeZone: defaultTimeZone });
    }
    formatters.set(timeZone, fmt);
  }
  let weekday = '';
  let hour = 0;
  let minute = 0;
  for (const part of fmt.formatToParts(instant)) {
    if (part.type === 'weekday') weekday = part.value.toLowerCase();
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { weekday: weekday as Weekday, minutes: hour * 60 + minute };
}

/**
 * Whether the entry point is open at `now` (07 §8 "Open"): `state` active, the queue's state active, and `now` in
 * `hours.timeZone` inside one of that weekday's intervals (start inclusive, end exclusive, minute precision); no
 * hours, or hours without intervals, is always open. A local time skipped by a DST change never occurs, so an
 * interval that lies wholly inside the gap is never open that day; a repeated local hour is open both times.
 */
export function isOpen(entryPoint: { state: string; hours: unknown }, queueState: string, now: Date): boolean {
  if (entryPoint.state !== 'active' || queueState !== 'active') return false;
  const hours = readHours(entryPoint.hours);
  if (!hours || hours.day.length === 0) return true;
  const local = localTime(hours.timeZone, now);
  return hours.day.some((d) => d.value === local.weekday && minutesOf(d.start) <= local.minutes && local.minutes < minutesOf(d.end));
}
