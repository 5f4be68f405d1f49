// npm run bench:email -- [--duration 30] [--rate 50] [--connections 5] [--only name]
// The email channel's APIs (05 §9.3, §9.6, §9.15) one at a time at a fixed rate, against a server in its own process
// on DATABASE_URL (PostgreSQL seeded with `npm run bench:seed`; at least one active email alias per department):
// Post Inbound Activity as the load test sends it (10 §3.2 #11: an existing customer's address 70 %, a new one 30 %)
// in JSON and as multipart with a 100 KB file, compose & send to an existing customer, and the download of the
// attachments the multipart requests created.
import { randomBytes, randomUUID } from 'node:crypto';
import { any, benchOptions, runPerApi, withDatabase, type PerApi } from './per-api.ts';

const o = benchOptions();
const run = Date.now().toString(36);
let serial = 0;

const { aliases, emails, count } = await withDatabase(o.databaseUrl, async (column, db) => ({
  aliases: (
    await db.query<{ department: string; address: string }>(
      `SELECT d.name AS department, a.email_address AS address FROM email_alias a JOIN department d ON d.id = a.department_id
        JOIN queue q ON q.id = a.queue_id WHERE a.state = 'active' AND q.state = 'active'`,
    )
  ).rows,
  emails: await column(`SELECT email_address AS v FROM contact_point WHERE kind = 'email' AND removed_at IS NULL ORDER BY random() LIMIT 5000`),
  count: (await column('SELECT count(*)::text AS v FROM activity'))[0],
}));
if (!aliases.length) throw new Error('no active email alias on an active queue: seed the email configuration first');

const A = '/system/ws/v12/interaction/activity';
const sender = () => (Math.random() < 0.7 ? any(emails) : `new.${run}.${++serial}.${randomUUID().slice(0, 8)}@example.org`);
const text = 'My phone does not charge any more since the last update. Could you help me? '.repeat(20);

function inbound() {
  const alias = any(aliases);
  return {
    department: { name: alias.department },
    type: { value: 'email', subtype: { value: 'general' } },
    subject: `Issue with mobile phone ${++serial}`,
    payload: {
      email: {
        date: { date: new Date().toISOString() },
        contents: { content: [{ type: 'text', value: text }, { type: 'html', value: `<p>${text}</p>` }] },
        emailAddresses: { from: sender(), receiver: alias.address },
      },
    },
  };
}

const file = randomBytes(100 * 1024);
function multipart() {
  const boundary = `----bench${randomUUID()}`;
  const head = (extra: string) => Buffer.from(`--${boundary}\r\n${extra}\r\n\r\n`);
  const body = Buffer.concat([
    head('Content-Disposition: form-data; name="data"\r\nContent-Type: application/json'),
    Buffer.from(JSON.stringify(inbound())),
    Buffer.from('\r\n'),
    head('Content-Disposition: form-data; name="file1"; filename="receipt.pdf"\r\nContent-Type: application/pdf'),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function send() {
  const alias = any(aliases);
  return {
    department: { name: alias.department },
    type: { value: 'email', subtype: { value: 'compose' } },
    subject: `Your repair ${++serial}`,
    payload: { email: { contents: { content: [{ type: 'text', value: 'Dear customer, your phone is ready.' }] }, emailAddresses: { from: alias.address, to: { address: [any(emails)] } } } },
  };
}

let attachments: { activity: string; attachment: string }[] = [];
const apis: PerApi[] = [
  { name: 'Post Inbound Activity (JSON)', expect: [201], request: () => ({ method: 'POST', path: A, body: JSON.stringify(inbound()) }) },
  {
    name: 'Post Inbound Activity (multipart, 100 KB file)',
    expect: [201],
    request: () => {
      const m = multipart();
      return { method: 'POST', path: A, body: m.body as unknown as string, headers: m.headers };
    },
  },
  { name: 'Compose and Send', expect: [201], request: () => ({ method: 'POST', path: `${A}/send`, body: JSON.stringify(send()) }) },
  {
    name: 'Download Attachment (100 KB)',
    expect: [200],
    prepare: async () => {
      attachments = await withDatabase(o.databaseUrl, async (_column, db) =>
        (
          await db.query<{ activity: string; attachment: string }>(
            `SELECT activity_id::text AS activity, id::text AS attachment FROM activity_attachment ORDER BY id DESC LIMIT 2000`,
          )
        ).rows,
      );
    },
    request: () => {
      if (!attachments.length) return undefined;
      const t = any(attachments);
      return { method: 'GET', path: `${A}/${t.activity}/attachment/${t.attachment}/content` };
    },
  },
];

await runPerApi(o, 18095, apis, `PostgreSQL, ${count} activities, ${aliases.length} aliases`);
