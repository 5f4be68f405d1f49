// Shared helpers and fixture routes of the authentication tests (02-authentication.md).
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { expect, vi } from 'vitest';
import { NS } from '../../../src/representation/namespaces.ts';
import { f, shape } from '../../../src/representation/shape.ts';
import { Err } from '../../../src/errors/app-error.ts';
import { openDatabase, type Database } from '../../../src/db/database.ts';
import type { Actor } from '../../../src/authz/actor.ts';
import { openTestDatabase, postgresUrls } from '../../helpers/test-db.ts';
import { buildApp, type BuildOptions } from '../../../src/app.ts';
import { testConfig, type TestApp } from '../../helpers/app.ts';
import { canonicalXml } from '../../helpers/xml-canonical.ts';

export const LOGIN = '/system/ws/v12/authentication/user/login';
export const LOGOUT = '/system/ws/v12/authentication/user/logout';
export const CUSTOMER_LOGOUT = '/system/ws/v15/context/authentication/user/logout';
export const PLATFORM = NS.platform;

/** 128 bits as 32 lower-case hex digits in GUID grouping (02 §6.1). */
export const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** 32 random bytes, base64url without padding (02 §5). */
export const CSRF_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const MSG = {
  session: {
    'en-US': "Invalid or expired 'X-egain-session' header provided. New login is required.",
    'es-ES': "Se ha proporcionado un encabezado 'X-egain-session' no válido o caducado. Es necesario iniciar sesión de nuevo.",
  },
  bearer: {
    'en-US': "Invalid or expired 'Authorization' header provided. New login is required.",
    'es-ES': "Se ha proporcionado un encabezado 'Authorization' no válido o caducado. Es necesario iniciar sesión de nuevo.",
  },
  badLogin: { 'en-US': 'Invalid user name or password.', 'es-ES': 'Nombre de usuario o contraseña no válidos.' },
  locked: {
    'en-US': 'The account is locked because of too many failed login attempts. Try again later.',
    'es-ES': 'La cuenta está bloqueada debido a demasiados intentos de inicio de sesión fallidos. Inténtelo de nuevo más tarde.',
  },
  limit: (max: number) => ({
    'en-US': `The maximum number of concurrent sessions (${max}) has been reached. Use forceLogin=yes to end the oldest session.`,
    'es-ES': `Se ha alcanzado el número máximo de sesiones simultáneas (${max}). Use forceLogin=yes para finalizar la sesión más antigua.`,
  }),
  csrf: { 'en-US': "Missing or invalid 'X-egain-csrf' header.", 'es-ES': "Falta el encabezado 'X-egain-csrf' o no es válido." },
  forbidden: { 'en-US': 'You are not authorized to perform this action.', 'es-ES': 'No tiene autorización para realizar esta acción.' },
  legacy: { 'en-US': 'User could not be authenticated. Invalid session ID.', 'es-ES': 'No se pudo autenticar al usuario. El ID de sesión no es válido.' },
} as const;

type LoginOpts = { fmt?: 'json' | 'xml'; query?: string; headers?: Record<string, string>; lang?: 'en-US' | 'es-ES' };

/** POST to the staff login with a JSON object or a raw XML document. */
export function postLogin(app: FastifyInstance, body: unknown, opts: LoginOpts = {}): Promise<LightMyRequestResponse> {
  const xml = typeof body === 'string';
  return app.inject({
    method: 'POST',
    url: LOGIN + (opts.query ? `?${opts.query}` : ''),
    headers: {
      'content-type': xml ? 'application/xml' : 'application/json',
      accept: opts.fmt === 'xml' ? 'application/xml' : 'application/json',
      ...(opts.lang ? { 'accept-language': opts.lang } : {}),
      ...opts.headers,
    },
    payload: xml ? body : JSON.stringify(body),
  });
}

/**
 * A second app with its own environment on an existing test database (another instance, as far as the server is
 * concerned). Cheaper than getTestApp, which opens a database of its own. close() leaves the database open.
 */
export async function appOn(
  db: Database,
  env: Record<string, string> = {},
  opts: Omit<BuildOptions, 'db' | 'logger'> = {},
): Promise<TestApp> {
  const app = await buildApp(testConfig(env), { db, logger: false, ...opts });
  return { app, db, close: () => app.close() };
}

