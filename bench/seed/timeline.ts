// The time distribution of 10 §2.3, relative to the reference instant T: the data spans the 36 months before T,
// the volume grows linearly (the last month has about twice the volume of the first), 85 % of the instants fall on
// weekdays and 80 % between 08:00 and 18:00 UTC. Customers, cases (their first activities) and articles draw their
// `created` from `Timeline.sample`; the later activities of a case follow the previous one after a gap measured in
// shape time (`toShapeTime`), which gives them the same shape.
import type { Rng } from './random.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** 10 §2.3: shares of the instants on weekdays (Monday–Friday, UTC) and in the office hours 08:00–18:00 UTC. */
export const weekdayShare = 0.85;
export const officeShare = 0.8;
export const officeHours = [8, 18] as const;

/**
 * Shape time: a clock that runs fast in the busy hours and slowly in the quiet ones, so that instants spread evenly
 * over shape time have the weekly shape of 10 §2.3 in real time. An hour runs `168 × its share of a week` shape
 * hours: a weekday office hour 0.85 × 0.8 / 50 of the week (2.28 shape hours), a weekday night hour 0.85 × 0.2 / 70
 * (0.41), a weekend office hour 0.15 × 0.8 / 20 (1.01), a weekend night hour 0.15 × 0.2 / 28 (0.18); a week is 168
 * shape hours, as long as a real one. The later activities of a case follow the previous one after a gap in shape
 * time: since the first activity has the shape (`Timeline.sample`, the same shares), so has every later one (a
 * uniform weekly phase plus an independent gap is again uniform), and replies come mostly in office hours.
 */
const hourRate = new Float64Array(168);
const hourStart = new Float64Array(169);
for (let p = 0; p < 168; p++) {
  const weekday = p < 120; // p = 0: Monday 00:00 UTC
  const office = p % 24 >= officeHours[0] && p % 24 < officeHours[1];
  const days = weekday ? 5 : 2;
  const hours = office ? officeHours[1] - officeHours[0] : 24 - (officeHours[1] - officeHours[0]);
  hourRate[p] = (168 * (weekday ? weekdayShare : 1 - weekdayShare) * (office ? officeShare : 1 - officeShare)) / (days * hours);
  hourStart[p + 1] = hourStart[p]! + hourRate[p]!;
}
const WEEK = 168 * HOUR;
/** Hours from the Monday 00:00 UTC before the epoch (1970-01-01 was a Thursday) to the epoch. */
const EPOCH_HOUR = 72;

/** Real time (epoch ms) → shape time (ms). Increasing. */
export function toShapeTime(t: number): number {
  const h = Math.floor(t / HOUR) + EPOCH_HOUR;
  const week = Math.floor(h / 168);
  const p = h - week * 168;
  return week * WEEK + hourStart[p]! * HOUR + (t - (h - EPOCH_HOUR) * HOUR) * hourRate[p]!;
}

/** Shape time (ms) → real time (epoch ms), the inverse of `toShapeTime` (to rounding). */
export function fromShapeTime(x: number): number {
  const week = Math.floor(x / WEEK);
  const r = (x - week * WEEK) / HOUR;
  let lo = 0;
  let hi = 167;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (hourStart[mid]! <= r) lo = mid;
    else hi = mid - 1;
  }
  return (week * 168 + lo - EPOCH_HOUR) * HOUR + ((r - hourStart[lo]!) * HOUR) / hourRate[lo]!;
}

/** The instant `months` calendar months before `t` (UTC; the day of month is clamped, e.g. 31 March → 28 Feb). */
export function monthsBefore(t: Date, months: number): Date {
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() - months;
  const target = new Date(Date.UTC(y, m, 1, t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds(), t.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(t.getUTCDate(), lastDay));
  return target;
}

export class Timeline {
  /** First instant of the span (inclusive), epoch ms. */
  readonly start: number;
  /** T (exclusive), epoch ms. */
  readonly end: number;
  private readonly firstDay: number;
  private readonly cumulative: Float64Array;

  constructor(now: Date, months: number) {
    this.end = now.getTime();
    this.start = monthsBefore(now, months).getTime();
    this.firstDay = Math.floor(this.start / DAY) * DAY;
    const days = Math.ceil((this.end - this.firstDay) / DAY);
    this.cumulative = new Float64Array(days);
    let total = 0;
    for (let d = 0; d < days; d++) {
      const weekday = new Date(this.firstDay + d * DAY).getUTCDay();
      const isWeekday = weekday !== 0 && weekday !== 6;
      // Linear growth 1 → 2 over the span; weekdays carry 85 % of a week (0.85 / 5 per day, 0.15 / 2 per weekend day:
      // the literals, which are what weekdayShare gives up to rounding, keep the seeded data as it was).
      total += (1 + (d + 0.5) / days) * (isWeekday ? 0.17 : 0.075);
      this.cumulative[d] = total;
    }
  }

  /** An instant in [start, T) with the shape of 10 §2.3. */
  sample(rng: Rng): number {
    const total = this.cumulative[this.cumulative.length - 1]!;
    for (;;) {
      const u = rng.float() * total;
      let lo = 0;
      let hi = this.cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.cumulative[mid]! > u) hi = mid;
        else lo = mid + 1;
      }
      // 80 % in the ten business hours 08–18, 20 % in the other fourteen.
      const hour = rng.chance(officeShare) ? 8 + rng.int(10) : (18 + rng.int(14)) % 24;
      const t = this.firstDay + lo * DAY + hour * HOUR + rng.int(HOUR);
      if (t >= this.start && t < this.end) return t;
    }
  }

  /** `n` instants of `sample`, sorted ascending (ids are given in creation order). */
  sampleSorted(rng: Rng, n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = this.sample(rng);
    return out.sort();
  }
}
