// The process entry: configuration errors stop start-up (exit 1); SIGTERM lets an in-flight request finish (exit 0).
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../helpers/test-db.ts';

function run(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function databaseEnv(): Promise<Record<string, string>> {
  // PostgreSQL when the suite runs on it (the worker's database is migrated already), else a fresh PGlite directory.
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    // The worker's database exists once a test of this worker opened it; make sure it does.
    await (await openTestDatabase()).close();
    const u = new URL(url);
    u.pathname = `${u.pathname}_w${process.env.VITEST_POOL_ID ?? '1'}`;
    return { DATABASE_URL: u.toString() };
  }
  return { ECE_PGLITE_DIR: path.join(await mkdtemp(path.join(tmpdir(), 'ece-proc-')), 'pglite') };
}

describe('process entry', () => {
  it('a bad PORT stops start-up with one line naming the variable, exit code 1', async () => {
    const p = run('src/main.ts', { PORT: 'abc' });
    expect(await p.exited).toBe(1);
    expect(p.stderr().trim()).toBe("Invalid configuration: PORT must be an integer, got 'abc'");
  });

  it('SIGTERM during a slow request lets it finish, then exits 0', { timeout: 60_000 }, async () => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const p = run('test/fixtures/slow-server.ts', { PORT: String(port), HOST: '127.0.0.1', ...(await databaseEnv()) });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      if (i > 200) throw new Error(`server did not become ready: ${p.stderr()}`);
      await sleep(100);
    }
    const slow = fetch(`${base}/system/ws/v12/test/slow`);
    await sleep(300);
    p.child.kill('SIGTERM');
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ slow: 'done' });
    expect(await p.exited).toBe(0);
    // No new connection is accepted once stopped.
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
