// The activity moves (05 §9.9 V8 change customer, §9.10 V9 change case). Both run in one transaction with the lock
// order of activity.write.ts: cases first (ids ascending; V9 includes the target case), then the activities.
// Order of checks (01 §7.2): body as written (400-15x) → permission (403-197) → item / path ids (404-101) → body
// references (400-152) → state (409-102) → tokens (409-101).
import { Type, type Static } from '@sinclair/typebox';
import type { Lang } from '../../errors/catalogue.ts';
import { Err } from '../../errors/app-error.ts';
import { authorize } from '../../authz/permissions.ts';
import { parseInstant } from '../../common/instant.ts';
import type { ServiceContext } from '../service-context.ts';
import { actorUserId, type Tx } from '../administration/common.ts';
import { isUniqueViolation } from '../administration/shared/conflicts.ts';
import { readAttributes, readIdValue } from '../case/case.input.ts';
import { createCaseFor, autoCloseIfNoOpenActivity, reopen, type NewCaseInput } from '../case/case.lifecycle.ts';
import { findCases, linkCases, lockCases, relationCounts, touchCases, type LockedCase } from '../case/case.queries.ts';
import { seesCase } from '../case/case.service.ts';
import { presentCase } from '../case/case.presenter.ts';
import { severities } from '../case/case.schema.ts';
import { caseValues, checkAttributes, checkUniqueValues, writeAttributes, type AttributeChange } from '../custom-attributes/values.ts';
import { lockDefinitions } from '../custom-attributes/definition.ts';
import { BatchItem, checkTokens, lockActivities, readBatch, requireActivities, type Item } from './activity.write.ts';
import { MAX_RELATED } from '../case/case.input.ts';
import {
  contactPoints,
  currentPointKinds,
  defaultContact,
  moveToCase,
  setContacts,
  sourceCase,
  type NewContact,
} from './activity-move.queries.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isAbsent = (v: unknown) => v === undefined || v === null || v === '' || (isObj(v) && Object.keys(v).length === 0);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : isAbsent(v) ? [] : [v]);
const scalar = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
const invalid = (path: string, v: unknown): never => {
  throw Err.invalidAttribute(path, typeof v === 'object' ? '' : v);
};

// ----- V8 change customer (05 §9.9) -----

/** A V8 item: the batch item of 05 §9 with the new `customer` (read by readNewContact). */
export const ChangeCustomerItem = Type.Object(
  {
    ...BatchItem.properties,
    customer: Type.Optional(
      Type.Unknown({ description: '{"contactPersons":{"contactPerson":[{"contactPoints":{"contactPoint":[{"id"}]}}]}} or {"id"}' }),
    ),
  },
  { additionalProperties: true },
);
export const ChangeCustomerBody = Type.Array(ChangeCustomerItem, { minItems: 1, maxItems: 75 });
export type ChangeCustomerBody = Static<typeof ChangeCustomerBody>;

type Ref = { id: bigint; path: string; raw: string };

/** What an item names: a contact point (with the customer and person it may also name), or only a customer. */
type NewContactInput = { point: Ref; customer?: Ref; person?: Ref } | { point?: undefined; customer: Ref };

function ref(v: unknown, path: string): Ref {
  return { id: readIdValue(v, path), path, raw: scalar(v)?.trim() ?? '' };
}

/** Exactly one entry of a body list (05 §9.9: one contact person with one contact point), else 400-152. */
function one(parent: Obj, name: string, path: string): { value: Obj; path: string } {
  const list = asList(parent[name]);
  const at = Array.isArray(parent[name]) ? `${path}.${name}[0]` : `${path}.${name}`;
  if (list.length !== 1) throw Err.invalidAttribute(`${path}.${name}`, '');
  const value = list[0];
  if (!isObj(value)) return invalid(at, value);
  return { value, path: at };
}

