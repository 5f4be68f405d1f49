// V17–V19 attachments (05 §5.4, §9.15) and attachments in V1 (`$attribute=attachments`, `embedInlineAttachment`):
// exact bytes (binary, empty, 25 MiB), one stored copy per distinct content, one-time URLs (used once, expired,
// wrong), sessions and customer sessions, JSON and XML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../../../helpers/app.ts';
import { createDepartment } from '../../../helpers/auth.ts';
import { expectError } from '../../../conformance/support.ts';
import { sha256Of } from '../../../../src/content-store/content-store.ts';
import {
  ACTIVITY,
  NS,
  created,
  customerSession,
  data,
  emailWorld,
  noContent,
  ok,
  post,
  read,
  sender,
  staff,
  xmlOf,
  type AttachmentJson,
  type EmailWorld,
  type Part,
  type Staff,
} from './support.ts';

const TTL = 5;
let t: TestApp;
let w: EmailWorld;
let outsider: Staff;
/** Milliseconds the server clock runs ahead (expiry without waiting). */
let offset = 0;

beforeAll(async () => {
  t = await getTestApp({ ECE_ATTACHMENT_URL_TTL_SECONDS: String(TTL) }, [], { clock: () => new Date(Date.now() + offset) });
  w = await emailWorld(t);
  outsider = await staff(t, ['agent'], { departmentId: (await createDepartment(t.db)).id });
});
afterAll(async () => t?.close());

const inbound = (from = sender(), html?: string) => ({
  department: { name: w.dept.name },
  type: { value: 'email', subtype: { value: 'general' } },
  subject: 'Files',
  payload: { email: { ...(html ? { contents: { content: [{ type: 'html', value: html }] } } : {}), emailAddresses: { from, receiver: w.alias.address } } },
});
const file = (name: string, bytes: Buffer | string, contentType?: string, headers?: Record<string, string>): Part => ({
  name: `f-${name}`,
  filename: name,
  ...(contentType ? { contentType } : {}),
  ...(headers ? { headers } : {}),
  data: bytes,
});
/** An inbound email with these files; answers the activity with its attachments. */
async function withFiles(files: Part[], opts: { from?: string; html?: string } = {}) {
  return created(await post(t, w.admin, data(inbound(opts.from, opts.html), files), { query: '?$attribute=attachments' }));
}

const get = (who: { headers: Record<string, string> } | null, url: string, accept = 'application/json') =>
  t.app.inject({ method: 'GET', url, headers: { accept, ...(who?.headers ?? {}) } });
const list = (who: { headers: Record<string, string> } | null, id: string, query = '') => get(who, `${ACTIVITY}/${id}/attachment${query}`);
const one = (who: { headers: Record<string, string> } | null, id: string, att: string, query = '', accept?: string) => get(who, `${ACTIVITY}/${id}/attachment/${att}${query}`, accept);
const content = (who: { headers: Record<string, string> } | null, url: string, accept = 'image/*') => get(who, url, accept);
const contentUrl = async (who: { headers: Record<string, string> }, id: string, att: string) =>
  ok<{ attachment: AttachmentJson[] }>(await one(who, id, att, '?$attribute=contentUrl')).attachment[0]!.contentUrl!;

const everyByte = Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256));

