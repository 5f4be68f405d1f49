// Reads case bodies (04 §7.3–§7.6) into typed input, checking everything that depends on the request alone
// (01 §7.2 step 7): types, lengths, formats, enumerations, required fields, list sizes, the due date in the future.
// Each 400-152 / 400-153 names the attribute as the client wrote it (03 B4). In the K3 edit JSON `null` (XML
// `xsi:nil`) clears an optional field as an empty value does, and is 400-152 on a required one (01 §3.2).
// Checks that need stored data (the case, owner, related cases, custom attribute definitions) are the service's.
import { Err } from '../../errors/app-error.ts';
import { parseId } from '../../query/ids.ts';
import { parseInstant } from '../../common/instant.ts';
import type { AttributeInput } from '../custom-attributes/values.ts';
import { severities } from './case.schema.ts';

type Obj = Record<string, unknown>;

export const MAX_RELATED = 75;

export type RelationRef = { id: bigint; path: string; raw: string };

export type CaseEdit = {
  id: bigint;
  lastModified?: string;
  /** null: clear. */
  dueDate?: Date | null;
  /** null: remove the owner. */
  owner?: { id: bigint; path: string; raw: string } | null;
  severity?: string;
  subject?: string;
  description?: string | null;
  solution?: string | null;
  link: RelationRef[];
  unlink: RelationRef[];
  /** relatedCases was sent (even empty). */
  relations: boolean;
  attributes?: AttributeInput[];
};

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => v === '' || (isObj(v) && Object.keys(v).length === 0);
const at = (path: string, name: string) => (path ? `${path}.${name}` : name);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null || v === '' ? [] : [v]);
const scalar = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const invalid = (path: string, v: unknown): never => {
  throw Err.invalidAttribute(path, typeof v === 'object' ? '' : v);
};

/** A body list capped at 75 entries (400-160). */
function list(v: unknown): unknown[] {
  const items = asList(v);
  if (items.length > MAX_RELATED) throw Err.tooManyItems(items.length);
  return items;
}

/** An id given as a JSON number or string (01 §5.7); malformed → 400-152 on `path`. */
export function readIdValue(v: unknown, path: string): bigint {
  const s = scalar(v)?.trim();
  const id = s === undefined ? null : parseId(s);
  if (id === null) return invalid(path, v);
  return BigInt(id);
}

/** The concurrency token (01 §12): absent → undefined; malformed → 400-152 on `lastModified.date`. */
export function readToken(body: Obj): string | undefined {
  const lm = body.lastModified;
  if (lm === undefined || lm === null || lm === '') return undefined;
  if (!isObj(lm)) return invalid('lastModified', lm);
  const date = lm.date;
  if (date === undefined || date === null || date === '') return undefined;
  if (typeof date !== 'string' || !parseInstant(date.trim())) return invalid('lastModified.date', date);
  return date.trim();
}

/** Free text of at most `max` characters (code points). */
function text(v: unknown, path: string, max: number): string {
  const s = scalar(v);
  if (s === undefined) return invalid(path, v);
  if (Array.from(s).length > max) return invalid(path, s);
  return s;
}

/** `custom attributes` as 03 §2.7 writes them (shape only; the definitions are the service's). */
export function readAttributes(v: unknown): AttributeInput[] {
  if (isEmpty(v)) return [];
  if (!isObj(v)) return invalid('customAttributes', v);
  const base = 'customAttributes.customAttribute';
  const items = asList(v.customAttribute);
  if (items.length > MAX_RELATED) throw Err.tooManyItems(items.length);
  return items.map((a, i) => {
    const path = `${base}[${i}]`;
    if (!isObj(a)) return invalid(path, a);
    const name = scalar(a.attribName)?.trim();
    if (!name) throw Err.missingAttribute(at(path, 'attribName'));
    if (a.attribValues !== undefined && a.attribValues !== null && !isEmpty(a.attribValues) && !isObj(a.attribValues)) invalid(at(path, 'attribValues'), a.attribValues);
    const values = isObj(a.attribValues) ? asList(a.attribValues.attribValue) : [];
    return {
      name,
      path,
      values: values.map((x, j) => {
        const vp = `${path}.attribValues.attribValue[${j}].value`;
        const raw = isObj(x) ? x.value : x;
        if (raw === undefined || raw === null) return { raw: '', path: vp };
        const s = scalar(raw);
        return s === undefined ? invalid(vp, raw) : { raw: s, path: vp };
      }),
    };
  });
}

const CASE_HREF = /^(?:\/system)?\/ws\/v[0-9]+\/interaction\/case\/([0-9]+)$/;

