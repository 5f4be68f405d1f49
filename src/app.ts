// buildApp: the whole server as a fastify instance, used by the process entry, the tests and the benchmarks.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from './common/project-root.ts';
import Fastify, { LogController, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config/config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { Migrator, readMigrations } from './db/migrator.ts';
import { loggerOptions } from './platform/logging.ts';
import { requestIdOf, requestLog } from './platform/request-log.ts';
import { metricsPlugin } from './platform/metrics.ts';
import { Readiness, healthPlugin } from './platform/readiness.ts';
import { openapiPlugin } from './platform/openapi.ts';
import { compressionPlugin } from './platform/compression.ts';
import { negotiationPlugin } from './platform/negotiate.ts';
import { representPlugin } from './platform/represent.ts';
import { errorsPlugin } from './platform/errors.ts';
import { bodyPlugin } from './platform/body.ts';
import { corsPlugin, corsWhitelist } from './platform/cors.ts';
import { ConfigVersion } from './platform/config-version.ts';
import { queryPlugin } from './platform/query.ts';
import { AttributeDefinitions } from './areas/custom-attributes/definition.ts';
import { customerRoutes } from './areas/customer/customer.routes.ts';
import { activityRoutes } from './areas/activity/activity.routes.ts';
import { caseRoutes } from './areas/case/case.routes.ts';
import { knowledgeRoutes } from './areas/knowledge/index.ts';
import { foldCaseCounts } from './areas/case/case.counts.ts';
import { startPurgeWorker } from './areas/administration/purge/purge.worker.ts';
import { deleteExpiredTokens } from './areas/activity/email/attachment.queries.ts';
import { startAlarmEvaluation } from './areas/administration/workflow/alarm.job.ts';
import type { CustomAttributeResolver } from './query/parse.ts';
import { sharedSecret } from './db/secrets.ts';
import './platform/route-config.ts';
import { helloRoutes } from './areas/common/hello.routes.ts';
import { authenticationRoutes } from './areas/authentication/authentication.routes.ts';
import { oauthRoutes } from './areas/authentication/oauth.routes.ts';
import { administrationRoutes } from './areas/administration/index.ts';
import { aboutRoutesFor } from './areas/common/about.routes.ts';
import { bootstrap } from './areas/authentication/bootstrap.ts';
import { countLiveSessions, purgeSessions } from './areas/authentication/session.queries.ts';
import type { AuthContext } from './areas/authentication/session.service.ts';
import { authenticationPlugin } from './platform/authentication.ts';
import { rateLimitPlugin } from './platform/rate-limit.ts';
import { Settings } from './settings/settings.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
    configVersion: ConfigVersion;
    settings: Settings;
    auth: AuthContext;
    attributeDefinitions: AttributeDefinitions;
  }
}

export type BuildOptions = {
  /** An open database to use instead of opening one from the config; the caller keeps ownership. */
  db?: Database;
  /** false silences the logger; a stream receives the log lines instead of stdout (tests). */
  logger?: false | { stream: NodeJS.WritableStream };
  /** Which `custom.<name>` query criteria exist (default: the custom attribute definitions of the database). */
  customAttributes?: CustomAttributeResolver;
  /** The time source of session lifetimes and lockouts (tests move it forward). */
  clock?: () => Date;
  /** Extra route plugins registered after the API areas (test fixtures, bench-only routes). */
  routes?: FastifyPluginAsync[];
  /**
   * Background jobs that write on their own schedule (purge runs 07 §17.2, alarm workflows 07 §10.3); default true. Test apps turn them off
   * and call the jobs' functions directly, so no timer writes under a test.
   */
  backgroundJobs?: boolean;
};

