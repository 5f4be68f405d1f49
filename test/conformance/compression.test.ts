// 01 §14 response compression.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { FORMATS, HELLO, T, acceptOf, ctOf, expectSystemHeaders, fixtureRoutes, tokens, type Fmt } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [fixtureRoutes]);
});
afterAll(async () => t?.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const LARGE = `${T}/activities`;

function decode(coding: string | undefined, raw: Buffer): string {
  switch (coding) {
    case 'gzip':
      return gunzipSync(raw).toString('utf8');
    case 'br':
      return brotliDecompressSync(raw).toString('utf8');
    case 'deflate':
      return inflateSync(raw).toString('utf8');
    case undefined:
      return raw.toString('utf8');
    default:
      throw new Error(`unexpected coding ${coding}`);
  }
}

const plain: Partial<Record<Fmt, string>> = {};
async function uncompressed(fmt: Fmt): Promise<string> {
  if (!plain[fmt]) {
    const res = await get(LARGE, { accept: acceptOf(fmt) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.length).toBeGreaterThan(4096);
    plain[fmt] = res.body;
  }
  return plain[fmt]!;
}

describe('01 §14 choice of coding for a large body', () => {
  const cases: [string, 'gzip' | 'br' | 'deflate'][] = [
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['deflate', 'deflate'],
    ['gzip, br, deflate', 'gzip'],
    ['deflate, br, gzip', 'gzip'],
    ['br, deflate', 'br'],
    ['deflate, br', 'br'],
    ['gzip;q=0.5, br;q=0.9', 'br'],
    ['gzip;q=0.5, deflate;q=0.8, br;q=0.7', 'deflate'],
    ['br;q=0.8, gzip;q=0.8, deflate;q=0.8', 'gzip'],
    ['deflate;q=1, br;q=1', 'br'],
    ['*', 'gzip'],
    ['br;q=0.5, *', 'gzip'],
    ['gzip;q=0, *', 'br'],
    ['gzip;q=0, br;q=0, *', 'deflate'],
    ['identity, gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['gzip;q=0.001, identity;q=0', 'gzip'],
  ];
  it.each(cases)('Accept-Encoding: %s → %s', async (ae, coding) => {
    for (const fmt of FORMATS) {
      const res = await get(LARGE, { accept: acceptOf(fmt), 'accept-encoding': ae });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(coding);
      expect(res.headers['content-type']).toBe(ctOf(fmt));
      expectSystemHeaders(res);
      expect(tokens(res.headers.vary)).toContain('accept-encoding');
      expect(decode(coding, res.rawPayload)).toBe(await uncompressed(fmt));
    }
  });

  it.each([
    ['(absent)', undefined],
    ['identity', 'identity'],
    ['identity;q=0', 'identity;q=0'],
    ['*;q=0', '*;q=0'],
    ['identity;q=0, *;q=0', 'identity;q=0, *;q=0'],
    ['gzip;q=0, identity;q=0', 'gzip;q=0, identity;q=0'],
    ['compress', 'compress'],
    ['zstd;q=1, identity;q=0', 'zstd;q=1, identity;q=0'],
    ['empty', ''],
  ])('Accept-Encoding %s → uncompressed 200, never 406', async (_n, ae) => {
    for (const fmt of FORMATS) {
      const res = await get(LARGE, { accept: acceptOf(fmt), ...(ae === undefined ? {} : { 'accept-encoding': ae }) });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body).toBe(await uncompressed(fmt));
      expectSystemHeaders(res);
    }
  });
});

describe('01 §14 what is never compressed', () => {
  // The fixture answers one item whose text holds `len` letters; the rest of the body is a fixed overhead.
  async function sizedUrlFor(fmt: Fmt, target: number): Promise<string> {
    const probe = await get(`${T}/sized?len=100`, { accept: acceptOf(fmt) });
    expect(probe.statusCode).toBe(200);
    const overhead = probe.rawPayload.length - 100;
    const url = `${T}/sized?len=${target - overhead}`;
    const check = await get(url, { accept: acceptOf(fmt) });
    expect(check.rawPayload.length).toBe(target);
    return url;
  }

  it.each(FORMATS)('a body of exactly 1,024 bytes is sent uncompressed; 1,025 bytes is compressed (%s)', async (fmt) => {
    const at1024 = await get(await sizedUrlFor(fmt, 1024), { accept: acceptOf(fmt), 'accept-encoding': 'gzip, br, deflate' });
    expect(at1024.statusCode).toBe(200);
    expect(at1024.headers['content-encoding']).toBeUndefined();
    expect(at1024.rawPayload.length).toBe(1024);
    const at1025 = await get(await sizedUrlFor(fmt, 1025), { accept: acceptOf(fmt), 'accept-encoding': 'gzip, br, deflate' });
    expect(at1025.statusCode).toBe(200);
    expect(at1025.headers['content-encoding']).toBe('gzip');
    expect(decode('gzip', at1025.rawPayload).length).toBe(1025);
  });

  it.each(FORMATS)('a small body (hello) is not compressed (%s)', async (fmt) => {
    const res = await get(HELLO, { accept: acceptOf(fmt), 'accept-encoding': 'gzip, br, deflate' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expectSystemHeaders(res);
  });

  it('a small error body is not compressed', async () => {
    const res = await get('/system/ws/v12/nothing', { 'accept-encoding': 'gzip' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toContain('404-100');
  });

  it('204 is not compressed', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: `${T}/item`, headers: { 'accept-encoding': 'gzip, br, deflate' } });
    expect(res.statusCode).toBe(204);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.length).toBe(0);
    expectSystemHeaders(res);
  });

  it('HEAD of a large GET: no body, no Content-Encoding mismatch with GET', async () => {
    const getRes = await get(LARGE, { 'accept-encoding': 'gzip' });
    const head = await t.app.inject({ method: 'HEAD', url: LARGE, headers: { 'accept-encoding': 'gzip' } });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-encoding']).toBe(getRes.headers['content-encoding']);
  });
});