/** The item's `customer` (05 §9.9): a contact point by id, or only `customer.id`. */
function readNewContact(customer: unknown, itemPath: string): NewContactInput {
  const path = `${itemPath}.customer`;
  if (isAbsent(customer)) throw Err.missingAttribute(path);
  if (!isObj(customer)) return invalid(path, customer);
  const customerRef = isAbsent(customer.id) ? undefined : ref(customer.id, `${path}.id`);
  if (isAbsent(customer.contactPersons)) {
    if (!customerRef) throw Err.missingAttribute(`${path}.id`);
    return { customer: customerRef };
  }
  if (!isObj(customer.contactPersons)) return invalid(`${path}.contactPersons`, customer.contactPersons);
  const person = one(customer.contactPersons, 'contactPerson', `${path}.contactPersons`);
  if (!isObj(person.value.contactPoints)) return invalid(`${person.path}.contactPoints`, person.value.contactPoints ?? '');
  const point = one(person.value.contactPoints, 'contactPoint', `${person.path}.contactPoints`);
  if (isAbsent(point.value.id)) throw Err.missingAttribute(`${point.path}.id`);
  return {
    point: ref(point.value.id, `${point.path}.id`),
    ...(customerRef ? { customer: customerRef } : {}),
    ...(isAbsent(person.value.id) ? {} : { person: ref(person.value.id, `${person.path}.id`) }),
  };
}

/**
 * V8: each activity gets the customer, contact person and contact point the item names; its case stays (04 K5 changes
 * that). Open and completed activities alike; the status does not change.
 */
export async function changeCustomer(ctx: ServiceContext, body: ChangeCustomerBody): Promise<void> {
  const items = readBatch(body).map((i) => ({ ...i, input: readNewContact(i.body.customer, i.path) }));
  authorize(ctx.actor, 'interaction.work');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await ctx.db.prisma.$transaction(async (tx) => {
    const found = await lockActivities(tx, items.map((i) => i.id));
    requireActivities(ctx.actor, items, found);
    const points = await contactPoints(tx, items.flatMap((i) => (i.input.point ? [i.input.point.id] : [])));
    const byCustomer = items.filter((i) => !i.input.point).map((i) => i.id);
    const kinds = byCustomer.length ? await currentPointKinds(tx, byCustomer) : new Map<bigint, string>();
    const changes: NewContact[] = [];
    for (const { id, input } of items) {
      if (input.point) {
        const p = points.get(input.point.id);
        if (!p || p.removed) throw Err.invalidAttribute(input.point.path, input.point.raw);
        if (input.customer && input.customer.id !== p.customerId) throw Err.invalidAttribute(input.point.path, input.point.raw);
        if (input.person && input.person.id !== p.contactPersonId) throw Err.invalidAttribute(input.person.path, input.person.raw);
        changes.push({ activityId: id, customerId: p.customerId, contactPersonId: p.contactPersonId, contactPointId: p.id });
      } else {
        const contact = await defaultContact(tx, input.customer.id, kinds.get(id));
        if (!contact) throw Err.invalidAttribute(input.customer.path, input.customer.raw);
        changes.push({ activityId: id, ...contact });
      }
    }
    checkTokens(items, found);
    await setContacts(tx, changes, now, by);
  });
}

// ----- V9 change case (05 §9.10) -----

/** The body of V9: an existing case by `id`, or the optional fields of a new case. */
export const ChangeCaseBody = Type.Object(
  {
    id: Type.Optional(Type.Unknown({ description: 'an existing case (number or string); absent: a new case' })),
    subject: Type.Optional(Type.Unknown({ description: 'new case: at most 1024 characters; default the source case subject' })),
    description: Type.Optional(Type.Unknown({ description: 'new case: at most 1024 characters' })),
    solution: Type.Optional(Type.Unknown({ description: 'new case: at most 1024 characters' })),
    severity: Type.Optional(Type.Unknown({ description: 'new case: {"value": "urgent" | "high" | "medium" | "low"}, default medium' })),
    dueDate: Type.Optional(Type.Unknown({ description: 'new case: a future date-time' })),
    customAttributes: Type.Optional(Type.Unknown({ description: 'new case: case custom attributes (03 §2.7)' })),
  },
  { description: 'A case reference or a new case (05 §9.10)' },
);

