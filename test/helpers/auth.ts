// Test factories for staff users and sessions. Each test builds its own department and users (no shared state).
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/database.ts';
import { hashPassword } from '../../src/areas/authentication/passwords.ts';
import type { StaffRole } from '../../src/authz/permissions.ts';

export const testPassword = 'Test-pass-123';
let cachedHash: Promise<string> | undefined;
const passwordHash = () => (cachedHash ??= hashPassword(testPassword));

export async function createDepartment(db: Database, name = `Dept ${randomUUID().slice(0, 8)}`) {
  return db.prisma.department.create({ data: { name } });
}

export async function createUser(
  db: Database,
  opts: { roles?: StaffRole[]; departmentId?: bigint; foreignDepartmentIds?: bigint[]; loginId?: string; state?: string; password?: string } = {},
) {
  const departmentId = opts.departmentId ?? (await createDepartment(db)).id;
  const loginId = opts.loginId ?? `u${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  return db.prisma.user.create({
    data: {
      loginId,
      screenName: loginId,
      firstName: 'Test',
      lastName: 'User',
      roles: opts.roles ?? ['agent'],
      departmentId,
      state: opts.state ?? 'enabled',
      passwordHash: opts.password ? await hashPassword(opts.password) : await passwordHash(),
      foreignDepartments: opts.foreignDepartmentIds ? { create: opts.foreignDepartmentIds.map((id) => ({ departmentId: id })) } : undefined,
    },
  });
}

export type Login = { sessionId: string; csrf?: string; headers: Record<string, string> };

/** Logs in through the API; `headers` carry the session (and ask for JSON). */
export async function login(app: FastifyInstance, loginId: string, password = testPassword): Promise<Login> {
  const res = await app.inject({
    method: 'POST',
    url: '/system/ws/v12/authentication/user/login?forceLogin=yes',
    headers: { 'content-type': 'application/json' },
    payload: { userName: loginId, password },
  });
  if (res.statusCode !== 204) throw new Error(`login of ${loginId} failed: ${res.statusCode} ${res.body}`);
  const sessionId = String(res.headers['x-egain-session']);
  const csrf = res.headers['x-egain-csrf'] as string | undefined;
  return { sessionId, ...(csrf ? { csrf } : {}), headers: { 'x-egain-session': sessionId, accept: 'application/json' } };
}

/** A new user with these roles, logged in. */
export async function loginAs(app: FastifyInstance, db: Database, roles: StaffRole[] = ['administrator'], opts: Parameters<typeof createUser>[1] = {}) {
  const user = await createUser(db, { ...opts, roles });
  return { user, ...(await login(app, user.loginId)) };
}
