// Query specs and request bodies of custom attribute definitions (07 §13). The schemas carry what the body alone
// decides (types, lengths, required attributes: 400-152/400-153); the rules between fields (maxLength only for
// strings, bounds only for numbers, values only when enumerated, each value valid for the data type) are checked by
// the service, which knows the stored definition on edit.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { B } from '../../../platform/body-schema.ts';
import { editList } from '../shared/admin-edit.ts';
import type { QuerySpec } from '../../../query/spec.ts';
import { dataTypes, objectTypes } from '../../custom-attributes/definition.ts';

export const states = ['active', 'inactive'] as const;

const attributes = ['created'];

export const customAttributeListQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'objectType', kind: 'enum', values: objectTypes },
    { name: 'name', kind: 'string' },
    { name: 'state', kind: 'enum', values: states },
  ],
  sort: ['name'],
  attributes,
};
export const customAttributeGetQuery: QuerySpec = { mode: 'get', attributes };
export const customAttributeCreateQuery: QuerySpec = { mode: 'action', attributes };

/** Also null (JSON `null`; an empty XML element or `xsi:nil`): "absent" on create, "clear" on edit (01 §3.2). */
const orNull = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });

/**
 * An optional enumeration: `value` is optional so that an empty value (`{"value":""}`) is an invalid value (400-152),
 * not a missing one (01 §5.3).
 */
const optionalEnum = <T extends string>(values: readonly T[]) =>
  Type.Object({ value: Type.Optional(Type.Unsafe<T>({ anyOf: values.map((v) => ({ type: 'string', const: v })), 'x-ece': 'enum' })) });

/** `name`, the attribName (07 §13, 03 §2.7). */
export const NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,63}$';

/** `{"allowedValue": [{"value", "label"}]}`; the list has no cap of its own (the body limit applies). */
const Values = Type.Object({
  allowedValue: Type.Optional(
    Type.Array(
      Type.Object({
        value: Type.String({ minLength: 1, maxLength: 255 }),
        label: Type.Optional(orNull(B.text(255))),
      }),
    ),
  ),
});
export type ValuesInput = Static<typeof Values> | null | undefined;

/** A bound: a number in its text form (a JSON number is read as its text, 01 §3.2). */
const Bound = orNull(B.text(64));

export const CustomAttributeCreate = Type.Object({
  objectType: B.enumValue(objectTypes),
  name: Type.String({ pattern: NAME_PATTERN }),
  displayName: Type.Optional(orNull(B.text(255))),
  dataType: B.enumValue(dataTypes),
  maxLength: Type.Optional(orNull(B.int({ minimum: 1, maximum: 4000 }))),
  minimum: Type.Optional(Bound),
  maximum: Type.Optional(Bound),
  enumerated: Type.Optional(orNull(B.bool())),
  values: Type.Optional(orNull(Values)),
  multiValued: Type.Optional(orNull(B.bool())),
  unique: Type.Optional(orNull(B.bool())),
  state: Type.Optional(orNull(optionalEnum(states))),
});
export type CustomAttributeCreate = Static<typeof CustomAttributeCreate>;

/** `objectType`, `name`, `dataType` and `enumerated` cannot be edited: not read (ignored as read-only, 07 §1.4). */
export const CustomAttributeEdit = editList(
  Type.Object({
    id: B.id(),
    displayName: Type.Optional(orNull(B.text(255))),
    maxLength: Type.Optional(orNull(B.int({ minimum: 1, maximum: 4000 }))),
    minimum: Type.Optional(Bound),
    maximum: Type.Optional(Bound),
    values: Type.Optional(orNull(Values)),
    multiValued: Type.Optional(orNull(B.bool())),
    unique: Type.Optional(orNull(B.bool())),
    state: Type.Optional(orNull(optionalEnum(states))),
    lastModified: Type.Optional(Type.Object({ date: Type.Optional(Type.String()) })),
  }),
);
export type CustomAttributeEdit = Static<typeof CustomAttributeEdit>;
