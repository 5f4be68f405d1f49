// The reference data set seeder (10 §2), the email content step: aliases, workflows, macros, standard messages
// (configuration, not scaled), activity_content of every email and the attachments of 10 §2.6 from the shared
// content pool. Seeds scale 0.002 once, checks counts and invariants, and posts an inbound email (05 §9.3) against
// the seeded configuration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.ts';
import { login } from '../helpers/auth.ts';
import type { Manifest } from '../../bench/seed/manifest.ts';
import { runSeed, type SeedOptions, type SeedState } from '../../bench/seed/pipeline.ts';
import { apportion } from '../../bench/seed/random.ts';
import { defaultBenchPassword, defaultCustomerPassword, referenceSeed } from '../../bench/seed/reference.ts';
import { seedSteps } from '../../bench/seed/steps/index.ts';
import { ContentPool } from '../../bench/seed/steps/content-pool.ts';
import { departmentMacros, emailBodyParams, emailBodySql, emailLayout, makeFragments, planEmails, renderBody, type EmailLayout } from '../../bench/seed/steps/email.generate.ts';
import { purgeJobProfiles } from '../../bench/seed/steps/purge-jobs.ts';
import { formatChecks, verifySeed, type CountCheck } from '../../bench/seed/verify.ts';
import { seedTestApp, seededSql } from './seed-app.ts';

const T = new Date('2024-06-30T12:00:00.000Z');
const scale = 0.002;
const options: SeedOptions = { seed: referenceSeed, scale, now: T, benchPassword: defaultBenchPassword, customerPassword: defaultCustomerPassword, batchSize: 40 };
const emails = Math.round(1_030_019 * scale) - Math.round(1_638 * scale) - Math.round(262 * scale);
const attachments = Math.round(118_686 * scale);
const withAttachments = Math.round(81_500 * scale);

let t: TestApp;
let manifest: Manifest;
let state: SeedState;
let checks: CountCheck[];
beforeAll(async () => {
  t = await seedTestApp('seed_email');
  ({ manifest, state } = await runSeed(t.db, options, seedSteps));
  // Before any test writes (the POST below adds cases and activities).
  checks = await verifySeed(t.db, scale);
  t.app.configVersion.changedHere();
}, 180_000);
afterAll(async () => t?.close());

const { rows, one, count } = seededSql(() => t);

