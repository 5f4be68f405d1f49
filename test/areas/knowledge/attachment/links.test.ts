// K24–K27 and K29 of 06 §7: link attachments (add, edit), reading an article's attachments (list, by ids) and
// unlinking; JSON and XML; every documented error.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { attachmentsOfArticles } from '../../../../src/areas/knowledge/attachment/attachment.queries.ts';
import { sha256Of } from '../../../../src/content-store/content-store.ts';
import {
  ATTACHMENT,
  KB,
  call,
  canonicalXml,
  child,
  createdOne,
  customerSession,
  expectError,
  filePart,
  kids,
  multipart,
  newArticle,
  noContent,
  ok,
  q,
  upload,
  world,
  xmlOf,
  type AttachmentView,
  type World,
} from './support.ts';

type Page = { link: { rel: string; href: string }; attachment: AttachmentView[]; paginationInfo: { count: number; pagenum: number; pagesize: number; link?: { rel: string; href: string }[] } };

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
});
afterAll(async () => t?.close());

const external = (articleId: string) => `${ATTACHMENT}/external?article=${articleId}`;
const addLinks = (articleId: string, body: unknown, who = w.agent) => call(t.app, who, 'POST', external(articleId), { body });
const addFile = async (articleId: string, bytes: Buffer | string = randomBytes(20), fileName = 'f.bin') =>
  createdOne(await upload(t, w.agent, `?article=${articleId}`, multipart([filePart(bytes, fileName)])));
const unlink = (articleId: string, ids: string, who = w.agent, fmt: 'json' | 'xml' = 'json') =>
  call(t.app, who, 'DELETE', `${KB}/article/${articleId}/~link/kb/attachment/${ids}`, { fmt });
const count = (articleId: string) => t.db.prisma.kbAttachment.count({ where: { articleId: BigInt(articleId) } });

function createdMany(res: Awaited<ReturnType<typeof addLinks>>, n: number): AttachmentView[] {
  const body = ok<{ attachment: AttachmentView[] }>(res, 201);
  expect(body.attachment).toHaveLength(n);
  expect(res.headers.location).toBe(`${ATTACHMENT}/${body.attachment[0]!.id}`);
  return body.attachment;
}

