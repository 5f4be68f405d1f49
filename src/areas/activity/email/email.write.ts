// What the three creating endpoints share (05 §9.3–§9.6): the staff caller, the department of the body with its
// scoping, the case an email joins, the custom attributes of the new activity, and the last statements of the
// transaction (the activity with its payload, the case owner and auto-close effects, attachments, values).
import { authorize, type Permission } from '../../../authz/permissions.ts';
import { seesDepartment } from '../../../authz/scope.ts';
import type { StaffActor } from '../../../authz/actor.ts';
import { Err } from '../../../errors/app-error.ts';
import type { Tx } from '../../administration/common.ts';
import { isUniqueViolation } from '../../administration/shared/conflicts.ts';
import { lockDefinitions, type DefinitionsByName } from '../../custom-attributes/definition.ts';
import { activityValues, checkAttributes, checkUniqueValues, writeAttributes, type AttributeChange } from '../../custom-attributes/values.ts';
import { assignOwnerIfNone, autoCloseIfNoOpenActivity, reopen } from '../../case/case.lifecycle.ts';
import { lockCase } from '../../case/case.queries.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { AttachmentInput } from './attachment.input.ts';
import type { EmailInput } from './email.input.ts';
import { insertAttachments, insertEmail, type DepartmentAndAlias, type NewEmail } from './email.queries.ts';

/** The staff caller holding `permission` (05 §8: 403-197 for every other role and for customer sessions). */
export function staffCaller(ctx: ServiceContext, permission: Permission): StaffActor {
  authorize(ctx.actor, permission);
  if (ctx.actor.kind !== 'user') throw Err.notAuthorized();
  return ctx.actor;
}

/** The body's department: unknown → 400-152 on the attribute sent; outside the caller's departments → 403-197. */
export function requireDepartment(actor: StaffActor, input: EmailInput, found: DepartmentAndAlias): { id: bigint; name: string } {
  const d = found.department;
  if (!d) throw Err.invalidAttribute(input.department.path, input.department.raw);
  if (!seesDepartment(actor, d.id)) throw Err.notAuthorized();
  return d;
}

/**
 * The existing case `case.id` names, locked before the activity joins it (the lock order of activity.write.ts: a
 * concurrent completion of the case's last activity then waits and sees the new one). Undefined when it does not
 * exist or is of another department.
 */
export async function lockCaseOf(tx: Tx, caseId: bigint, departmentId: bigint) {
  const c = await lockCase(tx, caseId);
  return c && c.departmentId === departmentId ? c : undefined;
}

/** An email joins an existing case: a closed case reopens (04 §3.2). */
export const joinCase = (tx: Tx, caseId: bigint, now: Date, by: bigint | null) => reopen(tx, caseId, now, by);

/** The activity custom attributes of the body, checked against the definitions read before the transaction. */
export const checkActivityAttributes = (defs: DefinitionsByName, input: EmailInput): AttributeChange[] =>
  input.attributes ? checkAttributes(defs, input.attributes) : [];

/**
 * The closing statements of every create: the activity and its payload, then the effects its transition asks for
 * (the case owner when it became assigned, the case auto-close rule when it is completed, 04 §3.2), the
 * attachments and the custom attribute values (definitions share-locked and checked again if they changed).
 */
export async function storeEmail(
  tx: Tx,
  email: NewEmail,
  files: readonly AttachmentInput[],
  input: EmailInput,
  attributes: AttributeChange[],
): Promise<{ id: bigint; attributes: AttributeChange[] }> {
  const id = await insertEmail(tx, email);
  const t = email.transition;
  if (t.assignedTo !== null) await assignOwnerIfNone(tx, email.caseId, t.assignedTo, email.now, email.createdBy);
  if (t.completed) await autoCloseIfNoOpenActivity(tx, email.caseId, email.now, email.createdBy);
  await insertAttachments(tx, id, files, email.now);
  let checked = attributes;
  const fresh = await lockDefinitions(tx, 'activity', checked.map((c) => c.def));
  if (fresh && input.attributes) checked = checkAttributes(fresh, input.attributes);
  await writeAttributes(tx, activityValues, id, checked, true);
  return { id, attributes: checked };
}

/**
 * Runs a create transaction; a `unique` custom attribute value held by another activity (the partial unique index
 * refused it) → 400-152 naming the attribute (03 §2.7), as V6 does.
 */
export async function createTransaction<T>(ctx: ServiceContext, attributes: () => AttributeChange[], fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.prisma.$transaction(fn);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const changes = attributes();
    await checkUniqueValues(ctx.db.prisma, activityValues, null, changes);
    const unique = changes.find((a) => a.def.unique && a.values.length);
    throw Err.invalidAttribute(unique?.values[0]?.path ?? 'customAttributes', unique?.values[0]?.value ?? '');
  }
}
