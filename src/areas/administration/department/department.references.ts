// What keeps a department from being deleted (07 §4): any user (home or foreign), group, queue, alias, entry point,
// workflow, macro, standard message, activity, case or customer referring to it, or a non-empty knowledge folder.
// Each check lists the referring records; later issues append theirs to `departmentReferenceChecks`.
import type { Tx } from '../common.ts';

/** One blocking reference: the department it blocks and the referring record as a `details` pair `{kind: id}`. */
export type DepartmentReference = { departmentId: bigint; key: string; value: string };

type ReferenceCheck = (tx: Tx, departmentIds: bigint[]) => Promise<DepartmentReference[]>;

/** At most this many references of one kind are listed (error `details` hold 30 pairs, 01 §7.1). */
const perKind = 10;

const homeUsers: ReferenceCheck = async (tx, ids) =>
  (
    await tx.user.findMany({ where: { departmentId: { in: ids } }, select: { id: true, departmentId: true }, orderBy: { id: 'asc' }, take: perKind })
  ).map((u) => ({ departmentId: u.departmentId, key: 'user', value: String(u.id) }));

const foreignUsers: ReferenceCheck = async (tx, ids) =>
  (
    await tx.userDepartment.findMany({
      where: { departmentId: { in: ids } },
      select: { userId: true, departmentId: true },
      orderBy: { userId: 'asc' },
      take: perKind,
    })
  ).map((u) => ({ departmentId: u.departmentId, key: 'user', value: String(u.userId) }));

const groups: ReferenceCheck = async (tx, ids) =>
  (
    await tx.userGroup.findMany({ where: { departmentId: { in: ids } }, select: { id: true, departmentId: true }, orderBy: { id: 'asc' }, take: perKind })
  ).map((g) => ({ departmentId: g.departmentId, key: 'group', value: String(g.id) }));

const customers: ReferenceCheck = async (tx, ids) =>
  (
    await tx.customer.findMany({ where: { departmentId: { in: ids } }, select: { id: true, departmentId: true }, orderBy: { id: 'asc' }, take: perKind })
  ).map((c) => ({ departmentId: c.departmentId, key: 'customer', value: String(c.id) }));

/**
 * The reference checks of a department delete, in the order their references are reported. Append here: queues,
 * aliases, entry points, workflows, macros, standard messages, activities, cases, non-empty knowledge
 * folders (the knowledge issue also deletes the empty root folders in department.service.ts deleteDepartments).
 */
export const departmentReferenceChecks: ReferenceCheck[] = [homeUsers, foreignUsers, groups, customers];

/** Every reference that blocks deleting `departmentIds` (empty: they may be deleted). */
export async function findDepartmentReferences(tx: Tx, departmentIds: bigint[]): Promise<DepartmentReference[]> {
  const found: DepartmentReference[] = [];
  for (const check of departmentReferenceChecks) found.push(...(await check(tx, departmentIds)));
  return found;
}
