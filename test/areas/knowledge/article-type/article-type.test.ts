// Article types (06 §10 K43, K44) through the HTTP stack, in JSON and XML, under both spellings of the segment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { ARTICLE_TYPE, FORMATS, KB, call, customerSession, el, expectError, expectLegacy401, kids, ok, order, q, world, xmlOf, type World } from '../folder/support.ts';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

type TypeView = { id: string; link: { rel: string; href: string }; name: string; description?: string; department?: { id: string; name: string }; isDefault: boolean };
type Page = { link: { href: string }; articleType: TypeView[]; paginationInfo: { count: number; pagenum: number; pagesize: number } };

const insertType = (departmentId: bigint | null, name: string, isDefault = false) =>
  t.db.prisma.kbArticleType.create({ data: { departmentId, name, description: `${name} articles`, isDefault } });

/** What K43 lists for a department: its types and the global ones, by name case-insensitively, then id. */
async function expected(departmentId: bigint): Promise<string[]> {
  const rows = await t.db.prisma.kbArticleType.findMany({ where: { OR: [{ departmentId }, { departmentId: null }] } });
  const key = (n: string) => n.toLowerCase();
  return rows
    .sort((a, b) => (key(a.name) < key(b.name) ? -1 : key(a.name) > key(b.name) ? 1 : a.id < b.id ? -1 : 1))
    .map((r) => String(r.id));
}

