// Use cases of the user resource (07 §3): get by ids, search, get by login id, create, edit, delete, set password,
// set availability. HTTP-free: routes pass what they parsed; every write is one adminWrite transaction.
import { Err } from '../../../errors/app-error.ts';
import { authorize } from '../../../authz/permissions.ts';
import { visibleDepartments } from '../../../authz/scope.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import { hashPassword, verifyPassword } from '../../authentication/passwords.ts';
import { hashSecret } from '../../authentication/tokens.ts';
import type { ServiceContext } from '../../service-context.ts';
import { actorUserId, adminWrite, checkConcurrency, nextModified, userRefs, type Tx } from '../common.ts';
import { presentUser, type UserAttribute } from './user.presenter.ts';
import { readAvailability, readPassword, readUser, type UserInput } from './user.schema.ts';
import {
  countUsers,
  findUsers,
  languages,
  lockAdministrators,
  lockUsers,
  loggedIn,
  searchUserIds,
  userIdByLogin,
  type UserFilter,
} from './user.queries.ts';
import { checkAdministrators, checkUnique, conflict, plan, reasons, uniqueViolation, type Plan } from './user.rules.ts';
import { currentLoads, queueMemberIds, removeQueueMemberships, userBecameAvailableForChat, usersWithOpenAssignedActivities } from './user.seams.ts';

type Obj = Record<string, unknown>;
export type UserView = ReturnType<typeof presentUser>;

const isSelf = (ctx: ServiceContext, id: string) => ctx.actor.kind === 'user' && String(ctx.actor.userId) === id;

// ---------------------------------------------------------------------------------------------------------------
// Reads (§3.2–§3.4)
// ---------------------------------------------------------------------------------------------------------------

/** The views of these users in this order, with the attribute groups `q` asks for. */
async function views(ctx: ServiceContext, ids: readonly string[], q: ParsedQuery): Promise<UserView[]> {
  const rows = await findUsers(ctx.db.prisma, ids);
  const byId = new Map(rows.map((r) => [String(r.id), r]));
  const ordered = ids.flatMap((id) => byId.get(id) ?? []);
  const wants = (group: UserAttribute) => wantsAttribute(q, group);
  const refs = await userRefs(ctx, ordered.flatMap((r) => [r.lastModifiedById, wants('created') ? r.createdById : null]));
  let online = new Set<string>();
  if (wants('status')) {
    const [idle, lifetime] = await Promise.all([ctx.settings.get('sessionIdleTimeoutMinutes'), ctx.settings.get('sessionMaxLifetimeMinutes')]);
    online = await loggedIn(ctx.db, ids, ctx.now(), idle, lifetime);
  }
  const load = wants('currentLoad') ? await currentLoads(ctx, ids) : new Map();
  const langs = wants('language') ? await languages(ctx.db.prisma) : [];
  return ordered.map((r) => presentUser(r, { wants, refs, loggedIn: online, load, languages: langs }));
}

