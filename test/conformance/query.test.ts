// 01 §8–§11 through the real HTTP stack: a fixture "widget" search and get-by-ids over an in-memory data set,
// declared the way area routes declare theirs (a QuerySpec in config.query).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyPluginAsync } from 'fastify';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { NS } from '../../src/representation/namespaces.ts';
import { f, resource } from '../../src/representation/shape.ts';
import { enumeration } from '../../src/representation/common-shapes.ts';
import { criterion, wantsAttribute, type ParsedQuery } from '../../src/query/parse.ts';
import type { QuerySpec } from '../../src/query/spec.ts';
import { parsePathIds } from '../../src/query/ids.ts';
import { Err } from '../../src/errors/app-error.ts';
import { canonicalXml } from '../helpers/xml-canonical.ts';

type Widget = { id: number; name: string; status: string; substatus: string; created: Date; custom: Record<string, string> };
const widgets: Widget[] = Array.from({ length: 57 }, (_, i) => ({
  id: 1001 + i,
  name: `w${String(57 - i).padStart(2, '0')}`,
  status: i % 3 === 0 ? 'completed' : 'assigned',
  substatus: i % 3 === 0 ? 'done' : 'in_progress',
  created: new Date(Date.UTC(2024, 0, 1 + i)),
  custom: i % 2 ? { colour: 'red' } : { colour: 'blue' },
}));

const widgetShape = resource('widget', NS.administration('widget'), {
  id: f.id(),
  link: f.link(),
  name: f.text(),
  status: enumeration({ assigned: { 'en-US': 'Assigned', 'es-ES': 'Asignado' }, completed: { 'en-US': 'Completed', 'es-ES': 'Completado' } }),
  created: f.instant(),
});

const searchSpec: QuerySpec = {
  mode: 'search',
  criteria: [
    { name: 'name', kind: 'string' },
    { name: 'status', kind: 'status', statuses: { assigned: ['in_progress'], completed: ['done'] } },
    { name: 'createdDate', kind: 'instant' },
    { name: 'type', kind: 'enum', values: ['widget'] },
  ],
  customAttributes: 'widget',
  sort: ['name', 'createdDate'],
  attributes: ['created'],
  notEnough: ['type'],
};

function search(q: ParsedQuery): Widget[] {
  const status = criterion(q, 'status', 'status');
  const created = q.criteria.get('createdDate');
  const name = criterion(q, 'name', 'string');
  let rows = widgets.filter(
    (w) =>
      (!status || (w.status === status.status && (!status.substatus || w.substatus === status.substatus))) &&
      (!name || w.name === name.value) &&
      (!created ||
        (created.kind === 'range'
          ? (!created.from || w.created >= created.from) && (!created.to || w.created <= created.to)
          : created.kind === 'instant' && w.created.getTime() === created.value.getTime())) &&
      q.custom.every((c) => w.custom[c.name] === c.value),
  );
  const key = (w: Widget) => (q.sort.field === 'name' ? w.name : q.sort.field === 'createddate' || q.sort.field === 'createdDate' ? w.created.getTime() : w.id);
  rows = [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id) * (q.sort.order === 'desc' ? -1 : 1));
  return rows;
}

const present = (q: ParsedQuery) => (w: Widget) => ({
  id: w.id,
  link: { rel: 'self', href: `/system/ws/v12/test/widget/${w.id}` },
  name: w.name,
  status: w.status,
  created: wantsAttribute(q, 'created') ? w.created : undefined,
});

const routes: FastifyPluginAsync = async (app) => {
  app.get('/system/ws/v12/test/widget', { config: { public: true, query: searchSpec } }, async (request, reply) => {
    const q = request.parsed;
    const all = search(q);
    const page = all.slice(q.cursor?.offset ?? q.paging.offset, (q.cursor?.offset ?? q.paging.offset) + q.paging.limit);
    return reply.representPage(widgetShape, { items: page.map(present(q)), count: all.length });
  });
  app.get('/system/ws/v12/test/widget/:ids', { config: { public: true, query: { mode: 'get', attributes: ['created'] } } }, async (request, reply) => {
    const ids = parsePathIds((request.params as { ids: string }).ids);
    const found = ids.map((id) => widgets.find((w) => String(w.id) === id));
    const missing = ids.filter((_, i) => !found[i]);
    if (missing.length) throw Err.idsNotFound(missing);
    return reply.represent({ kind: 'list', shape: widgetShape, items: (found as Widget[]).map(present(request.parsed)) });
  });
};

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [routes], {
    customAttributes: { definedNames: async (type, names) => new Set(type === 'widget' ? names.filter((n) => n === 'colour') : []) },
  });
});
afterAll(async () => t?.close());

const get = (url: string, json = true) => t.app.inject({ method: 'GET', url, headers: json ? { accept: 'application/json' } : {} });
const base = '/system/ws/v12/test/widget';

