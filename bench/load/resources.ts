// Resource sampling every 5 s (10 §6): each server instance's /metrics (CPU from process_cpu_seconds_total,
// resident memory, event-loop lag p99, database pool in use / waiting), PostgreSQL's processes from /proc when
// it runs on this host, and the generator's own CPU and event-loop delay.
import { readdir, readFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { round1 } from './stats.ts';

/** Prometheus text format 0.0.4: the value of each metric name, summed over its label sets. */
export function parsePrometheus(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/);
    if (!m) continue;
    const value = Number(m[3]);
    if (!Number.isFinite(value)) continue;
    out.set(m[1]!, (out.get(m[1]!) ?? 0) + value);
  }
  return out;
}

/** The metric names the server exports (src/platform/metrics.ts, prom-client's default metrics). */
export const metricNames = {
  cpu: 'process_cpu_seconds_total',
  rss: 'process_resident_memory_bytes',
  lagP99: 'nodejs_eventloop_lag_p99_seconds',
  poolInUse: 'ece_db_pool_in_use',
  poolWaiting: 'ece_db_pool_waiting',
} as const;

export type ServerSample = { t: number; cpuSeconds?: number; rssBytes?: number; lagP99Seconds?: number; poolInUse?: number; poolWaiting?: number };
export type Window = readonly [number, number];

export type Stat = { avg: number; peak: number } | null;

function stat(values: readonly number[]): Stat {
  if (!values.length) return null;
  return { avg: round1(values.reduce((a, b) => a + b, 0) / values.length), peak: round1(Math.max(...values)) };
}

const inWindows = (t: number, windows: readonly Window[]) => windows.some(([a, b]) => t >= a && t <= b);

/** CPU in % of one core between consecutive samples whose end lies in the windows. */
export function cpuPercents<T extends { t: number }>(samples: readonly T[], cpuOf: (s: T) => number | undefined, windows: readonly Window[]): { t: number; pct: number }[] {
  const out: { t: number; pct: number }[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const ca = cpuOf(a);
    const cb = cpuOf(b);
    if (ca === undefined || cb === undefined || b.t <= a.t || !inWindows(b.t, windows)) continue;
    out.push({ t: b.t, pct: ((cb - ca) / ((b.t - a.t) / 1000)) * 100 });
  }
  return out;
}

export type ServerSummary = {
  url: string;
  samples: number;
  scrapeErrors: number;
  cpuPercent: Stat;
  residentMemoryMb: Stat;
  eventLoopLagP99Ms: Stat;
  dbPoolInUse: Stat;
  dbPoolWaiting: Stat;
};

export function summariseServer(url: string, samples: readonly ServerSample[], errors: number, windows: readonly Window[]): ServerSummary {
  const inside = samples.filter((s) => inWindows(s.t, windows));
  const values = (f: (s: ServerSample) => number | undefined) => inside.map(f).filter((v): v is number => v !== undefined);
  return {
    url,
    samples: inside.length,
    scrapeErrors: errors,
    cpuPercent: stat(cpuPercents(samples, (s) => s.cpuSeconds, windows).map((c) => c.pct)),
    residentMemoryMb: stat(values((s) => (s.rssBytes === undefined ? undefined : s.rssBytes / 1048576))),
    eventLoopLagP99Ms: stat(values((s) => (s.lagP99Seconds === undefined ? undefined : s.lagP99Seconds * 1000))),
    dbPoolInUse: stat(values((s) => s.poolInUse)),
    dbPoolWaiting: stat(values((s) => s.poolWaiting)),
  };
}

// ---- PostgreSQL from /proc -----------------------------------------------------------------------------------------

export type ProcSample = { t: number; ticks: Map<number, number>; memoryBytes: number; processes: number };

const pageSize = 4096;
/** USER_HZ: 100 on every Linux the project runs on (`getconf CLK_TCK`). */
const clockTicks = 100;

/** utime + stime (clock ticks) of a /proc/<pid>/stat line; the command may hold spaces and parentheses. */
export function statTicks(stat: string): number | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = stat.slice(close + 2).split(' ');
  // fields[0] is the state (field 3); utime and stime are fields 14 and 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? utime + stime : undefined;
}

/**
 * Whether a PostgreSQL process counts for the database under test: its backends ("postgres: [cluster: ]user db
 * host(port) state") and autovacuum workers, and the shared processes (postmaster, writers, checkpointer...).
 * Backends of other databases of the same server are left out (other work on a shared host).
 */
export function countsForDatabase(cmdline: string, database: string | undefined): boolean {
  if (!database) return true;
  const title = cmdline.replace(/\0/g, ' ').trim();
  const m = title.match(/^postgres: (?:[^:\s]+: )?(.*)$/);
  if (!m) return true;
  const rest = m[1]!;
  const backend = rest.match(/^(\S+) (\S+) (?:\S+\(\d+\)|\[local\])(?: |$)/);
  if (backend) return backend[2] === database;
  const worker = rest.match(/^autovacuum worker(?: process)?\s+(\S+)/);
  if (worker) return worker[1] === database;
  return true;
}

