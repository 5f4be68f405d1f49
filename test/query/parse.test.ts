import { beforeEach, describe, expect, it } from 'vitest';
import { criterion, parseCriterion, parseQuery, wantsAttribute, type ParsedQuery } from '../../src/query/parse.ts';
import type { QuerySpec } from '../../src/query/spec.ts';
import {
  activityGet,
  activitySearch,
  articleSearch,
  codec,
  customerAttributes,
  customerSearch,
  expectError,
  folderSearch,
  queueList,
  resolver,
  transfer,
} from './fixtures.ts';

const A = '/system/ws/v12/interaction/activity';
const C = '/system/ws/v12/interaction/customer';
const parse = (url: string, spec: QuerySpec = activitySearch) => parseQuery(url, spec, resolver, codec);
const fails = (url: string, key: string, details?: { key: string; value: string }[], spec: QuerySpec = activitySearch) =>
  expectError(() => parse(url, spec), key, details);

beforeEach(() => {
  resolver.calls.length = 0;
});

describe('parseQuery: typed criteria (01 §10)', () => {
  it('reads ids, enums, statuses and strings', async () => {
    const q = await parse(`${A}?customer=0042&type=CHAT&status=Completed:DONE&mode=inbound&assignedUserName=Frank%20R`);
    expect([...q.criteria]).toEqual([
      ['customer', { kind: 'id', value: '42' }],
      ['type', { kind: 'enum', value: 'chat' }],
      ['status', { kind: 'status', status: 'completed', substatus: 'done' }],
      ['mode', { kind: 'enum', value: 'inbound' }],
      ['assignedUserName', { kind: 'string', value: 'Frank R' }],
    ]);
    expect(criterion(q, 'status', 'status')).toEqual({ kind: 'status', status: 'completed', substatus: 'done' });
    expect(criterion(q, 'status', 'enum')).toBeUndefined();
    expect(criterion(q, 'case', 'id')).toBeUndefined();
  });

  it('reads a status without substatus', async () => {
    const q = await parse(`${A}?status=open`);
    expect(q.criteria.get('status')).toEqual({ kind: 'status', status: 'open' });
  });

  it('lower-cases email and reads spaces (a raw +) as +', async () => {
    const q = await parse(`${C}?email=Ann+Smith%40Example.COM`, customerSearch);
    expect(q.criteria.get('email')).toEqual({ kind: 'email', value: 'ann+smith@example.com' });
    const q2 = await parse(`${C}?email=ann%2Bx@example.com`, customerSearch);
    expect(q2.criteria.get('email')).toEqual({ kind: 'email', value: 'ann+x@example.com' });
  });

  it('decodes values with + as space', async () => {
    const q = await parse(`${C}?customerName=Jack+Lee%21`, customerSearch);
    expect(q.criteria.get('customerName')).toEqual({ kind: 'string', value: 'Jack Lee!' });
  });

  it('reads an exact instant (a space before the offset is a +)', async () => {
    const q = await parse(`${A}?createdDate=2024-01-01T10:00:00+01:00`);
    expect(q.criteria.get('createdDate')).toEqual({ kind: 'instant', value: new Date('2024-01-01T09:00:00.000Z') });
    const q2 = await parse(`${A}?createdDate=2024-01-01T10:00:00%2B01:00`);
    expect(q2.criteria.get('createdDate')).toEqual({ kind: 'instant', value: new Date('2024-01-01T09:00:00.000Z') });
  });

  it.each([
    ['[2024-01-01T00:00:00.000Z,2024-01-31T23:59:59.999Z]', { from: '2024-01-01T00:00:00.000Z', to: '2024-01-31T23:59:59.999Z' }],
    ['%5B2024-01-01T00:00:00.000Z%2C2024-01-31T23:59:59.999Z%5D', { from: '2024-01-01T00:00:00.000Z', to: '2024-01-31T23:59:59.999Z' }],
    ['[2024-01-01T00:00:00.000Z,]', { from: '2024-01-01T00:00:00.000Z' }],
    ['[,2024-01-31T23:59:59.999Z]', { to: '2024-01-31T23:59:59.999Z' }],
    ['[2024-01-01,2024-01-31]', { from: '2024-01-01T00:00:00.000Z', to: '2024-01-31T00:00:00.000Z' }],
    ['[2024-01-01T00:00:00+01:00,2024-01-01]', { from: '2023-12-31T23:00:00.000Z', to: '2024-01-01T00:00:00.000Z' }],
    ['[2024-01-01T00:00:00Z,2024-01-01T00:00:00Z]', { from: '2024-01-01T00:00:00.000Z', to: '2024-01-01T00:00:00.000Z' }],
  ])('reads the range %s', async (raw, expected) => {
    const q = await parse(`${A}?lastModifiedDate=${raw}`);
    const range = criterion(q, 'lastModifiedDate', 'range');
    expect(range).toBeDefined();
    expect({ from: range?.from?.toISOString(), to: range?.to?.toISOString() }).toEqual({ from: undefined, to: undefined, ...expected });
  });

  it('reads custom.<name> criteria the resolver defines, asking once for every name', async () => {
    const q = await parse(`${A}?custom.external_id=EXT-0001&custom.Tier=Gold&$attribute=custom.customer_rating`);
    expect(q.custom).toEqual([
      { name: 'external_id', value: 'EXT-0001' },
      { name: 'Tier', value: 'Gold' },
    ]);
    expect(resolver.calls).toEqual([{ objectType: 'activity', names: ['external_id', 'Tier', 'customer_rating'] }]);
    expect([...q.attributes]).toEqual(['custom.customer_rating']);
  });

  it('does not call the resolver when no custom name is sent', async () => {
    await parse(`${A}?case=1`);
    expect(resolver.calls).toEqual([]);
  });

  it('exposes parseCriterion for bodies carrying the same grammar (04 K9)', () => {
    expect(parseCriterion({ name: 'x', kind: 'integer', min: 0, max: 10 }, '7')).toEqual({ kind: 'integer', value: 7 });
    expect(parseCriterion({ name: 'x', kind: 'integer', min: 0, max: 10 }, '11')).toBeNull();
    expect(parseCriterion({ name: 'x', kind: 'integer' }, '-3')).toEqual({ kind: 'integer', value: -3 });
    expect(parseCriterion({ name: 'x', kind: 'boolean' }, 'YES')).toEqual({ kind: 'boolean', value: true });
    expect(parseCriterion({ name: 'x', kind: 'boolean' }, 'no')).toEqual({ kind: 'boolean', value: false });
    expect(parseCriterion({ name: 'x', kind: 'boolean' }, 'true')).toBeNull();
  });
});

