// Query specs and request bodies of departments (07 §4).
import { Type, type Static } from '@sinclair/typebox';
import { B } from '../../../platform/body-schema.ts';
import { editList } from '../shared/admin-edit.ts';
import type { QuerySpec } from '../../../query/spec.ts';

const attributes = ['created'];

export const departmentListQuery: QuerySpec = { mode: 'list', criteria: [{ name: 'name', kind: 'string' }], sort: ['name'], attributes };
export const departmentGetQuery: QuerySpec = { mode: 'get', attributes };
/** POST answers the created item: default set plus `$attribute` (07 §1.4). */
export const departmentCreateQuery: QuerySpec = { mode: 'action', attributes };

const Token = Type.Optional(Type.Object({ date: Type.Optional(Type.String()) }));

export const DepartmentCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.Optional(B.text(4000)),
});
export type DepartmentCreate = Static<typeof DepartmentCreate>;

export const DepartmentEdit = editList(
  Type.Object({
    id: B.id(),
    name: Type.Optional(B.text(255)),
    description: Type.Optional(B.text(4000)),
    lastModified: Token,
  }),
);
export type DepartmentEdit = Static<typeof DepartmentEdit>;