async function readPss(pid: number): Promise<number | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const m = text.match(/^Pss:\s+(\d+) kB/m);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The PostgreSQL processes of this host (`countsForDatabase`): CPU ticks per process, memory (PSS where readable, else RSS). */
export async function sampleProc(database?: string): Promise<ProcSample | undefined> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return undefined;
  }
  const ticks = new Map<number, number>();
  let memoryBytes = 0;
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    try {
      const comm = (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
      if (comm !== 'postgres' && comm !== 'postmaster') continue;
      if (database && !countsForDatabase(await readFile(`/proc/${pid}/cmdline`, 'utf8'), database)) continue;
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const t = statTicks(stat);
      if (t === undefined) continue;
      ticks.set(pid, t);
      const pss = await readPss(pid);
      if (pss !== undefined) memoryBytes += pss;
      else {
        const statm = (await readFile(`/proc/${pid}/statm`, 'utf8')).split(' ');
        memoryBytes += Number(statm[1]) * pageSize;
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return { t: Date.now(), ticks, memoryBytes, processes: ticks.size };
}

export type ProcSummary = { cpuPercent: Stat; memoryMb: Stat; processes: Stat };

export function summariseProc(samples: readonly ProcSample[], windows: readonly Window[]): ProcSummary {
  const cpu: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    if (!inWindows(b.t, windows) || b.t <= a.t) continue;
    let delta = 0;
    for (const [pid, t] of b.ticks) delta += t - (a.ticks.get(pid) ?? t);
    cpu.push((delta / clockTicks / ((b.t - a.t) / 1000)) * 100);
  }
  const inside = samples.filter((s) => inWindows(s.t, windows));
  return {
    cpuPercent: stat(cpu),
    memoryMb: stat(inside.map((s) => s.memoryBytes / 1048576)),
    processes: stat(inside.map((s) => s.processes)),
  };
}

// ---- the sampler ---------------------------------------------------------------------------------------------------

export type GeneratorSample = { t: number; cpuSeconds: number; loopDelayP99Ms: number };

export class Sampler {
  readonly server = new Map<string, { samples: ServerSample[]; errors: number }>();
  readonly proc: ProcSample[] = [];
  readonly generator: GeneratorSample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });
  private ticking: Promise<void> | undefined;

  /** `procDatabase`: sample this host's PostgreSQL for that database (undefined: not local, no sampling). */
  constructor(
    private readonly metricsUrls: readonly string[],
    private readonly procDatabase: string | undefined,
    private readonly metricsToken: string | undefined,
    private readonly intervalMs = 5000,
  ) {
    for (const url of metricsUrls) this.server.set(url, { samples: [], errors: 0 });
  }

  start(): void {
    this.loop.enable();
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    await this.tick();
    this.loop.disable();
  }

  /** One round of samples (also taken at the start and end of each measured window). */
  tick(): Promise<void> {
    const run = async () => {
      const t = Date.now();
      const usage = process.cpuUsage();
      this.generator.push({ t, cpuSeconds: (usage.user + usage.system) / 1e6, loopDelayP99Ms: this.loop.percentile(99) / 1e6 });
      this.loop.reset();
      await Promise.all(
        this.metricsUrls.map(async (url) => {
          const entry = this.server.get(url)!;
          try {
            const res = await fetch(url, { headers: this.metricsToken ? { authorization: `Bearer ${this.metricsToken}` } : {}, signal: AbortSignal.timeout(4000) });
            if (!res.ok) throw new Error(`HTTP ${res.status}`);
            const m = parsePrometheus(await res.text());
            entry.samples.push({
              t,
              cpuSeconds: m.get(metricNames.cpu),
              rssBytes: m.get(metricNames.rss),
              lagP99Seconds: m.get(metricNames.lagP99),
              poolInUse: m.get(metricNames.poolInUse),
              poolWaiting: m.get(metricNames.poolWaiting),
            });
          } catch {
            entry.errors++;
          }
        }),
      );
      if (this.procDatabase !== undefined) {
        const p = await sampleProc(this.procDatabase);
        if (p) this.proc.push(p);
      }
    };
    this.ticking = (this.ticking ?? Promise.resolve()).then(run);
    return this.ticking;
  }

  generatorSummary(windows: readonly Window[]): { cpuPercent: Stat; eventLoopDelayP99Ms: Stat } {
    const inside = this.generator.filter((s) => inWindows(s.t, windows));
    return {
      cpuPercent: stat(cpuPercents(this.generator, (s) => s.cpuSeconds, windows).map((c) => c.pct)),
      eventLoopDelayP99Ms: stat(inside.map((s) => s.loopDelayP99Ms)),
    };
  }

  serverSummaries(windows: readonly Window[]): ServerSummary[] {
    return [...this.server.entries()].map(([url, e]) => summariseServer(url, e.samples, e.errors, windows));
  }

  /** Server CPU (sum over instances, % of one core) and memory (sum, MB) averaged over a window. */
  serverAt(window: Window): { cpuPercent: number | null; residentMemoryMb: number | null } {
    let cpu: number | null = null;
    let mem: number | null = null;
    for (const e of this.server.values()) {
      const c = stat(cpuPercents(e.samples, (s) => s.cpuSeconds, [window]).map((x) => x.pct));
      const m = stat(e.samples.filter((s) => s.t >= window[0] && s.t <= window[1] && s.rssBytes !== undefined).map((s) => s.rssBytes! / 1048576));
      if (c) cpu = round1((cpu ?? 0) + c.avg);
      if (m) mem = round1((mem ?? 0) + m.avg);
    }
    return { cpuPercent: cpu, residentMemoryMb: mem };
  }
}
