// Case use cases (04 §7): get by ids, search, lookup, edit, close, change customer, and the case notes. Callers and
// visibility per 03 §2.6 and 04 §8: administrators see every case, supervisors and agents the cases of their home
// and foreign departments, a customer session the cases of its own customer; anything else does not exist.
import { Prisma } from '../../generated/prisma/client.ts';
import type { Actor } from '../../authz/actor.ts';
import { authorize } from '../../authz/permissions.ts';
import { visibleDepartments } from '../../authz/scope.ts';
import { Err } from '../../errors/app-error.ts';
import type { Lang } from '../../errors/catalogue.ts';
import { parseCriterion, type CriterionValue, type CustomCriterion, type ParsedQuery } from '../../query/parse.ts';
import { pageIds } from '../../query/sql-page.ts';
import { notARange } from '../../query/sql-criteria.ts';
import { caseCount } from './case.counts.ts';
import type { ServiceContext } from '../service-context.ts';
import { actorUserId, checkConcurrency, nextModified, type Tx } from '../administration/common.ts';
import { isUniqueViolation } from '../administration/shared/conflicts.ts';
import { lockDefinitions, type DefinitionsByName } from '../custom-attributes/definition.ts';
import { searchKey } from '../custom-attributes/normalise.ts';
import {
  caseValues,
  checkAttributes,
  checkUniqueValues,
  customCriteria,
  loadAttributeValues,
  writeAttributes,
  type AttributeChange,
} from '../custom-attributes/values.ts';
import { phoneSearchKey } from '../customer/customer.rows.ts';
import { existingCustomerIds } from '../customer/customer.queries.ts';
import { transition, type ActivityState } from '../activity/status-machine.ts';
import { createNote, getNote, listNotes } from '../note/note.service.ts';
import { readNoteContent } from '../note/note.schema.ts';
import type { NoteOwner } from '../note/note.queries.ts';
import { MAX_RELATED, readAttributes, readCaseEdit, readChangeCustomer, readToken, type CaseEdit } from './case.input.ts';
import { presentCase, type CaseView } from './case.presenter.ts';
import { caseCriteria, optionalGroups } from './case.schema.ts';
import {
  caseScopes,
  findCases,
  isEligibleOwner,
  linkCases,
  lockCases,
  lockOpenActivities,
  relatedCaseIds,
  relationCounts,
  touchCases,
  unlinkCases,
  type LockedCase,
} from './case.queries.ts';
import { closeCaseRow } from './case.lifecycle.ts';

// ----- visibility -----

type Scoped = { departmentId: bigint; customerId: bigint };

/** Whether the caller may see a case (03 §2.6, 04 §8). */
export function seesCase(actor: Actor, c: Scoped): boolean {
  if (actor.kind === 'customer') return c.customerId === actor.customerId;
  const departments = visibleDepartments(actor);
  return departments === 'all' || departments.has(c.departmentId);
}

/** The SQL condition limiting `alias`'s cases to those the caller sees (none for an administrator). */
export function visibleCasesCondition(actor: Actor, alias = 'c'): Prisma.Sql | undefined {
  const a = Prisma.raw(alias);
  if (actor.kind === 'customer') return Prisma.sql`${a}.customer_id = CAST(${String(actor.customerId)} AS bigint)`;
  const departments = visibleDepartments(actor);
  if (departments === 'all') return undefined;
  return Prisma.sql`${a}.department_id = ANY(CAST(${[...departments].map(String)} AS bigint[]))`;
}

/** A path case id the caller must see (K4–K8): else 404-101. */
async function requireVisibleCase(ctx: ServiceContext, id: bigint): Promise<void> {
  const [scope] = await caseScopes(ctx.db.prisma, [id]);
  if (!scope || !seesCase(ctx.actor, scope)) throw Err.idsNotFound([String(id)]);
}

// ----- reading -----

/** The attribute groups of 04 §5 a request asked for. */
export function viewOf(q: ParsedQuery): CaseView {
  const all = q.attributes.has('all');
  const allCustom = all || q.attributes.has('custom') || q.attributes.has('customAttributes');
  const names = new Set([...q.attributes].filter((a) => a.startsWith('custom.')).map((a) => a.slice('custom.'.length)));
  return {
    groups: new Set(optionalGroups.filter((g) => all || q.attributes.has(g))),
    custom: (name) => allCustom || names.has(name),
    anyCustom: allCustom || names.size > 0,
  };
}

