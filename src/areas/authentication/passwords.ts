// Password and secret hashing (02 §9.1): scrypt N=16384 r=8 p=1, 16-byte salt, 64-byte key, stored as
// scrypt$N$r$p$salt$key (base64); parameters are read back from the stored string.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

const N = 16384;
const r = 8;
const p = 1;
const keyLength = 64;
// scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly that, so leave room.
const maxmem = 64 * 1024 * 1024;
// Raised parameters read from a stored hash may need more, up to this; beyond it the hash is refused (false).
const maxmemCeiling = 1024 * 1024 * 1024;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, keyLength, { N, r, p, maxmem });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

// Spent on logins of unknown or disabled accounts, so that timing does not tell which login ids exist.
const decoy = hashPassword(randomBytes(12).toString('base64'));

/**
 * Whether `password` matches the stored hash, in constant time. No stored hash (unknown or disabled account) costs
 * the same work and says no; a stored value that is not a valid scrypt string says no instead of failing.
 */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const known = stored !== null && stored !== undefined;
  const parts = (known ? stored : await decoy).split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, rr, pp, salt, key] = parts as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(rr), p: Number(pp) };
  const expected = Buffer.from(key, 'base64');
  if (!Object.values(params).every((v) => Number.isSafeInteger(v) && v > 0) || expected.length === 0) return false;
  let actual: Buffer;
  try {
    actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { ...params, maxmem: Math.min(maxmemCeiling, Math.max(maxmem, 256 * params.N * params.r)) });
  } catch {
    return false; // parameters scrypt refuses (N not a power of two, ...)
  }
  const equal = timingSafeEqual(actual, expected);
  return known && equal;
}

/** Passwords set through the API: 8 to 128 characters (02 §9.1), counted in code points. */
export function acceptablePassword(password: string): boolean {
  const length = Array.from(password).length;
  return length >= 8 && length <= 128;
}
