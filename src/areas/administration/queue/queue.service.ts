// Queue use cases (07 §7.1): list, get by ids, create, edit, delete. Reads need admin.read, writes admin.write
// (07 §1.2); every write is one adminWrite transaction (07 §1.1), so a membership change is seen by the next chat
// assignment. The live figures (§7.2) are in queue.details.ts.
import { authorize } from '../../../authz/permissions.ts';
import { Err } from '../../../errors/app-error.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { bodyDepartment, departmentFilter } from '../shared/filters.ts';
import { actorUserId, nextModified, presentStamped } from '../common.ts';
import type { Db } from '../shared/admin-list.queries.ts';
import { checkToken, distinct, optionalText, readToken, requireAll, requiredText } from '../shared/admin-edit.ts';
import { checkedWrite, stillInUse, valueInUse, valuesInUse, checkNamesPerDepartment } from '../shared/conflicts.ts';
import { findMemberCandidates } from '../group/group.queries.ts';
import type { MembersInput, QueueCreate, QueueEdit } from './queue.schema.ts';
import {
  findGroupDepartments,
  findQueueNameHolder,
  findQueues,
  lockQueues,
  pageQueues,
  setMemberGroups,
  setMemberUsers,
  userState,
  type QueueFilter,
  type QueueRow,
} from './queue.queries.ts';
import { chatEntryPointsOf, emailAliasesOf, findQueueReferences, type QueueReference } from './queue.references.ts';
import { presentQueue } from './queue.presenter.ts';

function present(ctx: ServiceContext, rows: QueueRow[], q: ParsedQuery) {
  const opts = { members: wantsAttribute(q, 'members'), created: wantsAttribute(q, 'created') };
  return presentStamped(ctx, rows, opts.created, (r, refs) => presentQueue(r, refs, opts));
}

