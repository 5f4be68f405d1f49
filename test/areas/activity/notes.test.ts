// V14–V16 — activity notes (05 §9.14 with the note resource of 04 §9): create, list, get one; JSON and XML; T11 and
// userLastWorked; callers, department scoping and customer sessions (05 §8.1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { expectError } from '../../conformance/support.ts';
import { createDepartment } from '../../helpers/auth.ts';
import { ACTIVITY, activity, call, customerSession, noContent, ok, row, sessionCustomer, staff, world, xmlOf, type Staff, type World } from './edit-support.ts';

type Note = { id: string; link: { rel: string; href: string }; created: { date: string; user?: { id: string; name: string } }; content: string };

const NOTES_NS = 'http://bindings.egain.com/ws/model/v12/gen/interaction/notes';
let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

const notes = (id: bigint | string | number) => `${ACTIVITY}/${id}/note`;
const add = (who: { headers: Record<string, string> } | null, id: bigint | string | number, body: unknown) => call(t.app, who, 'POST', notes(id), { body });

function created(res: Awaited<ReturnType<typeof add>>, id: bigint): Note {
  const body = ok<{ note: Note[] }>(res, 201);
  expect(body.note).toHaveLength(1);
  const n = body.note[0]!;
  expect(res.headers.location).toBe(`${notes(id)}/${n.id}`);
  expect(n.link).toEqual({ rel: 'self', href: `${notes(id)}/${n.id}` });
  return n;
}

