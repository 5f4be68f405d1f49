// Topic writes (06 §9 K38–K40) through the HTTP stack, in JSON and XML: create, edit (batch), delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import {
  FORMATS,
  TOPIC,
  articleIn,
  call,
  customerSession,
  expectError,
  expectLegacy401,
  kids,
  linkedArticles,
  noContent,
  ok,
  q,
  topicIn,
  world,
  xmlOf,
  type TopicView,
  type World,
} from '../folder/support.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

type Topics = { topic: TopicView[] };
const uniq = (p = 'T') => `${p} ${Math.random().toString(16).slice(2, 10)}`;
const SIBLING = (id: string | bigint) => `The current state of resource ${id} does not allow this action: a sibling with this name already exists.`;
const ES = { id: '2', code: 'es-es', label: 'Spanish (Spain)' };

async function read(id: bigint | string): Promise<TopicView> {
  return ok<Topics>(await call(t.app, w.admin, 'GET', `${TOPIC}/${id}`)).topic[0]!;
}
const exists = async (id: bigint | string) => (await t.db.prisma.kbTopic.count({ where: { id: BigInt(id) } })) === 1;

describe('K38 POST /kb/topic', () => {
  it('creates a root topic from the 06 K38 example: 201, Location, the topic (JSON)', async () => {
    const name = uniq('Store orders');
    const res = await call(t.app, w.supervisor, 'POST', TOPIC, {
      body: { department: { id: String(w.dept.id) }, language: { id: '1' }, name, description: 'Questions about orders placed in our stores', isTranslatable: 'false' },
    });
    const topic = ok<Topics>(res, 201).topic[0]!;
    expect(res.headers.location).toBe(`${TOPIC}/${topic.id}`);
    expect(topic).toMatchObject({
      name,
      description: 'Questions about orders placed in our stores',
      department: { id: String(w.dept.id), name: w.dept.name },
      language: { id: '1', code: 'en-us' },
      isTranslatable: false,
      childCount: 0,
      articleCount: 0,
    });
    expect(topic.parent).toBeUndefined();
    expect(topic.created.user).toEqual(w.supervisor.ref);
    expect(await read(topic.id)).toEqual(topic);
  });

  it('creates a child in the parent department and language (parentTopic alias, language by code); language stays required', async () => {
    const parent = await topicIn(t, w, { languageId: 2n });
    expectError(await call(t.app, w.admin, 'POST', TOPIC, { body: { name: 'Sin idioma', parent: { id: String(parent.id) } } }), '400-153', { format: 'json', details: [{ key: 'language.id', value: '' }] });
    const child = ok<Topics>(await call(t.app, w.admin, 'POST', TOPIC, { body: { topic: { name: 'Hijo', parentTopic: { id: Number(parent.id) }, language: { id: '2' }, isTranslatable: 'TRUE' } } }), 201).topic[0]!;
    expect(child).toMatchObject({ parent: { id: String(parent.id), name: parent.name }, language: ES, department: { id: String(w.dept.id) }, isTranslatable: true });
    const withCode = ok<Topics>(await call(t.app, w.admin, 'POST', TOPIC, { body: { name: 'Otro', parent: { id: String(parent.id) }, language: { code: 'ES_es' }, department: { id: String(w.dept.id) } } }), 201);
    expect(withCode.topic[0]!.language).toEqual(ES);
    expect((await read(parent.id)).childCount).toBe(2);
  });

  it('creates from an XML body and answers XML in the kb/topic namespace', async () => {
    const name = uniq('Xml');
    const xml = `<topic xmlns="http://bindings.egain.com/ws/model/v12/gen/kb/topic"><name>${name}</name><department id="${w.dept.id}"/><language><code>en-US</code></language><isTranslatable>true</isTranslatable></topic>`;
    const res = await call(t.app, w.admin, 'POST', TOPIC, { fmt: 'xml', xml });
    const topic = kids(xmlOf(res, 201), q('kbt', 'topic'))[0]!;
    expect(res.headers.location).toBe(`${TOPIC}/${topic.attrs.id}`);
    expect(kids(topic, q('kbt', 'name'))[0]!.text).toBe(name);
    expect(kids(topic, q('kbt', 'isTranslatable'))[0]!.text).toBe('true');
  });

  it.each(FORMATS)('refuses a duplicate sibling name case-insensitively (409-102); other languages and parents are other siblings (%s)', async (fmt) => {
    const existing = await topicIn(t, w);
    expectError(await call(t.app, w.admin, 'POST', TOPIC, { fmt, body: { name: existing.name.toUpperCase(), department: { id: String(w.dept.id) }, language: { id: 1 } } }), '409-102', {
      format: fmt,
      details: [{ key: 'id', value: String(existing.id) }],
      message: SIBLING(existing.id),
    });
    ok(await call(t.app, w.admin, 'POST', TOPIC, { body: { name: existing.name, department: { id: String(w.dept.id) }, language: { id: 2 } } }), 201);
    const child = await topicIn(t, w, { parentId: existing.id });
    expectError(await call(t.app, w.admin, 'POST', TOPIC, { fmt, body: { name: child.name.toLowerCase(), parent: { id: String(existing.id) }, language: { id: 1 } } }), '409-102', {
      format: fmt,
      details: [{ key: 'id', value: String(child.id) }],
    });
  });

  it.each(FORMATS)('validates the body: 400-153, 400-152 (%s)', async (fmt) => {
    const parent = await topicIn(t, w);
    const department = { id: String(w.dept.id) };
    const language = { id: '1' };
    const cases: [unknown, string, { key: string; value: string }[]][] = [
      [{ department, language }, '400-153', [{ key: 'name', value: '' }]],
      [{ name: 'n', department }, '400-153', [{ key: 'language.id', value: '' }]],
      [{ name: 'n', language }, '400-153', [{ key: 'parent.id', value: '' }]],
      [{ name: 'n'.repeat(256), department, language }, '400-152', [{ key: 'name', value: 'n'.repeat(255) }]],
      [{ name: 'n', department, language, isTranslatable: 'maybe' }, '400-152', [{ key: 'isTranslatable', value: 'maybe' }]],
      [{ name: 'n', department, language: { id: '999' } }, '400-152', [{ key: 'language.id', value: '999' }]],
      [{ name: 'n', department, language: { code: 'xx-xx' } }, '400-152', [{ key: 'language.code', value: 'xx-xx' }]],
      [{ name: 'n', department: { id: '999999999961' }, language }, '400-152', [{ key: 'department.id', value: '999999999961' }]],
      [{ name: 'n', parentTopic: { id: '999999999962' }, language }, '400-152', [{ key: 'parentTopic.id', value: '999999999962' }]],
      [{ name: 'n', parent: { id: String(parent.id) }, language: { id: '2' } }, '400-152', [{ key: 'language.id', value: '2' }]],
      [{ name: 'n', parent: { id: String(parent.id) }, language, department: { id: '1' } }, '400-152', [{ key: 'department.id', value: '1' }]],
    ];
    for (const [body, code, details] of cases) expectError(await call(t.app, w.admin, 'POST', TOPIC, { fmt, body }), code, { format: fmt, details });
  });
});

