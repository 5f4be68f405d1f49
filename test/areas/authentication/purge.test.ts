// 02 §6.2: expired rows are purged; purging never touches a live session. The gauge counts live sessions only.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countLiveSessions, purgeSessions } from '../../../src/areas/authentication/session.queries.ts';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { createUser } from '../../helpers/auth.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp();
});
afterAll(async () => t?.close());

it('deletes only rows that can never be live again, and counts live ones', async () => {
  const now = new Date('2040-01-10T12:00:00.000Z');
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const user = await createUser(t.db);
  const rows: [string, { created: Date; seen: Date; ended?: Date }][] = [
    ['live', { created: ago(10), seen: ago(1) }],
    ['idle-but-settings-could-allow', { created: ago(600), seen: ago(600) }],
    ['ended-yesterday', { created: ago(3000), seen: ago(2900), ended: ago(2000) }],
    ['ended-just-now', { created: ago(10), seen: ago(5), ended: ago(1) }],
    ['idle-beyond-any-setting', { created: ago(2000), seen: ago(1500) }],
    ['older-than-any-lifetime', { created: ago(11000), seen: ago(1) }],
  ];
  for (const [agent, r] of rows) {
    await t.db.query(
      `INSERT INTO session (id_hash, kind, user_id, created_at, last_seen_at, ended_at, user_agent) VALUES ($1, 'user', $2, $3, $4, $5, $6)`,
      [randomBytes(32), user.id, r.created, r.seen, r.ended ?? null, agent],
    );
  }
  expect(await countLiveSessions(t.db, now, 30, 720)).toBeGreaterThanOrEqual(1);
  const mine = async () =>
    (await t.db.query<{ user_agent: string }>('SELECT user_agent FROM session WHERE user_id = $1 ORDER BY user_agent', [user.id])).map((r) => r.user_agent);
  const liveBefore = await countLiveSessions(t.db, now, 30, 720);
  await purgeSessions(t.db, now);
  expect(await mine()).toEqual(['ended-just-now', 'idle-but-settings-could-allow', 'live']);
  expect(await countLiveSessions(t.db, now, 30, 720)).toBe(liveBefore);
  // With a long idle timeout, the 600-minute-idle session is live again: purging must not have removed it.
  expect(await countLiveSessions(t.db, now, 720, 720)).toBe(liveBefore + 1);
});
