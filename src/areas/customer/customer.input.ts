// Reads customer bodies (03 §4, §7.3, §7.4) into typed input, checking everything that depends on the request alone
// (01 §7.2 step 7): types, lengths, formats, enumerations, required fields, list sizes. Each 400-152 / 400-153 names
// the attribute as the client wrote it (03 B4). Create reads `null` and "" as absent; edit reads them as "clear".
// Checks that need stored data (references, contact person and point ids, custom attribute definitions,
// uniqueness) are the service's.
import { Err } from '../../errors/app-error.ts';
import { parseId } from '../../query/ids.ts';
import { parseInstant } from '../../common/instant.ts';
import type { AttributeInput } from '../custom-attributes/values.ts';
import {
  contactPointKinds,
  countryCode,
  customerTypes,
  enumValues,
  priorityRank,
  valueLists,
  type ContactPointKind,
  type CustomerType,
} from './customer.vocabulary.ts';

export type Mode = 'create' | 'edit';
type Obj = Record<string, unknown>;

/** A field that an edit may clear: `null` = cleared, absent = unchanged. */
type Clearable<T> = T | null;

export type PointFields = {
  emailAddress?: string;
  phoneType?: string;
  countryCode?: Clearable<string>;
  areaCode?: Clearable<string>;
  phoneNo?: string;
  extension?: Clearable<string>;
  postalType?: string;
  address1?: string;
  address2?: Clearable<string>;
  city?: Clearable<string>;
  state?: Clearable<string>;
  zip?: Clearable<string>;
  country?: Clearable<string>;
  url?: string;
  socialType?: string;
  socialId?: string;
};

export type PointInput = {
  path: string;
  id?: bigint;
  remove: boolean;
  /** `type.value`, or the kind of the one sub-object sent. */
  kind?: ContactPointKind;
  fields: PointFields;
  priority?: number;
};

export type PersonFields = {
  salutation?: Clearable<string>;
  firstName?: string;
  middleName?: Clearable<string>;
  lastName?: Clearable<string>;
  suffix?: Clearable<string>;
  initials?: Clearable<string>;
  gender?: Clearable<string>;
  dateOfBirth?: Clearable<Date>;
  maritalStatus?: Clearable<string>;
  employmentStatus?: Clearable<string>;
  jobTitle?: Clearable<string>;
  occupation?: Clearable<string>;
  spouseName?: Clearable<string>;
  type?: Clearable<string>;
  identificationType?: Clearable<string>;
  identificationValue?: Clearable<string>;
  loginId?: Clearable<string>;
  hasDirectMailingConsent?: boolean;
  hasDirectCallingConsent?: boolean;
  hasHoldingDataConsent?: boolean;
};

export type PersonInput = {
  path: string;
  id?: bigint;
  remove: boolean;
  fields: PersonFields;
  /** Write-only; 8–128 characters. */
  password?: string;
  points: PointInput[];
};

/** type.group.* / type.corporate.* (03 §4.4), by column. */
export type DetailFields = {
  groupType?: Clearable<string>;
  region?: Clearable<string>;
  headcount?: Clearable<number>;
  amount?: Clearable<string>;
  currency?: Clearable<string>;
  registrationNumber?: Clearable<string>;
  affiliation?: Clearable<string>;
};

export type CustomerFields = {
  customerName?: string;
  level?: Clearable<string>;
  role?: Clearable<string>;
  pin?: Clearable<string>;
  howReferred?: Clearable<string>;
  industry?: Clearable<string>;
  marketSegment?: Clearable<string>;
  entitlements?: Clearable<string>;
  /** The preferred agent's user id; null clears. */
  preferredAgentId?: Clearable<bigint>;
};

export type DepartmentRef = { id?: string; name?: string; path: string; raw: string };

export type CustomerInput = {
  id?: bigint;
  type?: CustomerType;
  department?: DepartmentRef;
  fields: CustomerFields;
  /** Which sub-object of `type` carried details, and the details. */
  details?: { kind: 'group' | 'corporate'; path: string; fields: DetailFields };
  persons?: PersonInput[];
  attributes?: AttributeInput[];
  lastModified?: string;
  /** Edit: `customerName` as sent, read by readCustomerName once the customer's type is known. */
  customerName?: unknown;
};

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => v === null || (typeof v === 'string' && v.trim() === '') || (isObj(v) && Object.keys(v).length === 0);
const at = (path: string, name: string) => (path ? `${path}.${name}` : name);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);
const codePoints = (s: string) => Array.from(s).length;
const invalid = (path: string, v: unknown): never => {
  throw Err.invalidAttribute(path, typeof v === 'object' ? '' : v);
};
const scalar = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

