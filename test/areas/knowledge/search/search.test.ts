// searchArticles (06 §5 K3) against the database: a small hand-made corpus whose best match must come first, the
// tie-breakers, every rule of the query language end to end (stemming, accents, phrases, OR, exclusion, prefix),
// Spanish stemming for es-es, no stemming for other languages, the language filter, folder/topic/department/
// articleState filters with 404-101, the sorts and paging (offset for relevance, keyset after a `$cursor` otherwise).
// Every query is scoped to this file's own department or folders, so other files' articles never interfere.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/errors/app-error.ts';
import { CursorCodec } from '../../../../src/query/cursor.ts';
import { parseQuery, type ParsedQuery } from '../../../../src/query/parse.ts';
import type { ServiceContext } from '../../../../src/areas/service-context.ts';
import type { KbLanguage } from '../../../../src/areas/knowledge/shared/kb.language.ts';
import { searchArticles, type KbSearchCriteria } from '../../../../src/areas/knowledge/search/kb.search.ts';
import { kbSearchQuery } from '../../../../src/areas/knowledge/search/kb.search.schema.ts';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment, createUser } from '../../../helpers/auth.ts';
import { agentContext, insertKbArticle, insertKbFolder, type KbVersionSpec } from '../../../helpers/knowledge.ts';

const codec = new CursorCodec(Buffer.alloc(32, 7));
const PATH = '/system/ws/v12/kb/article/search';
const DAY = 86_400_000;
const base = Date.parse('2024-05-01T10:00:00.000Z');
const now = new Date(base + 30 * DAY);

let t: TestApp;
let ctx: ServiceContext;
let dept: { id: bigint };
let other: { id: bigint };
let folder: { id: bigint };
let folder2: { id: bigint };
let otherFolder: { id: bigint };
let topic: { id: bigint };
let en: KbLanguage;
let es: KbLanguage;
let de: KbLanguage;
const ids: Record<string, bigint> = {};

async function add(key: string, opts: { name: string; folder?: { id: bigint }; language?: KbLanguage; at?: number; lockedById?: bigint; versions?: KbVersionSpec[] } & KbVersionSpec) {
  const { name, folder: f = folder, language = en, at = base, lockedById, versions, ...fields } = opts;
  const a = await insertKbArticle(t.db, {
    folderId: f.id,
    departmentId: f === otherFolder ? other.id : dept.id,
    languageId: language.id,
    name,
    at: new Date(at),
    versions: versions ?? [{ state: 'published', ...fields }],
    ...(lockedById !== undefined ? { lockedById } : {}),
  });
  ids[key] = a.id;
}

