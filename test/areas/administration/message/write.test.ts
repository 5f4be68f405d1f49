// Standard messages (07 §1.4, §12) through the real HTTP stack: create, edit, delete, methods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError } from '../../../conformance/support.ts';
import { call, COMMON, configVersion, el, noContent, ok, PLATFORM, session, stampEl, unique, workflowRow, xmlOf, type Session } from '../department/support.ts';
import { at, createMessage, dept, EN, ES, MSG, readMessage, text, URL, userOf, type Message } from './support.ts';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
});
afterAll(async () => t?.close());

const post = (body: unknown, query = '') => call(t.app, admin, 'POST', `${URL}${query}`, { body });
const put = (body: unknown) => call(t.app, admin, 'PUT', URL, { body });
const stored = (id: string) => t.db.prisma.standardMessage.findUniqueOrThrow({ where: { id: BigInt(id) } });
const MiB = 1024 * 1024;

describe('create (07 §1.4, §12)', () => {
  it('applies the defaults (default language, active) and answers 201 with Location and the default set', async () => {
    const d = await dept(t);
    const before = await configVersion(t.db);
    const name = unique('New');
    const res = await post({ name, ...at(d), ...text('Hello') });
    const m = ok<{ message: Message[] }>(res, 201).message[0]!;
    expect(res.headers.location).toBe(`${URL}/${m.id}`);
    expect(m).toEqual({
      id: m.id,
      link: { rel: 'self', href: `${URL}/${m.id}` },
      name,
      department: { id: String(d.id), name: d.name },
      language: EN,
      state: { value: 'active', displayValue: 'Active' },
      lastModified: { date: m.lastModified.date, user: userOf(admin) },
    });
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await stored(m.id)).toMatchObject({ text: 'Hello', html: null, subject: null, keywords: null, description: null, languageId: 1n, createdById: admin.userId });
  });

  it('stores every field: department by name, language by id or code, html only, limits at their maximum', async () => {
    const d = await dept(t);
    const html = `<p>x${'é'.repeat((MiB - 8) / 2)}</p>`;
    expect(Buffer.byteLength(html)).toBe(MiB);
    const m = await createMessage(
      t,
      admin,
      {
        department: { name: d.name.toUpperCase() },
        name: 'n'.repeat(255),
        description: 'd'.repeat(4000),
        language: { id: 2 },
        subject: 's'.repeat(1024),
        contents: { content: { type: 'HTML', value: html } },
        keywords: 'k'.repeat(1000),
        state: { value: 'Inactive' },
      },
      '?$attribute=all',
    );
    expect(m).toMatchObject({
      name: 'n'.repeat(255),
      description: 'd'.repeat(4000),
      department: { id: String(d.id) },
      language: ES,
      subject: 's'.repeat(1024),
      contents: { content: [{ type: 'html', value: html }] },
      keywords: 'k'.repeat(1000),
      state: { value: 'inactive' },
      created: { date: m.lastModified.date, user: userOf(admin) },
    });
    const byCode = await createMessage(t, admin, { ...at(d), language: { code: 'ES_es' }, subject: null, keywords: '', description: null, state: null });
    expect(byCode.language).toEqual(ES);
    expect(byCode.state.value).toBe('active');
    for (const language of [null, {}, { code: '' }]) expect((await createMessage(t, admin, { ...at(d), language })).language).toEqual(EN);
    expect(await stored(byCode.id)).toMatchObject({ subject: null, keywords: null, description: null });
  });

  it('takes an XML body (contents with c:type and c:value) and answers XML with the attribute groups asked for', async () => {
    const d = await dept(t);
    const name = unique('X');
    const xml = `<message xmlns="${MSG}" xmlns:c="${COMMON}"><name>${name}</name><department id="${d.id}"/><language><code>es-es</code></language>
      <subject>Hola &amp; adiós</subject><contents><content><c:type>html</c:type><c:value>&lt;b&gt;Hola&lt;/b&gt;</c:value></content>
      <content><c:type>text</c:type><c:value>  Hola\n</c:value></content></contents><keywords>saludo</keywords></message>`;
    const root = xmlOf(await call(t.app, admin, 'POST', `${URL}?$attribute=contents,keywords`, { fmt: 'xml', xml }), 201);
    const item = root.children[0]!;
    const id = item.attrs.id!;
    const date = item.children.find((c) => c.name === `{${MSG}}lastModified`)!.attrs.date!;
    expect(root.name).toBe(`{${MSG}}messages`);
    const content = (type: string, value: string) => el(`{${MSG}}content`, {}, [el(`{${COMMON}}type`, {}, type), el(`{${COMMON}}value`, {}, value)]);
    expect(item).toEqual(
      el(`{${MSG}}message`, { id }, [
        el(`{${MSG}}link`, { rel: 'self', href: `${URL}/${id}` }),
        el(`{${MSG}}name`, {}, name),
        el(`{${MSG}}department`, { id: String(d.id) }, [el(`{${PLATFORM}}name`, {}, d.name)]),
        el(`{${MSG}}language`, { id: '2' }, [el(`{${MSG}}code`, {}, 'es-es'), el(`{${MSG}}label`, {}, 'Spanish (Spain)')]),
        el(`{${MSG}}subject`, {}, 'Hola & adiós'),
        el(`{${MSG}}contents`, {}, [content('text', '  Hola\n'), content('html', '<b>Hola</b>')]),
        el(`{${MSG}}keywords`, {}, 'saludo'),
        el(`{${MSG}}state`, {}, [el(`{${COMMON}}value`, {}, 'active'), el(`{${COMMON}}displayValue`, {}, 'Active')]),
        stampEl(MSG, 'lastModified', date, admin.name),
      ]),
    );
  });

  it.each([
    [{ name: '' }, '400-153', 'name', ''],
    [{ name: null }, '400-153', 'name', ''],
    [{ name: 'n'.repeat(256) }, '400-152', 'name', 'n'.repeat(256)],
    [{ description: 'd'.repeat(4001) }, '400-152', 'description', 'd'.repeat(4001)],
    [{ subject: 's'.repeat(1025) }, '400-152', 'subject', 's'.repeat(1025)],
    [{ keywords: 'k'.repeat(1001) }, '400-152', 'keywords', 'k'.repeat(1001)],
    [{ contents: undefined }, '400-153', 'contents', ''],
    [{ contents: null }, '400-153', 'contents', ''],
    [{ contents: {} }, '400-153', 'contents.content', ''],
    [{ contents: { content: [] } }, '400-153', 'contents.content', ''],
    [{ contents: { content: [{ value: 'x' }] } }, '400-153', 'contents.content[0].type', ''],
    [{ contents: { content: [{ type: 'text' }] } }, '400-153', 'contents.content[0].value', ''],
    [{ contents: { content: [{ type: 'text', value: '' }] } }, '400-153', 'contents.content[0].value', ''],
    [{ contents: { content: [{ type: 'rtf', value: 'x' }] } }, '400-152', 'contents.content[0].type', 'rtf'],
    [{ contents: { content: [{ type: 'html', value: 'a' }, { type: 'Html', value: 'b' }] } }, '400-152', 'contents.content[1].type', 'html'],
    [{ contents: { content: [{ type: 'text', value: 'a' }, { type: 'html', value: 'b' }, { type: 'text', value: 'c' }] } }, '400-152', 'contents.content[2].type', 'text'],
    [{ contents: { content: [{ type: 'text', value: 'é'.repeat(MiB / 2 + 1) }] } }, '400-152', 'contents.content[0].value', 'é'.repeat(MiB / 2 + 1)],
    [{ department: undefined }, '400-153', 'department', ''],
    [{ department: { id: 'x' } }, '400-152', 'department.id', 'x'],
    [{ department: { id: '999999999' } }, '400-152', 'department.id', '999999999'],
    [{ department: { name: 'no such department here' } }, '400-152', 'department.name', 'no such department here'],
    [{ language: { id: '999' } }, '400-152', 'language.id', '999'],
    [{ language: { code: 'xx-yy' } }, '400-152', 'language.code', 'xx-yy'],
    [{ language: { id: 'x' } }, '400-152', 'language.id', 'x'],
    [{ state: { value: 'off' } }, '400-152', 'state.value', 'off'],
  ])('refuses body #%#', async (change, code, key, value) => {
    const d = await dept(t);
    const body: Record<string, unknown> = { name: unique(), ...text(), ...at(d), ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete body[k];
    expectError(await post(body), code, { format: 'json', details: [{ key, value: value.slice(0, 255) }] });
    noContent(await call(t.app, admin, 'GET', `${URL}?department=${d.id}`));
  });

  it('refuses a malformed body (400-150) and a wrapper of two items (400-152)', async () => {
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: '<message><name>x</name>' }), '400-150');
    expectError(await post({ message: [{ name: 'a' }, { name: 'b' }] }), '400-152', { format: 'json', details: [{ key: 'message', value: '' }] });
  });
});

