// The topic resource on the wire (06 §3.6): namespace kb/topic for the topic and its properties (language and
// parent references included), department name in platform. Nested children (`$level`) come last.
import type { UserRef } from '../../../authz/actor.ts';
import { NS } from '../../../representation/namespaces.ts';
import { f } from '../../../representation/shape.ts';
import { stamp } from '../../administration/common.ts';
import { kbHref, selfLink } from '../shared/kb.paths.ts';
import { departmentRef, languageRef, namedRef, timestamp } from '../shared/kb.shapes.ts';
import { treeShapes } from '../shared/kb.tree.ts';
import type { TopicRow } from './topic.queries.ts';

/** The topic shape with `depth` levels of nested `topic` children. */
export const topicShape = treeShapes('topic', NS.kbTopic, {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  description: f.text(),
  department: departmentRef(),
  language: languageRef(NS.kbTopic),
  parent: namedRef(NS.kbTopic),
  isTranslatable: f.boolean(),
  childCount: f.number(),
  articleCount: f.number(),
  created: timestamp(),
  lastModified: timestamp(),
});

export function presentTopic(row: TopicRow, refs: Map<string, UserRef>) {
  return {
    id: row.id,
    link: selfLink(kbHref.topic(row.id)),
    name: row.name,
    description: row.description,
    department: { id: row.department.id, name: row.department.name },
    language: { id: row.language.id, code: row.language.code, label: row.language.label },
    parent: row.parent ? { id: row.parent.id, name: row.parent.name } : undefined,
    isTranslatable: row.isTranslatable,
    childCount: row._count.children,
    articleCount: row._count.articleLinks,
    created: stamp(row.createdAt, row.createdById, refs),
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
  };
}
