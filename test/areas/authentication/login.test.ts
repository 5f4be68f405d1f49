// Staff login, POST /system/ws/v12/authentication/user/login (02 §3.1, §5, §6.1, §9.2), through the real HTTP stack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.ts';
import { getTestApp, testConfig, type TestApp } from '../../helpers/app.ts';
import { createUser, testPassword } from '../../helpers/auth.ts';
import { expectError, FORMATS, type Fmt } from '../../conformance/support.ts';
import {
  appOn,
  authFixtures,
  CSRF_TOKEN,
  FIX,
  LOGIN,
  MINUTE,
  MSG,
  postLogin,
  SECOND,
  sessionRecord,
  SESSION_ID,
  setCookies,
  sha256,
  testClock,
  whoamiOf,
} from './support.ts';

const clock = testClock();
let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [authFixtures], { clock: clock.clock });
});
afterAll(async () => t?.close());

const creds = (loginId: string, password = testPassword) => ({ userName: loginId, password });
const user_suffix = () => Math.random().toString(36).slice(2, 10);
const xmlLogin = (userName: string, password: string, root = 'login', ns = 'http://bindings.egain.com/ws/model/v12/gen/platform') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${ns}">\n  <userName>${userName}</userName>\n  <password>${password}</password>\n</${root}>`;

/** The session works: a request with it is answered for this user. */
async function expectSessionOf(sessionId: string, userId: bigint) {
  const res = await t.app.inject({ method: 'GET', url: `${FIX}/whoami`, headers: { 'x-egain-session': sessionId, accept: 'application/json' } });
  expect(whoamiOf(res).principal).toBe(String(userId));
}

