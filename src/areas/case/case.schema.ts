// Query specs, vocabulary and body schemas of the case endpoints (04 §2, §5, §7). The body schemas document the shape
// for OpenAPI and require an object; case.input.ts reads the fields, so every error names the attribute as written.
import { Type } from '@sinclair/typebox';
import type { Labels } from '../../representation/shape.ts';
import type { CriterionSpec, QuerySpec } from '../../query/spec.ts';

export const caseStatuses = ['open', 'closed'] as const;
export const severities = ['urgent', 'high', 'medium', 'low'] as const;
export const channels = ['email', 'chat', 'social', 'calltrack', 'task'] as const;

/** 04 §2, en-US and es-ES. */
export const statusLabels: Labels = {
  open: { 'en-US': 'Open', 'es-ES': 'Abierto' },
  closed: { 'en-US': 'Closed', 'es-ES': 'Cerrado' },
};
export const severityLabels: Labels = {
  urgent: { 'en-US': 'Urgent', 'es-ES': 'Urgente' },
  high: { 'en-US': 'High', 'es-ES': 'Alta' },
  medium: { 'en-US': 'Medium', 'es-ES': 'Media' },
  low: { 'en-US': 'Low', 'es-ES': 'Baja' },
};
export const channelLabels: Labels = {
  email: { 'en-US': 'Email', 'es-ES': 'Correo electrónico' },
  chat: { 'en-US': 'Chat', 'es-ES': 'Chat' },
  social: { 'en-US': 'Social', 'es-ES': 'Social' },
  calltrack: { 'en-US': 'Call track', 'es-ES': 'Registro de llamada' },
  task: { 'en-US': 'Task', 'es-ES': 'Tarea' },
};

/** 04 §5: optional groups, `custom` (alias `customAttributes`), and the default fields, which change nothing. */
export const optionalGroups = ['description', 'solution', 'relatedCases', 'originatingChannel', 'notes', 'created', 'lastClosed'] as const;
const attributes = [
  ...optionalGroups,
  'custom',
  'customAttributes',
  'id',
  'link',
  'activities',
  'department',
  'status',
  'severity',
  'subject',
  'customer',
  'owner',
  'dueDate',
  'lastModified',
];

/** The criteria of 04 §7.2 (K2 in the query string, K9 in the body). */
export const caseCriteria: readonly CriterionSpec[] = [
  { name: 'customer', kind: 'id' },
  { name: 'email', kind: 'email' },
  { name: 'phone', kind: 'string' },
  { name: 'status', kind: 'enum', values: caseStatuses },
  { name: 'owner', kind: 'id' },
  { name: 'ownerLoginId', kind: 'string' },
  { name: 'severity', kind: 'enum', values: severities },
  { name: 'department', kind: 'id' },
  { name: 'createdDate', kind: 'instant' },
  { name: 'lastModifiedDate', kind: 'instant' },
  { name: 'lastClosedDate', kind: 'instant' },
  { name: 'dueDate', kind: 'instant' },
];
const sort = ['createdDate', 'lastModifiedDate', 'dueDate'];

export const caseGetQuery: QuerySpec = { mode: 'get', attributes, customAttributes: 'case' };
export const caseSearchQuery: QuerySpec = { mode: 'search', criteria: caseCriteria, sort, attributes, customAttributes: 'case' };
/**
 * K9: paged, criteria in the body. Without `customAttributes` a `custom.<name>` query parameter is 400-101 and the
 * `$attribute=custom.<name>` names are checked by the service against the case definitions (400-102).
 */
export const caseLookupQuery: QuerySpec = { mode: 'list', sort, attributes };

const any = (description: string) => Type.Optional(Type.Unknown({ description }));

export const CaseBody = Type.Object(
  {
    id: any('K3: the case to change'),
    lastModified: any('{"date"}: the concurrency token'),
    dueDate: any('a future date-time; null or "" clears'),
    owner: any('{"user": {"id"}}; {}, "" or null clears'),
    severity: any('{"value": "urgent" | "high" | "medium" | "low"}; required, cannot be cleared'),
    subject: any('at most 1024 characters; null or "" clears'),
    description: any('at most 1024 characters; null or "" clears'),
    solution: any('at most 1024 characters; null or "" clears'),
    relatedCases: any('{"link": [{"href"} | {"id"}], "unlink": [...]}'),
    customAttributes: any('{"customAttribute": [{"attribName", "attribValues": {"attribValue": [{"value"}]}}]}'),
    customer: any('K5: {"id"}'),
  },
  { description: 'A case (04 §4)' },
);

export const LookupBody = Type.Object(
  {
    ...Object.fromEntries(caseCriteria.map((c) => [c.name, any(`K2 criterion ${c.name}, as a string`)])),
    customAttributes: any('{"customAttribute": [...]}, one value each'),
  },
  { description: 'Case lookup criteria (04 §7.6)' },
);
