// Per-API measurements (10 §6): one HDR histogram of response times per API (microseconds, 4 significant digits,
// so that one decimal of a millisecond means something up to 10 s), counts, failures by HTTP status and error code,
// skipped requests; and the per-minute series. (32-bit buckets: the packed ones take ~0.2 s per percentile.)
import * as hdr from 'hdr-histogram-js';
import type { ApiDef } from './apis.ts';
import type { Outcome } from './outcome.ts';

export type Histogram = hdr.Histogram;

export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 4, bitBucketSize: 32, autoResize: true });
}

export type LatencySummary = { count: number; meanMs: number; p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number };

/** Round to one decimal (ms, 10 §6). */
export const round1 = (ms: number) => Math.round(ms * 10) / 10;

export function summarise(h: Histogram): LatencySummary | undefined {
  if (h.totalCount === 0) return undefined;
  return {
    count: h.totalCount,
    meanMs: round1(h.mean / 1000),
    p50Ms: round1(h.getValueAtPercentile(50) / 1000),
    p90Ms: round1(h.getValueAtPercentile(90) / 1000),
    p99Ms: round1(h.getValueAtPercentile(99) / 1000),
    maxMs: round1(h.maxValue / 1000),
  };
}

/** Nearest-rank percentile of unsorted values (the per-minute series). */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export class ApiStats {
  /** Measured requests that got an answer or failed (skipped ones are not requests). */
  count = 0;
  failures = 0;
  readonly byStatus: Record<string, number> = {};
  readonly byCode: Record<string, number> = {};
  skipped = 0;
  private hist: Histogram | undefined;

  constructor(readonly api: ApiDef) {}

  /** Allocated at the first recorded time (about 850 KB each). */
  get histogram(): Histogram {
    return (this.hist ??= newHistogram());
  }

  get hasTimes(): boolean {
    return this.hist !== undefined && this.hist.totalCount > 0;
  }
}

type MinuteBucket = { requests: number; failures: number; latencies: Map<number, number[]> };

export type MinutePoint = { minute: number; requests: number; ratePerSecond: number; failures: number; p90Ms: Record<string, number> };

export class Recorder {
  readonly apis = new Map<number, ApiStats>();
  readonly total = newHistogram();
  private readonly minutes = new Map<number, MinuteBucket>();

  /** `histograms: false` keeps counts and the per-minute series only (the series recorder of capacity runs). */
  constructor(
    apis: readonly ApiDef[],
    private readonly histograms = true,
  ) {
    for (const api of apis) this.apis.set(api.no, new ApiStats(api));
  }

  private stats(api: ApiDef): ApiStats {
    let s = this.apis.get(api.no);
    if (!s) this.apis.set(api.no, (s = new ApiStats(api)));
    return s;
  }

  /**
   * One measured request. `latencyMs` is undefined for requests without an answer (transport error, timeout):
   * they count as failures but have no response time.
   */
  record(api: ApiDef, outcome: Outcome, latencyMs: number | undefined, minute?: number): void {
    const s = this.stats(api);
    s.count++;
    if (!outcome.ok) {
      s.failures++;
      const status = String(outcome.status);
      s.byStatus[status] = (s.byStatus[status] ?? 0) + 1;
      const code = outcome.code ?? 'none';
      s.byCode[code] = (s.byCode[code] ?? 0) + 1;
    }
    if (latencyMs !== undefined && this.histograms) {
      const us = Math.max(1, Math.round(latencyMs * 1000));
      s.histogram.recordValue(us);
      this.total.recordValue(us);
    }
    if (minute !== undefined) {
      let b = this.minutes.get(minute);
      if (!b) this.minutes.set(minute, (b = { requests: 0, failures: 0, latencies: new Map() }));
      b.requests++;
      if (!outcome.ok) b.failures++;
      if (latencyMs !== undefined) {
        let l = b.latencies.get(api.no);
        if (!l) b.latencies.set(api.no, (l = []));
        l.push(latencyMs);
      }
    }
  }

  skip(api: ApiDef): void {
    this.stats(api).skipped++;
  }

  get requests(): number {
    let n = 0;
    for (const s of this.apis.values()) n += s.count;
    return n;
  }

  get failures(): number {
    let n = 0;
    for (const s of this.apis.values()) n += s.failures;
    return n;
  }

  get skipped(): number {
    let n = 0;
    for (const s of this.apis.values()) n += s.skipped;
    return n;
  }

  /** The per-minute series; `secondsOf(minute)` gives the measured seconds of that minute (the last may be short). */
  series(secondsOf: (minute: number) => number): MinutePoint[] {
    return [...this.minutes.entries()]
      .sort(([a], [b]) => a - b)
      .map(([minute, b]) => {
        const p90Ms: Record<string, number> = {};
        for (const [no, values] of [...b.latencies.entries()].sort(([x], [y]) => x - y)) p90Ms[String(no)] = round1(percentile(values, 90)!);
        const seconds = secondsOf(minute);
        return { minute, requests: b.requests, ratePerSecond: seconds > 0 ? round1(b.requests / seconds) : 0, failures: b.failures, p90Ms };
      });
  }
}