describe('K43 GET /kb/articleType?department=', () => {
  it('lists the department types and the global ones by name; the global General is the default (06 K43 example)', async () => {
    const faq = await insertType(w.dept.id, 'FAQ');
    const page = ok<Page>(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}?department=${w.dept.id}`));
    expect(page.articleType.map((x) => x.id)).toEqual(await expected(w.dept.id));
    expect(page.paginationInfo).toMatchObject({ count: page.articleType.length, pagenum: 1, pagesize: 25 });
    const general = page.articleType.find((x) => x.name === 'General' && !x.department)!;
    expect(general).toEqual({ id: general.id, link: { rel: 'self', href: `${ARTICLE_TYPE}/${general.id}` }, name: 'General', description: 'Default type', isDefault: true });
    expect(page.articleType.find((x) => x.id === String(faq.id))).toEqual({
      id: String(faq.id),
      link: { rel: 'self', href: `${ARTICLE_TYPE}/${faq.id}` },
      name: 'FAQ',
      description: 'FAQ articles',
      department: { id: String(w.dept.id), name: w.dept.name },
      isDefault: false,
    });
  });

  it("uses the caller's home department without `department`, and answers the same under `articletype`", async () => {
    const w2 = await world(t);
    const own = await insertType(w2.dept.id, 'How-to');
    const ids = ok<Page>(await call(t.app, w2.agent, 'GET', ARTICLE_TYPE)).articleType.map((x) => x.id);
    expect(ids).toContain(String(own.id));
    expect(ids).toEqual(await expected(w2.dept.id));
    expect(ok<Page>(await call(t.app, w2.agent, 'GET', `${KB}/articletype?department=${w2.dept.id}`)).articleType.map((x) => x.id)).toEqual(ids);
    expect(ok<Page>(await call(t.app, w.agent, 'GET', ARTICLE_TYPE)).articleType.map((x) => x.id)).not.toContain(String(own.id));
  });

  it('shows a department default of its own as the only default of that department', async () => {
    const w3 = await world(t);
    const own = await insertType(w3.dept.id, 'Policy', true);
    const page = ok<Page>(await call(t.app, w3.agent, 'GET', `${ARTICLE_TYPE}?department=${w3.dept.id}&$attribute=all`));
    expect(page.articleType.filter((x) => x.isDefault).map((x) => x.id)).toEqual([String(own.id)]);
    // By id (K44) each type shows its own flag.
    const general = page.articleType.find((x) => x.name === 'General' && !x.department)!;
    expect(ok<{ articleType: TypeView[] }>(await call(t.app, w3.agent, 'GET', `${ARTICLE_TYPE}/${general.id}`)).articleType[0]!.isDefault).toBe(true);
  });

  it('pages and sorts by id', async () => {
    const all = await expected(w.dept.id);
    const page = ok<Page>(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}?department=${w.dept.id}&$sort=id&$pagesize=1&$pagenum=2`));
    expect(page.articleType.map((x) => x.id)).toEqual([[...all].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))[1]]);
    expect(page.paginationInfo).toMatchObject({ count: all.length, pagenum: 2, pagesize: 1 });
  });

  it('answers XML: articleTypes root and children in kb, department name in platform, paginationInfo in common', async () => {
    const w4 = await world(t);
    const own = await insertType(w4.dept.id, 'Announcement');
    const root = xmlOf(await call(t.app, w4.agent, 'GET', `${ARTICLE_TYPE}?department=${w4.dept.id}`, { fmt: 'xml' }));
    expect(root.name).toBe(q('kb', 'articleTypes'));
    const mine = kids(root, q('kb', 'articleType')).find((x) => x.attrs.id === String(own.id))!;
    expect(order(mine)).toEqual(['link', 'name', 'description', 'department', 'isDefault'].map((n) => q('kb', n)));
    expect(kids(mine, q('kb', 'department'))[0]).toEqual(el(q('kb', 'department'), { id: String(w4.dept.id) }, [el(q('plt', 'name'), {}, w4.dept.name)]));
    expect(kids(mine, q('kb', 'isDefault'))[0]!.text).toBe('false');
    expect(kids(root, q('cmn', 'paginationInfo'))).toHaveLength(1);
  });

  it.each(FORMATS)('answers 404-101 for an unknown department and 400-102/400-101 for bad parameters (%s)', async (fmt) => {
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}?department=999999999941`, { fmt }), '404-101', { format: fmt, details: [{ key: 'id', value: '999999999941' }] });
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}?department=abc`, { fmt }), '400-102', { format: fmt, details: [{ key: 'department', value: 'abc' }] });
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}?$attribute=name`, { fmt }), '400-102', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}?$lang=zz`, { fmt }), '400-102', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}?name=FAQ`, { fmt }), '400-101', { format: fmt });
  });
});

describe('K44 GET /kb/articleType/{ids}', () => {
  it('answers the types in path order, under both spellings (JSON and XML)', async () => {
    const a = await insertType(w.dept.id, 'Procedure');
    const b = await insertType(null, `Global ${Math.random().toString(16).slice(2, 8)}`);
    for (const segment of ['articleType', 'articletype']) {
      const body = ok<{ articleType: TypeView[] }>(await call(t.app, w.agent, 'GET', `${KB}/${segment}/${b.id},${a.id},${b.id}?$attribute=all&$lang=en-US`));
      expect(body.articleType.map((x) => [x.id, x.name, x.department?.id])).toEqual([
        [String(b.id), b.name, undefined],
        [String(a.id), 'Procedure', String(w.dept.id)],
      ]);
      expect(body.articleType[1]!.link.href).toBe(`${ARTICLE_TYPE}/${a.id}`);
    }
    const root = xmlOf(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}/${b.id}`, { fmt: 'xml' }));
    const item = kids(root, q('kb', 'articleType'))[0]!;
    expect(order(item)).toEqual(['link', 'name', 'description', 'isDefault'].map((n) => q('kb', n)));
  });

  it.each(FORMATS)('answers 404-101 naming every unknown id, 400-102 for a bad id, 400-101 for paging (%s)', async (fmt) => {
    const a = await insertType(w.dept.id, 'Troubleshooting');
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}/${a.id},999999999942,999999999943`, { fmt }), '404-101', {
      format: fmt,
      details: [
        { key: 'id', value: '999999999942' },
        { key: 'id', value: '999999999943' },
      ],
    });
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}/General`, { fmt }), '400-102', { format: fmt });
    expectError(await call(t.app, w.agent, 'GET', `${ARTICLE_TYPE}/${a.id}?$pagesize=2`, { fmt }), '400-101', { format: fmt });
  });
});

describe('callers of the article-type reads (06 §1.1, §1.3)', () => {
  it.each(FORMATS)('answers the legacy 401 without a session and 403-197 to a customer session (%s)', async (fmt) => {
    const customer = await customerSession(t, w.admin);
    for (const url of [ARTICLE_TYPE, `${ARTICLE_TYPE}/1`, `${KB}/articletype`]) {
      expectLegacy401(await call(t.app, null, 'GET', url, { fmt }), fmt);
      expectError(await call(t.app, customer, 'GET', url, { fmt }), '403-197', { format: fmt });
    }
  });
});
