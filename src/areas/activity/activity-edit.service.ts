// Activity edits, notes and masking (05 §9.7 V6, §9.14 V14–V16, §9.16 V20). Writes run in one transaction each,
// with the cases and activities locked in the order of activity.write.ts; a batch is all or nothing.
import { seesActivity } from './activity.service.ts';
import { authorize, holds } from '../../authz/permissions.ts';
import { seesDepartment } from '../../authz/scope.ts';
import { Err } from '../../errors/app-error.ts';
import type { Lang } from '../../errors/catalogue.ts';
import type { ServiceContext } from '../service-context.ts';
import { actorUserId, nextModified, type Tx } from '../administration/common.ts';
import { isUniqueViolation } from '../administration/shared/conflicts.ts';
import { lockDefinitions } from '../custom-attributes/definition.ts';
import { activityValues, checkAttributes, checkUniqueValues, writeAttributes, type AttributeChange } from '../custom-attributes/values.ts';
import { createNote, getNote, listNotes } from '../note/note.service.ts';
import { readNoteContent } from '../note/note.schema.ts';
import type { NoteOwner } from '../note/note.queries.ts';
import { applyTransition, checkTokens, lockActivities, readBatch, requireActivities, type LockedActivity } from './activity.write.ts';
import { findChatLines, findContents } from './activity.queries.ts';
import { worked } from './status-machine.ts';
import { defaultTranscriptOptions, renderTranscript } from './transcript.ts';
import { readEditItems, type EditItemInput } from './activity-edit.input.ts';
import { maskHtml, maskText } from './activity-mask.ts';

// ----- visibility -----


/** A path activity id the caller must see (V15, V16): else 404-101. */
async function requireReadable(ctx: ServiceContext, id: bigint): Promise<void> {
  const a = await ctx.db.prisma.activity.findUnique({ where: { id }, select: { departmentId: true, customerId: true, mode: true, status: true } });
  if (!a || !seesActivity(ctx.actor, a)) throw Err.idsNotFound([String(id)]);
}

/**
 * The assigned user works on the activity (an edit or a note): T11 when it is `assigned` / `new`, which also sets
 * `userLastWorked` and `lastModified`. True when the transition was applied.
 */
async function applyWorked(tx: Tx, a: LockedActivity, by: bigint | null, now: Date): Promise<boolean> {
  const t = by === null ? undefined : worked(a, by);
  if (!t) return false;
  await applyTransition(tx, a, t, now, by);
  return true;
}

// ----- notes (V14–V16) -----

const activityOwner = (id: bigint): NoteOwner => ({ kind: 'activity', id });

/**
 * V14: open and completed activities alike. The activity is locked (as every activity write does); a note by the
 * assigned user moves `assigned` / `new` to `in_progress` (T11); `userLastWorked` becomes the caller, and the
 * activity's `lastModified` changes when that changed anything.
 */
export async function addActivityNote(ctx: ServiceContext, id: bigint, body: Record<string, unknown>) {
  const content = readNoteContent(body);
  authorize(ctx.actor, 'interaction.work');
  const by = actorUserId(ctx);
  const now = ctx.now();
  return ctx.db.prisma.$transaction(async (tx) => {
    const found = await lockActivities(tx, [id]);
    const [a] = requireActivities(ctx.actor, [{ id, path: 'id', token: undefined, body: null }], found);
    const note = await createNote(tx, activityOwner(id), content, by, now);
    if (!(await applyWorked(tx, a!, by, now)) && by !== null) {
      await tx.$executeRaw`
        UPDATE activity SET user_last_worked_id = CAST(${String(by)} AS bigint),
               last_modified_at = GREATEST(CAST(${now} AS timestamptz), last_modified_at + interval '1 millisecond'),
               last_modified_by_id = CAST(${String(by)} AS bigint)
         WHERE id = CAST(${String(id)} AS bigint) AND user_last_worked_id IS DISTINCT FROM CAST(${String(by)} AS bigint)`;
    }
    return note;
  });
}

/** V15: every note of the activity, [] when none (204). */
export async function listActivityNotes(ctx: ServiceContext, id: bigint) {
  authorize(ctx.actor, 'interaction.read');
  await requireReadable(ctx, id);
  return listNotes(ctx.db.prisma, activityOwner(id));
}

