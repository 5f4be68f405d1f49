// Languages (07 §1.2–§1.4, §14) through the real HTTP stack: list, get by ids, create, edit; no delete.
// Tests that move the default restore it to the seeded en-us (other test files share the worker database).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomInt } from 'node:crypto';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { ADMIN, call, COMMON, configVersion, FORBIDDEN, noContent, ns, ok, PLATFORM, session, foreignContexts, expectForbidden, xmlOf, type Session } from '../department/support.ts';
import { createLanguage, editLanguages, getLanguages, listLanguages } from '../../../../src/areas/administration/language/language.service.ts';

const URL = `${ADMIN}/language`;
const LANG = ns('language');

type UserView = { id: string; name: string; firstName: string; lastName?: string };
type Language = {
  id: string;
  link: { rel: string; href: string };
  code: string;
  label: string;
  isDefault: boolean;
  lastModified: { date: string; user?: UserView };
  created?: { date: string; user?: UserView };
};
type Page = { link?: { rel: string; href: string }; language: Language[]; paginationInfo: Record<string, unknown> & { link?: { rel: string; href: string }[] } };

let t: TestApp;
let admin: Session;
let supervisor: Session;
let agent: Session;

beforeAll(async () => {
  t = await getTestApp();
  admin = await session(t.app, t.db, ['administrator']);
  supervisor = await session(t.app, t.db, ['supervisor']);
  agent = await session(t.app, t.db, ['agent']);
});
afterAll(async () => {
  if (t) await restoreDefault();
  await t?.close();
});

/** The seeded en-us (id 1) is the default again. */
async function restoreDefault() {
  await t.db.query('UPDATE language SET is_default = false WHERE is_default AND id <> 1');
  await t.db.query('UPDATE language SET is_default = true WHERE id = 1');
}

async function defaults(): Promise<string[]> {
  return (await t.db.query<{ id: string }>('SELECT id::text AS id FROM language WHERE is_default ORDER BY id')).map((r) => r.id);
}

// Codes `q?-??` in sequence from a random start: distinct within this file, unlikely to meet another run's.
let next = randomInt(0, 26 ** 3 - 200);
const letter = (n: number) => String.fromCharCode(97 + (n % 26));
function freshCode(): string {
  const n = next++;
  return `q${letter(Math.floor(n / 676))}-${letter(Math.floor(n / 26))}${letter(n)}`;
}

const userOf = (s: Session): UserView => ({ id: s.name.id, name: s.name.name, firstName: s.name.firstName, lastName: s.name.lastName });

async function create(body: Record<string, unknown> = {}, who = admin): Promise<Language> {
  return ok<{ language: Language[] }>(await call(t.app, who, 'POST', URL, { body: { code: freshCode(), label: 'Test language', ...body } }), 201).language[0]!;
}

async function read(id: string): Promise<Language> {
  return ok<{ language: Language[] }>(await call(t.app, admin, 'GET', `${URL}/${id}?$attribute=created`)).language[0]!;
}

describe('the seeded languages (07 §14)', () => {
  it('answers en-us as in the 07 §14 example, JSON and XML', async () => {
    const body = ok<{ language: Language[] }>(await call(t.app, agent, 'GET', `${URL}/1`));
    const item = body.language[0]!;
    expect(Object.keys(body)).toEqual(['language']);
    expect(item).toMatchObject({
      id: '1',
      link: { rel: 'self', href: '/system/ws/v12/administration/language/1' },
      code: 'en-us',
      label: 'English (United States)',
      isDefault: true,
    });
    expect(Object.keys(item)).toEqual(['id', 'link', 'code', 'label', 'isDefault', 'lastModified']);
    const res = await call(t.app, agent, 'GET', `${URL}/1,2`, { fmt: 'xml' });
    const stamp = (l: Language) =>
      l.lastModified.user
        ? `<lastModified date="${l.lastModified.date}"><c:user id="${l.lastModified.user.id}"><p:name>${l.lastModified.user.name}</p:name><p:firstName>${l.lastModified.user.firstName}</p:firstName><p:lastName>${l.lastModified.user.lastName}</p:lastName></c:user></lastModified>`
        : `<lastModified date="${l.lastModified.date}"/>`;
    const es = (await read('2'));
    const xml = `<languages xmlns="${LANG}" xmlns:c="${COMMON}" xmlns:p="${PLATFORM}"><language id="1"><link rel="self" href="${URL}/1"/><code>en-us</code><label>English (United States)</label><isDefault>true</isDefault>${stamp(item)}</language><language id="2"><link rel="self" href="${URL}/2"/><code>es-es</code><label>Spanish (Spain)</label><isDefault>false</isDefault>${stamp(es)}</language></languages>`;
    expect(xmlOf(res)).toEqual(canonicalXml(xml));
  });
});