describe('search, paging and links (01 §9)', () => {
  it('answers a page with self link, exact count and prev/next links, next carrying a cursor', async () => {
    const res = await get(`${base}?status=assigned&$pagenum=2&$pagesize=10`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.link).toEqual({ rel: 'self', href: `${base}?status=assigned&$pagenum=2&$pagesize=10` });
    expect(body.widget).toHaveLength(10);
    expect(body.paginationInfo).toMatchObject({ count: 38, pagenum: 2, pagesize: 10 });
    const [prev, next] = body.paginationInfo.link;
    expect(prev).toEqual({ rel: 'prev', href: `${base}?status=assigned&$pagenum=1&$pagesize=10` });
    expect(next.rel).toBe('next');
    expect(next.href).toMatch(/^\/system\/ws\/v12\/test\/widget\?status=assigned&\$pagenum=3&\$pagesize=10&\$cursor=[A-Za-z0-9_-]+$/);
    // Following the next link gives exactly the offset page 3.
    const viaCursor = (await get(next.href)).json();
    const viaOffset = (await get(`${base}?status=assigned&$pagenum=3&$pagesize=10`)).json();
    expect(viaCursor.widget).toEqual(viaOffset.widget);
    expect(viaCursor.paginationInfo.pagenum).toBe(3);
  });

  it('reports pagenum 1 and pagesize 25 when no paging parameter is sent, and keeps ids as strings', async () => {
    const body = (await get(`${base}?status=completed`)).json();
    expect(body.paginationInfo).toMatchObject({ count: 19, pagenum: 1, pagesize: 25 });
    expect(body.paginationInfo.link).toBeUndefined();
    expect(body.widget[0].id).toBe('1001');
  });

  it('range paging reports rangestart/rangesize and range links', async () => {
    const body = (await get(`${base}?status=assigned&$rangestart=11&$rangesize=10`)).json();
    expect(body.paginationInfo).toMatchObject({ count: 38, rangestart: 11, rangesize: 10 });
    expect(body.paginationInfo.link[0]).toEqual({ rel: 'prev', href: `${base}?status=assigned&$rangestart=1&$rangesize=10` });
  });

  it('answers 204 with a Content-Type for no match and for a page past the end', async () => {
    for (const url of [`${base}?name=nothing`, `${base}?status=assigned&$pagenum=9&$pagesize=10`]) {
      const res = await get(url);
      expect(res.statusCode).toBe(204);
      expect(res.body).toBe('');
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    }
  });

  it('$count=yes answers only the count and a first link, even for 0', async () => {
    const res = await get(`${base}?status=assigned&$count=yes`);
    expect(res.json()).toEqual({
      paginationInfo: { count: 38, link: [{ rel: 'first', href: `${base}?status=assigned&$pagenum=1&$pagesize=25` }] },
    });
    expect((await get(`${base}?name=none&$count=yes`)).json().paginationInfo.count).toBe(0);
    const xml = canonicalXml((await get(`${base}?status=assigned&$count=yes`, false)).body);
    expect(xml.name).toBe(`{${NS.administration('widget')}}widgets`);
    expect(xml.children[0]!.name).toBe(`{${NS.common}}paginationInfo`);
  });

  it('sorts by a declared field in both directions, ties by id', async () => {
    const asc = (await get(`${base}?status=assigned&$sort=name&$pagesize=3`)).json().widget.map((w: { name: string }) => w.name);
    const desc = (await get(`${base}?status=assigned&$sort=name&$order=desc&$pagesize=3`)).json().widget.map((w: { name: string }) => w.name);
    expect(asc).toEqual([...asc].sort());
    expect(desc).toEqual([...desc].sort().reverse());
    expect(asc[0]).not.toBe(desc[0]);
  });

  it('filters by status:substatus, instant ranges (percent-encoded too) and custom.<name>', async () => {
    expect((await get(`${base}?status=completed:done&$count=yes`)).json().paginationInfo.count).toBe(19);
    expect((await get(`${base}?createdDate=[2024-01-01,2024-01-10T00:00:00.000Z]&$count=yes`)).json().paginationInfo.count).toBe(10);
    expect((await get(`${base}?createdDate=%5B2024-02-20T00:00:00Z%2C%5D&$count=yes`)).json().paginationInfo.count).toBe(7);
    expect((await get(`${base}?custom.colour=red&$count=yes`)).json().paginationInfo.count).toBe(28);
  });

  it('$attribute adds groups; the XML page has self link, items, then paginationInfo', async () => {
    expect((await get(`${base}?name=w57&$attribute=created`)).json().widget[0].created).toBe('2024-01-01T00:00:00.000Z');
    expect((await get(`${base}?name=w57`)).json().widget[0].created).toBeUndefined();
    const xml = canonicalXml((await get(`${base}?status=assigned&$pagesize=2`, false)).body);
    expect(xml.children.map((c) => c.name.split('}')[1])).toEqual(['link', 'widget', 'widget', 'paginationInfo']);
  });
});

