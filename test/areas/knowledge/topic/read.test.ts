// Topics by ids and topic lists (06 §9 K36, K37) through the HTTP stack, in JSON and XML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import {
  FORMATS,
  TOPIC,
  articleIn,
  call,
  customerSession,
  el,
  expectError,
  expectLegacy401,
  instantPattern,
  kids,
  listIds,
  ok,
  order,
  q,
  topicIn,
  world,
  xmlOf,
  type Page,
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
const EN = { id: '1', code: 'en-us', label: 'English (United States)' };

/** top → (b, A, c), A → (x); two articles linked to A. */
async function tree() {
  const top = await topicIn(t, w);
  const b = await topicIn(t, w, { parentId: top.id, name: 'b' });
  const a = await topicIn(t, w, { parentId: top.id, name: 'A' });
  const c = await topicIn(t, w, { parentId: top.id, name: 'c' });
  const x = await topicIn(t, w, { parentId: a.id, name: 'x' });
  const articles = [await articleIn(t, w, w.root.id), await articleIn(t, w, w.root.id)];
  await t.db.prisma.kbTopicArticle.createMany({ data: articles.map((id) => ({ topicId: a.id, articleId: BigInt(id) })) });
  return { top, a, b, c, x, articles };
}

describe('K36 GET /kb/topic/{ids}', () => {
  it('answers the topics in path order with the default set (JSON)', async () => {
    const { top, a } = await tree();
    await t.db.prisma.kbTopic.update({ where: { id: a.id }, data: { description: 'Sign-in questions', isTranslatable: true } });
    const body = ok<Topics>(await call(t.app, w.agent, 'GET', `${TOPIC}/${a.id},${top.id}`));
    expect(body.topic.map((x) => x.id)).toEqual([String(a.id), String(top.id)]);
    expect(body.topic[0]).toEqual({
      id: String(a.id),
      link: { rel: 'self', href: `${TOPIC}/${a.id}` },
      name: 'A',
      description: 'Sign-in questions',
      department: { id: String(w.dept.id), name: w.dept.name },
      language: EN,
      parent: { id: String(top.id), name: top.name },
      isTranslatable: true,
      childCount: 1,
      articleCount: 2,
      created: { date: expect.stringMatching(instantPattern) },
      lastModified: { date: expect.stringMatching(instantPattern) },
    });
    expect(body.topic[1]).toMatchObject({ isTranslatable: false, childCount: 3, articleCount: 0 });
    expect(body.topic[1]!.parent).toBeUndefined();
  });

  it('answers XML in the kb/topic namespace, department name in platform (06 K36 example)', async () => {
    const top = await topicIn(t, w);
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${TOPIC}/${top.id}`, { fmt: 'xml' }));
    expect(root.name).toBe(q('kbt', 'topics'));
    const topic = kids(root, q('kbt', 'topic'))[0]!;
    expect(topic.attrs).toEqual({ id: String(top.id) });
    expect(order(topic)).toEqual(
      ['link', 'name', 'department', 'language', 'isTranslatable', 'childCount', 'articleCount', 'created', 'lastModified'].map((n) => q('kbt', n)),
    );
    expect(kids(topic, q('kbt', 'department'))[0]).toEqual(el(q('kbt', 'department'), { id: String(w.dept.id) }, [el(q('plt', 'name'), {}, w.dept.name)]));
    expect(kids(topic, q('kbt', 'language'))[0]).toEqual(
      el(q('kbt', 'language'), { id: '1' }, [el(q('kbt', 'code'), {}, 'en-us'), el(q('kbt', 'label'), {}, 'English (United States)')]),
    );
    expect(kids(topic, q('kbt', 'isTranslatable'))[0]!.text).toBe('false');
  });

  it('nests $level levels of children in name order (JSON and XML)', async () => {
    const { top, a, b, c, x } = await tree();
    const one = ok<Topics>(await call(t.app, w.agent, 'GET', `${TOPIC}/${top.id}?$level=1`)).topic[0]!;
    expect(one.topic!.map((z) => z.id)).toEqual([a.id, b.id, c.id].map(String));
    expect(one.topic![0]!.topic).toBeUndefined();
    const all = ok<Topics>(await call(t.app, w.agent, 'GET', `${TOPIC}/${top.id}?$level=-1`)).topic[0]!;
    expect(all.topic![0]!.topic!.map((z) => z.id)).toEqual([String(x.id)]);
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${TOPIC}/${top.id}?$level=2`, { fmt: 'xml' }));
    const nested = kids(kids(root, q('kbt', 'topic'))[0]!, q('kbt', 'topic'));
    expect(nested.map((n) => n.attrs.id)).toEqual([a.id, b.id, c.id].map(String));
    expect(kids(nested[0]!, q('kbt', 'topic')).map((n) => n.attrs.id)).toEqual([String(x.id)]);
    expect(kids(nested[0]!, q('kbt', 'parent'))[0]).toEqual(el(q('kbt', 'parent'), { id: String(top.id) }, [el(q('kbt', 'name'), {}, top.name)]));
  });

  it.each(FORMATS)('refuses bad parameters and unknown ids (%s)', async (fmt) => {
    const top = await topicIn(t, w);
    ok(await call(t.app, w.agent, 'GET', `${TOPIC}/${top.id}?$attribute=all&$lang=es-ES`));
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}/${top.id}?$attribute=name`, { fmt }), '400-102', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}/${top.id}?$level=-3`, { fmt }), '400-102', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}/${top.id}?$lang=zz`, { fmt }), '400-102', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}/${top.id}?$sort=name`, { fmt }), '400-101', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}/${top.id},999999999971`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999971' }] });
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}/1,x`, { fmt }), '400-102', { format: fmt });
  });
});

