import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { apis } from '../../../bench/load/apis.ts';
import { Mix } from '../../../bench/load/mix.ts';
import { capacitySteps, connectionsFor, parseOptions, UsageError } from '../../../bench/load/options.ts';
import { connectionsUsed } from '../../../bench/load/driver.ts';
import {
  apiRows,
  apiTable,
  capacityResult,
  judgeRun,
  notReferenceReasons,
  renderMarkdown,
  stepEndsRun,
  totals,
  type Report,
  type StepRow,
} from '../../../bench/load/report.ts';
import { countsForDatabase, cpuPercents, parsePrometheus, statTicks, summariseServer } from '../../../bench/load/resources.ts';
import { percentile, Recorder, round1, summarise, newHistogram } from '../../../bench/load/stats.ts';
import { capacityChart, logTicks, percentileChart } from '../../../bench/load/svg.ts';

const ok = { ok: true, status: 200 };
const api = (no: number) => apis.find((a) => a.no === no)!;

describe('percentiles and formatting', () => {
  it('reads p50/p90/p99/max from the HDR histogram in ms with one decimal', () => {
    const h = newHistogram();
    for (let ms = 1; ms <= 1000; ms++) h.recordValue(ms * 1000 + 250); // 1.25 … 1000.25 ms in µs
    const s = summarise(h)!;
    expect(s.count).toBe(1000);
    expect(s.p50Ms).toBeCloseTo(500.3, 0);
    expect(s.p90Ms).toBeCloseTo(900.3, 0);
    expect(s.p99Ms).toBeCloseTo(990.3, 0);
    expect(s.maxMs).toBeCloseTo(1000.3, 0);
    expect(s.meanMs).toBeCloseTo(500.8, 0);
    expect(summarise(newHistogram())).toBeUndefined();
  });

  it('rounds to one decimal and takes nearest-rank percentiles', () => {
    expect(round1(12.345)).toBe(12.3);
    expect(round1(12.35)).toBe(12.4);
    expect(percentile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('per-API rows, totals and the verdict (10 §4, §6)', () => {
  const mix = Mix.fromOptions(undefined, '8,9,11,30,31');

  function recorder(latencies: Record<number, number[]>, failures: Record<number, number> = {}, skipped = 0): Recorder {
    const r = new Recorder(mix.entries.map((e) => e.api));
    for (const [no, values] of Object.entries(latencies)) for (const v of values) r.record(api(Number(no)), ok, v, 0);
    for (const [no, n] of Object.entries(failures)) for (let i = 0; i < n; i++) r.record(api(Number(no)), { ok: false, status: 409, code: '409-102' }, 12, 0);
    for (let i = 0; i < skipped; i++) r.skip(api(1));
    return r;
  }

  it('has one row per API of 10 §3.2, excluded ones marked, and the reference p90 where §4 has one', () => {
    const rows = apiRows(recorder({ 1: [10, 20, 30], 19: [600, 700, 800] }), mix, 60, 500);
    expect(rows).toHaveLength(31);
    expect(rows.find((r) => r.no === 11)).toMatchObject({ p90Verdict: 'excluded', referenceP90Ms: 1270, count: 0 });
    expect(rows.find((r) => r.no === 1)).toMatchObject({ count: 3, p90Verdict: 'pass', achievedRate: 0.05 });
    expect(rows.find((r) => r.no === 19)).toMatchObject({ p90Verdict: 'fail', referenceP90Ms: 556 });
    expect(rows.find((r) => r.no === 2)).toMatchObject({ p90Verdict: 'no data', p90Ms: null });
    expect(rows.find((r) => r.no === 1)!.histogram).toMatch(/^[A-Za-z0-9+/=]+$/);
  });

  it('counts failures by status and code', () => {
    const rows = apiRows(recorder({}, { 14: 2 }), mix, 60, 500);
    expect(rows.find((r) => r.no === 14)).toMatchObject({ count: 2, failures: 2, failuresByStatus: { '409': 2 }, failuresByCode: { '409-102': 2 } });
  });

  it('passes with no failure and every p90 within the threshold', () => {
    const rec = recorder({ 1: Array(1000).fill(20) });
    const v = judgeRun({ targetRate: 50, achievedRate: 49, totals: totals(rec), rows: apiRows(rec, mix, 60, 500), thresholdMs: 500 });
    expect(v).toEqual({ verdict: 'pass', exitCode: 0, reasons: [] });
  });

  it('misses the criteria (exit 1) on a failure or a p90 above the threshold', () => {
    const slow = recorder({ 1: Array(1000).fill(20) });
    expect(judgeRun({ targetRate: 50, achievedRate: 50, totals: totals(slow), rows: apiRows(slow, mix, 60, 10), thresholdMs: 10 })).toMatchObject({
      verdict: 'fail',
      exitCode: 1,
      reasons: ['Get Email Activity by ID: p90 20.0 ms > 10 ms'],
    });
    const failed = recorder({ 1: [20] }, { 12: 1 });
    expect(judgeRun({ targetRate: 50, achievedRate: 50, totals: totals(failed), rows: apiRows(failed, mix, 60, 500), thresholdMs: 500 })).toMatchObject({
      verdict: 'fail',
      exitCode: 1,
    });
  });

  it('is invalid (exit 2) below 95 % of the target rate or above 0.1 % skipped', () => {
    const rec = recorder({ 1: Array(1000).fill(20) });
    const rows = apiRows(rec, mix, 60, 500);
    expect(judgeRun({ targetRate: 50, achievedRate: 47.4, totals: totals(rec), rows, thresholdMs: 500 })).toMatchObject({ verdict: 'invalid', exitCode: 2 });
    expect(judgeRun({ targetRate: 50, achievedRate: 47.5, totals: totals(rec), rows, thresholdMs: 500 }).verdict).toBe('pass');
    const skipped = recorder({ 1: Array(998).fill(20) }, {}, 2); // 2 of 1,000 = 0.2 %
    expect(totals(skipped).skippedShare).toBeCloseTo(0.002);
    expect(judgeRun({ targetRate: 50, achievedRate: 50, totals: totals(skipped), rows, thresholdMs: 500 })).toMatchObject({ verdict: 'invalid', exitCode: 2 });
    const one = recorder({ 1: Array(999).fill(20) }, {}, 1); // 0.1 % is allowed
    expect(judgeRun({ targetRate: 50, achievedRate: 50, totals: totals(one), rows, thresholdMs: 500 }).verdict).toBe('pass');
  });

  it('says why a run is not a reference run', () => {
    const reference = { profile: 'reference', scale: 1, measuredSeconds: 7200, rate: 50, users: 5, fresh: true, subset: false, thresholdMs: 500 };
    expect(notReferenceReasons(reference)).toEqual([]);
    expect(notReferenceReasons({ ...reference, scale: 0.02, measuredSeconds: 60, fresh: false, subset: true })).toHaveLength(4);
  });

  it('a p90 threshold other than the 500 ms of 10 §4 is not a reference run, in either direction', () => {
    const reference = { profile: 'reference', scale: 1, measuredSeconds: 7200, rate: 50, users: 5, fresh: true, subset: false, thresholdMs: 500 };
    expect(notReferenceReasons({ ...reference, thresholdMs: 2000 })).toEqual(['p90 threshold 2000 ms (reference: 500 ms, 10 §4)']);
    expect(notReferenceReasons({ ...reference, thresholdMs: 1 })).toEqual(['p90 threshold 1 ms (reference: 500 ms, 10 §4)']);
    // The verdict follows the threshold, so a 2,000 ms run can pass where §4 fails it: it must not be a reference run.
    const rec = new Recorder([api(1)]);
    for (let i = 0; i < 100; i++) rec.record(api(1), ok, 800, 0);
    const only1 = Mix.fromOptions('1', undefined);
    const v = judgeRun({ targetRate: 50, achievedRate: 50, totals: totals(rec), rows: apiRows(rec, only1, 60, 2000), thresholdMs: 2000 });
    expect(v.verdict).toBe('pass');
    expect(notReferenceReasons({ ...reference, thresholdMs: 2000 })).not.toEqual([]);
  });

  it('renders the Markdown report with one-decimal times and the failure breakdown', () => {
    const rec = recorder({ 1: [10, 20, 30] }, { 14: 1 });
    const rows = apiRows(rec, mix, 60, 500);
    const lines = apiTable(rows);
    expect(lines.find((l) => l.startsWith('| 1 |'))).toContain('| 3 | 0 | 0 | 20.0 | 20.0 | 30.0 | 30.0 | 30.0 |');
    expect(lines.find((l) => l.startsWith('| 14 |'))).toContain('1 (409×1 / 409-102×1)');
    const report = fakeReport(rows, totals(rec));
    const md = renderMarkdown(report);
    expect(md).toContain('# Load test: reference profile, FAIL');
    expect(md).toContain('**Not a reference run**: scale 0.02');
    expect(md).toContain('| 1 | Get Email Activity by ID | `GET /system/ws/v12/interaction/activity/{id}[?$attribute=all]` |');
    expect(md).toContain('## Time series');
    expect(md).toContain('## Capacity');
    expect(md).toContain('Highest sustained rate: **75/s** (achieved 74.50/s)');
  });

  it('draws well-formed SVG charts with the threshold', () => {
    const rows = apiRows(recorder({ 1: [10, 20, 30], 17: [600, 700, 900] }), mix, 60, 500);
    const svg = percentileChart(rows, 500, 'p50 / p90 / p99 <by API>');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('p90 threshold 500 ms');
    expect(svg).toContain('1. Get Email Activity by ID');
    expect(svg).toContain('&lt;by API&gt;');
    const cap = capacityChart(steps(), 500, 'capacity');
    expect(XMLValidator.validate(cap)).toBe(true);
    expect(cap).toContain('worst API p90');
    expect(logTicks(1, 1000)).toEqual([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]);
  });
});

describe('capacity result (10 §5)', () => {
  it('a saturated step that meets the criteria passes: it is the highest sustained rate, flagged generator-bound, and the run stops', () => {
    const [a, b] = steps();
    const saturated = { ...b!, generatorCpuPercent: 95, generatorBound: true };
    expect(stepEndsRun(a!)).toBe(false);
    expect(stepEndsRun(saturated)).toBe(true);
    const r = capacityResult([a!, saturated], 2000);
    expect(r).toMatchObject({ best: 1, highestSustainedRate: 75, achievedRateAtHighest: 74.5, generatorBound: true });
    expect(r.stopReason).toBe('the generator saturated at 75/s (CPU 95% of one core): generator-bound');
  });

  it('a saturated step that misses the criteria fails as any other; the result is still flagged generator-bound', () => {
    const [a, , c] = steps();
    const r = capacityResult([a!, { ...c!, generatorCpuPercent: 97, generatorBound: true }], 2000);
    expect(r).toMatchObject({ best: 0, highestSustainedRate: 50, generatorBound: true });
    expect(r.stopReason).toBe('step 100/s failed: x (the generator saturated: CPU 97% of one core)');
  });

  it('stops at the first failing step or at --max-rate', () => {
    const all = steps();
    expect(stepEndsRun(all[2]!)).toBe(true);
    expect(capacityResult(all, 2000)).toMatchObject({ best: 1, highestSustainedRate: 75, generatorBound: false, stopReason: 'step 100/s failed: x' });
    expect(capacityResult(all.slice(0, 2), 75)).toMatchObject({ best: 1, stopReason: 'reached --max-rate 75' });
    expect(capacityResult([all[2]!], 2000)).toMatchObject({ best: -1, highestSustainedRate: null, achievedRateAtHighest: null });
  });

  it('shows a generator-bound step in the step table', () => {
    const rec = new Recorder([api(1)]);
    const report = fakeReport(apiRows(rec, Mix.fromOptions('1', undefined), 60, 500), totals(rec));
    const [a, b] = steps();
    report.capacity = { steps: [a!, { ...b!, generatorBound: true }], highestSustainedRate: 75, achievedRateAtHighest: 74.5, generatorBound: true, stopReason: 'the generator saturated' };
    const md = renderMarkdown(report);
    expect(md).toContain('Highest sustained rate: **75/s** (achieved 74.50/s), **generator-bound**');
    expect(md).toMatch(/\| 75 \| 74\.50 \|.*\| pass \(generator-bound\) \|/);
  });
});

function steps(): StepRow[] {
  const base = { connections: 20, requests: 3000, failures: 0, skipped: 0, serverCpuPercent: 40, serverMemoryMb: 300, generatorCpuPercent: 10, generatorBound: false, apis: [] };
  return [
    { ...base, targetRate: 50, achievedRate: 49.9, worstApi: 'Edit Customer', worstP90Ms: 40, p50Ms: 5, p90Ms: 12, p99Ms: 30, passed: true, reasons: [] },
    { ...base, targetRate: 75, achievedRate: 74.5, worstApi: 'Edit Customer', worstP90Ms: 90, p50Ms: 8, p90Ms: 20, p99Ms: 60, passed: true, reasons: [] },
    { ...base, targetRate: 100, achievedRate: 90, worstApi: 'Close Case', worstP90Ms: 800, p50Ms: 30, p90Ms: 300, p99Ms: 900, passed: false, reasons: ['x'] },
  ];
}

function fakeReport(rows: ReturnType<typeof apiRows>, t: ReturnType<typeof totals>): Report {
  return {
    format: 'ece-bench-report/1',
    run: {
      profile: 'reference',
      runId: 'rtest',
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:01:10.000Z',
      warmupSeconds: 10,
      measuredSeconds: 60,
      targetRate: 50,
      achievedRate: 49.5,
      users: 5,
      connections: 20,
      seed: 20240101,
      scale: 0.02,
      generatorSeed: 1,
      manifest: { path: '/x/bench-manifest.json', sha256: 'ab'.repeat(32), T: '2026-01-01T00:00:00.000Z' },
      baseUrl: 'http://127.0.0.1:8080',
      thresholdMs: 500,
      referenceRun: false,
      notReferenceBecause: ['scale 0.02 (reference: 1.0)'],
      only: null,
      exclude: '8,9,11,30,31',
      verdict: 'fail',
      exitCode: 1,
      reasons: ['1 failed requests'],
    },
    apis: rows,
    totals: t,
    server: [summariseServer('http://127.0.0.1:8080/metrics', [], 0, [])],
    database: { local: true, proc: null, sizeBeforeBytes: 1048576, sizeAfterBytes: 2097152, freshlySeeded: true, version: '15.20' },
    generator: {
      cpuPercent: { avg: 5, peak: 7 },
      eventLoopDelayP99Ms: null,
      connections: 20,
      targetRate: 50,
      achievedRate: 49.5,
      saturated: false,
      abandonedRequests: 0,
      pools: { before: { queue: 10 }, after: { queue: 8 } },
    },
    timeSeries: [{ minute: 0, requests: 2970, ratePerSecond: 49.5, failures: 1, p90Ms: { '1': 20 }, serverCpuPercent: 30, serverMemoryMb: 250 }],
    environment: { node: 'v20' },
    capacity: { steps: steps(), highestSustainedRate: 75, achievedRateAtHighest: 74.5, generatorBound: false, stopReason: 'step 100/s failed' },
    notes: [],
  };
}

describe('resource sampling', () => {
  it('parses the Prometheus text of /metrics', () => {
    const m = parsePrometheus(
      [
        '# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.',
        '# TYPE process_cpu_seconds_total counter',
        'process_cpu_seconds_total 12.5',
        'process_resident_memory_bytes 104857600',
        'nodejs_eventloop_lag_p99_seconds 0.012',
        'ece_db_pool_in_use 3',
        'http_requests_total{method="GET",route="/x",status="200"} 5',
        'http_requests_total{method="GET",route="/y",status="200"} 7',
      ].join('\n'),
    );
    expect(m.get('process_cpu_seconds_total')).toBe(12.5);
    expect(m.get('http_requests_total')).toBe(12);
    expect(m.get('ece_db_pool_in_use')).toBe(3);
  });

  it('turns CPU seconds into % of one core between samples inside the windows', () => {
    const samples = [
      { t: 0, cpuSeconds: 10 },
      { t: 5000, cpuSeconds: 12.5 },
      { t: 10_000, cpuSeconds: 13 },
      { t: 15_000, cpuSeconds: 20 },
    ];
    expect(cpuPercents(samples, (s) => s.cpuSeconds, [[4000, 11_000]]).map((c) => c.pct)).toEqual([50, 10]);
    const s = summariseServer('u', samples.map((x) => ({ ...x, rssBytes: 100 * 1048576 })), 1, [[0, 20_000]]);
    expect(s.cpuPercent).toEqual({ avg: 66.7, peak: 140 });
    expect(s.residentMemoryMb).toEqual({ avg: 100, peak: 100 });
    expect(s.scrapeErrors).toBe(1);
  });

  it("reads utime + stime from /proc/<pid>/stat, whatever the command's name", () => {
    const stat = '4242 (postgres: ece ece_load 127.0.0.1(4) idle) S 1 4242 4242 0 -1 4194560 1234 0 0 0 150 25 0 0 20 0 1 0 100 0 0';
    expect(statTicks(stat)).toBe(175);
    expect(statTicks('garbage')).toBeUndefined();
  });

  it("counts the database's own backends and the shared processes, not other databases' backends", () => {
    const db = 'ece_load';
    expect(countsForDatabase('postgres: 15/main: ece ece_load 127.0.0.1(38860) idle\0', db)).toBe(true);
    expect(countsForDatabase('postgres: 15/main: ece ece_kb_scale 127.0.0.1(37558) INSERT', db)).toBe(false);
    expect(countsForDatabase('postgres: ece other [local] SELECT', db)).toBe(false);
    expect(countsForDatabase('postgres: main: ece ece_load [local] idle', db)).toBe(true);
    expect(countsForDatabase('postgres: 15/main: checkpointer', db)).toBe(true);
    expect(countsForDatabase('postgres: 15/main: autovacuum worker ece_test', db)).toBe(false);
    expect(countsForDatabase('postgres: autovacuum worker ece_load', db)).toBe(true);
    expect(countsForDatabase('/usr/lib/postgresql/15/bin/postgres\0-D\0/var/lib/postgresql/15/main', db)).toBe(true);
  });
});

describe('options (10 §7)', () => {
  it('has the defaults of 10 §7', () => {
    const o = parseOptions([]);
    expect(o).toMatchObject({
      profile: 'reference',
      duration: 7200,
      warmup: 120,
      rate: 50,
      users: 5,
      startRate: 50,
      step: 25,
      stepDuration: 120,
      maxRate: 2000,
      baseUrl: 'http://127.0.0.1:8080',
      metricsUrls: ['http://127.0.0.1:8080/metrics'],
      manifest: './bench-manifest.json',
      out: './bench-results',
      thresholdMs: 500,
    });
  });

  it('takes repeated --metrics-url, a threshold and a subset', () => {
    const o = parseOptions(['--profile', 'capacity', '--metrics-url', 'http://a:1/metrics', '--metrics-url', 'http://b:2/metrics', '--threshold-ms', '1', '--exclude', '8,9']);
    expect(o).toMatchObject({ profile: 'capacity', metricsUrls: ['http://a:1/metrics', 'http://b:2/metrics'], thresholdMs: 1, exclude: '8,9' });
  });

  it('refuses bad values', () => {
    expect(() => parseOptions(['--duration', '59'])).toThrow(UsageError);
    expect(() => parseOptions(['--profile', 'soak'])).toThrow(UsageError);
    expect(() => parseOptions(['--rate', 'x'])).toThrow(UsageError);
    expect(() => parseOptions(['--bogus'])).toThrow(UsageError);
    expect(() => parseOptions(['--start-rate', '100', '--max-rate', '50'])).toThrow(UsageError);
    expect(parseOptions(['--help'])).toBe('help');
  });

  it('grows the connections with the rate: at least 4 per user and rate ÷ 25, spread evenly over the users', () => {
    expect(connectionsFor(50, 5)).toBe(20);
    expect(connectionsFor(200, 5)).toBe(20);
    expect(connectionsFor(201, 5)).toBe(25);
    expect(connectionsFor(500, 5)).toBe(50);
    expect(connectionsFor(2000, 5)).toBe(200);
    expect(capacitySteps(50, 25, 140)).toEqual([50, 75, 100, 125]);
  });

  it('reports the connections autocannon opens: never more than the rate', () => {
    expect(connectionsUsed(20, 50)).toBe(20);
    expect(connectionsUsed(20, 20)).toBe(20);
    expect(connectionsUsed(20, 10)).toBe(10);
    expect(connectionsUsed(20, 1)).toBe(1);
  });
});
