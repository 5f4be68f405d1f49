// The customer resource on the wire (03 §4–§6): one field table for JSON and XML. Namespaces per 03 §2.1: the
// customer's elements in `cus`, contact persons' in `cpe`, contact points' in `cpt`; the inline `type` enumerations
// of customers and contact points keep value/displayValue in their own namespace (X1), other enumerations in `cmn`.
import { NS } from '../../representation/namespaces.ts';
import { f, resource, shape, type Labels } from '../../representation/shape.ts';
import { customAttributes, departmentRef, enumeration, timestamp, userRefShape } from '../../representation/common-shapes.ts';
import {
  contactPointKindLabels,
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
import type { DefinitionsByName } from '../custom-attributes/definition.ts';
import { presentAttributes } from '../custom-attributes/values.ts';
import { priorityOfRank } from './customer.vocabulary.ts';
import type { CustomerGraph, PersonRow, PointRow } from './customer.queries.ts';

const CUS = NS.customer;
const CPE = NS.contactPerson;
const CPT = NS.contactPoint;

const regionNames = { 'en-US': new Intl.DisplayNames(['en-US'], { type: 'region' }), 'es-ES': new Intl.DisplayNames(['es-ES'], { type: 'region' }) };
/** Country names from the platform's locale data (03 §2.8), looked up like a label table. */
const countryLabels: Labels = new Proxy(
  {},
  {
    get: (_target, code) =>
      typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? { 'en-US': regionNames['en-US'].of(code) ?? code, 'es-ES': regionNames['es-ES'].of(code) ?? code } : undefined,
  },
);

const pointType = enumeration(contactPointKindLabels, {
  inlineNs: CPT,
  extra: {
    email: f.object(shape(CPT, { emailAddress: f.text() })),
    phone: f.object(
      shape(CPT, { type: enumeration(phoneTypeLabels), countryCode: f.text(), areaCode: f.text(), phoneNo: f.text(), extension: f.text() }),
    ),
    postal: f.object(
      shape(CPT, {
        type: enumeration(postalTypeLabels),
        address_1: f.text(),
        address_2: f.text(),
        city: f.text(),
        state: f.text(),
        zip: f.text(),
        country: enumeration(countryLabels),
      }),
    ),
    web: f.object(shape(CPT, { url: f.text() })),
    social: f.object(shape(CPT, { type: enumeration(socialTypeLabels), socialId: f.text() })),
  },
});

export const contactPointShape = shape(CPT, { id: f.id(), type: pointType, priority: enumeration(priorityLabels) });

export const contactPersonShape = shape(CPE, {
  id: f.id(),
  salutation: f.text(),
  firstName: f.text(),
  middleName: f.text(),
  lastName: f.text(),
  suffix: enumeration(suffixLabels),
  initials: f.text(),
  gender: enumeration(genderLabels),
  dateOfBirth: f.date(),
  maritalStatus: enumeration(maritalStatusLabels),
  employmentStatus: enumeration(employmentStatusLabels),
  jobTitle: f.text(),
  occupation: f.text(),
  spouseName: f.text(),
  type: enumeration(valueListLabels.contactPersonType),
  identification: f.object(shape(CPE, { type: enumeration(valueListLabels.identificationType), value: f.text() })),
  loginId: f.text(),
  hasDirectMailingConsent: f.boolean(),
  hasDirectCallingConsent: f.boolean(),
  hasHoldingDataConsent: f.boolean(),
  contactPoints: f.list('contactPoint', f.object(contactPointShape), CPT),
});

const customerType = enumeration(customerTypeLabels, {
  inlineNs: CUS,
  extra: {
    group: f.object(
      shape(CUS, {
        type: enumeration(valueListLabels.groupType),
        region: enumeration(valueListLabels.region),
        numberOfMembers: f.number(),
        income: f.text(),
        currency: f.text(),
        registrationNumber: f.text(),
        affiliation: f.text(),
      }),
    ),
    corporate: f.object(
      shape(CUS, {
        region: enumeration(valueListLabels.region),
        numberOfEmployees: f.number(),
        annualRevenue: f.text(),
        currency: f.text(),
        registrationNumber: f.text(),
      }),
    ),
  },
});

export const customerShape = resource('customer', CUS, {
  id: f.id(),
  link: f.link(),
  cases: f.object(shape(NS.case, { link: f.link() }), { always: true }),
  customerName: f.text(),
  department: departmentRef(),
  type: customerType,
  contactPersons: f.list('contactPerson', f.object(contactPersonShape), CPE),
  level: enumeration(valueListLabels.level),
  role: enumeration(valueListLabels.role),
  pin: f.text(),
  howReferred: enumeration(valueListLabels.howReferred),
  industry: enumeration(valueListLabels.industry),
  marketSegment: f.text(),
  entitlements: f.text(),
  preferredAgent: f.object(shape(CUS, { user: f.inNs(NS.common, f.object(userRefShape)) })),
  customAttributes: customAttributes(),
  created: timestamp(),
  lastModified: timestamp(),
});

export const customerHref = (id: bigint | string) => `/system/ws/v12/interaction/customer/${id}`;
export const casesOfCustomerHref = (id: bigint | string) => `/system/ws/v12/interaction/case?customer=${id}`;

// ----- views -----


/** What the request asked for beyond the default set (03 §5). */
export type CustomerView = {
  /** Optional groups asked for: level, role, pin, howReferred, industry, marketSegment, entitlements, preferredAgent, created. */
  groups: ReadonlySet<string>;
  /** Custom attributes asked for (all, some names, or none). */
  custom: (name: string) => boolean;
};

const nonEmpty = <T extends object>(o: T): T | undefined => (Object.values(o).some((v) => v !== undefined && v !== null) ? o : undefined);
const orUndef = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function pointView(p: PointRow) {
  const kind = p.kind;
  const sub =
    kind === 'email'
      ? { emailAddress: orUndef(p.emailAddress) }
      : kind === 'phone'
        ? { type: orUndef(p.phoneType), countryCode: orUndef(p.countryCode), areaCode: orUndef(p.areaCode), phoneNo: orUndef(p.phoneNo), extension: orUndef(p.extension) }
        : kind === 'postal'
          ? {
              type: orUndef(p.postalType),
              address_1: orUndef(p.address1),
              address_2: orUndef(p.address2),
              city: orUndef(p.city),
              state: orUndef(p.state),
              zip: orUndef(p.zip),
              country: orUndef(p.country),
            }
          : kind === 'web'
            ? { url: orUndef(p.url) }
            : { type: orUndef(p.socialType), socialId: orUndef(p.socialId) };
  return { id: p.id, type: { value: kind, [kind]: sub }, priority: priorityOfRank(p.priority) };
}

function personView(p: PersonRow & { points: PointRow[] }) {
  return {
    id: p.id,
    salutation: orUndef(p.salutation),
    firstName: p.firstName,
    middleName: orUndef(p.middleName),
    lastName: orUndef(p.lastName),
    suffix: orUndef(p.suffix),
    initials: orUndef(p.initials),
    gender: orUndef(p.gender),
    dateOfBirth: orUndef(p.dateOfBirth),
    maritalStatus: orUndef(p.maritalStatus),
    employmentStatus: orUndef(p.employmentStatus),
    jobTitle: orUndef(p.jobTitle),
    occupation: orUndef(p.occupation),
    spouseName: orUndef(p.spouseName),
    type: orUndef(p.type),
    identification: p.identificationType ? { type: p.identificationType, value: orUndef(p.identificationValue) } : undefined,
    loginId: orUndef(p.loginId),
    hasDirectMailingConsent: p.hasDirectMailingConsent,
    hasDirectCallingConsent: p.hasDirectCallingConsent,
    hasHoldingDataConsent: p.hasHoldingDataConsent,
    contactPoints: p.points.length ? { contactPoint: p.points.map(pointView) } : undefined,
  };
}

function typeView(c: CustomerGraph) {
  if (c.type === 'group') {
    const group = nonEmpty({
      type: orUndef(c.groupType),
      region: orUndef(c.region),
      numberOfMembers: orUndef(c.headcount),
      income: orUndef(c.amount),
      currency: orUndef(c.currency),
      registrationNumber: orUndef(c.registrationNumber),
      affiliation: orUndef(c.affiliation),
    });
    return { value: c.type, group };
  }
  if (c.type === 'corporate') {
    const corporate = nonEmpty({
      region: orUndef(c.region),
      numberOfEmployees: orUndef(c.headcount),
      annualRevenue: orUndef(c.amount),
      currency: orUndef(c.currency),
      registrationNumber: orUndef(c.registrationNumber),
    });
    return { value: c.type, corporate };
  }
  return { value: c.type };
}

export function presentCustomer(c: CustomerGraph, view: CustomerView, extra: { values: Map<string, string[]> | undefined; defs: DefinitionsByName }) {
  const g = (name: string) => view.groups.has(name);
  const ref = (id: bigint | null) => (id === null ? undefined : c.users.get(String(id)));
  return {
    id: c.id,
    link: { rel: 'self', href: customerHref(c.id) },
    cases: { link: { rel: 'case', href: casesOfCustomerHref(c.id) } },
    customerName: c.customerName,
    department: { id: c.departmentId, name: c.departmentName },
    type: typeView(c),
    contactPersons: c.persons.length ? { contactPerson: c.persons.map(personView) } : undefined,
    level: g('level') ? orUndef(c.level) : undefined,
    role: g('role') ? orUndef(c.role) : undefined,
    pin: g('pin') ? orUndef(c.pin) : undefined,
    howReferred: g('howReferred') ? orUndef(c.howReferred) : undefined,
    industry: g('industry') ? orUndef(c.industry) : undefined,
    marketSegment: g('marketSegment') ? orUndef(c.marketSegment) : undefined,
    entitlements: g('entitlements') ? orUndef(c.entitlements) : undefined,
    preferredAgent: g('preferredAgent') && c.preferredAgentId !== null ? { user: ref(c.preferredAgentId) ?? { id: c.preferredAgentId } } : undefined,
    customAttributes: presentAttributes(extra.values, extra.defs, view.custom),
    created: g('created') ? { date: c.createdAt, user: ref(c.createdById) } : undefined,
    lastModified: { date: c.lastModifiedAt, user: ref(c.lastModifiedById) },
  };
}