describe('parseQuery: defaults and common parameters (01 §8)', () => {
  it('reports page 1 of 25 sorted by id when nothing is sent', async () => {
    const q = await parse(`${A}?case=1000024`);
    expect(q.paging).toEqual({ style: 'page', pagenum: 1, pagesize: 25, rangestart: 1, rangesize: 25, offset: 0, limit: 25, explicit: false });
    expect(q.sort).toEqual({ field: 'id', order: 'asc' });
    expect(q.attributes.size).toBe(0);
    expect(q.attributeGiven).toBe(false);
    expect(q.count).toBe(false);
    expect(q.cursor).toBeUndefined();
    expect(q.lang).toBeUndefined();
    expect(q.level).toBeUndefined();
    expect(q.link).toMatchObject({ self: `${A}?case=1000024`, path: A, params: [{ name: 'case', raw: 'case=1000024' }] });
  });

  it('reads page style paging', async () => {
    const q = await parse(`${A}?case=1&$pagenum=3&$pagesize=20`);
    expect(q.paging).toEqual({ style: 'page', pagenum: 3, pagesize: 20, rangestart: 41, rangesize: 20, offset: 40, limit: 20, explicit: true });
  });

  it('reads range style paging, $rangestart=0 as 1', async () => {
    const q = await parse(`${A}?case=1&$rangestart=11&$rangesize=5`);
    expect(q.paging).toMatchObject({ style: 'range', rangestart: 11, rangesize: 5, offset: 10, limit: 5, pagenum: 3, explicit: true });
    const q0 = await parse(`${A}?case=1&$rangestart=0`);
    expect(q0.paging).toMatchObject({ style: 'range', rangestart: 1, rangesize: 25, offset: 0, limit: 25 });
  });

  it.each([
    ['$pagenum=1', { pagenum: 1 }],
    ['$pagenum=2147483647', { pagenum: 2147483647 }],
    ['$pagesize=1', { pagesize: 1 }],
    ['$pagesize=75', { pagesize: 75 }],
    ['$pagesize=075', { pagesize: 75 }],
    ['$rangestart=2147483647', { rangestart: 2147483647 }],
    ['$rangesize=75', { rangesize: 75 }],
  ])('accepts %s', async (param, expected) => {
    expect((await parse(`${A}?case=1&${param}`)).paging).toMatchObject(expected);
  });

  it('reads $sort case-insensitively in its canonical spelling, and $order', async () => {
    const q = await parse(`${A}?case=1&$sort=LASTMODIFIEDDATE&$order=DESC`);
    expect(q.sort).toEqual({ field: 'lastModifiedDate', order: 'desc' });
    expect((await parse(`${A}?case=1&$sort=id`)).sort).toEqual({ field: 'id', order: 'asc' });
  });

  it('uses the spec default sort', async () => {
    const q = await parse('/system/ws/v12/kb/article/search?q=reset', articleSearch);
    expect(q.sort).toEqual({ field: 'relevance', order: 'asc' });
  });

  it('reads $count yes/no case-insensitively', async () => {
    expect((await parse(`${A}?case=1&$count=YES`)).count).toBe(true);
    expect((await parse(`${A}?case=1&$count=no`)).count).toBe(false);
  });

  it('reads $attribute groups: canonical, trimmed, deduplicated; all wins; blank = default set', async () => {
    const q = await parse(`${A}?case=1&$attribute=PAYLOAD,created,%20payload`);
    expect([...q.attributes]).toEqual(['payload', 'created']);
    expect(q.attributeGiven).toBe(true);
    expect(wantsAttribute(q, 'payload')).toBe(true);
    expect(wantsAttribute(q, 'custom')).toBe(false);
    const all = await parse(`${A}?case=1&$attribute=payload,ALL`);
    expect([...all.attributes]).toEqual(['all']);
    expect(wantsAttribute(all, 'userLastWorked')).toBe(true);
    expect(wantsAttribute(all, 'custom.anything')).toBe(true);
    const blank = await parse(`${A}?case=1&$attribute=`);
    expect(blank.attributes.size).toBe(0);
    expect(blank.attributeGiven).toBe(true);
    const bare = await parse(`${A}?case=1&$attribute`);
    expect(bare.attributes.size).toBe(0);
  });

  it('accepts the $attributes alias', async () => {
    const q = await parse(`${A}/1?$attributes=payload`, activityGet);
    expect([...q.attributes]).toEqual(['payload']);
  });

  it('custom includes every custom.<name>', async () => {
    const q = await parse(`${A}?case=1&$attribute=custom`);
    expect(wantsAttribute(q, 'custom.external_id')).toBe(true);
  });

  it('accepts percent-encoded $ in names', async () => {
    const q = await parse(`${A}?case=1&%24pagesize=10&%24sort=createdDate&%24order=desc&%24attribute=payload`);
    expect(q.paging.pagesize).toBe(10);
    expect(q.sort).toEqual({ field: 'createdDate', order: 'desc' });
    expect([...q.attributes]).toEqual(['payload']);
  });

  it('reads $lang and $level where the spec allows them', async () => {
    const q = await parse('/system/ws/v12/kb/article/search?q=reset%20pass*&$lang=en_US', articleSearch);
    expect(q.lang).toBe('en-us');
    expect(q.criteria.get('q')).toEqual({ kind: 'string', value: 'reset pass*' });
    const f = await parse('/system/ws/v12/kb/folder?department=999&$level=-1', folderSearch);
    expect(f.level).toBe(-1);
    expect(f.sort.field).toBe('name');
    expect((await parse('/system/ws/v12/kb/folder?department=999&$level=3', folderSearch)).level).toBe(3);
  });

  it('lets a list go without criteria', async () => {
    const q = await parse('/system/ws/v12/administration/queue', queueList);
    expect(q.criteria.size).toBe(0);
    expect(q.paging.pagesize).toBe(25);
  });

  it('ignores empty segments and a fragment', async () => {
    const q = await parse(`${A}?&case=1&&$pagesize=5&#frag`);
    expect(q.link.params.map((p) => p.raw)).toEqual(['case=1', '$pagesize=5']);
    expect(q.paging.pagesize).toBe(5);
  });

  it('ignores every parameter when the spec says so', async () => {
    const q = await parse('/system/ws/v12/interaction/hello?foo=bar&$pagesize=999&foo=baz', { mode: 'get', ignoreAll: true });
    expect(q.criteria.size).toBe(0);
    expect(q.paging.pagesize).toBe(25);
  });

  it('takes the parameters of an action, boolean yes/no', async () => {
    const q = await parse(`${A}/1/transfer?user=1005&keepOwner=Yes`, transfer);
    expect([...q.criteria]).toEqual([
      ['user', { kind: 'id', value: '1005' }],
      ['keepOwner', { kind: 'boolean', value: true }],
    ]);
  });
});

