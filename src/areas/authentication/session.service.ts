// Sessions (02 §5, §6): validating a presented session or token, staff login, logout.
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../../db/database.ts';
import { AppError } from '../../errors/app-error.ts';
import type { Actor, CustomerActor, StaffActor } from '../../authz/actor.ts';
import type { StaffRole } from '../../authz/permissions.ts';
import type { Settings } from '../../settings/settings.ts';
import { hashSecret, hashToken, newSessionId, newToken, tokenMatches } from './tokens.ts';
import { findLiveSession, touchSession } from './session.queries.ts';
import { verifyPassword } from './passwords.ts';

export type AuthContext = { db: Database; settings: Settings; now: () => Date };

const minutes = (n: number) => n * 60_000;
const touchIntervalMs = 60_000;

export type ValidSession = { actor: Actor; csrfHash: Uint8Array | null };

/** The actor of a live staff or customer session, or null (401-101). Counts as use of the session. */
export async function validateSession(ctx: AuthContext, sessionId: string): Promise<ValidSession | null> {
  if (!/^[0-9a-fA-F-]{1,64}$/.test(sessionId)) return null;
  const row = await findLiveSession(ctx.db, hashSecret(sessionId));
  if (!row || row.kind === 'client') return null;
  const now = ctx.now();
  const [idle, lifetime] = await Promise.all([ctx.settings.get('sessionIdleTimeoutMinutes'), ctx.settings.get('sessionMaxLifetimeMinutes')]);
  // 02 §6.2: ended once unused for the idle timeout, or once the lifetime has passed since login (the same
  // boundaries as the live-session count of openSession).
  if (now.getTime() - row.last_seen_at.getTime() >= minutes(idle)) return null;
  if (now.getTime() - row.created_at.getTime() >= minutes(lifetime)) return null;
  if (row.kind === 'user' && row.user_state !== 'enabled') return null;
  // Last-seen is written only when the stored value is more than 60 s old, so most requests write nothing. The
  // write is awaited: the very next request, on any instance, sees it.
  if (now.getTime() - row.last_seen_at.getTime() > touchIntervalMs) await touchSession(ctx.db, row.id, now).catch(() => {});
  if (row.kind === 'customer') {
    if (!row.customer_id) return null; // the contact person was removed
    const actor: CustomerActor = {
      kind: 'customer',
      sessionId: sessionId.toLowerCase(),
      contactPersonId: BigInt(row.contact_person_id!),
      customerId: BigInt(row.customer_id),
      roles: ['customer'],
    };
    return { actor, csrfHash: row.csrf_hash };
  }
  const home = BigInt(row.department_id!);
  const actor: StaffActor = {
    kind: 'user',
    sessionId: sessionId.toLowerCase(),
    userId: BigInt(row.user_id!),
    roles: (row.roles ?? []) as StaffRole[],
    homeDepartmentId: home,
    departmentIds: [home, ...(row.foreign_departments ?? []).map(BigInt)],
    ref: { id: row.user_id!, name: row.screen_name!, firstName: row.first_name!, lastName: row.last_name ?? undefined },
  };
  return { actor, csrfHash: row.csrf_hash };
}

/** The client application of a live Bearer token, or null (401-101). */
export async function validateToken(ctx: AuthContext, token: string): Promise<Actor | null> {
  const row = await findLiveSession(ctx.db, hashToken(token));
  if (!row || row.kind !== 'client' || row.client_state !== 'active') return null;
  if (!row.expires_at || row.expires_at.getTime() <= ctx.now().getTime()) return null;
  return { kind: 'client', sessionId: row.id, clientApplicationId: BigInt(row.client_application_id!), roles: ['clientApplication'] };
}

export function csrfMatches(presented: string | undefined, storedHash: Uint8Array | null): boolean {
  return tokenMatches(presented, storedHash);
}

type Principal = { column: 'user_id' | 'contact_person_id' | 'client_application_id'; table: string; id: bigint };
type Tx = Prisma.TransactionClient;

/**
 * Lockout bookkeeping (02 §9.2), shared by users, contact persons and client applications: a failed attempt is
 * counted within the window; reaching the threshold locks the account for the window and restarts the count.
 */
export async function recordFailure(ctx: AuthContext, table: string, id: bigint): Promise<void> {
  const [threshold, windowMinutes] = await Promise.all([ctx.settings.get('loginLockoutThreshold'), ctx.settings.get('loginLockoutMinutes')]);
  if (threshold === 0) return;
  const now = ctx.now();
  // One statement, so concurrent failures of one account are all counted: every SET expression reads the row as it
  // was before this failure. `n` is the count including this failure (1 when the window of the first one is over).
  const restart = `(first_failure_at IS NULL OR first_failure_at < $2::timestamptz - make_interval(mins => $3))`;
  const n = `(CASE WHEN ${restart} THEN 1 ELSE failed_logins + 1 END)`;
  await ctx.db.query(
    `UPDATE ${table} SET
       failed_logins = CASE WHEN ${n} >= $4 THEN 0 ELSE ${n} END,
       first_failure_at = CASE WHEN ${n} >= $4 THEN NULL WHEN ${restart} THEN $2::timestamptz ELSE first_failure_at END,
       locked_until = CASE WHEN ${n} >= $4 THEN $2::timestamptz + make_interval(mins => $3) ELSE locked_until END
     WHERE id = $1`,
    [id, now, windowMinutes, threshold],
  );
}

