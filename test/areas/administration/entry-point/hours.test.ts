// Opening hours of chat entry points (07 §8): validation of the body's `hours` and the "open" rule (08 §1), with
// fixed instants, across weekdays, time zones and DST changes.
import { describe, expect, it } from 'vitest';
import { isOpen, localTime, normalizeHours, readHours, timeZoneName, type Hours } from '../../../../src/areas/administration/entry-point/entry-point.hours.ts';

const at = (iso: string) => new Date(iso);
const ep = (hours: unknown, state = 'active') => ({ state, hours });
const officeMadrid: Hours = {
  timeZone: 'Europe/Madrid',
  day: [
    { value: 'monday', start: '08:00', end: '18:00' },
    { value: 'tuesday', start: '08:00', end: '18:00' },
  ],
};

/** The AppError `normalizeHours` throws, as `{key, details}`. */
function failure(run: () => unknown): { key: string; details: { key: string; value: string }[] } {
  try {
    run();
  } catch (err) {
    const e = err as { key: string; details: { key: string; value: string }[] };
    return { key: e.key, details: e.details };
  }
  throw new Error('expected an error');
}

describe('isOpen (07 §8 "Open")', () => {
  it('needs the entry point and its queue active', () => {
    const now = at('2024-01-15T10:00:00.000Z'); // Monday 11:00 in Madrid
    expect(isOpen(ep(officeMadrid), 'active', now)).toBe(true);
    expect(isOpen(ep(officeMadrid, 'inactive'), 'active', now)).toBe(false);
    expect(isOpen(ep(officeMadrid), 'inactive', now)).toBe(false);
    expect(isOpen(ep(null, 'inactive'), 'active', now)).toBe(false);
    expect(isOpen(ep(null), 'inactive', now)).toBe(false);
  });

  it('is always open without hours or without intervals', () => {
    for (const hours of [null, undefined, {}, { timeZone: 'Asia/Tokyo', day: [] }, { timeZone: 'Asia/Tokyo' }]) {
      expect(isOpen(ep(hours), 'active', at('2024-01-14T03:00:00.000Z'))).toBe(true);
    }
  });

  it('opens at start (inclusive) and closes at end (exclusive), in winter time (CET, UTC+1)', () => {
    // 2024-01-15 is a Monday.
    expect(isOpen(ep(officeMadrid), 'active', at('2024-01-15T06:59:59.999Z'))).toBe(false); // 07:59:59 local
    expect(isOpen(ep(officeMadrid), 'active', at('2024-01-15T07:00:00.000Z'))).toBe(true); // 08:00 local
    expect(isOpen(ep(officeMadrid), 'active', at('2024-01-15T16:59:59.999Z'))).toBe(true); // 17:59:59 local
    expect(isOpen(ep(officeMadrid), 'active', at('2024-01-15T17:00:00.000Z'))).toBe(false); // 18:00 local
  });

  it('follows the summer offset (CEST, UTC+2)', () => {
    // 2024-07-16 is a Tuesday.
    expect(isOpen(ep(officeMadrid), 'active', at('2024-07-16T05:59:00.000Z'))).toBe(false); // 07:59 local
    expect(isOpen(ep(officeMadrid), 'active', at('2024-07-16T06:00:00.000Z'))).toBe(true); // 08:00 local
    expect(isOpen(ep(officeMadrid), 'active', at('2024-07-16T15:59:00.000Z'))).toBe(true); // 17:59 local
    expect(isOpen(ep(officeMadrid), 'active', at('2024-07-16T16:00:00.000Z'))).toBe(false); // 18:00 local
  });

  it('is closed on days without intervals', () => {
    expect(isOpen(ep(officeMadrid), 'active', at('2024-01-17T10:00:00.000Z'))).toBe(false); // Wednesday
    expect(isOpen(ep(officeMadrid), 'active', at('2024-01-14T10:00:00.000Z'))).toBe(false); // Sunday
  });

  it('takes the weekday in the time zone, not in UTC', () => {
    const tokyoMonday = { timeZone: 'Asia/Tokyo', day: [{ value: 'monday', start: '00:00', end: '01:00' }] };
    // Sunday 15:30 UTC is Monday 00:30 in Tokyo.
    expect(isOpen(ep(tokyoMonday), 'active', at('2024-01-14T15:30:00.000Z'))).toBe(true);
    // Monday 00:30 UTC is Monday 09:30 in Tokyo.
    expect(isOpen(ep(tokyoMonday), 'active', at('2024-01-15T00:30:00.000Z'))).toBe(false);
    const honoluluSunday = { timeZone: 'Pacific/Honolulu', day: [{ value: 'sunday', start: '20:00', end: '24:00' }] };
    // Monday 07:00 UTC is Sunday 21:00 in Honolulu (UTC−10).
    expect(isOpen(ep(honoluluSunday), 'active', at('2024-01-15T07:00:00.000Z'))).toBe(true);
  });

  it('reads several intervals per day and an end of 24:00', () => {
    const split = {
      timeZone: 'UTC',
      day: [
        { value: 'monday', start: '08:00', end: '12:00' },
        { value: 'monday', start: '14:00', end: '18:00' },
        { value: 'monday', start: '20:00', end: '24:00' },
      ],
    };
    expect(isOpen(ep(split), 'active', at('2024-01-15T11:59:00.000Z'))).toBe(true);
    expect(isOpen(ep(split), 'active', at('2024-01-15T13:00:00.000Z'))).toBe(false);
    expect(isOpen(ep(split), 'active', at('2024-01-15T14:00:00.000Z'))).toBe(true);
    expect(isOpen(ep(split), 'active', at('2024-01-15T23:59:59.999Z'))).toBe(true);
    expect(isOpen(ep(split), 'active', at('2024-01-16T00:00:00.000Z'))).toBe(false); // Tuesday
  });

  it('reads UTC when the stored hours name no time zone', () => {
    const hours = { day: [{ value: 'monday', start: '10:00', end: '11:00' }] };
    expect(readHours(hours)?.timeZone).toBe('UTC');
    expect(isOpen(ep(hours), 'active', at('2024-01-15T10:30:00.000Z'))).toBe(true);
    expect(isOpen(ep(hours), 'active', at('2024-01-15T11:00:00.000Z'))).toBe(false);
  });

  describe('across the spring DST change (Europe/Madrid, Sunday 2024-03-31, 02:00 CET → 03:00 CEST at 01:00 UTC)', () => {
    const sunday = (start: string, end: string) => ({ timeZone: 'Europe/Madrid', day: [{ value: 'sunday', start, end }] });

    it('uses the new offset from the change on', () => {
      const morning = sunday('09:00', '10:00');
      expect(isOpen(ep(morning), 'active', at('2024-03-31T07:00:00.000Z'))).toBe(true); // 09:00 CEST
      expect(isOpen(ep(morning), 'active', at('2024-03-31T08:00:00.000Z'))).toBe(false); // 10:00 CEST (09:00 in CET terms)
      // The Saturday before, 09:00 local is still 08:00 UTC.
      const saturday = { timeZone: 'Europe/Madrid', day: [{ value: 'saturday', start: '09:00', end: '10:00' }] };
      expect(isOpen(ep(saturday), 'active', at('2024-03-30T08:00:00.000Z'))).toBe(true);
      expect(isOpen(ep(saturday), 'active', at('2024-03-30T07:59:00.000Z'))).toBe(false);
    });

    it('never opens an interval that lies in the skipped hour', () => {
      const gap = sunday('02:00', '03:00');
      for (const iso of ['2024-03-31T00:59:00.000Z', '2024-03-31T01:00:00.000Z', '2024-03-31T01:30:00.000Z']) {
        expect(isOpen(ep(gap), 'active', at(iso))).toBe(false);
      }
      expect(localTime('Europe/Madrid', at('2024-03-31T00:59:00.000Z'))).toEqual({ weekday: 'sunday', minutes: 1 * 60 + 59 });
      expect(localTime('Europe/Madrid', at('2024-03-31T01:00:00.000Z'))).toEqual({ weekday: 'sunday', minutes: 3 * 60 });
    });

    it('keeps an interval around the change open on both sides of it', () => {
      const around = sunday('01:00', '04:00');
      expect(isOpen(ep(around), 'active', at('2024-03-31T00:30:00.000Z'))).toBe(true); // 01:30 CET
      expect(isOpen(ep(around), 'active', at('2024-03-31T01:30:00.000Z'))).toBe(true); // 03:30 CEST
      expect(isOpen(ep(around), 'active', at('2024-03-31T02:00:00.000Z'))).toBe(false); // 04:00 CEST
    });
  });

  describe('across the autumn DST change (Europe/Madrid, Sunday 2024-10-27, 03:00 CEST → 02:00 CET at 01:00 UTC)', () => {
    const repeated = { timeZone: 'Europe/Madrid', day: [{ value: 'sunday', start: '02:00', end: '03:00' }] };

    it('is open during both occurrences of the repeated hour', () => {
      expect(isOpen(ep(repeated), 'active', at('2024-10-27T00:00:00.000Z'))).toBe(true); // 02:00 CEST
      expect(isOpen(ep(repeated), 'active', at('2024-10-27T00:59:00.000Z'))).toBe(true); // 02:59 CEST
      expect(isOpen(ep(repeated), 'active', at('2024-10-27T01:00:00.000Z'))).toBe(true); // 02:00 CET
      expect(isOpen(ep(repeated), 'active', at('2024-10-27T01:59:00.000Z'))).toBe(true); // 02:59 CET
      expect(isOpen(ep(repeated), 'active', at('2024-10-27T02:00:00.000Z'))).toBe(false); // 03:00 CET
      expect(isOpen(ep(repeated), 'active', at('2024-10-26T23:59:00.000Z'))).toBe(false); // 01:59 CEST
    });

    it('opens a Monday office at 08:00 CET (07:00 UTC) after the change', () => {
      expect(isOpen(ep(officeMadrid), 'active', at('2024-10-28T06:59:00.000Z'))).toBe(false);
      expect(isOpen(ep(officeMadrid), 'active', at('2024-10-28T07:00:00.000Z'))).toBe(true);
    });
  });

  it('follows the US change too (America/New_York, Sunday 2024-03-10 at 07:00 UTC)', () => {
    const ny = { timeZone: 'America/New_York', day: [{ value: 'sunday', start: '12:00', end: '13:00' }] };
    expect(isOpen(ep(ny), 'active', at('2024-03-10T16:00:00.000Z'))).toBe(true); // 12:00 EDT
    expect(isOpen(ep(ny), 'active', at('2024-03-10T17:00:00.000Z'))).toBe(false); // 13:00 EDT
    expect(isOpen(ep(ny), 'active', at('2024-03-03T17:00:00.000Z'))).toBe(true); // 12:00 EST, a week before
  });
});

