// 01 §3.1 rules 3 and 4 on a route whose body is optional (`config.body.required: false`, as K4 close): a blank body
// is no body whatever its Content-Type, a non-blank one is read and refused as anywhere else; a required body still
// answers 400-150 when blank.
import { Readable } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, type TestApp } from '../helpers/app.ts';
import { T, expectError } from '../conformance/support.ts';

const routes: FastifyPluginAsync = async (app) => {
  const answer = (body: unknown) => ({ present: body !== undefined, body: body ?? null });
  app.put(
    `${T}/optional`,
    { config: { public: true, body: { resource: { key: 'case', mode: 'single' }, required: false, accepts: ['json', 'xml', 'multipart', 'form'] } }, schema: { hide: true } },
    async (request) => answer(request.body),
  );
  app.put(
    `${T}/required`,
    { config: { public: true, body: { resource: { key: 'case', mode: 'single' }, accepts: ['json', 'xml', 'multipart', 'form'] } }, schema: { hide: true } },
    async (request) => answer(request.body),
  );
};

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [routes]);
});
afterAll(async () => t?.close());

const put = (path: string, type: string | undefined, payload: string | Readable) =>
  t.app.inject({ method: 'PUT', url: `${T}/${path}`, headers: { accept: 'application/json', ...(type ? { 'content-type': type } : {}) }, payload });

const types = [
  'application/json',
  'application/xml',
  'text/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=XyZ',
  'text/plain',
  'application/json; charset=iso-8859-1',
];

describe('optional body (01 §3.1)', () => {
  it.each(types)('%s with an empty or whitespace body → no body', async (type) => {
    for (const payload of ['', '  \r\n\t']) {
      const res = await put('optional', type, payload);
      expect(res.statusCode, `${JSON.stringify(payload)}: ${res.body}`).toBe(200);
      expect(res.json()).toEqual({ present: false, body: null });
    }
  });

  it('an empty streamed body of another type → no body; a non-empty one → 415-100', async () => {
    const empty = await put('optional', 'text/plain', Readable.from([]));
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toEqual({ present: false, body: null });
    expectError(await put('optional', 'text/plain', Readable.from(['  ', 'x'])), '415-100', { format: 'json', details: [{ key: 'Content-Type', value: 'text/plain' }] });
  });

  it('a body that is not blank is read as usual', async () => {
    expect((await put('optional', 'application/json', '{"lastModified":{"date":"x"}}')).json()).toEqual({ present: true, body: { lastModified: { date: 'x' } } });
    expect((await put('optional', 'application/xml', '<case/>')).json()).toEqual({ present: true, body: {} });
    expectError(await put('optional', 'application/json', '{'), '400-150', { format: 'json' });
    expectError(await put('optional', 'application/xml', '<case>'), '400-150', { format: 'json' });
    expectError(await put('optional', 'application/json', '[]'), '400-150', { format: 'json' });
    expectError(await put('optional', 'application/json; charset=iso-8859-1', '{}'), '415-100', { format: 'json' });
    expectError(await put('optional', 'text/plain', 'x'), '415-100', { format: 'json' });
    expectError(await put('optional', undefined, 'x'), '415-100', { format: 'json' });
  });

  it.each(['application/json', 'application/xml', 'text/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=XyZ'])(
    'a required body that is blank still answers 400-150 (%s)',
    async (type) => {
      for (const payload of ['', '  ']) expectError(await put('required', type, payload), '400-150', { format: 'json' });
    },
  );
});
