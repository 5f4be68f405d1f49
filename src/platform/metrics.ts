// Prometheus metrics of 01 §20. Each app owns its registry, so several apps in one process (tests) do not clash.
import { timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

export type GaugeSource = () => number | Promise<number>;

export class Metrics {
  readonly registry = new Registry();
  private readonly sources = new Map<string, GaugeSource>();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route'>;

  constructor(db: Database) {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method and route template',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.gauge('ece_db_pool_in_use', 'Database connections in use', () => db.poolStats().inUse);
    this.gauge('ece_db_pool_waiting', 'Requests waiting for a database connection', () => db.poolStats().waiting);
    this.gauge('ece_db_pool_size', 'Database connections open', () => db.poolStats().size);
    // Sessions arrive with the authentication area, which replaces this source through setSource.
    this.gauge('ece_sessions_active', 'Live sessions', () => 0);
  }

  /** Declares a gauge read at scrape time. */
  gauge(name: string, help: string, source: GaugeSource): void {
    this.sources.set(name, source);
    const sources = this.sources;
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set(await sources.get(name)!());
      },
    });
  }

  setSource(name: string, source: GaugeSource): void {
    if (!this.sources.has(name)) throw new Error(`unknown gauge ${name}`);
    this.sources.set(name, source);
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export const metricsPlugin = fp<{ db: Database; token: string | undefined }>(
  async (app, { db, token }) => {
    const metrics = new Metrics(db);
    app.decorate('metrics', metrics);

    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      metrics.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    });

    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (token && !bearerMatches(request.headers.authorization, token)) return reply.code(401).send();
      return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  },
  { name: 'metrics' },
);
