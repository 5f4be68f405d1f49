// The `$cursor` keyset token of 01 §9.4. A token is base64url (no padding, at most 512 characters) of
//   MAC (16 bytes: HMAC-SHA256 under the shared secret, truncated) ‖ UTF-8 JSON payload
// The payload holds: the paging style, a hash binding the token to the request it was issued for (path, criteria,
// `$sort`, `$order`, page size and paging style), the 0-based offset of the page it leads to, and the sort key values
// and id of the last item of the page before. The token holds no server state, so it never expires and every
// instance sharing the secret accepts it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type PagingStyle = 'page' | 'range';
export type SortOrder = 'asc' | 'desc';

/** A sort key value of the last item of a page. Dates survive the round trip as Dates. */
export type SortKeyValue = string | number | boolean | Date | null;

/** Where the next page starts in keyset terms: the sort key values and id of the last item of the previous page. */
export interface KeysetPosition {
  values: readonly SortKeyValue[];
  id: string;
}

export interface CursorPayload {
  style: PagingStyle;
  /** `requestBinding()` of the request the token was issued for. */
  binding: string;
  /** 0-based index of the first item of the page the token leads to. */
  offset: number;
  /** Absent when the sort key values would not fit the 512-character limit; the page is then read by offset. */
  keyset?: KeysetPosition;
}

/** What a token is bound to: a different value of any of these makes the token foreign (400-102). */
export interface CursorBinding {
  path: string;
  style: PagingStyle;
  size: number;
  sort: string;
  order: SortOrder;
  /** Canonical criteria (including `custom.<name>` and `$lang`) as name/value pairs, in any order. */
  criteria: readonly (readonly [string, unknown])[];
}

export const CURSOR_MAX_LENGTH = 512;
const MAC_BYTES = 16;
const MAC_CONTEXT = 'ece-cursor-v1\u0000';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const BINDING = /^[A-Za-z0-9_-]{22}$/;
const ID = /^[1-9][0-9]{0,15}$/;

/** A canonical hash of what a token is bound to (16 bytes, base64url). Criteria order does not matter. */
export function requestBinding(b: CursorBinding): string {
  const criteria = [...b.criteria].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  // One trailing slash is ignored on routing (01 §1.1), so it must not make a token foreign either.
  const path = b.path.length > 1 && b.path.endsWith('/') ? b.path.slice(0, -1) : b.path;
  const canonical = JSON.stringify([1, path, b.style, b.size, b.sort, b.order, criteria]);
  return createHash('sha256').update(canonical).digest().subarray(0, 16).toString('base64url');
}

type EncodedValue = string | number | boolean | null | { t: number };

function encodeValue(v: SortKeyValue): EncodedValue {
  if (v instanceof Date) return { t: v.getTime() };
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('cursor sort key values must be finite numbers');
  return v;
}

function decodeValue(v: unknown): SortKeyValue | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v);
    const t = (v as { t?: unknown }).t;
    if (keys.length === 1 && typeof t === 'number' && Number.isFinite(t)) return new Date(t);
  }
  return undefined;
}

/** Issues and verifies `$cursor` tokens under a secret every instance of the server shares. */
export class CursorCodec {
  readonly #secret: Buffer;

  constructor(secret: Buffer) {
    if (secret.length < 16) throw new Error('the cursor secret must be at least 16 bytes');
    this.#secret = Buffer.from(secret);
  }

  #mac(body: Buffer): Buffer {
    return createHmac('sha256', this.#secret).update(MAC_CONTEXT).update(body).digest().subarray(0, MAC_BYTES);
  }

  #seal(json: object): string {
    const body = Buffer.from(JSON.stringify(json), 'utf8');
    return Buffer.concat([this.#mac(body), body]).toString('base64url');
  }

  /** A token for `payload`; the keyset is left out when it would make the token longer than 512 characters. */
  issue(payload: CursorPayload): string {
    if (!Number.isSafeInteger(payload.offset) || payload.offset < 0) throw new Error('cursor offset must be a non-negative integer');
    if (!BINDING.test(payload.binding)) throw new Error('cursor binding must come from requestBinding()');
    const base = { v: 1, s: payload.style === 'page' ? 'p' : 'r', b: payload.binding, o: payload.offset };
    if (payload.keyset && ID.test(payload.keyset.id)) {
      const token = this.#seal({ ...base, k: payload.keyset.values.map(encodeValue), i: payload.keyset.id });
      if (token.length <= CURSOR_MAX_LENGTH) return token;
    }
    return this.#seal(base);
  }

  /** The payload of a token this service issued, or `null` (not base64url, too long, MAC mismatch, bad shape). */
  decode(token: string): CursorPayload | null {
    if (token.length > CURSOR_MAX_LENGTH || !BASE64URL.test(token)) return null;
    const bytes = Buffer.from(token, 'base64url');
    // Reject non-canonical encodings (trailing bits) so that one payload has exactly one token.
    if (bytes.toString('base64url') !== token || bytes.length <= MAC_BYTES) return null;
    const mac = bytes.subarray(0, MAC_BYTES);
    const body = bytes.subarray(MAC_BYTES);
    if (!timingSafeEqual(mac, this.#mac(body))) return null;
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return null;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
    const o = json as Record<string, unknown>;
    if (o.v !== 1 || (o.s !== 'p' && o.s !== 'r') || typeof o.b !== 'string' || !BINDING.test(o.b)) return null;
    if (typeof o.o !== 'number' || !Number.isSafeInteger(o.o) || o.o < 0) return null;
    const payload: CursorPayload = { style: o.s === 'p' ? 'page' : 'range', binding: o.b, offset: o.o };
    if (o.k !== undefined || o.i !== undefined) {
      if (!Array.isArray(o.k) || typeof o.i !== 'string' || !ID.test(o.i)) return null;
      const values: SortKeyValue[] = [];
      for (const raw of o.k as unknown[]) {
        const v = decodeValue(raw);
        if (v === undefined) return null;
        values.push(v);
      }
      payload.keyset = { values, id: o.i };
    }
    return payload;
  }
}
