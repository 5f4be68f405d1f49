// Request bodies of the user endpoints (07 §3.5–§3.9). The TypeBox schemas give fastify the required attributes
// (400-153) and the OpenAPI documentation; the fields whose JSON form varies (a department as a string or an object,
// groups as ids or links, enumerations, numbers that may be cleared) are read here, with the attribute path of
// 01 §7.1 in every 400-152. Create reads JSON null and "" as absent; edit reads them as "clear" (01 §3.2).
import { Type } from '@sinclair/typebox';
import { Err } from '../../../errors/app-error.ts';
import { parseId } from '../../../query/ids.ts';
import { parseInstant } from '../../../common/instant.ts';
import { B } from '../../../platform/body-schema.ts';
import { staffRoles, type StaffRole } from '../../../authz/permissions.ts';

const any = (description: string) => Type.Optional(Type.Unknown({ description }));

const fields = {
  screenName: any('1–255 characters; default: loginId'),
  lastName: any('at most 124 characters'),
  emailAddress: any('a valid address, at most 255 characters'),
  state: any('{"value": "enabled" | "disabled"}'),
  departments: any('{"department": [{"id"} | {"name"}]}: the foreign departments'),
  groups: any('{"group": [{"id"}]} or {"link": [{"rel": "group", "href": ".../group/{id}"}]}'),
  roles: any('{"role": [{"value": "administrator" | "supervisor" | "agent"}]}'),
  availability: any('{"chat": {"value"}, "email": {"value"}}: available | unavailable'),
  maxLoad: any('{"chat": 0–20, "email": 0–100}'),
  maxActivitiesToPull: any('1–75'),
  language: any('{"id"} or {"code"}'),
};

export const CreateUserBody = Type.Object({
  loginId: Type.String({ description: '1–255 of [A-Za-z0-9._@+-], unique case-insensitively' }),
  password: Type.String({ description: '8–128 characters' }),
  firstName: Type.String({ description: '1–124 characters' }),
  department: Type.Unknown({ description: 'home department: "id" or "name", {"id"} or {"name"}' }),
  ...fields,
});

export const EditUserBody = Type.Array(
  Type.Object({
    id: B.id(),
    lastModified: any('{"date"}: the concurrency token (01 §12)'),
    loginId: any('1–255 of [A-Za-z0-9._@+-]'),
    firstName: any('1–124 characters'),
    department: any('home department'),
    ...fields,
  }),
  { minItems: 1, maxItems: 75 },
);

export const PasswordBody = Type.Object({
  password: Type.String({ description: 'the new password, 8–128 characters' }),
  oldPassword: Type.Optional(Type.String({ description: 'the current password; required for one’s own password' })),
});

export const AvailabilityBody = Type.Object({
  availability: any('{"chat": {"value"}, "email": {"value"}}'),
  chat: any('without the availability wrapper (an XML root named availability)'),
  email: any('without the availability wrapper'),
});

// ---------------------------------------------------------------------------------------------------------------
// Readers
// ---------------------------------------------------------------------------------------------------------------

export type Mode = 'create' | 'edit';
/** A department or language named in a body: by id or by natural key, with the path that names it. */
export type Ref = { id?: string; key?: string; path: string; raw: string };
export type GroupRef = { id: string; path: string; raw: string };
type Channels<T> = { chat?: T; email?: T };

/** What a body sets. `null` = cleared (edit only); absent = unchanged (edit) or the default (create). */
export type UserInput = {
  loginId?: string;
  password?: string;
  screenName?: string | null;
  firstName?: string;
  lastName?: string | null;
  emailAddress?: string | null;
  department?: Ref;
  state?: 'enabled' | 'disabled';
  departments?: Ref[];
  groups?: GroupRef[];
  roles?: StaffRole[];
  availability?: Channels<boolean>;
  maxLoad?: Channels<number>;
  maxActivitiesToPull?: number;
  language?: Ref | null;
  lastModified?: string;
};

export const defaults = { maxLoadChat: 3, maxLoadEmail: 10, maxActivitiesToPull: 1 } as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => v === null || v === '' || (typeof v === 'string' && v.trim() === '');
const at = (path: string, name: string) => (path ? `${path}.${name}` : name);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);
const codePoints = (s: string) => Array.from(s).length;
const invalid = (path: string, v: unknown): never => {
  throw Err.invalidAttribute(path, typeof v === 'object' ? '' : v);
};

const loginIdPattern = /^[A-Za-z0-9._@+-]{1,255}$/;
const emailPattern = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function text(v: unknown, path: string, max: number, min = 1): string {
  const s = typeof v === 'number' ? String(v) : v;
  if (typeof s !== 'string' || codePoints(s) < min || codePoints(s) > max) return invalid(path, v);
  return s;
}

