// Set-based SQL for the seeder: id blocks reserved from the normal sequences, and multi-row inserts of column
// arrays (INSERT … SELECT … FROM unnest($1::bigint[], $2::text[], …)), one statement per table and batch.
import type { Prisma } from '../../src/generated/prisma/client.ts';

export type Tx = Prisma.TransactionClient;
type Queryable = { query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]> };

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Reserves `n` consecutive ids of `table`.id from its sequence and returns the first. The sequence moves past the
 * block (setval(nextval + n − 1)), so rows the server creates afterwards continue after the seeded ids.
 */
export async function reserveIds(db: Queryable, table: string, n: number): Promise<number> {
  if (n <= 0) return 0;
  const [row] = await db.query<{ last: string }>(
    `SELECT setval(s.name, nextval(s.name) + $2::bigint - 1)::text AS last FROM (SELECT pg_get_serial_sequence($1, 'id') AS name) s`,
    [table, n],
  );
  const last = Number(row!.last);
  if (!Number.isSafeInteger(last)) throw new Error(`sequence of ${table} is beyond the safe integer range`);
  return last - n + 1;
}

export type SqlType = 'bigint' | 'text' | 'smallint' | 'integer' | 'boolean' | 'timestamptz' | 'date';
export type Columns = Record<string, readonly [SqlType, readonly unknown[]]>;

/**
 * One INSERT of all rows given as column arrays (a column named `_…` is not inserted, only read by `computed`). `computed` adds columns whose value is an SQL expression over the
 * array columns (referenced by their quoted names), a constant, or an extra parameter written `$$1`, `$$2`, … (the
 * values of `opts.params`), e.g. `{ key: '"value"', type: "'individual'", password_hash: '$$1' }`. `opts.suffix`
 * is appended (`ON CONFLICT DO NOTHING`). Returns the number of rows inserted.
 */
export async function insertColumns(
  tx: Tx,
  table: string,
  columns: Columns,
  computed: Record<string, string> = {},
  opts: { params?: readonly unknown[]; suffix?: string } = {},
): Promise<number> {
  const names = Object.keys(columns);
  const arrays = names.map((n) => columns[n]![1]);
  const rows = arrays[0]?.length ?? 0;
  if (rows === 0) return 0;
  for (const [i, a] of arrays.entries()) {
    if (a.length !== rows) throw new Error(`${table}.${names[i]}: ${a.length} values for ${rows} rows`);
  }
  const extra = (expr: string) => expr.replace(/\$\$(\d+)/g, (_, k: string) => `$${names.length + Number(k)}`);
  // Columns named `_…` are sources for `computed` only.
  const inserted = names.filter((n) => !n.startsWith('_'));
  const target = [...inserted, ...Object.keys(computed)].map(quoteIdent).join(', ');
  const select = [...inserted.map(quoteIdent), ...Object.values(computed).map(extra)].join(', ');
  const sources = names.map((n, i) => `$${i + 1}::${columns[n]![0]}[]`).join(', ');
  const sql =
    `INSERT INTO ${quoteIdent(table)} (${target}) SELECT ${select} ` +
    `FROM unnest(${sources}) AS x(${names.map(quoteIdent).join(', ')}) ${opts.suffix ?? ''}`;
  return tx.$executeRawUnsafe(sql, ...arrays, ...(opts.params ?? []));
}

/** An ISO instant for a timestamptz array (epoch ms in). */
export const iso = (ms: number) => new Date(ms).toISOString();

/** Column arrays of `rows` for insertColumns: `spec` maps a column to its SQL type and how to read it from a row. */
export function columnsOf<R>(rows: readonly R[], spec: Record<string, readonly [SqlType, (row: R) => unknown]>): Columns {
  const out: Record<string, readonly [SqlType, unknown[]]> = {};
  for (const [name, [type, read]] of Object.entries(spec)) out[name] = [type, rows.map(read)];
  return out;
}
