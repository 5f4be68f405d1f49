// The paging envelope of a search or list response (01 §8.3, §9): the self link and `paginationInfo` with its
// prev/next/first links. Plain data: the JSON and XML writers render it.
import type { KeysetPosition } from './cursor.ts';
import { LINK_EXCLUDED, type ParsedQuery } from './parse.ts';

export interface Link {
  rel: 'self' | 'prev' | 'next' | 'first';
  href: string;
}

interface LinkList {
  /** prev then next (or first alone for `$count=yes`); absent when there is no link (01 §5.2: empty lists are omitted). */
  link?: Link[];
}

export interface PagePaginationInfo extends LinkList {
  count: number;
  pagenum: number;
  pagesize: number;
}

export interface RangePaginationInfo extends LinkList {
  count: number;
  rangestart: number;
  rangesize: number;
}

/** `$count=yes` (01 §8.3): the total and a link to the first page, nothing else. */
export interface CountPaginationInfo {
  count: number;
  link: Link[];
}

export type PaginationInfo = PagePaginationInfo | RangePaginationInfo | CountPaginationInfo;

export interface Pagination {
  /** The top-level self link: the request target as received. Absent for `$count=yes`, whose body is `paginationInfo` only. */
  self?: Link;
  paginationInfo: PaginationInfo;
}

/**
 * A link to another page: the request path, the original non-paging parameters in the order and encoding received,
 * then `$pagenum`&`$pagesize` (or `$rangestart`&`$rangesize`), then `$cursor` when given (01 §9.2).
 */
export function pageHref(q: ParsedQuery, start: number, size: number, cursor?: string): string {
  const kept = q.link.params.filter((p) => !LINK_EXCLUDED.has(p.name)).map((p) => p.raw);
  const [startName, sizeName] = q.paging.style === 'page' ? ['$pagenum', '$pagesize'] : ['$rangestart', '$rangesize'];
  kept.push(`${startName}=${start}`, `${sizeName}=${size}`);
  if (cursor !== undefined) kept.push(`$cursor=${cursor}`);
  return `${q.link.path}?${kept.join('&')}`;
}

const MAX_START = 2147483647;

/**
 * The envelope for a page of `count` matching records. `last` is the sort key values and id of the last item of this
 * page: the `next` token then lets the following request continue by keyset; without it the token carries the offset
 * only. A `next` link needs the codec the query was parsed with.
 */
export function buildPagination(q: ParsedQuery, count: number, last?: KeysetPosition): Pagination {
  const { paging } = q;
  const size = paging.style === 'page' ? paging.pagesize : paging.rangesize;
  if (q.count) {
    return { paginationInfo: { count, link: [{ rel: 'first', href: pageHref(q, 1, size) }] } };
  }

  const links: Link[] = [];
  const start = paging.style === 'page' ? paging.pagenum : paging.rangestart;
  if (start > 1) {
    const prev = paging.style === 'page' ? start - 1 : Math.max(1, start - size);
    links.push({ rel: 'prev', href: pageHref(q, prev, size) });
  }
  const nextOffset = paging.offset + size;
  const nextStart = paging.style === 'page' ? start + 1 : start + size;
  if (nextOffset < count && nextStart <= MAX_START) {
    if (!q.codec) throw new Error('buildPagination: the query was parsed without a CursorCodec');
    const token = q.codec.issue({
      style: paging.style,
      binding: q.link.binding,
      offset: nextOffset,
      ...(last ? { keyset: last } : {}),
    });
    links.push({ rel: 'next', href: pageHref(q, nextStart, size, token) });
  }

  const withLinks = links.length > 0 ? { link: links } : {};
  const paginationInfo: PaginationInfo =
    paging.style === 'page'
      ? { count, pagenum: paging.pagenum, pagesize: paging.pagesize, ...withLinks }
      : { count, rangestart: paging.rangestart, rangesize: paging.rangesize, ...withLinks };
  return { self: { rel: 'self', href: q.link.self }, paginationInfo };
}
