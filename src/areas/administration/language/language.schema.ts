// Query specs and request bodies of languages (07 §14).
import { Type, type Static } from '@sinclair/typebox';
import { B } from '../../../platform/body-schema.ts';
import { editList } from '../shared/admin-edit.ts';
import type { QuerySpec } from '../../../query/spec.ts';

const attributes = ['created'];

export const languageListQuery: QuerySpec = { mode: 'list', criteria: [{ name: 'code', kind: 'string' }], attributes };
export const languageGetQuery: QuerySpec = { mode: 'get', attributes };
export const languageCreateQuery: QuerySpec = { mode: 'action', attributes };

export const LanguageCreate = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 255 }),
  label: Type.String({ minLength: 1, maxLength: 255 }),
  isDefault: Type.Optional(B.bool()),
});
export type LanguageCreate = Static<typeof LanguageCreate>;

export const LanguageEdit = editList(
  Type.Object({
    id: B.id(),
    label: Type.Optional(B.text(255)),
    isDefault: Type.Optional(B.bool()),
    lastModified: Type.Optional(Type.Object({ date: Type.Optional(Type.String()) })),
  }),
);
export type LanguageEdit = Static<typeof LanguageEdit>;

/**
 * A language code as stored (07 §14): lower case, `_` read as `-` (`en_US` → `en-us`); `ll-cc` with two letters
 * each. Null when the value is no such code.
 */
export function normalizeCode(value: string): string | null {
  const code = value.trim().toLowerCase().replace(/_/g, '-');
  return /^[a-z]{2}-[a-z]{2}$/.test(code) ? code : null;
}