describe('callers (07 §1.2)', () => {
  it.each(FORMATS)('answers 401-101 without a session (%s)', async (fmt) => {
    for (const [method, url, body] of [
      ['GET', URL],
      ['GET', `${URL}/1`],
      ['POST', URL, { code: freshCode(), label: 'x' }],
      ['PUT', URL, { id: '2', label: 'x' }],
    ] as const) {
      expectError(await call(t.app, null, method, url, { fmt, body }), '401-101', { format: fmt });
    }
  });

  it('lets supervisors and agents read and refuses them writes with 403-197', async () => {
    const before = await configVersion(t.db);
    for (const who of [supervisor, agent]) {
      expect(ok<Page>(await call(t.app, who, 'GET', `${URL}?code=es-es`)).language.map((l) => l.code)).toEqual(['es-es']);
      const code = freshCode();
      expectError(await call(t.app, who, 'POST', URL, { body: { code, label: 'x' } }), '403-197', { format: 'json', message: FORBIDDEN['en-US'] });
      noContent(await call(t.app, admin, 'GET', `${URL}?code=${code}`));
      expectError(await call(t.app, who, 'PUT', URL, { fmt: 'xml', body: { id: '2', isDefault: true } }), '403-197');
      expectError(await call(t.app, who, 'PUT', URL, { body: { id: '999999999', label: 'x' } }), '403-197', { format: 'json' });
    }
    expect(await defaults()).toEqual(['1']);
    expect(await configVersion(t.db)).toBe(before);
    // Validation comes before the permission (01 §7.2).
    expectError(await call(t.app, agent, 'POST', URL, { body: { code: 'english', label: 'x' } }), '400-152', { format: 'json', details: [{ key: 'code', value: 'english' }] });
  });
  it('refuses customer and client-application callers every call (403-197)', async () => {
    const q = { attributes: new Set() } as never;
    const code = freshCode();
    for (const ctx of foreignContexts(t.app, t.db)) {
      await expectForbidden(() => listLanguages(ctx, q));
      await expectForbidden(() => getLanguages(ctx, [1n], q));
      await expectForbidden(() => createLanguage(ctx, { code, label: 'x' }, q));
      await expectForbidden(() => editLanguages(ctx, [{ id: '2', isDefault: true }]));
    }
    noContent(await call(t.app, admin, 'GET', `${URL}?code=${code}`));
    expect(await defaults()).toEqual(['1']);
  });
});

