// The custom attribute definition resource on the wire (07 §13, namespaces 07 §1.3): every element in the resource
// namespace, the enumerations' value/displayValue in common.
import { NS } from '../../../representation/namespaces.ts';
import { f, resource, shape } from '../../../representation/shape.ts';
import { enumeration, timestamp } from '../../../representation/common-shapes.ts';
import type { UserRef } from '../../../authz/actor.ts';
import { activeStateLabels, stamp } from '../common.ts';
import type { DefinitionRow } from './custom-attribute.queries.ts';

const CA_NS = NS.administration('customattribute');

export const objectTypeLabels = {
  customer: { 'en-US': 'Customer', 'es-ES': 'Cliente' },
  case: { 'en-US': 'Case', 'es-ES': 'Caso' },
  activity: { 'en-US': 'Activity', 'es-ES': 'Actividad' },
} as const;

export const dataTypeLabels = {
  string: { 'en-US': 'Text', 'es-ES': 'Texto' },
  integer: { 'en-US': 'Integer', 'es-ES': 'Entero' },
  decimal: { 'en-US': 'Decimal', 'es-ES': 'Decimal' },
  date: { 'en-US': 'Date', 'es-ES': 'Fecha' },
  boolean: { 'en-US': 'Yes-no', 'es-ES': 'Sí-no' },
} as const;

const allowedValueShape = shape(CA_NS, { value: f.text(), label: f.text() });

export const customAttributeShape = resource(
  'customAttributeDefinition',
  CA_NS,
  {
    id: f.id(),
    link: f.link(),
    objectType: enumeration(objectTypeLabels),
    name: f.text(),
    displayName: f.text(),
    dataType: enumeration(dataTypeLabels),
    maxLength: f.number(),
    minimum: f.text(),
    maximum: f.text(),
    enumerated: f.boolean(),
    values: f.list('allowedValue', f.object(allowedValueShape), CA_NS),
    multiValued: f.boolean(),
    unique: f.boolean(),
    state: enumeration(activeStateLabels),
    lastModified: timestamp(),
    created: timestamp(),
  },
  'customAttributeDefinitions',
);

export const customAttributeHref = (id: bigint | string) => `/system/ws/v12/administration/customattribute/${id}`;

export function presentCustomAttribute(row: DefinitionRow, refs: Map<string, UserRef>, withCreated: boolean) {
  return {
    id: row.id,
    link: { rel: 'self', href: customAttributeHref(row.id) },
    objectType: row.objectType,
    name: row.name,
    displayName: row.displayName,
    dataType: row.dataType,
    maxLength: row.maxLength ?? undefined,
    minimum: row.minimum,
    maximum: row.maximum,
    enumerated: row.enumerated,
    values: row.allowedValues.length ? { allowedValue: row.allowedValues.map((v) => ({ value: v.value, label: v.label })) } : undefined,
    multiValued: row.multiValued,
    unique: row.unique,
    state: row.state,
    lastModified: stamp(row.lastModifiedAt, row.lastModifiedById, refs),
    created: withCreated ? stamp(row.createdAt, row.createdById, refs) : undefined,
  };
}
