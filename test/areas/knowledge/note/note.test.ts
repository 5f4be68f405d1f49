// K19–K22 — article notes (06 §6, §3.3): add (bare or list), list newest first with paging, read by ids, delete
// (own notes: authors; other users' notes: publishers); JSON and XML; every documented error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { notesOfArticles } from '../../../../src/areas/knowledge/note/note.queries.ts';
import {
  KB,
  article,
  call,
  canonicalXml,
  child,
  customerSession,
  expectError,
  kids,
  newArticle,
  noContent,
  ok,
  q,
  staff,
  world,
  xmlOf,
  type Staff,
  type World,
} from '../attachment/support.ts';

type Note = { id: string; link: { rel: string; href: string }; content: string; created: { date: string; user?: Record<string, string> } };
type NotePage = { link: { rel: string; href: string }; note: Note[]; paginationInfo: { count: number; pagenum: number; pagesize: number; link?: { rel: string; href: string }[] } };

let t: TestApp;
let w: World;
let jenny: Staff;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  jenny = await staff(t, ['agent'], { departmentId: w.dept.id, firstName: 'Jenny', lastName: 'Anthony' });
});
afterAll(async () => t?.close());

const notes = (id: string) => `${article(id)}/note`;
const add = (who: { headers: Record<string, string> } | null, id: string, body: unknown, query = '') => call(t.app, who, 'POST', `${notes(id)}${query}`, { body });
const addXml = (who: { headers: Record<string, string> }, id: string, xml: string) => call(t.app, who, 'POST', notes(id), { xml, fmt: 'xml' });
const stored = (articleId: string) => t.db.prisma.kbNote.count({ where: { articleId: BigInt(articleId) } });

function created(res: Awaited<ReturnType<typeof add>>, articleId: string, n = 1): Note[] {
  const body = ok<{ note: Note[] }>(res, 201);
  expect(body.note).toHaveLength(n);
  expect(res.headers.location).toBe(`${notes(articleId)}/${body.note[0]!.id}`);
  return body.note;
}

