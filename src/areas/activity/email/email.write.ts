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
import { autoCloseIfNoOpenActivity, reopen } from '../../case/case.lifecycle.ts';
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
 * The closing statements of every create: the new case (if any), the activity and its payload and the case owner
 * when it became assigned (one statement, email.queries.ts), then the case auto-close rule when it is completed (04
 * §3.2), the attachments and the custom attribute values (definitions share-locked and checked again if they
 * changed).
 */
export async function storeEmail(
  tx: Tx,
  email: NewEmail,
  files: readonly AttachmentInput[],
  input: EmailInput,
  attributes: AttributeChange[],
): Promise<{ id: bigint; caseId: bigint; attributes: AttributeChange[] }> {
  const { id, caseId } = await insertEmail(tx, email);
  if (email.transition.completed) await autoCloseIfNoOpenActivity(tx, caseId, email.now, email.createdBy);
  await insertAttachments(tx, id, files, email.now);
  let checked = attributes;
  const fresh = await lockDefinitions(tx, 'activity', checked.map((c) => c.def));
  if (fresh && input.attributes) checked = checkAttributes(fresh, input.attributes);
  await writeAttributes(tx, activityValues, id, checked, true);
  return { id, caseId, attributes: checked };
}

/** How often a create transaction runs at most when the database asks for a retry. */
export const CREATE_ATTEMPTS = 3;

/** The index that refuses a `unique` activity custom attribute value held by another activity (03 §2.7). */
const UNIQUE_VALUE_INDEX = 'activity_attribute_value_unique';

type Chained = { code?: unknown; cause?: unknown; meta?: unknown; message?: unknown; originalCode?: unknown; originalMessage?: unknown; constraint?: unknown };

/** The SQLSTATE codes and message texts anywhere in an error's chain (Prisma error, adapter error, driver error). */
function facts(err: unknown): { codes: Set<string>; text: string } {
  const codes = new Set<string>();
  const texts: string[] = [];
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number) => {
    if (!e || typeof e !== 'object' || seen.has(e) || depth > 8) return;
    seen.add(e);
    const c = e as Chained;
    for (const v of [c.code, c.originalCode]) if (typeof v === 'string') codes.add(v);
    for (const v of [c.message, c.originalMessage]) if (typeof v === 'string') texts.push(v);
    const index = (c.constraint as { index?: unknown } | undefined)?.index;
    if (typeof index === 'string') texts.push(index);
    visit(c.cause, depth + 1);
    visit((c.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError, depth + 1);
  };
  visit(err, 0);
  return { codes, text: texts.join('\n') };
}

/** A deadlock (40P01) or serialization failure (40001): the transaction may simply run again. */
export function isRetryable(err: unknown): boolean {
  const { codes, text } = facts(err);
  // Raw statements report the SQLSTATE only in the adapter's message ("Code: `40P01`"); a number elsewhere in a
  // message (a value, say) is not one.
  return codes.has('40P01') || codes.has('40001') || codes.has('P2034') || /Code: `(40P01|40001)`/.test(text);
}

/** A unique violation of the index of `unique` activity custom attribute values (and not of any other index). */
export function isUniqueValueViolation(err: unknown): boolean {
  return isUniqueViolation(err) && facts(err).text.includes(UNIQUE_VALUE_INDEX);
}

const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10 * attempt));

/**
 * Runs a create transaction, again (at most CREATE_ATTEMPTS runs in all) when the database aborted it for a reason a
 * new run may not meet: a deadlock or serialization failure, or a unique index refusing a row a concurrent
 * transaction wrote. A `unique` custom attribute value held by another activity (the partial unique index
 * `activity_attribute_value_unique` refused it, and the holder is committed) → 400-152 naming the attribute (03
 * §2.7), as V6 does. Any other error, and a retryable one on the last run, is raised as it is.
 */
export async function createTransaction<T>(ctx: ServiceContext, attributes: () => AttributeChange[], fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.db.prisma.$transaction(fn);
    } catch (err) {
      const last = attempt >= CREATE_ATTEMPTS;
      if (isUniqueValueViolation(err)) {
        const changes = attributes();
        // The holder of the value, committed: 400-152 on that value.
        await checkUniqueValues(ctx.db.prisma, activityValues, null, changes);
        // Its writer rolled back meanwhile: run again (on the last run, name the first unique value as before).
        if (!last) continue;
        const unique = changes.find((a) => a.def.unique && a.values.length);
        throw Err.invalidAttribute(unique?.values[0]?.path ?? 'customAttributes', unique?.values[0]?.value ?? '');
      }
      if (!last && (isRetryable(err) || isUniqueViolation(err))) {
        await pause(attempt);
        continue;
      }
      throw err;
    }
  }
}
