// npm run bench:interaction -- [--duration 30] [--rate 50] [--connections 5]
// The case and activity APIs of the load profile (10 §3.2) one at a time at a fixed rate, against a server in its own
// process on DATABASE_URL (PostgreSQL seeded with `npm run bench:seed`). Targets come from the database: hot
// activities, cases and customers (the newest 10 %), waiting emails for the writes, the benchmark user's assigned
// emails for complete. Each write target is used once.
import { any, benchOptions, runPerApi, withDatabase, type PerApi } from './per-api.ts';

const o = benchOptions();

const targets = await withDatabase(o.databaseUrl, async (ids, db) => {
  const hot = (table: string, extra = 'TRUE') =>
    ids(`SELECT id::text AS v FROM ${table} WHERE ${extra} AND id >= (SELECT max(id) - (max(id) - min(id)) / 10 FROM ${table}) ORDER BY random() LIMIT 5000`);
  const [userId] = await ids(`SELECT id::text AS v FROM app_user WHERE login_id = $1`, [o.user]);
  const hotEmails = await hot('activity', `type = 'email'`);
  const hotCases = await hot('interaction_case');
  const hotCustomers = await ids(`SELECT DISTINCT customer_id::text AS v FROM activity WHERE id = ANY($1::bigint[])`, [hotEmails]);
  const days = await ids(`SELECT to_char(last_modified_at, 'YYYY-MM-DD') AS v FROM activity WHERE type = 'email' AND status = 'completed' ORDER BY random() LIMIT 200`);
  const waiting = await ids(
    `SELECT a.id::text AS v FROM activity a WHERE a.status = 'awaiting_assignment' AND a.type = 'email'
       AND a.department_id IN (SELECT department_id FROM app_user WHERE id = $1 UNION SELECT department_id FROM user_department WHERE user_id = $1)
     ORDER BY random() LIMIT 20000`,
    [userId],
  );
  const mine = await ids(`SELECT id::text AS v FROM activity WHERE assigned_user_id = $1 AND status = 'assigned' AND type = 'email' ORDER BY id`, [userId]);
  // For change customer: an email contact point of another customer of the activity's department.
  const pointsByDepartment = new Map<string, string[]>();
  for (const r of (
    await db.query<{ d: string; p: string }>(
      `SELECT c.department_id::text AS d, cp.id::text AS p FROM contact_point cp JOIN customer c ON c.id = cp.customer_id
        WHERE cp.kind = 'email' AND cp.removed_at IS NULL ORDER BY random() LIMIT 20000`,
    )
  ).rows) {
    pointsByDepartment.set(r.d, [...(pointsByDepartment.get(r.d) ?? []), r.p]);
  }
  const placed = (await db.query<{ id: string; d: string; q: string | null }>(`SELECT id::text, department_id::text AS d, queue_id::text AS q FROM activity WHERE id = ANY($1::bigint[])`, [waiting])).rows;
  const departmentOf = new Map(placed.map((r) => [r.id, r.d]));
  const queueOf = new Map(placed.map((r) => [r.id, r.q]));
  const queuesByDepartment = new Map<string, string[]>();
  for (const r of (await db.query<{ d: string; q: string }>(`SELECT department_id::text AS d, id::text AS q FROM queue WHERE 'email' = ANY(channels) AND state = 'active'`)).rows) {
    queuesByDepartment.set(r.d, [...(queuesByDepartment.get(r.d) ?? []), r.q]);
  }
  const counts = (await db.query<{ a: string; c: string }>(`SELECT (SELECT count(*) FROM activity)::text AS a, (SELECT count(*) FROM interaction_case)::text AS c`)).rows[0]!;
  return { userId: userId!, hotEmails, hotCases, hotCustomers, days, waiting, mine, pointsByDepartment, departmentOf, queueOf, queuesByDepartment, counts };
});
const { userId, hotEmails, hotCases, hotCustomers, days, waiting, mine, pointsByDepartment, departmentOf, queueOf, queuesByDepartment, counts } = targets;
if (!hotEmails.length) throw new Error('no seeded activities: run npm run bench:seed first');

const take = (list: string[]) => list.pop();
const A = '/system/ws/v12/interaction/activity';
const C = '/system/ws/v12/interaction/case';
const apis: PerApi[] = [
  { name: 'Get Email Activity by ID (default)', expect: [200], request: () => ({ method: 'GET', path: `${A}/${any(hotEmails)}` }) },
  { name: 'Get Email Activity by ID ($attribute=all)', expect: [200], request: () => ({ method: 'GET', path: `${A}/${any(hotEmails)}?$attribute=all` }) },
  { name: 'Search Activity by Customer', expect: [200], request: () => ({ method: 'GET', path: `${A}?customer=${any(hotCustomers)}&$pagesize=25&$pagenum=1` }) },
  {
    name: 'Search Activity by Status and Date',
    expect: [200, 204],
    request: () => {
      const d = any(days);
      return { method: 'GET', path: `${A}?status=completed&type=email&lastModifiedDate=[${d}T00:00:00.000Z,${d}T23:59:59.999Z]&$sort=lastModifiedDate&$pagesize=20&$pagenum=${1 + Math.floor(Math.random() * 5)}` };
    },
  },
  { name: 'Search Activity by Case', expect: [200], request: () => ({ method: 'GET', path: `${A}?case=${any(hotCases)}` }) },
  { name: 'Get Case by ID', expect: [200], request: () => ({ method: 'GET', path: `${C}/${any(hotCases)}` }) },
  {
    name: 'Search Case by Work Status',
    expect: [200],
    request: () => ({ method: 'GET', path: `${C}?status=${Math.random() < 0.7 ? 'open' : 'closed'}&$sort=lastModifiedDate&$order=desc&$pagesize=25&$pagenum=${1 + Math.floor(Math.random() * 4)}` }),
  },
  {
    name: 'Change Customer of Activity',
    expect: [204],
    request: () => {
      const id = any(waiting);
      const point = any(pointsByDepartment.get(departmentOf.get(id)!) ?? ['0']);
      const body = { activity: [{ id, customer: { contactPersons: { contactPerson: [{ contactPoints: { contactPoint: [{ id: point }] } }] } } }] };
      return { method: 'PUT', path: `${A}/changecustomer`, body: JSON.stringify(body) };
    },
  },
  {
    name: 'Transfer Activity',
    expect: [204],
    request: () => {
      const id = take(waiting);
      if (!id) return undefined;
      const toQueue = Math.random() < 1 / 3;
      // Another queue of the department: transferring to the queue it waits in is 409-102 (05 §9.11).
      const queue = any((queuesByDepartment.get(departmentOf.get(id)!) ?? ['0']).filter((q) => q !== queueOf.get(id)));
      return { method: 'PUT', path: toQueue ? `${A}/transfer?queue=${queue}` : `${A}/transfer?user=${userId}`, body: JSON.stringify({ activity: [{ id }] }) };
    },
  },
  {
    name: 'Complete Activity',
    expect: [200],
    request: () => {
      const id = take(mine);
      return id ? { method: 'PUT', path: `${A}/complete`, body: JSON.stringify({ activity: [{ id }] }) } : undefined;
    },
  },
];

await runPerApi(o, 18093, apis, `PostgreSQL, ${counts.a} activities, ${counts.c} cases`);
