// K23 upload (multipart/form-data and multipart/mixed, XML and JSON entity parts) and K28 download (exact bytes,
// headers, no Accept negotiation) of knowledge file attachments (06 §7, §3.4); every documented error.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
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
  multipart,
  newArticle,
  noContent,
  q,
  staff,
  upload,
  world,
  xmlOf,
  type AttachmentView,
  type Staff,
  type World,
} from './support.ts';

let t: TestApp;
let w: World;
let jenny: Staff;
beforeAll(async () => {
  t = await getTestApp();
  w = await world(t);
  jenny = await staff(t, ['agent'], { departmentId: w.dept.id, firstName: 'Jenny', lastName: 'Anthony' });
});
afterAll(async () => t?.close());

const xmlEntity = (name: string) => `<attachment xmlns="http://bindings.egain.com/ws/model/v12/gen/kb"><name>${name}</name></attachment>`;
const contentOf = (id: string, headers: Record<string, string> = {}, who: { headers: Record<string, string> } | null = w.agent) =>
  t.app.inject({ method: 'GET', url: `${ATTACHMENT}/${id}/content`, headers: { ...(who?.headers ?? {}), ...headers } });
const stored = (bytes: Buffer) => t.db.prisma.storedContent.findUnique({ where: { sha256: new Uint8Array(sha256Of(bytes)) } });

/** Every byte value, 0x00 and 0xFF included, then random bytes. */
const binary = () => Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]), randomBytes(3000)]);

