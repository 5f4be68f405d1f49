// The report of 10 §6: per-API rows, totals, verdict (§4), and its Markdown form. Pure: run.ts gathers the inputs.
import { encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { apis as allApis, type ApiDef } from './apis.ts';
import type { Mix } from './mix.ts';
import type { ProcSummary, ServerSummary, Stat } from './resources.ts';
import { round1, summarise, type MinutePoint, type Recorder } from './stats.ts';

export const reportFormat = 'ece-bench-report/1';
/** 10 §3.3: more skipped requests than this share make the run invalid. */
export const maxSkippedShare = 0.001;
/** 10 §3.1: an achieved rate below this share of the target makes the run invalid. */
export const minRateShare = 0.95;

export type P90Verdict = 'pass' | 'fail' | 'no data' | 'excluded';

export type ApiRow = {
  no: number;
  name: string;
  template: string;
  /** Share of the requests in %, after --only/--exclude. */
  share: number;
  count: number;
  failures: number;
  failuresByStatus: Record<string, number>;
  failuresByCode: Record<string, number>;
  skipped: number;
  meanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  achievedRate: number;
  p90Verdict: P90Verdict;
  referenceP90Ms: number | null;
  /** The HDR histogram (microseconds), compressed base64, for later merging. */
  histogram?: string;
};

export type Totals = {
  requests: number;
  failures: number;
  skipped: number;
  skippedShare: number;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
};

export function apiRows(recorder: Recorder, mix: Mix, measuredSeconds: number, thresholdMs: number, apis: readonly ApiDef[] = allApis): ApiRow[] {
  return apis.map((api) => {
    const entry = mix.entries.find((e) => e.api.no === api.no);
    const s = recorder.apis.get(api.no);
    const lat = s?.hasTimes ? summarise(s.histogram) : undefined;
    const verdict: P90Verdict = !entry ? 'excluded' : !lat ? 'no data' : lat.p90Ms <= thresholdMs ? 'pass' : 'fail';
    return {
      no: api.no,
      name: api.name,
      template: api.template,
      share: entry ? round1(entry.share * 100) / 100 : 0,
      count: s?.count ?? 0,
      failures: s?.failures ?? 0,
      failuresByStatus: { ...(s?.byStatus ?? {}) },
      failuresByCode: { ...(s?.byCode ?? {}) },
      skipped: s?.skipped ?? 0,
      meanMs: lat?.meanMs ?? null,
      p50Ms: lat?.p50Ms ?? null,
      p90Ms: lat?.p90Ms ?? null,
      p99Ms: lat?.p99Ms ?? null,
      maxMs: lat?.maxMs ?? null,
      achievedRate: measuredSeconds > 0 ? round1(((s?.count ?? 0) / measuredSeconds) * 100) / 100 : 0,
      p90Verdict: verdict,
      referenceP90Ms: api.referenceP90Ms ?? null,
      histogram: s?.hasTimes ? encodeIntoCompressedBase64(s.histogram) : undefined,
    };
  });
}

export function totals(recorder: Recorder): Totals {
  const lat = summarise(recorder.total);
  const requests = recorder.requests;
  const skipped = recorder.skipped;
  return {
    requests,
    failures: recorder.failures,
    skipped,
    skippedShare: requests + skipped > 0 ? skipped / (requests + skipped) : 0,
    p50Ms: lat?.p50Ms ?? null,
    p90Ms: lat?.p90Ms ?? null,
    p99Ms: lat?.p99Ms ?? null,
    maxMs: lat?.maxMs ?? null,
  };
}

export type Verdict = { verdict: 'pass' | 'fail' | 'invalid'; exitCode: 0 | 1 | 2; reasons: string[] };

/** 10 §4 with §3.1 and §3.3: invalid (exit 2) beats criteria missed (exit 1) beats pass (exit 0). */
export function judgeRun(input: { targetRate: number; achievedRate: number; totals: Totals; rows: readonly ApiRow[]; thresholdMs: number }): Verdict {
  const invalid: string[] = [];
  const missed: string[] = [];
  if (input.achievedRate < minRateShare * input.targetRate) {
    invalid.push(`achieved rate ${input.achievedRate.toFixed(2)}/s is below 95 % of the target ${input.targetRate}/s`);
  }
  if (input.totals.skippedShare > maxSkippedShare) {
    invalid.push(`${input.totals.skipped} skipped requests (${(input.totals.skippedShare * 100).toFixed(2)} %) exceed 0.1 %`);
  }
  if (input.totals.requests === 0) invalid.push('no request was measured');
  if (input.totals.failures > 0) missed.push(`${input.totals.failures} failed requests`);
  for (const r of input.rows) {
    if (r.p90Verdict === 'fail') missed.push(`${r.name}: p90 ${r.p90Ms!.toFixed(1)} ms > ${input.thresholdMs} ms`);
  }
  if (invalid.length) return { verdict: 'invalid', exitCode: 2, reasons: [...invalid, ...missed] };
  if (missed.length) return { verdict: 'fail', exitCode: 1, reasons: missed };
  return { verdict: 'pass', exitCode: 0, reasons: [] };
}

/** 10 §4, criterion 2: the p90 limit of a reference run. */
export const referenceThresholdMs = 500;

/**
 * Why a run is "not a reference run" (10 §3.5); empty when it is one. Besides §3.5's conditions: the full mix of
 * §3.2 and the p90 criterion of §4 (500 ms), since a reference run is judged by exactly those (a run judged at
 * another threshold could "pass" where §4 fails it, or the reverse).
 */
export function notReferenceReasons(r: {
  profile: string;
  scale: number;
  measuredSeconds: number;
  rate: number;
  users: number;
  fresh: boolean | null;
  subset: boolean;
  thresholdMs: number;
}): string[] {
  const out: string[] = [];
  if (r.profile !== 'reference') out.push(`profile ${r.profile}`);
  if (r.scale !== 1) out.push(`scale ${r.scale} (reference: 1.0)`);
  if (r.measuredSeconds < 7200) out.push(`measured ${r.measuredSeconds} s (reference: ≥ 7,200 s)`);
  if (r.rate < 50) out.push(`rate ${r.rate}/s (reference: ≥ 50/s)`);
  if (r.users !== 5) out.push(`${r.users} users (reference: 5)`);
  if (r.fresh === false) out.push('the database is not freshly seeded (counts differ from the manifest)');
  if (r.fresh === null) out.push('freshness of the database unknown (no DATABASE_URL)');
  if (r.subset) out.push('a subset of the API mix (--only/--exclude)');
  if (r.thresholdMs !== referenceThresholdMs) out.push(`p90 threshold ${r.thresholdMs} ms (reference: ${referenceThresholdMs} ms, 10 §4)`);
  return out;
}

export type StepRow = {
  targetRate: number;
  achievedRate: number;
  connections: number;
  requests: number;
  failures: number;
  skipped: number;
  worstApi: string | null;
  worstP90Ms: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  serverCpuPercent: number | null;
  serverMemoryMb: number | null;
  generatorCpuPercent: number | null;
  /** Judged on the criteria of 10 §5 alone; generator saturation does not fail a step. */
  passed: boolean;
  /** The generator used more than 90 % of one core in this step: the run stopped here, "generator-bound" (10 §5). */
  generatorBound: boolean;
  reasons: string[];
  apis: ApiRow[];
};

/** A capacity step (10 §5): no failure, every p90 within the threshold, achieved ≥ 95 % of its target. */
export function judgeStep(rows: readonly ApiRow[], t: Totals, targetRate: number, achievedRate: number, thresholdMs: number): { passed: boolean; reasons: string[] } {
  const v = judgeRun({ targetRate, achievedRate, totals: t, rows, thresholdMs });
  return { passed: v.verdict === 'pass', reasons: v.reasons };
}

/** 10 §5: the run stops after the first failing step, and after a step in which the generator saturated. */
export function stepEndsRun(s: StepRow): boolean {
  return !s.passed || s.generatorBound;
}

export type CapacityResult = {
  /** Index in the steps of the highest sustained step (the last passing one), or -1. */
  best: number;
  highestSustainedRate: number | null;
  achievedRateAtHighest: number | null;
  /** The run stopped because the generator saturated (10 §5): its result is "generator-bound". */
  generatorBound: boolean;
  stopReason: string;
};

/**
 * The result of the steps run (10 §5): the highest sustained rate is the rate of the last passing step, a step in
 * which the generator saturated included (it passes or fails on the criteria alone); the result is marked
 * generator-bound when the run stopped on a saturated step.
 */
export function capacityResult(steps: readonly StepRow[], maxRate: number): CapacityResult {
  let best = -1;
  for (const [i, s] of steps.entries()) if (s.passed) best = i;
  const last = steps.at(-1);
  const cpu = (s: StepRow) => `CPU ${s.generatorCpuPercent ?? '?'}% of one core`;
  let stopReason = `reached --max-rate ${maxRate}`;
  if (last && !last.passed) {
    stopReason = `step ${last.targetRate}/s failed: ${last.reasons.join('; ')}${last.generatorBound ? ` (the generator saturated: ${cpu(last)})` : ''}`;
  } else if (last?.generatorBound) {
    stopReason = `the generator saturated at ${last.targetRate}/s (${cpu(last)}): generator-bound`;
  }
  const b = best >= 0 ? steps[best]! : undefined;
  return {
    best,
    highestSustainedRate: b?.targetRate ?? null,
    achievedRateAtHighest: b?.achievedRate ?? null,
    generatorBound: last?.generatorBound ?? false,
    stopReason,
  };
}

export function worst(rows: readonly ApiRow[]): { name: string; p90Ms: number } | null {
  let w: { name: string; p90Ms: number } | null = null;
  for (const r of rows) if (r.p90Ms !== null && (!w || r.p90Ms > w.p90Ms)) w = { name: r.name, p90Ms: r.p90Ms };
  return w;
}

export type TimePoint = MinutePoint & { serverCpuPercent: number | null; serverMemoryMb: number | null };

export type Report = {
  format: typeof reportFormat;
  run: {
    profile: string;
    runId: string;
    startedAt: string;
    endedAt: string;
    warmupSeconds: number;
    measuredSeconds: number;
    targetRate: number;
    achievedRate: number;
    users: number;
    connections: number;
    seed: number | null;
    scale: number | null;
    generatorSeed: number;
    manifest: { path: string; sha256: string; T: string };
    baseUrl: string;
    thresholdMs: number;
    referenceRun: boolean;
    notReferenceBecause: string[];
    only: string | null;
    exclude: string | null;
    verdict: Verdict['verdict'];
    exitCode: Verdict['exitCode'];
    reasons: string[];
  };
  apis: ApiRow[];
  totals: Totals;
  server: ServerSummary[];
  database: {
    local: boolean;
    proc: ProcSummary | null;
    sizeBeforeBytes: number | null;
    sizeAfterBytes: number | null;
    freshlySeeded: boolean | null;
    version: string | null;
  };
  generator: {
    cpuPercent: Stat;
    eventLoopDelayP99Ms: Stat;
    connections: number;
    targetRate: number;
    achievedRate: number;
    saturated: boolean;
    abandonedRequests: number;
    pools: { before: Record<string, number>; after: Record<string, number> };
  };
  timeSeries: TimePoint[];
  environment: Record<string, string | number>;
  capacity?: {
    steps: StepRow[];
    highestSustainedRate: number | null;
    achievedRateAtHighest: number | null;
    generatorBound: boolean;
    stopReason: string;
  };
  notes: string[];
};

// ---- Markdown ------------------------------------------------------------------------------------------------------

const ms = (v: number | null) => (v === null ? '–' : v.toFixed(1));
const n = (v: number) => v.toLocaleString('en-US');
const st = (s: Stat, unit = '') => (s ? `${s.avg.toFixed(1)}${unit} / ${s.peak.toFixed(1)}${unit}` : '–');
const mb = (bytes: number | null) => (bytes === null ? '–' : `${(bytes / 1048576).toFixed(1)} MB`);
const breakdown = (m: Record<string, number>) =>
  Object.entries(m)
    .sort(([, a], [, b]) => b - a)
    .map(([k, v]) => `${k}×${v}`)
    .join(' ');
const cell = (s: string) => s.replace(/\|/g, '\\|');

export function apiTable(rows: readonly ApiRow[], withTemplate = true): string[] {
  const lines = [
    `| # | API |${withTemplate ? ' Request |' : ''} count | failures (status / code) | skipped | mean | p50 | p90 | p99 | max | req/s | p90 verdict | reference p90 |`,
    `|---|---|${withTemplate ? '---|' : ''}---:|---|---:|---:|---:|---:|---:|---:|---:|---|---:|`,
  ];
  for (const r of rows) {
    const failures = r.failures ? `${r.failures} (${breakdown(r.failuresByStatus)} / ${breakdown(r.failuresByCode)})` : '0';
    lines.push(
      `| ${r.no} | ${r.name} |${withTemplate ? ` \`${cell(r.template)}\` |` : ''} ${n(r.count)} | ${failures} | ${n(r.skipped)} | ${ms(r.meanMs)} | ${ms(r.p50Ms)} | ${ms(r.p90Ms)} | ${ms(r.p99Ms)} | ${ms(r.maxMs)} | ${r.achievedRate.toFixed(2)} | ${r.p90Verdict} | ${r.referenceP90Ms === null ? '' : n(r.referenceP90Ms)} |`,
    );
  }
  return lines;
}

export function renderMarkdown(r: Report): string {
  const run = r.run;
  const out: string[] = [];
  out.push(`# Load test: ${run.profile} profile, ${run.verdict.toUpperCase()}`, '');
  if (!run.referenceRun) out.push(`**Not a reference run**: ${run.notReferenceBecause.join('; ')}.`, '');
  if (run.reasons.length) out.push(...run.reasons.map((x) => `- ${x}`), '');
  out.push('## Run', '', '| Item | Value |', '|---|---|');
  const items: [string, string][] = [
    ['Profile', run.profile],
    ['Run id', run.runId],
    ['Start / end (UTC)', `${run.startedAt} / ${run.endedAt}`],
    ['Warm-up / measured', `${run.warmupSeconds} s / ${run.measuredSeconds} s`],
    ['Target rate / achieved rate', `${run.targetRate}/s / ${run.achievedRate.toFixed(2)}/s`],
    ['Users / connections', `${run.users} / ${run.connections}`],
    ['Data set', `seed ${run.seed ?? '?'}, scale ${run.scale ?? '?'}, T ${run.manifest.T}`],
    ['Manifest', `${run.manifest.path} (sha256 ${run.manifest.sha256.slice(0, 16)}…)`],
    ['Server', run.baseUrl],
    ['p90 threshold', `${run.thresholdMs} ms`],
    ['API subset', run.only || run.exclude ? `only: ${run.only ?? '–'}; exclude: ${run.exclude ?? '–'}` : 'the full mix of 10 §3.2'],
    ['Reference run', run.referenceRun ? 'yes' : 'no'],
    ['Verdict', `${run.verdict} (exit ${run.exitCode})`],
  ];
  for (const [k, v] of items) out.push(`| ${k} | ${cell(v)} |`);
  out.push('');
  out.push('## Per API', '', 'Times in ms (one decimal, from HDR histograms); the chart: [chart.svg](chart.svg).', '');
  out.push(...apiTable(r.apis), '');
  const t = r.totals;
  out.push('## Totals', '', '| requests | failures | skipped | p50 | p90 | p99 | max |', '|---:|---:|---:|---:|---:|---:|---:|');
  out.push(`| ${n(t.requests)} | ${n(t.failures)} | ${n(t.skipped)} (${(t.skippedShare * 100).toFixed(3)} %) | ${ms(t.p50Ms)} | ${ms(t.p90Ms)} | ${ms(t.p99Ms)} | ${ms(t.maxMs)} |`, '');
  out.push('## Server resources', '', 'Sampled every 5 s from `/metrics`; average / peak over the measured time.', '');
  out.push('| Instance | samples | CPU (% of one core) | resident memory (MB) | event-loop lag p99 (ms) | DB pool in use | DB pool waiting | scrape errors |');
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of r.server) {
    out.push(`| ${s.url} | ${s.samples} | ${st(s.cpuPercent)} | ${st(s.residentMemoryMb)} | ${st(s.eventLoopLagP99Ms)} | ${st(s.dbPoolInUse)} | ${st(s.dbPoolWaiting)} | ${s.scrapeErrors} |`);
  }
  out.push('');
  const d = r.database;
  out.push(
    '## Database',
    '',
    "From /proc when PostgreSQL runs on this host: the backends of the database under test and the server's shared processes (postmaster, writers, checkpointer); backends of other databases are left out.",
    '',
    '| Item | Value |',
    '|---|---|',
  );
  out.push(`| PostgreSQL | ${d.version ?? '?'}${d.local ? ', on this host' : ''} |`);
  out.push(`| CPU (% of one core, avg / peak) | ${d.proc ? st(d.proc.cpuPercent) : 'not sampled (not local)'} |`);
  out.push(`| Memory (MB, PSS, avg / peak) | ${d.proc ? st(d.proc.memoryMb) : '–'} |`);
  out.push(`| Processes counted (avg / peak) | ${d.proc ? st(d.proc.processes) : '–'} |`);
  out.push(`| Size before / after | ${mb(d.sizeBeforeBytes)} / ${mb(d.sizeAfterBytes)} |`);
  out.push(`| Freshly seeded | ${d.freshlySeeded === null ? 'unknown' : d.freshlySeeded ? 'yes' : 'no'} |`, '');
  const g = r.generator;
  out.push('## Generator', '', '| Item | Value |', '|---|---|');
  out.push(`| CPU (% of one core, avg / peak) | ${st(g.cpuPercent)} |`);
  out.push(`| Event-loop delay p99 (ms, avg / peak) | ${st(g.eventLoopDelayP99Ms)} |`);
  out.push(`| Connections | ${g.connections} |`);
  out.push(`| Target / achieved rate | ${g.targetRate}/s / ${g.achievedRate.toFixed(2)}/s |`);
  out.push(`| Saturated (CPU > 90 % of one core) | ${g.saturated ? 'yes' : 'no'} |`);
  out.push(`| Requests cut off at the end of a phase | ${g.abandonedRequests} |`);
  out.push(`| Pools before → after | ${Object.entries(g.pools.before).map(([k, v]) => `${k} ${v} → ${g.pools.after[k] ?? 0}`).join(', ')} |`, '');
  if (r.capacity) {
    const c = r.capacity;
    out.push('## Capacity', '');
    out.push(
      `Highest sustained rate: **${c.highestSustainedRate === null ? 'none (the first step failed)' : `${c.highestSustainedRate}/s`}**` +
        `${c.achievedRateAtHighest === null ? '' : ` (achieved ${c.achievedRateAtHighest.toFixed(2)}/s)`}` +
        `${c.generatorBound ? ', **generator-bound**' : ''}. Stopped: ${c.stopReason}. Latency against rate: [capacity.svg](capacity.svg).`,
      '',
    );
    out.push('| target/s | achieved/s | connections | requests | failures | skipped | worst API | its p90 | p50 | p90 | p99 | server CPU % | server MB | generator CPU % | step |');
    out.push('|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const s of c.steps) {
      out.push(
        `| ${s.targetRate} | ${s.achievedRate.toFixed(2)} | ${s.connections} | ${n(s.requests)} | ${n(s.failures)} | ${n(s.skipped)} | ${s.worstApi ?? '–'} | ${ms(s.worstP90Ms)} | ${ms(s.p50Ms)} | ${ms(s.p90Ms)} | ${ms(s.p99Ms)} | ${s.serverCpuPercent ?? '–'} | ${s.serverMemoryMb ?? '–'} | ${s.generatorCpuPercent ?? '–'} | ${s.passed ? 'pass' : `fail: ${cell(s.reasons.join('; '))}`}${s.generatorBound ? ' (generator-bound)' : ''} |`,
      );
    }
    out.push('');
  }
  out.push('## Time series', '', 'Per minute of measured time: achieved rate, failures, server CPU and memory, p90 (ms) of each API.', '');
  const nos = [...new Set(r.timeSeries.flatMap((p) => Object.keys(p.p90Ms)))].sort((a, b) => Number(a) - Number(b));
  out.push(`| minute | req/s | failures | server CPU % | server MB |${nos.map((x) => ` #${x} |`).join('')}`);
  out.push(`|---:|---:|---:|---:|---:|${nos.map(() => '---:|').join('')}`);
  for (const p of r.timeSeries) {
    out.push(
      `| ${p.minute} | ${p.ratePerSecond.toFixed(1)} | ${p.failures} | ${p.serverCpuPercent ?? '–'} | ${p.serverMemoryMb ?? '–'} |${nos.map((x) => ` ${p.p90Ms[x] === undefined ? '–' : p.p90Ms[x]!.toFixed(1)} |`).join('')}`,
    );
  }
  out.push('');
  out.push('## Environment', '', '| Item | Value |', '|---|---|');
  for (const [k, v] of Object.entries(r.environment)) out.push(`| ${k} | ${cell(String(v))} |`);
  out.push('');
  if (r.notes.length) out.push('## Notes', '', ...r.notes.map((x) => `- ${x}`), '');
  return out.join('\n');
}