describe('K24 add links', () => {
  it('the §7 example → 201, Location of the first, the link in the default set (no file fields)', async () => {
    const a = await newArticle(t, w);
    const [link] = createdMany(await addLinks(a.id, { attachment: [{ name: 'Password policy', url: 'https://intranet.example.com/policies/password' }] }), 1);
    const row = await t.db.prisma.kbAttachment.findUniqueOrThrow({ where: { id: BigInt(link!.id) } });
    expect(link).toEqual({
      id: String(row.id),
      link: { rel: 'self', href: `${ATTACHMENT}/${row.id}` },
      type: { value: 'external', displayValue: 'Link' },
      name: 'Password policy',
      article: { id: a.id, link: { rel: 'article', href: `${KB}/article/${a.id}` } },
      url: 'https://intranet.example.com/policies/password',
      created: { date: row.createdAt.toISOString(), user: w.agent.ref },
    });
  });

  it('bare object, several in one list (in order), XML <attachments> and a single <attachment> root', async () => {
    const a = await newArticle(t, w);
    createdMany(await addLinks(a.id, { name: 'Bare', url: 'http://example.com' }), 1);
    const two = createdMany(await addLinks(a.id, { attachment: [{ name: 'One', url: 'https://a.example/1' }, { name: 'Two', url: 'https://a.example/2?x=1&y=2#f' }] }), 2);
    expect(two.map((l) => l.name)).toEqual(['One', 'Two']);
    expect(two[1]!.url).toBe('https://a.example/2?x=1&y=2#f');
    const res = await call(t.app, w.agent, 'POST', external(a.id), {
      fmt: 'xml',
      xml: '<attachments xmlns="http://bindings.egain.com/ws/model/v12/gen/kb"><attachment><name>X1</name><url>https://x.example/1</url></attachment><attachment><name>X2</name><url> https://x.example/2 </url></attachment></attachments>',
    });
    const xml = xmlOf(res, 201);
    const items = kids(xml, q('kb', 'attachment'));
    expect(items.map((i) => child(i, q('kb', 'url')).text)).toEqual(['https://x.example/1', 'https://x.example/2']);
    expect(res.headers.location).toBe(`${ATTACHMENT}/${items[0]!.attrs.id}`);
    expect(child(child(items[0]!, q('kb', 'type')), q('cmn', 'displayValue')).text).toBe('Link');
    expect((await call(t.app, w.agent, 'POST', external(a.id), { xml: '<attachment><name>S</name><url>https://s.example</url></attachment>' })).statusCode).toBe(201);
    expect(await count(a.id)).toBe(6);
  });

  it('400-153 missing name or url, 400-152 bad url or name (JSON and XML); all or nothing; 400-160 over 75 items', async () => {
    const a = await newArticle(t, w);
    expectError(await addLinks(a.id, { url: 'https://x.example' }), '400-153', { format: 'json', details: [{ key: 'attachment[0].name', value: '' }] });
    expectError(await addLinks(a.id, { name: 'x' }), '400-153', { format: 'json', details: [{ key: 'attachment[0].url', value: '' }] });
    expectError(await addLinks(a.id, { attachment: [{ name: 'ok', url: 'https://ok.example' }, { name: 'x', url: '  ' }] }), '400-153', {
      format: 'json',
      details: [{ key: 'attachment[1].url', value: '' }],
    });
    for (const url of ['ftp://files.example/x', '/relative/path', 'intranet', 'https://', 'javascript:alert(1)', 'https://a b.example', `https://x.example/${'p'.repeat(1990)}`]) {
      expectError(await addLinks(a.id, { name: 'x', url }), '400-152', { format: 'json', details: [{ key: 'attachment[0].url', value: url.trim().slice(0, 255) }] });
    }
    createdMany(await addLinks(a.id, { name: 'max', url: `https://x.example/${'p'.repeat(1981)}` }), 1);
    expectError(await addLinks(a.id, { name: 'n'.repeat(256), url: 'https://x.example' }), '400-152', { format: 'json' });
    expectError(await addLinks(a.id, { name: { a: 1 }, url: 'https://x.example' }), '400-152', { format: 'json', details: [{ key: 'attachment[0].name', value: '' }] });
    expectError(await call(t.app, w.agent, 'POST', external(a.id), { xml: '<attachment><name>x</name><url>mailto:a@b.c</url></attachment>', fmt: 'xml' }), '400-152', {
      details: [{ key: 'attachment[0].url', value: 'mailto:a@b.c' }],
    });
    expectError(await call(t.app, w.agent, 'POST', external(a.id), { xml: '<attachment><url>https://x.example</url></attachment>', fmt: 'xml' }), '400-153');
    const many = Array.from({ length: 76 }, (_, i) => ({ name: `L${i}`, url: `https://x.example/${i}` }));
    expectError(await addLinks(a.id, { attachment: many }), '400-160', { format: 'json' });
    expectError(await addLinks(a.id, { attachment: [] }), '400-153', { format: 'json', details: [{ key: 'attachment', value: '' }] });
    expectError(await call(t.app, w.agent, 'POST', external(a.id), { headers: { 'content-type': 'application/json' } }), '400-150', { format: 'json' });
    expect(await count(a.id)).toBe(1);
  });

  it('400-160 when the article would hold more than 75; 400-112, 400-102, 404-101, 403-197 (JSON and XML)', async () => {
    const a = await newArticle(t, w);
    const links = (n: number, from = 0) => ({ attachment: Array.from({ length: n }, (_, i) => ({ name: `L${from + i}`, url: `https://x.example/${from + i}` })) });
    createdMany(await addLinks(a.id, links(70)), 70);
    expectError(await addLinks(a.id, links(6, 70)), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }], message: 'Too many items supplied: 76. The maximum is 75.' });
    createdMany(await addLinks(a.id, links(5, 70)), 5);
    expectError(await call(t.app, w.agent, 'POST', external(a.id), { xml: '<attachment><name>x</name><url>https://x.example</url></attachment>', fmt: 'xml' }), '400-160');
    expect(await count(a.id)).toBe(75);
    const body = { name: 'x', url: 'https://x.example' };
    expectError(await call(t.app, w.agent, 'POST', `${ATTACHMENT}/external`, { body }), '400-112', { format: 'json', details: [{ key: 'article', value: '' }] });
    expectError(await call(t.app, w.agent, 'POST', `${ATTACHMENT}/external?article=${a.alternateId}`, { body }), '400-102', { format: 'json' });
    expectError(await addLinks('99999999999', body), '404-101', { format: 'json', details: [{ key: 'id', value: '99999999999' }] });
    expectError(await call(t.app, w.agent, 'POST', external('99999999999'), { xml: '<attachment><name>x</name><url>https://x.example</url></attachment>', fmt: 'xml' }), '404-101');
    const customer = await customerSession(t, w.admin);
    expectError(await addLinks(a.id, body, customer as never), '403-197', { format: 'json' });
  });
});