describe('K23 upload', () => {
  it('the §7 example: form-data, XML entity, FILE part → 201, Location, the attachment as in the example', async () => {
    const a = await newArticle(t, w);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(48204)]);
    const body = multipart([
      { name: 'entity', contentType: 'application/xml', data: xmlEntity('Reset guide') },
      { name: 'FILE', filename: 'reset-guide.pdf', contentType: 'application/pdf', data: pdf },
    ]);
    const att = createdOne(await upload(t, jenny, `?article=${a.id}&$lang=en-us`, body));
    const row = await t.db.prisma.kbAttachment.findUniqueOrThrow({ where: { id: BigInt(att.id) } });
    expect(att).toEqual({
      id: String(row.id),
      link: { rel: 'self', href: `${KB}/attachment/${row.id}` },
      type: { value: 'internal', displayValue: 'File' },
      name: 'Reset guide',
      article: { id: a.id, link: { rel: 'article', href: `${KB}/article/${a.id}` } },
      fileName: 'reset-guide.pdf',
      contentType: 'application/pdf',
      size: 48213,
      created: { date: row.createdAt.toISOString(), user: { id: jenny.ref.id, name: jenny.ref.name, firstName: 'Jenny', lastName: 'Anthony' } },
    });
    expect(Object.keys(att)).toEqual(['id', 'link', 'type', 'name', 'article', 'fileName', 'contentType', 'size', 'created']);
    const res = await contentOf(att.id);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(pdf)).toBe(true);
  });

  it('multipart/mixed with a JSON entity {"attachment":{…}}, answered in XML: kb elements, type in common, article@id only', async () => {
    const a = await newArticle(t, w);
    const body = multipart(
      [
        { name: 'entity', contentType: 'application/json; charset=UTF-8', data: JSON.stringify({ attachment: { name: 'Mixed upload' } }) },
        { name: 'FILE', filename: 'notes.txt', contentType: 'text/plain', data: 'hello' },
      ],
      'mixed',
    );
    const res = await upload(t, w.agent, `?article=${a.id}`, body, 'xml');
    const xml = xmlOf(res, 201);
    const att = child(xml, q('kb', 'attachment'));
    const id = att.attrs.id!;
    expect(res.headers.location).toBe(`${ATTACHMENT}/${id}`);
    const row = await t.db.prisma.kbAttachment.findUniqueOrThrow({ where: { id: BigInt(id) } });
    const expected = `<attachments xmlns="http://bindings.egain.com/ws/model/v12/gen/kb" xmlns:ns2="http://bindings.egain.com/ws/model/v12/gen/common" xmlns:ns3="http://bindings.egain.com/ws/model/v12/gen/platform">
      <attachment id="${id}"><link rel="self" href="${ATTACHMENT}/${id}"/>
        <type><ns2:value>internal</ns2:value><ns2:displayValue>File</ns2:displayValue></type>
        <name>Mixed upload</name><article id="${a.id}"/><fileName>notes.txt</fileName><contentType>text/plain</contentType><size>5</size>
        <created date="${row.createdAt.toISOString()}"><ns2:user id="${w.agent.ref.id}"><ns3:name>${w.agent.ref.name}</ns3:name><ns3:firstName>Test</ns3:firstName><ns3:lastName>User</ns3:lastName></ns2:user></created>
      </attachment></attachments>`;
    expect(xml).toEqual(canonicalXml(expected.replace(/>\s+</g, '><')));
  });

  it('entity parts sniffed when untyped (XML and bare JSON); no entity → name = file name; es-ES display value', async () => {
    const a = await newArticle(t, w);
    const sniffXml = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([{ name: 'entity', data: `  \n${xmlEntity('From XML')}` }, filePart('x', 'a.bin')])));
    expect(sniffXml.name).toBe('From XML');
    const sniffJson = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([{ name: 'entity', data: '{"name":"From JSON"}' }, filePart('x', 'b.bin')])));
    expect(sniffJson.name).toBe('From JSON');
    const mixedJson = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([{ name: 'entity', data: '{"name":"Mixed JSON"}' }, filePart('x', 'b2.bin')], 'mixed')));
    expect(mixedJson.name).toBe('Mixed JSON');
    const mixedXml = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([{ name: 'entity', contentType: 'text/xml', data: xmlEntity('Mixed XML') }, filePart('x', 'b3.bin')], 'mixed')));
    expect(mixedXml.name).toBe('Mixed XML');
    const blankName = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([{ name: 'entity', data: '{"name":""}' }, filePart('x', 'c.bin')])));
    expect(blankName.name).toBe('c.bin');
    const none = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([filePart('x', 'report.csv', 'text/csv')])));
    expect(none).toMatchObject({ name: 'report.csv', fileName: 'report.csv', contentType: 'text/csv', size: 1 });
    const es = multipart([filePart('x', 'es.bin')]);
    const esRes = await t.app.inject({
      method: 'POST',
      url: `${ATTACHMENT}/internal?article=${a.id}`,
      headers: { ...w.agent.headers, accept: 'application/json', 'accept-language': 'es-ES', 'content-type': es.contentType },
      payload: es.payload,
    });
    expect(createdOne(esRes).type).toEqual({ value: 'internal', displayValue: 'Archivo' });
  });

  it('the FILE part: name matched case-insensitively, else the first part with a filename; defaults for file name and type', async () => {
    const a = await newArticle(t, w);
    const lower = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([{ name: 'file', filename: 'lower.txt', contentType: 'text/plain', data: 'abc' }])));
    expect(lower.fileName).toBe('lower.txt');
    const firstWithName = createdOne(
      await upload(
        t,
        w.agent,
        `?article=${a.id}`,
        multipart([
          { name: 'comment', data: 'not a file' },
          { name: 'upload', filename: 'picked.txt', contentType: 'text/plain', data: 'picked' },
          { name: 'other', filename: 'second.txt', data: 'second' },
        ]),
      ),
    );
    expect(firstWithName).toMatchObject({ fileName: 'picked.txt', size: 6 });
    const defaults = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([{ name: 'FILE', data: 'no filename, no type' }])));
    expect(defaults).toMatchObject({ name: 'attachment', fileName: 'attachment', contentType: 'application/octet-stream', size: 20 });
    const path = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([filePart('x', 'C:\\Users\\ann\\plan.txt', 'text/plain')])));
    expect(path.fileName).toBe('plan.txt');
    const mixed = createdOne(
      await upload(t, w.agent, `?article=${a.id}`, multipart([{ headers: { 'Content-Disposition': 'attachment; filename="m.dat"' }, contentType: 'application/x-m', data: 'mm' }], 'mixed')),
    );
    expect(mixed).toMatchObject({ fileName: 'm.dat', contentType: 'application/x-m' });
  });

  it('binary round trip: every byte value (0x00, 0xFF, CRLF, --) comes back exactly, with its headers (JSON and XML answers)', async () => {
    const a = await newArticle(t, w);
    const bytes = binary();
    const att = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([filePart(bytes, 'blob.bin', 'application/octet-stream')])));
    expect(att.size).toBe(bytes.length);
    const res = await contentOf(att.id);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(bytes)).toBe(true);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.headers['content-disposition']).toBe('attachment; filename="blob.bin"');
    expect(res.headers['x-egain-session']).toBe(w.agent.headers['x-egain-session']);
    const xmlRes = await upload(t, w.agent, `?article=${a.id}`, multipart([filePart(bytes, 'again.bin')], 'mixed'), 'xml');
    const id = child(xmlOf(xmlRes, 201), q('kb', 'attachment')).attrs.id!;
    expect((await contentOf(id, { accept: 'application/xml' })).rawPayload.equals(bytes)).toBe(true);
  });

  it('a 5 MB file round trips; over kbAttachmentMaxBytes (lowered through the settings) → 413-100 (JSON and XML)', async () => {
    const a = await newArticle(t, w);
    const big = randomBytes(5 * 1024 * 1024);
    const att = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([filePart(big, 'big.bin')])));
    expect(att.size).toBe(big.length);
    const res = await contentOf(att.id, { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.equals(big)).toBe(true);

    const setting = (value: number | null) => call(t.app, w.admin, 'PUT', '/system/ws/v12/administration/setting', { body: { setting: [{ name: 'kbAttachmentMaxBytes', value }] } });
    noContent(await setting(2048));
    try {
      createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([filePart(randomBytes(2048), 'limit.bin')])));
      expectError(await upload(t, w.agent, `?article=${a.id}`, multipart([filePart(randomBytes(2049), 'over.bin')])), '413-100', {
        format: 'json',
        details: [{ key: 'limit', value: '2048' }],
        message: 'The request body exceeds the limit of 2048 bytes.',
      });
      expectError(await upload(t, w.agent, `?article=${a.id}`, multipart([filePart(randomBytes(4096), 'over.bin')], 'mixed'), 'xml'), '413-100', { details: [{ key: 'limit', value: '2048' }] });
    } finally {
      noContent(await setting(null));
    }
    expect(await t.db.prisma.kbAttachment.count({ where: { articleId: BigInt(a.id) } })).toBe(2);
  });

  it('the same bytes attached twice are stored once (ref_count 2); unlinking frees them with the last reference', async () => {
    const a = await newArticle(t, w);
    const b = await newArticle(t, w);
    const bytes = randomBytes(1000);
    const one = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([filePart(bytes, 'one.bin')])));
    const two = createdOne(await upload(t, w.agent, `?article=${b.id}`, multipart([filePart(bytes, 'two.bin', 'image/png')], 'mixed')));
    expect(await t.db.prisma.storedContent.count({ where: { sha256: new Uint8Array(sha256Of(bytes)) } })).toBe(1);
    expect((await stored(bytes))?.refCount).toBe(2);
    noContent(await call(t.app, w.agent, 'DELETE', `${KB}/article/${a.id}/~link/kb/attachment/${one.id}`));
    expect((await stored(bytes))?.refCount).toBe(1);
    const still = await contentOf(two.id);
    expect(still.headers['content-type']).toBe('image/png');
    expect(still.rawPayload.equals(bytes)).toBe(true);
    noContent(await call(t.app, w.agent, 'DELETE', `${KB}/article/${b.id}/~link/kb/attachment/${two.id}`));
    expect(await stored(bytes)).toBeNull();
  });

  it('$attribute=contentUrl adds the download path; the upload leaves the article stamp unchanged', async () => {
    const a = await newArticle(t, w);
    const before = await t.db.prisma.kbArticle.findUniqueOrThrow({ where: { id: BigInt(a.id) } });
    const att = createdOne(await upload(t, w.agent, `?article=${a.id}&$attribute=contentUrl`, multipart([filePart('x')])));
    expect(att.contentUrl).toBe(`${ATTACHMENT}/${att.id}/content`);
    const after = await t.db.prisma.kbArticle.findUniqueOrThrow({ where: { id: BigInt(a.id) } });
    expect(after.lastModifiedAt).toEqual(before.lastModifiedAt);
  });

  it('400-152 empty file or bad entity values; 400-153 no file part; 400-150 malformed multipart or entity (JSON and XML)', async () => {
    const a = await newArticle(t, w);
    const up = (parts: Parameters<typeof multipart>[0], fmt: 'json' | 'xml' = 'json', subtype: 'form-data' | 'mixed' = 'form-data') =>
      upload(t, w.agent, `?article=${a.id}`, multipart(parts, subtype), fmt);
    expectError(await up([filePart(Buffer.alloc(0), 'empty.txt')]), '400-152', { format: 'json', details: [{ key: 'FILE', value: '' }] });
    expectError(await up([filePart(Buffer.alloc(0), 'empty.txt')], 'xml', 'mixed'), '400-152');
    expectError(await up([{ name: 'entity', data: xmlEntity('only metadata') }]), '400-153', { format: 'json', details: [{ key: 'FILE', value: '' }] });
    expectError(await up([{ name: 'comment', data: 'no file here' }], 'xml'), '400-153', { details: [{ key: 'FILE', value: '' }] });
    expectError(await up([{ name: 'entity', data: `{"name":"${'n'.repeat(256)}"}` }, filePart('x')]), '400-152', { format: 'json' });
    expectError(await up([{ name: 'entity', data: '{"name":{"x":1}}' }, filePart('x')]), '400-152', { format: 'json', details: [{ key: 'name', value: '' }] });
    expectError(await up([{ name: 'entity', data: '{"name":"bell\\u0007"}' }, filePart('x')]), '400-152', { format: 'json' });
    expectError(await up([filePart('x', 'x.bin', 'not a type')]), '400-152', { format: 'json', details: [{ key: 'contentType', value: 'not a type' }] });
    expectError(await up([{ name: 'entity', contentType: 'application/json', data: '{"name":' }, filePart('x')]), '400-150', { format: 'json' });
    expectError(await up([{ name: 'entity', contentType: 'application/xml', data: '<attachment><name>x</attachment>' }, filePart('x')], 'xml'), '400-150');
    expectError(await up([{ name: 'entity', data: '<!DOCTYPE x><attachment/>' }, filePart('x')]), '400-150', { format: 'json' });
    const broken = await t.app.inject({
      method: 'POST',
      url: `${ATTACHMENT}/internal?article=${a.id}`,
      headers: { ...w.agent.headers, accept: 'application/json', 'content-type': 'multipart/form-data; boundary=abc' },
      payload: '--abc\r\nContent-Disposition: form-data; name="FILE"\r\n\r\nno closing delimiter',
    });
    expectError(broken, '400-150', { format: 'json' });
    expect(await t.db.prisma.kbAttachment.count({ where: { articleId: BigInt(a.id) } })).toBe(0);
  });

  it('415-100 for a body that is not multipart (JSON, XML, text); 400-112 without article; 400-102 alternate id; 400-101', async () => {
    const a = await newArticle(t, w);
    expectError(await call(t.app, w.agent, 'POST', `${ATTACHMENT}/internal?article=${a.id}`, { body: { name: 'x' } }), '415-100', { format: 'json' });
    expectError(await call(t.app, w.agent, 'POST', `${ATTACHMENT}/internal?article=${a.id}`, { xml: xmlEntity('x'), fmt: 'xml' }), '415-100', {
      details: [{ key: 'Content-Type', value: 'application/xml' }],
    });
    const text = await t.app.inject({ method: 'POST', url: `${ATTACHMENT}/internal?article=${a.id}`, headers: { ...w.agent.headers, 'content-type': 'text/plain' }, payload: 'bytes' });
    expectError(text, '415-100', { details: [{ key: 'Content-Type', value: 'text/plain' }] });
    const body = multipart([filePart('x')]);
    expectError(await upload(t, w.agent, '', body), '400-112', { format: 'json', details: [{ key: 'article', value: '' }] });
    expectError(await upload(t, w.agent, '', body, 'xml'), '400-112', { details: [{ key: 'article', value: '' }] });
    expectError(await upload(t, w.agent, `?article=${a.alternateId}`, body), '400-102', { format: 'json', details: [{ key: 'article', value: a.alternateId }] });
    expectError(await upload(t, w.agent, `?article=${a.id}&version=1`, body), '400-101', { format: 'json', details: [{ key: 'version', value: '1' }] });
    expectError(await upload(t, w.agent, `?article=${a.id}&$attribute=size`, body), '400-102', { format: 'json' });
  });

  it('404-101 unknown article; 403-197 customer session; 400-160 when the article already has 75 attachments', async () => {
    const body = () => multipart([filePart('x')]);
    expectError(await upload(t, w.agent, '?article=99999999999', body()), '404-101', { format: 'json', details: [{ key: 'id', value: '99999999999' }] });
    expectError(await upload(t, w.agent, '?article=99999999999', body(), 'xml'), '404-101', { details: [{ key: 'id', value: '99999999999' }] });
    const a = await newArticle(t, w);
    const customer = await customerSession(t, w.admin);
    expectError(await upload(t, customer, `?article=${a.id}`, body()), '403-197', { format: 'json' });
    expectError(await upload(t, customer, `?article=${a.id}`, body(), 'xml'), '403-197');
    const links = Array.from({ length: 74 }, (_, i) => ({ name: `L${i}`, url: `https://example.com/${i}` }));
    expect((await call(t.app, w.agent, 'POST', `${ATTACHMENT}/external?article=${a.id}`, { body: { attachment: links } })).statusCode).toBe(201);
    createdOne(await upload(t, w.agent, `?article=${a.id}`, body()));
    expectError(await upload(t, w.agent, `?article=${a.id}`, body()), '400-160', { format: 'json', details: [{ key: 'limit', value: '75' }] });
    expectError(await upload(t, w.agent, `?article=${a.id}`, body(), 'xml'), '400-160');
    expect(await t.db.prisma.kbAttachment.count({ where: { articleId: BigInt(a.id) } })).toBe(75);
  });
});