describe('K19 add notes', () => {
  it('the §6 JSON example → 201, Location of the note, the note in the shape of the example', async () => {
    const a = await newArticle(t, w);
    const res = await add(jenny, a.id, { note: [{ content: 'Checked with the billing team: steps are still valid.' }] });
    const [n] = created(res, a.id);
    const row = await t.db.prisma.kbNote.findUniqueOrThrow({ where: { id: BigInt(n!.id) } });
    expect(n).toEqual({
      id: String(row.id),
      link: { rel: 'self', href: `${KB}/article/${a.id}/note/${row.id}` },
      content: 'Checked with the billing team: steps are still valid.',
      created: { date: row.createdAt.toISOString(), user: { id: jenny.ref.id, name: jenny.ref.name, firstName: 'Jenny', lastName: 'Anthony' } },
    });
    expect(Object.keys(n!)).toEqual(['id', 'link', 'content', 'created']);
  });

  it('XML <notes><note><content> → 201 and the XML of the §6 example (kb elements, c:user with p: names)', async () => {
    const a = await newArticle(t, w);
    const res = await addXml(jenny, a.id, '<notes xmlns="http://bindings.egain.com/ws/model/v12/gen/kb"><note><content>  kept as sent  </content></note></notes>');
    const xml = xmlOf(res, 201);
    const note = child(xml, q('kb', 'note'));
    const id = note.attrs.id!;
    expect(res.headers.location).toBe(`${notes(a.id)}/${id}`);
    const row = await t.db.prisma.kbNote.findUniqueOrThrow({ where: { id: BigInt(id) } });
    expect(row.content).toBe('  kept as sent  ');
    const expected = `<notes xmlns="http://bindings.egain.com/ws/model/v12/gen/kb" xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common" xmlns:ns3="http://bindings.egain.com/ws/model/v12/gen/platform">
  <note id="${id}"><link rel="self" href="${KB}/article/${a.id}/note/${id}"/><content>  kept as sent  </content>
    <created date="${row.createdAt.toISOString()}"><ns2:user id="${jenny.ref.id}"><ns3:name>${jenny.ref.name}</ns3:name><ns3:firstName>Jenny</ns3:firstName><ns3:lastName>Anthony</ns3:lastName></ns2:user></created>
  </note></notes>`;
    expect(xml).toEqual(canonicalXml(expected.replace(/>\s+</g, '><')));
  });

  it('bare {"content"}, {"note":{…}}, XML <note> root; a list of three answers all three in the order sent', async () => {
    const a = await newArticle(t, w);
    created(await add(w.agent, a.id, { content: 'bare' }), a.id);
    created(await add(w.agent, a.id, { note: { content: 'wrapped' } }), a.id);
    expect(xmlOf(await addXml(w.agent, a.id, '<note><content>single xml</content></note>'), 201).children).toHaveLength(1);
    const three = created(await add(w.agent, a.id, { note: [{ content: 'one' }, { content: 'two' }, { content: 'three' }] }), a.id, 3);
    expect(three.map((n) => n.content)).toEqual(['one', 'two', 'three']);
    const xml = xmlOf(await addXml(w.agent, a.id, '<notes><note><content>x1</content></note><note><content>x2</content></note></notes>'), 201);
    expect(kids(xml, q('kb', 'note')).map((n) => child(n, q('kb', 'content')).text)).toEqual(['x1', 'x2']);
    expect(await stored(a.id)).toBe(8);
  });

  it('content: 1500 code points accepted, 1501 → 400-152, missing or blank → 400-153; HTML is kept as plain text', async () => {
    const a = await newArticle(t, w);
    created(await add(w.agent, a.id, { content: '😀'.repeat(1500) }), a.id);
    const [html] = created(await add(w.agent, a.id, { content: '<b>not html</b> & more' }), a.id);
    expect(html!.content).toBe('<b>not html</b> & more');
    expectError(await add(w.agent, a.id, { content: 'x'.repeat(1501) }), '400-152', { format: 'json', details: [{ key: 'note[0].content', value: 'x'.repeat(255) }] });
    expectError(await add(w.agent, a.id, {}), '400-153', { format: 'json', details: [{ key: 'note[0].content', value: '' }] });
    expectError(await add(w.agent, a.id, { content: '   ' }), '400-153', { format: 'json' });
    expectError(await add(w.agent, a.id, { content: { text: 'x' } }), '400-152', { format: 'json', details: [{ key: 'note[0].content', value: '' }] });
    expectError(await add(w.agent, a.id, { content: 'bell\u0007' }), '400-152', { format: 'json' });
    expectError(await addXml(w.agent, a.id, '<note><content></content></note>'), '400-153', { details: [{ key: 'note[0].content', value: '' }] });
    expectError(await addXml(w.agent, a.id, `<note><content>${'y'.repeat(1501)}</content></note>`), '400-152');
    expect(await stored(a.id)).toBe(2);
  });

  it('all or nothing: a bad second item stores nothing; 76 notes → 400-160; an empty list → 400-153', async () => {
    const a = await newArticle(t, w);
    expectError(await add(w.agent, a.id, { note: [{ content: 'fine' }, { content: '' }] }), '400-153', { format: 'json', details: [{ key: 'note[1].content', value: '' }] });
    const many = Array.from({ length: 76 }, (_, i) => ({ content: `n${i}` }));
    expectError(await add(w.agent, a.id, { note: many }), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    expectError(await add(w.agent, a.id, { note: [] }), '400-153', { format: 'json', details: [{ key: 'note', value: '' }] });
    expect(await stored(a.id)).toBe(0);
    created(await add(w.agent, a.id, { note: many.slice(0, 75) }), a.id, 75);
  });

  it('400-150 malformed or missing body (JSON and XML); 415-100 for a form body', async () => {
    const a = await newArticle(t, w);
    const raw = (payload: string, type: string, accept = 'application/json') =>
      t.app.inject({ method: 'POST', url: notes(a.id), headers: { ...w.agent.headers, accept, 'content-type': type }, payload });
    expectError(await raw('{"note":', 'application/json'), '400-150', { format: 'json' });
    expectError(await raw('', 'application/json'), '400-150', { format: 'json' });
    expectError(await raw('<note><content>x</note>', 'application/xml', 'application/xml'), '400-150');
    expectError(await raw('content=x', 'application/x-www-form-urlencoded'), '415-100', { format: 'json' });
  });

  it('path and query: 400-102 for an alternate or malformed id (writes take numeric ids), 400-101, $lang checked and ignored', async () => {
    const a = await newArticle(t, w);
    expectError(await add(w.agent, a.alternateId, { content: 'x' }), '400-102', { format: 'json', details: [{ key: 'id', value: a.alternateId }] });
    expectError(await add(w.agent, `${a.id},1`, { content: 'x' }), '400-102', { format: 'json', details: [{ key: 'id', value: `${a.id},1` }] });
    expectError(await add(w.agent, a.id, { content: 'x' }, '?foo=1'), '400-101', { format: 'json', details: [{ key: 'foo', value: '1' }] });
    expectError(await add(w.agent, a.id, { content: 'x' }, '?$lang=xx-yy'), '400-102', { format: 'json', details: [{ key: '$lang', value: 'xx-yy' }] });
    created(await add(w.agent, a.id, { content: 'x' }, '?$lang=en_US'), a.id);
    created(await add(w.agent, a.id, { content: 'x' }, '?$attribute=all'), a.id);
    expectError(await add(w.agent, a.id, { content: 'x' }, '?$attribute=content'), '400-102', { format: 'json' });
  });

  it('404-101 for an unknown article; 403-197 for a customer session; the legacy 401 without a session', async () => {
    expectError(await add(w.agent, '99999999999', { content: 'x' }), '404-101', { format: 'json', details: [{ key: 'id', value: '99999999999' }] });
    expectError(await addXml(w.agent, '99999999999', '<note><content>x</content></note>'), '404-101', { details: [{ key: 'id', value: '99999999999' }] });
    const a = await newArticle(t, w);
    const customer = await customerSession(t, w.admin);
    expectError(await add(customer, a.id, { content: 'x' }), '403-197', { format: 'json' });
    expectError(await call(t.app, customer, 'POST', notes(a.id), { xml: '<note><content>x</content></note>', fmt: 'xml' }), '403-197');
    const res = await add(null, a.id, { content: 'x' });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ message: 'User could not be authenticated. Invalid session ID.' });
    expect(await stored(a.id)).toBe(0);
  });
});

