// The reference data set seeder (10 §2), first part: departments, staff users, custom attribute definitions and
// customers. Seeds scale 0.002 once and checks the counts, the determinism of the generator, the ids and sequences,
// the derived values, and that the API reads the seeded data back.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/areas/authentication/passwords.ts';
import type { TestApp } from '../helpers/app.ts';
import { login } from '../helpers/auth.ts';
import { seedTestApp, seededSql } from './seed-app.ts';
import { firstNames, lastNames, words } from '../../bench/seed/lists.ts';
import type { Manifest } from '../../bench/seed/manifest.ts';
import { runSeed, SeedRefused, type SeedOptions, type SeedState } from '../../bench/seed/pipeline.ts';
import { apportion, Rng } from '../../bench/seed/random.ts';
import { defaultBenchPassword, defaultCustomerPassword, departmentProfiles, referenceSeed } from '../../bench/seed/reference.ts';
import { seedSteps } from '../../bench/seed/steps/index.ts';
import { CustomerGenerator } from '../../bench/seed/steps/customers.generate.ts';
import { planUsers } from '../../bench/seed/steps/users.ts';

const T = new Date('2024-06-30T12:00:00.000Z');
const scale = 0.002;
const options: SeedOptions = { seed: referenceSeed, scale, now: T, benchPassword: defaultBenchPassword, customerPassword: defaultCustomerPassword, batchSize: 40 };

const n = Math.round(51_770 * scale); // 104
const share = (p: number) => Math.round(n * p);

let t: TestApp;
let manifest: Manifest;
let state: SeedState;
beforeAll(async () => {
  t = await seedTestApp();
  ({ manifest, state } = await runSeed(t.db, options, seedSteps));
  // The seeder bumped config_version; make this instance see it now rather than at its next poll.
  t.app.configVersion.changedHere();
}, 120_000);
afterAll(async () => t?.close());

const { rows, one, count } = seededSql(() => t);

describe('word and name lists', () => {
  it('has at least 1,000 distinct first and last names and 5,000 words', () => {
    expect(new Set(firstNames.map((s) => s.toLowerCase())).size).toBeGreaterThanOrEqual(1000);
    expect(new Set(lastNames.map((s) => s.toLowerCase())).size).toBeGreaterThanOrEqual(1000);
    expect(new Set(words).size).toBeGreaterThanOrEqual(5000);
    for (const name of [...firstNames, ...lastNames]) expect(name).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+)?$/);
  });
});

