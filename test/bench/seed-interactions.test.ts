// The reference data set seeder (10 §2), second part: queues, chat entry points, cases, activities, their custom
// attribute values, chat transcripts and notes. Seeds scale 0.002 once and checks the exact counts, the status
// and consistency invariants the API keeps (04 §3, 05 §4), determinism, the sequences, the manifest pools (10 §3.3)
// and that the API reads the seeded cases and activities back.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { login } from '../helpers/auth.ts';
import type { Manifest } from '../../bench/seed/manifest.ts';
import { runSeed, type SeedOptions, type SeedState } from '../../bench/seed/pipeline.ts';
import { apportion } from '../../bench/seed/random.ts';
import { defaultBenchPassword, defaultCustomerPassword, referenceSeed } from '../../bench/seed/reference.ts';
import { seedSteps } from '../../bench/seed/steps/index.ts';
import { generateInteractions, zipfCumulative, type InteractionInput } from '../../bench/seed/steps/interactions.generate.ts';
import { seedTestApp, seededSql } from './seed-app.ts';

const T = new Date('2024-06-30T12:00:00.000Z');
const scale = 0.002;
const options: SeedOptions = { seed: referenceSeed, scale, now: T, benchPassword: defaultBenchPassword, customerPassword: defaultCustomerPassword, batchSize: 40 };

// Counts at scale 0.002 (10 §2.1, §2.2: interaction data scaled, configuration not).
const cases = Math.round(590_925 * scale); // 1,182
const activities = Math.round(1_030_019 * scale); // 2,060
const chats = Math.round(1_638 * scale); // 3
const calltracks = Math.round(262 * scale); // 1
const emails = activities - chats - calltracks; // 2,056
const [completedEmails, assignedEmails, waitingEmails] = apportion(emails, [92.5, 4, 3.5]) as [number, number, number];

let t: TestApp;
let manifest: Manifest;
let state: SeedState;
beforeAll(async () => {
  t = await seedTestApp('seed_interactions');
  ({ manifest, state } = await runSeed(t.db, options, seedSteps));
  t.app.configVersion.changedHere();
}, 180_000);
afterAll(async () => t?.close());

const { rows, one, count } = seededSql(() => t);

describe('queues and chat entry points (10 §2.1)', () => {
  it('308 queues, 33 of them chat queues, one per entry point; members are the department’s agents and supervisors', async () => {
    const perDept = await rows<{ name: string; email: number; chat: number; eps: number }>(
      `SELECT d.name, count(*) FILTER (WHERE q.channels = ARRAY['email'])::int AS email, count(*) FILTER (WHERE q.channels = ARRAY['chat'])::int AS chat,
              (SELECT count(*)::int FROM entry_point e WHERE e.department_id = d.id) AS eps
         FROM department d JOIN queue q ON q.department_id = d.id GROUP BY d.id, d.name ORDER BY d.id`,
    );
    expect(perDept).toEqual([
      { name: 'Service', email: 108, chat: 12, eps: 12 },
      { name: 'Sales', email: 63, chat: 7, eps: 7 },
      { name: 'Billing', email: 49, chat: 6, eps: 6 },
      { name: 'Support', email: 38, chat: 5, eps: 5 },
      { name: 'Claims', email: 17, chat: 3, eps: 3 },
    ]);
    expect(await count(`SELECT count(*) AS n FROM entry_point e JOIN queue q ON q.id = e.queue_id WHERE q.channels <> ARRAY['chat'] OR q.department_id <> e.department_id`)).toBe(0);
    expect(await count(`SELECT count(DISTINCT queue_id) AS n FROM entry_point`)).toBe(33);
    expect(await count(`SELECT count(*) AS n FROM queue WHERE state <> 'active'`)).toBe(0);
    // Members: 140/65/50/41/29 users per queue of Service/Sales/Billing/Support/Claims.
    expect(await count('SELECT count(*) AS n FROM queue_member_user')).toBe(120 * 140 + 70 * 65 + 55 * 50 + 43 * 41 + 20 * 29);
    expect(await count(`SELECT count(*) AS n FROM queue_member_user m JOIN queue q ON q.id = m.queue_id JOIN app_user u ON u.id = m.user_id
                         WHERE u.department_id <> q.department_id OR NOT (u.roles && ARRAY['agent', 'supervisor'])`)).toBe(0);
    expect(Object.keys(manifest.queues!)).toEqual(['Service', 'Sales', 'Billing', 'Support', 'Claims']);
    expect(manifest.queues!.Claims!.entryPoints).toHaveLength(3);
  });

  it('queue volume is Zipf-like: the busiest 20 % of a department’s queues take about 70 %', () => {
    const c = zipfCumulative(108);
    expect(c[Math.round(108 * 0.2) - 1]! / c[107]!).toBeCloseTo(0.7, 3);
  });
});