describe('success (02 §3.1)', () => {
  it('answers 204 with no body, the session and CSRF headers and both cookies with the exact attributes', async () => {
    const user = await createUser(t.db);
    const res = await postLogin(t.app, creds(user.loginId), { headers: { 'user-agent': 'auth-test/1.0' } });
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-language']).toBe('en-US');
    const sessionId = String(res.headers['x-egain-session']);
    const csrf = String(res.headers['x-egain-csrf']);
    expect(sessionId).toMatch(SESSION_ID);
    expect(csrf).toMatch(CSRF_TOKEN);
    expect(setCookies(res)).toEqual([
      `X-egain-session=${sessionId}; Path=/system; HttpOnly; SameSite=Strict`,
      `X-egain-csrf=${csrf}; Path=/system; SameSite=Strict`,
    ]);
    await expectSessionOf(sessionId, user.id);

    // Stored only as hashes (02 §6.1), with the principal, times, client IP and user agent.
    const row = await sessionRecord(t.db, sessionId);
    expect(row).toMatchObject({ kind: 'user', user_id: String(user.id), ended_at: null, user_agent: 'auth-test/1.0' });
    expect(row!.client_ip).toBeTruthy();
    expect(Buffer.from(row!.csrf_hash!).equals(sha256(csrf))).toBe(true);
    const raw = await t.db.query<Record<string, unknown>>('SELECT * FROM session WHERE id = $1', [row!.id]);
    expect(JSON.stringify(raw, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(sessionId);
    expect(JSON.stringify(raw, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(csrf);
  });

  it('issues a different session id and CSRF token on every login', async () => {
    const user = await createUser(t.db);
    const a = await postLogin(t.app, creds(user.loginId));
    const b = await postLogin(t.app, creds(user.loginId));
    expect(a.headers['x-egain-session']).not.toBe(b.headers['x-egain-session']);
    expect(a.headers['x-egain-csrf']).not.toBe(b.headers['x-egain-csrf']);
  });

  it('answers the 204 with the negotiated Content-Type (XML by default)', async () => {
    const user = await createUser(t.db);
    const res = await t.app.inject({ method: 'POST', url: LOGIN, headers: { 'content-type': 'application/json' }, payload: creds(user.loginId) });
    expect(res.statusCode).toBe(204);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.body).toBe('');
  });

  it('reads an XML body with the login root in the platform namespace', async () => {
    const user = await createUser(t.db);
    const res = await postLogin(t.app, xmlLogin(user.loginId, testPassword), { fmt: 'xml' });
    expect(res.statusCode, res.body).toBe(204);
    await expectSessionOf(String(res.headers['x-egain-session']), user.id);
  });

  it('reads an XML body with any root element and any namespace, prefixed or not, and text/xml', async () => {
    const user = await createUser(t.db);
    for (const [body, type] of [
      [xmlLogin(user.loginId, testPassword, 'credentials', 'urn:example:other'), 'application/xml'],
      [`<p:auth xmlns:p="urn:x"><p:userName>${user.loginId}</p:userName><p:password>${testPassword}</p:password></p:auth>`, 'application/xml'],
      [`<anything><userName>${user.loginId}</userName><password>${testPassword}</password><extra>ignored</extra></anything>`, 'text/xml'],
      [`<login xmlns="urn:a"><userName><![CDATA[${user.loginId}]]></userName><!-- note --><password>${testPassword}</password></login>`, 'application/xml'],
    ] as const) {
      const res = await postLogin(t.app, body, { headers: { 'content-type': type } });
      expect(res.statusCode, `${body}: ${res.body}`).toBe(204);
      await expectSessionOf(String(res.headers['x-egain-session']), user.id);
    }
  });

  it('matches the login id case-insensitively and ignores other fields', async () => {
    const user = await createUser(t.db);
    const res = await postLogin(t.app, { userName: user.loginId.toUpperCase(), password: testPassword, extra: 'x', nested: { a: 1 } });
    expect(res.statusCode, res.body).toBe(204);
    await expectSessionOf(String(res.headers['x-egain-session']), user.id);
  });

  it('compares the password exactly (case-sensitive)', async () => {
    const user = await createUser(t.db);
    expectError(await postLogin(t.app, creds(user.loginId, testPassword.toUpperCase())), '401-102', { format: 'json' });
    expectError(await postLogin(t.app, creds(user.loginId, ` ${testPassword}`)), '401-102', { format: 'json' });
    const spaced = await createUser(t.db, { password: '  spaced pass  ' });
    expect((await postLogin(t.app, creds(spaced.loginId, '  spaced pass  '))).statusCode).toBe(204);
    expect((await postLogin(t.app, `<login><userName>${spaced.loginId}</userName><password>  spaced pass  </password></login>`)).statusCode).toBe(204);
    expectError(await postLogin(t.app, creds(spaced.loginId, 'spaced pass')), '401-102', { format: 'json' });
  });

  it('matches the login id literally: LIKE wildcards in it match nothing', async () => {
    const user = await createUser(t.db);
    for (const pattern of [`${user.loginId.slice(0, -1)}_`, `${user.loginId.slice(0, 3)}%`, '%']) {
      expectError(await postLogin(t.app, creds(pattern)), '401-102', { format: 'json', message: MSG.badLogin['en-US'] });
    }
  });

  it('accepts `username` as an alias of `userName` (JSON and XML); `userName` wins when both are sent', async () => {
    const user = await createUser(t.db);
    const alias = await postLogin(t.app, { username: user.loginId, password: testPassword });
    expect(alias.statusCode, alias.body).toBe(204);
    await expectSessionOf(String(alias.headers['x-egain-session']), user.id);
    const aliasXml = await postLogin(t.app, `<login><username>${user.loginId}</username><password>${testPassword}</password></login>`);
    expect(aliasXml.statusCode, aliasXml.body).toBe(204);

    const bothRight = await postLogin(t.app, { username: 'nobody-at-all', userName: user.loginId, password: testPassword });
    expect(bothRight.statusCode, bothRight.body).toBe(204);
    await expectSessionOf(String(bothRight.headers['x-egain-session']), user.id);
    expectError(await postLogin(t.app, { userName: 'nobody-at-all', username: user.loginId, password: testPassword }), '401-102', { format: 'json' });
    const bothXml = await postLogin(t.app, `<login><username>${user.loginId}</username><userName>nobody-at-all</userName><password>${testPassword}</password></login>`);
    expectError(bothXml, '401-102', { format: 'json' });
    // An empty userName still wins over the alias: it is the field the client sent.
    expectError(await postLogin(t.app, { userName: '', username: user.loginId, password: testPassword }), '400-153', {
      format: 'json',
      details: [{ key: 'userName', value: '' }],
    });
  });

  it('takes forceLogin=yes/Yes/YES/no in any letter case', async () => {
    const user = await createUser(t.db);
    for (const value of ['yes', 'Yes', 'YES', 'no', 'No', 'NO']) {
      const res = await postLogin(t.app, creds(user.loginId), { query: `forceLogin=${value}` });
      expect(res.statusCode, `${value}: ${res.body}`).toBe(204);
      // Logging out keeps the user below the session limit, so every value is tested for itself.
      await t.app.inject({ method: 'DELETE', url: '/system/ws/v12/authentication/user/logout', headers: { 'x-egain-session': String(res.headers['x-egain-session']) } });
    }
  });

  it('ignores a session header or cookie sent with the login: a new session is always created', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    const first = await postLogin(t.app, creds(a.loginId));
    const firstId = String(first.headers['x-egain-session']);
    const sent: Record<string, string>[] = [
      { 'x-egain-session': firstId },
      { 'x-egain-session': 'not-a-session' },
      { cookie: `X-egain-session=${firstId}` },
      { cookie: 'X-egain-session=00000000-0000-0000-0000-000000000000' },
    ];
    for (const headers of sent) {
      const res = await postLogin(t.app, creds(b.loginId), { headers });
      expect(res.statusCode, res.body).toBe(204);
      const id = String(res.headers['x-egain-session']);
      expect(id).not.toBe(firstId);
      await expectSessionOf(id, b.id);
    }
    await expectSessionOf(firstId, a.id); // untouched
  });
});

describe('query parameters', () => {
  it('forceLogin other than yes/no → 400-102', async () => {
    const user = await createUser(t.db);
    for (const fmt of FORMATS) {
      expectError(await postLogin(t.app, creds(user.loginId), { query: 'forceLogin=maybe', fmt }), '400-102', {
        format: fmt,
        details: [{ key: 'forceLogin', value: 'maybe' }],
        message: "Invalid value 'maybe' supplied for parameter 'forceLogin'.",
      });
    }
    for (const value of ['true', '1', '']) {
      expectError(await postLogin(t.app, creds(user.loginId), { query: `forceLogin=${value}` }), '400-102', {
        format: 'json',
        details: [{ key: 'forceLogin', value }],
      });
    }
  });

  it('any other query parameter → 400-101 naming it', async () => {
    const user = await createUser(t.db);
    for (const fmt of FORMATS) {
      expectError(await postLogin(t.app, creds(user.loginId), { query: 'foo=bar', fmt }), '400-101', {
        format: fmt,
        details: [{ key: 'foo', value: 'bar' }],
        message: "Unsupported query parameter(s) supplied: 'foo'.",
      });
    }
    expectError(await postLogin(t.app, creds(user.loginId), { query: 'forceLogin=yes&userName=x&$attribute=all', lang: 'es-ES' }), '400-101', {
      format: 'json',
      lang: 'es-ES',
      details: [
        { key: 'userName', value: 'x' },
        { key: '$attribute', value: 'all' },
      ],
      message: "Se han proporcionado parámetros de consulta no admitidos: 'userName', '$attribute'.",
    });
  });
});

describe('body checks (02 §3.1 step 1)', () => {
  const malformed: [string, string, string | undefined][] = [
    ['empty JSON', 'application/json', ''],
    ['no body at all', 'application/json', undefined],
    ['truncated JSON', 'application/json', '{"userName":"sa",'],
    ['a JSON array', 'application/json', '[{"userName":"sa","password":"x"}]'],
    ['a JSON string', 'application/json', '"sa"'],
    ['JSON null', 'application/json', 'null'],
    ['a JSON number', 'application/json', '42'],
    ['empty XML', 'application/xml', ''],
    ['unclosed XML', 'application/xml', '<login><userName>sa</userName>'],
    ['XML with a DTD', 'application/xml', '<!DOCTYPE login [<!ENTITY x "y">]><login><userName>&x;</userName></login>'],
  ];
  for (const [name, type, payload] of malformed) {
    it(`${name} → 400-150`, async () => {
      for (const fmt of FORMATS) {
        const res = await t.app.inject({
          method: 'POST',
          url: LOGIN,
          headers: { 'content-type': type, accept: fmt === 'json' ? 'application/json' : 'application/xml' },
          ...(payload === undefined ? {} : { payload }),
        });
        expectError(res, '400-150', { format: fmt, message: 'The request body is missing or malformed.' });
      }
    });
  }

  const missing: [string, unknown, string][] = [
    ['no userName', { password: testPassword }, 'userName'],
    ['empty userName', { userName: '', password: testPassword }, 'userName'],
    ['blank userName', { userName: '   ', password: testPassword }, 'userName'],
    ['null userName', { userName: null, password: testPassword }, 'userName'],
    ['empty object', {}, 'userName'],
    ['no password', { userName: 'someone' }, 'password'],
    ['empty password', { userName: 'someone', password: '' }, 'password'],
    ['null password', { userName: 'someone', password: null }, 'password'],
    ['blank password', { userName: 'someone', password: '   ' }, 'password'],
    ['XML without userName', `<login><password>${testPassword}</password></login>`, 'userName'],
    ['XML with an empty userName', `<login><userName/><password>${testPassword}</password></login>`, 'userName'],
    ['XML without password', '<login xmlns="urn:x"><userName>someone</userName></login>', 'password'],
    ['XML with an empty password', '<login><userName>someone</userName><password></password></login>', 'password'],
    ['an empty XML root', '<login/>', 'userName'],
  ];
  for (const [name, body, key] of missing) {
    it(`${name} → 400-153 on ${key}`, async () => {
      for (const fmt of FORMATS) {
        expectError(await postLogin(t.app, body, { fmt }), '400-153', {
          format: fmt,
          details: [{ key, value: '' }],
          message: `Required attribute '${key}' is missing.`,
        });
      }
      expectError(await postLogin(t.app, body, { lang: 'es-ES' }), '400-153', {
        format: 'json',
        lang: 'es-ES',
        message: `Falta el atributo obligatorio '${key}'.`,
      });
    });
  }

  const invalid: [string, unknown, string][] = [
    ['an object as userName', { userName: { first: 'a' }, password: testPassword }, 'userName'],
    ['a list as the alias username', { username: ['a', 'b'], password: testPassword }, 'username'],
    ['XML with a structured userName', `<login><userName><a>b</a></userName><password>${testPassword}</password></login>`, 'userName'],
    ['XML with two userName elements', `<login><userName>a</userName><userName>b</userName><password>${testPassword}</password></login>`, 'userName'],
  ];
  for (const [name, body, key] of invalid) {
    it(`${name} → 400-152 on ${key}`, async () => {
      for (const fmt of FORMATS) {
        expectError(await postLogin(t.app, body, { fmt }), '400-152', { format: fmt, message: `Invalid value of attribute '${key}'.` });
      }
    });
  }

  it('a JSON number where text is expected is read as its text (01 §3.3)', async () => {
    const user = await createUser(t.db, { loginId: `${Date.now()}${Math.floor(Math.random() * 1000)}`, password: '12345678901' });
    const res = await postLogin(t.app, { userName: Number(user.loginId), password: 12345678901 });
    expect(res.statusCode, res.body).toBe(204);
    await expectSessionOf(String(res.headers['x-egain-session']), user.id);
  });

  it('a body Content-Type other than JSON or XML → 415-100', async () => {
    const user = await createUser(t.db);
    for (const [type, payload] of [
      ['text/plain', `userName=${user.loginId}&password=${testPassword}`],
      ['application/x-www-form-urlencoded', `userName=${user.loginId}&password=${testPassword}`],
      ['multipart/form-data; boundary=xyz', `--xyz\r\nContent-Disposition: form-data; name="userName"\r\n\r\n${user.loginId}\r\n--xyz--\r\n`],
      ['application/json; charset=iso-8859-1', JSON.stringify(creds(user.loginId))],
    ] as const) {
      for (const fmt of FORMATS) {
        const res = await t.app.inject({
          method: 'POST',
          url: LOGIN,
          headers: { 'content-type': type, accept: fmt === 'json' ? 'application/json' : 'application/xml' },
          payload,
        });
        expectError(res, '415-100', { format: fmt, details: [{ key: 'Content-Type', value: type }], message: `Unsupported 'Content-Type' header value '${type}'.` });
      }
    }
  });

  it('a compressed body → 415-101, a body over the limit → 413-100', async () => {
    const user = await createUser(t.db);
    const gz = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', accept: 'application/json' },
      payload: JSON.stringify(creds(user.loginId)),
    });
    expectError(gz, '415-101', { format: 'json', details: [{ key: 'Content-Encoding', value: 'gzip' }] });
    const small = await appOn(t.db, { ECE_MAX_BODY_BYTES: '1024' });
    try {
      const big = await postLogin(small.app, { userName: user.loginId, password: testPassword, padding: 'x'.repeat(2000) });
      expectError(big, '413-100', { format: 'json', details: [{ key: 'limit', value: '1024' }] });
    } finally {
      await small.close();
    }
  });

  it('Accept and Accept-Language are negotiated before anything else: 406-101, 406-100', async () => {
    const user = await createUser(t.db);
    expectError(await postLogin(t.app, creds(user.loginId), { headers: { accept: 'text/plain' } }), '406-101', {
      format: 'xml',
      details: [{ key: 'Accept', value: 'text/plain' }],
    });
    expectError(await postLogin(t.app, creds(user.loginId), { headers: { 'accept-language': 'fr-FR' } }), '406-100', {
      format: 'json',
      details: [{ key: 'Accept-Language', value: 'fr-FR' }],
    });
  });
});

