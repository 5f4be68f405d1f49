// Command line of `npm run bench` (10 §7).
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export type Profile = 'reference' | 'capacity';

export type Options = {
  profile: Profile;
  duration: number;
  warmup: number;
  rate: number;
  users: number;
  startRate: number;
  step: number;
  stepDuration: number;
  maxRate: number;
  baseUrl: string;
  metricsUrls: string[];
  manifest: string;
  out: string;
  thresholdMs: number;
  only?: string;
  exclude?: string;
  /** Seed of the generator's own random choices (default: from the clock). */
  seed: number;
};

export const usage = `usage: npm run bench -- [--profile reference|capacity] [options]
  --profile <name>        reference (default) or capacity (10 §5)
  --duration <s>          measured seconds of a reference run (default 7200, at least 60)
  --warmup <s>            unmeasured seconds at the target rate before measuring (default 120)
  --rate <n>              target requests per second of a reference run (default 50)
  --users <n>             benchmark users bench01.. (default 5), 4 connections each
  --start-rate <n>        capacity: first step's rate (default 50)
  --step <n>              capacity: rate added per step (default 25)
  --step-duration <s>     capacity: seconds per step, the first 20 unmeasured (default 120)
  --max-rate <n>          capacity: last step's rate at most (default 2000)
  --base-url <url>        the server under test (default http://127.0.0.1:8080)
  --metrics-url <url>     an instance's /metrics; repeat per instance (default <base-url>/metrics)
  --manifest <file>       the seeder's manifest (default ./bench-manifest.json)
  --out <dir>             where bench-results/<UTC timestamp>-<profile>/ goes (default ./bench-results)
  --threshold-ms <ms>     the p90 criterion (default 500, 10 §4; another value: not a reference run)
  --only <list>           run only these APIs (numbers or names of 10 §3.2, comma-separated): not a reference run
  --exclude <list>        leave these APIs out (shares renormalised): not a reference run
  --seed <n>              seed of the generator's random choices (default: from the clock)
environment: DATABASE_URL (the seeded database: pool states, aliases, attachments, articles, sizes),
  ECE_BENCH_PASSWORD (default Bench-Pass-2024), ECE_METRICS_TOKEN (when /metrics is protected)
exit codes: 0 pass, 1 criteria missed, 2 invalid run (or unusable options)`;

function positive(raw: string | undefined, name: string, fallback: number, check: (n: number) => boolean = (n) => n > 0): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`${name}: invalid value '${raw}'`);
  return n;
}

const integer = (min: number) => (n: number) => Number.isInteger(n) && n >= min;

export function parseOptions(argv: readonly string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        profile: { type: 'string', default: 'reference' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        rate: { type: 'string' },
        users: { type: 'string' },
        'start-rate': { type: 'string' },
        step: { type: 'string' },
        'step-duration': { type: 'string' },
        'max-rate': { type: 'string' },
        'base-url': { type: 'string', default: 'http://127.0.0.1:8080' },
        'metrics-url': { type: 'string', multiple: true },
        manifest: { type: 'string', default: './bench-manifest.json' },
        out: { type: 'string', default: './bench-results' },
        'threshold-ms': { type: 'string' },
        only: { type: 'string' },
        exclude: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';
  const profile = values.profile;
  if (profile !== 'reference' && profile !== 'capacity') throw new UsageError(`--profile: 'reference' or 'capacity', not '${profile}'`);
  let base: URL;
  try {
    base = new URL(values['base-url']);
  } catch {
    throw new UsageError(`--base-url: not a URL: '${values['base-url']}'`);
  }
  const baseUrl = base.origin;
  const options: Options = {
    profile,
    duration: positive(values.duration, '--duration', 7200, (n) => integer(60)(n)),
    warmup: positive(values.warmup, '--warmup', 120, integer(0)),
    rate: positive(values.rate, '--rate', 50, integer(1)),
    users: positive(values.users, '--users', 5, (n) => integer(1)(n) && n <= 99),
    startRate: positive(values['start-rate'], '--start-rate', 50, integer(1)),
    step: positive(values.step, '--step', 25, integer(1)),
    stepDuration: positive(values['step-duration'], '--step-duration', 120, integer(30)),
    maxRate: positive(values['max-rate'], '--max-rate', 2000, integer(1)),
    baseUrl,
    metricsUrls: values['metrics-url']?.length ? values['metrics-url'] : [`${baseUrl}/metrics`],
    manifest: values.manifest,
    out: values.out,
    thresholdMs: positive(values['threshold-ms'], '--threshold-ms', 500),
    only: values.only,
    exclude: values.exclude,
    seed: positive(values.seed, '--seed', Date.now() % 2 ** 31, (n) => Number.isSafeInteger(n) && n >= 0),
  };
  if (options.maxRate < options.startRate) throw new UsageError('--max-rate must be at least --start-rate');
  return options;
}

/**
 * Connections of a capacity step (10 §5: at least 4 per user and at least rate ÷ 25, "so that connection count does not
 * cap the rate"): at least 4 per user and rate ÷ 10, spread evenly over the users. autocannon paces a connection by
 * a quota per second, sent back to back from the start of each second, so every connection is busy at once for part
 * of each second; measured at scale 1.0, requests then took about 40–50 ms and rate ÷ 25 connections capped the run
 * at 392 of 500 requests/s with the server and PostgreSQL at 60–65 % of a core each. rate ÷ 10 leaves each
 * connection 100 ms per request.
 */
export function connectionsFor(rate: number, users: number): number {
  const perUser = Math.max(4, Math.ceil(rate / 10 / users));
  return perUser * users;
}

/** The target rates of the capacity steps. */
export function capacitySteps(startRate: number, step: number, maxRate: number): number[] {
  const out: number[] = [];
  for (let r = startRate; r <= maxRate; r += step) out.push(r);
  return out;
}
