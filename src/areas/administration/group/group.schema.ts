// Query specs and request bodies of user groups (07 §5).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { B } from '../../../platform/body-schema.ts';
import { editList } from '../shared/admin-edit.ts';
import type { QuerySpec } from '../../../query/spec.ts';

const attributes = ['users', 'created'];

export const groupListQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'department', kind: 'string' },
    { name: 'name', kind: 'string' },
    { name: 'user', kind: 'id' },
  ],
  sort: ['name'],
  attributes,
};
export const groupGetQuery: QuerySpec = { mode: 'get', attributes };
export const groupCreateQuery: QuerySpec = { mode: 'action', attributes };

/** Also null (JSON `null`, or an empty XML element read as null) where an edit may clear the value. */
const orNull = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });

/** Membership: `{"user":[{"id":"1005"}, ...]}` (07 §5). */
const Users = Type.Object({ user: Type.Optional(Type.Array(Type.Object({ id: B.id() }))) });

export const GroupCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.Optional(B.text(4000)),
  /** By id, or by name (case-insensitive) as the list filter takes it. */
  department: Type.Object({ id: Type.Optional(B.id()), name: Type.Optional(B.text(255)) }),
  users: Type.Optional(orNull(Users)),
});
export type GroupCreate = Static<typeof GroupCreate>;

export const GroupEdit = editList(
  Type.Object({
    id: B.id(),
    name: Type.Optional(B.text(255)),
    description: Type.Optional(B.text(4000)),
    users: Type.Optional(orNull(Users)),
    lastModified: Type.Optional(Type.Object({ date: Type.Optional(Type.String()) })),
  }),
);
export type GroupEdit = Static<typeof GroupEdit>;
