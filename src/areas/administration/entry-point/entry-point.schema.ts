// Query specs and request bodies of chat entry points (07 §8).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { B } from '../../../platform/body-schema.ts';
import { editList } from '../shared/admin-edit.ts';
import type { QuerySpec } from '../../../query/spec.ts';
import { weekdays } from './entry-point.hours.ts';

const attributes = ['created'];

export const entryPointListQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'department', kind: 'string' },
    { name: 'queue', kind: 'id' },
    { name: 'state', kind: 'enum', values: ['active', 'inactive'] },
    { name: 'name', kind: 'string' },
  ],
  sort: ['name'],
  attributes,
};
export const entryPointGetQuery: QuerySpec = { mode: 'get', attributes };
export const entryPointCreateQuery: QuerySpec = { mode: 'action', attributes };

/** Also null (JSON `null`, or an empty XML element read as null) where the value may be cleared. */
const orNull = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });

/** A weekday, compared case-insensitively and read in its lower-case spelling (01 §5.3). */
const Weekday = Type.Unsafe<string>({ anyOf: weekdays.map((d) => ({ type: 'string', const: d })), 'x-ece': 'enum' });

/** One interval; in XML `value`, `start` and `end` are attributes of `day`, which the XML reader reads like elements. */
const Day = Type.Object({ value: Weekday, start: Type.String(), end: Type.String() });

/** `{timeZone, day:[...]}` (07 §8); `day` is a body list (at most 75 items, 01 §13). */
const Hours = orNull(
  Type.Object({
    timeZone: Type.Optional(orNull(Type.String({ maxLength: 255 }))),
    day: Type.Optional(orNull(B.list(Day))),
  }),
);

const State = orNull(B.enumValue(['active', 'inactive']));
const Greeting = orNull(B.text(500));
const Description = orNull(B.text(4000));
const AgentAvailabilityRequired = orNull(B.bool());

export const EntryPointCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 255 }),
  description: Type.Optional(Description),
  /** By id, or by name (case-insensitive), as the list filter takes it. */
  department: Type.Object({ id: Type.Optional(B.id()), name: Type.Optional(B.text(255)) }),
  queue: Type.Object({ id: B.id() }),
  state: Type.Optional(State),
  agentAvailabilityRequired: Type.Optional(AgentAvailabilityRequired),
  hours: Type.Optional(Hours),
  greeting: Type.Optional(Greeting),
});
export type EntryPointCreate = Static<typeof EntryPointCreate>;

export const EntryPointEdit = editList(
  Type.Object({
    id: B.id(),
    name: Type.Optional(orNull(B.text(255))),
    description: Type.Optional(Description),
    queue: Type.Optional(orNull(Type.Object({ id: B.id() }))),
    state: Type.Optional(State),
    agentAvailabilityRequired: Type.Optional(AgentAvailabilityRequired),
    hours: Type.Optional(Hours),
    greeting: Type.Optional(Greeting),
    lastModified: Type.Optional(Type.Object({ date: Type.Optional(Type.String()) })),
  }),
);
export type EntryPointEdit = Static<typeof EntryPointEdit>;