beforeAll(async () => {
  t = await getTestApp();
  const user = await createUser(t.db, { roles: ['agent'] });
  ctx = await agentContext(t, () => now, user);
  dept = await createDepartment(t.db);
  other = await createDepartment(t.db);
  folder = await insertKbFolder(t.db, { departmentId: dept.id });
  folder2 = await insertKbFolder(t.db, { departmentId: dept.id });
  otherFolder = await insertKbFolder(t.db, { departmentId: other.id });
  const lang = (code: string) => t.db.prisma.$queryRaw<KbLanguage[]>`SELECT id, code, label FROM language WHERE code = ${code}`.then((r) => r[0]!);
  await t.db.prisma.$executeRaw`INSERT INTO language (code, label) VALUES ('de-de', 'German (Germany)') ON CONFLICT (code) DO NOTHING`;
  [en, es, de] = await Promise.all([lang('en-us'), lang('es-es'), lang('de-de')]);

  // The ranking corpus: name and keywords weigh most (A), then summary/description (B), then content (C).
  await add('reset', { name: 'Resetting your password', keywords: 'reset, password, login', summary: 'How a customer resets a forgotten password', content: '<p>Open <b>Settings</b> and choose <i>Reset password</i>.</p>' });
  await add('rules', { name: 'Password rules', summary: 'Length and character rules for passwords', content: `<p>${'Choose a long one. '.repeat(20)}If you forget it, ask for a reset.</p>` });
  await add('billing', { name: 'Billing address change', summary: 'Update the address on invoices', content: '<p>Sign in with your password first.</p>' });
  await add('cafe', { name: 'Café opening hours', content: '<p>Our café opens at 8 and serves résumé workshops.</p>' });
  await add('laser', { name: 'Laser printer setup', content: '<p>Install the toner of the laser printer.</p>' });
  await add('inkjet', { name: 'Inkjet printer setup', content: '<p>Insert the cartridges of the inkjet printer.</p>' });
  await add('passphrase', { name: 'Passphrase policy', summary: 'Long passphrases instead of short secrets' });
  await add('credit', { name: 'Paying by credit card', content: '<p>We accept every credit card.</p>' });
  await add('reversed', { name: 'Card holders', content: '<p>A card with credit left is a gift.</p>' });
  await add('email', { name: 'Changing your e-mail address', keywords: 'email, profile' });
  await add('tokens', { name: 'Security settings', content: '<p>Enable two-factor authentication on example.com, or write to help@example.com about version 2.5.</p>' });
  await add('html', { name: 'Markup only', content: '<div class="passwordbox" data-x="reset">plain words</div>&nbsp;&#160;' });
  // Ties: same text, different lastModified and ids.
  await add('tieOld', { name: 'Zebra crossing rules', at: base });
  await add('tieNewA', { name: 'Zebra crossing rules', at: base + DAY });
  await add('tieNewB', { name: 'Zebra crossing rules', at: base + DAY });
  // States: draft, checked out (current = published), new and locked (transient), expired, expiring later.
  await add('draft', { name: 'Draft about gadgets', versions: [{ state: 'draft', name: 'Draft about gadgets' }] });
  await add('checkedOut', { name: 'Published gadgets', lockedById: user.id });
  await add('transient', { name: 'Transient gadgets', versions: [], lockedById: user.id });
  await add('expired', { name: 'Expired gadgets', expirationDate: new Date(base) });
  await add('expiring', { name: 'Expiring gadgets', expirationDate: new Date(now.getTime() + DAY) });
  // Filters: another folder of the department, another department, a topic.
  await add('folder2', { name: 'Gadgets in folder two', folder: folder2 });
  await add('otherDept', { name: 'Gadgets elsewhere', folder: otherFolder });
  topic = await t.db.prisma.kbTopic.create({ data: { name: `Topic ${randomUUID()}`, departmentId: dept.id, languageId: en.id } });
  await t.db.prisma.kbTopicArticle.createMany({ data: [{ topicId: topic.id, articleId: ids.draft! }, { topicId: topic.id, articleId: ids.folder2! }] });
  // Languages: Spanish (stemmed), German (no stemming), English twins.
  await add('es', { name: 'Cambiar la contraseña', language: es, content: '<p>Las contraseñas caducan cada año; cambiando la clave se renueva.</p>' });
  await add('esPrinter', { name: 'Impresoras y printers', language: es });
  await add('de', { name: 'Passwörter zurücksetzen', language: de, content: '<p>Alle printers im Büro.</p>' });
});
afterAll(async () => t?.close());

async function query(params = ''): Promise<ParsedQuery> {
  return parseQuery(`${PATH}?q=x${params}`, kbSearchQuery, undefined, codec);
}

async function search(q: string, criteria: Partial<KbSearchCriteria> = {}, params = '') {
  const c: KbSearchCriteria = { q, language: en, folder: folder.id, ...criteria };
  if ('folder' in criteria && criteria.folder === undefined) delete c.folder;
  return searchArticles(ctx, c, await query(params));
}

/** The keys of the matching articles in result order. */
async function found(q: string, criteria: Partial<KbSearchCriteria> = {}, params = ''): Promise<string[]> {
  const page = await search(q, criteria, params);
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  expect(page.count).toBeGreaterThanOrEqual(page.ids.length);
  return page.ids.map((id) => byId.get(id) ?? `?${id}`);
}

async function failure(run: () => Promise<unknown>): Promise<AppError> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('ranking (06 §5 K3)', () => {
  it('the best match comes first: name and keywords before summary before content', async () => {
    expect(await found('reset password')).toEqual(['reset', 'rules']);
    expect(await found('password')).toEqual(['reset', 'rules', 'billing']);
  });

  it('ties by lastModified descending, then id ascending', async () => {
    const order = await found('zebra crossing');
    expect(order).toEqual(['tieNewA', 'tieNewB', 'tieOld']);
    expect(ids.tieNewA! < ids.tieNewB!).toBe(true);
  });

  it('is deterministic', async () => {
    expect(await found('password OR gadgets')).toEqual(await found('password OR gadgets'));
  });

  it('counts exactly and pages by offset', async () => {
    const all = await found('gadgets');
    const page1 = await search('gadgets', {}, '&$pagesize=2');
    const page2 = await search('gadgets', {}, '&$pagesize=2&$pagenum=2');
    expect(page1.count).toBe(all.length);
    expect(page2.count).toBe(all.length);
    expect([...page1.ids, ...page2.ids]).toEqual(all.slice(0, 4).map((k) => ids[k]!));
    expect(page1.last).toBeUndefined();
    const counted = await search('gadgets', {}, '&$count=yes');
    expect(counted).toEqual({ ids: [], count: all.length });
  });
});

