// Helpers of the user endpoint tests (07 §3): requests in either format, readers of the XML user documents, and
// an isolated database for the few tests that need to be the only enabled administrator.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { expect } from 'vitest';
import { buildApp } from '../../../../src/app.ts';
import { hashSecret } from '../../../../src/areas/authentication/tokens.ts';
import { openDatabase, type Database } from '../../../../src/db/database.ts';
import { testConfig, type TestApp } from '../../../helpers/app.ts';
import { openTestDatabase, postgresUrls } from '../../../helpers/test-db.ts';
import { canonicalXml, type CanonicalElement } from '../../../helpers/xml-canonical.ts';

export const USER = '/system/ws/v12/administration/user';
export const USER_NS = 'http://bindings.egain.com/ws/model/v12/gen/administration/user';
export const COMMON = 'http://bindings.egain.com/ws/model/v12/gen/common';
export const PLATFORM = 'http://bindings.egain.com/ws/model/v12/gen/platform';
export const GROUP_NS = 'http://bindings.egain.com/ws/model/v12/gen/administration/group';
export const LANGUAGE_NS = 'http://bindings.egain.com/ws/model/v12/gen/administration/language';

export type Fmt = 'json' | 'xml';
export const FORMATS: Fmt[] = ['json', 'xml'];

type Session = { sessionId: string };

/** A request with the caller's session; `body` is sent as JSON (object) or XML (string). */
export function call(
  app: FastifyInstance,
  s: Session | undefined,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD' | 'PATCH',
  url: string,
  opts: { body?: unknown; fmt?: Fmt; lang?: string; headers?: Record<string, string> } = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { accept: opts.fmt === 'xml' ? 'application/xml' : 'application/json', ...opts.headers };
  if (s) headers['x-egain-session'] = s.sessionId;
  if (opts.lang) headers['accept-language'] = opts.lang;
  if (opts.body !== undefined) headers['content-type'] = typeof opts.body === 'string' ? 'application/xml' : 'application/json';
  return app.inject({
    method,
    url,
    headers,
    ...(opts.body === undefined ? {} : { payload: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
  });
}

export type JsonUser = Record<string, unknown> & { id: string };

/** The `user` array of a 200/201 JSON answer. */
export function usersOf(res: LightMyRequestResponse, status = 200): JsonUser[] {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = res.json() as { user: JsonUser[] };
  expect(Array.isArray(body.user)).toBe(true);
  return body.user;
}

export const ids = (res: LightMyRequestResponse) => usersOf(res).map((u) => u.id);

/** Child elements of `el` by expanded name `{ns}local`. */
export const child = (el: CanonicalElement, ns: string, local: string) => el.children.find((c) => c.name === `{${ns}}${local}`);
export const children = (el: CanonicalElement, ns: string, local: string) => el.children.filter((c) => c.name === `{${ns}}${local}`);

/** The `<user>` elements of an XML `<users>` answer (root checked namespace-aware). */
export function xmlUsers(res: LightMyRequestResponse, status = 200): CanonicalElement[] {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
  const root = canonicalXml(res.body);
  expect(root.name).toBe(`{${USER_NS}}users`);
  return children(root, USER_NS, 'user');
}

export const unique = (prefix = 'u') => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/**
 * An app on a database no other test uses: a fresh PGlite, or on PostgreSQL a database cloned from the migrated
 * template and dropped on close. For tests that must control every administrator of the database.
 */
export async function isolatedApp(): Promise<TestApp> {
  const base = process.env.TEST_DATABASE_URL;
  let db: Database;
  let drop: (() => Promise<void>) | undefined;
  if (!base) db = await openTestDatabase();
  else {
    const urls = postgresUrls(base);
    const name = `${urls.workerName('user')}_${randomUUID().slice(0, 8)}`;
    const admin = new pg.Client({ connectionString: urls.admin });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(urls.templateName)}`);
    } finally {
      await admin.end();
    }
    const url = new URL(base);
    url.pathname = `/${name}`;
    db = await openDatabase({ databaseUrl: url.toString(), pgliteDir: '', poolSize: 3, acquireTimeoutMs: 10_000 });
    drop = async () => {
      const c = new pg.Client({ connectionString: urls.admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    };
  }
  const app = await buildApp(testConfig(), { db, logger: false });
  return {
    app,
    db,
    async close() {
      await app.close();
      await db.close();
      await drop?.();
    },
  };
}

/** The value of config_version (07 §1.1): every administration write increments it. */
export async function configVersion(db: Database): Promise<bigint> {
  const rows = await db.query<{ value: string }>('SELECT value::text AS value FROM config_version WHERE id = 1');
  return BigInt(rows[0]!.value);
}

/** The stored session row of a session id (02 §6.1: only the SHA-256 of the lower-case id is stored). */
export async function sessionEnded(db: Database, sessionId: string): Promise<boolean> {
  const row = await db.prisma.session.findUnique({ where: { idHash: Uint8Array.from(hashSecret(sessionId)) }, select: { endedAt: true } });
  expect(row).not.toBeNull();
  return row!.endedAt !== null;
}

/** A user group of a department, made directly (the group endpoints are another resource). */
export async function createGroup(db: Database, departmentId: bigint, name = unique('G'), members: bigint[] = []) {
  return db.prisma.userGroup.create({ data: { name, departmentId, members: { create: members.map((userId) => ({ userId })) } } });
}