/** A body list capped at 75 entries (400-160). */
function list(v: unknown, path: string): unknown[] {
  if (v !== undefined && v !== null && v !== '' && !isObj(v) && !Array.isArray(v)) invalid(path, v);
  const items = asList(v);
  if (items.length > 75) throw Err.tooManyItems(items.length);
  return items;
}

function text(v: unknown, path: string, max: number, opts: { trim?: boolean; min?: number } = {}): string {
  const raw = scalar(v);
  if (raw === undefined) return invalid(path, v);
  const s = opts.trim ? raw.trim() : raw;
  if (codePoints(s) < (opts.min ?? 0) || codePoints(s) > max) return invalid(path, v);
  return s;
}

/** Enumeration value `{value}` (or bare), compared case-insensitively, returned in the list's spelling; null when empty. */
function enumOf(v: unknown, path: string, values: readonly string[]): string | null {
  const raw = isObj(v) ? v.value : v;
  if (raw === undefined || isEmpty(raw)) return null;
  const s = scalar(raw);
  if (s === undefined) return invalid(at(path, 'value'), raw);
  const wanted = s.trim().toLowerCase();
  return values.find((x) => x.toLowerCase() === wanted) ?? invalid(at(path, 'value'), raw);
}

function bool(v: unknown, path: string): boolean {
  const s = scalar(v)?.trim().toLowerCase();
  if (s === 'true' || s === 'yes') return true;
  if (s === 'false' || s === 'no') return false;
  return invalid(path, v);
}

function integer(v: unknown, path: string, min: number, max: number): number {
  const s = scalar(v)?.trim() ?? '';
  const n = /^-?\d+$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) return invalid(path, v);
  return n;
}

