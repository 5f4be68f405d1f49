// Multipart bodies (01 §3.1, §18; 05 §9.4; 02 §3.3): framing, limits and the three ways a route reads them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { boundaryOf, fileBaseName, parseMultipart } from '../../src/platform/multipart.ts';
import { AppError } from '../../src/errors/app-error.ts';
import { getTestApp, type TestApp } from '../helpers/app.ts';

type P = { headers?: Record<string, string>; name?: string; filename?: string; body: string | Buffer };
function multipart(boundary: string, parts: P[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data${p.name ? `; name="${p.name}"` : ''}${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`;
    const headers = { 'Content-Disposition': disposition, ...(p.headers ?? {}) };
    chunks.push(Buffer.from(`--${boundary}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(p.body) ? p.body : Buffer.from(p.body));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

const expectCode = (fn: () => unknown, key: string) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).key).toBe(key);
    return;
  }
  throw new Error(`expected ${key}`);
};

describe('parseMultipart', () => {
  it('reads each part with its own headers, name, filename, type and exact bytes', () => {
    const bytes = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255]);
    const parts = parseMultipart(
      multipart('XyZ', [
        { name: 'data', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' },
        { name: 'file2', filename: 'logo.png', headers: { 'Content-Type': 'image/png', 'Content-ID': '<logo123>' }, body: bytes },
        { name: 'empty', filename: 'empty.txt', body: '' },
      ]),
      'XyZ',
    );
    expect(parts).toHaveLength(3);
    expect(parts[0]).toMatchObject({ name: 'data', contentType: 'application/json' });
    expect(parts[0]!.data.toString()).toBe('{"a":1}');
    expect(parts[1]).toMatchObject({ name: 'file2', filename: 'logo.png', contentType: 'image/png' });
    expect(parts[1]!.headers['content-id']).toBe('<logo123>');
    expect(Buffer.compare(parts[1]!.data, bytes)).toBe(0);
    expect(parts[2]!.data.length).toBe(0);
  });

  it('finds the boundary, quoted or not', () => {
    expect(boundaryOf('multipart/form-data; boundary=XyZ')).toBe('XyZ');
    expect(boundaryOf('multipart/mixed; charset=utf-8; boundary="a b:c"')).toBe('a b:c');
    expect(boundaryOf('multipart/form-data')).toBeNull();
  });

  it('keeps backslashes in a quoted filename (RFC 7578 §4.2): only \\" is an escape; filename* (UTF-8) wins', () => {
    const raw = (disposition: string) =>
      parseMultipart(Buffer.from(`--B\r\nContent-Disposition: ${disposition}\r\n\r\nx\r\n--B--\r\n`), 'B')[0]!;
    const windows = raw('form-data; name="file"; filename="C:\\Users\\x.txt"');
    expect(windows.filename).toBe('C:\\Users\\x.txt');
    expect(fileBaseName(windows.filename!)).toBe('x.txt');
    expect(raw('form-data; name="file"; filename="say \\"hi\\".txt"').filename).toBe('say "hi".txt');
    expect(raw('form-data; name="file"; filename="a\\b\\"c\\".txt"').filename).toBe('a\\b"c".txt');
    expect(raw('form-data; name="file"; filename=plain.txt').filename).toBe('plain.txt');
    expect(raw(`form-data; name="file"; filename="fallback.txt"; filename*=UTF-8''%C3%B1and%C3%BA.txt`).filename).toBe('ñandú.txt');
    expect(raw(`form-data; name="file"; filename="fallback.txt"; filename*=ISO-8859-1''%F1.txt`).filename).toBe('fallback.txt');
    expect(raw('form-data; name="da\\ta"').name).toBe('da\\ta');
    expect(fileBaseName('/home/ann/plan.txt')).toBe('plan.txt');
    expect(fileBaseName('plan.txt')).toBe('plan.txt');
  });

  it('refuses malformed framing and more than 20 parts (400-150)', () => {
    expectCode(() => parseMultipart(Buffer.from('no delimiter here'), 'XyZ'), '400-150');
    expectCode(() => parseMultipart(Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'), 'XyZ'), '400-150');
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `f${i}`, body: 'x' }));
    expectCode(() => parseMultipart(multipart('B', many), 'B'), '400-150');
    expect(parseMultipart(multipart('B', many.slice(0, 20)), 'B')).toHaveLength(20);
  });
});

const routes: FastifyPluginAsync = async (app) => {
  const echo = async (request: { body: unknown; multipart?: { files: { filename?: string; headers: Record<string, string>; data: Buffer }[] } }) =>
    JSON.stringify({
      body: request.body ?? null,
      files: (request.multipart?.files ?? []).map((f) => ({ filename: f.filename, contentId: f.headers['content-id'], size: f.data.length })),
    });
  app.post(
    '/system/ws/v12/test/inbound',
    {
      config: { public: true, body: { accepts: ['json', 'xml', 'multipart'], multipart: 'data-part' } },
      schema: { body: Type.Object({ subject: Type.String() }) },
    },
    async (request, reply) => reply.type('application/json; charset=utf-8').send(await echo(request)),
  );
  app.post(
    '/system/ws/v12/test/login',
    { config: { public: true, body: { accepts: ['json', 'xml', 'multipart'], multipart: 'fields' } } },
    async (request, reply) => reply.type('application/json; charset=utf-8').send(await echo(request)),
  );
  app.post('/system/ws/v12/test/jsononly', { config: { public: true, body: {} } }, async (_request, reply) => reply.noContent());
};

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({ ECE_MAX_MULTIPART_BYTES: String(64 * 1024) }, [routes]);
});
afterAll(async () => t?.close());

