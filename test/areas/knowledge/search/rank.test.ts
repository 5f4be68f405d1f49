// The ranking document of K3 (docs/knowledge/search.md, "Ranking document"): relevance is ts_rank_cd on
// kb_article.rank_document = ts_filter(search_document, '{a,b}'), a stored generated column. These tests pin what
// that means: the column follows every refresh of the search document; name/keywords (A) outrank summary/description
// (B); a match in the content only still matches and is counted but ranks 0, after every A/B match however often the
// content repeats the word, and such matches are ordered newest first, then by id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CursorCodec } from '../../../../src/query/cursor.ts';
import { parseQuery } from '../../../../src/query/parse.ts';
import type { ServiceContext } from '../../../../src/areas/service-context.ts';
import type { KbLanguage } from '../../../../src/areas/knowledge/shared/kb.language.ts';
import { searchArticles } from '../../../../src/areas/knowledge/search/kb.search.ts';
import { kbSearchQuery } from '../../../../src/areas/knowledge/search/kb.search.schema.ts';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { agentContext, insertKbArticle, insertKbFolder, type KbVersionSpec } from '../../../helpers/knowledge.ts';

const codec = new CursorCodec(Buffer.alloc(32, 7));
const DAY = 86_400_000;
const base = Date.parse('2024-05-01T10:00:00.000Z');

let t: TestApp;
let ctx: ServiceContext;
let folder: { id: bigint };
let dept: { id: bigint };
let en: KbLanguage;
const ids: Record<string, bigint> = {};

async function add(key: string, name: string, at: number, fields: KbVersionSpec = {}) {
  const a = await insertKbArticle(t.db, { folderId: folder.id, departmentId: dept.id, name, at: new Date(at), versions: [{ state: 'published', ...fields }] });
  ids[key] = a.id;
}

async function found(q: string, params = '', rank: 'document' | 'fields' = 'fields'): Promise<{ keys: string[]; count: number }> {
  const parsed = await parseQuery(`/system/ws/v12/kb/article/search?q=x${params}`, kbSearchQuery, undefined, codec);
  const page = await searchArticles(ctx, { q, language: en, folder: folder.id, rank }, parsed);
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return { keys: page.ids.map((id) => byId.get(id) ?? `?${id}`), count: page.count };
}

beforeAll(async () => {
  t = await getTestApp();
  ctx = await agentContext(t, () => new Date(base + 30 * DAY));
  dept = await createDepartment(t.db);
  folder = await insertKbFolder(t.db, { departmentId: dept.id });
  en = (await t.db.prisma.$queryRaw<KbLanguage[]>`SELECT id, code, label FROM language WHERE code = 'en-us'`)[0]!;

  const many = `<p>${'The modem blinks. '.repeat(200)}</p>`;
  await add('title', 'Modem lights explained', base, { content: '<p>Green is fine.</p>' });
  await add('keywords', 'Status lights', base, { keywords: 'modem, lights' });
  await add('summary', 'Reading the lights', base, { summary: 'What the modem lights mean' });
  await add('contentOld', 'Router guide', base, { content: many });
  await add('contentNew', 'Router handbook', base + DAY, { content: '<p>Restart the modem once.</p>' });
  await add('contentNewer', 'Router manual', base + 2 * DAY, { content: '<p>The modem is in the box.</p>' });
});
afterAll(async () => t?.close());

describe('ECE_KB_SEARCH_RANK=document (the default, 06 §5): the whole search document ranks', () => {
  it('content occurrences add to the rank: 200 content mentions (C 0.2 each) outrank a name (A 1.0)', async () => {
    expect(await found('modem', '', 'document')).toEqual({ keys: ['contentOld', 'title', 'keywords', 'summary', 'contentNewer', 'contentNew'], count: 6 });
    expect(await found('modem', '&$pagesize=2&$pagenum=2', 'document')).toEqual({ keys: ['keywords', 'summary'], count: 6 });
  });
});

describe('ECE_KB_SEARCH_RANK=fields: the ranking document (docs/knowledge/search.md)', () => {
  it('is the A and B entries of the search document, with their positions, after every refresh', async () => {
    const check = () => t.db.prisma.$queryRaw<{ same: boolean; content: boolean }[]>`
      SELECT rank_document = ts_filter(search_document, '{a,b}') AS same, rank_document @@ to_tsquery('kb_en', 'blink') AS content
      FROM kb_article WHERE id = ${ids.contentOld!}`;
    expect(await check()).toEqual([{ same: true, content: false }]);
    const before = await t.db.prisma.$queryRaw<{ r: string }[]>`SELECT rank_document::text AS r FROM kb_article WHERE id = ${ids.title!}`;
    expect(before[0]!.r).toBe(`'explain':3A 'light':2A 'modem':1A`);

    await t.db.prisma.kbVersion.updateMany({ where: { articleId: ids.contentOld! }, data: { summary: 'When the modem blinks' } });
    await t.db.prisma.$executeRaw`SELECT kb_refresh_articles(ARRAY[${ids.contentOld!}]::bigint[])`;
    try {
      expect(await check()).toEqual([{ same: true, content: true }]);
      expect((await found('modem')).keys[3]).toBe('contentOld');
    } finally {
      await t.db.prisma.kbVersion.updateMany({ where: { articleId: ids.contentOld! }, data: { summary: null } });
      await t.db.prisma.$executeRaw`SELECT kb_refresh_articles(ARRAY[${ids.contentOld!}]::bigint[])`;
    }
  });

  it('A before B before content-only matches, which follow newest first however often the content says it', async () => {
    const { keys, count } = await found('modem');
    expect(count).toBe(6);
    expect(keys.slice(0, 2).sort()).toEqual(['keywords', 'title']);
    expect(keys.slice(2)).toEqual(['summary', 'contentNewer', 'contentNew', 'contentOld']);
  });

  it('when every match ranks, the page is the ranked part alone', async () => {
    // name + keywords 2.0, name + summary 1.4, name 1.0
    expect(await found('lights')).toEqual({ keys: ['keywords', 'summary', 'title'], count: 3 });
  });

  it('a query only the content satisfies matches and counts; pages continue in the same order', async () => {
    expect(await found('modem restart')).toEqual({ keys: ['contentNew'], count: 1 });
    const first = await found('modem', '&$pagesize=4');
    const second = await found('modem', '&$pagesize=4&$pagenum=2');
    expect(first.count).toBe(6);
    expect(second.keys).toEqual(['contentNew', 'contentOld']);
  });

  it('every page size walks the same order across the two parts (ranked, then content-only)', async () => {
    const all = (await found('modem')).keys;
    for (const size of [1, 2, 3, 5]) {
      const walked: string[] = [];
      for (let n = 1; walked.length < all.length; n++) walked.push(...(await found('modem', `&$pagesize=${size}&$pagenum=${n}`)).keys);
      expect(walked).toEqual(all);
    }
    expect(await found('modem', '&$pagesize=5&$pagenum=3')).toEqual({ keys: [], count: 6 });
  });

  it('with an exclusion, one statement ranks every match in the same order', async () => {
    const { keys, count } = await found('modem -restart');
    expect(count).toBe(5);
    expect(keys.slice(0, 2).sort()).toEqual(['keywords', 'title']);
    expect(keys.slice(2)).toEqual(['summary', 'contentNewer', 'contentOld']);
    expect((await found('modem -restart', '&$pagesize=2&$pagenum=2')).keys).toEqual(['summary', 'contentNewer']);
  });
});
