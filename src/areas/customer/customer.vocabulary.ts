// The enumerations and value lists of customers (03 §3, §4.2–§4.5) with their en-US and es-ES texts. Built-in value
// lists (§4.5) show the value itself in every language.
import type { Labels } from '../../representation/shape.ts';

const same = (values: readonly string[]): Labels => Object.fromEntries(values.map((v) => [v, { 'en-US': v, 'es-ES': v }]));
const pairs = (entries: Record<string, [string, string]>): Labels =>
  Object.fromEntries(Object.entries(entries).map(([v, [en, es]]) => [v, { 'en-US': en, 'es-ES': es }]));

export const customerTypes = ['individual', 'group', 'corporate'] as const;
export type CustomerType = (typeof customerTypes)[number];
export const customerTypeLabels = pairs({ individual: ['Individual', 'Individual'], group: ['Group', 'Grupo'], corporate: ['Corporate', 'Corporativo'] });

/** §4.5: fixed lists, compared case-insensitively on input and stored in this spelling. */
export const valueLists = {
  level: ['Premium', 'Gold', 'Silver', 'Bronze', 'Standard'],
  industry: [
    'Aerospace', 'Agriculture', 'Automotive', 'Banking', 'Construction', 'Education', 'Energy', 'Entertainment', 'Financial Services',
    'Government', 'Healthcare', 'Hospitality', 'Insurance', 'Manufacturing', 'Media', 'Pharmaceuticals', 'Retail', 'Technology',
    'Telecommunications', 'Transportation', 'Utilities', 'Other',
  ],
  role: ['Partner', 'Reseller', 'Customer'],
  howReferred: ['Website', 'Customer', 'Partner', 'Employee', 'Reseller'],
  groupType: ['Family', 'Club', 'Association', 'Partnership', 'Other'],
  region: ['North America', 'Latin America', 'Europe', 'Middle East', 'Africa', 'Asia Pacific'],
  contactPersonType: ['Primary', 'Secondary', 'Billing', 'Technical', 'Other'],
  identificationType: ['Passport', 'Driving License', 'National ID', 'Social Security Number', 'Tax ID', 'Other'],
} as const satisfies Record<string, readonly string[]>;
export const valueListLabels = Object.fromEntries(Object.entries(valueLists).map(([k, v]) => [k, same(v)])) as Record<keyof typeof valueLists, Labels>;

export const suffixLabels = pairs({ 'jr.': ['Jr.', 'Jr.'], 'sr.': ['Sr.', 'Sr.'], i: ['I', 'I'], ii: ['II', 'II'], iii: ['III', 'III'] });
export const genderLabels = pairs({ male: ['Male', 'Masculino'], female: ['Female', 'Femenino'] });
export const maritalStatusLabels = pairs({
  married: ['Married', 'Casado'],
  single: ['Single', 'Soltero'],
  separated: ['Separated', 'Separado'],
  divorced: ['Divorced', 'Divorciado'],
  widowed: ['Widowed', 'Viudo'],
});
export const employmentStatusLabels = pairs({
  'part-time': ['Part-time', 'Tiempo parcial'],
  'full-time': ['Full-time', 'Tiempo completo'],
  temporary: ['Temporary', 'Temporal'],
  contract: ['Contract', 'Contrato'],
  intern: ['Intern', 'Becario'],
  unemployed: ['Unemployed', 'Desempleado'],
});

export const contactPointKinds = ['email', 'phone', 'postal', 'web', 'social'] as const;
export type ContactPointKind = (typeof contactPointKinds)[number];
export const contactPointKindLabels = pairs({
  email: ['Email', 'Correo electrónico'],
  phone: ['Phone', 'Teléfono'],
  postal: ['Postal address', 'Dirección postal'],
  web: ['Web', 'Web'],
  social: ['Social', 'Red social'],
});
export const phoneTypeLabels = pairs({
  home: ['Home', 'Casa'],
  office: ['Office', 'Oficina'],
  mobile: ['Mobile', 'Móvil'],
  fax: ['Fax', 'Fax'],
  pager: ['Pager', 'Buscapersonas'],
  other: ['Other', 'Otro'],
});
export const postalTypeLabels = pairs({
  home: ['Home', 'Casa'],
  office: ['Office', 'Oficina'],
  billing: ['Billing', 'Facturación'],
  shipping: ['Shipping', 'Envío'],
  other: ['Other', 'Otro'],
});
export const socialTypeLabels = pairs({
  facebook: ['Facebook', 'Facebook'],
  twitter: ['Twitter', 'Twitter'],
  instagram: ['Instagram', 'Instagram'],
  whatsapp: ['WhatsApp', 'WhatsApp'],
  linkedin: ['LinkedIn', 'LinkedIn'],
  youtube: ['YouTube', 'YouTube'],
  apple: ['Apple Messages', 'Apple Messages'],
  other: ['Other', 'Otro'],
});
export const priorityLabels = pairs({ high: ['High', 'Alta'], medium: ['Medium', 'Media'], low: ['Low', 'Baja'] });
/** Stored as a rank so that the primary contact point of a kind is the highest (03 §4.3). */
export const priorityRank = { high: 3, medium: 2, low: 1 } as const;
export const priorityOfRank = (rank: number) => (rank >= 3 ? 'high' : rank <= 1 ? 'low' : 'medium');

/** The enumerations whose values are keys of a label table, by the field that carries them. */
export const enumValues = {
  suffix: Object.keys(suffixLabels),
  gender: Object.keys(genderLabels),
  maritalStatus: Object.keys(maritalStatusLabels),
  employmentStatus: Object.keys(employmentStatusLabels),
  phoneType: Object.keys(phoneTypeLabels),
  postalType: Object.keys(postalTypeLabels),
  socialType: Object.keys(socialTypeLabels),
  priority: Object.keys(priorityLabels),
};

// Countries (03 §4.3 postal `country`, U7 `country`): the ISO 3166-1 alpha-2 codes the platform's locale data names,
// without the codes that name no country (groupings, pseudo-locales, "unknown region").
const notCountries = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ', 'AC', 'CP', 'DG', 'EA', 'IC', 'TA', 'XK']);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const countryCodes: readonly string[] = [...letters]
  .flatMap((a) => [...letters].map((b) => a + b))
  .filter((c) => !notCountries.has(c) && regionNames.of(c) !== undefined);
const countrySet = new Set(countryCodes);

/** A country code as stored (upper case), or null when it names no country. */
export function countryCode(s: string): string | null {
  const code = s.trim().toUpperCase();
  return countrySet.has(code) ? code : null;
}
