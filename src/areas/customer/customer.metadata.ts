// U7 customer attribute metadata (03 §7.6): descriptors of the built-in enumerations and of the active customer
// custom attributes, in the order of the spec's table, custom ones by name.
import { authorize } from '../../authz/permissions.ts';
import { Err } from '../../errors/app-error.ts';
import type { Lang } from '../../errors/catalogue.ts';
import type { ParsedQuery } from '../../query/parse.ts';
import { NS } from '../../representation/namespaces.ts';
import { f, resource, shape, type Labels } from '../../representation/shape.ts';
import type { AttributeDefinition } from '../custom-attributes/definition.ts';
import { DEFAULT_MAX_LENGTH } from '../custom-attributes/normalise.ts';
import type { ServiceContext } from '../service-context.ts';
import {
  contactPointKindLabels,
  countryCodes,
  customerTypeLabels,
  employmentStatusLabels,
  genderLabels,
  maritalStatusLabels,
  phoneTypeLabels,
  postalTypeLabels,
  priorityLabels,
  socialTypeLabels,
  suffixLabels,
  valueListLabels,
} from './customer.vocabulary.ts';

const CUS = NS.customer;
export const attributeShape = resource('attribute', CUS, {
  name: f.text(),
  displayName: f.text(),
  dataType: f.text(),
  enumerated: f.boolean(),
  multiValued: f.boolean(),
  maxLength: f.number(),
  minimum: f.number(),
  maximum: f.number(),
  values: f.object(shape(CUS, { value: f.array(f.object(shape(NS.common, { value: f.text(), displayValue: f.text() }))) })),
});

type Texts = Record<Lang, string>;
const t = (en: string, es: string): Texts => ({ 'en-US': en, 'es-ES': es });

const countryNames = { 'en-US': new Intl.DisplayNames(['en-US'], { type: 'region' }), 'es-ES': new Intl.DisplayNames(['es-ES'], { type: 'region' }) };
const countryLabels: Labels = Object.fromEntries(countryCodes.map((c) => [c, { 'en-US': countryNames['en-US'].of(c)!, 'es-ES': countryNames['es-ES'].of(c)! }]));

type Builtin = { name: string; displayName: Texts; labels?: Labels; maxLength?: number };

const builtins: Record<string, Builtin[]> = {
  type: [
    { name: 'type', displayName: t('Customer type', 'Tipo de cliente'), labels: customerTypeLabels },
    { name: 'type.group.type', displayName: t('Group type', 'Tipo de grupo'), labels: valueListLabels.groupType },
    { name: 'type.group.region', displayName: t('Region', 'Región'), labels: valueListLabels.region },
    { name: 'type.corporate.region', displayName: t('Region', 'Región'), labels: valueListLabels.region },
  ],
  country: [{ name: 'country', displayName: t('Country', 'País'), labels: countryLabels }],
  industry: [{ name: 'industry', displayName: t('Industry', 'Sector'), labels: valueListLabels.industry }],
  level: [{ name: 'level', displayName: t('Level', 'Nivel'), labels: valueListLabels.level }],
  role: [{ name: 'role', displayName: t('Role', 'Rol'), labels: valueListLabels.role }],
  howReferred: [{ name: 'howReferred', displayName: t('How referred', 'Cómo nos conoció'), labels: valueListLabels.howReferred }],
  contactPersons: [
    { name: 'contactPerson.salutation', displayName: t('Salutation', 'Tratamiento'), maxLength: 50 },
    { name: 'contactPerson.suffix', displayName: t('Suffix', 'Sufijo'), labels: suffixLabels },
    { name: 'contactPerson.gender', displayName: t('Gender', 'Sexo'), labels: genderLabels },
    { name: 'contactPerson.maritalStatus', displayName: t('Marital status', 'Estado civil'), labels: maritalStatusLabels },
    { name: 'contactPerson.employmentStatus', displayName: t('Employment status', 'Situación laboral'), labels: employmentStatusLabels },
    { name: 'contactPerson.type', displayName: t('Contact person type', 'Tipo de contacto'), labels: valueListLabels.contactPersonType },
    { name: 'contactPerson.identification.type', displayName: t('Identification type', 'Tipo de identificación'), labels: valueListLabels.identificationType },
    { name: 'contactPoint.type', displayName: t('Contact point type', 'Tipo de punto de contacto'), labels: contactPointKindLabels },
    { name: 'contactPoint.priority', displayName: t('Priority', 'Prioridad'), labels: priorityLabels },
    { name: 'contactPoint.phone.type', displayName: t('Phone type', 'Tipo de teléfono'), labels: phoneTypeLabels },
    { name: 'contactPoint.postal.type', displayName: t('Address type', 'Tipo de dirección'), labels: postalTypeLabels },
    { name: 'contactPoint.social.type', displayName: t('Social network', 'Red social'), labels: socialTypeLabels },
  ],
};

function builtinDescriptor(b: Builtin, lang: Lang) {
  return {
    name: b.name,
    displayName: b.displayName[lang],
    dataType: 'string',
    enumerated: b.labels !== undefined,
    multiValued: false,
    maxLength: b.maxLength,
    values: b.labels ? { value: Object.entries(b.labels).map(([value, l]) => ({ value, displayValue: l[lang] })) } : undefined,
  };
}

function customDescriptor(d: AttributeDefinition) {
  return {
    name: `custom.${d.name}`,
    displayName: d.displayName,
    dataType: d.dataType,
    enumerated: d.enumerated,
    multiValued: d.multiValued,
    maxLength: d.dataType === 'string' ? (d.maxLength ?? DEFAULT_MAX_LENGTH) : undefined,
    minimum: d.minimum ?? undefined,
    maximum: d.maximum ?? undefined,
    values: d.enumerated ? { value: d.allowedValues.map((v) => ({ value: v.value, displayValue: v.label || v.value })) } : undefined,
  };
}

export async function customerMetadata(ctx: ServiceContext, q: ParsedQuery) {
  authorize(ctx.actor, 'customer.read');
  const all = q.attributes.has('all');
  const has = (group: string) => all || q.attributes.has(group);
  const active = [...(await ctx.attributes.of('customer')).values()].filter((d) => d.state === 'active');
  const named = [...q.attributes].filter((a) => a.startsWith('custom.')).map((a) => a.slice('custom.'.length));
  for (const name of named) if (!active.some((d) => d.name === name)) throw Err.invalidParam('$attribute', `custom.${name}`);

  const out = Object.entries(builtins).flatMap(([group, list]) => (has(group) ? list.map((b) => builtinDescriptor(b, ctx.lang)) : []));
  const allCustom = has('custom') || has('customAttributes');
  out.push(...active.filter((d) => allCustom || named.includes(d.name)).map(customDescriptor));
  return out;
}