describe('K20 list notes', () => {
  it('newest first (same instant: higher id first), by numeric or alternate id; 204 when none', async () => {
    const a = await newArticle(t, w);
    noContent(await call(t.app, w.agent, 'GET', notes(a.id)));
    noContent(await call(t.app, w.agent, 'GET', notes(a.alternateId), { fmt: 'xml' }), 'xml');
    const [first, second] = created(await add(w.agent, a.id, { note: [{ content: 'first' }, { content: 'second' }] }), a.id, 2);
    const [third] = created(await add(jenny, a.id, { content: 'third' }), a.id);
    await t.db.prisma.kbNote.update({ where: { id: BigInt(third!.id) }, data: { createdAt: new Date('2020-01-01T00:00:00.000Z') } });
    const page = ok<NotePage>(await call(t.app, w.supervisor, 'GET', notes(a.alternateId.toLowerCase())));
    expect(page.note.map((n) => n.id)).toEqual([second!.id, first!.id, third!.id]);
    expect(page.link).toEqual({ rel: 'self', href: notes(a.alternateId.toLowerCase()) });
    expect(page.paginationInfo).toEqual({ count: 3, pagenum: 1, pagesize: 25 });
    expect(page.note[2]!.created).toEqual({ date: '2020-01-01T00:00:00.000Z', user: jenny.ref });
    const byId = ok<NotePage>(await call(t.app, w.agent, 'GET', `${notes(a.id)}?$sort=id&$order=asc`));
    expect(byId.note.map((n) => n.id)).toEqual([first!.id, second!.id, third!.id]);
  });

  it('paged: $pagesize, prev/next links, a page past the end → 204, $count=yes; XML with paginationInfo in common', async () => {
    const a = await newArticle(t, w);
    const made = created(await add(w.agent, a.id, { note: Array.from({ length: 5 }, (_, i) => ({ content: `n${i}` })) }), a.id, 5);
    const newest = [...made].reverse().map((n) => n.id);
    const p1 = ok<NotePage>(await call(t.app, w.agent, 'GET', `${notes(a.id)}?$pagesize=2`));
    expect(p1.note.map((n) => n.id)).toEqual(newest.slice(0, 2));
    expect(p1.paginationInfo.count).toBe(5);
    const next = p1.paginationInfo.link!.find((l) => l.rel === 'next')!.href;
    const p2 = ok<NotePage>(await call(t.app, w.agent, 'GET', next));
    expect(p2.note.map((n) => n.id)).toEqual(newest.slice(2, 4));
    expect(p2.paginationInfo.link!.map((l) => l.rel)).toEqual(['prev', 'next']);
    const p3 = ok<NotePage>(await call(t.app, w.agent, 'GET', `${notes(a.id)}?$rangestart=5&$rangesize=10`));
    expect(p3.note.map((n) => n.id)).toEqual(newest.slice(4));
    noContent(await call(t.app, w.agent, 'GET', `${notes(a.id)}?$pagenum=4&$pagesize=2`));
    expect(ok<{ paginationInfo: { count: number } }>(await call(t.app, w.agent, 'GET', `${notes(a.id)}?$count=yes`)).paginationInfo.count).toBe(5);
    const xml = xmlOf(await call(t.app, w.agent, 'GET', `${notes(a.id)}?$pagesize=2`, { fmt: 'xml' }));
    expect(xml.name).toBe(q('kb', 'notes'));
    expect(xml.children.map((c) => c.name)).toEqual([q('kb', 'link'), q('kb', 'note'), q('kb', 'note'), q('cmn', 'paginationInfo')]);
    expect(child(child(xml, q('cmn', 'paginationInfo')), q('cmn', 'count')).text).toBe('5');
  });

  it('errors: 404-101 unknown article (JSON, XML), 400-101, 400-102 bad $sort or $pagesize, 400-104, 403-197 customer', async () => {
    expectError(await call(t.app, w.agent, 'GET', notes('no-such-article')), '404-101', { format: 'json', details: [{ key: 'id', value: 'no-such-article' }] });
    expectError(await call(t.app, w.agent, 'GET', notes('99999999999'), { fmt: 'xml' }), '404-101');
    const a = await newArticle(t, w);
    expectError(await call(t.app, w.agent, 'GET', `${notes(a.id)}?folder=1`), '400-101', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${notes(a.id)}?$sort=content`), '400-102', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${notes(a.id)}?$pagesize=76`), '400-102', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${notes(a.id)}?$order=desc`), '400-104', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${notes(a.id)}?$lang=zz`), '400-102', { format: 'json' });
    const customer = await customerSession(t, w.admin);
    expectError(await call(t.app, customer, 'GET', notes(a.id), { fmt: 'xml' }), '403-197');
  });
});

