// Query specs and request bodies of workflows (07 §10). The schemas carry what the body alone decides (types, ranges,
// required attributes: 400-152/400-153); the rules across fields (exactly one route, one priority action, at least one
// action, addresses) are read by workflow.input.ts before the permission check (01 §7.2); references need the database.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { B } from '../../../platform/body-schema.ts';
import { editList } from '../shared/admin-edit.ts';
import { activeStates, clearableEnum, DepartmentRef, IdRef, LastModified, optionalEnum, orNull } from '../shared/body-parts.ts';
import type { QuerySpec } from '../../../query/spec.ts';

export const workflowKinds = ['inbound', 'outbound', 'alarm'] as const;
export type WorkflowKind = (typeof workflowKinds)[number];

/** The JSON list key of each kind (07 §1.3); the XML root is its plural. */
export const workflowKeys: Record<WorkflowKind, string> = { inbound: 'inboundWorkflow', outbound: 'outboundWorkflow', alarm: 'alarmWorkflow' };

const attributes = ['created'];

export const workflowListQuery: QuerySpec = {
  mode: 'list',
  criteria: [
    { name: 'department', kind: 'string' },
    { name: 'state', kind: 'enum', values: activeStates },
  ],
  sort: ['order', 'name'],
  defaultSort: 'order',
  attributes,
};
export const workflowGetQuery: QuerySpec = { mode: 'get', attributes };
export const workflowCreateQuery: QuerySpec = { mode: 'action', attributes };

/** Alarm events (07 §10.3): filter `activity`; newest first (`$sort=id` is also accepted, as on every paged list). */
export const alarmEventListQuery: QuerySpec = { mode: 'list', criteria: [{ name: 'activity', kind: 'id' }], defaultSort: 'firedAt' };
/** The evaluation takes no parameter. */
export const alarmEvaluateQuery: QuerySpec = { mode: 'action' };

// ---------------------------------------------------------------------------------------------------------------
// Condition and action parts
// ---------------------------------------------------------------------------------------------------------------

/** `{"<item>": [ … ]}`: a list wrapper of at most 75 items (a single item is read as a list of one, 01 §3.2). */
const listOf = <T extends TSchema>(item: string, of: T) => Type.Object({ [item]: Type.Optional(B.list(of)) });

/** `{"keyword": ["…", …]}` (07 §10); XML repeated `<keyword>`. */
export const Keywords = listOf('keyword', Type.String({ maxLength: 255 }));
export type KeywordsInput = Static<typeof Keywords>;

const Refs = (item: string) => listOf(item, IdRef);

/** `{customAttribute: [{attribName, attribValues: {attribValue: [{value}]}}]}` (01 §5.6). */
const CustomerAttributes = listOf(
  'customAttribute',
  Type.Object({
    attribName: Type.String({ minLength: 1, maxLength: 64 }),
    attribValues: Type.Optional(orNull(listOf('attribValue', Type.Object({ value: Type.Optional(orNull(Type.String({ maxLength: 4000 }))) })))),
  }),
);
export type CustomerAttributesInput = Static<typeof CustomerAttributes>;

const Priority = B.int({ minimum: 1, maximum: 10 });
const Minutes = B.int({ minimum: 0, maximum: 2147483647 });

export const alarmTypes = ['email', 'chat'] as const;
export const alarmStatuses = ['awaiting_assignment', 'assigned'] as const;

export const InboundConditions = Type.Object({
  aliases: Type.Optional(orNull(Refs('alias'))),
  subjectKeywords: Type.Optional(orNull(Keywords)),
  bodyKeywords: Type.Optional(orNull(Keywords)),
  customerAttributes: Type.Optional(orNull(CustomerAttributes)),
});
export const InboundActions = Type.Object({
  route: Type.Optional(orNull(Type.Object({ queue: Type.Optional(orNull(IdRef)), user: Type.Optional(orNull(IdRef)) }))),
  priority: Type.Optional(orNull(Priority)),
});

