// Query specs, vocabulary and body schemas of the article endpoints (06 §3.1, §3.2, §4.2, §5). The body schemas
// document the shapes for OpenAPI and require objects; article.input.ts reads the fields, so every error names the
// attribute as the client wrote it.
import { Type } from '@sinclair/typebox';
import type { Labels } from '../../../representation/shape.ts';
import type { CriterionSpec, QuerySpec } from '../../../query/spec.ts';

/** `$attribute` groups of an article (06 §3.1). */
export const articleGroups = [
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
export type ArticleGroup = (typeof articleGroups)[number];

/** `$attribute` groups of a version (06 §3.2): the version fields outside its default set. */
export const versionGroups = ['keywords', 'summary', 'description', 'content', 'availabilityDate', 'expirationDate'] as const;
export type VersionGroup = (typeof versionGroups)[number];

export const reviewStages = ['authoring', 'review', 'approved'] as const;
export type ReviewStage = (typeof reviewStages)[number];

/** 06 §4.2, en-US and es-ES. */
export const reviewStageLabels: Labels = {
  authoring: { 'en-US': 'Authoring', 'es-ES': 'Redacción' },
  review: { 'en-US': 'Review', 'es-ES': 'Revisión' },
  approved: { 'en-US': 'Approved', 'es-ES': 'Aprobado' },
};

/** Article-level `articleState` values K2 and K3 filter on (06 §5). */
export const articleStates = ['transient', 'draft', 'published', 'expired'] as const;

/** Words that are routes under /kb/article, never ids (06 §1.5). */
export const reservedWords = [
  'search',
  'latest',
  'copy',
  'checkin',
  'publish',
  'changestage',
  'resetlock',
  'version',
  'note',
  'move',
  'checkout',
  'rollback',
  'suggestion',
  'mysuggestion',
  'mywork',
  'accept',
  'reject',
  'feedback',
  'resuggest',
  'changetype',
  'requestlock',
] as const;

/** `/system/ws/v12/kb/article/<word>` paths 06 §1.7 does not serve: 404-100 for every method. */
export const unservedArticlePaths = ['suggestion', 'mysuggestion', 'accept', 'reject', 'feedback', 'resuggest', 'mywork', 'changetype', 'version', 'latest'] as const;

const expandMacros: CriterionSpec = { name: 'expandMacros', kind: 'boolean' };

/** K1 by ids. */
export const articleGetQuery: QuerySpec = { mode: 'get', attributes: articleGroups, lang: true, criteria: [expandMacros] };

/** K16 latest: as K1. */
export const latestQuery: QuerySpec = articleGetQuery;

/** K2: at least one of folder, topic, name, department (400-103). */
export const articleListQuery: QuerySpec = {
  mode: 'search',
  criteria: [
    { name: 'folder', kind: 'id' },
    { name: 'topic', kind: 'id' },
    { name: 'name', kind: 'string' },
    { name: 'department', kind: 'id' },
    { name: 'articleType', kind: 'id' },
    { name: 'articleState', kind: 'enum', values: articleStates },
    expandMacros,
  ],
  notEnough: ['articleType', 'articleState', 'expandMacros'],
  sort: ['name', 'createdDate', 'lastModifiedDate'],
  attributes: articleGroups,
  lang: true,
};

/** Writes and actions (K4–K12, K17): `$attribute` asks for the 200 answer of 06 §1.4; `$lang` is ignored. */
export const articleWriteQuery: QuerySpec = { mode: 'action', attributes: articleGroups, lang: true };

/** K12 also takes `resolveNameConflicts` (yes|no), which changes nothing. */
export const articleMoveQuery: QuerySpec = { ...articleWriteQuery, criteria: [{ name: 'resolveNameConflicts', kind: 'boolean' }] };

/** K14: paged versions, `versionNumber` ascending by default. */
export const versionListQuery: QuerySpec = {
  mode: 'list',
  attributes: versionGroups,
  sort: ['versionNumber', 'lastModifiedDate'],
  defaultSort: 'versionNumber',
  lang: true,
  criteria: [expandMacros],
};

/** K15 versions by ids. */
export const versionGetQuery: QuerySpec = { mode: 'get', attributes: versionGroups, lang: true, criteria: [expandMacros] };

/** Unserved paths: whatever the query, the answer is 404-100. */
export const ignoreQuery: QuerySpec = { mode: 'action', ignoreAll: true };

const any = (description: string) => Type.Optional(Type.Unknown({ description }));

const versionFields = {
  name: any('1–255 characters'),
  keywords: any('at most 1000 characters'),
  summary: any('at most 4000 characters'),
  description: any('at most 4000 characters'),
  content: any('HTML, at most 1 MiB; or {"html": "…"} or {"text": "…"}'),
  availabilityDate: any('date-time'),
  expirationDate: any('date-time after availabilityDate'),
  articleType: any('{"id"} or {"name"}'),
  lastModified: any('{"date"}: the concurrency stamp (06 §4.3)'),
};

const versions = any('{"version": [{…}]}: only version[0] is read; its values win over the article-level ones');

export const CreateBody = Type.Object(
  {
    folder: any('{"id"}: required'),
    language: any('{"id"} or {"code"}: required'),
    alternateId: any('1–64 of [A-Za-z0-9_-], not all digits, not a reserved word'),
    ...versionFields,
    versions,
  },
  { description: 'An article to create (06 K4)' },
);

const EditItem = Type.Object({ id: any('the article to change (numeric)'), ...versionFields, reviewStage: any('K10: {"value"}'), versions });

/** K7–K11: 1–75 articles. */
export const EditBody = Type.Array(EditItem, { minItems: 1, maxItems: 75, description: 'Articles (06 K7–K11)' });

export const CopyBody = Type.Object({ article: any('{"id"}: the source article'), folder: any('{"id"}: the target folder') }, { description: 'K5' });

export const MoveBody = Type.Object({ folder: any('{"id"}: the target folder'), lastModified: any('{"date"}') }, { description: 'K12' });
