// Query specs of the article-type endpoints (06 §10, K43–K44). Article types are read-only.
import type { QuerySpec } from '../../../query/spec.ts';

/** `$attribute` takes `all` and blank (06 K43). */
const attributes: string[] = [];

/** K43: `department` optional (default: the caller's home department); by name unless `$sort=id`. */
export const articleTypeListQuery: QuerySpec = {
  mode: 'list',
  attributes,
  lang: true,
  criteria: [{ name: 'department', kind: 'id' }],
  sort: ['name'],
  defaultSort: 'name',
};
/** K44. */
export const articleTypeGetQuery: QuerySpec = { mode: 'get', attributes, lang: true };