describe('edit (07 §1.4, §12)', () => {
  it('changes the fields sent, replaces the contents, keeps the others, ignores the department, stamps lastModified', async () => {
    const d = await dept(t);
    const m = await createMessage(t, admin, {
      ...at(d),
      subject: 'keep',
      keywords: 'keep',
      description: 'keep',
      contents: { content: [{ type: 'text', value: 'old text' }, { type: 'html', value: '<p>old</p>' }] },
    });
    const other = await dept(t);
    const before = await configVersion(t.db);
    const name = unique('Ren');
    noContent(
      await put({
        message: [
          {
            id: m.id,
            name,
            language: { code: 'es-ES' },
            contents: { content: { type: 'html', value: '<p>new</p>' } },
            state: { value: 'inactive' },
            department: { id: String(other.id) },
            lastModified: { date: m.lastModified.date },
          },
        ],
      }),
    );
    const after = await readMessage(t, admin, m.id);
    expect(after).toMatchObject({
      name,
      description: 'keep',
      department: { id: String(d.id) },
      language: ES,
      subject: 'keep',
      contents: { content: [{ type: 'html', value: '<p>new</p>' }] },
      keywords: 'keep',
      state: { value: 'inactive' },
      created: m.lastModified,
      lastModified: { user: userOf(admin) },
    });
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(m.lastModified.date));
    expect(await stored(m.id)).toMatchObject({ text: null, html: '<p>new</p>' });
    expect(await configVersion(t.db)).toBeGreaterThan(before);
  });

  it('clears optional fields (null, empty values, empty XML elements); a cleared language is the default language', async () => {
    const d = await dept(t);
    const full = { ...at(d), subject: 's', keywords: 'k', description: 'x', language: { id: '2' }, state: { value: 'inactive' } };
    const [m, n] = [await createMessage(t, admin, full), await createMessage(t, admin, full)];
    noContent(await put({ id: m.id, subject: null, keywords: '', description: null, language: null, state: null }));
    const xml = `<messages><message id="${n.id}"><subject/><keywords xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/><description/><language/><state><value/></state></message></messages>`;
    noContent(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml }), 'xml');
    for (const x of [m, n]) {
      const after = await readMessage(t, admin, x.id);
      expect(after).toMatchObject({ language: EN, state: { value: 'active' } });
      expect([after.subject, after.keywords, after.description]).toEqual([undefined, undefined, undefined]);
    }
  });

  it('edits contents in XML and applies several items with one id in order', async () => {
    const d = await dept(t);
    const m = await createMessage(t, admin, at(d));
    const xml = `<messages xmlns:c="${COMMON}"><message id="${m.id}"><contents><content><c:type>text</c:type><c:value>one</c:value></content></contents><subject>a</subject></message>
      <message id="${m.id}"><contents><content><c:type>text</c:type><c:value>two</c:value></content><content><c:type>html</c:type><c:value>&lt;i&gt;two&lt;/i&gt;</c:value></content></contents></message></messages>`;
    noContent(await call(t.app, admin, 'PUT', URL, { fmt: 'xml', xml }), 'xml');
    expect(await readMessage(t, admin, m.id)).toMatchObject({
      subject: 'a',
      contents: { content: [{ type: 'text', value: 'two' }, { type: 'html', value: '<i>two</i>' }] },
    });
  });

  it.each([
    [{ name: 'x' }, '400-153', 'message[0].id'],
    [{ id: '1', name: null }, '400-152', 'message[0].name'],
    [{ id: '1', name: ' ' }, '400-152', 'message[0].name'],
    [{ id: '1', contents: null }, '400-152', 'message[0].contents'],
    [{ id: '1', contents: {} }, '400-152', 'message[0].contents'],
    [{ id: '1', contents: { content: [] } }, '400-152', 'message[0].contents'],
    [{ id: '1', contents: { content: [{ type: 'text', value: 'a' }, { type: 'text', value: 'b' }] } }, '400-152', 'message[0].contents.content[1].type'],
    [{ id: '1', contents: { content: [{ type: 'text', value: 'x'.repeat(MiB + 1) }] } }, '400-152', 'message[0].contents.content[0].value'],
    [{ id: '1', subject: 's'.repeat(1025) }, '400-152', 'message[0].subject'],
    [{ id: '1', keywords: 'k'.repeat(1001) }, '400-152', 'message[0].keywords'],
    [{ id: '1', state: { value: 'on' } }, '400-152', 'message[0].state.value'],
    [{ id: '1', lastModified: { date: '2024-13-01T00:00:00Z' } }, '400-152', 'message[0].lastModified.date'],
  ])('refuses body #%#', async (body, code, key) => {
    const err = expectError(await put(body), code, { format: 'json' });
    expect(err.details.map((x) => x.key)).toEqual([key]);
  });

  it('refuses an unknown language (400-152) after unknown ids (404-101); checks lastModified.date (409-101); all or nothing', async () => {
    const d = await dept(t);
    const [m, n] = [await createMessage(t, admin, at(d)), await createMessage(t, admin, at(d))];
    expectError(await put({ message: [{ id: m.id, subject: 'x' }, { id: n.id, language: { code: 'zz-zz' } }] }), '400-152', {
      format: 'json',
      details: [{ key: 'message[1].language.code', value: 'zz-zz' }],
    });
    expectError(await put({ message: [{ id: n.id, language: { id: '999' } }, { id: '999999998' }] }), '404-101', { format: 'json', details: [{ key: 'id', value: '999999998' }] });
    expectError(await put({ message: [{ id: n.id, subject: 'x' }, { id: m.id, subject: 'x', lastModified: { date: '2020-01-01T00:00:00.000Z' } }] }), '409-101', {
      format: 'json',
      details: [{ key: 'id', value: m.id }],
    });
    expect((await readMessage(t, admin, m.id)).subject).toBeUndefined();
    expect((await readMessage(t, admin, n.id)).subject).toBeUndefined();
    noContent(await put({ id: m.id, subject: 'ok', lastModified: { date: m.lastModified.date } }));
    expect((await readMessage(t, admin, m.id)).subject).toBe('ok');
  });

  it('refuses more than 75 items (400-160) and none (400-153)', async () => {
    expectError(await put({ message: Array.from({ length: 76 }, (_, i) => ({ id: String(i + 1) })) }), '400-160', { format: 'json' });
    expectError(await put({ message: [] }), '400-153', { format: 'json', details: [{ key: 'message', value: '' }] });
  });
});

