// Data access for sessions. Session validation runs on every authenticated request, so it is one raw statement.
import type { Database } from '../../db/database.ts';

export type SessionRow = {
  id: string;
  kind: 'user' | 'customer' | 'client';
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date | null;
  csrf_hash: Uint8Array | null;
  user_id: string | null;
  user_state: string | null;
  roles: string[] | null;
  department_id: string | null;
  foreign_departments: string[] | null;
  login_id: string | null;
  screen_name: string | null;
  first_name: string | null;
  last_name: string | null;
  contact_person_id: string | null;
  customer_id: string | null;
  client_application_id: string | null;
  client_state: string | null;
};

/** The live session with this id hash and its principal as it is now (roles, departments, state). */
export async function findLiveSession(db: Database, idHash: Buffer): Promise<SessionRow | undefined> {
  const rows = await db.query<SessionRow>(
    `SELECT s.id::text, s.kind, s.created_at, s.last_seen_at, s.expires_at, s.csrf_hash,
            s.user_id::text, u.state AS user_state, u.roles, u.department_id::text,
            ARRAY(SELECT ud.department_id::text FROM user_department ud WHERE ud.user_id = s.user_id) AS foreign_departments,
            u.login_id, u.screen_name, u.first_name, u.last_name,
            s.contact_person_id::text, cp.customer_id::text, s.client_application_id::text,
            CASE WHEN c.deleted_at IS NULL THEN c.state END AS client_state
       FROM session s
       LEFT JOIN app_user u ON u.id = s.user_id
       LEFT JOIN contact_person cp ON cp.id = s.contact_person_id
       LEFT JOIN client_application c ON c.id = s.client_application_id
      WHERE s.id_hash = $1 AND s.ended_at IS NULL`,
    [idHash],
  );
  return rows[0];
}

/** Last-seen is written at most once a minute (02 §6.2). */
export async function touchSession(db: Database, id: string, now: Date): Promise<void> {
  await db.query(`UPDATE session SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2::timestamptz - interval '60 seconds'`, [id, now]);
}

export async function endSession(db: Database, id: string, now: Date): Promise<void> {
  await db.query('UPDATE session SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL', [id, now]);
}

/**
 * Deletes rows that can never be live again: ended a day ago or more, staff and customer sessions idle or old
 * beyond the largest timeout the settings allow (1440 and 10080 minutes), client tokens expired a day ago.
 */
export async function purgeSessions(db: Database, now: Date): Promise<number> {
  const rows = await db.query<{ n: string }>(
    `WITH gone AS (
       DELETE FROM session
        WHERE ended_at < $1::timestamptz - interval '1 day'
           OR (kind <> 'client' AND (last_seen_at < $1::timestamptz - interval '1440 minutes' OR created_at < $1::timestamptz - interval '10080 minutes'))
           OR (kind = 'client' AND expires_at < $1::timestamptz - interval '1 day')
        RETURNING 1)
     SELECT count(*)::text AS n FROM gone`,
    [now],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Live sessions and tokens now, under the current idle and lifetime settings (the ece_sessions_active gauge). */
export async function countLiveSessions(db: Database, now: Date, idleMinutes: number, lifetimeMinutes: number): Promise<number> {
  const rows = await db.query<{ n: string }>(
    `SELECT count(*)::text AS n FROM session
      WHERE ended_at IS NULL
        AND CASE WHEN kind = 'client' THEN expires_at > $1
                 ELSE last_seen_at > $1::timestamptz - make_interval(mins => $2) AND created_at > $1::timestamptz - make_interval(mins => $3) END`,
    [now, idleMinutes, lifetimeMinutes],
  );
  return Number(rows[0]?.n ?? 0);
}