describe('seeded objects (10 §2.1, §2.7, §2.9)', () => {
  it('five departments; Service is the bootstrap department', async () => {
    const departments = await rows<{ id: string; name: string }>('SELECT id::text, name FROM department ORDER BY id');
    expect(departments.map((d) => d.name)).toEqual(['Service', 'Sales', 'Billing', 'Support', 'Claims']);
    const sa = await one<{ department_id: string }>(`SELECT department_id::text FROM app_user WHERE login_id = 'sa'`);
    expect(sa.department_id).toBe(departments[0]!.id);
    expect(manifest.departments).toEqual(departments);
  });

  it('333 staff users: sa, 2 administrators, 25 supervisors, 300 agents, bench01..bench05', async () => {
    expect(await count('SELECT count(*) AS n FROM app_user')).toBe(333);
    expect(await count(`SELECT count(*) AS n FROM app_user WHERE state = 'enabled'`)).toBe(333);
    const byRole = await rows<{ role: string; department: string; n: string }>(
      `SELECT u.roles[1] AS role, d.name AS department, count(*)::text AS n FROM app_user u JOIN department d ON d.id = u.department_id
        WHERE cardinality(u.roles) = 1 GROUP BY 1, 2`,
    );
    const get = (role: string, department: string) => Number(byRole.find((r) => r.role === role && r.department === department)?.n ?? 0);
    for (const d of departmentProfiles) {
      expect(get('supervisor', d.name)).toBe(5);
      expect(get('agent', d.name)).toBe(d.agents);
    }
    expect(departmentProfiles.map((d) => d.agents)).toEqual([135, 60, 45, 36, 24]);
    expect(await count(`SELECT count(*) AS n FROM app_user WHERE roles = ARRAY['administrator']`)).toBe(1 + 2 + 5);

    const bench = await rows<{ login_id: string; home: string; foreign: string[] }>(
      `SELECT u.login_id, d.name AS home, array(SELECT f.name FROM user_department ud JOIN department f ON f.id = ud.department_id
                                               WHERE ud.user_id = u.id ORDER BY f.id) AS foreign
         FROM app_user u JOIN department d ON d.id = u.department_id WHERE u.login_id LIKE 'bench%' ORDER BY u.login_id`,
    );
    const names = departmentProfiles.map((d) => d.name);
    expect(bench).toEqual(names.map((home, i) => ({ login_id: `bench0${i + 1}`, home, foreign: names.filter((x) => x !== home) })));
    expect(await count('SELECT count(*) AS n FROM user_department')).toBe(20);
    expect(manifest.users?.bench.map((u) => [u.loginId, u.department])).toEqual(names.map((d, i) => [`bench0${i + 1}`, d]));

    // One scrypt hash for every seeded staff user (one per distinct password), and it is ECE_BENCH_PASSWORD's.
    const hashes = await rows<{ password_hash: string }>(`SELECT DISTINCT password_hash FROM app_user WHERE login_id <> 'sa'`);
    expect(hashes).toHaveLength(1);
    expect(await verifyPassword(defaultBenchPassword, hashes[0]!.password_hash)).toBe(true);
  });

  it('the seven custom attribute definitions of §2.9', async () => {
    const defs = await rows<Record<string, unknown>>(
      `SELECT object_type, name, display_name, data_type, max_length, minimum, maximum, enumerated, allowed_values, multi_valued, "unique", state
         FROM custom_attribute_definition ORDER BY id`,
    );
    expect(defs.map((d) => `${d.object_type}.${d.name}`)).toEqual([
      'customer.external_id', 'customer.loyalty_tier', 'customer.region', 'case.external_case_id', 'case.product_line',
      'activity.customer_rating', 'activity.sentiment',
    ]);
    expect(defs[0]).toMatchObject({ display_name: 'External id', data_type: 'string', max_length: 64, enumerated: false, unique: true, state: 'active' });
    expect(defs[1]).toMatchObject({
      data_type: 'string', enumerated: true, unique: false,
      allowed_values: [{ value: 'bronze', label: 'Bronze' }, { value: 'silver', label: 'Silver' }, { value: 'gold', label: 'Gold' }, { value: 'platinum', label: 'Platinum' }],
    });
    const regions = (defs[2]!.allowed_values as { value: string }[]).map((v) => v.value);
    expect(regions).toHaveLength(12);
    expect(regions).toContain('Northeast');
    expect(defs[3]).toMatchObject({ data_type: 'string', enumerated: false, unique: false });
    expect(defs[4]!.allowed_values).toHaveLength(10);
    expect(defs[5]).toMatchObject({ data_type: 'integer', minimum: '1', maximum: '5', enumerated: false });
    expect((defs[6]!.allowed_values as { value: string }[]).map((v) => v.value)).toEqual(['positive', 'neutral', 'negative']);
    expect(defs.every((d) => d.multi_valued === false)).toBe(true);
    expect(await count('SELECT value AS n FROM config_version WHERE id = 1')).toBeGreaterThan(0);
  });

  it('customers, contact persons, contact points, attribute values and logins in the shares of §2.7', async () => {
    expect(n).toBe(104);
    expect(await count(`SELECT count(*) AS n FROM customer WHERE type = 'individual'`)).toBe(n);
    expect(await count('SELECT count(*) AS n FROM customer')).toBe(n);
    expect(await count('SELECT count(*) AS n FROM contact_person')).toBe(n);
    expect(await count('SELECT count(*) AS n FROM (SELECT customer_id FROM contact_person GROUP BY 1 HAVING count(*) = 1) x')).toBe(n);

    const perDepartment = await rows<{ name: string; n: string }>(
      'SELECT d.name, count(c.id)::text AS n FROM department d LEFT JOIN customer c ON c.department_id = d.id GROUP BY d.id, d.name ORDER BY d.id',
    );
    const expected = apportion(n, [45, 20, 15, 12, 8]);
    expect(expected).toEqual([47, 21, 16, 12, 8]);
    expect(perDepartment.map((r) => Number(r.n))).toEqual(expected);

    const kinds = await rows<{ kind: string; n: string }>('SELECT kind, count(*)::text AS n FROM contact_point GROUP BY kind');
    const kind = (k: string) => Number(kinds.find((r) => r.kind === k)?.n ?? 0);
    expect(kind('email')).toBe(n + share(0.08));
    expect(kind('phone')).toBe(share(0.65));
    expect(kind('postal')).toBe(share(0.25));
    expect(kinds).toHaveLength(3);
    // Every customer has one email contact point, 8 % a second; addresses are unique across all customers.
    expect(await count(`SELECT count(DISTINCT customer_id) AS n FROM contact_point WHERE kind = 'email'`)).toBe(n);
    expect(await count(`SELECT count(DISTINCT lower(email_address)) AS n FROM contact_point WHERE kind = 'email'`)).toBe(n + share(0.08));

    const attrs = await rows<{ name: string; value: string; n: string }>(
      `SELECT d.name, CASE WHEN d.name = 'loyalty_tier' THEN v.value ELSE '' END AS value, count(*)::text AS n
         FROM customer_attribute_value v JOIN custom_attribute_definition d ON d.id = v.definition_id GROUP BY 1, 2`,
    );
    const attr = (name: string, value = '') => Number(attrs.find((r) => r.name === name && r.value === value)?.n ?? 0);
    expect(attr('external_id')).toBe(n);
    expect(attr('region')).toBe(share(0.8));
    expect(['bronze', 'silver', 'gold', 'platinum'].map((v) => attr('loyalty_tier', v))).toEqual(apportion(n, [60, 25, 12, 3]));
    expect(await count(`SELECT count(DISTINCT value) AS n FROM customer_attribute_value v JOIN custom_attribute_definition d ON d.id = v.definition_id WHERE d.name = 'external_id'`)).toBe(n);
    expect(await count(`SELECT count(*) AS n FROM customer_attribute_value v JOIN custom_attribute_definition d ON d.id = v.definition_id WHERE d.name = 'external_id' AND v.value !~ '^EXT-[0-9]{8}$'`)).toBe(0);

    expect(await count('SELECT count(*) AS n FROM contact_person WHERE login_id IS NOT NULL AND password_hash IS NOT NULL')).toBe(share(0.05));
    expect(await count('SELECT count(*) AS n FROM contact_person WHERE (login_id IS NULL) <> (password_hash IS NULL)')).toBe(0);
    const personal = await count('SELECT count(*) AS n FROM contact_person WHERE salutation IS NOT NULL AND gender IS NOT NULL AND job_title IS NOT NULL');
    expect(personal).toBe(share(0.7));
    expect(await count('SELECT count(*) AS n FROM contact_person WHERE salutation IS NOT NULL OR gender IS NOT NULL OR job_title IS NOT NULL')).toBe(personal);
  });

  it('the manifest holds the counts and, per department, the customers with their ids, email and external id', async () => {
    expect(manifest).toMatchObject({ format: 'ece-bench-manifest/1', T: T.toISOString(), seed: referenceSeed, scale });
    expect(manifest.dataSpan).toEqual({ from: '2021-06-30T12:00:00.000Z', to: T.toISOString() });
    // The counts of this part (the interaction steps add theirs: seed-interactions.test.ts).
    expect(manifest.counts).toMatchObject({
      departments: 5,
      users: 333,
      customAttributeDefinitions: 7,
      customers: n,
      contactPersons: n,
      contactPoints: n + share(0.08) + share(0.65) + share(0.25),
      emailContactPoints: n + share(0.08),
      phoneContactPoints: share(0.65),
      postalContactPoints: share(0.25),
      customerAttributeValues: 2 * n + share(0.8),
      customerLogins: share(0.05),
    });
    const customers = manifest.customers!;
    expect(customers.platinumCount).toBe(apportion(n, [60, 25, 12, 3])[3]);
    expect(customers.platinumCount).toBe(await count(`SELECT count(*) AS n FROM customer_attribute_value WHERE value = 'platinum'`));
    const all = Object.values(customers.byDepartment);
    expect(all.reduce((s, d) => s + d.id.length, 0)).toBe(n);
    const service = customers.byDepartment.Service!;
    const k = service.id.length - 1;
    const row = await one<{ dept: string; person: string; point: string; email: string; ext: string }>(
      `SELECT d.name AS dept, p.id::text AS person, cp.id::text AS point, cp.email_address AS email, v.value AS ext
         FROM customer c JOIN department d ON d.id = c.department_id JOIN contact_person p ON p.customer_id = c.id
         JOIN contact_point cp ON cp.customer_id = c.id AND cp.kind = 'email'
         JOIN customer_attribute_value v ON v.customer_id = c.id JOIN custom_attribute_definition def ON def.id = v.definition_id AND def.name = 'external_id'
        WHERE c.id = $1 ORDER BY cp.id LIMIT 1`,
      [service.id[k]],
    );
    expect(row).toEqual({ dept: 'Service', person: String(service.contactPersonId[k]), point: String(service.emailContactPointId[k]), email: service.email[k], ext: service.externalId[k] });
    // Ids ascend with creation time: the newest 10 % are the ids from hotFromId on.
    const newest = await rows<{ id: string }>('SELECT id::text FROM customer ORDER BY created_at DESC, id DESC LIMIT $1', [n - Math.floor(n * 0.9)]);
    expect(Math.min(...newest.map((r) => Number(r.id)))).toBe(customers.hotFromId);
    expect(state.customers!.count).toBe(n);
  });
});

