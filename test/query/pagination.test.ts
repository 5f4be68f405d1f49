import { describe, expect, it } from 'vitest';
import { buildPagination, type Link, type Pagination } from '../../src/query/pagination.ts';
import { parseQuery } from '../../src/query/parse.ts';
import type { QuerySpec } from '../../src/query/spec.ts';
import { activitySearch, codec, queueList, resolver } from './fixtures.ts';

const A = '/system/ws/v12/interaction/activity';
const parse = (url: string, spec: QuerySpec = activitySearch) => parseQuery(url, spec, resolver, codec);
const links = (p: Pagination): Link[] => p.paginationInfo.link ?? [];
const href = (p: Pagination, rel: Link['rel']) => links(p).find((l) => l.rel === rel)?.href;
/** The href without its $cursor, and the cursor. */
function splitCursor(h: string | undefined): [string, string] {
  const m = /^(.*)&\$cursor=([A-Za-z0-9_-]+)$/.exec(h ?? '');
  if (!m) throw new Error(`no $cursor in ${h}`);
  return [m[1]!, m[2]!];
}

describe('buildPagination (01 §9)', () => {
  it('produces the links of the 01 §9.1 example exactly', async () => {
    const self = `${A}?status=completed&type=chat&$pagenum=2&$pagesize=20`;
    const q = await parse(self);
    const p = buildPagination(q, 57, { values: [], id: '1145' });
    expect(p.self).toEqual({ rel: 'self', href: self });
    expect(p.paginationInfo).toMatchObject({ count: 57, pagenum: 2, pagesize: 20 });
    expect(links(p).map((l) => l.rel)).toEqual(['prev', 'next']);
    expect(href(p, 'prev')).toBe(`${A}?status=completed&type=chat&$pagenum=1&$pagesize=20`);
    const [next, token] = splitCursor(href(p, 'next'));
    expect(next).toBe(`${A}?status=completed&type=chat&$pagenum=3&$pagesize=20`);
    expect(token.length).toBeLessThanOrEqual(512);

    // Following the next link leads to page 3, after item 1145.
    const q3 = await parse(href(p, 'next')!);
    expect(q3.cursor).toEqual({ offset: 40, keyset: { values: [], id: '1145' } });
    expect(q3.paging).toMatchObject({ pagenum: 3, pagesize: 20, offset: 40 });
    const p3 = buildPagination(q3, 57, { values: [], id: '1190' });
    expect(p3.self?.href).toBe(href(p, 'next'));
    expect(p3.paginationInfo).toEqual({
      count: 57,
      pagenum: 3,
      pagesize: 20,
      link: [{ rel: 'prev', href: `${A}?status=completed&type=chat&$pagenum=2&$pagesize=20` }],
    });
  });

  it('keeps the non-paging parameters in order and encoding as received, dropping paging ones', async () => {
    const self = `${A}?%24pagesize=2&lastModifiedDate=%5B2024-01-01T00:00:00.000Z%2C%5D&$sort=createdDate&$pagenum=1&status=completed&%24attribute=payload&$order=desc`;
    const q = await parse(self);
    const p = buildPagination(q, 5, { values: [new Date('2024-03-01T00:00:00.000Z')], id: '77' });
    const [next] = splitCursor(href(p, 'next'));
    expect(next).toBe(
      `${A}?lastModifiedDate=%5B2024-01-01T00:00:00.000Z%2C%5D&$sort=createdDate&status=completed&%24attribute=payload&$order=desc&$pagenum=2&$pagesize=2`,
    );
    expect(href(p, 'prev')).toBeUndefined();
    const q2 = await parse(href(p, 'next')!);
    expect(q2.cursor?.keyset).toEqual({ values: [new Date('2024-03-01T00:00:00.000Z')], id: '77' });
  });

  it('reports page 1 of 25 and links with the defaults when no paging parameter was sent', async () => {
    const q = await parse(`${A}?case=1000024`);
    const p = buildPagination(q, 30);
    expect(p.paginationInfo).toMatchObject({ count: 30, pagenum: 1, pagesize: 25 });
    const [next, token] = splitCursor(href(p, 'next'));
    expect(next).toBe(`${A}?case=1000024&$pagenum=2&$pagesize=25`);
    // Without the last item's sort key the token carries the offset only.
    expect(codec.decode(token)).toMatchObject({ offset: 25 });
    expect(codec.decode(token)?.keyset).toBeUndefined();
  });

  it.each([
    // [pagenum, pagesize, count, prev?, next?]
    [1, 25, 0, false, false],
    [1, 25, 25, false, false],
    [1, 25, 26, false, true],
    [2, 25, 50, true, false],
    [2, 25, 51, true, true],
    [3, 10, 20, true, false],
  ])('page %i of size %i with count %i: prev %s, next %s', async (pagenum, pagesize, count, prev, next) => {
    const q = await parse(`${A}?case=1&$pagenum=${pagenum}&$pagesize=${pagesize}`);
    const p = buildPagination(q, count);
    expect(href(p, 'prev') !== undefined).toBe(prev);
    expect(href(p, 'next') !== undefined).toBe(next);
    if (!prev && !next) expect(p.paginationInfo).toEqual({ count, pagenum, pagesize });
  });

  it('uses $rangestart/$rangesize in range style', async () => {
    const q = await parse(`${A}?case=1&$rangestart=11&$rangesize=10`);
    const p = buildPagination(q, 35, { values: [], id: '20' });
    expect(p.paginationInfo).toMatchObject({ count: 35, rangestart: 11, rangesize: 10 });
    expect(p.paginationInfo).not.toHaveProperty('pagenum');
    expect(href(p, 'prev')).toBe(`${A}?case=1&$rangestart=1&$rangesize=10`);
    const [next] = splitCursor(href(p, 'next'));
    expect(next).toBe(`${A}?case=1&$rangestart=21&$rangesize=10`);
    const q2 = await parse(href(p, 'next')!);
    expect(q2.paging).toMatchObject({ style: 'range', rangestart: 21, offset: 20 });
    // rangestart + rangesize − 1 < count decides next: 21 + 10 − 1 = 30 < 35.
    expect(href(buildPagination(q2, 35), 'next')).toBeDefined();
    expect(href(buildPagination(q2, 30), 'next')).toBeUndefined();
  });

  it('clamps prev at 1 for an unaligned range', async () => {
    const q = await parse(`${A}?case=1&$rangestart=4&$rangesize=10`);
    expect(href(buildPagination(q, 8), 'prev')).toBe(`${A}?case=1&$rangestart=1&$rangesize=10`);
  });

  it('answers $count=yes with the count and a first link only (01 §8.3)', async () => {
    const q = await parse(`${A}?status=completed&type=email&$count=yes`);
    expect(buildPagination(q, 1234)).toEqual({
      paginationInfo: {
        count: 1234,
        link: [{ rel: 'first', href: `${A}?status=completed&type=email&$pagenum=1&$pagesize=25` }],
      },
    });
    expect(buildPagination(q, 0).paginationInfo).toEqual({
      count: 0,
      link: [{ rel: 'first', href: `${A}?status=completed&type=email&$pagenum=1&$pagesize=25` }],
    });
    const r = await parse(`${A}?$count=YES&status=completed&$rangesize=5`);
    expect(buildPagination(r, 9).paginationInfo.link).toEqual([{ rel: 'first', href: `${A}?status=completed&$rangestart=1&$rangesize=5` }]);
  });

  it('links a list without criteria', async () => {
    const q = await parse('/system/ws/v12/administration/queue?$pagesize=2', queueList);
    const [next] = splitCursor(href(buildPagination(q, 3), 'next'));
    expect(next).toBe('/system/ws/v12/administration/queue?$pagenum=2&$pagesize=2');
  });

  it('needs the codec to issue a next link', async () => {
    const q = await parseQuery(`${A}?case=1&$pagesize=1`, activitySearch, resolver);
    expect(() => buildPagination(q, 5)).toThrow(/CursorCodec/);
    expect(buildPagination(q, 1).paginationInfo).toEqual({ count: 1, pagenum: 1, pagesize: 1 });
  });
});
