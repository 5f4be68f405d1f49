// Body schema parts of the administration resources with a `state` enumeration, a department and optional fields
// that may be cleared (07 §1.4, 01 §3.2, §5.3). Used by email aliases, macros and standard messages.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { B } from '../../../platform/body-schema.ts';

/** The `state` values of 07 §1.4. */
export const activeStates = ['active', 'inactive'] as const;

/** Also null (JSON `null`; an empty XML element or `xsi:nil`): "absent" on create, "clear" on edit (01 §3.2). */
export const orNull = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });

const enumSchema = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ anyOf: values.map((v) => ({ type: 'string', const: v })), 'x-ece': 'enum' });

/**
 * An optional enumeration of a create body: `value` is optional so that `{}` is "absent", while an empty value
 * (`{"value":""}`) is an invalid value (400-152), not a missing one (01 §5.3).
 */
export const optionalEnum = <T extends string>(values: readonly T[]) => Type.Object({ value: Type.Optional(enumSchema(values)) });

/** An optional enumeration of an edit body: an empty value (`{"value":""}`, `<value/>`) clears it (01 §3.2). */
export const clearableEnum = <T extends string>(values: readonly T[]) =>
  Type.Object({ value: Type.Optional(Type.Unsafe<T | ''>({ anyOf: [...values, ''].map((v) => ({ type: 'string', const: v })), 'x-ece': 'enum' })) });

/** A department named in a create body: by id, or by name (case-insensitive), as for groups and queues. */
export const DepartmentRef = Type.Object({ id: Type.Optional(B.id()), name: Type.Optional(B.text(255)) });

/** A reference by id (`{"id": "…"}`, XML `<x id="…"/>`). */
export const IdRef = Type.Object({ id: B.id() });

/** The concurrency token of an edit item (01 §12). */
export const LastModified = Type.Optional(Type.Object({ date: Type.Optional(Type.String()) }));

/** The `state` of an edit item, read: absent → unchanged; cleared (null, `{}`, an empty value) → the default `active`. */
export const editedState = (state: { value?: string | undefined } | null | undefined): string | undefined =>
  state === undefined ? undefined : state?.value || 'active';

/** An optional text of an edit item: absent → unchanged; null or empty → cleared. */
export const editedText = (value: string | null | undefined): string | null | undefined => (value === undefined ? undefined : value === null || value === '' ? null : value);