describe('readiness (01 §7.2 step 3, §19)', () => {
  it('login and authenticated requests get 503-100 with Retry-After while the instance is not ready (before 401)', async () => {
    const user = await createUser(t.db);
    await t.db.query('UPDATE _prisma_migrations SET rolled_back_at = now()');
    try {
      await t.app.readiness.check();
      const res = await postLogin(t.app, creds(user.loginId));
      expectError(res, '503-100', { format: 'json', details: [{ key: 'retryAfter', value: '5' }] });
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers['x-egain-session']).toBeUndefined();
      const unauthenticated = await t.app.inject({ method: 'GET', url: `${FIX}/whoami`, headers: { accept: 'application/json' } });
      expectError(unauthenticated, '503-100', { format: 'json' });
    } finally {
      await t.db.query('UPDATE _prisma_migrations SET rolled_back_at = NULL');
      await t.app.readiness.check();
    }
    expect((await postLogin(t.app, creds(user.loginId))).statusCode).toBe(204);
  });
});

describe('credential checks (02 §3.1 steps 2–4)', () => {
  const badLoginCases = async () => {
    const enabled = await createUser(t.db);
    const disabled = await createUser(t.db, { state: 'disabled' });
    const deleted = await createUser(t.db, { state: 'deleted' });
    const clientKey = `ck${user_suffix()}`;
    await t.db.prisma.clientApplication.create({
      data: { name: `app ${clientKey}`, clientKey, secretHash: enabled.passwordHash, webhookSecret: 'w'.repeat(32), callbackUrl: 'https://example.com/hook' },
    });
    return [
      ['unknown login id', creds('no-such-user-anywhere')],
      ['client-application credentials', creds(clientKey)],
      ['disabled user, right password', creds(disabled.loginId)],
      ['deleted user, right password', creds(deleted.loginId)],
      ['wrong password', creds(enabled.loginId, 'Wrong-pass-123')],
    ] as const;
  };

  it('unknown user, disabled user and wrong password → 401-102 with the exact message in en-US and es-ES', async () => {
    for (const [name, body] of await badLoginCases()) {
      for (const fmt of FORMATS as Fmt[]) {
        for (const lang of ['en-US', 'es-ES'] as const) {
          const res = await postLogin(t.app, body, { fmt, lang });
          expectError(res, '401-102', { format: fmt, lang, message: MSG.badLogin[lang], details: [] });
          expect(res.headers['x-egain-session'], name).toBeUndefined();
          expect(res.headers['x-egain-csrf'], name).toBeUndefined();
          expect(setCookies(res), name).toEqual([]);
          expect(res.headers['www-authenticate'], name).toBeUndefined();
        }
      }
    }
  });

  it('the same answer whether or not the login id exists (no account enumeration)', async () => {
    const user = await createUser(t.db);
    const unknown = await postLogin(t.app, creds('no-such-user-anywhere', 'Wrong-pass-123'));
    const wrong = await postLogin(t.app, creds(user.loginId, 'Wrong-pass-123'));
    expect(unknown.statusCode).toBe(wrong.statusCode);
    expect(unknown.body).toBe(wrong.body);
  });

  it('a disabled user whose password is right is not told apart from a wrong password and gets no session', async () => {
    const user = await createUser(t.db, { state: 'disabled' });
    await postLogin(t.app, creds(user.loginId));
    const rows = await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM session WHERE user_id = $1', [user.id]);
    expect(rows[0]!.n).toBe('0');
  });
});

