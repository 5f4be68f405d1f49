// Query specs and request bodies of queues (07 §7). The schemas carry what the body alone decides (types, lengths,
// ranges, required attributes: 400-152/400-153); what needs the database (department, members) or the stored queue
// (clearing a required field on edit) is checked by the service.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { B } from '../../../platform/body-schema.ts';
import { editList } from '../shared/admin-edit.ts';
import type { QuerySpec } from '../../../query/spec.ts';

export const queueStates = ['active', 'inactive'] as const;
export const queueChannels = ['email', 'chat'] as const;
export type QueueChannel = (typeof queueChannels)[number];

const attributes = ['members', 'created'];

export const queueListQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'department', kind: 'string' },
    { name: 'channel', kind: 'enum', values: queueChannels },
    { name: 'state', kind: 'enum', values: queueStates },
    { name: 'name', kind: 'string' },
    { name: 'user', kind: 'id' },
  ],
  sort: ['name'],
  attributes,
};
export const queueGetQuery: QuerySpec = { mode: 'get', attributes };
export const queueCreateQuery: QuerySpec = { mode: 'action', attributes };
/** Live figures (07 §7.2): no `$attribute`, no paging. */
export const queueDetailsQuery: QuerySpec = { mode: 'get' };

/** Also null (JSON `null`; an empty XML element or `xsi:nil`): "absent" on create, "clear" on edit (01 §3.2). */
const orNull = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });

/**
 * An optional enumeration: `value` is optional so that an empty value (`{"value":""}`) is an invalid value (400-152),
 * not a missing one (01 §5.3).
 */
const optionalEnum = <T extends string>(values: readonly T[]) =>
  Type.Object({ value: Type.Optional(Type.Unsafe<T>({ anyOf: values.map((v) => ({ type: 'string', const: v })), 'x-ece': 'enum' })) });

/** On edit an empty value (`{"value":""}`, `<value/>`) clears an optional enumeration (01 §5.3): also accepted. */
const clearableEnum = <T extends string>(values: readonly T[]) =>
  Type.Object({ value: Type.Optional(Type.Unsafe<T | ''>({ anyOf: [...values, ''].map((v) => ({ type: 'string', const: v })), 'x-ece': 'enum' })) });

const Ref = Type.Object({ id: B.id() });

/** `{"users": {"user": [{"id"}]}, "groups": {"group": [{"id"}]}}`; each list present replaces (07 §7.1). */
const Members = Type.Object({
  users: Type.Optional(orNull(Type.Object({ user: Type.Optional(Type.Array(Ref)) }))),
  groups: Type.Optional(orNull(Type.Object({ group: Type.Optional(Type.Array(Ref)) }))),
});
export type MembersInput = Static<typeof Members> | null | undefined;

/** `{"channel": [{"value": "chat"}]}`: at least one on create (an empty list is missing: 400-153). */
const ChannelsRequired = Type.Object({ channel: Type.Array(B.enumValue(queueChannels), { minItems: 1 }) });
/** On edit the service refuses an empty or cleared list (400-152: a required field cannot be cleared). */
const ChannelsEdit = orNull(Type.Object({ channel: Type.Optional(Type.Array(B.enumValue(queueChannels))) }));

const Depth = B.int({ minimum: 0, maximum: 10000 });

export const QueueCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.Optional(orNull(B.text(4000))),
  /** By id, or by name (case-insensitive), as for user groups. */
  department: Type.Object({ id: Type.Optional(B.id()), name: Type.Optional(B.text(255)) }),
  state: Type.Optional(orNull(optionalEnum(queueStates))),
  channels: ChannelsRequired,
  maxQueueDepth: Type.Optional(orNull(Depth)),
  members: Type.Optional(orNull(Members)),
});
export type QueueCreate = Static<typeof QueueCreate>;

/** `department` cannot be edited: not read (ignored as read-only, 07 §1.4). */
export const QueueEdit = editList(
  Type.Object({
    id: B.id(),
    name: Type.Optional(B.text(255)),
    description: Type.Optional(orNull(B.text(4000))),
    /** Cleared (null, `""`, `{}`, an empty value) → the default `active`. */
    state: Type.Optional(orNull(clearableEnum(queueStates))),
    channels: Type.Optional(ChannelsEdit),
    maxQueueDepth: Type.Optional(orNull(Depth)),
    members: Type.Optional(orNull(Members)),
    lastModified: Type.Optional(Type.Object({ date: Type.Optional(Type.String()) })),
  }),
);
export type QueueEdit = Static<typeof QueueEdit>;
