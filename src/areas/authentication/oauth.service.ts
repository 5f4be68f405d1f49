// Client-application OAuth (02 §4): the client-credentials token and its revocation. Tokens are rows of `session`
// with kind 'client', stored as the SHA-256 of the token, with an absolute expiry (ECE_CLIENT_TOKEN_TTL_S) and no
// idle timeout; validateToken (session.service.ts) accepts them on the Bearer routes.
import { AppError } from '../../errors/app-error.ts';
import type { ClientActor } from '../../authz/actor.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { verifyPassword } from './passwords.ts';
import { endSession } from './session.queries.ts';
import { checkPassword, type AuthContext } from './session.service.ts';
import { hashToken, newToken } from './tokens.ts';

export type TokenRequest = {
  clientKey: string | undefined;
  clientSecret: string | undefined;
  forceLogin: boolean;
  ttlSeconds: number;
  clientIp?: string | undefined;
  userAgent?: string | undefined;
};

export type IssuedToken = { accessToken: string; expiresIn: number };

const badCredentials = () => new AppError('401-102-client');

/**
 * 02 §4.1, in the order of the staff login (02 §3.1): unknown clientKey, deleted or inactive application → 401-102
 * (after the same hashing work as a real check); locked → 401-103 (the secret is not checked); wrong secret →
 * 401-102, counted for the lockout of this clientKey (02 §9.2); then the token limit (02 §6.3).
 */
export async function issueToken(ctx: AuthContext, req: TokenRequest): Promise<IssuedToken> {
  const secret = req.clientSecret ?? '';
  const app =
    req.clientKey && secret
      ? await ctx.db.prisma.clientApplication.findFirst({
          where: { clientKey: req.clientKey.trim().toLowerCase(), deletedAt: null },
          select: { id: true, state: true, secretHash: true },
        })
      : null;
  if (!app || app.state !== 'active') {
    await verifyPassword(secret, null);
    throw badCredentials();
  }
  await checkPassword(ctx, { table: 'client_application', id: app.id }, secret, app.secretHash, badCredentials);
  return openToken(ctx, app.id, req);
}

/**
 * Stores a new token within the limit of live tokens per application (`maxSessionsPerClientApplication`): at the
 * limit without forceLogin → 400-170; with it the oldest live tokens end. Token requests of one application are
 * serialised by locking its row, so concurrent requests never exceed the limit.
 */
async function openToken(ctx: AuthContext, applicationId: bigint, req: TokenRequest): Promise<IssuedToken> {
  const max = await ctx.settings.get('maxSessionsPerClientApplication');
  const accessToken = newToken();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + req.ttlSeconds * 1000);
  await ctx.db.prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    await tx.$queryRawUnsafe('SELECT id FROM client_application WHERE id = $1 FOR UPDATE', applicationId);
    const live = await tx.$queryRawUnsafe<{ id: bigint }[]>(
      `SELECT id FROM session
        WHERE client_application_id = $1 AND kind = 'client' AND ended_at IS NULL AND expires_at > $2
        ORDER BY created_at, id`,
      applicationId,
      now,
    );
    if (live.length >= max) {
      if (!req.forceLogin) throw new AppError('400-170', { max });
      const evict = live.slice(0, live.length - max + 1).map((r) => r.id);
      await tx.$executeRawUnsafe('UPDATE session SET ended_at = $2 WHERE id = ANY($1::bigint[])', evict, now);
    }
    await tx.$executeRawUnsafe(
      `INSERT INTO session (id_hash, kind, client_application_id, created_at, last_seen_at, expires_at, client_ip, user_agent)
       VALUES ($1, 'client', $2, $3, $3, $4, $5, $6)`,
      hashToken(accessToken),
      applicationId,
      now,
      expiresAt,
      req.clientIp ?? null,
      req.userAgent?.slice(0, 512) ?? null,
    );
    await tx.$executeRawUnsafe('UPDATE client_application SET failed_logins = 0, first_failure_at = NULL WHERE id = $1', applicationId);
  });
  return { accessToken, expiresIn: req.ttlSeconds };
}

/** 02 §4.2: the presented token ends; every instance rejects it from the next request on (validity is not cached). */
export async function revokeToken(ctx: AuthContext, actor: ClientActor): Promise<void> {
  await endSession(ctx.db, actor.sessionId, ctx.now());
}