/** Representations of the cases `ids` (in that order): rows, and when asked related cases and custom values, in parallel. */
async function load(ctx: ServiceContext, ids: readonly bigint[], view: CaseView) {
  const db = ctx.db.prisma;
  const [rows, related, values, defs] = await Promise.all([
    findCases(db, ids),
    view.groups.has('relatedCases') ? relatedCaseIds(db, ids) : undefined,
    view.anyCustom ? loadAttributeValues(db, caseValues, ids) : undefined,
    ctx.attributes.of('case'),
  ]);
  return {
    rows,
    items: rows.map((c) => presentCase(c, view, { related: related?.get(String(c.id)), values: values?.get(String(c.id)), defs })),
  };
}

/** K1 (04 §7.1): any id missing or not visible → 404-101 naming each, in path order. */
export async function getCases(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'interaction.read');
  const { rows, items } = await load(ctx, ids, viewOf(q));
  const seen = new Set(rows.filter((r) => seesCase(ctx.actor, r)).map((r) => r.id));
  const missing = ids.filter((id) => !seen.has(id)).map(String);
  if (missing.length) throw Err.idsNotFound(missing);
  return items;
}

const sorts = {
  createddate: { expr: Prisma.sql`c.created_at`, type: 'timestamptz' },
  lastmodifieddate: { expr: Prisma.sql`c.last_modified_at`, type: 'timestamptz' },
  duedate: { expr: Prisma.sql`c.due_date`, type: 'timestamptz' },
} as const;

const rangeColumns: Record<string, Prisma.Sql> = {
  createdDate: Prisma.sql`c.created_at`,
  lastModifiedDate: Prisma.sql`c.last_modified_at`,
  lastClosedDate: Prisma.sql`c.last_closed_at`,
  dueDate: Prisma.sql`c.due_date`,
};

/**
 * The conditions of the 04 §7.2 criteria, each one indexed condition on `interaction_case c`. `notRange` is called
 * for a date criterion given as a single instant (the grammar takes only ranges).
 */
function conditions(criteria: ReadonlyMap<string, CriterionValue>, notRange: (name: string) => never): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  for (const [name, c] of criteria) {
    const value = 'value' in c ? String(c.value) : '';
    switch (name) {
      case 'customer':
        where.push(Prisma.sql`c.customer_id = CAST(${value} AS bigint)`);
        break;
      case 'email':
        where.push(Prisma.sql`c.customer_id IN (SELECT customer_id FROM contact_point
          WHERE kind = 'email' AND removed_at IS NULL AND lower(email_address) = lower(${value}))`);
        break;
      case 'phone': {
        const key = phoneSearchKey(value);
        where.push(Prisma.sql`c.customer_id IN (SELECT customer_id FROM contact_point WHERE kind = 'phone' AND removed_at IS NULL
          AND (phone_digits = ${key} OR phone_digits_area = ${key} OR phone_digits_full = ${key}))`);
        break;
      }
      case 'status':
        where.push(Prisma.sql`c.status = ${value}`);
        break;
      case 'owner':
        where.push(Prisma.sql`c.owner_id = CAST(${value} AS bigint)`);
        break;
      case 'ownerLoginId':
        where.push(Prisma.sql`c.owner_id IN (SELECT id FROM app_user WHERE lower(login_id) = lower(${value.trim()}))`);
        break;
      case 'severity':
        where.push(Prisma.sql`c.severity = ${value}`);
        break;
      case 'department':
        where.push(Prisma.sql`c.department_id = CAST(${value} AS bigint)`);
        break;
      default: {
        const column = rangeColumns[name];
        if (!column) break;
        if (c.kind !== 'range') notRange(name);
        const r = c as Extract<CriterionValue, { kind: 'range' }>;
        if (r.from) where.push(Prisma.sql`${column} >= ${r.from}`);
        if (r.to) where.push(Prisma.sql`${column} <= ${r.to}`);
      }
    }
  }
  return where;
}