describe('400-101: unsupported parameters, all listed in the order sent', () => {
  it('lists every unknown name with its value', async () => {
    const err = await fails(`${A}?foo=bar&case=1&Case=2&baz=&foo=again`, '400-101', [
      { key: 'foo', value: 'bar' },
      { key: 'Case', value: '2' },
      { key: 'baz', value: '' },
    ]);
    expect(err.params).toEqual({ names: "foo', 'Case', 'baz" });
  });

  it('parses operator forms as unknown names', async () => {
    await fails(`${A}?createdDate!=[2024-01-01T00:00:00Z,]&createdDate>=2024-01-01T00:00:00Z`, '400-101', [
      { key: 'createdDate!', value: '[2024-01-01T00:00:00Z,]' },
      { key: 'createdDate>', value: '2024-01-01T00:00:00Z' },
    ]);
  });

  it('treats names case-sensitively ($PageSize is unknown)', async () => {
    await fails(`${A}?case=1&$PageSize=10&$SORT=id`, '400-101', [
      { key: '$PageSize', value: '10' },
      { key: '$SORT', value: 'id' },
    ]);
  });

  it('rejects custom.<name> the resolver does not define, and custom.* where custom attributes are not allowed', async () => {
    await fails(`${A}?custom.external_id=1&custom.nope=2&custom.=3`, '400-101', [
      { key: 'custom.nope', value: '2' },
      { key: 'custom.', value: '3' },
    ]);
    await fails('/system/ws/v12/administration/queue?custom.external_id=1', '400-101', [{ key: 'custom.external_id', value: '1' }], queueList);
    // Without a resolver no custom attribute is defined.
    await expectError(() => parseQuery(`${A}?custom.external_id=1`, activitySearch), '400-101', [{ key: 'custom.external_id', value: '1' }]);
  });

  it.each(['$pagenum=1', '$pagesize=10', '$rangestart=1', '$rangesize=10', '$sort=id', '$order=asc', '$count=yes', '$cursor=abc'])(
    'rejects paging/sorting %s on a get-by-ids spec',
    async (param) => {
      const [name, value] = param.split('=');
      await fails(`${A}/1001?$attribute=payload&${param}`, '400-101', [{ key: name!, value: value! }], activityGet);
    },
  );

  it('rejects $attribute where the spec has no attribute groups, $lang/$level where not listed', async () => {
    await fails(`${A}/1/transfer?user=1&$attribute=all`, '400-101', [{ key: '$attribute', value: 'all' }], transfer);
    await fails(`${A}?case=1&$lang=en-US&$level=1`, '400-101', [
      { key: '$lang', value: 'en-US' },
      { key: '$level', value: '1' },
    ]);
  });

  it('comes before every other query error', async () => {
    await fails(`${A}?$pagesize=999&$pagesize=1&$order=asc&foo=1`, '400-101', [{ key: 'foo', value: '1' }]);
  });

  it('reports names and values decoded', async () => {
    await fails(`${A}?case=1&%24foo=a%20b`, '400-101', [{ key: '$foo', value: 'a b' }]);
  });
});

