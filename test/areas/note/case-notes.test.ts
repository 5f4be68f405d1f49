// K6–K8 — case notes (04 §9): create, list, get one; JSON and XML; callers and visibility.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { canonicalXml } from '../../helpers/xml-canonical.ts';
import { expectError } from '../../conformance/support.ts';
import { insertCase } from '../../helpers/interaction.ts';
import { CASE, call, customerSession, fill, fixture, newCase, noContent, ok, staff, world, xmlOf, type Staff, type World } from '../case/support.ts';

type Note = { id: string; link: { rel: string; href: string }; created: { date: string; user?: { id: string } }; content: string };

let t: TestApp;
let w: World;
let jenny: Staff;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  jenny = await staff(t, ['agent'], { departmentId: w.dept.id, firstName: 'Jenny', lastName: 'Anthony' });
});
afterAll(async () => t?.close());

const notes = (id: string) => `${CASE}/${id}/note`;
const add = (who: { headers: Record<string, string> }, id: string, body: unknown) => call(t.app, who, 'POST', notes(id), { body });

function created(res: Awaited<ReturnType<typeof add>>, caseId: string): Note {
  const body = ok<{ note: Note[] }>(res, 201);
  expect(body.note).toHaveLength(1);
  const n = body.note[0]!;
  expect(res.headers.location).toBe(`${notes(caseId)}/${n.id}`);
  return n;
}

const example = (caseId: string, n: Note) => ({
  '1000024': caseId,
  '1000501': n.id,
  '2024-05-02T11:41:28.000Z': n.created.date,
  '"1002"': `"${jenny.ref.id}"`,
  'id="1002"': `id="${jenny.ref.id}"`,
  '"name":"Jenny"': `"name":"${jenny.ref.name}"`,
  '<plt:name>Jenny</plt:name>': `<plt:name>${jenny.ref.name}</plt:name>`,
});

describe('K6 create', () => {
  it('the §9.2 JSON body → 201, Location and the note as the §9.3 example', async () => {
    const id = await newCase(t, w);
    const n = created(await add(jenny, id, JSON.parse(fixture('note-create.json'))), id);
    expect(Number(n.id)).toBeGreaterThanOrEqual(1000000);
    expect({ note: [n] }).toEqual(JSON.parse(fill(fixture('note-list.json'), example(id, n))));
  });

  it('the §9.2 XML body → 201 with the XML answer of §9.3', async () => {
    const id = await newCase(t, w);
    const res = await call(t.app, jenny, 'POST', `${notes(id)}`, { xml: fixture('note-create.xml'), fmt: 'xml' });
    const xml = xmlOf(res, 201);
    const noteId = xml.children[0]!.attrs.id!;
    expect(res.headers.location).toBe(`${notes(id)}/${noteId}`);
    const stored = await t.db.prisma.note.findUniqueOrThrow({ where: { id: BigInt(noteId) } });
    expect(xml).toEqual(canonicalXml(fill(fixture('note-list.xml'), example(id, { id: noteId, created: { date: stored.createdAt.toISOString() } } as Note))));
  });

  it('wrapped forms {"note":{…}} and {"note":[one]}; XML <notes> with one <note>; a closed case takes notes', async () => {
    const id = await newCase(t, w, { status: 'closed' });
    created(await add(w.agent, id, { note: { content: 'a' } }), id);
    created(await add(w.agent, id, { note: [{ content: 'b' }] }), id);
    const xml = '<notes xmlns="http://bindings.egain.com/ws/model/v12/gen/interaction/notes"><note><content>c</content></note></notes>';
    expect((await call(t.app, w.agent, 'POST', notes(id), { xml })).statusCode).toBe(201);
    expect(await t.db.prisma.note.count({ where: { caseId: BigInt(id) } })).toBe(3);
  });

  it('400-153 missing or empty content, 400-152 two items, over 1500 characters or control characters, 400-150 no body', async () => {
    const id = await newCase(t, w);
    expectError(await add(w.agent, id, {}), '400-153', { format: 'json', details: [{ key: 'content', value: '' }] });
    expectError(await add(w.agent, id, { content: '' }), '400-153', { format: 'json' });
    expectError(await add(w.agent, id, { content: null }), '400-153', { format: 'json' });
    expectError(await add(w.agent, id, { note: [{ content: 'a' }, { content: 'b' }] }), '400-152', { format: 'json' });
    expectError(await add(w.agent, id, { content: 'x'.repeat(1501) }), '400-152', { format: 'json' });
    expect((await add(w.agent, id, { content: 'é'.repeat(1500) })).statusCode).toBe(201);
    expectError(await add(w.agent, id, { content: 'bell\u0007' }), '400-152', { format: 'json' });
    expectError(await add(w.agent, id, { content: 'c1\u0085' }), '400-152', { format: 'json' });
    expect((await add(w.agent, id, { content: 'tab\tcr\rlf\n<b>not html</b>' })).statusCode).toBe(201);
    expectError(await call(t.app, w.agent, 'POST', notes(id), { headers: { 'content-type': 'application/json' } }), '400-150', { format: 'json' });
  });

  it('content of whitespace only is kept as sent (01 §3.3: free text is not trimmed), JSON and XML', async () => {
    const id = await newCase(t, w);
    const n = created(await add(w.agent, id, { content: '   ' }), id);
    expect(n.content).toBe('   ');
    const xml = await call(t.app, w.agent, 'POST', notes(id), { xml: '<note><content>  \n </content></note>' });
    expect(created(xml, id).content).toBe('  \n ');
    const stored = await t.db.prisma.note.findMany({ where: { caseId: BigInt(id) }, orderBy: { id: 'asc' } });
    expect(stored.map((s) => s.content)).toEqual(['   ', '  \n ']);
  });

  it('404-101 for an unknown case or one of another department; 403-197 for a customer session', async () => {
    expectError(await add(w.agent, '99999999', { content: 'x' }), '404-101', { format: 'json', details: [{ key: 'id', value: '99999999' }] });
    const other = await world(t);
    expectError(await add(w.agent, await newCase(t, other), { content: 'x' }), '404-101', { format: 'json' });
    const session = await customerSession(t, w.admin);
    const own = String(await insertCase(t.db, { departmentId: w.dept.id, customerId: BigInt(session.customer.id) }));
    expectError(await add(session, own, { content: 'x' }), '403-197', { format: 'json' });
  });
});

