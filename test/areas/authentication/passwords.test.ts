// Password storage (02 §9.1) and the session, CSRF and access token formats (02 §5, §6.1).
import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// Wraps timingSafeEqual so the tests can see that verification compares with it (constant time).
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const { acceptablePassword, hashPassword, verifyPassword } = await import('../../../src/areas/authentication/passwords.ts');
const { hashSecret, hashToken, newSessionId, newToken, tokenMatches } = await import('../../../src/areas/authentication/tokens.ts');

const FORMAT = /^scrypt\$16384\$8\$1\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

describe('hashPassword (02 §9.1)', () => {
  it('stores scrypt$16384$8$1$<16-byte salt base64>$<64-byte key base64>, the key being scrypt(N=16384, r=8, p=1)', async () => {
    const stored = await hashPassword('S3cret!pass');
    const m = FORMAT.exec(stored);
    expect(m, stored).not.toBeNull();
    const salt = Buffer.from(m![1]!, 'base64');
    const key = Buffer.from(m![2]!, 'base64');
    expect(salt).toHaveLength(16);
    expect(key).toHaveLength(64);
    const expected = crypto.scryptSync('S3cret!pass', salt, 64, { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    expect(key.equals(expected)).toBe(true);
  });

  it('uses a new random salt every time', async () => {
    const [a, b] = await Promise.all([hashPassword('same-password'), hashPassword('same-password')]);
    expect(a).not.toBe(b);
    expect(FORMAT.exec(a)![1]).not.toBe(FORMAT.exec(b)![1]);
  });

  it('never contains the password', async () => {
    const stored = await hashPassword('VisiblePassword123');
    expect(stored).not.toContain('VisiblePassword123');
    expect(stored).not.toContain(Buffer.from('VisiblePassword123').toString('base64'));
  });
});

describe('verifyPassword', () => {
  it('accepts exactly the password (case-sensitive, whitespace and Unicode significant)', async () => {
    const password = 'Pässwörd with spaces 😀';
    const stored = await hashPassword(password);
    expect(await verifyPassword(password, stored)).toBe(true);
    for (const wrong of ['pässwörd with spaces 😀', `${password} `, password.slice(0, -1), '', 'Passwörd with spaces 😀']) {
      expect(await verifyPassword(wrong, stored), wrong).toBe(false);
    }
  });

  it('compares in constant time (timingSafeEqual over the whole 64-byte key), for right and wrong passwords alike', async () => {
    const stored = await hashPassword('right-password');
    const spy = vi.mocked(crypto.timingSafeEqual);
    for (const [candidate, expected] of [
      ['right-password', true],
      ['wrong-password', false],
      ['r', false],
    ] as const) {
      spy.mockClear();
      expect(await verifyPassword(candidate, stored)).toBe(expected);
      expect(spy).toHaveBeenCalledTimes(1);
      const [a, b] = spy.mock.calls[0]! as [Buffer, Buffer];
      expect(a).toHaveLength(64);
      expect(b).toHaveLength(64);
    }
  });

  it('reads the parameters from the stored string, so hashes with other parameters keep working', async () => {
    const salt = crypto.randomBytes(16);
    const key = crypto.scryptSync('older-hash', salt, 32, { N: 1024, r: 4, p: 2 });
    const stored = `scrypt$1024$4$2$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPassword('older-hash', stored)).toBe(true);
    expect(await verifyPassword('older-hasH', stored)).toBe(false);
  });

  it('spends a real hash computation when there is no stored hash (unknown or disabled account) and says no', async () => {
    const spy = vi.mocked(crypto.timingSafeEqual);
    for (const stored of [null, undefined]) {
      spy.mockClear();
      expect(await verifyPassword('anything', stored)).toBe(false);
      expect(spy).toHaveBeenCalledTimes(1);
    }
  });

  it('says no, without throwing, for a stored value that is not a valid scrypt string', async () => {
    const salt = crypto.randomBytes(16).toString('base64');
    for (const stored of [
      '',
      'plain-text',
      'bcrypt$10$abc',
      `scrypt$16384$8$1$${salt}`,
      `scrypt$notanumber$8$1$${salt}$AAAA`,
      `scrypt$16384$8$1$${salt}$`,
      `scrypt$3$8$1$${salt}$AAAA`,
      `scrypt$1099511627776$8$1$${salt}$AAAA`,
      `scrypt$16384$8$1$${salt}$AAAA$extra`,
    ]) {
      await expect(verifyPassword('anything', stored), stored).resolves.toBe(false);
    }
  });
});

describe('acceptablePassword: 8 to 128 characters, counted in code points (02 §9.1, 01 §18)', () => {
  it.each([
    ['', false],
    ['1234567', false],
    ['12345678', true],
    ['x'.repeat(128), true],
    ['x'.repeat(129), false],
    ['😀'.repeat(4), false], // 8 UTF-16 units, 4 code points
    ['😀'.repeat(8), true],
    ['😀'.repeat(128), true], // 256 UTF-16 units
    ['😀'.repeat(129), false],
    ['        ', true],
  ])('%j → %s', (password, ok) => {
    expect(acceptablePassword(password)).toBe(ok);
  });
});

describe('session ids and tokens (02 §5, §6.1)', () => {
  it('a session id is 32 random lower-case hex digits in 8-4-4-4-12 grouping, no version bits forced', () => {
    const ids = Array.from({ length: 2000 }, () => newSessionId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // With forced UUID version bits the 13th hex digit would always be the same.
    expect(new Set(ids.map((id) => id[14])).size).toBeGreaterThan(8);
    expect(new Set(ids.map((id) => id[19])).size).toBeGreaterThan(8);
  });

  it('CSRF and access tokens are 32 random bytes, base64url without padding (43 characters)', () => {
    const tokens = Array.from({ length: 500 }, () => newToken());
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('a session id is stored as the SHA-256 of its lower-case form, so any letter case finds it', () => {
    const id = newSessionId();
    const expected = crypto.createHash('sha256').update(id).digest();
    expect(hashSecret(id).equals(expected)).toBe(true);
    expect(hashSecret(id.toUpperCase()).equals(expected)).toBe(true);
  });

  it('tokens are hashed and compared case-sensitively, in constant time', () => {
    const token = newToken();
    const stored = hashToken(token);
    expect(stored.equals(crypto.createHash('sha256').update(token).digest())).toBe(true);
    const spy = vi.mocked(crypto.timingSafeEqual);
    spy.mockClear();
    expect(tokenMatches(token, stored)).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(tokenMatches(token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(), stored)).toBe(false);
    expect(tokenMatches(`${token}x`, stored)).toBe(false);
    expect(tokenMatches('', stored)).toBe(false);
    expect(tokenMatches(undefined, stored)).toBe(false);
    expect(tokenMatches(token, null)).toBe(false);
  });
});