/** §3.2: deleted users too; any id unknown → 404-101 naming each. */
export async function getUsers(ctx: ServiceContext, ids: readonly string[], q: ParsedQuery): Promise<UserView[]> {
  authorize(ctx.actor, 'admin.read');
  const items = await views(ctx, ids, q);
  const found = new Set(items.map((u) => u.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw Err.idsNotFound(missing);
  return items;
}

/** §3.4: case-insensitive, among users not deleted. */
export async function getUserByLogin(ctx: ServiceContext, loginId: string, q: ParsedQuery): Promise<UserView[]> {
  authorize(ctx.actor, 'admin.read');
  const id = await userIdByLogin(ctx.db, loginId);
  if (!id) throw Err.idsNotFound([loginId]);
  return views(ctx, [id], q);
}

/** The stored filter of the §3.3 criteria; a department, group or queue that does not exist → 404-101. */
async function filterOf(ctx: ServiceContext, q: ParsedQuery): Promise<UserFilter> {
  const state = criterion(q, 'state', 'enum');
  const f: UserFilter = { states: state ? [state.value] : ['enabled', 'disabled'] };
  const department = criterion(q, 'department', 'string');
  if (department) {
    const v = department.value.trim();
    const rows = /^[0-9]{1,16}$/.test(v)
      ? await ctx.db.query<{ id: string }>('SELECT id::text AS id FROM department WHERE id = $1::bigint', [v])
      : await ctx.db.query<{ id: string }>('SELECT id::text AS id FROM department WHERE lower(name) = lower($1) ORDER BY id LIMIT 1', [v]);
    if (!rows[0]) throw Err.idsNotFound([department.value]);
    f.departmentId = rows[0].id;
  }
  const group = criterion(q, 'group', 'id');
  if (group) {
    if (!(await ctx.db.prisma.userGroup.findUnique({ where: { id: BigInt(group.value) }, select: { id: true } }))) throw Err.idsNotFound([group.value]);
    f.groupId = group.value;
  }
  const queue = criterion(q, 'queue', 'id');
  if (queue) f.memberIds = await queueMemberIds(ctx, queue.value);
  const role = criterion(q, 'role', 'enum');
  if (role) f.role = role.value;
  for (const name of ['loginId', 'screenName', 'name'] as const) {
    const c = criterion(q, name, 'string');
    if (c) f[name] = c.value;
  }
  const email = criterion(q, 'emailAddress', 'email');
  if (email) f.emailAddress = email.value;
  const chat = criterion(q, 'availability.chat', 'enum');
  if (chat) f.availableChat = chat.value === 'available';
  const mail = criterion(q, 'availability.email', 'enum');
  if (mail) f.availableEmail = mail.value === 'available';
  return f;
}

/** §3.3: one page of the matching users and the exact total. */
export async function searchUsers(ctx: ServiceContext, q: ParsedQuery): Promise<{ items: UserView[]; count: number }> {
  authorize(ctx.actor, 'admin.read');
  const filter = await filterOf(ctx, q);
  const count = await countUsers(ctx.db, filter);
  if (q.count || count <= q.paging.offset) return { items: [], count };
  const ids = await searchUserIds(ctx.db, filter, q.sort, { offset: q.paging.offset, limit: q.paging.limit });
  return { items: await views(ctx, ids, q), count };
}

// ---------------------------------------------------------------------------------------------------------------
// Create and edit (§3.5, §3.6)
// ---------------------------------------------------------------------------------------------------------------

const columns = (p: Plan) => ({
  loginId: p.loginId,
  screenName: p.screenName,
  firstName: p.firstName,
  lastName: p.lastName,
  emailAddress: p.emailAddress,
  departmentId: p.departmentId,
  roles: p.roles,
  state: p.state,
  availableChat: p.availableChat,
  availableEmail: p.availableEmail,
  maxLoadChat: p.maxLoadChat,
  maxLoadEmail: p.maxLoadEmail,
  maxActivitiesToPull: p.maxActivitiesToPull,
  languageId: p.languageId,
});

/** Ends every live session of these users except `keep` (02 §6.4). */
async function endSessions(tx: Tx, userIds: readonly (string | bigint)[], now: Date, keep?: string): Promise<void> {
  if (!userIds.length) return;
  await tx.session.updateMany({
    where: { userId: { in: userIds.map((id) => BigInt(id)) }, endedAt: null, ...(keep ? { NOT: { idHash: Uint8Array.from(hashSecret(keep)) } } : {}) },
    data: { endedAt: now },
  });
}

/** Runs a user write; a concurrent duplicate caught by the unique indexes becomes the same 409-102. */
async function userWrite<T>(ctx: ServiceContext, plans: Plan[], fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await adminWrite(ctx, fn);
  } catch (err) {
    throw uniqueViolation(err, plans) ?? err;
  }
}

/** §3.5: returns the new user as `q` asks for it. */
export async function createUser(ctx: ServiceContext, body: Obj, q: ParsedQuery): Promise<UserView> {
  const input = readUser(body, 'create');
  authorize(ctx.actor, 'admin.write');
  const passwordHash = await hashPassword(input.password!);
  const plans: Plan[] = [];
  const id = await userWrite(ctx, plans, async (tx) => {
    const p = await plan(tx, input, await languages(tx));
    plans.push(p);
    await checkUnique(tx, plans);
    const now = ctx.now();
    const by = actorUserId(ctx);
    const user = await tx.user.create({
      data: { ...columns(p), passwordHash, createdAt: now, createdById: by, lastModifiedAt: now, lastModifiedById: by },
      select: { id: true },
    });
    if (p.foreignIds.length) await tx.userDepartment.createMany({ data: p.foreignIds.map((departmentId) => ({ userId: user.id, departmentId })) });
    if (p.groupIds.length) await tx.userGroupMember.createMany({ data: p.groupIds.map((groupId) => ({ userId: user.id, groupId })) });
    return String(user.id);
  });
  const [view] = await views(ctx, [id], q);
  return view!;
}

/** §3.6: every item or none; disabling ends the user's sessions in the same transaction. */
export async function editUsers(ctx: ServiceContext, items: Obj[]): Promise<void> {
  const edits: { id: string; input: UserInput }[] = [];
  items.forEach((item, i) => {
    const id = String(item.id);
    if (edits.some((e) => e.id === id)) throw Err.invalidAttribute(`user[${i}].id`, id);
    edits.push({ id, input: readUser(item, 'edit', `user[${i}]`) });
  });
  authorize(ctx.actor, 'admin.write');
  const plans: Plan[] = [];
  await userWrite(ctx, plans, async (tx) => {
    await lockAdministrators(tx);
    const ids = edits.map((e) => e.id);
    await lockUsers(tx, ids);
    const rows = new Map((await findUsers(tx, ids)).filter((r) => r.state !== 'deleted').map((r) => [String(r.id), r]));
    const missing = ids.filter((id) => !rows.has(id));
    if (missing.length) throw Err.idsNotFound(missing);
    const langs = await languages(tx);
    for (const e of edits) plans.push(await plan(tx, e.input, langs, rows.get(e.id)));
    await checkUnique(tx, plans);
    await checkAdministrators(tx, plans);
    for (const e of edits) checkConcurrency(e.id, e.input.lastModified, rows.get(e.id)!.lastModifiedAt);

    const now = ctx.now();
    // Values that move between users of one list (a swap) would meet in the unique indexes halfway: park them first
    // under a value no body can carry (control characters are refused on input, 01 §3.4).
    const moved = plans.filter((p) => p.loginId !== p.existing!.loginId || p.screenName !== p.existing!.screenName);
    if (plans.length > 1) {
      for (const p of moved) await tx.user.update({ where: { id: BigInt(p.id!) }, data: { loginId: `\u0001${p.id}`, screenName: `\u0001${p.id}` } });
    }
    for (const p of plans) {
      const userId = BigInt(p.id!);
      await tx.user.update({
        where: { id: userId },
        data: { ...columns(p), lastModifiedAt: nextModified(p.existing!.lastModifiedAt, now), lastModifiedById: actorUserId(ctx) },
      });
      await tx.userDepartment.deleteMany({ where: { userId, departmentId: { notIn: p.foreignIds } } });
      const had = new Set(p.existing!.foreignDepartments.map((d) => String(d.department.id)));
      const added = p.foreignIds.filter((d) => !had.has(String(d)));
      if (added.length) await tx.userDepartment.createMany({ data: added.map((departmentId) => ({ userId, departmentId })) });
      if (p.groupsChanged) {
        await tx.userGroupMember.deleteMany({ where: { userId } });
        if (p.groupIds.length) await tx.userGroupMember.createMany({ data: p.groupIds.map((groupId) => ({ userId, groupId })) });
      }
    }
    await endSessions(tx, plans.filter((p) => p.state !== 'enabled').map((p) => p.id!), now);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Delete (§3.7)
// ---------------------------------------------------------------------------------------------------------------

/** Soft delete: state `deleted`, sessions end, group and queue memberships go, the login id becomes free. */
export async function deleteUsers(ctx: ServiceContext, ids: readonly string[]): Promise<void> {
  authorize(ctx.actor, 'admin.write');
  await adminWrite(ctx, async (tx) => {
    await lockAdministrators(tx);
    await lockUsers(tx, ids);
    const rows = new Map((await findUsers(tx, ids)).filter((r) => r.state !== 'deleted').map((r) => [String(r.id), r]));
    const missing = ids.filter((id) => !rows.has(id));
    if (missing.length) throw Err.idsNotFound(missing);
    const protectedIds = ids.filter((id) => isSelf(ctx, id) || rows.get(id)!.loginId.toLowerCase() === 'sa');
    if (protectedIds.length) throw conflict(protectedIds, reasons.notDeletable);
    await checkAdministrators(tx, ids.map((id) => ({ id, existing: rows.get(id)!, state: 'deleted', roles: rows.get(id)!.roles as Plan['roles'] })));
    const busy = await usersWithOpenAssignedActivities(tx, ids);
    if (busy.length) throw conflict(busy, reasons.hasActivities);

    const now = ctx.now();
    for (const [id, row] of rows) {
      await tx.user.update({
        where: { id: BigInt(id) },
        data: { state: 'deleted', lastModifiedAt: nextModified(row.lastModifiedAt, now), lastModifiedById: actorUserId(ctx) },
      });
    }
    await tx.userGroupMember.deleteMany({ where: { userId: { in: ids.map((id) => BigInt(id)) } } });
    await removeQueueMemberships(tx, ids);
    await endSessions(tx, ids, now);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Password and availability (§3.8, §3.9)
// ---------------------------------------------------------------------------------------------------------------

/** §3.8: own password (needs `oldPassword`) or an administrator's reset; clears the lockout; ends other sessions. */
export async function setPassword(ctx: ServiceContext, id: string, body: { password: string; oldPassword?: string }): Promise<void> {
  const input = readPassword(body);
  const own = isSelf(ctx, id);
  authorize(ctx.actor, own ? 'password.self' : 'admin.write');
  const user = await ctx.db.prisma.user.findUnique({ where: { id: BigInt(id) }, select: { state: true, passwordHash: true } });
  if (!user || user.state === 'deleted') throw Err.idsNotFound([id]);
  if (own) {
    if (input.oldPassword === undefined) throw Err.missingAttribute('oldPassword');
    if (!(await verifyPassword(input.oldPassword, user.passwordHash))) throw Err.invalidAttribute('oldPassword', '');
  }
  const passwordHash = await hashPassword(input.password);
  await adminWrite(ctx, async (tx) => {
    await lockUsers(tx, [id]);
    const row = await tx.user.findUnique({ where: { id: BigInt(id) }, select: { state: true, lastModifiedAt: true } });
    if (!row || row.state === 'deleted') throw Err.idsNotFound([id]);
    const now = ctx.now();
    await tx.user.update({
      where: { id: BigInt(id) },
      data: {
        passwordHash,
        failedLogins: 0,
        firstFailureAt: null,
        lockedUntil: null,
        lastModifiedAt: nextModified(row.lastModifiedAt, now),
        lastModifiedById: actorUserId(ctx),
      },
    });
    await endSessions(tx, [id], now, ctx.actor.sessionId);
  });
}

/**
 * §3.9: own availability, or (availability.department) a user sharing a department with the caller, else 403-197;
 * an administrator sees every department (02 §7.3). A user not enabled → 409-102.
 */
export async function setAvailability(ctx: ServiceContext, id: string, body: Obj): Promise<void> {
  const input = readAvailability(body);
  const own = isSelf(ctx, id);
  authorize(ctx.actor, own ? 'availability.self' : 'availability.department');
  const becameAvailable = await adminWrite(ctx, async (tx) => {
    await lockUsers(tx, [id]);
    const [user] = await findUsers(tx, [id]);
    if (!user) throw Err.idsNotFound([id]);
    const visible = visibleDepartments(ctx.actor);
    const departments = [user.departmentId, ...user.foreignDepartments.map((d) => d.department.id)];
    if (!own && visible !== 'all' && !departments.some((d) => visible.has(d))) throw Err.notAuthorized();
    if (user.state !== 'enabled') throw conflict([id], reasons.notEnabled);
    await tx.user.update({
      where: { id: user.id },
      data: {
        ...(input.chat === undefined ? {} : { availableChat: input.chat }),
        ...(input.email === undefined ? {} : { availableEmail: input.email }),
        lastModifiedAt: nextModified(user.lastModifiedAt, ctx.now()),
        lastModifiedById: actorUserId(ctx),
      },
    });
    return input.chat === true && !user.availableChat;
  });
  if (becameAvailable) await userBecameAvailableForChat(ctx, id);
}
