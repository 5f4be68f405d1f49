// Department use cases (07 §4): list, get by ids, create, edit, delete. Reads need admin.read, writes admin.write
// (07 §1.2); every write is one adminWrite transaction (07 §1.1).
import { authorize } from '../../../authz/permissions.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { actorUserId, nextModified, presentStamped } from '../common.ts';
import { checkToken, distinct, optionalText, readToken, requireAll, requiredText } from '../shared/admin-edit.ts';
import { checkedWrite, stillInUse, valueInUse, valuesInUse } from '../shared/conflicts.ts';
import type { DepartmentCreate, DepartmentEdit } from './department.schema.ts';
import { findDepartments, findNameHolders, pageDepartments, type DepartmentRow } from './department.queries.ts';
import { findDepartmentReferences } from './department.references.ts';
import { presentDepartment } from './department.presenter.ts';

function present(ctx: ServiceContext, rows: DepartmentRow[], q: ParsedQuery) {
  const withCreated = wantsAttribute(q, 'created');
  return presentStamped(ctx, rows, withCreated, (r, refs) => presentDepartment(r, refs, withCreated));
}

export async function listDepartments(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const page = await pageDepartments(ctx.db.prisma, { name: criterion(q, 'name', 'string')?.value }, q);
  const items = await present(ctx, await findDepartments(ctx.db.prisma, page.ids), q);
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

export async function getDepartments(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const rows = await findDepartments(ctx.db.prisma, ids);
  requireAll(ids, rows);
  return present(ctx, rows, q);
}

export async function createDepartment(ctx: ServiceContext, body: DepartmentCreate, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  const row = await checkedWrite(
    ctx,
    async (tx) => {
      const holder = (await findNameHolders(tx, [body.name]))[0];
      if (holder) throw valueInUse('name', body.name, { holder: String(holder.id) });
      const created = await tx.department.create({
        data: { name: body.name, description: body.description || null, createdAt: now, createdById: by, lastModifiedAt: now, lastModifiedById: by },
      });
      // Every department has a root knowledge folder named like it (07 §4, 06 §8).
      await tx.kbFolder.create({
        data: { name: created.name, departmentId: created.id, createdAt: now, createdById: by, lastModifiedAt: now, lastModifiedById: by },
      });
      return created;
    },
    () => valueInUse('name', body.name, { holder: body.name }),
  );
  return (await present(ctx, [row], q))[0]!;
}

export async function editDepartments(ctx: ServiceContext, items: DepartmentEdit) {
  const edits = items.map((item, i) => {
    const path = `department[${i}]`;
    return {
      id: BigInt(item.id),
      path,
      name: requiredText(item.name, `${path}.name`),
      description: optionalText(item.description),
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
      const rows = await findDepartments(tx, ids);
      requireAll(ids, rows);
      const stored = new Map(rows.map((r) => [r.id, r]));

      // Uniqueness of the names the request leaves (07 §4), among the edited rows and against the others.
      const finalName = new Map(rows.map((r) => [r.id, r.name]));
      for (const e of edits) if (e.name !== undefined) finalName.set(e.id, e.name);
      const seen = new Set<string>();
      for (const [id, name] of finalName) {
        if (seen.has(name.toLowerCase())) throw valueInUse('name', name, { edited: String(id) });
        seen.add(name.toLowerCase());
      }
      const renamed = edits.filter((e) => e.name !== undefined && e.name.toLowerCase() !== stored.get(e.id)!.name.toLowerCase());
      const holders = await findNameHolders(tx, renamed.map((e) => e.name!), ids);
      for (const e of renamed) {
        if (holders.some((h) => h.name.toLowerCase() === e.name!.toLowerCase())) throw valueInUse('name', e.name!, { edited: String(e.id) });
      }

      for (const e of edits) checkToken(e.id, e.token, stored.get(e.id)!.lastModifiedAt);

      for (const id of ids) {
        const mine = edits.filter((e) => e.id === id);
        const data: { name?: string; description?: string | null } = {};
        for (const e of mine) {
          if (e.name !== undefined) data.name = e.name;
          if (e.description !== undefined) data.description = e.description;
        }
        await tx.department.update({
          where: { id },
          data: { ...data, lastModifiedAt: nextModified(stored.get(id)!.lastModifiedAt, now), lastModifiedById: by },
        });
      }
    },
    () => valuesInUse('name', distinct(edits.map((e) => String(e.id)))),
  );
}

export async function deleteDepartments(ctx: ServiceContext, ids: bigint[]) {
  authorize(ctx.actor, 'admin.write');
  const blocked = (references: { departmentId: bigint; key: string; value: string }[]) => {
    const blockedIds = ids.filter((id) => references.some((r) => r.departmentId === id)).map(String);
    const unique = [...new Map(references.map((r) => [`${r.key}:${r.value}`, { key: r.key, value: r.value }])).values()];
    return stillInUse(blockedIds.length ? blockedIds : ids.map(String), unique);
  };
  await checkedWrite(
    ctx,
    async (tx) => {
      const rows = await findDepartments(tx, ids);
      requireAll(ids, rows);
      const references = await findDepartmentReferences(tx, ids);
      if (references.length) throw blocked(references);
      // No reference left: the departments' knowledge folders are empty root folders, and their article types are
      // unused; both go with them (07 §4).
      await tx.kbFolder.deleteMany({ where: { departmentId: { in: ids } } });
      await tx.kbArticleType.deleteMany({ where: { departmentId: { in: ids } } });
      await tx.department.deleteMany({ where: { id: { in: ids } } });
    },
    () => blocked([]),
  );
}
