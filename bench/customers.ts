// npm run bench:customers -- [--duration 30] [--rate 50] [--connections 5]
// The customer APIs of the load profile (10 §3.2 #25, #27, #28) one at a time at a fixed rate, against a server in
// its own process on DATABASE_URL (PostgreSQL, seeded with `npm run bench:seed`). Targets come from the database:
// seeded email addresses and external_ids; created customers carry new unique values.
import { randomUUID } from 'node:crypto';
import { any, benchOptions, runPerApi, withDatabase, type PerApi } from './per-api.ts';

const o = benchOptions();
const { emails, externalIds, customers } = await withDatabase(o.databaseUrl, async (column) => ({
  emails: await column(`SELECT email_address AS v FROM contact_point WHERE kind = 'email' AND removed_at IS NULL ORDER BY random() LIMIT 5000`),
  externalIds: await column(`SELECT v.value AS v FROM customer_attribute_value v JOIN custom_attribute_definition d ON d.id = v.definition_id
    WHERE d.object_type = 'customer' AND d.name = 'external_id' ORDER BY random() LIMIT 5000`),
  customers: Number((await column('SELECT count(*)::text AS v FROM customer'))[0]),
}));
if (!emails.length || !externalIds.length) throw new Error('no seeded customers: run npm run bench:seed first');

const run = Date.now().toString(36);
let serial = 0;
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

const apis: PerApi[] = [
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

await runPerApi(o, 18092, apis, `PostgreSQL, ${customers} customers`);