describe('V17 list', () => {
  it('every attachment by id without contentUrl (JSON, XML); 204 without attachments; 404-101 for unknown or invisible activities', async () => {
    const a = await withFiles([file('b.txt', 'bbb', 'text/plain'), file('a.bin', everyByte)]);
    const body = ok<{ attachment: AttachmentJson[] }>(await list(w.agent, a.id));
    expect(body.attachment).toEqual(a.attachments!.attachment);
    expect(body.attachment.map((x) => x.fileName)).toEqual(['b.txt', 'a.bin']);
    expect(Number(body.attachment[0]!.id)).toBeLessThan(Number(body.attachment[1]!.id));
    expect(body.attachment[1]).toEqual({
      id: body.attachment[1]!.id,
      link: { rel: 'self', href: `${ACTIVITY}/${a.id}/attachment/${body.attachment[1]!.id}` },
      fileName: 'a.bin',
      contentType: 'application/octet-stream',
      size: 1024,
      isInline: false,
      isBlocked: false,
    });
    const xml = xmlOf(await get(w.agent, `${ACTIVITY}/${a.id}/attachment`, 'application/xml'));
    expect(xml.name).toBe(`{${NS.att}}attachments`);
    expect(xml.children.map((c) => [c.name, c.attrs.id])).toEqual(body.attachment.map((x) => [`{${NS.att}}attachment`, x.id]));
    expect(xml.children[0]!.children.map((c) => c.name)).toEqual(['link', 'fileName', 'contentType', 'size', 'isInline', 'isBlocked'].map((n) => `{${NS.att}}${n}`));

    const plain = created(await post(t, w.admin, { json: { ...inbound(), payload: { email: { contents: { content: [{ type: 'text', value: 'x' }] }, emailAddresses: { from: sender(), receiver: w.alias.address } } } } }));
    noContent(await list(w.agent, plain.id));
    expectError(await list(w.agent, '999999999'), '404-101', { format: 'json', details: [{ key: 'id', value: '999999999' }] });
    expectError(await list(outsider, a.id), '404-101', { format: 'json' });
    expectError(await list(w.agent, a.id, '?$attribute=all'), '400-101', { format: 'json' });
    expectError(await list(null, a.id), '401-101', { format: 'json' });
  });
});

describe('V18 one attachment', () => {
  it('always a list of one; contentUrl only with $attribute=contentUrl or all; other $attribute → 400-102; wrong activity → 404-101', async () => {
    const a = await withFiles([file('receipt.pdf', '%PDF', 'application/pdf')]);
    const b = await withFiles([file('other.txt', 'x')]);
    const att = a.attachments!.attachment[0]!;
    expect(ok<{ attachment: AttachmentJson[] }>(await one(w.agent, a.id, att.id)).attachment).toEqual([att]);
    for (const q of ['?$attribute=contentUrl', '?$attribute=all']) {
      const withUrl = ok<{ attachment: AttachmentJson[] }>(await one(w.agent, a.id, att.id, q)).attachment[0]!;
      expect(withUrl).toEqual({ ...att, contentUrl: expect.stringMatching(new RegExp(`^${ACTIVITY}/${a.id}/attachment/${att.id}/content\\?token=[A-Za-z0-9_-]{22,}$`)) });
    }
    const xml = xmlOf(await one(w.agent, a.id, att.id, '?$attribute=contentUrl', 'application/xml'));
    expect(xml.name).toBe(`{${NS.att}}attachments`);
    const item = xml.children[0]!;
    expect(item.attrs.id).toBe(att.id);
    expect(item.children.map((c) => c.name.replace(`{${NS.att}}`, ''))).toEqual(['link', 'fileName', 'contentType', 'size', 'isInline', 'isBlocked', 'contentUrl']);
    // Only hashes are stored.
    const token = new URL(item.children.at(-1)!.text!, 'http://x').searchParams.get('token')!;
    const stored = await t.db.prisma.attachmentUrlToken.findMany({ where: { attachmentId: BigInt(att.id) } });
    expect(stored.some((s) => Buffer.from(s.tokenHash).equals(sha256Of(Buffer.from(token))))).toBe(true);
    expect(stored.some((s) => Buffer.from(s.tokenHash).toString() === token)).toBe(false);

    expectError(await one(w.agent, a.id, att.id, '?$attribute=fileName'), '400-102', { format: 'json' });
    expectError(await one(w.agent, b.id, att.id), '404-101', { format: 'json', details: [{ key: 'id', value: att.id }] });
    expectError(await one(w.agent, a.id, '999999999'), '404-101', { format: 'json' });
    expectError(await one(outsider, a.id, att.id), '404-101', { format: 'json', details: [{ key: 'id', value: a.id }] });
  });
});