describe('matching', () => {
  it('English stemming: passwords finds password and the other way round', async () => {
    expect(await found('passwords')).toEqual(['reset', 'rules', 'billing']);
    expect(await found('resets')).toEqual(['reset', 'rules']);
  });

  it('accent-insensitive and case-insensitive', async () => {
    expect(await found('cafe')).toEqual(['cafe']);
    expect(await found('CAFÉ Resume')).toEqual(['cafe']);
  });

  it('phrases keep word order and adjacency', async () => {
    expect(await found('"credit card"')).toEqual(['credit']);
    expect(await found('credit card')).toEqual(['credit', 'reversed']);
  });

  it('OR matches either', async () => {
    expect((await found('toner OR cartridges')).sort()).toEqual(['inkjet', 'laser']);
    expect(await found('printer laser OR inkjet')).toHaveLength(2);
  });

  it('a leading - excludes', async () => {
    expect(await found('printer -laser')).toEqual(['inkjet']);
    expect(await found('printer -"laser printer"')).toEqual(['inkjet']);
  });

  it('a trailing * is a prefix', async () => {
    expect((await found('pass*')).sort()).toEqual(['billing', 'passphrase', 'reset', 'rules'].sort());
    expect(await found('passp*')).toEqual(['passphrase']);
  });

  it('punctuation separates: e-mail finds the article written e-mail', async () => {
    expect(await found('e-mail')).toEqual(['email']);
    expect(await found('email')).toEqual(['email']);
  });

  it('tokens the parser keeps whole: hosts, e-mail addresses, versions, hyphenated compounds in phrases', async () => {
    expect(await found('example.com')).toEqual(['tokens']);
    expect(await found('help@example.com')).toEqual(['tokens']);
    expect(await found('2.5')).toEqual(['tokens']);
    expect(await found('"enable two-factor authentication"')).toEqual(['tokens']);
    expect(await found('"two factor authentication"')).toEqual(['tokens']);
    expect(await found('two-factor -example.com')).toEqual([]);
    expect(await found('factor authentication')).toEqual(['tokens']);
  });

  it('HTML tags and entities of the content are not searchable text', async () => {
    expect(await found('passwordbox')).toEqual([]);
    expect(await found('nbsp')).toEqual([]);
    expect(await found('plain words')).toEqual(['html']);
  });

  it('a query of stop words only matches nothing (count 0)', async () => {
    expect(await search('the of and')).toEqual({ ids: [], count: 0 });
  });

  it('hostile text is only ever a search (no tsquery syntax error, no injection)', async () => {
    for (const q of ["x' | 'y", "'; DROP TABLE kb_article; --", 'a:* & !b <-> c', 'pass\\\\word', 'password:A', '((password))']) {
      await expect(search(q)).resolves.toMatchObject({ count: expect.any(Number) });
    }
    expect(await found('password:A')).toEqual(await found('password a'));
  });
});

describe('languages (06 §1.6, §5)', () => {
  it('Spanish stemming and accents for es-es articles', async () => {
    const esOnly = { language: es, folder: undefined, department: dept.id };
    expect(await found('contraseñas', esOnly)).toEqual(['es']);
    expect(await found('contrasena', esOnly)).toEqual(['es']);
    expect(await found('cambiar', esOnly)).toEqual(['es']);
    expect(await found('cambia', esOnly)).toEqual(['es']);
  });

  it('no stemming for other languages, accents still ignored', async () => {
    const deOnly = { language: de, folder: undefined, department: dept.id };
    expect(await found('passwörter', deOnly)).toEqual(['de']);
    expect(await found('passworter zurucksetzen', deOnly)).toEqual(['de']);
    expect(await found('printers', deOnly)).toEqual(['de']);
    expect(await found('printer', deOnly)).toEqual([]);
    expect(await found('passwort', deOnly)).toEqual([]);
  });

  it('only articles of the language are searched', async () => {
    expect(await found('printers', { folder: undefined, department: dept.id })).toEqual(['laser', 'inkjet'].sort((a, b) => (ids[a]! < ids[b]! ? -1 : 1)));
    expect(await found('printers', { language: es, folder: undefined, department: dept.id })).toEqual(['esPrinter']);
  });
});