describe('K7 list and K8 get', () => {
  it('lists by creation time then id; 204 when none; K8 answers one note', async () => {
    const id = await newCase(t, w);
    noContent(await call(t.app, w.agent, 'GET', notes(id)));
    const a = created(await add(w.agent, id, { content: 'first' }), id);
    const b = created(await add(jenny, id, { content: 'second' }), id);
    // Same creation time: id decides.
    await t.db.prisma.note.updateMany({ where: { id: { in: [BigInt(a.id), BigInt(b.id)] } }, data: { createdAt: new Date('2030-01-01T00:00:00Z') } });
    const c = created(await add(w.agent, id, { content: 'third' }), id);
    await t.db.prisma.note.update({ where: { id: BigInt(c.id) }, data: { createdAt: new Date('2029-01-01T00:00:00Z') } });
    const list = ok<{ note: Note[] }>(await call(t.app, w.supervisor, 'GET', notes(id)));
    expect(list.note.map((n) => n.content)).toEqual(['third', 'first', 'second']);
    expect(list.note[1]!.created.user).toEqual(w.agent.ref);
    const one = ok<{ note: Note[] }>(await call(t.app, w.admin, 'GET', `${notes(id)}/${b.id}`));
    expect(one.note).toEqual([{ ...b, created: { ...b.created, date: '2030-01-01T00:00:00.000Z' } }]);
    const xml = xmlOf(await call(t.app, w.agent, 'GET', `${notes(id)}/${b.id}`, { fmt: 'xml' }));
    expect(xml.name).toBe('{http://bindings.egain.com/ws/model/v12/gen/interaction/notes}notes');
  });

  it('K8: 404-101 when the note belongs to another case or does not exist; K7/K8 404-101 for an unknown or invisible case', async () => {
    const id = await newCase(t, w);
    const other = await newCase(t, w);
    const n = created(await add(w.agent, other, { content: 'elsewhere' }), other);
    expectError(await call(t.app, w.agent, 'GET', `${notes(id)}/${n.id}`), '404-101', { format: 'json', details: [{ key: 'id', value: n.id }] });
    expectError(await call(t.app, w.agent, 'GET', `${notes(id)}/99999999`), '404-101', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', notes('99999999')), '404-101', { format: 'json' });
    const foreign = await world(t);
    expectError(await call(t.app, foreign.agent, 'GET', notes(other)), '404-101', { format: 'json' });
    expectError(await call(t.app, foreign.agent, 'GET', `${notes(other)}/${n.id}`), '404-101', { format: 'json' });
  });

  it('400-101 for $attribute or paging parameters; 400-102 for a malformed note id', async () => {
    const id = await newCase(t, w);
    expectError(await call(t.app, w.agent, 'GET', `${notes(id)}?$attribute=all`), '400-101', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${notes(id)}?$pagesize=5`), '400-101', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${notes(id)}/x1`), '400-102', { format: 'json' });
  });

  it('customer sessions read the notes of their own cases only', async () => {
    const session = await customerSession(t, w.admin);
    const own = String(await insertCase(t.db, { departmentId: w.dept.id, customerId: BigInt(session.customer.id) }));
    const n = created(await add(w.agent, own, { content: 'for you' }), own);
    expect(ok<{ note: Note[] }>(await call(t.app, session, 'GET', notes(own))).note.map((x) => x.id)).toEqual([n.id]);
    expect(ok<{ note: Note[] }>(await call(t.app, session, 'GET', `${notes(own)}/${n.id}`)).note[0]!.content).toBe('for you');
    const foreign = await newCase(t, w);
    expectError(await call(t.app, session, 'GET', notes(foreign)), '404-101', { format: 'json' });
  });
});