describe('cases and activities: counts (10 §2.1, §2.4)', () => {
  it('exact numbers of cases, activities by type and status, attribute values, messages and notes', async () => {
    expect(await count('SELECT count(*) AS n FROM interaction_case')).toBe(cases);
    const byType = await rows<{ type: string; status: string; n: number }>('SELECT type, status, count(*)::int AS n FROM activity GROUP BY 1, 2 ORDER BY 1, 2');
    expect(byType).toEqual([
      { type: 'calltrack', status: 'completed', n: calltracks },
      { type: 'chat', status: 'completed', n: chats },
      { type: 'email', status: 'assigned', n: assignedEmails },
      { type: 'email', status: 'awaiting_assignment', n: waitingEmails },
      { type: 'email', status: 'completed', n: completedEmails },
    ]);
    expect(await count(`SELECT count(*) AS n FROM interaction_case WHERE status = 'open'`)).toBe(Math.round(cases * 0.1));
    expect(await count(`SELECT count(*) AS n FROM activity WHERE status = 'assigned' AND substatus <> 'in_progress'`)).toBe(0);
    // Per case 1–40 activities; every case has one.
    const sizes = await one<{ min: number; max: number }>('SELECT min(n)::int AS min, max(n)::int AS max FROM (SELECT count(*) AS n FROM activity GROUP BY case_id) x');
    expect(sizes.min).toBe(1);
    expect(sizes.max).toBeLessThanOrEqual(40);
    expect(await count('SELECT count(DISTINCT case_id) AS n FROM activity')).toBe(cases);
    // Every customer has a case; first activities: chats, calltracks, 10 % composed, the rest inbound.
    expect(await count('SELECT count(DISTINCT customer_id) AS n FROM interaction_case')).toBe(Math.round(51_770 * scale));
    const firsts = await rows<{ channel: string; subtype: string; n: number }>(
      `SELECT c.originating_channel AS channel, a.subtype, count(*)::int AS n FROM interaction_case c
         JOIN LATERAL (SELECT subtype FROM activity WHERE case_id = c.id ORDER BY id LIMIT 1) a ON true GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(firsts).toEqual([
      { channel: 'calltrack', subtype: 'general', n: calltracks },
      { channel: 'chat', subtype: 'general', n: chats },
      { channel: 'email', subtype: 'compose', n: Math.round(cases * 0.1) },
      { channel: 'email', subtype: 'general', n: cases - chats - calltracks - Math.round(cases * 0.1) },
    ]);

    const values = await rows<{ name: string; n: number }>(
      `SELECT d.name, count(*)::int AS n FROM (SELECT definition_id FROM case_attribute_value UNION ALL SELECT definition_id FROM activity_attribute_value) v
         JOIN custom_attribute_definition d ON d.id = v.definition_id GROUP BY 1 ORDER BY 1`,
    );
    expect(values).toEqual([
      { name: 'customer_rating', n: Math.round(completedEmails * 0.25) },
      { name: 'external_case_id', n: Math.round(cases * 0.4) },
      { name: 'product_line', n: Math.round(cases * 0.7) },
      { name: 'sentiment', n: Math.round(emails * 0.15) },
    ]);
    expect(await count(`SELECT count(*) AS n FROM activity_attribute_value v JOIN activity a ON a.id = v.activity_id JOIN custom_attribute_definition d ON d.id = v.definition_id
                         WHERE d.name = 'customer_rating' AND (a.status <> 'completed' OR a.type <> 'email' OR v.value NOT IN ('1', '2', '3', '4', '5'))`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM case_attribute_value v JOIN custom_attribute_definition d ON d.id = v.definition_id
                         WHERE d.name = 'external_case_id' AND v.value !~ '^CASE-[0-9]{9}$'`)).toBe(0);

    expect(await count('SELECT count(*) AS n FROM note WHERE activity_id IS NOT NULL')).toBe(Math.round(1625 * scale));
    expect(await count('SELECT count(*) AS n FROM note WHERE case_id IS NOT NULL')).toBe(Math.round(696 * scale));
    expect(manifest.counts).toMatchObject({
      queues: 308,
      entryPoints: 33,
      cases,
      openCases: Math.round(cases * 0.1),
      activities,
      emailActivities: emails,
      chatActivities: chats,
      calltrackActivities: calltracks,
      completedActivities: completedEmails + chats + calltracks,
      assignedActivities: assignedEmails,
      waitingActivities: waitingEmails,
      activityNotes: Math.round(1625 * scale),
      caseNotes: Math.round(696 * scale),
    });
  });
});