type NewCaseFields = {
  subject?: string;
  description?: string;
  solution?: string;
  severity?: string;
  dueDate?: Date;
  attributes?: ReturnType<typeof readAttributes>;
};
export type CaseTarget = { existing: Ref } | { existing?: undefined; fields: NewCaseFields };

function text(v: unknown, path: string): string {
  const s = scalar(v);
  if (s === undefined || Array.from(s).length > 1024) return invalid(path, v);
  return s;
}

/** The body as written (01 §7.2 step 7): `id` of an existing case, or the fields of a new one. */
export function readCaseTarget(body: Obj, now: Date): CaseTarget {
  if (body.id !== undefined && body.id !== null) return { existing: ref(body.id, 'id') };
  const present = (name: string) => body[name] !== undefined && body[name] !== null;
  const fields: NewCaseFields = {};
  if (present('subject')) fields.subject = text(body.subject, 'subject');
  if (present('description') && body.description !== '') fields.description = text(body.description, 'description');
  if (present('solution') && body.solution !== '') fields.solution = text(body.solution, 'solution');
  if (present('severity') && !isAbsent(body.severity)) {
    const raw = isObj(body.severity) ? body.severity.value : body.severity;
    const value = scalar(raw)?.trim().toLowerCase();
    const found = severities.find((s) => s === value);
    if (!found) return invalid(isObj(body.severity) ? 'severity.value' : 'severity', raw);
    fields.severity = found;
  }
  if (present('dueDate') && body.dueDate !== '') {
    const s = scalar(body.dueDate);
    const d = s === undefined ? null : parseInstant(s.trim());
    if (!d || d.getTime() <= now.getTime()) return invalid('dueDate', body.dueDate);
    fields.dueDate = d;
  }
  if (present('customAttributes')) fields.attributes = readAttributes(body.customAttributes);
  return { fields };
}

const mixedReason: Record<Lang, string> = {
  'en-US': 'the activities belong to different cases',
  'es-ES': 'las actividades pertenecen a casos distintos',
};
const completedReason: Record<Lang, string> = { 'en-US': 'the activity is completed', 'es-ES': 'la actividad está completada' };
const customerReason: Record<Lang, string> = {
  'en-US': 'the case belongs to another customer',
  'es-ES': 'el caso pertenece a otro cliente',
};


/**
 * V9: moves the open activities `ids` (all of one case) to an existing case of the same customer or to a new case
 * copied from the source case. The source case closes when no open activity is left (04 §3.2); a closed target
 * reopens; `relate` relates source and target (04 §4.1). Answers the new case, presented in the default set of 04.
 */
