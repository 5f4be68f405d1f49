// The seeder's deterministic pseudo-random generator (10 §2.2): xoshiro128** seeded through splitmix32. The same
// seed and stream name always give the same sequence, on every platform (32-bit integer arithmetic only).
//
// Each step draws from its own named stream (`Rng.stream(seed, 'customers')`), so a step appended later never shifts
// the values of the steps before it, and a step's content does not depend on the order the steps run in.

/** FNV-1a of a string, 32 bits. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** splitmix32: spreads one 32-bit state over well-mixed outputs; used only to seed xoshiro. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed` is any safe integer (the reference seed is 20240101); `stream` names the independent sequence. */
  static stream(seed: number, stream: string): Rng {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 2 ** 32) >>> 0;
    return new Rng((lo ^ Math.imul(hi, 0x9e3779b1) ^ fnv1a(stream)) >>> 0, fnv1a(`${stream}#${hi}`));
  }

  constructor(seed: number, salt = 0) {
    const mix = splitmix32(seed ^ Math.imul(salt, 0x27d4eb2d));
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // the all-zero state is a fixed point
  }

  /** The next 32 random bits as an unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1), 53 bits. */
  float(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [min, max], both inclusive. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** An index drawn with the given (not necessarily normalised) weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** A value of `table` drawn with its weights: `[[value, weight], ...]`. */
  pickWeighted<T>(table: readonly (readonly [T, number])[]): T {
    return table[this.weighted(table.map(([, w]) => w))]![0];
  }

  /** `digits` random decimal digits as a string (leading zeros kept). */
  digits(count: number): string {
    let s = '';
    for (let i = 0; i < count; i++) s += String(this.int(10));
    return s;
  }

  /** Shuffles in place (Fisher–Yates) and returns the array. */
  shuffle<T, A extends { length: number; [i: number]: T }>(items: A): A {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Splits `n` into whole counts proportional to `shares` (largest remainder, ties to the earlier share), so that
 * the counts add up to exactly `n`: 104 customers at 45/20/15/12/8 % give 47/21/16/12/8.
 */
export function apportion(n: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (n * s) / total);
  const counts = exact.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((x, y) => y.r - x.r || x.i - y.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k]!.i]!++;
  return counts;
}

/**
 * Exactly apportioned categories for `n` items in random order: item i gets category `result[i]`, and category c
 * occurs `apportion(n, shares)[c]` times. This makes every percentage of 10 §2 an exact count at any scale.
 */
export function assignCategories(rng: Rng, n: number, shares: readonly number[]): Uint8Array {
  if (shares.length > 255) throw new RangeError('too many categories');
  const out = new Uint8Array(n);
  let at = 0;
  apportion(n, shares).forEach((count, category) => {
    out.fill(category, at, at + count);
    at += count;
  });
  return rng.shuffle<number, Uint8Array>(out);
}

/** Exactly Math.round(n × p) of n items chosen at random: `result[i]` is 1 when item i is one of them. */
export function chooseExactly(rng: Rng, n: number, p: number): Uint8Array {
  const out = new Uint8Array(n);
  out.fill(1, 0, Math.min(n, Math.round(n * p)));
  return rng.shuffle<number, Uint8Array>(out);
}
