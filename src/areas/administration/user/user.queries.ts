// Data access of the user resource (07 §3). The search is one SQL statement built from the criteria of §3.3, so the
// wildcard, case-insensitive and home-or-foreign department rules are written once, the same on PostgreSQL and PGlite.
import type { Database } from '../../../db/database.ts';
import type { Prisma } from '../../../generated/prisma/client.ts';
import type { Tx } from '../common.ts';

type Client = Database['prisma'] | Tx;

const departmentRef = { select: { id: true, name: true } } as const;

export const userInclude = {
  department: departmentRef,
  foreignDepartments: { select: { department: departmentRef } },
  groups: { select: { group: { select: { id: true, name: true, departmentId: true } } } },
} satisfies Prisma.UserInclude;

export type UserRow = Prisma.UserGetPayload<{ include: typeof userInclude }>;

/**
 * Users with their home and foreign departments and groups. The relations are read one query after the other: inside
 * a transaction (one connection) Prisma would otherwise send sibling relation queries at the same time.
 */
export async function findUsers(client: Client, ids: readonly (string | bigint)[]): Promise<UserRow[]> {
  if (!ids.length) return [];
  const userIds = ids.map((id) => BigInt(id));
  const users = await client.user.findMany({ where: { id: { in: userIds } }, include: { department: departmentRef } });
  const foreign = await client.userDepartment.findMany({ where: { userId: { in: userIds } }, select: { userId: true, department: departmentRef } });
  const groups = await client.userGroupMember.findMany({
    where: { userId: { in: userIds } },
    select: { userId: true, group: userInclude.groups.select.group },
  });
  return users.map((u) => ({
    ...u,
    foreignDepartments: foreign.filter((f) => f.userId === u.id).map((f) => ({ department: f.department })),
    groups: groups.filter((g) => g.userId === u.id).map((g) => ({ group: g.group })),
  }));
}

/** Locks the rows of the users a write changes, in id order (no deadlock between two writers). */
export async function lockUsers(tx: Tx, ids: readonly string[]): Promise<void> {
  await tx.$queryRawUnsafe(`SELECT id FROM app_user WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`, ids.map((id) => BigInt(id)));
}

/**
 * Serialises the writes that can remove an enabled administrator, so two concurrent requests cannot each leave one
 * administrator and together leave none (07 §3.6, §3.7).
 */
export async function lockAdministrators(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(7100002)');
}

