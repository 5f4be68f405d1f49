// Target pools (10 §3.3): sets with O(1) add, remove and random pick, and the in-flight locks that keep a target to
// one request at a time.

export type Verdict = 'ok' | 'busy' | 'drop';

/** A set of items keyed by `key`, drawn from at random. */
export class Pool<T, K = T> {
  private readonly items: T[] = [];
  private readonly positions = new Map<K, number>();

  constructor(
    private readonly key: (item: T) => K,
    initial: Iterable<T> = [],
  ) {
    for (const item of initial) this.add(item);
  }

  get size(): number {
    return this.items.length;
  }

  has(key: K): boolean {
    return this.positions.has(key);
  }

  add(item: T): boolean {
    const k = this.key(item);
    if (this.positions.has(k)) return false;
    this.positions.set(k, this.items.length);
    this.items.push(item);
    return true;
  }

  remove(key: K): boolean {
    const at = this.positions.get(key);
    if (at === undefined) return false;
    const last = this.items.pop()!;
    this.positions.delete(key);
    if (at < this.items.length) {
      this.items[at] = last;
      this.positions.set(this.key(last), at);
    }
    return true;
  }

  values(): readonly T[] {
    return this.items;
  }

  /**
   * A random item that `check` accepts. Items it calls 'drop' leave the pool; 'busy' ones (in flight) stay.
   * A few random draws first, then a scan from a random start, so a mostly busy pool still finds its free items.
   */
  pick(random: () => number, check: (item: T) => Verdict = () => 'ok', draws = 8): T | undefined {
    for (let i = 0; i < draws && this.items.length > 0; i++) {
      const item = this.items[Math.floor(random() * this.items.length)]!;
      const verdict = check(item);
      if (verdict === 'ok') return item;
      if (verdict === 'drop') this.remove(this.key(item));
    }
    const n = this.items.length;
    if (n === 0) return undefined;
    const start = Math.floor(random() * n);
    const busy: T[] = [];
    for (let i = 0; i < n; i++) {
      const item = this.items[(start + i) % n];
      if (item === undefined) continue;
      const verdict = check(item);
      if (verdict === 'ok') return item;
      if (verdict === 'busy') busy.push(item);
    }
    // Drop what the scan found dead: whatever is not busy any more.
    for (const item of [...this.items]) if (check(item) === 'drop') this.remove(this.key(item));
    return undefined;
  }
}

/** In-flight targets: keys such as `a:1000123` (activity), `c:1000456` (case), `u:1000789` (customer). */
export class Locks {
  private readonly held = new Set<string>();

  get size(): number {
    return this.held.size;
  }

  isLocked(key: string): boolean {
    return this.held.has(key);
  }

  anyLocked(keys: readonly string[]): boolean {
    return keys.some((k) => this.held.has(k));
  }

  /** Takes every key or none. */
  acquire(keys: readonly string[]): boolean {
    if (this.anyLocked(keys)) return false;
    for (const k of keys) this.held.add(k);
    return true;
  }

  release(keys: readonly string[]): void {
    for (const k of keys) this.held.delete(k);
  }
}

export const activityKey = (id: number) => `a:${id}`;
export const caseKey = (id: number) => `c:${id}`;
export const customerKey = (id: number) => `u:${id}`;