describe('V19 download', () => {
  it('with a session: the exact bytes whatever Accept says, with type, length, disposition (filename*), no-store', async () => {
    const name = 'résumé "v2".bin';
    const a = await withFiles([
      { name: 'f', headers: { 'Content-Disposition': `form-data; name="f"; filename="${name.replace(/"/g, '\\"')}"`, 'Content-Type': 'application/x-thing' }, data: everyByte },
      file('empty.txt', Buffer.alloc(0), 'text/plain'),
    ]);
    const [bin, empty] = a.attachments!.attachment;
    expect(bin).toMatchObject({ fileName: name, size: 1024 });
    expect(empty).toMatchObject({ fileName: 'empty.txt', size: 0 });
    for (const accept of ['image/*', 'application/json', 'text/html', 'application/pdf']) {
      const res = await content(w.agent, `${ACTIVITY}/${a.id}/attachment/${bin!.id}/content`, accept);
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      expect(res.rawPayload.equals(everyByte)).toBe(true);
    }
    const res = await content(w.agent, `${ACTIVITY}/${a.id}/attachment/${bin!.id}/content`);
    expect(res.headers).toMatchObject({
      'content-type': 'application/x-thing',
      'content-length': '1024',
      'cache-control': 'no-store',
      'content-disposition': `attachment; filename="resume \\"v2\\".bin"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v2%22.bin`,
      'x-egain-session': w.agent.headers['x-egain-session'],
    });
    const zero = await content(w.agent, `${ACTIVITY}/${a.id}/attachment/${empty!.id}/content`);
    expect(zero.statusCode).toBe(200);
    expect(zero.rawPayload.length).toBe(0);
    expect(zero.headers['content-length']).toBe('0');
    expect(zero.headers['content-disposition']).toBe(`attachment; filename="empty.txt"; filename*=UTF-8''empty.txt`);
    const head = await t.app.inject({ method: 'HEAD', url: `${ACTIVITY}/${a.id}/attachment/${bin!.id}/content`, headers: w.agent.headers });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe('1024');
    expect((await t.app.inject({ method: 'HEAD', url: `${ACTIVITY}/${a.id}/attachment/${bin!.id}/content` })).statusCode).toBe(401);
    // Without a token a session is needed; it must see the activity.
    expectError(await content(null, `${ACTIVITY}/${a.id}/attachment/${bin!.id}/content`, 'application/json'), '401-101', { format: 'json' });
    expectError(await content(outsider, `${ACTIVITY}/${a.id}/attachment/${bin!.id}/content`, 'application/json'), '404-101', { format: 'json' });
    // Errors follow the usual negotiation: XML when Accept names neither format.
    expectError(await content(w.agent, `${ACTIVITY}/${a.id}/attachment/999999999/content`), '404-101');
    expectError(await content(w.agent, `${ACTIVITY}/${a.id}/attachment/${bin!.id}/content?x=1`, 'application/json'), '400-101', { format: 'json' });
  });

  it('with a token: no session, one successful download; used, wrong, foreign or expired tokens → 404-101; HEAD does not use it up', async () => {
    const a = await withFiles([file('t.bin', everyByte)]);
    const b = await withFiles([file('u.bin', 'u')]);
    const att = a.attachments!.attachment[0]!;
    const url = await contentUrl(w.agent, a.id, att.id);
    const head = await t.app.inject({ method: 'HEAD', url });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe('1024');
    expect(head.body).toBe('');
    // A token sent with another activity's path is refused and not used up.
    expectError(await content(null, url.replace(`/activity/${a.id}/`, `/activity/${b.id}/`), 'application/json'), '404-101', { format: 'json' });
    const first = await content(null, url);
    expect(first.statusCode).toBe(200);
    expect(first.rawPayload.equals(everyByte)).toBe(true);
    expect(first.headers['x-egain-session']).toBeUndefined();
    expectError(await content(null, url, 'application/json'), '404-101', { format: 'json', details: [{ key: 'id', value: att.id }] });
    // A session sent with a token is ignored: the used token stays used.
    expectError(await content(w.agent, url, 'application/json'), '404-101', { format: 'json' });
    expectError(await content(null, `${url.slice(0, url.indexOf('=') + 1)}AAAAAAAAAAAAAAAAAAAAAA`, 'application/json'), '404-101', { format: 'json' });
    // An empty token is a wrong token (05 §9.15), with or without `=`; no session is asked for.
    const bare = url.slice(0, url.indexOf('?'));
    for (const empty of [`${bare}?token=`, `${bare}?token`, `${bare}?&token=&`]) {
      expectError(await content(null, empty, 'application/json'), '404-101', { format: 'json', details: [{ key: 'id', value: att.id }] });
    }
    expect((await t.app.inject({ method: 'HEAD', url: `${bare}?token=` })).statusCode).toBe(404);
    // What 01 §7.2 puts before existence still comes first: other parameters, a repeated token, a malformed path id.
    expectError(await content(null, `${bare}?token=&x=1`, 'application/json'), '400-101', { format: 'json' });
    expectError(await content(null, `${bare}?token=&token=`, 'application/json'), '400-104', { format: 'json' });
    expectError(await content(null, `${ACTIVITY}/x/attachment/${att.id}/content?token=`, 'application/json'), '400-102', { format: 'json', details: [{ key: 'id', value: 'x' }] });
    expectError(await content(null, `${ACTIVITY}/${a.id}/attachment/0/content?token=`, 'application/json'), '400-102', { format: 'json', details: [{ key: 'attachmentId', value: '0' }] });
    // Every call issues a new token; each works once.
    const [u1, u2] = [await contentUrl(w.agent, a.id, att.id), await contentUrl(w.agent, a.id, att.id)];
    expect(u1).not.toBe(u2);
    expect((await content(null, u2)).statusCode).toBe(200);
    expect((await content(null, u1)).statusCode).toBe(200);
    // Expiry: ECE_ATTACHMENT_URL_TTL_SECONDS after issue.
    const soon = await contentUrl(w.agent, a.id, att.id);
    const late = await contentUrl(w.agent, a.id, att.id);
    offset += (TTL - 1) * 1000;
    expect((await content(null, soon)).statusCode).toBe(200);
    offset += 2000;
    expectError(await content(null, late, 'application/json'), '404-101', { format: 'json' });
    // Parallel downloads with one token: exactly one succeeds.
    const race = await contentUrl(w.agent, a.id, att.id);
    const answers = await Promise.all(Array.from({ length: 4 }, () => content(null, race)));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 404, 404, 404]);
  });

  it('customer sessions read their own activities’ attachments, not others’ nor unsent drafts', async () => {
    const session = await customerSession(t, w.admin);
    const own = await withFiles([file('mine.txt', 'mine')], { from: session.email });
    const theirs = await withFiles([file('theirs.txt', 'theirs')]);
    const att = own.attachments!.attachment[0]!;
    expect(ok<{ attachment: AttachmentJson[] }>(await list(session, own.id)).attachment).toHaveLength(1);
    const url = await contentUrl(session, own.id, att.id);
    expect((await content(null, url)).rawPayload.toString()).toBe('mine');
    expect((await content(session, `${ACTIVITY}/${own.id}/attachment/${att.id}/content`)).rawPayload.toString()).toBe('mine');
    expectError(await list(session, theirs.id), '404-101', { format: 'json' });
    const draft = created(
      await post(
        t,
        w.agent,
        data({ department: { name: w.dept.name }, type: { value: 'email', subtype: { value: 'compose' } }, subject: 'draft', payload: { email: { emailAddresses: { to: { address: session.email } } } } }, [file('d.txt', 'd')]),
      ),
    );
    expect(draft.customer.id).toBe(own.customer.id);
    expectError(await list(session, draft.id), '404-101', { format: 'json' });
    expect(ok<{ attachment: AttachmentJson[] }>(await list(w.agent, draft.id)).attachment).toHaveLength(1);
  });
});