describe('invariants the API keeps (04 §3, 05 §4)', () => {
  it('a case is open iff it has an open activity; lastClosed on closed cases only', async () => {
    expect(await count(`SELECT count(*) AS n FROM interaction_case c
                         WHERE (c.status = 'open') <> EXISTS (SELECT 1 FROM activity a WHERE a.case_id = c.id AND a.status <> 'completed')`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM interaction_case WHERE (status = 'closed') <> (last_closed_at IS NOT NULL AND last_closed_by_id IS NOT NULL)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM interaction_case c WHERE status = 'closed'
                         AND last_closed_at <> (SELECT max(completed_at) FROM activity WHERE case_id = c.id)`)).toBe(0);
  });

  it('customer and department: an activity’s are its case’s, and the case’s are its customer’s; contact points are the customer’s', async () => {
    expect(await count(`SELECT count(*) AS n FROM activity a JOIN interaction_case c ON c.id = a.case_id JOIN customer cu ON cu.id = c.customer_id
                         WHERE a.customer_id <> c.customer_id OR a.department_id <> c.department_id OR c.department_id <> cu.department_id`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity a JOIN contact_point p ON p.id = a.contact_point_id
                         WHERE p.customer_id <> a.customer_id OR p.contact_person_id <> a.contact_person_id OR (a.type = 'email' AND p.kind <> 'email')`)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM activity WHERE contact_point_id IS NULL OR contact_person_id IS NULL')).toBe(0);
    // The case's customer was created before the case (10 §2.3).
    expect(await count('SELECT count(*) AS n FROM interaction_case c JOIN customer cu ON cu.id = c.customer_id WHERE c.created_at <= cu.created_at')).toBe(0);
  });

  it('assigned ⇔ a user; waiting ⇒ queue and queue-entry time; completed ⇔ completed timestamp; the users work in the department', async () => {
    expect(await count(`SELECT count(*) AS n FROM activity WHERE (status = 'assigned') <> (assigned_user_id IS NOT NULL)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity WHERE status = 'awaiting_assignment' AND (queue_id IS NULL OR queue_entered_at IS NULL OR substatus <> 'in_queue')`)).toBe(0);
    // The case counters are folded (one row per department and status), and their sums are the counts.
    expect(await count(`SELECT count(*) AS n FROM case_count`)).toBeLessThanOrEqual(10);
    expect(await count(`SELECT count(*) AS n FROM (SELECT status, sum(n) AS n FROM case_count GROUP BY status) s
                         WHERE s.n <> (SELECT count(*) FROM interaction_case c WHERE c.status = s.status)`)).toBe(0);
    // assigned_at as the API keeps it: set on the assigned ones (alarm waiting time, 07 §10.3), absent elsewhere.
    expect(await count(`SELECT count(*) AS n FROM activity WHERE (status = 'assigned') <> (assigned_at IS NOT NULL)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity WHERE status = 'assigned' AND assigned_at <> last_modified_at`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity WHERE (status = 'completed') <> (completed_at IS NOT NULL AND completed_by_id IS NOT NULL)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity WHERE status <> 'awaiting_assignment' AND user_last_worked_id IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity WHERE (type IN ('email', 'chat')) <> (queue_id IS NOT NULL)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity a JOIN queue q ON q.id = a.queue_id
                         WHERE q.department_id <> a.department_id OR NOT (q.channels @> ARRAY[a.type]::text[])`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity a LEFT JOIN entry_point e ON e.id = a.entry_point_id
                         WHERE (a.type = 'chat') <> (e.id IS NOT NULL) OR (e.id IS NOT NULL AND e.queue_id <> a.queue_id)`)).toBe(0);
    // Workers: agents of the department, or the benchmark users (all five departments).
    expect(await count(`SELECT count(*) AS n FROM activity a JOIN app_user u ON u.id = coalesce(a.assigned_user_id, a.completed_by_id)
                         WHERE NOT (u.department_id = a.department_id AND u.roles = ARRAY['agent']) AND u.login_id NOT LIKE 'bench%'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity a JOIN app_user u ON u.id = a.assigned_user_id WHERE u.login_id LIKE 'bench%'`)).toBe(5 * Math.floor(assignedEmails / 10));
    // Modes follow the subtype (05 §2); chats are inbound web chats.
    expect(await count(`SELECT count(*) AS n FROM activity WHERE (subtype = 'compose') <> (mode = 'outbound') OR (subtype = 'compose' AND type <> 'email')`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity WHERE priority NOT BETWEEN 1 AND 10 OR (type = 'chat' AND priority <> 5)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity WHERE priority = 5`)).toBeGreaterThan(activities * 0.8);
  });

  it('case fields derived from its activities: created, subject, channel, owner, lastModified; severities and due dates', async () => {
    expect(await count(`SELECT count(*) AS n FROM interaction_case c JOIN LATERAL (SELECT * FROM activity WHERE case_id = c.id ORDER BY id LIMIT 1) f ON true
                         WHERE c.created_at <> f.created_at OR c.subject <> f.subject OR c.originating_channel <> f.type
                            OR c.created_by_id IS DISTINCT FROM f.created_by_id`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM interaction_case c WHERE c.owner_id IS DISTINCT FROM
                          (SELECT coalesce(assigned_user_id, completed_by_id) FROM activity WHERE case_id = c.id AND status <> 'awaiting_assignment' ORDER BY id LIMIT 1)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM interaction_case c WHERE c.last_modified_at < (SELECT max(last_modified_at) FROM activity WHERE case_id = c.id)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity WHERE last_modified_at < created_at OR completed_at < created_at OR last_modified_at < completed_at OR last_modified_at >= $1`, [T])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity WHERE created_at < $1`, [manifest.dataSpan.from])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity WHERE position('RE: ' IN subject) = 1 AND id IN (SELECT min(id) FROM activity GROUP BY case_id)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM interaction_case WHERE length(subject) NOT BETWEEN 10 AND 120`)).toBe(0);
    const severities = await rows<{ severity: string; n: number }>(`SELECT severity, count(*)::int AS n FROM interaction_case GROUP BY 1`);
    const sev = Object.fromEntries(severities.map((r) => [r.severity, r.n]));
    expect([sev.low, sev.medium, sev.high, sev.urgent]).toEqual(apportion(cases, [40, 45, 12, 3]));
    expect(await count(`SELECT count(*) AS n FROM interaction_case WHERE due_date IS NOT NULL`)).toBe(Math.round(cases * 0.3));
    expect(await count(`SELECT count(*) AS n FROM interaction_case WHERE status = 'open' AND due_date <= $1`, [T])).toBe(0);
  });

  it('chat transcripts: 6–60 messages, the assignment line first, customer and agent lines named', async () => {
    const chatsRows = await rows<{ id: string; n: number; first: string; seqs: boolean; agent: string }>(
      `SELECT a.id::text, count(*)::int AS n, (array_agg(m.text ORDER BY m.sequence))[1] AS first,
              max(m.sequence) = count(*) AND min(m.sequence) = 1 AS seqs, (SELECT screen_name FROM app_user WHERE id = a.completed_by_id) AS agent
         FROM activity a JOIN chat_message m ON m.activity_id = a.id WHERE a.type = 'chat' GROUP BY a.id ORDER BY a.id`,
    );
    expect(chatsRows).toHaveLength(chats);
    for (const c of chatsRows) {
      expect(c.n).toBeGreaterThanOrEqual(6);
      expect(c.n).toBeLessThanOrEqual(60);
      expect(c.seqs).toBe(true);
      expect(c.first).toMatch(/^You are now chatting with \S/);
    }
    expect(await count(`SELECT count(*) AS n FROM chat_message m JOIN activity a ON a.id = m.activity_id
                         WHERE m.sent_at < a.created_at OR m.sent_at > a.completed_at
                            OR (m.sender_type = 'system') <> (m.sender_name IS NULL AND m.user_id IS NULL)
                            OR (m.sender_type = 'agent') <> (m.user_id IS NOT NULL)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM chat_message m JOIN activity a ON a.id = m.activity_id JOIN contact_person p ON p.id = a.contact_person_id
                         WHERE m.sender_type = 'customer' AND m.sender_name <> concat_ws(' ', p.first_name, p.last_name)`)).toBe(0);
  });

  it('notes come after their parent was created, by a user who worked on it', async () => {
    expect(await count(`SELECT count(*) AS n FROM note n LEFT JOIN activity a ON a.id = n.activity_id LEFT JOIN interaction_case c ON c.id = n.case_id
                         WHERE n.created_at < coalesce(a.created_at, c.created_at) OR n.created_by_id IS NULL OR length(n.content) NOT BETWEEN 1 AND 1500`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM note n JOIN activity a ON a.id = n.activity_id WHERE n.created_by_id <> coalesce(a.assigned_user_id, a.completed_by_id)`)).toBe(0);
  });
});

describe('ids, sequences and determinism', () => {
  it('ids of cases, activities and notes start at 1000000, without gaps, ascending with creation; the sequences continue', async () => {
    for (const table of ['interaction_case', 'activity', 'note', 'queue', 'entry_point']) {
      const r = await one<{ min: string; max: string; n: string }>(`SELECT min(id)::text AS min, max(id)::text AS max, count(*)::text AS n FROM ${table}`);
      expect(Number(r.max) - Number(r.min) + 1, table).toBe(Number(r.n));
      if (!table.includes('queue') && table !== 'entry_point') expect(Number(r.min), table).toBe(1_000_000);
      const seq = await one<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${table}_id_seq`);
      expect(seq.last_value, table).toBe(r.max);
    }
    for (const table of ['interaction_case', 'activity', 'note']) {
      expect(await count(`SELECT count(*) AS n FROM (SELECT created_at < lag(created_at) OVER (ORDER BY id) AS back FROM ${table}) x WHERE back`), table).toBe(0);
    }
  });

  it('the same inputs give the same cases and activities; another seed other ones', () => {
    const customers = state.customers!;
    const input = (seed: number): InteractionInput => ({
      seed,
      scale,
      now: T,
      customers: { count: customers.count, department: customers.department, createdAt: customers.createdAt, hasSecondEmail: Uint8Array.from(customers.secondEmailContactPointId, (x) => (x > 0 ? 1 : 0)) },
      agents: [135, 60, 45, 36, 24],
      benchUsers: 5,
      emailQueues: [108, 63, 49, 38, 17],
      entryPoints: [12, 7, 6, 5, 3],
    });
    const digest = (seed: number) => {
      const d = generateInteractions(input(seed));
      const h = createHash('sha256');
      for (const part of [d.cases, d.activities, d.notes]) for (const [k, v] of Object.entries(part)) h.update(k).update(JSON.stringify(Array.from(v as ArrayLike<unknown>)));
      return h.update(JSON.stringify(d.chats)).digest('hex');
    };
    const a = digest(referenceSeed);
    expect(digest(referenceSeed)).toBe(a);
    expect(digest(referenceSeed + 1)).not.toBe(a);
    // And the database holds what was generated.
    expect(state.interactions!.data.activityCount).toBe(activities);
  });

  it('the stored activities are the generated ones', async () => {
    const { data, firstActivityId } = state.interactions!;
    const stored = await rows<{ created: string; status: string; type: string }>(
      `SELECT (extract(epoch FROM created_at) * 1000)::bigint::text AS created, status, type FROM activity ORDER BY id`,
    );
    expect(stored.map((r) => Number(r.created))).toEqual(Array.from(data.activities.created));
    expect(Number((await one<{ id: string }>('SELECT min(id)::text AS id FROM activity')).id)).toBe(firstActivityId);
  });
});