describe('V14 add a note', () => {
  it('201 with Location and the note (author, content); bare, wrapped and list forms; open and completed activities', async () => {
    const a = await activity(t, w);
    const n = created(await add(w.agent, a.id, { content: 'Customer called back.' }), a.id);
    expect(Number(n.id)).toBeGreaterThanOrEqual(1000000);
    expect(n.content).toBe('Customer called back.');
    expect(n.created.user).toEqual(w.agent.ref);
    expect(Number.isNaN(Date.parse(n.created.date))).toBe(false);
    created(await add(w.agent, a.id, { note: { content: 'b' } }), a.id);
    created(await add(w.agent, a.id, { note: [{ content: 'c' }] }), a.id);
    const done = await activity(t, w, { status: 'completed' });
    created(await add(w.supervisor, done.id, { content: 'after the fact' }), done.id);
    expect(await t.db.prisma.note.count({ where: { activityId: a.id } })).toBe(3);
    expect(await t.db.prisma.note.count({ where: { activityId: done.id } })).toBe(1);
  });

  it('XML body <note> or <notes> with one <note> → 201 with the XML note', async () => {
    const a = await activity(t, w);
    const res = await call(t.app, w.agent, 'POST', notes(a.id), { xml: `<note xmlns="${NOTES_NS}"><content>From XML &amp; more</content></note>`, fmt: 'xml' });
    const xml = xmlOf(res, 201);
    expect(xml.name).toBe(`{${NOTES_NS}}notes`);
    const note = xml.children[0]!;
    expect(note.name).toBe(`{${NOTES_NS}}note`);
    expect(res.headers.location).toBe(`${notes(a.id)}/${note.attrs.id}`);
    expect(note.children.map((c) => c.name)).toEqual([`{${NOTES_NS}}link`, `{${NOTES_NS}}created`, `{${NOTES_NS}}content`]);
    expect(note.children[2]!.text).toBe('From XML & more');
    const wrapped = `<notes xmlns="${NOTES_NS}"><note><content>second</content></note></notes>`;
    expect((await call(t.app, w.agent, 'POST', notes(a.id), { xml: wrapped })).statusCode).toBe(201);
  });

  it('T11: a note by the assigned user moves assigned/new to in_progress; userLastWorked and lastModified follow', async () => {
    const before = new Date(Date.now() - 60_000);
    const a = await activity(t, w, { assignedUserId: w.agent.user.id, substatus: 'new', lastModifiedAt: before });
    created(await add(w.agent, a.id, { content: 'working on it' }), a.id);
    const r = await row(t, a.id);
    expect([r.status, r.substatus]).toEqual(['assigned', 'in_progress']);
    expect(r.userLastWorkedId).toBe(w.agent.user.id);
    expect(r.lastModifiedAt.getTime()).toBeGreaterThan(before.getTime());
    expect(r.lastModifiedById).toBe(w.agent.user.id);
  });

  it('a note by another user: no T11, but userLastWorked becomes that user; a second note by the same user changes nothing', async () => {
    const a = await activity(t, w, { assignedUserId: w.agent.user.id, substatus: 'new' });
    created(await add(w.supervisor, a.id, { content: 'supervisor remark' }), a.id);
    const r = await row(t, a.id);
    expect([r.status, r.substatus]).toEqual(['assigned', 'new']);
    expect(r.userLastWorkedId).toBe(w.supervisor.user.id);
    created(await add(w.supervisor, a.id, { content: 'again' }), a.id);
    expect((await row(t, a.id)).lastModifiedAt.getTime()).toBe(r.lastModifiedAt.getTime());
  });

  it('400-153 missing or empty content, 400-152 too long, control characters or two items, 400-150 no body', async () => {
    const a = await activity(t, w);
    expectError(await add(w.agent, a.id, {}), '400-153', { format: 'json', details: [{ key: 'content', value: '' }] });
    expectError(await add(w.agent, a.id, { content: '' }), '400-153', { format: 'json' });
    // Free text keeps its whitespace (01 §3.3): spaces are characters, not an empty content.
    expect(created(await add(w.agent, a.id, { content: '   ' }), a.id).content).toBe('   ');
    expect(created(await add(w.agent, a.id, { content: ' \t\n' }), a.id).content).toBe(' \t\n');
    expectError(await add(w.agent, a.id, { content: 'x'.repeat(1501) }), '400-152', { format: 'json' });
    expect((await add(w.agent, a.id, { content: 'é'.repeat(1500) })).statusCode).toBe(201);
    expectError(await add(w.agent, a.id, { content: 'bell\u0007' }), '400-152', { format: 'json' });
    expectError(await add(w.agent, a.id, { note: [{ content: 'a' }, { content: 'b' }] }), '400-152', { format: 'json' });
    expect((await add(w.agent, a.id, { content: 'tab\tcr\rlf\n<b>plain</b>' })).statusCode).toBe(201);
    expectError(await call(t.app, w.agent, 'POST', notes(a.id), { headers: { 'content-type': 'application/json' } }), '400-150', { format: 'json' });
    expectError(await call(t.app, w.agent, 'POST', notes(a.id), { xml: '<note><content>unclosed</note>', fmt: 'xml' }), '400-150', { format: 'xml' });
  });

  it('403-197 for a customer session; 404-101 for an unknown or foreign-department activity; nothing is stored', async () => {
    const s = await customerSession(t, w.admin);
    const own = await activity(t, w, { customer: sessionCustomer(s) });
    expectError(await add(s, own.id, { content: 'mine' }), '403-197', { format: 'json' });
    expectError(await add(w.agent, 999999999, { content: 'x' }), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
    const other = await createDepartment(t.db);
    const foreign = await activity(t, { ...w, dept: { id: other.id, name: other.name } });
    expectError(await add(w.agent, foreign.id, { content: 'x' }), '404-101', { format: 'json' });
    expect((await add(w.admin, foreign.id, { content: 'admin sees all' })).statusCode).toBe(201);
    expect(await t.db.prisma.note.count({ where: { activityId: { in: [own.id, foreign.id] } } })).toBe(1);
    expectError(await add(w.agent, 'abc', { content: 'x' }), '400-102', { format: 'json' });
  });
});

describe('V15 list and V16 get one', () => {
  let a: bigint;
  let ids: string[];
  beforeAll(async () => {
    a = (await activity(t, w)).id;
    const same = new Date('2024-05-02T11:41:28.000Z');
    // Two notes at the same instant: ordered by id (04 §9.1); an earlier one first.
    const n1 = await t.db.prisma.note.create({ data: { activityId: a, content: 'second', createdAt: same, createdById: w.agent.user.id } });
    const n2 = await t.db.prisma.note.create({ data: { activityId: a, content: 'third', createdAt: same, createdById: w.agent.user.id } });
    const n0 = await t.db.prisma.note.create({ data: { activityId: a, content: 'first', createdAt: new Date('2024-05-01T00:00:00.000Z'), createdById: w.supervisor.user.id } });
    ids = [n0.id, n1.id, n2.id].map(String);
  });

  it('200 with every note by creation time then id (JSON and XML)', async () => {
    const list = ok<{ note: Note[] }>(await call(t.app, w.agent, 'GET', notes(a))).note;
    expect(list.map((n) => n.id)).toEqual(ids);
    expect(list.map((n) => n.content)).toEqual(['first', 'second', 'third']);
    expect(list[0]).toEqual({
      id: ids[0],
      link: { rel: 'self', href: `${notes(a)}/${ids[0]}` },
      created: { date: '2024-05-01T00:00:00.000Z', user: w.supervisor.ref },
      content: 'first',
    });
    const xml = xmlOf(await call(t.app, w.agent, 'GET', notes(a), { fmt: 'xml' }));
    expect(xml.children.map((c) => c.attrs.id)).toEqual(ids);
  });

  it('204 when the activity has no note; 404-101 unknown activity; 400-101 for any query parameter', async () => {
    const empty = await activity(t, w);
    noContent(await call(t.app, w.agent, 'GET', notes(empty.id)));
    expectError(await call(t.app, w.agent, 'GET', notes(999999998)), '404-101', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${notes(a)}?$pagesize=5`), '400-101', { format: 'json' });
  });

  it('V16: one note (JSON and XML); a note of another activity, or of a case, → 404-101 naming it', async () => {
    const one = ok<{ note: Note[] }>(await call(t.app, w.agent, 'GET', `${notes(a)}/${ids[1]}`)).note;
    expect(one.map((n) => n.content)).toEqual(['second']);
    const xml = xmlOf(await call(t.app, w.agent, 'GET', `${notes(a)}/${ids[1]}`, { fmt: 'xml' }));
    expect(xml.children[0]!.attrs.id).toBe(ids[1]);
    const b = await activity(t, w);
    expectError(await call(t.app, w.agent, 'GET', `${notes(b.id)}/${ids[1]}`), '404-101', { format: 'json', details: [{ key: 'id', value: ids[1]! }] });
    const caseNote = await t.db.prisma.note.create({ data: { caseId: b.caseId, content: 'case note' } });
    expectError(await call(t.app, w.agent, 'GET', `${notes(b.id)}/${caseNote.id}`), '404-101', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${notes(a)}/x1`), '400-102', { format: 'json' });
  });

  it('scoping: another department → 404-101; customer sessions read notes of their own activities only, not unsent drafts', async () => {
    const outsider: Staff = await staff(t, ['agent']);
    expectError(await call(t.app, outsider, 'GET', notes(a)), '404-101', { format: 'json' });
    expectError(await call(t.app, outsider, 'GET', `${notes(a)}/${ids[0]}`), '404-101', { format: 'json' });
    const s = await customerSession(t, w.admin);
    const mine = await activity(t, w, { customer: sessionCustomer(s) });
    const draft = await activity(t, w, { customer: sessionCustomer(s), assignedUserId: w.agent.user.id, mode: 'outbound' });
    const n = created(await add(w.agent, mine.id, { content: 'visible to the customer' }), mine.id);
    created(await add(w.agent, draft.id, { content: 'draft note' }), draft.id);
    expect(ok<{ note: Note[] }>(await call(t.app, s, 'GET', notes(mine.id))).note.map((x) => x.id)).toEqual([n.id]);
    expect(ok<{ note: Note[] }>(await call(t.app, s, 'GET', `${notes(mine.id)}/${n.id}`)).note[0]!.content).toBe('visible to the customer');
    expectError(await call(t.app, s, 'GET', notes(draft.id)), '404-101', { format: 'json' });
    expectError(await call(t.app, s, 'GET', notes(a)), '404-101', { format: 'json' });
  });
});