describe('K25 edit links', () => {
  it('204 without $attribute; 200 with the changed links with it; name and url are optional (JSON and XML)', async () => {
    const a = await newArticle(t, w);
    const [one, two] = createdMany(await addLinks(a.id, { attachment: [{ name: 'One', url: 'https://one.example' }, { name: 'Two', url: 'https://two.example' }] }), 2);
    noContent(await call(t.app, w.agent, 'PUT', `${ATTACHMENT}/external`, { body: { attachment: [{ id: one!.id, name: 'One renamed' }, { id: Number(two!.id), url: 'http://two.example/new' }] } }));
    const rows = await t.db.prisma.kbAttachment.findMany({ where: { articleId: BigInt(a.id) }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.name, r.url])).toEqual([
      ['One renamed', 'https://one.example'],
      ['Two', 'http://two.example/new'],
    ]);
    const answer = ok<{ attachment: AttachmentView[] }>(await call(t.app, w.agent, 'PUT', `${ATTACHMENT}/external?$attribute=`, { body: { id: one!.id, url: 'https://one.example/v2' } }));
    expect(answer.attachment).toHaveLength(1);
    expect(answer.attachment[0]).toMatchObject({ id: one!.id, name: 'One renamed', url: 'https://one.example/v2' });
    const xml = xmlOf(
      await call(t.app, w.agent, 'PUT', `${ATTACHMENT}/external?$attribute=all`, {
        fmt: 'xml',
        xml: `<attachments xmlns="http://bindings.egain.com/ws/model/v12/gen/kb"><attachment id="${two!.id}"><name>Two (XML)</name></attachment></attachments>`,
      }),
    );
    expect(child(child(xml, q('kb', 'attachment')), q('kb', 'name')).text).toBe('Two (XML)');
    noContent(await call(t.app, w.agent, 'PUT', `${ATTACHMENT}/external`, { fmt: 'xml', xml: `<attachment><id>${two!.id}</id><url>https://two.example/xml</url></attachment>` }), 'xml');
    expect((await t.db.prisma.kbAttachment.findUniqueOrThrow({ where: { id: BigInt(two!.id) } })).url).toBe('https://two.example/xml');
  });

  it('404-101 names every unknown id; a file → 400-152; nothing changes on any error', async () => {
    const a = await newArticle(t, w);
    const [link] = createdMany(await addLinks(a.id, { name: 'L', url: 'https://l.example' }), 1);
    const file = await addFile(a.id);
    const put = (body: unknown, fmt: 'json' | 'xml' = 'json') => call(t.app, w.agent, 'PUT', `${ATTACHMENT}/external`, { body, fmt });
    expectError(await put({ attachment: [{ id: link!.id, name: 'changed' }, { id: '99999999998' }, { id: '99999999999' }] }), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: '99999999998' },
        { key: 'id', value: '99999999999' },
      ],
    });
    expectError(await put({ id: '99999999999', name: 'x' }, 'xml'), '404-101', { details: [{ key: 'id', value: '99999999999' }] });
    expectError(await put({ attachment: [{ id: link!.id, name: 'changed' }, { id: file.id, name: 'file' }] }), '400-152', {
      format: 'json',
      details: [{ key: 'attachment[1].id', value: file.id }],
    });
    expectError(await put({ id: file.id, url: 'https://x.example' }, 'xml'), '400-152');
    expect((await t.db.prisma.kbAttachment.findUniqueOrThrow({ where: { id: BigInt(link!.id) } })).name).toBe('L');
  });

  it('400-153 without id, 400-152 alternate/bad id, cleared name or url, bad url; 400-160; 403-197', async () => {
    const a = await newArticle(t, w);
    const [link] = createdMany(await addLinks(a.id, { name: 'L', url: 'https://l.example' }), 1);
    const put = (body: unknown) => call(t.app, w.agent, 'PUT', `${ATTACHMENT}/external`, { body });
    expectError(await put({ name: 'x' }), '400-153', { format: 'json', details: [{ key: 'attachment[0].id', value: '' }] });
    expectError(await put({ id: 'EG12' }), '400-152', { format: 'json', details: [{ key: 'attachment[0].id', value: 'EG12' }] });
    expectError(await put({ id: link!.id, name: '' }), '400-152', { format: 'json', details: [{ key: 'attachment[0].name', value: '' }] });
    expectError(await put({ id: link!.id, name: null }), '400-152', { format: 'json' });
    expectError(await put({ id: link!.id, url: '' }), '400-152', { format: 'json', details: [{ key: 'attachment[0].url', value: '' }] });
    expectError(await put({ id: link!.id, url: 'file:///etc/passwd' }), '400-152', { format: 'json' });
    expectError(await call(t.app, w.agent, 'PUT', `${ATTACHMENT}/external`, { xml: `<attachment id="${link!.id}"><name/></attachment>`, fmt: 'xml' }), '400-152');
    expectError(await put({ attachment: Array.from({ length: 76 }, () => ({ id: link!.id })) }), '400-160', { format: 'json' });
    expectError(await call(t.app, w.agent, 'PUT', `${ATTACHMENT}/external?article=${a.id}`, { body: { id: link!.id } }), '400-101', { format: 'json' });
    const customer = await customerSession(t, w.admin);
    expectError(await call(t.app, customer, 'PUT', `${ATTACHMENT}/external`, { body: { id: link!.id, name: 'x' } }), '403-197', { format: 'json' });
    expect((await t.db.prisma.kbAttachment.findUniqueOrThrow({ where: { id: BigInt(link!.id) } })).name).toBe('L');
  });
});

