// npm run bench -- [--profile reference|capacity] [--duration 7200] [--warmup 120] [--rate 50] [--users 5] ...
//
// The load generator of 10-load-profile §3–§6 against a server that runs as its own process (npm start with
// DATABASE_URL and ECE_RATE_LIMIT_SESSION_RPS=0) on a database seeded with `npm run bench:seed`. Writes
// bench-results/<UTC timestamp>-<profile>/report.json, report.md and chart.svg; exits 0 (pass), 1 (criteria
// missed) or 2 (invalid run). See docs/benchmarks.md, "Load profile".
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { loadDotEnv } from '../src/config/config.ts';
import type { Manifest } from './seed/manifest.ts';
import { Rng } from './seed/random.ts';
import { defaultBenchPassword } from './seed/reference.ts';
import { apis as allApis, type ApiDef } from './load/apis.ts';
import { Catalog, CatalogError, worldInput } from './load/catalog.ts';
import { ContentFactory } from './load/content.ts';
import { readExtras, readFacts, withDb, type DbFacts } from './load/db.ts';
import { connectionsUsed, runPhase, type DriverDeps, type DriverUser, type PhaseResult } from './load/driver.ts';
import { Mix, MixError } from './load/mix.ts';
import { capacitySteps, connectionsFor, parseOptions, usage, UsageError, type Options } from './load/options.ts';
import type { Outcome } from './load/outcome.ts';
import { Planner } from './load/requests.ts';
import {
  apiRows,
  capacityResult,
  judgeRun,
  judgeStep,
  notReferenceReasons,
  renderMarkdown,
  reportFormat,
  stepEndsRun,
  totals,
  worst,
  type ApiRow,
  type Report,
  type StepRow,
  type Totals,
  type Verdict,
  type TimePoint,
} from './load/report.ts';
import { Sampler, summariseProc, type Window } from './load/resources.ts';
import { login, LoginError, logout, relogin } from './load/sessions.ts';
import { Recorder, round1 } from './load/stats.ts';
import { capacityChart, percentileChart } from './load/svg.ts';
import { World } from './load/world.ts';

class SetupError extends Error {}

const log = (line: string) => console.log(line);

function utcStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

function isLocalDatabase(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === '' || host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
  } catch {
    return false;
  }
}

function freshlySeeded(manifest: Manifest, facts: DbFacts): boolean {
  const c = manifest.counts;
  return (
    facts.counts.customers === c.customers &&
    facts.counts.cases === c.cases &&
    facts.counts.activities === c.activities &&
    facts.counts.notes === (c.activityNotes ?? 0) + (c.caseNotes ?? 0)
  );
}

/** What the data set lacks for APIs of the mix: they are skipped (and make the run invalid) until it has them. */
function missingData(mix: Mix, catalog: Catalog): string[] {
  const notes: string[] = [];
  const lacks = (no: number, what: string) => {
    if (mix.has(no)) notes.push(`#${no} ${allApis.find((a) => a.no === no)!.name}: ${what}; its requests are skipped.`);
  };
  if (catalog.aliases.size === 0) lacks(11, 'no active email alias in the database (the seeder does not create aliases yet)');
  if (catalog.emailsWithAttachments.length === 0) lacks(8, 'no email with attachments in the manifest or the database (90 % of its picks)');
  if (catalog.attachments.length === 0) lacks(9, 'no activity attachment in the database');
  if (!catalog.hasArticles) lacks(30, 'no knowledge article in the database');
  if (catalog.folders.length === 0) lacks(31, 'no folder holding articles in the manifest or the database');
  return notes;
}

