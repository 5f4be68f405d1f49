// `$level` on folders and topics (06 §8, §9): the nodes asked for with n levels of descendants (-1: all) nested in
// an element named like the resource, children in ascending name then id, never paged. Shared by both trees.
import { Prisma } from '../../../generated/prisma/client.ts';
import { f, resource, type Field, type ResourceShape } from '../../../representation/shape.ts';
import type { View } from '../../../representation/render.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { userRefs } from '../../administration/common.ts';
import type { ServiceContext } from '../../service-context.ts';
import { nameKey } from './kb.name-order.ts';

type Queryable = { $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Prisma.PrismaPromise<T> };

export type TreeTable = 'kb_folder' | 'kb_topic';

/** Deeper than any real tree: `$level=-1` stops here, so even a corrupt (cyclic) tree cannot loop forever. */
const maxDepth = 10_000;

/**
 * Shapes of a resource with `depth` levels of children nested under `name` (a JSON writer compiles one shape at a
 * time, so a tree is a chain of shapes rather than one recursive shape). Cached per depth.
 */
export function treeShapes(name: string, ns: string, fields: Record<string, Field>): (depth: number) => ResourceShape {
  const cache: ResourceShape[] = [];
  const at = (depth: number): ResourceShape =>
    (cache[depth] ??= resource(name, ns, depth > 0 ? { ...fields, [name]: f.array(f.object(at(depth - 1))) } : fields));
  return at;
}

/**
 * The descendants of `roots` down to `level` levels (-1: all), as (id, parent) links in sibling order: name
 * case-insensitively in code-point order, then id (the order of K31/K37 `$sort=name` too).
 */
export async function descendants(db: Queryable, table: TreeTable, roots: readonly bigint[], level: number): Promise<{ id: bigint; parentId: bigint }[]> {
  if (level === 0 || roots.length === 0) return [];
  const t = Prisma.raw(table);
  const depth = level < 0 ? maxDepth : level;
  const rows = await db.$queryRaw<{ id: string; parent_id: string }[]>`
    WITH RECURSIVE tree(id, parent_id, depth) AS (
      SELECT id, parent_id, 1 FROM ${t} WHERE parent_id = ANY(CAST(${roots.map(String)} AS bigint[]))
      UNION ALL
      SELECT c.id, c.parent_id, tree.depth + 1 FROM ${t} c JOIN tree ON c.parent_id = tree.id WHERE tree.depth < CAST(${depth} AS int)
    )
    SELECT DISTINCT tree.id::text AS id, tree.parent_id::text AS parent_id, ${nameKey(Prisma.raw('n.name'))} AS k, n.id AS n
    FROM tree JOIN ${t} n ON n.id = tree.id ORDER BY k, n`;
  return rows.map((r) => ({ id: BigInt(r.id), parentId: BigInt(r.parent_id) }));
}

/** Whether `candidate` is `id` itself or lies below it (a move target that would make a cycle). */
export async function isSelfOrDescendant(db: Queryable, table: TreeTable, id: bigint, candidate: bigint): Promise<boolean> {
  if (id === candidate) return true;
  const t = Prisma.raw(table);
  const rows = await db.$queryRaw<{ hit: boolean }[]>`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM ${t} WHERE id = CAST(${String(candidate)} AS bigint)
      UNION ALL
      SELECT p.id, p.parent_id, up.depth + 1 FROM ${t} p JOIN up ON p.id = up.parent_id WHERE up.depth < CAST(${maxDepth} AS int)
    )
    SELECT EXISTS (SELECT 1 FROM up WHERE id = CAST(${String(id)} AS bigint)) AS hit`;
  return rows[0]?.hit === true;
}

/**
 * Serialises the structural writes of one department's tree (move, merge, delete, the last-root rule), which read
 * more rows than they lock; the lock ends with the transaction.
 */
export async function lockTree(db: Queryable, table: TreeTable, departmentId: bigint): Promise<void> {
  await db.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${`${table}:${departmentId}`}, 0))`;
}

/**
 * Nests the views of `tops` with their descendants (`links` in sibling order, `views` by id) down to `level` levels
 * under `name`. Answers the items and the depth of the deepest nesting, which picks the shape.
 */
export function nest(tops: readonly View[], links: readonly { id: bigint; parentId: bigint }[], views: ReadonlyMap<string, View>, name: string, level: number) {
  const children = new Map<string, string[]>();
  for (const l of links) {
    const list = children.get(String(l.parentId)) ?? [];
    if (!list.includes(String(l.id))) list.push(String(l.id));
    children.set(String(l.parentId), list);
  }
  let deepest = 0;
  const build = (view: View, depth: number): View => {
    const kids = level >= 0 && depth >= level ? [] : (children.get(String(view.id)) ?? []);
    const nested = kids.flatMap((id) => {
      const v = views.get(id);
      return v ? [build(v, depth + 1)] : [];
    });
    if (nested.length) deepest = Math.max(deepest, depth + 1);
    return nested.length ? { ...view, [name]: nested } : view;
  };
  const items = tops.map((v) => build(v, 0));
  return { items, depth: deepest };
}

/** How one tree's rows are read and shown (folders, topics). */
export type TreeKind<R extends { id: bigint; createdById: bigint | null; lastModifiedById: bigint | null }> = {
  table: TreeTable;
  /** The element children nest under (`folder`, `topic`). */
  name: string;
  find: (db: ServiceContext['db']['prisma'], ids: readonly bigint[]) => Promise<R[]>;
  present: (row: R, refs: Map<string, UserRef>) => View;
};

/**
 * The nodes `ids` (in that order, all existing; `found` when already read) with `level` levels of descendants, in
 * three reads whatever the size of the tree: the nodes, the descendant links, the descendants (and their users).
 */
export async function loadTrees<R extends { id: bigint; createdById: bigint | null; lastModifiedById: bigint | null }>(
  ctx: Pick<ServiceContext, 'db'>,
  kind: TreeKind<R>,
  ids: readonly bigint[],
  level: number,
  found?: R[],
) {
  const db = ctx.db.prisma;
  const [tops, links] = await Promise.all([found ?? kind.find(db, ids), descendants(db, kind.table, ids, level)]);
  const nested = await kind.find(db, [...new Set(links.map((l) => l.id))]);
  const rows = [...tops, ...nested];
  const refs = await userRefs(ctx, rows.flatMap((r) => [r.createdById, r.lastModifiedById]));
  const views = rows.map((r) => kind.present(r, refs));
  const byId = new Map(views.map((v) => [String(v.id), v]));
  return nest(views.slice(0, tops.length), links, byId, kind.name, level);
}