describe('list (07 §1.4, §14)', () => {
  it('filters by code, compared case-insensitively with - and _ alike', async () => {
    for (const q of ['en-us', 'en_US', 'EN-US', 'En_uS']) {
      const page = ok<Page>(await call(t.app, agent, 'GET', `${URL}?code=${q}`));
      expect(page.language.map((l) => l.id)).toEqual(['1']);
      expect(page.paginationInfo).toEqual({ count: 1, pagenum: 1, pagesize: 25 });
      expect(page.link).toEqual({ rel: 'self', href: `${URL}?code=${q}` });
    }
    for (const fmt of FORMATS) noContent(await call(t.app, agent, 'GET', `${URL}?code=zz-zz`, { fmt }), fmt);
    noContent(await call(t.app, agent, 'GET', `${URL}?code=english`));
  });

  it('lists every language by id, pages with $cursor, counts, answers 204 past the end', async () => {
    const mine = await create();
    const all = ok<Page>(await call(t.app, agent, 'GET', `${URL}?$pagesize=75`));
    const count = all.paginationInfo.count as number;
    expect(all.language.length).toBe(count);
    expect(all.language.slice(0, 2).map((l) => l.code)).toEqual(['en-us', 'es-es']);
    expect(all.language.map((l) => l.id)).toContain(mine.id);
    expect(all.language.map((l) => Number(l.id))).toEqual([...all.language.map((l) => Number(l.id))].sort((a, b) => a - b));
    expect(all.language.filter((l) => l.isDefault).map((l) => l.id)).toEqual(['1']);

    const seen: string[] = [];
    let href: string | undefined = `${URL}?$pagesize=2`;
    while (href) {
      const page: Page = ok<Page>(await call(t.app, agent, 'GET', href));
      seen.push(...page.language.map((l) => l.id));
      href = page.paginationInfo.link?.find((l) => l.rel === 'next')?.href;
      if (href) expect(href).toContain('$cursor=');
    }
    expect(seen).toEqual(all.language.map((l) => l.id));

    const desc = ok<Page>(await call(t.app, agent, 'GET', `${URL}?$sort=id&$order=desc&$pagesize=75`));
    expect(desc.language.map((l) => l.id)).toEqual([...all.language.map((l) => l.id)].reverse());
    expect(ok(await call(t.app, agent, 'GET', `${URL}?$count=yes`))).toEqual({ paginationInfo: { count, link: [{ rel: 'first', href: `${URL}?$pagenum=1&$pagesize=25` }] } });
    noContent(await call(t.app, agent, 'GET', `${URL}?$pagenum=${count + 1}&$pagesize=1`));
  });

  it.each([
    ['label=x', '400-101', [{ key: 'label', value: 'x' }]],
    ['$sort=code', '400-102', [{ key: '$sort', value: 'code' }]],
    ['$attribute=users', '400-102', [{ key: '$attribute', value: 'users' }]],
    ['code=', '400-102', [{ key: 'code', value: '' }]],
    ['$rangestart=1&$pagesize=1', '400-104', [{ key: '$rangestart', value: '1' }, { key: '$pagesize', value: '1' }]],
  ])('refuses %s with %s', async (q, code, details) => {
    expectError(await call(t.app, agent, 'GET', `${URL}?${q}`), code, { format: 'json', details });
  });
});

describe('get by ids (07 §1.4)', () => {
  it('answers in the order of the ids, with created on request', async () => {
    const mine = await create();
    const body = ok<{ language: Language[] }>(await call(t.app, agent, 'GET', `${URL}/${mine.id},2,1,2?$attribute=created`));
    expect(body.language.map((l) => l.id)).toEqual([mine.id, '2', '1']);
    expect(body.language[0]!.created).toEqual({ date: mine.lastModified.date, user: userOf(admin) });
  });

  it('refuses missing ids (404-101), bad ids (400-102), 76 ids (400-160), paging (400-101)', async () => {
    expectError(await call(t.app, agent, 'GET', `${URL}/1,999999999`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: '999999999' }] });
    expectError(await call(t.app, agent, 'GET', `${URL}/en-us`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'en-us' }] });
    expectError(await call(t.app, agent, 'GET', `${URL}/${Array.from({ length: 76 }, (_, i) => i + 1).join(',')}`), '400-160', { format: 'json' });
    expectError(await call(t.app, agent, 'GET', `${URL}/1?$count=yes`), '400-101', { format: 'json' });
  });
});

