// Standard messages (07 §1.2–§1.4, §12) through the real HTTP stack: callers, list and its indexed filters, get by
// ids, attribute groups, the §12 example.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../../../../src/generated/prisma/client.ts';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { expectError, FORMATS } from '../../../conformance/support.ts';
import { canonicalXml } from '../../../helpers/xml-canonical.ts';
import { call as callAs, customerSession } from '../../customer/support.ts';
import { call, COMMON, configVersion, expectForbidden, FORBIDDEN, foreignContexts, noContent, ok, PLATFORM, session, unique, xmlOf, type Session } from '../department/support.ts';
import { createMessage as createViaService, deleteMessages, editMessages, getMessages, listMessages } from '../../../../src/areas/administration/message/message.service.ts';
import { messageConditions } from '../../../../src/areas/administration/message/message.queries.ts';
import { at, createMessage, dept, EN, ES, MSG, readMessage, text, URL, userOf, type Message, type Page } from './support.ts';

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
afterAll(async () => t?.close());

describe('callers (07 §1.2)', () => {
  it.each(FORMATS)('answers 401-101 on every endpoint without a session (%s)', async (fmt) => {
    const d = await dept(t);
    const m = await createMessage(t, admin, at(d));
    for (const [method, url, body] of [
      ['GET', URL],
      ['GET', `${URL}/${m.id}`],
      ['POST', URL, { name: 'x', ...text(), ...at(d) }],
      ['PUT', URL, { id: m.id, name: 'y' }],
      ['DELETE', `${URL}/${m.id}`],
    ] as const) {
      expectError(await call(t.app, null, method, url, { fmt, body }), '401-101', { format: fmt });
    }
    expect((await readMessage(t, admin, m.id)).name).toBe(m.name);
  });

  it('lets supervisors and agents read, refuses them every write with 403-197 and changes nothing', async () => {
    const d = await dept(t);
    const m = await createMessage(t, admin, at(d));
    const before = await configVersion(t.db);
    for (const who of [supervisor, agent]) {
      expect(await readMessage(t, who, m.id)).toEqual(await readMessage(t, admin, m.id));
      expect(ok<Page>(await call(t.app, who, 'GET', `${URL}?department=${d.id}`)).message.map((x) => x.id)).toEqual([m.id]);
      expectError(await call(t.app, who, 'POST', URL, { body: { name: 'x', ...text(), ...at(d) } }), '403-197', { format: 'json', message: FORBIDDEN['en-US'] });
      expectError(
        await call(t.app, who, 'POST', URL, {
          fmt: 'xml',
          xml: `<message xmlns:c="${COMMON}"><name>x</name><department id="${d.id}"/><contents><content><c:type>text</c:type><c:value>x</c:value></content></contents></message>`,
        }),
        '403-197',
      );
      expectError(await call(t.app, who, 'PUT', URL, { body: { id: m.id, name: 'changed' } }), '403-197', { format: 'json' });
      expectError(await call(t.app, who, 'PUT', URL, { fmt: 'xml', xml: `<messages><message id="${m.id}"><subject>s</subject></message></messages>` }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/${m.id}`, { fmt: 'xml' }), '403-197');
      expectError(await call(t.app, who, 'DELETE', `${URL}/999999999`), '403-197', { format: 'json' });
    }
    expect(ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d.id}`)).message.map((x) => x.name)).toEqual([m.name]);
    expect(await configVersion(t.db)).toBe(before);
  });

  it('validates the body before the permission (01 §7.2)', async () => {
    expectError(await call(t.app, agent, 'POST', URL, { body: { name: 'x', department: { id: '1' } } }), '400-153', { format: 'json', details: [{ key: 'contents', value: '' }] });
    const twice = { contents: { content: [{ type: 'text', value: 'a' }, { type: 'TEXT', value: 'b' }] } };
    expectError(await call(t.app, agent, 'POST', URL, { body: { name: 'x', department: { id: '1' }, ...twice } }), '400-152', {
      format: 'json',
      details: [{ key: 'contents.content[1].type', value: 'text' }],
    });
    expectError(await call(t.app, supervisor, 'PUT', URL, { body: { id: '1', contents: null } }), '400-152', { format: 'json', details: [{ key: 'message[0].contents', value: '' }] });
  });

  it('refuses customer sessions every call with 403-197', async () => {
    const d = await dept(t);
    const m = await createMessage(t, admin, at(d));
    const customer = await customerSession(t, admin);
    for (const fmt of FORMATS) {
      for (const [method, url, body] of [
        ['GET', URL],
        ['GET', `${URL}/${m.id}`],
        ['POST', URL, { name: 'x', ...text(), ...at(d) }],
        ['PUT', URL, { id: m.id, name: 'x' }],
        ['DELETE', `${URL}/${m.id}`],
      ] as const) {
        expectError(await callAs(t.app, customer, method, url, { fmt, body }), '403-197', { format: fmt });
      }
    }
    expect((await readMessage(t, admin, m.id)).name).toBe(m.name);
  });

  it('refuses customer and client-application callers in the services too (403-197)', async () => {
    const d = await dept(t);
    const m = await createMessage(t, admin, at(d));
    const q = { attributes: new Set() } as never;
    for (const ctx of foreignContexts(t.app, t.db)) {
      await expectForbidden(() => listMessages(ctx, q));
      await expectForbidden(() => getMessages(ctx, [BigInt(m.id)], q));
      await expectForbidden(() => createViaService(ctx, { name: 'x', contents: { content: [{ type: 'text', value: 'x' }] }, ...at(d) }, q));
      await expectForbidden(() => editMessages(ctx, [{ id: m.id, name: 'x' }]));
      await expectForbidden(() => deleteMessages(ctx, [BigInt(m.id)]));
    }
  });
});

