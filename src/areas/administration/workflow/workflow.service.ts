// Workflow use cases (07 §10): list, get by ids, create, edit, delete for each kind. Reads need admin.config.read,
// writes admin.write (07 §1.2); every write is one adminWrite transaction (07 §1.1). Body checks that need no
// database (conditions and actions, cleared required fields, tokens) run before the permission check (01 §7.2); the
// referenced objects are read FOR SHARE inside the write, so that a concurrent delete of one of them cannot pass.
import { authorize } from '../../../authz/permissions.ts';
import { Err } from '../../../errors/app-error.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { normaliseValue } from '../../custom-attributes/normalise.ts';
import { bodyDepartment, departmentFilter } from '../shared/filters.ts';
import { actorUserId, nextModified, presentStamped, type Tx } from '../common.ts';
import { checkToken, distinct, readToken, requireAll, requiredText } from '../shared/admin-edit.ts';
import { editedState, editedText } from '../shared/body-parts.ts';
import { checkedWrite } from '../shared/conflicts.ts';
import { findMemberCandidates } from '../group/group.queries.ts';
import { readActions, readConditions, type AttributeCondition, type Reference, type StoredActions, type StoredConditions } from './workflow.input.ts';
import { departmentsOf, findWorkflows, lockWorkflows, maxOrder, pageWorkflows, referenceNames, type WorkflowRow } from './workflow.queries.ts';
import { collectReferences, noReferences, presentWorkflow } from './workflow.presenter.ts';
import type { WorkflowCreate, WorkflowEditItem, WorkflowKind } from './workflow.schema.ts';
import { workflowKeys } from './workflow.schema.ts';

async function present(ctx: ServiceContext, rows: WorkflowRow[], q: ParsedQuery) {
  const withCreated = wantsAttribute(q, 'created');
  const ids = noReferences();
  for (const r of rows) collectReferences(ids, r.conditions, r.actions);
  const names = await referenceNames(ctx.db.prisma, ids);
  return presentStamped(ctx, rows, withCreated, (r, refs) => presentWorkflow(r, refs, names, withCreated));
}

export async function listWorkflows(ctx: ServiceContext, kind: WorkflowKind, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.config.read');
  const db = ctx.db.prisma;
  // A department the filter names must exist (07 §19): 404-101.
  const departmentId = await departmentFilter(db, q);
  const page = await pageWorkflows(db, kind, { departmentId, state: criterion(q, 'state', 'enum')?.value }, q);
  const items = await present(ctx, await findWorkflows(db, kind, page.ids), q);
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

export async function getWorkflows(ctx: ServiceContext, kind: WorkflowKind, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'admin.config.read');
  const rows = await findWorkflows(ctx.db.prisma, kind, ids);
  requireAll(ids, rows);
  return present(ctx, rows, q);
}

// ---------------------------------------------------------------------------------------------------------------
// References: the objects a workflow names must be of its department (07 §10)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Every referenced alias, queue, standard message and group must exist in `departmentId`; every referenced user must
 * exist, not be deleted and have it as home or foreign department (as group members, 07 §5). The first one that does
 * not → 400-152 on its path. One query per kind referenced.
 */
async function checkReferences(tx: Tx, departmentId: bigint, references: readonly Reference[]): Promise<void> {
  if (!references.length) return;
  const ofKind = (kind: Reference['kind']) => distinct(references.filter((r) => r.kind === kind).map((r) => r.id));
  const found = new Map<string, boolean>();
  for (const kind of ['alias', 'queue', 'message', 'group'] as const) {
    const departments = await departmentsOf(tx, kind, ofKind(kind));
    for (const [id, dept] of departments) found.set(`${kind}:${id}`, dept === departmentId);
  }
  const users = ofKind('user');
  if (users.length) for (const [id, c] of await findMemberCandidates(tx, users, departmentId)) found.set(`user:${id}`, c.inDepartment);
  const bad = references.find((r) => !found.get(`${r.kind}:${r.id}`));
  if (bad) throw Err.invalidAttribute(bad.path, String(bad.id));
}

/**
 * Customer attribute conditions (07 §10.1) name active custom attribute definitions of customers (03 §2.7), else
 * 400-152 on `attribName`; each value must be valid for its definition (400-152 on the value) and is stored in the
 * definition's form (an enumerated value in its defined spelling, an integer without leading zeros), duplicates
 * dropped. Definitions are read from the cache before the write transaction opens.
 */
