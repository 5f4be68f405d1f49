// The article-type resource on the wire (06 §3.7): namespace kb, department name in platform; `department` absent
// for global types.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource } from '../../../representation/shape.ts';
import { kbHref, selfLink } from '../shared/kb.paths.ts';
import { departmentRef } from '../shared/kb.shapes.ts';
import type { ArticleTypeRow } from './article-type.queries.ts';

export const articleTypeShape = resource('articleType', NS.kb, {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  description: f.text(),
  department: departmentRef(),
  isDefault: f.boolean(),
});

/** `isDefault` as the listing department sees it, when the caller says so; the stored flag otherwise. */
export function presentArticleType(row: ArticleTypeRow, isDefault = row.isDefault) {
  return {
    id: row.id,
    link: selfLink(kbHref.articleType(row.id)),
    name: row.name,
    description: row.description,
    department: row.department ? { id: row.department.id, name: row.department.name } : undefined,
    isDefault,
  };
}
