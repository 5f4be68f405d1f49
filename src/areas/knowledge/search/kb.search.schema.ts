// The query of K3, full-text search (06 §5): `q` required, the filters, `$lang`, `expandMacros`, the article
// attribute groups (06 §3.1) and the paging of 01 §8–§9 with `$sort` ∈ relevance (default), name,
// lastModifiedDate, id; `$order` applies to the last three only (with `relevance` → 400-104).
import type { QuerySpec } from '../../../query/spec.ts';

export const searchArticleStates = ['published', 'expired', 'draft', 'transient'] as const;
export type SearchArticleState = (typeof searchArticleStates)[number];

/** 06 §3.1: the article attribute groups (`all` and blank are always accepted). */
export const articleAttributeGroups = [
  'keywords',
  'summary',
  'description',
  'content',
  'availabilityDate',
  'expirationDate',
  'reviewStage',
  'versions',
  'attachments',
  'notes',
  'topics',
] as const;

export const kbSearchQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'q', kind: 'string' },
    { name: 'folder', kind: 'id' },
    { name: 'topic', kind: 'id' },
    { name: 'department', kind: 'id' },
    { name: 'articleState', kind: 'enum', values: searchArticleStates },
    { name: 'expandMacros', kind: 'boolean' },
  ],
  sort: ['relevance', 'name', 'lastModifiedDate'],
  defaultSort: 'relevance',
  sortWithoutOrder: ['relevance'],
  attributes: articleAttributeGroups,
  required: ['q'],
  lang: true,
};