describe('K26 list an article’s attachments', () => {
  it('the K26 XML example: files and links by id, article@id only, paginationInfo in common', async () => {
    const a = await newArticle(t, w);
    const file = createdOne(
      await upload(
        t,
        w.agent,
        `?article=${a.id}`,
        multipart([
          { name: 'entity', data: '{"name":"Reset guide"}' },
          { name: 'FILE', filename: 'reset-guide.pdf', contentType: 'application/pdf', data: randomBytes(48213) },
        ]),
      ),
    );
    const [link] = createdMany(await addLinks(a.id, { name: 'Password policy', url: 'https://intranet.example.com/policies/password' }), 1);
    const rows = await t.db.prisma.kbAttachment.findMany({ where: { articleId: BigInt(a.id) }, orderBy: { id: 'asc' } });
    const xml = xmlOf(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.id}`, { fmt: 'xml' }));
    const user = `<ns2:user id="${w.agent.ref.id}"><ns3:name>${w.agent.ref.name}</ns3:name><ns3:firstName>Test</ns3:firstName><ns3:lastName>User</ns3:lastName></ns2:user>`;
    const expected = `<attachments xmlns="http://bindings.egain.com/ws/model/v12/gen/kb" xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common" xmlns:ns3="http://bindings.egain.com/ws/model/v12/gen/platform">
      <link rel="self" href="${ATTACHMENT}?article=${a.id}"/>
      <attachment id="${file.id}"><link rel="self" href="${ATTACHMENT}/${file.id}"/>
        <type><ns2:value>internal</ns2:value><ns2:displayValue>File</ns2:displayValue></type>
        <name>Reset guide</name><article id="${a.id}"/><fileName>reset-guide.pdf</fileName><contentType>application/pdf</contentType><size>48213</size>
        <created date="${rows[0]!.createdAt.toISOString()}">${user}</created></attachment>
      <attachment id="${link!.id}"><link rel="self" href="${ATTACHMENT}/${link!.id}"/>
        <type><ns2:value>external</ns2:value><ns2:displayValue>Link</ns2:displayValue></type>
        <name>Password policy</name><article id="${a.id}"/><url>https://intranet.example.com/policies/password</url>
        <created date="${rows[1]!.createdAt.toISOString()}">${user}</created></attachment>
      <ns2:paginationInfo><ns2:count>2</ns2:count><ns2:pagenum>1</ns2:pagenum><ns2:pagesize>25</ns2:pagesize></ns2:paginationInfo>
    </attachments>`;
    expect(xml).toEqual(canonicalXml(expected.replace(/>\s+</g, '><')));
  });

  it('by alternate id, `version` ignored, $attribute=contentUrl on files only, paging and $order; 204 when none', async () => {
    const a = await newArticle(t, w);
    noContent(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.id}`));
    noContent(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.alternateId}`, { fmt: 'xml' }), 'xml');
    const file = await addFile(a.id);
    const links = createdMany(await addLinks(a.id, { attachment: [{ name: 'A', url: 'https://a.example' }, { name: 'B', url: 'https://b.example' }] }), 2);
    const page = ok<Page>(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.alternateId.toLowerCase()}&version=123&$attribute=contentUrl&$lang=es-ES`));
    expect(page.attachment.map((x) => x.id)).toEqual([file.id, links[0]!.id, links[1]!.id]);
    expect(page.attachment[0]!.contentUrl).toBe(`${ATTACHMENT}/${file.id}/content`);
    expect(page.attachment[1]!.contentUrl).toBeUndefined();
    expect(page.paginationInfo).toEqual({ count: 3, pagenum: 1, pagesize: 25 });
    const all = ok<Page>(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.id}&$attribute=all`));
    expect(all.attachment[0]!.contentUrl).toBeDefined();
    expect(ok<Page>(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.id}`)).attachment[0]!.contentUrl).toBeUndefined();
    const p1 = ok<Page>(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.id}&$pagesize=2`));
    expect(p1.attachment.map((x) => x.id)).toEqual([file.id, links[0]!.id]);
    const next = p1.paginationInfo.link!.find((l) => l.rel === 'next')!.href;
    expect(ok<Page>(await call(t.app, w.agent, 'GET', next)).attachment.map((x) => x.id)).toEqual([links[1]!.id]);
    const desc = ok<Page>(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.id}&$sort=id&$order=desc`));
    expect(desc.attachment.map((x) => x.id)).toEqual([links[1]!.id, links[0]!.id, file.id]);
    noContent(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.id}&$pagenum=2`));
  });

  it('400-112 without article, 404-101 unknown article, 400-102 bad version or $attribute, 400-101, 403-197 (JSON and XML)', async () => {
    expectError(await call(t.app, w.agent, 'GET', ATTACHMENT), '400-112', { format: 'json', details: [{ key: 'article', value: '' }] });
    expectError(await call(t.app, w.agent, 'GET', ATTACHMENT, { fmt: 'xml' }), '400-112');
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=nosuch`), '404-101', { format: 'json', details: [{ key: 'id', value: 'nosuch' }] });
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=99999999999`, { fmt: 'xml' }), '404-101');
    const a = await newArticle(t, w);
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.id}&version=v1`), '400-102', { format: 'json', details: [{ key: 'version', value: 'v1' }] });
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.id}&$attribute=url`), '400-102', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=${a.id}&folder=1`), '400-101', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}?article=`), '400-102', { format: 'json' });
    const customer = await customerSession(t, w.admin);
    expectError(await call(t.app, customer, 'GET', `${ATTACHMENT}?article=${a.id}`, { fmt: 'xml' }), '403-197');
  });
});

describe('K27 attachments by ids', () => {
  it('in the order given, duplicates removed; optional article (numeric or alternate) that matches; es-ES labels', async () => {
    const a = await newArticle(t, w);
    const file = await addFile(a.id);
    const [link] = createdMany(await addLinks(a.id, { name: 'L', url: 'https://l.example' }), 1);
    const body = ok<{ attachment: AttachmentView[] }>(await call(t.app, w.agent, 'GET', `${ATTACHMENT}/${link!.id},${file.id},${link!.id}?article=${a.alternateId}`));
    expect(body.attachment.map((x) => x.id)).toEqual([link!.id, file.id]);
    expect(Object.keys(body)).toEqual(['attachment']);
    const es = ok<{ attachment: AttachmentView[] }>(await call(t.app, w.agent, 'GET', `${ATTACHMENT}/${file.id}%2C${link!.id}?$attribute=contentUrl`, { lang: 'es-ES' }));
    expect(es.attachment.map((x) => x.type.displayValue)).toEqual(['Archivo', 'Enlace']);
    expect(es.attachment[0]!.contentUrl).toBe(`${ATTACHMENT}/${file.id}/content`);
    const xml = xmlOf(await call(t.app, w.agent, 'GET', `${ATTACHMENT}/${file.id}?article=${a.id}`, { fmt: 'xml' }));
    expect(xml.name).toBe(q('kb', 'attachments'));
    expect(kids(xml, q('kb', 'link'))).toHaveLength(0);
  });

  it('404-101 for unknown ids, for an attachment of another article, and for an unknown article; 400-102, 400-160, 400-101', async () => {
    const a = await newArticle(t, w);
    const b = await newArticle(t, w);
    const mine = await addFile(a.id);
    const theirs = await addFile(b.id);
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}/${mine.id},99999999999`), '404-101', { format: 'json', details: [{ key: 'id', value: '99999999999' }] });
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}/${mine.id},${theirs.id}?article=${a.id}`), '404-101', { format: 'json', details: [{ key: 'id', value: theirs.id }] });
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}/${theirs.id}?article=${a.id}`, { fmt: 'xml' }), '404-101', { details: [{ key: 'id', value: theirs.id }] });
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}/${mine.id}?article=nosuch`), '404-101', { format: 'json', details: [{ key: 'id', value: 'nosuch' }] });
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}/x`), '400-102', { format: 'json', details: [{ key: 'ids', value: 'x' }] });
    const ids = Array.from({ length: 76 }, (_, i) => String(i + 1)).join(',');
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}/${ids}`), '400-160', { format: 'json' });
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}/${mine.id}?$pagesize=5`), '400-101', { format: 'json' });
    const customer = await customerSession(t, w.admin);
    expectError(await call(t.app, customer, 'GET', `${ATTACHMENT}/${mine.id}`), '403-197', { format: 'json' });
  });
});