const packageJson = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger === false ? false : { ...loggerOptions(config.logLevel), ...(opts.logger ?? {}) },
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: requestIdOf,
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: config.maxBodyBytes,
    // x-ece marks the fields read leniently before validation (platform/body-schema.ts); xml documents OpenAPI.
    ajv: { customOptions: { keywords: ['x-ece', 'xml'] } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2000 },
    // Slow clients cannot pin a connection forever; in-flight requests still finish on close.
    requestTimeout: 120_000,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();

  const ownsDb = !opts.db;
  const db =
    opts.db ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.pgliteDir,
      poolSize: config.dbPoolSize,
      acquireTimeoutMs: config.dbAcquireTimeoutMs,
      onError: (err) => app.log.error({ err: err.message }, 'database connection error'),
    }));
  app.decorate('config', config);
  app.decorate('db', db);
  if (ownsDb) app.addHook('onClose', async () => db.close());

  try {
    if (config.migrateOnStart) await migrate(app, db);
    const migrations = (await readMigrations()).migrationDirectories.map((m) => m.path);
    const readiness = new Readiness(db, migrations);
    // Bootstrap needs the schema: without it the server starts not ready, and bootstraps once an operator migrates.
    await readiness.check();
    await readiness.onceReady(async () => {
      const boot = await bootstrap(db, config.adminPassword);
      if (boot.generatedPassword) app.log.warn(`Bootstrap administrator 'sa' created. Password: ${boot.generatedPassword}`);
    });
    readiness.start(1000);

    const configVersion = new ConfigVersion(db, 1000, (err) => app.log.warn({ err }, 'config_version check failed'));
    await configVersion.start();
    app.decorate('configVersion', configVersion);
    app.addHook('onClose', async () => configVersion.stop());
    const settings = new Settings(db, configVersion, config.environmentSettings);
    app.decorate('settings', settings);
    const attributeDefinitions = new AttributeDefinitions(db, configVersion);
    app.decorate('attributeDefinitions', attributeDefinitions);
    const auth: AuthContext = { db, settings, now: opts.clock ?? (() => new Date()) };
    app.decorate('auth', auth);
    const purge = setInterval(() => {
      void purgeSessions(db, auth.now()).catch(() => {});
      void deleteExpiredTokens(db.prisma, auth.now()).catch(() => {});
    }, 600_000);
    purge.unref();
    app.addHook('onClose', async () => clearInterval(purge));
    // Case counters (case.counts.ts) grow by a row per case change; folding keeps the count a sum of few rows.
    const fold = setInterval(() => void foldCaseCounts(db.prisma).catch(() => {}), 60_000);
    fold.unref();
    app.addHook('onClose', async () => clearInterval(fold));
    if (opts.backgroundJobs !== false) {
      // Fold once at start as well: a bulk load or a long stop may have left many counter rows.
      void foldCaseCounts(db.prisma).catch(() => {});
      const stopPurgeWorker = startPurgeWorker(app);
      app.addHook('preClose', async () => stopPurgeWorker());
      const stopAlarms = startAlarmEvaluation(app);
      app.addHook('preClose', async () => stopAlarms());
    }

    // Once stopping, every response closes its connection: a keep-alive client would otherwise hold the server
    // open until its idle timeout after its in-flight request has finished.
    let closing = false;
    app.addHook('preClose', async () => {
      closing = true;
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      if (closing) reply.header('Connection', 'close');
      return payload;
    });

    const limits = { body: config.maxBodyBytes, multipart: config.maxMultipartBytes };
    // Platform: order matters, hooks run in registration order (01 §7.2).
    await app.register(requestLog);
    await app.register(metricsPlugin, { db, token: config.metricsToken });
    app.metrics.setSource('ece_sessions_active', async () =>
      countLiveSessions(db, auth.now(), await settings.get('sessionIdleTimeoutMinutes'), await settings.get('sessionMaxLifetimeMinutes')),
    );
    await app.register(healthPlugin, { readiness });
    await app.register(openapiPlugin, { version: packageJson.version });
    await app.register(compressionPlugin);
    await app.register(representPlugin);
    await app.register(errorsPlugin, { limits });
    // CORS before negotiation: its headers must be on every response, errors of the later checks included.
    await app.register(corsPlugin, { whitelist: corsWhitelist(db, configVersion, config.corsOrigins) });
    await app.register(negotiationPlugin);
    await app.register(authenticationPlugin, { ctx: auth, cookies: config.sessionCookies });
    await app.register(rateLimitPlugin, { sessionRps: config.rateLimitSessionRps, loginRps: config.rateLimitLoginRps });
    await app.register(bodyPlugin, { limits });
    await app.register(queryPlugin, {
      resolver: opts.customAttributes ?? attributeDefinitions,
      cursorSecret: await sharedSecret(db, 'cursor'),
    });

    // API areas.
    await app.register(helloRoutes);
    await app.register(authenticationRoutes(auth, { cookies: config.sessionCookies }));
    await app.register(oauthRoutes);
    await app.register(administrationRoutes);
    await app.register(customerRoutes);
    await app.register(activityRoutes);
    await app.register(caseRoutes);
    await app.register(knowledgeRoutes);
    await app.register(aboutRoutesFor(config));
    for (const routes of opts.routes ?? []) await app.register(routes);
    await app.ready();
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}

async function migrate(app: FastifyInstance, db: Database): Promise<void> {
  const migrator = await Migrator.open(db.migrationAdapter());
  try {
    const applied = await migrator.deploy();
    if (applied.length) app.log.info({ applied }, 'migrations applied');
  } finally {
    await migrator.close();
  }
}
