// Folder rows (06 §3.5). Every function takes the client (root or transaction) first and never throws HTTP errors.
// childCount and articleCount are counted per request through the parent_id and (folder_id, id) indexes.
import { Prisma, type PrismaClient } from '../../../generated/prisma/client.ts';
import type { ParsedQuery } from '../../../query/parse.ts';
import { pageIds, type IdPage } from '../../../query/sql-page.ts';
import { nameSort } from '../shared/kb.name-order.ts';

export type Db = PrismaClient | Prisma.TransactionClient;

export const folderSelect = {
  id: true,
  name: true,
  description: true,
  parentId: true,
  departmentId: true,
  createdAt: true,
  createdById: true,
  lastModifiedAt: true,
  lastModifiedById: true,
  parent: { select: { id: true, name: true } },
  department: { select: { id: true, name: true } },
  _count: { select: { children: true, articles: true } },
} satisfies Prisma.KbFolderSelect;

export type FolderRow = Prisma.KbFolderGetPayload<{ select: typeof folderSelect }>;

/** The folders `ids` that exist, in the order of `ids`. */
export async function findFolders(db: Db, ids: readonly bigint[]): Promise<FolderRow[]> {
  if (!ids.length) return [];
  const rows = await db.kbFolder.findMany({ where: { id: { in: [...ids] } }, select: folderSelect });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** K31: one page of root folders of a department or children of a folder, `$sort` name (default) or id. */
export function pageFolders(db: Db, under: { department: bigint } | { parent: bigint }, q: ParsedQuery): Promise<IdPage> {
  const where =
    'department' in under
      ? [Prisma.sql`f.department_id = CAST(${String(under.department)} AS bigint)`, Prisma.sql`f.parent_id IS NULL`]
      : [Prisma.sql`f.parent_id = CAST(${String(under.parent)} AS bigint)`];
  return pageIds(db, { from: Prisma.sql`kb_folder f`, id: Prisma.raw('f.id'), where, sorts: { name: nameSort(Prisma.raw('f.name')) } }, q);
}

export type LockedFolder = { id: bigint; name: string; parentId: bigint | null; departmentId: bigint; lastModifiedAt: Date };

/** The folders `ids` that exist, locked for the rest of the transaction (in id order, so writers never deadlock). */
export async function lockFolders(db: Db, ids: readonly bigint[]): Promise<LockedFolder[]> {
  if (!ids.length) return [];
  const rows = await db.$queryRaw<{ id: string; name: string; parent_id: string | null; department_id: string; last_modified_at: Date }[]>`
    SELECT id::text AS id, name, parent_id::text AS parent_id, department_id::text AS department_id, last_modified_at
    FROM kb_folder WHERE id = ANY(CAST(${ids.map(String)} AS bigint[])) ORDER BY id FOR UPDATE`;
  return rows.map((r) => ({
    id: BigInt(r.id),
    name: r.name,
    parentId: r.parent_id === null ? null : BigInt(r.parent_id),
    departmentId: BigInt(r.department_id),
    lastModifiedAt: r.last_modified_at,
  }));
}

/** The folder with this name (case-insensitively, as the sibling indexes compare) under `parent`, other than `except`. */
export async function siblingNamed(db: Db, parent: { parentId: bigint | null; departmentId: bigint }, name: string, except?: bigint): Promise<bigint | undefined> {
  const under =
    parent.parentId === null
      ? Prisma.sql`parent_id IS NULL AND department_id = CAST(${String(parent.departmentId)} AS bigint)`
      : Prisma.sql`parent_id = CAST(${String(parent.parentId)} AS bigint)`;
  const other = except === undefined ? Prisma.empty : Prisma.sql`AND id <> CAST(${String(except)} AS bigint)`;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text AS id FROM kb_folder WHERE ${under} AND lower(name) = lower(${name}) ${other} LIMIT 1`;
  return rows[0] ? BigInt(rows[0].id) : undefined;
}

/** The direct children of `ids`: id, parent and name. */
export async function childrenOf(db: Db, ids: readonly bigint[]): Promise<{ id: bigint; parentId: bigint; name: string }[]> {
  if (!ids.length) return [];
  const rows = await db.kbFolder.findMany({ where: { parentId: { in: [...ids] } }, select: { id: true, parentId: true, name: true }, orderBy: { id: 'asc' } });
  return rows.map((r) => ({ id: r.id, parentId: r.parentId!, name: r.name }));
}

/** Which of `ids` hold articles. */
export async function foldersWithArticles(db: Db, ids: readonly bigint[]): Promise<Set<bigint>> {
  if (!ids.length) return new Set();
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT f.id::text AS id FROM unnest(CAST(${ids.map(String)} AS bigint[])) AS f(id)
    WHERE EXISTS (SELECT 1 FROM kb_article a WHERE a.folder_id = f.id)`;
  return new Set(rows.map((r) => BigInt(r.id)));
}

/** The root folders of `departmentId`. */
export async function rootFolderIds(db: Db, departmentId: bigint): Promise<bigint[]> {
  const rows = await db.kbFolder.findMany({ where: { departmentId, parentId: null }, select: { id: true } });
  return rows.map((r) => r.id);
}

/** The ids of the articles directly in `folderId`. */
export async function articleIdsIn(db: Db, folderId: bigint): Promise<bigint[]> {
  const rows = await db.kbArticle.findMany({ where: { folderId }, select: { id: true } });
  return rows.map((r) => r.id);
}