describe('400-104: illegal combinations (details: each parameter and its value as sent)', () => {
  it.each([
    ['the same parameter twice', `${A}?case=1&$pagesize=10&$pagesize=20`, [['$pagesize', '10'], ['$pagesize', '20']]],
    ['the same parameter twice, once encoded', `${A}?case=1&$attribute=payload&%24attribute=created`, [['$attribute', 'payload'], ['$attribute', 'created']]],
    ['the same criterion twice', `${A}?case=1&case=2`, [['case', '1'], ['case', '2']]],
    ['the same custom criterion twice', `${A}?custom.Tier=a&custom.Tier=b`, [['custom.Tier', 'a'], ['custom.Tier', 'b']]],
    ['$attribute with $attributes', `${A}?case=1&$attributes=payload&$attribute=created`, [['$attributes', 'payload'], ['$attribute', 'created']]],
    ['$pagenum with $rangestart', `${A}?case=1&$pagenum=2&$rangestart=3`, [['$pagenum', '2'], ['$rangestart', '3']]],
    ['$pagesize with $rangesize', `${A}?case=1&$rangesize=2&$pagesize=3`, [['$rangesize', '2'], ['$pagesize', '3']]],
    ['$order without $sort', `${A}?case=1&$order=desc`, [['$order', 'desc']]],
    ['$cursor with $count', `${A}?case=1&$cursor=abc&$count=no`, [['$cursor', 'abc'], ['$count', 'no']]],
    ['a value as sent, decoded', `${A}?case=1&$order=d%C3%A9sc`, [['$order', 'désc']]],
  ])('%s', async (_label, url, pairs) => {
    const err = await fails(url, '400-104', pairs.map(([key, value]) => ({ key: key!, value: value! })));
    expect(err.params).toEqual({ names: [...new Set(pairs.map(([n]) => n))].join(', ') });
  });

  it('parameters the spec declares exclusive', async () => {
    await fails(`${A}/1/transfer?queue=1&user=2`, '400-104', [
      { key: 'queue', value: '1' },
      { key: 'user', value: '2' },
    ], transfer);
    await fails('/system/ws/v12/kb/folder?department=1&parent=2', '400-104', undefined, folderSearch);
  });

  it('$order with a sort that takes no direction', async () => {
    await fails('/system/ws/v12/kb/article/search?q=x&$sort=Relevance&$order=asc', '400-104', [
      { key: '$sort', value: 'Relevance' },
      { key: '$order', value: 'asc' },
    ], articleSearch);
    const q = await parse('/system/ws/v12/kb/article/search?q=x&$sort=name&$order=desc', articleSearch);
    expect(q.sort).toEqual({ field: 'name', order: 'desc' });
  });

  it('comes before 400-102', async () => {
    await fails(`${A}?case=abc&$pagesize=999&$pagesize=1`, '400-104');
  });
});

