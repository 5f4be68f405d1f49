// Helpers shared by the department, group, role and language API tests (07 §1, §4–§6, §14).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect, onTestFinished } from 'vitest';
import type { Database } from '../../../../src/db/database.ts';
import type { ServiceContext } from '../../../../src/areas/service-context.ts';
import { loginAs } from '../../../helpers/auth.ts';
import { canonicalXml, type CanonicalElement } from '../../../helpers/xml-canonical.ts';
import { COMMON, expectSystemHeaders, type Fmt } from '../../../conformance/support.ts';

export const ADMIN = '/system/ws/v12/administration';
export const PLATFORM = 'http://bindings.egain.com/ws/model/v12/gen/platform';
export const ns = (resource: string) => `http://bindings.egain.com/ws/model/v12/gen/administration/${resource}`;
export { COMMON };

/** A name no other test (or run) uses (hex digits: nothing a wildcard filter treats specially). */
export const unique = (prefix = 'T') => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 16)}`;

export type Session = { headers: Record<string, string>; userId: bigint; loginId: string; name: { id: string; name: string; firstName: string; lastName: string } };

/** A logged-in staff user with these roles (its own home department). */
export async function session(app: FastifyInstance, db: Database, roles: ('administrator' | 'supervisor' | 'agent')[]): Promise<Session> {
  const s = await loginAs(app, db, roles);
  return {
    headers: { 'x-egain-session': s.sessionId },
    userId: s.user.id,
    loginId: s.user.loginId,
    name: { id: String(s.user.id), name: s.user.screenName, firstName: s.user.firstName, lastName: s.user.lastName ?? '' },
  };
}

export type CallOpts = { fmt?: Fmt; body?: unknown; xml?: string; lang?: 'en-US' | 'es-ES'; headers?: Record<string, string> };

/** One request: JSON bodies as objects, XML bodies as text; answers in `fmt` (JSON by default). */
export function call(app: FastifyInstance, who: Session | null, method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD', url: string, opts: CallOpts = {}) {
  const fmt = opts.fmt ?? 'json';
  const headers: Record<string, string> = {
    accept: fmt === 'json' ? 'application/json' : 'application/xml',
    ...(who?.headers ?? {}),
    ...(opts.lang ? { 'accept-language': opts.lang } : {}),
    ...(opts.headers ?? {}),
  };
  if (opts.xml !== undefined) return app.inject({ method, url, headers: { ...headers, 'content-type': 'application/xml' }, payload: opts.xml });
  if (opts.body !== undefined) return app.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(opts.body) });
  return app.inject({ method, url, headers });
}

/** A 200 JSON list body, with the system headers checked. */
export function ok<T = Record<string, unknown>>(res: LightMyRequestResponse, status = 200): T {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expectSystemHeaders(res);
  return JSON.parse(res.body) as T;
}

/** 204 with no body and the negotiated Content-Type still sent (01 §6). */
export function noContent(res: LightMyRequestResponse, fmt: Fmt = 'json') {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(204);
  expect(res.body).toBe('');
  expect(res.headers['content-type']).toBe(fmt === 'json' ? 'application/json; charset=utf-8' : 'application/xml; charset=utf-8');
  expectSystemHeaders(res);
}

/** A canonical element, for comparing a response with an example of the spec. */
export const el = (name: string, attrs: Record<string, string> = {}, children: CanonicalElement[] | string = []): CanonicalElement =>
  typeof children === 'string' ? { name, attrs, text: children, children: [] } : { name, attrs, children };

/** A `lastModified`/`created` container: `date` attribute, `c:user` with its `p:` names (01 §5.5). */
export function stampEl(nsUri: string, name: string, date: string, user?: Session['name']): CanonicalElement {
  const children = user
    ? [
        el(`{${COMMON}}user`, { id: user.id }, [
          el(`{${PLATFORM}}name`, {}, user.name),
          el(`{${PLATFORM}}firstName`, {}, user.firstName),
          el(`{${PLATFORM}}lastName`, {}, user.lastName),
        ]),
      ]
    : [];
  return el(`{${nsUri}}${name}`, { date }, children);
}

/** The XML body as canonical tree, after checking Content-Type and the declaration. */
export function xmlOf(res: LightMyRequestResponse, status = 200): CanonicalElement {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
  expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
  expect(res.body.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')).toBe(true);
  return canonicalXml(res.body);
}

/** The value of config_version (07 §1.1): every administration write increments it. */
export async function configVersion(db: Database): Promise<bigint> {
  const rows = await db.query<{ value: string }>('SELECT value::text AS value FROM config_version WHERE id = 1');
  return BigInt(rows[0]!.value);
}

export const FORBIDDEN = { 'en-US': 'You are not authorized to perform this action.', 'es-ES': 'No tiene autorización para realizar esta acción.' };

/**
 * Service contexts of the callers no API test can produce yet: customer sessions (the customers area brings them) and
 * client applications (no session: the API answers 401-101 before any service runs).
 */
export function foreignContexts(app: FastifyInstance, db: Database): ServiceContext[] {
  const base = { db, now: () => new Date(), lang: 'en-US' as const, requestId: 'test', settings: app.settings, configVersion: app.configVersion, attributes: app.attributeDefinitions };
  return [
    { ...base, actor: { kind: 'customer', sessionId: 's', contactPersonId: 1n, customerId: 1n, roles: ['customer'] } },
    { ...base, actor: { kind: 'client', sessionId: 's', clientApplicationId: 1n, roles: ['clientApplication'] } },
  ];
}

/** The call fails with 403-197. */
export async function expectForbidden(run: () => unknown): Promise<void> {
  await expect(Promise.resolve().then(run)).rejects.toMatchObject({ key: '403-197' });
}

/**
 * A workflow row written directly (the workflows API has its own tests), in the API's JSON form with string ids.
 * Removed when the test ends: a row naming ids in other places ("not a reference" cases) would otherwise name a queue,
 * alias or message of a later test file sharing the worker's database.
 */
export async function workflowRow(
  db: Database,
  departmentId: bigint,
  kind: 'inbound' | 'outbound' | 'alarm',
  conditions: object = {},
  actions: object = {},
) {
  const row = await db.prisma.workflow.create({ data: { kind, name: unique('WF'), departmentId, order: 1, conditions, actions } });
  onTestFinished(async () => {
    await db.prisma.workflow.deleteMany({ where: { id: row.id } });
  });
  return row;
}
