// The lenient reading of 01 §3.2 through the real stack: JSON and XML bodies become one shape, one validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { B, lenient } from '../../src/platform/body-schema.ts';
import { getTestApp, type TestApp } from '../helpers/app.ts';

const Item = Type.Object({
  id: B.id(),
  subject: B.text(),
  isUrgent: Type.Optional(B.bool()),
  priority: Type.Optional(B.int({ minimum: 1, maximum: 10 })),
  severity: Type.Optional(B.enumValue(['urgent', 'high', 'low'])),
  tags: Type.Optional(Type.Object({ tag: B.list(B.text()) })),
});

describe('lenient(schema, data)', () => {
  it('reads ids, numbers and booleans leniently and wraps single values where arrays are expected', () => {
    expect(
      lenient(B.list(Item), {
        id: 1013,
        subject: '  keep spaces  ',
        isUrgent: 'YES',
        priority: ' 5 ',
        severity: { value: 'URGENT', displayValue: 'x' },
        tags: { tag: 'one' },
      }),
    ).toEqual([{ id: '1013', subject: '  keep spaces  ', isUrgent: true, priority: 5, severity: { value: 'urgent', displayValue: 'x' }, tags: { tag: ['one'] } }]);
  });

  it('leaves what it cannot read for validation to refuse', () => {
    expect(lenient(Item, { id: 'abc', subject: 's', isUrgent: 'maybe', priority: 'five' })).toEqual({
      id: 'abc',
      subject: 's',
      isUrgent: 'maybe',
      priority: 'five',
    });
  });
});

const routes: FastifyPluginAsync = async (app) => {
  app.put(
    '/system/ws/v12/test/item',
    { config: { public: true, body: { resource: { key: 'item', mode: 'list' } } }, schema: { body: B.list(Item) } },
    async (request, reply) => reply.type('application/json; charset=utf-8').send(JSON.stringify(request.body)),
  );
};

let t: TestApp;
beforeAll(async () => {
  t = await getTestApp({}, [routes]);
});
afterAll(async () => t?.close());

const put = (payload: string, type: string) =>
  t.app.inject({ method: 'PUT', url: '/system/ws/v12/test/item', headers: { 'content-type': type, accept: 'application/json' }, payload });

describe('one validation for JSON and XML bodies', () => {
  it('a JSON list wrapper, a bare JSON object and an XML list read the same', async () => {
    const expected = [{ id: '7', subject: 'Hi', isUrgent: false, severity: { value: 'high' }, tags: { tag: ['a'] } }];
    const json = await put(JSON.stringify({ item: [{ id: 7, subject: 'Hi', isUrgent: 'no', severity: { value: 'High' }, tags: { tag: 'a' } }] }), 'application/json');
    const bare = await put(JSON.stringify({ id: '7', subject: 'Hi', isUrgent: false, severity: { value: 'high' }, tags: { tag: ['a'] } }), 'application/json');
    const xml = await put(
      '<items xmlns:x="urn:x"><x:item id=" 7 "><subject>Hi</subject><isUrgent>No</isUrgent><severity><value>HIGH</value></severity><tags><tag>a</tag></tags></x:item></items>',
      'application/xml',
    );
    for (const res of [json, bare, xml]) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual(expected);
    }
  });

  it('maps validation failures to 400-153 / 400-152 with the attribute path, and more than 75 items to 400-160', async () => {
    const missing = await put(JSON.stringify({ item: [{ id: '1', subject: 's' }, { id: '2' }] }), 'application/json');
    expect(missing.json()).toMatchObject({ code: '400-153', details: [{ key: 'item[1].subject', value: '' }] });
    const wrong = await put('<items><item><id>1</id><subject>s</subject><priority>eleven</priority></item></items>', 'text/xml');
    expect(wrong.json()).toMatchObject({ code: '400-152', details: [{ key: 'item[0].priority', value: 'eleven' }] });
    const enumBad = await put(JSON.stringify({ id: '1', subject: 's', severity: { value: 'none' } }), 'application/json');
    expect(enumBad.json()).toMatchObject({ code: '400-152' });
    const many = await put(JSON.stringify({ item: Array.from({ length: 76 }, (_, i) => ({ id: String(i + 1), subject: 's' })) }), 'application/json');
    expect(many.json()).toMatchObject({ code: '400-160', details: [{ key: 'limit', value: '75' }] });
    expect(many.json().developerMessage).toBe('Too many items supplied: 76. The maximum is 75.');
  });
});