describe('criteria that take an empty value', () => {
  const spec: QuerySpec = { mode: 'action', criteria: [{ name: 'token', kind: 'string', allowEmpty: true }, { name: 'other', kind: 'string' }] };
  it('read `name=` and a bare `name` as the empty string where the spec allows it, and refuse it elsewhere (400-102)', async () => {
    expect(criterion(await parse('/x?token=', spec), 'token', 'string')).toEqual({ kind: 'string', value: '' });
    expect(criterion(await parse('/x?token', spec), 'token', 'string')).toEqual({ kind: 'string', value: '' });
    await fails('/x?other=', '400-102', [{ key: 'other', value: '' }], spec);
  });
});

describe('400-102: bad values (details: the name and the value as sent)', () => {
  it.each([
    // empty values
    ['case=', 'case', ''],
    ['case', 'case', ''],
    ['case=1&$pagesize=', '$pagesize', ''],
    ['case=1&$sort=', '$sort', ''],
    ['case=1&$count=', '$count', ''],
    ['case=1&$cursor=', '$cursor', ''],
    // paging
    ['case=1&$pagesize=76', '$pagesize', '76'],
    ['case=1&$pagesize=0', '$pagesize', '0'],
    ['case=1&$pagesize=abc', '$pagesize', 'abc'],
    ['case=1&$pagesize=-1', '$pagesize', '-1'],
    ['case=1&$pagesize=%2B5', '$pagesize', '+5'],
    ['case=1&$pagesize=5.0', '$pagesize', '5.0'],
    ['case=1&$pagesize=%205', '$pagesize', ' 5'],
    ['case=1&$pagenum=0', '$pagenum', '0'],
    ['case=1&$pagenum=2147483648', '$pagenum', '2147483648'],
    ['case=1&$pagenum=99999999999999999999', '$pagenum', '99999999999999999999'],
    ['case=1&$rangestart=-1', '$rangestart', '-1'],
    ['case=1&$rangestart=2147483648', '$rangestart', '2147483648'],
    ['case=1&$rangesize=0', '$rangesize', '0'],
    ['case=1&$rangesize=76', '$rangesize', '76'],
    // sorting
    ['case=1&$sort=subject', '$sort', 'subject'],
    ['case=1&$sort=createdDate,id', '$sort', 'createdDate,id'],
    ['case=1&$sort=createdDate%2Cid', '$sort', 'createdDate,id'],
    ['case=1&$sort=id&$order=up', '$order', 'up'],
    // count and attributes
    ['case=1&$count=true', '$count', 'true'],
    ['case=1&$attribute=payload,bogus', '$attribute', 'payload,bogus'],
    ['case=1&$attributes=nope', '$attributes', 'nope'],
    ['case=1&$attribute=custom.undefined_one', '$attribute', 'custom.undefined_one'],
    ['case=1&$attribute=custom.', '$attribute', 'custom.'],
    // criteria
    ['case=abc', 'case', 'abc'],
    ['case=0', 'case', '0'],
    ['case=-5', 'case', '-5'],
    ['case=1,2', 'case', '1,2'],
    ['case=9007199254740992', 'case', '9007199254740992'],
    ['type=fax&case=1', 'type', 'fax'],
    ['mode=sideways', 'mode', 'sideways'],
    ['status=unknown', 'status', 'unknown'],
    ['status=completed:in_progress', 'status', 'completed:in_progress'],
    ['status=assigned:', 'status', 'assigned:'],
    ['status=open:done', 'status', 'open:done'],
    ['status=completed:done:x', 'status', 'completed:done:x'],
    ['status=:done', 'status', ':done'],
    // instants and ranges
    ['createdDate=2024-02-30T00:00:00Z', 'createdDate', '2024-02-30T00:00:00Z'],
    ['createdDate=2024-01-01', 'createdDate', '2024-01-01'],
    ['createdDate=yesterday', 'createdDate', 'yesterday'],
    ['createdDate=[,]', 'createdDate', '[,]'],
    ['createdDate=%5B%2C%5D', 'createdDate', '[,]'],
    ['createdDate=[]', 'createdDate', '[]'],
    ['createdDate=[2024-01-01T00:00:00Z,2024-01-02T00:00:00Z', 'createdDate', '[2024-01-01T00:00:00Z,2024-01-02T00:00:00Z'],
    ['createdDate=2024-01-01T00:00:00Z,2024-01-02T00:00:00Z]', 'createdDate', '2024-01-01T00:00:00Z,2024-01-02T00:00:00Z]'],
    ['createdDate=2024-01-01T00:00:00Z,2024-01-02T00:00:00Z', 'createdDate', '2024-01-01T00:00:00Z,2024-01-02T00:00:00Z'],
    ['createdDate=[2024-01-01T00:00:00Z]', 'createdDate', '[2024-01-01T00:00:00Z]'],
    ['createdDate=[2024-01-01T00:00:00Z,2024-01-02T00:00:00Z,]', 'createdDate', '[2024-01-01T00:00:00Z,2024-01-02T00:00:00Z,]'],
    ['createdDate=[2024-13-01T00:00:00.000Z,]', 'createdDate', '[2024-13-01T00:00:00.000Z,]'],
    ['createdDate=[,soon]', 'createdDate', '[,soon]'],
    ['createdDate=[2024-02-01T00:00:00Z,2024-01-01T00:00:00Z]', 'createdDate', '[2024-02-01T00:00:00Z,2024-01-01T00:00:00Z]'],
    ['createdDate=[2024-01-02,2024-01-01T23:59:59.999Z]', 'createdDate', '[2024-01-02,2024-01-01T23:59:59.999Z]'],
    // characters not allowed in XML 1.0, and undecodable escapes
    ['assignedUserName=a%00b&case=1', 'assignedUserName', 'a\u0000b'],
    ['assignedUserName=a%1Fb&case=1', 'assignedUserName', 'a\u001fb'],
    ['assignedUserName=%EF%BF%BE&case=1', 'assignedUserName', '\uFFFE'],
    ['assignedUserName=%ZZ&case=1', 'assignedUserName', '%ZZ'],
    ['assignedUserName=%ED%A0%80&case=1', 'assignedUserName', '%ED%A0%80'],
    ['case=1&$attribute=%01', '$attribute', '\u0001'],
  ])('%s', async (query, key, value) => {
    await fails(`${A}?${query}`, '400-102', [{ key, value }]);
  });

  it('accepts tab, LF, CR and astral characters', async () => {
    const q = await parse(`${A}?assignedUserName=a%09b%0Ac%0Dd%F0%9F%98%80&case=1`);
    expect(q.criteria.get('assignedUserName')).toEqual({ kind: 'string', value: 'a\tb\nc\rd\u{1F600}' });
  });

  it('reports the first bad value in the order sent', async () => {
    await fails(`${A}?$pagesize=99&case=x`, '400-102', [{ key: '$pagesize', value: '99' }]);
    await fails(`${A}?case=x&$pagesize=99`, '400-102', [{ key: 'case', value: 'x' }]);
  });

  it('names an encoded $ parameter by its decoded name', async () => {
    await fails(`${A}?case=1&%24pagesize=0`, '400-102', [{ key: '$pagesize', value: '0' }]);
  });

  it('rejects an over-long request target with details key url', async () => {
    const url = `${A}?case=1&assignedUserName=${'x'.repeat(8200)}`;
    const err = await fails(url, '400-102');
    expect(err.details[0]?.key).toBe('url');
  });

  it('checks $lang and $level', async () => {
    await fails('/system/ws/v12/kb/article/search?q=x&$lang=en%20US', '400-102', [{ key: '$lang', value: 'en US' }], articleSearch);
    await fails('/system/ws/v12/kb/article/search?q=x&$lang=1', '400-102', [{ key: '$lang', value: '1' }], articleSearch);
    await fails('/system/ws/v12/kb/folder?department=1&$level=-2', '400-102', [{ key: '$level', value: '-2' }], folderSearch);
    await fails('/system/ws/v12/kb/folder?department=1&$level=one', '400-102', [{ key: '$level', value: 'one' }], folderSearch);
  });

  it('checks integer and boolean criteria', async () => {
    await fails(`${A}/1/transfer?user=1&keepOwner=true`, '400-102', [{ key: 'keepOwner', value: 'true' }], transfer);
  });

  it('comes before 400-112 and 400-103', async () => {
    await fails('/system/ws/v12/kb/article/search?$pagesize=0', '400-102', undefined, articleSearch);
    await fails(`${A}?$pagesize=0`, '400-102');
  });
});

