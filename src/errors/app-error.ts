import { catalogue, type ErrorKey, type MessageParam } from './catalogue.ts';

export type ErrorDetail = { key: string; value: string };

/**
 * The one error type services and the platform throw. The error handler renders it in the negotiated format
 * and language; `params` fill the message template, `details` go to the body as they are (01 §7.1).
 */
export class AppError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(
    readonly key: ErrorKey,
    readonly params: Record<string, MessageParam> = {},
    readonly details: ErrorDetail[] = [],
    headers: Record<string, string> = {},
  ) {
    super(key);
    this.name = 'AppError';
    this.status = catalogue[key].status;
    this.headers = headers;
  }
}

const names = (list: readonly string[]) => list.join(', ');

/** Constructors named after what went wrong, so call sites read as the spec does. */
export const Err = {
  unsupportedQueryParams: (params: { name: string; value: string }[]) =>
    new AppError('400-101', { names: params.map((p) => p.name).join("', '") }, params.map((p) => ({ key: p.name, value: p.value }))),
  invalidParam: (name: string, value: string) => new AppError('400-102', { name, value }, [{ key: name, value }]),
  criterionRequired: () => new AppError('400-103'),
  /** 01 §7.1: one details pair per parameter as sent (name and value); the message names each parameter once. */
  illegalCombination: (params: readonly { name: string; value: string }[]) =>
    new AppError('400-104', { names: names([...new Set(params.map((p) => p.name))]) }, params.map((p) => ({ key: p.name, value: p.value }))),
  missingQueryParams: (params: readonly string[]) => new AppError('400-112', { names: names(params) }, params.map((p) => ({ key: p, value: '' }))),
  malformedBody: () => new AppError('400-150'),
  invalidAttribute: (attribute: string, value: unknown) =>
    new AppError('400-152', { attribute }, [{ key: attribute, value: value === undefined || value === null ? '' : String(value) }]),
  missingAttribute: (attribute: string) => new AppError('400-153', { attribute }, [{ key: attribute, value: '' }]),
  tooManyItems: (count: number) => new AppError('400-160', { count }, [{ key: 'limit', value: '75' }]),
  notAuthorized: () => new AppError('403-197'),
  originNotAllowed: (origin: string) => new AppError('403-199', { origin }, [{ key: 'Origin', value: origin }]),
  unknownPath: (path: string) => new AppError('404-100', { path }),
  idsNotFound: (ids: readonly string[]) => new AppError('404-101', { ids: names(ids) }, ids.map((id) => ({ key: 'id', value: id }))),
  methodNotAllowed: (method: string, allow: readonly string[]) => new AppError('405-100', { method }, [], { Allow: allow.join(', ') }),
  unsupportedLanguage: (value: string) => new AppError('406-100', { value }, [{ key: 'Accept-Language', value }]),
  unsupportedAccept: (value: string) => new AppError('406-101', { value }, [{ key: 'Accept', value }]),
  modifiedSinceRead: (id: string) => new AppError('409-101', { id }, [{ key: 'id', value: id }]),
  stateForbids: (id: string, reason: MessageParam) => new AppError('409-102', { id, reason }, [{ key: 'id', value: id }]),
  bodyTooLarge: (limit: number) => new AppError('413-100', { limit }, [{ key: 'limit', value: String(limit) }]),
  unsupportedContentType: (value: string) => new AppError('415-100', { value }, [{ key: 'Content-Type', value }]),
  compressedBody: (value: string) => new AppError('415-101', {}, [{ key: 'Content-Encoding', value }]),
  tooManyRequests: (seconds: number) =>
    new AppError('429-100', { seconds }, [{ key: 'retryAfter', value: String(seconds) }], { 'Retry-After': String(seconds) }),
  unavailable: (seconds = 5) =>
    new AppError('503-100', { seconds }, [{ key: 'retryAfter', value: String(seconds) }], { 'Retry-After': String(seconds) }),
};
