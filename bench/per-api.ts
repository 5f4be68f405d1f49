// The micro-benchmarks' common loop: one API at a time at a fixed rate against a server in its own process on
// DATABASE_URL, each after a short warm-up, one Markdown row per API (npm run bench:customers, :interaction,
// :knowledge). The full mix of the load profile is `npm run bench` (bench/run.ts).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

export type PerApiRequest = Pick<autocannon.Request, 'method' | 'path' | 'body'> & { headers?: Record<string, string> };
/**
 * `request` returns undefined when its target pool is empty (the request is replaced by a probe, not counted);
 * `prepare` runs once before the API's warm-up (targets that earlier APIs of the run created).
 */
export type PerApi = { name: string; expect: number[]; request: () => PerApiRequest | undefined; prepare?: () => Promise<void> };

export function benchOptions() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '30' },
      rate: { type: 'string', default: '50' },
      connections: { type: 'string', default: '5' },
      user: { type: 'string', default: 'bench01' },
      password: { type: 'string', default: process.env.ECE_BENCH_PASSWORD ?? 'Bench-Pass-2024' },
      only: { type: 'string' },
    },
  });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL must name the seeded PostgreSQL database (npm run bench:seed)');
  return { ...values, databaseUrl, duration: Number(values.duration), rate: Number(values.rate), connections: Number(values.connections) };
}

export type BenchOptions = ReturnType<typeof benchOptions>;

/** Values for targets, read before the server starts. */
export async function withDatabase<T>(
  databaseUrl: string,
  read: (column: (sql: string, params?: unknown[]) => Promise<string[]>, db: pg.Client) => Promise<T>,
): Promise<T> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await read(async (sql, params = []) => (await db.query<{ v: string }>(sql, params)).rows.map((r) => r.v), db);
  } finally {
    await db.end();
  }
}

export const any = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

export async function runPerApi(o: BenchOptions, port: number, apis: readonly PerApi[], heading: string): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  const server = fork(new URL('./bench-server.ts', import.meta.url), [String(port)], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ECE_RATE_LIMIT_SESSION_RPS: '0', LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  await once(server, 'message');
  try {
    const login = await fetch(`${base}/system/ws/v12/authentication/user/login?forceLogin=yes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: o.user, password: o.password }),
    });
    if (login.status !== 204) throw new Error(`login of ${o.user} failed: ${login.status} ${await login.text()}`);
    const headers = { 'x-egain-session': login.headers.get('x-egain-session')!, accept: 'application/json', 'content-type': 'application/json', 'accept-encoding': 'gzip' };

    const rows: string[] = [];
    for (const api of apis.filter((a) => !o.only || a.name.toLowerCase().includes(o.only.toLowerCase()))) {
      let unexpected = 0;
      const statuses = new Map<number, number>();
      const options = (seconds: number) => ({
        url: base,
        connections: o.connections,
        overallRate: o.rate,
        duration: seconds,
        headers,
        requests: [
          {
            setupRequest: (req: autocannon.Request) => {
              const next = api.request();
              return next ? { ...req, ...next, headers: { ...req.headers, ...next.headers } } : { ...req, method: 'GET' as const, path: '/system/ws/v12/administration/hello' };
            },
            onResponse: (status: number) => {
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
              if (!api.expect.includes(status) && status !== 200) unexpected++;
            },
          },
        ],
      });
      await api.prepare?.();
      await autocannon(options(3)); // warm-up
      unexpected = 0;
      statuses.clear();
      const r = await autocannon(options(o.duration));
      const seen = [...statuses].map(([s, n]) => `${s}×${n}`).join(' ');
      rows.push(
        `| ${api.name} | ${r.requests.total} | ${(r.requests.total / o.duration).toFixed(1)} | ${unexpected + r.errors} | ${r.latency.p50} | ${r.latency.p90} | ${r.latency.p99} | ${r.latency.max} | ${seen} |`,
      );
    }
    console.log(`\n${heading}; ${o.rate} requests/s from ${o.connections} connections, ${o.duration} s per API\n`);
    console.log('| API | requests | req/s | failed | p50 ms | p90 ms | p99 ms | max ms | statuses |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const row of rows) console.log(row);
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}