export const OutboundConditions = Type.Object({
  aliases: Type.Optional(orNull(Refs('alias'))),
  queues: Type.Optional(orNull(Refs('queue'))),
  subjectKeywords: Type.Optional(orNull(Keywords)),
});
export const OutboundActions = Type.Object({
  appendMessage: Type.Optional(orNull(Type.Object({ message: Type.Optional(orNull(IdRef)) }))),
  bcc: Type.Optional(orNull(listOf('address', Type.String({ maxLength: 320 })))),
});

export const AlarmConditions = Type.Object({
  queues: Type.Optional(orNull(Refs('queue'))),
  types: Type.Optional(orNull(listOf('type', B.enumValue(alarmTypes)))),
  statuses: Type.Optional(orNull(listOf('status', B.enumValue(alarmStatuses)))),
  waitingMinutes: Type.Optional(orNull(Minutes)),
  priorityAtMost: Type.Optional(orNull(Priority)),
});
export const AlarmActions = Type.Object({
  setPriority: Type.Optional(orNull(Priority)),
  raisePriorityBy: Type.Optional(orNull(B.int({ minimum: 1, maximum: 9 }))),
  transferToQueue: Type.Optional(orNull(IdRef)),
  notify: Type.Optional(orNull(Type.Object({ users: Type.Optional(orNull(Refs('user'))), groups: Type.Optional(orNull(Refs('group'))) }))),
});

export type InboundConditionsInput = Static<typeof InboundConditions>;
export type InboundActionsInput = Static<typeof InboundActions>;
export type OutboundConditionsInput = Static<typeof OutboundConditions>;
export type OutboundActionsInput = Static<typeof OutboundActions>;
export type AlarmConditionsInput = Static<typeof AlarmConditions>;
export type AlarmActionsInput = Static<typeof AlarmActions>;

const parts = {
  inbound: { conditions: InboundConditions, actions: InboundActions },
  outbound: { conditions: OutboundConditions, actions: OutboundActions },
  alarm: { conditions: AlarmConditions, actions: AlarmActions },
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------------------------------------------

const Order = B.int({ minimum: 1, maximum: 2147483647 });

/** A create body of one kind. `conditions` and `actions` are checked further by workflow.input.ts. */
export function workflowCreate(kind: WorkflowKind) {
  return Type.Object({
    name: Type.String({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(orNull(B.text(4000))),
    department: DepartmentRef,
    state: Type.Optional(orNull(optionalEnum(activeStates))),
    order: Type.Optional(orNull(Order)),
    conditions: Type.Optional(orNull(parts[kind].conditions)),
    actions: Type.Optional(orNull(parts[kind].actions)),
  });
}

/** An edit body of one kind: `department` cannot be edited (not read, 07 §1.4); `conditions`/`actions` replace. */
export function workflowEdit(kind: WorkflowKind) {
  return editList(
    Type.Object({
      id: B.id(),
      name: Type.Optional(orNull(B.text(255))),
      description: Type.Optional(orNull(B.text(4000))),
      state: Type.Optional(orNull(clearableEnum(activeStates))),
      order: Type.Optional(orNull(Order)),
      conditions: Type.Optional(orNull(parts[kind].conditions)),
      actions: Type.Optional(orNull(parts[kind].actions)),
      lastModified: LastModified,
    }),
  );
}

type AnyConditions = InboundConditionsInput & OutboundConditionsInput & AlarmConditionsInput;
type AnyActions = InboundActionsInput & OutboundActionsInput & AlarmActionsInput;

/** The fields of a create body, whatever the kind (each kind's schema admits only its own parts). */
export type WorkflowCreate = {
  name: string;
  description?: string | null | undefined;
  department: { id?: string | undefined; name?: string | undefined };
  state?: { value?: string | undefined } | null | undefined;
  order?: number | null | undefined;
  conditions?: Partial<AnyConditions> | null | undefined;
  actions?: Partial<AnyActions> | null | undefined;
};

export type WorkflowEditItem = {
  id: string;
  name?: string | null | undefined;
  description?: string | null | undefined;
  state?: { value?: string | undefined } | null | undefined;
  order?: number | null | undefined;
  conditions?: Partial<AnyConditions> | null | undefined;
  actions?: Partial<AnyActions> | null | undefined;
  lastModified?: { date?: string | undefined } | undefined;
};