/** V16: a note of another activity (or case) is not found. */
export async function getActivityNote(ctx: ServiceContext, id: bigint, noteId: bigint) {
  authorize(ctx.actor, 'interaction.read');
  await requireReadable(ctx, id);
  return getNote(ctx.db.prisma, activityOwner(id), noteId);
}

// ----- V6 edit -----

const openContentReason: Record<Lang, string> = {
  'en-US': 'the content of an open activity cannot be edited',
  'es-ES': 'el contenido de una actividad abierta no se puede editar',
};
const completedReason: Record<Lang, string> = {
  'en-US': 'only the content and custom attributes of a completed activity can be edited',
  'es-ES': 'de una actividad completada solo se pueden editar el contenido y los atributos personalizados',
};

type Stored = { subject: string; priority: number; dueDate: Date | null; language: string };

/** 05 §9.7 by status: `payload` on an open activity, or an open-list field that differs on a completed one → 409-102. */
function checkState(item: EditItemInput, a: LockedActivity, stored: Stored): void {
  const e = item.body;
  if (a.status !== 'completed') {
    if (e.payload) throw Err.stateForbids(String(a.id), openContentReason);
    return;
  }
  const differs =
    (e.subject !== undefined && e.subject !== stored.subject) ||
    (e.priority !== undefined && e.priority !== stored.priority) ||
    (e.dueDate !== undefined && (e.dueDate?.getTime() ?? null) !== (stored.dueDate?.getTime() ?? null)) ||
    (e.language !== undefined && e.language !== stored.language);
  if (differs) throw Err.stateForbids(String(a.id), completedReason);
}

/** Writes one checked item: fields (open) or contents (completed), custom attributes, T11 and `userLastWorked`. */
async function writeEdit(tx: Tx, item: EditItemInput, a: LockedActivity, attributes: AttributeChange[], by: bigint | null, now: Date): Promise<void> {
  const e = item.body;
  const moved = a.status === 'completed' ? false : await applyWorked(tx, a, by, now);
  const fields =
    a.status === 'completed'
      ? {}
      : {
          ...(e.subject !== undefined ? { subject: e.subject } : {}),
          ...(e.priority !== undefined ? { priority: e.priority } : {}),
          ...(e.dueDate !== undefined ? { dueDate: e.dueDate } : {}),
          ...(e.language !== undefined ? { language: e.language } : {}),
        };
  await tx.activity.update({
    where: { id: a.id },
    data: {
      ...fields,
      ...(by !== null ? { userLastWorkedId: by } : {}),
      // T11 already moved lastModified; one change, one new value.
      ...(moved ? {} : { lastModifiedAt: nextModified(a.lastModifiedAt, now), lastModifiedById: by }),
    },
  });
  if (e.payload && a.status === 'completed') {
    // Each content given replaces the stored one of its type; for chats it is the override of the rendering (§6.3).
    const columns = Object.fromEntries(e.payload.contents.map((c) => [c.type, c.value])) as { text?: string; html?: string };
    await tx.activityContent.upsert({
      where: { activityId: a.id },
      create: { activityId: a.id, toAddresses: [], ccAddresses: [], bccAddresses: [], ...columns },
      update: columns,
    });
  }
  await writeAttributes(tx, activityValues, a.id, attributes);
}

/**
 * V6 (05 §9.7). Inside the transaction, in the order of 01 §7.2: 403-197 (an agent's item on a completed activity
 * it sees), 404-101 (items), 400-152 (payload of another type, custom attribute definitions, checked again under
 * their share lock when one changed meanwhile), 409-102 (state), 409-101 (tokens); then every item is written.
 */