const post = (url: string, payload: Buffer, type = 'multipart/form-data; boundary=XyZ') =>
  t.app.inject({ method: 'POST', url: `/system/ws/v12/test/${url}`, headers: { 'content-type': type, accept: 'application/json' }, payload });

describe('multipart through the stack', () => {
  it("'data-part': the data part as JSON or XML (data-type, part type or sniffed), files kept with their Content-ID", async () => {
    const files: P[] = [{ name: 'file1', filename: 'logo.png', headers: { 'Content-Type': 'image/png', 'Content-ID': '<logo123>' }, body: 'PNG' }];
    for (const data of [
      { name: 'data', body: '{"subject":"Receipt"}' },
      { name: 'data', headers: { 'Content-Type': 'application/xml' }, body: '<activity><subject>Receipt</subject></activity>' },
      { name: 'data', body: '<activity><subject>Receipt</subject></activity>' },
    ]) {
      const res = await post('inbound', multipart('XyZ', [data, ...files]));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ body: { subject: 'Receipt' }, files: [{ filename: 'logo.png', contentId: '<logo123>', size: 3 }] });
    }
    const typed = await post('inbound', multipart('XyZ', [{ name: 'data-type', body: 'application/json' }, { name: 'data', body: '{"subject":"S"}' }]));
    expect(typed.json().body).toEqual({ subject: 'S' });
    // A data part sent as a file (a Blob in FormData, `curl -F data=@body.json`) is still the activity, not a file.
    const asFile = await post('inbound', multipart('XyZ', [{ name: 'data', filename: 'blob', headers: { 'Content-Type': 'application/json' }, body: '{"subject":"F"}' }, ...files]));
    expect(asFile.json()).toEqual({ body: { subject: 'F' }, files: [{ filename: 'logo.png', contentId: '<logo123>', size: 3 }] });
  });

  it("'data-part': a missing data part is 400-153 and the data part is validated like a JSON body", async () => {
    expect((await post('inbound', multipart('XyZ', [{ name: 'other', body: 'x' }]))).json()).toMatchObject({ code: '400-153', details: [{ key: 'data' }] });
    expect((await post('inbound', multipart('XyZ', [{ name: 'data', body: '{"nosubject":1}' }]))).json()).toMatchObject({ code: '400-153', details: [{ key: 'subject' }] });
    expect((await post('inbound', multipart('XyZ', [{ name: 'data', body: '{bad json' }]))).json().code).toBe('400-150');
  });

  it("'fields': form fields as a flat object (customer login)", async () => {
    const res = await post('login', multipart('XyZ', [{ name: 'userName', body: 'ann' }, { name: 'password', body: 'pw' }]));
    expect(res.json().body).toEqual({ userName: 'ann', password: 'pw' });
  });

  it('limits: total size → 413-100 with the multipart limit; a missing boundary → 400-150; a route without multipart → 415-100', async () => {
    const big = await post('inbound', multipart('XyZ', [{ name: 'data', body: '{"subject":"s"}' }, { name: 'f', filename: 'big.bin', body: Buffer.alloc(70 * 1024) }]));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: '413-100', details: [{ key: 'limit', value: String(64 * 1024) }] });
    expect((await post('inbound', multipart('XyZ', [{ name: 'data', body: '{}' }]), 'multipart/form-data')).json().code).toBe('400-150');
    expect((await post('jsononly', multipart('XyZ', [{ name: 'data', body: '{}' }]))).json().code).toBe('415-100');
    expect((await post('inbound', multipart('XyZ', [{ name: 'data', body: '{}' }]), 'multipart/mixed; boundary=XyZ')).json().code).toBe('415-100');
  });
});

describe('form bodies (01 §3.1, §18)', () => {
  it('are read as a flat object where the route accepts them, and refused (415-100) elsewhere', async () => {
    const app = await getTestApp({}, [
      async (a) => {
        a.post('/system/ws/v12/test/form', { config: { public: true, body: { accepts: ['json', 'form'] } } }, async (request, reply) =>
          reply.type('application/json; charset=utf-8').send(JSON.stringify(request.body)),
        );
      },
    ]);
    try {
      const form = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      const ok = await app.app.inject({ method: 'POST', url: '/system/ws/v12/test/form', headers: form, payload: 'grant_type=client_credentials&client_id=a%2Bb' });
      expect(ok.json()).toEqual({ grant_type: 'client_credentials', client_id: 'a+b' });
      const big = await app.app.inject({ method: 'POST', url: '/system/ws/v12/test/form', headers: form, payload: `x=${'a'.repeat(70 * 1024)}` });
      expect(big.json()).toMatchObject({ code: '413-100', details: [{ key: 'limit', value: String(64 * 1024) }] });
      const refused = await app.app.inject({ method: 'POST', url: '/system/ws/v12/test/inbound', headers: form, payload: 'a=b' });
      expect(refused.statusCode).toBe(404);
      const elsewhere = await t.app.inject({ method: 'POST', url: '/system/ws/v12/test/jsononly', headers: form, payload: 'a=b' });
      expect(elsewhere.json().code).toBe('415-100');
    } finally {
      await app.close();
    }
  });
});
