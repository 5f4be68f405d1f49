// npm run bench:customers -- [--duration 30] [--rate 50] [--connections 5]
// The customer APIs of the load profile (10 §3.2 #25, #27, #28) one at a time at a fixed rate, against a server in
// its own process on DATABASE_URL (PostgreSQL, seeded with `npm run bench:seed`). Targets come from the database:
// seeded email addresses and external_ids; created customers carry new unique values.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    rate: { type: 'string', default: '50' },
    connections: { type: 'string', default: '5' },
    user: { type: 'string', default: 'bench01' },
    password: { type: 'string', default: process.env.ECE_BENCH_PASSWORD ?? 'Bench-Pass-2024' },
  },
});
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('DATABASE_URL must name the seeded PostgreSQL database (npm run bench:seed)');
const duration = Number(values.duration);
const rate = Number(values.rate);
const connections = Number(values.connections);
const port = 18092;
const base = `http://127.0.0.1:${port}`;

const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const pick = async (sql: string) => (await db.query<{ v: string }>(sql)).rows.map((r) => r.v);
const emails = await pick(`SELECT email_address AS v FROM contact_point WHERE kind = 'email' AND removed_at IS NULL ORDER BY random() LIMIT 5000`);
const externalIds = await pick(`SELECT v.value AS v FROM customer_attribute_value v JOIN custom_attribute_definition d ON d.id = v.definition_id
  WHERE d.object_type = 'customer' AND d.name = 'external_id' ORDER BY random() LIMIT 5000`);
const customers = Number((await pick('SELECT count(*)::text AS v FROM customer'))[0]);
await db.end();
if (!emails.length || !externalIds.length) throw new Error('no seeded customers: run npm run bench:seed first');

const server = fork(new URL('./bench-server.ts', import.meta.url), [String(port)], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, ECE_RATE_LIMIT_SESSION_RPS: '0', LOG_LEVEL: 'warn' },
  stdio: 'inherit',
});
await once(server, 'message');

const run = Date.now().toString(36);
let serial = 0;
const any = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
const createBody = () => {
  const n = ++serial;
  return JSON.stringify({
    type: { value: 'individual' },
    department: { name: 'Service' },
    contactPersons: {
      contactPerson: [
        {
          salutation: 'Mr.',
          firstName: 'Tom',
          lastName: 'Berg',
          gender: { value: 'male' },
          jobTitle: 'Buyer',
          contactPoints: {
            contactPoint: [
              { type: { value: 'phone', phone: { type: { value: 'mobile' }, phoneNo: '6175550100', countryCode: '1' } }, priority: { value: 'high' } },
              { type: { value: 'email', email: { emailAddress: `tom.berg.${run}.${n}@example.net` } }, priority: { value: 'high' } },
            ],
          },
        },
      ],
    },
    customAttributes: {
      customAttribute: [
        { attribName: 'external_id', attribValues: { attribValue: [{ value: `RUN-${run}-${n}-${randomUUID().slice(0, 8)}` }] } },
        { attribName: 'loyalty_tier', attribValues: { attribValue: [{ value: 'silver' }] } },
        { attribName: 'region', attribValues: { attribValue: [{ value: 'Northeast' }] } },
      ],
    },
  });
};

type Api = { name: string; expect: number[]; request: () => Pick<autocannon.Request, 'method' | 'path' | 'body'> };
const apis: Api[] = [
  { name: 'Create Individual Customer', expect: [201], request: () => ({ method: 'POST', path: '/system/ws/v12/interaction/customer', body: createBody() }) },
  {
    name: 'Search Customer by Email',
    expect: [200],
    request: () => ({ method: 'GET', path: `/system/ws/v12/interaction/customer?email=${encodeURIComponent(any(emails))}&$attribute=all` }),
  },
  {
    name: 'Search Customer by Custom Attribute',
    expect: [200],
    request: () => ({ method: 'GET', path: `/system/ws/v12/interaction/customer?custom.external_id=${encodeURIComponent(any(externalIds))}` }),
  },
];

try {
  const login = await fetch(`${base}/system/ws/v12/authentication/user/login?forceLogin=yes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName: values.user, password: values.password }),
  });
  if (login.status !== 204) throw new Error(`login of ${values.user} failed: ${login.status} ${await login.text()}`);
  const session = login.headers.get('x-egain-session')!;
  const headers = { 'x-egain-session': session, accept: 'application/json', 'content-type': 'application/json', 'accept-encoding': 'gzip' };

  const rows: string[] = [];
  for (const api of apis) {
    let unexpected = 0;
    const options = (seconds: number) => ({
      url: base,
      connections,
      overallRate: rate,
      duration: seconds,
      headers,
      requests: [
        {
          setupRequest: (req: autocannon.Request) => ({ ...req, ...api.request() }),
          onResponse: (status: number) => {
            if (!api.expect.includes(status)) unexpected++;
          },
        },
      ],
    });
    await autocannon(options(5)); // warm-up
    unexpected = 0;
    const r = await autocannon(options(duration));
    rows.push(
      `| ${api.name} | ${r.requests.total} | ${(r.requests.total / duration).toFixed(1)} | ${unexpected + r.errors} | ${r.latency.p50} | ${r.latency.p90} | ${r.latency.p99} | ${r.latency.max} |`,
    );
  }
  console.log(`\nPostgreSQL, ${customers} customers; ${rate} requests/s from ${connections} connections, ${duration} s per API\n`);
  console.log('| API | requests | req/s | failed | p50 ms | p90 ms | p99 ms | max ms |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
} finally {
  server.kill('SIGTERM');
  await once(server, 'exit');
}