describe('400-112: required parameters', () => {
  it('names every missing parameter', async () => {
    await fails('/system/ws/v12/kb/article/search?folder=1', '400-112', [{ key: 'q', value: '' }], articleSearch);
  });

  it('counts a blank required $attribute as missing', async () => {
    const U7 = `${C}/attributes`;
    await fails(U7, '400-112', [{ key: '$attribute', value: '' }], customerAttributes);
    await fails(`${U7}?$attribute=`, '400-112', [{ key: '$attribute', value: '' }], customerAttributes);
    const q = await parse(`${U7}?$attributes=contactperson`, customerAttributes);
    expect([...q.attributes]).toEqual(['contactPerson']);
  });

  it('comes before 400-103', async () => {
    const spec: QuerySpec = { ...activitySearch, required: ['case'] };
    await fails(`${A}?$pagesize=5`, '400-112', [{ key: 'case', value: '' }], spec);
  });
});

describe('400-103: a search needs a criterion', () => {
  it.each([
    [`${A}`, activitySearch],
    [`${A}?$pagesize=10&$sort=id&$order=desc&$attribute=all&$count=yes`, activitySearch],
    [`${A}?type=chat`, activitySearch],
    [`${A}?type=chat&$pagenum=2`, activitySearch],
    ['/system/ws/v12/kb/folder?$level=1', folderSearch],
  ] as const)('%s', async (url, spec) => {
    const err = await fails(url, '400-103', [], spec);
    expect(err.status).toBe(400);
  });

  it('is satisfied by type together with another criterion, or by a custom criterion', async () => {
    expect((await parse(`${A}?type=chat&status=completed`)).criteria.size).toBe(2);
    expect((await parse(`${A}?custom.external_id=X`)).custom).toHaveLength(1);
  });
});

