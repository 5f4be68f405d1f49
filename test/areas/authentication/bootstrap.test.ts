// The bootstrap administrator (02 §9.3). Each test works on a database of its own with no users: a fresh PGlite
// copy of the template, or on PostgreSQL a throwaway database cloned from the template (dropped afterwards).
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.ts';
import { bootstrap, BootstrapError } from '../../../src/areas/authentication/bootstrap.ts';
import { verifyPassword } from '../../../src/areas/authentication/passwords.ts';
import { ConfigError } from '../../../src/config/config.ts';
import type { Database } from '../../../src/db/database.ts';
import { testConfig } from '../../helpers/app.ts';
import { ownDatabase, postLogin, type OwnDatabase } from './support.ts';

const owned: OwnDatabase[] = [];
async function emptyDatabase() {
  const own = await ownDatabase();
  owned.push(own);
  return own;
}
afterEach(async () => {
  while (owned.length) await owned.pop()!.drop();
});

type UserRow = {
  id: string;
  login_id: string;
  screen_name: string;
  first_name: string;
  last_name: string;
  roles: string[];
  state: string;
  department_id: string;
  password_hash: string;
};
const users = (db: Database) =>
  db.query<UserRow>('SELECT id::text, login_id, screen_name, first_name, last_name, roles, state, department_id::text, password_hash FROM app_user ORDER BY id');
const departments = (db: Database) => db.query<{ id: string; name: string }>('SELECT id::text, name FROM department ORDER BY id');

