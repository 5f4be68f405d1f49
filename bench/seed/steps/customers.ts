// Step 4 — individual customers (10 §2.7) with one contact person each, their contact points, the custom attribute
// values external_id / loyalty_tier / region, and customer logins; written as the customer API writes them (03 §2.4,
// §3, §4 and the schema comments):
//
// - ids from the normal sequences (starting at 1000000), reserved per batch in creation order;
// - customer.type 'individual', customer_name = firstName [middleName] lastName (the API's individualName),
//   created/lastModified by an agent of the customer's department;
// - contact_point.customer_id denormalised, priority 3/2/1 = high/medium/low, the phone search keys phone_digits,
//   phone_digits_area and phone_digits_full (the API's phoneKeys), country upper case;
// - customer_attribute_value: position 0, value and key normalised by the server's normaliseValue (for these string
//   and enumerated values key = value, in the allowed spelling, 03 §2.7), is_unique copied from the definition;
// - 5 % of contact persons have login_id = their first email address and the password ECE_BENCH_CUSTOMER_PASSWORD:
//   one scrypt hash, computed once, stored in every one of those rows (the server verifies each row's hash
//   string; sharing a salt between seeded accounts only matters to someone who can read the table).
import { normaliseValue } from '../../../src/areas/custom-attributes/normalise.ts';
import { phoneKeys } from '../../../src/areas/customer/customer.rows.ts';
import type { ManifestCustomerColumns } from '../manifest.ts';
import { need, type SeedStep, type SeededCustomers } from '../pipeline.ts';
import { customerProfile, departmentProfiles } from '../reference.ts';
import { columnsOf, insertColumns, iso, reserveIds, type Tx } from '../sql.ts';
import { CustomerGenerator, type CustomerSpec, type PhoneSpec, type PostalSpec } from './customers.generate.ts';

/** One contact point to insert: the fields of its kind (phone or postal), or an email address. */
type PointRow = {
  id: number;
  personId: number;
  customerId: number;
  created: string;
  kind: 'email' | 'phone' | 'postal';
  priority: number;
  email?: string;
  phone?: PhoneSpec & ReturnType<typeof phoneKeys>;
  postal?: PostalSpec;
};
type ValueRow = { customerId: number; definitionId: string; value: string; key: string; unique: boolean };
type CustomerRow = { id: number; personId: number; spec: CustomerSpec; departmentId: string; createdBy: string; lastModifiedBy: string };
type Prepared = { customers: CustomerRow[]; points: PointRow[]; values: ValueRow[] };

