// Chat entry point use cases (07 §8): list, get by ids, create, edit, delete. Reads need admin.read, writes
// admin.write (07 §1.2); every write is one adminWrite transaction (07 §1.1). Body checks that need no database
// (hours, greeting, tokens) run before the permission check (01 §7.2).
import { Prisma } from '../../../generated/prisma/client.ts';
import { authorize } from '../../../authz/permissions.ts';
import { Err } from '../../../errors/app-error.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { bodyDepartment, departmentFilter } from '../shared/filters.ts';
import { actorUserId, nextModified, presentStamped } from '../common.ts';
import type { Db } from '../shared/admin-list.queries.ts';
import { checkToken, distinct, readToken, requireAll } from '../shared/admin-edit.ts';
import { checkedWrite, stillInUse, valueInUse, valuesInUse } from '../shared/conflicts.ts';
import type { EntryPointCreate, EntryPointEdit } from './entry-point.schema.ts';
import { normalizeHours, type Hours } from './entry-point.hours.ts';
import {
  entryPointsWithOpenChats,
  findEntryPoints,
  findNameHolder,
  findQueues,
  lockEntryPoints,
  openChatActivities,
  pageEntryPoints,
  queueExists,
  type EntryPointRow,
} from './entry-point.queries.ts';
import { presentEntryPoint } from './entry-point.presenter.ts';

/** The greeting of an entry point that was given none (07 §8), also the database default. */
export const defaultGreeting = 'Thank you for contacting us. An agent will be with you shortly.';

/** At most this many blocked ids and blocking activities are named in a 409-102 (error `details` hold 30 pairs). */
const perKind = 10;

function present(ctx: ServiceContext, rows: EntryPointRow[], q: ParsedQuery) {
  const withCreated = wantsAttribute(q, 'created');
  return presentStamped(ctx, rows, withCreated, (r, refs) => presentEntryPoint(r, refs, withCreated));
}

