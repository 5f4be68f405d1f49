// Query specs and body schemas of the topic endpoints (06 §9, K36–K42). The body schemas document the shape for
// OpenAPI and require an object; topic.input.ts reads the fields, so every error names the attribute as written.
import { Type } from '@sinclair/typebox';
import type { QuerySpec } from '../../../query/spec.ts';
import { editList } from '../../administration/shared/admin-edit.ts';

/** 06 K36: `$attribute` takes `all` and blank (every field is in the default set). */
const attributes: string[] = [];
const common = { attributes, lang: true } as const;

/** K36. */
export const topicGetQuery: QuerySpec = { mode: 'get', ...common, level: true };
/**
 * K37: exactly one of `department`, `parent`, `article` (numeric or alternate id: a string here, its form checked by
 * the service with articleSegmentOf); `$lang` (or the caller's language) filters.
 */
export const topicListQuery: QuerySpec = {
  mode: 'search',
  ...common,
  level: true,
  criteria: [
    { name: 'department', kind: 'id' },
    { name: 'parent', kind: 'id' },
    { name: 'article', kind: 'string' },
  ],
  exclusive: [['department', 'parent', 'article']],
  sort: ['name'],
  defaultSort: 'name',
};
/** K38, K39, K41 (`$attribute` chooses 204 or 200 on K39 and K41, 06 §1.4). */
export const topicWriteQuery: QuerySpec = { mode: 'action', ...common };
/** K40, K42. */
export const topicDeleteQuery: QuerySpec = { mode: 'action', lang: true };

const any = (description: string) => Type.Optional(Type.Unknown({ description }));

export const TopicCreateBody = Type.Object(
  {
    name: any('1–255 characters, unique among siblings (case-insensitive)'),
    description: any('at most 4000 characters'),
    language: any('{"id"} or {"code"}; children take their parent\'s'),
    parent: any('{"id"} of the parent topic (alias parentTopic)'),
    parentTopic: any('{"id"} of the parent topic'),
    department: any('{"id"}: required for root topics'),
    isTranslatable: any('true/false, also as strings; default false'),
  },
  { description: 'A topic (06 §3.6)' },
);

export const TopicEditBody = editList(
  Type.Object(
    {
      id: any('the topic to change'),
      name: any('1–255 characters'),
      description: any('at most 4000 characters; null or "" clears'),
      isTranslatable: any('true/false, also as strings'),
      lastModified: any('{"date"}: the concurrency token'),
    },
    { description: 'A topic edit (06 K39)' },
  ),
);
