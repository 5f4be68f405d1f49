// Purge jobs as references that keep a department from being deleted (07 §4). The foreign key purge_job.department_id
// is ON DELETE SET NULL: without this check, deleting the department of a job would silently widen the job to every
// department. One of the `departmentReferenceChecks` (department/department.references.ts).
import type { Tx } from '../common.ts';
import type { DepartmentReference } from '../department/department.references.ts';

/** At most this many jobs are listed (error `details` hold 30 pairs, 01 §7.1). */
const perKind = 10;

/** The first purge jobs (by id) restricted to one of the departments, reported as `{purgeJob: id}`. */
export async function purgeJobsOfDepartments(tx: Tx, departmentIds: bigint[]): Promise<DepartmentReference[]> {
  const rows = await tx.purgeJob.findMany({
    where: { departmentId: { in: departmentIds } },
    select: { id: true, departmentId: true },
    orderBy: { id: 'asc' },
    take: perKind,
  });
  return rows.map((r) => ({ departmentId: r.departmentId!, key: 'purgeJob', value: String(r.id) }));
}