export async function listEntryPoints(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const db = ctx.db.prisma;
  // Ids in the filters must exist (07 §19): 404-101.
  const departmentId = await departmentFilter(db, q);
  const queue = criterion(q, 'queue', 'id')?.value;
  if (queue !== undefined && !(await queueExists(db, BigInt(queue)))) throw Err.idsNotFound([queue]);

  const page = await pageEntryPoints(
    db,
    {
      departmentId,
      queueId: queue === undefined ? undefined : BigInt(queue),
      state: criterion(q, 'state', 'enum')?.value,
      name: criterion(q, 'name', 'string')?.value,
    },
    q,
  );
  const items = await present(ctx, await findEntryPoints(db, page.ids), q);
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

export async function getEntryPoints(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const rows = await findEntryPoints(ctx.db.prisma, ids);
  requireAll(ids, rows);
  return present(ctx, rows, q);
}

/** `greeting` of a body: absent → undefined; null, empty or blank → the default (07 §8). */
const greetingOf = (value: string | null | undefined): string | undefined =>
  value === undefined ? undefined : value === null || value.trim() === '' ? defaultGreeting : value;

/** `description` of a body: absent → undefined; null or empty → cleared. */
const descriptionOf = (value: string | null | undefined): string | null | undefined => (value === undefined ? undefined : value === null || value === '' ? null : value);

/** The hours column value: null (always open) is stored as SQL NULL. */
const hoursColumn = (hours: Hours | null) => (hours === null ? Prisma.DbNull : (hours as unknown as Prisma.InputJsonObject));

/**
 * The queue of an entry point must be a queue (active or inactive) of the entry point's department that handles
 * chat (07 §8): else 400-152 on `<path>.id`.
 */
async function checkQueue(db: Db, queueId: bigint, departmentId: bigint, path: string): Promise<void> {
  const queue = (await findQueues(db, [queueId])).get(queueId);
  if (!queue || queue.departmentId !== departmentId || !queue.channels.includes('chat')) throw Err.invalidAttribute(`${path}.id`, String(queueId));
}

export async function createEntryPoint(ctx: ServiceContext, body: EntryPointCreate, q: ParsedQuery) {
  const ref = body.department;
  if (ref.id === undefined && !ref.name) throw Err.missingAttribute('department');
  const hours = normalizeHours(body.hours, 'hours') ?? null;
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  const queueId = BigInt(body.queue.id);
  const row = await checkedWrite(
    ctx,
    async (tx) => {
      const departmentId = await bodyDepartment(tx, ref);
      await checkQueue(tx, queueId, departmentId, 'queue');
      const holder = await findNameHolder(tx, body.name);
      if (holder !== undefined) throw valueInUse('name', body.name, { holder: String(holder) });
      const created = await tx.entryPoint.create({
        data: {
          name: body.name,
          description: descriptionOf(body.description) ?? null,
          departmentId,
          queueId,
          state: body.state?.value ?? 'active',
          agentAvailabilityRequired: body.agentAvailabilityRequired ?? true,
          hours: hoursColumn(hours),
          greeting: greetingOf(body.greeting) ?? defaultGreeting,
          createdAt: now,
          createdById: by,
          lastModifiedAt: now,
          lastModifiedById: by,
        },
      });
      return (await findEntryPoints(tx, [created.id]))[0]!;
    },
    // A concurrent create took the name, or the queue or department was deleted meanwhile.
    (kind) => (kind === 'unique' ? valueInUse('name', body.name, { holder: body.name }) : Err.invalidAttribute('queue.id', body.queue.id)),
  );
  return (await present(ctx, [row], q))[0]!;
}

type EditChanges = {
  name?: string;
  description?: string | null;
  queueId?: bigint;
  state?: string;
  agentAvailabilityRequired?: boolean;
  hours?: Hours | null;
  greeting?: string;
};

/** One edit item read and checked without the database (01 §7.2 order: body content before permissions). */
function readEdit(item: EntryPointEdit[number], i: number) {
  const path = `entryPoint[${i}]`;
  const changes: EditChanges = {};
  if (item.name !== undefined) {
    // The name is required: it cannot be cleared.
    if (item.name === null || item.name.trim() === '') throw Err.invalidAttribute(`${path}.name`, item.name ?? '');
    changes.name = item.name;
  }
  if (item.queue === null) throw Err.invalidAttribute(`${path}.queue`, '');
  if (item.queue !== undefined) changes.queueId = BigInt(item.queue.id);
  const description = descriptionOf(item.description);
  if (description !== undefined) changes.description = description;
  // Clearing an optional field restores its create default (as for users).
  if (item.state !== undefined) changes.state = item.state?.value ?? 'active';
  if (item.agentAvailabilityRequired !== undefined) changes.agentAvailabilityRequired = item.agentAvailabilityRequired ?? true;
  const hours = normalizeHours(item.hours, `${path}.hours`);
  if (hours !== undefined) changes.hours = hours;
  const greeting = greetingOf(item.greeting);
  if (greeting !== undefined) changes.greeting = greeting;
  return { id: BigInt(item.id), path, changes, token: readToken(item.lastModified, path) };
}

export async function editEntryPoints(ctx: ServiceContext, items: EntryPointEdit) {
  const edits = items.map(readEdit);
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await checkedWrite(
    ctx,
    async (tx) => {
      const ids = distinct(edits.map((e) => e.id));
      await lockEntryPoints(tx, ids);
      const rows = await findEntryPoints(tx, ids);
      requireAll(ids, rows);
      const stored = new Map(rows.map((r) => [r.id, r]));

      // The department is not editable, so each queue is checked against the stored department.
      for (const e of edits) {
        if (e.changes.queueId !== undefined) await checkQueue(tx, e.changes.queueId, stored.get(e.id)!.departmentId, `${e.path}.queue`);
      }

      // Names stay unique case-insensitively (07 §8): among the edited entry points and against the others.
      const finalName = new Map(rows.map((r) => [r.id, r.name]));
      for (const e of edits) if (e.changes.name !== undefined) finalName.set(e.id, e.changes.name);
      const seen = new Set<string>();
      for (const [id, name] of finalName) {
        if (seen.has(name.toLowerCase())) throw valueInUse('name', name, { edited: String(id) });
        seen.add(name.toLowerCase());
      }
      for (const e of edits) {
        const name = e.changes.name;
        if (name === undefined || name.toLowerCase() === stored.get(e.id)!.name.toLowerCase()) continue;
        if ((await findNameHolder(tx, name, ids)) !== undefined) throw valueInUse('name', name, { edited: String(e.id) });
      }

      for (const e of edits) checkToken(e.id, e.token, stored.get(e.id)!.lastModifiedAt);

      for (const id of ids) {
        // Several items with one id are applied in order.
        const merged: EditChanges = Object.assign({}, ...edits.filter((x) => x.id === id).map((x) => x.changes));
        const { hours, ...data } = merged;
        await tx.entryPoint.update({
          where: { id },
          data: {
            ...data,
            ...(hours !== undefined ? { hours: hoursColumn(hours) } : {}),
            lastModifiedAt: nextModified(stored.get(id)!.lastModifiedAt, now),
            lastModifiedById: by,
          },
        });
      }
    },
    (kind) =>
      kind === 'unique'
        ? valuesInUse('name', distinct(edits.filter((e) => e.changes.name !== undefined).map((e) => String(e.id))))
        : Err.invalidAttribute(`${edits.find((e) => e.changes.queueId !== undefined)?.path ?? edits[0]!.path}.queue.id`, ''),
  );
}

/**
 * Deletes entry points, all or none. An entry point with chat activities that are not completed (conversations
 * not yet ended, 08) cannot be deleted: 409-102 naming the blocked ids, then the activities. Completed activities
 * keep their history; their reference to the entry point is cleared by the foreign key (ON DELETE SET NULL).
 */
export async function deleteEntryPoints(ctx: ServiceContext, ids: bigint[]) {
  authorize(ctx.actor, 'admin.write');
  await checkedWrite(
    ctx,
    async (tx) => {
      await lockEntryPoints(tx, ids);
      requireAll(ids, await findEntryPoints(tx, ids));
      const open = await openChatActivities(tx, ids, perKind);
      if (open.length) {
        const busy = await entryPointsWithOpenChats(tx, ids);
        const blocked = ids.filter((id) => busy.has(id)).slice(0, perKind).map(String);
        throw stillInUse(blocked, open.map((a) => ({ key: 'activity', value: String(a.id) })));
      }
      await tx.entryPoint.deleteMany({ where: { id: { in: ids } } });
    },
    () => Err.idsNotFound(ids.map(String)),
  );
}