export async function changeCase(ctx: ServiceContext, ids: readonly bigint[], body: Obj, relate: boolean) {
  const now = ctx.now();
  const target = readCaseTarget(body, now);
  authorize(ctx.actor, 'interaction.work');
  const by = actorUserId(ctx);
  // Read before the transaction (definition.ts: on PGlite a load inside one would wait for it); checked inside it,
  // after the activities (404-101), as a body reference (400-152, 01 §7.2).
  const defs = await ctx.attributes.of('case');
  const newAttributes = target.existing ? undefined : target.fields.attributes;
  let attributes: AttributeChange[] = [];
  const items: Item[] = ids.map((id) => ({ id, path: 'ids', token: undefined, body: {} }));

  let createdId: bigint | undefined;
  try {
    createdId = await ctx.db.prisma.$transaction(async (tx) => {
      // The source cases and the target in one ordered lock, then the activities (activity.write.ts); reading the
      // cases again afterwards waits for nothing, the rows are already locked.
      const targetIds = target.existing ? [target.existing.id] : [];
      const found = await lockActivities(tx, ids, targetIds);
      const activities = requireActivities(ctx.actor, items, found);
      const sources = [...new Set(activities.map((a) => a.caseId))];
      const cases = await lockCases(tx, [...new Set([...sources, ...targetIds])]);

      let targetCase: LockedCase | undefined;
      if (target.existing) {
        targetCase = cases.get(target.existing.id);
        if (!targetCase || !seesCase(ctx.actor, targetCase) || sources.includes(targetCase.id)) {
          throw Err.invalidAttribute(target.existing.path, target.existing.raw);
        }
      }
      if (newAttributes) {
        attributes = checkAttributes(defs, newAttributes);
        // Confirmed under a share lock on the definitions used, checked again when one changed since `defs` was read.
        const fresh = await lockDefinitions(tx, 'case', attributes.map((c) => c.def));
        if (fresh) attributes = checkAttributes(fresh, newAttributes);
      }
      const mixed = activities.find((a) => a.caseId !== activities[0]!.caseId);
      if (mixed) throw Err.stateForbids(String(mixed.id), mixedReason);
      const done = activities.find((a) => a.status === 'completed');
      if (done) throw Err.stateForbids(String(done.id), completedReason);
      const source = cases.get(sources[0]!)!;
      if (targetCase && targetCase.customerId !== source.customerId) throw Err.stateForbids(String(targetCase.id), customerReason);

      const targetId = targetCase ? targetCase.id : await createCase(tx, source, target.existing ? {} : target.fields, attributes, now, by);
      await moveToCase(tx, ids, targetId, now, by);
      if (targetCase) await reopen(tx, targetId, now, by);
      await autoCloseIfNoOpenActivity(tx, source.id, now, by);
      if (relate) await relateCases(tx, source.id, targetId, targetCase !== undefined, now, by);
      return targetCase ? undefined : targetId;
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await checkUniqueValues(ctx.db.prisma, caseValues, null, attributes);
    const unique = attributes.find((a) => a.def.unique && a.values.length);
    throw Err.invalidAttribute(unique?.values[0]?.path ?? 'customAttributes', unique?.values[0]?.value ?? '');
  }
  if (createdId === undefined) return undefined;
  const [row] = await findCases(ctx.db.prisma, [createdId]);
  return presentCase(row!, { groups: new Set(), custom: () => false, anyCustom: false }, { defs });
}

/**
 * 04 §3.1 (change case): department, owner, customer and originating channel of the source case, status `open`; the
 * body's subject (default the source case's), description, solution, severity, due date and custom attributes.
 */
async function createCase(tx: Tx, source: LockedCase, fields: NewCaseFields, attributes: AttributeChange[], now: Date, by: bigint | null): Promise<bigint> {
  const copied = await sourceCase(tx, source.id);
  const input: NewCaseInput = {
    departmentId: source.departmentId,
    customerId: source.customerId,
    subject: fields.subject ?? copied.subject,
    type: copied.originatingChannel as NewCaseInput['type'],
  };
  const id = await createCaseFor(tx, input, by, now);
  const extra = {
    ...(source.ownerId !== null ? { ownerId: source.ownerId } : {}),
    ...(fields.severity ? { severity: fields.severity } : {}),
    ...(fields.description ? { description: fields.description } : {}),
    ...(fields.solution ? { solution: fields.solution } : {}),
    ...(fields.dueDate ? { dueDate: fields.dueDate } : {}),
  };
  if (Object.keys(extra).length) await tx.case.update({ where: { id }, data: extra });
  await writeAttributes(tx, caseValues, id, attributes, true);
  return id;
}

/** relateCase=yes: source ↔ target (both directions); a case with more than 75 related cases → 400-160. */
async function relateCases(tx: Tx, sourceId: bigint, targetId: bigint, existing: boolean, now: Date, by: bigint | null): Promise<void> {
  const linked = await linkCases(tx, sourceId, [targetId]);
  if (!linked.length) return;
  const counts = await relationCounts(tx, [sourceId, targetId]);
  const over = [...counts.values()].find((n) => n > MAX_RELATED);
  if (over !== undefined) throw Err.tooManyItems(over);
  // A new relation changes both cases (04 §4.1); a case created by this request already carries now.
  await touchCases(tx, existing ? [sourceId, targetId] : [sourceId], now, by);
}