describe('the manifest (10 §3.3)', () => {
  it('pools: queue, assigned per benchmark user, pairs, open and close cases, notes, chats, hot ranges', async () => {
    const acts = manifest.activities!;
    const cs = manifest.cases!;
    const waiting = await rows<{ id: string }>(`SELECT id::text FROM activity WHERE status = 'awaiting_assignment' AND type = 'email' ORDER BY id`);
    expect(acts.queuePool).toEqual(waiting.map((r) => Number(r.id)));
    for (const [loginId, ids] of Object.entries(acts.assigned)) {
      expect(ids).toHaveLength(Math.floor(assignedEmails / 10));
      expect(await count(`SELECT count(*) AS n FROM activity a JOIN app_user u ON u.id = a.assigned_user_id
                           WHERE a.id = ANY($1::bigint[]) AND u.login_id = $2 AND a.status = 'assigned' AND a.type = 'email'`, [ids, loginId])).toBe(ids.length);
    }
    expect(Object.keys(acts.assigned)).toEqual(['bench01', 'bench02', 'bench03', 'bench04', 'bench05']);

    const open = await rows<{ id: string }>(`SELECT id::text FROM interaction_case WHERE status = 'open' ORDER BY id`);
    expect(cs.open).toEqual(open.map((r) => Number(r.id)));
    expect(cs.close.length).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM activity WHERE case_id = ANY($1::bigint[]) AND status <> 'completed' AND type <> 'email'`, [cs.close])).toBe(0);

    const pairs = acts.pairs;
    expect(pairs.activity.length).toBeGreaterThanOrEqual(Math.round(20_000 * scale));
    const bad = await count(
      `SELECT count(*) AS n FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS p(activity, a, b)
         LEFT JOIN activity x ON x.id = p.activity AND x.case_id = p.a AND x.status <> 'completed'
         LEFT JOIN interaction_case ca ON ca.id = p.a AND ca.status = 'open'
         LEFT JOIN interaction_case cb ON cb.id = p.b AND cb.status = 'open' AND cb.customer_id = ca.customer_id AND cb.id <> ca.id
        WHERE x.id IS NULL OR ca.id IS NULL OR cb.id IS NULL`,
      [pairs.activity, pairs.caseA, pairs.caseB],
    );
    expect(bad).toBe(0);

    expect(acts.withNotes).toEqual((await rows<{ id: string }>('SELECT DISTINCT activity_id::text AS id FROM note WHERE activity_id IS NOT NULL ORDER BY 1')).map((r) => Number(r.id)));
    expect(cs.withNotes).toEqual((await rows<{ id: string }>('SELECT DISTINCT case_id::text AS id FROM note WHERE case_id IS NOT NULL ORDER BY 1')).map((r) => Number(r.id)));
    expect(acts.chat).toEqual((await rows<{ id: string }>(`SELECT id::text FROM activity WHERE type = 'chat' ORDER BY id`)).map((r) => Number(r.id)));
    expect(acts.emailsWithAttachments.length).toBeGreaterThan(0); // filled by the email content step
    // Folders holding articles (10 §3.2 #31), filled by the knowledge step.
    expect(manifest.folders).toEqual((await rows<{ id: string }>('SELECT DISTINCT folder_id, folder_id::text AS id FROM kb_article ORDER BY folder_id')).map((r) => Number(r.id)));

    // Hot: the newest 10 % by creation.
    const hotEmails = await rows<{ id: string }>(`SELECT id::text FROM activity WHERE type = 'email' ORDER BY created_at DESC, id DESC LIMIT $1`, [emails - Math.floor(emails * 0.9)]);
    const expanded = acts.hotEmailRanges.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, k) => from + k));
    expect(expanded).toEqual(hotEmails.map((r) => Number(r.id)).reverse());
    const hotCases = await rows<{ id: string }>('SELECT id::text FROM interaction_case ORDER BY created_at DESC, id DESC LIMIT $1', [cases - Math.floor(cases * 0.9)]);
    expect(Math.min(...hotCases.map((r) => Number(r.id)))).toBe(cs.hotFromId);
    expect([cs.firstId, cs.lastId, cs.count]).toEqual([1_000_000, 1_000_000 + cases - 1, cases]);
  });
});

describe('the API reads the seeded cases and activities', () => {
  const headers = async () => (await login(t.app, 'bench01', defaultBenchPassword)).headers;

  it('GET activity/{id}?$attribute=all: an email and a chat with its transcript', async () => {
    const h = await headers();
    const email = await one<{ id: string; case_id: string; customer_id: string; subject: string; point: string; status: string }>(
      `SELECT a.id::text, a.case_id::text, a.customer_id::text, a.subject, p.email_address AS point, a.status
         FROM activity a JOIN contact_point p ON p.id = a.contact_point_id WHERE a.type = 'email' AND a.status = 'assigned' ORDER BY a.id DESC LIMIT 1`,
    );
    const res = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/activity/${email.id}?$attribute=all`, headers: h });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json().activity[0];
    expect(a).toMatchObject({
      id: email.id,
      case: { id: email.case_id },
      type: { value: 'email' },
      status: { value: 'assigned', substatus: { value: 'in_progress' } },
      subject: email.subject,
      customer: { id: email.customer_id },
      contactPointData: email.point,
    });
    expect(a.status.assigned.user.id).toBeTruthy();
    expect(a.queue.id).toBeTruthy();

    const chat = manifest.activities!.chat[0]!;
    const resChat = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/activity/${chat}?$attribute=all`, headers: h });
    expect(resChat.statusCode, resChat.body).toBe(200);
    const c = resChat.json().activity[0];
    expect(c).toMatchObject({ id: String(chat), type: { value: 'chat' }, status: { value: 'completed' }, mode: { value: 'inbound' } });
    expect(c.payload.chat.entryPoint.name).toMatch(/ Web Chat \d\d$/);
    const html = c.payload.chat.transcript.content.find((x: { type: string }) => x.type === 'html').value as string;
    expect(html).toContain('<div class="chatStartTime">');
    expect(html).toContain('You are now chatting with');
    expect(html).toContain('<div class="customer">');
    expect(html).toContain('<div class="agent1">');
  });

  it('GET case/{id} and activity?case={id}', async () => {
    const h = await headers();
    const caseId = manifest.cases!.open[0]!;
    const stored = await one<{ subject: string; customer_id: string; owner_id: string | null; severity: string }>(
      'SELECT subject, customer_id::text, owner_id::text, severity FROM interaction_case WHERE id = $1',
      [caseId],
    );
    const res = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/case/${caseId}`, headers: h });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json().case[0];
    expect(c).toMatchObject({ id: String(caseId), status: { value: 'open' }, severity: { value: stored.severity }, subject: stored.subject, customer: { id: stored.customer_id } });
    if (stored.owner_id) expect(c.owner.user.id).toBe(stored.owner_id);
    else expect(c.owner).toEqual({});

    const list = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/activity?case=${caseId}`, headers: h });
    expect(list.statusCode, list.body).toBe(200);
    const ids = (await rows<{ id: string }>('SELECT id::text FROM activity WHERE case_id = $1 ORDER BY id', [caseId])).map((r) => r.id);
    expect(list.json().activity.map((x: { id: string }) => x.id).sort()).toEqual(ids.sort());
  });
});
