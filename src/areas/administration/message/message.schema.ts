// Query specs and request bodies of standard messages (07 §12). The schemas carry what the body alone decides (types,
// lengths, required attributes: 400-152/400-153); the contents rules that need no database (one content per type,
// value size) are checked by the service before the permission (01 §7.2); department and language need the database.
import { Type, type Static } from '@sinclair/typebox';
import { Err } from '../../../errors/app-error.ts';
import { B } from '../../../platform/body-schema.ts';
import { editList } from '../shared/admin-edit.ts';
import { activeStates, clearableEnum, DepartmentRef, LastModified, optionalEnum, orNull } from '../shared/body-parts.ts';
import type { QuerySpec } from '../../../query/spec.ts';

export const messageAttributes = ['description', 'contents', 'keywords', 'created'] as const;

export const messageListQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'department', kind: 'string' },
    { name: 'language', kind: 'string' },
    { name: 'state', kind: 'enum', values: activeStates },
    { name: 'name', kind: 'string' },
    { name: 'keyword', kind: 'string' },
  ],
  sort: ['name', 'lastModifiedDate'],
  attributes: messageAttributes,
};
export const messageGetQuery: QuerySpec = { mode: 'get', attributes: messageAttributes };
export const messageCreateQuery: QuerySpec = { mode: 'action', attributes: messageAttributes };

export const contentTypes = ['text', 'html'] as const;
export type ContentType = (typeof contentTypes)[number];

/** One content `{type, value}`; `type` is compared case-insensitively (01 §5.3). */
const Content = Type.Object({
  type: Type.Unsafe<ContentType>({ anyOf: contentTypes.map((v) => ({ type: 'string', const: v })), 'x-ece': 'enum' }),
  value: Type.String(),
});
type ContentInput = Static<typeof Content>;

/** A language by id, or by code (`en-us`, compared case-insensitively with `-`/`_` equivalent), as for users. */
const LanguageRef = Type.Object({ id: Type.Optional(B.id()), code: Type.Optional(Type.String({ maxLength: 16 })) });
export type LanguageInput = Static<typeof LanguageRef> | null | undefined;

export const MessageCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.Optional(orNull(B.text(4000))),
  department: DepartmentRef,
  language: Type.Optional(orNull(LanguageRef)),
  subject: Type.Optional(orNull(B.text(1024))),
  /** Required, at least one content (an empty list is missing: 400-153). */
  contents: Type.Object({ content: Type.Array(Content, { minItems: 1, maxItems: 75 }) }),
  keywords: Type.Optional(orNull(B.text(1000))),
  state: Type.Optional(orNull(optionalEnum(activeStates))),
});
export type MessageCreate = Static<typeof MessageCreate>;

/** `department` cannot be edited: not read (ignored as read-only, 07 §1.4). */
export const MessageEdit = editList(
  Type.Object({
    id: B.id(),
    name: Type.Optional(orNull(B.text(255))),
    description: Type.Optional(orNull(B.text(4000))),
    language: Type.Optional(orNull(LanguageRef)),
    subject: Type.Optional(orNull(B.text(1024))),
    /** Replaces the stored contents; it cannot be cleared (the service refuses null or an empty list: 400-152). */
    contents: Type.Optional(orNull(Type.Object({ content: Type.Optional(B.list(Content)) }))),
    keywords: Type.Optional(orNull(B.text(1000))),
    state: Type.Optional(orNull(clearableEnum(activeStates))),
    lastModified: LastModified,
  }),
);
export type MessageEdit = Static<typeof MessageEdit>;

/** The largest content value: 1 MiB of UTF-8 (07 §12). */
export const maxContentBytes = 1024 * 1024;

/** The stored columns of a contents list: at most one content of each type. */
export type Contents = { text: string | null; html: string | null };

/**
 * Reads a contents list (`path` = its `content` list): each type at most once (a second one → 400-152 on its `type`),
 * each value at most 1 MiB (400-152 on its `value`). The types not sent are null: contents replace (07 §12).
 */
export function readContents(list: readonly ContentInput[], path: string): Contents {
  const out: Contents = { text: null, html: null };
  list.forEach((c, j) => {
    const at = `${path}[${j}]`;
    if (out[c.type] !== null) throw Err.invalidAttribute(`${at}.type`, c.type);
    if (Buffer.byteLength(c.value, 'utf8') > maxContentBytes) throw Err.invalidAttribute(`${at}.value`, c.value);
    out[c.type] = c.value;
  });
  return out;
}