describe('content store and limits', () => {
  it('the same bytes twice (one email and another) → one stored_content row with a reference per attachment', async () => {
    const bytes = Buffer.concat([Buffer.from(`unique ${sender()}`), everyByte]);
    const sha = sha256Of(bytes);
    const a = await withFiles([file('one.bin', bytes), file('two.bin', bytes)]);
    await withFiles([file('three.bin', bytes)]);
    const rows = await t.db.prisma.storedContent.findMany({ where: { sha256: new Uint8Array(sha) } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.refCount).toBe(3);
    expect(a.attachments!.attachment.map((x) => x.fileName)).toEqual(['one.bin', 'two.bin']);
    for (const x of a.attachments!.attachment) expect((await content(w.agent, `${ACTIVITY}/${a.id}/attachment/${x.id}/content`)).rawPayload.equals(bytes)).toBe(true);
  });

  it('a 25 MiB file round-trips exactly; one byte more → 413-100 (01 §18), nothing written', async () => {
    const big = Buffer.alloc(25 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE((i * 2654435761) >>> 0, i);
    const a = await withFiles([file('big.bin', big, 'application/octet-stream')]);
    const att = a.attachments!.attachment[0]!;
    expect(att.size).toBe(big.length);
    const res = await content(null, await contentUrl(w.agent, a.id, att.id));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe(String(big.length));
    expect(sha256Of(res.rawPayload).equals(sha256Of(big))).toBe(true);

    const before = await t.db.prisma.activity.count();
    const tooBig = await post(t, w.admin, data(inbound(), [file('huge.bin', Buffer.alloc(25 * 1024 * 1024 + 1))]));
    expectError(tooBig, '413-100', { format: 'json', details: [{ key: 'limit', value: String(25 * 1024 * 1024) }] });
    expect(await t.db.prisma.activity.count()).toBe(before);
  }, 120_000);
});

describe('attachments in V1', () => {
  it('$attribute=attachments (also in XML: <attachments><att:attachment>); embedInlineAttachment=yes inlines cid: references', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    const a = await withFiles([file('logo.png', png, 'image/png', { 'Content-ID': '<logo123>' }), file('doc.txt', 'doc')], {
      html: '<p>Hi</p><img src="cid:logo123"><img src="cid:missing">',
    });
    const v = await read(t, w.agent, a.id, 'attachments');
    expect(v.attachments!.attachment.map((x) => [x.fileName, x.isInline, x.contentId])).toEqual([
      ['logo.png', true, 'logo123'],
      ['doc.txt', false, undefined],
    ]);
    expect(v.payload).toBeUndefined();
    const xml = xmlOf(await get(w.agent, `${ACTIVITY}/${a.id}?$attribute=attachments`, 'application/xml'));
    const atts = xml.children[0]!.children.find((c) => c.name === `{${NS.act}}attachments`)!;
    expect(atts.children.map((c) => c.name)).toEqual([`{${NS.att}}attachment`, `{${NS.att}}attachment`]);
    expect(atts.children[0]!.children.find((c) => c.name === `{${NS.att}}contentId`)!.text).toBe('logo123');

    const stored = await read(t, w.agent, a.id, 'payload');
    expect(stored.payload!.email.contents!.content[0]!.value).toBe('<p>Hi</p><img src="cid:logo123"><img src="cid:missing">');
    const embedded = await read(t, w.agent, a.id, 'payload', '&embedInlineAttachment=yes');
    expect(embedded.payload!.email.contents!.content[0]!.value).toBe(`<p>Hi</p><img src="data:image/png;base64,${png.toString('base64')}"><img src="cid:missing">`);
    expect(embedded.payload!.email.alias).toEqual({ id: String(w.alias.id), name: w.alias.name });
  });
});
