// Standard message use cases (07 §12): list, get by ids, create, edit, delete. Reads need admin.read, writes
// admin.write (07 §1.2); every write is one adminWrite transaction (07 §1.1). Body checks that need no database
// (contents, cleared required fields, tokens) run before the permission check (01 §7.2).
import { authorize } from '../../../authz/permissions.ts';
import { Err } from '../../../errors/app-error.ts';
import { parseId } from '../../../query/ids.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { bodyDepartment, departmentFilter } from '../shared/filters.ts';
import { actorUserId, nextModified, presentStamped } from '../common.ts';
import type { Db } from '../shared/admin-list.queries.ts';
import { checkToken, distinct, readToken, requireAll } from '../shared/admin-edit.ts';
import { editedState, editedText } from '../shared/body-parts.ts';
import { checkedWrite, stillInUse, usedByWorkflows } from '../shared/conflicts.ts';
import { readContents, type Contents, type LanguageInput, type MessageCreate, type MessageEdit } from './message.schema.ts';
import {
  allLanguages,
  findMessages,
  lockMessages,
  outboundWorkflowsUsingMessages,
  pageMessages,
  type LanguageRow,
  type MessageRow,
} from './message.queries.ts';
import { presentMessage, type MessageView } from './message.presenter.ts';

/** At most this many blocked ids and blocking workflows are named in a 409-102 (error `details` hold 30 pairs). */
const perKind = 10;

const viewOf = (q: ParsedQuery): MessageView => ({
  description: wantsAttribute(q, 'description'),
  contents: wantsAttribute(q, 'contents'),
  keywords: wantsAttribute(q, 'keywords'),
  created: wantsAttribute(q, 'created'),
});

function present(ctx: ServiceContext, rows: MessageRow[], view: MessageView) {
  return presentStamped(ctx, rows, view.created, (r, refs) => presentMessage(r, refs, view));
}

/** A language code as the languages resource reads it: lower case, `_` read as `-` (07 §14). */
const normalizeCode = (code: string) => code.trim().toLowerCase().replace(/_/g, '-');

/**
 * The `language` filter: a language code (07 §12), or an id (digits). A value naming no language → 404-101, as the
 * `department` filter does for a name that names no department.
 */
async function languageFilter(db: Db, q: ParsedQuery): Promise<bigint | undefined> {
  const value = criterion(q, 'language', 'string')?.value;
  if (value === undefined) return undefined;
  const id = parseId(value);
  const found = (await allLanguages(db)).find((l) => (id !== null ? String(l.id) === id : l.code === normalizeCode(value)));
  if (!found) throw Err.idsNotFound([value]);
  return found.id;
}

export async function listMessages(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const db = ctx.db.prisma;
  const departmentId = await departmentFilter(db, q);
  const languageId = await languageFilter(db, q);
  const page = await pageMessages(
    db,
    {
      departmentId,
      languageId,
      state: criterion(q, 'state', 'enum')?.value,
      name: criterion(q, 'name', 'string')?.value,
      keyword: criterion(q, 'keyword', 'string')?.value,
    },
    q,
  );
  const view = viewOf(q);
  const items = await present(ctx, await findMessages(db, page.ids, view.contents), view);
  return { items, count: page.count, ...(page.last ? { last: page.last } : {}) };
}

export async function getMessages(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  authorize(ctx.actor, 'admin.read');
  const view = viewOf(q);
  const rows = await findMessages(ctx.db.prisma, ids, view.contents);
  requireAll(ids, rows);
  return present(ctx, rows, view);
}

/**
 * The language a body names (by id, or by code), or the default language when it names none (absent on create;
 * `null`, `{}` or blank values: cleared on edit, 07 §12 "default language"). Unknown → 400-152 on `<path>.id` /
 * `<path>.code`.
 */
function resolveLanguage(languages: readonly LanguageRow[], input: LanguageInput, path: string): bigint {
  const code = input?.code?.trim();
  if (input?.id !== undefined) {
    const found = languages.find((l) => String(l.id) === input.id);
    if (!found) throw Err.invalidAttribute(`${path}.id`, input.id);
    return found.id;
  }
  if (code) {
    const found = languages.find((l) => l.code === normalizeCode(code));
    if (!found) throw Err.invalidAttribute(`${path}.code`, input!.code);
    return found.id;
  }
  const fallback = languages.find((l) => l.isDefault) ?? languages[0];
  if (!fallback) throw Err.invalidAttribute(path, '');
  return fallback.id;
}