describe('K37 GET /kb/topic?department=|parent=|article=', () => {
  it('lists root topics of a department in the caller language unless $lang says otherwise (JSON)', async () => {
    const w2 = await world(t);
    const en1 = await topicIn(t, w2, { name: 'beta' });
    const en2 = await topicIn(t, w2, { name: 'Alpha' });
    const es = await topicIn(t, w2, { name: 'Gamma', languageId: 2n });
    await topicIn(t, w2, { parentId: en1.id });
    const page = ok<Page<'topic', TopicView>>(await call(t.app, w2.agent, 'GET', `${TOPIC}?department=${w2.dept.id}`));
    expect(page.topic.map((x) => x.id)).toEqual([en2.id, en1.id].map(String));
    expect(page.paginationInfo).toEqual({ count: 2, pagenum: 1, pagesize: 25 });
    expect(await listIds(t, w2.agent, `${TOPIC}?department=${w2.dept.id}&$lang=es_ES`, 'topic')).toEqual([String(es.id)]);
    expect(await listIds(t, w2.agent, `${TOPIC}?department=${w2.dept.id}&$sort=id&$order=desc`, 'topic')).toEqual([en2.id, en1.id].map(String));
    // The caller's own language (07 §3.1) is the default.
    await t.db.prisma.user.update({ where: { id: w2.agent.user.id }, data: { languageId: 2n } });
    expect(await listIds(t, w2.agent, `${TOPIC}?department=${w2.dept.id}`, 'topic')).toEqual([String(es.id)]);
  });

  it('lists children of a topic with paging and $level, and the topics of an article by id or alternate id', async () => {
    const { top, a, b, c, x, articles } = await tree();
    const page = ok<Page<'topic', TopicView>>(await call(t.app, w.agent, 'GET', `${TOPIC}?parent=${top.id}&$pagesize=2&$level=1`));
    expect(page.topic.map((z) => z.id)).toEqual([a.id, b.id].map(String));
    expect(page.topic[0]!.topic!.map((z) => z.id)).toEqual([String(x.id)]);
    expect(page.paginationInfo).toMatchObject({ count: 3, pagesize: 2 });
    expect(await listIds(t, w.agent, page.paginationInfo.link![0]!.href, 'topic')).toEqual([String(c.id)]);
    expect(await listIds(t, w.agent, `${TOPIC}?article=${articles[0]}`, 'topic')).toEqual([String(a.id)]);
    expect(await listIds(t, w.agent, `${TOPIC}?article=EG${articles[1]}`, 'topic')).toEqual([String(a.id)]);
    expect(await listIds(t, w.agent, `${TOPIC}?article=${articles[1]}&$lang=es-es`, 'topic')).toEqual([]);
    expect((await call(t.app, w.agent, 'GET', `${TOPIC}?parent=${x.id}`, { fmt: 'xml' })).statusCode).toBe(204);
  });

  it('answers the list in XML with paginationInfo in common', async () => {
    const { top } = await tree();
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${TOPIC}?parent=${top.id}&$pagesize=1`, { fmt: 'xml' }));
    expect(root.name).toBe(q('kbt', 'topics'));
    expect(order(root)).toEqual([q('kbt', 'link'), q('kbt', 'topic'), q('cmn', 'paginationInfo')]);
    expect(kids(kids(root, q('cmn', 'paginationInfo'))[0]!, q('cmn', 'count'))[0]!.text).toBe('3');
  });

  it.each(FORMATS)('needs exactly one criterion that exists: 400-103, 400-104, 404-101 (%s)', async (fmt) => {
    const top = await topicIn(t, w);
    expectError(await call(t.app, w.agent, 'GET', TOPIC, { fmt }), '400-103', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}?department=${w.dept.id}&article=1`, { fmt }), '400-104', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}?parent=${top.id}&department=${w.dept.id}`, { fmt }), '400-104', { format: fmt });
    for (const criterion of ['department', 'parent', 'article']) {
      expectError(await call(t.app, w.agent, 'GET', `${TOPIC}?${criterion}=999999999972`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999972' }] });
    }
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}?department=x`, { fmt }), '400-102', { format: fmt, details: [{ key: 'department', value: 'x' }] });
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}?department=${w.dept.id}&$lang=zz-zz`, { fmt }), '400-102', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}?department=${w.dept.id}&folder=1`, { fmt }), '400-101', { format: fmt });
  });
});

describe('callers of the topic reads (06 §1.1, §1.3)', () => {
  it.each(FORMATS)('answers the legacy 401 without a session and 403-197 to a customer session (%s)', async (fmt) => {
    const top = await topicIn(t, w);
    expectLegacy401(await call(t.app, null, 'GET', `${TOPIC}/${top.id}`, { fmt }), fmt);
    const customer = await customerSession(t, w.admin);
    expectError(await call(t.app, customer, 'GET', `${TOPIC}/${top.id}`, { fmt }), '403-197', { format: fmt });
    expectError(await call(t.app, customer, 'GET', `${TOPIC}?department=${w.dept.id}`, { fmt }), '403-197', { format: fmt });
  });
});