describe('list (07 §1.4, §12)', () => {
  let prefix: string;
  let d1: { id: bigint; name: string };
  let d2: { id: bigint; name: string };
  let a: Message;
  let b: Message;
  let c: Message;
  let d: Message;

  beforeAll(async () => {
    prefix = unique('LM');
    d1 = await dept(t);
    d2 = await dept(t);
    a = await createMessage(t, admin, { name: `${prefix} Signature`, keywords: 'closing, Regards', ...at(d1) });
    b = await createMessage(t, admin, { name: `${prefix} apology 50%_off`, keywords: `sorry ${prefix}-KW`, language: { code: 'es_ES' }, ...at(d1), state: { value: 'inactive' } });
    c = await createMessage(t, admin, { name: `${prefix} Greeting`, ...at(d2) });
    d = await createMessage(t, admin, { name: `${prefix} 50 off`, keywords: 'discount', language: { id: '1' }, ...at(d1) });
  });

  const ids = async (query: string) => {
    const res = await call(t.app, admin, 'GET', `${URL}?${query}`);
    if (res.statusCode === 204) return [];
    return ok<Page>(res).message.map((x) => x.id);
  };
  const kw = (value: string) => `keyword=${encodeURIComponent(value)}`;

  it('needs no filter and answers the default set (no description, contents, keywords or created)', async () => {
    const page = ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}`));
    expect(page.paginationInfo.count).toBe(3);
    expect(page.message[0]).toEqual({
      id: a.id,
      link: { rel: 'self', href: `${URL}/${a.id}` },
      name: a.name,
      department: { id: String(d1.id), name: d1.name },
      language: EN,
      state: { value: 'active', displayValue: 'Active' },
      lastModified: { date: a.lastModified.date, user: userOf(admin) },
    });
    expect(ok<Page>(await call(t.app, admin, 'GET', URL)).paginationInfo.count as number).toBeGreaterThanOrEqual(4);
  });

  it('filters by department (id or name), language (code, any case and - or _, or id), state', async () => {
    expect(await ids(`department=${d1.id}`)).toEqual([a.id, b.id, d.id]);
    expect(await ids(`department=${encodeURIComponent(d2.name.toLowerCase())}`)).toEqual([c.id]);
    expect(await ids(`department=${d1.id}&language=es-es`)).toEqual([b.id]);
    expect(await ids(`department=${d1.id}&language=ES_es`)).toEqual([b.id]);
    expect(await ids(`department=${d1.id}&language=en-US`)).toEqual([a.id, d.id]);
    expect(await ids(`department=${d1.id}&language=2`)).toEqual([b.id]);
    expect(await ids(`department=${d1.id}&state=inactive`)).toEqual([b.id]);
    expect(await ids(`department=${d1.id}&state=ACTIVE&language=en-us`)).toEqual([a.id, d.id]);
  });

  it('filters by name with the * wildcard, case-insensitively; % and _ are literal', async () => {
    expect(await ids(`name=${prefix}*`)).toEqual([a.id, b.id, c.id, d.id]);
    expect(await ids(`name=${encodeURIComponent(`${prefix.toLowerCase()} signature`)}`)).toEqual([a.id]);
    expect(await ids(`name=${encodeURIComponent(`${prefix} SIGN`)}`)).toEqual([]);
    expect(await ids(`name=${encodeURIComponent(`*${prefix.slice(2)} *g*e*`)}`)).toEqual([a.id, c.id]);
    expect(await ids(`name=${encodeURIComponent(`${prefix}*50%_off`)}`)).toEqual([b.id]);
    expect(await ids(`name=${encodeURIComponent(`${prefix} 50_off`)}`)).toEqual([]);
  });

  it('filters by keyword: a case-insensitive substring of the name or the keywords; % and _ are literal', async () => {
    expect(await ids(`${kw(prefix)}`)).toEqual([a.id, b.id, c.id, d.id]);
    expect(await ids(`${kw('regards')}&department=${d1.id}`)).toEqual([a.id]);
    expect(await ids(`${kw(`${prefix.toLowerCase()}-kw`)}`)).toEqual([b.id]);
    expect(await ids(`${kw(`${prefix} SIGNAT`)}`)).toEqual([a.id]);
    expect(await ids(`${kw('50%_')}&department=${d1.id}`)).toEqual([b.id]);
    expect(await ids(`${kw('50 ')}&department=${d1.id}`)).toEqual([d.id]);
    expect(await ids(`${kw('5_')}&department=${d1.id}`)).toEqual([]);
    expect(await ids(`${kw('%')}&department=${d1.id}`)).toEqual([b.id]);
    expect(await ids(`${kw('*')}&department=${d1.id}`)).toEqual([]);
    expect(await ids(`${kw('discount')}&state=inactive`)).toEqual([]);
  });

  it('serves the name and keyword filters with the trigram indexes', async () => {
    const plan = await t.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      const where = Prisma.join(messageConditions({ keyword: 'regards' }), ' AND ');
      const rows = await tx.$queryRaw<Record<string, string>[]>`EXPLAIN SELECT m.id FROM standard_message m WHERE ${where}`;
      const byName = Prisma.join(messageConditions({ name: 'Signat*' }), ' AND ');
      const more = await tx.$queryRaw<Record<string, string>[]>`EXPLAIN SELECT m.id FROM standard_message m WHERE ${byName}`;
      return [...rows, ...more].map((r) => Object.values(r).join(' ')).join('\n');
    });
    expect(plan).toContain('standard_message_name_trgm');
    expect(plan).toContain('standard_message_keywords_trgm');
  });

  it('answers 404-101 for a department or language that does not exist (07 §19); refuses bad parameters', async () => {
    expectError(await call(t.app, admin, 'GET', `${URL}?department=999999999`), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?language=xx-yy`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: 'xx-yy' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?language=999`), '404-101', { format: 'json', details: [{ key: 'id', value: '999' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?state=closed`), '400-102', { format: 'json', details: [{ key: 'state', value: 'closed' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?keyword=`), '400-102', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}?subject=x`), '400-101', { format: 'json', details: [{ key: 'subject', value: 'x' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$sort=subject`), '400-102', { format: 'json', details: [{ key: '$sort', value: 'subject' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$attribute=language`), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'language' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}?$order=asc`), '400-104', { format: 'json' });
  });

  it('sorts by id, name or lastModifiedDate in either order, and pages each with a working $cursor', async () => {
    const order = async (q: string) => ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*${q}`)).message.map((x) => x.id);
    expect(await order('')).toEqual([a.id, b.id, c.id, d.id]);
    expect(await order('&$sort=name')).toEqual([d.id, b.id, c.id, a.id]);
    expect(await order('&$sort=NAME&$order=desc')).toEqual([a.id, c.id, b.id, d.id]);
    expect(await order('&$sort=lastModifiedDate')).toEqual([a.id, b.id, c.id, d.id]);
    // The same instant for two messages: ties go by id in the same direction.
    await t.db.prisma.standardMessage.updateMany({ where: { id: { in: [BigInt(a.id), BigInt(c.id)] } }, data: { lastModifiedAt: new Date('2030-01-01T00:00:00.000Z') } });
    expect(await order('&$sort=lastmodifieddate&$order=desc')).toEqual([c.id, a.id, d.id, b.id]);
    expect(await order('&$sort=lastModifiedDate')).toEqual([b.id, d.id, a.id, c.id]);
    for (const [sort, expected] of [
      ['name', [d.id, b.id, c.id, a.id]],
      ['lastModifiedDate&$order=desc', [c.id, a.id, d.id, b.id]],
      ['id&$order=desc', [d.id, c.id, b.id, a.id]],
    ] as const) {
      const seen: string[] = [];
      let page = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$sort=${sort}&$pagesize=3`));
      seen.push(...page.message.map((x) => x.id));
      const next = page.paginationInfo.link!.find((l) => l.rel === 'next')!;
      expect(next.href).toContain('$cursor=');
      page = ok<Page>(await call(t.app, admin, 'GET', next.href));
      seen.push(...page.message.map((x) => x.id));
      expect(seen).toEqual(expected);
    }
    const range = ok<Page>(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$rangestart=2&$rangesize=2`));
    expect(range.message.map((x) => x.id)).toEqual([b.id, c.id]);
  });

  it('answers 204 past the end or when nothing matches, and $count=yes', async () => {
    noContent(await call(t.app, admin, 'GET', `${URL}?name=${prefix}*&$pagenum=2`, { fmt: 'xml' }), 'xml');
    noContent(await call(t.app, admin, 'GET', `${URL}?keyword=${unique()}`));
    expect(ok(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$count=yes`))).toEqual({
      paginationInfo: { count: 3, link: [{ rel: 'first', href: `${URL}?department=${d1.id}&$pagenum=1&$pagesize=25` }] },
    });
  });

  it('adds the attribute groups asked for: description, contents, keywords, created, all', async () => {
    const one = async (attr: string) => ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d2.id}&$attribute=${attr}`)).message[0]!;
    expect(Object.keys(await one('keywords'))).not.toContain('contents');
    expect((await one('contents')).contents).toEqual(text().contents);
    expect((await one('contents')).keywords).toBeUndefined();
    expect((await one('keywords,created')).created).toEqual({ date: c.lastModified.date, user: userOf(admin) });
    expect((await one('all')).contents).toEqual(text().contents);
    const withKeywords = ok<Page>(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$attribute=keywords`)).message;
    expect(withKeywords.map((x) => x.keywords)).toEqual(['closing, Regards', `sorry ${prefix}-KW`, 'discount']);
    expect(withKeywords.every((x) => x.contents === undefined && x.created === undefined)).toBe(true);
  });

  it('answers the list in XML: plural root, items in the message namespace', async () => {
    const root = xmlOf(await call(t.app, admin, 'GET', `${URL}?department=${d1.id}&$pagesize=2`, { fmt: 'xml' }));
    expect(root.name).toBe(`{${MSG}}messages`);
    expect(root.children.map((x) => x.name)).toEqual([`{${MSG}}link`, `{${MSG}}message`, `{${MSG}}message`, `{${COMMON}}paginationInfo`]);
  });
});

describe('get by ids (07 §1.4, §12)', () => {
  it('answers the items in the order of the ids with the attribute groups asked for, in JSON, XML and es-ES', async () => {
    const d = await dept(t);
    const m = await createMessage(t, admin, {
      ...at(d),
      description: 'Closing',
      subject: 'Re: your mail',
      language: { code: 'es-es' },
      keywords: 'signature, closing',
      contents: { content: [{ type: 'html', value: '<p>Kind regards,<br/>Example Support</p>' }, { type: 'text', value: 'Kind regards,\nExample Support' }] },
    });
    const n = await createMessage(t, admin, { ...at(d), state: { value: 'inactive' } });
    const body = ok<{ message: Message[] }>(await call(t.app, admin, 'GET', `${URL}/${n.id},${m.id},${n.id}?$attribute=all`, { lang: 'es-ES' }));
    expect(body.message.map((x) => x.id)).toEqual([n.id, m.id]);
    expect(body.message[0]!.state).toEqual({ value: 'inactive', displayValue: 'Inactivo' });
    expect(body.message[1]).toEqual({
      id: m.id,
      link: { rel: 'self', href: `${URL}/${m.id}` },
      name: m.name,
      description: 'Closing',
      department: { id: String(d.id), name: d.name },
      language: ES,
      subject: 'Re: your mail',
      // text first, then html (type order), whatever order they were sent in
      contents: { content: [{ type: 'text', value: 'Kind regards,\nExample Support' }, { type: 'html', value: '<p>Kind regards,<br/>Example Support</p>' }] },
      keywords: 'signature, closing',
      state: { value: 'active', displayValue: 'Activo' },
      lastModified: { date: m.lastModified.date, user: userOf(admin) },
      created: { date: m.lastModified.date, user: userOf(admin) },
    });
    const plain = ok<{ message: Message[] }>(await call(t.app, agent, 'GET', `${URL}/${m.id}`)).message[0]!;
    expect(Object.keys(plain)).toEqual(['id', 'link', 'name', 'department', 'language', 'subject', 'state', 'lastModified']);

    const xml = xmlOf(await call(t.app, supervisor, 'GET', `${URL}/${m.id}?$attribute=contents,keywords,description`, { fmt: 'xml' }));
    expect(xml).toEqual(
      canonicalXml(`<messages xmlns="${MSG}" xmlns:c="${COMMON}" xmlns:p="${PLATFORM}">
  <message id="${m.id}">
    <link rel="self" href="${URL}/${m.id}"/>
    <name>${m.name}</name>
    <description>Closing</description>
    <department id="${d.id}"><p:name>${d.name}</p:name></department>
    <language id="2"><code>es-es</code><label>Spanish (Spain)</label></language>
    <subject>Re: your mail</subject>
    <contents>
      <content><c:type>text</c:type><c:value>Kind regards,\nExample Support</c:value></content>
      <content><c:type>html</c:type><c:value>&lt;p&gt;Kind regards,&lt;br/&gt;Example Support&lt;/p&gt;</c:value></content>
    </contents>
    <keywords>signature, closing</keywords>
    <state><c:value>active</c:value><c:displayValue>Active</c:displayValue></state>
    <lastModified date="${m.lastModified.date}"><c:user id="${admin.name.id}"><p:name>${admin.name.name}</p:name><p:firstName>${admin.name.firstName}</p:firstName><p:lastName>${admin.name.lastName}</p:lastName></c:user></lastModified>
  </message>
</messages>`),
    );
  });

  it('refuses missing ids (404-101), bad ids (400-102), 76 ids (400-160), paging and filters (400-101), unknown $attribute (400-102)', async () => {
    const m = await createMessage(t, admin, at(await dept(t)));
    expectError(await call(t.app, admin, 'GET', `${URL}/${m.id},999999997,999999996`, { fmt: 'xml' }), '404-101', {
      details: [
        { key: 'id', value: '999999997' },
        { key: 'id', value: '999999996' },
      ],
    });
    expectError(await call(t.app, admin, 'GET', `${URL}/abc`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'abc' }] });
    expectError(await call(t.app, admin, 'GET', `${URL}/${Array.from({ length: 76 }, (_, i) => i + 1).join('%2C')}`), '400-160', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${m.id}?$pagesize=5`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${m.id}?keyword=x`), '400-101', { format: 'json' });
    expectError(await call(t.app, admin, 'GET', `${URL}/${m.id}?$attribute=subject`), '400-102', { format: 'json', details: [{ key: '$attribute', value: 'subject' }] });
  });
});

describe('the example of 07 §12', () => {
  it('creates the JSON example (read-only fields ignored) and answers it back with $attribute=all', async () => {
    const d = await dept(t);
    const example = {
      message: [
        {
          id: '2001',
          link: { rel: 'self', href: '/system/ws/v12/administration/message/2001' },
          name: 'Signature',
          department: { id: String(d.id), name: d.name },
          language: { id: '1', code: 'en-us', label: 'English (United States)' },
          state: { value: 'active', displayValue: 'Active' },
          contents: {
            content: [
              { type: 'text', value: 'Kind regards,\nExample Support' },
              { type: 'html', value: '<p>Kind regards,<br/>Example Support</p>' },
            ],
          },
          keywords: 'signature, closing',
          lastModified: { date: '2022-12-01T09:00:00.000Z' },
        },
      ],
    };
    const res = await call(t.app, admin, 'POST', `${URL}?$attribute=contents,keywords`, { body: example });
    const m = ok<{ message: Message[] }>(res, 201).message[0]!;
    expect(res.headers.location).toBe(`${URL}/${m.id}`);
    // Property order follows the field table (01 §5.2): state after keywords.
    const expected = { ...example.message[0], id: m.id, link: { rel: 'self', href: `${URL}/${m.id}` }, lastModified: { date: m.lastModified.date, user: userOf(admin) } };
    expect(m).toEqual(expected);
    expect(await readMessage(t, agent, m.id, '?$attribute=contents,keywords')).toEqual(expected);
  });
});
