// The folder resource on the wire (06 §3.5): default namespace kb, department name in platform. Nested children
// (`$level`) come last, as in the example of K31.
import type { UserRef } from '../../../authz/actor.ts';
import { NS } from '../../../representation/namespaces.ts';
import { f } from '../../../representation/shape.ts';
import { stamp } from '../../administration/common.ts';
import { kbHref, selfLink } from '../shared/kb.paths.ts';
import { departmentRef, namedRef, timestamp } from '../shared/kb.shapes.ts';
import { treeShapes } from '../shared/kb.tree.ts';
import type { FolderRow } from './folder.queries.ts';

/** The folder shape with `depth` levels of nested `folder` children. */
export const folderShape = treeShapes('folder', NS.kb, {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  description: f.text(),
  parent: namedRef(NS.kb),
  department: departmentRef(),
  childCount: f.number(),
  articleCount: f.number(),
  created: timestamp(),
  lastModified: timestamp(),
});

export function presentFolder(row: FolderRow, refs: Map<string, UserRef>) {
  return {
    id: row.id,
    link: selfLink(kbHref.folder(row.id)),
    name: row.name,
    description: row.description,
    parent: row.parent ? { id: row.parent.id, name: row.parent.name } : undefined,
    department: { id: row.department.id, name: row.department.name },
    childCount: row._count.children,
    articleCount: row._count.articles,
    created: stamp(row.createdAt, row.createdById, refs),
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
  };
}