/** One `link`/`unlink` entry: by `href` (a path ending /interaction/case/{id}) or by `id`. */
function readRelation(v: unknown, path: string): RelationRef {
  if (!isObj(v)) {
    const s = scalar(v);
    if (s !== undefined && parseId(s.trim())) return { id: BigInt(parseId(s.trim())!), path, raw: s };
    return invalid(path, v);
  }
  if (v.href !== undefined && v.href !== null && v.href !== '') {
    const href = scalar(v.href)?.trim() ?? '';
    const m = CASE_HREF.exec(href);
    const id = m ? parseId(m[1]!) : null;
    if (id === null) return invalid(at(path, 'href'), v.href);
    return { id: BigInt(id), path: at(path, 'href'), raw: href };
  }
  if (v.id !== undefined && v.id !== null && v.id !== '') return { id: readIdValue(v.id, at(path, 'id')), path: at(path, 'id'), raw: scalar(v.id) ?? '' };
  throw Err.missingAttribute(at(path, 'href'));
}

function readRelations(v: unknown): { link: RelationRef[]; unlink: RelationRef[] } {
  if (isEmpty(v)) return { link: [], unlink: [] };
  if (!isObj(v)) return invalid('relatedCases', v);
  const read = (name: 'link' | 'unlink') => {
    const items = list(v[name]);
    return items.map((item, i) => readRelation(item, Array.isArray(v[name]) ? `relatedCases.${name}[${i}]` : `relatedCases.${name}`));
  };
  return { link: read('link'), unlink: read('unlink') };
}

function readOwner(v: unknown): CaseEdit['owner'] {
  if (v === null || isEmpty(v)) return null;
  if (!isObj(v)) return invalid('owner', v);
  const user = v.user;
  if (user === undefined || user === null || isEmpty(user)) return null;
  if (!isObj(user)) return { id: readIdValue(user, 'owner.user'), path: 'owner.user', raw: scalar(user) ?? '' };
  if (user.id === undefined || user.id === null || user.id === '') throw Err.missingAttribute('owner.user.id');
  return { id: readIdValue(user.id, 'owner.user.id'), path: 'owner.user.id', raw: scalar(user.id) ?? '' };
}

function readSeverity(v: unknown): string {
  const raw = isObj(v) ? v.value : v;
  const s = scalar(raw)?.trim().toLowerCase();
  const found = severities.find((x) => x === s);
  if (!found) return invalid(isObj(v) ? 'severity.value' : 'severity', raw);
  return found;
}

function readDueDate(v: unknown, now: Date): Date | null {
  if (v === null || isEmpty(v)) return null;
  const s = scalar(v);
  const d = s === undefined ? null : parseInstant(s.trim());
  if (!d) return invalid('dueDate', v);
  if (d.getTime() <= now.getTime()) return invalid('dueDate', s);
  return d;
}

const editable = ['dueDate', 'owner', 'severity', 'subject', 'description', 'solution', 'relatedCases', 'customAttributes'] as const;

/** K3 (04 §7.3): the edit of one open case. */
export function readCaseEdit(body: Obj, now: Date): CaseEdit {
  if (body.id === undefined || body.id === null || (typeof body.id === 'string' && body.id.trim() === '')) throw Err.missingAttribute('id');
  const id = readIdValue(body.id, 'id');
  const lastModified = readToken(body);
  // An edit body (01 §3.2): `null` clears an optional field (dueDate, owner, subject, description, solution) and is
  // 400-152 on the required severity. `relatedCases` and `customAttributes` are lists of changes, not fields: `null`
  // there sends none and is absent.
  const lists = new Set(['relatedCases', 'customAttributes']);
  const present = (name: string) => body[name] !== undefined && (body[name] !== null || !lists.has(name));
  if (!editable.some(present)) throw Err.missingAttribute('case');
  const out: CaseEdit = { id, link: [], unlink: [], relations: false, ...(lastModified ? { lastModified } : {}) };
  if (present('dueDate')) out.dueDate = readDueDate(body.dueDate, now);
  if (present('owner')) out.owner = readOwner(body.owner);
  if (present('severity')) out.severity = body.severity === null ? invalid('severity', '') : readSeverity(body.severity);
  if (present('subject')) out.subject = body.subject === null ? '' : text(body.subject, 'subject', 1024);
  if (present('description')) out.description = body.description === null ? null : text(body.description, 'description', 1024) || null;
  if (present('solution')) out.solution = body.solution === null ? null : text(body.solution, 'solution', 1024) || null;
  if (present('relatedCases')) {
    out.relations = true;
    Object.assign(out, readRelations(body.relatedCases));
  }
  if (present('customAttributes')) out.attributes = readAttributes(body.customAttributes);
  return out;
}

/** K5 (04 §7.5): `customer.id` (number or string) and the optional token. */
export function readChangeCustomer(body: Obj): { customerId: bigint; raw: string; lastModified?: string } {
  const customer = body.customer;
  const raw = isObj(customer) ? customer.id : customer === '' ? undefined : scalar(customer);
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) throw Err.missingAttribute('customer.id');
  const customerId = readIdValue(raw, isObj(customer) ? 'customer.id' : 'customer');
  const lastModified = readToken(body);
  return { customerId, raw: scalar(raw) ?? '', ...(lastModified ? { lastModified } : {}) };
}
