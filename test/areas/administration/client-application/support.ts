// Helpers for the client-application tests (07 §18) and the OAuth tests (02 §4) that need applications.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Login } from '../../../helpers/auth.ts';
import type { TestApp } from '../../../helpers/app.ts';
import { place } from '../entry-point/support.ts';

export const CLIENT_APPS = '/system/ws/v12/administration/clientapplication';
export const TOKEN = '/system/ws/v19/clientapplications/authentication/oauth2/token';
export const REVOKE = '/system/ws/v19/clientapplications/authentication/oauth2/revoke';

export type ClientApplicationView = {
  id: string;
  link: { rel: string; href: string };
  name: string;
  description?: string;
  type: { value: string; displayValue: string };
  clientKey: string;
  clientSecret?: string;
  webhookSecret?: string;
  state: { value: string; displayValue: string };
  callbackUrl: string;
  callbackState: { value: string; displayValue: string };
  entryPoints?: { entryPoint: { id: string; name: string; link: { rel: string; href: string } }[] };
  lastModified: { date: string; user?: { id: string; name: string; firstName: string; lastName?: string } };
  created?: { date: string; user?: { id: string } };
};

export const uniqueName = (label = 'app') => `${label} ${randomUUID().slice(0, 12)}`;

/** Creates an application through the API as `admin`; answers the created view (with its secrets). */
export async function createApplication(app: FastifyInstance, admin: Login, body: Record<string, unknown> = {}): Promise<ClientApplicationView> {
  const res = await app.inject({
    method: 'POST',
    url: CLIENT_APPS,
    headers: { 'x-egain-session': admin.sessionId, accept: 'application/json', 'content-type': 'application/json' },
    payload: JSON.stringify({ name: uniqueName(), callbackUrl: 'https://connector.example.com/ece/events', ...body }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { clientApplication: ClientApplicationView[] }).clientApplication[0]!;
}

/** A chat entry point written directly, in a department of its own (its API has its own tests). */
export async function entryPointRow(t: TestApp, opts: { name?: string; state?: string } = {}) {
  const p = await place(t, 'CAEP');
  const row = await t.db.prisma.entryPoint.create({
    data: { name: opts.name ?? uniqueName('EP'), departmentId: p.department.id, queueId: p.queue.id, state: opts.state ?? 'active' },
  });
  return { id: String(row.id), name: row.name };
}

/** The JSON reference to an entry point inside an application (07 §18). */
export const entryPointRef = (e: { id: string; name: string }) => ({
  id: e.id,
  name: e.name,
  link: { rel: 'entryPoint', href: `/system/ws/v12/administration/entrypoint/${e.id}` },
});

export const basic = (clientKey: string, clientSecret: string) => `Basic ${Buffer.from(`${clientKey}:${clientSecret}`).toString('base64')}`;

/** A client-credentials token request with the Basic header and a form body. */
export function requestToken(app: FastifyInstance, clientKey: string, clientSecret: string, query = '', headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: `${TOKEN}${query}`,
    headers: { authorization: basic(clientKey, clientSecret), 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: 'grant_type=client_credentials',
  });
}

/** A token for the application (fails the test when none is issued). */
export async function tokenFor(app: FastifyInstance, a: { clientKey: string; clientSecret?: string | undefined }, query = '?forceLogin=yes'): Promise<string> {
  const res = await requestToken(app, a.clientKey, a.clientSecret!, query);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { access_token: string }).access_token;
}

export const revoke = (app: FastifyInstance, token: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: REVOKE, headers: { authorization: `Bearer ${token}`, ...headers } });

/** Whether a token is still accepted: revoke answers 204 for a live token (and ends it), 401 otherwise. */
export async function tokenAlive(app: FastifyInstance, token: string): Promise<boolean> {
  const status = (await revoke(app, token)).statusCode;
  expect([204, 401]).toContain(status);
  return status === 204;
}