describe('determinism (10 §2.2)', () => {
  const digest = (opts: { seed: number; scale: number; now: Date }) =>
    createHash('sha256').update(JSON.stringify([...new CustomerGenerator(opts)])).digest('hex');

  it('the same seed, scale and T give the same customers; another seed other ones', () => {
    const a = digest({ seed: referenceSeed, scale, now: T });
    expect(digest({ seed: referenceSeed, scale, now: T })).toBe(a);
    expect(digest({ seed: referenceSeed + 1, scale, now: T })).not.toBe(a);
    expect(JSON.stringify(planUsers(Rng.stream(referenceSeed, 'users')))).toBe(JSON.stringify(planUsers(Rng.stream(referenceSeed, 'users'))));
  });

  it('the database holds exactly the generated customers, in id order', async () => {
    const generated = [...new CustomerGenerator({ seed: referenceSeed, scale, now: T })];
    const stored = await rows<{ customer_name: string; created: string; modified: string; email: string; ext: string }>(
      `SELECT c.customer_name, to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created,
              to_char(c.last_modified_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS modified,
              (SELECT email_address FROM contact_point WHERE customer_id = c.id AND kind = 'email' ORDER BY id LIMIT 1) AS email,
              (SELECT v.value FROM customer_attribute_value v JOIN custom_attribute_definition d ON d.id = v.definition_id
                WHERE v.customer_id = c.id AND d.name = 'external_id') AS ext
         FROM customer c ORDER BY c.id`,
    );
    expect(stored).toEqual(
      generated.map((c) => ({
        customer_name: c.customerName,
        created: new Date(c.createdAt).toISOString(),
        modified: new Date(c.lastModifiedAt).toISOString(),
        email: c.emails[0]!.address,
        ext: c.externalId,
      })),
    );
  });
});