describe('$cursor verification (01 §9.4)', () => {
  const base = `${A}?status=completed&type=chat`;
  async function nextToken(url: string, offset: number, keyset?: { values: (string | number | Date | null)[]; id: string }): Promise<string> {
    const q = await parse(url);
    return codec.issue({ style: q.paging.style, binding: q.link.binding, offset, ...(keyset ? { keyset } : {}) });
  }

  it('decodes a token issued for this request: the page it leads to and the keyset', async () => {
    const keyset = { values: [new Date('2024-05-01T10:00:00.000Z')], id: '1145' };
    const token = await nextToken(`${base}&$pagenum=2&$pagesize=20&$sort=createdDate`, 40, keyset);
    const q: ParsedQuery = await parse(`${base}&$sort=createdDate&$pagenum=3&$pagesize=20&$cursor=${token}`);
    expect(q.cursor).toEqual({ offset: 40, keyset });
    expect(q.paging).toMatchObject({ style: 'page', pagenum: 3, pagesize: 20, offset: 40, limit: 20, explicit: true });
    // $pagenum may be omitted: the page comes from the token.
    const q2 = await parse(`${base}&$sort=createdDate&$pagesize=20&$cursor=${token}`);
    expect(q2.paging).toMatchObject({ pagenum: 3, offset: 40 });
  });

  it('binds to criteria by meaning, not by spelling or order', async () => {
    const token = await nextToken(`${base}&$pagesize=20`, 20);
    const q = await parse(`${A}?type=CHAT&status=Completed&$pagesize=20&$cursor=${token}`);
    expect(q.cursor).toEqual({ offset: 20 });
  });

  it('works in range style', async () => {
    const token = await nextToken(`${base}&$rangestart=1&$rangesize=10`, 10);
    const q = await parse(`${base}&$rangestart=11&$rangesize=10&$cursor=${token}`);
    expect(q.paging).toMatchObject({ style: 'range', rangestart: 11, rangesize: 10, offset: 10 });
    const q2 = await parse(`${base}&$rangesize=10&$cursor=${token}`);
    expect(q2.paging).toMatchObject({ style: 'range', rangestart: 11 });
  });

  it.each([
    ['another path', `${C}?status=completed&type=chat&$pagesize=20`],
    ['other criteria', `${A}?status=completed&type=email&$pagesize=20`],
    ['a criterion more', `${A}?status=completed&type=chat&case=1&$pagesize=20`],
    ['another $sort', `${base}&$sort=createdDate&$pagesize=20`],
    ['another $order', `${base}&$sort=id&$order=desc&$pagesize=20`],
    ['another page size', `${base}&$pagesize=25`],
  ])('a token issued for %s is foreign → 400-102', async (_label, issuedFor) => {
    const q = await parse(issuedFor);
    const token = codec.issue({ style: 'page', binding: q.link.binding, offset: 20 });
    await fails(`${base}&$pagesize=20&$cursor=${token}`, '400-102', [{ key: '$cursor', value: token }]);
  });

  it('an explicit $order asc binds like the default', async () => {
    const token = await nextToken(`${base}&$pagesize=20`, 20);
    const q = await parse(`${base}&$sort=id&$order=asc&$pagesize=20&$cursor=${token}`);
    expect(q.cursor?.offset).toBe(20);
  });

  it('rejects tokens that do not decode or fail the MAC', async () => {
    const token = await nextToken(`${base}&$pagesize=20`, 20);
    const flipped = token[5] === 'A' ? 'B' : 'A';
    const cases = [
      'not a token',
      'abc',
      `${token}=`,
      token.slice(0, -1),
      `${token.slice(0, 5)}${flipped}${token.slice(6)}`,
      'eyJ2IjoxLCJrIjpbMTE0NV19', // the illustrative token of 01 §9.1
      'x'.repeat(600),
    ];
    for (const bad of cases) {
      await fails(`${base}&$pagesize=20&$cursor=${encodeURIComponent(bad)}`, '400-102', [{ key: '$cursor', value: bad }]);
    }
  });

  it('rejects a token issued under another secret', async () => {
    const { CursorCodec } = await import('../../src/query/cursor.ts');
    const other = new CursorCodec(Buffer.alloc(32, 9));
    const q = await parse(`${base}&$pagesize=20`);
    const token = other.issue({ style: 'page', binding: q.link.binding, offset: 20 });
    await fails(`${base}&$pagesize=20&$cursor=${token}`, '400-102', [{ key: '$cursor', value: token }]);
  });

  it('requires the page size parameter → 400-102 on $cursor', async () => {
    const token = await nextToken(`${base}&$pagesize=25`, 25);
    await fails(`${base}&$cursor=${token}`, '400-102', [{ key: '$cursor', value: token }]);
    const q = await parse(`${base}&$pagesize=25&$cursor=${token}`);
    expect(q.paging.pagenum).toBe(2);
  });

  it('requires $pagenum / $rangestart, when sent, to be the page the token leads to', async () => {
    const token = await nextToken(`${base}&$pagesize=20`, 40);
    await fails(`${base}&$pagenum=4&$pagesize=20&$cursor=${token}`, '400-102', [{ key: '$pagenum', value: '4' }]);
    const rtoken = await nextToken(`${base}&$rangesize=10`, 10);
    await fails(`${base}&$rangestart=12&$rangesize=10&$cursor=${rtoken}`, '400-102', [{ key: '$rangestart', value: '12' }]);
  });

  it('a token of the other paging style → 400-104', async () => {
    const token = await nextToken(`${base}&$pagesize=10`, 10);
    await fails(`${base}&$rangesize=10&$cursor=${token}`, '400-104', [
      { key: '$rangesize', value: '10' },
      { key: '$cursor', value: token },
    ]);
    const rtoken = await nextToken(`${base}&$rangesize=10`, 10);
    await fails(`${base}&$cursor=${rtoken}&$pagenum=2`, '400-104', [
      { key: '$cursor', value: rtoken },
      { key: '$pagenum', value: '2' },
    ]);
  });

  it('needs the codec on a paged route', async () => {
    await expect(parseQuery(`${base}&$pagesize=20&$cursor=abc`, activitySearch, resolver)).rejects.toThrow(/CursorCodec/);
  });
});
