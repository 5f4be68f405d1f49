// Exact counts of cases by status (04 §7.2 `paginationInfo.count` of "Search Case by Work Status") without counting
// hundreds of thousands of rows: a trigger on interaction_case appends +1/−1 rows to case_count in the transaction
// of every change, so the sum is exact for every snapshot; `foldCaseCounts` keeps that table small.
import { Prisma } from '../../generated/prisma/client.ts';
import type { Db } from '../customer/customer.queries.ts';

/** The exact number of cases in `status` within `departments` ('all' for every department). */
export async function caseCount(db: Db, status: string, departments: 'all' | ReadonlySet<bigint>): Promise<number> {
  const scope = departments === 'all' ? Prisma.empty : Prisma.sql`AND department_id = ANY(CAST(${[...departments].map(String)} AS bigint[]))`;
  const rows = await db.$queryRaw<{ n: string | null }[]>`SELECT sum(n)::text AS n FROM case_count WHERE status = ${status} ${scope}`;
  return Number(rows[0]?.n ?? 0);
}

/**
 * Folds the counter rows into one per (department, status). One statement: rows a concurrent writer appends meanwhile
 * are not in its snapshot, so they stay and nothing is counted twice or lost.
 */
export async function foldCaseCounts(db: Db): Promise<void> {
  await db.$executeRaw`
    WITH gone AS (DELETE FROM case_count RETURNING department_id, status, n)
    INSERT INTO case_count (department_id, status, n)
    SELECT department_id, status, sum(n) FROM gone GROUP BY department_id, status HAVING sum(n) <> 0`;
}