describe('bootstrap (02 §9.3)', () => {
  it('on an empty database creates the department Service and the user sa with a generated 24-character password', async () => {
    const { db } = await emptyDatabase();
    expect(await users(db)).toEqual([]);
    expect(await departments(db)).toEqual([]);
    const result = await bootstrap(db, undefined);
    expect(result.created).toBe(true);
    expect(result.generatedPassword).toMatch(/^[A-Za-z0-9]{24}$/);
    const depts = await departments(db);
    expect(depts.map((d) => d.name)).toEqual(['Service']);
    expect(await db.query('SELECT name, department_id::text AS department, parent_id FROM kb_folder')).toEqual([{ name: 'Service', department: depts[0]!.id, parent_id: null }]);
    const [sa, ...others] = await users(db);
    expect(others).toEqual([]);
    expect(sa).toMatchObject({
      login_id: 'sa',
      screen_name: 'sa',
      first_name: 'System',
      last_name: 'Administrator',
      roles: ['administrator'],
      state: 'enabled',
      department_id: depts[0]!.id,
    });
    expect(sa!.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword(result.generatedPassword!, sa!.password_hash)).toBe(true);
  });

  it('generates a different password each time', async () => {
    const a = await bootstrap((await emptyDatabase()).db, undefined);
    const b = await bootstrap((await emptyDatabase()).db, undefined);
    expect(a.generatedPassword).not.toBe(b.generatedPassword);
  });

  it('uses ECE_ADMIN_PASSWORD when given (and reports no generated password)', async () => {
    const { db } = await emptyDatabase();
    const result = await bootstrap(db, 'Admin-pass-2024');
    expect(result).toEqual({ created: true });
    const [sa] = await users(db);
    expect(await verifyPassword('Admin-pass-2024', sa!.password_hash)).toBe(true);
  });

  it('accepts an ECE_ADMIN_PASSWORD of 8 and of 128 characters', async () => {
    for (const password of ['12345678', 'p'.repeat(128)]) {
      const { db } = await emptyDatabase();
      expect((await bootstrap(db, password)).created).toBe(true);
      expect(await verifyPassword(password, (await users(db))[0]!.password_hash)).toBe(true);
    }
  });

  it('a too-short or too-long ECE_ADMIN_PASSWORD fails with a clear configuration error and creates nothing', async () => {
    for (const password of ['short', '1234567', 'p'.repeat(129)]) {
      const { db } = await emptyDatabase();
      const failure = bootstrap(db, password);
      await expect(failure).rejects.toBeInstanceOf(BootstrapError);
      await expect(failure).rejects.toBeInstanceOf(ConfigError);
      await expect(failure).rejects.toThrow('Invalid configuration: ECE_ADMIN_PASSWORD must be 8 to 128 characters');
      await failure.catch((err: Error) => expect(err.message).not.toContain(password));
      expect(await users(db)).toEqual([]);
      expect(await departments(db)).toEqual([]);
    }
  });

  it('is idempotent: a second run creates nothing, changes no password, ignores ECE_ADMIN_PASSWORD (even an invalid one)', async () => {
    const { db } = await emptyDatabase();
    const first = await bootstrap(db, undefined);
    const before = await users(db);
    expect(await bootstrap(db, undefined)).toEqual({ created: false });
    expect(await bootstrap(db, 'Another-pass-99')).toEqual({ created: false });
    expect(await bootstrap(db, 'short')).toEqual({ created: false });
    expect(await users(db)).toEqual(before);
    expect(await departments(db)).toHaveLength(1);
    expect(await verifyPassword(first.generatedPassword!, before[0]!.password_hash)).toBe(true);
    expect(await verifyPassword('Another-pass-99', before[0]!.password_hash)).toBe(false);
  });

  it('creates nothing once any staff user exists, even one that is not sa', async () => {
    const { db } = await emptyDatabase();
    const dept = await db.prisma.department.create({ data: { name: 'Sales' } });
    await db.prisma.user.create({
      data: { loginId: 'jsmith', screenName: 'jsmith', firstName: 'J', roles: ['agent'], departmentId: dept.id, passwordHash: 'x', state: 'disabled' },
    });
    expect(await bootstrap(db, undefined)).toEqual({ created: false });
    expect((await users(db)).map((u) => u.login_id)).toEqual(['jsmith']);
    expect((await departments(db)).map((d) => d.name)).toEqual(['Sales']);
  });

  it('with departments but no user: creates sa in the department with the lowest id, and no Service', async () => {
    const { db } = await emptyDatabase();
    const first = await db.prisma.department.create({ data: { name: 'Zeta' } });
    await db.prisma.department.create({ data: { name: 'Alpha' } });
    expect((await bootstrap(db, undefined)).created).toBe(true);
    expect((await departments(db)).map((d) => d.name)).toEqual(['Zeta', 'Alpha']);
    expect((await users(db))[0]!.department_id).toBe(String(first.id));
  });

  it('two concurrent bootstraps (two instances) create one sa and one Service', async () => {
    const own = await emptyDatabase();
    const other = await own.openAnother(); // a second connection pool on PostgreSQL; the same database on PGlite
    const results = await Promise.all([bootstrap(own.db, undefined), bootstrap(other, undefined), bootstrap(own.db, undefined)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(results.filter((r) => r.generatedPassword)).toHaveLength(1);
    const all = await users(own.db);
    expect(all.map((u) => u.login_id)).toEqual(['sa']);
    expect((await departments(own.db)).map((d) => d.name)).toEqual(['Service']);
    const winner = results.find((r) => r.created)!;
    expect(await verifyPassword(winner.generatedPassword!, all[0]!.password_hash)).toBe(true);
  });
});

describe('bootstrap at start-up (buildApp)', () => {
  function capture() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    return { lines, stream };
  }

  it('logs the generated password once, at warning level, in the exact line; sa can log in with it', async () => {
    const { db } = await emptyDatabase();
    const { lines, stream } = capture();
    const app = await buildApp(testConfig({ LOG_LEVEL: 'info' }), { db, logger: { stream } });
    try {
      const entries = lines.map((l) => JSON.parse(l) as { level: number; msg: string });
      const boot = entries.filter((e) => e.msg.includes('Bootstrap administrator'));
      expect(boot).toHaveLength(1);
      expect(boot[0]!.level).toBe(40);
      const m = /^Bootstrap administrator 'sa' created\. Password: ([A-Za-z0-9]{24})$/.exec(boot[0]!.msg);
      expect(m, boot[0]!.msg).not.toBeNull();
      const password = m![1]!;
      expect(lines.filter((l) => l.includes(password))).toHaveLength(1);
      const res = await postLogin(app, { userName: 'SA', password });
      expect(res.statusCode, res.body).toBe(204);
    } finally {
      await app.close();
    }
    // A restart finds sa and logs nothing about it.
    const again = capture();
    const restarted = await buildApp(testConfig({ LOG_LEVEL: 'info' }), { db, logger: { stream: again.stream } });
    await restarted.close();
    expect(again.lines.filter((l) => l.includes('Bootstrap administrator'))).toEqual([]);
  });

  it('with ECE_ADMIN_PASSWORD: no password is logged and sa logs in with it', async () => {
    const { db } = await emptyDatabase();
    const { lines, stream } = capture();
    const app = await buildApp(testConfig({ LOG_LEVEL: 'info', ECE_ADMIN_PASSWORD: 'Admin-pass-2024' }), { db, logger: { stream } });
    try {
      expect(lines.filter((l) => l.includes('Bootstrap administrator') || l.includes('Admin-pass-2024'))).toEqual([]);
      expect((await postLogin(app, { userName: 'sa', password: 'Admin-pass-2024' })).statusCode).toBe(204);
    } finally {
      await app.close();
    }
  });

  it('start-up fails with a clear message when ECE_ADMIN_PASSWORD is too short on an empty database', async () => {
    const { db } = await emptyDatabase();
    await expect(buildApp(testConfig({ ECE_ADMIN_PASSWORD: 'short' }), { db, logger: false })).rejects.toThrow(
      'Invalid configuration: ECE_ADMIN_PASSWORD must be 8 to 128 characters',
    );
    expect(await users(db)).toEqual([]);
  });
});