describe('K28 download', () => {
  it('no Accept negotiation: any Accept gets the bytes; non-ASCII names use filename* (RFC 6266); HEAD has the headers only', async () => {
    const a = await newArticle(t, w);
    const name = 'résumé – 履歴書 "v2".txt';
    const bytes = Buffer.from('contenu', 'utf8');
    const att = createdOne(
      await upload(
        t,
        w.agent,
        `?article=${a.id}`,
        multipart([{ headers: { 'Content-Disposition': `form-data; name="FILE"; filename="${name.replace(/"/g, '\\"')}"` }, contentType: 'text/plain; charset=utf-8', data: bytes }]),
      ),
    );
    expect(att.fileName).toBe(name);
    for (const accept of ['application/pdf', 'image/*', 'application/json', 'application/xml', 'text/html;q=0.1']) {
      const res = await contentOf(att.id, { accept });
      expect(res.statusCode, accept).toBe(200);
      expect(res.rawPayload.equals(bytes)).toBe(true);
    }
    const res = await contentOf(att.id);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="resume _ ___ \\"v2\\".txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E2%80%93%20%E5%B1%A5%E6%AD%B4%E6%9B%B8%20%22v2%22.txt`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const head = await t.app.inject({ method: 'HEAD', url: `${ATTACHMENT}/${att.id}/content`, headers: w.agent.headers });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(head.headers['content-length']).toBe(String(bytes.length));
    // The filename* parameter of the part (RFC 5987) wins over the plain one.
    const ext = createdOne(
      await upload(
        t,
        w.agent,
        `?article=${a.id}`,
        multipart([{ headers: { 'Content-Disposition': `form-data; name="FILE"; filename="fallback.txt"; filename*=UTF-8''%C3%B1and%C3%BA.txt` }, data: 'x' }]),
      ),
    );
    expect(ext.fileName).toBe('ñandú.txt');
    expect((await contentOf(ext.id)).headers['content-disposition']).toBe(`attachment; filename="nandu.txt"; filename*=UTF-8''%C3%B1and%C3%BA.txt`);
  });

  it('a link → 409-102 with the §11 reason (en-US, es-ES); unknown → 404-101: JSON or XML per Accept, XML when it names neither', async () => {
    const a = await newArticle(t, w);
    const link = createdOne(await call(t.app, w.agent, 'POST', `${ATTACHMENT}/external?article=${a.id}`, { body: { name: 'Policy', url: 'https://example.com/p' } }));
    const reason = `The current state of resource ${link.id} does not allow this action: the attachment is a link and has no content.`;
    expectError(await contentOf(link.id, { accept: 'application/json' }), '409-102', { format: 'json', details: [{ key: 'id', value: link.id }], message: reason });
    expectError(await contentOf(link.id, { accept: 'application/pdf' }), '409-102', { details: [{ key: 'id', value: link.id }] });
    expectError(await contentOf(link.id, { accept: 'application/json', 'accept-language': 'es-ES' }), '409-102', {
      format: 'json',
      lang: 'es-ES',
      message: `El estado actual del recurso ${link.id} no permite esta acción: el adjunto es un enlace y no tiene contenido.`,
    });
    expectError(await contentOf('99999999999', { accept: 'application/json' }), '404-101', { format: 'json', details: [{ key: 'id', value: '99999999999' }] });
    expectError(await contentOf('99999999999', { accept: 'image/png' }), '404-101', { details: [{ key: 'id', value: '99999999999' }] });
    expectError(await contentOf('99999999999'), '404-101');
  });

  it('400-102 bad id, 400-101 unknown parameter, 403-197 customer session, legacy 401 without a session', async () => {
    const a = await newArticle(t, w);
    const att = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([filePart('x')])));
    expectError(await contentOf('abc', { accept: 'application/json' }), '400-102', { format: 'json', details: [{ key: 'id', value: 'abc' }] });
    expectError(await t.app.inject({ method: 'GET', url: `${ATTACHMENT}/${att.id}/content?$attribute=all`, headers: w.agent.headers }), '400-101');
    expect((await t.app.inject({ method: 'GET', url: `${ATTACHMENT}/${att.id}/content?$lang=en-US`, headers: w.agent.headers })).statusCode).toBe(200);
    const customer = await customerSession(t, w.admin);
    expectError(await contentOf(att.id, { accept: 'application/json' }, customer), '403-197', { format: 'json' });
    expectError(await contentOf(att.id, {}, customer), '403-197');
    const res = await contentOf(att.id, {}, null);
    expect(res.statusCode).toBe(401);
    const legacy = canonicalXml(res.body);
    expect(legacy.name).toBe(q('plt', 'Error'));
    expect(child(legacy, q('plt', 'message')).text).toBe('User could not be authenticated. Invalid session ID.');
    expect(res.headers['x-egain-session']).toBeUndefined();
  });

  it('every role may read: supervisor and administrator download what an agent uploaded', async () => {
    const a = await newArticle(t, w);
    const att: AttachmentView = createdOne(await upload(t, w.agent, `?article=${a.id}`, multipart([filePart('shared')])));
    for (const who of [w.supervisor, w.admin]) expect((await contentOf(att.id, {}, who)).body).toBe('shared');
  });
});