describe('timeZoneName', () => {
  it('corrects the letter case of canonical names and keeps valid links as sent', () => {
    expect(timeZoneName('europe/madrid')).toBe('Europe/Madrid');
    expect(timeZoneName('utc')).toBe('UTC');
    expect(timeZoneName('America/New_York')).toBe('America/New_York');
    expect(timeZoneName('Etc/UTC')).toBe('Etc/UTC');
    expect(timeZoneName(' Asia/Tokyo ')).toBe('Asia/Tokyo');
  });

  it('refuses unknown names and offsets', () => {
    for (const bad of ['Europe/Nowhere', '+01:00', 'UTC+1', '', '  ', '1', 'Europe/../Madrid']) expect(timeZoneName(bad)).toBeNull();
  });
});

describe('normalizeHours (07 §8 constraints)', () => {
  it('reads absent as unchanged, null, empty and zone-less empty hours as always open', () => {
    expect(normalizeHours(undefined, 'hours')).toBeUndefined();
    expect(normalizeHours(null, 'hours')).toBeNull();
    expect(normalizeHours('', 'hours')).toBeNull();
    expect(normalizeHours({}, 'hours')).toBeNull();
    expect(normalizeHours({ timeZone: null, day: null }, 'hours')).toBeNull();
    expect(normalizeHours({ timeZone: '', day: [] }, 'hours')).toBeNull();
  });

  it('keeps a time zone without intervals, defaults the zone to UTC, sorts intervals by weekday and start', () => {
    expect(normalizeHours({ timeZone: 'europe/madrid' }, 'hours')).toEqual({ timeZone: 'Europe/Madrid', day: [] });
    expect(
      normalizeHours(
        {
          day: [
            { value: 'sunday', start: '10:00', end: '11:00' },
            { value: 'monday', start: '14:00', end: '18:00' },
            { value: 'monday', start: '08:00', end: '12:00' },
            { value: 'monday', start: '12:00', end: '14:00' },
          ],
        },
        'hours',
      ),
    ).toEqual({
      timeZone: 'UTC',
      day: [
        { value: 'monday', start: '08:00', end: '12:00' },
        { value: 'monday', start: '12:00', end: '14:00' },
        { value: 'monday', start: '14:00', end: '18:00' },
        { value: 'sunday', start: '10:00', end: '11:00' },
      ],
    });
    expect(normalizeHours({ day: [{ value: 'friday', start: '00:00', end: '24:00' }] }, 'hours')?.day).toEqual([{ value: 'friday', start: '00:00', end: '24:00' }]);
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'x.hours.timeZone', 'Mars/Olympus'],
    [{ timeZone: '+01:00', day: [] }, 'x.hours.timeZone', '+01:00'],
    [{ day: [{ value: 'monday', start: '8:00', end: '18:00' }] }, 'x.hours.day[0].start', '8:00'],
    [{ day: [{ value: 'monday', start: '24:00', end: '24:00' }] }, 'x.hours.day[0].start', '24:00'],
    [{ day: [{ value: 'monday', start: '08:60', end: '18:00' }] }, 'x.hours.day[0].start', '08:60'],
    [{ day: [{ value: 'monday', start: '08:00', end: '18:00:00' }] }, 'x.hours.day[0].end', '18:00:00'],
    [{ day: [{ value: 'monday', start: '08:00', end: '24:01' }] }, 'x.hours.day[0].end', '24:01'],
    [{ day: [{ value: 'monday', start: '08:00', end: '08:00' }] }, 'x.hours.day[0].end', '08:00'],
    [{ day: [{ value: 'monday', start: '22:00', end: '02:00' }] }, 'x.hours.day[0].end', '02:00'],
    [
      {
        day: [
          { value: 'monday', start: '12:00', end: '18:00' },
          { value: 'tuesday', start: '08:00', end: '18:00' },
          { value: 'monday', start: '08:00', end: '12:30' },
        ],
      },
      'x.hours.day[2].start',
      '08:00',
    ],
  ])('refuses %j with 400-152 on %s', (hours, key, value) => {
    expect(failure(() => normalizeHours(hours, 'x.hours'))).toEqual({ key: '400-152', details: [{ key, value }] });
  });
});
