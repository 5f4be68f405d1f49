// The declarative query specification each route writes once: which criteria and `$` parameters it takes and how
// they are typed. `parseQuery` (parse.ts) applies the grammar of 01 §8–§10 to a request target against one of these.

/**
 * One criterion (a query parameter that is not a common `$` parameter). How each kind reads its value:
 * - `id`: positive decimal integer ≤ 2^53−1, leading zeros dropped (`'007'` → `'7'`);
 * - `string`: the decoded value as is (compared case-sensitively unless the route says otherwise);
 * - `email`: lower-cased, spaces read as `+` (an unencoded `+` arrives as a space, 03 §7.2);
 * - `integer`: optional sign and digits, within `min`..`max` when given;
 * - `boolean`: `yes` / `no`, case-insensitive;
 * - `instant`: an exact instant (01 §5.5) or a range `[a,b]`, `[a,]`, `[,b]` whose bounds may also be dates;
 * - `enum`: one of `values`, case-insensitive, returned in the canonical spelling;
 * - `status`: `status` or `status:substatus`, both case-insensitive, the substatus one of that status's list.
 */
export type CriterionSpec =
  /** `allowEmpty`: `name=` is a value like any other (where the endpoint section gives it a meaning). */
  | { name: string; kind: 'string'; allowEmpty?: boolean }
  | { name: string; kind: 'id' | 'email' | 'boolean' | 'instant' }
  | { name: string; kind: 'integer'; min?: number; max?: number }
  | { name: string; kind: 'enum'; values: readonly string[] }
  | { name: string; kind: 'status'; statuses: Readonly<Record<string, readonly string[]>> };

export type QueryMode =
  /** Paged; at least one criterion (not counting `notEnough`) → else 400-103. */
  | 'search'
  /** Paged; criteria optional. */
  | 'list'
  /** By ids: `$attribute` (when `attributes` is set) plus the route's own parameters; paging or sorting → 400-101. */
  | 'get'
  /** A write or action: only the listed parameters (`criteria`, `$attribute` when `attributes` is set, `$lang`). */
  | 'action';

export interface QuerySpec {
  mode: QueryMode;
  /** The route's own parameters, criteria or not (`q`, `expandMacros`, `forceLogin`, ...). */
  criteria?: readonly CriterionSpec[];
  /** Object type (`customer` | `case` | `activity`) whose `custom.<name>` criteria and `$attribute` names are allowed. */
  customAttributes?: string;
  /** Allowed `$sort` names besides `id`, which every paged mode allows. Compared case-insensitively. */
  sort?: readonly string[];
  /** The sort used when `$sort` is absent; `id` by default (knowledge search: `relevance`). */
  defaultSort?: string;
  /** Sort names that take no direction: `$order` together with one of them → 400-104 (knowledge `relevance`). */
  sortWithoutOrder?: readonly string[];
  /**
   * Attribute groups for `$attribute`. Absent: `$attribute` is not accepted (400-101). Present (even empty): blank
   * and `all` are accepted besides the names listed; `custom.<name>` is accepted when `custom` is listed.
   */
  attributes?: readonly string[];
  /** Parameters (criteria or `$attribute`) that must be present and not blank → 400-112. */
  required?: readonly string[];
  /** Groups of parameters of which at most one may be sent → 400-104. */
  exclusive?: readonly (readonly string[])[];
  /** `$lang` accepted (knowledge). */
  lang?: boolean;
  /** `$level` accepted (knowledge folders and topics). */
  level?: boolean;
  /** Criteria that alone do not satisfy a `search` (activity search: `['type']`). */
  notEnough?: readonly string[];
  /** Every query parameter is ignored (hello, license, public chat entry points). */
  ignoreAll?: boolean;
}
