// Activity reads (05 §9.1 V1, §9.2 V2). Visibility per 03 §2.6 and 05 §8.1: administrators see every department,
// supervisors and agents their departments, a customer session its own customer's activities except unsent drafts.
import { Prisma } from '../../generated/prisma/client.ts';
import { authorize } from '../../authz/permissions.ts';
import { visibleDepartments } from '../../authz/scope.ts';
import type { Actor } from '../../authz/actor.ts';
import { Err } from '../../errors/app-error.ts';
import { criterion, type ParsedQuery } from '../../query/parse.ts';
import { rangeOn } from '../../query/sql-criteria.ts';
import { pageIds } from '../../query/sql-page.ts';
import type { ServiceContext } from '../service-context.ts';
import { activityValues, customCriteria, loadAttributeValues } from '../custom-attributes/values.ts';
import { presentActivity, type ActivityView } from './activity.presenter.ts';
import { findActivities, findChatAgents, findChatLines, findContents, type ActivityRow, type ContentRow } from './activity.queries.ts';
import { attachmentsOf, inlineContents } from './email/attachment.queries.ts';
import { payloadParameters } from './activity.schema.ts';
import { defaultTranscriptOptions, validFormat } from './transcript.ts';

const optionalGroups = ['payload', 'contactPointData', 'created', 'completed', 'userLastWorked', 'attachments', 'notes'];

/** `timeOffset` (05 §9.1): minutes east of UTC or ±HH:MM, within −12:00…+14:00. */
function offsetMinutes(raw: string): number | null {
  const m = /^([+-])?(\d{1,2}):(\d{2})$/.exec(raw) ?? null;
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : /^[+-]?\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (m && Number(m[3]) > 59) return null;
  return Number.isInteger(minutes) && minutes >= -720 && minutes <= 840 ? minutes : null;
}

/** The attribute groups and payload options a request asked for (05 §5.5, §9.1). */
export function viewOf(q: ParsedQuery): ActivityView & { anyCustom: boolean } {
  const all = q.attributes.has('all');
  const allCustom = all || q.attributes.has('custom') || q.attributes.has('customAttributes');
  const names = new Set([...q.attributes].filter((a) => a.startsWith('custom.')).map((a) => a.slice('custom.'.length)));
  const format = criterion(q, 'transcriptDatetimeFormat', 'string')?.value;
  if (format !== undefined && (format.length > 64 || !validFormat(format))) throw Err.invalidParam('transcriptDatetimeFormat', format);
  const offset = criterion(q, 'timeOffset', 'string')?.value;
  const minutes = offset === undefined ? 0 : offsetMinutes(offset.trim());
  if (minutes === null) throw Err.invalidParam('timeOffset', offset!);
  return {
    groups: new Set(optionalGroups.filter((g) => all || q.attributes.has(g))),
    custom: (name) => allCustom || names.has(name),
    anyCustom: allCustom || names.size > 0,
    embedInline: criterion(q, 'embedInlineAttachment', 'boolean')?.value === true,
    transcript: {
      internal: criterion(q, 'payloadVersion', 'enum')?.value === 'internal',
      startFormat: format ?? defaultTranscriptOptions.startFormat,
      offsetMinutes: minutes,
    },
  };
}

/** What the caller may see of activities (03 §2.6, 05 §8.1), as SQL on the activity alias `a`. */
function visibility(ctx: ServiceContext): Prisma.Sql[] {
  const actor = ctx.actor;
  if (actor.kind === 'customer') {
    return [Prisma.sql`a.customer_id = CAST(${String(actor.customerId)} AS bigint)`, Prisma.sql`NOT (a.mode = 'outbound' AND a.status <> 'completed')`];
  }
  const departments = visibleDepartments(actor);
  return departments === 'all' ? [] : [Prisma.sql`a.department_id = ANY(CAST(${[...departments].map(String)} AS bigint[]))`];
}

/** Whether the caller sees an activity (03 §2.6, 05 §8.1): by department for staff; a customer its own, not drafts. */
export function seesActivity(actor: Actor, a: { departmentId: bigint; customerId: bigint; mode: string; status: string }): boolean {
  if (actor.kind === 'customer') return a.customerId === actor.customerId && !(a.mode === 'outbound' && a.status !== 'completed');
  const departments = visibleDepartments(actor);
  return departments === 'all' || departments.has(a.departmentId);
}

/** The names of the aliases the email payloads of a page name (07 §9), one query. */
async function aliasNamesOf(db: ServiceContext['db']['prisma'], contents: Map<bigint, ContentRow>): Promise<Map<string, string>> {
  const ids = [...new Set([...contents.values()].flatMap((c) => (c.aliasId !== null ? [c.aliasId] : [])))];
  if (!ids.length) return new Map();
  const rows = await db.emailAlias.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [String(r.id), r.name]));
}

