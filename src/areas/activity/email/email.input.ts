// Reads the create body of V3 (inbound email), V4 (compose and save) and V5 (compose and send), 05 §9.3–§9.6, into
// typed input, checking what depends on the request alone (01 §7.2 step 7): the type and subtype, required fields,
// address syntax, lengths, list sizes, scalar types. Create bodies read JSON `null` as absent (01 §3.2). Each
// 400-152 / 400-153 names the attribute as the client wrote it (03 B4). What needs stored data (department, alias,
// case, custom attribute definitions) is the services'.
import { Err } from '../../../errors/app-error.ts';
import { parseInstant } from '../../../common/instant.ts';
import type { AttributeInput } from '../../custom-attributes/values.ts';
import { readAttributes, readIdValue } from '../../case/case.input.ts';
import { isEmailAddress } from '../../customer/customer.input.ts';
import { readContents, readDueDate, readLanguage, readPriority, readSubject } from '../activity-edit.input.ts';

type Obj = Record<string, unknown>;

/** An address as sent (trimmed, 03 B3) with its bare address and the display name, if any (`Ann Lee <ann@x.com>`). */
export type Address = { raw: string; address: string; displayName?: string };

export type DepartmentInput = { id?: string; name?: string; path: string; raw: string };

export type EmailInput = {
  subtype: 'general' | 'compose';
  department: DepartmentInput;
  subject: string;
  text: string | null;
  html: string | null;
  /** Where the text and html contents are in the body (`payload.email.contents.content[i].value`), for errors. */
  contentPaths: { text?: string; html?: string };
  /** V3: `payload.email.date.date`. */
  emailDate?: Date;
  /** V3: the sender (required); V4/V5: the sending alias's address (optional). */
  from?: Address;
  /** V3: the receiving alias's address. */
  receiver?: Address;
  /** V3: as sent; V4/V5: valid addresses, the first one identifies the customer. */
  to: Address[];
  cc: Address[];
  /** V4/V5 only (V3 ignores it, 05 §9.3 "other fields are ignored"). */
  bcc: Address[];
  caseId?: bigint;
  isSecure?: boolean;
  priority?: number;
  dueDate?: Date | null;
  language?: string;
  attributes?: AttributeInput[];
};

export const MAX_ADDRESSES = 75;
/** The longest address text stored (the `from_address`/`receiver_address` columns). */
const MAX_ADDRESS_TEXT = 320;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null;
const blank = (v: unknown) => absent(v) || (typeof v === 'string' && v.trim() === '') || (isObj(v) && Object.keys(v).length === 0);
const scalar = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const invalid = (path: string, v: unknown): never => {
  throw Err.invalidAttribute(path, typeof v === 'object' ? '' : v);
};
const objAt = (v: unknown, path: string): Obj | undefined => {
  if (blank(v)) return undefined;
  if (!isObj(v)) return invalid(path, v);
  return v;
};

/** `Ann Lee <ann@example.com>` → display name and bare address; a bare address as it is. Quotes around the name go. */
export function splitAddress(text: string): { address: string; displayName?: string } {
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(text);
  if (!m) return { address: text };
  const name = m[1]!.trim().replace(/^"(.*)"$/, '$1').trim();
  return { address: m[2]!.trim(), ...(name ? { displayName: name } : {}) };
}

/** One address (03 B3: trimmed). `valid`: the bare address must be a valid email address (03 §4.3), else 400-152. */
function readAddress(v: unknown, path: string, valid: boolean): Address {
  const s = scalar(v)?.trim();
  if (s === undefined) return invalid(path, v);
  if (Array.from(s).length > MAX_ADDRESS_TEXT) return invalid(path, s);
  const { address, displayName } = splitAddress(s);
  if (valid && !isEmailAddress(address)) return invalid(path, s);
  return { raw: s, address, ...(displayName ? { displayName } : {}) };
}

/**
 * An address list `{"address":[…]}` (B1: one value is a list of one; a bare string or array is read the same way).
 * More than 75 → 400-160; blank entries are left out.
 */
function readAddressList(v: unknown, path: string, valid: boolean): Address[] {
  if (blank(v)) return [];
  const inner = isObj(v) ? v.address : v;
  const at = isObj(v) ? `${path}.address` : path;
  const items = Array.isArray(inner) ? inner : absent(inner) ? [] : [inner];
  if (items.length > MAX_ADDRESSES) throw Err.tooManyItems(items.length);
  return items.flatMap((item, i) => (blank(item) ? [] : [readAddress(item, Array.isArray(inner) ? `${at}[${i}]` : at, valid)]));
}

/** A lenient boolean (01 §3.2): true/false, or "true", "false", "yes", "no" in any letter case. */
function readBoolean(v: unknown, path: string): boolean {
  if (typeof v === 'boolean') return v;
  const s = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
  if (s === 'true' || s === 'yes') return true;
  if (s === 'false' || s === 'no') return false;
  return invalid(path, v);
}

