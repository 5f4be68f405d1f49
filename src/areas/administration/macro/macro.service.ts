// Macro use cases (07 §11): list, get by ids, create, edit, delete. Reads need admin.read, writes admin.write
// (07 §1.2); every write is one adminWrite transaction (07 §1.1), which also tells every instance to drop its cached
// macros. Expansion is not here (src/areas/macro).
import { authorize } from '../../../authz/permissions.ts';
import { Err } from '../../../errors/app-error.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { bodyDepartment, departmentFilter } from '../shared/filters.ts';
import { actorUserId, nextModified, presentStamped } from '../common.ts';
import { checkToken, distinct, readToken, requireAll, requiredText } from '../shared/admin-edit.ts';
import { editedState, editedText } from '../shared/body-parts.ts';
import { checkedWrite, checkNamesPerDepartment, valueInUse, valuesInUse } from '../shared/conflicts.ts';
import { checkMacroName, type MacroCreate, type MacroEdit } from './macro.schema.ts';
import { findMacroNameHolder, findMacros, pageMacros, type MacroRow } from './macro.queries.ts';
import { presentMacro } from './macro.presenter.ts';

function present(ctx: ServiceContext, rows: MacroRow[], q: ParsedQuery) {
  const withCreated = wantsAttribute(q, 'created');
  return presentStamped(ctx, rows, withCreated, (r, refs) => presentMacro(r, refs, withCreated));
}

export async function listMacros(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const db = ctx.db.prisma;
  const departmentId = await departmentFilter(db, q);
  const page = await pageMacros(db, { departmentId, name: criterion(q, 'name', 'string')?.value, state: criterion(q, 'state', 'enum')?.value }, q);
  const items = await present(ctx, await findMacros(db, page.ids), q);
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

export async function getMacros(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const rows = await findMacros(ctx.db.prisma, ids);
  requireAll(ids, rows);
  return present(ctx, rows, q);
}

export async function createMacro(ctx: ServiceContext, body: MacroCreate, q: ParsedQuery) {
  const ref = body.department;
  if (ref.id === undefined && !ref.name) throw Err.missingAttribute('department');
  const name = checkMacroName(body.name, 'name');
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  const row = await checkedWrite(
    ctx,
    async (tx) => {
      const departmentId = await bodyDepartment(tx, ref);
      const holder = await findMacroNameHolder(tx, departmentId, name);
      if (holder !== undefined) throw valueInUse('name', name, { holder: String(holder) });
      const created = await tx.macro.create({
        data: {
          name,
          description: editedText(body.description) ?? null,
          value: body.value,
          departmentId,
          state: body.state?.value ?? 'active',
          createdAt: now,
          createdById: by,
          lastModifiedAt: now,
          lastModifiedById: by,
        },
      });
      return (await findMacros(tx, [created.id]))[0]!;
    },
    // A concurrent create took the name (unique index macro_department_name), or the department was deleted meanwhile.
    (kind) => (kind === 'unique' ? valueInUse('name', name, { holder: name }) : Err.invalidAttribute('department.id', ref.id ?? ref.name)),
  );
  return (await present(ctx, [row], q))[0]!;
}

type EditChanges = { name?: string; description?: string | null; value?: string; state?: string };

/** One edit item read and checked without the database (01 §7.2 order: body content before permissions). */
function readEdit(item: MacroEdit[number], i: number) {
  const path = `macro[${i}]`;
  const changes: EditChanges = {};
  // `name` and `value` are required: they cannot be cleared (01 §3.2: 400-152).
  if (item.name !== undefined) changes.name = checkMacroName(item.name ?? '', `${path}.name`);
  if (item.value !== undefined) changes.value = requiredText(item.value ?? '', `${path}.value`);
  const description = editedText(item.description);
  if (description !== undefined) changes.description = description;
  const state = editedState(item.state);
  if (state !== undefined) changes.state = state;
  return { id: BigInt(item.id), path, changes, token: readToken(item.lastModified, path) };
}

export async function editMacros(ctx: ServiceContext, items: MacroEdit) {
  const edits = items.map(readEdit);
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await checkedWrite(
    ctx,
    async (tx) => {
      const ids = distinct(edits.map((e) => e.id));
      await tx.$queryRawUnsafe(`SELECT id FROM macro WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE`, ids.map(String));
      const rows = await findMacros(tx, ids);
      requireAll(ids, rows);
      const stored = new Map(rows.map((r) => [r.id, r]));

      // Names stay unique case-insensitively within the department (07 §11), among the edited macros and against
      // the others; an edit may change the letter case of its own name.
      await checkNamesPerDepartment(
        stored,
        edits.map((e) => ({ id: e.id, name: e.changes.name })),
        (departmentId, name, except) => findMacroNameHolder(tx, departmentId, name, except),
      );
      for (const e of edits) checkToken(e.id, e.token, stored.get(e.id)!.lastModifiedAt);

      // The unique index is checked row by row: when several macros are renamed (a swap), each first takes a
      // placeholder no macro name can equal (`#` is not a name character).
      const renamed = ids.filter((id) => edits.some((e) => e.id === id && e.changes.name !== undefined));
      if (renamed.length > 1) {
        for (const id of renamed) await tx.macro.update({ where: { id }, data: { name: `#${id}` } });
      }
      for (const id of ids) {
        // Several items with one id are applied in order.
        const data: EditChanges = Object.assign({}, ...edits.filter((x) => x.id === id).map((x) => x.changes));
        await tx.macro.update({ where: { id }, data: { ...data, lastModifiedAt: nextModified(stored.get(id)!.lastModifiedAt, now), lastModifiedById: by } });
      }
    },
    () => valuesInUse('name', distinct(edits.filter((e) => e.changes.name !== undefined).map((e) => String(e.id)))),
  );
}

/** Deletes macros, all or none. Nothing refers to a macro by id (texts name it, and an unknown name stays as written). */
export async function deleteMacros(ctx: ServiceContext, ids: bigint[]) {
  authorize(ctx.actor, 'admin.write');
  await checkedWrite(
    ctx,
    async (tx) => {
      requireAll(ids, await findMacros(tx, ids));
      await tx.macro.deleteMany({ where: { id: { in: ids } } });
    },
    () => Err.idsNotFound(ids.map(String)),
  );
}