/**
 * Views of loaded activities: contacts, payloads (then alias names), chat messages, attachments and values in one
 * query each, as needed; the bytes of inline attachments only for `embedInlineAttachment=yes` on one email.
 */
async function present(ctx: ServiceContext, rows: ActivityRow[], view: ReturnType<typeof viewOf>) {
  const db = ctx.db.prisma;
  const ids = rows.map((r) => r.id);
  const payload = view.groups.has('payload');
  const chats = payload ? rows.filter((r) => r.type === 'chat').map((r) => r.id) : [];
  const embedding = payload && view.embedInline && rows.length === 1 && rows[0]!.type === 'email' ? rows[0]!.id : undefined;
  const [contents, chatLines, chatAgents, values, defs, attachments, inline] = await Promise.all([
    payload ? findContents(db, ids) : new Map<bigint, ContentRow>(),
    findChatLines(db, chats),
    findChatAgents(db, chats),
    view.anyCustom ? loadAttributeValues(db, activityValues, ids) : undefined,
    ctx.attributes.of('activity'),
    view.groups.has('attachments') ? attachmentsOf(db, ids) : undefined,
    embedding !== undefined ? inlineContents(db, embedding).then((list) => new Map([[embedding, list]])) : undefined,
  ]);
  const aliasNames = await aliasNamesOf(db, contents);
  const extra = { contents, chatLines, chatAgents, aliasNames, values, defs, ...(attachments ? { attachments } : {}), ...(inline ? { inline } : {}) };
  return rows.map((r) => presentActivity(r, view, extra));
}

/** V1: all or nothing; invisible ids are reported like missing ones (03 B7). */
export async function getActivities(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'interaction.read');
  if (ids.length > 1) {
    const sent = q.link.params.filter((p) => payloadParameters.includes(p.name));
    if (sent.length) throw Err.illegalCombination(sent);
  }
  const view = viewOf(q);
  const rows = (await findActivities(ctx.db.prisma, ids)).filter((r) => seesActivity(ctx.actor, r));
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id)).map(String);
  if (missing.length) throw Err.idsNotFound(missing);
  return present(ctx, rows, view);
}

const sorts = {
  createddate: { expr: Prisma.sql`a.created_at`, type: 'timestamptz' },
  lastmodifieddate: { expr: Prisma.sql`a.last_modified_at`, type: 'timestamptz' },
  completiondate: { expr: Prisma.sql`a.completed_at`, type: 'timestamptz' },
} as const;

/** V2: every criterion one condition on `activity a`; the page and the exact count share them. */
export async function searchActivities(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'interaction.read');
  const view = viewOf(q);
  const where: Prisma.Sql[] = [];
  const id = (name: string, column: string) => {
    const v = criterion(q, name, 'id')?.value;
    if (v !== undefined) where.push(Prisma.sql`${Prisma.raw(column)} = CAST(${v} AS bigint)`);
  };
  id('customer', 'a.customer_id');
  id('case', 'a.case_id');
  id('assignedTo', 'a.assigned_user_id');
  id('queue', 'a.queue_id');
  id('department', 'a.department_id');
  const status = criterion(q, 'status', 'status');
  if (status) {
    // `open` alone is every open activity (05 §4.1); `open:<substatus>` only status open.
    if (status.substatus !== undefined) where.push(Prisma.sql`a.status = ${status.status} AND a.substatus = ${status.substatus}`);
    else if (status.status === 'open') where.push(Prisma.sql`a.status <> 'completed'`);
    else where.push(Prisma.sql`a.status = ${status.status}`);
  }
  const mode = criterion(q, 'mode', 'enum')?.value;
  if (mode !== undefined) where.push(Prisma.sql`a.mode = ${mode}`);
  const type = criterion(q, 'type', 'enum')?.value;
  if (type !== undefined) where.push(Prisma.sql`a.type = ${type}`);
  const userName = criterion(q, 'assignedUserName', 'string')?.value;
  if (userName !== undefined) {
    where.push(Prisma.sql`a.assigned_user_id IN (SELECT id FROM app_user WHERE lower(login_id) = lower(${userName.trim()}))`);
  }
  where.push(
    ...rangeOn(Prisma.sql`a.created_at`, q, 'createdDate'),
    ...rangeOn(Prisma.sql`a.last_modified_at`, q, 'lastModifiedDate'),
    ...rangeOn(Prisma.sql`a.completed_at`, q, 'completionDate'),
  );
  where.push(...customCriteria(activityValues, Prisma.sql`a.id`, await ctx.attributes.of('activity'), q.custom));
  where.push(...visibility(ctx));

  const db = ctx.db.prisma;
  const page = await pageIds(db, { from: Prisma.sql`activity a`, id: Prisma.sql`a.id`, where, sorts }, q);
  const items = await present(ctx, await findActivities(db, page.ids), view);
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}
