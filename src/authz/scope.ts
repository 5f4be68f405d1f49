// Department scoping (02 §7.3). Cases and activities (with their notes and attachments) belong to one department;
// an administrator sees every department, a supervisor or agent its home and foreign departments, and records
// outside them do not exist for it. The interaction areas apply these functions to their queries and id sets.
import { Err } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';

/** 'all', or the departments whose scoped records the actor may see. Customers and clients see none by department. */
export function visibleDepartments(actor: Actor): 'all' | ReadonlySet<bigint> {
  if (actor.kind !== 'user') return new Set();
  if (actor.roles.includes('administrator')) return 'all';
  return new Set(actor.departmentIds);
}

export function seesDepartment(actor: Actor, departmentId: bigint): boolean {
  const visible = visibleDepartments(actor);
  return visible === 'all' || visible.has(departmentId);
}

/**
 * Of records `{id, departmentId}` addressed by id (path ids, the record an edit changes), the ids the actor cannot
 * see, in the order given: they are reported exactly like ids that do not exist (404-101).
 */
export function invisibleIds<T extends { id: bigint | string; departmentId: bigint }>(actor: Actor, records: readonly T[]): string[] {
  return records.filter((r) => !seesDepartment(actor, r.departmentId)).map((r) => String(r.id));
}

/** Throws 404-101 naming every id that is missing or outside the actor's departments, each once, in request order. */
export function requireVisible<T extends { id: bigint | string; departmentId: bigint }>(
  actor: Actor,
  requestedIds: readonly string[],
  found: readonly T[],
): void {
  const byId = new Map(found.map((r) => [String(r.id), r]));
  // Each id once, in the order of first appearance (01 §11).
  const missing = [...new Set(requestedIds)].filter((id) => {
    const r = byId.get(id);
    return !r || !seesDepartment(actor, r.departmentId);
  });
  if (missing.length) throw Err.idsNotFound(missing);
}

/** An action moving data into a department the actor does not see → 403-197 (02 §7.3 "crossing departments"). */
export function requireDepartmentTarget(actor: Actor, departmentId: bigint): void {
  if (!seesDepartment(actor, departmentId)) throw Err.notAuthorized();
}

/** A body reference to a scoped record the actor cannot see → 400-152 on that attribute (01 §5.7). */
export function requireVisibleReference(actor: Actor, attribute: string, value: string, departmentId: bigint | undefined): void {
  if (departmentId === undefined || !seesDepartment(actor, departmentId)) throw Err.invalidAttribute(attribute, value);
}