async function main(): Promise<number> {
  let options: Options;
  let mix: Mix;
  try {
    const parsed = parseOptions(process.argv.slice(2));
    if (parsed === 'help') {
      log(usage);
      return 0;
    }
    options = parsed;
    mix = Mix.fromOptions(options.only, options.exclude);
  } catch (err) {
    if (err instanceof UsageError || err instanceof MixError) {
      console.error(`bench: ${err.message}\n${usage}`);
      return 2;
    }
    throw err;
  }
  loadDotEnv();
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new SetupError('DATABASE_URL must name the seeded database (the generator reads pool states, aliases, attachments and articles from it)');

  // ---- the data set ------------------------------------------------------------------------------------------------
  const manifestPath = path.resolve(options.manifest);
  let manifestText: Buffer;
  try {
    manifestText = await readFile(manifestPath);
  } catch (err) {
    throw new SetupError(`cannot read the manifest ${manifestPath}: ${(err as Error).message} (npm run bench:seed writes it)`);
  }
  const manifest = JSON.parse(manifestText.toString('utf8')) as Manifest;
  const manifestHash = createHash('sha256').update(manifestText).digest('hex');
  const rng = Rng.stream(options.seed, 'load');
  log(`Reading the pools' state from the database (${new URL(databaseUrl).pathname.slice(1)})...`);
  const emailPoints = Object.values(manifest.customers?.byDepartment ?? {}).flatMap((c) => c.emailContactPointId);
  const { facts: before, extras } = await withDb(databaseUrl, async (db) => ({ facts: await readFacts(db), extras: await readExtras(db, emailPoints, !manifest.knowledge) }));
  const fresh = freshlySeeded(manifest, before);
  const catalog = new Catalog(manifest, extras, rng);
  const world = new World(worldInput(manifest, extras, catalog.departmentName));
  const poolsBefore = world.poolSizes();
  const notes = missingData(mix, catalog);
  if (!fresh) notes.push('The database is not freshly seeded: its counts differ from the manifest (an earlier run changed it); pools are taken from its current state.');
  const runId = `r${Date.now().toString(36)}`;
  const planner = new Planner(catalog, world, rng, new ContentFactory(rng), runId);

  // ---- sessions ----------------------------------------------------------------------------------------------------
  const bench = manifest.users!.bench;
  if (options.users > bench.length) throw new SetupError(`--users ${options.users}: the manifest has ${bench.length} benchmark users`);
  const password = process.env[manifest.users!.passwordEnv] || process.env.ECE_BENCH_PASSWORD || defaultBenchPassword;
  const users: DriverUser[] = [];
  for (const u of bench.slice(0, options.users)) {
    users.push({ login: u.loginId, session: await login(options.baseUrl, u.loginId, password), context: { index: users.length, login: u.loginId, id: u.id } });
  }
  log(`Logged in ${users.map((u) => u.login).join(', ')} at ${options.baseUrl}. Run ${runId}, generator seed ${options.seed}.`);
  for (const n of notes) log(`note: ${n}`);

  const databaseName = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const sampler = new Sampler(options.metricsUrls, isLocalDatabase(databaseUrl) ? databaseName : undefined, process.env.ECE_METRICS_TOKEN || undefined);
  sampler.start();
  const startedAt = new Date();
  const windows: Window[] = [];
  let origin: number | undefined;
  const series = new Recorder(mix.entries.map((e) => e.api), false);
  let current: Recorder = series;
  /** Measured successes with a status other than their variant's usual one (diagnostic, not failures): per API and variant. */
  const atypical = new Map<string, number>();
  const minuteOf = (t: number) => Math.floor((t - (origin ?? t)) / 60_000);
  const deps: DriverDeps = {
    baseUrl: options.baseUrl,
    users,
    planner,
    world,
    mix,
    rng,
    sink: {
      record(api: ApiDef, outcome: Outcome, latencyMs: number | undefined, at: number) {
        const minute = minuteOf(at);
        current.record(api, outcome, latencyMs);
        series.record(api, outcome, latencyMs, minute);
      },
      skip(api: ApiDef) {
        current.skip(api);
        if (current !== series) series.skip(api);
      },
      atypical(api: ApiDef, status: number, variant: string) {
        const key = `#${api.no} ${api.name}: ${status} for ${variant}`;
        atypical.set(key, (atypical.get(key) ?? 0) + 1);
      },
    },
    onUnauthorized: (user) => relogin(options.baseUrl, user, password, (err) => log(`re-login of ${user.login} failed: ${err.message}`)),
    onWindow: (w) => {
      windows.push(w);
      origin ??= w[0];
    },
    log,
  };

  let abandoned = 0;
  let connections = 4 * options.users;
  let targetRate = options.rate;
  let achievedRate: number;
  let measuredSeconds: number;
  let rows: ApiRow[];
  let tot: Totals;
  let verdict: Verdict;
  let capacity: Report['capacity'];
  let generatorSaturated = false;
  try {
    if (options.profile === 'reference') {
      const rec = new Recorder(mix.entries.map((e) => e.api));
      current = rec;
      log(
        `Reference profile: ${options.rate} requests/s from ${connectionsUsed(connections, options.rate)} connections, ${options.warmup} s warm-up, ${options.duration} s measured.`,
      );
      const result = await runPhase(deps, { label: 'reference', rate: options.rate, connections, unmeasuredSeconds: options.warmup, measuredSeconds: options.duration });
      abandoned = result.abandoned;
      if (result.connections !== connections) {
        notes.push(
          `autocannon opened ${result.connections} connections, not ${connections}: it never opens more connections than the rate (--rate ${options.rate})` +
            `${result.connections < options.users ? `; only the first ${result.connections} of the ${options.users} users sent requests` : ''}.`,
        );
      }
      connections = result.connections;
      achievedRate = round1(result.achievedRate * 100) / 100;
      measuredSeconds = options.duration;
      rows = apiRows(rec, mix, measuredSeconds, options.thresholdMs);
      tot = totals(rec);
      verdict = judgeRun({ targetRate, achievedRate, totals: tot, rows, thresholdMs: options.thresholdMs });
      const gen = sampler.generatorSummary([result.window]);
      generatorSaturated = (gen.cpuPercent?.avg ?? 0) > 90;
      if (generatorSaturated) notes.push('The generator used more than 90 % of one core: its measurements may be too high (generator-bound).');
    } else {
      const steps: StepRow[] = [];
      const stepTotalsList: Totals[] = [];
      let first: { rows: ApiRow[]; totals: Totals; verdict: Verdict } | undefined;
      const rates = capacitySteps(options.startRate, options.step, options.maxRate);
      for (const [i, rate] of rates.entries()) {
        const rec = new Recorder(mix.entries.map((e) => e.api));
        current = rec;
        const asked = connectionsFor(rate, options.users);
        const measured = options.stepDuration - 20;
        const unmeasured = 20 + (i === 0 ? options.warmup : 0);
        log(`Capacity step ${i + 1}: ${rate} requests/s from ${connectionsUsed(asked, rate)} connections, ${unmeasured} s unmeasured, ${measured} s measured.`);
        const result: PhaseResult = await runPhase(deps, { label: `step ${rate}/s`, rate, connections: asked, unmeasuredSeconds: unmeasured, measuredSeconds: measured });
        abandoned += result.abandoned;
        const achieved = round1(result.achievedRate * 100) / 100;
        const stepRows = apiRows(rec, mix, measured, options.thresholdMs);
        const stepTotals = totals(rec);
        const judged = judgeStep(stepRows, stepTotals, rate, achieved, options.thresholdMs);
        const w = worst(stepRows);
        const server = sampler.serverAt(result.window);
        const gen = sampler.generatorSummary([result.window]);
        const genCpu = gen.cpuPercent?.avg ?? null;
        const saturated = (genCpu ?? 0) > 90;
        const step: StepRow = {
          targetRate: rate,
          achievedRate: achieved,
          connections: result.connections,
          requests: stepTotals.requests,
          failures: stepTotals.failures,
          skipped: stepTotals.skipped,
          worstApi: w?.name ?? null,
          worstP90Ms: w?.p90Ms ?? null,
          p50Ms: stepTotals.p50Ms,
          p90Ms: stepTotals.p90Ms,
          p99Ms: stepTotals.p99Ms,
          serverCpuPercent: server.cpuPercent,
          serverMemoryMb: server.residentMemoryMb,
          generatorCpuPercent: genCpu,
          // 10 §5: a step is judged on its failures, p90s and achieved rate; saturation stops the run and marks the
          // result "generator-bound", it does not fail the step.
          passed: judged.passed,
          generatorBound: saturated,
          reasons: judged.reasons,
          apis: stepRows,
        };
        steps.push(step);
        stepTotalsList.push(stepTotals);
        log(
          `  step ${rate}/s: achieved ${achieved}/s, ${stepTotals.failures} failed, ${stepTotals.skipped} skipped, worst ${w?.name ?? '–'} p90 ${w?.p90Ms ?? '–'} ms → ${step.passed ? 'pass' : 'fail'}${saturated ? ` (generator-bound: CPU ${genCpu}% of one core)` : ''}`,
        );
        if (saturated) generatorSaturated = true;
        if (i === 0) first = { rows: stepRows, totals: stepTotals, verdict: judgeRun({ targetRate: rate, achievedRate: achieved, totals: stepTotals, rows: stepRows, thresholdMs: options.thresholdMs }) };
        if (stepEndsRun(step)) break;
      }
      const result = capacityResult(steps, options.maxRate);
      capacity = {
        steps,
        highestSustainedRate: result.highestSustainedRate,
        achievedRateAtHighest: result.achievedRateAtHighest,
        generatorBound: result.generatorBound,
        stopReason: result.stopReason,
      };
      const best = result.best >= 0 ? { step: steps[result.best]!, rows: steps[result.best]!.apis, totals: stepTotalsList[result.best]! } : undefined;
      const shown = best ?? { step: steps[0]!, rows: first!.rows, totals: first!.totals };
      rows = shown.rows;
      tot = shown.totals;
      targetRate = shown.step.targetRate;
      achievedRate = shown.step.achievedRate;
      connections = shown.step.connections;
      measuredSeconds = options.stepDuration - 20;
      verdict = best ? { verdict: 'pass', exitCode: 0, reasons: [] } : first!.verdict;
      notes.push(
        best
          ? `The per-API table and totals are those of the highest sustained step (${best.step.targetRate}/s).`
          : 'No step passed: the per-API table and totals are those of the first step.',
      );
      if (result.generatorBound) {
        notes.push(
          'Generator-bound (10 §5): the generator used more than 90 % of one core in the last step, so the run stopped there; the step was judged on the criteria as any other, and the server may sustain more than this generator could send.',
        );
      }
    }
  } finally {
    log('Load stopped; taking the last samples and logging out...');
    await sampler.stop();
    await Promise.all(users.map((u) => logout(options.baseUrl, u.session)));
  }
  const endedAt = new Date();
  const after = await withDb(databaseUrl, readFacts).catch(() => undefined);

  const scale = typeof manifest.scale === 'number' ? manifest.scale : null;
  const notReference = notReferenceReasons({
    profile: options.profile,
    scale: scale ?? 0,
    measuredSeconds: options.profile === 'reference' ? options.duration : 0,
    rate: options.rate,
    users: options.users,
    fresh,
    subset: mix.subset,
    thresholdMs: options.thresholdMs,
  });
  for (const [what, count] of atypical) {
    notes.push(`Diagnostic (successes, not failures: 10 §3.4 accepts every status of the Success column): ${what} × ${count}.`);
  }
  const timeSeries: TimePoint[] = series
    .series((m) => {
      const a = (origin ?? 0) + m * 60_000;
      const b = a + 60_000;
      return windows.reduce((s, [x, y]) => s + Math.max(0, Math.min(b, y) - Math.max(a, x)), 0) / 1000;
    })
    .map((p) => {
      const a = (origin ?? 0) + p.minute * 60_000;
      const server = sampler.serverAt([a, a + 60_000]);
      return { ...p, serverCpuPercent: server.cpuPercent, serverMemoryMb: server.residentMemoryMb };
    });
  const proc = sampler.proc.length ? summariseProc(sampler.proc, windows) : null;
  const gen = sampler.generatorSummary(windows);
  const autocannonVersion = (createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version;

  const report: Report = {
    format: reportFormat,
    run: {
      profile: options.profile,
      runId,
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      warmupSeconds: options.warmup,
      measuredSeconds,
      targetRate,
      achievedRate,
      users: options.users,
      connections,
      seed: typeof manifest.seed === 'number' ? manifest.seed : null,
      scale,
      generatorSeed: options.seed,
      manifest: { path: manifestPath, sha256: manifestHash, T: manifest.T },
      baseUrl: options.baseUrl,
      thresholdMs: options.thresholdMs,
      referenceRun: notReference.length === 0,
      notReferenceBecause: notReference,
      only: options.only ?? null,
      exclude: options.exclude ?? null,
      verdict: verdict.verdict,
      exitCode: verdict.exitCode,
      reasons: verdict.reasons,
    },
    apis: rows,
    totals: tot,
    server: sampler.serverSummaries(windows),
    database: {
      local: isLocalDatabase(databaseUrl),
      proc,
      sizeBeforeBytes: before.sizeBytes,
      sizeAfterBytes: after?.sizeBytes ?? null,
      freshlySeeded: fresh,
      version: before.version,
    },
    generator: {
      cpuPercent: gen.cpuPercent,
      eventLoopDelayP99Ms: gen.eventLoopDelayP99Ms,
      connections,
      targetRate,
      achievedRate,
      saturated: generatorSaturated,
      abandonedRequests: abandoned,
      pools: { before: poolsBefore, after: world.poolSizes() },
    },
    timeSeries,
    environment: {
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      cpuCores: os.cpus().length,
      ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      postgresql: before.version,
      serverInstances: options.metricsUrls.length,
      autocannon: autocannonVersion,
      loadAverageAtEnd: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    },
    capacity,
    notes,
  };

  const dir = path.resolve(options.out, `${utcStamp(startedAt)}-${options.profile}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(dir, 'report.md'), renderMarkdown(report));
  const title = `${options.profile} profile, ${targetRate}/s target, ${achievedRate.toFixed(1)}/s achieved: p50 / p90 / p99 per API`;
  await writeFile(path.join(dir, 'chart.svg'), percentileChart(rows, options.thresholdMs, title));
  if (capacity) await writeFile(path.join(dir, 'capacity.svg'), capacityChart(capacity.steps, options.thresholdMs, 'Capacity: latency against target rate'));

  log('');
  log('| # | API | count | failures | skipped | p50 | p90 | p99 | verdict |');
  log('|---|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows.filter((r) => r.p90Verdict !== 'excluded')) {
    log(`| ${r.no} | ${r.name} | ${r.count} | ${r.failures} | ${r.skipped} | ${r.p50Ms ?? '–'} | ${r.p90Ms ?? '–'} | ${r.p99Ms ?? '–'} | ${r.p90Verdict} |`);
  }
  log('');
  log(`${tot.requests} requests, ${tot.failures} failed, ${tot.skipped} skipped; achieved ${achievedRate}/s of ${targetRate}/s.`);
  if (capacity) log(`Highest sustained rate: ${capacity.highestSustainedRate ?? 'none'}${capacity.generatorBound ? ' (generator-bound)' : ''}; ${capacity.stopReason}.`);
  log(`Verdict: ${verdict.verdict.toUpperCase()}${verdict.reasons.length ? ` (${verdict.reasons.join('; ')})` : ''}${notReference.length ? ' — not a reference run' : ''}.`);
  log(`Report: ${path.join(dir, 'report.md')}`);
  return verdict.exitCode;
}

try {
  process.exitCode = await main();
} catch (err) {
  if (err instanceof SetupError || err instanceof LoginError || err instanceof CatalogError) {
    console.error(`bench: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exitCode = 2;
}