/** A password: 8–128 characters (02 §9.1). Never echoed, not even in error details. */
function secret(v: unknown, path: string): string {
  if (typeof v !== 'string' || codePoints(v) < 8 || codePoints(v) > 128) return invalid(path, '');
  return v;
}

function int(v: unknown, path: string, min: number, max: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) return invalid(path, v);
  return n;
}

/** An enumeration `{value}` (or the bare value); null when it is sent empty. Compared case-insensitively (01 §5.3). */
export function enumValue<T extends string>(v: unknown, path: string, values: readonly T[]): T | null {
  const raw = isObj(v) ? v.value : v;
  if (raw === undefined || isEmpty(raw)) return null;
  if (typeof raw !== 'string') return invalid(at(path, 'value'), raw);
  const found = values.find((x) => x === raw.trim().toLowerCase());
  return found ?? invalid(at(path, 'value'), raw);
}

/** A reference by id or by natural key: a string (digits → id, else key), `{id}` or `{<keyName>}`; null when empty. */
export function ref(v: unknown, path: string, keyName: 'name' | 'code'): Ref | null {
  if (v === undefined || isEmpty(v)) return null;
  if (typeof v === 'number' || typeof v === 'string') {
    const s = String(v).trim();
    if (!/^[0-9]+$/.test(s)) return { key: s, path, raw: s };
    return { id: parseId(s) ?? invalid(path, v), path, raw: s };
  }
  if (!isObj(v)) return invalid(path, v);
  if (v.id !== undefined && !isEmpty(v.id)) {
    const raw = typeof v.id === 'number' || typeof v.id === 'string' ? String(v.id).trim() : '';
    return { id: parseId(raw) ?? invalid(at(path, 'id'), v.id), path: at(path, 'id'), raw };
  }
  const key = v[keyName];
  if (key === undefined || isEmpty(key)) return null;
  if (typeof key !== 'string') return invalid(at(path, keyName), key);
  return { key: key.trim(), path: at(path, keyName), raw: key };
}

function groups(v: unknown, path: string): GroupRef[] {
  if (isEmpty(v)) return [];
  if (!isObj(v)) return invalid(path, v);
  const out: GroupRef[] = [];
  asList(v.group).forEach((g, i) => {
    const p = `${at(path, 'group')}[${i}]`;
    const r = ref(isObj(g) ? { id: g.id } : g, p, 'name');
    if (!r?.id) return invalid(isObj(g) ? at(p, 'id') : p, isObj(g) ? g.id : g);
    out.push({ id: r.id, path: r.path, raw: r.raw });
  });
  asList(v.link).forEach((l, i) => {
    const p = `${at(path, 'link')}[${i}].href`;
    const href = isObj(l) ? l.href : undefined;
    if (typeof href !== 'string') return invalid(p, href);
    const last = href.trim().replace(/\/+$/, '').split('/').pop() ?? '';
    out.push({ id: parseId(last) ?? invalid(p, href), path: p, raw: href });
  });
  return out;
}

function roles(v: unknown, path: string): StaffRole[] {
  if (!isObj(v)) return invalid(path, v);
  const list = asList(v.role).map((r, i) => enumValue(r, `${at(path, 'role')}[${i}]`, staffRoles));
  const chosen = staffRoles.filter((r) => list.includes(r));
  if (!chosen.length) return invalid(at(path, 'role'), '');
  return chosen;
}

/** `{chat, email}` of numbers or enumerations; a channel sent empty takes `cleared`. */
function channels<T>(v: unknown, path: string, read: (x: unknown, p: string, ch: 'chat' | 'email') => T, cleared: Channels<T>): Channels<T> {
  if (isEmpty(v)) return { ...cleared };
  if (!isObj(v)) return invalid(path, v);
  const out: Channels<T> = {};
  for (const ch of ['chat', 'email'] as const) {
    const x = v[ch];
    if (x === undefined) continue;
    out[ch] = isEmpty(x) || (isObj(x) && isEmpty(x.value ?? '')) ? cleared[ch] : read(x, at(path, ch), ch);
  }
  return out;
}

const availabilityOf = (x: unknown, p: string) => enumValue(x, p, ['available', 'unavailable'] as const) === 'available';
const loadOf = (x: unknown, p: string, ch: 'chat' | 'email') => int(x, p, 0, ch === 'chat' ? 20 : 100);

