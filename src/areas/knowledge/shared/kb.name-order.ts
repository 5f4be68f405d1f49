// The one name order of the knowledge area: `$sort=name` of K2, K3, K31, K37 and K43, `$level` children (kb.tree.ts)
// and an article's `topics` group. As everywhere else in the server (docs/decisions.md, "Names and filters"): the
// lower-cased name in code-point order, `lower(name) COLLATE "C"`, then id. The explicit collation makes the order the
// same whatever the database's default collation is (a linguistic one would put `Éclair` next to `eclair`; here it
// sorts after `zulu`), on PostgreSQL and PGlite alike, and ties break by id in the direction of `$order`.
import { Prisma } from '../../../generated/prisma/client.ts';
import type { SortKey } from '../../../query/sql-page.ts';

/** The SQL sort key of a name column (`nameKey(Prisma.raw('f.name'))`). */
export const nameKey = (column: Prisma.Sql): Prisma.Sql => Prisma.sql`lower(${column}) COLLATE "C"`;

/** The `$sort=name` key of a list (query/sql-page.ts). */
export const nameSort = (column: Prisma.Sql): SortKey => ({ expr: nameKey(column), type: 'text' });
