// The time distribution of 10 §2.3, relative to the reference instant T: the data spans the 36 months before T,
// the volume grows linearly (the last month has about twice the volume of the first), 85 % of the instants fall on
// weekdays and 80 % between 08:00 and 18:00 UTC. Customers use it for `created`; the activity steps of later issues
// draw from the same shape.
import type { Rng } from './random.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

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
      // Linear growth 1 → 2 over the span; weekdays carry 85 % of a week (0.85 / 5 per day, 0.15 / 2 per weekend day).
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
      const hour = rng.chance(0.8) ? 8 + rng.int(10) : (18 + rng.int(14)) % 24;
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
