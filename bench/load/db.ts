// What the generator reads from the database (DATABASE_URL) before and after a run: the state of the open
// activities and cases behind the manifest's pools, what the manifest does not list (aliases, attachment ids,
// articles, folders), the counts that tell a freshly seeded database, its size and the PostgreSQL version.
import pg from 'pg';
import type { DbExtras } from './catalog.ts';

export type DbFacts = { sizeBytes: number; version: string; counts: { customers: number; cases: number; activities: number; notes: number } };

const num = (v: unknown) => Number(v);

export async function withDb<T>(url: string, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

export async function readFacts(db: pg.Client): Promise<DbFacts> {
  const r = (
    await db.query<Record<string, string>>(`SELECT pg_database_size(current_database())::text AS size, current_setting('server_version') AS version,
      (SELECT count(*) FROM customer)::text AS customers, (SELECT count(*) FROM interaction_case)::text AS cases,
      (SELECT count(*) FROM activity)::text AS activities, (SELECT count(*) FROM note)::text AS notes`)
  ).rows[0]!;
  return { sizeBytes: num(r.size), version: r.version!, counts: { customers: num(r.customers), cases: num(r.cases), activities: num(r.activities), notes: num(r.notes) } };
}

/** Tables that belong to issues not merged yet may be missing: their rows are then simply absent. */
async function optional<T>(db: pg.Client, sql: string, map: (row: Record<string, string>) => T): Promise<T[]> {
  try {
    await db.query('SAVEPOINT optional');
    const rows = (await db.query<Record<string, string>>(sql)).rows.map(map);
    await db.query('RELEASE SAVEPOINT optional');
    return rows;
  } catch {
    await db.query('ROLLBACK TO SAVEPOINT optional');
    return [];
  }
}

/** `emailPoints`: the manifest's email contact points, whose current addresses are read (an earlier run may have changed them). */
export async function readExtras(db: pg.Client, emailPoints: readonly number[] = [], articles = true): Promise<DbExtras> {
  await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    const openActivities = (
      await db.query<Record<string, string | null>>(
        `SELECT id::text, case_id::text, customer_id::text, department_id::text, queue_id::text, status, assigned_user_id::text
           FROM activity WHERE status <> 'completed'`,
      )
    ).rows.map((r) => ({
      id: num(r.id),
      caseId: num(r.case_id),
      customerId: num(r.customer_id),
      departmentId: r.department_id!,
      queueId: r.queue_id === null ? null : num(r.queue_id),
      status: r.status!,
      assignedUserId: r.assigned_user_id ?? null,
    }));
    const openCases = (
      await db.query<Record<string, string>>(
        `SELECT c.id::text, c.customer_id::text, c.department_id::text, count(a.id)::text AS n
           FROM interaction_case c LEFT JOIN activity a ON a.case_id = c.id
          WHERE c.status = 'open' GROUP BY c.id`,
      )
    ).rows.map((r) => ({ id: num(r.id), customerId: num(r.customer_id), departmentId: r.department_id!, activityCount: num(r.n) }));
    // Counts the run can lower: activities of the customers whose activities Change Customer of Activity moves
    // away (the queue pool), cases of the customers whose cases Change Customer of Case moves away (open cases).
    const customerActivities = new Map<number, number>();
    for (const r of (
      await db.query<{ c: string; n: string }>(
        `SELECT customer_id::text AS c, count(*)::text AS n FROM activity
          WHERE customer_id IN (SELECT customer_id FROM activity WHERE status = 'awaiting_assignment') GROUP BY customer_id`,
      )
    ).rows) {
      customerActivities.set(num(r.c), num(r.n));
    }
    const customerCases = new Map<number, number>();
    for (const r of (
      await db.query<{ c: string; n: string }>(
        `SELECT customer_id::text AS c, count(*)::text AS n FROM interaction_case
          WHERE customer_id IN (SELECT customer_id FROM interaction_case WHERE status = 'open') GROUP BY customer_id`,
      )
    ).rows) {
      customerCases.set(num(r.c), num(r.n));
    }
    // Only an earlier run on the same database leaves these (each run should start from a fresh one, 10 §2.2).
    for (const r of (await db.query<{ i: string }>(`SELECT c.id::text AS i FROM customer c WHERE NOT EXISTS (SELECT 1 FROM activity a WHERE a.customer_id = c.id)`)).rows) {
      customerActivities.set(num(r.i), 0);
    }
    for (const r of (
      await db.query<{ i: string }>(`SELECT c.id::text AS i FROM customer c WHERE NOT EXISTS (SELECT 1 FROM interaction_case k WHERE k.customer_id = c.id)`)
    ).rows) {
      customerCases.set(num(r.i), 0);
    }
    const emptyCases = (
      await db.query<{ i: string }>(`SELECT c.id::text AS i FROM interaction_case c WHERE NOT EXISTS (SELECT 1 FROM activity a WHERE a.case_id = c.id)`)
    ).rows.map((r) => num(r.i));
    const emails = new Map<number, string>();
    for (const r of (
      await db.query<{ i: string; e: string }>(`SELECT id::text AS i, email_address AS e FROM contact_point WHERE id = ANY($1::bigint[]) AND removed_at IS NULL`, [
        emailPoints,
      ])
    ).rows) {
      emails.set(num(r.i), r.e);
    }
    const aliases = await optional(db, `SELECT department_id::text AS d, email_address AS a FROM email_alias WHERE state = 'active' ORDER BY id`, (r) => ({
      departmentId: r.d!,
      address: r.a!,
    }));
    const attachments = await optional(
      db,
      `SELECT activity_id::text AS a, id::text AS i FROM activity_attachment ORDER BY random() LIMIT 100000`,
      (r) => ({ activityId: num(r.a), id: num(r.i) }),
    );
    // Knowledge: only when the manifest has no knowledge section.
    const articleIds = articles ? await optional(db, `SELECT id::text AS i FROM kb_article ORDER BY id`, (r) => num(r.i)) : [];
    const folders = articles ? await optional(db, `SELECT DISTINCT folder_id::text AS i FROM kb_article`, (r) => num(r.i)) : [];
    return { openActivities, openCases, customerActivities, customerCases, emptyCases, emails, aliases, attachments, articles: articleIds, folders };
  } finally {
    await db.query('COMMIT');
  }
}