/**
 * Reads the fields of a create body or of one edit item. `path` prefixes attribute paths (`user[0]` in edit lists).
 * Checks that need stored data (references, uniqueness, state) are the service's.
 */
export function readUser(body: Obj, mode: Mode, path = ''): UserInput {
  const out: UserInput = {};
  const p = (name: string) => at(path, name);
  const given = (name: string) => body[name] !== undefined && !(mode === 'create' && isEmpty(body[name]));
  const cleared = (name: string) => mode === 'edit' && isEmpty(body[name]);
  const required = (name: string) => {
    if (cleared(name)) invalid(p(name), body[name]);
  };

  if (mode === 'create') out.password = secret(body.password, p('password'));
  else if (body.password !== undefined) invalid(p('password'), '');

  if (given('loginId')) {
    required('loginId');
    const loginId = String(body.loginId).trim();
    if (!loginIdPattern.test(loginId)) invalid(p('loginId'), body.loginId);
    out.loginId = loginId;
  }
  if (given('screenName')) out.screenName = cleared('screenName') ? null : text(body.screenName, p('screenName'), 255);
  if (given('firstName')) {
    required('firstName');
    out.firstName = text(body.firstName, p('firstName'), 124);
  }
  if (given('lastName')) out.lastName = cleared('lastName') ? null : text(body.lastName, p('lastName'), 124);
  if (given('emailAddress')) {
    if (cleared('emailAddress')) out.emailAddress = null;
    else {
      const email = text(body.emailAddress, p('emailAddress'), 255).trim();
      if (!emailPattern.test(email)) invalid(p('emailAddress'), body.emailAddress);
      out.emailAddress = email;
    }
  }
  if (given('department') || mode === 'create') {
    const r = ref(body.department, p('department'), 'name');
    if (!r) throw mode === 'create' ? Err.missingAttribute(p('department')) : Err.invalidAttribute(p('department'), '');
    out.department = r;
  }
  if (given('state')) {
    const state = enumValue(body.state, p('state'), ['enabled', 'disabled'] as const);
    out.state = state ?? invalid(at(p('state'), 'value'), '');
  }
  if (given('departments')) {
    const v = body.departments;
    if (!isEmpty(v) && !isObj(v)) invalid(p('departments'), v);
    out.departments = asList(isObj(v) ? v.department : undefined).map((d, i) => {
      const dp = `${p('departments.department')}[${i}]`;
      return ref(d, dp, 'name') ?? invalid(dp, '');
    });
  }
  if (given('groups')) out.groups = groups(body.groups, p('groups'));
  if (given('roles')) out.roles = roles(body.roles, p('roles'));
  if (given('availability')) out.availability = channels(body.availability, p('availability'), availabilityOf, { chat: false, email: false });
  if (given('maxLoad')) {
    out.maxLoad = channels(body.maxLoad, p('maxLoad'), loadOf, { chat: defaults.maxLoadChat, email: defaults.maxLoadEmail });
  }
  if (given('maxActivitiesToPull')) {
    out.maxActivitiesToPull = cleared('maxActivitiesToPull') ? defaults.maxActivitiesToPull : int(body.maxActivitiesToPull, p('maxActivitiesToPull'), 1, 75);
  }
  if (given('language')) out.language = ref(body.language, p('language'), 'code');
  if (mode === 'edit' && isObj(body.lastModified) && !isEmpty(body.lastModified.date ?? '')) {
    const date = body.lastModified.date;
    if (typeof date !== 'string' || !parseInstant(date.trim())) invalid(p('lastModified.date'), date);
    out.lastModified = (date as string).trim();
  }
  return out;
}

/** §3.8: the new password (8–128, else 400-152) and the old one when sent. */
export function readPassword(body: { password: string; oldPassword?: string | undefined }): { password: string; oldPassword?: string } {
  const password = secret(body.password, 'password');
  return body.oldPassword === undefined || body.oldPassword === '' ? { password } : { password, oldPassword: body.oldPassword };
}

/** §3.9: `{"availability": {chat, email}}` or, from an XML root `<availability>`, `{chat, email}`; at least one channel. */
export function readAvailability(body: Obj): Channels<boolean> {
  const inner = isObj(body.availability) ? body.availability : body;
  const out: Channels<boolean> = {};
  for (const ch of ['chat', 'email'] as const) {
    if (inner[ch] === undefined) continue;
    const v = enumValue(inner[ch], `availability.${ch}`, ['available', 'unavailable'] as const);
    out[ch] = (v ?? invalid(`availability.${ch}.value`, '')) === 'available';
  }
  if (out.chat === undefined && out.email === undefined) throw Err.missingAttribute('availability');
  return out;
}
