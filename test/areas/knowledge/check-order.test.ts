// The order of checks on knowledge calls (01 §7.2), one endpoint of each kind, JSON and XML. Every knowledge service
// goes through kbAccess (src/areas/knowledge/shared/kb.access.ts):
//   step 7  the request as written — `$lang` syntax (query parser), path ids, body → 400;
//   step 8  the permission → 403-197;
//   then    `$lang` naming a configured language (needs stored data) → 400-102, before any 404-101 / 409-102.
// So an agent without the permission gets 403-197 whatever well-formed `$lang` it sends, and a caller with the
// permission gets 400-102 for an unknown one even where the ids do not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { insertKbArticle } from '../../helpers/knowledge.ts';
import { ARTICLE_TYPE, FOLDER, FORMATS, KB, TOPIC, call, customerSession, expectError, topicIn, world, type Fmt, type World } from './folder/support.ts';

let t: TestApp;
let w: World;
let customer: { headers: Record<string, string> };
let article: { id: bigint };
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  customer = await customerSession(t, w.admin);
  article = await insertKbArticle(t.db, { folderId: w.root.id, departmentId: w.dept.id });
});
afterAll(async () => t?.close());

const ARTICLE = `${KB}/article`;
const MISSING = '999999999999';
const UNKNOWN = 'xx-yy';
const unknownLang = (fmt: Fmt) => ({ format: fmt, details: [{ key: '$lang', value: UNKNOWN }] });
const forbidden = (res: LightMyRequestResponse, fmt: Fmt) => expectError(res, '403-197', { format: fmt });

/** A folder-create body in the request format of `fmt`. */
function folderBody(fmt: Fmt, name: string | undefined) {
  if (fmt === 'json') return { body: name === undefined ? { parent: { id: String(w.root.id) } } : { name, parent: { id: String(w.root.id) } } };
  return { xml: `<folder>${name === undefined ? '' : `<name>${name}</name>`}<parent id="${w.root.id}"/></folder>` };
}

