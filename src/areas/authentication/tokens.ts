import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 128 random bits as 32 lower-case hex digits in GUID grouping (02 §6.1); no version bits are forced. */
export function newSessionId(): string {
  const h = randomBytes(16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** 32 random bytes, base64url without padding (43 characters): CSRF tokens and access tokens. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores of a session id or token: SHA-256 of its lower-case form. */
export function hashSecret(value: string): Buffer {
  return createHash('sha256').update(value.trim().toLowerCase()).digest();
}

/** Constant-time comparison of a presented token with a stored hash. Tokens are case-sensitive (base64url). */
export function tokenMatches(presented: string | undefined, storedHash: Buffer | Uint8Array | null): boolean {
  if (!presented || !storedHash) return false;
  const given = createHash('sha256').update(presented).digest();
  return timingSafeEqual(given, Buffer.from(storedHash));
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
