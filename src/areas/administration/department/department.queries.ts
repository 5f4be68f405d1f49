// Department rows (07 §4). Every function takes the client (root or transaction) first and never throws HTTP errors.
import { Prisma } from '../../../generated/prisma/client.ts';
import { inOrder, nameLike, pageOfIds, type Db, type IdPage } from '../shared/admin-list.queries.ts';
import type { ParsedQuery } from '../../../query/parse.ts';

export const departmentSelect = {
  id: true,
  name: true,
  description: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.DepartmentSelect;

export type DepartmentRow = Prisma.DepartmentGetPayload<{ select: typeof departmentSelect }>;

export async function findDepartments(db: Db, ids: readonly bigint[]): Promise<DepartmentRow[]> {
  const rows = await db.department.findMany({ where: { id: { in: [...ids] } }, select: departmentSelect });
  return inOrder(ids, rows);
}

export function pageDepartments(db: Db, filter: { name?: string | undefined }, q: ParsedQuery): Promise<IdPage> {
  const name = Prisma.raw('name');
  return pageOfIds(db, { from: Prisma.sql`department`, id: Prisma.raw('id'), name, where: filter.name === undefined ? [] : [nameLike(name, filter.name)] }, q);
}

/** Departments other than `except` whose name equals one of `names` case-insensitively (the unique index's rule). */
export async function findNameHolders(db: Db, names: readonly string[], except: readonly bigint[] = []): Promise<{ id: bigint; name: string }[]> {
  if (!names.length) return [];
  const exclude = except.length ? Prisma.sql`AND id NOT IN (${Prisma.join(except.map((id) => Prisma.sql`CAST(${String(id)} AS bigint)`))})` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string; name: string }[]>`
    SELECT id::text AS id, name FROM department
    WHERE lower(name) IN (${Prisma.join(names.map((n) => Prisma.sql`lower(${n})`))}) ${exclude} ORDER BY id`;
  return rows.map((r) => ({ id: BigInt(r.id), name: r.name }));
}

/** A department by id, or by name case-insensitively (user and group bodies and filters). */
export async function findDepartmentByName(db: Db, name: string): Promise<{ id: bigint; name: string } | undefined> {
  return (await findNameHolders(db, [name]))[0];
}
