// Department references several administration resources share (07 §1.4): list filters and body references.
import { Err } from '../../../errors/app-error.ts';
import { parseId } from '../../../query/ids.ts';
import { criterion, type ParsedQuery } from '../../../query/parse.ts';
import { findDepartmentByName, findDepartments } from '../department/department.queries.ts';
import type { Db } from './admin-list.queries.ts';

/**
 * The `department` filter (07 §5, §7, §8): a department by id (digits) or name (case-insensitive). Undefined when the
 * filter is absent; a department it names that does not exist → 404-101 (07 §19, 01 §5.7).
 */
export async function departmentFilter(db: Db, q: ParsedQuery): Promise<bigint | undefined> {
  const value = criterion(q, 'department', 'string')?.value;
  if (value === undefined) return undefined;
  const id = parseId(value);
  const found = id !== null ? (await findDepartments(db, [BigInt(id)]))[0]?.id : (await findDepartmentByName(db, value))?.id;
  if (found === undefined) throw Err.idsNotFound([value]);
  return found;
}

/**
 * A department named in a create body by `{id}` or `{name}` (case-insensitive): its id, or 400-152 on `department.id`
 * / `department.name` when it names none (07 §1.4 references).
 */
export async function bodyDepartment(db: Db, ref: { id?: string | undefined; name?: string | undefined }): Promise<bigint> {
  const id = ref.id !== undefined ? (await findDepartments(db, [BigInt(ref.id)]))[0]?.id : (await findDepartmentByName(db, ref.name!))?.id;
  if (id === undefined) throw ref.id !== undefined ? Err.invalidAttribute('department.id', ref.id) : Err.invalidAttribute('department.name', ref.name);
  return id;
}
