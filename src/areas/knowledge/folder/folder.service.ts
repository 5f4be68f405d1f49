// Folder use cases (06 §8, K30–K35). Reads need kb.read, writes kb.structure (06 §1.1). Sibling names are unique
// case-insensitively by index (kb_folder_sibling_name, kb_folder_root_name): the checks below answer the common
// case, the index settles races. Moves, merges and deletes of one department's tree are serialised (lockTree).
import { Err } from '../../../errors/app-error.ts';
import { criterion, type ParsedQuery } from '../../../query/parse.ts';
import type { ServiceContext } from '../../service-context.ts';
import { nextModified } from '../../administration/common.ts';
import { checkToken, distinct, requireAll } from '../../administration/shared/admin-edit.ts';
import { kbAccess } from '../shared/kb.access.ts';
import { checkedKbWrite } from '../shared/kb.checked-write.ts';
import { siblingNameReason, stateConflict, type Reason } from '../shared/kb.conflict.ts';
import { isSelfOrDescendant, loadTrees, lockTree, type TreeKind } from '../shared/kb.tree.ts';
import { readFolderCreate, readFolderEdit, readMoveTarget } from './folder.input.ts';
import { presentFolder } from './folder.presenter.ts';
import {
  articleIdsIn,
  childrenOf,
  findFolders,
  foldersWithArticles,
  lockFolders,
  pageFolders,
  rootFolderIds,
  siblingNamed,
  type Db,
  type FolderRow,
} from './folder.queries.ts';

const notEmptyReason: Reason = {
  'en-US': 'the folder is not empty or is the last root folder',
  'es-ES': 'la carpeta no está vacía o es la última carpeta raíz',
};
const cannotMoveReason: Reason = {
  'en-US': 'the folder cannot be moved there',
  'es-ES': 'la carpeta no se puede mover allí',
};

// ----- reading -----

const folderTree: TreeKind<FolderRow> = { table: 'kb_folder', name: 'folder', find: findFolders, present: presentFolder };

/** The folders `ids` (in that order, all existing; `found` when already read) with `level` levels of descendants. */
export const loadFolderTrees = (ctx: ServiceContext, ids: readonly bigint[], level: number, found?: FolderRow[]) => loadTrees(ctx, folderTree, ids, level, found);

/** K30. */
export async function getFolders(ctx: ServiceContext, ids: bigint[], q: ParsedQuery) {
  await kbAccess(ctx, 'kb.read', q);
  const rows = await findFolders(ctx.db.prisma, ids);
  requireAll(ids, rows);
  return loadFolderTrees(ctx, ids, q.level ?? 0, rows);
}

/** K31: root folders of a department or children of a folder; the one given must exist (404-101). */
export async function listFolders(ctx: ServiceContext, q: ParsedQuery) {
  await kbAccess(ctx, 'kb.read', q);
  const db = ctx.db.prisma;
  const department = criterion(q, 'department', 'id')?.value;
  const parent = criterion(q, 'parent', 'id')?.value;
  if (department !== undefined && !(await db.department.findUnique({ where: { id: BigInt(department) }, select: { id: true } }))) {
    throw Err.idsNotFound([department]);
  }
  if (parent !== undefined && !(await db.kbFolder.findUnique({ where: { id: BigInt(parent) }, select: { id: true } }))) throw Err.idsNotFound([parent]);
  const page = await pageFolders(db, department !== undefined ? { department: BigInt(department) } : { parent: BigInt(parent!) }, q);
  const { items, depth } = await loadFolderTrees(ctx, page.ids, q.level ?? 0);
  return { depth, page: { items, count: page.count, ...(page.last ? { last: page.last } : {}) } };
}

// ----- writing -----