describe('create (07 §1.4, §14)', () => {
  afterEach(restoreDefault);

  it('normalises the code, answers 201 with Location; not the default unless asked', async () => {
    const before = await configVersion(t.db);
    const code = freshCode();
    const sent = `${code.slice(0, 2).toUpperCase()}_${code.slice(3).toUpperCase()}`;
    const res = await call(t.app, admin, 'POST', URL, { body: { language: { code: sent, label: 'Quenya (Valinor)' } } });
    const l = ok<{ language: Language[] }>(res, 201).language[0]!;
    expect(res.headers.location).toBe(`${URL}/${l.id}`);
    expect(l).toEqual({
      id: l.id,
      link: { rel: 'self', href: `${URL}/${l.id}` },
      code,
      label: 'Quenya (Valinor)',
      isDefault: false,
      lastModified: { date: l.lastModified.date, user: userOf(admin) },
    });
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    expect(await defaults()).toEqual(['1']);
  });

  it('takes an XML body and answers XML with $attribute=created', async () => {
    const code = freshCode();
    const xml = `<language xmlns="${LANG}"><code> ${code} </code><label>Label &lt;x&gt;</label><isDefault>false</isDefault></language>`;
    const root = xmlOf(await call(t.app, admin, 'POST', `${URL}?$attribute=created`, { fmt: 'xml', xml }), 201);
    const item = root.children[0]!;
    expect(item.children.map((c) => [c.name.replace(`{${LANG}}`, ''), c.text])).toEqual([
      ['link', undefined],
      ['code', code],
      ['label', 'Label <x>'],
      ['isDefault', 'false'],
      ['lastModified', undefined],
      ['created', undefined],
    ]);
  });

  it('makes a new default and clears the previous one, stamping it', async () => {
    const l = await create({ isDefault: 'YES' });
    expect(l.isDefault).toBe(true);
    expect(await defaults()).toEqual([l.id]);
    const en = await read('1');
    expect(en.isDefault).toBe(false);
    expect(en.lastModified.user).toEqual(userOf(admin));
  });

  it('refuses a code in use in any spelling with 409-102', async () => {
    const l = await create();
    const sent = l.code.toUpperCase().replace('-', '_');
    expectError(await call(t.app, admin, 'POST', URL, { body: { code: sent, label: 'x' } }), '409-102', {
      format: 'json',
      details: [{ key: 'code', value: sent }],
      message: `The current state of resource ${l.id} does not allow this action: the value of 'code' is already in use.`,
    });
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', body: { code: 'es_ES', label: 'x' } }), '409-102', { details: [{ key: 'code', value: 'es_ES' }] });
  });

  it.each([
    [{ code: 'english' }, '400-152', 'code'],
    [{ code: 'en' }, '400-152', 'code'],
    [{ code: 'en-usa' }, '400-152', 'code'],
    [{ code: 'e1-us' }, '400-152', 'code'],
    [{ code: '' }, '400-153', 'code'],
    [{ code: null }, '400-153', 'code'],
    [{ label: '' }, '400-153', 'label'],
    [{ label: 'l'.repeat(256) }, '400-152', 'label'],
    [{ isDefault: 'maybe' }, '400-152', 'isDefault'],
  ])('refuses body #%# with %s', async (body, code, key) => {
    const err = expectError(await call(t.app, admin, 'POST', URL, { body: { code: freshCode(), label: 'x', ...body } }), code, { format: 'json' });
    expect(err.details.map((d) => d.key)).toEqual([key]);
  });

  it('refuses a malformed body with 400-150', async () => {
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: '<language><code>qq-qq</language>' }), '400-150');
    const bad = await t.app.inject({ method: 'PUT', url: URL, headers: { ...admin.headers, accept: 'application/json', 'content-type': 'application/json' }, payload: '"en-us"' });
    expectError(bad, '400-150', { format: 'json' });
  });

  it('refuses a body without code or label with 400-153', async () => {
    expectError(await call(t.app, admin, 'POST', URL, { body: { label: 'x' } }), '400-153', { format: 'json', details: [{ key: 'code', value: '' }] });
    expectError(await call(t.app, admin, 'POST', URL, { fmt: 'xml', xml: `<language><code>${freshCode()}</code></language>` }), '400-153', { details: [{ key: 'label', value: '' }] });
  });
});

