// Random choices of 10 §3.2: "hot" records (80 % of picks from the newest 10 % by creation time, 20 % uniform over
// all of them), id ranges, days of the data span, log-normal sizes.
import type { Rng } from '../seed/random.ts';

export type IdRanges = readonly (readonly [number, number])[];

/** Inclusive id ranges drawn from uniformly. */
export class RangeSet {
  private readonly ends: number[] = [];
  readonly size: number;

  constructor(readonly ranges: IdRanges) {
    let total = 0;
    for (const [from, to] of ranges) {
      if (to < from) throw new RangeError(`bad range [${from}, ${to}]`);
      total += to - from + 1;
      this.ends.push(total);
    }
    this.size = total;
  }

  /** The id at position `i` (0 ≤ i < size). */
  at(i: number): number {
    let lo = 0;
    let hi = this.ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (i < this.ends[mid]!) hi = mid;
      else lo = mid + 1;
    }
    const before = lo === 0 ? 0 : this.ends[lo - 1]!;
    return this.ranges[lo]![0] + (i - before);
  }

  pick(rng: Rng): number {
    if (this.size === 0) throw new RangeError('pick from an empty range set');
    return this.at(rng.int(this.size));
  }
}

/** 80 % `hot()`, 20 % `all()`. */
export function hot<T>(rng: Rng, hotPick: () => T, allPick: () => T): T {
  return rng.chance(0.8) ? hotPick() : allPick();
}

/** Log-normal with the given median and 90th percentile, capped at `max` (and at least `min`). */
export function logNormal(rng: Rng, median: number, p90: number, max: number, min = 0): number {
  const sigma = Math.log(p90 / median) / 1.2815515655446004;
  // Box–Muller
  const u1 = Math.max(rng.float(), Number.MIN_VALUE);
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.float());
  return Math.min(max, Math.max(min, Math.round(median * Math.exp(sigma * z))));
}

const dayMs = 86_400_000;

/** A day (YYYY-MM-DD) of the span [from, to): 80 % from its last 10 %. */
export function spanDay(rng: Rng, from: Date, to: Date): string {
  const start = Math.floor(from.getTime() / dayMs);
  const end = Math.floor((to.getTime() - 1) / dayMs);
  const days = end - start + 1;
  const recent = Math.max(1, Math.ceil(days / 10));
  const day = rng.chance(0.8) ? end - recent + 1 + rng.int(recent) : start + rng.int(days);
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

/** A random instant of the `days` days before `t`, as ISO text. */
export function instantBefore(rng: Rng, t: Date, days: number): string {
  return new Date(t.getTime() - Math.floor(rng.float() * days * dayMs)).toISOString();
}