/** K32: a root folder (department) or child folder (parent); answers the new folder. */
export async function createFolder(ctx: ServiceContext, body: unknown, q: ParsedQuery) {
  const input = readFolderCreate(body);
  const { actor } = await kbAccess(ctx, 'kb.structure', q);
  const now = ctx.now();
  const ref = 'parent' in input.at ? input.at.parent : input.at.department;
  let place: { parentId: bigint | null; departmentId: bigint } | undefined;
  const id = await checkedKbWrite(
    ctx,
    async (tx) => {
      if ('parent' in input.at) {
        const parent = await tx.kbFolder.findUnique({ where: { id: ref.id }, select: { id: true, departmentId: true } });
        if (!parent) throw Err.invalidAttribute(ref.path, ref.raw);
        place = { parentId: parent.id, departmentId: parent.departmentId };
      } else {
        const department = await tx.department.findUnique({ where: { id: ref.id }, select: { id: true } });
        if (!department) throw Err.invalidAttribute(ref.path, ref.raw);
        place = { parentId: null, departmentId: department.id };
      }
      const holder = await siblingNamed(tx, place, input.name);
      if (holder !== undefined) throw stateConflict([holder], siblingNameReason);
      const created = await tx.kbFolder.create({
        data: {
          name: input.name,
          description: input.description,
          parentId: place.parentId,
          departmentId: place.departmentId,
          createdAt: now,
          createdById: actor.userId,
          lastModifiedAt: now,
          lastModifiedById: actor.userId,
        },
        select: { id: true },
      });
      return created.id;
    },
    async (kind) => {
      // A concurrent create took the name, or the parent was deleted meanwhile.
      if (kind === 'reference' || !place) return Err.invalidAttribute(ref.path, ref.raw);
      const holder = await siblingNamed(ctx.db.prisma, place, input.name);
      return stateConflict([holder ?? ref.id], siblingNameReason);
    },
  );
  return { id, folder: (await loadFolderTrees(ctx, [id], 0)).items[0]! };
}

/** K33: name and/or description of one folder. */
export async function editFolder(ctx: ServiceContext, id: bigint, body: unknown, q: ParsedQuery): Promise<void> {
  const edit = readFolderEdit(body);
  const { actor } = await kbAccess(ctx, 'kb.structure', q);
  const now = ctx.now();
  await checkedKbWrite(
    ctx,
    async (tx) => {
      const [folder] = await lockFolders(tx, [id]);
      if (!folder) throw Err.idsNotFound([String(id)]);
      if (edit.name !== undefined && (await siblingNamed(tx, folder, edit.name, id)) !== undefined) throw stateConflict([id], siblingNameReason);
      checkToken(id, edit.token, folder.lastModifiedAt);
      if (edit.name === undefined && edit.description === undefined) return;
      await tx.kbFolder.update({
        where: { id },
        data: {
          ...(edit.name !== undefined ? { name: edit.name } : {}),
          ...(edit.description !== undefined ? { description: edit.description } : {}),
          lastModifiedAt: nextModified(folder.lastModifiedAt, now),
          lastModifiedById: actor.userId,
        },
      });
    },
    () => stateConflict([id], siblingNameReason),
  );
}

/**
 * Merges folder `from` into `into` (K34 with merge=1): its articles move into `into`, each child folder either moves
 * under `into` or, when `into` has a child of the same name, is merged into that one; then `from` is deleted.
 * Answers the ids of the articles that changed folder.
 */
async function mergeFolder(tx: Db, from: bigint, into: bigint, now: Date, by: bigint): Promise<bigint[]> {
  const moved = await articleIdsIn(tx, from);
  if (moved.length) await tx.kbArticle.updateMany({ where: { folderId: from }, data: { folderId: into } });
  for (const child of await childrenOf(tx, [from])) {
    const same = await siblingNamed(tx, { parentId: into, departmentId: 0n }, child.name);
    if (same !== undefined) {
      moved.push(...(await mergeFolder(tx, child.id, same, now, by)));
    } else {
      await tx.$executeRaw`
        UPDATE kb_folder SET parent_id = CAST(${String(into)} AS bigint),
          last_modified_at = GREATEST(CAST(${now} AS timestamptz), last_modified_at + interval '1 millisecond'),
          last_modified_by_id = CAST(${String(by)} AS bigint)
        WHERE id = CAST(${String(child.id)} AS bigint)`;
    }
  }
  await tx.kbFolder.delete({ where: { id: from } });
  return moved;
}