describe('ids and sequences (03 §2.4)', () => {
  it('interaction ids start at 1000000 and the sequences continue after the seeded ids', async () => {
    for (const table of ['customer', 'contact_person', 'contact_point']) {
      const r = await one<{ min: string; max: string; n: string }>(`SELECT min(id)::text AS min, max(id)::text AS max, count(*)::text AS n FROM ${table}`);
      expect(Number(r.min), table).toBe(1_000_000);
      expect(Number(r.max) - Number(r.min) + 1, table).toBe(Number(r.n)); // no gaps
    }
    for (const table of ['customer', 'contact_person', 'contact_point', 'app_user', 'department', 'custom_attribute_definition']) {
      const seq = await one<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${table}_id_seq`);
      const max = await one<{ max: string }>(`SELECT max(id)::text AS max FROM ${table}`);
      expect(seq.is_called, table).toBe(true);
      expect(seq.last_value, table).toBe(max.max);
    }
  });

  it('refuses a database that holds customers, unless forced', async () => {
    await expect(runSeed(t.db, options, [])).rejects.toThrow(SeedRefused);
    await expect(runSeed(t.db, { ...options, force: true }, [])).resolves.toBeTruthy();
  });
});

describe('derived values (03 §3, §4; schema comments)', () => {
  it('customer names, denormalised customer ids, phone search keys, priorities, countries, attribute keys', async () => {
    expect(await count(`SELECT count(*) AS n FROM customer c JOIN contact_person p ON p.customer_id = c.id
                         WHERE c.customer_name <> concat_ws(' ', p.first_name, p.middle_name, p.last_name)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM customer WHERE customer_name !~ '^\\S+( \\S+)+$'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM contact_person WHERE middle_name IS NOT NULL`)).toBe(share(0.1));
    expect(await count(`SELECT count(*) AS n FROM contact_point cp JOIN contact_person p ON p.id = cp.contact_person_id WHERE cp.customer_id <> p.customer_id`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM contact_point WHERE priority NOT IN (1, 2, 3)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM contact_point WHERE kind = 'phone' AND (
                          phone_digits <> regexp_replace(phone_no, '\\D', '', 'g')
                          OR phone_digits_area <> regexp_replace(coalesce(area_code, '') || phone_no, '\\D', '', 'g')
                          OR phone_digits_full <> regexp_replace(country_code || coalesce(area_code, '') || phone_no, '\\D', '', 'g')
                          OR phone_type NOT IN ('home', 'mobile', 'office') OR country_code !~ '^[0-9]{1,4}$')`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM contact_point WHERE kind <> 'phone' AND (phone_digits IS NOT NULL OR phone_no IS NOT NULL)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM contact_point WHERE kind = 'postal' AND (country !~ '^[A-Z]{2}$' OR address_1 IS NULL OR postal_type IS NULL)`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM customer_attribute_value v JOIN custom_attribute_definition d ON d.id = v.definition_id
                         WHERE v.key <> v.value OR v.position <> 0 OR v.is_unique <> d."unique"`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM customer_attribute_value WHERE is_unique`)).toBe(n);
  });

  it('dates: created in the 36 months before T, lastModified ≥ created; staff on the customer’s department', async () => {
    expect(await count(`SELECT count(*) AS n FROM customer WHERE created_at < $1::timestamptz OR created_at >= $2::timestamptz OR last_modified_at < created_at OR last_modified_at >= $2::timestamptz`,
      [manifest.dataSpan.from, T.toISOString()])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM customer c JOIN contact_person p ON p.customer_id = c.id
                         WHERE p.created_at <> c.created_at OR p.last_modified_at <> c.last_modified_at`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM customer c JOIN app_user u ON u.id = c.created_by_id JOIN app_user m ON m.id = c.last_modified_by_id
                         WHERE u.department_id <> c.department_id OR m.department_id <> c.department_id OR u.roles <> ARRAY['agent'] OR m.roles <> ARRAY['agent']`)).toBe(0);
  });

  it('customer logins: the login id is the first email address; one shared hash of ECE_BENCH_CUSTOMER_PASSWORD', async () => {
    expect(await count(`SELECT count(*) AS n FROM contact_person p WHERE login_id IS NOT NULL AND login_id <>
                         (SELECT email_address FROM contact_point WHERE contact_person_id = p.id AND kind = 'email' ORDER BY id LIMIT 1)`)).toBe(0);
    const hashes = await rows<{ password_hash: string }>('SELECT DISTINCT password_hash FROM contact_person WHERE password_hash IS NOT NULL');
    expect(hashes).toHaveLength(1);
    expect(await verifyPassword(defaultCustomerPassword, hashes[0]!.password_hash)).toBe(true);
  });
});

describe('the API reads the seeded data', () => {
  const someCustomer = () => {
    const claims = manifest.customers!.byDepartment.Claims!;
    return { id: claims.id[0]!, email: claims.email[0]!, externalId: claims.externalId[0]!, contactPersonId: claims.contactPersonId[0]!, pointId: claims.emailContactPointId[0]! };
  };

  it('bench01 logs in with ECE_BENCH_PASSWORD; its home and foreign departments are the five', async () => {
    const session = await login(t.app, 'bench01', defaultBenchPassword);
    const res = await t.app.inject({ method: 'GET', url: '/system/ws/v12/administration/user/login/bench01?$attribute=all', headers: session.headers });
    expect(res.statusCode, res.body).toBe(200);
    const user = res.json().user[0];
    expect(user.roles.role.map((r: { value: string }) => r.value)).toEqual(['administrator']);
    expect(user.department.name).toBe('Service');
    expect(user.departments.department.map((d: { name: string; home: string }) => `${d.name}:${d.home}`).sort()).toEqual(
      ['Billing:no', 'Claims:no', 'Sales:no', 'Service:yes', 'Support:no'],
    );
  });

  it('a seeded customer login opens a customer session (v15 context login)', async () => {
    const person = await one<{ login_id: string; customer_id: string }>('SELECT login_id, customer_id::text FROM contact_person WHERE login_id IS NOT NULL ORDER BY id LIMIT 1');
    const res = await t.app.inject({
      method: 'POST',
      url: '/system/ws/v15/context/authentication/user/login',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      payload: { userName: person.login_id.toUpperCase(), password: defaultCustomerPassword },
    });
    expect(res.statusCode, res.body).toBe(204);
  });

  // These need the customer API (src/areas/customer/, 03 §7.1–7.2).
  it('GET customer/{id}?$attribute=all returns the seeded customer with its contact person, contact points and custom attributes', async () => {
    const c = someCustomer();
    const session = await login(t.app, 'bench01', defaultBenchPassword);
    const res = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/customer/${c.id}?$attribute=all`, headers: session.headers });
    expect(res.statusCode, res.body).toBe(200);
    const customer = res.json().customer[0];
    const stored = await one<{ customer_name: string }>('SELECT customer_name FROM customer WHERE id = $1', [c.id]);
    expect(customer).toMatchObject({ id: String(c.id), customerName: stored.customer_name, department: { name: 'Claims' }, type: { value: 'individual' } });
    const person = customer.contactPersons.contactPerson;
    expect(person).toHaveLength(1);
    expect(person[0].id).toBe(String(c.contactPersonId));
    expect(person[0].contactPoints.contactPoint).toContainEqual(
      expect.objectContaining({ id: String(c.pointId), type: expect.objectContaining({ value: 'email', email: { emailAddress: c.email } }) }),
    );
    const attributes = Object.fromEntries(
      customer.customAttributes.customAttribute.map((a: { attribName: string; attribValues: { attribValue: { value: string }[] } }) => [a.attribName, a.attribValues.attribValue[0]!.value]),
    );
    expect(attributes.external_id).toBe(c.externalId);
    expect(['bronze', 'silver', 'gold', 'platinum']).toContain(attributes.loyalty_tier);
    expect(customer.created.date).toBeTruthy();
  });

  it('GET customer?email= and ?custom.external_id= find it', async () => {
    const c = someCustomer();
    const session = await login(t.app, 'bench01', defaultBenchPassword);
    const byEmail = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/customer?email=${encodeURIComponent(c.email.toUpperCase())}&$attribute=all`, headers: session.headers });
    expect(byEmail.statusCode, byEmail.body).toBe(200);
    expect(byEmail.json().customer.map((x: { id: string }) => x.id)).toEqual([String(c.id)]);
    const byExternalId = await t.app.inject({ method: 'GET', url: `/system/ws/v12/interaction/customer?custom.external_id=${c.externalId}`, headers: session.headers });
    expect(byExternalId.statusCode, byExternalId.body).toBe(200);
    expect(byExternalId.json().customer.map((x: { id: string }) => x.id)).toEqual([String(c.id)]);
    const platinum = await t.app.inject({ method: 'GET', url: '/system/ws/v12/interaction/customer?custom.loyalty_tier=platinum&$pagesize=25&$pagenum=1', headers: session.headers });
    expect(platinum.statusCode, platinum.body).toBe(200);
    expect(platinum.json().paginationInfo.count).toBe(manifest.customers!.platinumCount);
  });
});