async function normaliseAttributes(ctx: ServiceContext, conditions: StoredConditions, attributes: readonly AttributeCondition[]): Promise<void> {
  if (!attributes.length) return;
  const defs = await ctx.attributes.of('customer');
  conditions.customerAttributes = {
    customAttribute: attributes.map((a) => {
      const def = defs.get(a.name);
      if (!def || def.state !== 'active') throw Err.invalidAttribute(`${a.path}.attribName`, a.name);
      const values: string[] = [];
      const keys = new Set<string>();
      for (const v of a.values) {
        const n = normaliseValue(def, v.raw);
        if (!n) throw Err.invalidAttribute(v.path, v.raw);
        if (keys.has(n.key.toLowerCase())) continue;
        keys.add(n.key.toLowerCase());
        values.push(n.value);
      }
      return { attribName: a.name, attribValues: { attribValue: values.map((value) => ({ value })) } };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Create, edit, delete
// ---------------------------------------------------------------------------------------------------------------

export async function createWorkflow(ctx: ServiceContext, kind: WorkflowKind, body: WorkflowCreate, q: ParsedQuery) {
  const ref = body.department;
  if (ref.id === undefined && !ref.name) throw Err.missingAttribute('department');
  const c = readConditions(kind, body.conditions);
  const a = readActions(kind, body.actions);
  authorize(ctx.actor, 'admin.write');
  await normaliseAttributes(ctx, c.conditions, c.attributes);
  const now = ctx.now();
  const by = actorUserId(ctx);
  const row = await checkedWrite(
    ctx,
    async (tx) => {
      const departmentId = await bodyDepartment(tx, ref);
      await checkReferences(tx, departmentId, [...c.references, ...a.references]);
      const created = await tx.workflow.create({
        data: {
          kind,
          name: body.name,
          description: editedText(body.description) ?? null,
          departmentId,
          state: body.state?.value ?? 'active',
          // Default: after every workflow of the department and kind (07 §10). Two creates at once may get the same
          // order; ties are broken by id.
          order: body.order ?? (await maxOrder(tx, departmentId, kind)) + 1,
          conditions: c.conditions,
          actions: a.actions,
          createdAt: now,
          createdById: by,
          lastModifiedAt: now,
          lastModifiedById: by,
        },
      });
      return (await findWorkflows(tx, kind, [created.id]))[0]!;
    },
    // The department or a referenced object was deleted meanwhile.
    () => Err.invalidAttribute('department.id', ref.id ?? ref.name),
  );
  return (await present(ctx, [row], q))[0]!;
}

type Edit = {
  id: bigint;
  path: string;
  name?: string | undefined;
  description?: string | null | undefined;
  state?: string | undefined;
  /** null: cleared, back to the default (after every other workflow of the department and kind). */
  order?: number | null | undefined;
  conditions?: ReturnType<typeof readConditions> | undefined;
  actions?: ReturnType<typeof readActions> | undefined;
  token: Date | undefined;
};

/** One edit item read and checked without the database (01 §7.2 order: body content before permissions). */
function readEdit(kind: WorkflowKind, item: WorkflowEditItem, i: number): Edit {
  const path = `${workflowKeys[kind]}[${i}]`;
  // `name` and `actions` are required: they cannot be cleared (01 §3.2: 400-152); nor can the conditions of an alarm
  // workflow, which hold the required `waitingMinutes`. Other conditions cleared match everything.
  if (item.name === null) throw Err.invalidAttribute(`${path}.name`, '');
  if (item.actions === null) throw Err.invalidAttribute(`${path}.actions`, '');
  if (item.conditions === null && kind === 'alarm') throw Err.invalidAttribute(`${path}.conditions`, '');
  return {
    id: BigInt(item.id),
    path,
    name: requiredText(item.name, `${path}.name`),
    description: editedText(item.description),
    state: editedState(item.state),
    order: item.order,
    conditions: item.conditions === undefined ? undefined : readConditions(kind, item.conditions, path),
    actions: item.actions === undefined ? undefined : readActions(kind, item.actions, path),
    token: readToken(item.lastModified, path),
  };
}

export async function editWorkflows(ctx: ServiceContext, kind: WorkflowKind, items: WorkflowEditItem[]) {
  const edits = items.map((item, i) => readEdit(kind, item, i));
  authorize(ctx.actor, 'admin.write');
  for (const e of edits) if (e.conditions) await normaliseAttributes(ctx, e.conditions.conditions, e.conditions.attributes);
  const now = ctx.now();
  const by = actorUserId(ctx);
  await checkedWrite(
    ctx,
    async (tx) => {
      const ids = distinct(edits.map((e) => e.id));
      await lockWorkflows(tx, ids);
      const rows = await findWorkflows(tx, kind, ids);
      requireAll(ids, rows);
      const stored = new Map(rows.map((r) => [r.id, r]));
      // The department is not editable: references are checked against the stored one.
      for (const e of edits) {
        await checkReferences(tx, stored.get(e.id)!.departmentId, [...(e.conditions?.references ?? []), ...(e.actions?.references ?? [])]);
      }
      for (const e of edits) checkToken(e.id, e.token, stored.get(e.id)!.lastModifiedAt);

      for (const id of ids) {
        // Several items with one id are applied in order.
        const data: { name?: string; description?: string | null; state?: string; order?: number; conditions?: StoredConditions; actions?: StoredActions } = {};
        for (const e of edits.filter((x) => x.id === id)) {
          if (e.name !== undefined) data.name = e.name;
          if (e.description !== undefined) data.description = e.description;
          if (e.state !== undefined) data.state = e.state;
          if (e.order !== undefined) data.order = e.order ?? (await maxOrder(tx, stored.get(id)!.departmentId, kind)) + 1;
          if (e.conditions) data.conditions = e.conditions.conditions;
          if (e.actions) data.actions = e.actions.actions;
        }
        await tx.workflow.update({ where: { id }, data: { ...data, lastModifiedAt: nextModified(stored.get(id)!.lastModifiedAt, now), lastModifiedById: by } });
      }
    },
    () => Err.idsNotFound(distinct(edits.map((e) => String(e.id)))),
  );
}

/** Deletes workflows of `kind`, all or none; their alarm events go with them. Nothing refers to a workflow. */
export async function deleteWorkflows(ctx: ServiceContext, kind: WorkflowKind, ids: bigint[]) {
  authorize(ctx.actor, 'admin.write');
  await checkedWrite(
    ctx,
    async (tx) => {
      await lockWorkflows(tx, ids);
      requireAll(ids, await findWorkflows(tx, kind, ids));
      await tx.workflow.deleteMany({ where: { id: { in: ids } } });
    },
    () => Err.idsNotFound(ids.map(String)),
  );
}
