// Step 2 — staff users of 10 §2.1 (not scaled): besides the existing `sa`, 2 administrators, 5 supervisors per
// department, the agents (135/60/45/36/24) and bench01..bench05 (administrators; home department Service, Sales,
// Billing, Support, Claims in turn, the other four as foreign departments): 333 users with `sa`.
//
// Every seeded user has the password ECE_BENCH_PASSWORD, hashed once (one scrypt hash shared by all rows).
import { firstNames, lastNames } from '../lists.ts';
import { need, type SeedContext, type SeedStep, type SeededUser } from '../pipeline.ts';
import type { Rng } from '../random.ts';
import { administratorCount, benchLoginId, benchUserCount, departmentProfiles } from '../reference.ts';
import { insertColumns, iso } from '../sql.ts';

export type UserKind = 'administrator' | 'supervisor' | 'agent' | 'bench';

export type UserPlan = {
  kind: UserKind;
  loginId: string;
  screenName: string;
  firstName: string;
  lastName: string;
  emailAddress: string;
  /** Index into departmentProfiles. */
  department: number;
  roles: string[];
  /** Foreign departments (indexes). */
  foreign: number[];
};

const slug = (name: string) => name.toLowerCase();

/** The users to create, in id order; deterministic for a seed. */
export function planUsers(rng: Rng): UserPlan[] {
  const screenNames = new Set<string>(['sa']);
  const plans: UserPlan[] = [];
  const add = (kind: UserKind, loginId: string, department: number, roles: string[], foreign: number[] = []) => {
    const firstName = rng.pick(firstNames);
    const lastName = rng.pick(lastNames);
    // Screen names are unique (case-insensitively, 07 §3.1) and shown to customers in chats: "First Last", numbered
    // when two users draw the same name.
    let screenName = `${firstName} ${lastName}`;
    for (let k = 2; screenNames.has(screenName.toLowerCase()); k++) screenName = `${firstName} ${lastName} ${k}`;
    screenNames.add(screenName.toLowerCase());
    plans.push({ kind, loginId, screenName, firstName, lastName, emailAddress: `${loginId}@staff.example.com`, department, roles, foreign });
  };
  for (let i = 0; i < administratorCount; i++) add('administrator', `admin${String(i + 1).padStart(2, '0')}`, i % departmentProfiles.length, ['administrator']);
  departmentProfiles.forEach((d, dept) => {
    for (let i = 0; i < d.supervisors; i++) add('supervisor', `${slug(d.name)}.sup${String(i + 1).padStart(2, '0')}`, dept, ['supervisor']);
  });
  departmentProfiles.forEach((d, dept) => {
    for (let i = 0; i < d.agents; i++) add('agent', `${slug(d.name)}.agent${String(i + 1).padStart(3, '0')}`, dept, ['agent']);
  });
  for (let i = 0; i < benchUserCount; i++) {
    const home = i % departmentProfiles.length;
    add('bench', benchLoginId(i), home, ['administrator'], departmentProfiles.map((_, d) => d).filter((d) => d !== home));
  }
  return plans;
}

export const usersStep: SeedStep = {
  name: 'users',
  tables: ['app_user', 'user_department'],
  async run(ctx: SeedContext) {
    const sa = need(ctx.state.sa, 'sa');
    const departments = need(ctx.state.departments, 'departments');
    const plans = planUsers(ctx.rng('users'));
    const progress = ctx.progress.step('users', plans.length, 'users');
    const hash = await ctx.passwordHash(ctx.options.benchPassword);
    const loginKeys = plans.map((p) => p.loginId.toLowerCase());

    const ids = await ctx.transaction(async (tx) => {
      // A user whose login id exists already (a --force run on a seeded database) is reused as it is; one whose
      // screen name only is taken is not created, and the check below stops the run.
      await insertColumns(
        tx,
        'app_user',
        {
          login_id: ['text', plans.map((p) => p.loginId)],
          screen_name: ['text', plans.map((p) => p.screenName)],
          first_name: ['text', plans.map((p) => p.firstName)],
          last_name: ['text', plans.map((p) => p.lastName)],
          email_address: ['text', plans.map((p) => p.emailAddress)],
          department_id: ['bigint', plans.map((p) => departments[p.department]!.id)],
          _roles: ['text', plans.map((p) => p.roles.join(','))],
        },
        {
          state: `'enabled'`,
          roles: `string_to_array("_roles", ',')`,
          password_hash: '$$1',
          created_at: '$$2::timestamptz',
          created_by_id: '$$3::bigint',
          last_modified_at: '$$2::timestamptz',
          last_modified_by_id: '$$3::bigint',
        },
        { params: [hash, iso(ctx.setupAt), sa.id], suffix: 'ON CONFLICT DO NOTHING' },
      );
      const rows = await tx.$queryRawUnsafe<{ id: string; key: string; department_id: string }[]>(
        `SELECT id::text AS id, lower(login_id) AS key, department_id::text AS department_id FROM app_user
          WHERE lower(login_id) = ANY($1::text[]) AND state <> 'deleted'`,
        loginKeys,
      );
      const byLogin = new Map(rows.map((r) => [r.key, r]));
      const foreignUser: string[] = [];
      const foreignDepartment: string[] = [];
      for (const p of plans) {
        for (const d of p.foreign) {
          foreignUser.push(byLogin.get(p.loginId.toLowerCase())!.id);
          foreignDepartment.push(departments[d]!.id);
        }
      }
      await tx.$executeRawUnsafe(
        `INSERT INTO user_department (user_id, department_id) SELECT * FROM unnest($1::bigint[], $2::bigint[]) ON CONFLICT DO NOTHING`,
        foreignUser,
        foreignDepartment,
      );
      return byLogin;
    });

    const seeded = plans.map((p): SeededUser & { plan: UserPlan } => {
      const row = ids.get(p.loginId.toLowerCase());
      if (!row) throw new Error(`user ${p.loginId} was not created`);
      return { id: row.id, loginId: p.loginId, departmentId: row.department_id, plan: p };
    });
    const strip = ({ plan: _plan, ...user }: SeededUser & { plan: UserPlan }): SeededUser => user;
    const byDepartment = (kind: UserKind) => departmentProfiles.map((_, d) => seeded.filter((u) => u.plan.kind === kind && u.plan.department === d).map(strip));
    ctx.state.users = {
      sa,
      administrators: seeded.filter((u) => u.plan.kind === 'administrator').map(strip),
      supervisors: byDepartment('supervisor'),
      agents: byDepartment('agent'),
      bench: seeded.filter((u) => u.plan.kind === 'bench').map(strip),
    };
    ctx.manifest.users = {
      passwordEnv: 'ECE_BENCH_PASSWORD',
      bench: seeded
        .filter((u) => u.plan.kind === 'bench')
        .map((u) => ({ id: u.id, loginId: u.loginId, department: departments[u.plan.department]!.name })),
    };
    ctx.count('users', plans.length + 1); // with sa
    progress.add(plans.length);
    progress.done(`${plans.length} users (+ sa)`);
  },
};