describe('edit (07 §1.4, §14)', () => {
  afterEach(restoreDefault);

  it('changes the label only; the code is not editable', async () => {
    const l = await create();
    const before = await configVersion(t.db);
    noContent(await call(t.app, admin, 'PUT', URL, { body: { language: [{ id: l.id, label: 'Renamed', code: 'xx-xx' }] } }));
    const after = await read(l.id);
    expect(after).toMatchObject({ code: l.code, label: 'Renamed', isDefault: false });
    expect(Date.parse(after.lastModified.date)).toBeGreaterThan(Date.parse(l.lastModified.date));
    expect(await configVersion(t.db)).toBeGreaterThan(before);
    noContent(await call(t.app, admin, 'PUT', URL, { xml: `<languages><language id="${l.id}"><label>From XML</label></language></languages>` }));
    expect((await read(l.id)).label).toBe('From XML');
  });

  it('makes a language the default: the previous default is cleared, exactly one remains', async () => {
    const [a, b] = [await create(), await create()];
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: a.id, isDefault: true } }));
    expect(await defaults()).toEqual([a.id]);
    expect((await read('1')).isDefault).toBe(false);
    // The default may move together with an explicit false on the old one.
    noContent(await call(t.app, admin, 'PUT', URL, { body: { language: [{ id: a.id, isDefault: false }, { id: b.id, isDefault: true }] } }));
    expect(await defaults()).toEqual([b.id]);
    const old = await read(a.id);
    expect(old.isDefault).toBe(false);
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: '1', isDefault: 'true' } }));
    expect(await defaults()).toEqual(['1']);
    // Setting true on the default again changes nothing else.
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: '1', isDefault: true } }));
    expect(await defaults()).toEqual(['1']);
  });

  it('refuses to leave no default or two defaults (400-152) and changes nothing', async () => {
    const [a, b] = [await create(), await create()];
    expectError(await call(t.app, admin, 'PUT', URL, { body: { id: '1', isDefault: false } }), '400-152', {
      format: 'json',
      details: [{ key: 'language[0].isDefault', value: 'false' }],
    });
    const two = { language: [{ id: a.id, label: 'changed', isDefault: true }, { id: b.id, isDefault: true }] };
    expectError(await call(t.app, admin, 'PUT', URL, { body: two }), '400-152', { format: 'json', details: [{ key: 'language[1].isDefault', value: 'true' }] });
    const flip = { language: [{ id: a.id, isDefault: true }, { id: a.id, isDefault: false }] };
    expectError(await call(t.app, admin, 'PUT', URL, { body: flip }), '400-152', { format: 'json', details: [{ key: 'language[1].isDefault', value: 'false' }] });
    expect(await defaults()).toEqual(['1']);
    expect((await read(a.id)).label).toBe('Test language');
  });

  it('checks lastModified.date (409-101) and ids (404-101), all or nothing', async () => {
    const l = await create();
    expectError(await call(t.app, admin, 'PUT', URL, { body: { id: l.id, label: 'x', lastModified: { date: '2019-01-01T00:00:00Z' } } }), '409-101', {
      format: 'json',
      details: [{ key: 'id', value: l.id }],
    });
    expectError(await call(t.app, admin, 'PUT', URL, { body: { language: [{ id: l.id, label: 'x', isDefault: true }, { id: '999999999' }] } }), '404-101', {
      format: 'json',
      details: [{ key: 'id', value: '999999999' }],
    });
    expect(await read(l.id)).toMatchObject({ label: 'Test language', isDefault: false });
    expect(await defaults()).toEqual(['1']);
    noContent(await call(t.app, admin, 'PUT', URL, { body: { id: l.id, label: 'ok', lastModified: { date: l.lastModified.date } } }));
    expect((await read(l.id)).label).toBe('ok');
  });

  it.each([
    [{ label: 'x' }, '400-153', 'language[0].id'],
    [{ id: '2', label: '' }, '400-152', 'language[0].label'],
    [{ id: '2', label: null }, '400-152', 'language[0].label'],
    [{ id: '2', label: 'l'.repeat(256) }, '400-152', 'language[0].label'],
    [{ id: '2', isDefault: 'sometimes' }, '400-152', 'language[0].isDefault'],
    [{ id: '2', lastModified: { date: 'now' } }, '400-152', 'language[0].lastModified.date'],
  ])('refuses body #%# with %s', async (body, code, key) => {
    const err = expectError(await call(t.app, admin, 'PUT', URL, { body }), code, { format: 'json' });
    expect(err.details.map((d) => d.key)).toEqual([key]);
  });

  it('refuses more than 75 items (400-160) and none (400-152)', async () => {
    expectError(await call(t.app, admin, 'PUT', URL, { body: { language: Array.from({ length: 76 }, () => ({ id: '2' })) } }), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'PUT', URL, { body: { language: [] } }), '400-153', { format: 'json', details: [{ key: 'language', value: '' }] });
  });
});

describe('methods (07 §2, §14)', () => {
  it.each([
    ['DELETE', `${URL}/1`, 'GET, HEAD'],
    ['PUT', `${URL}/1`, 'GET, HEAD'],
    ['DELETE', URL, 'GET, HEAD, POST, PUT'],
  ] as const)('%s %s → 405-100', async (method, url, allow) => {
    for (const fmt of FORMATS) {
      const res = await call(t.app, admin, method, url, { fmt });
      expectError(res, '405-100', { format: fmt });
      expect(res.headers.allow).toBe(allow);
    }
    expect(ok<{ language: Language[] }>(await call(t.app, admin, 'GET', `${URL}/1`)).language[0]!.code).toBe('en-us');
  });
});
