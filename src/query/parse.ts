// The query grammar of 01 §8–§10 applied to a request target against a route's QuerySpec. Errors come in the order
// of 01 §7.2 step 7: 400-101 (every unknown name, in the order sent), 400-104, 400-102 (first bad value in the order
// sent, then `$cursor`), 400-112, 400-103. Detail keys and values are the parameter names and values as sent
// (percent-decoded; the raw text where it does not decode).
import { Err } from '../errors/app-error.ts';
import { CursorCodec, requestBinding, type KeysetPosition, type PagingStyle, type SortOrder } from './cursor.ts';
import { parseId } from './ids.ts';
import { parseInstant } from '../common/instant.ts';
import type { CriterionSpec, QuerySpec } from './spec.ts';

/** Which of `names` are custom attributes defined for `objectType` (the customers area implements it from the database). */
export interface CustomAttributeResolver {
  definedNames(objectType: string, names: readonly string[]): Promise<ReadonlySet<string>>;
}

export type CriterionValue =
  | { kind: 'id'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'email'; value: string }
  | { kind: 'enum'; value: string }
  | { kind: 'integer'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'instant'; value: Date }
  | { kind: 'range'; from?: Date; to?: Date }
  | { kind: 'status'; status: string; substatus?: string };

export type CriterionKind = CriterionValue['kind'];

export interface CustomCriterion {
  /** The attribute name, without the `custom.` prefix (case-sensitive). */
  name: string;
  value: string;
}

export interface Paging {
  style: PagingStyle;
  /** Page style: as sent (or from the token); range style: the page that holds `rangestart`. */
  pagenum: number;
  pagesize: number;
  /** 1-based; `$rangestart=0` is read as 1. Page style: the first item of the page. */
  rangestart: number;
  rangesize: number;
  /** 0-based index of the first item to return, and the number of items. */
  offset: number;
  limit: number;
  /** A paging parameter or `$cursor` was sent. */
  explicit: boolean;
}

export interface Sort {
  field: string;
  order: SortOrder;
}

/** A verified `$cursor`: the page it leads to and, when the token carries it, the keyset to continue after. */
export interface CursorPosition {
  offset: number;
  keyset?: KeysetPosition;
}

/** One query parameter as received, for the self/prev/next links. */
export interface RawParam {
  /** The decoded name (`$attribute` for `%24attribute`). */
  name: string;
  /** `name=value` exactly as received (or `name` when it came without `=`). */
  raw: string;
  /** The decoded value (the raw text when it does not decode; `""` without `=`). */
  value: string;
}

export interface LinkContext {
  /** The request target as received: the self link href (01 §9.2). */
  self: string;
  /** The path part of the request target as received. */
  path: string;
  /** Every non-empty parameter segment in the order received. */
  params: readonly RawParam[];
  /** `requestBinding()` of this request, for issuing the `next` token. */
  binding: string;
}

export interface ParsedQuery {
  mode: QuerySpec['mode'];
  /** Typed criteria by name, in the order sent. */
  criteria: ReadonlyMap<string, CriterionValue>;
  /** `custom.<name>=value` criteria in the order sent. */
  custom: readonly CustomCriterion[];
  paging: Paging;
  sort: Sort;
  /** `$attribute` groups in their canonical spelling; `all` (alone) means every group; empty = default set. */
  attributes: ReadonlySet<string>;
  /** `$attribute`/`$attributes` was sent (even blank): knowledge writes answer 200 instead of 204 (06 §1.4). */
  attributeGiven: boolean;
  /** `$count=yes`. */
  count: boolean;
  cursor?: CursorPosition;
  /** `$lang`, lower-cased with `_` read as `-` (`en_US` → `en-us`); whether it is configured is for the route. */
  lang?: string;
  level?: number;
  link: LinkContext;
  /** The codec that verified `$cursor` and issues the `next` token. */
  codec?: CursorCodec;
}

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 75;
const MAX_INT = 2147483647;
const MAX_TARGET_BYTES = 8192;

const PAGE_PARAMS = ['$pagenum', '$pagesize'] as const;
const RANGE_PARAMS = ['$rangestart', '$rangesize'] as const;
const PAGED_PARAMS = new Set<string>([...PAGE_PARAMS, ...RANGE_PARAMS, '$sort', '$order', '$cursor', '$count']);
const ATTRIBUTE_PARAMS = new Set(['$attribute', '$attributes']);
/** Parameters a prev/next/first link replaces or drops (01 §9.2, §8.3). */
export const LINK_EXCLUDED = new Set<string>([...PAGE_PARAMS, ...RANGE_PARAMS, '$cursor', '$count']);

