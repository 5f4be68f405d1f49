// Email alias use cases (07 §9): list, get by ids, create, edit, delete. Reads need admin.read, writes admin.write
// (07 §1.2); every write is one adminWrite transaction (07 §1.1). Body checks that need no database (address syntax,
// cleared required fields, tokens) run before the permission check (01 §7.2).
import { authorize } from '../../../authz/permissions.ts';
import { Err } from '../../../errors/app-error.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { bodyDepartment, departmentFilter } from '../shared/filters.ts';
import { actorUserId, nextModified, presentStamped } from '../common.ts';
import type { Db } from '../shared/admin-list.queries.ts';
import { checkToken, distinct, readToken, requireAll } from '../shared/admin-edit.ts';
import { editedState, editedText } from '../shared/body-parts.ts';
import { checkedWrite, stillInUse, usedByWorkflows, valueInUse, valuesInUse } from '../shared/conflicts.ts';
import { readAddress, type AliasCreate, type AliasEdit } from './alias.schema.ts';
import {
  findAddressHolder,
  findAliases,
  findQueues,
  lockAliases,
  pageAliases,
  queueExists,
  workflowsUsingAliases,
  type AliasRow,
} from './alias.queries.ts';
import { presentAlias } from './alias.presenter.ts';

/** At most this many blocked ids and blocking workflows are named in a 409-102 (error `details` hold 30 pairs). */
const perKind = 10;

function present(ctx: ServiceContext, rows: AliasRow[], q: ParsedQuery) {
  const withCreated = wantsAttribute(q, 'created');
  return presentStamped(ctx, rows, withCreated, (r, refs) => presentAlias(r, refs, withCreated));
}

