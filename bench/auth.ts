// npm run bench:auth -- [--duration 10]
// Logins per second (scrypt) with the libuv pool held to one thread (one core), and the latency session validation
// adds to a request: the same empty route public and authenticated, in the same run. The server runs in its own
// process on DATABASE_URL (else a fresh embedded PGlite directory).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' } } });
const duration = Number(values.duration);
const port = 18091;
const base = `http://127.0.0.1:${port}`;
const password = 'Bench-pass-123';

const env = {
  ...process.env,
  ECE_ADMIN_PASSWORD: password,
  ECE_RATE_LIMIT_LOGIN_RPS: '0',
  ECE_RATE_LIMIT_SESSION_RPS: '0',
  ECE_SETTING_MAX_SESSIONS_PER_USER: '50',
  UV_THREADPOOL_SIZE: '1',
  ...(process.env.DATABASE_URL ? {} : { ECE_PGLITE_DIR: path.join(mkdtempSync(path.join(tmpdir(), 'ece-bench-')), 'pglite') }),
};
const server = fork(new URL('./bench-server.ts', import.meta.url), [String(port)], { execArgv: ['--import', 'tsx'], env, stdio: 'inherit' });
await once(server, 'message');

try {
  const login = () =>
    fetch(`${base}/system/ws/v12/authentication/user/login?forceLogin=yes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'sa', password }),
    });
  const first = await login();
  if (first.status !== 204) throw new Error(`login failed: ${first.status} ${await first.text()}`);

  const logins = await autocannon({
    url: `${base}/system/ws/v12/authentication/user/login?forceLogin=yes`,
    method: 'POST',
    connections: 4,
    duration,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName: 'sa', password }),
  });
  if (logins.non2xx) throw new Error(`${logins.non2xx} failed logins`);
  // A session of its own after the login run, which evicted older ones (forceLogin=yes).
  const session = (await login()).headers.get('x-egain-session')!;

  const run = (p: string, headers: Record<string, string>) =>
    autocannon({ url: `${base}/system/ws/v12/bench/${p}`, connections: 10, duration, headers });
  await run('public', {});
  await run('private', { 'x-egain-session': session });
  const pub = await run('public', {});
  const priv = await run('private', { 'x-egain-session': session });
  if (priv.non2xx || pub.non2xx) throw new Error('failed requests');

  console.log(`\nDatabase: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}; ${duration} s per run\n`);
  console.log('| measure | req/s | p50 ms | p90 ms | p99 ms |');
  console.log('|---|---|---|---|---|');
  console.log(`| login (scrypt, 1 libuv thread, 4 connections) | ${logins.requests.average.toFixed(1)} | ${logins.latency.p50} | ${logins.latency.p90} | ${logins.latency.p99} |`);
  console.log(`| GET public route (10 connections) | ${pub.requests.average.toFixed(0)} | ${pub.latency.p50} | ${pub.latency.p90} | ${pub.latency.p99} |`);
  console.log(`| GET same route with session validation | ${priv.requests.average.toFixed(0)} | ${priv.latency.p50} | ${priv.latency.p90} | ${priv.latency.p99} |`);
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit');
}