describe('delete (07 §1.4, §12)', () => {
  it('deletes the messages (204) and bumps config_version', async () => {
    const d = await dept(t);
    const [m, n] = [await createMessage(t, admin, at(d)), await createMessage(t, admin, at(d))];
    const before = await configVersion(t.db);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${m.id},${n.id}`, { fmt: 'xml' }), 'xml');
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await t.db.prisma.standardMessage.count({ where: { departmentId: d.id } })).toBe(0);
  });

  it('is blocked while an outbound workflow appends the message (409-102), all or nothing', async () => {
    const d = await dept(t);
    const [m, n, o] = [await createMessage(t, admin, at(d)), await createMessage(t, admin, at(d)), await createMessage(t, admin, at(d))];
    const w1 = await workflowRow(t.db, d.id, 'outbound', { aliases: { alias: [{ id: '1' }] } }, { appendMessage: { message: { id: o.id, name: o.name } }, bcc: { address: ['a@example.com'] } });
    const w2 = await workflowRow(t.db, d.id, 'outbound', {}, { appendMessage: { message: { id: m.id } } });
    // Not references: another kind, another id, the id elsewhere.
    await workflowRow(t.db, d.id, 'inbound', {}, { appendMessage: { message: { id: n.id } } });
    await workflowRow(t.db, d.id, 'outbound', { queues: { queue: [{ id: n.id }] } }, { appendMessage: { message: { id: `${n.id}1` } } });
    const before = await configVersion(t.db);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${n.id},${o.id},${m.id}`), '409-102', {
      format: 'json',
      details: [
        { key: 'id', value: o.id },
        { key: 'id', value: m.id },
        { key: 'workflow', value: String(w1.id) },
        { key: 'workflow', value: String(w2.id) },
      ],
      message: `The current state of resource ${o.id}, ${m.id} does not allow this action: the resource is still in use.`,
    });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${m.id}`, { fmt: 'xml' }), '409-102', {
      details: [
        { key: 'id', value: m.id },
        { key: 'workflow', value: String(w2.id) },
      ],
    });
    expect(await t.db.prisma.standardMessage.count({ where: { departmentId: d.id } })).toBe(3);
    expect(await configVersion(t.db)).toBe(before);
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${n.id}`));
    await t.db.prisma.workflow.deleteMany({ where: { id: { in: [w1.id, w2.id] } } });
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${m.id},${o.id}`));
  });

  it('answers 404-101 naming each missing id and deletes nothing; refuses bad ids (400-102) and 76 ids (400-160)', async () => {
    const m = await createMessage(t, admin, at(await dept(t)));
    expectError(await call(t.app, admin, 'DELETE', `${URL}/999999996,${m.id},999999995`), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: '999999996' },
        { key: 'id', value: '999999995' },
      ],
    });
    expect((await readMessage(t, admin, m.id)).id).toBe(m.id);
    expectError(await call(t.app, admin, 'DELETE', `${URL}/x`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'x' }] });
    expectError(await call(t.app, admin, 'DELETE', `${URL}/${Array.from({ length: 76 }, (_, i) => i + 1).join(',')}`), '400-160', { format: 'json' });
  });

  it('keeps its department from being deleted (07 §4: 409-102)', async () => {
    const d = await dept(t);
    const m = await createMessage(t, admin, at(d));
    const err = expectError(await call(t.app, admin, 'DELETE', `/system/ws/v12/administration/department/${d.id}`), '409-102', { format: 'json' });
    expect(err.details).toContainEqual({ key: 'id', value: String(d.id) });
    expect((await readMessage(t, admin, m.id)).department.id).toBe(String(d.id));
    noContent(await call(t.app, admin, 'DELETE', `${URL}/${m.id}`));
    noContent(await call(t.app, admin, 'DELETE', `/system/ws/v12/administration/department/${d.id}`));
  });

  it('answers 405-100 with Allow for methods /message does not offer', async () => {
    const a = await call(t.app, admin, 'PUT', `${URL}/1`, { body: {} });
    expectError(a, '405-100', { format: 'json' });
    expect(a.headers.allow).toBe('GET, HEAD, DELETE');
    const b = await call(t.app, admin, 'DELETE', URL, { fmt: 'xml' });
    expectError(b, '405-100');
    expect(b.headers.allow).toBe('GET, HEAD, POST, PUT');
  });
});