export async function listQueues(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const db = ctx.db.prisma;
  // Ids in the filters must exist (07 §19, 01 §5.7): 404-101.
  const departmentId = await departmentFilter(db, q);
  const user = criterion(q, 'user', 'id')?.value;
  const state = user === undefined ? undefined : await userState(db, BigInt(user));
  if (user !== undefined && state === undefined) throw Err.idsNotFound([user]);

  const filter: QueueFilter = {
    departmentId,
    channel: criterion(q, 'channel', 'enum')?.value,
    state: criterion(q, 'state', 'enum')?.value,
    name: criterion(q, 'name', 'string')?.value,
    memberId: user === undefined ? undefined : BigInt(user),
    // Only enabled users are effective members (07 §7.1): any other user is a member of no queue.
    none: user !== undefined && state !== 'enabled',
  };
  const page = await pageQueues(db, filter, q);
  const items = await present(ctx, await findQueues(db, page.ids, wantsAttribute(q, 'members')), q);
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

export async function getQueues(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const rows = await findQueues(ctx.db.prisma, ids, wantsAttribute(q, 'members'));
  requireAll(ids, rows);
  return present(ctx, rows, q);
}

// ---------------------------------------------------------------------------------------------------------------
// Members (07 §7.1): each list present replaces; users and groups of the queue's department
// ---------------------------------------------------------------------------------------------------------------

type MemberPlan = { users?: bigint[]; groups?: bigint[] };

/**
 * The lists a body replaces: `members` null (or an empty XML element) clears both; within `members`, a list sent
 * (even empty or null) replaces, a list absent stays as it is. Duplicates are removed.
 */
function memberPlan(members: MembersInput): MemberPlan {
  if (members === undefined) return {};
  if (members === null) return { users: [], groups: [] };
  const plan: MemberPlan = {};
  if (members.users !== undefined) plan.users = distinct((members.users?.user ?? []).map((u) => BigInt(u.id)));
  if (members.groups !== undefined) plan.groups = distinct((members.groups?.group ?? []).map((g) => BigInt(g.id)));
  return plan;
}

/**
 * Each user must exist, not be deleted and have the queue's department as home or foreign department; each group
 * must exist in the queue's department (07 §7.1): else 400-152 on `<path>.users.user[j].id` / `.groups.group[j].id`.
 */
async function checkMembers(db: Db, departmentId: bigint, members: MembersInput, path: string): Promise<void> {
  const users = members?.users?.user ?? [];
  if (users.length) {
    const candidates = await findMemberCandidates(db, users.map((u) => BigInt(u.id)), departmentId);
    users.forEach((u, j) => {
      if (!candidates.get(BigInt(u.id))?.inDepartment) throw Err.invalidAttribute(`${path}.users.user[${j}].id`, u.id);
    });
  }
  const groups = members?.groups?.group ?? [];
  if (groups.length) {
    const found = await findGroupDepartments(db, groups.map((g) => BigInt(g.id)));
    groups.forEach((g, j) => {
      if (found.get(BigInt(g.id)) !== departmentId) throw Err.invalidAttribute(`${path}.groups.group[${j}].id`, g.id);
    });
  }
}

async function writeMembers(db: Db, queueId: bigint, plan: MemberPlan): Promise<void> {
  if (plan.users) await setMemberUsers(db, queueId, plan.users);
  if (plan.groups) await setMemberGroups(db, queueId, plan.groups);
}

/** The enumeration values of `channels`, in the order sent, duplicates removed. */
const channelValues = (channels: { channel?: { value: string }[] | undefined }) => distinct((channels.channel ?? []).map((c) => c.value));

// ---------------------------------------------------------------------------------------------------------------
// Create, edit, delete
// ---------------------------------------------------------------------------------------------------------------

export async function createQueue(ctx: ServiceContext, body: QueueCreate, q: ParsedQuery) {
  const ref = body.department;
  if (ref.id === undefined && !ref.name) throw Err.missingAttribute('department');
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  const row = await checkedWrite(
    ctx,
    async (tx) => {
      const departmentId = await bodyDepartment(tx, ref);
      await checkMembers(tx, departmentId, body.members, 'members');
      const holder = await findQueueNameHolder(tx, departmentId, body.name);
      if (holder !== undefined) throw valueInUse('name', body.name, { holder: String(holder) });
      const created = await tx.queue.create({
        data: {
          name: body.name,
          description: body.description || null,
          departmentId,
          state: body.state?.value ?? 'active',
          channels: channelValues(body.channels),
          maxQueueDepth: body.maxQueueDepth ?? 0,
          createdAt: now,
          createdById: by,
          lastModifiedAt: now,
          lastModifiedById: by,
        },
      });
      await writeMembers(tx, created.id, memberPlan(body.members));
      return (await findQueues(tx, [created.id], wantsAttribute(q, 'members')))[0]!;
    },
    (kind) => (kind === 'unique' ? valueInUse('name', body.name, { holder: body.name }) : Err.invalidAttribute('department.id', ref.id ?? ref.name)),
  );
  return (await present(ctx, [row], q))[0]!;
}

type Edit = {
  id: bigint;
  path: string;
  name: string | undefined;
  description: string | null | undefined;
  state: string | undefined;
  channels: string[] | undefined;
  maxQueueDepth: number | undefined;
  members: MembersInput;
  token: Date | undefined;
};

/** Reads one edit item; what the body alone decides is checked here, before the permission (01 §7.2). */
function readEdit(item: QueueEdit[number], i: number): Edit {
  const path = `queue[${i}]`;
  // The channel list is required: it cannot be cleared (01 §3.2: clearing a required value → 400-152). `state` is
  // optional with a create default: clearing it (null, an empty element, an enumeration without value) restores
  // `active` (07 §1.4, as for users and entry points).
  if (item.channels === null || (item.channels !== undefined && !item.channels.channel?.length)) throw Err.invalidAttribute(`${path}.channels`, '');
  return {
    id: BigInt(item.id),
    path,
    name: requiredText(item.name, `${path}.name`),
    description: item.description === null ? null : optionalText(item.description),
    state: item.state === undefined ? undefined : item.state?.value || 'active',
    channels: item.channels ? channelValues(item.channels) : undefined,
    // Clearing the depth restores its default, 0 (unlimited).
    maxQueueDepth: item.maxQueueDepth === null ? 0 : item.maxQueueDepth,
    members: item.members,
    token: readToken(item.lastModified, path),
  };
}

export async function editQueues(ctx: ServiceContext, items: QueueEdit) {
  const edits = items.map(readEdit);
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await checkedWrite(
    ctx,
    async (tx) => {
      const ids = distinct(edits.map((e) => e.id));
      // A queue losing its chat (email) channel is locked first, so an entry point (alias) create or edit naming it
      // (which reads it FOR SHARE) either commits before the check below sees it or waits and then sees the new channels.
      const withoutChat = ids.filter((id) => finalChannels(edits, id)?.includes('chat') === false);
      const withoutEmail = ids.filter((id) => finalChannels(edits, id)?.includes('email') === false);
      await lockQueues(tx, distinct([...withoutChat, ...withoutEmail]));
      const rows = await findQueues(tx, ids);
      requireAll(ids, rows);
      const stored = new Map(rows.map((r) => [r.id, r]));

      for (const e of edits) await checkMembers(tx, stored.get(e.id)!.departmentId, e.members, `${e.path}.members`);

      await checkNamesPerDepartment(stored, edits, (departmentId, name, except) => findQueueNameHolder(tx, departmentId, name, except));

      // A chat entry point needs its queue to keep the chat channel (07 §8), an email alias the email channel (07 §9):
      // an edit taking it away → 409-102.
      const referring = [...(await chatEntryPointsOf(tx, withoutChat)), ...(await emailAliasesOf(tx, withoutEmail))];
      if (referring.length) throw blocked(ids, referring);

      for (const e of edits) checkToken(e.id, e.token, stored.get(e.id)!.lastModifiedAt);

      for (const id of ids) {
        const data: { name?: string; description?: string | null; state?: string; channels?: string[]; maxQueueDepth?: number } = {};
        const members: MemberPlan = {};
        for (const e of edits.filter((x) => x.id === id)) {
          if (e.name !== undefined) data.name = e.name;
          if (e.description !== undefined) data.description = e.description;
          if (e.state !== undefined) data.state = e.state;
          if (e.channels !== undefined) data.channels = e.channels;
          if (e.maxQueueDepth !== undefined) data.maxQueueDepth = e.maxQueueDepth;
          Object.assign(members, memberPlan(e.members));
        }
        await tx.queue.update({ where: { id }, data: { ...data, lastModifiedAt: nextModified(stored.get(id)!.lastModifiedAt, now), lastModifiedById: by } });
        await writeMembers(tx, id, members);
      }
    },
    (kind) => (kind === 'unique' ? valuesInUse('name', distinct(edits.map((e) => String(e.id)))) : Err.invalidAttribute(`${edits[0]!.path}.members`, '')),
  );
}

/** The channels an edit leaves on queue `id` (several items with one id apply in order), undefined when unchanged. */
function finalChannels(edits: readonly Edit[], id: bigint): string[] | undefined {
  return edits.filter((e) => e.id === id && e.channels !== undefined).at(-1)?.channels;
}

/**
 * 409-102 "the resource is still in use" (07 §19): the blocked queue ids among `ids` (all of them when none is named,
 * after a race), then the blocking references `{kind: id}`, each once.
 */
function blocked(ids: readonly bigint[], references: QueueReference[]) {
  const blockedIds = ids.filter((id) => references.some((r) => r.queueId === id)).map(String);
  const unique = [...new Map(references.map((r) => [`${r.key}:${r.value}`, { key: r.key, value: r.value }])).values()];
  return stillInUse(blockedIds.length ? blockedIds : ids.map(String), unique);
}

export async function deleteQueues(ctx: ServiceContext, ids: bigint[]) {
  authorize(ctx.actor, 'admin.write');
  await checkedWrite(
    ctx,
    async (tx) => {
      requireAll(ids, await findQueues(tx, ids));
      const references = await findQueueReferences(tx, ids);
      if (references.length) throw blocked(ids, references);
      // Member lists go with the rows (ON DELETE CASCADE); completed activities keep no queue (ON DELETE SET NULL).
      await tx.queue.deleteMany({ where: { id: { in: ids } } });
    },
    () => blocked(ids, []),
  );
}