/**
 * K34: moves a folder under another folder of its department. A same-named child of the new parent → 409-102, or
 * with `merge=1` the folder is merged into it. Answers the folder the call leaves in place (06 §1.4): the moved
 * one, or the one it was merged into.
 */
export async function moveFolder(ctx: ServiceContext, id: bigint, body: unknown, q: ParsedQuery): Promise<bigint> {
  const target = readMoveTarget(body);
  const merge = criterion(q, 'merge', 'enum')?.value === '1';
  const { actor } = await kbAccess(ctx, 'kb.structure', q);
  const now = ctx.now();
  return checkedKbWrite(
    ctx,
    async (tx) => {
      const found = await tx.kbFolder.findUnique({ where: { id }, select: { departmentId: true } });
      if (!found) throw Err.idsNotFound([String(id)]);
      await lockTree(tx, 'kb_folder', found.departmentId);
      const locked = await lockFolders(tx, [id, target.id]);
      const folder = locked.find((f) => f.id === id);
      const parent = locked.find((f) => f.id === target.id);
      if (!folder) throw Err.idsNotFound([String(id)]);
      if (!parent) throw Err.invalidAttribute(target.path, target.raw);
      if (parent.departmentId !== folder.departmentId || (await isSelfOrDescendant(tx, 'kb_folder', id, parent.id))) {
        throw stateConflict([id], cannotMoveReason);
      }
      if (folder.parentId === parent.id) return id;
      const clash = await siblingNamed(tx, { parentId: parent.id, departmentId: parent.departmentId }, folder.name, id);
      if (clash === undefined) {
        await tx.kbFolder.update({
          where: { id },
          data: { parentId: parent.id, lastModifiedAt: nextModified(folder.lastModifiedAt, now), lastModifiedById: actor.userId },
        });
        return id;
      }
      if (!merge) throw stateConflict([id], siblingNameReason);
      const moved = await mergeFolder(tx, id, clash, now, actor.userId);
      // The articles' folder changed: their mirrors and search document are recomputed with it (migration knowledge).
      if (moved.length) await tx.$executeRaw`SELECT kb_refresh_articles(CAST(${moved.map(String)} AS bigint[]))`;
      return clash;
    },
    (kind) => stateConflict([id], kind === 'unique' ? siblingNameReason : cannotMoveReason),
  );
}

/**
 * K35: every folder empty (no articles; no child folders except ones deleted by the same call) and not the last
 * root folder of its department, else 409-102 naming each refused folder; nothing is deleted then.
 */
export async function deleteFolders(ctx: ServiceContext, ids: bigint[], q: ParsedQuery): Promise<void> {
  await kbAccess(ctx, 'kb.structure', q);
  await checkedKbWrite(
    ctx,
    async (tx) => {
      const found = await tx.kbFolder.findMany({ where: { id: { in: ids } }, select: { id: true, departmentId: true } });
      requireAll(ids, found);
      const departments = distinct(found.map((f) => f.departmentId)).sort((a, b) => (a < b ? -1 : 1));
      for (const d of departments) await lockTree(tx, 'kb_folder', d);
      const rows = await lockFolders(tx, ids);
      requireAll(ids, rows);
      const deleting = new Set(ids);
      const blocked = new Set<bigint>();
      for (const child of await childrenOf(tx, ids)) if (!deleting.has(child.id)) blocked.add(child.parentId);
      for (const id of await foldersWithArticles(tx, ids)) blocked.add(id);
      for (const d of departments) {
        const roots = rows.filter((r) => r.departmentId === d && r.parentId === null);
        if (roots.length && (await rootFolderIds(tx, d)).every((id) => deleting.has(id))) for (const r of roots) blocked.add(r.id);
      }
      if (blocked.size) throw stateConflict(ids.filter((id) => blocked.has(id)), notEmptyReason);
      await tx.kbFolder.deleteMany({ where: { id: { in: ids } } });
    },
    // An article or child folder created meanwhile.
    () => stateConflict(ids, notEmptyReason),
  );
}