export async function listAliases(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const db = ctx.db.prisma;
  // Ids in the filters must exist (07 §19): 404-101.
  const departmentId = await departmentFilter(db, q);
  const queue = criterion(q, 'queue', 'id')?.value;
  if (queue !== undefined && !(await queueExists(db, BigInt(queue)))) throw Err.idsNotFound([queue]);
  const page = await pageAliases(
    db,
    {
      departmentId,
      state: criterion(q, 'state', 'enum')?.value,
      emailAddress: criterion(q, 'emailAddress', 'email')?.value.trim().toLowerCase(),
      queueId: queue === undefined ? undefined : BigInt(queue),
    },
    q,
  );
  const items = await present(ctx, await findAliases(db, page.ids), q);
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

export async function getAliases(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const rows = await findAliases(ctx.db.prisma, ids);
  requireAll(ids, rows);
  return present(ctx, rows, q);
}

/**
 * The queue of an alias must be a queue (active or inactive) of the alias's department that handles email (07 §9):
 * else 400-152 on `<path>.id`.
 */
async function checkQueue(db: Db, queueId: bigint, departmentId: bigint, path: string): Promise<void> {
  const queue = (await findQueues(db, [queueId])).get(queueId);
  if (!queue || queue.departmentId !== departmentId || !queue.channels.includes('email')) throw Err.invalidAttribute(`${path}.id`, String(queueId));
}

export async function createAlias(ctx: ServiceContext, body: AliasCreate, q: ParsedQuery) {
  const ref = body.department;
  if (ref.id === undefined && !ref.name) throw Err.missingAttribute('department');
  const emailAddress = readAddress(body.emailAddress, 'emailAddress');
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  const queueId = BigInt(body.queue.id);
  const row = await checkedWrite(
    ctx,
    async (tx) => {
      const departmentId = await bodyDepartment(tx, ref);
      await checkQueue(tx, queueId, departmentId, 'queue');
      const holder = await findAddressHolder(tx, emailAddress);
      if (holder !== undefined) throw valueInUse('emailAddress', emailAddress, { holder: String(holder) });
      const created = await tx.emailAlias.create({
        data: {
          name: body.name,
          emailAddress,
          displayName: editedText(body.displayName) ?? null,
          departmentId,
          queueId,
          state: body.state?.value ?? 'active',
          createdAt: now,
          createdById: by,
          lastModifiedAt: now,
          lastModifiedById: by,
        },
      });
      return (await findAliases(tx, [created.id]))[0]!;
    },
    // A concurrent create took the address (unique index email_alias_email_address_key), or the queue or the
    // department was deleted meanwhile.
    (kind) => (kind === 'unique' ? valueInUse('emailAddress', emailAddress, { holder: emailAddress }) : Err.invalidAttribute('queue.id', body.queue.id)),
  );
  return (await present(ctx, [row], q))[0]!;
}

type EditChanges = { name?: string; emailAddress?: string; displayName?: string | null; queueId?: bigint; state?: string };

/** One edit item read and checked without the database (01 §7.2 order: body content before permissions). */
function readEdit(item: AliasEdit[number], i: number) {
  const path = `alias[${i}]`;
  const changes: EditChanges = {};
  // `name`, `emailAddress` and `queue` are required: they cannot be cleared (01 §3.2: 400-152).
  if (item.name !== undefined) {
    if (item.name === null || item.name.trim() === '') throw Err.invalidAttribute(`${path}.name`, item.name ?? '');
    changes.name = item.name;
  }
  if (item.emailAddress !== undefined) {
    if (item.emailAddress === null || item.emailAddress.trim() === '') throw Err.invalidAttribute(`${path}.emailAddress`, item.emailAddress ?? '');
    changes.emailAddress = readAddress(item.emailAddress, `${path}.emailAddress`);
  }
  if (item.queue === null) throw Err.invalidAttribute(`${path}.queue`, '');
  if (item.queue !== undefined) changes.queueId = BigInt(item.queue.id);
  const displayName = editedText(item.displayName);
  if (displayName !== undefined) changes.displayName = displayName;
  const state = editedState(item.state);
  if (state !== undefined) changes.state = state;
  return { id: BigInt(item.id), path, changes, token: readToken(item.lastModified, path) };
}

type Edit = ReturnType<typeof readEdit>;

/**
 * Addresses stay unique case-insensitively (07 §9): among the edited aliases (with their final addresses) and against
 * the others. The first clash → 409-102 naming the edited alias and the address.
 */
async function checkAddresses(db: Db, stored: ReadonlyMap<bigint, AliasRow>, edits: readonly Edit[]): Promise<void> {
  const finalAddress = new Map([...stored].map(([id, r]) => [id, r.emailAddress]));
  for (const e of edits) if (e.changes.emailAddress !== undefined) finalAddress.set(e.id, e.changes.emailAddress);
  const seen = new Set<string>();
  for (const [id, address] of finalAddress) {
    if (seen.has(address.toLowerCase())) throw valueInUse('emailAddress', address, { edited: String(id) });
    seen.add(address.toLowerCase());
  }
  const ids = [...stored.keys()];
  for (const e of edits) {
    const address = e.changes.emailAddress;
    if (address === undefined || address.toLowerCase() === stored.get(e.id)!.emailAddress.toLowerCase()) continue;
    if ((await findAddressHolder(db, address, ids)) !== undefined) throw valueInUse('emailAddress', address, { edited: String(e.id) });
  }
}

export async function editAliases(ctx: ServiceContext, items: AliasEdit) {
  const edits = items.map(readEdit);
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await checkedWrite(
    ctx,
    async (tx) => {
      const ids = distinct(edits.map((e) => e.id));
      await lockAliases(tx, ids);
      const rows = await findAliases(tx, ids);
      requireAll(ids, rows);
      const stored = new Map(rows.map((r) => [r.id, r]));

      // The department is not editable, so each queue is checked against the stored department.
      for (const e of edits) {
        if (e.changes.queueId !== undefined) await checkQueue(tx, e.changes.queueId, stored.get(e.id)!.departmentId, `${e.path}.queue`);
      }
      await checkAddresses(tx, stored, edits);
      for (const e of edits) checkToken(e.id, e.token, stored.get(e.id)!.lastModifiedAt);

      // The unique index is checked row by row: when several aliases change their addresses (a swap), each first
      // takes a placeholder no address can equal (it has no `@`).
      const readdressed = ids.filter((id) => edits.some((e) => e.id === id && e.changes.emailAddress !== undefined));
      if (readdressed.length > 1) {
        for (const id of readdressed) await tx.emailAlias.update({ where: { id }, data: { emailAddress: `#${id}` } });
      }
      for (const id of ids) {
        // Several items with one id are applied in order.
        const data: EditChanges = Object.assign({}, ...edits.filter((x) => x.id === id).map((x) => x.changes));
        await tx.emailAlias.update({ where: { id }, data: { ...data, lastModifiedAt: nextModified(stored.get(id)!.lastModifiedAt, now), lastModifiedById: by } });
      }
    },
    (kind) =>
      kind === 'unique'
        ? valuesInUse('emailAddress', distinct(edits.filter((e) => e.changes.emailAddress !== undefined).map((e) => String(e.id))))
        : Err.invalidAttribute(`${edits.find((e) => e.changes.queueId !== undefined)?.path ?? edits[0]!.path}.queue.id`, ''),
  );
}

/**
 * Deletes aliases, all or none. An alias named by a workflow (07 §10: `conditions.aliases`) cannot be deleted:
 * 409-102 naming up to ten blocked ids, then up to ten `{workflow: id}` (lowest first). Activities keep the alias id
 * of their history (the payload column has no foreign key).
 */
export async function deleteAliases(ctx: ServiceContext, ids: bigint[]) {
  authorize(ctx.actor, 'admin.write');
  await checkedWrite(
    ctx,
    async (tx) => {
      await lockAliases(tx, ids);
      requireAll(ids, await findAliases(tx, ids));
      const using = await workflowsUsingAliases(tx, ids);
      if (using.length) throw usedByWorkflows(ids, using.map((u) => ({ id: u.aliasId, workflowId: u.workflowId })));
      await tx.emailAlias.deleteMany({ where: { id: { in: ids } } });
    },
    () => stillInUse(ids.slice(0, perKind).map(String), []),
  );
}