export const customersStep: SeedStep = {
  name: 'customers',
  tables: ['customer', 'contact_person', 'contact_point', 'customer_attribute_value'],
  async run(ctx) {
    const departments = need(ctx.state.departments, 'departments');
    const users = need(ctx.state.users, 'users');
    const definitions = need(ctx.state.definitions, 'custom attribute definitions');
    const def = (name: string) => need(definitions.get(`customer.${name}`), `customer.${name}`);
    const [externalId, loyaltyTier, region] = [def('external_id'), def('loyalty_tier'), def('region')];
    const hash = await ctx.passwordHash(ctx.options.customerPassword);

    const generator = new CustomerGenerator({ seed: ctx.options.seed, scale: ctx.options.scale, now: ctx.options.now });
    const n = generator.count;
    const state: SeededCustomers = {
      count: n,
      id: new Float64Array(n),
      department: new Uint8Array(n),
      createdAt: new Float64Array(n),
      contactPersonId: new Float64Array(n),
      emailContactPointId: new Float64Array(n),
      email: new Array<string>(n),
      secondEmailContactPointId: new Float64Array(n),
      secondEmail: new Array<string | null>(n).fill(null),
    };
    const byDepartment: ManifestCustomerColumns[] = departmentProfiles.map(() => ({ id: [], contactPersonId: [], emailContactPointId: [], email: [], externalId: [] }));
    const tiers: Record<string, number> = Object.fromEntries(customerProfile.loyaltyTiers.map(([t]) => [t, 0]));
    const totals = { email: 0, phone: 0, postal: 0, attributes: 0, logins: 0 };
    const progress = ctx.progress.step('customers', n, 'customers');

    const prepare = async (batch: CustomerSpec[]): Promise<Prepared> => {
      const pointCount = batch.reduce((sum, c) => sum + c.emails.length + (c.phone ? 1 : 0) + (c.postal ? 1 : 0), 0);
      // One block per sequence and batch; batches are prepared in order, so ids ascend with creation time.
      const firstCustomer = await reserveIds(ctx.db, 'customer', batch.length);
      const firstPerson = await reserveIds(ctx.db, 'contact_person', batch.length);
      let nextPoint = await reserveIds(ctx.db, 'contact_point', pointCount);

      const customers: CustomerRow[] = [];
      const points: PointRow[] = [];
      const values: ValueRow[] = [];
      batch.forEach((c, k) => {
        const id = firstCustomer + k;
        const personId = firstPerson + k;
        const created = iso(c.createdAt);
        const agents = users.agents[c.department]!;
        customers.push({ id, personId, spec: c, departmentId: departments[c.department]!.id, createdBy: agents[c.createdBy]!.id, lastModifiedBy: agents[c.lastModifiedBy]!.id });
        const point = (kind: PointRow['kind'], priority: number, fields: Partial<PointRow>) => {
          points.push({ id: nextPoint, personId, customerId: id, created, kind, priority, ...fields });
          return nextPoint++;
        };
        const emailIds = c.emails.map((e) => point('email', e.priority, { email: e.address }));
        // The phone search keys exactly as the customer API derives them.
        if (c.phone) point('phone', c.phone.priority, { phone: { ...c.phone, ...phoneKeys(c.phone) } });
        if (c.postal) point('postal', c.postal.priority, { postal: c.postal });

        const attributes: [typeof externalId, string | null][] = [[externalId, c.externalId], [loyaltyTier, c.loyaltyTier], [region, c.region]];
        for (const [seeded, raw] of attributes) {
          if (raw === null) continue;
          // Checked and normalised by the server's own rules (03 §2.7): value and search key as the API stores them.
          const normalised = normaliseValue(seeded.definition, raw);
          if (!normalised) throw new Error(`custom attribute ${seeded.profile.name} refuses the seeded value '${raw}'`);
          values.push({ customerId: id, definitionId: seeded.id, value: normalised.value, key: normalised.key, unique: seeded.definition.unique });
        }

        // What later steps and the load generator need.
        const i = c.index;
        state.id[i] = id;
        state.department[i] = c.department;
        state.createdAt[i] = c.createdAt;
        state.contactPersonId[i] = personId;
        state.emailContactPointId[i] = emailIds[0]!;
        state.email[i] = c.emails[0]!.address;
        state.secondEmailContactPointId[i] = emailIds[1] ?? 0;
        state.secondEmail[i] = c.emails[1]?.address ?? null;
        const m = byDepartment[c.department]!;
        m.id.push(id);
        m.contactPersonId.push(personId);
        m.emailContactPointId.push(emailIds[0]!);
        m.email.push(c.emails[0]!.address);
        m.externalId.push(c.externalId);
        tiers[c.loyaltyTier]!++;
        totals.email += c.emails.length;
        totals.phone += c.phone ? 1 : 0;
        totals.postal += c.postal ? 1 : 0;
        totals.logins += c.login ? 1 : 0;
      });
      totals.attributes += values.length;
      return { customers, points, values };
    };

    const write = async (tx: Tx, { customers, points, values }: Prepared) => {
      await insertColumns(
        tx,
        'customer',
        columnsOf(customers, {
          id: ['bigint', (r) => r.id],
          customer_name: ['text', (r) => r.spec.customerName],
          department_id: ['bigint', (r) => r.departmentId],
          created_at: ['timestamptz', (r) => iso(r.spec.createdAt)],
          created_by_id: ['bigint', (r) => r.createdBy],
          last_modified_at: ['timestamptz', (r) => iso(r.spec.lastModifiedAt)],
          last_modified_by_id: ['bigint', (r) => r.lastModifiedBy],
        }),
        { type: `'individual'` },
      );
      await insertColumns(
        tx,
        'contact_person',
        columnsOf(customers, {
          id: ['bigint', (r) => r.personId],
          customer_id: ['bigint', (r) => r.id],
          salutation: ['text', (r) => r.spec.salutation],
          first_name: ['text', (r) => r.spec.firstName],
          middle_name: ['text', (r) => r.spec.middleName],
          last_name: ['text', (r) => r.spec.lastName],
          gender: ['text', (r) => r.spec.gender],
          job_title: ['text', (r) => r.spec.jobTitle],
          login_id: ['text', (r) => (r.spec.login ? r.spec.emails[0]!.address : null)],
          created_at: ['timestamptz', (r) => iso(r.spec.createdAt)],
          last_modified_at: ['timestamptz', (r) => iso(r.spec.lastModifiedAt)],
        }),
        // One hash for every seeded login, passed once per batch.
        { password_hash: 'CASE WHEN "login_id" IS NOT NULL THEN $$1 END' },
        { params: [hash] },
      );
      await insertColumns(
        tx,
        'contact_point',
        columnsOf(points, {
          id: ['bigint', (p) => p.id],
          contact_person_id: ['bigint', (p) => p.personId],
          customer_id: ['bigint', (p) => p.customerId],
          kind: ['text', (p) => p.kind],
          priority: ['smallint', (p) => p.priority],
          email_address: ['text', (p) => p.email ?? null],
          phone_type: ['text', (p) => p.phone?.type ?? null],
          country_code: ['text', (p) => p.phone?.countryCode ?? null],
          area_code: ['text', (p) => p.phone?.areaCode ?? null],
          phone_no: ['text', (p) => p.phone?.phoneNo ?? null],
          extension: ['text', (p) => p.phone?.extension ?? null],
          phone_digits: ['text', (p) => p.phone?.phoneDigits ?? null],
          phone_digits_area: ['text', (p) => p.phone?.phoneDigitsArea ?? null],
          phone_digits_full: ['text', (p) => p.phone?.phoneDigitsFull ?? null],
          postal_type: ['text', (p) => p.postal?.type ?? null],
          address_1: ['text', (p) => p.postal?.address1 ?? null],
          address_2: ['text', (p) => p.postal?.address2 ?? null],
          city: ['text', (p) => p.postal?.city ?? null],
          state: ['text', (p) => p.postal?.state ?? null],
          zip: ['text', (p) => p.postal?.zip ?? null],
          country: ['text', (p) => p.postal?.country.toUpperCase() ?? null],
          created_at: ['timestamptz', (p) => p.created],
        }),
      );
      await insertColumns(
        tx,
        'customer_attribute_value',
        columnsOf(values, {
          customer_id: ['bigint', (v) => v.customerId],
          definition_id: ['bigint', (v) => v.definitionId],
          value: ['text', (v) => v.value],
          key: ['text', (v) => v.key],
          is_unique: ['boolean', (v) => v.unique],
        }),
        { position: '0' },
      );
    };

    await ctx.writeBatches(generator.batches(ctx.batchSize), prepare, write, (batch) => progress.add(batch.length));

    ctx.state.customers = state;
    ctx.manifest.customers = {
      count: n,
      hotFromId: n > 0 ? state.id[Math.floor(n * 0.9)]! : null,
      loyaltyTiers: tiers,
      platinumCount: tiers.platinum ?? 0,
      logins: totals.logins,
      byDepartment: Object.fromEntries(departments.map((d) => [d.name, byDepartment[d.index]!])),
    };
    const contactPoints = totals.email + totals.phone + totals.postal;
    ctx.count('customers', n);
    ctx.count('contactPersons', n);
    ctx.count('contactPoints', contactPoints);
    ctx.count('emailContactPoints', totals.email);
    ctx.count('phoneContactPoints', totals.phone);
    ctx.count('postalContactPoints', totals.postal);
    ctx.count('customerAttributeValues', totals.attributes);
    ctx.count('customerLogins', totals.logins);
    progress.done(`${n.toLocaleString('en-US')} customers, ${contactPoints.toLocaleString('en-US')} contact points, ${totals.attributes.toLocaleString('en-US')} attribute values`);
  },
};