describe('K21 notes by ids', () => {
  it('in the order given, duplicates removed, by numeric or alternate article id (JSON and XML)', async () => {
    const a = await newArticle(t, w);
    const [x, y] = created(await add(w.agent, a.id, { note: [{ content: 'x' }, { content: 'y' }] }), a.id, 2);
    const body = ok<{ note: Note[] }>(await call(t.app, w.agent, 'GET', `${notes(a.alternateId)}/${y!.id},${x!.id}%2C${y!.id}`));
    expect(body.note).toEqual([y, x]);
    expect(Object.keys(body)).toEqual(['note']);
    const xml = xmlOf(await call(t.app, w.agent, 'GET', `${notes(a.id)}/${x!.id}`, { fmt: 'xml' }));
    expect(xml.name).toBe(q('kb', 'notes'));
    expect(kids(xml, q('kb', 'note')).map((n) => n.attrs.id)).toEqual([x!.id]);
  });

  it('404-101 names every id not a note of that article; 400-102 bad id; 400-160 over 75 ids; 400-101 paging', async () => {
    const a = await newArticle(t, w);
    const other = await newArticle(t, w);
    const [mine] = created(await add(w.agent, a.id, { content: 'mine' }), a.id);
    const [theirs] = created(await add(w.agent, other.id, { content: 'theirs' }), other.id);
    expectError(await call(t.app, w.agent, 'GET', `${notes(a.id)}/${mine!.id},${theirs!.id},99999999999`), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: theirs!.id },
        { key: 'id', value: '99999999999' },
      ],
    });
    expectError(await call(t.app, w.agent, 'GET', `${notes(a.id)}/${theirs!.id}`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: theirs!.id }] });
    expectError(await call(t.app, w.agent, 'GET', `${notes('99999999999')}/${mine!.id}`), '404-101', { format: 'json', details: [{ key: 'id', value: '99999999999' }] });
    expectError(await call(t.app, w.agent, 'GET', `${notes(a.id)}/abc`), '400-102', { format: 'json', details: [{ key: 'noteIds', value: 'abc' }] });
    const ids = Array.from({ length: 76 }, (_, i) => String(i + 1)).join(',');
    expectError(await call(t.app, w.agent, 'GET', `${notes(a.id)}/${ids}`), '400-160', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${notes(a.id)}/${mine!.id}?$pagesize=2`), '400-101', { format: 'json' });
  });
});

describe('K22 delete notes', () => {
  it('an author deletes own notes (204); another user’s note needs a publisher: agent → 403-197, nothing deleted', async () => {
    const a = await newArticle(t, w);
    const [own] = created(await add(w.agent, a.id, { content: 'own' }), a.id);
    const [foreign] = created(await add(jenny, a.id, { content: 'jenny' }), a.id);
    expectError(await call(t.app, w.agent, 'DELETE', `${notes(a.id)}/${own!.id},${foreign!.id}`), '403-197', { format: 'json' });
    expectError(await call(t.app, w.agent, 'DELETE', `${notes(a.id)}/${foreign!.id}`, { fmt: 'xml' }), '403-197');
    expect(await stored(a.id)).toBe(2);
    noContent(await call(t.app, w.agent, 'DELETE', `${notes(a.id)}/${own!.id}`));
    expect(await stored(a.id)).toBe(1);
    noContent(await call(t.app, w.supervisor, 'DELETE', `${notes(a.id)}/${foreign!.id}`, { fmt: 'xml' }), 'xml');
    expect(await stored(a.id)).toBe(0);
  });

  it('administrators delete anyone’s notes; a list is all or nothing (404-101 names the missing ids)', async () => {
    const a = await newArticle(t, w);
    const other = await newArticle(t, w);
    const made = created(await add(jenny, a.id, { note: [{ content: '1' }, { content: '2' }] }), a.id, 2);
    const [elsewhere] = created(await add(jenny, other.id, { content: 'x' }), other.id);
    expectError(await call(t.app, w.admin, 'DELETE', `${notes(a.id)}/${made[0]!.id},${elsewhere!.id},99999999999`), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: elsewhere!.id },
        { key: 'id', value: '99999999999' },
      ],
    });
    expectError(await call(t.app, w.admin, 'DELETE', `${notes('99999999999')}/${made[0]!.id}`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: '99999999999' }] });
    expect(await stored(a.id)).toBe(2);
    noContent(await call(t.app, w.admin, 'DELETE', `${notes(a.id)}/${made[0]!.id},${made[1]!.id}`));
    expect(await stored(a.id)).toBe(0);
    expect(await stored(other.id)).toBe(1);
  });

  it('400-102 for an alternate article id or a bad note id, 400-160 over 75 ids, 400-101, 403-197 for a customer session', async () => {
    const a = await newArticle(t, w);
    const [n] = created(await add(w.agent, a.id, { content: 'x' }), a.id);
    expectError(await call(t.app, w.agent, 'DELETE', `${notes(a.alternateId)}/${n!.id}`), '400-102', { format: 'json', details: [{ key: 'id', value: a.alternateId }] });
    expectError(await call(t.app, w.agent, 'DELETE', `${notes(a.id)}/x1`, { fmt: 'xml' }), '400-102', { details: [{ key: 'noteIds', value: 'x1' }] });
    const ids = Array.from({ length: 76 }, (_, i) => String(i + 1)).join(',');
    expectError(await call(t.app, w.agent, 'DELETE', `${notes(a.id)}/${ids}`), '400-160', { format: 'json' });
    expectError(await call(t.app, w.agent, 'DELETE', `${notes(a.id)}/${n!.id}?$attribute=all`), '400-101', { format: 'json' });
    const customer = await customerSession(t, w.admin);
    expectError(await call(t.app, customer, 'DELETE', `${notes(a.id)}/${n!.id}`), '403-197', { format: 'json' });
    expect(await stored(a.id)).toBe(1);
  });
});

describe('the article notes group (notesOfArticles)', () => {
  it('answers at most `limit` notes per article, newest first, with their authors; articles without notes are absent', async () => {
    const a = await newArticle(t, w);
    const b = await newArticle(t, w);
    const c = await newArticle(t, w);
    const made = created(await add(jenny, a.id, { note: [{ content: '1' }, { content: '2' }, { content: '3' }] }), a.id, 3);
    created(await add(w.agent, b.id, { content: 'b' }), b.id);
    const map = await notesOfArticles(t.db, [BigInt(a.id), BigInt(b.id), BigInt(c.id)], 2);
    expect(map.get(BigInt(a.id))!.map((n) => String(n.id))).toEqual([made[2]!.id, made[1]!.id]);
    expect(map.get(BigInt(a.id))![0]!.author).toEqual(jenny.ref);
    expect(map.get(BigInt(b.id))).toHaveLength(1);
    expect(map.has(BigInt(c.id))).toBe(false);
    expect((await notesOfArticles(t.db, [], 75)).size).toBe(0);
  });
});
