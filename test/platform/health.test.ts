import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

describe('operational endpoints (01 §20)', () => {
  it('GET /healthz answers ok without touching the database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz is ready when the database answers and every migration is applied', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('GET /readyz is 503 with the reason when a migration is missing', async () => {
    await t.db.query(`UPDATE _prisma_migrations SET rolled_back_at = now()`);
    try {
      const res = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'not_ready', reason: expect.stringContaining('migrations pending') });
    } finally {
      await t.db.query(`UPDATE _prisma_migrations SET rolled_back_at = NULL`);
    }
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});

describe('Readiness.onceReady', () => {
  it('runs its work once, the first time the server is found ready (the bootstrap after a late migration)', async () => {
    const { Readiness } = await import('../../src/platform/readiness.ts');
    const names = (await t.db.query<{ migration_name: string }>('SELECT migration_name FROM _prisma_migrations')).map((r) => r.migration_name);
    await t.db.query(`UPDATE _prisma_migrations SET rolled_back_at = now()`);
    const readiness = new Readiness(t.db, names);
    let runs = 0;
    try {
      expect((await readiness.check()).ready).toBe(false);
      await readiness.onceReady(async () => void runs++);
      expect(runs).toBe(0);
    } finally {
      await t.db.query(`UPDATE _prisma_migrations SET rolled_back_at = NULL`);
    }
    expect((await readiness.check()).ready).toBe(true);
    expect(runs).toBe(1);
    await readiness.check();
    expect(runs).toBe(1);
    await readiness.onceReady(async () => void runs++);
    expect(runs).toBe(2);
  });
});