describe('K29 unlink', () => {
  it('deletes the listed attachments of the article (204), bytes with the last reference; other attachments stay', async () => {
    const a = await newArticle(t, w);
    const bytes = randomBytes(50);
    const f1 = await addFile(a.id, bytes, 'a.bin');
    const f2 = await addFile(a.id, bytes, 'b.bin');
    const [link] = createdMany(await addLinks(a.id, { name: 'L', url: 'https://l.example' }), 1);
    const content = () => t.db.prisma.storedContent.findUnique({ where: { sha256: new Uint8Array(sha256Of(bytes)) } });
    expect((await content())?.refCount).toBe(2);
    noContent(await unlink(a.id, `${f1.id},${link!.id}`));
    expect((await content())?.refCount).toBe(1);
    expect(await count(a.id)).toBe(1);
    noContent(await unlink(a.id, f2.id, w.agent, 'xml'), 'xml');
    expect(await content()).toBeNull();
    expect(await count(a.id)).toBe(0);
    expectError(await call(t.app, w.agent, 'GET', `${ATTACHMENT}/${f2.id}/content`, { headers: { accept: 'application/json' } }), '404-101', { format: 'json' });
  });

  it('404-101 for attachments of another article or unknown ones (nothing deleted) and for an unknown article', async () => {
    const a = await newArticle(t, w);
    const b = await newArticle(t, w);
    const mine = await addFile(a.id);
    const theirs = await addFile(b.id);
    expectError(await unlink(a.id, `${mine.id},${theirs.id},99999999999`), '404-101', {
      format: 'json',
      details: [
        { key: 'id', value: theirs.id },
        { key: 'id', value: '99999999999' },
      ],
    });
    expectError(await unlink(a.id, theirs.id, w.agent, 'xml'), '404-101', { details: [{ key: 'id', value: theirs.id }] });
    expectError(await unlink('99999999999', mine.id), '404-101', { format: 'json', details: [{ key: 'id', value: '99999999999' }] });
    expect(await count(a.id)).toBe(1);
    expect(await count(b.id)).toBe(1);
  });

  it('400-102 alternate article id or bad attachment id, 400-160, 400-101; 403-197 customer; every staff role may unlink', async () => {
    const a = await newArticle(t, w);
    const file = await addFile(a.id);
    expectError(await unlink(a.alternateId, file.id), '400-102', { format: 'json', details: [{ key: 'id', value: a.alternateId }] });
    expectError(await unlink(a.id, 'abc', w.agent, 'xml'), '400-102', { details: [{ key: 'attachmentIds', value: 'abc' }] });
    expectError(await unlink(a.id, Array.from({ length: 76 }, (_, i) => String(i + 1)).join(',')), '400-160', { format: 'json' });
    expectError(await call(t.app, w.agent, 'DELETE', `${KB}/article/${a.id}/~link/kb/attachment/${file.id}?$attribute=all`), '400-101', { format: 'json' });
    const customer = await customerSession(t, w.admin);
    expectError(await unlink(a.id, file.id, customer as never), '403-197', { format: 'json' });
    expect(await count(a.id)).toBe(1);
    noContent(await unlink(a.id, file.id, w.supervisor));
    const again = await addFile(a.id);
    noContent(await unlink(a.id, again.id, w.admin));
  });
});

describe('the article attachments group (attachmentsOfArticles)', () => {
  it('answers every attachment of each article by id; articles without attachments are absent', async () => {
    const a = await newArticle(t, w);
    const b = await newArticle(t, w);
    const c = await newArticle(t, w);
    const file = await addFile(a.id);
    const [link] = createdMany(await addLinks(a.id, { name: 'L', url: 'https://l.example' }), 1);
    const other = await addFile(b.id, 'text', 't.txt');
    const map = await attachmentsOfArticles(t.db, [BigInt(a.id), BigInt(b.id), BigInt(c.id)]);
    expect(map.get(BigInt(a.id))!.map((r) => String(r.id))).toEqual([file.id, link!.id]);
    expect(map.get(BigInt(a.id))![1]).toMatchObject({ kind: 'external', url: 'https://l.example', size: null });
    expect(map.get(BigInt(b.id))![0]).toMatchObject({ id: BigInt(other.id), kind: 'internal', fileName: 't.txt', size: 4, author: w.agent.ref });
    expect(map.has(BigInt(c.id))).toBe(false);
  });
});
