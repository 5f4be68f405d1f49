import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyPluginAsync } from 'fastify';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildApp } from '../../src/app.ts';
import { getTestApp, testConfig, type TestApp } from '../helpers/app.ts';
import { openTestDatabase } from '../helpers/test-db.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

describe('/metrics (01 §20)', () => {
  it('counts requests by method, route template and status, with latency histograms and pool gauges', async () => {
    await t.app.inject({ method: 'GET', url: '/system/ws/v12/kb/hello' });
    await t.app.inject({ method: 'GET', url: '/system/ws/v12/kb/hello' });
    await t.app.inject({ method: 'GET', url: '/system/ws/v12/nowhere' });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toContain('http_requests_total{method="GET",route="/system/ws/v12/kb/hello",status="200"} 2');
    expect(text).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/system\/ws\/v12\/kb\/hello"\} \d/);
    expect(text).toContain('le="10"');
    for (const name of ['ece_sessions_active', 'ece_db_pool_in_use', 'ece_db_pool_waiting', 'process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(text, name).toMatch(new RegExp(`^${name} `, 'm'));
    }
  });

  it('requires the bearer token when ECE_METRICS_TOKEN is set', async () => {
    const secured = await getTestApp({ ECE_METRICS_TOKEN: 's3cret' });
    try {
      const denied = await secured.app.inject({ method: 'GET', url: '/metrics' });
      expect(denied.statusCode).toBe(401);
      expect(denied.body).toBe('');
      expect((await secured.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer wrong!' } })).statusCode).toBe(401);
      expect((await secured.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer s3cret' } })).statusCode).toBe(200);
    } finally {
      await secured.close();
    }
  });
});

describe('/openapi.json and /docs (01 §20)', () => {
  it('is a valid OpenAPI 3.1 document covering the API routes with XML and JSON media types', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    const hello = doc.paths['/system/ws/v12/kb/hello'].get;
    expect(Object.keys(hello.responses['200']?.content ?? {}).sort()).toEqual(['application/json', 'application/xml']);
    expect(Object.keys(doc.paths).some((p) => !p.startsWith('/system/'))).toBe(false);
  });

  it('/docs renders Swagger UI from local assets only', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const srcs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.length).toBeGreaterThan(2);
    for (const src of srcs) expect(src, src).not.toMatch(/^(https?:)?\/\//);
    const script = srcs.find((s) => s.endsWith('swagger-ui-bundle.js'))!;
    const asset = await t.app.inject({ method: 'GET', url: script.startsWith('/') ? script : `/docs/${script.replace(/^\.\//, '')}` });
    expect(asset.statusCode).toBe(200);
    expect(asset.body.length).toBeGreaterThan(100_000);
  });
});

describe('logging', () => {
  it('writes one line per request with method, route template, status, duration and request id, and no secrets', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const failing: FastifyPluginAsync = async (app) => {
      app.post('/system/ws/v12/test/fail', { config: { public: true, body: {} } }, async (request) => {
        request.log.info({ body: request.body, headers: request.headers }, 'handler saw');
        throw new Error('boom');
      });
    };
    const db = await openTestDatabase();
    const app = await buildApp(testConfig({ LOG_LEVEL: 'info' }), { db, logger: { stream }, routes: [failing] });
    try {
      await app.inject({
        method: 'POST',
        url: '/system/ws/v12/test/fail',
        headers: {
          'content-type': 'application/json',
          'x-request-id': 'req-42',
          'x-egain-session': 'SESSION-SECRET',
          authorization: 'Bearer TOKEN-SECRET',
          cookie: 'egain-session=COOKIE-SECRET',
          'x-egain-csrf': 'CSRF-SECRET',
        },
        payload: { userName: 'sa', password: 'PASSWORD-SECRET', client_secret: 'CLIENT-SECRET' },
      });
    } finally {
      await app.close();
      await db.close();
    }
    const all = lines.join('\n');
    for (const secret of ['SESSION-SECRET', 'TOKEN-SECRET', 'COOKIE-SECRET', 'CSRF-SECRET', 'PASSWORD-SECRET', 'CLIENT-SECRET']) {
      expect(all).not.toContain(secret);
    }
    const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ reqId: 'req-42', method: 'POST', route: '/system/ws/v12/test/fail', status: 500 });
    expect(typeof requestLines[0].durationMs).toBe('number');
  });
});

describe('readiness gate (01 §19)', () => {
  it('answers 503-100 with Retry-After on /system while not ready, and recovers', async () => {
    await t.db.query('UPDATE _prisma_migrations SET rolled_back_at = now()');
    try {
      await t.app.readiness.check();
      const res = await t.app.inject({ method: 'GET', url: '/system/ws/v12/kb/hello', headers: { accept: 'application/json' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toEqual({
        code: '503-100',
        developerMessage: 'The service is temporarily unavailable. Retry after 5 seconds.',
        details: [{ key: 'retryAfter', value: '5' }],
      });
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await t.db.query('UPDATE _prisma_migrations SET rolled_back_at = NULL');
      await t.app.readiness.check();
    }
    expect((await t.app.inject({ method: 'GET', url: '/system/ws/v12/kb/hello' })).statusCode).toBe(200);
  });
});
