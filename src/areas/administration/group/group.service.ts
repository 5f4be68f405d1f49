// User group use cases (07 §5): list, get by ids, create, edit, delete. Reads need admin.read, writes admin.write
// (07 §1.2); every write is one adminWrite transaction (07 §1.1).
import { authorize } from '../../../authz/permissions.ts';
import { Err } from '../../../errors/app-error.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { bodyDepartment, departmentFilter } from '../shared/filters.ts';
import { actorUserId, nextModified, userRefs } from '../common.ts';
import type { Db } from '../shared/admin-list.queries.ts';
import { checkToken, distinct, optionalText, readToken, requireAll, requiredText } from '../shared/admin-edit.ts';
import { checkedWrite, valueInUse, valuesInUse, checkNamesPerDepartment } from '../shared/conflicts.ts';
import type { GroupCreate, GroupEdit } from './group.schema.ts';
import {
  detachGroups,
  findGroupNameHolder,
  findGroups,
  findMemberCandidates,
  pageGroups,
  setMembers,
  userExists,
  type GroupRow,
} from './group.queries.ts';
import { presentGroup } from './group.presenter.ts';

async function present(ctx: ServiceContext, rows: GroupRow[], q: ParsedQuery) {
  const opts = { users: wantsAttribute(q, 'users'), created: wantsAttribute(q, 'created') };
  const refs = await userRefs(ctx, rows.flatMap((r) => [r.lastModifiedById, opts.created ? r.createdById : null]));
  return rows.map((r) => presentGroup(r, refs, opts));
}

export async function listGroups(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const db = ctx.db.prisma;
  // Ids in the filters must exist (07 §19, 01 §5.7): 404-101.
  const departmentId = await departmentFilter(db, q);
  const user = criterion(q, 'user', 'id')?.value;
  if (user !== undefined && !(await userExists(db, BigInt(user)))) throw Err.idsNotFound([user]);

  const filter = { departmentId, name: criterion(q, 'name', 'string')?.value, userId: user === undefined ? undefined : BigInt(user) };
  const page = await pageGroups(db, filter, q);
  const items = await present(ctx, await findGroups(db, page.ids, wantsAttribute(q, 'users')), q);
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

export async function getGroups(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const rows = await findGroups(ctx.db.prisma, ids, wantsAttribute(q, 'users'));
  requireAll(ids, rows);
  return present(ctx, rows, q);
}

type Members = { user?: { id: string }[] | undefined } | null | undefined;

/** The member ids a body sends (undefined: unchanged; null or no `user`: none), duplicates removed. */
const memberIds = (users: Members): bigint[] | undefined => (users === undefined ? undefined : distinct((users?.user ?? []).map((u) => BigInt(u.id))));

/**
 * Each member must be a user (not deleted) with the group's department as home or foreign department (07 §5):
 * else 400-152 on `<path>.user[j].id`.
 */
async function checkMembers(db: Db, departmentId: bigint, users: Members, path: string): Promise<void> {
  const sent = users?.user ?? [];
  if (!sent.length) return;
  const candidates = await findMemberCandidates(db, sent.map((u) => BigInt(u.id)), departmentId);
  sent.forEach((u, j) => {
    if (!candidates.get(BigInt(u.id))?.inDepartment) throw Err.invalidAttribute(`${path}.user[${j}].id`, u.id);
  });
}

export async function createGroup(ctx: ServiceContext, body: GroupCreate, q: ParsedQuery) {
  const ref = body.department;
  if (ref.id === undefined && !ref.name) throw Err.missingAttribute('department');
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  const row = await checkedWrite(
    ctx,
    async (tx) => {
      const departmentId = await bodyDepartment(tx, ref);
      await checkMembers(tx, departmentId, body.users, 'users');
      const holder = await findGroupNameHolder(tx, departmentId, body.name);
      if (holder !== undefined) throw valueInUse('name', body.name, { holder: String(holder) });
      const created = await tx.userGroup.create({
        data: {
          name: body.name,
          description: body.description || null,
          departmentId,
          createdAt: now,
          createdById: by,
          lastModifiedAt: now,
          lastModifiedById: by,
        },
      });
      await setMembers(tx, created.id, memberIds(body.users) ?? []);
      return (await findGroups(tx, [created.id], wantsAttribute(q, 'users')))[0]!;
    },
    (kind) => (kind === 'unique' ? valueInUse('name', body.name, { holder: body.name }) : Err.invalidAttribute('department.id', ref.id ?? ref.name)),
  );
  return (await present(ctx, [row], q))[0]!;
}

export async function editGroups(ctx: ServiceContext, items: GroupEdit) {
  const edits = items.map((item, i) => {
    const path = `group[${i}]`;
    return {
      id: BigInt(item.id),
      path,
      name: requiredText(item.name, `${path}.name`),
      description: optionalText(item.description),
      users: item.users,
      token: readToken(item.lastModified, path),
    };
  });
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await checkedWrite(
    ctx,
    async (tx) => {
      const ids = distinct(edits.map((e) => e.id));
      const rows = await findGroups(tx, ids);
      requireAll(ids, rows);
      const stored = new Map(rows.map((r) => [r.id, r]));

      for (const e of edits) await checkMembers(tx, stored.get(e.id)!.departmentId, e.users, `${e.path}.users`);

      await checkNamesPerDepartment(stored, edits, (departmentId, name, except) => findGroupNameHolder(tx, departmentId, name, except));

      for (const e of edits) checkToken(e.id, e.token, stored.get(e.id)!.lastModifiedAt);

      for (const id of ids) {
        const data: { name?: string; description?: string | null } = {};
        let members: bigint[] | undefined;
        for (const e of edits.filter((x) => x.id === id)) {
          if (e.name !== undefined) data.name = e.name;
          if (e.description !== undefined) data.description = e.description;
          members = memberIds(e.users) ?? members;
        }
        await tx.userGroup.update({ where: { id }, data: { ...data, lastModifiedAt: nextModified(stored.get(id)!.lastModifiedAt, now), lastModifiedById: by } });
        if (members) await setMembers(tx, id, members);
      }
    },
    (kind) => (kind === 'unique' ? valuesInUse('name', distinct(edits.map((e) => String(e.id)))) : Err.invalidAttribute(`${edits[0]!.path}.users`, '')),
  );
}

export async function deleteGroups(ctx: ServiceContext, ids: bigint[]) {
  authorize(ctx.actor, 'admin.write');
  await checkedWrite(
    ctx,
    async (tx) => {
      requireAll(ids, await findGroups(tx, ids));
      await detachGroups(tx, ids);
      await tx.userGroup.deleteMany({ where: { id: { in: ids } } });
    },
    () => Err.idsNotFound(ids.map(String)),
  );
}