/** The status of a search whose only criterion is `status` (the work-status search of the load profile). */
function onlyStatus(criteria: ReadonlyMap<string, CriterionValue>, customCriteria: number): string | undefined {
  const status = criteria.size === 1 && customCriteria === 0 ? criteria.get('status') : undefined;
  return status && 'value' in status ? String(status.value) : undefined;
}

async function searchPage(ctx: ServiceContext, q: ParsedQuery, where: Prisma.Sql[], status: string | undefined) {
  const scope = visibleCasesCondition(ctx.actor);
  if (scope) where.push(scope);
  // Staff searching by status alone: the exact count comes from the maintained counters (case.counts.ts).
  const count = status !== undefined && ctx.actor.kind === 'user' ? () => caseCount(ctx.db.prisma, status, visibleDepartments(ctx.actor)) : undefined;
  const page = await pageIds(ctx.db.prisma, { from: Prisma.sql`interaction_case c`, id: Prisma.sql`c.id`, where, sorts, ...(count ? { count } : {}) }, q);
  const { items } = await load(ctx, page.ids, viewOf(q));
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

/** K2 (04 §7.2): the criteria of the query string; the page and the exact count share the conditions. */
export async function searchCases(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'interaction.read');
  const defs = await ctx.attributes.of('case');
  const where = conditions(q.criteria, (name) => notARange(q, name));
  where.push(...customCriteria(caseValues, Prisma.sql`c.id`, defs, q.custom));
  return searchPage(ctx, q, where, onlyStatus(q.criteria, q.custom.length));
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** K9 body criteria (04 §7.6): the K2 grammar, each a string; a bad value → 400-152 on its property. */
function readLookup(body: Record<string, unknown>, defs: DefinitionsByName) {
  const criteria = new Map<string, CriterionValue>();
  for (const spec of caseCriteria) {
    const v = body[spec.name];
    if (v === undefined || v === null) continue;
    const s = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
    const parsed = s === undefined || s === '' ? null : parseCriterion(spec, s);
    if (!parsed) throw Err.invalidAttribute(spec.name, typeof v === 'object' ? '' : v);
    criteria.set(spec.name, parsed);
  }
  const custom: CustomCriterion[] = [];
  const attributes = body.customAttributes === undefined || body.customAttributes === null ? [] : readAttributes(body.customAttributes);
  for (const a of attributes) {
    const def = defs.get(a.name);
    if (!def) throw Err.invalidAttribute(`${a.path}.attribName`, a.name);
    if (a.values.length !== 1 || a.values[0]!.raw === '') throw Err.invalidAttribute(a.values[1]?.path ?? `${a.path}.attribValues`, a.values[1]?.raw ?? '');
    if (searchKey(def, a.values[0]!.raw) === null) throw Err.invalidAttribute(a.values[0]!.path, a.values[0]!.raw);
    custom.push({ name: a.name, value: a.values[0]!.raw });
  }
  if (criteria.size === 0 && custom.length === 0) throw Err.criterionRequired();
  return { criteria, custom };
}

/** K9 (04 §7.6): K2 with the criteria in the body. */
export async function lookupCases(ctx: ServiceContext, body: unknown, q: ParsedQuery) {
  if (!isObj(body)) throw Err.malformedBody();
  const defs = await ctx.attributes.of('case');
  for (const a of q.attributes) {
    if (a.startsWith('custom.') && !defs.has(a.slice('custom.'.length))) {
      throw Err.invalidParam(q.link.params.find((p) => p.name === '$attribute' || p.name === '$attributes')?.name ?? '$attribute', a);
    }
  }
  const { criteria, custom } = readLookup(body, defs);
  authorize(ctx.actor, 'interaction.read');
  const where = conditions(criteria, (name) => {
    throw Err.invalidAttribute(name, String(body[name]));
  });
  where.push(...customCriteria(caseValues, Prisma.sql`c.id`, defs, custom));
  return searchPage(ctx, q, where, onlyStatus(criteria, custom.length));
}

// ----- writes -----

const closedReason: Record<Lang, string> = { 'en-US': 'the case is closed', 'es-ES': 'el caso está cerrado' };
const chatReason: Record<Lang, string> = {
  'en-US': 'the case has an open chat or call track activity',
  'es-ES': 'el caso tiene una actividad de chat o de registro de llamada abierta',
};

/** The target of an edit: locked, visible (else 404-101). */
function target(ctx: ServiceContext, locked: Map<bigint, LockedCase>, id: bigint): LockedCase {
  const c = locked.get(id);
  if (!c || !seesCase(ctx.actor, c)) throw Err.idsNotFound([String(id)]);
  return c;
}

/** A closed case cannot be edited, closed or given another customer (04 §3.3): 409-102. */
function requireOpen(c: LockedCase): void {
  if (c.status !== 'open') throw Err.stateForbids(String(c.id), closedReason);
}

/**
 * The custom attributes of an edit checked against the definitions (400-152), then confirmed under a share lock on
 * the definitions used (as customers do, 03 §9): checked again when one changed since `defs` was read.
 */
async function confirmAttributes(tx: Tx, input: CaseEdit, defs: DefinitionsByName): Promise<AttributeChange[]> {
  if (!input.attributes) return [];
  const checked = checkAttributes(defs, input.attributes);
  const fresh = await lockDefinitions(tx, 'case', checked.map((c) => c.def));
  return fresh ? checkAttributes(fresh, input.attributes) : checked;
}

/** Link/unlink (04 §7.3): every named case exists, is visible and differs from the edited one (400-152). */
function checkRelations(ctx: ServiceContext, input: CaseEdit, locked: Map<bigint, LockedCase>): void {
  for (const ref of input.link) {
    const other = locked.get(ref.id);
    if (ref.id === input.id || !other || !seesCase(ctx.actor, other)) throw Err.invalidAttribute(ref.path, ref.raw);
  }
}

/**
 * K3 (04 §7.3). The edited case and every case it links or unlinks are locked first, in id order. Then, in the order
 * of 01 §7.2: 404-101 (the case) → 400-152 (owner, linked cases, custom attribute definitions) → 409-102 (closed) →
 * 409-101 (token) → 400-160 (related cases over 75, counted after the links are written).
 */
export async function editCase(ctx: ServiceContext, body: Record<string, unknown>): Promise<void> {
  const now = ctx.now();
  const input = readCaseEdit(body, now);
  authorize(ctx.actor, 'interaction.work');
  // Read before the transaction (definition.ts: on PGlite a load inside one would wait for it); checked inside it.
  const defs: DefinitionsByName = input.attributes ? await ctx.attributes.of('case') : new Map();
  let attributes: AttributeChange[] = [];
  const by = actorUserId(ctx);
  const others = [...new Set([...input.link, ...input.unlink].map((r) => r.id))];

  try {
    await ctx.db.prisma.$transaction(async (tx) => {
      const locked = await lockCases(tx, [...new Set([input.id, ...others])]);
      const c = target(ctx, locked, input.id);
      if (input.owner && !(await isEligibleOwner(tx, input.owner.id, c.departmentId))) throw Err.invalidAttribute(input.owner.path, input.owner.raw);
      checkRelations(ctx, input, locked);
      attributes = await confirmAttributes(tx, input, defs);
      requireOpen(c);
      checkConcurrency(input.id, input.lastModified, c.lastModifiedAt);

      const unlinked = await unlinkCases(tx, input.id, input.unlink.map((r) => r.id).filter((id) => id !== input.id));
      const linked = await linkCases(tx, input.id, [...new Set(input.link.map((r) => r.id))]);
      if (linked.length) {
        const counts = await relationCounts(tx, [input.id, ...linked]);
        const over = [...counts.values()].find((n) => n > MAX_RELATED);
        if (over !== undefined) throw Err.tooManyItems(over);
      }
      await tx.case.update({
        where: { id: input.id },
        data: {
          ...(input.dueDate !== undefined ? { dueDate: input.dueDate } : {}),
          ...(input.owner !== undefined ? { ownerId: input.owner?.id ?? null } : {}),
          ...(input.severity !== undefined ? { severity: input.severity } : {}),
          ...(input.subject !== undefined ? { subject: input.subject } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.solution !== undefined ? { solution: input.solution } : {}),
          lastModifiedAt: nextModified(c.lastModifiedAt, now),
          lastModifiedById: by,
        },
      });
      // The other side of a new or removed relation changed as well (04 §4.1: relations are symmetric).
      await touchCases(tx, [...new Set([...linked, ...unlinked])], now, by);
      await writeAttributes(tx, caseValues, input.id, attributes);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    await checkUniqueValues(ctx.db.prisma, caseValues, input.id, attributes);
    const unique = attributes.find((a) => a.def.unique && a.values.length);
    throw Err.invalidAttribute(unique?.values[0]?.path ?? 'customAttributes', unique?.values[0]?.value ?? '');
  }
}

/**
 * K4 (04 §3.3, §7.4): completes every open activity with T13 of the status machine, then closes the case, in one
 * transaction with the case row locked first. An open chat or call track → 409-102 and nothing changes.
 */
export async function closeCase(ctx: ServiceContext, id: bigint, body: Record<string, unknown> | undefined): Promise<void> {
  const lastModified = body ? readToken(body) : undefined;
  authorize(ctx.actor, 'interaction.work');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await ctx.db.prisma.$transaction(async (tx) => {
    const c = target(ctx, await lockCases(tx, [id]), id);
    requireOpen(c);
    const open = await lockOpenActivities(tx, id);
    if (open.some((a) => a.type === 'chat' || a.type === 'calltrack')) throw Err.stateForbids(String(id), chatReason);
    const changes = open.map((a) => ({ a, t: transition(a.id, a as unknown as ActivityState, { kind: 'closeCase', callerId: by }) }));
    checkConcurrency(id, lastModified, c.lastModifiedAt);
    for (const { a, t } of changes) {
      await tx.activity.update({
        where: { id: a.id },
        data: {
          status: t.next.status,
          substatus: t.next.substatus,
          assignedUserId: t.next.assignedUserId,
          queueId: t.next.queueId,
          ...(t.completed ? { completedAt: now, completedById: by } : {}),
          ...(t.userLastWorked !== undefined ? { userLastWorkedId: t.userLastWorked } : {}),
          lastModifiedAt: nextModified(a.lastModifiedAt, now),
          lastModifiedById: by,
        },
      });
    }
    await closeCaseRow(tx, id, now, by);
  });
}

/**
 * K5 (04 §7.5): the case's customer becomes the target; its activities keep their own customers (05 §9.9 changes
 * them). The current customer again changes nothing.
 */
export async function changeCaseCustomer(ctx: ServiceContext, id: bigint, body: Record<string, unknown>): Promise<void> {
  const input = readChangeCustomer(body);
  authorize(ctx.actor, 'interaction.work');
  const now = ctx.now();
  await ctx.db.prisma.$transaction(async (tx) => {
    const c = target(ctx, await lockCases(tx, [id]), id);
    if (!(await existingCustomerIds(tx, [input.customerId])).has(input.customerId)) {
      throw Err.invalidAttribute(typeof body.customer === 'object' ? 'customer.id' : 'customer', input.raw);
    }
    requireOpen(c);
    checkConcurrency(id, input.lastModified, c.lastModifiedAt);
    if (c.customerId === input.customerId) return;
    await tx.case.update({
      where: { id },
      data: { customerId: input.customerId, lastModifiedAt: nextModified(c.lastModifiedAt, now), lastModifiedById: actorUserId(ctx) },
    });
  });
}

// ----- notes (04 §9) -----

const caseOwner = (id: bigint): NoteOwner => ({ kind: 'case', id });

/** K6: open or closed cases alike. */
export async function addCaseNote(ctx: ServiceContext, id: bigint, body: Record<string, unknown>) {
  const content = readNoteContent(body);
  authorize(ctx.actor, 'interaction.work');
  await requireVisibleCase(ctx, id);
  return createNote(ctx.db.prisma, caseOwner(id), content, actorUserId(ctx), ctx.now());
}

/** K7: every note of the case, [] when none (204). */
export async function listCaseNotes(ctx: ServiceContext, id: bigint) {
  authorize(ctx.actor, 'interaction.read');
  await requireVisibleCase(ctx, id);
  return listNotes(ctx.db.prisma, caseOwner(id));
}

/** K8: a note of another case is not found. */
export async function getCaseNote(ctx: ServiceContext, id: bigint, noteId: bigint) {
  authorize(ctx.actor, 'interaction.read');
  await requireVisibleCase(ctx, id);
  return getNote(ctx.db.prisma, caseOwner(id), noteId);
}