describe('K39 PUT /kb/topic', () => {
  it('edits a batch in one call: 204; 200 with the topics when $attribute is sent (JSON)', async () => {
    const a = await topicIn(t, w);
    const b = await topicIn(t, w);
    const before = await read(a.id);
    const [na, nb] = [uniq('A'), uniq('B')];
    noContent(
      await call(t.app, w.supervisor, 'PUT', TOPIC, {
        body: { topic: [{ id: String(a.id), name: na, description: 'd', isTranslatable: true, lastModified: before.lastModified }, { id: Number(b.id), isTranslatable: 'yes' }] },
      }),
    );
    const after = await read(a.id);
    expect(after).toMatchObject({ name: na, description: 'd', isTranslatable: true });
    expect(after.lastModified.user).toEqual(w.supervisor.ref);
    expect((await read(b.id)).isTranslatable).toBe(true);
    const res = ok<Topics>(await call(t.app, w.admin, 'PUT', `${TOPIC}?$attribute=all`, { body: { id: String(b.id), name: nb, description: '' } }));
    expect(res.topic.map((x) => [x.id, x.name, x.description])).toEqual([[String(b.id), nb, undefined]]);
  });

  it('swaps two sibling names in one batch', async () => {
    const a = await topicIn(t, w);
    const b = await topicIn(t, w);
    noContent(await call(t.app, w.admin, 'PUT', TOPIC, { body: { topic: [{ id: String(a.id), name: b.name }, { id: String(b.id), name: a.name }] } }));
    expect([(await read(a.id)).name, (await read(b.id)).name]).toEqual([b.name, a.name]);
  });

  it('edits from an XML list body and answers XML', async () => {
    const a = await topicIn(t, w);
    const name = uniq('X');
    const xml = `<topics xmlns="http://bindings.egain.com/ws/model/v12/gen/kb/topic"><topic id="${a.id}"><name>${name}</name><isTranslatable>false</isTranslatable></topic></topics>`;
    const root = xmlOf(await call(t.app, w.admin, 'PUT', `${TOPIC}?$attribute=`, { fmt: 'xml', xml }));
    const topic = kids(root, q('kbt', 'topic'))[0]!;
    expect([topic.attrs.id, kids(topic, q('kbt', 'name'))[0]!.text]).toEqual([String(a.id), name]);
  });

  it.each(FORMATS)('changes nothing on 404-101, 409-101, 409-102, 400-152, 400-153, 400-160 (%s)', async (fmt) => {
    const a = await topicIn(t, w);
    const b = await topicIn(t, w);
    const edit = (body: unknown) => call(t.app, w.admin, 'PUT', TOPIC, { fmt, body });
    expectError(await edit({ topic: [{ id: String(a.id), name: 'z' }, { id: '999999999963' }, { id: '999999999964' }] }), '404-101', {
      format: fmt,
      details: [
        { key: 'id', value: '999999999963' },
        { key: 'id', value: '999999999964' },
      ],
    });
    expectError(await edit({ topic: [{ id: String(a.id), name: 'z' }, { id: String(b.id), lastModified: { date: '2000-01-01T00:00:00Z' } }] }), '409-101', {
      format: fmt,
      details: [{ key: 'id', value: String(b.id) }],
    });
    expectError(await edit({ topic: [{ id: String(a.id), name: b.name.toLowerCase() }] }), '409-102', { format: fmt, details: [{ key: 'id', value: String(a.id) }], message: SIBLING(a.id) });
    expectError(await edit({ topic: [{ id: String(a.id), name: 'same' }, { id: String(b.id), name: 'SAME' }] }), '409-102', { format: fmt });
    expectError(await edit({ topic: [{ id: String(a.id), name: '' }] }), '400-152', { format: fmt, details: [{ key: 'topic[0].name', value: '' }] });
    expectError(await edit({ topic: [{ id: String(a.id) }, { name: 'x' }] }), '400-153', { format: fmt, details: [{ key: 'topic[1].id', value: '' }] });
    expectError(await edit({ topic: [{ id: 'EG1' }] }), '400-152', { format: fmt, details: [{ key: 'topic[0].id', value: 'EG1' }] });
    expectError(await edit({ topic: [{ id: String(a.id), isTranslatable: 'perhaps' }] }), '400-152', { format: fmt, details: [{ key: 'topic[0].isTranslatable', value: 'perhaps' }] });
    expectError(await edit({ topic: [] }), '400-153', { format: fmt });
    expectError(await edit({ topic: Array.from({ length: 76 }, () => ({ id: String(a.id) })) }), '400-160', { format: fmt });
    expect((await read(a.id)).name).toBe(a.name);
  });
});

