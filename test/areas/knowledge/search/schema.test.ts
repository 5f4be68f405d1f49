// The query spec of K3 (06 §5, §11): which parameters the search takes and the 400 errors of the grammar.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/errors/app-error.ts';
import { CursorCodec } from '../../../../src/query/cursor.ts';
import { criterion, parseQuery, wantsAttribute } from '../../../../src/query/parse.ts';
import { kbSearchQuery } from '../../../../src/areas/knowledge/search/kb.search.schema.ts';

const codec = new CursorCodec(Buffer.alloc(32, 9));
const P = '/system/ws/v12/kb/article/search';
const parse = (query: string) => parseQuery(`${P}?${query}`, kbSearchQuery, undefined, codec);

async function fails(query: string, key: string, details?: { key: string; value: string }[]) {
  const err = await parse(query).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, query).toBeInstanceOf(AppError);
  expect((err as AppError).key, query).toBe(key);
  if (details) expect((err as AppError).details).toEqual(details);
}

describe('K3 query (06 §5)', () => {
  it('takes q, the filters, $lang, expandMacros, the article groups and paging; relevance by default', async () => {
    const q = await parse('q=reset%20pass*&folder=0012&topic=3&department=4&articleState=Expired&expandMacros=YES&$lang=en_US&$attribute=summary,Keywords&$pagesize=10&$pagenum=2');
    expect(criterion(q, 'q', 'string')?.value).toBe('reset pass*');
    expect(criterion(q, 'folder', 'id')?.value).toBe('12');
    expect(criterion(q, 'articleState', 'enum')?.value).toBe('expired');
    expect(criterion(q, 'expandMacros', 'boolean')?.value).toBe(true);
    expect(q.lang).toBe('en-us');
    expect(wantsAttribute(q, 'summary') && wantsAttribute(q, 'keywords') && !wantsAttribute(q, 'content')).toBe(true);
    expect(q.sort).toEqual({ field: 'relevance', order: 'asc' });
    expect(q.paging).toMatchObject({ offset: 10, limit: 10 });
  });

  it('every article group of 06 §3.1 and all', async () => {
    const groups = 'keywords,summary,description,content,availabilityDate,expirationDate,reviewStage,versions,attachments,notes,topics';
    const q = await parse(`q=x&$attribute=${groups}`);
    expect(q.attributes.size).toBe(11);
    expect((await parse('q=x&$attribute=all')).attributes).toEqual(new Set(['all']));
    expect((await parse('q=x&$attribute=')).attributes.size).toBe(0);
  });

  it('$sort relevance, name, lastModifiedDate, id; $order with the last three', async () => {
    for (const sort of ['name', 'lastModifiedDate', 'id']) expect((await parse(`q=x&$sort=${sort}&$order=desc`)).sort).toMatchObject({ order: 'desc' });
    expect((await parse('q=x&$sort=relevance')).sort.field).toBe('relevance');
  });

  it('400-112 without q', () => fails('folder=1', '400-112', [{ key: 'q', value: '' }]));
  it('400-102 for an empty q', () => fails('q=', '400-102', [{ key: 'q', value: '' }]));
  it('400-101 for a parameter K3 does not take', () => fails('q=x&name=y&$level=1', '400-101', [{ key: 'name', value: 'y' }, { key: '$level', value: '1' }]));
  it('400-102 for a bad articleState, expandMacros, id, $sort, $attribute or $lang', async () => {
    await fails('q=x&articleState=archived', '400-102', [{ key: 'articleState', value: 'archived' }]);
    await fails('q=x&expandMacros=maybe', '400-102');
    await fails('q=x&folder=abc', '400-102');
    await fails('q=x&$sort=createdDate', '400-102');
    await fails('q=x&$attribute=lock', '400-102');
    await fails('q=x&$lang=e', '400-102');
  });
  it('400-104 for $order with relevance or without $sort, and for mixed paging', async () => {
    await fails('q=x&$sort=relevance&$order=asc', '400-104');
    await fails('q=x&$order=desc', '400-104');
    await fails('q=x&$pagenum=1&$rangesize=5', '400-104');
  });
});
