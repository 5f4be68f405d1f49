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
 * One password check under the lockout rules (02 §9.2), shared by users, contact persons and client applications.
 * Checks of one account are serialised by locking its row for the check, so parallel guesses cannot get past the
 * threshold; reaching it locks the account for the window and restarts the count. A threshold of 0 disables
 * lockout, existing locks included. Throws 401-103 (locked) or `bad()` (401-102).
 */
export async function checkPassword(
  ctx: AuthContext,
  principal: { table: string; id: bigint },
  password: string,
  hash: string | null,
  bad: () => AppError = () => new AppError('401-102'),
): Promise<void> {
  const [threshold, windowMinutes] = await Promise.all([ctx.settings.get('loginLockoutThreshold'), ctx.settings.get('loginLockoutMinutes')]);
  if (threshold === 0) {
    if (!(await verifyPassword(password, hash))) throw bad();
    return;
  }
  const { table, id } = principal;
  const now = ctx.now();
  const window = windowMinutes * 60_000;
  const outcome = await ctx.db.prisma.$transaction(async (tx: Tx) => {
    const [row] = await tx.$queryRawUnsafe<{ failed_logins: number; first_failure_at: Date | null; locked_until: Date | null }[]>(
      `SELECT failed_logins, first_failure_at, locked_until FROM ${table} WHERE id = $1 FOR UPDATE`,
      id,
    );
    if (!row || (row.locked_until && row.locked_until.getTime() > now.getTime())) return 'locked' as const;
    if (await verifyPassword(password, hash)) {
      await tx.$executeRawUnsafe(`UPDATE ${table} SET failed_logins = 0, first_failure_at = NULL WHERE id = $1`, id);
      return 'ok' as const;
    }
    const restart = !row.first_failure_at || row.first_failure_at.getTime() < now.getTime() - window;
    const failures = restart ? 1 : row.failed_logins + 1;
    if (failures >= threshold) {
      await tx.$executeRawUnsafe(
        `UPDATE ${table} SET failed_logins = 0, first_failure_at = NULL, locked_until = $2 WHERE id = $1`,
        id,
        new Date(now.getTime() + window),
      );
    } else {
      await tx.$executeRawUnsafe(
        `UPDATE ${table} SET failed_logins = $2, first_failure_at = $3 WHERE id = $1`,
        id,
        failures,
        restart ? now : row.first_failure_at,
      );
    }
    return 'bad' as const;
  });
  if (outcome === 'locked') throw new AppError('401-103');
  if (outcome === 'bad') throw bad();
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
  const [user] = await ctx.db.query<{ id: string; state: string; password_hash: string }>(
    `SELECT id::text, state, password_hash FROM app_user WHERE lower(login_id) = lower($1) AND state <> 'deleted'`,
    [input.loginId],
  );
  if (!user || user.state !== 'enabled') {
    await verifyPassword(input.password, null);
    throw new AppError('401-102');
  }
  await checkPassword(ctx, { table: 'app_user', id: BigInt(user.id) }, input.password, user.password_hash);
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
  const [person] = await ctx.db.query<{ id: string; password_hash: string | null }>(
    `SELECT id::text, password_hash FROM contact_person WHERE lower(login_id) = lower($1)`,
    [input.loginId],
  );
  if (!person || !person.password_hash) {
    await verifyPassword(input.password, null);
    throw new AppError('401-102');
  }
  await checkPassword(ctx, { table: 'contact_person', id: BigInt(person.id) }, input.password, person.password_hash);
  return openSession(ctx, { column: 'contact_person_id', table: 'contact_person', id: BigInt(person.id) }, input);
}

export async function logout(ctx: AuthContext, actor: Actor): Promise<void> {
  await ctx.db.query('UPDATE session SET ended_at = $2 WHERE id_hash = $1 AND ended_at IS NULL', [hashSecret(actor.sessionId), ctx.now()]);
}

