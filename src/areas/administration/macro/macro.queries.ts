// Macro rows (07 §11). Every function takes the client (root or transaction) first and never throws HTTP errors.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { inOrder, nameLike, pageOfIds, type Db, type IdPage } from '../shared/admin-list.queries.ts';

const macroSelect = {
  id: true,
  name: true,
  description: true,
  value: true,
  departmentId: true,
  department: { select: { id: true, name: true } },
  state: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
} satisfies Prisma.MacroSelect;

export type MacroRow = Prisma.MacroGetPayload<{ select: typeof macroSelect }>;

export async function findMacros(db: Db, ids: readonly bigint[]): Promise<MacroRow[]> {
  if (!ids.length) return [];
  return inOrder(ids, await db.macro.findMany({ where: { id: { in: [...ids] } }, select: macroSelect }));
}

export type MacroFilter = { departmentId?: bigint | undefined; name?: string | undefined; state?: string | undefined };

const id = (value: bigint) => Prisma.sql`CAST(${String(value)} AS bigint)`;

export function pageMacros(db: Db, filter: MacroFilter, q: ParsedQuery): Promise<IdPage> {
  const name = Prisma.raw('m.name');
  const where: Prisma.Sql[] = [];
  if (filter.departmentId !== undefined) where.push(Prisma.sql`m.department_id = ${id(filter.departmentId)}`);
  if (filter.name !== undefined) where.push(nameLike(name, filter.name));
  if (filter.state !== undefined) where.push(Prisma.sql`m.state = ${filter.state}`);
  return pageOfIds(db, { from: Prisma.sql`macro m`, id: Prisma.raw('m.id'), name, where }, q);
}

/**
 * A macro other than `except` in `departmentId` whose name equals `name` case-insensitively (the rule of the unique
 * index macro_department_name on (department_id, lower(name))).
 */
export async function findMacroNameHolder(db: Db, departmentId: bigint, name: string, except: readonly bigint[] = []): Promise<bigint | undefined> {
  const exclude = except.length ? Prisma.sql`AND id NOT IN (${Prisma.join(except.map(id))})` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM macro
    WHERE department_id = ${id(departmentId)} AND lower(name) = lower(${name}) ${exclude} ORDER BY id LIMIT 1`;
  return rows[0] ? BigInt(rows[0].id) : undefined;
}
