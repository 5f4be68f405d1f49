// 409-102 of the administration area (07 §19) and the database errors that mean the same thing when two writers
// race past a check. Shared by departments, user groups and languages; a candidate for ../common.ts.
import { AppError } from '../../../errors/app-error.ts';
import type { Lang } from '../../../errors/catalogue.ts';
import type { ServiceContext } from '../../service-context.ts';
import { adminWrite, type Tx } from '../common.ts';

type Reason = Record<Lang, string>;

/** `{reason}` texts of 07 §19 with their es-ES translation (01 §7.3). */
export const reasons = {
  valueInUse: (field: string): Reason => ({
    'en-US': `the value of '${field}' is already in use`,
    'es-ES': `el valor de '${field}' ya está en uso`,
  }),
  stillInUse: { 'en-US': 'the resource is still in use', 'es-ES': 'el recurso todavía está en uso' } as Reason,
};

/**
 * A unique value already used (07 §1.4: `details` key = the field). `id` is the record an edit changes (named first
 * in `details`), or for a create the record that already holds the value (named in the message only).
 */
export function valueInUse(field: string, value: string, id: { edited: string } | { holder: string }): AppError {
  const details = 'edited' in id ? [{ key: 'id', value: id.edited }] : [];
  details.push({ key: field, value });
  return new AppError('409-102', { id: 'edited' in id ? id.edited : id.holder, reason: reasons.valueInUse(field) }, details);
}

/** A unique value in use, found only by the index when several edited records were written: each is named. */
export function valuesInUse(field: string, ids: readonly string[]): AppError {
  return new AppError('409-102', { id: ids.join(', '), reason: reasons.valueInUse(field) }, ids.map((id) => ({ key: 'id', value: id })));
}

/** A delete blocked by references (07 §1.4): the blocked ids, then the blocking references as `{kind: id}`. */
export function stillInUse(ids: readonly string[], references: readonly { key: string; value: string }[]): AppError {
  return new AppError('409-102', { id: ids.join(', '), reason: reasons.stillInUse }, [...ids.map((id) => ({ key: 'id', value: id })), ...references]);
}

/**
 * A delete refused because workflows name the records (aliases, standard messages: 07 §9, §12): up to ten blocked
 * ids, then up to ten `{workflow: id}`, lowest first. `using` pairs a record id with a workflow naming it.
 */
export function usedByWorkflows(ids: readonly bigint[], using: readonly { id: bigint; workflowId: bigint }[]): AppError {
  const blocked = ids.filter((id) => using.some((u) => u.id === id)).slice(0, 10).map(String);
  const workflows = [...new Set(using.map((u) => String(u.workflowId)))].slice(0, 10);
  return stillInUse(blocked, workflows.map((value) => ({ key: 'workflow', value })));
}

function hasCode(err: unknown, prisma: string, pg: readonly string[]): boolean {
  for (let e = err as { code?: unknown; cause?: unknown; meta?: unknown } | undefined, depth = 0; e && depth < 6; depth++) {
    if (e.code === prisma || pg.includes(e.code as string)) return true;
    const meta = e.meta as { driverAdapterError?: { cause?: { originalCode?: unknown } } } | undefined;
    if (pg.includes(meta?.driverAdapterError?.cause?.originalCode as string)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** A unique index refused the write (PostgreSQL 23505). */
export const isUniqueViolation = (err: unknown) => hasCode(err, 'P2002', ['23505']);

/**
 * A foreign key refused the write: 23503, or 23001 (restrict_violation), which PostgreSQL 18 (PGlite) reports for
 * an ON DELETE RESTRICT key where 15 reports 23503.
 */
export const isForeignKeyViolation = (err: unknown) => hasCode(err, 'P2003', ['23503', '23001']);

/**
 * adminWrite, where a unique index or foreign key that refuses the write after a concurrent change (the checks ran
 * before the other transaction committed) answers as the checks would have: `onConflict` builds that error.
 */
export async function checkedWrite<T>(ctx: ServiceContext, fn: (tx: Tx) => Promise<T>, onConflict: (kind: 'unique' | 'reference') => AppError): Promise<T> {
  try {
    return await adminWrite(ctx, fn);
  } catch (err) {
    if (isUniqueViolation(err)) throw onConflict('unique');
    if (isForeignKeyViolation(err)) throw onConflict('reference');
    throw err;
  }
}

/**
 * Names unique per department, case-insensitively (07 §5, §7), for an edit of several records: among the edited
 * records (with their final names) and against the others (`holder` finds another record of the department with
 * that name, not among `except`). The first clash → 409-102 naming the edited record.
 */
export async function checkNamesPerDepartment(
  stored: ReadonlyMap<bigint, { name: string; departmentId: bigint }>,
  edits: readonly { id: bigint; name?: string | undefined }[],
  holder: (departmentId: bigint, name: string, except: bigint[]) => Promise<bigint | undefined>,
): Promise<void> {
  const finalName = new Map([...stored].map(([id, r]) => [id, r.name]));
  for (const e of edits) if (e.name !== undefined) finalName.set(e.id, e.name);
  const seen = new Set<string>();
  for (const [id, name] of finalName) {
    const key = `${stored.get(id)!.departmentId}:${name.toLowerCase()}`;
    if (seen.has(key)) throw valueInUse('name', name, { edited: String(id) });
    seen.add(key);
  }
  const ids = [...stored.keys()];
  for (const e of edits) {
    const row = stored.get(e.id)!;
    if (e.name === undefined || e.name.toLowerCase() === row.name.toLowerCase()) continue;
    if ((await holder(row.departmentId, e.name, ids)) !== undefined) throw valueInUse('name', e.name, { edited: String(e.id) });
  }
}