// XML 1.0 Char production (01 §3.4); with the `u` flag an unpaired surrogate is one code point and fails the class.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const CUSTOM_PREFIX = 'custom.';

interface Param {
  name: string;
  /** Decoded value; the raw text when it does not decode (`decoded` false). */
  value: string;
  decoded: boolean;
  raw: string;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function splitTarget(rawUrl: string): { path: string; params: Param[] } {
  const hash = rawUrl.indexOf('#');
  const target = hash === -1 ? rawUrl : rawUrl.slice(0, hash);
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const params: Param[] = [];
  if (q === -1) return { path, params };
  for (const raw of target.slice(q + 1).split('&')) {
    if (raw === '') continue;
    const eq = raw.indexOf('=');
    const rawName = eq === -1 ? raw : raw.slice(0, eq);
    const rawValue = eq === -1 ? '' : raw.slice(eq + 1);
    const name = decode(rawName) ?? rawName;
    const value = decode(rawValue);
    params.push({ name, value: value ?? rawValue, decoded: value !== null, raw });
  }
  return { path, params };
}

const lower = (s: string) => s.toLowerCase();
const findCi = (list: readonly string[], value: string) => list.find((v) => lower(v) === lower(value));
const isCustomName = (name: string) => name.startsWith(CUSTOM_PREFIX) && name.length > CUSTOM_PREFIX.length;

/** An integer in min..max written as digits only (leading zeros allowed), else null. */
function boundedInt(value: string, min: number, max: number, signed = false): number | null {
  if (!(signed ? /^-?[0-9]+$/ : /^[0-9]+$/).test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

function yesNo(value: string): boolean | null {
  const v = lower(value);
  return v === 'yes' ? true : v === 'no' ? false : null;
}

function parseRange(value: string): CriterionValue | null {
  if (!value.startsWith('[') || !value.endsWith(']')) return null;
  const bounds = value.slice(1, -1).split(',');
  if (bounds.length !== 2) return null;
  const [a = '', b = ''] = bounds;
  if (a === '' && b === '') return null;
  const from = a === '' ? undefined : parseInstant(a, { dateOnly: true, inQuery: true });
  const to = b === '' ? undefined : parseInstant(b, { dateOnly: true, inQuery: true });
  if (from === null || to === null) return null;
  if (from && to && from.getTime() > to.getTime()) return null;
  const range: { kind: 'range'; from?: Date; to?: Date } = { kind: 'range' };
  if (from) range.from = from;
  if (to) range.to = to;
  return range;
}

/** The typed value of one criterion, or null when the value is not valid for its kind (→ 400-102). */
export function parseCriterion(spec: CriterionSpec, value: string): CriterionValue | null {
  switch (spec.kind) {
    case 'id': {
      const id = parseId(value);
      return id === null ? null : { kind: 'id', value: id };
    }
    case 'string':
      return { kind: 'string', value };
    case 'email':
      return { kind: 'email', value: lower(value.replace(/ /g, '+')) };
    case 'integer': {
      const n = boundedInt(value, spec.min ?? Number.MIN_SAFE_INTEGER, spec.max ?? Number.MAX_SAFE_INTEGER, true);
      return n === null ? null : { kind: 'integer', value: n };
    }
    case 'boolean': {
      const b = yesNo(value);
      return b === null ? null : { kind: 'boolean', value: b };
    }
    case 'instant': {
      if (value.startsWith('[') || value.endsWith(']') || value.includes(',')) return parseRange(value);
      const d = parseInstant(value, { inQuery: true });
      return d === null ? null : { kind: 'instant', value: d };
    }
    case 'enum': {
      const v = findCi(spec.values, value);
      return v === undefined ? null : { kind: 'enum', value: v };
    }
    case 'status': {
      const parts = value.split(':');
      if (parts.length > 2) return null;
      const [s = '', sub] = parts;
      const status = findCi(Object.keys(spec.statuses), s);
      if (status === undefined) return null;
      if (sub === undefined) return { kind: 'status', status };
      const substatus = findCi(spec.statuses[status] ?? [], sub);
      return substatus === undefined ? null : { kind: 'status', status, substatus };
    }
  }
}

/** The criterion `name` when it was sent with the given kind (narrowed), else undefined. */
export function criterion<K extends CriterionKind>(q: ParsedQuery, name: string, kind: K): Extract<CriterionValue, { kind: K }> | undefined {
  const c = q.criteria.get(name);
  return c && c.kind === kind ? (c as Extract<CriterionValue, { kind: K }>) : undefined;
}

/** Whether the response should include attribute group `group` (`all` includes every group and `custom.<name>`). */
export function wantsAttribute(q: ParsedQuery, group: string): boolean {
  if (q.attributes.has('all') || q.attributes.has(group)) return true;
  return group.startsWith(CUSTOM_PREFIX) && q.attributes.has('custom');
}

function defaultPaging(): Paging {
  return {
    style: 'page',
    pagenum: 1,
    pagesize: DEFAULT_PAGE_SIZE,
    rangestart: 1,
    rangesize: DEFAULT_PAGE_SIZE,
    offset: 0,
    limit: DEFAULT_PAGE_SIZE,
    explicit: false,
  };
}

function pagingAt(style: PagingStyle, offset: number, size: number, explicit: boolean): Paging {
  return {
    style,
    pagenum: Math.floor(offset / size) + 1,
    pagesize: size,
    rangestart: offset + 1,
    rangesize: size,
    offset,
    limit: size,
    explicit,
  };
}

/** The `$attribute` names a value lists (trimmed, blanks ignored). */
function attributeNames(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Parses and validates the query of `rawUrl` (the request target as received) against `spec`.
 * `resolver` answers which `custom.<name>` are defined (without it, none is); `codec` verifies `$cursor` and issues
 * `next` tokens (a paged route must pass it: a `$cursor` without a codec is a programming error, not a client one).
 */
export async function parseQuery(rawUrl: string, spec: QuerySpec, resolver?: CustomAttributeResolver, codec?: CursorCodec): Promise<ParsedQuery> {
  const { path, params } = splitTarget(rawUrl);
  const link = (binding: string): LinkContext => ({ self: rawUrl, path, params: params.map((p) => ({ name: p.name, raw: p.raw, value: p.value })), binding });
  const result = (over: Partial<ParsedQuery>, binding: string): ParsedQuery => ({
    mode: spec.mode,
    criteria: new Map(),
    custom: [],
    paging: defaultPaging(),
    sort: { field: spec.defaultSort ?? 'id', order: 'asc' },
    attributes: new Set(),
    attributeGiven: false,
    count: false,
    link: link(binding),
    ...(codec ? { codec } : {}),
    ...over,
  });
  if (spec.ignoreAll) return result({}, '');

  const paged = spec.mode === 'search' || spec.mode === 'list';
  const criteriaSpecs = new Map((spec.criteria ?? []).map((c) => [c.name, c]));
  const attributeGroups = spec.attributes;
  const customGroupAllowed = attributeGroups?.some((g) => lower(g) === 'custom') ?? false;

  // ---- 400-101: every name the endpoint does not take, in the order sent ------------------------------------------
  const customCandidates = new Set<string>();
  if (spec.customAttributes) {
    for (const p of params) if (isCustomName(p.name)) customCandidates.add(p.name.slice(CUSTOM_PREFIX.length));
    if (customGroupAllowed) {
      for (const p of params) {
        if (!ATTRIBUTE_PARAMS.has(p.name)) continue;
        for (const n of attributeNames(p.value)) {
          if (lower(n).startsWith(CUSTOM_PREFIX) && n.length > CUSTOM_PREFIX.length) customCandidates.add(n.slice(CUSTOM_PREFIX.length));
        }
      }
    }
  }
  const defined =
    spec.customAttributes && resolver && customCandidates.size > 0
      ? await resolver.definedNames(spec.customAttributes, [...customCandidates])
      : new Set<string>();

  const accepted = (name: string): boolean => {
    if (criteriaSpecs.has(name)) return true;
    if (PAGED_PARAMS.has(name)) return paged;
    if (ATTRIBUTE_PARAMS.has(name)) return attributeGroups !== undefined;
    if (name === '$lang') return spec.lang === true;
    if (name === '$level') return spec.level === true;
    if (spec.customAttributes && isCustomName(name)) return defined.has(name.slice(CUSTOM_PREFIX.length));
    return false;
  };
  const unknown: { name: string; value: string }[] = [];
  for (const p of params) {
    if (!accepted(p.name) && !unknown.some((u) => u.name === p.name)) unknown.push({ name: p.name, value: p.value });
  }
  if (unknown.length > 0) throw Err.unsupportedQueryParams(unknown);

  // ---- 400-104: illegal combinations -------------------------------------------------------------------------------
  const byName = new Map<string, Param>();
  for (const p of params) {
    const first = byName.get(p.name);
    if (first) throw Err.illegalCombination([first, p]);
    byName.set(p.name, p);
  }
  const sent = (names: readonly string[]) => params.filter((p) => names.includes(p.name));
  if (byName.has('$attribute') && byName.has('$attributes')) throw Err.illegalCombination(sent(['$attribute', '$attributes']));
  const pageSent = sent(PAGE_PARAMS);
  const rangeSent = sent(RANGE_PARAMS);
  if (pageSent.length > 0 && rangeSent.length > 0) throw Err.illegalCombination(sent([...PAGE_PARAMS, ...RANGE_PARAMS]));
  const cursorParam = byName.get('$cursor');
  if (cursorParam && byName.has('$count')) throw Err.illegalCombination(sent(['$cursor', '$count']));
  if (cursorParam && !codec) throw new Error('parseQuery: a paged route must pass its CursorCodec');
  const token = cursorParam && codec ? codec.decode(cursorParam.value) : null;
  if (token) {
    const other = token.style === 'page' ? rangeSent : pageSent;
    if (other.length > 0) throw Err.illegalCombination(sent(['$cursor', ...other.map((p) => p.name)]));
  }
  if (byName.has('$order') && !byName.has('$sort')) throw Err.illegalCombination(sent(['$order']));
  const sortParam = byName.get('$sort');
  if (sortParam && byName.has('$order') && spec.sortWithoutOrder && findCi(spec.sortWithoutOrder, sortParam.value) !== undefined) {
    throw Err.illegalCombination(sent(['$sort', '$order']));
  }
  for (const group of spec.exclusive ?? []) {
    const present = sent(group);
    if (present.length > 1) throw Err.illegalCombination(present);
  }

  // ---- 400-102: values, in the order sent --------------------------------------------------------------------------
  if (Buffer.byteLength(rawUrl, 'utf8') > MAX_TARGET_BYTES) throw Err.invalidParam('url', rawUrl);
  const criteria = new Map<string, CriterionValue>();
  const custom: CustomCriterion[] = [];
  const attributes = new Set<string>();
  const sortNames = ['id', ...(spec.sort ?? [])];
  let sort: Sort = { field: spec.defaultSort ?? 'id', order: 'asc' };
  let count = false;
  let lang: string | undefined;
  let level: number | undefined;
  const ints: Partial<Record<'$pagenum' | '$pagesize' | '$rangestart' | '$rangesize', number>> = {};

  for (const p of params) {
    const bad = () => Err.invalidParam(p.name, p.value);
    const isAttribute = ATTRIBUTE_PARAMS.has(p.name);
    if (!p.decoded || NOT_XML_CHAR.test(p.value)) throw bad();
    const cSpec = criteriaSpecs.get(p.name);
    if (p.value === '' && !isAttribute && !(cSpec && 'allowEmpty' in cSpec && cSpec.allowEmpty)) throw bad();
    if (cSpec) {
      const v = parseCriterion(cSpec, p.value);
      if (v === null) throw bad();
      criteria.set(p.name, v);
      continue;
    }
    if (isCustomName(p.name)) {
      custom.push({ name: p.name.slice(CUSTOM_PREFIX.length), value: p.value });
      continue;
    }
    switch (p.name) {
      case '$pagenum':
      case '$rangestart': {
        const n = boundedInt(p.value, p.name === '$pagenum' ? 1 : 0, MAX_INT);
        if (n === null) throw bad();
        ints[p.name] = Math.max(n, 1);
        break;
      }
      case '$pagesize':
      case '$rangesize': {
        const n = boundedInt(p.value, 1, MAX_PAGE_SIZE);
        if (n === null) throw bad();
        ints[p.name] = n;
        break;
      }
      case '$sort': {
        const field = p.value.includes(',') ? undefined : findCi(sortNames, p.value);
        if (field === undefined) throw bad();
        sort = { ...sort, field };
        break;
      }
      case '$order': {
        const o = lower(p.value);
        if (o !== 'asc' && o !== 'desc') throw bad();
        sort = { ...sort, order: o };
        break;
      }
      case '$count': {
        const b = yesNo(p.value);
        if (b === null) throw bad();
        count = b;
        break;
      }
      case '$attribute':
      case '$attributes': {
        for (const n of attributeNames(p.value)) {
          if (lower(n) === 'all') {
            attributes.add('all');
            continue;
          }
          const group = findCi(attributeGroups ?? [], n);
          if (group !== undefined) {
            attributes.add(group);
            continue;
          }
          const customName = n.slice(CUSTOM_PREFIX.length);
          const customOk =
            customGroupAllowed &&
            lower(n).startsWith(CUSTOM_PREFIX) &&
            customName !== '' &&
            // Without a custom attribute type or resolver the name cannot be checked; it is taken as is.
            (!spec.customAttributes || !resolver || defined.has(customName));
          if (!customOk) throw bad();
          attributes.add(CUSTOM_PREFIX + customName);
        }
        break;
      }
      case '$lang': {
        if (!/^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/.test(p.value)) throw bad();
        lang = lower(p.value).replace(/_/g, '-');
        break;
      }
      case '$level': {
        const n = boundedInt(p.value, -1, MAX_INT, true);
        if (n === null) throw bad();
        level = n;
        break;
      }
      case '$cursor':
        break; // checked below, once the request it must be bound to is known
    }
  }
  if (attributes.has('all')) {
    attributes.clear();
    attributes.add('all');
  }

  const style: PagingStyle = rangeSent.length > 0 || token?.style === 'range' ? 'range' : 'page';
  const sizeParam = style === 'page' ? '$pagesize' : '$rangesize';
  const size = ints[sizeParam] ?? DEFAULT_PAGE_SIZE;
  const bindingCriteria: [string, unknown][] = [...criteria].map(([n, v]) => [n, v]);
  for (const c of custom) bindingCriteria.push([CUSTOM_PREFIX + c.name, c.value]);
  if (lang !== undefined) bindingCriteria.push(['$lang', lang]);
  const binding = paged ? requestBinding({ path, style, size, sort: sort.field, order: sort.order, criteria: bindingCriteria }) : '';

  let paging: Paging;
  let cursor: CursorPosition | undefined;
  if (cursorParam) {
    const badCursor = () => Err.invalidParam(cursorParam.name, cursorParam.value);
    // The page size the token was issued for must be sent with it (01 §9.4), as the next link does.
    if (!token || ints[sizeParam] === undefined || token.binding !== binding) throw badCursor();
    const startParam = style === 'page' ? '$pagenum' : '$rangestart';
    const leadsTo = style === 'page' ? token.offset / size + 1 : token.offset + 1;
    if (!Number.isInteger(leadsTo) || leadsTo > MAX_INT) throw badCursor();
    const given = ints[startParam];
    const startSent = byName.get(startParam);
    if (given !== undefined && startSent && given !== leadsTo) throw Err.invalidParam(startSent.name, startSent.value);
    cursor = token.keyset ? { offset: token.offset, keyset: token.keyset } : { offset: token.offset };
    paging = pagingAt(style, token.offset, size, true);
  } else if (style === 'range') {
    const start = ints.$rangestart ?? 1;
    paging = pagingAt('range', start - 1, size, true);
  } else {
    const pagenum = ints.$pagenum ?? 1;
    paging = pagingAt('page', (pagenum - 1) * size, size, pageSent.length > 0);
  }

  // ---- 400-112: required parameters --------------------------------------------------------------------------------
  const missing = (spec.required ?? []).filter((name) => {
    if (ATTRIBUTE_PARAMS.has(name)) {
      const a = byName.get('$attribute') ?? byName.get('$attributes');
      return !a || attributeNames(a.value).length === 0;
    }
    return !byName.has(name);
  });
  if (missing.length > 0) throw Err.missingQueryParams(missing);

  // ---- 400-103: a search needs a criterion -------------------------------------------------------------------------
  if (spec.mode === 'search') {
    const notEnough = new Set(spec.notEnough ?? []);
    const enough = [...criteria.keys()].some((n) => !notEnough.has(n)) || custom.length > 0;
    if (!enough) throw Err.criterionRequired();
  }

  return result(
    {
      criteria,
      custom,
      paging,
      sort,
      attributes,
      attributeGiven: byName.has('$attribute') || byName.has('$attributes'),
      count,
      ...(cursor ? { cursor } : {}),
      ...(lang !== undefined ? { lang } : {}),
      ...(level !== undefined ? { level } : {}),
    },
    binding,
  );
}