/** `type.value` must be `email`; `type.subtype.value` `general` or `compose` (05 §1: anything else → 400-152). */
function readSubtype(body: Obj): 'general' | 'compose' {
  const type = body.type;
  if (blank(type)) throw Err.missingAttribute('type.value');
  if (!isObj(type)) return invalid('type', type);
  const value = isObj(type.value) ? undefined : scalar(type.value)?.trim();
  if (!value) throw Err.missingAttribute('type.value');
  if (value.toLowerCase() !== 'email') return invalid('type.value', type.value);
  const sub = type.subtype;
  const subValue = isObj(sub) ? scalar(sub.value)?.trim() : scalar(sub)?.trim();
  if (!subValue) throw Err.missingAttribute('type.subtype.value');
  const lower = subValue.toLowerCase();
  if (lower !== 'general' && lower !== 'compose') return invalid('type.subtype.value', subValue);
  return lower;
}

/** `department`: `{"id"}` or `{"name"}` (05 §9.3); missing → 400-153; a malformed id → 400-152. */
function readDepartment(v: unknown): DepartmentInput {
  if (blank(v)) throw Err.missingAttribute('department');
  if (!isObj(v)) return invalid('department', v);
  if (!blank(v.id)) return { id: String(readIdValue(v.id, 'department.id')), path: 'department.id', raw: scalar(v.id) ?? '' };
  const name = scalar(v.name)?.trim();
  if (!name) throw Err.missingAttribute('department');
  return { name, path: 'department.name', raw: name };
}

/** `payload.email.date`: `{"date":"…"}` (XML `<date date="…"/>`) or the bare instant. */
function readEmailDate(v: unknown, path: string): Date | undefined {
  if (blank(v)) return undefined;
  const raw = isObj(v) ? v.date : v;
  const at = isObj(v) ? `${path}.date` : path;
  if (blank(raw)) return undefined;
  const d = typeof raw === 'string' ? parseInstant(raw.trim()) : null;
  if (!d) return invalid(at, raw);
  return d;
}

/**
 * The body of V3 (`general`) or V4/V5 (`compose`). `hasFiles`: the multipart body carries file parts, which count
 * for "at least one of subject, a content or an attachment" (400-153 on `subject` otherwise).
 */
export function readEmail(body: Obj, opts: { hasFiles: boolean; send: boolean }): EmailInput {
  const subtype = readSubtype(body);
  // V5 composes only (05 §9.6).
  if (opts.send && subtype !== 'compose') return invalid('type.subtype.value', subtype);
  const department = readDepartment(body.department);
  const payload = objAt(body.payload, 'payload');
  const email = objAt(payload?.email, 'payload.email');
  const addresses = objAt(email?.emailAddresses, 'payload.email.emailAddresses');
  const at = (name: string) => `payload.email.emailAddresses.${name}`;

  const contents = readContents(email?.contents ?? {}, 'payload.email.contents');
  const text = contents.find((c) => c.type === 'text')?.value ?? null;
  const html = contents.find((c) => c.type === 'html')?.value ?? null;
  const listed = Array.isArray(objAt(email?.contents, 'payload.email.contents')?.content);
  const contentPaths: EmailInput['contentPaths'] = {};
  contents.forEach((c, i) => (contentPaths[c.type] = `payload.email.contents.content${listed ? `[${i}]` : ''}.value`));
  const subject = absent(body.subject) ? '' : readSubject(body.subject, 'subject');
  const out: EmailInput = { subtype, department, subject, text, html, contentPaths, to: [], cc: [], bcc: [] };

  if (subtype === 'general') {
    if (blank(addresses?.from)) throw Err.missingAttribute(at('from'));
    out.from = readAddress(addresses!.from, at('from'), true);
    if (blank(addresses?.receiver)) throw Err.missingAttribute(at('receiver'));
    out.receiver = readAddress(addresses!.receiver, at('receiver'), false);
    // 05 §9.3: to and cc "stored as given" — not checked beyond their shape and size.
    out.to = readAddressList(addresses?.to, at('to'), false);
    out.cc = readAddressList(addresses?.cc, at('cc'), false);
    const date = readEmailDate(email?.date, 'payload.email.date');
    if (date) out.emailDate = date;
  } else {
    if (!blank(addresses?.from)) out.from = readAddress(addresses!.from, at('from'), true);
    out.to = readAddressList(addresses?.to, at('to'), true);
    if (out.to.length === 0) throw Err.missingAttribute(`${at('to')}.address`);
    // V5: exactly one recipient (05 §9.6).
    if (opts.send && out.to.length > 1) return invalid(`${at('to')}.address[1]`, out.to[1]!.raw);
    out.cc = readAddressList(addresses?.cc, at('cc'), true);
    out.bcc = readAddressList(addresses?.bcc, at('bcc'), true);
  }

  const c = objAt(body.case, 'case');
  if (c && !blank(c.id)) out.caseId = readIdValue(c.id, 'case.id');
  const secure = absent(body.isSecure) ? body.secure : body.isSecure;
  if (!absent(secure)) out.isSecure = readBoolean(secure, absent(body.isSecure) ? 'secure' : 'isSecure');
  if (!absent(body.priority)) out.priority = readPriority(body.priority, 'priority');
  if (!absent(body.dueDate)) {
    const due = readDueDate(body.dueDate, 'dueDate');
    if (due) out.dueDate = due;
  }
  if (!absent(body.language)) out.language = readLanguage(body.language, 'language');
  if (!absent(body.customAttributes)) out.attributes = readAttributes(body.customAttributes);

  const hasContent = (text !== null && text !== '') || (html !== null && html !== '');
  if (subject.trim() === '' && !hasContent && !opts.hasFiles) throw Err.missingAttribute('subject');
  return out;
}