describe('lockout (02 §9.2), default threshold 5 within 15 minutes', () => {
  const fail = (loginId: string) => postLogin(t.app, creds(loginId, 'Wrong-pass-123'));
  const ok = (loginId: string) => postLogin(t.app, creds(loginId));

  async function lock(loginId: string) {
    for (let i = 1; i <= 5; i++) expectError(await fail(loginId), '401-102', { format: 'json' });
  }

  it('locks after 5 consecutive failures: 401-103 even with the right password, in en-US and es-ES', async () => {
    const user = await createUser(t.db);
    for (let i = 1; i <= 4; i++) expectError(await fail(user.loginId), '401-102', { format: 'json' });
    expectError(await fail(user.loginId), '401-102', { format: 'json' }); // the 5th failure itself is still 401-102
    for (const fmt of FORMATS) {
      for (const lang of ['en-US', 'es-ES'] as const) {
        expectError(await postLogin(t.app, creds(user.loginId), { fmt, lang }), '401-103', { format: fmt, lang, message: MSG.locked[lang] });
      }
    }
    expectError(await fail(user.loginId), '401-103', { format: 'json' }); // wrong password while locked: not checked
    expectError(await postLogin(t.app, creds(user.loginId.toUpperCase())), '401-103', { format: 'json' });
  });

  it('the lock lasts exactly loginLockoutMinutes, then the count restarts at 0', async () => {
    const user = await createUser(t.db);
    await lock(user.loginId);
    clock.advance(15 * MINUTE - 1);
    expectError(await ok(user.loginId), '401-103', { format: 'json' });
    clock.advance(1);
    // One failure after the lock has ended: with a count that had not restarted this would lock again.
    expectError(await fail(user.loginId), '401-102', { format: 'json' });
    const after = await ok(user.loginId);
    expect(after.statusCode, after.body).toBe(204);
    // Four more failures do not lock either, the fifth does.
    for (let i = 1; i <= 4; i++) expectError(await fail(user.loginId), '401-102', { format: 'json' });
    expect((await ok(user.loginId)).statusCode).toBe(204);
  });

  it('the count restarts at 0 when the lock ends even without a login in between', async () => {
    const user = await createUser(t.db);
    await lock(user.loginId);
    clock.advance(15 * MINUTE);
    for (let i = 1; i <= 4; i++) expectError(await fail(user.loginId), '401-102', { format: 'json' });
    expect((await ok(user.loginId)).statusCode).toBe(204);
  });

  it('failures spread over more than the window do not lock', async () => {
    const user = await createUser(t.db);
    for (let i = 1; i <= 4; i++) expectError(await fail(user.loginId), '401-102', { format: 'json' });
    clock.advance(15 * MINUTE + SECOND);
    for (let i = 1; i <= 4; i++) expectError(await fail(user.loginId), '401-102', { format: 'json' });
    expect((await ok(user.loginId)).statusCode).toBe(204);
  });

  it('failures within the window lock even when spread out', async () => {
    const user = await createUser(t.db);
    for (let i = 1; i <= 5; i++) {
      expectError(await fail(user.loginId), '401-102', { format: 'json' });
      clock.advance(3 * MINUTE);
    }
    expectError(await ok(user.loginId), '401-103', { format: 'json' });
  });

  it('a successful login resets the count', async () => {
    const user = await createUser(t.db);
    for (let i = 1; i <= 4; i++) expectError(await fail(user.loginId), '401-102', { format: 'json' });
    expect((await ok(user.loginId)).statusCode).toBe(204);
    for (let i = 1; i <= 4; i++) expectError(await fail(user.loginId), '401-102', { format: 'json' });
    expect((await ok(user.loginId)).statusCode).toBe(204);
    const [row] = await t.db.query<{ failed_logins: number }>('SELECT failed_logins FROM app_user WHERE id = $1', [user.id]);
    expect(row!.failed_logins).toBe(0);
  });

  it('counts concurrent failures of one account, every one of them', async () => {
    const user = await createUser(t.db);
    const results = await Promise.all(Array.from({ length: 5 }, () => fail(user.loginId)));
    expect(results.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
    expectError(await ok(user.loginId), '401-103', { format: 'json' });
  });

  it('locks one account only', async () => {
    const a = await createUser(t.db);
    const b = await createUser(t.db);
    await lock(a.loginId);
    expect((await ok(b.loginId)).statusCode).toBe(204);
  });

  it('failures of unknown login ids are not tracked: a user created with that id later is not locked', async () => {
    const loginId = `ghost${user_suffix()}`;
    for (let i = 1; i <= 7; i++) expectError(await fail(loginId), '401-102', { format: 'json' });
    await createUser(t.db, { loginId });
    expect((await ok(loginId)).statusCode).toBe(204);
  });

  it('is shared by every instance: a lock set through one app holds on another on the same database', async () => {
    const user = await createUser(t.db);
    await lock(user.loginId);
    const other = await buildApp(testConfig(), { db: t.db, logger: false, clock: clock.clock });
    try {
      expectError(await postLogin(other, creds(user.loginId)), '401-103', { format: 'json' });
    } finally {
      await other.close();
    }
  });
});

describe('lockout settings', () => {
  it('ECE_SETTING_LOGIN_LOCKOUT_THRESHOLD and _MINUTES set the threshold and the window/lock duration', async () => {
    const c = testClock();
    const app = await appOn(t.db, { ECE_SETTING_LOGIN_LOCKOUT_THRESHOLD: '2', ECE_SETTING_LOGIN_LOCKOUT_MINUTES: '3' }, { clock: c.clock });
    try {
      const user = await createUser(app.db);
      expectError(await postLogin(app.app, creds(user.loginId, 'nope-nope-1')), '401-102', { format: 'json' });
      expectError(await postLogin(app.app, creds(user.loginId, 'nope-nope-1')), '401-102', { format: 'json' });
      expectError(await postLogin(app.app, creds(user.loginId)), '401-103', { format: 'json' });
      c.advance(3 * MINUTE);
      expect((await postLogin(app.app, creds(user.loginId))).statusCode).toBe(204);
    } finally {
      await app.close();
    }
  });

  it('a threshold of 0 never locks', async () => {
    const app = await appOn(t.db, { ECE_SETTING_LOGIN_LOCKOUT_THRESHOLD: '0' });
    try {
      const user = await createUser(app.db);
      for (let i = 1; i <= 8; i++) expectError(await postLogin(app.app, creds(user.loginId, 'nope-nope-1')), '401-102', { format: 'json' });
      expect((await postLogin(app.app, creds(user.loginId))).statusCode).toBe(204);
    } finally {
      await app.close();
    }
  });
});

describe('cookies', () => {
  it('ECE_SESSION_COOKIES=false: no cookies and no X-egain-csrf; a session cookie is ignored', async () => {
    const app = await appOn(t.db, { ECE_SESSION_COOKIES: 'false' }, { routes: [authFixtures] });
    try {
      const user = await createUser(app.db);
      const res = await postLogin(app.app, creds(user.loginId));
      expect(res.statusCode).toBe(204);
      expect(String(res.headers['x-egain-session'])).toMatch(SESSION_ID);
      expect(res.headers['x-egain-csrf']).toBeUndefined();
      expect(setCookies(res)).toEqual([]);
      const sessionId = String(res.headers['x-egain-session']);
      const byHeader = await app.app.inject({ method: 'GET', url: `${FIX}/whoami`, headers: { 'x-egain-session': sessionId, accept: 'application/json' } });
      expect(whoamiOf(byHeader).principal).toBe(String(user.id));
      const byCookie = await app.app.inject({ method: 'GET', url: `${FIX}/whoami`, headers: { cookie: `X-egain-session=${sessionId}`, accept: 'application/json' } });
      expectError(byCookie, '401-101', { format: 'json', message: MSG.session['en-US'] });
      const logout = await app.app.inject({ method: 'DELETE', url: '/system/ws/v12/authentication/user/logout', headers: { 'x-egain-session': sessionId } });
      expect(logout.statusCode).toBe(204);
      expect(setCookies(logout)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('cookies get Secure over HTTPS as told by X-Forwarded-Proto when ECE_TRUST_PROXY=true, and not otherwise', async () => {
    const trusted = await appOn(t.db, { ECE_TRUST_PROXY: 'true' });
    try {
      const user = await createUser(trusted.db);
      const res = await postLogin(trusted.app, creds(user.loginId), { headers: { 'x-forwarded-proto': 'https' } });
      expect(res.statusCode).toBe(204);
      const [session, csrf] = setCookies(res);
      expect(session).toBe(`X-egain-session=${String(res.headers['x-egain-session'])}; Path=/system; HttpOnly; SameSite=Strict; Secure`);
      expect(csrf).toBe(`X-egain-csrf=${String(res.headers['x-egain-csrf'])}; Path=/system; SameSite=Strict; Secure`);
      const plain = await postLogin(trusted.app, creds(user.loginId));
      expect(setCookies(plain).every((c) => !c.includes('Secure'))).toBe(true);
    } finally {
      await trusted.close();
    }
    const user = await createUser(t.db);
    const untrusted = await postLogin(t.app, creds(user.loginId), { headers: { 'x-forwarded-proto': 'https' } });
    expect(untrusted.statusCode).toBe(204);
    expect(setCookies(untrusted).every((c) => !c.includes('Secure'))).toBe(true);
  });
});