/** The Set-Cookie headers of a response, always as a list. */
export function setCookies(res: LightMyRequestResponse): string[] {
  const v = res.headers['set-cookie'];
  return v === undefined ? [] : Array.isArray(v) ? v : [String(v)];
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest();

export type SessionRecord = {
  id: string;
  kind: string;
  user_id: string | null;
  created_at: Date;
  last_seen_at: Date;
  ended_at: Date | null;
  csrf_hash: Uint8Array | null;
  client_ip: string | null;
  user_agent: string | null;
};

/** The stored row of a session id (looked up by the SHA-256 of its lower-case form, as the server stores it). */
export async function sessionRecord(db: Database, sessionId: string): Promise<SessionRecord | undefined> {
  const rows = await db.query<SessionRecord>(
    `SELECT id::text, kind, user_id::text, created_at, last_seen_at, ended_at, csrf_hash, client_ip, user_agent FROM session WHERE id_hash = $1`,
    [sha256(sessionId.toLowerCase())],
  );
  return rows[0];
}

/** Live (not ended) session rows of a user. */
export async function liveSessionCount(db: Database, userId: bigint): Promise<number> {
  const rows = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM session WHERE user_id = $1 AND ended_at IS NULL`, [userId]);
  return Number(rows[0]!.n);
}

/**
 * Stores a runtime setting the way the administration API does (a `setting` row and a config_version bump), or
 * removes it (value null), and waits until the app sees the effective value (its poll runs every second).
 */
export async function storeSetting(app: FastifyInstance, name: string, value: number | null, expected?: number): Promise<void> {
  if (value === null) await app.db.query('DELETE FROM setting WHERE name = $1', [name]);
  else {
    await app.db.query(
      `INSERT INTO setting (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value, last_modified_at = now()`,
      [name, String(value)],
    );
  }
  await app.db.query('UPDATE config_version SET value = value + 1, updated_at = now() WHERE id = 1');
  const want = value ?? expected;
  if (want !== undefined) {
    await vi.waitFor(async () => expect(await app.settings.get(name as never)).toBe(want), { timeout: 5000, interval: 50 });
  }
}

/** A test clock: `clock()` is handed to buildApp; `advance` moves it forward (tests never sleep). */
export function testClock(start = Date.now()) {
  let now = start;
  return {
    clock: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
    get now() {
      return now;
    },
  };
}
export const SECOND = 1000;
export const MINUTE = 60_000;

/** Reads the legacy 401 body of knowledge paths (02 §8.2) in XML. */
export function parseLegacyXml(xml: string): string {
  const root = canonicalXml(xml);
  expect(root.name).toBe(`{${PLATFORM}}Error`);
  expect(root.children.map((c) => c.name)).toEqual([`{${PLATFORM}}message`]);
  return root.children[0]!.text ?? '';
}

// ---------------------------------------------------------------------------------------------------------------
// Fixture routes: authenticated routes the areas will have, standing in until they exist.
// ---------------------------------------------------------------------------------------------------------------

export const FIX = '/system/ws/v12/test/auth';
export const KB_FIX = '/system/ws/v12/kb/test/secure';
export const BEARER_FIX = '/system/ws/v19/clientapplications/messaging/test/secure';

const whoamiShape = shape(NS.common, { kind: f.text(), principal: f.text(), roles: f.text(), departments: f.text(), session: f.text() });

export type Whoami = { kind: string; principal: string; roles: string; departments: string; session: string };

const whoami = (actor: Actor) => ({
  kind: 'bare' as const,
  root: 'whoami',
  shape: whoamiShape,
  value: {
    kind: actor.kind,
    principal: actor.kind === 'user' ? String(actor.userId) : actor.kind === 'client' ? String(actor.clientApplicationId) : String(actor.contactPersonId),
    roles: actor.roles.join(','),
    departments: actor.kind === 'user' ? actor.departmentIds.join(',') : '',
    session: actor.kind === 'client' ? 'bearer' : actor.sessionId,
  },
});

export const authFixtures: FastifyPluginAsync = async (app) => {
  app.get(`${FIX}/whoami`, { schema: { hide: true } }, async (request, reply) => reply.represent(whoami(request.actor)));
  for (const method of ['POST', 'PUT', 'DELETE'] as const) {
    app.route({ method, url: `${FIX}/act`, schema: { hide: true }, handler: async (_request, reply) => reply.noContent() });
  }
  app.get(`${FIX}/missing`, { schema: { hide: true } }, async () => {
    throw Err.idsNotFound(['42', '43']);
  });
  app.get(`${FIX}/public`, { config: { public: true }, schema: { hide: true } }, async (_request, reply) => reply.noContent());
  app.get(KB_FIX, { schema: { hide: true } }, async (request, reply) => reply.represent(whoami(request.actor)));
  app.get(`${KB_FIX}/missing`, { schema: { hide: true } }, async () => {
    throw Err.idsNotFound(['7']);
  });
  app.get(BEARER_FIX, { config: { auth: 'bearer' }, schema: { hide: true } }, async (request, reply) => reply.represent(whoami(request.actor)));
  app.post(BEARER_FIX, { config: { auth: 'bearer' }, schema: { hide: true } }, async (_request, reply) => reply.noContent());
};

export function whoamiOf(res: LightMyRequestResponse): Whoami {
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Whoami;
}

// ---------------------------------------------------------------------------------------------------------------
// A database of one's own (bootstrap needs an empty one).
// ---------------------------------------------------------------------------------------------------------------

export type OwnDatabase = { db: Database; url?: string; openAnother(): Promise<Database>; drop(): Promise<void> };

/**
 * A migrated database with no users: PGlite gives a fresh in-memory copy of the template per call; on PostgreSQL
 * a throwaway database is cloned from the template the global setup migrated, and dropped afterwards.
 */
export async function ownDatabase(): Promise<OwnDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const db = await openTestDatabase();
    return {
      db,
      openAnother: async () => db,
      drop: async () => db.close(),
    };
  }
  const urls = postgresUrls(base);
  const name = `${urls.templateName.replace(/_template$/, '')}_own_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: urls.admin });
  await admin.connect();
  try {
    // Another worker cloning the template at the same moment makes CREATE DATABASE fail; retry briefly.
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(urls.templateName)}`);
        break;
      } catch (err) {
        if ((err as pg.DatabaseError).code !== '55006' || attempt > 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    await admin.end();
  }
  const url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  const open = () => openDatabase({ databaseUrl: url, pgliteDir: '', poolSize: 5, acquireTimeoutMs: 10_000 });
  const db = await open();
  const others: Database[] = [];
  return {
    db,
    url,
    async openAnother() {
      const other = await open();
      others.push(other);
      return other;
    },
    async drop() {
      for (const o of others) await o.close();
      await db.close();
      const a = new pg.Client({ connectionString: urls.admin });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}