export type IssuedSession = { sessionId: string; csrfToken: string };

/**
 * Opens a session for a principal whose credentials were checked, within the session limit (02 §6.3). Logins of
 * one principal are serialised by locking its row, so concurrent logins never exceed the limit.
 */
export async function openSession(
  ctx: AuthContext,
  principal: Principal,
  opts: { forceLogin: boolean; clientIp?: string; userAgent?: string },
): Promise<IssuedSession> {
  const [max, idle, lifetime] = await Promise.all([
    ctx.settings.get('maxSessionsPerUser'),
    ctx.settings.get('sessionIdleTimeoutMinutes'),
    ctx.settings.get('sessionMaxLifetimeMinutes'),
  ]);
  const sessionId = newSessionId();
  const csrfToken = newToken();
  const now = ctx.now();
  await ctx.db.prisma.$transaction(async (tx: Tx) => {
    await tx.$queryRawUnsafe(`SELECT id FROM ${principal.table} WHERE id = $1 FOR UPDATE`, principal.id);
    const live = await tx.$queryRawUnsafe<{ id: bigint }[]>(
      `SELECT id FROM session
        WHERE ${principal.column} = $1 AND ended_at IS NULL
          AND last_seen_at > $2::timestamptz - make_interval(mins => $3)
          AND created_at > $2::timestamptz - make_interval(mins => $4)
        ORDER BY created_at, id`,
      principal.id,
      now,
      idle,
      lifetime,
    );
    if (live.length >= max) {
      if (!opts.forceLogin) throw new AppError('400-170', { max });
      const evict = live.slice(0, live.length - max + 1).map((r) => r.id);
      await tx.$executeRawUnsafe(`UPDATE session SET ended_at = $2 WHERE id = ANY($1::bigint[])`, evict, now);
    }
    await tx.$executeRawUnsafe(
      `INSERT INTO session (id_hash, kind, ${principal.column}, csrf_hash, created_at, last_seen_at, client_ip, user_agent)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7)`,
      hashSecret(sessionId),
      principal.column === 'user_id' ? 'user' : 'customer',
      principal.id,
      hashToken(csrfToken),
      now,
      opts.clientIp ?? null,
      opts.userAgent?.slice(0, 512) ?? null,
    );
    await tx.$executeRawUnsafe(`UPDATE ${principal.table} SET failed_logins = 0, first_failure_at = NULL WHERE id = $1`, principal.id);
  });
  return { sessionId, csrfToken };
}

/** Staff login (02 §3.1): checks in the order the section lists; 401-102 never says which part was wrong. */
export async function staffLogin(
  ctx: AuthContext,
  input: { loginId: string; password: string; forceLogin: boolean; clientIp?: string; userAgent?: string },
): Promise<IssuedSession> {
  // lower() = lower() and not Prisma's insensitive `equals`, which is ILIKE: `_` and `%` in a login id would be
  // wildcards. This form also uses the unique index on lower(login_id) of users not deleted.
  const [user] = await ctx.db.query<{ id: string; state: string; password_hash: string; locked_until: Date | null }>(
    `SELECT id::text, state, password_hash, locked_until FROM app_user WHERE lower(login_id) = lower($1) AND state <> 'deleted'`,
    [input.loginId],
  );
  if (!user || user.state !== 'enabled') {
    await verifyPassword(input.password, null);
    throw new AppError('401-102');
  }
  if (user.locked_until && user.locked_until.getTime() > ctx.now().getTime()) throw new AppError('401-103');
  if (!(await verifyPassword(input.password, user.password_hash))) {
    await recordFailure(ctx, 'app_user', BigInt(user.id));
    throw new AppError('401-102');
  }
  return openSession(ctx, { column: 'user_id', table: 'app_user', id: BigInt(user.id) }, input);
}

/**
 * Customer login (02 §3.3): the credentials of a contact person with a login id; the session limit and lockout are
 * per contact person. Staff credentials here are unknown login ids (401-102).
 */
export async function customerLogin(
  ctx: AuthContext,
  input: { loginId: string; password: string; forceLogin: boolean; clientIp?: string; userAgent?: string },
): Promise<IssuedSession> {
  const [person] = await ctx.db.query<{ id: string; password_hash: string | null; locked_until: Date | null }>(
    `SELECT id::text, password_hash, locked_until FROM contact_person WHERE lower(login_id) = lower($1)`,
    [input.loginId],
  );
  if (!person || !person.password_hash) {
    await verifyPassword(input.password, null);
    throw new AppError('401-102');
  }
  if (person.locked_until && person.locked_until.getTime() > ctx.now().getTime()) throw new AppError('401-103');
  if (!(await verifyPassword(input.password, person.password_hash))) {
    await recordFailure(ctx, 'contact_person', BigInt(person.id));
    throw new AppError('401-102');
  }
  return openSession(ctx, { column: 'contact_person_id', table: 'contact_person', id: BigInt(person.id) }, input);
}

export async function logout(ctx: AuthContext, actor: Actor): Promise<void> {
  await ctx.db.query('UPDATE session SET ended_at = $2 WHERE id_hash = $1 AND ended_at IS NULL', [hashSecret(actor.sessionId), ctx.now()]);
}

