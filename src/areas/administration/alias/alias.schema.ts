// Query specs and request bodies of email aliases (07 §9). The schemas carry what the body alone decides (types,
// lengths, required attributes: 400-152/400-153); the address syntax is checked by the service before the
// permission (body content, 01 §7.2), what needs the database (department, queue, uniqueness) inside the write.
import { Type, type Static } from '@sinclair/typebox';
import { Err } from '../../../errors/app-error.ts';
import { B } from '../../../platform/body-schema.ts';
import { editList } from '../shared/admin-edit.ts';
import { activeStates, clearableEnum, DepartmentRef, IdRef, LastModified, optionalEnum, orNull } from '../shared/body-parts.ts';
import type { QuerySpec } from '../../../query/spec.ts';

const attributes = ['created'];

export const aliasListQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'department', kind: 'string' },
    { name: 'state', kind: 'enum', values: activeStates },
    { name: 'emailAddress', kind: 'email' },
    { name: 'queue', kind: 'id' },
  ],
  sort: ['name'],
  attributes,
};
export const aliasGetQuery: QuerySpec = { mode: 'get', attributes };
export const aliasCreateQuery: QuerySpec = { mode: 'action', attributes };

export const AliasCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  emailAddress: Type.String({ minLength: 1 }),
  displayName: Type.Optional(orNull(B.text(255))),
  department: DepartmentRef,
  queue: IdRef,
  state: Type.Optional(orNull(optionalEnum(activeStates))),
});
export type AliasCreate = Static<typeof AliasCreate>;

/** `department` cannot be edited: not read (ignored as read-only, 07 §1.4). */
export const AliasEdit = editList(
  Type.Object({
    id: B.id(),
    name: Type.Optional(orNull(B.text(255))),
    emailAddress: Type.Optional(orNull(Type.String())),
    displayName: Type.Optional(orNull(B.text(255))),
    queue: Type.Optional(orNull(IdRef)),
    state: Type.Optional(orNull(clearableEnum(activeStates))),
    lastModified: LastModified,
  }),
);
export type AliasEdit = Static<typeof AliasEdit>;

/** One `@`, a non-empty local part, a domain with a dot and non-empty labels, no whitespace (as 03 §4.3). */
const addressPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * An alias address as sent: trimmed (03 B3); at most 254 characters (RFC 5321 path limit), one `@`, a non-empty
 * local part and a dotted domain, no whitespace; else 400-152 on `path`.
 */
export function readAddress(value: string, path: string): string {
  const address = value.trim();
  if ([...address].length > 254 || !addressPattern.test(address)) throw Err.invalidAttribute(path, value);
  return address;
}