describe('query errors (01 §7.3, §8, §10) in JSON and XML', () => {
  const cases: [string, string, { key: string; value: string }[]?][] = [
    [`${base}?status=assigned&foo=bar&createdDate!=x`, '400-101', [{ key: 'foo', value: 'bar' }, { key: 'createdDate!', value: 'x' }]],
    [`${base}?custom.unknown=1`, '400-101', [{ key: 'custom.unknown', value: '1' }]],
    [`${base}?status=assigned&$pagenum=1&$rangesize=5`, '400-104'],
    [`${base}?status=assigned&$order=desc`, '400-104'],
    [`${base}?status=assigned&status=completed`, '400-104'],
    [`${base}?status=assigned&$attribute=created&$attributes=created`, '400-104'],
    [`${base}?status=assigned&$pagesize=76`, '400-102', [{ key: '$pagesize', value: '76' }]],
    [`${base}?status=assigned&$pagesize=`, '400-102', [{ key: '$pagesize', value: '' }]],
    [`${base}?status=assigned&$sort=colour`, '400-102', [{ key: '$sort', value: 'colour' }]],
    [`${base}?status=assigned&$attribute=nope`, '400-102', [{ key: '$attribute', value: 'nope' }]],
    [`${base}?status=unknown`, '400-102', [{ key: 'status', value: 'unknown' }]],
    [`${base}?status=assigned:done`, '400-102', [{ key: 'status', value: 'assigned:done' }]],
    [`${base}?createdDate=[,]`, '400-102'],
    [`${base}?createdDate=[2024-02-01,2024-01-01]`, '400-102'],
    [`${base}?createdDate=2024-01-01T00:00:00.000Z,`, '400-102'],
    [`${base}?name=`, '400-102', [{ key: 'name', value: '' }]],
    [`${base}?status=assigned&$cursor=forged`, '400-102'],
    [`${base}?type=widget`, '400-103'],
    [`${base}?$pagesize=10`, '400-103'],
  ];
  it.each(cases)('%s → %s', async (url, code, details) => {
    const json = await get(url);
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe(code);
    if (details) expect(json.json().details).toEqual(details);
    const xml = await get(url, false);
    expect(xml.statusCode).toBe(400);
    const doc = canonicalXml(xml.body);
    expect(doc.name).toBe(`{${NS.common}}error`);
    expect(doc.children.find((c) => c.name.endsWith('}code'))!.text).toBe(code);
  });

  it('400-101 comes before every other parameter error', async () => {
    expect((await get(`${base}?foo=1&$pagesize=99&$order=asc`)).json().code).toBe('400-101');
  });

  it('a cursor issued for another request is foreign (400-102)', async () => {
    const next = (await get(`${base}?status=assigned&$pagesize=10`)).json().paginationInfo.link[0].href as string;
    const token = /\$cursor=([^&]+)/.exec(next)![1];
    const res = await get(`${base}?status=completed&$pagesize=10&$cursor=${token}`);
    expect(res.json()).toMatchObject({ code: '400-102', details: [{ key: '$cursor' }] });
  });

  it('write and get routes without those parameters refuse paging (400-101)', async () => {
    expect((await get(`${base}/1001?$pagesize=5`)).json()).toMatchObject({ code: '400-101', details: [{ key: '$pagesize', value: '5' }] });
  });
});

describe('multi-id paths (01 §11)', () => {
  it('reads , and %2C, removes duplicates, keeps the order of first appearance', async () => {
    for (const url of [`${base}/1003,1001,1003`, `${base}/1003%2C1001%2C1003`]) {
      const body = (await get(url)).json();
      expect(body.widget.map((w: { id: string }) => w.id)).toEqual(['1003', '1001']);
      expect(body.paginationInfo).toBeUndefined();
      expect(body.link).toBeUndefined();
    }
  });

  it('75 ids are accepted, 76 → 400-160', async () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => 1001 + (i % 57)).join(',');
    expect((await get(`${base}/${ids(75)}`)).statusCode).toBe(200);
    expect((await get(`${base}/${ids(76)}`)).json()).toMatchObject({ code: '400-160', details: [{ key: 'limit', value: '75' }] });
  });

  it.each(['1,,2', '1,', 'abc', '-1', '+1', '0', '1 2'])('bad id list %s → 400-102', async (ids) => {
    expect((await get(`${base}/${encodeURIComponent(ids)}`)).json().code).toBe('400-102');
  });

  it('unknown ids → 404-101 naming each of them', async () => {
    const res = await get(`${base}/1001,9998,9999`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: '404-101', details: [{ key: 'id', value: '9998' }, { key: 'id', value: '9999' }] });
    expect(res.json().developerMessage).toBe('The following IDs were not found: 9998, 9999.');
  });
});