function pastDate(v: unknown, path: string): Date {
  const s = scalar(v)?.trim() ?? '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== s || date.getTime() >= Date.now()) return invalid(path, v);
  return date;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An email address valid per 03 §4.3: ≤ 254 characters, one `@`, a non-empty local part, a dotted domain, no whitespace. */
export const isEmailAddress = (s: string): boolean => Array.from(s).length <= 254 && emailPattern.test(s) && s.split('@').length === 2;
const phoneNoPattern = /^\+?[0-9 ().-]{1,30}$/;
const currencies = new Set(Intl.supportedValuesOf('currency'));

/**
 * Reads one field into `out`: absent → nothing; empty → null on edit (clear) or nothing on create, or 400-152 when
 * `required` (a required field cannot be cleared); otherwise `read`.
 */
function field<T, K extends keyof T>(
  out: T,
  key: K,
  src: Obj,
  name: string,
  path: string,
  mode: Mode,
  read: (v: unknown, p: string) => NonNullable<T[K]>,
  opts: { required?: boolean } = {},
): void {
  const v = src[name];
  if (v === undefined) return;
  const p = at(path, name);
  if (isEmpty(v) || (isObj(v) && 'value' in v && isEmpty(v.value))) {
    if (mode === 'create') return;
    if (opts.required) invalid(isObj(v) ? at(p, 'value') : p, '');
    out[key] = null as T[K];
    return;
  }
  out[key] = read(v, p);
}

const enumReader = (values: readonly string[]) => (v: unknown, p: string) => enumOf(v, p, values) as string;
const textReader = (max: number, opts: { trim?: boolean; min?: number } = {}) => (v: unknown, p: string) => text(v, p, max, opts);
const digitsReader = (max: number) => (v: unknown, p: string) => {
  const s = text(v, p, max + 1, { trim: true });
  if (!/^\d+$/.test(s) || s.length > max) return invalid(p, v);
  return s;
};

// ----- contact points (03 §4.3) -----

type SubField = { name: string; key: keyof PointFields; read: (v: unknown, p: string) => string; required?: boolean; default?: string };

const subFields: Record<ContactPointKind, SubField[]> = {
  email: [
    {
      name: 'emailAddress',
      key: 'emailAddress',
      required: true,
      read: (v, p) => {
        const s = text(v, p, 254, { trim: true });
        return emailPattern.test(s) && s.split('@').length === 2 ? s : invalid(p, v);
      },
    },
  ],
  phone: [
    { name: 'type', key: 'phoneType', read: enumReader(enumValues.phoneType), default: 'home' },
    {
      name: 'countryCode',
      key: 'countryCode',
      read: (v, p) => {
        const s = text(v, p, 5, { trim: true }).replace(/^\+/, '');
        return /^\d{1,4}$/.test(s) ? s : invalid(p, v);
      },
    },
    { name: 'areaCode', key: 'areaCode', read: digitsReader(10) },
    {
      name: 'phoneNo',
      key: 'phoneNo',
      required: true,
      read: (v, p) => {
        const s = text(v, p, 30, { trim: true });
        return phoneNoPattern.test(s) && s.indexOf('+') <= 0 && s.replace(/\D/g, '').length >= 3 ? s : invalid(p, v);
      },
    },
    { name: 'extension', key: 'extension', read: digitsReader(10) },
  ],
  postal: [
    { name: 'type', key: 'postalType', read: enumReader(enumValues.postalType), default: 'home' },
    { name: 'address_1', key: 'address1', required: true, read: textReader(255, { min: 1 }) },
    { name: 'address_2', key: 'address2', read: textReader(255) },
    { name: 'city', key: 'city', read: textReader(124) },
    { name: 'state', key: 'state', read: textReader(124) },
    { name: 'zip', key: 'zip', read: textReader(20) },
    {
      name: 'country',
      key: 'country',
      read: (v, p) => {
        const raw = isObj(v) ? v.value : v;
        const s = scalar(raw);
        return (s !== undefined && countryCode(s)) || invalid(isObj(v) ? at(p, 'value') : p, raw);
      },
    },
  ],
  web: [
    {
      name: 'url',
      key: 'url',
      required: true,
      read: (v, p) => {
        const s = text(v, p, 2048, { trim: true });
        const u = URL.canParse(s) ? new URL(s) : undefined;
        return u && (u.protocol === 'http:' || u.protocol === 'https:') && u.host !== '' ? s : invalid(p, v);
      },
    },
  ],
  social: [
    { name: 'type', key: 'socialType', required: true, read: enumReader(enumValues.socialType) },
    { name: 'socialId', key: 'socialId', required: true, read: textReader(255, { min: 1 }) },
  ],
};

/** The fields a kind requires (03 §4.3), for the service's checks on update. */
export const requiredPointFields = Object.fromEntries(
  contactPointKinds.map((k) => [k, subFields[k].filter((f) => f.required).map((f) => f.key)]),
) as Record<ContactPointKind, (keyof PointFields)[]>;

function readRemove(src: Obj, path: string): boolean {
  return src.remove !== undefined && !isEmpty(src.remove) && bool(src.remove, at(path, 'remove'));
}

function readId(src: Obj, path: string): bigint | undefined {
  if (src.id === undefined || isEmpty(src.id)) return undefined;
  const id = parseId(scalar(src.id)?.trim() ?? '');
  return id === null ? invalid(at(path, 'id'), src.id) : BigInt(id);
}

function readPoint(v: unknown, path: string, mode: Mode): PointInput {
  if (!isObj(v)) return invalid(path, v);
  const id = mode === 'edit' ? readId(v, path) : undefined;
  const remove = mode === 'edit' && readRemove(v, path);
  const out: PointInput = { path, remove, fields: {}, ...(id !== undefined ? { id } : {}) };
  if (remove) {
    if (id === undefined) throw Err.missingAttribute(at(path, 'id'));
    return out;
  }
  const adding = id === undefined;
  const type = v.type;
  if (type !== undefined && !isObj(type)) invalid(at(path, 'type'), type);
  const typePath = at(path, 'type');
  const sent = isObj(type) ? contactPointKinds.filter((k) => type[k] !== undefined && type[k] !== null) : [];
  const declared = isObj(type) ? enumOf(type, typePath, contactPointKinds) : null;
  if (sent.length > 1) invalid(at(typePath, sent[1]!), '');
  if (declared && sent.length === 1 && sent[0] !== declared) invalid(at(typePath, 'value'), declared);
  const kind = (declared ?? sent[0]) as ContactPointKind | undefined;
  if (adding && !kind) throw Err.missingAttribute(at(typePath, 'value'));
  if (kind) out.kind = kind;

  const sub = kind && isObj(type) ? type[kind] : undefined;
  if (sub !== undefined && sub !== null && !isObj(sub)) invalid(at(typePath, kind!), sub);
  const subPath = kind ? at(typePath, kind) : typePath;
  for (const f of kind ? subFields[kind] : []) {
    // Adding reads like a create: empty is absent, then the required ones must be there.
    field(out.fields, f.key, isObj(sub) ? sub : {}, f.name, subPath, adding ? 'create' : 'edit', f.read, { required: f.required ?? false });
    if (adding && out.fields[f.key] === undefined) {
      if (f.required) throw Err.missingAttribute(at(subPath, f.name));
      if (f.default) (out.fields as Record<string, string>)[f.key] = f.default;
    }
  }
  if (v.priority !== undefined && !isEmpty(v.priority)) out.priority = priorityRank[enumOf(v.priority, at(path, 'priority'), enumValues.priority) as keyof typeof priorityRank];
  else if (adding) out.priority = priorityRank.medium;
  return out;
}

// ----- contact persons (03 §4.2) -----

function readPerson(v: unknown, path: string, mode: Mode): PersonInput {
  if (!isObj(v)) return invalid(path, v);
  const id = mode === 'edit' ? readId(v, path) : undefined;
  const remove = mode === 'edit' && readRemove(v, path);
  const out: PersonInput = { path, remove, fields: {}, points: [], ...(id !== undefined ? { id } : {}) };
  if (remove) {
    if (id === undefined) throw Err.missingAttribute(at(path, 'id'));
    return out;
  }
  const adding = id === undefined;
  const m: Mode = adding ? 'create' : 'edit';
  const f = out.fields;
  field(f, 'salutation', v, 'salutation', path, m, textReader(50, { trim: true }));
  field(f, 'firstName', v, 'firstName', path, m, textReader(124, { trim: true, min: 1 }), { required: true });
  if (adding && f.firstName === undefined) throw Err.missingAttribute(at(path, 'firstName'));
  field(f, 'middleName', v, 'middleName', path, m, textReader(124, { trim: true }));
  field(f, 'lastName', v, 'lastName', path, m, textReader(124, { trim: true }));
  field(f, 'suffix', v, 'suffix', path, m, enumReader(enumValues.suffix));
  field(f, 'initials', v, 'initials', path, m, textReader(16, { trim: true }));
  field(f, 'gender', v, 'gender', path, m, enumReader(enumValues.gender));
  field(f, 'dateOfBirth', v, 'dateOfBirth', path, m, pastDate);
  field(f, 'maritalStatus', v, 'maritalStatus', path, m, enumReader(enumValues.maritalStatus));
  field(f, 'employmentStatus', v, 'employmentStatus', path, m, enumReader(enumValues.employmentStatus));
  field(f, 'jobTitle', v, 'jobTitle', path, m, textReader(255));
  field(f, 'occupation', v, 'occupation', path, m, textReader(255));
  field(f, 'spouseName', v, 'spouseName', path, m, textReader(512, { trim: true }));
  field(f, 'type', v, 'type', path, m, enumReader(valueLists.contactPersonType));
  if (v.identification !== undefined) {
    const ip = at(path, 'identification');
    const ident = v.identification;
    if (isEmpty(ident)) {
      if (m === 'edit') f.identificationType = f.identificationValue = null;
    } else {
      if (!isObj(ident)) invalid(ip, ident);
      const idType = enumOf((ident as Obj).type, at(ip, 'type'), valueLists.identificationType);
      const idValue = isEmpty((ident as Obj).value) ? null : text((ident as Obj).value, at(ip, 'value'), 255);
      // Both or neither (03 §4.2).
      if ((idType === null) !== (idValue === null)) invalid(idType === null ? at(ip, 'type') : at(ip, 'value'), '');
      if (idType !== null || m === 'edit') {
        f.identificationType = idType;
        f.identificationValue = idValue;
      }
    }
  }
  field(f, 'loginId', v, 'loginId', path, m, textReader(255, { trim: true, min: 1 }));
  for (const consent of ['hasDirectMailingConsent', 'hasDirectCallingConsent', 'hasHoldingDataConsent'] as const) {
    if (v[consent] !== undefined && !isEmpty(v[consent])) f[consent] = bool(v[consent], at(path, consent));
  }
  if (v.password !== undefined && !isEmpty(v.password)) {
    const pw = v.password;
    // Never echoed, not even in error details.
    if (typeof pw !== 'string' || codePoints(pw) < 8 || codePoints(pw) > 128) invalid(at(path, 'password'), '');
    out.password = pw as string;
  }
  const points = v.contactPoints;
  if (points !== undefined && !isEmpty(points)) {
    if (!isObj(points)) invalid(at(path, 'contactPoints'), points);
    const pp = at(path, 'contactPoints.contactPoint');
    out.points = list((points as Obj).contactPoint, pp).map((p, i) => readPoint(p, `${pp}[${i}]`, m));
  }
  return out;
}

// ----- customers (03 §4.1, §4.4) -----

function readDetails(src: unknown, kind: 'group' | 'corporate', path: string, mode: Mode): DetailFields {
  const out: DetailFields = {};
  if (src === null || src === '' || src === undefined) return out;
  if (!isObj(src)) return invalid(path, src);
  const amount = (v: unknown, p: string) => {
    const s = text(v, p, 32, { trim: true });
    return /^[0-9]+(\.[0-9]{1,2})?$/.test(s) ? s : invalid(p, v);
  };
  const currency = (v: unknown, p: string) => {
    const s = text(v, p, 3, { trim: true }).toUpperCase();
    return currencies.has(s) ? s : invalid(p, v);
  };
  if (kind === 'group') field(out, 'groupType', src, 'type', path, mode, enumReader(valueLists.groupType), { required: true });
  field(out, 'region', src, 'region', path, mode, enumReader(valueLists.region));
  field(out, 'headcount', src, kind === 'group' ? 'numberOfMembers' : 'numberOfEmployees', path, mode, (v, p) => integer(v, p, 0, 10_000_000));
  field(out, 'amount', src, kind === 'group' ? 'income' : 'annualRevenue', path, mode, amount);
  field(out, 'currency', src, 'currency', path, mode, currency);
  field(out, 'registrationNumber', src, 'registrationNumber', path, mode, textReader(255));
  if (kind === 'group') field(out, 'affiliation', src, 'affiliation', path, mode, textReader(255));
  return out;
}

function readAttributes(v: unknown): AttributeInput[] {
  if (isEmpty(v)) return [];
  if (!isObj(v)) return invalid('customAttributes', v);
  const base = 'customAttributes.customAttribute';
  return list(v.customAttribute, base).map((a, i) => {
    const path = `${base}[${i}]`;
    if (!isObj(a)) return invalid(path, a);
    const name = scalar(a.attribName)?.trim();
    if (!name) throw Err.missingAttribute(at(path, 'attribName'));
    // Absent, null or empty clears the attribute; anything else must be `{"attribValue": ...}`.
    if (!isEmpty(a.attribValues ?? null) && !isObj(a.attribValues)) invalid(at(path, 'attribValues'), a.attribValues);
    const values = isObj(a.attribValues) ? list(a.attribValues.attribValue, at(path, 'attribValues.attribValue')) : [];
    return {
      name,
      path,
      values: values.map((x, j) => {
        const vp = `${path}.attribValues.attribValue[${j}]`;
        const raw = isObj(x) ? x.value : x;
        if (raw === undefined || raw === null) return { raw: '', path: at(vp, 'value') };
        const s = scalar(raw);
        return s === undefined ? invalid(at(vp, 'value'), raw) : { raw: s, path: at(vp, 'value') };
      }),
    };
  });
}

function readDepartment(v: unknown): DepartmentRef | undefined {
  if (v === undefined || isEmpty(v)) return undefined;
  const s = scalar(v);
  if (s !== undefined) return /^\d+$/.test(s.trim()) ? { id: s.trim(), path: 'department', raw: s } : { name: s.trim(), path: 'department', raw: s };
  if (!isObj(v)) return invalid('department', v);
  if (v.id !== undefined && !isEmpty(v.id)) {
    const raw = scalar(v.id)?.trim() ?? '';
    return { id: parseId(raw) ?? invalid('department.id', v.id), path: 'department.id', raw };
  }
  if (v.name !== undefined && !isEmpty(v.name)) return { name: text(v.name, 'department.name', 255, { trim: true }), path: 'department.name', raw: String(v.name) };
  return undefined;
}

/** Reads a create body (03 §7.3) or an edit body (§7.4). */
export function readCustomer(body: Obj, mode: Mode): CustomerInput {
  const out: CustomerInput = { fields: {} };
  const f = out.fields;
  const type = body.type;
  if (type !== undefined && type !== null && !isObj(type)) invalid('type', type);
  if (mode === 'create') {
    const value = isObj(type) ? enumOf(type, 'type', customerTypes) : null;
    if (!value) throw Err.missingAttribute('type.value');
    out.type = value as CustomerType;
  } else {
    if (body.id === undefined || isEmpty(body.id)) throw Err.missingAttribute('id');
    out.id = readId(body, '');
  }
  if (isObj(type)) {
    const kinds = (['group', 'corporate'] as const).filter((k) => type[k] !== undefined && type[k] !== null);
    if (kinds.length > 1) invalid(`type.${kinds[1]}`, '');
    const kind = kinds[0];
    if (kind) {
      if (out.type && out.type !== kind) invalid(`type.${kind}`, '');
      out.details = { kind, path: `type.${kind}`, fields: readDetails(type[kind], kind, `type.${kind}`, mode) };
    }
  }
  if (out.type === 'group' && out.details?.fields.groupType === undefined) throw Err.missingAttribute('type.group.type');

  // An individual's name is derived (03 §3): what is sent for one is ignored, in an edit too (the service, which knows
  // the type, reads it then through readCustomerName).
  if (mode === 'create' && out.type !== 'individual') field(f, 'customerName', body, 'customerName', '', mode, textReader(124, { trim: true, min: 1 }));
  if (mode === 'edit' && body.customerName !== undefined) out.customerName = body.customerName;
  if ((out.type === 'group' || out.type === 'corporate') && f.customerName === undefined) throw Err.missingAttribute('customerName');
  if (mode === 'create') {
    const department = readDepartment(body.department);
    if (department) out.department = department;
  }
  field(f, 'level', body, 'level', '', mode, enumReader(valueLists.level));
  field(f, 'role', body, 'role', '', mode, enumReader(valueLists.role));
  field(f, 'pin', body, 'pin', '', mode, textReader(255));
  field(f, 'howReferred', body, 'howReferred', '', mode, enumReader(valueLists.howReferred));
  field(f, 'industry', body, 'industry', '', mode, enumReader(valueLists.industry));
  field(f, 'marketSegment', body, 'marketSegment', '', mode, textReader(255));
  field(f, 'entitlements', body, 'entitlements', '', mode, textReader(4000));
  if (body.preferredAgent !== undefined) {
    const pa = body.preferredAgent;
    const user = isObj(pa) ? pa.user : undefined;
    if (isEmpty(pa) || (isObj(pa) && isEmpty(user ?? null))) {
      if (mode === 'edit') f.preferredAgentId = null;
    } else {
      if (!isObj(user)) invalid('preferredAgent.user', user);
      const id = parseId(scalar((user as Obj).id)?.trim() ?? '');
      f.preferredAgentId = id === null ? invalid('preferredAgent.user.id', (user as Obj).id) : BigInt(id);
    }
  }

  const persons = body.contactPersons;
  if (persons !== undefined && !isEmpty(persons)) {
    if (!isObj(persons)) invalid('contactPersons', persons);
    const base = 'contactPersons.contactPerson';
    out.persons = list((persons as Obj).contactPerson, base).map((p, i) => readPerson(p, `${base}[${i}]`, mode));
  }
  if (mode === 'create' && out.type === 'individual') {
    if (!out.persons?.length) throw Err.missingAttribute('contactPersons.contactPerson');
    if (out.persons.length > 1) invalid('contactPersons.contactPerson[1]', '');
  }
  if (body.customAttributes !== undefined) out.attributes = readAttributes(body.customAttributes);

  if (mode === 'edit') {
    const lm = body.lastModified;
    const date = isObj(lm) ? lm.date : undefined;
    if (date !== undefined && !isEmpty(date)) {
      const token = scalar(date)?.trim();
      if (!token || !parseInstant(token)) invalid('lastModified.date', date);
      out.lastModified = token;
    }
    const changes = Object.keys(f).length > 0 || out.customerName !== undefined || out.details !== undefined || (out.persons?.length ?? 0) > 0 || out.attributes !== undefined;
    if (!changes) throw Err.missingAttribute('customer');
  }
  return out;
}

/** An edit's `customerName` for a group or corporate customer: 1–124 characters, cannot be cleared (400-152). */
export function readCustomerName(v: unknown): string {
  if (isEmpty(v)) return invalid('customerName', '');
  return text(v, 'customerName', 124, { trim: true, min: 1 });
}