export async function countEnabledAdministrators(tx: Tx, excluding: readonly string[]): Promise<number> {
  const rows = await tx.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM app_user WHERE state = 'enabled' AND 'administrator' = ANY(roles) AND NOT (id = ANY($1::bigint[]))`,
    excluding.map((id) => BigInt(id)),
  );
  return rows[0]?.n ?? 0;
}

/** Users not deleted, outside `excluding`, holding one of these login ids or screen names (lower-cased). */
export async function holdersOf(
  tx: Tx,
  loginIds: readonly string[],
  screenNames: readonly string[],
  excluding: readonly string[],
): Promise<{ id: string; login: string; screen: string }[]> {
  if (!loginIds.length && !screenNames.length) return [];
  return tx.$queryRawUnsafe(
    `SELECT id::text AS id, lower(login_id) AS login, lower(screen_name) AS screen FROM app_user
      WHERE state <> 'deleted' AND NOT (id = ANY($3::bigint[]))
        AND (lower(login_id) = ANY($1::text[]) OR lower(screen_name) = ANY($2::text[]))
      ORDER BY id`,
    loginIds,
    screenNames,
    excluding.map((id) => BigInt(id)),
  );
}

export async function userIdByLogin(db: Database, loginId: string): Promise<string | undefined> {
  const rows = await db.query<{ id: string }>(`SELECT id::text AS id FROM app_user WHERE lower(login_id) = lower($1) AND state <> 'deleted'`, [loginId]);
  return rows[0]?.id;
}

/** The users among `ids` with at least one live staff session now (02 §6.2: idle and absolute limits). */
export async function loggedIn(db: Database, ids: readonly string[], now: Date, idleMinutes: number, lifetimeMinutes: number): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.query<{ id: string }>(
    `SELECT DISTINCT user_id::text AS id FROM session
      WHERE user_id = ANY($1::bigint[]) AND kind = 'user' AND ended_at IS NULL
        AND last_seen_at > $2::timestamptz - make_interval(mins => $3)
        AND created_at > $2::timestamptz - make_interval(mins => $4)`,
    [ids, now, idleMinutes, lifetimeMinutes],
  );
  return new Set(rows.map((r) => r.id));
}

export type LanguageRow = { id: bigint; code: string; label: string; isDefault: boolean };

export async function languages(client: Client): Promise<LanguageRow[]> {
  return client.language.findMany({ select: { id: true, code: true, label: true, isDefault: true }, orderBy: { id: 'asc' } });
}

// ---------------------------------------------------------------------------------------------------------------
// Search (§3.3)
// ---------------------------------------------------------------------------------------------------------------

export type UserFilter = {
  departmentId?: string;
  groupId?: string;
  /** Effective members of a queue (§7), resolved by the service. */
  memberIds?: readonly string[];
  role?: string;
  loginId?: string;
  screenName?: string;
  name?: string;
  emailAddress?: string;
  states: readonly string[];
  availableChat?: boolean;
  availableEmail?: boolean;
};

export const sortColumns: Record<string, string> = {
  id: 'u.id',
  loginId: 'lower(u.login_id)',
  screenName: 'lower(u.screen_name)',
  firstName: 'lower(u.first_name)',
  lastName: 'lower(u.last_name)',
};

/** `*` matches any run of characters; everything else literally, case-insensitively (LIKE with `\` as escape). */
export function wildcard(value: string): string {
  return value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
}

function whereOf(f: UserFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = [`u.state = ANY(${p(f.states)}::text[])`];
  if (f.departmentId !== undefined) {
    const d = p(f.departmentId);
    where.push(`(u.department_id = ${d}::bigint OR EXISTS (SELECT 1 FROM user_department ud WHERE ud.user_id = u.id AND ud.department_id = ${d}::bigint))`);
  }
  if (f.groupId !== undefined) where.push(`EXISTS (SELECT 1 FROM user_group_member m WHERE m.user_id = u.id AND m.group_id = ${p(f.groupId)}::bigint)`);
  if (f.memberIds !== undefined) where.push(`u.id = ANY(${p(f.memberIds)}::bigint[])`);
  if (f.role !== undefined) where.push(`${p(f.role)}::text = ANY(u.roles)`);
  if (f.loginId !== undefined) where.push(`lower(u.login_id) = lower(${p(f.loginId)})`);
  if (f.screenName !== undefined) where.push(`lower(u.screen_name) LIKE ${p(wildcard(f.screenName))} ESCAPE '\\'`);
  if (f.name !== undefined) {
    const n = p(wildcard(f.name));
    const cols = ['u.first_name', 'u.last_name', 'u.screen_name', `concat_ws(' ', u.first_name, u.last_name)`];
    where.push(`(${cols.map((c) => `lower(${c}) LIKE ${n} ESCAPE '\\'`).join(' OR ')})`);
  }
  if (f.emailAddress !== undefined) where.push(`lower(u.email_address) = ${p(f.emailAddress.toLowerCase())}`);
  if (f.availableChat !== undefined) where.push(`u.available_chat = ${p(f.availableChat)}`);
  if (f.availableEmail !== undefined) where.push(`u.available_email = ${p(f.availableEmail)}`);
  return { sql: where.join(' AND '), params };
}

export async function countUsers(db: Database, f: UserFilter): Promise<number> {
  const w = whereOf(f);
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM app_user u WHERE ${w.sql}`, w.params);
  return rows[0]?.n ?? 0;
}

export async function searchUserIds(
  db: Database,
  f: UserFilter,
  sort: { field: string; order: 'asc' | 'desc' },
  page: { offset: number; limit: number },
): Promise<string[]> {
  const w = whereOf(f);
  const dir = sort.order === 'desc' ? 'DESC' : 'ASC';
  const key = sortColumns[sort.field] ?? 'u.id';
  const order = key === 'u.id' ? `u.id ${dir}` : `${key} ${dir}, u.id ${dir}`;
  const n = w.params.length;
  const rows = await db.query<{ id: string }>(
    `SELECT u.id::text AS id FROM app_user u WHERE ${w.sql} ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...w.params, page.limit, page.offset],
  );
  return rows.map((r) => r.id);
}