describe('order of checks on knowledge calls (01 §7.2)', () => {
  it.each(FORMATS)('folder (K32 create, kb.structure): body and $lang syntax → 400, then 403-197, then unknown $lang → 400-102 (%s)', async (fmt) => {
    // Step 7 comes first for everyone: a malformed `$lang` and a body without `name`.
    expectError(await call(t.app, w.agent, 'POST', `${FOLDER}?$lang=1`, { fmt, ...folderBody(fmt, 'Order') }), '400-102', {
      format: fmt,
      details: [{ key: '$lang', value: '1' }],
    });
    expectError(await call(t.app, w.agent, 'POST', `${FOLDER}?$lang=${UNKNOWN}`, { fmt, ...folderBody(fmt, undefined) }), '400-153', { format: fmt });
    // A well-formed but unknown code needs the language table: the permission comes first.
    forbidden(await call(t.app, w.agent, 'POST', `${FOLDER}?$lang=${UNKNOWN}`, { fmt, ...folderBody(fmt, 'Order') }), fmt);
    expectError(await call(t.app, w.supervisor, 'POST', `${FOLDER}?$lang=${UNKNOWN}`, { fmt, ...folderBody(fmt, 'Order') }), '400-102', unknownLang(fmt));
    // ... and before the existence of the ids (404-101).
    expectError(await call(t.app, w.supervisor, 'DELETE', `${FOLDER}/${MISSING}?$lang=${UNKNOWN}`, { fmt }), '400-102', unknownLang(fmt));
    expectError(await call(t.app, w.supervisor, 'DELETE', `${FOLDER}/${MISSING}?$lang=en-US`, { fmt }), '404-101', { format: fmt });
  });

  it.each(FORMATS)('topic (K40 delete, K36 read): 403-197 before an unknown $lang, 400-102 before 404-101 (%s)', async (fmt) => {
    const topic = await topicIn(t, w);
    forbidden(await call(t.app, w.agent, 'DELETE', `${TOPIC}/${topic.id}?$lang=${UNKNOWN}`, { fmt }), fmt);
    expectError(await call(t.app, w.supervisor, 'DELETE', `${TOPIC}/${MISSING}?$lang=${UNKNOWN}`, { fmt }), '400-102', unknownLang(fmt));
    forbidden(await call(t.app, customer, 'GET', `${TOPIC}/${topic.id}?$lang=${UNKNOWN}`, { fmt }), fmt);
    expectError(await call(t.app, w.agent, 'GET', `${TOPIC}/${MISSING}?$lang=${UNKNOWN}`, { fmt }), '400-102', unknownLang(fmt));
  });

  it.each(FORMATS)('article type (K43 list, K44 read): 403-197 to a customer session before an unknown $lang (%s)', async (fmt) => {
    forbidden(await call(t.app, customer, 'GET', `${ARTICLE_TYPE}?$lang=${UNKNOWN}`, { fmt }), fmt);
    forbidden(await call(t.app, customer, 'GET', `${ARTICLE_TYPE}/${MISSING}?$lang=${UNKNOWN}`, { fmt }), fmt);
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}/${MISSING}?$lang=${UNKNOWN}`, { fmt }), '400-102', unknownLang(fmt));
    expectError(await call(t.app, customer, 'GET', `${ARTICLE_TYPE}?$lang=1`, { fmt }), '400-102', { format: fmt, details: [{ key: '$lang', value: '1' }] });
  });

  it.each(FORMATS)('article (K13 delete, K10 approve, K1 read): 403-197 before an unknown $lang, 400-102 before 404-101 (%s)', async (fmt) => {
    forbidden(await call(t.app, w.agent, 'DELETE', `${ARTICLE}/${article.id}?$lang=${UNKNOWN}`, { fmt }), fmt);
    expectError(await call(t.app, w.supervisor, 'DELETE', `${ARTICLE}/${MISSING}?$lang=${UNKNOWN}`, { fmt }), '400-102', unknownLang(fmt));
    // K10: the body alone decides the permission (`approved` needs kb.publish), so it is checked before `$lang` too.
    const approve = [{ id: String(article.id), reviewStage: { value: 'approved' } }];
    forbidden(await call(t.app, w.agent, 'PUT', `${ARTICLE}/changestage?$lang=${UNKNOWN}`, { fmt, body: { article: approve } }), fmt);
    forbidden(await call(t.app, customer, 'GET', `${ARTICLE}/${article.id}?$lang=${UNKNOWN}`, { fmt }), fmt);
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE}/${MISSING}?$lang=${UNKNOWN}`, { fmt }), '400-102', unknownLang(fmt));
    // A malformed path id is step 7: 400-102 on the path even for a caller without the permission.
    expectError(await call(t.app, customer, 'GET', `${ARTICLE}/a!b?$lang=${UNKNOWN}`, { fmt }), '400-102', { format: fmt, details: [{ key: 'ids', value: 'a!b' }] });
  });

  it.each(FORMATS)('note (K20 list, K19 add): 403-197 before an unknown $lang, 400-102 before 404-101 (%s)', async (fmt) => {
    forbidden(await call(t.app, customer, 'GET', `${ARTICLE}/${article.id}/note?$lang=${UNKNOWN}`, { fmt }), fmt);
    forbidden(await call(t.app, customer, 'POST', `${ARTICLE}/${article.id}/note?$lang=${UNKNOWN}`, { fmt, body: { note: [{ content: 'x' }] } }), fmt);
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE}/${MISSING}/note?$lang=${UNKNOWN}`, { fmt }), '400-102', unknownLang(fmt));
    expectError(await call(t.app, w.agent, 'POST', `${ARTICLE}/${MISSING}/note?$lang=${UNKNOWN}`, { fmt, body: { note: [{ content: 'x' }] } }), '400-102', unknownLang(fmt));
  });

  it.each(FORMATS)('attachment (K26 list, K29 unlink): 403-197 before an unknown $lang, 400-102 before 404-101 (%s)', async (fmt) => {
    forbidden(await call(t.app, customer, 'GET', `${KB}/attachment?article=${article.id}&$lang=${UNKNOWN}`, { fmt }), fmt);
    forbidden(await call(t.app, customer, 'DELETE', `${ARTICLE}/${article.id}/~link/kb/attachment/${MISSING}?$lang=${UNKNOWN}`, { fmt }), fmt);
    expectError(await call(t.app, w.agent, 'GET', `${KB}/attachment?article=${MISSING}&$lang=${UNKNOWN}`, { fmt }), '400-102', unknownLang(fmt));
    expectError(await call(t.app, w.agent, 'DELETE', `${ARTICLE}/${MISSING}/~link/kb/attachment/${MISSING}?$lang=${UNKNOWN}`, { fmt }), '400-102', unknownLang(fmt));
  });

  // 06 §1.5, §3.1: an article is named by a numeric id or an alternate id (1–64 of [A-Za-z0-9_-]); anything else,
  // or a list where one article is meant, is wrong as written (step 7) on every route that takes one.
  it.each(FORMATS)('article id syntax (K14, K20, K21, K26, K27, K37): 400-102 before 403-197 and 404-101 (%s)', async (fmt) => {
    const named = (key: string, value: string) => ({ format: fmt, details: [{ key, value }] });
    const routes = (id: string) => [
      { url: `${ARTICLE}/${id}/version`, key: 'id' },
      { url: `${ARTICLE}/${id}/note`, key: 'id' },
      { url: `${ARTICLE}/${id}/note/${MISSING}`, key: 'id' },
      { url: `${KB}/attachment?article=${id}`, key: 'article' },
      { url: `${KB}/attachment/${MISSING}?article=${id}`, key: 'article' },
      { url: `${TOPIC}?article=${id}`, key: 'article' },
    ];
    for (const bad of ['a!b', '1,1', `${article.id},${article.id}`, 'x'.repeat(65)]) {
      for (const { url, key } of routes(bad)) {
        expectError(await call(t.app, customer, 'GET', url, { fmt }), '400-102', named(key, bad));
        expectError(await call(t.app, w.agent, 'GET', url, { fmt }), '400-102', named(key, bad));
      }
    }
    // Well-formed ids that name nothing: the permission first, then the existence.
    for (const good of [MISSING, 'no-such-alternate_id']) {
      for (const { url } of routes(good)) {
        forbidden(await call(t.app, customer, 'GET', url, { fmt }), fmt);
        expectError(await call(t.app, w.agent, 'GET', url, { fmt }), '404-101', { format: fmt });
      }
    }
  });

  it('a known $lang in any spelling passes on every kind (the check is the same helper everywhere)', async () => {
    for (const url of [`${FOLDER}/${w.root.id}`, `${ARTICLE_TYPE}`, `${ARTICLE}/${article.id}`, `${ARTICLE}/${article.id}/note`, `${KB}/attachment?article=${article.id}`]) {
      const sep = url.includes('?') ? '&' : '?';
      expect([200, 204]).toContain((await call(t.app, w.agent, 'GET', `${url}${sep}$lang=EN_us`)).statusCode);
    }
  });
});