export async function editActivities(ctx: ServiceContext, body: readonly Record<string, unknown>[]): Promise<void> {
  const now = ctx.now();
  const items = readEditItems(body as never);
  authorize(ctx.actor, 'interaction.work');
  // Read before the transaction (definition.ts: on PGlite a load inside one would wait for it); checked inside it.
  const defs = await ctx.attributes.of('activity');
  const check = (byName: typeof defs) => items.map((i) => (i.body.attributes ? checkAttributes(byName, i.body.attributes) : []));
  let attributes: AttributeChange[][] = items.map(() => []);
  const by = actorUserId(ctx);
  const supervises = holds(ctx.actor.roles, 'interaction.supervise');

  try {
    await ctx.db.prisma.$transaction(async (tx) => {
      const found = await lockActivities(tx, items.map((i) => i.id));
      const completedSeen = items.some((i) => {
        const a = found.get(i.id);
        return a !== undefined && a.status === 'completed' && seesDepartment(ctx.actor, a.departmentId);
      });
      if (completedSeen && !supervises) throw Err.notAuthorized();
      const rows = requireActivities(ctx.actor, items, found);
      items.forEach((i, k) => {
        const p = i.body.payload;
        if (p && p.type !== rows[k]!.type) throw Err.invalidAttribute(p.path, '');
      });
      attributes = check(defs);
      const fresh = await lockDefinitions(tx, 'activity', attributes.flat().map((c) => c.def));
      if (fresh) attributes = check(fresh);
      const stored = new Map(
        (await tx.activity.findMany({ where: { id: { in: items.map((i) => i.id) } }, select: { id: true, subject: true, priority: true, dueDate: true, language: true } })).map(
          (s) => [s.id, s],
        ),
      );
      items.forEach((i, k) => checkState(i, rows[k]!, stored.get(i.id)!));
      checkTokens(items, found);
      for (const [k, i] of items.entries()) await writeEdit(tx, i, rows[k]!, attributes[k]!, by, now);
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // A unique value held by another activity (or sent twice in the batch): name the attribute (03 §2.7).
    for (const [k, i] of items.entries()) await checkUniqueValues(ctx.db.prisma, activityValues, i.id, attributes[k]!);
    const unique = attributes.flat().find((a) => a.def.unique && a.values.length);
    throw Err.invalidAttribute(unique?.values[0]?.path ?? 'customAttributes', unique?.values[0]?.value ?? '');
  }
}

// ----- V20 mask -----

/**
 * V20 (05 §9.16): masks the subject and every content; a chat's transcript is rendered with the V1 defaults (or its
 * stored override), masked and stored as the override of both types. `lastModified` changes on every item, even
 * when nothing matched; `userLastWorked` does not (masking is not work on the activity).
 */
export async function maskActivities(ctx: ServiceContext, body: readonly { id: string; lastModified?: { date?: string } }[]): Promise<void> {
  const items = readBatch(body);
  authorize(ctx.actor, 'interaction.supervise');
  const by = actorUserId(ctx);
  const now = ctx.now();
  await ctx.db.prisma.$transaction(async (tx) => {
    const found = await lockActivities(tx, items.map((i) => i.id));
    const rows = requireActivities(ctx.actor, items, found);
    checkTokens(items, found);
    const ids = rows.map((a) => a.id);
    const stored = new Map((await tx.activity.findMany({ where: { id: { in: ids } }, select: { id: true, subject: true, createdAt: true } })).map((s) => [s.id, s]));
    const contents = await findContents(tx, ids);
    const lines = await findChatLines(tx, rows.filter((a) => a.type === 'chat').map((a) => a.id));
    for (const a of rows) {
      const s = stored.get(a.id)!;
      const c = contents.get(a.id);
      let text = c?.text ?? null;
      let html = c?.html ?? null;
      if (a.type === 'chat') {
        const rendered = renderTranscript(s.createdAt, lines.get(a.id) ?? [], defaultTranscriptOptions);
        text ??= rendered?.text ?? null;
        html ??= rendered?.html ?? null;
      }
      const masked = { ...(text !== null ? { text: maskText(text) } : {}), ...(html !== null ? { html: maskHtml(html) } : {}) };
      const changed = a.type === 'chat' ? Object.keys(masked).length > 0 : masked.text !== (c?.text ?? undefined) || masked.html !== (c?.html ?? undefined);
      if (changed) {
        await tx.activityContent.upsert({
          where: { activityId: a.id },
          create: { activityId: a.id, toAddresses: [], ccAddresses: [], bccAddresses: [], ...masked },
          update: masked,
        });
      }
      await tx.activity.update({
        where: { id: a.id },
        data: { subject: maskText(s.subject), lastModifiedAt: nextModified(a.lastModifiedAt, now), lastModifiedById: by },
      });
    }
  });
}
