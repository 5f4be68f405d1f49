// The check at the end of `bench:seed`: the database counts of every object of 10 §2.1, against the counts the
// reference data set has at the seeded scale (10 §2.2: interaction and knowledge data scaled, configuration not).
// A seed whose counts differ fails (cli.ts exits non-zero and prints the table).
import type { Database } from '../../src/db/database.ts';
import { activitiesAtScale1, benchLoginId, benchUserCount, calltracksAtScale1, casesAtScale1, chatsAtScale1, customersAtScale1, activityNotesAtScale1, caseNotesAtScale1, departmentProfiles, entryPointsPerDepartment, queuesPerDepartment, scaled, definitionProfiles } from './reference.ts';
import { aliasesPerDepartment, alarmWorkflowCount, attachmentsAtScale1, emailsWithAttachmentsAtScale1, inboundWorkflowCount, macroCount, standardMessageCount } from './steps/email.generate.ts';
import { knowledgeAtScale1 } from './steps/knowledge.generate.ts';
import { purgeJobProfiles } from './steps/purge-jobs.ts';

export type CountCheck = { object: string; expected: number; actual: number; ok: boolean };

const sum = (list: readonly number[]) => list.reduce((a, b) => a + b, 0);

/** The expected counts of 10 §2.1 at `scale`, each with the query that counts it (one number, column `n`). */
export function expectedCounts(scale: number): { object: string; expected: number; sql: string }[] {
  const sc = (n: number) => scaled(n, scale);
  const emails = sc(activitiesAtScale1) - sc(chatsAtScale1) - sc(calltracksAtScale1);
  const departments = departmentProfiles.length;
  const bench = Array.from({ length: benchUserCount }, (_, i) => `'${benchLoginId(i)}'`).join(', ');
  const targets = purgeJobProfiles.map((p) => `'${p.target}'`).join(', ');
  const staff = 1 + 2 + sum(departmentProfiles.map((d) => d.supervisors + d.agents)) + benchUserCount;
  return [
    { object: 'Department', expected: departments, sql: `SELECT count(*) AS n FROM department` },
    { object: 'Case', expected: sc(casesAtScale1), sql: `SELECT count(*) AS n FROM interaction_case` },
    { object: 'Activity', expected: sc(activitiesAtScale1), sql: `SELECT count(*) AS n FROM activity` },
    { object: 'Activity, email', expected: emails, sql: `SELECT count(*) AS n FROM activity WHERE type = 'email'` },
    { object: 'Activity, chat', expected: sc(chatsAtScale1), sql: `SELECT count(*) AS n FROM activity WHERE type = 'chat'` },
    { object: 'Activity, calltrack', expected: sc(calltracksAtScale1), sql: `SELECT count(*) AS n FROM activity WHERE type = 'calltrack'` },
    { object: 'Email content (one per email)', expected: emails, sql: `SELECT count(*) AS n FROM activity_content c JOIN activity a ON a.id = c.activity_id WHERE a.type = 'email'` },
    { object: 'Customer, individual', expected: sc(customersAtScale1), sql: `SELECT count(*) AS n FROM customer WHERE type = 'individual'` },
    { object: 'Contact person (one per customer)', expected: sc(customersAtScale1), sql: `SELECT count(*) AS n FROM contact_person` },
    { object: 'Customer, group', expected: 0, sql: `SELECT count(*) AS n FROM customer WHERE type = 'group'` },
    { object: 'Customer, corporate', expected: 0, sql: `SELECT count(*) AS n FROM customer WHERE type = 'corporate'` },
    { object: 'Email alias (active)', expected: sum(aliasesPerDepartment), sql: `SELECT count(*) AS n FROM email_alias WHERE state = 'active'` },
    { object: 'Email alias', expected: sum(aliasesPerDepartment), sql: `SELECT count(*) AS n FROM email_alias` },
    { object: 'Chat entry point', expected: sum(entryPointsPerDepartment), sql: `SELECT count(*) AS n FROM entry_point` },
    { object: 'Queue', expected: sum(queuesPerDepartment), sql: `SELECT count(*) AS n FROM queue` },
    { object: 'Queue, chat', expected: sum(entryPointsPerDepartment), sql: `SELECT count(*) AS n FROM queue WHERE 'chat' = ANY(channels)` },
    {
      object: 'Purge job (manual, the 3 targets)',
      expected: purgeJobProfiles.length,
      sql: `SELECT count(DISTINCT target) AS n FROM purge_job WHERE frequency = 'manual' AND target IN (${targets})`,
    },
    { object: 'Purge job', expected: purgeJobProfiles.length, sql: `SELECT count(*) AS n FROM purge_job` },
    { object: 'Email attachment', expected: sc(attachmentsAtScale1), sql: `SELECT count(*) AS n FROM activity_attachment` },
    {
      object: 'Email with attachments',
      expected: Math.min(emails, sc(emailsWithAttachmentsAtScale1)),
      sql: `SELECT count(DISTINCT activity_id) AS n FROM activity_attachment`,
    },
    { object: 'Macro', expected: macroCount, sql: `SELECT count(*) AS n FROM macro` },
    { object: 'Standard message', expected: standardMessageCount, sql: `SELECT count(*) AS n FROM standard_message` },
    { object: 'Note', expected: sc(activityNotesAtScale1) + sc(caseNotesAtScale1), sql: `SELECT count(*) AS n FROM note` },
    { object: 'Note, on activities', expected: sc(activityNotesAtScale1), sql: `SELECT count(*) AS n FROM note WHERE activity_id IS NOT NULL` },
    { object: 'Note, on cases', expected: sc(caseNotesAtScale1), sql: `SELECT count(*) AS n FROM note WHERE activity_id IS NULL` },
    {
      object: 'Language in use (en-us)',
      expected: 1,
      // Languages that content uses (articles, topics, standard messages): en-us only, else -1.
      sql: `SELECT CASE WHEN bool_and(lower(l.code) = 'en-us') THEN count(DISTINCT l.id) ELSE -1 END AS n
              FROM (SELECT language_id FROM kb_article UNION SELECT language_id FROM kb_topic UNION SELECT language_id FROM standard_message) u
              JOIN language l ON l.id = u.language_id`,
    },
    { object: 'Article', expected: sc(knowledgeAtScale1.articles), sql: `SELECT count(*) AS n FROM kb_article` },
    {
      object: 'Article, en-us',
      expected: sc(knowledgeAtScale1.articles),
      sql: `SELECT count(*) AS n FROM kb_article a JOIN language l ON l.id = a.language_id WHERE lower(l.code) = 'en-us'`,
    },
    { object: 'Article with attachments', expected: sc(knowledgeAtScale1.articlesWithAttachments), sql: `SELECT count(DISTINCT article_id) AS n FROM kb_attachment` },
    { object: 'Email inbound workflow', expected: inboundWorkflowCount, sql: `SELECT count(*) AS n FROM workflow WHERE kind = 'inbound'` },
    { object: 'Outbound workflow', expected: 1, sql: `SELECT count(*) AS n FROM workflow WHERE kind = 'outbound'` },
    { object: 'Alarm workflow', expected: alarmWorkflowCount, sql: `SELECT count(*) AS n FROM workflow WHERE kind = 'alarm'` },
    { object: 'Staff users', expected: staff, sql: `SELECT count(*) AS n FROM app_user` },
    {
      object: 'Benchmark users (administrators)',
      expected: benchUserCount,
      sql: `SELECT count(*) AS n FROM app_user WHERE lower(login_id) IN (${bench}) AND roles = ARRAY['administrator']::text[]`,
    },
    // At small scales every department keeps at least one folder and one topic tree (knowledge.generate.ts).
    { object: 'Knowledge folders', expected: Math.max(departments, sc(knowledgeAtScale1.folders)), sql: `SELECT count(*) AS n FROM kb_folder` },
    { object: 'Knowledge topics', expected: Math.max(departments, sc(knowledgeAtScale1.topics)), sql: `SELECT count(*) AS n FROM kb_topic` },
    { object: 'Article types', expected: 6, sql: `SELECT count(*) AS n FROM kb_article_type` },
    { object: 'Custom attribute definitions', expected: definitionProfiles.length, sql: `SELECT count(*) AS n FROM custom_attribute_definition` },
  ];
}

/** Counts every object of 10 §2.1 in `db` and compares with `expectedCounts(scale)`. */
export async function verifySeed(db: Database, scale: number): Promise<CountCheck[]> {
  const out: CountCheck[] = [];
  for (const { object, expected, sql } of expectedCounts(scale)) {
    const [row] = await db.query<{ n: string | number }>(sql);
    const actual = Number(row?.n ?? NaN);
    out.push({ object, expected, actual, ok: actual === expected });
  }
  return out;
}

/** The checks as a short table (every line; a differing one marked). */
export function formatChecks(checks: readonly CountCheck[]): string {
  const w = Math.max(...checks.map((c) => c.object.length));
  const n = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en-US') : String(x)).padStart(10);
  const lines = [`  ${'object (10 §2.1)'.padEnd(w)} ${'expected'.padStart(10)} ${'in database'.padStart(11)}`];
  for (const c of checks) lines.push(`  ${c.object.padEnd(w)} ${n(c.expected)} ${n(c.actual).padStart(11)}${c.ok ? '' : '   <-- differs'}`);
  return lines.join('\n');
}
