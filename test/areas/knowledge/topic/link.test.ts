// Linking articles to topics (06 §9 K41, K42) through the HTTP stack, in JSON and XML.
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

const linkUrl = (topic: bigint | string, articles: (bigint | string | number)[]) => `${TOPIC}/${topic}/~link/kb/article/${articles.join(',')}`;
const articles = (n: number, languageId = 1n) => Promise.all(Array.from({ length: n }, () => articleIn(t, w, w.root.id, languageId)));

describe('K41 POST /kb/topic/{topicId}/~link/kb/article/{articleIds}', () => {
  it('appends the articles in the order given; linked ones keep their place: 204', async () => {
    const topic = await topicIn(t, w);
    const [a, b, c, d] = await articles(4);
    noContent(await call(t.app, w.supervisor, 'POST', linkUrl(topic.id, [b!, a!])));
    noContent(await call(t.app, w.supervisor, 'POST', `${TOPIC}/${topic.id}/~link/kb/article/${d}%2C${b}%2C${c}`, { body: { ignored: true } }));
    expect(await linkedArticles(t, topic.id)).toEqual([b, a, d, c]);
  });

  it('answers 200 with the topic when $attribute is sent (JSON and XML)', async () => {
    const topic = await topicIn(t, w);
    const [a, b] = await articles(2);
    const json = ok<{ topic: TopicView[] }>(await call(t.app, w.admin, 'POST', `${linkUrl(topic.id, [a!])}?$attribute=all`));
    expect(json.topic.map((x) => [x.id, x.articleCount])).toEqual([[String(topic.id), 1]]);
    const root = xmlOf(await call(t.app, w.admin, 'POST', `${linkUrl(topic.id, [b!])}?$attribute=`, { fmt: 'xml' }));
    const el = kids(root, q('kbt', 'topic'))[0]!;
    expect([el.attrs.id, kids(el, q('kbt', 'articleCount'))[0]!.text]).toEqual([String(topic.id), '2']);
  });

  it.each(FORMATS)('refuses articles of another language (409-102 naming each), linking none of them (%s)', async (fmt) => {
    const topic = await topicIn(t, w);
    const [en] = await articles(1);
    const [es1, es2] = await articles(2, 2n);
    expectError(await call(t.app, w.admin, 'POST', linkUrl(topic.id, [es1!, en!, es2!]), { fmt }), '409-102', {
      format: fmt,
      details: [
        { key: 'id', value: es1! },
        { key: 'id', value: es2! },
      ],
      message: `The current state of resource ${es1}, ${es2} does not allow this action: the article language differs from the topic language.`,
    });
    expect(await linkedArticles(t, topic.id)).toEqual([]);
  });

  it.each(FORMATS)('answers 404-101 naming the missing topic and articles, 400-102 for alternate ids, 400-160 past 75 (%s)', async (fmt) => {
    const topic = await topicIn(t, w);
    const [a] = await articles(1);
    expectError(await call(t.app, w.admin, 'POST', linkUrl('999999999951', [a!, '999999999952']), { fmt }), '404-101', {
      format: fmt,
      details: [
        { key: 'id', value: '999999999951' },
        { key: 'id', value: '999999999952' },
      ],
    });
    expectError(await call(t.app, w.admin, 'POST', linkUrl(topic.id, [`EG${a}`]), { fmt }), '400-102', { format: fmt, details: [{ key: 'articleIds', value: `EG${a}` }] });
    expectError(await call(t.app, w.admin, 'POST', linkUrl('x', [a!]), { fmt }), '400-102', { format: fmt, details: [{ key: 'topicId', value: 'x' }] });
    expectError(await call(t.app, w.admin, 'POST', linkUrl(topic.id, Array.from({ length: 76 }, (_, i) => i + 1)), { fmt }), '400-160', { format: fmt });
    expectError(await call(t.app, w.admin, 'POST', `${linkUrl(topic.id, [a!])}?$lang=qq`, { fmt }), '400-102', { format: fmt });
    expect(await linkedArticles(t, topic.id)).toEqual([]);
  });
});

describe('K42 DELETE /kb/topic/{topicId}/~link/kb/article/{articleIds}', () => {
  it('removes the links, ignores articles that are not linked, keeps the order of the others: 204', async () => {
    const topic = await topicIn(t, w);
    const [a, b, c, other] = await articles(4);
    noContent(await call(t.app, w.admin, 'POST', linkUrl(topic.id, [a!, b!, c!])));
    noContent(await call(t.app, w.supervisor, 'DELETE', linkUrl(topic.id, [b!, other!])));
    expect(await linkedArticles(t, topic.id)).toEqual([a, c]);
    noContent(await call(t.app, w.admin, 'POST', linkUrl(topic.id, [b!])));
    expect(await linkedArticles(t, topic.id)).toEqual([a, c, b]);
  });

  it.each(FORMATS)('answers 404-101 for an unknown topic or article and changes nothing (%s)', async (fmt) => {
    const topic = await topicIn(t, w);
    const [a] = await articles(1);
    noContent(await call(t.app, w.admin, 'POST', linkUrl(topic.id, [a!])));
    expectError(await call(t.app, w.admin, 'DELETE', linkUrl(topic.id, [a!, '999999999953']), { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999953' }] });
    expectError(await call(t.app, w.admin, 'DELETE', linkUrl('999999999954', [a!]), { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999954' }] });
    expect(await linkedArticles(t, topic.id)).toEqual([a]);
  });
});

describe('callers of K41 and K42 (06 §1.1)', () => {
  it.each(FORMATS)('refuses agents and customer sessions (403-197) and answers the legacy 401 without a session (%s)', async (fmt) => {
    const topic = await topicIn(t, w);
    const [a] = await articles(1);
    const customer = await customerSession(t, w.admin);
    for (const method of ['POST', 'DELETE'] as const) {
      expectError(await call(t.app, w.agent, method, linkUrl(topic.id, [a!]), { fmt }), '403-197', { format: fmt });
      expectError(await call(t.app, customer, method, linkUrl(topic.id, [a!]), { fmt }), '403-197', { format: fmt });
      expectLegacy401(await call(t.app, null, method, linkUrl(topic.id, [a!]), { fmt }), fmt);
    }
    expect(await linkedArticles(t, topic.id)).toEqual([]);
  });
});