describe('K40 DELETE /kb/topic/{ids}', () => {
  it('deletes topics and their article links (articles stay), a parent together with its children too', async () => {
    const a = await topicIn(t, w);
    const child = await topicIn(t, w, { parentId: a.id });
    const article = await articleIn(t, w, w.root.id);
    await t.db.prisma.kbTopicArticle.create({ data: { topicId: a.id, articleId: BigInt(article) } });
    noContent(await call(t.app, w.supervisor, 'DELETE', `${TOPIC}/${a.id},${child.id}`));
    expect(await exists(a.id)).toBe(false);
    expect(await exists(child.id)).toBe(false);
    expect(await linkedArticles(t, a.id)).toEqual([]);
    expect(await t.db.prisma.kbArticle.count({ where: { id: BigInt(article) } })).toBe(1);
  });

  it.each(FORMATS)('refuses topics with child topics (409-102) and unknown ids (404-101), deleting nothing (%s)', async (fmt) => {
    const a = await topicIn(t, w);
    const b = await topicIn(t, w);
    await topicIn(t, w, { parentId: b.id });
    expectError(await call(t.app, w.admin, 'DELETE', `${TOPIC}/${a.id},${b.id}`, { fmt }), '409-102', {
      format: fmt,
      details: [{ key: 'id', value: String(b.id) }],
      message: `The current state of resource ${b.id} does not allow this action: the topic has child topics.`,
    });
    expectError(await call(t.app, w.admin, 'DELETE', `${TOPIC}/${a.id},999999999965`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999965' }] });
    expect(await exists(a.id)).toBe(true);
    expectError(await call(t.app, w.admin, 'DELETE', `${TOPIC}/${b.id}`, { fmt, lang: 'es-ES' }), '409-102', {
      format: fmt,
      lang: 'es-ES',
      message: `El estado actual del recurso ${b.id} no permite esta acción: el tema tiene temas secundarios.`,
    });
  });
});

describe('callers of the topic writes (06 §1.1)', () => {
  it.each(FORMATS)('refuses agents and customer sessions (403-197) and answers the legacy 401 without a session (%s)', async (fmt) => {
    const a = await topicIn(t, w);
    const customer = await customerSession(t, w.admin);
    const calls: ['POST' | 'PUT' | 'DELETE', string, unknown?][] = [
      ['POST', TOPIC, { name: 'n', department: { id: String(w.dept.id) }, language: { id: '1' } }],
      ['PUT', TOPIC, { topic: [{ id: String(a.id), name: 'n' }] }],
      ['DELETE', `${TOPIC}/${a.id}`],
    ];
    for (const [method, url, body] of calls) {
      expectError(await call(t.app, w.agent, method, url, { fmt, body }), '403-197', { format: fmt });
      expectError(await call(t.app, customer, method, url, { fmt, body }), '403-197', { format: fmt });
      expectLegacy401(await call(t.app, null, method, url, { fmt, body }), fmt);
    }
    expect((await read(a.id)).name).toBe(a.name);
  });
});