describe('filters', () => {
  it('folder, department and topic', async () => {
    expect(await found('gadgets', { folder: folder2.id })).toEqual(['folder2']);
    expect(await found('gadgets', { folder: undefined, department: other.id })).toEqual(['otherDept']);
    expect((await found('gadgets', { folder: undefined, topic: topic.id })).sort()).toEqual(['draft', 'folder2']);
    expect(await found('gadgets', { folder: folder.id, topic: topic.id })).toEqual(['draft']);
    const everywhere = await found('gadgets', { folder: undefined, department: undefined });
    expect(everywhere).toEqual(expect.arrayContaining(['folder2', 'otherDept', 'draft']));
  });

  it('articleState at article level: published, expired, draft, transient', async () => {
    expect((await found('gadgets', { articleState: 'published' })).sort()).toEqual(['checkedOut', 'expiring']);
    expect(await found('gadgets', { articleState: 'expired' })).toEqual(['expired']);
    expect(await found('gadgets', { articleState: 'draft' })).toEqual(['draft']);
    expect(await found('gadgets', { articleState: 'transient' })).toEqual(['transient']);
    expect((await found('gadgets')).sort()).toEqual(['checkedOut', 'draft', 'expired', 'expiring', 'transient']);
  });

  it('an unknown folder, topic or department is 404-101 naming every missing id', async () => {
    const err = await failure(() => search('gadgets', { folder: 999_999_999n, topic: topic.id, department: 999_999_998n }));
    expect(err.key).toBe('404-101');
    expect(err.details).toEqual([
      { key: 'id', value: '999999999' },
      { key: 'id', value: '999999998' },
    ]);
    expect((await failure(() => search('gadgets', { folder: undefined, topic: 999_999_997n }))).details).toEqual([{ key: 'id', value: '999999997' }]);
  });

  it('an unusable q is 400-102 before any id is looked up', async () => {
    const err = await failure(() => search('-only', { folder: 999_999_999n }));
    expect(err.key).toBe('400-102');
    expect(err.details).toEqual([{ key: 'q', value: '-only' }]);
  });

  it('an articleState outside the enumeration is 400-102', async () => {
    expect((await failure(() => search('gadgets', { articleState: 'archived' }))).key).toBe('400-102');
  });
});

describe('sorts', () => {
  it('name, case-insensitive, both directions, with a keyset for the next page', async () => {
    await add('lowerName', { name: 'aardvark gadgets' });
    try {
      const asc = await found('gadgets', {}, '&$sort=name');
      expect(asc).toEqual(['lowerName', 'draft', 'expired', 'expiring', 'checkedOut', 'transient']);
      expect(await found('gadgets', {}, '&$sort=name&$order=desc')).toEqual([...asc].reverse());
      const first = await search('gadgets', {}, '&$sort=name&$pagesize=2');
      expect(first.last).toEqual({ values: ['draft about gadgets'], id: String(ids.draft) });
      const q1 = await query('&$sort=name&$pagesize=2');
      const token = codec.issue({ style: 'page', binding: q1.link.binding, offset: 2, keyset: first.last! });
      const second = await search('gadgets', {}, `&$sort=name&$pagesize=2&$cursor=${token}`);
      expect(second.ids).toEqual([ids.expired, ids.expiring]);
      expect(second.count).toBe(6);
    } finally {
      await t.db.prisma.kbArticle.delete({ where: { id: ids.lowerName! } });
      delete ids.lowerName;
    }
  });

  it('lastModifiedDate and id', async () => {
    const byDate = await found('zebra', {}, '&$sort=lastModifiedDate');
    expect(byDate[0]).toBe('tieOld');
    expect(await found('zebra', {}, '&$sort=id&$order=desc')).toEqual(['tieNewB', 'tieNewA', 'tieOld']);
    expect(await found('zebra', {}, '&$sort=lastModifiedDate&$order=desc')).toEqual(['tieNewB', 'tieNewA', 'tieOld']);
  });

  it('$order with relevance is 400-104 (query spec)', async () => {
    const err = await failure(() => query('&$sort=relevance&$order=desc'));
    expect(err.key).toBe('400-104');
    const q = await query('&$sort=RELEVANCE');
    expect(q.sort).toEqual({ field: 'relevance', order: 'asc' });
  });
});
