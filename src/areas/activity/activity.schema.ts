// Query specs of the activity reads (05 §5.5, §9.1, §9.2).
import type { QuerySpec } from '../../query/spec.ts';
import { activityTypes, substatuses } from './status-machine.ts';

/** 05 §5.5: optional groups, `custom` (alias `customAttributes`), and the default fields, which change nothing. */
const attributes = [
  'payload', 'contactPointData', 'created', 'completed', 'userLastWorked', 'attachments', 'notes', 'custom', 'customAttributes',
  'id', 'link', 'case', 'department', 'mode', 'type', 'status', 'queue', 'subject', 'priority', 'dueDate', 'language', 'isSecure', 'customer', 'lastModified',
];

/** The payload parameters of V1 (§9.1); they need exactly one id. */
export const payloadParameters = ['embedInlineAttachment', 'payloadVersion', 'transcriptDatetimeFormat', 'timeOffset'];

export const activityGetQuery: QuerySpec = {
  mode: 'get',
  attributes,
  customAttributes: 'activity',
  criteria: [
    { name: 'embedInlineAttachment', kind: 'boolean' },
    { name: 'payloadVersion', kind: 'enum', values: ['external', 'internal'] },
    { name: 'transcriptDatetimeFormat', kind: 'string' },
    { name: 'timeOffset', kind: 'string' },
  ],
};

export const activitySearchQuery: QuerySpec = {
  mode: 'search',
  criteria: [
    { name: 'customer', kind: 'id' },
    { name: 'case', kind: 'id' },
    { name: 'status', kind: 'status', statuses: substatuses },
    { name: 'mode', kind: 'enum', values: ['inbound', 'outbound'] },
    { name: 'type', kind: 'enum', values: activityTypes },
    { name: 'assignedTo', kind: 'id' },
    { name: 'assignedUserName', kind: 'string' },
    { name: 'queue', kind: 'id' },
    { name: 'department', kind: 'id' },
    { name: 'createdDate', kind: 'instant' },
    { name: 'lastModifiedDate', kind: 'instant' },
    { name: 'completionDate', kind: 'instant' },
  ],
  notEnough: ['type'],
  sort: ['createdDate', 'lastModifiedDate', 'completionDate'],
  attributes,
  customAttributes: 'activity',
};
