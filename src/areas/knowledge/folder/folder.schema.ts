// Query specs and body schemas of the folder endpoints (06 §8, K30–K35). The body schemas document the shape for
// OpenAPI and require an object; folder.input.ts reads the fields, so every error names the attribute as written.
import { Type } from '@sinclair/typebox';
import type { QuerySpec } from '../../../query/spec.ts';

/** 06 §3.5: every field is in the default set, so `$attribute` takes only `all` and blank. */
const attributes: string[] = [];
const common = { attributes, lang: true } as const;

/** K30. */
export const folderGetQuery: QuerySpec = { mode: 'get', ...common, level: true };
/** K31: exactly one of `department` and `parent`. */
export const folderListQuery: QuerySpec = {
  mode: 'search',
  ...common,
  level: true,
  criteria: [
    { name: 'department', kind: 'id' },
    { name: 'parent', kind: 'id' },
  ],
  exclusive: [['department', 'parent']],
  sort: ['name'],
  defaultSort: 'name',
};
/** K32, K33 (`$attribute` chooses 204 or 200 on K33, 06 §1.4). */
export const folderWriteQuery: QuerySpec = { mode: 'action', ...common };
/** K34. */
export const folderMoveQuery: QuerySpec = { mode: 'action', ...common, criteria: [{ name: 'merge', kind: 'enum', values: ['0', '1'] }] };
/** K35. */
export const folderDeleteQuery: QuerySpec = { mode: 'action', lang: true };

const any = (description: string) => Type.Optional(Type.Unknown({ description }));

export const FolderBody = Type.Object(
  {
    name: any('1–255 characters, unique among siblings (case-insensitive)'),
    description: any('at most 4000 characters; null or "" clears (K33)'),
    parent: any('K32: {"id"} of the parent folder (child folder)'),
    department: any('K32: {"id"} of the department (root folder)'),
    lastModified: any('K33: {"date"}: the concurrency token'),
  },
  { description: 'A folder (06 §3.5)' },
);

export const FolderMoveBody = Type.Object(
  {
    parent: any('{"id"} of the new parent folder'),
    folder: any('{"id"} of the new parent folder (alternative spelling)'),
  },
  { description: 'The new parent of a folder (06 K34)' },
);
