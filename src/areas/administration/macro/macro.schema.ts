// Query specs and request bodies of macros (07 §11). The schemas carry what the body alone decides (name syntax,
// lengths, required attributes: 400-152/400-153); the built-in names are refused by the service before the
// permission (body content, 01 §7.2); department and uniqueness need the database.
import { Type, type Static } from '@sinclair/typebox';
import { Err } from '../../../errors/app-error.ts';
import { B } from '../../../platform/body-schema.ts';
import { editList } from '../shared/admin-edit.ts';
import { activeStates, clearableEnum, DepartmentRef, LastModified, optionalEnum, orNull } from '../shared/body-parts.ts';
import type { QuerySpec } from '../../../query/spec.ts';

const attributes = ['created'];

export const macroListQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'department', kind: 'string' },
    { name: 'name', kind: 'string' },
    { name: 'state', kind: 'enum', values: activeStates },
  ],
  sort: ['name'],
  attributes,
};
export const macroGetQuery: QuerySpec = { mode: 'get', attributes };
export const macroCreateQuery: QuerySpec = { mode: 'action', attributes };

/**
 * The built-in macros of 05 §9.5. Macro lookup is case-insensitive (07 §11 rule 2), so a department macro may not
 * take one of these names in any letter case: it could never be expanded.
 */
export const builtInMacroNames = [
  'case_id',
  'activity_id',
  'customer_name',
  'customer_first_name',
  'customer_last_name',
  'agent_name',
  'agent_first_name',
  'agent_last_name',
  'department_name',
  'current_date',
] as const;

/** 1–64 of `[A-Za-z0-9_.]` (07 §11). */
const Name = Type.String({ pattern: '^[A-Za-z0-9_.]{1,64}$' });
/** ≤ 32,000 characters, inserted as is (07 §11). */
const Value = Type.String({ maxLength: 32000 });
const Description = orNull(B.text(4000));

export const MacroCreate = Type.Object({
  name: Name,
  description: Type.Optional(Description),
  value: Value,
  department: DepartmentRef,
  state: Type.Optional(orNull(optionalEnum(activeStates))),
});
export type MacroCreate = Static<typeof MacroCreate>;

/** `department` cannot be edited: not read (ignored as read-only, 07 §1.4). */
export const MacroEdit = editList(
  Type.Object({
    id: B.id(),
    name: Type.Optional(orNull(Type.String())),
    description: Type.Optional(Description),
    value: Type.Optional(orNull(Value)),
    state: Type.Optional(orNull(clearableEnum(activeStates))),
    lastModified: LastModified,
  }),
);
export type MacroEdit = Static<typeof MacroEdit>;

const namePattern = /^[A-Za-z0-9_.]{1,64}$/;
const builtIns = new Set<string>(builtInMacroNames);

/** A macro name: the syntax of 07 §11 and not a built-in name (any letter case); else 400-152 on `path`. */
export function checkMacroName(name: string, path: string): string {
  if (!namePattern.test(name) || builtIns.has(name.toLowerCase())) throw Err.invalidAttribute(path, name);
  return name;
}
