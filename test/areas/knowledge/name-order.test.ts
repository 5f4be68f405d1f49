// The name order of every knowledge list (src/areas/knowledge/shared/kb.name-order.ts, docs/knowledge/README.md):
// `$sort=name` is the lower-cased name in code-point order (`lower(name) COLLATE "C"`), then id — the rule of the
// other areas (docs/decisions.md). Names differing in case and accents show it: `A`, `b`, `eclair`, `Zulu`, `Éclair`
// (a linguistic collation would put `Éclair` next to `eclair`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../../src/generated/prisma/client.ts';
import { nameKey } from '../../../src/areas/knowledge/shared/kb.name-order.ts';
import { getTestApp, type TestApp } from '../../helpers/app.ts';
import { insertKbArticle } from '../../helpers/knowledge.ts';
import { ARTICLE_TYPE, FOLDER, KB, TOPIC, call, folderIn, listIds, ok, topicIn, world, type World } from './folder/support.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

/** Inserted in this order; the expected name order is [1, 2, 4, 0, 3] (a, b, eclair, zulu, éclair). */
const NAMES = ['Zulu', 'A', 'b', 'Éclair', 'eclair'];
const EXPECTED = [1, 2, 4, 0, 3];
const inOrder = <T>(made: T[]) => EXPECTED.map((i) => made[i]!);
const tag = () => Math.random().toString(16).slice(2, 8);

describe('$sort=name on knowledge lists: lower-cased, code-point order, then id', () => {
  it('K31 folders (default sort) and $level children; $order=desc reverses', async () => {
    const top = await folderIn(t, w, w.root.id, `Order ${tag()}`);
    const made: string[] = [];
    for (const name of NAMES) made.push(String((await folderIn(t, w, top.id, name)).id));
    expect(await listIds(t, w.agent, `${FOLDER}?parent=${top.id}`, 'folder')).toEqual(inOrder(made));
    expect(await listIds(t, w.agent, `${FOLDER}?parent=${top.id}&$sort=name&$order=desc`, 'folder')).toEqual(inOrder(made).reverse());
    const nested = ok<{ folder: { folder?: { id: string }[] }[] }>(await call(t.app, w.agent, 'GET', `${FOLDER}/${top.id}?$level=1`));
    expect(nested.folder[0]!.folder!.map((f) => f.id)).toEqual(inOrder(made));
  });

  it('K37 topics (default sort) and K1 `topics` group of an article', async () => {
    const top = await topicIn(t, w, { name: `Order ${tag()}` });
    const made: string[] = [];
    for (const name of NAMES) made.push(String((await topicIn(t, w, { parentId: top.id, name })).id));
    expect(await listIds(t, w.agent, `${TOPIC}?parent=${top.id}`, 'topic')).toEqual(inOrder(made));
    expect(await listIds(t, w.agent, `${TOPIC}?parent=${top.id}&$sort=name&$order=desc`, 'topic')).toEqual(inOrder(made).reverse());

    const a = await insertKbArticle(t.db, { folderId: w.root.id, departmentId: w.dept.id });
    // Linked in reverse name order, so the group's order is the name order, not the link order.
    for (const id of inOrder(made).reverse()) await t.db.prisma.kbTopicArticle.create({ data: { topicId: BigInt(id), articleId: a.id } });
    const article = ok<{ article: { topics: { topic: { id: string }[] } }[] }>(await call(t.app, w.agent, 'GET', `${KB}/article/${a.id}?$attribute=topics`));
    expect(article.article[0]!.topics.topic.map((x) => x.id)).toEqual(inOrder(made));
  });

  it('K43 article types (default sort), among the global ones', async () => {
    const own = new Set<string>();
    const made: string[] = [];
    for (const name of NAMES) {
      const row = await t.db.prisma.kbArticleType.create({ data: { departmentId: w.dept.id, name: `${name} type` } });
      made.push(String(row.id));
      own.add(String(row.id));
    }
    const listed = await listIds(t, w.agent, `${ARTICLE_TYPE}?department=${w.dept.id}&$pagesize=75`, 'articleType');
    expect(listed.filter((id) => own.has(id))).toEqual(inOrder(made));
  });

  it('K2 articles with $sort=name (asc and desc)', async () => {
    const f = await folderIn(t, w, w.root.id, `Order ${tag()}`);
    const made: string[] = [];
    for (const name of NAMES) made.push(String((await insertKbArticle(t.db, { folderId: f.id, departmentId: w.dept.id, name })).id));
    const page = (order: string) => call(t.app, w.agent, 'GET', `${KB}/article?folder=${f.id}&$sort=name${order}`);
    expect(ok<{ article: { id: string }[] }>(await page('')).article.map((a) => a.id)).toEqual(inOrder(made));
    expect(ok<{ article: { id: string }[] }>(await page('&$order=desc')).article.map((a) => a.id)).toEqual(inOrder(made).reverse());
  });

  it('the key ignores the collation of the column and of the database (PostgreSQL with ICU only)', async (ctx) => {
    const icu = await t.db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_collation WHERE collname = 'en-US-x-icu'`;
    if (!icu[0]?.n) ctx.skip();
    const names = Prisma.join(NAMES.map((n) => Prisma.sql`(CAST(${n} AS text))`));
    const column = Prisma.raw('s.name');
    const sorted = (key: Prisma.Sql) =>
      t.db.prisma.$queryRaw<{ name: string }[]>`
        SELECT name FROM (SELECT x COLLATE "en-US-x-icu" AS name FROM (VALUES ${names}) AS v(x)) s ORDER BY ${key}`.then((rows) => rows.map((r) => r.name));
    expect(await sorted(nameKey(column))).toEqual(inOrder(NAMES));
    // Without the explicit collation the column's linguistic one would decide: the test tells them apart.
    expect(await sorted(Prisma.sql`lower(${column})`)).toEqual(['A', 'b', 'eclair', 'Éclair', 'Zulu']);
  });
});