describe('email configuration (10 §2.1, §2.10)', () => {
  it('24 active aliases (8/5/5/4/2), each on an active email queue of its department, addresses unique', async () => {
    const perDept = await rows<{ name: string; n: number }>(
      `SELECT d.name, count(*)::int AS n FROM email_alias a JOIN department d ON d.id = a.department_id GROUP BY d.id, d.name ORDER BY d.id`,
    );
    expect(perDept).toEqual([
      { name: 'Service', n: 8 },
      { name: 'Sales', n: 5 },
      { name: 'Billing', n: 5 },
      { name: 'Support', n: 4 },
      { name: 'Claims', n: 2 },
    ]);
    expect(await count(`SELECT count(*) AS n FROM email_alias a JOIN queue q ON q.id = a.queue_id
                         WHERE a.state = 'active' AND q.state = 'active' AND q.channels = ARRAY['email'] AND q.department_id = a.department_id`)).toBe(24);
    expect(await count('SELECT count(DISTINCT lower(email_address)) AS n FROM email_alias')).toBe(24);
    expect(Object.values(manifest.aliases!).flat()).toHaveLength(24);
    expect(manifest.aliases!.Claims!.map((a) => a.address)).toEqual(['claims.01@mail.ece-bench.example', 'claims.02@mail.ece-bench.example']);
  });

  it('32 inbound, 1 outbound, 7 alarm workflows; every alias covered; alarms only raise priority and notify', async () => {
    const kinds = await rows<{ kind: string; n: number }>(`SELECT kind, count(*)::int AS n FROM workflow WHERE state = 'active' GROUP BY 1 ORDER BY 1`);
    expect(kinds).toEqual([
      { kind: 'alarm', n: 7 },
      { kind: 'inbound', n: 32 },
      { kind: 'outbound', n: 1 },
    ]);
    // Every alias is listed by an unconditional (catch-all) inbound workflow of its department.
    expect(await count(`SELECT count(*) AS n FROM email_alias a WHERE NOT EXISTS (
        SELECT 1 FROM workflow w WHERE w.kind = 'inbound' AND w.department_id = a.department_id
           AND w.conditions @> jsonb_build_object('aliases', jsonb_build_object('alias', jsonb_build_array(jsonb_build_object('id', a.id::text))))
           AND NOT (w.conditions ? 'subjectKeywords' OR w.conditions ? 'bodyKeywords' OR w.conditions ? 'customerAttributes'))`)).toBe(0);
    // Routes name email queues of the workflow's department.
    expect(await count(`SELECT count(*) AS n FROM workflow w JOIN queue q ON q.id = (w.actions #>> '{route,queue,id}')::bigint
                         WHERE w.kind = 'inbound' AND q.department_id = w.department_id AND q.channels = ARRAY['email'] AND q.state = 'active'`)).toBe(32);
    expect(await count(`SELECT count(*) AS n FROM workflow WHERE kind = 'alarm'
                         AND (conditions->'statuses' <> '{"status":[{"value":"awaiting_assignment"}]}'::jsonb
                              OR EXISTS (SELECT 1 FROM jsonb_object_keys(actions) k WHERE k NOT IN ('raisePriorityBy', 'notify')))`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM workflow w JOIN department d ON d.id = w.department_id WHERE w.kind = 'outbound' AND d.name = 'Service'`)).toBe(1);
  });

  it('232 macros and 51 standard messages spread over the departments', async () => {
    expect(await count('SELECT count(*) AS n FROM macro')).toBe(232);
    expect(await count('SELECT count(DISTINCT department_id) AS n FROM macro')).toBe(5);
    expect(await count('SELECT count(*) AS n FROM standard_message')).toBe(51);
    expect(await count('SELECT count(DISTINCT department_id) AS n FROM standard_message')).toBe(5);
  });
});

describe('email content and attachments (10 §2.5, §2.6)', () => {
  it('every email has its content: alias of its department, addresses by direction, bodies of the sizes of §2.5', async () => {
    expect(await count('SELECT count(*) AS n FROM activity_content')).toBe(emails);
    expect(await count(`SELECT count(*) AS n FROM activity a LEFT JOIN activity_content c ON c.activity_id = a.id WHERE a.type = 'email' AND c.activity_id IS NULL`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity_content c JOIN activity a ON a.id = c.activity_id JOIN email_alias al ON al.id = c.alias_id
                         WHERE al.department_id <> a.department_id`)).toBe(0);
    // Inbound: from the contact point's address to the alias; outbound: from the alias to the customer.
    expect(await count(`SELECT count(*) AS n FROM activity_content c JOIN activity a ON a.id = c.activity_id JOIN contact_point p ON p.id = a.contact_point_id
                         JOIN email_alias al ON al.id = c.alias_id
                         WHERE NOT CASE WHEN a.mode = 'inbound' THEN c.from_address = p.email_address AND c.receiver_address = al.email_address
                                        ELSE c.from_address = al.email_address AND c.to_addresses = ARRAY[p.email_address::text] END`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM activity_content c JOIN activity a ON a.id = c.activity_id WHERE c.email_date <> a.created_at`)).toBe(0);
    const sizes = await one<{ median: number; max: number; ratio: number; cc: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY length(text))::float8 AS median, max(length(text))::int AS max,
              (sum(length(html))::float8 / sum(length(text)))::float8 AS ratio, avg((cardinality(cc_addresses) > 0)::int)::float8 AS cc
         FROM activity_content`,
    );
    expect(sizes.median).toBeGreaterThan(1000);
    expect(sizes.median).toBeLessThan(3500);
    expect(sizes.max).toBeLessThanOrEqual(64 * 1024);
    expect(sizes.ratio).toBeGreaterThan(2);
    expect(sizes.ratio).toBeLessThan(3.2);
    expect(sizes.cc).toBeGreaterThan(0.05);
    expect(sizes.cc).toBeLessThan(0.15);
  });

  it('exactly 5 % of the outbound emails use a macro of their department, stored expanded (10 §2.1, 05 §9.5)', async () => {
    const outbound = await count(`SELECT count(*) AS n FROM activity WHERE type = 'email' AND mode = 'outbound'`);
    const using = await rows<{ mode: string; text: number; html: number; other: number }>(
      `SELECT a.mode, count(*) FILTER (WHERE position(m.value IN c.text) > 0)::int AS text, count(*) FILTER (WHERE position('>' || m.value || '</p>' IN c.html) > 0)::int AS html,
              count(*) FILTER (WHERE m.department_id <> a.department_id)::int AS other
         FROM activity_content c JOIN activity a ON a.id = c.activity_id JOIN macro m ON position(m.value IN c.text) > 0 GROUP BY a.mode`,
    );
    expect(using).toEqual([{ mode: 'outbound', text: Math.round(outbound * 0.05), html: Math.round(outbound * 0.05), other: 0 }]);
    expect(manifest.counts.outboundEmailsWithMacro).toBe(Math.round(outbound * 0.05));
    // What was sent: no macro reference is left in a stored body.
    expect(await count(`SELECT count(*) AS n FROM activity_content WHERE position('\`\`' IN text) > 0 OR position('\`\`' IN html) > 0`)).toBe(0);
    // The plan names macros of the seeded set.
    const names = (await rows<{ name: string }>('SELECT name FROM macro ORDER BY id')).map((r) => r.name);
    expect(names).toEqual(departmentMacros(referenceSeed).map((m) => m.name));
  });

  it('attachments: exact totals, direction shares, a quarter inline and referenced by cid:, content stored once', async () => {
    expect(await count('SELECT count(*) AS n FROM activity_attachment')).toBe(attachments);
    expect(await count('SELECT count(DISTINCT activity_id) AS n FROM activity_attachment')).toBe(withAttachments);
    expect(await count('SELECT min(id) AS n FROM activity_attachment')).toBeGreaterThanOrEqual(1_000_000);
    const [inbound] = apportion(attachments, [60, 40]);
    expect(await count(`SELECT count(*) AS n FROM activity_attachment t JOIN activity a ON a.id = t.activity_id WHERE a.mode = 'inbound' AND a.type = 'email'`)).toBe(inbound);
    expect(await count('SELECT count(*) AS n FROM activity_attachment WHERE is_inline')).toBe(Math.round(attachments * 0.25));
    expect(await count(`SELECT count(*) AS n FROM activity_attachment t JOIN activity_content c ON c.activity_id = t.activity_id
                         WHERE t.is_inline AND (t.content_type NOT LIKE 'image/%' OR position('cid:' || t.content_id IN c.html) = 0)`)).toBe(0);
    // Every row points at stored content whose size it carries; ref_count follows the references.
    expect(await count(`SELECT count(*) AS n FROM activity_attachment t JOIN stored_content s ON s.sha256 = t.content_sha256 AND s.size = t.size`)).toBe(attachments);
    expect(await count(`SELECT count(*) AS n FROM stored_content s WHERE s.ref_count <>
                         (SELECT count(*) FROM activity_attachment t WHERE t.content_sha256 = s.sha256) + (SELECT count(*) FROM kb_attachment k WHERE k.content_sha256 = s.sha256)`)).toBe(0);
    expect(manifest.activities!.emailsWithAttachments).toHaveLength(withAttachments);
    expect(manifest.activities!.emailsWithoutAttachments.length).toBeGreaterThan(0);
    expect(manifest.email!.attachmentSample.id).toHaveLength(attachments);
    expect(manifest.counts.emailAttachments).toBe(attachments);
  });

  it('the API reads an email with attachments back', async () => {
    const { headers } = await login(t.app, 'bench01', defaultBenchPassword);
    const id = manifest.activities!.emailsWithAttachments.at(-1)!;
    const res = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/activity/${id}?$attribute=all`, headers });
    expect(res.statusCode, res.body).toBe(200);
    const email = res.json().activity[0].payload.email;
    expect(email.alias).toBeDefined();
    expect(email.contents.content.map((c: { type: string }) => c.type).sort()).toEqual(['html', 'text']);
    const list = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/activity/${id}/attachment`, headers });
    expect(list.statusCode, list.body).toBe(200);
    const k = manifest.email!.attachmentSample.activity.indexOf(id);
    const one = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/activity/${id}/attachment/${manifest.email!.attachmentSample.id[k]}`, headers });
    expect(one.statusCode, one.body).toBe(200);
  });

  it('a POST of an inbound email (05 §9.3) to a seeded alias answers 201 and lands awaiting_assignment / in_queue', async () => {
    const { headers } = await login(t.app, 'bench01', defaultBenchPassword);
    for (const [dept, aliases] of Object.entries(manifest.aliases!)) {
      for (const alias of aliases) {
        const from = manifest.customers!.byDepartment[dept]!.email[0]!;
        const body = {
          department: { name: dept },
          type: { value: 'email', subtype: { value: 'general' } },
          subject: 'Issue with mobile phone: invoice refund',
          payload: {
            email: {
              date: { date: '2024-05-02T10:15:00.000Z' },
              contents: { content: [{ type: 'text', value: 'My phone does not charge. urgent' }, { type: 'html', value: '<p>My phone does not charge.</p>' }] },
              emailAddresses: { from, receiver: alias.address },
            },
          },
        };
        const res = await t.app.inject({ method: 'POST', url: '/system/ws/v12/interaction/activity', headers: { ...headers, 'content-type': 'application/json' }, payload: body });
        expect(res.statusCode, res.body).toBe(201);
        expect(res.headers.location).toMatch(/^\/system\/ws\/v12\/interaction\/activity\/\d+$/);
        const created = res.json().activity[0];
        expect([created.status.value, created.status.substatus.value]).toEqual(['awaiting_assignment', 'in_queue']);
      }
    }
  });
});

describe('email bodies assembled by PostgreSQL (email.ts) are those of renderBody', () => {
  it('for layouts of the plan and edge cases: wrap-around, the 64 KB text cap, quotes cut in the HTML, images, escaping', async () => {
    const frags = makeFragments(referenceSeed);
    const data = state.interactions!.data;
    const customers = state.customers!;
    const plan = planEmails(referenceSeed, scale, data, (j) => customers.department[data.cases.customer[j]!]!, ContentPool.of(referenceSeed, scale));
    const layouts: EmailLayout[] = [];
    const macros = departmentMacros(referenceSeed);
    for (let e = 0; e < plan.emails.length; e += 7) {
      const i = plan.emails[e]!;
      const p = plan.previous[i]!;
      layouts.push(
        emailLayout(frags, plan, i, {
          subject: `Subject <${e}> & "quotes"`,
          department: e % 2 ? 'Sales' : 'Service',
          outbound: e % 3 === 0,
          inlineIds: e % 5 === 0 ? [`image001.png@${e}.ece-bench`, `image002.jpg@${e}.ece-bench`] : [],
          previousSender: p < 0 ? null : `customer${e}@example.com`,
          previousDate: p < 0 ? null : new Date(Date.UTC(2024, 1, 1) + e * 3_600_000).toUTCString(),
          macro: plan.macro[i]! >= 0 ? macros[plan.macro[i]!]!.value : e % 4 === 0 ? macros[e % macros.length]!.value : null,
        }),
      );
    }
    const base = layouts.find((l) => l.previousCount > 0 && l.macro !== '')!;
    // Runs that wrap past the last fragment; a text over 64 KB; a quote the HTML cuts short.
    layouts.push({ ...base, start: 505, count: 9, previousStart: 500, previousCount: 20, quotedHtml: 20 });
    layouts.push({ ...base, start: 3, count: 400, previousStart: 250, previousCount: 300, quotedHtml: 5 });
    layouts.push({ ...base, previousCount: 0, quotedHtml: 0, quoteHead: '', quoteHeadHtml: '' });
    layouts.push({ ...base, start: 3, count: 400, macro: '', macroHtml: '' });
    expect(layouts.some((l) => l.previousCount > 0 && l.quotedHtml > 0)).toBe(true);
    expect(layouts.filter((l) => l.macro !== '').length).toBeGreaterThan(10);

    const body = emailBodySql(1);
    const at = (expr: string) => expr.replace(/\$\$(\d+)/g, (_, k: string) => `$${13 + Number(k)}`);
    const got = await rows<{ text: string; html: string }>(
      `SELECT ${at(body.text)} AS text, ${at(body.html)} AS html
         FROM unnest($1::integer[], $2::integer[], $3::integer[], $4::integer[], $5::integer[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
              WITH ORDINALITY AS x("_s", "_n", "_ps", "_pn", "_qh", "_sig", "_sig_html", "_header", "_images", "_head", "_head_html", "_macro", "_macro_html", k)
        ORDER BY k`,
      [
        layouts.map((l) => l.start), layouts.map((l) => l.count), layouts.map((l) => l.previousStart), layouts.map((l) => l.previousCount),
        layouts.map((l) => l.quotedHtml), layouts.map((l) => l.signature), layouts.map((l) => l.signatureHtml), layouts.map((l) => l.header),
        layouts.map((l) => l.images), layouts.map((l) => l.quoteHead), layouts.map((l) => l.quoteHeadHtml), layouts.map((l) => l.macro),
        layouts.map((l) => l.macroHtml), ...emailBodyParams(frags),
      ],
    );
    expect(got).toHaveLength(layouts.length);
    layouts.forEach((l, k) => {
      const want = renderBody(frags, l);
      expect(got[k]!.text, `text of layout ${k}`).toBe(want.text);
      expect(got[k]!.html, `html of layout ${k}`).toBe(want.html);
    });
    expect(Math.max(...got.map((g) => g.text.length))).toBe(64 * 1024);
  });
});

describe('the whole data set (every step, 10 §2.1)', () => {
  it('the database counts of every object of 10 §2.1 are those of the scale (the check bench:seed ends with)', async () => {
    expect(checks.filter((c) => !c.ok), formatChecks(checks)).toEqual([]);
    expect(checks.length).toBeGreaterThanOrEqual(30);
  });

  it('three manual purge jobs (completed_activities, activity_attachments, webhook_events), read through the API', async () => {
    const { headers } = await login(t.app, 'bench01', defaultBenchPassword);
    const res = await t.app.inject({ method: 'GET', url: '/system/ws/v12/administration/purgejob', headers });
    expect(res.statusCode, res.body).toBe(200);
    const jobs = res.json().purgeJob as { target: { value: string }; schedule?: { frequency?: { value: string } }; state?: { value: string } }[];
    expect(jobs.map((j) => j.target.value).sort()).toEqual(purgeJobProfiles.map((p) => p.target).sort());
    expect(jobs.map((j) => j.schedule?.frequency?.value)).toEqual(['manual', 'manual', 'manual']);
  });

  it('the API reads back a seeded customer, case, email (its bodies as stored) and article', async () => {
    const { headers } = await login(t.app, 'bench01', defaultBenchPassword);
    const service = manifest.customers!.byDepartment.Service!;
    const customer = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/customer/${service.id[0]}?$attribute=all`, headers });
    expect(customer.statusCode, customer.body).toBe(200);
    const caseRes = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/case/${manifest.cases!.firstId}`, headers });
    expect(caseRes.statusCode, caseRes.body).toBe(200);

    const id = manifest.activities!.emailsWithAttachments[0]!;
    const stored = await one<{ text: string; html: string }>('SELECT text, html FROM activity_content WHERE activity_id = $1', [id]);
    expect(stored.text.startsWith('Hello,\n\n')).toBe(true);
    expect(stored.html.endsWith('</body></html>')).toBe(true);
    const email = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/activity/${id}?$attribute=all`, headers });
    expect(email.statusCode, email.body).toBe(200);
    const contents = email.json().activity[0].payload.email.contents.content as { type: string; value: string }[];
    expect(contents.find((c) => c.type === 'text')!.value).toBe(stored.text);
    expect(contents.find((c) => c.type === 'html')!.value).toBe(stored.html);

    const articleId = manifest.knowledge!.firstArticleId;
    const article = await t.app.inject({ method: 'GET', url: `/system/ws/v12/kb/article/${articleId}`, headers });
    expect(article.statusCode, article.body).toBe(200);
    const name = (await one<{ name: string }>('SELECT name FROM kb_article WHERE id = $1', [articleId])).name;
    expect(article.json().article[0].name).toBe(name);
  });

  it('an article that uses a department macro stores the reference; K1 with expandMacros=yes answers its text (06 §5, 07 §11)', async () => {
    const { headers } = await login(t.app, 'bench01', defaultBenchPassword);
    const m = await one<{ id: string; name: string; value: string }>(
      `SELECT a.id::text, m.name, m.value FROM kb_article a JOIN kb_version v ON v.id = a.current_version_id
         JOIN macro m ON m.department_id = a.department_id AND position('\`\`' || m.name || '<' IN v.content) > 0
        WHERE a.state = 'published' ORDER BY a.id LIMIT 1`,
    );
    const raw = await t.app.inject({ method: 'GET', url: `/system/ws/v12/kb/article/${m.id}?$attribute=all`, headers });
    expect(raw.statusCode, raw.body).toBe(200);
    expect(JSON.stringify(raw.json())).toContain(`\`\`${m.name}`);
    const expanded = await t.app.inject({ method: 'GET', url: `/system/ws/v12/kb/article/${m.id}?$attribute=all&expandMacros=yes`, headers });
    expect(expanded.statusCode, expanded.body).toBe(200);
    const body = JSON.stringify(expanded.json());
    expect(body).toContain(m.value);
    expect(body).not.toContain(`\`\`${m.name}`);
  });
});
