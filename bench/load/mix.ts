// Choosing the API of each request with the shares of 10 §3.2, optionally restricted to a subset (--only/--exclude)
// whose shares are renormalised to 100 %.
import { apis as allApis, nameKey, type ApiDef } from './apis.ts';

export class MixError extends Error {}

/** Resolves a comma-separated list of API numbers or names ("8,9,Post Inbound Activity"), case and spacing free. */
export function resolveApis(list: string, apis: readonly ApiDef[] = allApis): ApiDef[] {
  const out: ApiDef[] = [];
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const found = /^#?\d+$/.test(item)
      ? apis.find((a) => a.no === Number(item.replace('#', '')))
      : apis.find((a) => nameKey(a.name) === nameKey(item));
    if (!found) throw new MixError(`unknown API '${item}' (use a number 1..${apis.length} or a name of 10 §3.2)`);
    if (!out.includes(found)) out.push(found);
  }
  return out;
}

export type MixEntry = { api: ApiDef; /** effective share in % after renormalisation */ share: number };

export class Mix {
  readonly entries: readonly MixEntry[];
  /** True when --only or --exclude changed the set of APIs. */
  readonly subset: boolean;
  private readonly cumulative: number[];

  constructor(selected: readonly ApiDef[], all: readonly ApiDef[] = allApis) {
    if (selected.length === 0) throw new MixError('no API left to run');
    const total = selected.reduce((s, a) => s + a.share, 0);
    this.entries = selected.map((api) => ({ api, share: (api.share * 100) / total }));
    this.subset = selected.length !== all.length;
    let acc = 0;
    this.cumulative = this.entries.map((e) => (acc += e.share / 100));
    this.cumulative[this.cumulative.length - 1] = 1;
  }

  static fromOptions(only: string | undefined, exclude: string | undefined, all: readonly ApiDef[] = allApis): Mix {
    let selected = only ? resolveApis(only, all) : [...all];
    if (exclude) {
      const out = resolveApis(exclude, all);
      selected = selected.filter((a) => !out.includes(a));
    }
    selected.sort((a, b) => a.no - b.no);
    return new Mix(selected, all);
  }

  /** The API for a uniform draw `u` in [0, 1). */
  pick(u: number): ApiDef {
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u < this.cumulative[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return this.entries[lo]!.api;
  }

  has(no: number): boolean {
    return this.entries.some((e) => e.api.no === no);
  }
}
