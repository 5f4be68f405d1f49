// Query specs and request bodies of the customer endpoints (03 §5, §7). The body schemas document the shape for
// OpenAPI and require an object; customer.input.ts reads the fields, so every error names the attribute as written.
import { Type } from '@sinclair/typebox';
import type { QuerySpec } from '../../query/spec.ts';
import { customerTypes } from './customer.vocabulary.ts';

/** 03 §5: optional groups, `custom` (alias `customAttributes`), and the default fields, which change nothing. */
const attributes = [
  'level', 'role', 'pin', 'howReferred', 'industry', 'marketSegment', 'entitlements', 'preferredAgent', 'created', 'custom', 'customAttributes',
  'id', 'customerName', 'type', 'contactPersons', 'department', 'lastModified', 'link', 'cases',
];

export const customerGetQuery: QuerySpec = { mode: 'get', attributes, customAttributes: 'customer' };
export const customerCreateQuery: QuerySpec = { mode: 'action', attributes, customAttributes: 'customer' };
export const customerSearchQuery: QuerySpec = {
  mode: 'search',
  criteria: [
    { name: 'email', kind: 'email' },
    { name: 'phone', kind: 'string' },
    { name: 'customerName', kind: 'string' },
    { name: 'type', kind: 'enum', values: customerTypes },
    { name: 'department', kind: 'id' },
    { name: 'createdDate', kind: 'instant' },
    { name: 'lastModifiedDate', kind: 'instant' },
  ],
  sort: ['customerName', 'type', 'createdDate', 'lastModifiedDate'],
  attributes,
  customAttributes: 'customer',
};

/** U7: `$attribute` is required and names descriptor groups (03 §7.6). */
export const metadataGroups = ['type', 'country', 'industry', 'level', 'role', 'howReferred', 'contactPersons', 'custom', 'customAttributes'];
export const customerMetadataQuery: QuerySpec = { mode: 'action', attributes: metadataGroups, customAttributes: 'customer', required: ['$attribute'] };

const any = (description: string) => Type.Optional(Type.Unknown({ description }));

export const CustomerBody = Type.Object(
  {
    id: any('edit: the customer to change'),
    type: any('{"value": "individual" | "group" | "corporate", "group": {…} | "corporate": {…}}'),
    customerName: any('group and corporate: 1–124 characters'),
    department: any('create: {"id"} or {"name"}; default the caller’s home department'),
    contactPersons: any('{"contactPerson": [{…, "contactPoints": {"contactPoint": [...]}}]}'),
    level: any('{"value"}'),
    role: any('{"value"}'),
    pin: any('at most 255 characters'),
    howReferred: any('{"value"}'),
    industry: any('{"value"}'),
    marketSegment: any('at most 255 characters'),
    entitlements: any('at most 4000 characters'),
    preferredAgent: any('{"user": {"id"}}'),
    customAttributes: any('{"customAttribute": [{"attribName", "attribValues": {"attribValue": [{"value"}]}}]}'),
    lastModified: any('edit: {"date"}, the concurrency token'),
  },
  { description: 'A customer (03 §4)' },
);

export const GrantBody = Type.Object({
  grantsOn: any('{"customer": [{"id"}]}: the grantors'),
  grantsTo: any('{"customer": [{"id"}]}: the grantees'),
});