export async function createMessage(ctx: ServiceContext, body: MessageCreate, q: ParsedQuery) {
  const ref = body.department;
  if (ref.id === undefined && !ref.name) throw Err.missingAttribute('department');
  const contents = readContents(body.contents.content, 'contents.content');
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  const view = viewOf(q);
  const row = await checkedWrite(
    ctx,
    async (tx) => {
      const departmentId = await bodyDepartment(tx, ref);
      const languageId = resolveLanguage(await allLanguages(tx), body.language, 'language');
      const created = await tx.standardMessage.create({
        data: {
          name: body.name,
          description: editedText(body.description) ?? null,
          departmentId,
          languageId,
          subject: editedText(body.subject) ?? null,
          text: contents.text,
          html: contents.html,
          keywords: editedText(body.keywords) ?? null,
          state: body.state?.value ?? 'active',
          createdAt: now,
          createdById: by,
          lastModifiedAt: now,
          lastModifiedById: by,
        },
      });
      return (await findMessages(tx, [created.id], view.contents))[0]!;
    },
    // The department was deleted meanwhile (languages are never deleted, 07 §14).
    () => Err.invalidAttribute('department.id', ref.id ?? ref.name),
  );
  return (await present(ctx, [row], view))[0]!;
}

type EditChanges = {
  name?: string;
  description?: string | null;
  subject?: string | null;
  contents?: Contents;
  keywords?: string | null;
  state?: string;
};

/** One edit item read and checked without the database (01 §7.2 order: body content before permissions). */
function readEdit(item: MessageEdit[number], i: number) {
  const path = `message[${i}]`;
  const changes: EditChanges = {};
  // `name` and `contents` are required: they cannot be cleared (01 §3.2: 400-152).
  if (item.name !== undefined) {
    if (item.name === null || item.name.trim() === '') throw Err.invalidAttribute(`${path}.name`, item.name ?? '');
    changes.name = item.name;
  }
  if (item.contents !== undefined) {
    if (item.contents === null || !item.contents.content?.length) throw Err.invalidAttribute(`${path}.contents`, '');
    changes.contents = readContents(item.contents.content, `${path}.contents.content`);
  }
  for (const field of ['description', 'subject', 'keywords'] as const) {
    const value = editedText(item[field]);
    if (value !== undefined) changes[field] = value;
  }
  const state = editedState(item.state);
  if (state !== undefined) changes.state = state;
  return { id: BigInt(item.id), path, changes, language: item.language, token: readToken(item.lastModified, path) };
}

export async function editMessages(ctx: ServiceContext, items: MessageEdit) {
  const edits = items.map(readEdit);
  authorize(ctx.actor, 'admin.write');
  const now = ctx.now();
  const by = actorUserId(ctx);
  await checkedWrite(
    ctx,
    async (tx) => {
      const ids = distinct(edits.map((e) => e.id));
      await lockMessages(tx, ids);
      const rows = await findMessages(tx, ids);
      requireAll(ids, rows);
      const stored = new Map(rows.map((r) => [r.id, r]));
      const languages = edits.some((e) => e.language !== undefined) ? await allLanguages(tx) : [];
      const languageIds = edits.map((e) => (e.language === undefined ? undefined : resolveLanguage(languages, e.language, `${e.path}.language`)));
      for (const e of edits) checkToken(e.id, e.token, stored.get(e.id)!.lastModifiedAt);

      for (const id of ids) {
        // Several items with one id are applied in order; `contents` replaces both types.
        const data: Record<string, unknown> = {};
        edits.forEach((e, i) => {
          if (e.id !== id) return;
          const { contents, ...rest } = e.changes;
          Object.assign(data, rest);
          if (contents) Object.assign(data, { text: contents.text, html: contents.html });
          if (languageIds[i] !== undefined) data.languageId = languageIds[i];
        });
        await tx.standardMessage.update({ where: { id }, data: { ...data, lastModifiedAt: nextModified(stored.get(id)!.lastModifiedAt, now), lastModifiedById: by } });
      }
    },
    () => Err.idsNotFound(distinct(edits.map((e) => String(e.id)))),
  );
}

/**
 * Deletes messages, all or none. A message appended by an outbound workflow (07 §10.2: `actions.appendMessage`)
 * cannot be deleted: 409-102 naming up to ten blocked ids, then up to ten `{workflow: id}` (lowest first).
 */
export async function deleteMessages(ctx: ServiceContext, ids: bigint[]) {
  authorize(ctx.actor, 'admin.write');
  await checkedWrite(
    ctx,
    async (tx) => {
      await lockMessages(tx, ids);
      requireAll(ids, await findMessages(tx, ids));
      const using = await outboundWorkflowsUsingMessages(tx, ids);
      if (using.length) throw usedByWorkflows(ids, using.map((u) => ({ id: u.messageId, workflowId: u.workflowId })));
      await tx.standardMessage.deleteMany({ where: { id: { in: ids } } });
    },
    () => stillInUse(ids.slice(0, perKind).map(String), []),
  );
}
