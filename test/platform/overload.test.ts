// 01 §19: a request that cannot get a database connection in time gets 503-100 with Retry-After, not 500-100.
// A TCP server that accepts connections and never answers stands in for a saturated database.
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyPluginAsync } from 'fastify';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { getTestApp, type TestApp } from '../helpers/app.ts';

let silent: net.Server;
let stuck: Database;
let t: TestApp;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  silent = net.createServer((s) => sockets.push(s));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as net.AddressInfo).port;
  stuck = await openDatabase({ databaseUrl: `postgresql://u:p@127.0.0.1:${port}/db`, pgliteDir: '', poolSize: 1, acquireTimeoutMs: 200 });
  const routes: FastifyPluginAsync = async (app) => {
    app.get('/system/ws/v12/test/stuck', { config: { public: true } }, async (_req, reply) => {
      await stuck.query('SELECT 1');
      return reply.noContent();
    });
  };
  t = await getTestApp({}, [routes]);
});

afterAll(async () => {
  await t?.close();
  for (const s of sockets) s.destroy();
  silent?.close();
});

it('answers 503-100 with Retry-After: 5 when no database connection is available in time', async () => {
  const responses = await Promise.all(
    [1, 2].map(() => t.app.inject({ method: 'GET', url: '/system/ws/v12/test/stuck', headers: { accept: 'application/json' } })),
  );
  for (const res of responses) {
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ code: '503-100', details: [{ key: 'retryAfter', value: '5' }] });
  }
});
